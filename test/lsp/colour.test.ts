// sipgrep's output with its terminal colours (test/fixtures/real/presence-story.sipgrep.txt):
// what the editor shows of it (outline, hover, go to definition, diagnostics) is what it shows
// of the same printout without the escapes, on the file's own lines.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, root } from './lspClient';
import { definitionLines, diagnosticLines, outlineLines } from './shownLines';

const coloured = readFileSync(join(root, 'test/fixtures/real/presence-story.sipgrep.txt'), 'utf8');
// eslint-disable-next-line no-control-regex -- the escapes are what the plain copy leaves out
const plain = coloured.replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '');
const colouredUri = 'file:///traces/presence-story.sipgrep.txt';
const plainUri = 'file:///traces/presence-story.plain.txt';

let client: LspClient;
before(async () => {
	client = new LspClient();
	await client.initialize();
	await client.open(colouredUri, coloured);
	await client.open(plainUri, plain);
});
after(async () => {
	assert.equal(await client.shutdown(), 0);
});

test('the outline of a coloured printout names its messages as the plain one does, on the same lines', async () => {
	const got = await outlineLines(client, colouredUri);
	assert.ok(got.length >= 58);
	assert.ok(got.every(([name]) => !name.includes('\x1b')));
	assert.deepEqual(got, await outlineLines(client, plainUri));
});

test("hover on a coloured Call-ID and going from a response to its request work as on the plain one's", async () => {
	const lines = coloured.split('\n');
	const callIdLine = lines.findIndex((l) => l.startsWith('Call-ID:'));
	const responseLine = lines.findIndex((l) => l.startsWith('SIP/2.0 '));
	assert.ok(callIdLine > 0 && responseLine > 0);
	for (const [line, character] of [
		[callIdLine, 2],
		[responseLine, 2],
	] as const) {
		const position = { line, character };
		const hover = async (uri: string): Promise<string> =>
			JSON.stringify(
				(
					await client.request<{ contents: unknown } | null>('textDocument/hover', {
						textDocument: { uri },
						position,
					})
				)?.contents ?? null,
			);
		const shown = await hover(colouredUri);
		assert.notEqual(shown, 'null');
		assert.ok(!shown.includes('\\u001b'), shown);
		assert.equal(shown, await hover(plainUri));
	}
	const position = { line: responseLine, character: 2 };
	const request = await definitionLines(client, colouredUri, position);
	assert.equal(request.length, 1);
	assert.deepEqual(request, await definitionLines(client, plainUri, position));
});

test('a coloured printout has the diagnostics of the plain one, on the same lines', async () => {
	const got = await diagnosticLines(client, colouredUri);
	assert.ok(got.length > 0);
	assert.deepEqual(got, await diagnosticLines(client, plainUri));
});
