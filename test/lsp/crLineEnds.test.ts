// A trace whose every line ends in a CR alone: what the editor shows of it (outline,
// diagnostics, going from a response to its request) is what it shows of the same trace with LF
// line ends, on the same lines (an editor counts a lone CR as a line break).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, root } from './lspClient';
import { definitionLines, diagnosticLines, outlineLines } from './shownLines';

const lf = readFileSync(join(root, 'test/fixtures/real/presence-story.sngrep.txt'), 'utf8').replace(
	/\r\n/g,
	'\n',
);
const cr = lf.replace(/\n/g, '\r');
const crUri = 'file:///traces/presence-story.cr.txt';
const lfUri = 'file:///traces/presence-story.lf.txt';

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
	const got = await outlineLines(client, crUri);
	assert.ok(got.length >= 58);
	assert.deepEqual(got, await outlineLines(client, lfUri));
	assert.deepEqual(await diagnosticLines(client, crUri), await diagnosticLines(client, lfUri));
});

test('going from a response to its request lands on the same line as in the LF copy', async () => {
	const line = lf.split('\n').findIndex((l) => l.startsWith('SIP/2.0 '));
	assert.ok(line > 0);
	const position = { line, character: 2 };
	const request = await definitionLines(client, crUri, position);
	assert.equal(request.length, 1);
	assert.deepEqual(request, await definitionLines(client, lfUri, position));
});
