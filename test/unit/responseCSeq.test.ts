// A response matches its client transaction by the top Via's branch and sent-by and the CSeq
// method (RFC 3261 §17.1.3), not by the CSeq number. A response whose number differs (RFC 3680's
// welcome-notice example as a tutorial copied it: SUBSCRIBE 9887, 200 OK 9987) still answers
// its request, and the number it did not copy (§8.2.6.2) is said; where two requests reused one
// branch under two numbers, each response answers the one of its own number.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';

const msg = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;
const common = (seq: number) => [
	'Via: SIP/2.0/UDP app.example.com;branch=z9hG4bKnashds7',
	'From: <sip:app.example.com>;tag=123aa9',
	'Call-ID: 9987@app.example.com',
	`CSeq: ${seq} SUBSCRIBE`,
];
const subscribe = (seq: number) =>
	msg([
		'SUBSCRIBE sip:registrar.example.com SIP/2.0',
		...common(seq),
		'To: <sip:registrar.example.com>',
		'Max-Forwards: 70',
		'Event: reg',
		'Contact: <sip:app.example.com>',
		'Expires: 3600',
		'Content-Length: 0',
	]);
const ok = (seq: number) =>
	msg([
		'SIP/2.0 200 OK',
		...common(seq),
		'To: <sip:registrar.example.com>;tag=xyzygg',
		'Contact: <sip:server19.example.com>',
		'Expires: 3600',
		'Content-Length: 0',
	]);

void test('a response whose CSeq number differs answers its request by branch, and the number is said', () => {
	const text = subscribe(9887) + ok(9987);
	const a = analyzeTrace(text);
	assert.equal(a.index.requestOf(1), 0);
	const found = a.problems.filter((p) => p.code.startsWith('response.'));
	assert.deepEqual(
		found.map((p) => [p.code, p.severity, text.slice(p.span.start, p.span.end)]),
		[['response.cseq-mismatch', 'warning', '9987 SUBSCRIBE']],
	);
	assert.match(found[0]!.message, /\(9987\) differs from its request's \(9887\)/);
});

void test('two requests that reused a branch: each response answers the one of its number', () => {
	const a = analyzeTrace(subscribe(1) + subscribe(2) + ok(2) + ok(1));
	assert.deepEqual(
		[2, 3].map((i) => a.index.requestOf(i)),
		[1, 0],
	);
	assert.ok(!a.problems.some((p) => p.code === 'response.cseq-mismatch'));
});
