// A proxy takes one from Max-Forwards as it forwards a request (RFC 3261 §16.6 step 3). Shaped
// as an ngrep capture on a Kamailio host posted in a Kamailio user's notes (a config without
// mf_process_maxfwd_header): the INVITE the UA sent, then as the proxy forwarded it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const invite = (vias: string[], maxForwards: string): string[] => [
	'INVITE sip:666@192.0.2.10 SIP/2.0',
	...vias.map((v) => `Via: ${v}`),
	`Max-Forwards: ${maxForwards}`,
	'Contact: <sip:888@198.51.100.7:5068>',
	'To: <sip:666@192.0.2.10>',
	'From: <sip:888@192.0.2.10>;tag=0fe95068',
	'Call-ID: c0b3686d19d94f7c',
	'CSeq: 1 INVITE',
	'Content-Length: 0',
	'',
	'',
];
const ua = 'SIP/2.0/UDP 198.51.100.7:5068;branch=z9hG4bK-d8754z-c0b3686d;rport';
const proxy = 'SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKe176.573cc877.0';
const trace = (forwarded: string): string =>
	[...invite([ua], '70'), ...invite([proxy, `${ua}=40410;received=203.0.113.9`], forwarded)].join(
		'\r\n',
	);
const said = (text: string) =>
	analyzeTrace(text).problems.filter((p) => p.code === 'proxy.max-forwards-not-decremented');

void test('a request a proxy forwarded with the Max-Forwards it came with is said, on its value', () => {
	const text = trace('70');
	const found = said(text);
	assert.equal(found.length, 1);
	assert.equal(text.slice(found[0]!.span.start, found[0]!.span.end), '70');
	// On the forwarded copy, the received one related.
	assert.ok(found[0]!.span.start > text.indexOf(proxy));
	assert.ok(found[0]!.related![0]!.span.start < text.indexOf(proxy));
	assert.match(found[0]!.message, /came to the proxy with 70/);
});

void test('a forwarded request with one hop less, or a Max-Forwards that is no number, is not said', () => {
	assert.deepEqual(said(trace('69')), []);
	assert.deepEqual(said(trace('...')), []);
});
