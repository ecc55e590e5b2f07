// The language server over stdio, on the hand-written presence story whose links are known by
// construction (test/fixtures/hand/README.md).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, root } from './lspClient';

const uri = 'file:///traces/presence-story.sip';
const text = readFileSync(join(root, 'test/fixtures/hand/presence-story.sip'), 'utf8');
/** 0-based line of each message's start line, from the fixture's README. */
const lineOf = [
	0, 14, 25, 45, 54, 68, 79, 99, 108, 134, 144, 171, 182, 209, 218, 245, 254, 268, 279, 293, 303,
	316,
];
const lines = text.split(/\r?\n/);

type Location = { uri: string; range: { start: { line: number; character: number } } };
let client: LspClient;

before(async () => {
	client = new LspClient();
	await client.initialize();
	await client.open(uri, text);
});
after(async () => {
	await client.shutdown();
});

const at = (line: number, character = 1) => ({
	textDocument: { uri },
	position: { line, character },
});
const definition = async (line: number, character = 1): Promise<number | null> => {
	const result = await client.request<Location | Location[] | null>(
		'textDocument/definition',
		at(line, character),
	);
	const loc = Array.isArray(result) ? result[0] : result;
	return loc ? lineOf.indexOf(loc.range.start.line) : null;
};

test('answers initialize with the features it has', async () => {
	const probe = new LspClient();
	const { capabilities } = await probe.initialize();
	for (const cap of [
		'hoverProvider',
		'definitionProvider',
		'referencesProvider',
		'documentSymbolProvider',
		'foldingRangeProvider',
		'codeLensProvider',
		'semanticTokensProvider',
	]) {
		assert.ok(capabilities[cap], `capability ${cap}`);
	}
	assert.equal(await probe.shutdown(), 0);
});

test('definition goes from every response to its request', async () => {
	const expected: Record<number, number> = {
		1: 0,
		3: 2,
		5: 4,
		7: 6,
		9: 8,
		11: 10,
		13: 12,
		15: 14,
		17: 16,
		19: 18,
		21: 20,
	};
	for (const [response, request] of Object.entries(expected)) {
		assert.equal(await definition(lineOf[Number(response)]!), request, `response ${response}`);
	}
});

test('definition goes from every NOTIFY start line to the SUBSCRIBE that created its subscription', async () => {
	const expected: Record<number, number> = { 2: 0, 6: 4, 12: 0, 14: 4, 20: 0 };
	for (const [notify, subscribe] of Object.entries(expected)) {
		assert.equal(await definition(lineOf[Number(notify)]!), subscribe, `NOTIFY ${notify}`);
	}
});

test('definition from a NOTIFY body goes to the PUBLISH whose state it carries', async () => {
	const bodyLine = lines.findIndex((l, i) => i > lineOf[12]! && l.includes('<rpid:busy/>'));
	assert.equal(await definition(bodyLine, 8), 10);
});

test('a request re-sent with credentials goes to the 407 that challenged it', async () => {
	assert.equal(await definition(lineOf[10]!), 9);
});

test('a refresh PUBLISH goes to the PUBLISH whose 2xx issued its SIP-If-Match', async () => {
	const ifMatch = lines.findIndex((l, i) => i > lineOf[16]! && l.startsWith('SIP-If-Match'));
	assert.equal(await definition(ifMatch, 16), 10);
	assert.equal(await definition(lineOf[16]!), 10);
});

test('hover on a PIDF body shows the activity and the note', async () => {
	const bodyLine = lines.findIndex((l, i) => i > lineOf[12]! && l.includes('<dm:note>'));
	const hover = await client.request<{ contents: { value: string } } | null>(
		'textDocument/hover',
		at(bodyLine, 6),
	);
	assert.ok(hover, 'a hover');
	assert.match(hover.contents.value, /busy/);
	assert.match(hover.contents.value, /In a meeting until 3pm/);
	assert.match(hover.contents.value, /open/);
});

test('hover on a header name explains it with its RFC section', async () => {
	const line = lines.findIndex((l, i) => i > lineOf[11]! && l.startsWith('SIP-ETag'));
	const hover = await client.request<{ contents: { value: string } }>(
		'textDocument/hover',
		at(line, 2),
	);
	assert.match(hover.contents.value, /RFC 3903/);
});

test('references from a PUBLISH include the NOTIFYs it fanned out to', async () => {
	const refs = await client.request<Location[]>('textDocument/references', {
		...at(lineOf[10]!),
		context: { includeDeclaration: true },
	});
	const indexes = refs.map((r) => lineOf.indexOf(r.range.start.line));
	assert.ok(indexes.includes(12) && indexes.includes(14), `got ${indexes.join(',')}`);
});

test('the outline groups subscriptions and the publication', async () => {
	const symbols = await client.request<{ name: string; children?: { name: string }[] }[]>(
		'textDocument/documentSymbol',
		{ textDocument: { uri } },
	);
	const names = symbols.map((s) => s.name);
	assert.ok(
		names.some((n) => /SUBSCRIBE presence andrew -> linda/.test(n)),
		names.join(' | '),
	);
	assert.ok(
		names.some((n) => /SUBSCRIBE presence bob -> linda/.test(n)),
		names.join(' | '),
	);
	assert.ok(
		names.some((n) => /PUBLISH presence linda/.test(n)),
		names.join(' | '),
	);
});

test('code lenses tell the fan-out and the challenge', async () => {
	const lenses = await client.request<
		{ range: { start: { line: number } }; command?: { title: string } }[]
	>('textDocument/codeLens', { textDocument: { uri } });
	const on = (i: number) =>
		lenses.filter((l) => l.range.start.line === lineOf[i]).map((l) => l.command?.title ?? '');
	assert.ok(
		on(10).some((t) => /fanned out to andrew, bob/.test(t)),
		on(10).join(' | '),
	);
	assert.ok(
		// The PUBLISH re-sent with credentials is message 10, named by its line (1-based).
		on(8).some((t) => t.includes(`challenged by 407, re-sent at line ${lineOf[10]! + 1}`)),
		on(8).join(' | '),
	);
});

test('folding ranges cover each message', async () => {
	const ranges = await client.request<{ startLine: number; endLine: number }[]>(
		'textDocument/foldingRange',
		{ textDocument: { uri } },
	);
	for (const line of lineOf)
		assert.ok(
			ranges.some((r) => r.startLine === line),
			`a fold at ${line}`,
		);
});

test('semantic tokens mark methods and status codes', async () => {
	const { data } = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', {
		textDocument: { uri },
	});
	let line = 0;
	let char = 0;
	const firstOnLine = new Map<number, [number, number]>();
	for (let i = 0; i < data.length; i += 5) {
		line += data[i]!;
		char = data[i] === 0 ? char + data[i + 1]! : data[i + 1]!;
		if (!firstOnLine.has(line)) firstOnLine.set(line, [char, data[i + 3]!]);
	}
	assert.deepEqual(firstOnLine.get(lineOf[0]!), [0, 0], 'SUBSCRIBE is a keyword token at column 0');
	assert.equal(firstOnLine.get(lineOf[9]!)?.[1], 1, '407 is a number token');
});

test('the server survives unknown documents and positions past the end', async () => {
	assert.equal(
		await client.request('textDocument/hover', {
			textDocument: { uri: 'file:///nope.sip' },
			position: { line: 0, character: 0 },
		}),
		null,
	);
	await client.request('textDocument/definition', at(100_000, 5));
	await client.request('textDocument/hover', at(lineOf[0]!, 10_000));
	assert.equal(client.exited, false);
});

test("Extract Call from andrew's NOTIFY: his dialog and linda's publication, not bob's dialog", async () => {
	const callIdOf = (i: number): string => {
		for (let l = lineOf[i]!; ; l++)
			if (/^Call-ID:/i.test(lines[l]!)) return lines[l]!.slice(8).trim();
	};
	const result = await client.request<{ text: string; messages: number; callIds: string[] } | null>(
		'sipTrace/extractCall',
		{ uri, line: lineOf[12]!, character: 3 },
	);
	assert.ok(result);
	// By construction (test/fixtures/hand/README.md): andrew's dialog is messages 0-3, 12, 13 and
	// 18-21; linda's publication 8-11, 16, 17.
	const taken = [0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20, 21];
	assert.equal(result.messages, taken.length);
	assert.equal(result.callIds[0], callIdOf(12));
	assert.ok(result.callIds.includes(callIdOf(10)));
	assert.ok(!result.text.includes(callIdOf(4)), "bob's dialog is left out");
	const starts = result.text
		.split(/\r?\n/)
		.filter((l) => /^(?:[A-Z]+ sip:\S+ SIP\/2\.0|SIP\/2\.0 \d{3})/.test(l));
	assert.deepEqual(
		starts,
		taken.map((i) => lines[lineOf[i]!]),
	);
	const none = await client.request('sipTrace/extractCall', {
		uri: 'file:///nowhere.sip',
		line: 0,
		character: 0,
	});
	assert.equal(none, null);
});
