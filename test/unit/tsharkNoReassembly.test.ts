// tshark's text of a capture read with TCP reassembly off (`tshark -r cap.pcap -V -O sip -o
// tcp.desegment_tcp_streams:FALSE`, tshark 4.0.17): SIPp's PUBLISH to Kamailio 5.6.3 over TCP,
// 1,835 octets of PIDF, sent in several segments; tshark dissects the first alone, its XML tree
// stopping with its own `Unrecognized text` where the segment does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const firstSegment = [
	'Frame 52: 614 bytes on wire (4912 bits), 614 bytes captured (4912 bits)',
	'Ethernet II, Src: 00:00:00_00:00:00 (00:00:00:00:00:00), Dst: 00:00:00_00:00:00 (00:00:00:00:00:00)',
	'Internet Protocol Version 4, Src: 127.0.0.1, Dst: 127.0.0.1',
	'Transmission Control Protocol, Src Port: 15427, Dst Port: 15420, Seq: 1, Ack: 1, Len: 548',
	'Session Initiation Protocol (PUBLISH)',
	'    Request-Line: PUBLISH sip:alice@127.0.0.1:15420 SIP/2.0',
	'        Method: PUBLISH',
	'        Request-URI: sip:alice@127.0.0.1:15420',
	'            Request-URI User Part: alice',
	'            Request-URI Host Part: 127.0.0.1',
	'            Request-URI Host Port: 15420',
	'        [Resent Packet: False]',
	'    Message Header',
	'        Via: SIP/2.0/TCP 127.0.0.1:15427;branch=z9hG4bK-18987-1-0',
	'            Transport: TCP',
	'            Sent-by Address: 127.0.0.1',
	'            Sent-by port: 15427',
	'            Branch: z9hG4bK-18987-1-0',
	'        Max-Forwards: 70',
	'        From: <sip:alice@127.0.0.1>;tag=18987P1',
	'            SIP from address: sip:alice@127.0.0.1',
	'                SIP from address User Part: alice',
	'                SIP from address Host Part: 127.0.0.1',
	'            SIP from tag: 18987P1',
	'        To: <sip:alice@127.0.0.1>',
	'            SIP to address: sip:alice@127.0.0.1',
	'                SIP to address User Part: alice',
	'                SIP to address Host Part: 127.0.0.1',
	'        Call-ID: 1-18987@127.0.0.1',
	'        [Generated Call-ID: 1-18987@127.0.0.1]',
	'        CSeq: 1 PUBLISH',
	'            Sequence Number: 1',
	'            Method: PUBLISH',
	'        Contact: <sip:alice@127.0.0.1:15427;transport=tcp>',
	'            Contact URI: sip:alice@127.0.0.1:15427;transport=tcp',
	'                Contact URI User Part: alice',
	'                Contact URI Host Part: 127.0.0.1',
	'                Contact URI Host Port: 15427',
	'                Contact URI parameter: transport=tcp',
	'        Event: presence',
	'        Expires: 60',
	'        User-Agent: sipp-publisher',
	'        Content-Type: application/pidf+xml',
	'        Content-Length:  1835',
	'    Message Body',
	'        eXtensible Markup Language',
	'            <?xml',
	'                version="1.0"',
	'                encoding="UTF-8"',
	'                ?>',
	'            Unrecognized text',
	'                [Expert Info (Warning/Protocol): Unrecognized text]',
	'                    [Unrecognized text]',
	'                    [Severity level: Warning]',
	'                    [Group: Protocol]',
	'            xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" xmlns:rp',
	'',
	'Frame 53: 66 bytes on wire (528 bits), 66 bytes captured (528 bits)',
].join('\n');

void test('tshark without TCP reassembly: a body the segment cut is said cut, not invalid, and not read', () => {
	const analysis = analyzeTrace(firstSegment);
	assert.equal(analysis.messages.length, 1);
	const m = analysis.messages[0]!;
	assert.equal(m.method, 'PUBLISH');
	assert.equal(m.body, null);
	assert.deepEqual(
		analysis.problems.map((p) => p.code),
		['message.truncated'],
	);
	assert.match(analysis.problems[0]!.message, /tcp\.desegment_tcp_streams:TRUE/);
});

void test('tshark: the same XML tree over UDP (no segment to blame) is judged as the body tshark could not read', () => {
	const overUdp = firstSegment.replace(
		/^Transmission Control Protocol, Src Port: (\d+), Dst Port: (\d+),.*$/m,
		'User Datagram Protocol, Src Port: $1, Dst Port: $2',
	);
	const codes = analyzeTrace(overUdp).problems.map((p) => p.code);
	assert.ok(codes.includes('body.invalid'), codes.join());
	assert.ok(!codes.includes('message.truncated'));
});
