// OPAL's trace records above the PDUs it sends and receives (Ekiga, T38Modem). The sending record
// as an Ekiga forum post (2010, "PDU Write Failed") and T38Modem's issue log show it; the receiving
// one as OPAL's sippdu.cxx writes it (an OpalTransport printed as `udp$remote<if=udp$local>`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const subscribe = [
	'SUBSCRIBE sip:500@ekiga.net SIP/2.0',
	'CSeq: 2 SUBSCRIBE',
	'Via: SIP/2.0/UDP 173.198.4.114:5060;branch=z9hG4bKd8db80c3-b5d4-df11-9ee1-0025648c054d;rport',
	'From: "ryan" <sip:ryan@173.198.4.114>;tag=0aa080c3-b5d4-df11-9ee1-0025648c054d',
	'Call-ID: 48923ec1-b5d4-df11-9ee1-0025648c054d@ryan-lin',
	'To: <sip:500@ekiga.net>',
	'Expires: 300',
	'Event: presence',
	'Content-Length: 0',
	'Max-Forwards: 70',
	'',
	'',
];
const ok = [
	'SIP/2.0 200 OK',
	'CSeq: 2 SUBSCRIBE',
	'Via: SIP/2.0/UDP 173.198.4.114:5060;branch=z9hG4bKd8db80c3-b5d4-df11-9ee1-0025648c054d;rport',
	'From: "ryan" <sip:ryan@173.198.4.114>;tag=0aa080c3-b5d4-df11-9ee1-0025648c054d',
	'Call-ID: 48923ec1-b5d4-df11-9ee1-0025648c054d@ryan-lin',
	'To: <sip:500@ekiga.net>;tag=as1f',
	'Expires: 300',
	'Content-Length: 0',
	'',
	'',
];
const stamp = (time: string, since: string) =>
	`2010/10/12 ${time}\t  ${since}\t                       \tSIP\t`;

test("Ekiga's trace: the record above each PDU gives its time, direction, transport and addresses", () => {
	const text = [
		`${stamp('14:31:37.856', '0:04.066')}Transaction created.`,
		`${stamp('14:31:37.892', '0:04.103')}Sending PDU (550 bytes) to: rem=udp$86.64.162.35:5060,local=udp$*:5060,if=10.10.20.12%eth0`,
		...subscribe,
		`${stamp('14:31:37.992', '0:04.203')}PDU Received on udp$86.64.162.35:5060<if=udp$10.10.20.12:5060>`,
		...ok,
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [
			m.method ?? m.status,
			m.frame.time,
			m.frame.direction,
			m.frame.transport,
			m.frame.src,
			m.frame.dst,
		]),
		[
			['SUBSCRIBE', '2010-10-12T14:31:37.892', 'out', 'UDP', null, '86.64.162.35:5060'],
			[200, '2010-10-12T14:31:37.992', 'in', 'UDP', '86.64.162.35:5060', '10.10.20.12:5060'],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
});

test("T38Modem's trace (time since start only): addresses and direction, no time of day", () => {
	const text = [
		'  0:01.093\t          SIP Pool:1448\t      sippdu.cxx(2615)\tSIP     \tSending PDU (453 bytes) to: rem=tcp$54.123.123.123:5060,local=tcp$10.10.5.26:55741,if=10.10.5.26',
		...ok,
	].join('\n');
	const m = analyzeTrace(text).messages[0]!;
	assert.deepEqual(
		[m.frame.time, m.frame.direction, m.frame.transport, m.frame.src, m.frame.dst],
		[null, 'out', 'TCP', '10.10.5.26:55741', '54.123.123.123:5060'],
	);
});
