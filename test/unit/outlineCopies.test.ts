// The outline of a file that joins two logs of one exchange (the edge proxy's and the server's
// sipdump files, one after the other): every message is in it, as the file shows it, each
// response under the copy of its request nearest above it, so that neither log's response is
// lost for being a copy of the other's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentSymbol } from 'vscode-languageserver';
import { createTraceDocument } from '../../server/src/traceDocument';
import { provideDocumentSymbols } from '../../server/src/features/documentSymbols';

const edge = '127.0.0.1:15300';
const server = '127.0.0.1:15301';

/** A message under its header line, `ms` milliseconds after 13:20:50. */
function at(ms: number, src: string, dst: string, lines: string[]): string {
	const time = `2026-12-07 13:20:50.${String(ms).padStart(3, '0')}000`;
	return [`${time} ${src} -> ${dst}`, ...lines, 'Content-Length: 0', '', ''].join('\r\n');
}
const common = [
	`Via: SIP/2.0/UDP ${edge};branch=z9hG4bK-r1`,
	'From: <sip:bob@example.test>;tag=b1',
	'Call-ID: reg-1@127.0.0.1',
	'CSeq: 1 REGISTER',
];
const register = (ms: number): string =>
	at(ms, edge, server, [
		'REGISTER sip:example.test SIP/2.0',
		...common,
		'To: <sip:bob@example.test>',
		'Max-Forwards: 70',
		`Contact: <sip:bob@${edge}>`,
		'Expires: 300',
	]);
const ok = (ms: number): string =>
	at(ms, server, edge, [
		'SIP/2.0 200 OK',
		...common,
		'To: <sip:bob@example.test>;tag=s1',
		`Contact: <sip:bob@${edge}>;expires=300`,
	]);

/** Each symbol's selection line, with its children's. */
function tree(symbols: DocumentSymbol[]): unknown[] {
	return symbols.map((s) =>
		s.children?.length
			? [s.selectionRange.start.line, tree(s.children)]
			: s.selectionRange.start.line,
	);
}

test("two logs of one exchange joined in a file: the outline lists every message, each response under its own log's request", () => {
	// The edge's log (it sent the REGISTER, got the 200), then the server's (got it, sent the 200):
	// by time the server's 200 comes first, the edge's is its copy.
	const text = register(100) + ok(400) + register(200) + ok(300);
	const doc = createTraceDocument('file:///joined.log', 1, text, undefined);
	assert.equal(doc.analysis.messages.length, 4);
	const lines = doc.analysis.messages.map(
		(m) => text.slice(0, m.startLine.start).split('\n').length - 1,
	);
	const symbols = provideDocumentSymbols(doc);
	const flat: number[] = [];
	const walk = (list: DocumentSymbol[]): void => {
		for (const s of list) {
			flat.push(s.selectionRange.start.line);
			walk(s.children ?? []);
		}
	};
	walk(symbols);
	// Every message's start line.
	for (const line of lines) assert.ok(flat.includes(line), `line ${line} in the outline`);
	// Each 200 under the REGISTER above it in its own log.
	const json = JSON.stringify(tree(symbols));
	assert.ok(json.includes(`[${lines[0]},[${lines[1]}]]`), json);
	assert.ok(json.includes(`[${lines[2]},[${lines[3]}]]`), json);
});
