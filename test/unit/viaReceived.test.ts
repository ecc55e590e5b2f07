// `Via: SIP/2.0/UDP 127.0.1.1:5077;received=`: a received parameter with no value (a test tool's
// 400, which Kamailio then refused as a bad Via). It is an IP address (RFC 3261 §18.2.1, §25.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const response = (via: string) =>
	[
		'SIP/2.0 400 Bad Request',
		`Via: ${via}`,
		'From: <sip:a@127.0.0.1>;tag=1',
		'To: <sip:b@127.0.0.1>;tag=2',
		'Call-ID: r-1@127.0.1.1',
		'CSeq: 1 OPTIONS',
		'Server: fss',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
const said = (text: string, code = 'via.empty-received') =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === code)
		.map((p) => text.slice(p.span.start, p.span.end));

void test('a Via whose received parameter has no value is said; one with an address, or without it, is not', () => {
	assert.deepEqual(said(response('SIP/2.0/UDP 127.0.1.1:5077;branch=z9hG4bK-1;received=')), [
		'SIP/2.0/UDP 127.0.1.1:5077;branch=z9hG4bK-1;received=',
	]);
	assert.deepEqual(
		said(response('SIP/2.0/UDP 127.0.1.1:5077;branch=z9hG4bK-1;received=10.0.0.1')),
		[],
	);
	assert.deepEqual(said(response('SIP/2.0/UDP 127.0.1.1:5077;branch=z9hG4bK-1;rport')), []);
});

void test('a Via whose received parameter carries a port is said; an IPv6 address alone is not', () => {
	// A Mitel 3300's Via as posted: `;received=10.0.0.198:5060`, where RFC 3261 §25.1 has an IP
	// address only (the port goes in rport, RFC 3581).
	assert.deepEqual(
		said(response('SIP/2.0/UDP 10.0.0.74:5064;received=10.0.0.198:5060'), 'via.bad-received'),
		['SIP/2.0/UDP 10.0.0.74:5064;received=10.0.0.198:5060'],
	);
	assert.equal(
		said(response('SIP/2.0/UDP h;branch=z9hG4bK-1;received=[2001:db8::1]:5060'), 'via.bad-received')
			.length,
		1,
	);
	for (const received of ['10.0.0.198', '2001:db8::1', '[2001:db8::1]', 'x.x.x.x:5060', 'IP'])
		assert.deepEqual(
			said(
				response(`SIP/2.0/UDP h:5060;branch=z9hG4bK-1;received=${received}`),
				'via.bad-received',
			),
			[],
			received,
		);
});

void test('a Via whose sent-by is a URI (`sip:alice@atlanta.com`) is said; a host, an address and port, an IPv6 reference are not', () => {
	// A 200 to an RCS OPTIONS as a tutorial page shows it.
	assert.deepEqual(
		said(response('SIP/2.0/TCP sip:alice@atlanta.com;branch=z9hG4bK-1'), 'via.bad-sent-by'),
		['SIP/2.0/TCP sip:alice@atlanta.com;branch=z9hG4bK-1'],
	);
	assert.deepEqual(said(response('SIP/2.0/UDP alice@192.0.2.1:5060'), 'via.bad-sent-by').length, 1);
	for (const sentBy of ['atlanta.com', '192.0.2.1:5060', '[2001:db8::1]:5061'])
		assert.deepEqual(
			said(response(`SIP/2.0/UDP ${sentBy};branch=z9hG4bK-1`), 'via.bad-sent-by'),
			[],
			sentBy,
		);
});
