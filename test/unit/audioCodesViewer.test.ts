// AudioCodes' Syslog Viewer saved as text: a record a line (`09/13 14:47:15.000  100.112.70.10
// local0.notice  [S=76337880] [SID=...]  `), its further lines indented under it, `[Time:...]`
// closing it; a message longer than a record goes on in the next record of its session, cut
// inside a line. The shape of a Teams Direct Routing INVITE as the viewer saved it (the
// dfgs/SIP-o-matic project's AudioCodes syslog test data), shortened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { coversAll } from './coversAll';

const pad = ' '.repeat(89);
const record = (s: number, first: string, rest: string[]): string[] => [
	`09/13 14:47:15.000  100.112.70.10  local0.notice  [S=${s}] [SID=cd9263:28:29209476]  ${first} `,
	...rest.map((l) => `${pad}${l}`),
];
const sdp = [
	'v=0',
	'o=- 0 0 IN IP4 52.114.252.65',
	's=session',
	'c=IN IP4 52.114.252.65',
	't=0 0',
	'm=audio 52527 RTP/SAVP 0 8 101',
	'a=candidate:4 1 UDP 1258289663 52.114.252.65 52527 typ relay raddr 159.180.243.190 rport 50004',
	'a=rtpmap:0 PCMU/8000',
	'a=rtpmap:8 PCMA/8000',
	'a=rtpmap:101 telephone-event/8000',
	'a=ptime:20',
];
const length = sdp.reduce((n, l) => n + l.length + 2, 0);
const invite = [
	'INVITE sip:+333901@sbc.example.com:5061;user=phone;transport=tls SIP/2.0',
	'FROM: "AccessIT"<sip:+33143901980@sip.pstnhub.microsoft.com:5061;user=phone>;tag=472a5172',
	'TO: <sip:+333901@sbc.example.com:5061;user=phone>',
	'CSEQ: 1 INVITE',
	'CALL-ID: b12186e3d2f1512ca18f7126e90093c5',
	'MAX-FORWARDS: 70',
	'VIA: SIP/2.0/TLS 52.114.76.76:5061;branch=z9hG4bKd9bf710d',
	'CONTACT: <sip:api-du-b-euwe.pstnhub.microsoft.com:443;transport=tls>',
	`CONTENT-LENGTH: ${length}`,
	'CONTENT-TYPE: application/sdp',
	'',
	...sdp,
];
// The record is full inside the candidate line: `... 52.114.252.65 5`, then `2527 typ relay ...`.
const cutLine = invite.findIndex((l) => l.startsWith('a=candidate:4 1'));
const cutAt = invite[cutLine]!.indexOf(' 52527') + 2;
const text = [
	...record(76337879, '(N 17906355)  (#268)Route found (8999), Route by IPGroup', [
		'(N 17906356)  ---- Incoming SIP Message from 52.114.76.76:11136 to SIPInterface #1 (SIP_DATA_TEAMS) TLS TO(#553) SocketID(10299584)',
		'[Time:13-09@14:47:14.279]',
	]),
	...record(76337880, invite[0]!, [
		...invite.slice(1, cutLine),
		`${invite[cutLine]!.slice(0, cutAt)} [Time:13-09@14:47:14.279]`,
	]),
	...record(76337881, invite[cutLine]!.slice(cutAt), [
		...invite.slice(cutLine + 1),
		'[Time:13-09@14:47:14.279]',
	]),
	...record(
		76337883,
		'(N 17906357)  ---- Outgoing SIP Message to 52.114.76.76:11136 from SIPInterface #1 (SIP_DATA_TEAMS) TLS TO(#553)',
		[
			'SIP/2.0 100 Trying',
			'Via: SIP/2.0/TLS 52.114.76.76:5061;branch=z9hG4bKd9bf710d',
			'From: "AccessIT" <sip:+33143901980@sip.pstnhub.microsoft.com:5061;user=phone>;tag=472a5172',
			'To: <sip:+333901@sbc.example.com:5061;user=phone>',
			'Call-ID: b12186e3d2f1512ca18f7126e90093c5',
			'CSeq: 1 INVITE',
			'Content-Length: 0',
			'',
			'',
			'(N 17906358)  ---- Outgoing SIP Message to 100.127.2.1:5060 from SIPInterface #0 (SIP_VOIX_LINKER) UDP TO(#0)',
			'[Time:13-09@14:47:14.286]',
		],
	),
	'',
].join('\n');

test('a message cut across two records of its session is read whole; the log line after a message without a body is none of it', () => {
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.callId, m.frame.direction]),
		[
			['INVITE', 'b12186e3d2f1512ca18f7126e90093c5', 'in'],
			[100, 'b12186e3d2f1512ca18f7126e90093c5', 'out'],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
	// The SBC's time of the INVITE, from the `[Time:...]` under the line announcing it.
	assert.equal(a.messages[0]!.frame.time, '--09-13T14:47:14.279');
	// And of the 100, from the `[Time:...]` that closes its record, under it: not the syslog
	// server's `14:47:15.000` in the record's head.
	assert.equal(a.messages[1]!.frame.time, '--09-13T14:47:14.286');
	// The candidate line whole again, its port not split by the record's end.
	const body = a.messages[0]!.body!;
	const shown = text.slice(body.start, body.end);
	assert.ok(shown.includes('52.114.252.65 5 [Time:13-09@14:47:14.279]'));
	// No error or warning: the body is as long as its Content-Length says (the viewer's own
	// trailing space on each record's first line not read as the start line's).
	assert.deepEqual(
		a.problems
			.filter((p) => p.severity === 'error' || p.severity === 'warning')
			.map((p) => [p.code, p.message]),
		[],
	);
	assert.equal(a.messages[1]!.body, null);
	coversAll(text, a);
});
