// Authorization and Proxy-Authorization are an auth scheme and its parameters (RFC 3261 §25.1);
// Digest's response names username, realm, nonce, uri and response (RFC 2617 §3.2.2, RFC 3261
// §22.4). heplify-server refused a REGISTER whose Authorization was a bare token (sipcapture
// issue: "Authorization.parse err: no LWS found"); so does any registrar.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const register = (header: string): string =>
	[
		'REGISTER sip:example.com SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK-2',
		'Max-Forwards: 70',
		'From: <sip:alice@example.com>;tag=a1',
		'To: <sip:alice@example.com>',
		'Call-ID: r1@192.0.2.7',
		'CSeq: 2 REGISTER',
		'Contact: <sip:alice@192.0.2.7:5060>',
		header,
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');

const said = (header: string): string[] =>
	analyzeTrace(register(header))
		.problems.filter((p) => p.code === 'header.bad-credentials')
		.map((p) => p.message);

void test('credentials that are no scheme and parameters, or a Digest response short of its parameters, are said', () => {
	assert.equal(said('Authorization: 5AC5435GFDGSD-GFGSDE767').length, 1);
	assert.equal(said('Proxy-Authorization: Digest').length, 1);
	const short = said(
		'Authorization: Digest username="alice", realm="example.com", uri="sip:example.com"',
	);
	assert.equal(short.length, 1);
	assert.match(short[0]!, /lacks nonce, response/);
	// Whole, or of another scheme, or left out by the poster: nothing to say.
	assert.deepEqual(
		said(
			'Authorization: Digest username="alice", realm="example.com", nonce="ab12", uri="sip:example.com", response="0123456789abcdef0123456789abcdef", algorithm=MD5',
		),
		[],
	);
	assert.deepEqual(said('Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig'), []);
	assert.deepEqual(said('Authorization: Digest username="alice", ...'), []);
	assert.deepEqual(said('Authorization: xxxx'), []);
});

void test('a Digest response a copy wrapped over lines (a name cut in two) is not judged for its parameters', () => {
	const wrapped =
		'Authorization: Digest username="alice", realm="example.com", nonce="ab12", uri="sip:example.com", resp\r\nonse="0123456789abcdef0123456789abcdef"';
	assert.deepEqual(said(wrapped), []);
});

const digest = (rest: string): string =>
	`Authorization: Digest username="alice", realm="example.com", nonce="ab12", uri="sip:example.com", ${rest}`;

void test('a Digest response of the wrong length for its algorithm, or nc not eight hex digits, is said', () => {
	// baresip issue 1150's REGISTER: an MD5 response of 31 digits (a leading zero lost).
	const short = said(digest('response="822da8570823c13332a369d5e1e6600"'));
	assert.equal(short.length, 1);
	assert.match(short[0]!, /31 hex digits, not the 32/);
	assert.match(
		said(digest('response="' + 'ab'.repeat(32) + '", algorithm=MD5'))[0]!,
		/64 hex digits, not the 32/,
	);
	assert.match(
		said(digest('response="' + 'ab'.repeat(16) + '", algorithm=SHA-256'))[0]!,
		/32 hex digits, not the 64/,
	);
	assert.match(
		said(digest('response="' + 'ab'.repeat(16) + '", qop=auth, cnonce="c1", nc=1'))[0]!,
		/nc is "1", not eight hex digits/,
	);
	// Right lengths, an IMS first REGISTER's empty response, a poster's mask, an algorithm not
	// known here: nothing to say.
	assert.deepEqual(said(digest('response="' + 'ab'.repeat(32) + '", algorithm=SHA-256')), []);
	assert.deepEqual(said(digest('response="' + 'AB'.repeat(16) + '", algorithm=md5-sess')), []);
	assert.deepEqual(said(digest('response="", algorithm=AKAv1-MD5')), []);
	assert.deepEqual(said(digest('response="[redacted]"')), []);
	assert.deepEqual(said(digest('response="xxxxxxxxxxxxxxxxxxxxxxxx"')), []);
	assert.deepEqual(said(digest('response="abc", algorithm=SHA3-512')), []);
});

void test('a Digest response with qop but without cnonce or nc is said: the digest covers them', () => {
	const lacking = said(digest('response="' + 'ab'.repeat(16) + '", qop=auth'));
	assert.equal(lacking.length, 1);
	assert.match(lacking[0]!, /lacks cnonce, nc/);
	assert.deepEqual(
		said(digest('response="' + 'ab'.repeat(16) + '", qop=auth, cnonce="0a4f113b", nc=00000001')),
		[],
	);
	// A quoted value with a comma in it is one value.
	assert.deepEqual(
		said(
			'Authorization: Digest username="a,b", realm="example.com", nonce="x,y", uri="sip:example.com", response="' +
				'ab'.repeat(16) +
				'"',
		),
		[],
	);
});

void test("a mail quote's `> ` before the next header does not make the Digest value look wrapped", () => {
	// baresip issue 1150 as posted: ngrep output quoted with `> `, an MD5 response of 31 digits.
	const quoted = register(digest('response="822da8570823c13332a369d5e1e6600"'))
		.split('\r\n')
		.map((line) => `> ${line}`)
		.join('\n');
	const problems = analyzeTrace(quoted).problems.filter((p) => p.code === 'header.bad-credentials');
	assert.equal(problems.length, 1);
	assert.match(problems[0]!.message, /31 hex digits/);
});

void test('a Digest uri that is empty (a Cisco phone\'s `uri=""`) is said; the Request-URI in it is fine', () => {
	const found = said(
		'Authorization: Digest username="4570",realm="asterisk",uri="",response="9924feda21a88055438425fd4b78ff4b",nonce="2e68a6ed",algorithm=MD5',
	);
	assert.equal(found.length, 1);
	assert.match(found[0]!, /Digest uri is empty/);
	assert.deepEqual(
		said(
			'Authorization: Digest username="4570",realm="asterisk",uri="sip:example.com",response="9924feda21a88055438425fd4b78ff4b",nonce="2e68a6ed",algorithm=MD5',
		),
		[],
	);
});
