// A trace whose every line ends in a page's break tag (`<br />`), as a blog's HTML kept it: read
// without the tags, each message at its start line, the tags kept in the trace (the frames put
// back on its offsets). The shape of an ngrep capture in a post about Jitsi and Kamailio.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';
import { coversAll } from './coversAll';

const packet = (head: string, lines: string[], tag: string) =>
	[head, ...lines.map((l) => `${l}.`), '.'].map((l) => `${l}${tag}`).join('\n');
const register = (tag: string) =>
	packet(
		'U 2013/07/19 22:17:34.920749 192.0.2.7:5060 -> 66.151.32.200:5060',
		[
			'REGISTER sip:ostel.co SIP/2.0',
			'CSeq: 1 REGISTER',
			'From: "foo" <sip:foo@ostel.co>;tag=1eb3467e',
			'To: "foo" <sip:foo@ostel.co>',
			'Call-ID: 3ef5a3ff-a83f',
			'Via: SIP/2.0/UDP 192.0.2.7:49152;branch=z9hG4bK-393535-2269e43afef0b31',
			'Max-Forwards: 70',
			'Contact: <sip:foo@192.0.2.7:49152;transport=udp>;expires=600',
			'Content-Length: 0',
		],
		tag,
	);
const challenge = (tag: string) =>
	packet(
		'U 2013/07/19 22:17:34.921155 66.151.32.200:5060 -> 192.0.2.7:5060',
		[
			'SIP/2.0 401 Unauthorized',
			'CSeq: 1 REGISTER',
			'From: "foo" <sip:foo@ostel.co>;tag=1eb3467e',
			'To: "foo" <sip:foo@ostel.co>;tag=e01f0de2cdfe',
			'Call-ID: 3ef5a3ff-a83f',
			'Via: SIP/2.0/UDP 192.0.2.7:49152;branch=z9hG4bK-393535-2269e43afef0b31;rport=5060',
			'WWW-Authenticate: Digest realm="ostel.co", nonce="Uen0alHp8z4d6ePDl83RtMwARltAxzQu"',
			'Content-Length: 0',
		],
		tag,
	);

void test('lines ending in `<br />` (or `</br>`): the REGISTER and its 401 read, linked, the tags kept as the page’s', () => {
	for (const tag of ['<br />', '<br>', '<BR/>', '</br>'])
		for (const lineEnd of ['\n', '\r\n']) {
			const text = `${register(tag)}\n\n${challenge(tag)}\n`.replace(/\n/g, lineEnd);
			const a = analyzeTrace(text);
			assert.equal(a.format, 'ngrep', tag);
			assert.deepEqual(
				a.messages.map((m) => [m.method ?? m.status, m.frame.src, m.callId]),
				[
					['REGISTER', '192.0.2.7:5060', '3ef5a3ff-a83f'],
					[401, '66.151.32.200:5060', '3ef5a3ff-a83f'],
				],
				tag,
			);
			assert.equal(a.index.requestOf(1), 0);
			assert.deepEqual(
				a.problems.map((p) => p.code),
				[],
				tag,
			);
			coversAll(text, a);
		}
});

void test("ngrep: a post's text after a packet's payload is not its body, sentence dots and all", () => {
	// The 401's payload ends without its `.` line (the poster kept only some headers): ngrep's own
	// line end follows, then the post goes on.
	const text = [
		challenge('')
			.replace(/\n\.$/, '')
			.replace(/\nContent-Length: 0\./, ''),
		'',
		"If you read the response, you'll see Kamailio sent 401 Unauthorized. This is normal.",
		'',
		'The dialog flow is cut off after the 401 Unauthorized response.',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'ngrep');
	assert.equal(a.messages.length, 1);
	assert.equal(a.messages[0]!.body, null);
	assert.ok(
		!a.problems.some((p) => p.code.startsWith('body.') || p.code.startsWith('content-length')),
	);
	assert.ok(a.messages[0]!.frame.span.end <= text.indexOf('If you read'));
	coversAll(text, a);
});
