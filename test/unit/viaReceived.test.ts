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

// sipsak 0.9.8.1's multi-user REGISTER (`sipsak -U -b 1 -e 2 -a ...`) as a capture on loopback
// shows it, a datagram: its buffer overwrote the first Via's branch with the request line.
const sipsakRegister = (heading: string) =>
	[
		...(heading ? [heading] : []),
		'REGISTER sip:127.0.0.1 SIP/2.0',
		'Authorization: Digest username="user1@1", uri="sip:127.0.0.1", algorithm=MD5, realm="127.0.0.1", nonce="axaWPGsWlRA+RRe0dxDX79lBI9CuGTt+", response="03d20ce8b6d54b7a9fbe5dcf6aae1113"',
		'Via: SIP/2.0/UDP 127.0.0.1:53153;branch=z9REGISTER sip:127.0.0.1 SIP/2.0',
		'Via: SIP/2.0/UDP 127.0.0.1:53153;branch=z9hG4bK.5c822a42;rport;alias',
		'From: sip:2@127.0.0.1;tag=d7e3e76',
		'To: sip:2@127.0.0.1',
		'Call-ID: 226377334@127.0.0.1',
		'CSeq: 3 REGISTER',
		'Content-Length: 0',
		'Max-Forwards: 70',
		'User-Agent: sipsak 0.9.8.1',
		'Expires: 15',
		'Contact: sip:2@127.0.0.1:53153',
		'',
		'',
	].join('\r\n');

void test("a Via whose branch holds a request line is one header of the message, not another message's start; the branch is said to be no token", () => {
	const heading = '2026-12-07 11:14:24.704499 127.0.0.1:33896 -> 127.0.0.1:15160 UDP';
	const text = `${sipsakRegister(heading).replace(/\r\n$/, '')}\n${sipsakRegister(heading.replace('24.70', '25.21'))}`;
	const analysis = analyzeTrace(text);
	assert.deepEqual(
		analysis.messages.map((m) => [m.method, m.callId, m.headers.length]),
		[
			['REGISTER', '226377334@127.0.0.1', 12],
			['REGISTER', '226377334@127.0.0.1', 12],
		],
	);
	assert.ok(!analysis.problems.some((p) => p.code === 'message.truncated'));
	// Said once: the second datagram is the first sent again.
	assert.deepEqual(said(text, 'via.bad-branch'), [
		'SIP/2.0/UDP 127.0.0.1:53153;branch=z9REGISTER sip:127.0.0.1 SIP/2.0',
	]);
	// The same message pasted bare: one message; its branch's `:` and `/` are no page's doing.
	const bare = sipsakRegister('');
	assert.equal(analyzeTrace(bare).messages.length, 1);
	assert.equal(said(bare, 'via.bad-branch').length, 1);
	// White space alone is said in a packet's text, not in a copy (a page may have wrapped it).
	const spaced = (t: string) =>
		t.replaceAll('branch=z9REGISTER sip:127.0.0.1 SIP/2.0', 'branch=z9hG4bK 5c82');
	assert.equal(said(spaced(text), 'via.bad-branch').length, 1);
	assert.equal(said(spaced(bare), 'via.bad-branch').length, 0);
});

void test("a branch with a separator no token holds is said in any trace; a poster's mark or a wrapped copy's space is not", () => {
	assert.deepEqual(
		said(response('SIP/2.0/TCP garbo;branch=z9hG4bK32781107964501@garbo'), 'via.bad-branch'),
		['SIP/2.0/TCP garbo;branch=z9hG4bK32781107964501@garbo'],
	);
	for (const branch of [
		'z9hG4bK00002390<Branch-ID>',
		'z9hG4bK271d65c640 661e',
		'#########',
		'z9hG4bK.5c-8_2!a%4*2',
	])
		assert.deepEqual(
			said(response(`SIP/2.0/UDP 10.0.0.1:5060;branch=${branch}`), 'via.bad-branch'),
			[],
			branch,
		);
});
