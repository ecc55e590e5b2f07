// A log of a tool the framer has no rules for still tells where each message went, on a line of
// its own right above it: those addresses, the transport, the direction and the time are read
// from it (server/src/core/framing/addressedHeading.ts), and nothing is read from a line that
// does not plainly say them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { coversAll } from './coversAll';

const publicDir = join(__dirname, '..', 'fixtures', 'formats', 'public');

/** What the frame of each message says, with its start line, as the CLI gives it. */
function framesOf(text: string): Record<string, unknown>[] {
	const a = analyzeTrace(text);
	coversAll(text, a);
	return a.messages.map((m) => ({
		start: text.slice(m.startLine.start, m.startLine.end).trim(),
		src: m.frame.src,
		dst: m.frame.dst,
		transport: m.frame.transport,
		direction: m.frame.direction,
		time: m.frame.time,
	}));
}

const options = (branch: string, to = '<sip:10.11.3.2>'): string[] => [
	`Via: SIP/2.0/UDP 192.168.3.107:5060;branch=${branch}`,
	'From: <sip:ping@192.168.3.107>;tag=a1',
	`To: ${to}`,
	'Call-ID: opt-1@192.168.3.107',
	`CSeq: 1 OPTIONS`,
	'Content-Length: 0',
];

/** Two messages of an IP PBX's monitor log: each under its `SIP Rx:` / `SIP Tx:` heading. */
function monitorLog(rx: string, tx: string, indent: string): string {
	const message = (lines: string[]): string => lines.map((l) => indent + l).join('\n') + '\n';
	return [
		rx + '\n',
		message(['OPTIONS sip:10.11.3.2 SIP/2.0', ...options('z9hG4bK-1'), '']),
		tx + '\n',
		message(['SIP/2.0 200 OK', ...options('z9hG4bK-1', '<sip:10.11.3.2>;tag=b2'), '']),
		'12:15:06 1210484671mS CMExtnEvt: v=0 State, new=Idle\n',
	].join('');
}

// The heading lines are as the IP Office monitor prints them, quoted in the comments of a public
// log converter (drgyl/sip, traceIPO.sh): without a date, with an ISO date and with neither.
for (const indent of ['', '        '])
	test(`a monitor's "SIP Rx:" / "SIP Tx:" heading gives addresses, transport, direction and time (${indent ? 'indented' : 'flush'} messages)`, () => {
		const text = monitorLog(
			'12:15:06 1210484664mS SIP Rx: UDP 192.168.3.107:5060 -> 10.11.3.2:5060',
			'2022-04-26T10:19:58 2413009585mS SIP Tx: UDP 10.11.3.2:5060 -> 192.168.3.107:5060',
			indent,
		);
		assert.deepEqual(framesOf(text), [
			{
				start: 'OPTIONS sip:10.11.3.2 SIP/2.0',
				src: '192.168.3.107:5060',
				dst: '10.11.3.2:5060',
				transport: 'UDP',
				direction: 'in',
				time: '12:15:06',
			},
			{
				start: 'SIP/2.0 200 OK',
				src: '10.11.3.2:5060',
				dst: '192.168.3.107:5060',
				transport: 'UDP',
				direction: 'out',
				time: '2022-04-26T10:19:58',
			},
		]);
		const a = analyzeTrace(text);
		assert.equal(a.messages[1]!.frame.epochMicros, Date.UTC(2022, 3, 26, 10, 19, 58) * 1000);
		assert.equal(a.index.requestOf(1), 0);
	});

test('a phone\'s "Recv from udp:" heading (Technicolor TB30 tracing tool, its guide\'s example): source and direction, not its uptime as a time', () => {
	const text = readFileSync(
		join(publicDir, 'technicolor-tb30-tracing-tool-recv-invite.txt'),
		'utf8',
	);
	assert.deepEqual(framesOf(text), [
		{
			start: 'INVITE sip:2205@10.0.0.55:5060 SIP/2.0',
			src: '10.0.0.5:5060',
			dst: null,
			transport: 'UDP',
			direction: 'in',
			time: null,
		},
	]);
});

test('the same tool\'s "Send to" heading: the destination; "Received from A to B": both', () => {
	const message = (start: string): string =>
		[start, ...options('z9hG4bK-2', '<sip:10.11.3.2>;tag=b2'), '', ''].join('\r\n');
	const text =
		'Send to udp: 10.0.0.5:5060 00:00:01:02:003 (300 bytes)\n' +
		message('SIP/2.0 200 OK') +
		'[2026-11-24 19:33:07.512] Received from tcp:[2001:db8::1]:5061 to [2001:db8::2]:5060\n' +
		message('OPTIONS sip:10.11.3.2 SIP/2.0');
	assert.deepEqual(framesOf(text), [
		{
			start: 'SIP/2.0 200 OK',
			src: null,
			dst: '10.0.0.5:5060',
			transport: 'UDP',
			direction: 'out',
			time: null,
		},
		{
			start: 'OPTIONS sip:10.11.3.2 SIP/2.0',
			src: '[2001:db8::1]:5061',
			dst: '[2001:db8::2]:5060',
			transport: 'TCP',
			direction: 'in',
			time: '2026-11-24T19:33:07.512',
		},
	]);
});

// snom phones' SIP trace, as posted: a 2005 firmware's (abptech.com FAQ "Snom Phone Function Keys
// Explained") with the milliseconds after a colon and a day-first date, and a snom370 8.7.5's
// (quoted in a public bench test) with a month name and the milliseconds after a dot.
test('a snom phone\'s "Sent to udp:A at ... (N bytes):" heading: the destination, the direction and the time, its milliseconds after a colon or a dot', () => {
	const message = (start: string): string => [start, ...options('z9hG4bK-4'), '', ''].join('\r\n');
	const text =
		'Sent to udp:209.189.239.106:5060 at 19/10/2005 12:26:20:770 (425 bytes):\n' +
		message('OPTIONS sip:10.11.3.2 SIP/2.0') +
		'Sent to udp:224.0.1.75:5060 at Oct 2 01:15:53.729 (442 bytes)\n' +
		message('OPTIONS sip:10.11.3.3 SIP/2.0');
	assert.deepEqual(framesOf(text), [
		{
			start: 'OPTIONS sip:10.11.3.2 SIP/2.0',
			src: null,
			dst: '209.189.239.106:5060',
			transport: 'UDP',
			direction: 'out',
			// snom writes its date day first, unpadded (`19/10/2005`, `22/1/2009`).
			time: '2005-10-19T12:26:20.770',
		},
		{
			start: 'OPTIONS sip:10.11.3.3 SIP/2.0',
			src: null,
			dst: '224.0.1.75:5060',
			transport: 'UDP',
			direction: 'out',
			time: '--10-02T01:15:53.729',
		},
	]);
});

test('a snom phone\'s "Received from udp:A on udp:B at ...": B, the socket it came in on, is the destination; "Sent to A from B" keeps its source', () => {
	const message = (start: string): string => [start, ...options('z9hG4bK-5'), '', ''].join('\r\n');
	const text =
		'Sent to Udp:172.22.210.3:5060 from Udp:172.22.210.153:5060 at Nov 21 11:28:35.878 (685 bytes):\n\n' +
		message('OPTIONS sip:207@172.22.210.3:5060 SIP/2.0') +
		'Received from Udp:172.22.210.3:5060 on Udp:172.22.210.153:5060 at Nov 21 11:28:35.880 (655 bytes):\n\n' +
		message('SIP/2.0 200 OK') +
		'Sent to udp:10.0.0.9:5060 on udp:172.22.210.153:5060\n' +
		message('OPTIONS sip:208@10.0.0.9 SIP/2.0') +
		// A host of one label after its transport (a snom 370's trace in its wiki).
		'Sent to udp:pbx:5060 at 22/1/2009 15:31:48:066 (526 bytes):\n\n' +
		message('OPTIONS sip:209@pbx SIP/2.0') +
		// Not without its transport: `name:5060` may be any word and a number.
		'Sent to pbx:5060\n' +
		message('OPTIONS sip:210@pbx SIP/2.0');
	assert.deepEqual(
		framesOf(text).map((f) => [
			f.start,
			f.src,
			f.dst,
			f.direction,
			...(String(f.start).includes('209@') ? [f.time] : []),
		]),
		[
			[
				'OPTIONS sip:207@172.22.210.3:5060 SIP/2.0',
				'172.22.210.153:5060',
				'172.22.210.3:5060',
				'out',
			],
			['SIP/2.0 200 OK', '172.22.210.3:5060', '172.22.210.153:5060', 'in'],
			['OPTIONS sip:208@10.0.0.9 SIP/2.0', '172.22.210.153:5060', '10.0.0.9:5060', 'out'],
			['OPTIONS sip:209@pbx SIP/2.0', null, 'pbx:5060', 'out', '2009-01-22T15:31:48.066'],
			['OPTIONS sip:210@pbx SIP/2.0', null, null, null],
		],
	);
});

test("sippts' `[+] Sending to A:p/UDP ...` and `[-] Receiving from A:p/UDP ...`: the address, its transport written after it", () => {
	const message = (start: string): string => [start, ...options('z9hG4bK-6'), '', ''].join('\n');
	const text =
		'[✓] Target: 192.168.235.140:5060/UDP\n\n' +
		'[+] Sending to 192.168.235.140:5060/UDP ...\n' +
		message('OPTIONS sip:192.168.235.140 SIP/2.0') +
		'\n[-] Receiving from 192.168.235.140:5060/TCP ...\n' +
		message('SIP/2.0 200 OK');
	assert.deepEqual(
		framesOf(text).map((f) => [f.src, f.dst, f.transport, f.direction]),
		[
			[null, '192.168.235.140:5060', 'UDP', 'out'],
			['192.168.235.140:5060', null, 'TCP', 'in'],
		],
	);
});

test("a stamp and a direction word alone above the message (Voximplant's session log, `2026-02-16 18:38:19.579  Sent:`): its direction and time", () => {
	const text = [
		'-----BEGIN SIP TRACE UhxdDG64T3GvkbYRm',
		'2026-02-16 18:38:19.579  Sent:',
		'OPTIONS sip:10.11.3.2 SIP/2.0',
		...options('z9hG4bK-v1'),
		'',
		'2026-02-16 18:38:19.616  Received:',
		'SIP/2.0 200 OK',
		...options('z9hG4bK-v1', '<sip:10.11.3.2>;tag=b2'),
		'',
		'',
	].join('\n');
	assert.deepEqual(
		framesOf(text).map((f) => [f.start, f.direction, f.time]),
		[
			['OPTIONS sip:10.11.3.2 SIP/2.0', 'out', '2026-02-16T18:38:19.579'],
			['SIP/2.0 200 OK', 'in', '2026-02-16T18:38:19.616'],
		],
	);
	// A stamp with other words gives the time alone (the record that printed the message); the
	// word alone gives the direction only (Cisco's `show voip trace` prints `Sent:` and
	// `Received:` so).
	for (const [above, direction, time] of [
		['2026-02-16 18:38:19.579  Sent: 3 calls', null, '2026-02-16T18:38:19.579'],
		['Sent:', 'out', null],
		// A program's own `Sending:` / `Receiving:` (a Mac softphone's console, as posted).
		['Sending:', 'out', null],
		['Receiving:', 'in', null],
	] as const)
		assert.deepEqual(
			framesOf(`${above}\n${text.split('\n').slice(2, 10).join('\n')}\n\n`).map((f) => [
				f.direction,
				f.time,
			]),
			[[direction, time]],
			above,
		);
});

test('a line that does not plainly say where the message went gives it nothing', () => {
	const message = ['OPTIONS sip:10.11.3.2 SIP/2.0', ...options('z9hG4bK-3'), '', ''].join('\r\n');
	for (const above of [
		// A call-flow document's step: names, not addresses.
		'F1 OPTIONS Alice -> atlanta.com proxy',
		// An address without a word of direction, or not a valid one.
		'connected to 10.0.0.1:5060',
		'RX from UDP 10.0.0.300:5060',
		// A heading with another log line between it and the message.
		'SIP Rx: UDP 192.168.3.107:5060 -> 10.11.3.2:5060\nCMExtnEvt: v=0 State, new=Idle',
	]) {
		const [frame] = framesOf(`${above}\n${message}`);
		assert.deepEqual(
			[frame!.src, frame!.dst, frame!.direction, frame!.transport, frame!.time],
			[null, null, null, null, null],
			above,
		);
	}
});

// A Ribbon (Sonus) SBC Core call trace: the record, `RAW PDU:`, the message. The record's shape
// is as Ribbon's documentation prints it ("Notes and Examples on Call Trace Log Message") and as
// HOMER's Sonus log reader takes it apart (`sent msg for CallId:... to IP/port:A/P, Local
// IP/port:B/P`): length, `MMDDYYYY HHMMSS.micros`, the peer, the SBC's own address.
const sbcRecord = (words: string): string =>
	`1787 03022026 231502.004711:1.01.00.38939.MAJOR .SIPSG:FILTER=Test_Call GCID=0x00000DDB: EXTRA INFO: ${words}`;

test("an SBC's call trace record gives time, peer, own address and direction, through the `RAW PDU:` line", () => {
	const message = (start: string): string =>
		[start, ...options('z9hG4bK-4', '<sip:10.11.3.2>;tag=b2'), '', ''].join('\n');
	const text = [
		sbcRecord(
			'Ingress: received msg for CallId:opt-1@192.168.3.107 gcid:0xDDB from IP/port:192.168.3.107/5060, Local IP/port:10.11.3.2/5060',
		),
		'RAW PDU:',
		message('OPTIONS sip:10.11.3.2 SIP/2.0'),
		sbcRecord(
			'Ingress: sent msg for CallId:opt-1@192.168.3.107 to IP/port:2001:db8::7/5062, Local IP/port:2001:db8::1/5060, SMM:none ',
		),
		'RAW PDU:',
		message('SIP/2.0 200 OK'),
	].join('\n');
	assert.deepEqual(framesOf(text), [
		{
			start: 'OPTIONS sip:10.11.3.2 SIP/2.0',
			src: '192.168.3.107:5060',
			dst: '10.11.3.2:5060',
			transport: null,
			direction: 'in',
			time: '2026-03-02T23:15:02.004711',
		},
		{
			start: 'SIP/2.0 200 OK',
			src: '[2001:db8::1]:5060',
			dst: '[2001:db8::7]:5062',
			transport: null,
			direction: 'out',
			time: '2026-03-02T23:15:02.004711',
		},
	]);
	assert.equal(
		analyzeTrace(text).messages[0]!.frame.epochMicros,
		Date.UTC(2026, 2, 2, 23, 15, 2) * 1000 + 4711,
	);
});

test("an SBC's record gives nothing past another line, nor a time that is no date, nor a bad address", () => {
	const message = ['OPTIONS sip:10.11.3.2 SIP/2.0', ...options('z9hG4bK-5'), '', ''].join('\n');
	const received = (from: string): string =>
		sbcRecord(
			`Ingress: received msg for CallId:x from IP/port:${from}, Local IP/port:10.0.0.2/5060`,
		);
	const frame = (above: string): unknown[] => {
		const [f] = framesOf(`${above}\n${message}`);
		return [f!.src, f!.dst, f!.direction, f!.time];
	};
	// Another log line between the record and the message.
	assert.deepEqual(frame(`${received('10.0.0.1/5060')}\nRAW PDU:\nCMExtnEvt: idle`), [
		null,
		null,
		null,
		null,
	]);
	// `RAW PDU:` alone carries nothing.
	assert.deepEqual(frame('RAW PDU:'), [null, null, null, null]);
	// A thirteenth month: the addresses, and no time.
	assert.deepEqual(frame(received('10.0.0.1/5060').replace('03022026', '13022026')), [
		'10.0.0.1:5060',
		'10.0.0.2:5060',
		'in',
		null,
	]);
	// An address that is none, or a port out of range.
	for (const from of ['10.0.0.300/5060', '10.0.0.1/70000'])
		assert.deepEqual(frame(received(from)), [null, null, null, null], from);
});

// A Lync / Skype for Business client's UccApi log: the record lines as msxfaq.de's
// Parse-UCCAPILog quotes them (`... INFO :: End of Sending Packet - 192.168.100.100:5061 (From
// Local Address: 192.168.103.35:20323) 1503 bytes`), each message's start line behind the same
// record prefix as the line above it.
const uccApiPrefix = (time: string): string => `04/16/2013|${time} 1F68:C14 INFO  :: `;
function uccApiMessage(time: string, heading: string, lines: string[]): string[] {
	return [
		uccApiPrefix(time) + heading + ' 412 bytes:',
		uccApiPrefix(time) + lines[0]!,
		...lines.slice(1),
		'',
		uccApiPrefix(time) + 'End of ' + heading + ' 412 bytes',
	];
}
const subscribe = [
	'SUBSCRIBE sip:linda@contoso.com SIP/2.0',
	'Via: SIP/2.0/TLS 192.168.103.35:20323;branch=z9hG4bK-u1',
	'From: <sip:andrew@contoso.com>;tag=a1;epid=e1',
	'To: <sip:linda@contoso.com>',
	'Call-ID: u1',
	'CSeq: 1 SUBSCRIBE',
	'Event: presence',
	'Content-Length: 0',
];
const subscribed = [
	'SIP/2.0 200 OK',
	'Via: SIP/2.0/TLS 192.168.103.35:20323;branch=z9hG4bK-u1',
	'From: <sip:andrew@contoso.com>;tag=a1;epid=e1',
	'To: <sip:linda@contoso.com>;tag=b2',
	'Call-ID: u1',
	'CSeq: 1 SUBSCRIBE',
	'Expires: 3600',
	'Content-Length: 0',
];

test("a UccApi log's `Sending Packet` / `Data Received` records give each message its addresses, direction and dated time", () => {
	const text = [
		...uccApiMessage(
			'03:17:30.168',
			'Sending Packet - 192.168.100.100:5061 (From Local Address: 192.168.103.35:20323)',
			subscribe,
		),
		...uccApiMessage(
			'03:17:31.555',
			'Data Received - 192.168.100.100:5061 (To Local Address: 192.168.103.35:20323)',
			subscribed,
		),
		uccApiPrefix('03:17:31.556') + 'CUccSubscriptionSession::OnResponse',
		'',
	].join('\r\n');
	assert.deepEqual(framesOf(text), [
		{
			start: subscribe[0],
			src: '192.168.103.35:20323',
			dst: '192.168.100.100:5061',
			transport: null,
			direction: 'out',
			time: '2013-04-16T03:17:30.168',
		},
		{
			start: subscribed[0],
			src: '192.168.100.100:5061',
			dst: '192.168.103.35:20323',
			transport: null,
			direction: 'in',
			time: '2013-04-16T03:17:31.555',
		},
	]);
	const a = analyzeTrace(text);
	assert.equal(a.messages[1]!.frame.epochMicros, Date.UTC(2013, 3, 16, 3, 17, 31, 555) * 1000);
	assert.equal(a.index.requestOf(1), 0);
});

test("a UccApi log's `End of ...` record announces nothing", () => {
	// A message right after the closing record, with no opening record of its own.
	const text = [
		uccApiPrefix('03:17:30.168') +
			'End of Sending Packet - 192.168.100.100:5061 (From Local Address: 192.168.103.35:20323) 412 bytes',
		...subscribe,
		'',
		'',
	].join('\r\n');
	const [frame] = framesOf(text);
	assert.deepEqual([frame!.src, frame!.dst, frame!.direction], [null, null, null]);
});

test("Yate 5's SIP log: each message between rows of dashes, below its record (`-Df` stamp, `received N bytes SIP message from a:p`, `sending code 100 ... to a:p`)", () => {
	const text = readFileSync(join(publicDir, 'yate-5-sip-register-100-401.txt'), 'utf8');
	assert.deepEqual(framesOf(text), [
		{
			start: 'REGISTER sip:eyaruba.eyan.eu SIP/2.0',
			src: '91.82.50.5:5060',
			dst: null,
			transport: 'UDP',
			direction: 'in',
			time: '2018-07-12T04:49:43.940442',
		},
		{
			start: 'SIP/2.0 100 Trying',
			src: null,
			dst: '91.82.50.5:5060',
			transport: 'UDP',
			direction: 'out',
			time: '2018-07-12T04:49:43.946453',
		},
		{
			start: 'SIP/2.0 401 Unauthorized',
			src: null,
			dst: '91.82.50.5:5060',
			transport: 'UDP',
			direction: 'out',
			time: '2018-07-12T04:49:43.951783',
		},
	]);
});

test("Genesys SIP Server's log: `13:39:18.897: SIPTR: Received [0,UDP] 502 bytes from a:p <<<<<` gives the time with its milliseconds and the transport", () => {
	const text = [
		'13:39:18.897: SIPTR: Received [0,UDP] 502 bytes from 10.1.33.4:5060 <<<<<',
		'OPTIONS sip:10.11.3.2 SIP/2.0',
		...options('z9hG4bK-g1'),
		'',
		'',
	].join('\r\n');
	assert.deepEqual(framesOf(text), [
		{
			start: 'OPTIONS sip:10.11.3.2 SIP/2.0',
			src: '10.1.33.4:5060',
			dst: null,
			transport: 'UDP',
			direction: 'in',
			time: '13:39:18.897',
		},
	]);
});

test("Blink's (sipsimple) log: `SENDING: Packet 169, +0:00:41.495327` gives the direction and time, the path line below it (`a -(SIP over TLS)-> b`) the addresses and transport", () => {
	const text = readFileSync(join(publicDir, 'blink-3.2-sipsimple-publish-407.txt'), 'utf8');
	assert.deepEqual(framesOf(text), [
		{
			start: 'PUBLISH sip:bibo@sip2sip.info SIP/2.0',
			src: '192.168.8.104:54907',
			dst: '81.23.228.150:443',
			transport: 'TLS',
			direction: 'out',
			time: '2020-02-17T20:18:15.537271',
		},
		{
			start: 'SIP/2.0 407 Proxy Authentication Required',
			src: '85.17.186.7:443',
			dst: '192.168.8.104:43685',
			transport: 'TLS',
			direction: 'in',
			time: '2020-02-17T20:18:15.778903',
		},
	]);
});

test('a heading `<==[387 bytes]==[2024-11-14 19:03:58.592143] a => b ====` gives source, destination and time', () => {
	// As a Kamailio test harness printed a 487 and its ACK (kamailio/kamailio#4011).
	const text = [
		'<==[387 bytes]==[2024-11-14 19:03:58.592143] 10.192.117.6:5030 => 10.192.117.6:5084 ====',
		'OPTIONS sip:10.11.3.2 SIP/2.0',
		...options('z9hG4bK-k1'),
		'',
		'=================>',
		'',
	].join('\r\n');
	assert.deepEqual(framesOf(text), [
		{
			start: 'OPTIONS sip:10.11.3.2 SIP/2.0',
			src: '10.192.117.6:5030',
			dst: '10.192.117.6:5084',
			transport: null,
			direction: null,
			time: '2024-11-14T19:03:58.592143',
		},
	]);
});

test('a path written backwards (`tls:A<-tls:B`, `read from A <- B:`) is from B to A; a banner in dashes or `=` gives the direction and time, not one that names a sender', () => {
	const message = (heading: string): string =>
		[heading, 'OPTIONS sip:10.11.3.2 SIP/2.0', ...options('z9hG4bK-b1'), '', ''].join('\r\n');
	// SIPSorcery's log, sipgo's debug line, diago's and Jabber4Linux's banners, a test script's label.
	assert.deepEqual(
		[
			'Response received: tls:192.168.1.2:53692<-tls:187.28.102.101:5061',
			'Sep 18 12:12:45.312269 DBG UDP read from 127.0.0.1:5060 <- 127.0.0.1:57188:',
			'--- 13:46:22.716 SIP recv ---',
			'=== OUTGOING SIP MESSAGE ===',
			'== Sent From kamailio ==',
		].map((h) => {
			const [f] = framesOf(message(h));
			return [f!.src, f!.dst, f!.transport, f!.direction, f!.time];
		}),
		[
			['187.28.102.101:5061', '192.168.1.2:53692', 'TLS', 'in', null],
			['127.0.0.1:57188', '127.0.0.1:5060', 'UDP', null, '--09-18T12:12:45.312269'],
			[null, null, null, 'in', '13:46:22.716'],
			[null, null, null, 'out', null],
			[null, null, null, null, null],
		],
	);
});

test("heplify's `HEP packet:{...,SrcIP:a,DstIP:b,SrcPort:p,DstPort:q,Tsec:s,Tmsec:us,...} with Payload:` gives the capture's addresses, transport and time", () => {
	const message = (start: string): string => [start, ...options('z9hG4bK-7'), '', ''].join('\n');
	const text =
		'2020-09-01T20:33:58Z INFO HEP packet:{Version:2,Protocol:17,SrcIP:192.168.63.171,DstIP:192.168.63.6,SrcPort:15060,DstPort:41963,Tsec:1598992438,Tmsec:270403,ProtoType:1,NodeID:2002,NodePW:,CID:,Vlan:0} with Payload:\n' +
		message('SIP/2.0 200 OK') +
		'2020-09-01T20:33:59Z INFO HEP packet:{Version:3,Protocol:6,SrcIP:2001:db8::1,DstIP:2001:db8::2,SrcPort:5060,DstPort:5080,Tsec:1598992439,Tmsec:5,ProtoType:1} with Payload:\n' +
		message('OPTIONS sip:10.11.3.2 SIP/2.0');
	const a = analyzeTrace(text);
	assert.deepEqual(
		framesOf(text).map((f) => [f.start, f.src, f.dst, f.transport, f.time]),
		[
			[
				'SIP/2.0 200 OK',
				'192.168.63.171:15060',
				'192.168.63.6:41963',
				'UDP',
				'2020-09-01T20:33:58.270403',
			],
			[
				'OPTIONS sip:10.11.3.2 SIP/2.0',
				'[2001:db8::1]:5060',
				'[2001:db8::2]:5080',
				'TCP',
				'2020-09-01T20:33:59.000005',
			],
		],
	);
	// Tsec is the epoch in seconds, Tmsec its microseconds.
	assert.equal(a.messages[0]!.frame.epochMicros, 1598992438270403);
	// A port out of range or an address that is none gives nothing.
	const bad = `HEP packet:{SrcIP:192.168.63.999,DstIP:192.168.63.6,SrcPort:5060,DstPort:5060} with Payload:\n${message('SIP/2.0 200 OK')}`;
	assert.deepEqual(
		framesOf(bad).map((f) => [f.src, f.dst]),
		[[null, null]],
	);
});

test("heplify-server's `&HEP{...,Tsec:s,Tmsec:us,...,Payload:\"...\"}` line: the capture's time, not the log line's; a host name where the address stood is kept", () => {
	// As in sipcapture/homer#388: heplify-server's debug log, the payload escaped on the record's
	// line, the poster's host names in place of the addresses on the second.
	const payload = (start: string) => [start, ...options('z9hG4bK-9'), '', ''].join('\\r\\n');
	const text =
		`2020/02/13 16:32:16.676068 file.go:20: INFO &HEP{Version:2,Protocol:17,SrcIP:10.0.0.91,DstIP:10.0.0.1,SrcPort:5060,DstPort:5060,Tsec:1581611535,Tmsec:904981,ProtoType:1,NodeID:2002,NodePW:,Payload:"${payload('OPTIONS sip:10.0.0.1 SIP/2.0')}",CID:,Vlan:0,}\n` +
		`2020/02/13 16:32:17.677885 file.go:20: INFO &HEP{Version:2,Protocol:17,SrcIP:pm01,DstIP:10.0.0.1,SrcPort:5070,DstPort:5072,Tsec:1581611536,Tmsec:726727,ProtoType:1,NodeID:2002,NodePW:,Payload:"${payload('SIP/2.0 200 OK')}",CID:,Vlan:0,}\n`;
	const a = analyzeTrace(text);
	assert.equal(a.format, 'escaped');
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.src, m.frame.dst, m.frame.time]),
		[
			['OPTIONS', '10.0.0.91:5060', '10.0.0.1:5060', '2020-02-13T16:32:15.904981'],
			[200, 'pm01:5070', '10.0.0.1:5072', '2020-02-13T16:32:16.726727'],
		],
	);
	assert.equal(a.messages[0]!.frame.epochMicros, 1581611535904981);
});

test("sipexer's `message-received: from=a:p bytes=524 data=[[---` and `sending to udp a:p: [[---`: the address after `from=` is the source", () => {
	const message = (start: string): string => [start, ...options('z9hG4bK-8'), '', ''].join('\n');
	const text =
		'[info] [sipexer.go:2431] main.SIPExerDialogLoop(): sending to udp 141.101.55.19:5060: [[---\n' +
		message('OPTIONS sip:10.11.3.2 SIP/2.0') +
		'---]]\n\n' +
		'[info] [sipexer.go:2512] main.SIPExerDialogLoop(): message-received: from=141.101.55.19:5060 bytes=524 data=[[---\n' +
		message('SIP/2.0 200 OK') +
		'---]]\n';
	assert.deepEqual(
		framesOf(text).map((f) => [f.start, f.src, f.dst, f.direction]),
		[
			['OPTIONS sip:10.11.3.2 SIP/2.0', null, '141.101.55.19:5060', 'out'],
			['SIP/2.0 200 OK', '141.101.55.19:5060', null, 'in'],
		],
	);
});

test("sipexer's heading with the address masked part by part (`from=xx.yy.zz.157:5061`): the source as written and the direction", () => {
	const message = ['SIP/2.0 183 Session Progress', ...options('z9hG4bK-8b'), '', ''].join('\n');
	const text = `[info] [sipexer.go:1663] main.SIPExerDialogLoop(): response-received: from=xx.yy.zz.157:5061 bytes=814 data=[[---\n${message}---]]\n`;
	assert.deepEqual(
		framesOf(text).map((f) => [f.start, f.src, f.direction]),
		[['SIP/2.0 183 Session Progress', 'xx.yy.zz.157:5061', 'in']],
	);
});

// A Polycom phone's log posted to a Kamailio issue with the server's address masked
// (`[11:28:02.095] TX to x.x.x.x:5060:`): the line still says when and which way the message went.
test('a heading whose address the poster masked (`x.x.x.x:5060`) still gives the direction and time', () => {
	const message = [
		'SUBSCRIBE sip:1005@example.com;transport=udp SIP/2.0',
		...options('z9hG4bK-9'),
		'',
		'',
	].join('\r\n');
	const frames = framesOf(`[11:28:02.095] TX to x.x.x.x:5060:\n${message}`);
	assert.deepEqual(
		frames.map((f) => [f.direction, f.time, f.dst]),
		[['out', '11:28:02.095', 'x.x.x.x:5060']],
	);
	// A run of digits over 255 is still no address.
	const wrong = framesOf(`[11:28:02.095] TX to 10.300.2.1:5060:\n${message}`);
	assert.deepEqual(
		wrong.map((f) => f.dst),
		[null],
	);
});

test("a post that opened its Markdown fence between the log's record line and the message: the record still gives the message's time and peer", () => {
	// A Chinese guide quoting a soft switch's stack log, the record above the fence.
	const message = [
		'SIP/2.0 180 Ringing',
		'Via: SIP/2.0/UDP 192.168.2.161:9545;branch=z9hG4bK1',
		'From: <sip:8001@192.168.2.89>;tag=1',
		'To: <sip:8002@192.168.2.89>;tag=2',
		'Call-ID: 6f3c@192.168.2.161',
		'CSeq: 1 INVITE',
		'Content-Length: 0',
	];
	const text = [
		'软交换服务器（192.168.2.89）查找被叫号码：',
		'[16:15:59] ===SIPTransaction Send SIP message (455 bytes) to 192.168.2.161:9545',
		'```',
		...message,
		'```',
		'',
	].join('\n');
	const m = analyzeTrace(text).messages[0]!;
	assert.equal(m.frame.time, '16:15:59');
	assert.equal(m.frame.dst, '192.168.2.161:9545');
});

test("drachtio-srf's `drachtio:agent <===` record gives the peer, the transport, the direction and the time", () => {
	// DEBUG=drachtio:* output of a drachtio-srf application (drachtio issues): each message the
	// server hands the application under its wire-protocol record, every line behind the module.
	const message = (start: string): string =>
		[start, ...options('z9hG4bK-9'), ''].map((l) => `  drachtio:agent ${l}`).join('\n');
	const text = [
		'  drachtio:agent <===1205#e3bcf025-16ff-44a8-93f5-35cfecd1d587|sip|network|1049|udp|63.131.240.90|5060|18:57:13.008902|8864ada5-c808-44f3-9fc0-7d13d9dee2ab||172.31.43.98|5060|',
		message('OPTIONS sip:10.11.3.2 SIP/2.0'),
		'  drachtio:agent <===1468#362818f2-39ad-48e0-83bd-a8700e181184|response|e7cd59c8-411c-441d-9e37-13f4f91871e5|OK|application|1193|tcp|99.47.182.46|63051|18:57:13.010668|5a83c728-d335-4a80-91a7-e6508187c01b|232A1AC2;from-tag=51C1||Msg sent:|',
		message('SIP/2.0 200 OK'),
		'',
	].join('\n');
	assert.deepEqual(
		framesOf(text).map((f) => [f.start, f.src, f.dst, f.transport, f.direction, f.time]),
		[
			[
				'OPTIONS sip:10.11.3.2 SIP/2.0',
				'63.131.240.90:5060',
				'172.31.43.98:5060',
				'UDP',
				'in',
				'18:57:13.008902',
			],
			['SIP/2.0 200 OK', null, '99.47.182.46:63051', 'TCP', 'out', '18:57:13.010668'],
		],
	);
	// Over UDP a message sent names the server's own socket (sofia's transport name): the local
	// side, the peer not given (an ACK the server sent for the application, drachtio-srf#67).
	const udp = text.replace(
		'|application|1193|tcp|99.47.182.46|63051|',
		'|application|350|udp|10.1.109.59|5060|',
	);
	assert.deepEqual(framesOf(udp).map((f) => [f.src, f.dst, f.transport, f.direction])[1], [
		'10.1.109.59:5060',
		null,
		'UDP',
		'out',
	]);
});

test("a body the poster replaced by a note ends before the next message's heading, which stays that message's", () => {
	// JsSIP issue 844 as posted: each message under `date +zone : src -> dst`, the INVITE's SDP
	// replaced by `<removed SDP>` (its Content-Length still 1956).
	const text = [
		'2024-01-17 16:28:14 +0100 : 192.168.75.141:60278 -> 192.168.23.184:443',
		'INVITE sip:+47494949@sip.example.com SIP/2.0',
		'Via: SIP/2.0/WSS e2ecvh8aqqb7.invalid;branch=z9hG4bK3017171',
		'Max-Forwards: 69',
		'To: <sip:+47494949@sip.example.com>',
		'From: <sip:alice@example.com>;tag=bhkk93kg21',
		'Call-ID: 5hpl8bbtoq2hhhfgcn2k',
		'CSeq: 3488 INVITE',
		'Contact: <sip:alice@e2ecvh8aqqb7.invalid;transport=ws>',
		'Content-Type: application/sdp',
		'Content-Length: 1956',
		'',
		'<removed SDP>',
		'',
		'2024-01-17 16:28:14 +0100 : 192.168.23.184:443 -> 192.168.75.141:60278',
		'SIP/2.0 100 trying -- your call is important to us',
		'Via: SIP/2.0/WSS e2ecvh8aqqb7.invalid;branch=z9hG4bK3017171;rport=60278;received=192.168.75.141',
		'To: <sip:+47494949@sip.example.com>',
		'From: <sip:alice@example.com>;tag=bhkk93kg21',
		'Call-ID: 5hpl8bbtoq2hhhfgcn2k',
		'CSeq: 3488 INVITE',
		'Content-Length: 0',
		'',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.frame.src, m.frame.dst]),
		[
			['192.168.75.141:60278', '192.168.23.184:443'],
			['192.168.23.184:443', '192.168.75.141:60278'],
		],
	);
	// The note is no body of the sender's: its length is not judged against Content-Length.
	assert.deepEqual(
		a.problems.map((p) => [p.code, p.severity]),
		[['message.elided', 'information']],
	);
});

test("PortaSIP's records, each run onto one line with its message by a page: each message takes its own record's time and addresses", () => {
	// PortaOne's documentation of an IM through the PortaSIP dispatching node (two records of the
	// edge proxy's log), the record and its flattened message on one line, one line each.
	const record = (stamp: string, way: string, uri: string, via: string) =>
		`2019-02-22 ${stamp} SIMPLE edgeproxy[11675]|mcRd0jnWqR|IS|544| ${way} MESSAGE ${uri} SIP/2.0 Via: SIP/2.0/UDP ${via} Max-Forwards: 70 To: sip:12065550019@91.212.34.119 From: <sip:12065550021@91.212.34.119>;tag=A7inU09LN Call-ID: mcRd0jnWqR CSeq: 20 MESSAGE Content-Type: text/plain Content-Length: 11 hello world!`;
	const text = [
		record(
			'15:56:49.274579',
			'RECEIVED message from UDP:192.168.225.4:5060 at UDP:91.212.34.119:5060',
			'sip:12065550019@91.212.34.119',
			'192.168.246.34:5060;branch=z9hG4bK.QRd5mQCVS;rport=5060',
		),
		record(
			'15:56:49.275586',
			'SENDING message to UDP:91.212.34.107:5960 from UDP:91.212.34.119:5060',
			'sip:12065550019@91.212.34.107:5960',
			'91.212.34.119:5060;branch=z9hG4bK-524287-1---53e16c3c',
		),
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.frame.time, m.frame.src, m.frame.dst, m.frame.direction]),
		[
			['2019-02-22T15:56:49.274579', '192.168.225.4:5060', '91.212.34.119:5060', 'in'],
			['2019-02-22T15:56:49.275586', '91.212.34.119:5060', '91.212.34.107:5960', 'out'],
		],
	);
});

test("PhonerLite's log: each record's `hh:mm:ss,mmm: R|T: peer (transport)` gives the time, the direction, the peer and the transport", () => {
	const rule = '-------------------------------------------';
	const text = [
		rule,
		'06:19:44,560: R: 198.51.100.101:5061 (TLS)',
		'SIP/2.0 200 OK',
		...options('z9hG4bK-1'),
		'',
		'',
		rule,
		'06:19:44,561: T: 198.51.100.101:5061 (TLS)',
		'OPTIONS sip:10.11.3.2 SIP/2.0',
		...options('z9hG4bK-2'),
		'',
		'',
	].join('\n');
	assert.deepEqual(
		framesOf(text).map((f) => [f.start, f.src, f.dst, f.transport, f.direction, f.time]),
		[
			['SIP/2.0 200 OK', '198.51.100.101:5061', null, 'TLS', 'in', '06:19:44.560'],
			['OPTIONS sip:10.11.3.2 SIP/2.0', null, '198.51.100.101:5061', 'TLS', 'out', '06:19:44.561'],
		],
	);
});

test("PJSIP's `Error processing N bytes packet from UDP a:p` record (pjsua, Asterisk) gives the message below it its peer, transport, size and time", () => {
	const text = [
		"[2023-11-10 12:22:58] ERROR[2433]: pjproject: <?>:             sip_transport.c Error processing 498 bytes packet from UDP 192.168.1.240:5061 : PJSIP syntax error exception when parsing 'Request Line' header on line 1 col 34:",
		'OPTIONS sip:10.11.3.2 SIP/2.0',
		...options('z9hG4bK-1'),
		'',
		'-- end of packet.',
		'',
	].join('\n');
	assert.deepEqual(
		framesOf(text).map((f) => [f.src, f.dst, f.transport, f.direction, f.time]),
		[['192.168.1.240:5061', null, 'UDP', 'in', '2023-11-10T12:22:58']],
	);
	assert.equal(analyzeTrace(text).messages[0]!.frame.declaredBytes, 498);
});

test("Wireshark's layer lines kept above a message pasted as text (`Internet Protocol ..., Src: a, Dst: b` and `User Datagram Protocol, Src Port: p, Dst Port: q`) give its addresses and transport", () => {
	const text = [
		'Softphone sends OPTIONS',
		'',
		'Internet Protocol Version 4, Src: 192.168.1.101 (192.168.1.101), Dst: 5.79.5.158 (5.79.5.158)',
		'User Datagram Protocol, Src Port: 50822 (50822), Dst Port: sip (5060)',
		'',
		'OPTIONS sip:10.11.3.2 SIP/2.0',
		...options('z9hG4bK-1'),
		'',
		'',
	].join('\n');
	assert.deepEqual(
		framesOf(text).map((f) => [f.src, f.dst, f.transport]),
		[['192.168.1.101:50822', '5.79.5.158:5060', 'UDP']],
	);
	// The port line alone names no host: nothing is read from it.
	const portOnly = text.replace(/^Internet Protocol.*\n/m, '');
	assert.deepEqual(
		framesOf(portOnly).map((f) => [f.src, f.dst]),
		[[null, null]],
	);
});

test("a Mitel 3300's `Received UDP message from socket 7 (UDP_CH a:p):` gives the message below it its peer, transport and time", () => {
	// The shape of a Mitel application note's trace of an MCA registering with the 3300 ICP.
	const text = [
		'Apr 2 15:55:35.777764 Received UDP message from socket 7 (UDP_CH 10.0.0.198:5060):',
		'SIP/2.0 100 Trying',
		'Via: SIP/2.0/UDP 10.0.0.74:5064;received=10.0.0.198',
		'Call-ID: 843296447@awc2',
		'CSeq: 1 REGISTER',
		'From: <sip:7001@icp3300.example.com>;tag=764313294',
		'To: <sip:7001@icp3300.example.com>;tag=0_3939248944-60431496',
		'Content-Length: 0',
		'',
	].join('\n');
	assert.deepEqual(
		framesOf(text).map((f) => [f.src, f.dst, f.transport, f.direction, f.time]),
		[['10.0.0.198:5060', null, 'UDP', 'in', '--04-02T15:55:35.777764']],
	);
});

test("a snom heading that gives its message's size keeps it over a page's footer and a poster's note; a heading without a size, and three lines, do not", () => {
	const message = (start: string): string => [start, ...options('z9hG4bK-7'), '', ''].join('\n');
	const heading = 'Received from udp:10.0.0.5:5060 at 19/10/2005 12:36:04:050 (580 bytes):\n';
	const between = 'Page 7 de 9\n#This turns the led BACK OFF\n';
	const read = (text: string) => framesOf(text).map((f) => [f.src, f.time]);
	assert.deepEqual(read(heading + between + message('OPTIONS sip:2200@10.0.0.1 SIP/2.0')), [
		['10.0.0.5:5060', '2005-10-19T12:36:04.050'],
	]);
	// Without the size the heading promises no message: a line between ends what it said.
	assert.deepEqual(
		read(
			heading.replace(' (580 bytes):', ':') +
				between +
				message('OPTIONS sip:2200@10.0.0.1 SIP/2.0'),
		),
		[[null, null]],
	);
	assert.deepEqual(
		read(heading + between + 'A third line\n' + message('OPTIONS sip:2200@10.0.0.1 SIP/2.0')),
		[[null, null]],
	);
});

test("a log record right above a message that gives only its date and time (rsyslog's `2026-12-07T08:54:28.333193+00:00 vm kam[8587]: INFO: <script>: REQ REGISTER ...`) gives the message that time", () => {
	const message = (start: string): string => [start, ...options('z9hG4bK-8'), '', ''].join('\n');
	const text =
		'2026-12-07T08:54:26.236895+00:00 vm kam[8584]: INFO: <core> main(): processes: 9\n' +
		'2026-12-07T08:54:28.333193+00:00 vm kam[8587]: INFO: <script>: REQ OPTIONS\n' +
		message('OPTIONS sip:a@example.test SIP/2.0') +
		// A line without a date and time at its start gives none.
		'vm kam[8587]: INFO: <script>: REQ OPTIONS at 08:54:29\n' +
		message('OPTIONS sip:b@example.test SIP/2.0');
	assert.deepEqual(
		framesOf(text).map((f) => [f.start, f.time]),
		[
			['OPTIONS sip:a@example.test SIP/2.0', '2026-12-07T08:54:28.333193+00:00'],
			['OPTIONS sip:b@example.test SIP/2.0', null],
		],
	);
});

test("Kamailio's siptrace of a reply it received over TCP names its destination with port 0: the source, transport and time are read, the destination unknown", () => {
	const message = (start: string): string => [start, ...options('z9hG4bK-9'), '', ''].join('\n');
	const text =
		'Dec  7 09:39:24 vm kamailio[31056]: NOTICE: <script>: SIPTRACE tcp:127.0.0.1:15111 -> 127.0.0.1:0\n' +
		message('SIP/2.0 180 Ringing');
	assert.deepEqual(framesOf(text), [
		{
			start: 'SIP/2.0 180 Ringing',
			src: '127.0.0.1:15111',
			dst: null,
			transport: 'TCP',
			direction: null,
			time: '--12-07T09:39:24',
		},
	]);
});

test("ejabberd's debug log (mod_sip, `SIP [udp/in] A -> B:`): the path, and the way its brackets give with the transport", () => {
	const message = (start: string): string => [start, ...options('z9hG4bK-e1'), '', ''].join('\n');
	const head = (way: string, path: string) =>
		`2026-12-07 11:11:56.612920+00:00 [debug] <0.460.0>@mod_sip:data_${way}/2:92 SIP [udp/${way}] ${path}:\n`;
	const text =
		head('in', '192.168.3.107:5060 -> 10.11.3.2:5060') +
		message('OPTIONS sip:10.11.3.2 SIP/2.0') +
		head('out', '10.11.3.2:5060 -> 192.168.3.107:5060') +
		message('SIP/2.0 200 OK');
	assert.deepEqual(
		framesOf(text).map((f) => [f.src, f.dst, f.transport, f.direction, f.time]),
		[
			['192.168.3.107:5060', '10.11.3.2:5060', 'UDP', 'in', '2026-12-07T11:11:56.612920+00:00'],
			['10.11.3.2:5060', '192.168.3.107:5060', 'UDP', 'out', '2026-12-07T11:11:56.612920+00:00'],
		],
	);
});

test("Kamailio's xlog `REQ REGISTER from udp:A to B` names both sides with no word of direction: the path and transport are read, the direction is not guessed; `from A` ending the line names the source", () => {
	const message = (start: string): string => [start, ...options('z9hG4bK-k1'), '', ''].join('\n');
	const text =
		'INFO: <script>: REQ OPTIONS from udp:127.0.0.1:15112 to 127.0.0.1:15110\n' +
		message('OPTIONS sip:10.11.3.2 SIP/2.0') +
		// `to` before `from`, an address after each, `from` ending the line: the path too (a
		// config's `SND $rm to $du from $fs` of what it sends).
		'INFO: <script>: SND 1 to 10.0.0.9:5060 from 127.0.0.1:15113\n' +
		message('OPTIONS sip:10.11.3.3 SIP/2.0') +
		// `from` ending the line alone (an xlog of a reply, `REPLY $rs from $si:$sp:`): the source.
		'INFO: <script>: ANY REPLY 100 from 127.0.0.1:15697:\n' +
		message('OPTIONS sip:10.11.3.4 SIP/2.0') +
		// `from` with more words after it says no more than the line's prose.
		'INFO: <script>: copied from 127.0.0.1:15698 by the relay\n' +
		message('OPTIONS sip:10.11.3.5 SIP/2.0');
	assert.deepEqual(
		framesOf(text).map((f) => [f.src, f.dst, f.transport, f.direction]),
		[
			['127.0.0.1:15112', '127.0.0.1:15110', 'UDP', null],
			['127.0.0.1:15113', '10.0.0.9:5060', null, null],
			['127.0.0.1:15697', null, null, null],
			[null, null, null, null],
		],
	);
});

test("Kamailio's xlog of a reply through syslog (`Dec  7 22:23:19 vm kamailio[3610]: INFO: <script>: ANY REPLY 100 from A:`) gives the reply its time and source", () => {
	const text = [
		'Dec  7 22:23:19 vm kamailio[3610]: INFO: <script>: ANY REPLY 100 from 127.0.0.1:15697:',
		'SIP/2.0 100 Trying',
		'Via: SIP/2.0/UDP 127.0.0.1:15690;branch=z9hG4bK8f27.a3ab417f7f92c95b053ad705d95b0cfc.0',
		'From: "Alice" <sip:alice@127.0.0.1>;tag=3622SIPpTag001',
		'To: <sip:bob@127.0.0.1>',
		'Call-ID: 1-3622@127.0.0.1',
		'CSeq: 1 INVITE',
		'Content-Length: 0',
		'',
		'',
	].join('\n');
	assert.deepEqual(
		framesOf(text).map((f) => [f.src, f.time]),
		[['127.0.0.1:15697', '--12-07T22:23:19']],
	);
});

test("a log line of what was sent, right above one of what was received, is another record's: the message takes the nearer line's address only", () => {
	// Kamailio's `SEND to` of the ACK it forwarded, then `RX BYE from` of the BYE below.
	const message = (start: string): string => [start, ...options('z9hG4bK-k2'), ''].join('\n');
	const text =
		'INFO: <script>: SEND to 127.0.0.1:15242 len 368\n' +
		'NOTICE: <script>: RX BYE from 127.0.0.1:15243 proto udp:\n' +
		message('BYE sip:bob@127.0.0.1 SIP/2.0');
	assert.deepEqual(
		framesOf(text).map((f) => [f.src, f.dst, f.direction]),
		[['127.0.0.1:15243', null, 'in']],
	);
});

test("Kamailio's own log lines right under a message's last header (`journalctl -o cat`, no empty line between) end the message: the next record's heading gives the next message its address", () => {
	const register = (port: number, transport: string): string[] => [
		'REGISTER sip:127.0.0.1:15240 SIP/2.0',
		`Via: SIP/2.0/${transport} 127.0.0.1:${port};branch=z9hG4bK-${port}`,
		'Max-Forwards: 70',
		`From: <sip:bob@127.0.0.1:15240>;tag=t${port}`,
		'To: <sip:bob@127.0.0.1:15240>',
		`Call-ID: ${port}@127.0.0.1`,
		'CSeq: 1 REGISTER',
		'Content-Length: 0',
	];
	const text = [
		'NOTICE: <script>: RX REGISTER from 127.0.0.1:15241 proto udp:',
		...register(15241, 'UDP'),
		'WARNING: siptrace [siptrace_send.c:300]: trace_send_duplicate(): Neither dup_uri modparam or siptrace destination uri param used!',
		'INFO: <core> [core/tcp_main.c:3006]: tcpconn_1st_send(): quick connect for 0x7efdc8321408 sock 8',
		'NOTICE: <script>: RX REGISTER from 127.0.0.1:15242 proto tcp:',
		...register(15242, 'TCP'),
		'ERROR:tm:t_reply: OpenSIPS writes its level and module so',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		framesOf(text).map((f) => [f.src, f.transport]),
		[
			['127.0.0.1:15241', 'UDP'],
			['127.0.0.1:15242', 'TCP'],
		],
	);
	// Each message ends at its Content-Length line: none holds a log line as a header.
	for (const m of a.messages) assert.equal(m.headers.at(-1)!.key, 'content-length');
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('header.')).map((p) => p.code),
		[],
	);
});
