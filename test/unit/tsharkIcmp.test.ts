// tshark's text of a packet that is an ICMP error (port unreachable, RFC 792) quoting the SIP
// datagram it could not deliver: the quote is no message (it never reached anyone, and the kernel
// cut it), as in a capture where Kamailio's siptrace copies went to a collector that was not
// listening. The same capture read as a pcap skips the ICMP packets too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const sip = (heading: string): string[] => [
	heading,
	'    Request-Line: SUBSCRIBE sip:alice@127.0.0.1:15430 SIP/2.0',
	'        Method: SUBSCRIBE',
	'        Request-URI: sip:alice@127.0.0.1:15430',
	'        [Resent Packet: False]',
	'    Message Header',
	'        Via: SIP/2.0/UDP 127.0.0.13:15433;branch=z9hG4bK-24257-1-0',
	'        Max-Forwards: 70',
	'        From: <sip:bob@127.0.0.1>;tag=24257w1',
	'        To: <sip:alice@127.0.0.1>',
	'        Call-ID: 1-24257@127.0.0.13',
	'        CSeq: 1 SUBSCRIBE',
	'        Contact: <sip:bob@127.0.0.13:15433;transport=UDP>',
	'        Event: presence',
	'        Expires: 60',
	'        Content-Length: 0',
	'',
];

void test('tshark text: the SIP an ICMP error quotes is log text, not a second SUBSCRIBE', () => {
	const text = [
		'Frame 1: 439 bytes on wire (3512 bits), 439 bytes captured (3512 bits) on interface lo, id 0',
		'Ethernet II, Src: 00:00:00_00:00:00 (00:00:00:00:00:00), Dst: 00:00:00_00:00:00 (00:00:00:00:00:00)',
		'Internet Protocol Version 4, Src: 127.0.0.1, Dst: 127.0.0.31',
		'User Datagram Protocol, Src Port: 15430, Dst Port: 15431',
		...sip('Session Initiation Protocol (SUBSCRIBE)'),
		'Frame 3: 467 bytes on wire (3736 bits), 467 bytes captured (3736 bits) on interface lo, id 0',
		'Ethernet II, Src: 00:00:00_00:00:00 (00:00:00:00:00:00), Dst: 00:00:00_00:00:00 (00:00:00:00:00:00)',
		'Internet Protocol Version 4, Src: 127.0.0.31, Dst: 127.0.0.1',
		'Internet Control Message Protocol',
		...sip('Session Initiation Protocol (SUBSCRIBE)'),
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tshark');
	assert.deepEqual(
		a.messages.map((m) => [m.method, m.frame.src, m.frame.dst]),
		[['SUBSCRIBE', '127.0.0.1:15430', '127.0.0.31:15431']],
	);
	// Nothing of the quote is lost or said as a damaged message.
	assert.ok(a.noise.some((n) => text.slice(n.start, n.end).includes('Internet Control Message')));
	assert.deepEqual(
		a.problems.filter((p) => /copy|truncated|no-start/.test(p.code)).map((p) => p.code),
		[],
	);
});
