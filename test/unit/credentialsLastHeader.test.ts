// sipvicious' svcrack (0.3.3) guessing passwords against Kamailio 5.6.3: its credentials say
// `qop=auth` without the cnonce and nc that qop requires (RFC 2617 §3.2.2), and come as the
// request's last header, after Content-Length. Printed by `ngrep -W byline -I` and by `tshark -O
// sip -r` from captures on loopback; each printout puts a line of its own under that header
// (ngrep's `.` for the empty line's CR, tshark's decoded fields) that is no rest of its value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const byNgrep = [
	'U 127.0.0.1:15497 -> 127.0.0.1:15490 #3',
	'INVITE sip:200@127.0.0.1:15490 SIP/2.0.',
	'Via: SIP/2.0/UDP 127.0.0.1:15497;branch=z9hG4bK-2388813537;rport.',
	'Max-Forwards: 70.',
	'To: "201" <sip:201@127.0.0.1>.',
	'From: "201" <sip:201@127.0.0.1>;tag=3230313a3230310132353738373833323433.',
	'User-Agent: friendly-scanner.',
	'Call-ID: 3766909563.',
	'Contact: sip:123@1.1.1.1.',
	'CSeq: 2 INVITE.',
	'Accept: application/sdp.',
	'Content-Length: 0.',
	'Proxy-Authorization: Digest username="201",realm="127.0.0.1",nonce="axb7q2sW+n/5vyaAEv4xDkktmlj24P2K",uri="sip:127.0.0.1",algorithm=MD5,qop=auth,response="03e9d73770e77ac8950a3b58eacb8528".',
	'.',
	'',
	'',
].join('\n');

const byTshark = [
	'Frame 3: 587 bytes on wire (4696 bits), 587 bytes captured (4696 bits)',
	'Ethernet II, Src: 00:00:00_00:00:00 (00:00:00:00:00:00), Dst: 00:00:00_00:00:00 (00:00:00:00:00:00)',
	'Internet Protocol Version 4, Src: 127.0.0.1, Dst: 127.0.0.1',
	'User Datagram Protocol, Src Port: 15497, Dst Port: 15490',
	'Session Initiation Protocol (REGISTER)',
	'    Request-Line: REGISTER sip:127.0.0.1 SIP/2.0',
	'        Method: REGISTER',
	'        Request-URI: sip:127.0.0.1',
	'            Request-URI Host Part: 127.0.0.1',
	'        [Resent Packet: False]',
	'    Message Header',
	'        Via: SIP/2.0/UDP 127.0.0.1:15497;branch=z9hG4bK-2241892191;rport',
	'            Transport: UDP',
	'            Sent-by Address: 127.0.0.1',
	'            Sent-by port: 15497',
	'            Branch: z9hG4bK-2241892191',
	'            RPort: rport',
	'        Max-Forwards: 70',
	'        To: "100" <sip:100@127.0.0.1>',
	'            SIP to display info: "100"',
	'            SIP to address: sip:100@127.0.0.1',
	'                SIP to address User Part: 100',
	'                SIP to address Host Part: 127.0.0.1',
	'        From: "100" <sip:100@127.0.0.1>;tag=3130303a3130300131343932373936373036',
	'            SIP from display info: "100"',
	'            SIP from address: sip:100@127.0.0.1',
	'                SIP from address User Part: 100',
	'                SIP from address Host Part: 127.0.0.1',
	'            SIP from tag: 3130303a3130300131343932373936373036',
	'        User-Agent: friendly-scanner',
	'        Call-ID: 290753832',
	'        [Generated Call-ID: 290753832]',
	'        Contact: sip:123@1.1.1.1',
	'            Contact URI: sip:123@1.1.1.1',
	'                Contact URI User Part: 123',
	'                Contact URI Host Part: 1.1.1.1',
	'        CSeq: 2 REGISTER',
	'            Sequence Number: 2',
	'            Method: REGISTER',
	'        Accept: application/sdp',
	'        Content-Length: 0',
	'        Authorization: Digest username="100",realm="127.0.0.1",nonce="axb7BGsW+djQTEGhqw8brCZrOKxLmAL0",uri="sip:127.0.0.1",algorithm=MD5,qop=auth,response="4131d3c9c0cfdf83f16149191fddc167"',
	'            Authentication Scheme: Digest',
	'            Username: "100"',
	'            Realm: "127.0.0.1"',
	'            Nonce Value: "axb7BGsW+djQTEGhqw8brCZrOKxLmAL0"',
	'            Authentication URI: "sip:127.0.0.1"',
	'            Algorithm: MD5',
	'            QOP: auth',
	'            Digest Authentication Response: "4131d3c9c0cfdf83f16149191fddc167"',
	'',
].join('\n');

const credentialFaults = (text: string): string[] =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'header.bad-credentials')
		.map((p) => p.message);

void test("credentials as the last header: their fault is said under ngrep's `.` line", () => {
	assert.deepEqual(credentialFaults(byNgrep), [
		"Proxy-Authorization's Digest response lacks cnonce, nc: the server needs each to check it (RFC 2617 §3.2.2, RFC 3261 §22.4).",
	]);
});

void test("credentials as the last header: their fault is said above tshark's decoded fields", () => {
	assert.deepEqual(credentialFaults(byTshark), [
		"Authorization's Digest response lacks cnonce, nc: the server needs each to check it (RFC 2617 §3.2.2, RFC 3261 §22.4).",
	]);
});
