// A request a manual or a post shortened (no Via, no Call-ID) answered by a response that carries
// them: the response copies both from its request (RFC 3261 §8.2.6.2), so the request had them.
// Shaped as the PUBLISH example of a gateway vendor's presence guide (Skype for Business).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const publish = [
	'PUBLISH sip:john.doe@sfb.example SIP/2.0',
	'From: <sip:john.doe@sfb.example>;tag=1c537837102',
	'To: <sip:john.doe@sfb.example>',
	'CSeq: 1 PUBLISH',
	'Max-Forwards: 70',
	'Event: presence',
	'Expires: 600',
	'Content-Length: 0',
	'',
];
const ok = [
	'SIP/2.0 200 OK',
	'From: "John Doe"<sip:john.doe@sfb.example>;tag=1c537837102',
	'To: <sip:john.doe@sfb.example>;tag=0E4324A4B27040E4A167108D4FAD27E3',
	'Call-ID: 1284896643279201635736@10.33.221.57',
	'CSeq: 1 PUBLISH',
	'Via: SIP/2.0/TLS 10.33.221.57:5061;branch=z9hG4bK77;received=10.33.221.57',
	'SIP-ETag: 2545777538-1-1',
	'Expires: 600',
	'Content-Length: 0',
	'',
];
const missing = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'header.missing-via' || p.code === 'header.missing-call-id')
		.map((p) => [
			p.code,
			p.severity,
			p.related?.map((r) => text.slice(r.span.start, r.span.end)) ?? [],
		]);

void test('a request without Via and Call-ID as copied, whose response carries them: the copy left them out (information)', () => {
	const text = [...publish, ...ok].join('\r\n');
	const a = analyzeTrace(text);
	assert.equal(a.index.requestOf(1), 0);
	assert.deepEqual(missing(text), [
		['header.missing-via', 'information', ['SIP/2.0 200 OK']],
		['header.missing-call-id', 'information', ['SIP/2.0 200 OK']],
	]);
});

void test("a Max-Forwards the same copy lacks is said as the copy's too", () => {
	// The manual's own PUBLISH, without Max-Forwards as well.
	const shortened = publish.filter((l) => !l.startsWith('Max-Forwards:'));
	const said = (text: string) =>
		analyzeTrace(text)
			.problems.filter((p) => p.code === 'header.missing-max-forwards')
			.map((p) => [p.severity, p.message.match(/\(([^)]*), above\)/)?.[1] ?? null]);
	assert.deepEqual(said([...shortened, ...ok].join('\r\n')), [['information', 'Via and Call-ID']]);
	// Alone, nothing shows the copy left headers out: as before.
	assert.deepEqual(said(shortened.join('\r\n')), [['hint', null]]);
});

void test("alone, or answered by a response that lacks the header too: without Via and Call-ID both, no request as sent (the copy's); one of them alone, the sender's", () => {
	// No stack sends a request without its Via and its Call-ID both (RFC 3261 §8.1.1).
	assert.deepEqual(missing(publish.join('\r\n')), [
		['header.missing-via', 'information', []],
		['header.missing-call-id', 'information', []],
	]);
	const withVia = [
		publish[0]!,
		'Via: SIP/2.0/TLS 10.33.221.57:5061;branch=z9hG4bK77',
		...publish.slice(1),
	];
	assert.deepEqual(missing(withVia.join('\r\n')), [['header.missing-call-id', 'error', []]]);
	// The response has the Via, not the Call-ID: the Via is answered for; the response's own
	// lack is the sender's.
	const withoutCallId = ok.filter((l) => !l.startsWith('Call-ID:'));
	const text = [...publish, ...withoutCallId].join('\r\n');
	assert.equal(analyzeTrace(text).index.requestOf(1), 0);
	assert.deepEqual(missing(text), [
		['header.missing-via', 'information', ['SIP/2.0 200 OK']],
		['header.missing-call-id', 'information', []],
		['header.missing-call-id', 'error', []],
	]);
});

void test('another request of the same copy, as short of the headers and not answered here: said as left out by the copy too', () => {
	// The manual's removal PUBLISH, shortened as its first one was, its 200 not shown.
	const removal = publish
		.map((l) =>
			l === 'CSeq: 1 PUBLISH' ? 'CSeq: 2 PUBLISH' : l === 'Expires: 600' ? 'Expires: 0' : l,
		)
		.flatMap((l) => (l === 'Expires: 0' ? [l, 'SIP-If-Match: 2545777538-1-1'] : [l]));
	const text = [...publish, ...ok, ...removal].join('\r\n');
	assert.deepEqual(missing(text), [
		['header.missing-via', 'information', ['SIP/2.0 200 OK']],
		['header.missing-call-id', 'information', ['SIP/2.0 200 OK']],
		['header.missing-via', 'information', ['PUBLISH sip:john.doe@sfb.example SIP/2.0']],
		['header.missing-call-id', 'information', ['PUBLISH sip:john.doe@sfb.example SIP/2.0']],
	]);
	// Without the answered one, the two lacking together still say the copy left them out.
	assert.deepEqual(missing(removal.join('\r\n')), [
		['header.missing-via', 'information', []],
		['header.missing-call-id', 'information', []],
	]);
});
