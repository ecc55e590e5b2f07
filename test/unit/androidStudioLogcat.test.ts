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
