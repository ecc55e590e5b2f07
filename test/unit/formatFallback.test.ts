// A format guessed from a few lines that then frames nothing is read as plain text; and a start
// line with white space before it alone, in a double-spaced copy, is no indented trace. Both
// shapes are rebuilt from real posts (their origin beside each).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const lineOf = (text: string, at: number): number => text.slice(0, at).split('\n').length - 1;
const read = (text: string) => {
	const a = analyzeTrace(text);
	return {
		format: a.format,
		messages: a.messages.map((m) => ({
			line: lineOf(text, m.startLine.start),
			what: m.method ?? m.status,
			callId: m.callId,
			answers: a.index.requestOf(m.index),
		})),
		codes: a.problems.map((p) => p.code),
	};
};

// babblevoice/babble-drachtio-auth test/interface/auth.js: a Polycom VVX's REGISTER, its 401 and
// the REGISTER again, kept in an indented comment of a test; the third copied from `tcpdump -A`,
// its heading line above it and the IP header's octets glued before its start line.
const polycom = (auth: string, cseq: number, branch: string, glued = '') =>
	[
		`    ${glued}REGISTER sip:pierrefouquet.babblevoice.com;transport=udp SIP/2.0`,
		`    Via: SIP/2.0/UDP 82.71.31.12:52917;branch=${branch}`,
		'    From: "Pierre Test" <sip:1013@pierrefouquet.babblevoice.com>;tag=F87D2248-BCC05E87',
		'    To: <sip:1013@pierrefouquet.babblevoice.com>',
		`    CSeq: ${cseq} REGISTER`,
		'    Call-ID: c7f6bc72e0778e72f7055172226c01d1',
		'    User-Agent: PolycomVVX-VVX_350-UA/5.9.5.0614',
		`    Authorization: Digest username="1013", realm="pierrefouquet.babblevoice.com", nonce="${auth}"`,
		'    Max-Forwards: 70',
		'    Expires: 3600',
		'    Content-Length: 0',
		'',
		'',
	].join('\n');
const comment = [
	'  it( `polycom - captured`, async () => {',
	'',
	'    /*',
	polycom('921a55467c54', 2, 'z9hG4bKef06bc0929D70FF'),
	'    SIP/2.0 401 Unauthorized',
	'    Via: SIP/2.0/UDP 82.71.31.12:52917;branch=z9hG4bKef06bc0929D70FF;rport=52917',
	'    From: "Pierre Test" <sip:1013@pierrefouquet.babblevoice.com>;tag=F87D2248-BCC05E87',
	'    To: <sip:1013@pierrefouquet.babblevoice.com>;tag=X0N0m3BF2BQ7N',
	'    Call-ID: c7f6bc72e0778e72f7055172226c01d1',
	'    CSeq: 2 REGISTER',
	'    WWW-Authenticate: Digest realm="pierrefouquet.babblevoice.com", algorithm=MD5, qop="auth", nonce="7d4b7aa44cda"',
	'    Content-Length: 0',
	'',
	'',
	'    13:24:12.887213 IP 82.71.31.12.52917 > 172.31.44.171.palace-6: UDP, length 913',
	polycom('7d4b7aa44cda', 3, 'z9hG4bKd1d3d5e6E480CDD', 'E.....@...."RG....,...\'....o'),
	'    */',
	'',
	'    const req = {',
].join('\n');

test('an indented paste with one tcpdump heading in it: its three messages, not "no SIP message"', () => {
	const found = read(comment);
	const first = comment.indexOf('REGISTER sip:');
	const third = comment.indexOf('REGISTER sip:', first + 1);
	assert.deepEqual(
		found.messages.map((m) => [m.line, m.what]),
		[
			[lineOf(comment, first), 'REGISTER'],
			[lineOf(comment, comment.indexOf('SIP/2.0 401')), 401],
			[lineOf(comment, third), 'REGISTER'],
		],
	);
	assert.equal(found.messages[1]!.answers, 0);
	assert.ok(!found.codes.includes('framing.no-messages'));
});

// twilio/voice-quickstart-ios#461: the iOS SDK's console (`date time+zone App[pid:tid] ...`),
// whose record announces a message it prints on the lines below, a space before its start line
// and an empty line after each of its lines (CRLF doubled).
const ios = (time: string, what: string) =>
	`2021-06-15 ${time}+0530 MyjunoSwift[14178:1092376] DEBUG:Twilio:[Core](0x16f987000): ${what}`;
const iosConsole = [
	...['12:10:47.023529', '12:10:47.024013', '12:10:47.024479', '12:10:47.025276'].map((t) =>
		ios(t, 'onFailure'),
	),
	...['12:10:47.025468', '12:10:47.025640', '12:10:47.025700'].map((t) =>
		ios(t, 'API Call getSid'),
	),
	ios('12:10:47.026505', 'Received incoming SIP message from infra:'),
	' SIP/2.0 503 Service Unavailable',
	'',
	'Via: SIP/2.0/TLS 192.168.43.x;received=49.34.47.124;branch=z9hG4bK-524287-1---1330089e4f2ea3e6;rport=63841',
	'',
	'To: <sip:chunderm.gll.twilio.com:443;transport=tls>;tag=0444934a0256a783640c4c126987dbf2-e235',
	'',
	'From: <sip:VoiceSDK@chunderm.gll.twilio.com>;tag=2d58c252',
	'',
	'Call-ID: 9Us_-r1',
	'',
	'CSeq: 1 INVITE',
	'',
	'Content-Length: 0',
	'',
	'',
	ios('12:10:47.027000', 'onFailure'),
	'',
].join('\n');

test("an iOS console's message below its record, double-spaced with a space before its start line: read whole", () => {
	const found = read(iosConsole);
	assert.deepEqual(
		found.messages.map((m) => [m.line, m.what, m.callId]),
		[[8, 503, '9Us_-r1']],
	);
	assert.ok(found.codes.includes('message.double-spaced'));
	// The record that announces it (`Received incoming SIP message from infra:`) times it.
	const m = analyzeTrace(iosConsole).messages[0]!;
	assert.equal(m.frame.time, '2021-06-15T12:10:47.026505+05:30');
	assert.equal(m.frame.direction, 'in');
	for (const code of ['header.missing-via', 'header.missing-from', 'header.missing-cseq'])
		assert.ok(!found.codes.includes(code), code);
});

test('a format the user chose is kept, though it finds no message there', () => {
	const a = analyzeTrace(iosConsole, { format: 'logcat' });
	assert.equal(a.format, 'logcat');
	assert.equal(a.messages.length, 0);
	assert.ok(a.problems.some((p) => p.code === 'framing.no-messages'));
});

// twilio/voice-quickstart-android#278: Android Studio's logcat, the message indented below the
// record that announces it.
test("Android Studio's logcat: the record announcing a message from the infrastructure times it", () => {
	const text = [
		'2019-05-24 09:52:18.428 15776-16560/ph.com.paychat.paychat D/EventPublisher: Response: 200 - OK',
		'2019-05-24 09:52:18.429 15776-16604/ph.com.paychat.paychat D/Twilio: [Core]:Received incoming SIP message from infra:',
		'    SIP/2.0 503 Service Unavailable',
		'    Via: SIP/2.0/TLS 192.168.2.154;received=180.191.143.94;branch=z9hG4bK-524287-1---decb0259a79c3d0a;rport=30623',
		'    To: <sip:chunderm.gll.twilio.com:443;transport=tls>;tag=b09bd3b53d4d9c59e70de5a28f697b14-0289',
		'    From: <sip:VoiceSDK@chunderm.gll.twilio.com>;tag=6d7e4bba',
		'    Call-ID: b6ZASvMqvG_SFJmvLLE6Rw..',
		'    CSeq: 1 INVITE',
		'    Content-Length: 0',
		'    ',
		'2019-05-24 09:52:18.430 15776-16604/ph.com.paychat.paychat D/Twilio: [Core]:onFailure',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	assert.equal(a.messages[0]!.frame.time, '2019-05-24T09:52:18.429');
	assert.equal(a.messages[0]!.frame.direction, 'in');
});

// Cisco TAC document 212383 (Expressway and Skype for Business federation): an Expressway-E's
// network log of a 504, then the Edge server's diagnostic records, which name the INVITE they are
// about (`SIP-Start-Line: INVITE ...`) but hold no message. The records outnumber the log's lines.
test("Skype for Business diagnostic records beside an Expressway's log: the log's 504 is read, no INVITE is made of a record", () => {
	const diagnostic = (level: string, callId: string) => [
		'```',
		`TL_${level}(TF_DIAG) [sfvedge\\sfvedge]0584.0A44::03/02/2017-07:10:46.230.0000773E (SIPStack,SIPAdminLog::WriteDiagnosticEvent:SIPAdminLog.cpp(830)) [156659184] $$begin_record`,
		'Severity: warning',
		'Text: The domain of the message resolved by DNS SRV but none of the FQDNs is in the same domain',
		'SIP-Start-Line: INVITE sip:stejanss@skype.lab SIP/2.0',
		`SIP-Call-ID: ${callId}`,
		'SIP-CSeq: 2066245576 INVITE',
		'Peer: vcse.steven.lab:25002',
		'$$end_record',
		'```',
		'',
	];
	const text = [
		'```',
		'2017-03-02T08:10:46.240+01:00 vcse tvcs: UTCTime="2017-03-02 07:10:46,240" Module="network.sip" Level="DEBUG":  Action="Received" Local-ip="10.48.36.47" Local-port="25002" Src-ip="10.48.36.6" Src-port="5061" Msg-Hash="13707918855517357847"',
		' SIPMSG:',
		' |SIP/2.0 504 Server time-out',
		' Via: SIP/2.0/TLS 10.48.36.47:5061;egress-zone=DNSZone1;branch=z9hG4bK42ee6fd77d32cc89;received=10.48.36.47',
		' Call-ID: f1b3ad5d-183b-4632-b210-c2f9bec71960',
		' CSeq: 2066245576 INVITE',
		' From: "DX70 Steven" <sip:2000@acano.steven.lab>;tag=9fea3e7d70afd884',
		' To: <sip:stejanss@skype.lab>;tag=C65A7B0A8766A5F1D386474833D07882',
		' Server: RTC/6.0',
		' Content-Length: 0',
		'```',
		'',
		'The Edge server logs:',
		'',
		...diagnostic('WARN', 'f1b3ad5d-183b-4632-b210-c2f9bec71960'),
		...diagnostic('ERROR', 'e144704c-1dd0-4ea7-929f-77e7e071c24c'),
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.status, m.callId, m.frame.src]),
		[[504, 'f1b3ad5d-183b-4632-b210-c2f9bec71960', '10.48.36.6:5061']],
	);
	assert.ok(!a.problems.some((p) => p.code.startsWith('header.missing')));
});

test("a message behind logcat's prefix in a post whose prose makes most lines: read as logcat, its split lines joined", () => {
	// juha-h/baresip-studio#692 (2026): the Android app's `sip_trace` through `adb logcat`, each
	// long line cut into pieces by the app; the poster's paste lost the first line's leading `0`.
	const logcat = (s: string): string => `07-01 09:25:07.705 29061 29125 D Baresip Lib: ${s}`;
	const text = [
		'I tested with baresip Android app by configuring voip.ms test account like this:',
		'',
		'**SIP URI** sip:123456@amsterdam.voip.ms',
		'**Authentication Username** 123456',
		'**SIP URI of Proxy Server** sip:amsterdam1.voip.ms;transport=tls',
		'**Register** On',
		'',
		'Below is SIP trace of registration attempt.  Of course the registration failed.',
		'```',
		logcat('TLS 10.234.158.146:47662 -> 208.100.60.65:5061').slice(1),
		logcat('REGISTER sip:amsterdam.voip.ms SIP/2.0'),
		logcat('Via: SIP/2.0/TLS 10'),
		logcat('.234.158.146:47662;branch=z9hG4bKaf628289d707c16c;rport'),
		logcat('Max-Forwards: 70'),
		logcat('To: <sip:123456@amsterdam.voip.ms>'),
		logcat('From: <sip:123456@amsterdam.voip.ms>;tag=c3a8f1e2'),
		logcat('Call-ID: 0d8f7e6c5b4a3921'),
		logcat('CSeq: 1 REGISTER'),
		logcat('Content-Length: 0'),
		logcat(''),
		'```',
		'',
	].join('\n');
	const r = read(text);
	assert.equal(r.format, 'logcat');
	assert.deepEqual(r.messages, [
		{ line: 10, what: 'REGISTER', callId: '0d8f7e6c5b4a3921', answers: null },
	]);
	// The Via read as the app wrote it, its host whole: no error, one warning for the split.
	const via = analyzeTrace(text).messages[0]!.vias[0]!;
	assert.equal(via.sentBy, '10.234.158.146:47662');
	assert.equal(via.branch, 'z9hG4bKaf628289d707c16c');
	assert.deepEqual(r.codes, ['header.wrapped']);
});
