// A registrar's 2xx lists every current binding, the REGISTER's own among them (RFC 3261 §10.3
// step 8). Shaped as a SIP.js issue posted it: OpenSIPS answered a WebSocket client's REGISTER
// with its Contact rewritten to the address it came from, so the client found no binding of its.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const exchange = (registered: string, answered: string[]): string =>
	[
		'REGISTER sip:example.com SIP/2.0',
		'Via: SIP/2.0/WSS q1tkqfbh3glt.invalid;branch=z9hG4bK4044892',
		'Max-Forwards: 70',
		'To: <sip:2019@example.com>',
		'From: <sip:2019@example.com>;tag=filsr1bmnr',
		'Call-ID: lbhbpldk0jnp2sg3c0krat',
		'CSeq: 1967 REGISTER',
		`Contact: ${registered}`,
		'Content-Length: 0',
		'',
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/WSS q1tkqfbh3glt.invalid;received=192.0.2.7;branch=z9hG4bK4044892',
		'To: <sip:2019@example.com>;tag=79f170d9',
		'From: <sip:2019@example.com>;tag=filsr1bmnr',
		'Call-ID: lbhbpldk0jnp2sg3c0krat',
		'CSeq: 1967 REGISTER',
		...answered.map((c) => `Contact: ${c}`),
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
const said = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'register.2xx-missing-binding')
		.map((p) => p.message);
const own = '<sip:s43mptnh@q1tkqfbh3glt.invalid;transport=ws>;expires=600';

void test("a 2xx to REGISTER that lists another address, or none, in place of the REGISTER's binding is warned of", () => {
	const rewritten = said(
		exchange(own, ['<sip:s43mptnh@192.0.2.7:56949;transport=ws>;expires=600']),
	);
	assert.equal(rewritten.length, 1);
	// The same user at the address the REGISTER came from: said to be the binding rewritten.
	assert.match(
		rewritten[0]!,
		/lists the binding the REGISTER added \(sip:s43mptnh@q1tkqfbh3glt\.invalid;transport=ws\) rewritten, as sip:s43mptnh@192\.0\.2\.7:56949;transport=ws/,
	);
	// Another user's binding alone: the REGISTER's is not there at all.
	assert.match(
		said(exchange(own, ['<sip:2019@198.51.100.2:5060>;expires=120']))[0]!,
		/does not list the binding the REGISTER added \(sip:s43mptnh@q1tkqfbh3glt\.invalid;transport=ws\)/,
	);
	assert.match(said(exchange(own, []))[0]!, /lists no binding/);
});

void test('a 2xx listing the binding among others, a removal, or a Contact it cannot read: nothing said', () => {
	assert.deepEqual(
		said(
			exchange(own, [
				'<sip:s43mptnh@q1tkqfbh3glt.invalid;transport=ws>;expires=600;+sip.instance="<urn:uuid:e4>"',
				'<sip:2019@198.51.100.2:5060>;expires=120',
			]),
		),
		[],
	);
	// The binding removed (expires=0): the 2xx no longer lists it.
	assert.deepEqual(
		said(exchange('<sip:s43mptnh@q1tkqfbh3glt.invalid;transport=ws>;expires=0', [])),
		[],
	);
	// A poster's mask in the listed Contact may hide the binding.
	assert.deepEqual(
		said(exchange(own, ['<sip:s43mptnh@<PUBLIC IP>:56949;transport=ws>;expires=600'])),
		[],
	);
});
