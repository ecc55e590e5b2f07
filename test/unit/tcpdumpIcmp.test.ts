// tcpdump -A of a capture in which the kernel answered two of Kamailio's NAT pings (OPTIONS from
// nathelper, sent after the agents they ping had gone) with ICMP port unreachable: each error
// quotes the start of the datagram it could not deliver (RFC 792). Printed by `tcpdump -nn -A -r`
// (tcpdump 4.99.3) from a capture of Kamailio 5.6.3 and SIPp 3.6.1 on loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const pingsUnanswered = [
	'18:19:57.949496 IP 127.0.0.1.15510 > 127.0.0.1.15513: UDP, length 319',
	'E..[....@..}........<.<..G.ZOPTIONS sip:carol@127.0.0.1:15513;transport=UDP SIP/2.0',
	'Via: SIP/2.0/UDP 127.0.0.1:15510;branch=z9hG4bK1861502',
	'From: sip:pinger@127.0.0.1:15510;tag=uloc-6b16f8c3-5312-1-677be1f6-d1f8fc14',
	'To: sip:carol@127.0.0.1:15513;transport=UDP',
	'Call-ID: fb7065d3-a6eb14a6-a1944c6@127.0.0.1',
	'CSeq: 1 OPTIONS',
	'Content-Length: 0',
	'',
	'',
	'18:19:57.949516 IP 127.0.0.1 > 127.0.0.1: ICMP 127.0.0.1 udp port 15513 unreachable, length 355',
	"E..wS:..@.'z................E..[....@..}........<.<..G.ZOPTIONS sip:carol@127.0.0.1:15513;transport=UDP SIP/2.0",
	'Via: SIP/2.0/UDP 127.0.0.1:15510;branch=z9hG4bK1861502',
	'From: sip:pinger@127.0.0.1:15510;tag=uloc-6b16f8c3-5312-1-677be1f6-d1f8fc14',
	'To: sip:carol@127.0.0.1:15513;transport=UDP',
	'Call-ID: fb7065d3-a6eb14a6-a1944c6@127.0.0.1',
	'CSeq: 1 OPTIONS',
	'Content-Length: 0',
	'',
	'',
	'18:19:57.949529 IP 127.0.0.1.15510 > 127.0.0.1.15512: UDP, length 313',
	'E..U....@...........<.<..A.TOPTIONS sip:bob@127.0.0.1:15512;transport=UDP SIP/2.0',
	'Via: SIP/2.0/UDP 127.0.0.1:15510;branch=z9hG4bK4890579',
	'From: sip:pinger@127.0.0.1:15510;tag=uloc-6b16f8c3-5311-1-3c33e6-e1f8fc14',
	'To: sip:bob@127.0.0.1:15512;transport=UDP',
	'Call-ID: fb7065d3-b6eb14a6-a1944c6@127.0.0.1',
	'CSeq: 1 OPTIONS',
	'Content-Length: 0',
	'',
	'',
	'18:19:57.949535 IP 127.0.0.1 > 127.0.0.1: ICMP 127.0.0.1 udp port 15512 unreachable, length 349',
	"E..qS;..@.'.................E..U....@...........<.<..A.TOPTIONS sip:bob@127.0.0.1:15512;transport=UDP SIP/2.0",
	'Via: SIP/2.0/UDP 127.0.0.1:15510;branch=z9hG4bK4890579',
	'From: sip:pinger@127.0.0.1:15510;tag=uloc-6b16f8c3-5311-1-3c33e6-e1f8fc14',
	'To: sip:bob@127.0.0.1:15512;transport=UDP',
	'Call-ID: fb7065d3-b6eb14a6-a1944c6@127.0.0.1',
	'CSeq: 1 OPTIONS',
	'Content-Length: 0',
	'',
	'',
].join('\n');

void test('tcpdump -A: the SIP an ICMP error quotes is log text, not a message of its own', () => {
	const analysis = analyzeTrace(pingsUnanswered);
	assert.equal(analysis.format, 'tcpdump');
	// The two pings, each once, with the addresses of the datagram that carried it.
	assert.deepEqual(
		analysis.messages.map((m) => [m.method, m.frame.src, m.frame.dst, m.frame.transport]),
		[
			['OPTIONS', '127.0.0.1:15510', '127.0.0.1:15513', 'UDP'],
			['OPTIONS', '127.0.0.1:15510', '127.0.0.1:15512', 'UDP'],
		],
	);
	assert.deepEqual(
		analysis.problems.filter((p) => p.code.startsWith('message.') || p.code.startsWith('framing.')),
		[],
	);
});
