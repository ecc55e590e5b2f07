// Digest credentials judged against the challenge they answer. A 401 or 407 that challenges
// again the credentials a request carried for its realm, without stale=true: RFC 2617 §3.2.1 has
// the server say so that the username or password is invalid. A qop the challenge did not offer
// (RFC 2617 §3.2.2).
// The shape of Asterisk's own troubleshooting guide ("Authentication is failing"): an INVITE,
// its 401, the INVITE re-sent with credentials for that nonce, and the same 401 again.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';

const nonce = '1413305427/8dd1b7f56aba97da45754f7052d8a688';
const request = (cseq: number, branch: string, credentials: string | null): string[] => [
	'INVITE sip:201@10.24.20.249 SIP/2.0',
	`Via: SIP/2.0/UDP 10.24.21.246:5060;rport;branch=${branch}`,
	'Max-Forwards: 70',
	'From: <sip:200@10.24.20.249>;tag=b7ab8e1e',
	'To: <sip:201@10.24.20.249>',
	'Contact: <sip:200@10.24.21.246:5060>',
	'Call-ID: 7a4f0c6a-1e61-4b43-9a3d-bd5c7d1a8a30',
	`CSeq: ${cseq} INVITE`,
	...(credentials ? [`Authorization: ${credentials}`] : []),
	'Content-Length: 0',
	'',
];
const challenge = (cseq: number, branch: string, challenged: string): string[] => [
	'SIP/2.0 401 Unauthorized',
	`Via: SIP/2.0/UDP 10.24.21.246:5060;rport=5060;received=10.24.21.246;branch=${branch}`,
	'From: <sip:200@10.24.20.249>;tag=b7ab8e1e',
	'To: <sip:201@10.24.20.249>;tag=z9hG4bK-as1',
	'Call-ID: 7a4f0c6a-1e61-4b43-9a3d-bd5c7d1a8a30',
	`CSeq: ${cseq} INVITE`,
	`WWW-Authenticate: ${challenged}`,
	'Content-Length: 0',
	'',
];
const digest = (n: string, response = '2b3c8d0a6f1e4d5c9b7a8e6f5d4c3b2a') =>
	`Digest username="200", realm="asterisk", nonce="${n}", uri="sip:201@10.24.20.249", response="${response}", algorithm=MD5`;
const offer = (n: string, more = '') =>
	`Digest realm="asterisk", nonce="${n}", opaque="-me-qsYc", algorithm=md5${more}`;

const trace = (first: string, credentials: string, second: string): string =>
	[
		...request(1, 'z9hG4bKPj1', null),
		...challenge(1, 'z9hG4bKPj1', first),
		...request(2, 'z9hG4bKPj2', credentials),
		...challenge(2, 'z9hG4bKPj2', second),
		'',
	].join('\r\n');
const refused = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'auth.credentials-refused')
		.map((p) => [
			text.slice(p.span.start, p.span.end),
			p.severity,
			p.related?.map((r) => text.slice(r.span.start, r.span.end)),
		]);

void test('credentials for the nonce just given, challenged again without stale=true: said refused', () => {
	const text = trace(offer(nonce), digest(nonce), offer(nonce));
	assert.deepEqual(refused(text), [['SIP/2.0 401 Unauthorized', 'warning', [digest(nonce)]]]);
	const said = analyzeTrace(text).problems.find((p) => p.code === 'auth.credentials-refused')!;
	assert.match(said.message, /realm "asterisk" \(username "200"\).*RFC 2617 §3\.2\.1/);
	// A new nonce in the second challenge: the credentials answered the first, still refused.
	assert.equal(refused(trace(offer(nonce), digest(nonce), offer('other'))).length, 1);
	// stale=false is no stale=true.
	assert.equal(
		refused(trace(offer(nonce), digest(nonce), offer(nonce, ', stale=FALSE'))).length,
		1,
	);
	// Credentials for several realms (one per server that challenged): the one challenged again.
	const other = digest('n9').replace('"asterisk"', '"pbx2"');
	const both = trace(offer(nonce), `${other}\r\nAuthorization: ${digest(nonce)}`, offer(nonce));
	assert.deepEqual(refused(both), [['SIP/2.0 401 Unauthorized', 'warning', [digest(nonce)]]]);
});

void test('a stale nonce, an older nonce, credentials for another realm or without a response: not said', () => {
	// The server says the nonce aged: the UA retries with the new one, unprompted.
	assert.deepEqual(refused(trace(offer(nonce), digest(nonce), offer('n2', ', stale=true'))), []);
	// Credentials for a nonce older than the challenge they answered (a refresh reusing it).
	assert.deepEqual(refused(trace(offer(nonce), digest('old'), offer('n2'))), []);
	// Another realm challenged (a second proxy on the path).
	assert.deepEqual(
		refused(trace(offer(nonce), digest(nonce), offer(nonce).replace('"asterisk"', '"pbx2"'))),
		[],
	);
	// An IMS REGISTER's first credentials, empty nonce and response (TS 24.229 §5.1.1.2.1).
	assert.deepEqual(refused(trace(offer(nonce), digest('', ''), offer(nonce))), []);
});

void test('credentials with a qop the challenge did not offer are said; one it offered is not', () => {
	const qop = (value: string) => `${digest(nonce)}, qop=${value}, cnonce="0a4f113b", nc=00000001`;
	const said = (offered: string, credentials: string) => {
		const text = trace(offered, credentials, offer('n2', ', stale=true'));
		return analyzeTrace(text)
			.problems.filter((p) => p.code === 'auth.qop-not-offered')
			.map((p) => [text.slice(p.span.start, p.span.end), p.message.match(/offered ([^:]+):/)![1]]);
	};
	// No qop offered (Asterisk's challenge): a qop the server cannot compute.
	assert.deepEqual(said(offer(nonce), qop('auth')), [[qop('auth'), 'no qop']]);
	// A client's `qop="undefined"` (a JavaScript stack's unset value).
	assert.deepEqual(said(offer(nonce, ', qop="auth,auth-int"'), qop('"undefined"')), [
		[qop('"undefined"'), 'auth, auth-int'],
	]);
	assert.deepEqual(said(offer(nonce, ', qop="auth,auth-int"'), qop('auth')), []);
	assert.deepEqual(said(offer(nonce, ', qop="auth"'), qop('"auth"')), []);
	// No qop in the credentials: RFC 2069's form, still allowed.
	assert.deepEqual(said(offer(nonce, ', qop="auth"'), digest(nonce)), []);
});

test('a retry sent again (its first sending lost) answers the same challenge: both sendings link to it', () => {
	const text = [
		...request(1, 'z9hG4bKPj1', null),
		...challenge(1, 'z9hG4bKPj1', offer(nonce)),
		...request(2, 'z9hG4bKPj2', digest(nonce)),
		...request(2, 'z9hG4bKPj2', digest(nonce)),
		'',
	].join('\r\n');
	const a = analyzeTrace(text);
	assert.equal(a.index.originalOf(3), 2);
	assert.equal(a.index.challengeOf(2), 1);
	assert.equal(a.index.challengeOf(3), 1);
	// The challenge names its first retry.
	assert.equal(a.index.retryOf(1), 2);
});
