// Content-Length against a body in a trace saved with LF line ends: on the wire each of the body's
// line ends was most likely CRLF (RFC 3261 §7), so a mismatch gives the body's octets counted that
// way as well as the file's, and is judged short or long only where both counts agree.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';

const sdp = [
	'v=0',
	'o=alice 2890844526 2890844526 IN IP4 192.0.2.1',
	's=-',
	'c=IN IP4 192.0.2.1',
	't=0 0',
	'm=audio 49170 RTP/AVP 0',
	'a=rtpmap:0 PCMU/8000',
];
/** Octets of the body with `width` octets for each line end but the last line's. */
const octets = (width: number): number =>
	sdp.reduce((n, l) => n + l.length, 0) + width * (sdp.length - 1);

function invite(contentLength: number, lineEnd: string): string {
	return [
		'INVITE sip:bob@example.com SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds',
		'Max-Forwards: 70',
		'From: <sip:alice@example.com>;tag=1928301774',
		'To: <sip:bob@example.com>',
		'Call-ID: a84b4c76e66710@192.0.2.1',
		'CSeq: 314159 INVITE',
		'Contact: <sip:alice@192.0.2.1>',
		'Content-Type: application/sdp',
		`Content-Length: ${contentLength}`,
		'',
		...sdp,
		'',
	].join(lineEnd);
}

const lengthProblems = (text: string) =>
	analyzeTrace(text).problems.filter((p) => p.code.startsWith('content-length'));

const inFile = octets(1);
const onWire = octets(2);
const ends = sdp.length - 1;

void test('LF line ends, Content-Length above both counts: both given, an error', () => {
	const [p, ...more] = lengthProblems(invite(onWire + 10, '\n'));
	assert.equal(more.length, 0);
	assert.equal(p!.severity, 'error');
	assert.equal(
		p!.message,
		`Content-Length is ${onWire + 10} but only ${onWire} octets of body follow, its ${ends} LF line ends counted as CRLF, as on the wire (${inFile} in the file): the message is truncated or the length is wrong (RFC 3261 §18.3).`,
	);
});

void test('LF line ends, Content-Length between the two counts: both given, as a body that mixed CRLF and LF', () => {
	// Kamailio's RLMI multipart: boundaries with CRLF, parts written with LF. Once a copy lost
	// the CRs, neither count fits; the body is whole, and the length cannot be checked.
	const text = invite(inFile + 3, '\n');
	const [p, ...more] = lengthProblems(text);
	assert.equal(more.length, 0);
	assert.equal(p!.severity, 'information');
	assert.equal(
		p!.message,
		`Content-Length is ${inFile + 3}; the body has ${inFile} octets in the file, ${onWire} with its ${ends} LF line ends counted as CRLF: between the two, as a body that mixed CRLF and bare LF line ends on the wire would give in a trace that lost its CRs, or a copy that changed its white space. Read as whole; the length cannot be checked here (RFC 3261 §18.3).`,
	);
	const m = analyzeTrace(text).messages[0]!;
	assert.equal(m.bodyShort, false);
	assert.equal(text.slice(m.body!.start, m.body!.end).trimEnd(), sdp.join('\n'));
});

void test('LF line ends, Content-Length below both counts: what follows it on the wire is noted', () => {
	const text = invite(20, '\n');
	const [p, ...more] = lengthProblems(text);
	assert.equal(more.length, 0);
	assert.equal(p!.severity, 'information');
	assert.equal(
		p!.message,
		`${onWire - 20} octets follow the 20 that Content-Length announces, the body's ${ends} LF line ends counted as CRLF, as on the wire (${inFile - 20} in the file); a receiver discards them over UDP, and reads them as the start of the next message over TCP or TLS (RFC 3261 §18.3).`,
	);
	// Where the log says the transport, what that receiver does.
	for (const [transport, fate] of [
		['UDP', 'a receiver discards them'],
		['TCP', 'over TCP a receiver reads them as the start of the next message'],
	])
		assert.ok(
			lengthProblems(
				`2026-11-24 19:33:07.319727 10.0.0.1:5060 -> 10.0.0.2:5060 ${transport}\n${text}`,
			)[0]!.message.endsWith(`${fate} (RFC 3261 §18.3).`),
			transport,
		);
	// 20 octets on the wire: `v=0` CRLF and 15 of the o= line.
	const body = text.indexOf('v=0');
	assert.equal(p!.span.start, body + 4 + 15);
	const m = analyzeTrace(text).messages[0]!;
	assert.equal(m.body!.end, body + 4 + 15);
});

void test('CRLF line ends: the count as the file holds it, as before', () => {
	const [p] = lengthProblems(invite(onWire + 10, '\r\n'));
	assert.equal(
		p!.message,
		`Content-Length is ${onWire + 10} but only ${onWire} octets of body follow: the message is truncated or the length is wrong (RFC 3261 §18.3).`,
	);
});

void test('LF line ends and a length that matches either count: no problem', () => {
	for (const length of [inFile, inFile + 1, onWire, onWire + 2])
		assert.deepEqual(lengthProblems(invite(length, '\n')), [], `${length}`);
});

void test('CRLF headers and a body of bare LFs (as Kamailio sends XML): counted as the file holds it', () => {
	const text = invite(onWire + 10, '\r\n').replace(sdp.join('\r\n'), sdp.join('\n'));
	const [p] = lengthProblems(text);
	assert.equal(
		p!.message,
		`Content-Length is ${onWire + 10} but only ${inFile} octets of body follow: the message is truncated or the length is wrong (RFC 3261 §18.3).`,
	);
});

const logcat = '2026-11-24 19:33:00.000 17083-17083/org.linphone.debug I/Linphone: ';

void test('a body missing entirely is said short in every layout: bare, indented, behind a log prefix', () => {
	// The INVITE announces its SDP, and the trace holds none of it (a log cut after the headers).
	const headers = invite(octets(2), '\r\n').split('\r\n\r\n')[0]!.split('\r\n');
	const layouts: Record<string, string> = {
		bare: `${headers.join('\r\n')}\r\n\r\n`,
		indented: `${headers.map((l) => `    ${l}`).join('\n')}\n\n`,
		'log prefix': [...headers, ''].map((l) => `${logcat}${l}`).join('\n'),
	};
	for (const [layout, text] of Object.entries(layouts)) {
		const a = analyzeTrace(text);
		assert.equal(a.messages.length, 1, layout);
		const short = a.problems.filter((p) => p.code === 'content-length.mismatch');
		assert.deepEqual(
			short.map((p) => [p.severity, p.message]),
			[
				[
					'error',
					`Content-Length is ${octets(2)} but only 0 octets of body follow: the message is truncated or the length is wrong (RFC 3261 §18.3).`,
				],
			],
			layout,
		);
	}
});

void test("a body missing where a page's prose follows the headers is the copy's: in any script, bare or in sofia's records", () => {
	const headers = invite(octets(2), '\r\n').split('\r\n\r\n')[0]!.split('\r\n');
	const sofia = (lines: string[]) =>
		[
			'------------------------------------------------------------------------',
			'recv 1118 bytes from udp/[192.0.2.1]:5060 at 13:31:39.938891:',
			'------------------------------------------------------------------------',
			...lines.map((l) => `\t${l}`),
		].join('\n');
	const prose = {
		english: 'The session description of this INVITE is left out here, we come back to it later.',
		french: "Lorsque l'appel est terminé, le message suivant est imprimé dans le syslog :",
		chinese: '上面的消息中省略了 SDP 的内容，我们将留到以后再探讨。',
	};
	for (const [language, sentence] of Object.entries(prose)) {
		const layouts: Record<string, string> = {
			bare: `${headers.join('\n')}\n\n${sentence}\n`,
			sofia: `${sofia(headers)}\n\n${sentence}\n`,
		};
		for (const [layout, text] of Object.entries(layouts)) {
			const a = analyzeTrace(text);
			assert.equal(a.messages.length, 1, `${language} ${layout}`);
			assert.deepEqual(
				a.problems
					.filter((p) => p.code === 'content-length.mismatch')
					.map((p) => [p.severity, p.message]),
				[
					[
						'information',
						`Content-Length is ${octets(2)}, but the page's text follows the headers, not the body their Content-Type announces: the copy left the body out.`,
					],
				],
				`${language} ${layout}`,
			);
		}
	}
	// A log's next record is no prose: the body is short, the sender's or the log's fault.
	const logged = `${headers.join('\n')}\n\n2026-11-24 19:33:07.319 INFO sip stack: transaction timer B fired for the call\n`;
	assert.deepEqual(
		analyzeTrace(logged)
			.problems.filter((p) => p.code === 'content-length.mismatch')
			.map((p) => p.severity),
		['error'],
	);
});

void test('a body the end of the trace cuts inside a line is said cut, not short, in every layout', () => {
	// A log rotated or an excerpt taken with `head -c`: the trace stops in the SDP's `m=audio` line.
	const whole = invite(octets(2), '\r\n');
	const cut = whole.slice(0, whole.indexOf('RTP/AVP'));
	const lines = cut.split('\r\n');
	const layouts: Record<string, string> = {
		bare: cut,
		'LF line ends': lines.join('\n'),
		indented: lines.map((l) => `    ${l}`).join('\n'),
		'log prefix': lines.map((l) => `${logcat}${l}`).join('\n'),
	};
	for (const [layout, text] of Object.entries(layouts)) {
		const a = analyzeTrace(text);
		assert.equal(a.messages.length, 1, layout);
		const said = a.problems
			.filter((p) => p.code.startsWith('content-length') || p.code === 'message.truncated')
			.map((p) => [p.code, p.severity, text.slice(p.span.start, p.span.start + 3)]);
		assert.deepEqual(said, [['message.truncated', 'warning', 'v=0']], layout);
		assert.match(
			a.problems.find((p) => p.code === 'message.truncated')!.message,
			new RegExp(`^The trace ends inside this body: \\d+ of the ${octets(2)} octets`),
			layout,
		);
	}
});

void test("a body the trace ends after an attribute's name cut short (`a=f`, at a line end): said cut, not short; a whole attribute is no cut", () => {
	const whole = invite(octets(2), '\n');
	const before = whole.slice(0, whole.indexOf('a=rtpmap'));
	for (const name of ['f', 'rtpm', 'sendr']) {
		const text = `${before}a=${name}\n`;
		const said = analyzeTrace(text)
			.problems.filter((p) => p.code.startsWith('content-length') || p.code === 'message.truncated')
			.map((p) => [p.code, p.severity]);
		assert.deepEqual(said, [['message.truncated', 'warning']], name);
	}
	// `a=sendrecv` is an attribute of its own: the body is short, as sent.
	const short = analyzeTrace(`${before}a=sendrecv\n`)
		.problems.filter((p) => p.code.startsWith('content-length') || p.code === 'message.truncated')
		.map((p) => [p.code, p.severity]);
	assert.deepEqual(short, [['content-length.mismatch', 'error']]);
});

void test('a double-spaced copy (an empty line after every line) has its body taken as it stands: its length is not judged', () => {
	const whole = invite(octets(2), '\r\n');
	for (const doubled of [
		whole.replace(/\r\n/g, '\r\n\r\n'),
		// The message's own empty line kept as a space by the page the copy came from.
		whole.replace('\r\n\r\n', '\r\n \r\n').replace(/\r\n/g, '\r\n\r\n'),
	]) {
		const a = analyzeTrace(doubled);
		assert.equal(a.messages.length, 1);
		assert.deepEqual(
			a.problems.map((p) => p.code),
			['message.double-spaced'],
		);
		const m = a.messages[0]!;
		assert.ok(doubled.slice(m.body!.start, m.body!.end).trimStart().startsWith('v=0'));
	}
	// Not double-spaced, the same body with a wrong length is judged.
	assert.equal(lengthProblems(invite(octets(2) + 40, '\r\n')).length, 1);
});

// Zoom's BYOC guide sets each line of its example INVITE as a paragraph: one empty line after
// every line, the message's own empty line included (so no two in a row before the body).
void test('a page that set each line as a paragraph: the headers end before the body’s first line (`v=0`, `<?xml`)', () => {
	const whole = invite(octets(2), '\r\n');
	const doubled = whole.replace(/\r\n\r\n/, '\r\n').replace(/\r\n/g, '\r\n\r\n');
	const a = analyzeTrace(doubled);
	assert.equal(a.messages.length, 1);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['message.double-spaced'],
	);
	const m = a.messages[0]!;
	assert.ok(doubled.slice(m.body!.start, m.body!.end).startsWith('v=0'));
	assert.equal(m.contentType, 'application/sdp');
});

// VialerSIPLib's iOS log in an issue, double-spaced, the paste ending inside the INVITE's SDP.
void test('a double-spaced copy that the trace ends inside the body of: said cut, its lines counted as sent', () => {
	const whole = invite(octets(2), '\r\n');
	const doubled = whole.replace(/\r\n/g, '\r\n\r\n');
	// Whole, the length is not judged: nothing but the doubling is said.
	assert.deepEqual(
		analyzeTrace(doubled).problems.map((p) => p.code),
		['message.double-spaced'],
	);
	// Cut after the body's third line.
	const bodyAt = doubled.indexOf('v=0');
	const lines = doubled.slice(bodyAt).split('\r\n\r\n');
	const cut = doubled.slice(0, bodyAt) + lines.slice(0, 3).join('\r\n\r\n') + '\r\n';
	const a = analyzeTrace(cut);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['message.double-spaced', 'message.truncated'],
	);
	const sent = lines.slice(0, 3).reduce((n, l) => n + Buffer.byteLength(l) + 2, 0);
	assert.match(a.problems[1]!.message, new RegExp(`: ${sent} of the ${octets(2)} octets`));
});

test('a trace that lost its CRs: a body counted as written never swallows the next message’s start line', () => {
	// sipgate's INVITE to an Asterisk (an SBC thread's paste), its 19-line SDP counted with CRLF
	// (426 octets): as written it is 19 octets short, which `SIP/2.0 100 Trying` and its line end
	// fill exactly.
	const body = [
		'v=0',
		'o=root 425555269 425555270 IN IP4 217.10.77.45',
		's=sipgate VoIP GW',
		'c=IN IP4 217.10.77.45',
		't=0 0',
		'm=audio 19692 RTP/AVP 8 0 3 97 18 112 101',
		'a=rtpmap:8 PCMA/8000',
		'a=rtpmap:0 PCMU/8000',
		'a=rtpmap:3 GSM/8000',
		'a=rtpmap:97 iLBC/8000',
		'a=fmtp:97 mode=30',
		'a=rtpmap:18 G729/8000',
		'a=fmtp:18 annexb=no',
		'a=rtpmap:112 G726-32/8000',
		'a=rtpmap:101 telephone-event/8000',
		'a=fmtp:101 0-16',
		'a=silenceSupp:off - - - -',
		'a=ptime:20',
		'a=sendrecv',
	];
	const onWire = body.reduce((n, l) => n + l.length + 2, 0);
	assert.equal(onWire, 426);
	const invite = [
		'INVITE sip:1234567@80.111.222.33:5061 SIP/2.0',
		'Via: SIP/2.0/UDP 217.10.79.9;branch=z9hG4bK1',
		'From: <sip:a@sipgate.de>;tag=as2f0b9300',
		'To: <sip:1234567@80.111.222.33>',
		'Call-ID: 132ca7935987f32b79faab7c33ae1091@sipgate.de',
		'CSeq: 102 INVITE',
		'Max-Forwards: 69',
		'Contact: <sip:a@217.10.77.45>',
		'Content-Type: application/sdp',
		`Content-Length: ${onWire}`,
		'',
		...body,
	];
	const trying = [
		'SIP/2.0 100 Trying',
		'Via: SIP/2.0/UDP 217.10.79.9;branch=z9hG4bK1',
		'From: <sip:a@sipgate.de>;tag=as2f0b9300',
		'To: <sip:1234567@80.111.222.33>',
		'Call-ID: 132ca7935987f32b79faab7c33ae1091@sipgate.de',
		'CSeq: 102 INVITE',
		'Content-Length: 0',
		'',
		'',
	];
	for (const gap of [[], ['']]) {
		const text = [...invite, ...gap, ...trying].join('\n');
		const a = analyzeTrace(text);
		assert.deepEqual(
			a.messages.map((m) => m.method ?? m.status),
			['INVITE', 100],
			`${gap.length} empty lines between`,
		);
		assert.equal(a.index.requestOf(1), 0);
		assert.ok(!a.problems.some((p) => p.code === 'content-length.mismatch'));
	}
});

void test("a body a page left out, its note and the next message's label in its place: the length never reaches over that message's start line", () => {
	// RFC 3261 §24.2's F10 and F11 as a text copy holds them (LF line ends): `(Bob's SDP not
	// shown)`, the label of F11, then F11. Content-Length 131 counted with CRLF ends inside F11.
	const headers = (start: string, via: string) => [
		start,
		via,
		'To: Bob <sip:bob@biloxi.com>;tag=a6c85cf',
		'From: Alice <sip:alice@atlanta.com>;tag=1928301774',
		'Call-ID: a84b4c76e66710',
		'CSeq: 314159 INVITE',
		'Contact: <sip:bob@192.0.2.4>',
		'Content-Type: application/sdp',
	];
	const f11 = headers('SIP/2.0 200 OK', 'Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8');
	const inPlace = [
		"(Bob's SDP not shown)",
		'',
		'F11 200 OK atlanta.com proxy -> Alice',
		'',
		...f11.slice(0, 2),
	];
	// The octets those lines hold with each line end a CRLF: the length reaches F11's Via.
	const reach = inPlace.reduce((n, l) => n + l.length + 2, 0);
	const text = [
		...headers('SIP/2.0 200 OK', 'Via: SIP/2.0/UDP server10.biloxi.com;branch=z9hG4bK4b43c2ff8.1'),
		`Content-Length: ${reach}`,
		'',
		...inPlace.slice(0, 4),
		...f11,
		'Content-Length: 131',
		'',
		"(Bob's SDP not shown)",
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.status, m.vias[0]?.branch]),
		[
			[200, 'z9hG4bK4b43c2ff8.1'],
			[200, 'z9hG4bKnashds8'],
		],
	);
	assert.ok(
		a.problems.every((p) => p.severity === 'information' || p.severity === 'hint'),
		JSON.stringify(a.problems.map((p) => [p.code, p.severity])),
	);
});

void test("a body left out where only a poster's rule (`---`) stands before the next message: the copy's", () => {
	const headers = invite(octets(2), '\r\n').split('\r\n\r\n')[0]!;
	const trying = [
		'SIP/2.0 100 Trying',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds',
		'From: <sip:alice@example.com>;tag=1928301774',
		'To: <sip:bob@example.com>',
		'Call-ID: a84b4c76e66710@192.0.2.1',
		'CSeq: 314159 INVITE',
		'Content-Length: 0',
		'',
		'',
	].join('\n');
	for (const rule of ['---', '=====', '----------']) {
		const a = analyzeTrace(`${headers.replace(/\r\n/g, '\n')}\n\n${rule}\n\n${trying}`);
		assert.deepEqual(
			a.messages.map((m) => m.method ?? m.status),
			['INVITE', 100],
			rule,
		);
		assert.deepEqual(
			a.problems
				.filter((p) => p.code === 'content-length.mismatch')
				.map((p) => [p.severity, p.message]),
			[
				[
					'information',
					`Content-Length is ${octets(2)}, and only a rule the page drew (\`${rule}\`) stands between the headers and the next message: the copy left the body out.`,
				],
			],
			rule,
		);
	}
});

void test("an SDP body with a page's paragraph after its empty line: the body ends there, its last line's CRLF its own", () => {
	// A tutorial's INVITE, its text after it, then the next message.
	const withText = (length: number) =>
		`${invite(length, '\r\n')}\r\nThis INVITE carries an SDP offer: audio, PCMU, the caller’s address.\r\n\r\n${[
			'SIP/2.0 180 Ringing',
			'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds',
			'From: <sip:alice@example.com>;tag=1928301774',
			'To: <sip:bob@example.com>;tag=a6c85cf',
			'Call-ID: a84b4c76e66710@192.0.2.1',
			'CSeq: 314159 INVITE',
			'Contact: <sip:bob@192.0.2.4>',
			'Content-Length: 0',
			'',
			'',
		].join('\r\n')}`;
	const sent = onWire + 2;
	const text = withText(sent + 100);
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => m.method ?? m.status),
		['INVITE', 180],
	);
	assert.equal(
		text.slice(a.messages[0]!.body!.start, a.messages[0]!.body!.end).trimEnd(),
		sdp.join('\r\n'),
	);
	assert.deepEqual(
		lengthProblems(text).map((p) => [p.severity, p.message]),
		[
			[
				'error',
				`Content-Length is ${sent + 100} but only ${sent} octets of body follow: the message is truncated or the length is wrong (RFC 3261 §18.3).`,
			],
		],
	);
});
