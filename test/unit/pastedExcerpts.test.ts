// Trace excerpts as people post them (wiki pages, issues, blogs): a message cut by the end of
// the excerpt (test/fixtures/README.md says where each fixture comes from).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

/** A fixture: `excerpts/` for the real excerpts, `formats/` for the hand-made samples. */
const read = (dir: 'excerpts' | 'formats', name: string): string =>
	readFileSync(join(__dirname, '..', 'fixtures', dir, name), 'utf8');
/** 0-based line of `offset` in `text`. */
function lineAt(text: string, offset: number): number {
	let line = 0;
	for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
	return line;
}
const crlf = (...lines: string[]): string => lines.join('\r\n');

// ---- A message cut by the end of the excerpt ----
void test('pjsua excerpt cut after Content-Type (all the headers every message has): one message.truncated', () => {
	const text = read('excerpts', 'pjsua-app-logger-cut.log');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(m.method, 'NOTIFY');
	assert.equal(m.cutShort, true);
	assert.deepEqual(
		a.problems.map((p) => [p.code, lineAt(text, p.span.start)]),
		[['message.truncated', 1]],
	);
});

const response = (status: string, ...extra: string[]): string[] => [
	`SIP/2.0 ${status}`,
	'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-r1',
	'From: <sip:alice@example.com>;tag=a1',
	'To: <sip:bob@example.com>;tag=b1',
	'Call-ID: cut-1@192.0.2.1',
	'CSeq: 1 REGISTER',
	...extra,
];

void test('a response cut short does not also lack the header its status code requires', () => {
	for (const [status, code] of [
		['401 Unauthorized', '401.missing-www-authenticate'],
		['407 Proxy Authentication Required', '407.missing-proxy-authenticate'],
		['423 Interval Too Brief', '423.missing-min-expires'],
	] as const) {
		// Cut after the start line, after Via, and after every header every message has.
		for (const kept of [1, 2, 6]) {
			const text = `${response(status).slice(0, kept).join('\n')}\n`;
			const a = analyzeTrace(text);
			assert.deepEqual(
				a.problems.map((p) => p.code).filter((c) => c !== 'response.no-request'),
				['message.truncated'],
				`${status}, ${kept} lines`,
			);
		}
		// Whole (Content-Length: 0), with or without its last empty line: the missing header is reported.
		for (const end of ['\r\n\r\n', '\r\n', '']) {
			const a = analyzeTrace(crlf(...response(status, 'Content-Length: 0')) + end);
			assert.ok(!a.messages[0]!.cutShort);
			assert.ok(
				a.problems.some((p) => p.code === code),
				`${status} ending ${JSON.stringify(end)}`,
			);
		}
	}
});

void test('a request with every header a message needs, cut before Content-Length or its body, is cut short', () => {
	const head = [
		'NOTIFY sip:bob@192.0.2.2 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-n1',
		'Max-Forwards: 70',
		'From: <sip:linda@example.com>;tag=p1',
		'To: <sip:bob@example.com>;tag=b1',
		'Call-ID: cut-2@192.0.2.1',
		'CSeq: 2 NOTIFY',
	];
	// No Content-Length yet, or one that announces a body that never came.
	for (const last of ['Content-Type: application/pidf+xml', 'Content-Length: 240']) {
		const a = analyzeTrace(`${[...head, last].join('\n')}\n`);
		assert.equal(a.messages[0]!.cutShort, true, last);
		assert.deepEqual(
			a.problems.map((p) => p.code),
			['message.truncated'],
			last,
		);
	}
	// Whole but without Event and Subscription-State: reported, also at the end of the trace
	// without the last empty line.
	for (const end of ['\n\n', '\n', '']) {
		const a = analyzeTrace([...head, 'Content-Length: 0'].join('\n') + end);
		assert.equal(a.messages[0]!.cutShort, false);
		assert.deepEqual(
			a.problems.map((p) => p.code),
			['event.missing', 'notify.missing-subscription-state', 'notify.no-subscribe'],
		);
	}
});
