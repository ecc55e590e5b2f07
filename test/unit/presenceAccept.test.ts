// A presence SUBSCRIBE's Accept, where it has one, must list application/pidf+xml (RFC 3856
// §6.5): a Cisco phone's `Accept: application/cpim-pidf+xml` (PIDF's name in its drafts) or an
// XPIDF-only Accept is said on the Accept; no Accept at all (it then defaults to PIDF), or one
// that lists PIDF among others, is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const subscribe = (event: string, accept: string[]) =>
	[
		'SUBSCRIBE sip:2001@cucm.example.com SIP/2.0',
		'Via: SIP/2.0/TCP 10.1.1.20:51234;branch=z9hG4bK1d2f3a',
		'Max-Forwards: 70',
		'From: <sip:2000@cucm.example.com>;tag=5ea2c1',
		'To: <sip:2001@cucm.example.com>',
		'Call-ID: 00aa11bb-22cc@10.1.1.20',
		'CSeq: 101 SUBSCRIBE',
		'Contact: <sip:2000@10.1.1.20:51234;transport=tcp>',
		`Event: ${event}`,
		...accept.map((a) => `Accept: ${a}`),
		'Expires: 3600',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
const said = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'subscribe.accept-without-pidf')
		.map((p) => [p.severity, text.slice(p.span.start, p.span.end)]);

void test('a presence SUBSCRIBE whose Accept leaves out application/pidf+xml is said on it', () => {
	assert.deepEqual(said(subscribe('presence', ['application/cpim-pidf+xml'])), [
		['warning', 'application/cpim-pidf+xml'],
	]);
	assert.match(
		analyzeTrace(subscribe('presence', ['application/cpim-pidf+xml'])).problems.find(
			(p) => p.code === 'subscribe.accept-without-pidf',
		)!.message,
		/RFC 3856 §6\.5.*drafts/,
	);
	assert.deepEqual(said(subscribe('presence', ['application/xpidf+xml'])).length, 1);
});

void test('no Accept, PIDF among others (over two headers), or another event package: nothing', () => {
	for (const text of [
		subscribe('presence', []),
		subscribe('presence', ['application/rlmi+xml, multipart/related', 'application/pidf+xml']),
		subscribe('dialog', ['application/dialog-info+xml']),
		subscribe('presence.winfo', ['application/watcherinfo+xml']),
	])
		assert.deepEqual(said(text), [], text.split('\r\n').slice(8, 11).join(' | '));
});
