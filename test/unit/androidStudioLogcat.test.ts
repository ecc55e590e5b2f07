// Linphone's log as Android Studio's logcat window copies it with the process column hidden
// (`2019-04-25 15:48:29.813 I/Linphone: `), from a Linphone issue; its poster's selection began
// after the first line's prefix, so the start line stands bare above its prefixed headers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const prefix = '2019-04-25 15:48:29.813 I/Linphone: ';
const headers = [
	'Via: SIP/2.0/UDP 192.168.2.121:5160;branch=z9hG4bK.XG3IdsIPH;rport',
	'From: <sip:1002@192.168.2.111>;tag=PMlMI6n5z',
	'To: sip:1002@192.168.2.111',
	'CSeq: 20 REGISTER',
	'Call-ID: ShDMI~df7R',
	'Max-Forwards: 70',
	'Expires: 3600',
	'Content-Length: 0',
	'',
];
const log = (startPrefix: string) =>
	[
		"Here's the log from Linphone",
		'',
		'```',
		`${startPrefix}REGISTER sip:192.168.2.111 SIP/2.0`,
		...headers.map((h) => `${prefix}${h}`),
		'```',
		'',
	].join('\n');

void test("every line behind Android Studio's date, time and tag: read as logcat", () => {
	const a = analyzeTrace(log(prefix));
	assert.equal(a.format, 'logcat');
	assert.deepEqual(
		a.messages.map((m) => [m.method, m.callId, m.cseq?.seq]),
		[['REGISTER', 'ShDMI~df7R', 20]],
	);
	assert.ok(!a.problems.some((p) => p.code === 'message.truncated'));
});

void test('the start line copied without its prefix: still the message, its headers read', () => {
	const a = analyzeTrace(log(''));
	assert.equal(a.format, 'logcat');
	assert.deepEqual(
		a.messages.map((m) => [m.method, m.callId, m.cseq?.seq]),
		[['REGISTER', 'ShDMI~df7R', 20]],
	);
	assert.ok(!a.problems.some((p) => /headers were left out/.test(p.message)));
});

void test("Linphone on iOS (Apple's prefix and a tab before each line): a start line copied without it is the message's", () => {
	// ChatSecure's Linphone log, its first line selected past the prefix (a ChatSecure issue).
	const apple = '2020-05-23 16:46:33.548024+0530 ChatSecure[12177:137837] [Message] \t';
	const text = [
		'SIP/2.0 401 Unauthorized',
		...[
			'Call-ID: DhDigO9rOP',
			'CSeq: 20 REGISTER',
			'From: <sip:9599794629@tour.cdot.in>;tag=A1VDrmGMJ',
			'To: <sip:9599794629@tour.cdot.in>;tag=SBC+1+36860000',
			'Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK.ZE1kr8vN;rport=5060',
			// belle-sip prints headers in its own order, Content-Length not last.
			'Content-Length: 0',
			'WWW-Authenticate: Digest realm="cdot.com",nonce="9064f7d7599a0682a98a0d3a2c6f78f3",opaque="DEADBEEF"',
		].map((h) => `${apple}${h}`),
		'2020-05-23 16:46:33.575379+0530 ChatSecure[12177:137837] [Message] channel [0x10e65a000] [437] bytes parsed',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'logcat');
	assert.deepEqual(
		a.messages.map((m) => [m.status, m.callId, m.cseq?.seq]),
		[[401, 'DhDigO9rOP', 20]],
	);
	assert.ok(!a.problems.some((p) => p.code === 'header.wrapped' || p.code === 'message.truncated'));
});

void test("Android Studio's logcat with only its level column kept (` I  ` before each line), the start line copied without it: the message's headers are read", () => {
	// The shape of a Linphone user's paste of a 407 and the ACK after it, from a newer Android
	// Studio whose other columns were hidden.
	const text = [
		'SIP/2.0 407 Proxy Authentication Required',
		...[
			'Via: SIP/2.0/UDP 10.0.2.16:55671;received=198.51.100.50;branch=z9hG4bK.7-rjOKYDO;rport=42381',
			'To: sip:9612312312@10.204.0.18;tag=a120-0063a18f465bdb89e0e8be781aea95ee',
			'From: "test2" <sip:3003@10.204.0.18>;tag=d1KyHsrFu',
			'Call-ID: nwhBzKc2wy',
			'CSeq: 20 INVITE',
			'Proxy-Authenticate: DIGEST realm="SQUIRES", nonce="5e40459c000033a5", qop="auth", algorithm=MD5',
			'Content-Length: 0',
			'',
			'',
			'channel [0x72e58da1ae00] [460] bytes parsed',
		].map((l) => ` I  ${l}`),
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(m.callId, 'nwhBzKc2wy');
	assert.equal(m.headerCount, 7);
	assert.deepEqual(
		a.problems.filter((p) => p.severity === 'error' || p.severity === 'warning').map((p) => p.code),
		[],
	);
});
