// A paste that begins inside a NOTIFY of a REFER's subscription (Asterisk's pjsip logger, as a
// forum post quoted it): its headers without their start line, then its sipfrag body, a status
// line alone (RFC 3420, RFC 3515 §2.4.5). That line is the NOTIFY's body, no response.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const headless = [
	'From: <sip:1005@sip.example.com>;tag=ef718241-f745-4925-8c9a-515ad52d29f5',
	'To: <sip:1003@sip.example.com>;tag=df0ef146',
	'Contact: <sip:10.135.0.5:5060>',
	'Call-ID: 4uY7zAUa2ACdZd7AdSM8BQ..',
	'CSeq: 16170 NOTIFY',
	'Event: refer',
	'Subscription-State: active;expires=600',
	'Max-Forwards: 70',
	'Content-Type: message/sipfrag;version=2.0',
	'Content-Length:    20',
	'',
	'SIP/2.0 100 Trying',
	'',
];
const record = [
	'<--- Transmitting SIP request (396 bytes) to UDP:10.135.0.4:5060 --->',
	'NOTIFY sip:1003@188.4.73.202:5960 SIP/2.0',
	'Via: SIP/2.0/UDP 10.135.0.5:5060;rport;branch=z9hG4bKPj1a5bb5ce',
	'From: <sip:1005@sip.example.com>;tag=ef718241-f745-4925-8c9a-515ad52d29f5',
	'To: <sip:1003@sip.example.com>;tag=df0ef146',
	'Call-ID: 4uY7zAUa2ACdZd7AdSM8BQ..',
	'CSeq: 16171 NOTIFY',
	'Event: refer',
	'Subscription-State: terminated;reason=noresource',
	'Content-Type: message/sipfrag;version=2.0',
	'Content-Length:    16',
	'',
	'SIP/2.0 200 OK',
	'',
];
const read = (lines: string[]) => {
	const a = analyzeTrace(lines.join('\r\n'));
	return {
		messages: a.messages.map((m) => m.method ?? m.status),
		codes: a.problems.map((p) => p.code),
	};
};

void test("the sipfrag body under a headless NOTIFY's headers is no message of its own", () => {
	const { messages, codes } = read([...headless, ...record]);
	assert.deepEqual(messages, ['NOTIFY']);
	assert.ok(codes.includes('framing.no-start-line'), codes.join());
	assert.ok(!codes.includes('message.truncated'), codes.join());
});

void test('a status line under headers of another body type, or under a whole message, is still read', () => {
	// Headers that announce SDP: the status line under them is a message of its own.
	const sdp = headless.map((l) =>
		l.startsWith('Content-Type') ? 'Content-Type: application/sdp' : l,
	);
	assert.deepEqual(read([...sdp, ...record]).messages, [100, 'NOTIFY']);
	// The NOTIFY whole: its body is read as its body, the next record as a message.
	assert.deepEqual(read(record).messages, ['NOTIFY']);
});
