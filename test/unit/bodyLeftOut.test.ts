// A body a paste left out (its message's empty line, then at once the next message's start line):
// the length problem is said on the message's own Content-Length, not on the next message's
// start line, where the missing body would have begun. Shape from an annotated IMS call flow
// (a Huawei UE's INVITE whose SDP the notes left out, then the proxy's 100 Trying).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';

const trace = [
	'INVITE tel:1012;phone-context=ims.mnc001.mcc001.3gppnetwork.org SIP/2.0',
	'From: <sip:1013@ims.mnc001.mcc001.3gppnetwork.org>;tag=quecbbP',
	'To: "1012"<tel:1012;phone-context=ims.mnc001.mcc001.3gppnetwork.org>',
	'Call-ID: ttecbbPKc@182.0.3.113',
	'CSeq: 1 INVITE',
	'Max-Forwards: 70',
	'Contact: <sip:1013@182.0.3.113:5060>',
	'Via: SIP/2.0/TCP 182.0.3.113:5060;branch=z9hG4bKrvecbbPKcWj1EbefaynY;rport',
	'Content-Type: application/sdp',
	'Content-Length: 770',
	'',
	'SIP/2.0 100 Trying',
	'From: <sip:1013@ims.mnc001.mcc001.3gppnetwork.org>;tag=quecbbP',
	'To: "1012"<tel:1012;phone-context=ims.mnc001.mcc001.3gppnetwork.org>',
	'Call-ID: ttecbbPKc@182.0.3.113',
	'CSeq: 1 INVITE',
	'Via: SIP/2.0/TCP 182.0.3.113:5060;rport=5060;branch=z9hG4bKrvecbbPKcWj1EbefaynY',
	'Content-Length: 0',
	'',
	'',
].join('\r\n');

void test('a body left out is said on the Content-Length of its message, not on the next start line', () => {
	const a = analyzeTrace(trace);
	assert.equal(a.messages.length, 2);
	const lengths = a.problems.filter((p) => p.code === 'content-length.mismatch');
	assert.equal(lengths.length, 1);
	assert.equal(trace.slice(lengths[0]!.span.start, lengths[0]!.span.end), '770');
	const [invite, trying] = a.messages;
	assert.ok(lengths[0]!.span.start < invite!.frame.span.end);
	assert.ok(lengths[0]!.span.start < trying!.startLine.start);
	assert.equal(a.index.requestOf(1), 0);
});

void test('headers quoted without their body in a post: said as a body left out, on Content-Length', () => {
	// A Kamailio pua_dialoginfo PUBLISH quoted in an issue (kamailio issue about db_mode 2): the
	// headers in a Markdown fence, the dialog-info body not.
	const post = [
		'If db_mode == 2 (PUA_DB_ONLY) SIP-If-Match header does not exist on dialog event',
		'```',
		'PUBLISH sip:testuser1003@spce.test SIP/2.0',
		'Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKcc38.e1cf4686000000000000000000000000.0',
		'To: <sip:testuser1003@spce.test>',
		'From: <sip:testuser1003@spce.test>;tag=40bd18ec79e1d8f7e9c3f54805d1ecb3-86dabd12',
		'CSeq: 10 PUBLISH',
		'Call-ID: 200464472a3c6cfc-497@127.0.0.1',
		'Content-Length: 709',
		'Max-Forwards: 70',
		'Event: dialog',
		'Expires: 23761',
		'Content-Type: application/dialog-info+xml',
		'```',
		'same scenario but with db_mode == 0',
		'',
	].join('\n');
	const a = analyzeTrace(post);
	assert.equal(a.messages.length, 1);
	assert.deepEqual(
		a.problems.map((p) => [p.code, p.severity, post.slice(p.span.start, p.span.end)]),
		[['content-length.mismatch', 'information', '709']],
	);
	// Cut at the trace's end instead, the message is said cut short, once.
	const cut = post.slice(0, post.lastIndexOf('```'));
	assert.deepEqual(
		analyzeTrace(cut).problems.map((p) => p.code),
		['message.truncated'],
	);
});

void test('a trace that ends in an SDP before its first media line: the body was cut, not sent short', () => {
	// A SIPp INVITE pasted in an issue (SIPp issue 438), the SDP cut after `t=0 0`.
	const head = [
		'INVITE sip:9133@169.254.192.1:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 169.254.192.7:5060;branch=z9hG4bK-692-1-0',
		'From: 356799892980 <sip:356799892980@169.254.192.7:5060>;tag=692SIPpTag001',
		'To: 9133 <sip:9133@169.254.192.1:5060>',
		'Call-ID: 1-692@169.254.192.7',
		'CSeq: 1 INVITE',
		'Contact: sip:356799892980@169.254.192.7:5060',
		'Max-Forwards: 70',
		'Content-Type: application/sdp',
		'Content-Length: 137',
		'',
		'v=0',
		'o=user1 53655765 2353687637 IN IP4 169.254.192.7',
		's=-',
		'c=IN IP4 169.254.192.7',
		't=0 0',
	];
	const cut = analyzeTrace(`${head.join('\r\n')}\r\n`);
	assert.deepEqual(
		cut.problems.map((p) => [p.code, p.severity]),
		[['message.truncated', 'warning']],
	);
	assert.ok(cut.messages[0]!.bodyShort);
	// With its media line, the same short body at the trace's end is a wrong Content-Length (RFC
	// 4475's `clerr`): an error.
	const whole = analyzeTrace(`${[...head, 'm=audio 6000 RTP/AVP 0'].join('\r\n')}\r\n`);
	assert.deepEqual(
		whole.problems.map((p) => [p.code, p.severity]),
		[['content-length.mismatch', 'error']],
	);
});

void test('a double-spaced NOTIFY whose XML the trace cuts: said cut, its document not judged', () => {
	// A FreeSWITCH BLF NOTIFY pasted double-spaced in an issue, the paste ending in the XML prolog.
	const lines = [
		'NOTIFY sip:1001@10.0.0.2:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1',
		'Max-Forwards: 70',
		'From: <sip:1002@10.0.0.1>;tag=n1',
		'To: <sip:1001@10.0.0.1>;tag=s1',
		'Call-ID: blf-1',
		'CSeq: 5 NOTIFY',
		'Event: dialog',
		'Subscription-State: active;expires=600',
		'Content-Type: application/dialog-info+xml',
		'Content-Length: 698',
		'',
		'<?xml version="',
	];
	const text = lines.map((l) => `${l}\n\n`).join('');
	const a = analyzeTrace(text);
	const codes = a.problems.map((p) => p.code);
	assert.ok(codes.includes('message.truncated'), codes.join());
	assert.ok(!codes.some((c) => c.startsWith('body.')), codes.join());
});

void test('ngrep cut inside a body line at the end of a paste: said cut, not a wrong Content-Length', () => {
	// An OpenSIPS issue's ngrep capture (`-W byline`, each CR printed as `.`), the paste ending
	// inside an SDP line (`a=rtpmap:100 telep`), then the post's line end.
	const sdp = [
		'v=0',
		'o=- 1 1 IN IP4 192.0.2.1',
		's=-',
		'c=IN IP4 192.0.2.1',
		't=0 0',
		'm=audio 4000 RTP/AVP 0 100',
	];
	const text = [
		'U 2021/03/01 10:00:00.000001 192.0.2.1:5060 -> 192.0.2.2:5060',
		'INVITE sip:bob@example.com SIP/2.0.',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-n1.',
		'Max-Forwards: 70.',
		'From: <sip:alice@example.com>;tag=a1.',
		'To: <sip:bob@example.com>.',
		'Call-ID: ngrep-cut-1.',
		'CSeq: 1 INVITE.',
		'Contact: <sip:alice@192.0.2.1>.',
		'Content-Type: application/sdp.',
		'Content-Length: 604.',
		'.',
		...sdp.map((l) => `${l}.`),
		'a=rtpmap:100 telep',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'ngrep');
	assert.deepEqual(
		a.problems.map((p) => [p.code, p.severity]),
		[['message.truncated', 'warning']],
	);
	// The same body whole up to a line's `.` is short of its length: an error.
	const whole = text.replace('a=rtpmap:100 telep\n', 'a=rtpmap:100 telephone-event/8000.\n');
	assert.deepEqual(
		analyzeTrace(whole).problems.map((p) => [p.code, p.severity]),
		[['content-length.mismatch', 'error']],
	);
});

void test('ngrep: a space a post left after the last line\u2019s CR dot does not spoil its value', () => {
	const text = [
		'U 2021/03/01 10:00:00.000001 192.0.2.1:5060 -> 192.0.2.2:5060',
		'REGISTER sip:example.com SIP/2.0.',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-r1.',
		'Max-Forwards: 70.',
		'From: <sip:alice@example.com>;tag=a1.',
		'To: <sip:alice@example.com>.',
		'Call-ID: ngrep-space-1.',
		'CSeq: 1 REGISTER.',
		'Contact: <sip:alice@192.0.2.1>.',
		'Content-Length: 0. ',
		'.',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages[0]!.contentLength, 0);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
});

void test("the page's prose where an SDP or XML body goes: the copy left the body out, not a length that lies", () => {
	// A Kamailio user's post ("I will omit SDP to save space"): the INVITE the P-CSCF received,
	// then the post's next step, then the INVITE it sent on.
	const invite = trace.slice(0, trace.indexOf('SIP/2.0 100 Trying'));
	const step = '2. Then PCSCF sent it to SCSCF:\r\n\r\n';
	const post = invite + step + trace.slice(trace.indexOf('SIP/2.0 100 Trying'));
	const a = analyzeTrace(post);
	assert.equal(a.messages.length, 2);
	assert.equal(a.messages[0]!.body, null);
	const lengths = a.problems.filter((p) => p.code === 'content-length.mismatch');
	assert.deepEqual(
		lengths.map((p) => [p.severity, post.slice(p.span.start, p.span.end)]),
		[['information', '770']],
	);
	assert.match(lengths[0]!.message, /page's text follows the headers.*left the body out/);
	// A caption above the body it announces is no body left out: the body is read under it.
	const sdp =
		'v=0\r\no=- 1 1 IN IP4 182.0.3.113\r\ns=-\r\nc=IN IP4 182.0.3.113\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';
	const captioned =
		invite + 'This SIP message clip highlights the following parameters: Via, Contact.\r\n' + sdp;
	assert.notEqual(analyzeTrace(captioned).messages[0]!.body, null);
	// A text body (a MESSAGE's) may read as prose: it is the body.
	const message = post
		.replace('INVITE tel:', 'MESSAGE tel:')
		.replace('CSeq: 1 INVITE\r\nMax', 'CSeq: 1 MESSAGE\r\nMax')
		.replace('application/sdp', 'text/plain');
	assert.notEqual(analyzeTrace(message).messages[0]!.body, null);
});

void test('under an SDP Content-Type, lines of no session description and fewer octets than announced: the copy left the body out', () => {
	// A Cisco post: the INVITE's headers, the empty line, then CUCM's next trace records.
	const invite = trace.slice(0, trace.indexOf('SIP/2.0 100 Trying'));
	const records = [
		'04323021.031 |21:05:59.460 |AppInfo  |//SIP/SIPHandler/ccbId=0/scbId=0/getTrunInfoByRouteHdr: Route header userPart is missing',
		'04323021.032 |21:05:59.460 |AppInfo  |//SIP/SIPHandler/ccbId=0/scbId=0/getRel1xxType: No matching SIP trunk found in hash table',
		'',
	].join('\r\n');
	const a = analyzeTrace(invite + records);
	assert.equal(a.messages[0]!.body, null);
	const lengths = a.problems.filter((p) => p.code === 'content-length.mismatch');
	assert.deepEqual(
		lengths.map((p) => p.severity),
		['information'],
	);
	assert.match(lengths[0]!.message, /holds no line of a session description/);
	// SDP lines without `v=0` first are a body still (cut or not, it is judged as one).
	const sdpLines = 'o=- 1 1 IN IP4 182.0.3.113\r\ns=-\r\nc=IN IP4 182.0.3.113\r\n';
	assert.notEqual(analyzeTrace(invite + sdpLines).messages[0]!.body, null);
	// A poster's note alone in the body's place is said as that, not as lines of no SDP.
	const note = analyzeTrace(`${invite}<<SDP omitted for brevity>>\r\n`);
	assert.ok(!note.problems.some((p) => p.message.includes('no line of a session description')));
});

void test("a double-spaced page's INVITE, then the page's heading and paragraph where its SDP goes: the copy left the body out", () => {
	// The shape of a PBX vendor's documentation page: each header set as a paragraph, the SDP
	// left out, the next section's heading under Content-Length.
	const headers = [
		'INVITE sip:123456789@sip.example.com:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-524287-1---41103210c7296225;rport',
		'Max-Forwards: 70',
		'Contact: <sip:auth_ID@198.51.100.2:5060>',
		'To: <sip:123456789@sip.example.com:5060>',
		'From: "Extension Name"<sip:auth_ID@sip.example.com:5060>;tag=f625b10b',
		'Call-ID: 84MhAlm_yj3UmVbT7BK6nA..',
		'CSeq: 1 INVITE',
		'Content-Type: application/sdp',
		'Content-Length: 256',
	];
	const page = [
		...headers,
		'Configurable SIP Fields',
		'The PBX allows some customization of the INVITE, but the base structure always holds the fields shown above.',
		'',
	].join('\n\n');
	const a = analyzeTrace(page);
	assert.equal(a.messages.length, 1);
	assert.equal(a.messages[0]!.body, null);
	const lengths = a.problems.filter(
		(p) => p.code === 'content-length.mismatch' || p.code === 'message.truncated',
	);
	assert.deepEqual(
		lengths.map((p) => [p.code, p.severity]),
		[['content-length.mismatch', 'information']],
	);
});

void test("an XML body whole at the text's end, its last line end dropped by the copy: not said cut by the trace", () => {
	const xml = [
		'<?xml version="1.0"?>',
		'<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="3" state="full" entity="sip:2201@192.0.2.20">',
		'<dialog id="1"><state>terminated</state></dialog>',
		'</dialog-info>',
	];
	const notify = (body: string) =>
		[
			'NOTIFY sip:2200@192.0.2.21:5060 SIP/2.0',
			'Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK-1',
			'From: <sip:2201@192.0.2.20>;tag=a1',
			'To: <sip:2200@192.0.2.20>;tag=b1',
			'Call-ID: blf-1@192.0.2.21',
			'CSeq: 3 NOTIFY',
			'Contact: <sip:2201@192.0.2.20:5060>',
			'Event: dialog',
			'Subscription-State: active;expires=3600',
			'Content-Type: application/dialog-info+xml',
			`Content-Length: ${xml.join('\r\n').length + 2}`,
			'',
			body,
		].join('\r\n');
	// No line end after `</dialog-info>`: the copy's, the document whole.
	const whole = analyzeTrace(notify(xml.join('\r\n')));
	assert.ok(!whole.problems.some((p) => p.code === 'message.truncated'));
	// Cut inside the document, it is the trace's cut.
	const cut = analyzeTrace(notify(xml.slice(0, 3).join('\r\n').slice(0, -5)));
	assert.ok(cut.problems.some((p) => p.code === 'message.truncated'));
});
