// Cisco Unified CM SDL traces: excerpts of the SDL trace Cisco's call recording document prints
// (test/fixtures/formats/public, origin in test/fixtures/README.md), over UDP and over TCP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { coversAll } from './coversAll';

const read = (f: string): string =>
	readFileSync(join(__dirname, '..', 'fixtures', 'formats', 'public', f), 'utf8');

const summary = (a: ReturnType<typeof analyzeTrace>): unknown[] =>
	a.messages.map((m) => [
		m.method ?? m.status,
		m.frame.format,
		m.frame.time,
		m.frame.direction,
		m.frame.src,
		m.frame.dst,
		m.frame.transport,
		m.frame.declaredBytes,
	]);

test('CUCM SDL over UDP: time of day, direction, peer, transport and size from the SIP record', () => {
	const text = read('cisco-cucm-sdl-udp-recorder-invite-200-ack.txt');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'cucmSdl');
	assert.deepEqual(summary(a), [
		['INVITE', 'cucmSdl', '20:21:09.343', 'out', null, '10.48.32.170:5060', 'UDP', null],
		[200, 'cucmSdl', '20:21:09.345', 'in', '10.48.32.170:5060', null, 'UDP', 737],
		['ACK', 'cucmSdl', '20:21:09.351', 'out', null, '10.48.32.170:5060', 'UDP', null],
	]);
	assert.equal(a.index.requestOf(1), 0);
	// The record line and `[212231,NET]` are the frame's metadata, the message starts after them.
	const first = a.messages[0]!.frame;
	assert.match(
		text.slice(first.meta!.start, first.meta!.end),
		/\|AppInfo {2}\|.*\n\[212231,NET\]\n$/,
	);
	// The ACK's SDP ends where the next SDL record starts: that record is log text.
	const body = a.messages[2]!.body!;
	assert.match(text.slice(body.start, body.end), /a=fmtp:101 0-15\n$/);
	const noise = a.noise.map((n) => text.slice(n.start, n.end)).join('');
	assert.ok(noise.includes('03797479.001 |20:21:09.350 |AppInfo  |StationD:'));
	assert.ok(noise.includes('### CUCM receives 200 OK in response to INVITE #1'));
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('content-length') || p.code.startsWith('framing')),
		[],
	);
	coversAll(text, a);
});

test('CUCM SDL with CRLF line ends (as saved on Windows) reads the same', () => {
	const text = read('cisco-cucm-sdl-udp-recorder-invite-200-ack.txt').replace(/\n/g, '\r\n');
	const a = analyzeTrace(text);
	assert.deepEqual(summary(a), [
		['INVITE', 'cucmSdl', '20:21:09.343', 'out', null, '10.48.32.170:5060', 'UDP', null],
		[200, 'cucmSdl', '20:21:09.345', 'in', '10.48.32.170:5060', null, 'UDP', 737],
		['ACK', 'cucmSdl', '20:21:09.351', 'out', null, '10.48.32.170:5060', 'UDP', null],
	]);
	coversAll(text, a);
});

test('CUCM SDL over TCP: `on port P index N with B bytes:`, and the record with a trailing space', () => {
	const text = read('cisco-cucm-sdl-tcp-phone-invite-200-ack.txt');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'cucmSdl');
	assert.deepEqual(summary(a).slice(0, 2), [
		['INVITE', 'cucmSdl', '11:27:43.633', 'out', null, '10.48.38.107:51902', 'TCP', null],
		[200, 'cucmSdl', '11:27:43.901', 'in', '10.48.38.107:51902', null, 'TCP', 1433],
	]);
	assert.equal(a.index.requestOf(1), 0);
	// The page glued the ACK's record after a heading: its message is still read, as a bare one.
	assert.equal(a.messages[2]!.method, 'ACK');
	coversAll(text, a);
});

test('CUCM SDL: a message without Content-Length ends at the next SDL record', () => {
	// The UDP excerpt's INVITE with its Content-Length line taken out, followed by the next
	// records of an SDL file: the records are not read as a body.
	const invite = read('cisco-cucm-sdl-udp-recorder-invite-200-ack.txt')
		.split('\n\n')[1]!
		.split('\n')
		.filter((l) => !l.startsWith('Content-Length'))
		.join('\n');
	const text = `${invite}\n03797321.000 |20:21:09.343 |SdlSig   |SIPInviteReq |wait |SIPHandler(2,100,72,1)\n03797322.001 |20:21:09.344 |AppInfo  |Digit analysis: patternUsage=5\n`;
	const a = analyzeTrace(text);
	assert.equal(a.format, 'cucmSdl');
	assert.equal(a.messages.length, 1);
	assert.equal(a.messages[0]!.body, null);
	const sip = a.messages[0]!.frame.sip;
	assert.ok(!text.slice(sip.start, sip.end).includes('SdlSig'));
	assert.ok(a.noise.some((n) => text.slice(n.start, n.end).startsWith('03797321.000 |')));
	coversAll(text, a);
});

test("CUCM SDL: a SIP normalization script's trace of a message gives its time and direction", () => {
	// A CUCM forum post's SDL trace of a phone's REGISTER over TCP and CUCM's 200, the 200 logged
	// by the normalization trace (`Before outbound SIP Normalization msg is:`, `[N,INT]`).
	const text = [
		'02760739.002 |19:11:36.004 |AppInfo  |SIPTcp - wait_SdlReadRsp: Incoming SIP TCP message from 10.65.40.61 on port 57417 index 32 with 412 bytes:',
		'[101340,NET]',
		'REGISTER sip:192.168.0.10 SIP/2.0',
		'Via: SIP/2.0/TCP 192.168.0.105:57417;branch=z9hG4bK00002532',
		'From: <sip:1001@192.168.0.10>;tag=005056c000010285',
		'To: <sip:1001@192.168.0.10>',
		'Call-ID: 005056c0-00010285-000046e9-00006cf9@192.168.0.105',
		'Max-Forwards: 70',
		'CSeq: 102 REGISTER',
		'Contact: <sip:1001@192.168.0.105:57417;transport=tcp>',
		'Expires: 3600',
		'Content-Length: 0',
		'',
		'02760759.001 |19:11:36.114 |AppInfo  |//SIP/SIPNormalization/trace_sip_message: Before outbound SIP Normalization msg is:',
		'[101344,INT]',
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/TCP 192.168.0.105:57417;branch=z9hG4bK00002532;received=10.65.40.61',
		'From: <sip:1001@192.168.0.10>;tag=005056c000010285',
		'To: <sip:1001@192.168.0.10>;tag=1573233683',
		'Call-ID: 005056c0-00010285-000046e9-00006cf9@192.168.0.105',
		'CSeq: 102 REGISTER',
		'Contact: <sip:1001@192.168.0.105:57417;transport=tcp>;expires=3600',
		'Content-Length: 0',
		'',
		'02760760.001 |19:11:36.115 |AppInfo  |SIPTcp - wait_SdlSPISignal: Outgoing SIP TCP message to 10.65.40.61 on port 57417 index 32',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'cucmSdl');
	assert.deepEqual(
		summary(a).map((s) => (s as unknown[]).slice(0, 4)),
		[
			['REGISTER', 'cucmSdl', '19:11:36.004', 'in'],
			[200, 'cucmSdl', '19:11:36.114', 'out'],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
	coversAll(text, a);
});

void test("CUCM SDL over TCP, the copy lost the empty line before the SDP: the record's size counts it, so the copy is said to have lost it", () => {
	// A TechNote's excerpt: `Incoming SIP TCP message from ... with N bytes:`, the INVITE's
	// headers, its SDP right under Content-Type with no empty line between.
	const sdp = [
		'v=0',
		'o=Cisco-SIPUA 21908 0 IN IP4 10.24.241.238',
		's=SIP Call',
		't=0 0',
		'm=audio 24580 RTP/AVP 0',
		'c=IN IP4 10.24.241.238',
		'',
	].join('\r\n');
	const headers = [
		'INVITE sip:2001@10.207.166.103 SIP/2.0',
		'Via: SIP/2.0/TCP 10.24.241.238:53536;branch=z9hG4bK2b54c6b9',
		'From: "1001" <sip:1001@10.207.166.103>;tag=00059a3bff4f0031',
		'To: <sip:2001@10.207.166.103>',
		'Call-ID: 00059a3b-ff4f000e-3ea9b6a9-5e8ac8b5@10.24.241.238',
		'Max-Forwards: 70',
		'CSeq: 101 INVITE',
		'Contact: <sip:1001@10.24.241.238:53536;transport=tcp>',
		`Content-Length: ${sdp.length}`,
		'Content-Type: application/sdp',
	];
	const wire = headers.reduce((n, h) => n + h.length + 2, 0) + 2 + sdp.length;
	// An empty line beside a message's line elsewhere in the trace (after the SDP's last line):
	// not a copy that lost every one.
	const record = (bytes: number) =>
		[
			`00222499.002 |18:30:35.831 |AppInfo  |SIPTcp - wait_SdlReadRsp: Incoming SIP TCP message from 10.24.241.238 on port 53536 index 800 with ${bytes} bytes:`,
			'[9957,NET]',
			...headers,
			sdp,
			'',
		].join('\r\n');
	const said = (text: string) =>
		analyzeTrace(text).problems.filter((p) => p.code === 'message.missing-empty-line');
	const counted = said(record(wire));
	assert.equal(counted.length, 1);
	assert.equal(counted[0]!.severity, 'information');
	assert.match(
		counted[0]!.message,
		new RegExp(`the copy lost it, for the log's record counts it \\(its ${wire} bytes`),
	);
	// A record whose size leaves no room for it: the message was sent without it.
	assert.equal(said(record(wire - 2))[0]!.severity, 'warning');
});
