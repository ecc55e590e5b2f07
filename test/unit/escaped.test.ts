// Messages logged one per line with escaped line ends (rsyslog's #015#012): the real presence
// capture written that way must give the same messages and links as tshark's dissection of it
// (test/fixtures/real/presence-story.sip.expected.json), with every header at its offset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { frameTrace } from '../../server/src/core/framing/frameTrace';
import { bodyText } from '../../server/src/core/bodies/bodyText';
import { decodeBody } from '../../server/src/core/bodies/decodeBody';
import type { TraceAnalysis } from '../../server/src/core/model';

const fixtures = join(__dirname, '..', 'fixtures');
const text = readFileSync(join(fixtures, 'formats', 'syslog-escaped.log'), 'utf8');
const expected = JSON.parse(
	readFileSync(join(fixtures, 'real', 'presence-story.sip.expected.json'), 'utf8'),
) as {
	messages: {
		index: number;
		method: string | null;
		status: number | null;
		callId: string;
		links: { request: number | null; subscription: number | null; challenge: number | null };
	}[];
};

test('syslog lines with #015#012 are detected and each holds one message', () => {
	const framing = frameTrace(text);
	assert.equal(framing.format, 'escaped');
	const lines = text.split('\n').filter(Boolean);
	assert.equal(framing.frames.length, lines.length);
	// The syslog prefix is the message's metadata; its time is kept with month and day (syslog
	// gives no year).
	const first = framing.frames[0]!;
	assert.ok(text.slice(first.meta!.start, first.meta!.end).endsWith('received: '));
	assert.equal(first.time, '--11-24T22:42:05');
	assert.equal(first.epochMicros, null);
});

// A pipeline that escaped each CR and turned each LF into a space (a Perl test's rsyslog lines of a
// Lync federation call: `SIP/2.0 100 Giving a try#015 Via: ...`) reads the same.
for (const [name, logged] of [
	['#015#012', text],
	['#015 and a space', text.replaceAll('#015#012', '#015 ').replaceAll('#012', ' ')],
] as const)
	test(`the same messages and links as the capture they were logged from (${name})`, () => {
		assert.equal(logged.includes('#015#012'), name === '#015#012');
		sameAsCapture(analyzeTrace(logged));
	});

function sameAsCapture(analysis: TraceAnalysis): void {
	assert.equal(analysis.messages.length, expected.messages.length);
	for (const want of expected.messages) {
		const m = analysis.messages[want.index]!;
		assert.deepEqual(
			{ method: m.method, status: m.status, callId: m.callId },
			{ method: want.method, status: want.status, callId: want.callId },
			`message ${want.index}`,
		);
		const { index } = analysis;
		assert.equal(m.kind === 'response' ? index.requestOf(m.index) : null, want.links.request);
		assert.equal(
			m.method === 'NOTIFY' ? (index.subscriptionOf(m.index)?.creator ?? null) : null,
			want.links.subscription,
		);
		assert.equal(m.kind === 'request' ? index.challengeOf(m.index) : null, want.links.challenge);
	}
	// Bodies are found between the escapes and decode: no body problem, no framing problem.
	const codes = new Set(analysis.problems.map((p) => p.code));
	for (const code of codes) assert.ok(!/^(body\.|framing\.|content-length\.)/.test(code), code);
}

test('every header keeps its offset in the line as written', () => {
	const analysis = analyzeTrace(text);
	for (const m of analysis.messages) {
		for (const h of m.headers) {
			const name = text.slice(h.name.start, h.name.end);
			assert.match(name, /^[A-Za-z][A-Za-z0-9-]*$/);
			assert.equal(text.slice(h.name.end, h.name.end + 1), ':');
			assert.ok(!text.slice(h.value.start, h.value.end).includes('#012'));
		}
	}
});

test('literal \\r\\n escapes, and what the log writes after the message, are handled', () => {
	const body = '<presence entity="sip:linda@example.com"/>';
	const message = [
		'PUBLISH sip:linda@example.com SIP/2.0',
		'Via: SIP/2.0/UDP 10.0.0.2;branch=z9hG4bKp1',
		'Max-Forwards: 70',
		'From: <sip:linda@example.com>;tag=l1',
		'To: <sip:linda@example.com>',
		'Call-ID: p1@10.0.0.2',
		'CSeq: 1 PUBLISH',
		'Event: presence',
		'Expires: 3600',
		'Content-Type: application/pidf+xml',
		`Content-Length: ${body.length}`,
		'',
		body,
	].join('\\r\\n');
	const log = `2026-11-24 19:33:07,512 INFO [sip] sent: ${message}\\r\\n (to 10.0.0.9:5060)\n`;
	const analysis = analyzeTrace(log);
	assert.equal(analysis.format, 'escaped');
	const m = analysis.messages[0]!;
	assert.equal(m.method, 'PUBLISH');
	assert.equal(log.slice(m.body!.start, m.body!.end), body);
	assert.equal(m.frame.time, '2026-11-24T19:33:07.512');
});

test("Python's repr of a datagram's bytes (`b'REGISTER ...\\r\\n...'`, pyVoIP's debug output): each line one message, the `b'` and closing quote not the message's", () => {
	// The shape of pyVoIP 1.6's `debug()` output (tayler6000/pyVoIP issue 217): its `Raw:` bytes of
	// a REGISTER sent, then the 401 received, each printed with `print(data)`.
	const register = [
		'REGISTER sip:pbx.example.com:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bK2a9a1cddafd74c788a91071be',
		'From: "1234" <sip:1234@pbx.example.com>;tag=9a3bfd69',
		'To: "1234" <sip:1234@pbx.example.com>',
		'Call-ID: 6b86b273ff34fce19d6b804eff5a3f57@10.0.0.7:5060',
		'CSeq: 5 REGISTER',
		'Contact: <sip:1234@10.0.0.7:5060;transport=UDP>',
		'Max-Forwards: 70',
		'Expires: 120',
		'Content-Length: 0',
		'',
		'',
	].join('\\r\\n');
	const challenge = [
		'SIP/2.0 401 Unauthorized',
		'Via: SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bK2a9a1cddafd74c788a91071be;received=198.51.100.7',
		'From: "1234" <sip:1234@pbx.example.com>;tag=9a3bfd69',
		'To: "1234" <sip:1234@pbx.example.com>;tag=as5e1f2b7c',
		'Call-ID: 6b86b273ff34fce19d6b804eff5a3f57@10.0.0.7:5060',
		'CSeq: 5 REGISTER',
		'WWW-Authenticate: Digest algorithm=MD5, realm="asterisk", nonce="1c0b3c3f"',
		'Content-Length: 0',
		'',
		'',
	].join('\\r\\n');
	const log = `Raw:\nb'${register}'\nReceived UDP Message:\nb'${challenge}'\n`;
	const analysis = analyzeTrace(log);
	assert.equal(analysis.format, 'escaped');
	assert.deepEqual(
		analysis.messages.map((m) => [
			m.method ?? m.status,
			log.slice(m.frame.sip.start, m.frame.sip.start + 8),
		]),
		[
			['REGISTER', 'REGISTER'],
			[401, 'SIP/2.0 '],
		],
	);
	assert.equal(analysis.index.transactionOf(1)?.request, 0);
	assert.deepEqual(
		analysis.problems.map((p) => p.code),
		[],
	);
});

test('a logger line of its own before the message, as AudioCodes writes to syslog, is metadata', () => {
	const message = [
		'INVITE sip:+15551234@sbc.example.com;transport=tls SIP/2.0',
		'Via: SIP/2.0/TLS 52.114.75.24:9024;branch=z9hG4bKac1',
		'Max-Forwards: 69',
		'From: <sip:+15550001@teams.example.com>;tag=t1',
		'To: <sip:+15551234@sbc.example.com>',
		'Call-ID: a1b2c3@52.114.75.24',
		'CSeq: 1 INVITE',
		'Content-Length: 0',
		'',
		'',
	].join('#012');
	const log = `Dec  1 10:00:00 10.1.1.1 ---- Incoming SIP Message from 52.114.75.24:9024 to SIPInterface #2 (Teams) TLS TO(#138) SocketID(204) ---- #012 [Time:19-12@12:45:02.514]#012${message}\n`;
	const analysis = analyzeTrace(log);
	assert.equal(analysis.format, 'escaped');
	assert.equal(analysis.messages.length, 1);
	const m = analysis.messages[0]!;
	assert.equal(m.method, 'INVITE');
	assert.equal(m.callId, 'a1b2c3@52.114.75.24');
	assert.ok(log.slice(m.frame.meta!.start, m.frame.meta!.end).includes('Incoming SIP Message'));
	// Its own line says who sent it, and how.
	assert.deepEqual(
		[m.frame.direction, m.frame.src, m.frame.dst, m.frame.transport],
		['in', '52.114.75.24:9024', null, 'TLS'],
	);
	assert.deepEqual(
		analysis.problems.filter((p) => p.severity === 'error').map((p) => p.code),
		[],
	);
	// Sent, through a relay that stamps each record with an RFC 1123 date: dated, in UTC (`Z`).
	const sent = `[Sat, 19 Dec 2020 10:45:08 GMT] <133>[S=1718476] ---- Outgoing SIP Message to 52.114.75.24:5061 from SIPInterface #2 (Teams) TLS TO(#134) SocketID(200) ---- #012${message}\n`;
	const out = analyzeTrace(sent).messages[0]!;
	assert.deepEqual(
		[out.frame.direction, out.frame.src, out.frame.dst, out.frame.transport],
		['out', null, '52.114.75.24:5061', 'TLS'],
	);
	assert.equal(out.frame.time, '2020-12-19T10:45:08Z');
	assert.equal(out.frame.epochMicros, Date.UTC(2020, 11, 19, 10, 45, 8) * 1000);
});

test("Kamailio's xlog heading before the message, through rsyslog, says who sent it or where it went", () => {
	// kamailio-log.cfg's `xlog("L_INFO", "received from $si:$sp\n$mb\n")`, and the same with
	// `sent to $sndto(ip):$sndto(port)` in onsend_route, as rsyslog writes them to a file.
	const message = (start: string): string =>
		[
			start,
			'Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK-1',
			...(start.startsWith('SIP/') ? [] : ['Max-Forwards: 70']),
			'From: <sip:andrew@example.com>;tag=a1',
			'To: <sip:linda@example.com>',
			'Call-ID: s1@192.0.2.7',
			'CSeq: 1 SUBSCRIBE',
			'Event: presence',
			'Expires: 600',
			'Content-Length: 0',
			'',
			'',
		].join('#015#012');
	const prefix = '2026-12-03T15:26:02.634445+00:00 proxy kamailio[4865]: INFO: <script>: ';
	const log =
		`${prefix}received from 192.0.2.7:5060#012${message('SUBSCRIBE sip:linda@example.com SIP/2.0')}\n` +
		`${prefix}sent to 192.0.2.7:5060#012${message('SIP/2.0 200 OK')}\n` +
		`${prefix}siptrace#012${message('SIP/2.0 200 OK')}\n`;
	const analysis = analyzeTrace(log);
	assert.equal(analysis.format, 'escaped');
	const sides = analysis.messages.map((m) => [m.frame.direction, m.frame.src, m.frame.dst]);
	assert.deepEqual(sides, [
		['in', '192.0.2.7:5060', null],
		['out', null, '192.0.2.7:5060'],
		// A heading that names no address says nothing of where the message went.
		[null, null, null],
	]);
	// The time stays rsyslog's, with its UTC offset.
	const first = analysis.messages[0]!.frame;
	assert.equal(first.time, '2026-12-03T15:26:02.634445+00:00');
	assert.equal(first.epochMicros, Date.UTC(2026, 11, 3, 15, 26, 2) * 1000 + 634445);
});

test("a Ribbon (Sonus) SBC's call trace record through syslog: its `sent msg ... to IP/port:A/P, Local IP/port:B/P` gives both sides", () => {
	// The record and its `RAW PDU:` on one syslog line, the message's line ends escaped, as HOMER's
	// reader of Sonus logs takes them apart (`... sent msg for CallId:(.*) to IP/port:(.*)/(.*),
	// Local IP/port:(.*)/(.*), SMM:(.*)RAW PDU:#012(.*)`).
	const message = [
		'OPTIONS sip:10.100.100.10 SIP/2.0',
		'Via: SIP/2.0/UDP 10.139.160.141:5060;branch=z9hG4bK-1',
		'From: <sip:sbc@10.139.160.141>;tag=a',
		'To: <sip:10.100.100.10>',
		'Call-ID: abc123',
		'CSeq: 1 OPTIONS',
		'Max-Forwards: 70',
		'Content-Length: 0',
		'',
		'',
	].join('#015#012');
	const record = (words: string): string =>
		`<147> 1 2020-06-03T10:15:30.123456+00:00 sbc1 SBC - - - 1787 06032020 101530.123456:1.01.00.38939.MAJOR .SIPSG: ${words}, SMM:none RAW PDU:#012${message}\n`;
	const log =
		record(
			'sent msg for CallId:abc123 to IP/port:10.100.100.10/5060, Local IP/port:10.139.160.141/5060',
		) +
		record(
			'received msg for CallId:abc123 from IP/port:10.100.100.10/5060, Local IP/port:10.139.160.141/5060',
		);
	const analysis = analyzeTrace(log);
	assert.equal(analysis.format, 'escaped');
	assert.deepEqual(
		analysis.messages.map((m) => [m.frame.direction, m.frame.src, m.frame.dst]),
		[
			['out', '10.139.160.141:5060', '10.100.100.10:5060'],
			['in', '10.100.100.10:5060', '10.139.160.141:5060'],
		],
	);
	// The time is the syslog stamp's, with its offset.
	assert.equal(analysis.messages[0]!.frame.time, '2020-06-03T10:15:30.123456+00:00');
});

test("AudioCodes' syslog, a space before each escape (`SIP/2.0 #012FROM: ...`): the same messages and links, no space kept in a line", () => {
	// As a Mediant logging to syslog writes each line end (sipcapture/paStash#75).
	const spaced = text.replace(/(?:#015)?#012/g, (e) => (e === '#012' ? ' #012' : ' #015 #012'));
	assert.notEqual(spaced, text);
	const analysis = analyzeTrace(spaced);
	assert.equal(analysis.format, 'escaped');
	assert.deepEqual(
		analysis.messages.map((m) => [m.method ?? m.status, m.callId]),
		expected.messages.map((m) => [m.method ?? m.status, m.callId]),
	);
	for (const want of expected.messages) {
		const m = analysis.messages[want.index]!;
		assert.equal(
			m.kind === 'response' ? analysis.index.requestOf(m.index) : null,
			want.links.request,
		);
	}
	const codes = new Set(analysis.problems.map((p) => p.code));
	for (const code of codes)
		assert.ok(!/^(body\.|framing\.|content-length\.|header\.)/.test(code), code);
});

test('messages kept in JSON strings (`"raw": "...\\r\\nFrom: \\"Linda\\" <sip:...>..."`): quotes escaped too, every name-addr read, nothing said of them', () => {
	// The presence story's real messages, each as a JSON string on a line of its own, as a
	// capture's JSON export (packetbeat's `event.original`, HOMER's `raw`) writes it.
	const raw = readFileSync(join(fixtures, 'real', 'presence-story.sip'), 'utf8');
	const plain = analyzeTrace(raw);
	const lines = plain.messages.map(
		(m) => `{"raw": ${JSON.stringify(raw.slice(m.frame.sip.start, m.frame.sip.end))}}`,
	);
	const json = lines.join('\n') + '\n';
	assert.ok(json.includes('\\"Linda\\" <sip:'));
	const analysis = analyzeTrace(json);
	assert.equal(analysis.format, 'escaped');
	const names = (a: TraceAnalysis): unknown[] =>
		a.messages.map((m) => [m.method ?? m.status, m.from?.uri, m.from?.tag, m.to?.uri]);
	assert.deepEqual(names(analysis), names(plain));
	const codes = analysis.problems.map((p) => p.code);
	assert.ok(!codes.includes('header.bad-name-addr'), codes.join());
	assert.ok(!codes.includes('header.unquoted-display-name'), codes.join());
});

test("a HAR file as Chrome's DevTools save it: each WebSocket frame's message, sent or received, at its time", () => {
	// `_webSocketMessages`: an object a frame, `type`, `time` (seconds since the epoch), `opcode`
	// and `data`, indented a key a line as DevTools writes the file.
	const message = (start: string, to: string): string =>
		[
			start,
			'Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK8831',
			'Max-Forwards: 70',
			`To: ${to}`,
			'From: <sip:alice@example.com>;tag=t1',
			'Call-ID: ws-1',
			'CSeq: 1 OPTIONS',
			'Content-Length: 0',
			'',
			'',
		].join('\r\n');
	const har = {
		log: {
			version: '1.2',
			entries: [
				{
					request: { method: 'GET', url: 'wss://sip.example.com/ws' },
					_resourceType: 'websocket',
					_webSocketMessages: [
						{
							type: 'send',
							time: 1733390000.123456,
							opcode: 1,
							data: message('OPTIONS sip:example.com SIP/2.0', '<sip:example.com>'),
						},
						{
							type: 'receive',
							time: 1733390000.25,
							opcode: 1,
							data: message('SIP/2.0 200 OK', '<sip:example.com>;tag=s1'),
						},
					],
				},
			],
		},
	};
	const a = analyzeTrace(JSON.stringify(har, null, 2));
	assert.equal(a.format, 'escaped');
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.direction, m.frame.time]),
		[
			['OPTIONS', 'out', '2024-12-05T09:13:20.123456'],
			[200, 'in', '2024-12-05T09:13:20.250000'],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
	// Another JSON's `data` string says nothing of a direction.
	const other = JSON.stringify(
		{ data: message('OPTIONS sip:example.com SIP/2.0', '<sip:example.com>') },
		null,
		2,
	);
	assert.equal(analyzeTrace(other).messages[0]!.frame.direction, null);
});

// A message written in a program's source or debug output, a line of it a line, each ending in
// `\r\n`: a fuzzing report's tab-indented copy (pjproject#3366), a PoC's adjacent Python bytes
// literals (sngrep#512), Node's util.inspect of a long string under the `debug` module's prefix
// (drachtio-siprec-recording-server#79), a Go test's raw string (`s := \`INVITE ...`).
test("a message a line at a time, each line's literal ending in `\\r\\n`: one message over the lines", () => {
	const headers = [
		'Via: SIP/2.0/UDP 127.0.0.1:41937;branch=z9hG4bK27e3f61708de5539;rport',
		'From: <sip:user@example.com>;tag=0435ab00f8256ef0',
		'To: <sip:test@127.0.0.1:5060>',
		'Call-ID: 5bc68ea866c3ccf0',
		'CSeq: 4261 INVITE',
		'Max-Forwards: 70',
		'Contact: <sip:user@127.0.0.1:41937>',
		'Content-Length: 0',
	];
	const start = 'INVITE sip:test@127.0.0.1:5060 SIP/2.0';
	const shapes = [
		['```', ...[start, ...headers].map((l) => `\t${l}\\r\\n`), '\t\\r\\n', '```'],
		[
			'def packet():',
			'    return (',
			...[start, ...headers].map((l) => `        b"${l}\\r\\n"`),
			'        b"\\r\\n"',
			'    )',
		],
		[
			'  drachtio:srs msg: SipMessage {',
			...[start, ...headers].map(
				(l, i) => `  drachtio:srs   ${i === 0 ? 'raw: ' : '  '}'${l}\\r\\n' +`,
			),
			"  drachtio:srs     '\\r\\n'",
			'  drachtio:srs }',
		],
	];
	for (const lines of shapes) {
		const text = lines.join('\n') + '\n';
		const a = analyzeTrace(text);
		assert.equal(a.format, 'escaped', text);
		assert.equal(a.messages.length, 1, text);
		const invite = a.messages[0]!;
		assert.equal(invite.callId, '5bc68ea866c3ccf0');
		assert.equal(invite.cseq?.seq, 4261);
		// The start line is where the message starts; the text after the last literal is not in it.
		assert.equal(text.slice(invite.frame.sip.start, invite.frame.sip.start + 6), 'INVITE');
		assert.ok(!text.slice(invite.frame.sip.start, invite.frame.sip.end).includes('drachtio:srs }'));
		assert.deepEqual(
			a.problems
				.filter((p) => p.severity === 'error' || p.severity === 'warning')
				.map((p) => p.code),
			[],
			text,
		);
	}
	// A Go test's raw string: the backtick opens the literal, no part of the method.
	const go = `func TestParse(t *testing.T) {\n\ts := \`${[start, ...headers, '', ''].join('\\r\\n')}\`\n}\n`;
	const parsed = analyzeTrace(go);
	assert.deepEqual(
		parsed.messages.map((m) => m.method),
		['INVITE'],
	);
});

// baresip#3723: the report says the sipfrag body should be `SIP/2.0 100 Trying\r\n`, in prose.
test('a status line quoted with its escaped line end and no header after it is no message', () => {
	const text = [
		'## Expected behavior',
		'The message/sipfrag body should use a SIP Status-Line terminated by CRLF.',
		'',
		'SIP/2.0 100 Trying\\r\\n',
		'',
		'Therefore the expected Content-Length should be 20, not 19.',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 0);
	assert.notEqual(a.format, 'escaped');
});

test("a C source's messages as adjacent literals: a status line alone in its literal starts one, a commented-out line is none of its lines", () => {
	// ireader/media-server's libsip test (Wildix W-AIR and GW message-summary): `const char* f2 =
	// "SIP/2.0 200 OK\n"`, the headers on the lines below, one of them left in a `//` comment.
	const text = [
		'\tconst char* f1 = "SUBSCRIBE sip:bob@biloxi.com;user=phone SIP/2.0\\n"',
		'\t\t"To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\\n"',
		'\t\t"From: Alice <sip:alice@atlanta.com>;tag=1928301774\\n"',
		'\t\t"Call-ID: a84b4c76e66710\\n"',
		'\t\t"CSeq: 314160 SUBSCRIBE\\n"',
		'\t\t"Max-Forwards: 70\\n"',
		'        "Via: SIP/2.0/UDP 10.135.0.12:5060;branch=z9hG4bKtrxftxslfcy3aagf3c9s7\\n"',
		'\t\t"Event: message-summary\\n"',
		'\t\t"Content-Length: 0\\n\\n";',
		'',
		'\tconst char* f2 = "SIP/2.0 200 OK\\n"',
		'\t\t"To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\\n"',
		'\t\t"From: Alice <sip:alice@atlanta.com>;tag=1928301774\\n"',
		'\t\t"Call-ID: a84b4c76e66710\\n"',
		'\t\t"CSeq: 314160 SUBSCRIBE\\n"',
		'        //"Content-Length: 90\\n"',
		'        "Via: SIP/2.0/UDP 10.135.0.12:5060;branch=z9hG4bKtrxftxslfcy3aagf3c9s7\\n"',
		'\t\t"Expires: 240\\n"',
		'\t\t"Content-Length: 0\\n\\n";',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [
			text.slice(0, m.startLine.start).split('\n').length - 1,
			m.method ?? m.status,
		]),
		[
			[0, 'SUBSCRIBE'],
			[10, 200],
		],
	);
	const ok = a.messages[1]!;
	assert.equal(a.index.requestOf(1), 0);
	assert.equal(ok.contentLength, 0);
	assert.equal(ok.expires, 240);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
});

test("a C literal continued by a backslash at each line's end (`\"...\\r\\n\\`): one message over the lines, a status line too; a macro's backslash after the closing quote is not the literal's", () => {
	// sipX's MWI test: a SUBSCRIBE challenged, re-sent with credentials, accepted.
	const literal = (name: string, lines: string[]) =>
		`const char* ${name} = "${lines.map((l) => `${l}\\r\\n\\`).join('\n')}\n\\r\\n";\n`;
	const common = [
		'From: \\"Dan Petrie\\"<sip:111@example.com>;tag=1612c1612',
		'To: \\"Dan Petrie\\"<sip:111@example.com>',
		'Call-Id: e2aab34a72a0eb18300fbec445d5d665',
	];
	const subscribe = (cseq: number, more: string[]) => [
		'SUBSCRIBE sip:111@example.com SIP/2.0',
		...common,
		`Cseq: ${cseq} SUBSCRIBE`,
		'Contact: sip:111@10.1.2.3',
		'Event: message-summary',
		'Expires: 3600',
		'Max-Forwards: 20',
		...more,
		`Via: SIP/2.0/UDP 10.1.1.177;branch=z9hG4bK64807d4040eecf1d8b0ae759505b81b${cseq}`,
		'Content-Length: 0',
	];
	const text =
		literal('mwiSubscribe', subscribe(1, [])) +
		'\n' +
		literal('mwiSubscribe401', [
			'SIP/2.0 401 Unauthorized',
			...common,
			'Cseq: 1 SUBSCRIBE',
			'Via: SIP/2.0/UDP 10.1.1.177;branch=z9hG4bK64807d4040eecf1d8b0ae759505b81b1',
			'Www-Authenticate: Digest realm=\\"example.com\\", nonce=\\"606a7e9c58258179f966b0987a1bf38d\\"',
			'Content-Length: 0',
		]) +
		'\n' +
		literal(
			'mwiSubscribeAuth',
			subscribe(2, [
				'Authorization: Digest username=\\"111\\", realm=\\"example.com\\", nonce=\\"606a7e9c58258179f966b0987a1bf38d\\", uri=\\"sip:111@example.com\\", response=\\"0bab4e5c7ccdd2cf0a7d1bd0e1d8f6f2\\"',
			]),
		);
	const a = analyzeTrace(text);
	assert.equal(a.format, 'escaped');
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.callId, m.cseq?.seq]),
		[
			['SUBSCRIBE', 'e2aab34a72a0eb18300fbec445d5d665', 1],
			[401, 'e2aab34a72a0eb18300fbec445d5d665', 1],
			['SUBSCRIBE', 'e2aab34a72a0eb18300fbec445d5d665', 2],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
	assert.equal(a.index.challengeOf(2), 1);
	// A macro's lines, each literal closed before the backslash that continues the macro.
	const macro = [
		'#define SIP_REQUEST \\',
		'\t"REGISTER sip:open-ims.test SIP/2.0\\r\\n" \\',
		'\t"Via: SIP/2.0/UDP 192.0.2.1:1988;branch=z9hG4bK1245420841406\\r\\n" \\',
		'\t"From: <sip:mamadou@open-ims.test>;tag=29358\\r\\n" \\',
		'\t"To: <sip:mamadou@open-ims.test>\\r\\n" \\',
		'\t"Call-ID: M-fa53180346f7f55ceb8d8670f9223dbb\\r\\n" \\',
		'\t"CSeq: 201 REGISTER\\r\\n" \\',
		'\t"Max-Forwards: 70\\r\\n" \\',
		'\t"Content-Length: 0\\r\\n" \\',
		'\t"\\r\\n"',
		'',
	].join('\n');
	const registered = analyzeTrace(macro);
	assert.deepEqual(
		registered.messages.map((m) => [m.method, m.callId, m.cseq?.seq]),
		[['REGISTER', 'M-fa53180346f7f55ceb8d8670f9223dbb', 201]],
	);
	assert.ok(!registered.problems.some((p) => p.code === 'header.malformed'));
});

test('a JSON record whose escaped message ends its body with no line end: the record\'s `"}` is not body', () => {
	const body =
		'<?xml version="1.0"?>\n<presence entity="sip:a@b"><tuple id="1"><status><basic>open</basic></status></tuple></presence>';
	const message = [
		'PUBLISH sip:a@b SIP/2.0',
		'Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1',
		'From: <sip:a@b>;tag=1',
		'To: <sip:a@b>',
		'Call-ID: x1',
		'CSeq: 1 PUBLISH',
		'Max-Forwards: 70',
		'Event: presence',
		'Content-Type: application/pidf+xml',
		`Content-Length: ${body.length}`,
		'',
		body,
	].join('\r\n');
	const text = `{"level":"info","msg":"${message.replaceAll('\r', '\\r').replaceAll('\n', '\\n')}"}\n`;
	const a = analyzeTrace(text);
	const m = a.messages[0]!;
	assert.ok(text.slice(m.body!.start, m.body!.end).endsWith('</presence>'));
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
});

test('a buffer gdb printed cut (`"...`) is a message cut short, not one missing its headers', () => {
	// A Kamailio crash report's backtrace (kamailio issue, receive_msg frame): gdb prints 200
	// characters of the buffer, marks the cut after the closing quote, and gives its length.
	const start =
		'SUBSCRIBE sip:alice@ims.example.org SIP/2.0\\r\\nVia: SIP/2.0/UDP 127.0.0.1:55181;branch=z9hG4bK22155406;rport\\r\\nFrom: <sip:alice@ims.example.org>;tag=22179732\\r\\nTo: <sip';
	const frame = (after: string): string =>
		[
			'#17 0x000000000056c231 in receive_msg (',
			`    buf=0xa47460 <buf.6778> "${start}"...${after}) at core/receive.c:277`,
			'        msg = 0x7ff38cff86d8',
			'',
		].join('\n');
	const a = analyzeTrace(frame(', len=842, rcv_info=0x7ffc5f72fd70'));
	assert.equal(a.messages.length, 1);
	assert.equal(a.messages[0]!.method, 'SUBSCRIBE');
	assert.deepEqual(
		a.problems.map((p) => [p.code, p.severity]),
		[['message.truncated', 'warning']],
	);
	// The octets it holds, each escaped line end the two it stood for.
	const held = start.replaceAll('\\r\\n', '\r\n').length;
	assert.ok(a.problems[0]!.message.includes(`first ${held} of the 842 octets`));
	// Without the length, the cut is still said.
	const unsized = analyzeTrace(frame(''));
	assert.deepEqual(
		unsized.problems.map((p) => p.code),
		['message.truncated'],
	);
	// A string printed whole (its closing quote alone) is judged as the message it is.
	const whole = analyzeTrace(frame(', len=842').replace('"...', '"'));
	assert.ok(whole.problems.some((p) => p.code === 'header.missing-call-id'));
});

test("OpenSIPS' debug log of a transport module's write (`proto_tls_send: buf=#012SIP/2.0 ...`) is a message sent over it", () => {
	// An OpenSIPS issue's syslog (presence, a 412 to a PUBLISH with a stale SIP-If-Match).
	const line = (fn: string): string =>
		`Mar  8 00:18:28 vprx00 /usr/sbin/opensips[20106]: DBG:proto_tls:${fn}: buf=#012SIP/2.0 412 Conditional request failed#015#012Via: SIP/2.0/TLS 192.168.1.58:33741;branch=z9hG4bK967682784;rport=47384#015#012From: <sip:106@example.com>;tag=1903226411#015#012To: <sip:106@example.com>;tag=ab#015#012Call-ID: 468276617-33741-6852@192.168.1.58#015#012CSeq: 2 PUBLISH#015#012Content-Length: 0#015#012#015#012\n`;
	const sent = analyzeTrace(line('proto_tls_send')).messages[0]!.frame;
	assert.deepEqual([sent.direction, sent.transport], ['out', 'TLS']);
	// Another function's buffer says nothing of where it went.
	const other = analyzeTrace(line('tls_dump')).messages[0]!.frame;
	assert.deepEqual([other.direction, other.transport], [null, null]);
});

test('a JSON log’s message whose XML body quotes its attributes (`\\"`): the body is the document sent, counted as sent', () => {
	const body =
		'<?xml version="1.0" encoding="UTF-8"?>\r\n<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:linda@example.com">\r\n<tuple id="t1"><status><basic>closed</basic></status><note>busy \\ away</note></tuple>\r\n</presence>\r\n';
	const message = [
		'PUBLISH sip:linda@example.com SIP/2.0',
		'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-1',
		'From: <sip:linda@example.com>;tag=a',
		'To: <sip:linda@example.com>',
		'Call-ID: c1',
		'CSeq: 1 PUBLISH',
		'Max-Forwards: 70',
		'Event: presence',
		'Expires: 3600',
		'Content-Type: application/pidf+xml',
		`Content-Length: ${Buffer.byteLength(body)}`,
		'',
		body,
	].join('\r\n');
	const text = `${JSON.stringify({ level: 'info', time: '2026-11-24T19:33:07.319Z', msg: message })}\n`;
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
	assert.equal(bodyText(text, a.messages[0]!), body.replace(/\r\n$/, ''));
	const decoded = decodeBody(text, a.messages[0]!);
	assert.equal(decoded.kind === 'pidf' && decoded.presence.tuples[0]!.basic, 'closed');
	// One octet more announced than sent is still said.
	const longer = text.replace(
		/Content-Length: \d+/,
		`Content-Length: ${Buffer.byteLength(body) + 3}`,
	);
	assert.deepEqual(
		analyzeTrace(longer).problems.map((p) => p.code),
		['content-length.mismatch'],
	);
});

test('a C source with responses alone: a status line alone in its literal is found, a remark after a literal is none of the message', () => {
	// TrueConf's test packets: only responses, a comment after some of the literals.
	const text = [
		'\tconst char busy_here_packet[] =',
		'\t\t"SIP/2.0 486 Busy Here\\r\\n"',
		'\t\t"Via: SIP/2.0/TCP 192.0.2.42;branch=z9hG4bK-77ab\\r\\n"\t// the branch of the INVITE',
		'\t\t"From: <sip:alice@example.com>;tag=43017E66\\r\\n"',
		'\t\t"To: <sip:192.0.2.48>;tag=plcm_2866\\r\\n"',
		'\t\t"Call-ID: c1-77ab@192.0.2.42\\r\\n"\t// the INVITE\'s too',
		'\t\t"CSeq: 1 INVITE\\r\\n"',
		'\t\t"Retry-After: 5\\r\\n"',
		'\t\t"Content-Length: 0\\r\\n\\r\\n";',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'escaped');
	assert.deepEqual(
		a.messages.map((m) => [m.status, m.headerCount, m.callId]),
		[[486, 7, 'c1-77ab@192.0.2.42']],
	);
	assert.ok(!a.problems.some((p) => p.code === 'message.truncated'));
	// A block comment after a literal and its `+` (a Java test's `+ /**application/rlmi+xml*/`):
	// no part of the message either, the lines after it still the message's.
	const java = text
		.replace(/^\t\t(".*\\r\\n")/gm, '\t\t$1 +')
		.replace("// the INVITE's too", "/**the INVITE's too*/");
	const j = analyzeTrace(java);
	assert.deepEqual(
		j.messages.map((m) => [m.status, m.headerCount, m.callId]),
		[[486, 7, 'c1-77ab@192.0.2.42']],
	);
	// Each line closing its literal before a literal of its own for the escape (sofia-sip's
	// tests: `"SIP/2.0 401 Unauthorized" "\r\n"`) is a layout not read: no message with the
	// quotes in its reason phrase.
	const split = text.replace(/\\r\\n"/g, '" "\\r\\n"');
	assert.ok(!analyzeTrace(split).messages.some((m) => m.reason?.includes('"')));
});

test("a test's markers replaced before use (`__callid__`, `__cseq__`) make a template, not a sender's faults", () => {
	// A PBX interop test's 423, its Call-ID, CSeq number and branch filled in by the test.
	const text = [
		'char raw_423[] =',
		'',
		'"SIP/2.0 423 Interval Too Brief\\r\\n"',
		'"From: <sip:7758@198.51.100.206>;tag=F49A82AD\\r\\n"',
		'"To: <sip:7758@198.51.100.206>;tag=464de48\\r\\n"',
		'"Call-ID: __callid__\\r\\n"',
		'"CSeq: __cseq__ REGISTER\\r\\n"',
		'"Via: SIP/2.0/UDP 192.0.2.141:64169;branch=__branch__\\r\\n"',
		'"Min-Expires: 3200\\r\\n"',
		'"Content-Length: 0\\r\\n\\r\\n"',
		';',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => m.status),
		[423],
	);
	assert.deepEqual(a.problems.map((p) => p.code).sort(), [
		'message.not-sent',
		'response.no-request',
	]);
});

const heplifyRegister = [
	'REGISTER sip:prod.tncp.textnow.com SIP/2.0',
	'Via: SIP/2.0/WSS 9gd08ac3g27p.invalid;branch=z9hG4bK2633298',
	'To: <sip:16265077642@prod.tncp.textnow.com>',
	'From: <sip:16265077642@prod.tncp.textnow.com>;tag=r6q9vfiqiu',
	'CSeq: 3 REGISTER',
	'Call-ID: hca56b7k5k4f38om8kbk',
	'Max-Forwards: 70',
	'Contact: <sip:t2rnrqe2@9gd08ac3g27p.invalid;transport=ws>;expires=600',
	'User-Agent: SIP.js/0.20.0',
	'Content-Length: 0',
	'',
];
test('a whole line end written as `\\r\\n` and the line broken after it too (heplify-server): one message over the lines, read as its literal', () => {
	// The shape of sipcapture/heplify-server#87: a WARN record, then the packet as a quoted Go
	// string whose every `\r\n` is followed by a real line end; one header ends in `\n` alone.
	const lines = heplifyRegister.slice(0, -1).map((l, i) => (i === 6 ? `${l}\\n` : `${l}\\r\\n`));
	const text = [
		'2018/06/27 11:54:15.076996 decoder.go:101: WARN Could not find a valid Call-ID in packet',
		`"${lines[0]}`,
		...lines.slice(1),
		'\\r\\n"',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'escaped');
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(m.method, 'REGISTER');
	assert.equal(m.callId, 'hca56b7k5k4f38om8kbk');
	assert.equal(m.headerCount, heplifyRegister.length - 2);
	const value = (h: { value: { start: number; end: number } }) =>
		text.slice(h.value.start, h.value.end);
	for (const h of m.headers)
		assert.ok(!value(h).endsWith('\\r\\n') && !value(h).endsWith('\\n'), value(h));
});
