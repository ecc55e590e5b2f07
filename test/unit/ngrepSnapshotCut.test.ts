// sipgrep (2.1.0, ngrep's `-W byline` printout) reading a capture with `-S`, which keeps only
// the first N octets of each packet: `sipgrep -C -S 300 -I ref-tcp4.pcap` and `-S 560` of
// ref-udp4.pcap, captures of Kamailio 5.6.3's presence server and SIPp 3.6.1 agents on loopback.
// Each cut packet's last line stops where the octets did: with no CR (`.`) and no line end of
// its own, one empty line of sipgrep's after it; or, cut right after a line's CRLF, headers that
// never reach their empty line and no Content-Length.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { LineIndex } from '../../server/src/core/text/lineIndex';

const overTcp = [
	'input: ref-tcp4.pcap',
	'filter: (ip or ip6) and ( portrange 15500-15509) or (udp and ip[6:2] & 0x3fff != 0)',
	'',
	'T 2026/12/07 18:40:42.828936 127.0.0.1:15501 -> 127.0.0.1:15500',
	' [AP]',
	'SUBSCRIBE sip:alice@127.0.0.1:15500 SIP/2.0.',
	'Via: SIP/2.0/TCP 127.0.0.1:15501;branch=z9hG4bK-13570-1-0.',
	'Max-Forwards: 70.',
	'From: <sip:bob@127.0.0.1:15500>;tag=13570W1.',
	'To: <sip:alice@127.0.0.1:15500>.',
	'Call-ID: 1-13570@127.0.0.1.',
	'CSeq: 1 SUBSCRIBE.',
	'Contact: <sip:bob@127.0.0.1:15501;transport=TCP>.',
	'Eve',
	'',
	'T 2026/12/07 18:40:42.829827 127.0.0.1:15500 -> 127.0.0.1:15501',
	' [AP]',
	'SIP/2.0 200 OK.',
	'Via: SIP/2.0/TCP 127.0.0.1:15501;branch=z9hG4bK-13570-1-0.',
	'From: <sip:bob@127.0.0.1:15500>;tag=13570W1.',
	'To: <sip:alice@127.0.0.1:15500>;tag=206b6fa4150150867c0e6f3a30d9383d-0de44436.',
	'Call-ID: 1-13570@127.0.0.1.',
	'CSeq: 1 SUBSCRIBE.',
	'Expires: 120.',
	'Contact: <sip:pa@127.0.0.1:15500;transpo',
	'',
	'T 2026/12/07 18:40:42.830053 127.0.0.1:15500 -> 127.0.0.1:15501',
	' [AP]',
	'NOTIFY sip:bob@127.0.0.1:15501;transport=TCP SIP/2.0.',
	'Via: SIP/2.0/TCP 127.0.0.1:15500;branch=z9hG4bKd919.6ca3bdd4000000000000000000000000.0.',
	'To: <sip:bob@127.0.0.1>;tag=13570W1.',
	'From: <sip:alice@127.0.0.1>;tag=206b6fa4150150867c0e6f3a30d9383d-0de44436.',
	'CSeq: 2 NOTIFY.',
	'Call-ID: 1-13570@127.0.0.1.',
	'Co',
	'',
	'T 2026/12/07 18:40:42.830097 127.0.0.1:15501 -> 127.0.0.1:15500',
	' [AP]',
	'SIP/2.0 200 OK.',
	'Via: SIP/2.0/TCP 127.0.0.1:15500;branch=z9hG4bKd919.6ca3bdd4000000000000000000000000.0.',
	'From: <sip:alice@127.0.0.1>;tag=206b6fa4150150867c0e6f3a30d9383d-0de44436.',
	'To: <sip:bob@127.0.0.1>;tag=13570W1.',
	'Call-ID: 1-13570@127.0.0.1.',
	'CSeq: 2 NOTIFY.',
	'Contact: <sip:bob@127.0.0.1:15501;transp',
	'',
	'T 2026/12/07 18:40:43.128483 127.0.0.1:15502 -> 127.0.0.1:15500',
	' [AP]',
	'SUBSCRIBE sip:alice@127.0.0.1:15500 SIP/2.0.',
	'Via: SIP/2.0/TCP 127.0.0.1:15502;branch=z9hG4bK-13575-1-0.',
	'Max-Forwards: 70.',
	'From: <sip:dave@127.0.0.1:15500>;tag=13575W1.',
	'To: <sip:alice@127.0.0.1:15500>.',
	'Call-ID: 1-13575@127.0.0.1.',
	'CSeq: 1 SUBSCRIBE.',
	'Contact: <sip:dave@127.0.0.1:15502;transport=TCP>.',
	'E',
	'',
	'T 2026/12/07 18:40:43.129320 127.0.0.1:15500 -> 127.0.0.1:15502',
	' [AP]',
	'SIP/2.0 200 OK.',
	'Via: SIP/2.0/TCP 127.0.0.1:15502;branch=z9hG4bK-13575-1-0.',
	'From: <sip:dave@127.0.0.1:15500>;tag=13575W1.',
	'To: <sip:alice@127.0.0.1:15500>;tag=206b6fa4150150867c0e6f3a30d9383d-cb9685e9.',
	'Call-ID: 1-13575@127.0.0.1.',
	'CSeq: 1 SUBSCRIBE.',
	'Expires: 120.',
	'Contact: <sip:pa@127.0.0.1:15500;transp',
	'',
	'T 2026/12/07 18:40:43.129440 127.0.0.1:15500 -> 127.0.0.1:15502',
	' [AP]',
	'NOTIFY sip:dave@127.0.0.1:15502;transport=TCP SIP/2.0.',
	'Via: SIP/2.0/TCP 127.0.0.1:15500;branch=z9hG4bKd3f8.e322e5d1000000000000000000000000.0.',
	'To: <sip:dave@127.0.0.1>;tag=13575W1.',
	'From: <sip:alice@127.0.0.1>;tag=206b6fa4150150867c0e6f3a30d9383d-cb9685e9.',
	'CSeq: 2 NOTIFY.',
	'Call-ID: 1-13575@127.0.0.1.',
	'',
	'',
	'T 2026/12/07 18:40:43.129601 127.0.0.1:15502 -> 127.0.0.1:15500',
].join('\n');

const overUdp = [
	'U 2026/12/07 18:30:05.084368 127.0.0.1:15504 -> 127.0.0.1:15500',
	'',
	'PUBLISH sip:carol@127.0.0.1:15500 SIP/2.0.',
	'Via: SIP/2.0/UDP 127.0.0.1:15504;branch=z9hG4bK-10730-1-2.',
	'Max-Forwards: 70.',
	'From: "Carol" <sip:carol@127.0.0.1:15500>;tag=10730SIPpTag011.',
	'To: "Carol" <sip:carol@127.0.0.1:15500>.',
	'Call-ID: 1-10730@127.0.0.1.',
	'CSeq: 2 PUBLISH.',
	'Proxy-Authorization: Digest username="carol",realm="127.0.0.1",uri="sip:127.0.0.1:15500",nonce="axb8WWsW+y1f2GpX3zy5opMdxYbfGYof",response="ba6be9b161f3b427d715ec677bb9a31d",algorithm=MD5.',
	'Event: presence.',
	'Expires: 30.',
	'User-Agent: SIPp publisher-auth.',
	'Content-Type: application/pidf+xml.',
	'Con',
	'',
	'U 2026/12/07 18:30:05.084637 127.0.0.1:15500 -> 127.0.0.1:15504',
	'',
	'SIP/2.0 200 OK.',
	'Via: SIP/2.0/UDP 127.0.0.1:15504;branch=z9hG4bK-10730-1-2.',
	'From: "Carol" <sip:carol@127.0.0.1:15500>;tag=10730SIPpTag011.',
	'To: "Carol" <sip:carol@127.0.0.1:15500>;tag=206b6fa4150150867c0e6f3a30d9383d-d43cf2df.',
	'Call-ID: 1-10730@127.0.0.1.',
	'CSeq: 2 PUBLISH.',
	'Expires: 30.',
	'SIP-ETag: a.1796667529.20262.9.0.',
	'Server: kamailio (5.6.3 (x86_64/linux)).',
	'Content-Length: 0.',
	'.',
].join('\n');

/** The 1-based lines of the messages said cut, and every other problem's code. */
function said(text: string): { cut: number[]; others: string[] } {
	const analysis = analyzeTrace(text);
	const lines = new LineIndex(text);
	const cut = analysis.problems
		.filter((p) => p.code === 'message.truncated')
		.map((p) => lines.lineAt(p.span.start) + 1);
	const others = analysis.problems.filter((p) => p.code !== 'message.truncated').map((p) => p.code);
	return { cut, others };
}

void test('sipgrep -S over TCP (real): each message its snapshot length cut is said cut, and nothing it lacks is said missing', () => {
	const { cut, others } = said(overTcp);
	// Every message the excerpt holds was cut (300 octets: none reaches its empty line), the
	// NOTIFY at line 72 right after its Call-ID's CRLF.
	const starts = overTcp
		.split('\n')
		.flatMap((l, i) =>
			/^(?:SUBSCRIBE|NOTIFY|PUBLISH) sip:|^SIP\/2\.0 \d{3} /.test(l) ? [i + 1] : [],
		);
	assert.ok(starts.includes(72));
	assert.deepEqual(cut, starts);
	assert.deepEqual(others, []);
});

void test('sipgrep -S over UDP (real): a header cut to its first letters is no body that lost its empty line', () => {
	const { cut, others } = said(overUdp);
	// The PUBLISH, cut in `Con`; its 200 OK after it is whole.
	assert.deepEqual(cut, [
		overUdp.split('\n').indexOf('PUBLISH sip:carol@127.0.0.1:15500 SIP/2.0.') + 1,
	]);
	assert.deepEqual(others, []);
});
