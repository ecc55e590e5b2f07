// `sipTrace/renderCapture` over stdio, as "Open Capture as SIP Trace" asks it: a real capture,
// named by its path (the server reads it from disk, with work-done progress, and stops when
// cancelled) or sent as base64 (a file the server cannot reach), gives the trace the CLI prints
// with --text, which the server then analyses as any document opened with that text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { LspClient, root, type Progress } from './lspClient';
import type { RenderCaptureResult } from '../../server/src/protocol/lspExt';

const capture = join(root, 'test/fixtures/real/tcp-ipv6.pcap');
const expected = JSON.parse(
	readFileSync(join(root, 'test/fixtures/real/tcp-ipv6.tcpdump.txt.expected.json'), 'utf8'),
) as { messages: { method: string | null; status: number | null }[] };
const cliText = (path: string): string =>
	spawnSync(process.execPath, [join(root, 'dist/cli.js'), path, '--text'], {
		encoding: 'utf8',
	}).stdout;

const dir = mkdtempSync(join(tmpdir(), 'sip-capture-'));
/**
 * A capture of about 40 MB: the packet records of a real pcap over and over after its file
 * header (the same TCP segments again, which a reader takes as retransmissions).
 */
const large = join(dir, 'large.pcap');
{
	const bytes = readFileSync(join(root, 'test/fixtures/real/tcp-story.pcap'));
	const records = bytes.subarray(24);
	const times = Math.ceil(40e6 / records.length);
	writeFileSync(
		large,
		Buffer.concat([bytes.subarray(0, 24), ...Array<Buffer>(times).fill(records)]),
	);
}

/** The progress notifications sent on `token`. */
const on = (progress: readonly Progress[], token: string | number) =>
	progress.filter((p) => p.token === token).map((p) => p.value);

let client: LspClient;
before(async () => {
	client = new LspClient();
	await client.initialize();
});
after(async () => {
	await client.shutdown();
	rmSync(dir, { recursive: true, force: true });
});

for (const name of ['tcp-ipv6.pcap', 'presence-story.pcapng'])
	test(`${name} named by its path: the server reads it from disk, with progress, into the trace the CLI renders`, async () => {
		const path = join(root, 'test/fixtures/real', name);
		const workDoneToken = `open-${name}`;
		const reply = await client.request<RenderCaptureResult>('sipTrace/renderCapture', {
			path,
			workDoneToken,
		});
		assert.equal(reply.text, cliText(path));
		assert.equal(reply.container, name.endsWith('.pcapng') ? 'pcapng' : 'pcap');
		assert.ok(reply.messages > 0);
		assert.deepEqual(reply.problems, []);
		const kinds = on(client.progress, workDoneToken).map((v) => v.kind);
		assert.equal(kinds[0], 'begin');
		assert.equal(kinds.at(-1), 'end');
	});

test('without a progress token of the client, the server creates its own, begun and ended', async () => {
	const before = client.progress.length;
	const reply = await client.request<RenderCaptureResult>('sipTrace/renderCapture', {
		path: capture,
	});
	assert.equal(reply.messages, expected.messages.length);
	const begin = await client.progressBegun(before);
	assert.equal(begin.value.title, 'Opening capture as SIP trace');
	await client.progressEnded(begin);
});

test('a large capture reports its reading as it goes, and a cancel stops it', async () => {
	const workDoneToken = 'open-large';
	const source = new CancellationTokenSource();
	const pending = client.connection.sendRequest(
		'sipTrace/renderCapture',
		{ path: large, workDoneToken },
		source.token,
	);
	let settled = false;
	pending.then(
		() => (settled = true),
		() => (settled = true),
	);
	// Cancelled once the reading has been reported under way.
	while (!settled && !on(client.progress, workDoneToken).some((v) => v.kind === 'report'))
		await new Promise((resolve) => setTimeout(resolve, 1));
	assert.equal(settled, false, 'the reading is reported before its end');
	source.cancel();
	await assert.rejects(pending, (error: { code?: number }) => error.code === -32800);
	const values = on(client.progress, workDoneToken);
	assert.equal(values.at(-1)?.kind, 'end', 'the progress ends');
	const percentages = values.filter((v) => v.kind === 'report').map((v) => v.percentage ?? 0);
	assert.ok(Math.max(...percentages) < 100, `stopped before the end: ${percentages.join(', ')}`);
	// The server goes on serving: the same capture, not cancelled, is read whole.
	const whole = await client.request<RenderCaptureResult>('sipTrace/renderCapture', {
		path: large,
		workDoneToken: 'open-large-again',
	});
	const reports = on(client.progress, 'open-large-again')
		.filter((v) => v.kind === 'report')
		.map((v) => v.percentage ?? -1);
	assert.ok(reports.length >= 3, `progress reported as it goes: ${reports.join(', ')}`);
	assert.deepEqual(
		reports,
		[...reports].sort((a, b) => a - b),
	);
	assert.equal(whole.container, 'pcap');
	assert.ok(whole.messages > 0);
});

test('a path that cannot be read: an error that names it', async () => {
	const missing = join(dir, 'missing.pcap');
	await assert.rejects(
		client.request('sipTrace/renderCapture', { path: missing }),
		(error: { message?: string }) => error.message?.includes(`cannot read ${missing}`) === true,
	);
});

test('a pcap sent as base64 comes back as the trace the CLI renders, and reads as one', async () => {
	const reply = await client.request<RenderCaptureResult>('sipTrace/renderCapture', {
		data: readFileSync(capture).toString('base64'),
	});
	assert.equal(reply.text, cliText(capture));
	assert.equal(reply.container, 'pcap');
	assert.equal(reply.messages, expected.messages.length);
	assert.deepEqual(reply.problems, []);
	const uri = 'untitled:Untitled-1';
	await client.open(uri, reply.text);
	const symbols = await client.request<{ name: string; children?: unknown[] }[]>(
		'textDocument/documentSymbol',
		{ textDocument: { uri } },
	);
	assert.ok(symbols.length > 0);
});

test('octets that are no capture: no message, the reason said', async () => {
	const reply = await client.request<RenderCaptureResult>('sipTrace/renderCapture', {
		data: Buffer.from('not a capture').toString('base64'),
	});
	assert.equal(reply.messages, 0);
	assert.equal(reply.container, null);
	assert.match(reply.problems[0]!, /^capture\.not-a-capture: /);
});
