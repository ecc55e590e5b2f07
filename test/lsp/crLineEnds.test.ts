// A trace whose every line ends in a CR alone: what the editor shows of it (outline,
// diagnostics, going from a response to its request) is what it shows of the same trace with LF
// line ends, on the same lines (an editor counts a lone CR as a line break).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, root } from './lspClient';

const lf = readFileSync(join(root, 'test/fixtures/real/presence-story.sngrep.txt'), 'utf8').replace(
	/\r\n/g,
	'\n',
);
const cr = lf.replace(/\n/g, '\r');
const crUri = 'file:///traces/presence-story.cr.txt';
const lfUri = 'file:///traces/presence-story.lf.txt';

type Symbol = { name: string; range: { start: { line: number } }; children?: Symbol[] };
type Location = { range: { start: { line: number } } };

let client: LspClient;
before(async () => {
	client = new LspClient();
	await client.initialize();
	await client.open(crUri, cr);
	await client.open(lfUri, lf);
});
after(async () => {
	assert.equal(await client.shutdown(), 0);
});

test('the outline and diagnostics of a trace of lone CRs are those of its LF copy, on the same lines', async () => {
	const flat = (symbols: Symbol[]): [string, number][] =>
		symbols.flatMap((s) => [[s.name, s.range.start.line], ...flat(s.children ?? [])]);
	const outline = async (uri: string): Promise<[string, number][]> =>
		flat(await client.request<Symbol[]>('textDocument/documentSymbol', { textDocument: { uri } }));
	const got = await outline(crUri);
	assert.ok(got.length >= 58);
	assert.deepEqual(got, await outline(lfUri));
	const shown = async (uri: string): Promise<[string, number][]> =>
		(await client.diagnostics(uri)).map((d) => [String(d.code), d.range.start.line]);
	assert.deepEqual(await shown(crUri), await shown(lfUri));
});

test('going from a response to its request lands on the same line as in the LF copy', async () => {
	const responseLine = lf.split('\n').findIndex((l) => l.startsWith('SIP/2.0 '));
	assert.ok(responseLine > 0);
	const definition = async (uri: string): Promise<number[]> => {
		const found = await client.request<Location[] | Location | null>('textDocument/definition', {
			textDocument: { uri },
			position: { line: responseLine, character: 2 },
		});
		return (found === null ? [] : Array.isArray(found) ? found : [found]).map(
			(l) => l.range.start.line,
		);
	};
	const request = await definition(crUri);
	assert.equal(request.length, 1);
	assert.deepEqual(request, await definition(lfUri));
});
