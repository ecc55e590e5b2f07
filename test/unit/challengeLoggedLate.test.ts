// A log that several processes write (Kamailio's workers, each logging what it receives and
// sends) may put a request re-sent with credentials before the 401/407 that asked for it: the
// worker that received the retry wrote it before the one that sent the challenge wrote that. With
// no times to order them, the retry is still the request that answers the challenge (RFC 3261
// §22.2, §22.3): the latest request of the same Call-ID, From tag and method, with credentials
// and the challenged request's next CSeq number (§8.1.3.5); a later request with credentials
// answers nothing.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';
import { sipMessage } from './sipText';

const credentials =
	'Proxy-Authorization: Digest username="linda", realm="example.com", nonce="axGM7GsRi8Ddlf", uri="sip:linda@example.com", response="acf3271c6a21ab9194037c2121a7eadc"';

/** linda's PUBLISH with CSeq `seq` (its own branch), with credentials or not. */
const publish = (seq: number, withCredentials: boolean, fromTag = 'l1'): string =>
	sipMessage(
		'PUBLISH sip:linda@example.com SIP/2.0',
		[
			`Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bK-p${seq}`,
			'Max-Forwards: 70',
			`From: <sip:linda@example.com>;tag=${fromTag}`,
			'To: <sip:linda@example.com>',
			'Call-ID: pub-1@192.0.2.4',
			`CSeq: ${seq} PUBLISH`,
			'Event: presence',
			'Expires: 600',
			...(withCredentials ? [credentials] : []),
		],
		'',
	) + '\n';

/** The presence server's answer to PUBLISH `seq`: a 407 with a challenge, or a 200. */
const answer = (seq: number, status: 407 | 200): string =>
	sipMessage(status === 407 ? 'SIP/2.0 407 Proxy Authentication Required' : 'SIP/2.0 200 OK', [
		`Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bK-p${seq}`,
		'From: <sip:linda@example.com>;tag=l1',
		'To: <sip:linda@example.com>;tag=ps1',
		'Call-ID: pub-1@192.0.2.4',
		`CSeq: ${seq} PUBLISH`,
		...(status === 407
			? ['Proxy-Authenticate: Digest realm="example.com", nonce="axGM7GsRi8Ddlf"']
			: ['SIP-ETag: e1', 'Expires: 600']),
	]) + '\n';

void test('a retry logged before the 407 that asked for it answers that 407', () => {
	// Logged: PUBLISH 1, PUBLISH 2 with credentials, the 407 to 1, the 200 to 2, then the
	// refresh (PUBLISH 3, with credentials too).
	const { index } = analyzeTrace(
		publish(1, false) + publish(2, true) + answer(1, 407) + answer(2, 200) + publish(3, true),
	);
	assert.equal(index.challengeOf(1), 2);
	assert.equal(index.retryOf(2), 1);
	assert.equal(index.challengeOf(4), null, 'the refresh answers no challenge');
});

void test('a request logged before a 407 answers it only with credentials and the next CSeq', () => {
	const cases: [string, string][] = [
		['no credentials', publish(2, false)],
		['a CSeq two on', publish(3, true)],
		['another From tag', publish(2, true, 'l9')],
	];
	for (const [what, early] of cases) {
		const { index } = analyzeTrace(publish(1, false) + early + answer(1, 407));
		assert.equal(index.challengeOf(1), null, what);
		assert.equal(index.retryOf(2), null, what);
	}
});

void test('in time order, a retry challenged again answers its own challenge, not the first', () => {
	const { index } = analyzeTrace(
		publish(1, false) + answer(1, 407) + publish(2, true) + answer(2, 407) + publish(3, true),
	);
	assert.equal(index.challengeOf(2), 1);
	assert.equal(index.challengeOf(4), 3);
});
