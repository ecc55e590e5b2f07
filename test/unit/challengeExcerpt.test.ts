// An excerpt that starts after the challenged request: the 401/407 and the request re-sent with
// credentials are there, the first attempt is not. The retry answers the challenge when it has the
// challenge's Call-ID and From tag, the CSeq method the challenge names and the next CSeq number
// (RFC 3261 §8.1.3.5, §22.2, §22.3); any other request does not.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';
import { maxForwards, sipMessage } from './sipText';

const callId = 'a84b4c76e66710@pc33.example.com';
const aliceTag = '1928301774';

interface Line {
	readonly start: string;
	readonly branch: string;
	readonly cseq: string;
	readonly fromTag?: string;
	readonly extra?: readonly string[];
}

function message({ start, branch, cseq, fromTag = aliceTag, extra = [] }: Line): string {
	return sipMessage(start, [
		`Via: SIP/2.0/UDP pc33.example.com;branch=${branch}`,
		...maxForwards(start),
		`From: Alice <sip:alice@example.com>;tag=${fromTag}`,
		`To: Bob <sip:bob@example.com>${start.startsWith('SIP/') ? ';tag=as0c1' : ''}`,
		`Call-ID: ${callId}`,
		`CSeq: ${cseq}`,
		...extra,
	]);
}

const challenge = (status: string, cseq: string): string =>
	message({
		start: `SIP/2.0 ${status}`,
		branch: 'z9hG4bK776asdhds',
		cseq,
		extra: [
			`${status.startsWith('407') ? 'Proxy-' : 'WWW-'}Authenticate: Digest realm="example.com", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", qop="auth"`,
		],
	});

const credentials = (header: string): string =>
	`${header}: Digest username="alice", realm="example.com", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", uri="sip:bob@example.com", response="dfe56131d1958046689d83306477ecc"`;

const retry = (method: string, cseq: string, header: string | null, fromTag = aliceTag): string =>
	message({
		start: `${method} sip:bob@example.com SIP/2.0`,
		branch: `z9hG4bK${method.toLowerCase()}${cseq.split(' ')[0]}`,
		cseq,
		fromTag,
		extra: header ? [credentials(header)] : [],
	});

void test('a request re-sent after a 407 whose INVITE is not in the excerpt answers the 407', () => {
	const { index } = analyzeTrace(
		challenge('407 Proxy Authentication Required', '101 INVITE') +
			retry('INVITE', '102 INVITE', 'Proxy-Authorization'),
	);
	assert.equal(index.challengeOf(1), 0);
	assert.equal(index.retryOf(0), 1);
});

void test('a REGISTER re-sent after a 401 whose first REGISTER is not in the excerpt answers it', () => {
	const { index } = analyzeTrace(
		challenge('401 Unauthorized', '7 REGISTER') + retry('REGISTER', '8 REGISTER', 'Authorization'),
	);
	assert.equal(index.challengeOf(1), 0);
});

void test('without the challenged request, only the next CSeq number answers the challenge', () => {
	for (const seq of ['101', '103', '250']) {
		const { index } = analyzeTrace(
			challenge('407 Proxy Authentication Required', '101 INVITE') +
				retry('INVITE', `${seq} INVITE`, 'Proxy-Authorization'),
		);
		assert.equal(index.challengeOf(1), null, `CSeq ${seq}`);
	}
});

void test('without the challenged request, another method, From tag or no credentials answer none', () => {
	const cases: [string, string][] = [
		['another method', retry('MESSAGE', '102 MESSAGE', 'Proxy-Authorization')],
		[
			'another From tag, and credentials for another challenge',
			retry('INVITE', '102 INVITE', 'Proxy-Authorization', '5551212').replace(
				'ea9c8e88df84f1cec4341ae6cbe5a359',
				'0b7c1d5e6f7a8b9c0d1e2f3a4b5c6d7e',
			),
		],
		['no credentials', retry('INVITE', '102 INVITE', null)],
	];
	for (const [what, request] of cases) {
		const { index } = analyzeTrace(
			challenge('407 Proxy Authentication Required', '101 INVITE') + request,
		);
		assert.equal(index.challengeOf(1), null, what);
		assert.equal(index.retryOf(0), null, what);
	}
});

void test('a retransmitted challenge is answered once, by the next request with credentials', () => {
	const c = challenge('401 Unauthorized', '7 REGISTER');
	const { index } = analyzeTrace(
		c +
			c +
			retry('REGISTER', '8 REGISTER', 'Authorization') +
			retry('REGISTER', '8 REGISTER', 'Authorization'),
	);
	assert.equal(index.challengeOf(2), 0);
	// The retry sent again is the same request: it names the challenge its first sending
	// answers, which names that first sending alone.
	assert.equal(index.originalOf(3), 2);
	assert.equal(index.challengeOf(3), 0);
	assert.equal(index.retryOf(0), 2);
	assert.equal(index.retryOf(1), null, 'the challenge retransmitted is answered through the first');
});

void test("a retry under a new Call-ID and From tag (eXosip's REGISTER) answers the challenge whose nonce its credentials carry", () => {
	// The shape of an ngrep capture in a blog post: eXosip re-sent its REGISTER with a new
	// Call-ID, From tag and CSeq, and the 401's nonce.
	const again = (text: string): string =>
		text.replaceAll(callId, 'b2f9c01d@pc33.example.com').replaceAll(aliceTag, '209020667');
	const first = retry('REGISTER', '1 REGISTER', null);
	const text =
		first +
		challenge('401 Unauthorized', '1 REGISTER') +
		again(retry('REGISTER', '2 REGISTER', 'Authorization'));
	const { index } = analyzeTrace(text);
	assert.equal(index.requestOf(1), 0);
	assert.equal(index.challengeOf(2), 1);
	assert.equal(index.retryOf(1), 2);
	// Another nonce, or the nonce of two challenges, ties none.
	const other = analyzeTrace(
		first +
			challenge('401 Unauthorized', '1 REGISTER') +
			again(retry('REGISTER', '2 REGISTER', 'Authorization')).replace(
				'ea9c8e88df84f1cec4341ae6cbe5a359',
				'0b7c1d5e6f7a8b9c0d1e2f3a4b5c6d7e',
			),
	);
	assert.equal(other.index.challengeOf(2), null);
	const twice = analyzeTrace(
		first +
			challenge('401 Unauthorized', '1 REGISTER') +
			again(retry('REGISTER', '1 REGISTER', null)).replace('z9hG4bKregister1', 'z9hG4bKreg-b') +
			again(challenge('401 Unauthorized', '1 REGISTER')).replace(
				'z9hG4bK776asdhds',
				'z9hG4bKreg-b',
			) +
			retry('REGISTER', '7 REGISTER', 'Authorization').replaceAll(aliceTag, '77777'),
	);
	assert.equal(twice.index.challengeOf(4), null);
});
