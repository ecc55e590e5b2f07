// The Cisco SIP stack's message records in an IP phone's console log / PRT and in Jabber's log
// (`ciscoSipio`): the variants of the shapes the public excerpts show (framingExcerpts.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { detectFormat } from '../../server/src/core/framing/detect';
import { textOf } from '../../server/src/core/parser/joins';
import { coversAll } from './coversAll';

const summary = (a: ReturnType<typeof analyzeTrace>): unknown[] =>
	a.messages.map((m) => [m.method ?? m.status, m.frame.time, m.frame.direction]);

const lines = (...l: string[]): string => l.join('\n') + '\n';

const ok = (tab: string, cseq: number): string[] => [
	`${tab}Via: SIP/2.0/TCP 192.168.7.104:51778;branch=z9hG4bK66da98ae^M`,
	`${tab}From: <sip:2222@192.168.7.200>;tag=c80084aa8743001411d7279b-7ecf20ad^M`,
	`${tab}To: <sip:2222@192.168.7.200>;tag=1^M`,
	`${tab}Call-ID: c80084aa-87430003-255b99f4-783a63d4@192.168.7.104^M`,
	`${tab}CSeq: ${cseq} REGISTER^M`,
	`${tab}Content-Length: 0^M`,
	`${tab}^M`,
];

test('a phone log of older firmware: no `JAVA-`, with the thread or without it, a day padded by a space', () => {
	const text = lines(
		'0100 DEB Mar  9 18:32:45.477430 (618:927) sipio-recv<--- SIP/2.0 200 OK^M',
		...ok('\t', 113),
		'0101 DEB Mar  9 18:32:45.477552 (618:927) ::End-Of-Sip-Message::',
		'0102 DEB Mar  9 18:32:46.000001 sipio-recv<--- SIP/2.0 200 OK^M',
		...ok('\t', 114),
		'0103 DEB Mar  9 18:32:46.000120 ::End-Of-Sip-Message::',
	);
	assert.equal(detectFormat(text), 'ciscoSipio');
	const a = analyzeTrace(text);
	assert.deepEqual(summary(a), [
		[200, '--03-09T18:32:45.477430', 'in'],
		[200, '--03-09T18:32:46.000001', 'in'],
	]);
	assert.deepEqual(
		a.messages.map((m) => m.cseq),
		[
			{ seq: 113, method: 'REGISTER' },
			{ seq: 114, method: 'REGISTER' },
		],
	);
	coversAll(text, a);
});

test('a piece of a phone message that a later record goes on joins the header line it cut', () => {
	const text = lines(
		'5904 DEB Mar 09 18:32:45.473187 (618:927) JAVA-sipio-sent---> REGISTER sip:192.168.7.200 SIP/2.0^M',
		'\tVia: SIP/2.0/TCP 192.168.7.104:51778;branch=z9hG4bK66da98ae^M',
		'\tFrom: <sip:2222@192.168.7.200>;tag=c80084aa8743001411d7279b-7ecf20ad^M',
		'\tTo: <sip:2222@192.168.7.200>^M',
		'\tCall-ID: c80084aa-87430003-255b99f4-783a63d4@192.168.7.104^M',
		'\tCSeq: 113 REGISTER^M',
		'\tMax-Forwards: 70^M',
		'\tReason: SIP;cause=200;text="cisco-alarm:23 ActiveLoad=si',
		'5905 DEB Mar 09 18:32:45.473370 (618:927) JAVA-p78xx.12-1-1-12.loads"^M',
		'\tContent-Length: 0^M',
		'\t^M',
		'5906 DEB Mar 09 18:32:45.473462 (618:927) JAVA-::End-Of-Sip-Message::',
		'5907 DEB Mar 09 18:32:45.473500 (618:927) JAVA-SIPCC-SIP_TRANS: sipTransportSendMessage: Starting reTx timer',
	);
	const a = analyzeTrace(text);
	assert.deepEqual(summary(a), [['REGISTER', '--03-09T18:32:45.473187', 'out']]);
	const m = a.messages[0]!;
	const reason = m.header('reason')!.value;
	assert.equal(
		textOf(text, m.frame, reason.start, reason.end),
		'SIP;cause=200;text="cisco-alarm:23 ActiveLoad=sip78xx.12-1-1-12.loads"',
	);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
	coversAll(text, a);
});

test('a phone log without end records: the record after a message is not a piece of it', () => {
	const text = lines(
		'5919 DEB Mar 09 18:32:45.477430 (618:927) JAVA-sipio-recv<--- SIP/2.0 200 OK^M',
		'\tVia: SIP/2.0/TCP 192.168.7.104:51778;branch=z9hG4bK66da98ae^M',
		'\tFrom: <sip:2222@192.168.7.200>;tag=c80084aa8743001411d7279b-7ecf20ad^M',
		'\tTo: <sip:2222@192.168.7.200>;tag=1^M',
		'\tCall-ID: c80084aa-87430003-255b99f4-783a63d4@192.168.7.104^M',
		'\tCSeq: 113 REGISTER^M',
		'\tContent-Type: text/plain^M',
		'\t^M',
		'\tno length',
		'5920 DEB Mar 09 18:32:45.477552 (618:927) JAVA-SIPCC-SIP_TRANS: a record of its own',
		'5921 DEB Mar 09 18:32:45.477600 (618:927) JAVA-sipio-recv<--- SIP/2.0 200 OK^M',
		...ok('\t', 114),
	);
	const a = analyzeTrace(text);
	assert.deepEqual(summary(a), [
		[200, '--03-09T18:32:45.477430', 'in'],
		[200, '--03-09T18:32:45.477600', 'in'],
	]);
	const first = a.messages[0]!.frame;
	assert.ok(!text.slice(first.span.start, first.span.end).includes('5920'));
	assert.ok(a.noise.some((n) => text.slice(n.start, n.end).startsWith('5920 DEB')));
	coversAll(text, a);
});

test("a body's own indentation after the phone's tab is the body's", () => {
	const body = '<a>\n  <b/>\n</a>';
	const text = lines(
		'0611 DEB Dec 21 14:33:00.127717 JAVA-sipio-sent---> SIP/2.0 200 OK^M',
		'\tVia: SIP/2.0/TCP 10.62.153.20:52464;branch=z9hG4bK2037857c^M',
		'\tFrom: <sip:5035@10.48.47.136>;tag=1^M',
		'\tTo: <sip:2211@10.48.47.136>;tag=2^M',
		'\tCall-ID: c80084aa@10.62.153.20^M',
		'\tCSeq: 101 INFO^M',
		'\tContent-Type: application/xml^M',
		`\tContent-Length: ${body.length}^M`,
		'\t^M',
		...body.split('\n').map((l) => `\t${l}`),
		'0612 DEB Dec 21 14:33:00.127800 JAVA-::End-Of-Sip-Message::',
	);
	const a = analyzeTrace(text);
	assert.deepEqual(summary(a), [[200, '--12-21T14:33:00.127717', 'out']]);
	const m = a.messages[0]!;
	const f = m.frame;
	const pieces: string[] = [];
	for (let i = 0; i < f.lines!.length; i += 2)
		pieces.push(text.slice(f.lines![i]!, f.lines![i + 1]!));
	assert.deepEqual(pieces.slice(-3), ['<a>', '  <b/>', '</a>']);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['response.no-request'],
	);
	coversAll(text, a);
});

test("Jabber's log: the record with its date or its time alone, the next record ends the message", () => {
	const record = (time: string, dir: string): string =>
		`${time} DEBUG [0x00000e2c] [\\sipcc\\core\\sipstack\\ccsip_debug.c(1041)] [csf.sip-call-control] [platform_print_sip_msg] - ${dir}`;
	const text = lines(
		record('2020-03-30 13:03:19,200', 'sipio-sent---> ') + 'OPTIONS sip:10.10.10.1 SIP/2.0',
		'Via: SIP/2.0/TLS 10.10.10.10:62162;branch=z9hG4bK00001188',
		'From: <sip:1010@10.10.10.1>;tag=8823',
		'To: <sip:1010@10.10.10.1>',
		'Call-ID: 88232345@10.10.10.10',
		'CSeq: 2270 OPTIONS',
		'Max-Forwards: 70',
		'',
		'2020-03-30 13:03:19,201 INFO  [0x00000e2c] [sipstack\\sip_transport_connection.c(431)] [csf.sip-call-control] [sip_create_transport_connection] - another record',
		record('13:03:19,310', 'sipio-recv<--- ') + 'SIP/2.0 200 OK',
		'Via: SIP/2.0/TLS 10.10.10.10:62162;branch=z9hG4bK00001188',
		'From: <sip:1010@10.10.10.1>;tag=8823',
		'To: <sip:1010@10.10.10.1>;tag=44',
		'Call-ID: 88232345@10.10.10.10',
		'CSeq: 2270 OPTIONS',
		'',
	);
	assert.equal(detectFormat(text), 'ciscoSipio');
	const a = analyzeTrace(text);
	assert.deepEqual(summary(a), [
		['OPTIONS', '2020-03-30T13:03:19.200', 'out'],
		[200, '13:03:19.310', 'in'],
	]);
	assert.equal(a.messages[0]!.frame.epochMicros, Date.UTC(2020, 2, 30, 13, 3, 19, 200) * 1000);
	assert.equal(a.index.requestOf(1), 0);
	assert.ok(a.noise.some((n) => text.slice(n.start, n.end).includes('another record')));
	coversAll(text, a);
});

test('a line that only names a sipio record is not a phone log', () => {
	const text = lines(
		'Search the log for "sipio-sent---> INVITE" to find the messages.',
		'INVITE sip:a@b SIP/2.0',
		'Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1',
		'Call-ID: x',
		'CSeq: 1 INVITE',
		'',
	);
	assert.equal(detectFormat(text), 'raw');
});

/** An Expressway X7 record of a received INFO, up to its Content headers (a VCS log in a repository). */
const infoRecord = [
	'2012-12-11T03:06:53+00:00 cisco tvcs: UTCTime="2012-12-11 03:06:53,142" Module="network.sip" Level="DEBUG":  Src-ip="90.214.3.75"  Src-port="64981"',
	' SIPMSG:',
	' |INFO sip:phonebook@fyp.com SIP/2.0',
	' Via: SIP/2.0/TLS 192.168.0.3:64981;branch=z9hG4bK0003fb;received=90.214.3.75;rport=64981',
	' Call-ID: 546f4050ff00d58b@192.168.0.3',
	' CSeq: 103 INFO',
	' From: <sip:laura@fyp.com>;tag=1',
	' To: <sip:phonebook@fyp.com>',
	' Max-Forwards: 70',
];

test("Expressway's older network record names the peer only: Src-ip for a message received, Dst-ip for one sent", () => {
	const text = lines(
		...infoRecord,
		' Content-Length: 0',
		' ',
		' |',
		'2012-12-11T03:06:54+00:00 cisco tvcs: UTCTime="2012-12-11 03:06:54,548" Module="network.sip" Level="DEBUG":  Dst-ip="90.214.3.75"  Dst-port="64981"',
		' SIPMSG:',
		' |SIP/2.0 200 OK',
		' Via: SIP/2.0/TLS 192.168.0.3:64981;branch=z9hG4bK0003fb;received=90.214.3.75;rport=64981',
		' Call-ID: 546f4050ff00d58b@192.168.0.3',
		' CSeq: 103 INFO',
		' From: <sip:laura@fyp.com>;tag=1',
		' To: <sip:phonebook@fyp.com>;tag=2',
		' Content-Length: 0',
		' ',
		' |',
	);
	assert.equal(detectFormat(text), 'expressway');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [
			m.method ?? m.status,
			m.frame.time,
			m.frame.direction,
			m.frame.src,
			m.frame.dst,
		]),
		[
			['INFO', '2012-12-11T03:06:53.142', 'in', '90.214.3.75:64981', null],
			[200, '2012-12-11T03:06:54.548', 'out', null, '90.214.3.75:64981'],
		],
	);
	// The closing bar is the frame's, not log text.
	const f = a.messages[0]!.frame;
	assert.ok(text.slice(f.span.start, f.span.end).endsWith(' |\n'));
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
	coversAll(text, a);
});

test("Expressway's log: a body with its own indent keeps it, and a body with no final line end has the closing bar glued to it", () => {
	// A VCS network log committed in a repository: an XML body indented by its sender under the
	// log's one space, and a body the log closed with `|` right after its last octet.
	const search = [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<SearchParameters>',
		'  <searchString>te</searchString>',
		'  <maxResultSize>10</maxResultSize>',
		'</SearchParameters>',
	];
	const usage = '<resourceusageinfo><callsavailable>249</callsavailable></resourceusageinfo>';
	const crlf = (body: string[]): number => body.reduce((n, l) => n + l.length + 2, 0) - 2;
	const text = lines(
		...infoRecord,
		' Content-Type: application/tandberg-phonebook+xml',
		`Content-Length: ${crlf(search)}`.replace(/^/, ' '),
		'',
		...search.map((l) => ` ${l}`),
		'|',
		'2013-03-26T15:36:53+00:00 vcs tvcs: UTCTime="2013-03-26 15:36:53,887" Module="network.sip" Level="DEBUG":  Dst-ip="10.50.152.101"  Dst-port="7001"',
		' SIPMSG:',
		' |OPTIONS sip:10.50.152.101:7001;transport=tls SIP/2.0',
		' Via: SIP/2.0/TLS 10.47.156.200:5061;branch=z9hG4bK9f3895;rport',
		' Call-ID: 59bd3cd31e1ea4bc@10.47.156.200',
		' CSeq: 63330 OPTIONS',
		' From: <sip:10.47.156.200>;tag=bb8a8bf9',
		' To: <sip:10.50.152.101:7001>',
		' Max-Forwards: 0',
		' Content-Type: text/xml',
		` Content-Length: ${usage.length}`,
		' ',
		` ${usage}|`,
	);
	const a = analyzeTrace(text);
	assert.equal(a.format, 'expressway');
	assert.deepEqual(
		a.messages.map((m) => m.method),
		['INFO', 'OPTIONS'],
	);
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('content-length')),
		[],
	);
	const options = a.messages[1]!;
	assert.equal(text.slice(options.body!.start, options.body!.end), usage);
	coversAll(text, a);
});

test("IOS XE's VoIP trace: `Received: SIP UDP message from a:p to b:p` gives the direction, both addresses and the transport", () => {
	const invite = [
		'INVITE sip:8888@CUBE.com SIP/2.0',
		'Via: SIP/2.0/UDP 8.41.17.71:5099;branch=z9hG4bK-24132-1-0',
		'From: <sip:808808@8.41.17.71:5099>;tag=1',
		'To: <sip:8888@8.44.25.45:5060>',
		'Call-ID: 1-24132@8.41.17.71',
		'CSeq: 1 INVITE',
		'Max-Forwards: 70',
		'Content-Length: 0',
		'',
	];
	const text = lines(
		'0: *Aug 30 21:21:45.583: //1/1CE915CE8002/CUBE_VT/SIP/Msg/ccsipDisplayMsg:',
		'Received: SIP UDP message from 8.41.17.71:5099 to 8.44.25.45:5060 ',
		...invite,
		'1: *Aug 30 21:21:45.585: //1/1CE915CE8002/CUBE_VT/SIP/Msg/ccsipDisplayMsg:',
		'Sent: SIP TCP message to 8.41.17.71:5099 from 8.44.25.45:5060',
		...invite.map((l) => l.replace('INVITE sip:8888@CUBE.com SIP/2.0', 'SIP/2.0 100 Trying')),
		'2: *Aug 30 21:21:45.590: //1/1CE915CE8002/CUBE_VT/SIP/Msg/ccsipDisplayMsg:',
		'Sent:',
		...invite.map((l) => l.replace('INVITE sip:8888@CUBE.com SIP/2.0', 'SIP/2.0 180 Ringing')),
	);
	const a = analyzeTrace(text);
	coversAll(text, a);
	assert.equal(a.format, 'ccsip');
	assert.deepEqual(
		a.messages.map((m) => [
			m.status ?? m.method,
			m.frame.direction,
			m.frame.src,
			m.frame.dst,
			m.frame.transport,
		]),
		[
			['INVITE', 'in', '8.41.17.71:5099', '8.44.25.45:5060', 'UDP'],
			[100, 'out', '8.44.25.45:5060', '8.41.17.71:5099', 'TCP'],
			[180, 'out', null, null, null],
		],
	);
});

test("IOS 12's `1w0d:SIP Msg:ccsipDisplayMsg:Received:` (record and direction on one line) opens each message and says its direction", () => {
	const message = (start: string, cseq: string): string[] => [
		start,
		'Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bK1D38',
		'From: <sip:111@192.0.2.14>;tag=3DD33DE4-10DF',
		'To: <sip:222@192.0.2.4>;tag=a1',
		'Call-ID: A2B205CC-4A4811D6@192.0.2.14',
		`CSeq: ${cseq}`,
		'Max-Forwards: 70',
		'Content-Length: 0',
		'',
	];
	const text = lines(
		'1w0d:SIP Msg:ccsipDisplayMsg:Received:',
		...message('UPDATE sip:222@192.0.2.12:5060 SIP/2.0', '102 UPDATE'),
		'1w0d:SIP Msg:ccsipDisplayMsg:Sent:',
		...message('SIP/2.0 200 OK', '102 UPDATE').filter((l) => !l.startsWith('Max-Forwards')),
	);
	const a = analyzeTrace(text);
	coversAll(text, a);
	assert.equal(a.format, 'ccsip');
	assert.deepEqual(
		a.messages.map((m) => [m.status ?? m.method, m.frame.direction, a.index.requestOf(m.index)]),
		[
			['UPDATE', 'in', null],
			[200, 'out', 0],
		],
	);
});

// Cisco's "Configuring AAA" guide quotes `debug ccsip messages` with no space before `//`; its
// IOS XE `show voip trace` sample prints `Received:` and `Sent:` above each message, no record line.
test('a ccsip record with no space before `//` still times its message; `Received:` / `Sent:` alone give the direction', () => {
	const message = (start: string, cseq: string) => [
		start,
		'Via: SIP/2.0/UDP 172.18.193.120:5060;branch=z9hG4bKAA1',
		'From: <sip:5550111@172.18.193.120>;tag=1',
		'To: <sip:5550123@172.18.193.187>',
		'Call-ID: 2B1C8A-1F8@172.18.193.120',
		`CSeq: ${cseq}`,
		'Content-Length: 0',
		'',
	];
	const debug = lines(
		'*Oct 11 21:40:26.175://-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:',
		'Sent:',
		...message('INVITE sip:5550123@172.18.193.187:5060 SIP/2.0', '101 INVITE'),
		'*Oct 11 21:40:26.179://-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:',
		'Received:',
		...message('SIP/2.0 100 Trying', '101 INVITE'),
	);
	const a = analyzeTrace(debug);
	assert.equal(a.format, 'ccsip');
	assert.deepEqual(summary(a), [
		['INVITE', '--10-11T21:40:26.175', 'out'],
		[100, '--10-11T21:40:26.179', 'in'],
	]);
	const trace = lines(
		'//CUBE receives INVITE message from the client',
		'Received: ',
		...message('INVITE sip:6666@CUBE.com SIP/2.0', '1 INVITE'),
		'Sent: ',
		...message('SIP/2.0 100 Trying', '1 INVITE'),
	);
	assert.deepEqual(summary(analyzeTrace(trace)), [
		['INVITE', null, 'in'],
		[100, null, 'out'],
	]);
});

test('older IOS `debug ccsip messages`: the direction right after the stamp, TCL records and the prompt between messages', () => {
	// The shape of Cisco's IOS SIP configuration guide (a TCL MWI client's SUBSCRIBE and the
	// gateway's answers), bodies glued to the headers as IOS printed them.
	const text = lines(
		'*Apr 19 08:38:52.525: //-1//TCL2:HN01C24D3C:/tcl_PutsCmd:',
		'Sending MWI client request to server',
		'*Apr 19 08:38:52.529: Sent:',
		'SUBSCRIBE sip:user@10.7.104.88:5060 SIP/2.0',
		'Via: SIP/2.0/UDP  10.7.102.35:5060',
		'From: <sip:10.7.102.35>;tag=1C24D44-20FD',
		'To: <sip:user@10.7.104.88>',
		'Call-ID: C4BB7610-150411D4-802186E3-AD119804',
		'CSeq: 101 SUBSCRIBE',
		'Max-Forwards: 6',
		'Contact: <sip:10.7.102.35:5060>',
		'Event: message-summary',
		'Expires: 500',
		'Content-Type: text/plain',
		'Content-Length: 21',
		'This is from client',
		'*Apr 19 08:38:52.537: Received:',
		'SIP/2.0 202 Accepted',
		'Via: SIP/2.0/UDP  10.7.102.35:5060',
		'From: <sip:10.7.102.35>;tag=1C24D44-20FD',
		'To: <sip:user@10.7.104.88>;tag=1D80E90-2072',
		'Call-ID: C4BB7610-150411D4-802186E3-AD119804',
		'Content-Length: 0',
		'CSeq: 101 SUBSCRIBE',
		'Expires: 500',
		'c5300-5#',
		'*Apr 19 08:38:52.541: //-1//TCL2:HN01C24D3C:/tcl_PutsCmd: *** act_subscribe: subscription status=sn_000',
		'*Apr 19 08:38:52.545: Received:',
		'NOTIFY sip:10.7.102.35:5060 SIP/2.0',
		'Via: SIP/2.0/UDP  10.7.104.88:5060',
		'From: <sip:user@10.7.104.88>;tag=1D80E90-2072',
		'To: <sip:10.7.102.35>;tag=1C24D44-20FD',
		'Call-ID: C4BB7610-150411D4-802186E3-AD119804',
		'Max-Forwards: 6',
		'CSeq: 101 NOTIFY',
		'Event: message-summary',
		'Subscription-State: active;expires=500',
		'Contact: <sip:user@10.7.104.88:5060>',
		'Content-Length: 43',
		'Content-Type: text/plain',
		'This is content(message body) from server',
		'*Apr 19 08:38:52.549: //-1//TCL2:HN01C24D3C:/tcl_PutsCmd: *** act_Notify : NOTIFY RECEIVED',
	);
	assert.equal(detectFormat(text), 'ccsip');
	const a = analyzeTrace(text);
	assert.deepEqual(summary(a), [
		['SUBSCRIBE', '--04-19T08:38:52.529', 'out'],
		[202, '--04-19T08:38:52.537', 'in'],
		['NOTIFY', '--04-19T08:38:52.545', 'in'],
	]);
	// Each body is its own: the next record is not part of it, the prompt no header.
	assert.deepEqual(
		a.messages.map((m) => (m.body ? text.slice(m.body.start, m.body.end).trimEnd() : null)),
		['This is from client', null, 'This is content(message body) from server'],
	);
	// The guide's 202 makes the subscription's dialog without Contact (RFC 3261 §12.1.1): its
	// only fault.
	assert.deepEqual(
		a.problems.filter((p) => p.severity === 'error').map((p) => p.code),
		['response.missing-contact'],
	);
	assert.equal(a.index.subscriptionOf(2)?.creator, 0);
	coversAll(text, a);
});

test('IOS SIP call tracing: a message logged in fragments is read whole, each fragment joined where the size cut it', () => {
	// The shape of Cisco's `show voip trace` sample (IOS 15.3): the INVITE in three fragments, the
	// first cut right before a line end, the second inside a line (`Con` / `tent-Length: 0`).
	const record = (time: string, n: number, id: number, last: boolean, direction: string): string =>
		`*Jul  2 13:16:${time}: sip_msgs: SIP_MSG: Fragment Number = ${n},  Message Id = ${id}, Last Fragment = ${last ? 'Yes' : 'No'}, Messages Direction = ${direction}, Message:`;
	const text = lines(
		'*Jul  2 13:16:30.125: sip_apis: API Name = voip_rtp_update_callinfo Ret_code= 0',
		record('30.125', 1, 3, false, 'Sent'),
		'SUBSCRIBE sip:22222@9.40.1.22:9632 SIP/2.0',
		'Via: SIP/2.0/UDP 9.40.1.30:5060;branch=z9hG4bK07AC',
		'From: "11111 " <sip:11111@9.40.1.30>;tag=38C94-2507',
		'To: <sip:22222@9.40.1.22>',
		'Call-ID: 7155B639-FFFFFFFFE25011E2@9.40.1.30',
		'--------',
		'',
		record('30.126', 2, 3, false, 'Sent'),
		'',
		'CSeq: 101 SUBSCRIBE',
		'Contact: <sip:11111@9.40.1.30:5060>',
		'Event: kpml',
		'Expires: 7200',
		'Max-Forwards: 69',
		'Con',
		'--------',
		'',
		record('30.126', 3, 3, true, 'Sent'),
		'tent-Length: 0',
		'',
		'--------',
		'',
		'*Jul  2 13:16:30.127: sip_fsm: FSM TYPE = SIP STATE TRANS FSM Current State = STATE_IDLE',
		record('30.128', 1, 4, true, 'received'),
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/UDP 9.40.1.30:5060;branch=z9hG4bK07AC',
		'From: "11111 " <sip:11111@9.40.1.30>;tag=38C94-2507',
		'To: <sip:22222@9.40.1.22>;tag=4',
		'Call-ID: 7155B639-FFFFFFFFE25011E2@9.40.1.30',
		'CSeq: 101 SUBSCRIBE',
		'Contact: <sip:22222@9.40.1.22:9632>',
		'Expires: 7200',
		'Content-Length: 0',
		'',
		'--------',
	);
	assert.equal(detectFormat(text), 'ciscoVoipTrace');
	const a = analyzeTrace(text);
	assert.deepEqual(summary(a), [
		['SUBSCRIBE', '--07-02T13:16:30.125', 'out'],
		[200, '--07-02T13:16:30.128', 'in'],
	]);
	const subscribe = a.messages[0]!;
	assert.deepEqual(subscribe.cseq, { seq: 101, method: 'SUBSCRIBE' });
	assert.equal(subscribe.contentLength, 0);
	assert.equal(subscribe.event?.package, 'kpml');
	assert.equal(a.index.requestOf(1), 0);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
	coversAll(text, a);
});

test('the IOS call trace sample: the INVITE in three fragments and the 200 in two read whole, linked', () => {
	const text = readFileSync(
		join(__dirname, '..', 'fixtures', 'formats', 'cisco-voip-trace.txt'),
		'utf8',
	);
	assert.equal(detectFormat(text), 'ciscoVoipTrace');
	const a = analyzeTrace(text);
	assert.deepEqual(summary(a), [
		['INVITE', '--07-02T13:16:30.125', 'out'],
		[180, '--07-02T13:16:30.126', 'in'],
		[200, '--07-02T13:16:30.128', 'in'],
	]);
	const [invite, , ok] = a.messages;
	// Headers of the second fragment are the INVITE's; the 200's SDP line cut between fragments
	// is one line.
	assert.deepEqual(invite!.cseq, { seq: 101, method: 'INVITE' });
	assert.equal(invite!.contentLength, 206);
	assert.ok(
		textOf(text, ok!.frame, ok!.body!.start, ok!.body!.end).includes(
			'a=rtpmap:101 telephone-event/8000',
		),
	);
	assert.deepEqual([a.index.requestOf(1), a.index.requestOf(2)], [0, 0]);
	// Only what the page lost: the spaces at the ends of the INVITE's SDP lines.
	assert.deepEqual(
		a.problems.map((p) => [p.code, p.message.slice(0, 40)]),
		[['content-length.mismatch', 'Content-Length is 206 but only 203 octet']],
	);
	coversAll(text, a);
});

test("a Cisco debug's `Sent:` run onto the last header line of the message before (`Content-Length: 0 Sent:`): the value is 0, the banner the log's", () => {
	// The shape of a Cisco CUE/CME TAC page whose copy joined each `Sent:` / `Received:` to the
	// line above it.
	const trying = [
		'SIP/2.0 100 Trying',
		'Via: SIP/2.0/UDP 10.10.202.50:5060;branch=z9hG4bKkuJtPQ~~3',
		'From: <sip:3602@10.10.202.50:5060>;tag=cue9c19e76c',
		'To: <sip:39983001@10.10.202.1:5060;user=phone>',
		'Call-ID: 13729499207617@10.10.202.50',
		'CSeq: 1 INVITE',
		'Content-Length: 0 Sent:',
	];
	const ringing = [
		'SIP/2.0 180 Ringing',
		...trying.slice(1, 3),
		'To: <sip:39983001@10.10.202.1:5060;user=phone>;tag=80B2C0-1CF',
		...trying.slice(4, 6),
		'Content-Length: 0',
	];
	const text = lines(...trying, ...ringing, '');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 2);
	assert.equal(a.messages[0]!.contentLength, 0);
	assert.deepEqual(
		a.problems.filter((p) => p.code === 'header.bad-content-length').map((p) => p.severity),
		['information'],
	);
});
