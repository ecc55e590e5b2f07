// A trace the editor does not hand over (too large to sync) opened from disk by the server:
// progress is reported, the analysis is the core's, navigation, the dialogs tree and the diagram
// work on it, closing forgets it, and a cancelled open stops.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeTrace } from '../../server/src/core/analyze';
import { decodeLadder } from '../../server/src/protocol/ladderColumns';
import type { LadderReply } from '../../server/src/protocol/lspExt';
import { generateTraffic, toHeaderLineText } from '../bench/generate';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { LspClient, type Progress } from './lspClient';

const dir = mkdtempSync(join(tmpdir(), 'sip-large-'));
const path = join(dir, 'big-trace.log');
const text = toHeaderLineText(generateTraffic(3000, 11));
writeFileSync(path, text);
const uri = pathToFileURL(path).toString();
const expected = analyzeTrace(text);

/**
 * A NOTIFY with a line that is no header (line 9), whose subscription no SUBSCRIBE in the trace
 * created: the first a first look shows, the second only the whole analysis.
 */
const brokenNotify = readFileSync(
	join(__dirname, '..', 'fixtures', 'hand', 'notify-broken-header.sip'),
	'utf8',
);
let client: LspClient;
let progress: readonly Progress[];

before(async () => {
	client = new LspClient();
	progress = client.progress;
	await client.initialize();
});
after(async () => {
	await client.shutdown();
	rmSync(dir, { recursive: true, force: true });
});

test('opening a large trace from disk reports progress and gives the analysis of the file', async () => {
	const result = await client.request<{ messages: number; bytes: number; format: string }>(
		'sipTrace/openLargeTrace',
		{ uri, path },
	);
	assert.equal(result.messages, expected.messages.length);
	assert.equal(result.bytes, text.length);
	assert.equal(result.format, expected.format);
	const kinds = progress.map((p) => p.value.kind);
	assert.equal(kinds[0], 'begin');
	assert.ok(kinds.includes('report'), 'reports progress while reading');
	assert.equal(kinds.at(-1), 'end');
	// Diagnostics are published for it like for an open document.
	const diagnostics = await client.diagnostics(uri);
	assert.ok(Array.isArray(diagnostics));
});

test("with the client's progress token, the open reports on it alone, a percentage that only grows", async () => {
	const other = join(dir, 'with-token.log');
	writeFileSync(other, text);
	const before = progress.length;
	const workDoneToken = 'open-large-with-token';
	const result = await client.request<{ messages: number }>('sipTrace/openLargeTrace', {
		uri: pathToFileURL(other).toString(),
		path: other,
		workDoneToken,
	});
	assert.equal(result.messages, expected.messages.length);
	const during = progress.slice(before);
	// The editor's notification is the only one: the server makes no progress of its own.
	assert.deepEqual([...new Set(during.map((p) => p.token))], [workDoneToken]);
	const kinds = during.map((p) => p.value.kind);
	assert.equal(kinds[0], 'begin');
	assert.equal(kinds.at(-1), 'end');
	const percentages = during
		.filter((p) => p.value.kind === 'report')
		.map((p) => (p.value as { percentage?: number }).percentage);
	assert.ok(percentages.length >= 3, `reports: ${percentages.join(', ')}`);
	for (let i = 0; i < percentages.length; i++) {
		const p = percentages[i]!;
		assert.ok(Number.isInteger(p) && p >= 0 && p <= 100, `a percentage: ${p}`);
		if (i > 0) assert.ok(p > percentages[i - 1]!, `grows: ${percentages.join(', ')}`);
	}
	await client.connection.sendNotification('sipTrace/closeLargeTrace', {
		uri: pathToFileURL(other).toString(),
	});
});

test('navigation, the dialogs tree and the diagram work on the large trace', async () => {
	// Definition from a response goes to its request, as the core links them.
	const response = expected.messages.find(
		(m) => m.kind === 'response' && expected.index.requestOf(m.index) !== null,
	)!;
	const request = expected.messages[expected.index.requestOf(response.index)!]!;
	const lineOf = (offset: number) => text.slice(0, offset).split('\n').length - 1;
	const location = await client.request<{ range: { start: { line: number } } } | null>(
		'textDocument/definition',
		{ textDocument: { uri }, position: { line: lineOf(response.startLine.start), character: 2 } },
	);
	assert.equal(location?.range.start.line, lineOf(request.startLine.start));

	const symbols = await client.request<{ name: string }[] | null>('textDocument/documentSymbol', {
		textDocument: { uri },
	});
	assert.ok(symbols && symbols.length > 0, 'the SIP Dialogs tree has entries');

	const reply = await client.request<LadderReply>('sipTrace/ladder', { uri, view: 'network' });
	const decoded = decodeLadder(reply);
	assert.ok(decoded.ok, 'the diagram model reads');
	const drawn = new Set(decoded.ladder.columns.index);
	for (const m of expected.messages)
		if (expected.index.originalOf(m.index) === null)
			assert.ok(drawn.has(m.index), `message ${m.index} has an arrow`);
});

test('a call of the large trace extracts from a SIP Dialogs item into a trace of its own', async () => {
	const symbols = await client.request<
		{ name: string; selectionRange: { start: { line: number; character: number } } }[]
	>('textDocument/documentSymbol', { textDocument: { uri } });
	// What the view passes: the item's position, here the first group's first message.
	const { line, character } = symbols[0]!.selectionRange.start;
	const call = await client.request<{ text: string; messages: number; callIds: string[] } | null>(
		'sipTrace/extractCall',
		{ uri, line, character },
	);
	assert.ok(call);
	const lineStarts = [0];
	for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
	const message = expected.messages.find(
		(m) => m.frame.span.start <= lineStarts[line]! && lineStarts[line]! < m.frame.span.end,
	)!;
	const same = expected.messages.filter((m) => m.callId === message.callId);
	assert.equal(call.callIds[0], message.callId);
	const alone = analyzeTrace(call.text);
	assert.equal(alone.format, expected.format);
	assert.deepEqual(
		alone.messages
			.filter((m) => m.callId === message.callId)
			.map((m) => m.startLine.end - m.startLine.start),
		same.map((m) => m.startLine.end - m.startLine.start),
	);
});

test('closing the large trace forgets it', async () => {
	await client.connection.sendNotification('sipTrace/closeLargeTrace', { uri });
	const symbols = await client.request<unknown[] | null>('textDocument/documentSymbol', {
		textDocument: { uri },
	});
	assert.ok(symbols === null || symbols.length === 0);
});

test('a cancelled open stops with RequestCancelled and keeps nothing', async () => {
	const other = pathToFileURL(join(dir, 'cancelled.log')).toString();
	writeFileSync(join(dir, 'cancelled.log'), text);
	const source = new (await import('vscode-jsonrpc')).CancellationTokenSource();
	const pending = client.connection.sendRequest(
		'sipTrace/openLargeTrace',
		{ uri: other, path: join(dir, 'cancelled.log') },
		source.token,
	);
	source.cancel();
	await assert.rejects(pending, (error: { code?: number }) => error.code === -32800);
	const symbols = await client.request<unknown[] | null>('textDocument/documentSymbol', {
		textDocument: { uri: other },
	});
	assert.ok(symbols === null || symbols.length === 0);
});

test('a large document opened in the editor shows its analysis as work in progress; a small one does not', async () => {
	const large = toHeaderLineText(generateTraffic(9000, 12));
	assert.ok(large.length >= 4_000_000);
	const before = progress.length;
	await client.open('file:///traces/small.sip', 'OPTIONS sip:a@b SIP/2.0\r\n\r\n');
	await client.diagnostics('file:///traces/small.sip');
	assert.equal(progress.length, before, 'no progress for a small document');
	await client.open('file:///traces/large.log', large);
	const begin = await client.progressBegun(before);
	assert.equal(begin.value.title, 'Analysing SIP trace');
	// The progress ends once the analysis is done (else this waits until the test times out).
	await client.progressEnded(begin);
});

test('a large trace shows the faults of its first screens at once, and all of them once analysed', async () => {
	const large = `${brokenNotify}\n${toHeaderLineText(generateTraffic(9000, 14))}`;
	const largeUri = 'file:///traces/large-top.log';
	const before = progress.length;
	await client.open(largeUri, large);
	const first = await client.diagnostics(largeUri);
	const begin = await client.progressBegun(before);
	assert.ok(
		!progress.some((p) => p.token === begin.token && p.value.kind === 'end'),
		'the first diagnostics come while the trace is still analysed',
	);
	const malformed = first.find((d) => d.code === 'header.malformed');
	assert.equal(malformed?.range.start.line, 9);
	// Only the whole trace can say that no SUBSCRIBE created that subscription.
	assert.ok(!first.some((d) => d.code === 'notify.no-subscribe'));
	const all = await client.analysedDiagnostics(largeUri);
	assert.ok(all.some((d) => d.code === 'notify.no-subscribe' && d.range.start.line === 0));
	const key = (d: (typeof all)[number]): string => `${d.code} ${JSON.stringify(d.range)}`;
	const whole = new Set(all.map(key));
	assert.ok(
		first.every((d) => whole.has(key(d))),
		'the first look says only what the whole says',
	);
	assert.ok(all.length > first.length);
});

test('while a large document is analysed, other requests are served and a cancel ends the wait at once', async () => {
	const small = 'file:///traces/small-during.sip';
	await client.open(small, 'OPTIONS sip:a@b SIP/2.0\r\nCall-ID: during\r\n\r\n');
	await client.diagnostics(small);
	const large = 'file:///traces/large-during.log';
	const before = progress.length;
	// Large enough that its analysis outlasts the requests below by far, even on a busy machine.
	await client.open(large, toHeaderLineText(generateTraffic(40_000, 13)));
	// The analysis has begun.
	const begin = await client.progressBegun(before);
	const ended = (): boolean =>
		progress.some((p) => p.token === begin.token && p.value.kind === 'end');

	// A request about the small document is answered while the large one is still analysed.
	const symbols = await client.request<unknown[]>('textDocument/documentSymbol', {
		textDocument: { uri: small },
	});
	assert.equal(symbols.length, 1);
	assert.equal(ended(), false, 'answered before the large analysis ended');

	// A request about the large document waits for its analysis; cancelled, it stops waiting.
	const source = new CancellationTokenSource();
	const hover = client.connection.sendRequest(
		'textDocument/hover',
		{ textDocument: { uri: large }, position: { line: 1, character: 0 } },
		source.token,
	);
	source.cancel();
	await assert.rejects(hover, (error: { code?: number }) => error.code === -32800);
	assert.equal(ended(), false, 'cancelled before the large analysis ended');

	await client.progressEnded(begin);
	const reports = progress
		.filter((p) => p.token === begin.token && p.value.kind === 'report')
		.map((p) => p.value.percentage ?? -1);
	assert.ok(reports.length >= 3, `progress reported as a percentage: ${reports.join(', ')}`);
	assert.deepEqual(
		reports,
		[...reports].sort((a, b) => a - b),
	);
	// And once analysed, the large document answers.
	const answered = await client.request<unknown[]>('textDocument/documentSymbol', {
		textDocument: { uri: large },
	});
	assert.ok(answered.length > 0);
});

test('a large trace opened from disk shows the faults of its first screens before it is analysed, and is analysed in steps', async () => {
	const bigPath = join(dir, 'big-broken.log');
	writeFileSync(bigPath, `${brokenNotify}\n${toHeaderLineText(generateTraffic(9000, 15))}`);
	const bigUri = pathToFileURL(bigPath).toString();
	const before = progress.length;
	let opened = false;
	const open = client
		.request<{ messages: number }>('sipTrace/openLargeTrace', { uri: bigUri, path: bigPath })
		.then((result) => {
			opened = true;
			return result;
		});
	const first = await client.diagnostics(bigUri);
	assert.equal(opened, false, 'the first diagnostics come while the trace is analysed');
	assert.equal(first.find((d) => d.code === 'header.malformed')?.range.start.line, 9);
	assert.ok(!first.some((d) => d.code === 'notify.no-subscribe'));
	assert.ok((await open).messages > 9000);
	const begin = await client.progressBegun(before);
	const reports = progress
		.filter((p) => p.token === begin.token && p.value.kind === 'report')
		.map((p) => p.value.percentage ?? -1);
	assert.ok(
		reports.some((r) => r > 50 && r < 100),
		`the analysis, after the reading, reports its progress: ${reports.join(', ')}`,
	);
	// Then the whole analysis's diagnostics replace the first look's.
	while (!(await client.diagnostics(bigUri)).some((d) => d.code === 'notify.no-subscribe'))
		await new Promise((resolve) => setTimeout(resolve, 10));
});
