// Where a message's headers end in pasted text. An empty line that a copy left among them: the
// headers below it are still the message's when those above lack Call-ID or CSeq, announce no
// body, and a line below gives what they lack (the shapes of two issue excerpts: sipML5's
// console, an IMSDroid REGISTER in a mail wrapped at 80 columns); a message whose body only looks
// like headers is untouched. And what ends them though it is no empty line: the indented tag or
// fence that closes a blog's code block.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const codes = (text: string): string[] => analyzeTrace(text).problems.map((p) => p.code);

test("a console that doubled the line ends from the middle of the headers on: the headers after the first empty line are read, the log's next record is not", () => {
	const text = [
		'SIPml-api.js?svn=250:1 __tsip_transport_ws_onmessage',
		'SIPml-api.js?svn=250:1 recv=ACK sips:7777@example.invalid;transport=wss SIP/2.0',
		'Via: SIP/2.0/WSS 192.0.2.55:10062;rport;branch=z9hG4bK-39636004444',
		'From: <sip:1000@example.com>;tag=38855803848',
		'To: <sip:7777@example.com>;tag=KxJRuFtiLwipy45quUl1',
		'',
		'Call-ID: fdaeb1ed-29cf-0377-e958-7f9fd9bdf96e',
		'CSeq: 45801998 ACK',
		'',
		'Content-Length: 0',
		'',
		'Max-Forwards: 70',
		'',
		'SIPml-api.js?svn=250:1 State machine: tsip_transac_ist_Accepted_2_Accepted_iACK',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const ack = a.messages[0]!;
	assert.equal(ack.callId, 'fdaeb1ed-29cf-0377-e958-7f9fd9bdf96e');
	assert.equal(ack.cseq?.seq, 45801998);
	assert.equal(ack.contentLength, 0);
	assert.ok(ack.header('max-forwards'));
	// The log's next record is not read as a header, nor as a body the ACK does not have.
	const body = ack.body ? text.slice(ack.body.start, ack.body.end) : '';
	assert.ok(!body.includes('State machine'), body);
	// sipML5 wrote `transport=wss` in the Request-URI (RFC 7118 §5.2 defines `ws` only).
	assert.deepEqual(codes(text), ['uri.transport-wss', 'message.stray-empty-line']);
	const stray = a.problems[1]!;
	assert.equal(text.slice(0, stray.span.start).split('\n').length - 1, 5);
});

test('a Contact wrapped with an empty line inside it: the headers below it are read, up to the end of the message', () => {
	const text = [
		'and the sip log is this:',
		'REGISTER sip:198.51.100.153 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.100:36468;branch=z9hG4bK1641107955;rport',
		'From: <sip:01098002051@198.51.100.153>;tag=253309060',
		'To: <sip:01098002051@198.51.100.153>',
		'Contact: <sip:01098002051@192.0.2.100:36468;transport=udp>;expires=1700;+g.oma.sip-',
		'',
		'im;language="en,fr";+g.3gpp.smsip',
		'Call-ID: d567f299-3113-f105-1157-4336ceef9ffb',
		'CSeq: 1653045469 REGISTER',
		'Content-Length: 0',
		'Max-Forwards: 70',
		'',
		'SIP/2.0 407 Proxy Authentication Required',
		'Via: SIP/2.0/UDP 192.0.2.100:36468;branch=z9hG4bK1641107955;rport',
		'From: <sip:01098002051@198.51.100.153>;tag=253309060',
		'To: <sip:01098002051@198.51.100.153>;tag=p1',
		'Call-ID: d567f299-3113-f105-1157-4336ceef9ffb',
		'CSeq: 1653045469 REGISTER',
		'Proxy-Authenticate: Digest realm="example.com",nonce="n1"',
		'Content-Length: 0',
		'',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.callId, m.cseq?.seq]),
		[
			['REGISTER', 'd567f299-3113-f105-1157-4336ceef9ffb', 1653045469],
			[407, 'd567f299-3113-f105-1157-4336ceef9ffb', 1653045469],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
	const found = codes(text);
	assert.ok(found.includes('message.stray-empty-line'), found.join());
	// The line under the empty one is the rest of the Contact the mail wrapped, said so, not a
	// header line the sender broke.
	assert.ok(!found.includes('header.malformed'), found.join());
	for (const code of [
		'header.missing-call-id',
		'header.missing-cseq',
		'header.missing-max-forwards',
	])
		assert.ok(!found.includes(code), code);
});

test("an empty line a book's copy left among the headers of sofia's records: the headers below are the message's, the 401 answers its REGISTER", () => {
	const rule = '-----------------------------------------------------------------------';
	const record = (heading: string, lines: string[]) => [rule, heading, rule, '', ...lines, ''];
	const dialog = [
		'From: <sip:Alice@192.0.2.4;transport=UDP>;tag=9c709222',
		'To: <sip:Alice@192.0.2.4;transport=UDP>',
		'Call-ID: NmFjNzA3MWY1MDI3NGViMjY1N2QwZDlmZWQ5ZGY2OGE.',
	];
	const text = [
		...record('recv 560 bytes from udp/[192.0.2.4]:5090 at 12:30:57.916812:', [
			'REGISTER sip:192.0.2.4;transport=UDP SIP/2.0',
			'Via: SIP/2.0/UDP 192.0.2.4:5090;branch=z9hG4bK-d8754z-d9ed3bbae47e568b-1---d8754z-;rport',
			'Max-Forwards: 70',
			'Contact: <sip:Alice@192.0.2.4:5090;rinstance=1bc3a39b6b1e04ae;transport=UDP>',
			...dialog,
			'CSeq: 1 REGISTER',
			'Expires: 3600',
			'Content-Length: 0',
		]),
		...record('send 664 bytes to udp/[192.0.2.4]:5090 at 12:30:57.919364:', [
			'SIP/2.0 401 Unauthorized',
			'Via: SIP/2.0/UDP 192.0.2.4:5090;branch=z9hG4bK-d8754z-d9ed3bbae47e568b-1---d8754z-;rport=5090',
			...dialog.map((l) => (l.startsWith('To:') ? `${l};tag=QFXyg6gcByvUH` : l)),
			'',
			'CSeq: 1 REGISTER',
			'User-Agent: FreeSWITCH-mod_sofia/1.10.0',
			'WWW-Authenticate: Digest realm="192.0.2.4", nonce="62fb812c-71d2-4a36-93d6-e0008e6a63ee", algorithm=MD5, qop="auth"',
			'Content-Length: 0',
		]),
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sofia');
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.cseq?.seq]),
		[
			['REGISTER', 1],
			[401, 1],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
	assert.deepEqual(codes(text), ['message.stray-empty-line']);
});

test('a body that only looks like headers (message-summary) and a message that lacks Call-ID above an SDP body are read as before', () => {
	const notify = [
		'NOTIFY sip:alice@192.0.2.1 SIP/2.0',
		'Via: SIP/2.0/UDP 198.51.100.1;branch=z9hG4bKmwi1',
		'Max-Forwards: 70',
		'From: <sip:alice@example.com>;tag=s1',
		'To: <sip:alice@example.com>;tag=a1',
		'Call-ID: mwi-1',
		'CSeq: 2 NOTIFY',
		'Contact: <sip:198.51.100.1>',
		'Event: message-summary',
		'Subscription-State: active;expires=3600',
		'Content-Type: application/simple-message-summary',
		'Content-Length: 50',
		'',
		'Messages-Waiting: yes',
		'Voice-Message: 2/8 (0/2)',
		'',
	].join('\r\n');
	const a = analyzeTrace(notify);
	const body = a.messages[0]!.body!;
	assert.equal(
		notify.slice(body.start, body.end),
		'Messages-Waiting: yes\r\nVoice-Message: 2/8 (0/2)\r\n',
	);
	assert.ok(!codes(notify).includes('message.stray-empty-line'));
	// A poster's abridged INVITE: no Call-ID above the empty line, SDP below.
	const invite = [
		'INVITE sip:bob@example.com SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKinv1',
		'CSeq: 1 INVITE',
		'',
		'v=0',
		'o=- 1 1 IN IP4 192.0.2.1',
		'Call-ID: not-a-header-here',
		'',
	].join('\r\n');
	assert.ok(!codes(invite).includes('message.stray-empty-line'));
	assert.equal(analyzeTrace(invite).messages[0]!.callId, null);
});

test("the tag or fence that closes a blog's code block, indented, right after the last header: the message ends before it, its Content-Length whole", () => {
	// The shape of a blog post in Jekyll (a Cisco 7940 registering with 3CX): `Content-Length: 0`,
	// then `  {% endhighlight %}` with no empty line between.
	for (const closing of ['  {% endhighlight %}', '   ```']) {
		const text = [
			'SIP/2.0 407 Proxy Authentication Required',
			'Via: SIP/2.0/UDP 192.0.2.17:5060;branch=z9hG4bK3f1a2b',
			'From: <sip:2006@pbx.example.com>;tag=ab12',
			'To: <sip:2006@pbx.example.com>;tag=cd34',
			'Call-ID: 0011aabb@192.0.2.17',
			'CSeq: 101 REGISTER',
			'Proxy-Authenticate: Digest nonce="414d535c0a3f2c1b",realm="3CXPhoneSystem"',
			'Content-Length: 0',
			closing,
			'',
			'The phone then registers again.',
			'',
		].join('\n');
		const a = analyzeTrace(text);
		assert.equal(a.messages.length, 1, closing);
		assert.equal(a.messages[0]!.contentLength, 0, closing);
		assert.deepEqual(
			a.problems.filter((p) => p.severity !== 'information').map((p) => p.code),
			[],
			closing,
		);
	}
});

test("a double-spaced copy's message with Content-Length 0: the log's lines after it are no body", () => {
	// The shape of an esp-adf issue: ESP-IDF's `I (2779) SIP: ...` records after a 100 that the
	// page double-spaced.
	const text = [
		'I (2749) SIP: [1970-01-01/00:00:01]<<=====READ 0316 bytes==',
		'',
		'SIP/2.0 100 Trying',
		'',
		'Via: SIP/2.0/UDP 192.0.2.124:19149;branch=z9hG4bK--1974865940;rport=19149',
		'',
		'From: <sip:100@192.0.2.93:5060>;tag=720657929',
		'',
		'To: <sip:100@192.0.2.93:5060>',
		'',
		'Call-ID: 42E3BCE9F2E33D63A9B524A3B3E67AE63E9D2B0075EA',
		'',
		'CSeq: 3 REGISTER',
		'',
		'Content-Length: 0',
		'',
		'',
		'I (2779) SIP: [1970-01-01/00:00:01]<<======================',
		'I (2789) SIP: [1970-01-01/00:00:01]<<=====READ 0522 bytes==',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	assert.equal(a.messages[0]!.body, null);
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('body.') || p.code.startsWith('content-length.')),
		[],
	);
});

test("a double-spaced page's message with Content-Length 0, then one empty line and the page's next paragraph: that is no header", () => {
	// The shape of Aastra's IP Phone Release Notes 2.2 as a manual site stores it (every line
	// followed by an empty one): an example NOTIFY, then the text that explains it.
	const text = [
		'Example of a SIP NOTIFY without XML Content',
		'',
		'NOTIFY sip:200@10.30.100.103:5060 SIP/2.0',
		'',
		'Via: SIP/2.0/UDP 10.30.100.103:5060;branch=z9hG4bK7bbc1fac;rport',
		'',
		'From: <sip:201@10.30.100.103:5060>;tag=81be2861f3',
		'',
		'To: Jacky200 <sip:200@10.30.100.103:5060>',
		'',
		'Call-ID: 59638f5d95c9d301',
		'',
		'CSeq: 4 NOTIFY',
		'',
		'Max-Forwards: 70',
		'',
		'Event: aastra-xml',
		'',
		'Content-Length: 0',
		'',
		'When the phone receives the SIP NOTIFY, it will trigger the action uri xml sip notify parameter.',
		'',
		'On the phone side, a System Administrator can enable or disable this SIP',
		'',
		'NOTIFY feature using the configuration files or the phone Web UI.',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	assert.equal(a.messages[0]!.header('event')?.value && 'event', 'event');
	const found = codes(text);
	assert.ok(found.includes('message.double-spaced'));
	assert.ok(!found.includes('header.malformed'), found.join());
	assert.ok(!found.some((c) => c.startsWith('content-length.')), found.join());
	// A text body after Content-Length in such a copy is the body, not headers.
	const message = text
		.replace('Content-Length: 0', 'Content-Type: text/plain\n\nContent-Length: 5')
		.replace(/When the phone[^]*$/, 'hello\n');
	const b = analyzeTrace(message);
	assert.ok(!codes(message).includes('header.malformed'));
	assert.equal(message.slice(b.messages[0]!.body!.start, b.messages[0]!.body!.end).trim(), 'hello');
});

test('a console that doubled its line ends: each message ends where the doubling does, so the next record times the next one', () => {
	// The shape of SIP.js#577 (SIP.js 0.11 in Firefox, FreePBX answering): each record, its
	// source line and `received WebSocket text message:`, then the message with an empty line
	// after every line, then empty lines.
	const record = [
		'sip-0.11.1.js:586:5',
		'Wed Jul 11 2018 11:07:21 GMT-0700 (PDT) | sip.transport | received WebSocket text message:',
		'',
	];
	const response = (status: string) =>
		[
			`SIP/2.0 ${status}`,
			'Via: SIP/2.0/WSS g54alftsgmhm.invalid;rport=61789;received=10.224.50.12;branch=z9hG4bK1319558',
			'Call-ID: 9jvsquoigrbqspr1s1rl',
			'From: "Test" <sip:901000@andrew15.sangoma.tech>;tag=vpijlu35gi',
			'To: <sip:777@andrew15.sangoma.tech>',
			'CSeq: 432 INVITE',
			'Server: FPBX-15.0.1alpha2(15.4.0)',
			'Content-Length:  0',
		].flatMap((l) => [l, '']);
	const text = [
		...record,
		...response('100 Trying'),
		'',
		'',
		...record,
		...response('183 Session Progress'),
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.status, m.frame.time, m.frame.direction]),
		[
			[100, '2018-07-11T11:07:21-07:00', 'in'],
			[183, '2018-07-11T11:07:21-07:00', 'in'],
		],
	);
	assert.ok(!codes(text).includes('header.malformed'));
});

test("a console that doubled its line ends, one empty line before the next record's source line: that line is no header", () => {
	// SIP.js#436 (SIP.js 0.9 in Firefox, Asterisk answering): after `Content-Length: 0`, one
	// empty line, then the next record's `sip-0.9.2.js:807:5`, whose `:` follows a name.
	const record = [
		'sip-0.9.2.js:807:5',
		'Wed Jul 17 2019 10:32:54 GMT+0530 (India Standard Time) | sip.transport | received WebSocket text message:',
		'',
	];
	const response = (status: string) =>
		[
			`SIP/2.0 ${status}`,
			'Via: SIP/2.0/WS 7uvi4c86rerl.invalid;branch=z9hG4bK9429754;received=172.19.71.69',
			'From: "naveen_u" <sip:3pl6pu8i@7uvi4c86rerl.invalid;transport=ws>;tag=nj59c2u4u7',
			'To: <sip:ecbc_e@172.19.71.109>;tag=as1df211d9',
			'Call-ID: 1d702c8557c08c1023d9ae4878539ad0@172.19.71.109:5060',
			'CSeq: 104 INVITE',
			'Content-Length: 0',
		].flatMap((l) => [l, '']);
	const text = [...record, ...response('100 Trying'), ...record, ...response('200 OK'), ''].join(
		'\n',
	);
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.status, m.frame.time, m.frame.direction]),
		[
			[100, '2019-07-17T10:32:54+05:30', 'in'],
			[200, '2019-07-17T10:32:54+05:30', 'in'],
		],
	);
	assert.ok(!codes(text).includes('header.malformed'));
});

test("sipML5's doubled console: the records after a message's last header, not doubled, are no headers of it", () => {
	// sipML5#284 (Firefox, Asterisk 13): the 200's last header, one empty line, then the
	// console's records line after line up to the next `SEND:`.
	const doubled = (lines: string[]) => lines.flatMap((l) => [l, '']);
	const text = [
		'__tsip_transport_ws_onmessage  tsk_utils.js:116:50',
		...doubled([
			'recv=SIP/2.0 200 OK',
			'Via: SIP/2.0/WSS df7jal23ls0d.invalid;rport=51064;received=192.168.0.26;branch=z9hG4bKaCzQR28T5umCAbX1FiOXHCDaWR4D78JM',
			'From: "7040"<sip:7040@192.168.0.17>;tag=xlyEPfB3Q165GZQpo26w',
			'To: "7040"<sip:7040@192.168.0.17>;tag=as244c720b',
			'Call-ID: a13d7080-7f33-91c7-4c36-81a4c0523169',
			'CSeq: 4010 REGISTER',
			'Content-Length: 0',
			'Server: Asterisk PBX certified/13.13-cert1',
		]),
		'  tsk_utils.js:116:50',
		'State machine: tsip_dialog_register_InProgress_2_Connected_X_2xx  tsk_utils.js:116:50',
		'==session event = sent_request  tsk_utils.js:116:50',
		'SEND: REGISTER sip:192.168.0.17 SIP/2.0',
		'',
		'Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKvfrwn7w8OZxTxatyTT5le4M35HK8IqFQ;rport',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => m.method ?? m.status),
		[200, 'REGISTER'],
	);
	assert.ok(!codes(text).includes('header.malformed'), codes(text).join());
	const server = a.messages[0]!.header('server')!;
	assert.equal(
		text.slice(server.value.start, server.value.end),
		'Asterisk PBX certified/13.13-cert1',
	);
});

test('a record whose size says more than its lines hold, cut inside the body at a line end: said cut, not a wrong Content-Length', () => {
	// The shape of an Asterisk 22 issue excerpt: pjsip's logger record of 881 bytes, the paste
	// stopping after the SDP's `v=0`.
	const lines = [
		'<--- Received SIP request (881 bytes) from UDP:192.0.2.140:5060 --->',
		'INVITE sip:100@192.0.2.10:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.140:5060;branch=z9hG4bK1287163751;rport',
		'From: <sip:10010101@192.0.2.10:5060>;tag=1539151488',
		'To: <sip:100@192.0.2.10:5060>',
		'Call-ID: 651024374',
		'CSeq: 20 INVITE',
		'Contact: <sip:10010101@192.0.2.140:5060>',
		'Max-Forwards: 70',
		'Content-Type: application/sdp',
		'Content-Length:   451',
		'',
		'v=0',
		'',
	];
	const codesOf = (text: string): string[] =>
		analyzeTrace(text)
			.problems.filter((p) => p.severity !== 'information')
			.map((p) => p.code);
	assert.deepEqual(codesOf(lines.join('\n')), ['message.truncated']);
	// A record whose lines hold all it gives has a lying length.
	const whole = lines.join('\r\n');
	const size = Buffer.byteLength(whole.slice(whole.indexOf('INVITE')), 'utf8');
	assert.deepEqual(codesOf(whole.replace('881 bytes', `${size} bytes`)), [
		'content-length.mismatch',
	]);
	// At the trace's end, the trace is said to end there; with the log going on after it (lines a
	// poster left out of the record), the record is said cut, not the trace.
	const said = (text: string) =>
		analyzeTrace(text).problems.find((p) => p.code === 'message.truncated')!.message;
	assert.match(said(lines.join('\n')), /^The trace ends inside this body: \d+ of the 451 octets/);
	const goesOn = [
		...lines,
		'<--- Transmitting SIP response (300 bytes) to UDP:192.0.2.140:5060 --->',
		'SIP/2.0 100 Trying',
		'',
	];
	assert.match(
		said(goesOn.join('\n')),
		/^The log's record of this message is cut short inside its body \(it says 881 bytes\): \d+ of the 451 octets/,
	);
});

// A vendor's manual (PLANET VIP-350PT, p. 123): the 202 to an MWI SUBSCRIBE ends with
// `Content-Length: 0`, and the manual's next paragraph and example follow with no empty line.
test('a line that is no header right after `Content-Length: 0` ends the message: the page goes on as log text', () => {
	const text = [
		'SIP/2.0 202 Accepted',
		'Via: SIP/2.0/UDP 192.168.3.50',
		'Contact: sip:192.168.3.1:6060',
		'Expires: 3600',
		'To: <sip:john@192.168.3.1>;tag=abc',
		'From: <sip:john@192.168.3.1>;tag=def',
		'Call-ID: 1234@192.168.3.50',
		'CSeq: 281 SUBSCRIBE',
		'Content-Length: 0',
		'• Out-of-Dialog MWI Notification',
		'The IP Phone accepts unsolicited MWI NOTIFY messages as well. The sample NOTIFY',
		'message is as follows (suppose sip.isp.com is one of your active service domains):',
		'To: <sip:john@192.168.3.1>',
		'',
	].join('\r\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const accepted = a.messages[0]!;
	assert.ok(
		text
			.slice(accepted.frame.sip.start, accepted.frame.sip.end)
			.trimEnd()
			.endsWith('Content-Length: 0'),
	);
	// No line of the page is read as a header of the 202 (nor its To as a second one); the 202
	// itself is RFC 3265's answer (a hint).
	assert.deepEqual(codes(text), ['response.no-request', 'subscribe.202-accepted']);
	// A header after the length is still the message's, as Microsoft's stacks write them.
	const later = text.replace(
		'Content-Length: 0\r\n',
		'Content-Length: 0\r\nSupported: ms-benotify\r\n',
	);
	assert.ok(analyzeTrace(later).messages[0]!.header('supported'));
});

// Yealink's T58 and CP960 guides: a BLF NOTIFY whose dialog-info body follows the headers with
// no empty line, then the guide's next heading and paragraph, with no empty line either.
test('an XML body that its length does not end cleanly ends with its root element, not at the next paragraph', () => {
	const xml = [
		'<?xml version="1.0"?>',
		'<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="2" state="full" entity="sip:6002@10.3.20.1">',
		'<dialog id="1" call-id="abc" local-tag="x" remote-tag="y" direction="recipient">',
		'<state>early</state>',
		'</dialog>',
		'</dialog-info>',
	];
	const text = [
		'NOTIFY sip:6001@10.3.6.12:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 10.3.20.1:5060;branch=z9hG4bK1',
		'From: <sip:6002@10.3.20.1>;tag=n1',
		'To: <sip:6001@10.3.20.1>;tag=s1',
		'Call-ID: 0_4117916748@10.3.20.1',
		'CSeq: 3 NOTIFY',
		'Event: dialog',
		'Subscription-State: active;expires=1800',
		'Content-Type: application/dialog-info+xml',
		// A few octets more than the body: the guide re-indented or re-wrapped it.
		`Content-Length: ${xml.join('\r\n').length + 6}`,
		...xml,
		'Visual Alert and Audio Alert for BLF Pickup',
		'Visual and audio alert for BLF pickup allow the supervisor’s phone to play an alert tone.',
		'',
	].join('\r\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const notify = a.messages[0]!;
	assert.ok(notify.body);
	assert.equal(text.slice(notify.body.start, notify.body.end).trimEnd(), xml.join('\r\n'));
	// The document decodes; the length is said wrong, not the body ill-formed.
	assert.ok(!codes(text).some((c) => c.startsWith('body.')), codes(text).join());
	assert.ok(codes(text).includes('content-length.mismatch'));
	// A multipart body is not cut at its first part's root (it opens with its boundary).
	const parts = text
		.replace(
			'<?xml version="1.0"?>',
			'\r\n--b1\r\nContent-Type: application/dialog-info+xml\r\n\r\n<?xml version="1.0"?>',
		)
		.replace('</dialog-info>\r\n', '</dialog-info>\r\n--b1--\r\n');
	const body = analyzeTrace(parts).messages[0]!.body!;
	assert.ok(parts.slice(body.start, body.end).includes('Visual Alert'));
});

// Crash reports pasted in Markdown (opensips#734, pjproject#2092): an INVITE in a fenced block,
// its SDP's length a few octets off, then the closing fence, an empty line and the report's text.
test('the fence closing a Markdown block ends the body, whatever its length counts past it', () => {
	const sdp = [
		'v=0',
		'o=- 1061502179 1061502179 IN IP4 172.17.0.1',
		'c=IN IP4 172.17.0.1',
		't=0 0',
		'm=audio 17000 RTP/AVP 0 101',
		'a=rtpmap:0 PCMU/8000',
		'a=sendrecv',
	];
	const pasted = (length: number): string =>
		[
			'This INVITE crashes the server:',
			'',
			'```',
			'INVITE sip:5678@127.0.0.1:5060 SIP/2.0',
			'Via: SIP/2.0/UDP 172.17.0.1:10394;branch=z9hG4bKadc9caea',
			'To: <sip:5678@127.0.0.1:5060>',
			'From: Test <sip:1234@172.17.0.1>;tag=t1',
			'Call-ID: adc9caea-2d0a-40af-9de5-1dd21387e03a',
			'CSeq: 2 INVITE',
			'Max-Forwards: 70',
			'Contact: <sip:1234@172.17.0.1>',
			'Content-Type: application/sdp',
			`Content-Length: ${length}`,
			'',
			...sdp,
			'```',
			'',
			'Notes:',
			'- `\\x00` should be replaced by the null character',
			'',
		].join('\n');
	const lf = sdp.join('\n').length + 1;
	// Counted as CRLF, lengths that end past the fence: at the next line's start, or inside it.
	for (const length of [lf + sdp.length + 5, lf + sdp.length + 2]) {
		const text = pasted(length);
		const a = analyzeTrace(text);
		assert.equal(a.messages.length, 1);
		const invite = a.messages[0]!;
		const body = text.slice(invite.body!.start, invite.body!.end);
		assert.ok(!body.includes('```'), body);
		assert.ok(
			text.slice(invite.frame.sip.start, invite.frame.sip.end).trimEnd().endsWith('a=sendrecv'),
		);
		// The length is said wrong against the body, not against the fence and the notes.
		const mismatch = a.problems.find((p) => p.code === 'content-length.mismatch');
		assert.equal(mismatch?.severity, 'error');
		assert.match(mismatch.message, new RegExp(`Content-Length is ${length} but only`));
	}
});

// baresip#3723's report quotes the responses it saw, each a start line alone in its paragraph; a
// Russian page's glossary lists status codes a line each. Neither is a message.
test('a start line quoted alone in a paragraph, or a list of them, is no message; one the trace ends after still is', () => {
	const report = [
		'When the remote party sends a REFER, baresip accepts it and replies correctly with:',
		'',
		'SIP/2.0 202 Accepted',
		'',
		'The remote SIP UA, Linphone Android in this case, rejects the NOTIFY with:',
		'',
		'SIP/2.0 400 Bad request',
		'',
		'## Expected behavior',
		'',
	].join('\n');
	assert.equal(analyzeTrace(report).messages.length, 0);
	const glossary = [
		'SIP/2.0 401 Unauthorized',
		'',
		'SIP/2.0 403 Forbidden',
		'',
		'Коды 4xx',
		'',
	].join('\n');
	assert.equal(analyzeTrace(glossary).messages.length, 0);
	// A double-spaced copy's start line has its headers after the empty line.
	const doubled = [
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1',
		'From: <sip:a@example.com>;tag=1',
		'To: <sip:b@example.com>;tag=2',
		'Call-ID: c1',
		'CSeq: 1 OPTIONS',
		'Content-Length: 0',
		'',
	]
		.join('\n\n')
		.concat('\n');
	assert.equal(analyzeTrace(doubled).messages.length, 1);
	// A trace that ends right after a start line: the message is kept, said to lack the headers
	// the excerpt left out (one warning, not one error per header).
	const cut = analyzeTrace('some log line\n\nSIP/2.0 200 OK\n\n');
	assert.equal(cut.messages.length, 1);
	assert.deepEqual(
		cut.problems.map((p) => [p.code, p.severity]),
		[['message.truncated', 'warning']],
	);
});

// Excerpts that end inside a header's name (a Cisco ASA debug pasted up to `Conten`, a
// SEMS issue's INVITE up to `Mim`), as a log being written does: the headers are cut there.
test("a trace that ends inside a header's name: the message is said cut, not given a body", () => {
	const head = [
		'INVITE sip:911@example.com SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1',
		'From: <sip:a@example.com>;tag=1',
		'To: <sip:911@example.com>',
		'Call-ID: c1@192.0.2.1',
		'CSeq: 1 INVITE',
		'Content-Type: application/sdp',
	];
	for (const cut of ['Conten', 'Content-Length', 'Mim']) {
		for (const end of ['', '\n']) {
			const a = analyzeTrace([...head, cut].join('\n') + end);
			assert.equal(a.messages.length, 1);
			assert.deepEqual(
				a.problems.filter((p) => p.severity !== 'hint').map((p) => p.code),
				['message.truncated'],
				`${cut}${JSON.stringify(end)}`,
			);
			assert.equal(a.messages[0]!.body, null);
		}
	}
	// Not the last line: a line that is no header among the headers is still said malformed.
	const inside = analyzeTrace(
		[...head.slice(0, 3), 'Conten', ...head.slice(3), 'Content-Length: 0', '', ''].join('\n'),
	);
	assert.ok(inside.problems.some((p) => p.code === 'header.malformed'));
});

// ha-sip's README (a FRITZ!Box REGISTER): one empty line after the start line, the rest single.
test('an empty line only after the start line is a stray one, not a double-spaced copy', () => {
	const text = [
		'REGISTER sip:192.168.178.1 SIP/2.0',
		'',
		'Via: SIP/2.0/UDP 192.168.178.20:5060;branch=z9hG4bK1',
		'From: <sip:HomeAssistant@192.168.178.1>;tag=1',
		'To: <sip:HomeAssistant@192.168.178.1>',
		'Call-ID: r1@192.168.178.20',
		'CSeq: 1 REGISTER',
		'Max-Forwards: 70',
		'Contact: <sip:HomeAssistant@192.168.178.20:5060>',
		'Content-Length: 0',
		'',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages[0]!.callId, 'r1@192.168.178.20');
	assert.deepEqual(codes(text), ['message.stray-empty-line']);
	// Every line doubled: double-spaced.
	const doubled = text.replace('SIP/2.0\n\n', 'SIP/2.0\n').replace(/\n/g, '\n\n');
	assert.deepEqual(codes(doubled), ['message.double-spaced']);
});

// ShareTechnote's RCS page (double-spaced, a step's label `(2) 200 OK` before the next message)
// and a blog's shortened NOTIFY (no Content-Length, the post's `Continue reading` after it): a
// body taken as it stands ends with its XML document's root element.
test('a watcherinfo body taken as it stands ends with its root element, not with the page text after it', () => {
	const winfo = [
		'<?xml version="1.0"?>',
		'<watcherinfo xmlns="urn:ietf:params:xml:ns:watcherinfo" version="0" state="full">',
		'<watcher-list resource="sip:alice@example.com" package="presence">',
		'<watcher id="w1" event="subscribe" status="pending">sip:bob@example.com</watcher>',
		'</watcher-list>',
		'</watcherinfo>',
	];
	const notify = (length: string[]): string[] => [
		'NOTIFY sip:alice@192.0.2.1:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKw1',
		'From: <sip:alice@example.com>;tag=n1',
		'To: <sip:alice@example.com>;tag=s1',
		'Call-ID: winfo-1@192.0.2.1',
		'CSeq: 2 NOTIFY',
		'Event: presence.winfo',
		'Subscription-State: active;expires=3600',
		'Content-Type: application/watcherinfo+xml',
		...length,
	];
	const doubled = [...notify(['Content-Length: 368']), '', ...winfo, ' ', '(2) 200 OK', ' ']
		.join('\r\n\r\n')
		.concat('\r\n\r\n');
	const blog = [...notify([]), '', ...winfo, '', 'Continue reading', ''].join('\n');
	for (const text of [doubled, blog]) {
		const a = analyzeTrace(text);
		const m = a.messages[0]!;
		const body = text.slice(m.body!.start, m.body!.end);
		assert.ok(body.trimEnd().endsWith('</watcherinfo>'), body);
		assert.ok(!a.problems.some((p) => p.code.startsWith('body.')), JSON.stringify(a.problems));
	}
});

// SIP.js#517: the reporter cut each message of the exchange to a line or two, the 407 to its
// start line alone, between the INVITE and the ACK.
test('a start line alone between messages cut short is one of them', () => {
	const text = [
		'```',
		'INVITE sip:123@example.net SIP/2.0',
		'Via: SIP/2.0/WSS 31a44ueqgapu.invalid;branch=z9hG4bK9560030',
		'',
		'SIP/2.0 407 Proxy Authentication Required',
		'',
		'ACK sip:123@example.net SIP/2.0',
		'Via: SIP/2.0/WSS 31a44ueqgapu.invalid;branch=z9hG4bK3227832',
		'```',
		'',
	].join('\n');
	assert.deepEqual(
		analyzeTrace(text).messages.map((m) => m.method ?? m.status),
		['INVITE', 407, 'ACK'],
	);
});

test('an empty line among headers that have Call-ID and CSeq but no Content-Length, which a line below gives: the headers below are read', () => {
	// An Asterisk wiki's chan_sip debug: a SUBSCRIBE re-sent with credentials, an empty line
	// after `Expires: 1800`, its Event and Content-Length below it.
	const subscribe = (cseq: number, stray: boolean) =>
		[
			'SUBSCRIBE sip:6001@10.24.18.124;transport=UDP SIP/2.0',
			'Via: SIP/2.0/UDP 10.24.17.254:37509;branch=z9hG4bK-d8754z-c69' + cseq,
			'Max-Forwards: 70',
			'Contact: <sip:Alice@10.24.17.254:37509;transport=UDP>',
			'To: <sip:6001@10.24.18.124;transport=UDP>',
			'From: <sip:Alice@10.24.18.124;transport=UDP>;tag=f51e9632',
			'Call-ID: ZjE2ZDAwYThiOTA2MzYxOWEwNTEwMjc1ZGIxNTk3NDU.',
			`CSeq: ${cseq} SUBSCRIBE`,
			'Expires: 1800',
			...(stray ? [''] : []),
			'Accept: application/pidf+xml',
			'Event: presence',
			'Content-Length: 0',
			'',
			'',
		].join('\r\n');
	const a = analyzeTrace(subscribe(2, true));
	const m = a.messages[0]!;
	assert.equal(m.event?.package, 'presence');
	assert.equal(m.contentLength, 0);
	assert.equal(m.body, null);
	assert.deepEqual(codes(subscribe(2, true)), ['message.stray-empty-line']);
	assert.deepEqual(codes(subscribe(2, false)), []);
	// Two messages over UDP without Content-Length (Linphone's REGISTER): the next message's
	// headers are its own, not the first one's.
	const register = (cseq: number) =>
		[
			'REGISTER sip:sip.example.com SIP/2.0',
			`Via: SIP/2.0/UDP 192.0.2.5:5060;branch=z9hG4bK.r${cseq}`,
			'Max-Forwards: 70',
			'From: <sip:a@sip.example.com>;tag=r1',
			'To: <sip:a@sip.example.com>',
			'Call-ID: reg-1',
			`CSeq: ${cseq} REGISTER`,
			'Contact: <sip:a@192.0.2.5>',
			'',
		].join('\r\n');
	const two = `${register(1)}\r\n${register(2).replace('Contact:', 'Content-Length: 0\r\nContact:')}\r\n`;
	assert.ok(two.includes('Content-Length: 0\r\nContact:'));
	assert.equal(analyzeTrace(two).messages.length, 2);
	assert.ok(!codes(two).includes('message.stray-empty-line'));
});

test('a line of white space alone before the SDP ends the headers, as the empty line it stands for', () => {
	// Cisco Unity Express's `trace ccn StackSip dbug` prints the empty line as a space (a Cisco
	// guide's CUE call flow).
	const invite = [
		'INVITE sip:39993001@10.10.202.1:5060;user=phone SIP/2.0',
		'Via: SIP/2.0/UDP 10.10.202.50:5060;branch=z9hG4bKkuJtPQPUKbreuy0GkQBlQw~~10',
		'Max-Forwards: 70',
		'To: <sip:39993001@10.10.202.1:5060;user=phone>',
		'From: <sip:3602@10.10.202.50:5060>;tag=cue5aa7689b',
		'Call-ID: 137295211648821@10.10.202.50',
		'CSeq: 1 INVITE',
		'Content-Length: 76',
		'Contact: <sip:3602@10.10.202.50:5060>',
		'Content-Type: application/sdp',
		'Allow-Events: telephone-event',
		' ',
		'v=0',
		'o=CUE 3337 3337 IN IP4 10.10.202.50',
		's=SIP Call',
		'c=IN IP4 10.10.202.50',
		'',
	].join('\r\n');
	const a = analyzeTrace(invite);
	const m = a.messages[0]!;
	assert.ok(invite.slice(m.body!.start).startsWith('v=0'));
	assert.equal(m.contentType, 'application/sdp');
	assert.deepEqual(codes(invite), []);
	// Before a header, the same line folds (RFC 3261 §7.3.1): the headers go on.
	const folded = invite.replace(' \r\nv=0', ' \r\nSubject: x\r\n\r\nv=0');
	assert.equal(
		analyzeTrace(folded).messages[0]!.headers.some((h) => h.key === 'subject'),
		true,
	);
});

test('a log cut inside the prefix of the record after a message: the message is said cut, not judged for what it lacks', () => {
	// A Linphone logcat paste (a Kamailio presence question) that stops inside the next record's
	// prefix (`... I/Li`), the NOTIFY's Event and Subscription-State not reached.
	const prefix = '2021-03-03 15:55:26.802 17083-17083/org.linphone.debug I/Linphone: ';
	const notify = [
		'NOTIFY sip:mcx@172.31.37.34:8642 SIP/2.0',
		'Via: SIP/2.0/UDP 172.31.37.34:8642;branch=z9hG4bK.1',
		'From: <sip:mcx.test-444.mcla@ims.mnc001.mcc001.3gppnetwork.org>;tag=gYuannNJo',
		'To: <sip:alice@example.org>;tag=a1',
		'Call-ID: yY0cUfSD0G',
		'CSeq: 32829771 NOTIFY',
		'Contact: <sip:mcx.test-444.mcla@172.31.37.34:8642>',
		'Supported: timer, path, replaces',
	];
	const text = `${notify.map((l) => prefix + l).join('\n')}\n${prefix.slice(0, 60)}\n`;
	const a = analyzeTrace(text);
	assert.equal(a.format, 'logcat');
	assert.deepEqual(codes(text), ['message.truncated']);
	// A last line that is no cut of the record before it (the post's own words) is no cut.
	const words = `${notify.map((l) => prefix + l).join('\n')}\n\n(the rest of the log is attached)\n`;
	assert.ok(codes(words).includes('event.missing'), codes(words).join());
});

test('a copy that pads every line with spaces: a paragraph right after `Content-Length: 0` ends the message', () => {
	// AudioCodes' Mediant manual copied from its PDF (every line ending in spaces): the PUBLISH's
	// 200 OK, then the manual's next step.
	const text = [
		'SIP/2.0 200 OK',
		'From: "John Doe"<sip:john.doe@sfb.example>;tag=1c537837102',
		'To: <sip:john.doe@sfb.example>;tag=0E4324A4B27040E4A167108D4FAD27E3',
		'Call-ID: 1284896643279201635736@10.33.221.57',
		'CSeq: 1 PUBLISH',
		'Via: SIP/2.0/TLS 10.33.221.57:5061;branch=z9hG4bK1;received=10.33.221.57',
		'SIP-ETag: 2545777538-1-1',
		'Expires: 600',
		'Content-Length: 0',
		'3.  If the call lasts longer than 600 seconds, the device sends another PUBLISH message with',
		'the same SIP-ETag value and with an Expires header value of 600 seconds. The server responds',
		'with another 200 OK, but with a new SIP-ETag value.',
	]
		.map((l) => `${l}  \n`)
		.join('');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	assert.ok(a.messages[0]!.frame.span.end <= text.indexOf('3.  If'));
	assert.deepEqual(
		codes(text).filter((c) => c !== 'response.no-request'),
		[],
	);
});

test('an arrow before a start line glued after a logger’s tag gives the direction (dart-sip-ua’s SIP_LOG)', () => {
	// dart-sip-ua's Flutter log (its pull request 578): `→` before what it sends, `←` before what
	// it receives.
	const prefix = (time: string, arrow: string): string =>
		`flutter:  SIP_LOG 2026-02-19 13:02:${time}  ${arrow}`;
	const text = [
		`${prefix('31.525439', '→ ')}REGISTER sip:sip.telnyx.com SIP/2.0`,
		'flutter:  SIP_LOG 2026-02-19 13:02:31.525600  Via: SIP/2.0/WSS 3510896i0495.invalid;branch=z9hG4bK166618850',
		'flutter:  SIP_LOG 2026-02-19 13:02:31.525686  Max-Forwards: 69',
		'flutter:  SIP_LOG 2026-02-19 13:02:31.525765  To: <sip:patrick@sip.telnyx.com>',
		'flutter:  SIP_LOG 2026-02-19 13:02:31.525801  From: <sip:patrick@sip.telnyx.com>;tag=1',
		'flutter:  SIP_LOG 2026-02-19 13:02:31.525850  Call-ID: u70yqaap4ag3pktxmlyh59',
		'flutter:  SIP_LOG 2026-02-19 13:02:31.525901  CSeq: 1 REGISTER',
		'flutter:  SIP_LOG 2026-02-19 13:02:31.525950  Content-Length: 0',
		'flutter:  SIP_LOG 2026-02-19 13:02:31.525990  ',
		`${prefix('31.725439', '← ')}SIP/2.0 401 Unauthorized`,
		'flutter:  SIP_LOG 2026-02-19 13:02:31.725600  Via: SIP/2.0/WSS 3510896i0495.invalid;branch=z9hG4bK166618850',
		'flutter:  SIP_LOG 2026-02-19 13:02:31.725765  To: <sip:patrick@sip.telnyx.com>;tag=x',
		'flutter:  SIP_LOG 2026-02-19 13:02:31.725801  From: <sip:patrick@sip.telnyx.com>;tag=1',
		'flutter:  SIP_LOG 2026-02-19 13:02:31.725850  Call-ID: u70yqaap4ag3pktxmlyh59',
		'flutter:  SIP_LOG 2026-02-19 13:02:31.725901  CSeq: 1 REGISTER',
		'flutter:  SIP_LOG 2026-02-19 13:02:31.725920  WWW-Authenticate: Digest realm="sip.telnyx.com", nonce="abc"',
		'flutter:  SIP_LOG 2026-02-19 13:02:31.725950  Content-Length: 0',
		'flutter:  SIP_LOG 2026-02-19 13:02:31.725990  ',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.direction]),
		[
			['REGISTER', 'out'],
			[401, 'in'],
		],
	);
});

test('a line of one space before a text body is the empty line a page kept a space on', () => {
	// RFC 3428's MESSAGE as a page copied it.
	const text = [
		'MESSAGE sip:user2@domain.com SIP/2.0',
		'Via: SIP/2.0/TCP user1pc.domain.com;branch=z9hG4bK776sgdkse',
		'Max-Forwards: 70',
		'From: sip:user1@domain.com;tag=49583',
		'To: sip:user2@domain.com',
		'Call-ID: asd88asd77a@1.2.3.4',
		'CSeq: 1 MESSAGE',
		'Content-Type: text/plain',
		'Content-Length: 18',
		' ',
		'Watson, come here.',
		'',
	].join('\r\n');
	const a = analyzeTrace(text);
	assert.equal(
		a.text.slice(a.messages[0]!.body!.start, a.messages[0]!.body!.end).trim(),
		'Watson, come here.',
	);
	assert.deepEqual(codes(text), []);
	// A space-only line before a header is still read as before: no body starts there.
	const folded = text.replace(
		' \r\nWatson, come here.',
		' \r\nSubject: hi\r\n\r\nWatson, come here.',
	);
	assert.ok(!codes(folded).includes('message.missing-empty-line'));
});

test("a double-spaced copy whose first headers are ones few messages carry: the headers under them are still the message's", () => {
	// The shape of a page's RCS chat INVITE (ShareTechnote): an empty line after every line, and
	// Conversation-ID and Contribution-ID (OMA CPM) first, Call-ID only further down.
	const headers = [
		'Conversation-ID: 6b79b8bc937e4985b1dffd062b687bd7',
		'Contribution-ID: d5e4121aeec2cc59546ebaef8966ef185a2f37f0',
		'P-Preferred-Service: urn:urn-7:3gpp-service.ims.icsi.oma.cpm.session',
		'Via: SIP/2.0/UDP [2001::1:4c16:9c0f:4986:9e6d]:5060;branch=z9hG4bK2563646430smg',
		'Max-Forwards: 70',
		'f: <sip:310410123456789@example.com>;tag=284849603',
		't: <sip:+14448880000@example.com;user=phone>',
		'i: 508868544@2001::1:4c16:9c0f:4986:9e6d',
		'CSeq: 1 INVITE',
		'l: 0',
	];
	const text = ['INVITE sip:+14448880000@example.com;user=phone SIP/2.0', ...headers, '', ''].join(
		'\n\n',
	);
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(m.callId, '508868544@2001::1:4c16:9c0f:4986:9e6d');
	assert.equal(m.headers.length, headers.length);
	assert.deepEqual(
		codes(text).filter((c) => c === 'message.truncated' || c === 'framing.no-start-line'),
		[],
	);
});
