// Messages a capture's snapshot length cut (`tcpdump -s 200 -A` of SIPp's INVITE and the answers
// to it on loopback): each is said cut by its record's length, and a value its last line holds
// is cut, not sent so: a tag compared across messages reads as the whole one it begins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const text = [
	'07:19:29.618075 IP 127.0.0.1.15881 > 127.0.0.1.15880: UDP, length 705',
	'E.....@.@.y\t........>\t>.....INVITE sip:bob@127.0.0.1:15880 SIP/2.0',
	'Via: SIP/2.0/UDP 127.0.0.1:15881;branch=z9hG4bK-31078-1-4',
	'From: "Alice" <sip:alice@127.0.0.1:15881>;tag=31078SIPpTag0',
	'07:19:29.618591 IP 127.0.0.1.15880 > 127.0.0.1.15881: UDP, length 238',
	'E..',
	'..@.@.z.........>.>\t...\tSIP/2.0 100 Trying',
	'Via: SIP/2.0/UDP 127.0.0.1:15881;branch=z9hG4bK-31078-1-4',
	'From: "Alice" <sip:alice@127.0.0.1:15881>;tag=31078SIPpTag001',
	'To: <sip:bob@127',
	'07:19:29.620799 IP 127.0.0.1.15880 > 127.0.0.1.15881: UDP, length 469',
	'E.....@.@.y.........>.>\t....SIP/2.0 200 OK',
	'Via: SIP/2.0/UDP 127.0.0.1:15881;branch=z9hG4bK-31078-1-4',
	'From: "Alice" <sip:alice@127.0.0.1:15881>;tag=31078SIPpTag001',
	'To: <sip:bob@127.0.0',
	'',
].join('\n');

void test('a request cut inside its From tag: its responses are not said to change the tag; a cut last line is not judged', () => {
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => m.method ?? m.status),
		['INVITE', 100, 200],
	);
	assert.equal(a.index.requestOf(1), 0);
	assert.equal(a.index.requestOf(2), 0);
	assert.deepEqual(
		a.problems.filter((p) => p.severity === 'error').map((p) => p.code),
		[],
	);
	assert.equal(a.problems.filter((p) => p.code === 'message.truncated').length, 3);
});
