// A poster's note where a body goes (`(sdp body striped off).` under an ngrep paste's headers,
// `[SDP omitted]`, an arrow `<-` marking the next message's direction): the body was left out
// of the copy. Said once, as the copy's; its Content-Length, the empty line the copy dropped with
// it, and a Content-Type it lacks are not judged.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';

const invite = (lineEnd: string, after: string[]) =>
	[
		'INVITE sip:1000@192.168.1.155 SIP/2.0',
		'Via: SIP/2.0/UDP 192.168.1.169;branch=z9hG4bKf45d977e65cf40e0',
		'From: <sip:1001@192.168.1.155>;tag=a83bebd75be1d88e',
		'To: <sip:1000@192.168.1.155>',
		'Contact: <sip:1001@192.168.1.169>',
		'Call-ID: 8acb7ed7fc07c369@192.168.1.169',
		'CSeq: 39392 INVITE',
		'Max-Forwards: 70',
		'Content-Type: application/sdp',
		'Content-Length: 386',
		...after,
	]
		.map((l) => l + lineEnd)
		.join('\n');
const codes = (text: string) =>
	analyzeTrace(text).problems.map((p) => [
		p.code,
		p.severity,
		text.slice(p.span.start, p.span.end),
	]);

void test('a note in the place of a body: said once, as the copy’s, and no body is read', () => {
	for (const [text, note] of [
		// ngrep -W byline: each CR printed as a `.`, the note glued to the headers.
		[
			`U 192.168.1.169:5060 -> 192.168.1.155:5060\n${invite('.', ['(sdp body striped off)'])}\n`,
			'(sdp body striped off)',
		],
		[invite('\r', ['', '[SDP omitted]', '']), '[SDP omitted]'],
		[invite('\r', ['', '<SDP removed>', '']), '<SDP removed>'],
		// Meta's WhatsApp calling guide, under a SignalWire INVITE.
		[invite('\r', ['', '<<SDP omitted for brevity>>', '']), '<<SDP omitted for brevity>>'],
		// The guide's Portuguese page: its heading of the next message right after the note.
		[
			invite('\r', ['', '<<SDP omitted for brevity>>', '', '#### Resposta 407 da Meta', '']),
			'<<SDP omitted for brevity>>',
		],
	] as const) {
		const a = analyzeTrace(text);
		assert.equal(a.messages.length, 1);
		assert.equal(a.messages[0]!.body, null);
		assert.deepEqual(codes(text), [['message.elided', 'information', note]], text);
	}
});

void test('an arrow to the next message after one without Content-Length is no body', () => {
	const text = [
		'->',
		'INVITE sip:123456789@pbx.example.com SIP/2.0',
		'Via: SIP/2.0/WSS 192.0.2.9;branch=z9hG4bK1',
		'From: <sip:123@pbx.example.com>;tag=1',
		'To: <sip:123456789@pbx.example.com>',
		'Call-ID: c1',
		'CSeq: 2641 INVITE',
		'Max-Forwards: 70',
		'Contact: <sip:123@g2rohmtp9vaq.invalid;transport=ws;ob>',
		'',
		'<-',
		'SIP/2.0 180 Ringing',
		'Via: SIP/2.0/WSS 192.0.2.9;branch=z9hG4bK1',
		'From: <sip:123@pbx.example.com>;tag=1',
		'To: <sip:123456789@pbx.example.com>;tag=2',
		'Call-ID: c1',
		'CSeq: 2641 INVITE',
		'',
	].join('\r\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.body]),
		[
			['INVITE', null],
			[180, null],
		],
	);
	assert.ok(
		!a.problems.some((p) => p.code.startsWith('body.') || p.code.startsWith('content-length.')),
	);
	// The arrow marks the 180's direction: no note in the INVITE's body place, no text of its.
	assert.deepEqual(
		a.problems.filter((p) => p.code === 'message.elided'),
		[],
	);
	const invite = a.messages[0]!.frame.span;
	assert.ok(!text.slice(invite.start, invite.end).includes('<-'));
});

void test('a body of one short line that is no note stays the body, and is judged', () => {
	const text = invite('\r', ['', 'v=0', '']);
	const a = analyzeTrace(text);
	assert.equal(a.text.slice(a.messages[0]!.body!.start, a.messages[0]!.body!.end).trim(), 'v=0');
	assert.ok(a.problems.some((p) => p.code === 'message.truncated'));
	// An XML document of one empty element is no note either.
	const xml = analyzeTrace(invite('\r', ['', '<resource-lists/>', '']));
	const body = xml.messages[0]!.body!;
	assert.equal(xml.text.slice(body.start, body.end).trim(), '<resource-lists/>');
});

void test('a pasted message whose next message starts right after its empty line: its body was left out of the copy', () => {
	// A JsSIP issue's test call: the INVITE's 2235 octets of SDP not pasted, its 200 right after.
	const ok = [
		'SIP/2.0 100 Trying',
		'Via: SIP/2.0/UDP 192.168.1.169;branch=z9hG4bKf45d977e65cf40e0',
		'From: <sip:1001@192.168.1.155>;tag=a83bebd75be1d88e',
		'To: <sip:1000@192.168.1.155>',
		'Call-ID: 8acb7ed7fc07c369@192.168.1.169',
		'CSeq: 39392 INVITE',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	const text = `${invite('\r', [''])}\n${ok}`;
	const found = analyzeTrace(text).problems.filter((p) => p.code === 'content-length.mismatch');
	assert.deepEqual(
		found.map((p) => [p.severity, p.message]),
		[
			[
				'information',
				'Content-Length is 386, and the next message starts right after the empty line that ends the headers: the copy left the body out.',
			],
		],
	);
	// At the trace's end, it is the trace that stops there.
	assert.ok(
		!analyzeTrace(invite('\r', ['', ''])).problems.some((p) =>
			p.message.includes('next message starts'),
		),
	);
});

void test("a poster's `[...]` or `...` among or for the body's lines: its length not judged, the mark said once", () => {
	const sdp = ['v=0', 'o=- 8779 3 IN IP4 127.0.0.1', 's=WebRTC session', 't=0 0'];
	for (const [after, mark] of [
		// A JsSIP INVITE whose ICE candidates a poster cut (an issue thread).
		[['', ...sdp, 'm=audio 65530 UDP/TLS/RTP/SAVPF 111 9 0 8', '[...]', ''], '[...]'],
		// baresip's INVITE with its SDP left out on a mailing list.
		[['', '...', ''], '...'],
	] as const) {
		const said = codes(invite('\r', [...after]));
		assert.deepEqual(said, [['message.elided', 'information', mark]], mark);
	}
	// The length meets the body: `...` is its text (a MESSAGE may say just that).
	const text = invite('\r', ['', '...']).replace('Content-Length: 386', 'Content-Length: 3');
	assert.deepEqual(codes(text), []);
	// Without the mark, a body short of its length is said (the trace ends inside it).
	assert.deepEqual(
		codes(invite('\r', ['', ...sdp, ''])).map((p) => p[0]),
		['message.truncated'],
	);
});

void test("Asterisk's logger with the headers a poster cut to `[..]`: no empty line, length or Content-Type said of what is left", () => {
	const text = [
		'<--- Received SIP request (1753 bytes) from TCP:100.75.11.1:45665 --->',
		'INVITE sip:asterisk@100.74.130.48;transport=tcp SIP/2.0',
		'[..]',
		'v=0',
		'o=- 3942976701 3942976703 IN IP4 100.75.11.1',
		's=pjmedia',
		'm=audio 30032 RTP/AVP 107 8 0',
		'',
	].join('\n');
	assert.deepEqual(
		codes(text).map((p) => `${p[0]} ${p[2]}`),
		['message.elided [..]'],
	);
});

void test("words between ellipses for the headers left out (`...Other SIP headers...`, Microsoft's protocol documents): no header said missing", () => {
	const text = [
		'SIP/2.0 200 OK',
		'...Other SIP headers...',
		'Content-Type: application/conference-info+xml',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	assert.deepEqual(
		codes(text).map((p) => `${p[0]} ${p[2]}`),
		['message.elided ...Other SIP headers...'],
	);
	// A header whose value has an ellipsis is no such line.
	const note = text.replace('...Other SIP headers...', 'Subject: wait... what...');
	assert.ok(!codes(note).some((p) => p[0] === 'message.elided'));
});
