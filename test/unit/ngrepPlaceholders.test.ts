// ngrep -W byline as an OpenSIPS issue posted it, each address replaced by a placeholder
// (`U <from_ip>:4539 -> <opensips_proxy_ip>:5060`): read as ngrep, the addresses as written, the
// trailing dots (ngrep's CRs) not the message's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const text = [
	'```',
	'U <from_ip>:4539 -> <opensips_proxy_ip>:5060',
	'OPTIONS sip:2222222222@<outbound_server_ip>;transport=udp SIP/2.0.',
	'Via: SIP/2.0/UDP <from_pvtip>:58088;branch=z9hG4bK-d8754z-1cf67b12fff3ba66-1---d8754z-;rport.',
	'Max-Forwards: 70.',
	'To: <sip:2222222222@<outbound_server_ip>>.',
	'From: <sip:8887779996@<opensips_proxy_pubip>>;tag=fd542335.',
	'Call-ID: Y2UzN2VmYTFhMzczNDk3ZGE1NzM0YjI4NzUzYzQyZTA.',
	'CSeq: 1 OPTIONS.',
	'Content-Length: 0.',
	'.',
	'',
	'U <opensips_proxy_ip>:5060 -> <from_ip>:4539',
	'SIP/2.0 200 OK.',
	'Via: SIP/2.0/UDP <from_pvtip>:58088;branch=z9hG4bK-d8754z-1cf67b12fff3ba66-1---d8754z-;rport=4539.',
	'To: <sip:2222222222@<outbound_server_ip>>;tag=a6c85cf.',
	'From: <sip:8887779996@<opensips_proxy_pubip>>;tag=fd542335.',
	'Call-ID: Y2UzN2VmYTFhMzczNDk3ZGE1NzM0YjI4NzUzYzQyZTA.',
	'CSeq: 1 OPTIONS.',
	'Content-Length: 0.',
	'.',
	'```',
	'',
].join('\n');

void test('ngrep packet lines with placeholder addresses: read as ngrep, addresses as written', () => {
	const a = analyzeTrace(text);
	assert.equal(a.format, 'ngrep');
	assert.deepEqual(
		a.messages.map((m) => [
			m.method ?? m.status,
			m.callId,
			m.frame.src,
			m.frame.dst,
			m.frame.transport,
		]),
		[
			[
				'OPTIONS',
				'Y2UzN2VmYTFhMzczNDk3ZGE1NzM0YjI4NzUzYzQyZTA',
				'<from_ip>:4539',
				'<opensips_proxy_ip>:5060',
				'UDP',
			],
			[
				200,
				'Y2UzN2VmYTFhMzczNDk3ZGE1NzM0YjI4NzUzYzQyZTA',
				'<opensips_proxy_ip>:5060',
				'<from_ip>:4539',
				'UDP',
			],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
});

void test("ngrep of a capture agent's HEP packets (port 9060, `HEP3` and binary fields before the SIP): the packet line's addresses are the capture link's, not the message's", () => {
	const packet = (magic: string) =>
		[
			'T 10.203.134.187:10398 -> 10.203.134.194:9060 [AP]',
			`${magic}.@...................................`,
			'Z&.....',
			'.........myhep......SIP/2.0 487 Request cancelled.',
			'Via: SIP/2.0/UDP 10.203.134.187;received=10.203.134.187;rport=5060;branch=z9hG4bKUgUv1StZ9HmgF.',
			'From: <sip:17325559837@10.203.134.187>;tag=ZSNe61tKX2gFp.',
			'To: <sip:VH111@call.net>;tag=eee99bc01afb.',
			'Call-ID: 3ed76454-5479-1236-b8a0-0688e01b7b70.',
			'CSeq: 1 INVITE.',
			'Content-Length: 0.',
			'.',
			'',
		].join('\n');
	const hep = analyzeTrace(packet('HEP3'));
	assert.deepEqual(
		hep.messages.map((m) => [m.status, m.frame.src, m.frame.dst, m.frame.transport]),
		[[487, null, null, null]],
	);
	// Any other payload before the SIP keeps the packet line's addresses.
	const other = analyzeTrace(packet('ABCD'));
	assert.deepEqual(
		other.messages.map((m) => [m.status, m.frame.src, m.frame.dst]),
		[[487, '10.203.134.187:10398', '10.203.134.194:9060']],
	);
});
