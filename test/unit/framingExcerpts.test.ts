// Framing of trace excerpts as real software printed them, posted in public (test/fixtures/formats/
// public, origins in test/fixtures/README.md), and of the variants of the same shapes that the
// producers' documentation and other public posts show: the messages, their start lines, time,
// addresses and direction, and nothing of the text lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import type { SipMessage, TraceFormat } from '../../server/src/core/model';
import { coversAll } from './coversAll';

const dir = join(__dirname, '..', 'fixtures', 'formats', 'public');
const read = (f: string): string => readFileSync(join(dir, f), 'utf8');

type Analysis = ReturnType<typeof analyzeTrace>;

/** 0-based line of an offset. */
const lineOf = (text: string, offset: number): number =>
	text.slice(0, offset).split('\n').length - 1;

interface Expected {
	line: number;
	start: string;
	callId?: string;
	time?: string | null;
	epochMicros?: number | null;
	src?: string | null;
	dst?: string | null;
	direction?: 'in' | 'out' | null;
	transport?: string | null;
}

/** Reads `text` and checks its format, its messages and what each frame says, field by field. */
function expectMessages(text: string, format: TraceFormat, expected: Expected[]): Analysis {
	const a = analyzeTrace(text);
	assert.equal(a.format, format);
	assert.equal(a.messages.length, expected.length, 'messages');
	expected.forEach((want, i) => {
		const m: SipMessage = a.messages[i]!;
		const got: Record<string, unknown> = {
			line: lineOf(text, m.startLine.start),
			start: text.slice(m.startLine.start, m.startLine.end),
		};
		for (const key of Object.keys(want) as (keyof Expected)[]) {
			if (key === 'line' || key === 'start') continue;
			got[key] = key === 'callId' ? m.callId : m.frame[key];
		}
		assert.deepEqual(got, want, `message ${i}`);
		assert.equal(m.kind === 'invalid', false, `message ${i} parses`);
	});
	coversAll(text, a);
	return a;
}

/**
 * An excerpt read whole: its format and messages, as {@link expectMessages} checks them, then
 * whatever else the case is about.
 */
interface Excerpt {
	readonly title: string;
	/** A file of `formats/public`. */
	readonly file: string;
	readonly format: TraceFormat;
	readonly messages: Expected[];
	readonly more?: (text: string, a: Analysis) => void;
}

/** One test per excerpt. */
function excerptTests(excerpts: readonly Excerpt[]): void {
	for (const { title, file, format, messages, more } of excerpts)
		test(title, () => {
			const text = read(file);
			// Checked first, and always: `more?.(...)` alone would not evaluate its arguments
			// for a case without `more`.
			const a = expectMessages(text, format, messages);
			more?.(text, a);
		});
}

// --- baresip's own sip_trace (baresip -s) -------------------------------------------------------

/**
 * One record of baresip's trace as baresip 1.0.0 prints it (`\x1b[36;1m#\n%s %J -> %J\n%b\x1b[;m\n`):
 * the colour reset comes right after the message's last octet.
 */
const baresipRecord = (path: string, message: string): string =>
	`\x1b[36;1m#\n${path}\n${message}\x1b[;m\n`;
const baresipMessage = (body: string, length = body.length): string =>
	[
		'MESSAGE sip:linda@127.0.0.1 SIP/2.0',
		'Via: SIP/2.0/UDP 127.0.0.1:15071;branch=z9hG4bK2ec1baf0d52f4d6e;rport',
		'Max-Forwards: 70',
		'To: <sip:linda@127.0.0.1>',
		'From: <sip:andrew@127.0.0.1>;tag=2fb3e1d00ccd7ae5',
		'Call-ID: 0bd0c6b53a3e54a4',
		'CSeq: 28151 MESSAGE',
		'Content-Type: text/plain',
		`Content-Length: ${length}`,
		'',
		body,
	].join('\r\n');
const baresipOk = [
	'SIP/2.0 200 OK',
	'Via: SIP/2.0/UDP 127.0.0.1:15071;branch=z9hG4bK2ec1baf0d52f4d6e;rport=15071;received=127.0.0.1',
	'To: <sip:linda@127.0.0.1>;tag=93b7d3ab2a1e0c3f',
	'From: <sip:andrew@127.0.0.1>;tag=2fb3e1d00ccd7ae5',
	'Call-ID: 0bd0c6b53a3e54a4',
	'CSeq: 28151 MESSAGE',
	'Content-Length: 0',
	'',
	'',
].join('\r\n');

/** The MESSAGE and its 200 of two baresip records, read with their paths and no problem. */
function expectBaresipPair(text: string, more: Partial<Expected> = {}): Analysis {
	const a = expectMessages(text, 'baresip', [
		{
			line: 3,
			start: 'MESSAGE sip:linda@127.0.0.1 SIP/2.0',
			src: '127.0.0.1:15071',
			dst: '127.0.0.1:15060',
			transport: 'UDP',
			...more,
		},
		{ line: 17, start: 'SIP/2.0 200 OK', src: '127.0.0.1:15060', dst: '127.0.0.1:15071' },
	]);
	assert.deepEqual(codes(a), []);
	return a;
}

test("baresip's trace: the colour reset glued after a body without a final line end is not the body's", () => {
	const text =
		'baresip is ready.\n' +
		baresipRecord('UDP 127.0.0.1:15071 -> 127.0.0.1:15060', baresipMessage('Are you free?')) +
		'andrew@127.0.0.1: message sent\n' +
		baresipRecord('UDP 127.0.0.1:15060 -> 127.0.0.1:15071', baresipOk);
	const a = expectBaresipPair(text, { time: null });
	const [message, ok] = a.messages;
	assert.equal(text.slice(message!.body!.start, message!.body!.end), 'Are you free?');
	assert.ok(text.slice(message!.frame.sip.start, message!.frame.sip.end).endsWith('free?'));
	// The reset and its line end close the frame; the log line after it is log text.
	assert.ok(
		text.slice(message!.frame.span.start, message!.frame.span.end).endsWith('free?\x1b[;m\n'),
	);
	assert.ok(text.slice(ok!.frame.span.start, ok!.frame.span.end).endsWith('\r\n\r\n\x1b[;m\n'));
	assert.deepEqual(
		a.noise.map((n) => text.slice(n.start, n.end)),
		['baresip is ready.\n', 'andrew@127.0.0.1: message sent\n'],
	);
	// A Content-Length that really falls short is still reported: the body runs to the reset.
	const short = analyzeTrace(
		baresipRecord('UDP 127.0.0.1:15071 -> 127.0.0.1:15060', baresipMessage('Are you free?', 10)),
	);
	assert.match(short.problems.map((p) => p.message).join(), /3 octets follow the 10/);
});

test("baresip's trace: a record whose time lost its first digit in the copy (`7:35:16.608#`) still opens, its path read", () => {
	// A baresip issue's paste (TCP registration): every other record reads `17:35:16.611#`.
	const text =
		'7:35:16.608#\nUDP 127.0.0.1:15071 -> 127.0.0.1:15060\n' +
		baresipMessage('Are you free?') +
		'\n17:35:16.611#\nUDP 127.0.0.1:15060 -> 127.0.0.1:15071\n' +
		baresipOk;
	const a = analyzeTrace(text);
	assert.equal(a.format, 'baresip');
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.src, m.frame.transport, m.frame.time]),
		[
			['MESSAGE', '127.0.0.1:15071', 'UDP', null],
			[200, '127.0.0.1:15060', 'UDP', '17:35:16.611'],
		],
	);
});

test("baresip's trace: a record right after a warning, whose colour reset starts the record's first line", () => {
	// baresip prints a warning in red and resets the colour after its line end:
	// `\x1b[31m...\n\x1b[;m`, so the next record's first line starts with that reset.
	const text =
		'\x1b[31msip:linda@127.0.0.1: publisher got error response 403 Forbidden\n\x1b[;m' +
		baresipRecord('UDP 127.0.0.1:15071 -> 127.0.0.1:15060', baresipMessage('Are you free?')) +
		'\x1b[31mua: no UA found\n\x1b[;m' +
		baresipRecord('UDP 127.0.0.1:15060 -> 127.0.0.1:15071', baresipOk);
	const a = expectBaresipPair(text);
	assert.deepEqual(
		a.noise.map((n) => text.slice(n.start, n.end)),
		[
			'\x1b[31msip:linda@127.0.0.1: publisher got error response 403 Forbidden\n',
			'\x1b[31mua: no UA found\n',
		],
	);
});

// --- pjsua behind an application's logger ---------------------------------------------------------

excerptTests([
	{
		title:
			"pjsua's RX/TX stamp behind an application logger's prefix: time from the prefix (day-first date), remote address",
		file: 'pjsua2-app-logger-prefix-notify.txt',
		format: 'pjsua',
		messages: [
			{
				line: 1,
				start: 'NOTIFY sip:RoutingService@192.168.254.200:53001;ob SIP/2.0',
				callId: '75304787031b4072a5ebf26a1f81c409',
				time: '2026-02-06T10:21:02.634',
				epochMicros: Date.UTC(2026, 1, 6, 10, 21, 2, 634) * 1000,
				src: '192.168.254.200:5060',
				dst: null,
				direction: 'in',
				transport: 'UDP',
			},
		],
		more: (text) => {
			// The stamp must stand as pjsua prints it: not glued to a word.
			const glued = text.replace(': RX 1210', ': fooRX 1210');
			assert.equal(analyzeTrace(glued).messages[0]!.frame.src, null);
		},
	},
]);

// --- pjsua inside Android logcat -------------------------------------------------------------------

excerptTests([
	{
		title:
			"pjsua's TX/RX records inside logcat (react-native-pjsip): logcat's prefix off every line, pjsua's time on logcat's day",
		file: 'pjsip-android-logcat-407-ack-invite.txt',
		format: 'logcat',
		messages: [
			{
				line: 4,
				start: 'SIP/2.0 407 Proxy Authentication Required',
				callId: '0225ae16-333f-462f-a2c2-404dc5f19745',
				time: '--12-18T13:20:40.136',
				src: '37.139.38.17:5060',
				direction: 'in',
				transport: 'TCP',
			},
			{
				line: 19,
				start: 'ACK sip:50013@sip.zadarma.com SIP/2.0',
				callId: '0225ae16-333f-462f-a2c2-404dc5f19745',
				time: '--12-18T13:20:40.138',
				dst: '37.139.38.17:5060',
				direction: 'out',
			},
			{
				line: 39,
				start: 'INVITE sip:50013@sip.zadarma.com SIP/2.0',
				callId: '0225ae16-333f-462f-a2c2-404dc5f19745',
				dst: '37.139.38.17:5060',
			},
			{
				line: 105,
				start: 'SIP/2.0 100 trying -- your call is important to us',
				src: '37.139.38.17:5060',
			},
		],
		more: (text, a) => {
			// Every header is read without the prefix: the 407 has its Proxy-Authenticate, the
			// re-sent INVITE its credentials and SDP; no header is misread.
			assert.deepEqual(
				a.problems
					.filter((p) => p.severity === 'error' || p.severity === 'warning')
					.map((p) => p.code),
				[],
			);
			const [challenge, , invite] = a.messages;
			assert.ok(challenge!.headers.some((h) => h.key === 'proxy-authenticate'));
			assert.ok(invite!.headers.some((h) => h.key === 'proxy-authorization'));
			assert.equal(invite!.cseq?.seq, 15162);
			assert.ok(
				text.slice(invite!.body!.start, invite!.body!.end).includes('m=audio 4004 RTP/AVP'),
			);
			// `--end msg--` closes each message: it is log text, not part of a body.
			for (const m of a.messages)
				assert.ok(!text.slice(m.frame.sip.start, m.frame.sip.end).includes('--end msg--'));
		},
	},
]);

// --- baresip inside Android logcat ----------------------------------------------------------------

excerptTests([
	{
		title: "baresip's sip_trace inside logcat (baresip-studio): time, both addresses and transport",
		file: 'baresip-android-logcat-notify.txt',
		format: 'logcat',
		messages: [
			{
				line: 12,
				start: 'NOTIFY sip:bar-0xb40000743a51fdd0@192.168.243.151:9;transport=wss SIP/2.0',
				time: '--03-05T09:06:05.718',
				src: '192.168.243.45:5063',
				dst: '192.168.243.151:39258',
				transport: 'WSS',
			},
		],
		more: (text, a) => {
			// baresip's registration report (`200 OK (OpenSIPg ...) [1 binding]`) is log text.
			assert.ok(a.noise.some((n) => text.slice(n.start, n.end).includes('[1 binding]')));
			// With the year in logcat's prefix, baresip's time of day gets logcat's date.
			const dated = text.replace(/^03-05 /gm, '2024-03-05 ');
			expectMessages(dated, 'logcat', [
				{
					line: 12,
					start: 'NOTIFY sip:bar-0xb40000743a51fdd0@192.168.243.151:9;transport=wss SIP/2.0',
					time: '2024-03-05T09:06:05.718',
					epochMicros: Date.UTC(2024, 2, 5, 9, 6, 5, 718) * 1000,
					src: '192.168.243.45:5063',
				},
			]);
		},
	},
]);

test("belle-sip's channel line inside logcat takes logcat's time", () => {
	const text = [
		'2021-03-03 15:55:26.802 17083-17083/org.linphone.debug I/Linphone: channel [0x768ae00200]: received [301] new bytes from [UDP://172.31.37.34:8642]:',
		'2021-03-03 15:55:26.802 17083-17083/org.linphone.debug I/Linphone: SIP/2.0 200 OK',
		'2021-03-03 15:55:26.802 17083-17083/org.linphone.debug I/Linphone: Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK1',
		'2021-03-03 15:55:26.802 17083-17083/org.linphone.debug I/Linphone: Call-ID: c1',
		'2021-03-03 15:55:26.802 17083-17083/org.linphone.debug I/Linphone: CSeq: 1 OPTIONS',
		'2021-03-03 15:55:26.802 17083-17083/org.linphone.debug I/Linphone: Content-Length: 0',
		'2021-03-03 15:55:26.802 17083-17083/org.linphone.debug I/Linphone: ',
		'',
	].join('\n');
	expectMessages(text, 'logcat', [
		{
			line: 1,
			start: 'SIP/2.0 200 OK',
			time: '2021-03-03T15:55:26.802',
			src: '172.31.37.34:8642',
			direction: 'in',
		},
	]);
});

excerptTests([
	{
		title:
			"logcat's brief format (`I/flutter (25208): ` before every line, dart-sip-ua): the headers are read without it",
		file: 'dart-sip-ua-logcat-brief-register-401.txt',
		format: 'logcat',
		messages: [{ line: 13, start: 'SIP/2.0 401 Unauthorized', callId: '124w088233c22326g68716' }],
		more: (text, a) => {
			assert.equal(a.messages[0]!.cseq?.seq, 1);
			// No header is misread: the prefix is off every line, the empty ones too.
			assert.deepEqual(
				a.problems.filter((p) => p.severity === 'error').map((p) => p.code),
				[],
			);
			// logcat's time format puts the date and time first: `MM-DD HH:MM:SS.mmm I/tag( pid): `.
			const timed = text.replace(
				/^I\/flutter \(25208\):/gm,
				'12-31 11:59:02.913 I/flutter ( 8410):',
			);
			const b = expectMessages(timed, 'logcat', [
				{ line: 13, start: 'SIP/2.0 401 Unauthorized', callId: '124w088233c22326g68716' },
			]);
			// (dart-sip-ua's own line above the 401, with the year, dates it.)
			assert.equal(b.messages[0]!.frame.time, '2019-12-31T11:59:02.913');
		},
	},
	{
		title:
			"Android Studio's logcat view: a record's lines indented under its `I/Tag: ` line, the next record ends the message",
		// The 401 has no empty line after it: the next record (`I/Linphone: ...` at the margin) ends it.
		file: 'linphone-android-studio-logcat-401.txt',
		format: 'bellesip',
		messages: [
			{
				line: 2,
				start: 'SIP/2.0 401 Unauthorized',
				callId: 'U4HNFBWFIC',
				src: '192.168.160.2:5060',
				direction: 'in',
				transport: 'UDP',
			},
		],
		more: (text, a) => {
			assert.deepEqual(
				a.problems.filter((p) => p.severity === 'error').map((p) => p.code),
				[],
			);
			assert.ok(a.noise.some((n) => text.slice(n.start, n.end).includes('[510] bytes parsed')));
		},
	},
	{
		title:
			"Android Studio's logcat view: belle-sip's channel line at the margin, behind the record's tag, says where the message went",
		// Found, not taken for a header by its `Name: ` shape.
		file: 'linphone-android-studio-logcat-subscribe.txt',
		format: 'bellesip',
		messages: [
			{
				line: 9,
				start: 'SUBSCRIBE sip:6002@192.168.35.66 SIP/2.0',
				callId: 'cDwx0PN6Ev',
				dst: '192.168.35.66:5060',
				direction: 'out',
			},
		],
	},
]);

test("Linphone on iOS: belle-sip's lines behind Apple's log prefix, timed with its UTC offset", () => {
	// The shape of Linphone's iOS console (linphone-iphone issue excerpt): every line carries
	// `date time+zone process[pid:thread] [Level] ` and the message's lines a tab.
	const prefix = (t: string): string =>
		`2020-03-29 01:25:05.${t}+0530 linphone[68064:1643374] [Message] `;
	const text = [
		`${prefix('125178')}Changing [client] [OPTIONS] transaction [0x60000238e560], from state [INIT] to [CALLING]`,
		`${prefix('125522')}channel [0x7fd1c33c8000]: message sent to [UDP://pbx.example.com:5060], size: [301] bytes`,
		`${prefix('125615')}\tOPTIONS sip:114@pbx.example.com SIP/2.0`,
		`${prefix('125771')}\tVia: SIP/2.0/UDP 10.0.0.2:62641;branch=z9hG4bK.wDE4Oizp6;rport`,
		`${prefix('125960')}\tFrom: <sip:856113@pbx.example.com>;tag=y1gXYgnzW`,
		`${prefix('126112')}\tTo: <sip:114@pbx.example.com>`,
		`${prefix('126356')}\tCSeq: 21 OPTIONS`,
		`${prefix('126556')}\tCall-ID: mUkzT0L8-L`,
		`${prefix('126791')}\tMax-Forwards: 70`,
		`${prefix('127015')}\tContent-Length: 0`,
		`${prefix('127223')}\t`,
		`${prefix('127400')}channel [0x7fd1c33c8000]: received [290] new bytes from [UDP://198.51.100.7:5060]:`,
		`${prefix('127500')}\tSIP/2.0 200 OK`,
		`${prefix('127600')}\tVia: SIP/2.0/UDP 10.0.0.2:62641;branch=z9hG4bK.wDE4Oizp6;rport=62641`,
		`${prefix('127700')}\tFrom: <sip:856113@pbx.example.com>;tag=y1gXYgnzW`,
		`${prefix('127800')}\tTo: <sip:114@pbx.example.com>;tag=as1`,
		`${prefix('127900')}\tCSeq: 21 OPTIONS`,
		`${prefix('128000')}\tCall-ID: mUkzT0L8-L`,
		`${prefix('128100')}\tContent-Length: 0`,
		`${prefix('128200')}\t`,
		'',
	].join('\n');
	const a = expectMessages(text, 'logcat', [
		{
			line: 2,
			start: 'OPTIONS sip:114@pbx.example.com SIP/2.0',
			callId: 'mUkzT0L8-L',
			time: '2020-03-29T01:25:05.125522+05:30',
			epochMicros: Date.UTC(2020, 2, 28, 19, 55, 5, 125) * 1000 + 522,
			dst: 'pbx.example.com:5060',
			direction: 'out',
		},
		{
			line: 12,
			start: 'SIP/2.0 200 OK',
			callId: 'mUkzT0L8-L',
			time: '2020-03-29T01:25:05.127400+05:30',
			src: '198.51.100.7:5060',
			direction: 'in',
		},
	]);
	assert.equal(a.index.requestOf(1), 0);
	assert.deepEqual(codes(a), []);
});

test("dart-sip-ua's WebSocket transport in logcat: its `::: send:` record dates the message it sent below it", () => {
	// The shape of a dart-sip-ua issue excerpt (the app's logger through Flutter's `I/flutter`).
	const p = 'I/flutter (12711): ';
	const text = [
		`${p}[2024-05-06 10:34:20.905] Level.debug websocket_interface.dart:137 ::: send()`,
		`${p}[2024-05-06 10:34:20.909] Level.debug websocket_dart_impl.dart:54 ::: send:`,
		'I/flutter (12711):',
		`${p}OPTIONS sip:alice@192.0.2.7;transport=wss SIP/2.0`,
		`${p}Via: SIP/2.0/WSS o9h1rx183d6b.invalid;branch=z9hG4bK1223115687`,
		`${p}Max-Forwards: 69`,
		`${p}To: <sip:alice@example.com>`,
		`${p}From: <sip:bob@example.com>;tag=ru8onnriu2`,
		`${p}Call-ID: 7ac43c12-6f1d`,
		`${p}CSeq: 5 OPTIONS`,
		`${p}Content-Length: 0`,
		'I/flutter (12711):',
		'',
	].join('\n');
	expectMessages(text, 'logcat', [
		{
			line: 3,
			start: 'OPTIONS sip:alice@192.0.2.7;transport=wss SIP/2.0',
			callId: '7ac43c12-6f1d',
			direction: 'out',
			time: '2024-05-06T10:34:20.909',
		},
	]);
});

test('Linphone on iOS: a record without the tab ends the message before it, which belle-sip printed without its empty line', () => {
	// The shape of a linphone-iphone issue excerpt: the 100's last header, then the channel's
	// `bytes parsed` and the transaction's records, no tab before them.
	const prefix = (t: string): string =>
		`2020-03-29 01:25:05.${t}+0530 linphone[68064:1643374] [Message] `;
	const text = [
		`${prefix('098535')}channel [0x7fd1c33c8000]: received [315] new bytes from [UDP://pbx.example.com:5060]:`,
		`${prefix('098646')}\tSIP/2.0 100 Giving a try`,
		`${prefix('098732')}\tVia: SIP/2.0/UDP 10.0.0.2:62641;received=192.0.2.2;branch=z9hG4bK.nYP0BhEiS;rport=62641`,
		`${prefix('098824')}\tFrom: "SivaK" <sip:856113@pbx.example.com>;tag=y1gXYgnzW`,
		`${prefix('098950')}\tTo: "114" <sip:114@pbx.example.com>`,
		`${prefix('099067')}\tCSeq: 20 INVITE`,
		`${prefix('099166')}\tCall-ID: mUkzT0L8-L`,
		`${prefix('099378')}\tContent-Length: 0`,
		`${prefix('100473')}channel [0x7fd1c33c8000] [315] bytes parsed`,
		`${prefix('103743')}Found transaction matching response.`,
		`${prefix('104006')}Changing [client] [INVITE] transaction [0x600002384750], from state [CALLING] to [PROCEEDING]`,
		'',
	].join('\n');
	const a = expectMessages(text, 'logcat', [
		{
			line: 1,
			start: 'SIP/2.0 100 Giving a try',
			callId: 'mUkzT0L8-L',
			src: 'pbx.example.com:5060',
			direction: 'in',
		},
	]);
	assert.deepEqual(
		a.problems.filter((p) => p.severity !== 'information').map((p) => p.code),
		[],
	);
	assert.ok(a.noise.some((n) => text.slice(n.start, n.end).includes('Found transaction')));
});

test("Android Studio's older logcat view: a message indented to its record's text column, dated by month and day", () => {
	// The shape of a linphone-android issue excerpt: the record's further lines indented by the
	// width of `MM-DD time pid-tid/package I/tag: ` (60 characters here), the next record at the
	// margin; belle-sip printed no empty line after the headers.
	const prefix = '03-27 19:55:24.130 10534-10534/org.linphone I/tag_linphone: ';
	const pad = ' '.repeat(prefix.length);
	const text = [
		`${prefix}channel [0x7f75fdd000]: received [306] new bytes from [UDP://sipproxy.example.com:25060]:`,
		`${pad}SIP/2.0 100 Trying`,
		`${pad}From: "67063135012566" <sip:67063135012566@sipproxy.example.com>;tag=cCrdPfyht`,
		`${pad}To: sip:67063135012567@sipproxy.example.com`,
		`${pad}Call-ID: m-uxh3MpvQ`,
		`${pad}Via: SIP/2.0/UDP 192.0.2.128:5060;branch=z9hG4bK.E5mCUezVL;rport=18145`,
		`${pad}CSeq: 20 INVITE`,
		'03-27 19:55:24.136 10534-10534/org.linphone I/tag_linphone: channel [0x7f75fdd000] [306] bytes parsed',
		'03-27 19:55:24.136 10534-10534/org.linphone I/tag_linphone: Found transaction matching response.',
		'',
	].join('\n');
	const a = expectMessages(text, 'bellesip', [
		{
			line: 1,
			start: 'SIP/2.0 100 Trying',
			callId: 'm-uxh3MpvQ',
			time: '--03-27T19:55:24.130',
			src: 'sipproxy.example.com:25060',
			direction: 'in',
		},
	]);
	assert.equal(a.messages[0]!.cseq?.seq, 20);
	assert.deepEqual(
		a.problems.filter((p) => p.severity !== 'information').map((p) => p.code),
		[],
	);
});

test('logcat a page double-spaced (an empty line without the stamp after every record): read without those lines', () => {
	// The shape of a linphone-android issue excerpt: Linphone's 200 Ok re-sent, each record of
	// `adb logcat` followed by an empty line the page added; the log's own empty line of the
	// message is a record with nothing after its tag.
	const stamp = '09-01 16:13:30.753 10736 10736 I tag_linphone: ';
	const records = [
		'channel [0x7f74102000]: message sent to [UDP://192.0.2.249:5060], size: [306] bytes',
		'SIP/2.0 200 Ok',
		'Via: SIP/2.0/UDP 192.0.2.249:5060;branch=z9hG4bK.hFpkK8MZy;rport',
		'From: <sip:outdoor@192.0.2.202>;tag=3pBc1',
		'To: <sip:outdoor@192.0.2.202>;tag=wuMerVb',
		'Call-ID: Q6ZhVynhLB',
		'CSeq: 20 INVITE',
		'Contact: <sip:indoor@192.0.2.10>',
		'Content-Length: 0',
		'',
		'channel [0x7f74102000]: message sent',
	];
	const text = records.map((r) => `${stamp}${r}\n\n`).join('');
	const a = expectMessages(text, 'logcat', [
		{
			line: 2,
			start: 'SIP/2.0 200 Ok',
			callId: 'Q6ZhVynhLB',
			time: '--09-01T16:13:30.753',
			dst: '192.0.2.249:5060',
			direction: 'out',
		},
	]);
	assert.equal(a.messages[0]!.cseq?.seq, 20);
	assert.deepEqual(
		a.problems.filter((p) => p.severity !== 'information').map((p) => p.code),
		[],
	);
});

test("Android Studio's Logcat columns (2022 on), a record's further lines indented to its text: belle-sip's message read below its record", () => {
	// The shape of a linphone-android issue excerpt (an app's `SIPModule` tag): the record's
	// further lines indented to the text column (100 characters), no prefix on them, so logcat's
	// rules find nothing and belle-sip's read the message.
	const prefix =
		'2023-12-20 15:25:28.807 19583-19583 SIPModule               com.koala.beta_dev                   I  ';
	const pad = ' '.repeat(prefix.length);
	// Most of its lines are records (the prefix at the margin): logcat's shape, by the lines.
	const text = [
		`${prefix}[Core Manager] Device orientation is 0 (raw value is 0)`,
		`${prefix}bellesip_wake_lock_acquire(): Android wake lock [belle-sip recv channel] acquired [ref=0x4006]`,
		`${prefix}bellesip_wake_lock_acquire(): cast long of wakelock 16390`,
		`${prefix}channel [0xb40000778ee7e040]: starting recv background task with id=[4006].`,
		`${prefix}channel [0xb40000778ee7e040]: received [299] new bytes from [UDP://sbc6.example.net:5060]:`,
		`${pad}SIP/2.0 100 Trying`,
		`${pad}Call-ID: pbBdcXmd53`,
		`${pad}CSeq: 20 INVITE`,
		`${pad}From: <sip:alice@example.net>;tag=1Q9mD`,
		`${pad}To: <sip:0033123456789@example.net>`,
		`${pad}Via: SIP/2.0/UDP 192.0.2.10:41794;branch=z9hG4bK.Aa1;rport=41794`,
		`${prefix}channel [0xb40000778ee7e040] [299] bytes parsed`,
		`${prefix}Found transaction matching response.`,
		'',
	].join('\n');
	expectMessages(text, 'bellesip', [
		{
			line: 5,
			start: 'SIP/2.0 100 Trying',
			callId: 'pbBdcXmd53',
			time: '2023-12-20T15:25:28.807',
			src: 'sbc6.example.net:5060',
			direction: 'in',
		},
	]);
});

test("Android Studio's Logcat columns (2022 on): the headers are read behind the tag, package and priority", () => {
	// The shape of two issue excerpts (linphone-android #2059, an app's `SIPModule` tag;
	// pjproject #3710, pjsua2 through `System.out`): date, time, pid-tid, then the tag and the
	// package padded to columns, the priority and two spaces. An empty line of the message keeps
	// the priority; a copy may cut it off after the package.
	const at = (t: string, rest: string): string =>
		`2023-12-20 15:25:29.${t} 19583-19583 SIPModule               com.koala.beta_dev                   I  ${rest}`;
	const text = [
		at('818', 'Found transaction matching response.'),
		at(
			'819',
			'channel [0xb40000778ee7e040]: message sent to [UDP://sbc6.fr.sip.ovh:5060], size: [317] bytes',
		),
		at('819', 'OPTIONS sip:0033972190812@sbc6.fr.sip.ovh SIP/2.0'),
		at('819', 'Via: SIP/2.0/UDP 192.168.152.156:59090;branch=z9hG4bK.eV99dguZp;rport'),
		at('819', 'Call-ID: pbBdcXmd53'),
		at('819', 'From: <sip:33972190812@sbc6.fr.sip.ovh>;tag=Tn3ZmBcN6'),
		at('819', 'To: <sip:0033972190812@sbc6.fr.sip.ovh>'),
		at('819', 'CSeq: 20 OPTIONS'),
		at('819', 'Max-Forwards: 70'),
		at('819', 'Content-Length: 0'),
		at('819', ''),
		at('830', 'channel [0xb40000778ee7e040] [301] bytes parsed'),
		'2023-12-20 15:25:29.831 19583-19583 System.out              com.koala.beta_dev                   I  SIP/2.0 200 OK',
		'2023-12-20 15:25:29.831 19583-19583 System.out              com.koala.beta_dev                   I  Via: SIP/2.0/UDP 192.168.152.156:59090;branch=z9hG4bK.eV99dguZp;rport=59090',
		'2023-12-20 15:25:29.831 19583-19583 System.out              com.koala.beta_dev                   I  Call-ID: pbBdcXmd53',
		'2023-12-20 15:25:29.831 19583-19583 System.out              com.koala.beta_dev                   I  From: <sip:33972190812@sbc6.fr.sip.ovh>;tag=Tn3ZmBcN6',
		'2023-12-20 15:25:29.831 19583-19583 System.out              com.koala.beta_dev                   I  To: <sip:0033972190812@sbc6.fr.sip.ovh>;tag=as7d',
		'2023-12-20 15:25:29.831 19583-19583 System.out              com.koala.beta_dev                   I  CSeq: 20 OPTIONS',
		'2023-12-20 15:25:29.831 19583-19583 System.out              com.koala.beta_dev                   I  Content-Length: 0',
		'2023-12-20 15:25:29.831 19583-19583 System.out              com.koala.beta_dev',
		'',
	].join('\n');
	const a = expectMessages(text, 'logcat', [
		{
			line: 2,
			start: 'OPTIONS sip:0033972190812@sbc6.fr.sip.ovh SIP/2.0',
			callId: 'pbBdcXmd53',
			time: '2023-12-20T15:25:29.819',
			dst: 'sbc6.fr.sip.ovh:5060',
			direction: 'out',
		},
		{ line: 12, start: 'SIP/2.0 200 OK', callId: 'pbBdcXmd53', time: '2023-12-20T15:25:29.831' },
	]);
	assert.equal(a.index.requestOf(1), 0);
	assert.deepEqual(codes(a), []);
});

// --- Cisco IOS / CUBE `debug ccsip messages` -----------------------------------------------------

const codes = (a: Analysis): string[] => a.problems.map((p) => p.code);

excerptTests([
	{
		title:
			'Cisco CUBE debug ccsip (sequence numbers, dated records): each record line opens a message with its time and direction',
		file: 'cisco-cube-debug-ccsip-all-notify-200.txt',
		format: 'ccsip',
		messages: [
			{
				line: 6,
				start: 'NOTIFY sip:9999@192.168.106.66:5060 SIP/2.0',
				callId: '87C4CAE-115E11E2-8184AAE4-EF882E8F@192.168.253.1',
				time: '--10-09T15:37:24.577',
				direction: 'out',
			},
			{
				line: 20,
				start: 'SIP/2.0 200 Ok',
				callId: '87C4CAE-115E11E2-8184AAE4-EF882E8F@192.168.253.1',
				time: '--10-09T15:37:24.593',
				direction: 'in',
			},
		],
		more: (text, a) => {
			// The record line and `Sent:` are the NOTIFY's metadata; the next record is not its body.
			const notify = a.messages[0]!;
			assert.equal(
				text.slice(notify.frame.meta!.start, notify.frame.meta!.end),
				'001756: Oct  9 15:37:24.577: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\nSent:\n',
			);
			assert.ok(!text.slice(notify.frame.sip.start, notify.frame.sip.end).includes('001763'));
			assert.ok(!text.slice(notify.frame.span.start, notify.frame.span.end).includes('001763'));
			assert.ok(!a.problems.some((p) => p.message.includes('octets follow')));
			// The debug leaves the 4-octet telephone-event body out: said, not an error.
			const length = a.problems.filter((p) => p.code === 'content-length.mismatch');
			assert.deepEqual(
				length.map((p) => p.severity),
				['information'],
			);
			assert.equal(notify.body, null);
			// The binary-body records of `debug ccsip all` are log text.
			const noise = a.noise.map((n) => text.slice(n.start, n.end)).join('');
			assert.match(noise, /sipDisplayBinaryData/);
			assert.match(noise, /Content-Type: audio\/telephone-event 07 00 07 D0/);
			// The 200 keeps its headers after Content-Length (Allow-Events), up to the end.
			assert.equal(a.messages[1]!.header('allow-events') !== undefined, true);
		},
	},
	{
		title:
			'Cisco IOS debug ccsip messages with uptime stamps: SDP glued to the headers ends at the next record',
		file: 'cisco-ios-debug-ccsip-messages-invite-100.txt',
		format: 'ccsip',
		messages: [
			{
				line: 3,
				start: 'INVITE sip:78002@csps-release.example1.com:5060 SIP/2.0',
				callId: 'DBAC09D2-6DF111D6-8011CA07-21C8AF3B@192.168.1.174',
				time: '00:11:29',
				epochMicros: null,
				direction: 'out',
			},
			{
				line: 36,
				start: 'SIP/2.0 100 Trying',
				callId: 'DBAC09D2-6DF111D6-8011CA07-21C8AF3B@192.168.1.174',
				time: '00:11:29',
				direction: 'in',
			},
		],
		more: (text, a) => {
			const invite = a.messages[0]!;
			assert.match(text.slice(invite.frame.sip.start, invite.frame.sip.end), /a=ptime:20\n$/);
			// The router prompt is log text.
			assert.equal(
				text.slice(a.noise[0]!.start, a.noise[0]!.end),
				'Router# debug ccsip messages\n',
			);
		},
	},
]);

const ciscoResponse = (status: string): string =>
	[
		status,
		'Via: SIP/2.0/UDP 172.16.1.200:5060;branch=z9hG4bK458cd88b',
		'From: "Phil" <sip:2000@172.16.1.200>;tag=as4089f67b',
		'To: <sip:1000@10.0.0.1:5060>;tag=1',
		'Call-ID: c1@172.16.1.200',
		'CSeq: 102 INVITE',
		'Content-Length: 0',
	].join('\n');

test('Cisco debug ccsip: the record shapes of every timestamp setting, and other records, end and open messages', () => {
	const invite = [
		'INVITE sip:1000@10.0.0.1:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 172.16.1.200:5060;branch=z9hG4bK458cd88b',
		'Max-Forwards: 70',
		'From: "Phil" <sip:2000@172.16.1.200>;tag=as4089f67b',
		'To: <sip:1000@10.0.0.1:5060>',
		'Call-ID: c1@172.16.1.200',
		'CSeq: 102 INVITE',
		'Contact: <sip:2000@172.16.1.200:5060>',
		'Content-Type: application/sdp',
		'Content-Length: 27',
		'',
		'v=0',
		'o=- 1 1 IN IP4 1.2.3.4',
	].join('\n');
	const text = [
		'cisco-router#',
		// `service timestamps debug datetime msec`, the day of the month with one space.
		'Jan 7 17:47:15.550: //-1/xxxxxxxxxxxx/SIP/Transport/sipTransportProcessNWNewConnMsg: context=0x0',
		'Jan 7 17:47:15.550: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:',
		'Received:',
		invite,
		// Another debug record right after the body: the body is not cut by it, nor runs on.
		'Jan 7 17:47:15.554: //-1/xxxxxxxxxxxx/SIP/Info/ccsip_process_sipspi_queue_event: ccsip_spi_get_msg_type returned: 2 for event 1',
		// Clock not in sync, with the year and the zone (`... year show-timezone`).
		'*Mar  1 2002 00:04:34.123 UTC: //4296/4A69C33B9585/SIP/Msg/ccsipDisplayMsg:',
		'Sent: ',
		ciscoResponse('SIP/2.0 100 Trying'),
		'',
		// `no service timestamps`, `Sent: ` with a trailing space, as Cisco's KPML samples show.
		'//-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:',
		'Sent: ',
		ciscoResponse('SIP/2.0 180 Ringing'),
		// Uptime past a day: no time of day.
		'1d02h: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:',
		'Sent:',
		ciscoResponse('SIP/2.0 200 OK'),
		// A syslog-style record with a zone, after a message without a blank line.
		'Dec  1 07:44:25.206 CST: %ISDN-6-CONNECT: Interface Serial0/0/1:0 is now connected to 13098313400 N/A',
		'',
	].join('\n');
	const a = expectMessages(text, 'ccsip', [
		{
			line: 4,
			start: 'INVITE sip:1000@10.0.0.1:5060 SIP/2.0',
			time: '--01-07T17:47:15.550',
			direction: 'in',
		},
		{
			line: 20,
			start: 'SIP/2.0 100 Trying',
			time: '2002-03-01T00:04:34.123',
			epochMicros: Date.UTC(2002, 2, 1, 0, 4, 34, 123) * 1000,
			direction: 'out',
		},
		{ line: 30, start: 'SIP/2.0 180 Ringing', time: null, direction: 'out' },
		{ line: 39, start: 'SIP/2.0 200 OK', time: null, direction: 'out' },
	]);
	const body = a.messages[0]!.body!;
	assert.equal(text.slice(body.start, body.end), 'v=0\no=- 1 1 IN IP4 1.2.3.4\n');
	assert.deepEqual(
		codes(a).filter((c) => c.startsWith('content-length') || c.startsWith('header.malformed')),
		[],
	);
	const noise = a.noise.map((n) => text.slice(n.start, n.end)).join('');
	assert.match(noise, /SIP\/Info\/ccsip_process_sipspi_queue_event/);
	assert.match(noise, /%ISDN-6-CONNECT/);

	// Pasted double-spaced (an empty line after every line), as Cisco's pages often are.
	const spaced = text.replace(/\n/g, '\n\n');
	const b = analyzeTrace(spaced);
	assert.equal(b.format, 'ccsip');
	assert.deepEqual(
		b.messages.map((m) => [m.method ?? m.status, m.frame.direction, m.frame.time]),
		[
			['INVITE', 'in', '--01-07T17:47:15.550'],
			[100, 'out', '2002-03-01T00:04:34.123'],
			[180, 'out', null],
			[200, 'out', null],
		],
	);
	coversAll(spaced, b);
});

test('Cisco debug ccsip: an excerpt that starts at `Sent:` still gives the direction', () => {
	const text = `Sent: \n${ciscoResponse('SIP/2.0 200 OK')}\n//-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\nReceived: \n${ciscoResponse('SIP/2.0 183 Session Progress')}\n`;
	const a = analyzeTrace(text, { format: 'ccsip' });
	assert.deepEqual(
		a.messages.map((m) => [m.status, m.frame.direction]),
		[
			[200, 'out'],
			[183, 'in'],
		],
	);
	coversAll(text, a);
});

// --- start lines glued after a logger's tag -------------------------------------------------------

excerptTests([
	{
		title:
			'AudioCodes syslog record with the start line glued after its tag: the request is read, the announcing record gives peer and time',
		file: 'audiocodes-pastash-publish.txt',
		format: 'raw',
		messages: [
			{
				line: 5,
				start:
					'PUBLISH sip:+48605555483@93.177.90.248:48083;transport=udp;rinstance=804af2bc01e56fe2 SIP/2.0',
				callId: '23882985113122024123818@192.168.3.250',
				// `[Time:13-12@12:38:18.492]`: day, then month (the poster's relay dated it 13 Dec).
				time: '--12-13T12:38:18.492',
				src: null,
				dst: '192.168.3.115:48083',
				direction: 'out',
				transport: 'UDP',
			},
		],
		more: (text, a) => {
			const m = a.messages[0]!;
			assert.equal(m.event?.package, 'presence');
			assert.ok(!codes(a).includes('message.malformed-start-line'));
			assert.equal(
				text.slice(m.frame.meta!.start, m.frame.meta!.end),
				'DEBUG <157>[S=2469] [SID=665997:5:29]  ',
			);
		},
	},
	{
		title:
			'SIPml5 console: `SEND: ` and `recv=` glued before the start lines, direction from the tag',
		file: 'sipml5-console-send-recv.txt',
		format: 'raw',
		messages: [
			{
				line: 12,
				start: 'REGISTER sip:50.62.131.23 SIP/2.0',
				callId: 'fc9ec276-9090-9e06-976c-6036dd570f39',
				direction: 'out',
			},
			{ line: 33, start: 'SIP/2.0 200 OK', direction: 'in' },
		],
		more: (text, a) => {
			assert.equal(a.messages[0]!.cseq?.seq, 33703);
			// The console's source links and the tail of the 401 the excerpt starts in are log text.
			const noise = a.noise.map((n) => text.slice(n.start, n.end)).join('');
			assert.match(noise, / SIPml-api\.js:1\n/);
			assert.match(noise, /^```\nContent-Length: 0\n/);
		},
	},
	{
		title:
			'SIP.js console: the line announcing each message gives its direction and time (Date.toString(), with its UTC offset)',
		file: 'sipjs-console-subscribe-presence-dated.txt',
		format: 'raw',
		messages: [
			{
				line: 10,
				start: 'SUBSCRIBE sip:1001@sip.vpn SIP/2.0',
				callId: 'djvtkembavt7mps0ru5k',
				direction: 'out',
				time: '2021-05-05T21:10:41-07:00',
				epochMicros: Date.UTC(2021, 4, 6, 4, 10, 41) * 1000,
			},
			{ line: 31, start: 'SIP/2.0 200 OK', direction: 'in', time: '2021-05-05T21:10:41-07:00' },
		],
		more: (text, a) => {
			// The console lines stay log text; a message with no such line above it says nothing.
			assert.ok(a.noise.some((n) => text.slice(n.start, n.end).includes('| sip.transport |')));
			const bare = text.replace(/^sip-0\.11\.6.*\n/gm, 'Some other log line\n');
			const b = analyzeTrace(bare);
			assert.deepEqual(
				b.messages.map((m) => [m.frame.direction, m.frame.time]),
				[
					[null, null],
					[null, null],
				],
			);
		},
	},
]);

const jssipCallId = '4a5259df388e2e324572922a5c7d547e@10.10.3.60:5060';

excerptTests([
	{
		title:
			"JsSIP console: a start line glued after `received text message:` / `sending message:` behind the console's source link",
		file: 'jssip-console-glued-invite-100-180.txt',
		format: 'raw',
		messages: [
			{
				line: 1,
				start: 'INVITE sip:gvom3690@n5j0ubmaa14c.invalid;transport=ws SIP/2.0',
				callId: jssipCallId,
				direction: 'in',
			},
			{ line: 44, start: 'SIP/2.0 100 Trying', callId: jssipCallId, direction: 'out' },
			{ line: 62, start: 'SIP/2.0 180 Ringing', callId: jssipCallId, direction: 'out' },
		],
		more: (text, a) => {
			assert.equal(a.index.requestOf(1), 0);
			// The debug module's `+32s` after the SDP is not the body's.
			assert.ok(a.noise.some((n) => text.slice(n.start, n.end).startsWith('+32s\n')));
		},
	},
	{
		title:
			'dart-sip-ua in logcat: its `received text message:` line (with a row of `=>`) times the message below it',
		file: 'dart-sip-ua-logcat-brief-401-arrows.txt',
		format: 'logcat',
		messages: [
			{
				line: 4,
				start: 'SIP/2.0 401 Unauthorized',
				callId: 'xm3r5esxtipwb8uixja4',
				direction: 'in',
				time: '2020-02-19T10:51:24.692',
			},
		],
	},
	{
		title:
			'a message pasted as Markdown inline code: the backtick before the start line is not part of the method',
		file: 'sipjs-inline-code-subscribe-202.txt',
		format: 'raw',
		messages: [
			{ line: 4, start: 'SUBSCRIBE sip:1011@192.168.10.1 SIP/2.0', callId: '7f897lg1unplj6hqbnef' },
			{ line: 20, start: 'SIP/2.0 202 Accepted', callId: '7f897lg1unplj6hqbnef' },
		],
		more: (_text, a) => {
			assert.equal(a.messages[0]!.method, 'SUBSCRIBE');
			assert.equal(a.index.requestOf(1), 0);
			assert.ok(!a.problems.some((p) => p.code === 'cseq.method-mismatch'));
		},
	},
	{
		title: 'a trace quoted in Markdown (`> ` before every line) is read without the quote markers',
		file: 'sipml5-blockquote-recv-notify.txt',
		format: 'raw',
		messages: [
			{
				line: 0,
				start:
					'NOTIFY sips:3304@df7jal23ls0d.invalid;rtcweb-breaker=no;click2call=no;transport=wss SIP/2.0',
				callId: 'fe3536f6-4862-9d89-3087-83ddaef00431',
				direction: 'in',
			},
		],
		more: (text, a) => {
			const m = a.messages[0]!;
			assert.equal(m.event?.package, 'presence');
			assert.equal(m.subscriptionState?.state, 'active');
			for (const h of m.headers) assert.notEqual(text[h.name.start - 1], '>');
			assert.ok(!codes(a).some((c) => c.startsWith('header.malformed')));

			// Quoted with `>` alone on the empty line between headers and body, and quoted twice.
			const message = [
				'SIP/2.0 200 OK',
				'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1',
				'From: <sip:a@example.com>;tag=1',
				'To: <sip:b@example.com>;tag=2',
				'Call-ID: q1',
				'CSeq: 1 MESSAGE',
				'Content-Type: text/plain',
				'Content-Length: 5',
				'',
				'hello',
			];
			for (const quote of ['> ', '> > ']) {
				const quoted = message.map((l) => (l ? `${quote}${l}` : quote.trimEnd())).join('\n') + '\n';
				const q = analyzeTrace(quoted);
				assert.equal(q.messages.length, 1, quote);
				assert.equal(quoted.slice(q.messages[0]!.body!.start, q.messages[0]!.body!.end), 'hello');
				assert.ok(!codes(q).some((c) => c.startsWith('content-length')), codes(q).join());
				coversAll(quoted, q);
			}
		},
	},
	{
		title:
			'JavaForce log: a start line glued after `[2023/11/10 13:22:59] ` is dated by it (year first, with slashes)',
		file: 'javaforce-message-im-asterisk-error.txt',
		format: 'raw',
		messages: [
			{
				line: 1,
				start: 'MESSAGE im:301@192.168.1.211:5060 SIP/2.0',
				time: '2023-11-10T13:22:59',
				epochMicros: Date.UTC(2023, 10, 10, 13, 22, 59) * 1000,
			},
			// The same message as Asterisk's pjproject printed it after its parse error, which
			// gives its time (Asterisk's clock, an hour behind the phone's), peer and transport.
			{
				line: 19,
				start: 'MESSAGE im:301@192.168.1.211:5060 SIP/2.0',
				time: '2023-11-10T12:22:58',
				src: '192.168.1.240:5061',
				transport: 'UDP',
				direction: 'in',
			},
		],
	},
	{
		title:
			"chan_sip debug posted to a mailing list: the mail's space-stuffed ` From:` is the From header, not a fold of Max-Forwards",
		file: 'chan-sip-mail-flowed-register-401.txt',
		format: 'chanSip',
		messages: [
			{ line: 4, start: 'REGISTER sip:sip.sg.didlogic.net SIP/2.0', direction: 'out' },
			{ line: 26, start: 'SIP/2.0 401 Unauthorized', direction: 'in' },
			{ line: 45, start: 'REGISTER sip:sip.sg.didlogic.net SIP/2.0', direction: 'out' },
		],
		more: (text, a) => {
			for (const m of a.messages) {
				assert.equal(m.from?.tag, 'as6df6d977');
				const maxForwards = m.header('max-forwards')?.value;
				if (maxForwards) assert.equal(text.slice(maxForwards.start, maxForwards.end), '70');
			}
			assert.equal(a.index.requestOf(1), 0);
			assert.equal(a.index.challengeOf(2), 1);
			// What the mail did is said, and nothing else: its 72-column wrapping once per header it
			// wrapped (Authorization over four lines, the 401's Via over two), over all its lines,
			// and the space it put before each From (information).
			assert.deepEqual(
				a.problems.map((p) => [p.code, lineOf(text, p.span.start), lineOf(text, p.span.end)]),
				[
					['header.malformed', 7, 7],
					['header.wrapped', 14, 17],
					['header.wrapped', 28, 29],
					['header.malformed', 30, 30],
					['header.wrapped', 32, 32],
					['header.wrapped', 36, 36],
					['header.malformed', 48, 48],
					['header.wrapped', 55, 58],
				],
			);
			assert.ok(
				a.problems
					.filter((p) => p.code === 'header.malformed')
					.every((p) => p.severity === 'information' && /RFC 3676 §4\.4/.test(p.message)),
			);
		},
	},
	{
		title:
			'JsSIP console: the log lines after a body whose length a redacted address changed, and after a message with neither Content-Length nor Content-Type, are not its body',
		file: 'jssip-console-notify-mwi-405.txt',
		format: 'raw',
		messages: [
			{ line: 0, start: 'NOTIFY sip:1062@124.84.61.31;transport=ws SIP/2.0', direction: null },
			{ line: 20, start: 'SIP/2.0 405 Method Not Allowed', direction: 'out' },
		],
		more: (text, a) => {
			const [notify, refused] = a.messages;
			// `50.10.W.W` is shorter than the address Content-Length counted: the body ends at the
			// empty line after it, and the mismatch is said as the mask's, not judged.
			assert.equal(
				text.slice(notify!.body!.start, notify!.body!.end).trimEnd(),
				'Messages-Waiting: no\nMessage-Account: sip:asterisk@50.10.W.W;transport=WS\nVoice-Message: 0/0 (0/0)',
			);
			// The 405 has neither Content-Length nor Content-Type (RFC 3261 §20.15): no body.
			assert.equal(refused!.body, null);
			const noise = a.noise.map((n) => text.slice(n.start, n.end));
			assert.ok(noise.some((n) => n.startsWith('jssip-0.1.0.js:614\n')));
			assert.ok(noise.some((n) => n.startsWith('jssip-0.1.0.js:497\n')));
			const length = a.problems.filter((p) => /^(content-length|body)\./.test(p.code));
			assert.deepEqual(
				length.map((p) => p.code),
				['content-length.mismatch'],
			);
			assert.equal(length[0]!.severity, 'information');
			assert.match(length[0]!.message, /Content-Length is 106; .*masked .*\(`50\.10\.W\.W`\)/);
		},
	},
]);

test('no false start lines: a log line naming a request, a quote on a few lines, an extension method', () => {
	const message = [
		'OPTIONS sip:b@example.com SIP/2.0',
		'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1',
		'From: <sip:a@example.com>;tag=1',
		'To: <sip:b@example.com>',
		'Call-ID: n1',
		'CSeq: 1 OPTIONS',
		'Content-Length: 0',
		'',
	].join('\n');
	const text = [
		// Log lines that name a request or a response, not followed by headers.
		'2024-01-15 10:20:30,123 INFO dialog: got INVITE sip:bob@example.com SIP/2.0',
		'2024-01-15 10:20:30,124 INFO dialog: answered with SIP/2.0 486 Busy Here',
		'> a quoted remark',
		message,
		// An extension method with a dash stays whole.
		'X-FOO sip:b@example.com SIP/2.0',
		'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK2',
		'Call-ID: n2',
		'CSeq: 2 X-FOO',
		'Content-Length: 0',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [lineOf(text, m.startLine.start), m.method ?? m.status]),
		[
			[3, 'OPTIONS'],
			[11, 'X-FOO'],
		],
	);
	assert.equal(a.messages[0]!.frame.meta, null);
	coversAll(text, a);
});

test('a glued start line ends the message before it when no Content-Length does', () => {
	const text = [
		'SEND: MESSAGE sip:b@example.com SIP/2.0',
		'Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK1',
		'From: <sip:a@example.com>;tag=1',
		'To: <sip:b@example.com>',
		'Call-ID: g1',
		'CSeq: 1 MESSAGE',
		'Content-Type: text/plain',
		'',
		'hello',
		'recv=SIP/2.0 200 OK',
		'Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK1',
		'Call-ID: g1',
		'CSeq: 1 MESSAGE',
		'Content-Length: 0',
		'',
	].join('\n');
	const a = expectMessages(text, 'raw', [
		{ line: 0, start: 'MESSAGE sip:b@example.com SIP/2.0', direction: 'out' },
		{ line: 9, start: 'SIP/2.0 200 OK', direction: 'in' },
	]);
	assert.equal(text.slice(a.messages[0]!.body!.start, a.messages[0]!.body!.end), 'hello\n');
});

test('a start line behind a log prefix on every line is read when the next line has a header behind the same prefix', () => {
	// Linphone on iOS prefixes every line: `<date time+zone> linphone[pid:tid] [Message] <TAB>`.
	const prefix = (n: number): string =>
		`2020-03-29 01:25:05.12${String(5000 + n).slice(1)}+0530 linphone[68064:1643374] [Message] \t`;
	const lines = [
		'Changing [client] [INVITE] transaction [0x60000238e560], from state [INIT] to [CALLING]',
		'INVITE sip:114@pbx.example.com SIP/2.0',
		'Via: SIP/2.0/UDP 10.0.0.2:62641;branch=z9hG4bK.wDE4Oizp6;rport',
		'Call-ID: mUkzT0L8-L',
	];
	const text = lines.map((l, n) => `${prefix(n)}${l}\n`).join('');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [lineOf(text, m.startLine.start), m.method]),
		[[1, 'INVITE']],
	);
	// Apple's log writes the UTC offset glued to the time, without a colon: it is read.
	assert.equal(a.messages[0]!.frame.time, '2020-03-29T01:25:05.12001+05:30');
	assert.equal(
		a.messages[0]!.frame.epochMicros,
		Date.parse('2020-03-28T19:55:05.120Z') * 1000 + 10,
	);
	coversAll(text, a);
	// The same request named by a log line, with other log text after it: no message.
	const named = `${prefix(0)}sending INVITE sip:114@pbx.example.com SIP/2.0\n${prefix(1)}Changing state: [CALLING]\n`;
	assert.equal(analyzeTrace(named).messages.length, 0);
});

excerptTests([
	{
		title:
			"ngrep -W byline quoted without its `U a -> b` line: the trailing `.` that stands for each CR is ngrep's, not the message's",
		file: 'ngrep-byline-quoted-no-packet-line-200.txt',
		format: 'raw',
		messages: [
			{ line: 2, start: 'SIP/2.0 200 OK', callId: '61b02552-5429af26-caac511@213.170.84.105' },
		],
		more: (_text, a) => {
			const ok = a.messages[0]!;
			assert.equal(ok.contentLength, 0);
			assert.deepEqual([ok.cseq?.seq, ok.cseq?.method], [1, 'OPTIONS']);
			assert.equal(ok.from?.tag, 'uloc-591da6eb-7745-005a02-3b80aa86-565d0154');
			// Only what an excerpt without its request has to say.
			assert.deepEqual(codes(a), ['response.no-request']);
			// Where no start line ends in `.`, a header's own final dot stays.
			const plain = analyzeTrace(
				'OPTIONS sip:a@example.com SIP/2.0\nVia: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\nCall-ID: x@h.example.\nCSeq: 1 OPTIONS\n',
			);
			assert.equal(plain.messages[0]!.callId, 'x@h.example.');
		},
	},
]);

excerptTests([
	{
		title:
			'JAIN-SIP log pasted with a space after each `^M`: the CR marks are still dropped, and the NOTIFY is found',
		file: 'jainsip-caret-m-space-notify.txt',
		format: 'raw',
		messages: [
			{
				line: 0,
				start: 'NOTIFY sip:cm-resubscribe@av.com SIP/2.0',
				callId: 'dbe099deeadf41e5af88050568bed24',
			},
		],
		more: (text, a) => {
			const notify = a.messages[0]!;
			assert.equal(notify.contentLength, 0);
			assert.equal(notify.subscriptionState?.state, 'terminated');
			// What the post is about (no Event, RFC 6665 §8.2.1) is said; nothing of the `^M`.
			assert.ok(codes(a).includes('event.missing'));
			assert.ok(!codes(a).some((c) => c.startsWith('header.') || c.startsWith('content-length')));
			// The exception after the empty line is log text, not a body.
			assert.equal(notify.body, null);
			assert.ok(text.includes('TransactionUnavailableException'));
		},
	},
]);

excerptTests([
	{
		title:
			'a document that indents some messages and not others: each indented message has its own indentation taken off',
		file: 'ngrep-byline-book-mixed-indent-invite-bye.txt',
		format: 'raw',
		messages: [
			{
				line: 2,
				start: 'INVITE sip:carol@kamailio.lab SIP/2.0',
				callId: 'vRtGVfXTzMK.AwgiT2F3JCxv3OR2tWtI',
			},
			{ line: 18, start: 'SIP/2.0 200 OK', callId: 'vRtGVfXTzMK.AwgiT2F3JCxv3OR2tWtI' },
			{
				line: 39,
				start: 'BYE sip:carol@192.168.178.47:39150;ob SIP/2.0',
				callId: 'vRtGVfXTzMK.AwgiT2F3JCxv3OR2tWtI',
			},
			{ line: 49, start: 'SIP/2.0 200 OK', callId: 'vRtGVfXTzMK.AwgiT2F3JCxv3OR2tWtI' },
		],
		more: (text, a) => {
			const [invite, ok] = a.messages;
			assert.deepEqual(
				[invite!.cseq?.seq, invite!.contentLength, ok!.contentLength],
				[15991, 348, 300],
			);
			// The indented INVITE's headers are read (its Via, its body type); the 200 ends before
			// the prose the document goes on with, which is log text.
			assert.equal(invite!.vias[0]?.sentBy, '192.168.178.46:35052');
			assert.equal(invite!.contentType, 'application/sdp');
			assert.ok(!text.slice(ok!.frame.span.start, ok!.frame.span.end).includes('Lorsque'));
			// What is left is what the extraction did (To joined to the From line, read as the two
			// headers, and the From tag without the `.` of the lost CR; the SDP bodies left out, as
			// the document says: their Content-Length announces octets the text does not hold) and
			// responses seen at another hop than their requests.
			assert.deepEqual([...new Set(codes(a))].sort(), [
				'content-length.mismatch',
				'header.joined',
				'response.no-request',
			]);
			assert.deepEqual(
				[invite!.to?.uri, invite!.from?.tag],
				['sip:carol@kamailio.lab', 'SvS155QzhrmDG3rG7IWOxLbXxsyZL6pC'],
			);
			// The first INVITE's 200 follows its empty line: the copy left that body out; after the
			// second comes the document's French prose in the body's place: left out too.
			assert.deepEqual(
				a.problems
					.filter((p) => p.code === 'content-length.mismatch')
					.map((p) => [p.severity, p.message]),
				[
					[
						'information',
						'Content-Length is 348, and the next message starts right after the empty line that ends the headers: the copy left the body out.',
					],
					[
						'information',
						"Content-Length is 300, but the page's text follows the headers, not the body their Content-Type announces: the copy left the body out.",
					],
				],
			);
		},
	},
]);

// --- SIPp, Wireshark/tshark, ngrep and tcpdump as posted in public ------------------------------

excerptTests([
	{
		title:
			"SIPp -trace_msg over TCP (SIPp 3.6's time with a space): the ACK above the excerpt's first record, then `TCP message received [825] bytes :`",
		file: 'sipp-trace-msg-tcp-ack-200.txt',
		format: 'sipp',
		messages: [
			{
				line: 0,
				start: 'ACK sip:6505550287@default.svc.cluster.local:5060 SIP/2.0',
				callId: '1-2246@172.18.0.3',
				time: null,
				transport: null,
			},
			{
				line: 14,
				start: 'SIP/2.0 200 OK',
				callId: '1-2246@172.18.0.3',
				time: '2019-08-17T16:28:42.417383',
				src: null,
				dst: null,
				direction: 'in',
				transport: 'TCP',
			},
		],
		more: (_text, a) => {
			const [ack, ok] = a.messages;
			assert.deepEqual([ack!.cseq?.method, ok!.cseq?.method], ['ACK', 'INVITE']);
			assert.equal(ok!.vias[0]?.branch, 'z9hG4bK-2246-1-8');
			// The excerpt ends inside the 200's headers, and its INVITE is not in it.
			assert.deepEqual(codes(a).sort(), ['message.truncated', 'response.no-request']);
		},
	},
	{
		title:
			"SIPp 3.3's console error (`Discarding message which can't be mapped to a known SIPp call:`) between the poster's dashes: the SDP body ends before the `Error end` line its length runs into",
		file: 'sipp-console-error-discarding-200.txt',
		// The page turned the record's tabs into spaces: still SIPp's record, which dates it.
		format: 'sippErrors',
		messages: [
			{ line: 2, start: 'SIP/2.0 200 OK', callId: 'SIPP1', time: '2020-10-09T09:38:46.486' },
		],
		more: (text, a) => {
			const ok = a.messages[0]!;
			assert.equal(ok.contentType, 'application/sdp');
			assert.equal(ok.contentLength, 167);
			// The poster's addresses no longer fill 167 octets: the length runs two octets into the
			// dashes, which are the poster's, not the body's.
			const sip = text.slice(ok.frame.sip.start, ok.frame.sip.end);
			assert.ok(sip.trimEnd().endsWith('a=rtpmap:101 telephone-event/8000'));
			assert.ok(text.slice(ok.frame.sip.end).startsWith('-----'));
			assert.deepEqual(codes(a).sort(), ['content-length.mismatch', 'response.no-request']);
		},
	},
	{
		title:
			"Wireshark's packet details of an IMS INVITE to a tel: URI, from `Session Initiation Protocol (INVITE)` on, cut inside a Route",
		file: 'wireshark-details-ims-invite-tel.txt',
		format: 'tshark',
		messages: [{ line: 1, start: 'INVITE tel:+15129999149 SIP/2.0' }],
		more: (_text, a) => {
			const invite = a.messages[0]!;
			assert.equal(invite.requestUri, 'tel:+15129999149');
			assert.deepEqual([invite.cseq?.seq, invite.cseq?.method], [1, 'INVITE']);
			assert.equal(invite.vias[0]?.sentBy, '10.201.150.161:5060');
			assert.equal(invite.from?.tag, '10.201.150.161+2+5c84f4c3+62125182');
			// The decoded sub-fields (Transport, SIP from address...) are not headers.
			assert.deepEqual(codes(a), ['message.truncated']);
		},
	},
	{
		title:
			'ngrep -W byline in a reStructuredText literal block (four spaces before every line), compact headers in the answers',
		file: 'ngrep-byline-rst-indented-compact-register.txt',
		format: 'ngrep',
		messages: [
			{
				line: 2,
				start: 'REGISTER sip:test21.djangopbx.com:5060 SIP/2.0',
				time: '2023-12-27T20:02:54.240623',
				src: '139.162.206.177:5060',
				dst: '95.216.61.11:5060',
				transport: 'UDP',
			},
			{
				line: 19,
				start: 'SIP/2.0 401 Unauthorized',
				time: '2023-12-27T20:02:54.241223',
				src: '95.216.61.11:5060',
				dst: '139.162.206.177:5060',
				transport: 'UDP',
			},
			{
				line: 34,
				start: 'REGISTER sip:test21.djangopbx.com:5060 SIP/2.0',
				time: '2023-12-27T20:02:54.311792',
				src: '139.162.206.177:5060',
				dst: '95.216.61.11:5060',
			},
			{
				line: 52,
				start: 'SIP/2.0 200 OK',
				time: '2023-12-27T20:02:54.312828',
				src: '95.216.61.11:5060',
				dst: '139.162.206.177:5060',
			},
		],
		more: (_text, a) => {
			// `i:` and `l:` are Call-ID and Content-Length; ngrep's trailing `.` is not theirs.
			assert.deepEqual(
				a.messages.map((m) => m.callId),
				Array(4).fill('4_723949779@10.6.1.14'),
			);
			assert.equal(a.messages[1]!.contentLength, 0);
			assert.deepEqual(
				[a.index.requestOf(1), a.index.requestOf(3), a.index.challengeOf(2)],
				[0, 2, 1],
			);
			assert.deepEqual(codes(a), []);
		},
	},
	{
		title:
			"ngrep -W byline without times, hard-wrapped at 74 columns and pasted in one code fence per message, the 401's `U a -> b` line left in the fence before it",
		file: 'ngrep-byline-wrapped-fenced-register-401.txt',
		format: 'ngrep',
		messages: [
			{ line: 1, start: 'REGISTER sip:192.168.1.155 SIP/2.0', src: null },
			{
				line: 18,
				start: 'SIP/2.0 401 Unauthorized',
				src: '192.168.1.155:5060',
				dst: '192.168.1.119:29040',
			},
			{ line: 32, start: 'REGISTER sip:192.168.1.155 SIP/2.0', src: null },
			{ line: 51, start: 'SIP/2.0 200 OK', src: null },
		],
		more: (_text, a) => {
			// The Call-ID's own last dot stays; ngrep's, after it, does not.
			assert.equal(
				a.messages[0]!.callId,
				'e0739d571d287264NjhiZjM2N2UyMjhmNDViYTgzY2I4ODMxYTVlZTY0NDc.',
			);
			// Each wrapped header is read over its lines: the branches link the answers.
			assert.deepEqual(
				[a.index.requestOf(1), a.index.requestOf(3), a.index.challengeOf(2)],
				[0, 2, 1],
			);
			// What is reported is the wrapping, once per wrapped header.
			assert.deepEqual([...new Set(codes(a))], ['header.wrapped']);
			assert.equal(codes(a).length, 11);
		},
	},
	{
		title:
			"tcpdump -vv's own SIP text on a web page (its tabs lost): the transport after `[udp sum ok]` and `[bad udp cksum ...!]`, the port `sip` as 5060",
		file: 'tcpdump-vv-web-gb28181-register-401.txt',
		format: 'tcpdump',
		messages: [
			{
				line: 4,
				start: 'REGISTER sip:44010200492000000001@10.30.2.8:5060 SIP/2.0',
				time: '13:35:33.563580',
				src: '10.60.2.178:5060',
				dst: 'TumaSystem:5060',
				transport: 'UDP',
			},
			{
				line: 17,
				start: 'SIP/2.0 401 Unauthorized',
				time: '13:35:33.567179',
				src: 'TumaSystem:5060',
				dst: '10.60.2.178:5060',
				transport: 'UDP',
			},
			{
				line: 28,
				start: 'REGISTER sip:44010200492000000001@10.30.2.8:5060 SIP/2.0',
				time: '13:35:33.573409',
				transport: 'UDP',
			},
		],
		more: (_text, a) => {
			const [register, , again] = a.messages;
			assert.equal(a.index.requestOf(1), 0);
			assert.deepEqual([register!.cseq?.seq, again!.cseq?.seq], [1, 2]);
			// The registrar's 401 has no To tag (RFC 3261 §8.2.6.2); the excerpt ends inside the
			// second REGISTER's headers.
			assert.deepEqual(codes(a), ['to.missing-tag', 'message.truncated']);
		},
	},
]);

// --- Asterisk (pjsip logger, chan_sip debug) and pjsua apps, as posted -------------------------

/** The log text between messages: what is left of the excerpt when the messages are taken out. */
const noiseText = (text: string, a: Analysis): string =>
	a.noise.map((n) => text.slice(n.start, n.end)).join('\n');

excerptTests([
	{
		title:
			"chan_sip debug in the full log: the record's `[date time,ms] VERBOSE[..] chan_sip.c: ` alone on the line above the marker dates the message",
		file: 'chan-sip-verbose-line-apart-comma-ms-200.txt',
		format: 'chanSip',
		messages: [
			{
				line: 2,
				start: 'SIP/2.0 200 OK',
				callId: '1-548@172.28.253.32',
				time: '2026-01-07T11:25:48.476',
				epochMicros: Date.UTC(2026, 0, 7, 11, 25, 48, 476) * 1000,
				src: null,
				dst: '192.168.0.1:54606',
				direction: 'out',
				transport: null,
			},
		],
		more: (text, a) => {
			assert.deepEqual(codes(a), ['response.no-request']);
			const ok = a.messages[0]!;
			assert.equal(ok.contentLength, 0);
			assert.ok(!text.slice(ok.frame.sip.start, ok.frame.sip.end).includes('<----'));
			// The syslog-like date of logger.conf's default, with the call's id: month and day.
			const yearless = text.replace(
				'[2026-01-07 11:25:48,476] VERBOSE[13892] chan_sip.c: ',
				'[Jan  7 11:25:48] VERBOSE[13892][C-0000002a] chan_sip.c: ',
			);
			assert.equal(analyzeTrace(yearless).messages[0]!.frame.time, '--01-07T11:25:48');
			// The console's `verbose timestamp` prefix on every line, with the same comma.
			const stamped = text
				.split('\n')
				.slice(1)
				.map((l) => (l ? `[2026-01-07 11:25:48,476] ${l}` : l))
				.join('\n');
			expectMessages(stamped, 'chanSip', [
				{
					line: 1,
					start: 'SIP/2.0 200 OK',
					callId: '1-548@172.28.253.32',
					time: '2026-01-07T11:25:48.476',
					dst: '192.168.0.1:54606',
				},
			]);
			// A request chan_sip's send_request printed: its text has no line end first, so in the
			// full log `Reliably Transmitting (NAT) to a:p:` stands on the line of its record.
			const request = [
				'[2026-01-07 11:25:48,470] VERBOSE[13892][C-0000002a] chan_sip.c: Reliably Transmitting (NAT) to 192.168.0.1:54606:',
				'BYE sip:sipuser@192.168.0.1:54606 SIP/2.0',
				'Via: SIP/2.0/UDP 192.168.0.2:5060;branch=z9hG4bK0f1e;rport',
				'Max-Forwards: 70',
				'From: <sip:322@192.168.0.2>;tag=as77141bec',
				'To: <sip:sipuser@192.168.0.2>;tag=1',
				'Call-ID: c9@192.168.0.2',
				'CSeq: 102 BYE',
				'Content-Length: 0',
				'',
				'',
				'---',
				'',
			].join('\n');
			expectMessages(request + text, 'chanSip', [
				{
					line: 1,
					start: 'BYE sip:sipuser@192.168.0.1:54606 SIP/2.0',
					time: '2026-01-07T11:25:48.470',
					dst: '192.168.0.1:54606',
					direction: 'out',
				},
				{ line: 14, start: 'SIP/2.0 200 OK', time: '2026-01-07T11:25:48.476' },
			]);
			// A record that says something is not the marker's own: its time is not taken.
			const other = text.replace('chan_sip.c: \n', 'chan_sip.c: Sending to 192.168.0.1:54606\n');
			assert.equal(analyzeTrace(other).messages[0]!.frame.time, null);
		},
	},
	{
		title:
			'Asterisk 14 remote console (`pjsip set logger on` after the CLI prompt): verbose `  == `/`    -- ` lines between messages, a body followed by log lines',
		file: 'asterisk14-cli-pjsip-logger-invite-401-180.txt',
		format: 'pjsipLogger',
		messages: [
			{
				line: 7,
				start: 'INVITE sip:1101@192.168.100.10;transport=UDP SIP/2.0',
				callId: 'vAS_mOFDoAoDYkDQC2-3nw..',
				time: null,
				src: '192.168.100.12:60773',
				dst: null,
				direction: 'in',
				transport: 'UDP',
			},
			{
				line: 46,
				start: 'SIP/2.0 401 Unauthorized',
				dst: '192.168.100.12:60773',
				direction: 'out',
			},
			{ line: 58, start: 'ACK sip:1101@192.168.100.10;transport=UDP SIP/2.0', direction: 'in' },
			{ line: 69, start: 'INVITE sip:1101@192.168.100.10;transport=UDP SIP/2.0', direction: 'in' },
			{ line: 110, start: 'SIP/2.0 100 Trying', dst: '192.168.100.12:60773' },
			{
				line: 123,
				start: 'INVITE sip:1101@192.168.100.11:64565;rinstance=c41238c9fa63c32e SIP/2.0',
				callId: '1b58673a-23e2-4f12-9514-861f1a7e21fc',
				dst: '192.168.100.11:64565',
				direction: 'out',
			},
			{ line: 156, start: 'SIP/2.0 100 Trying', src: '192.168.100.11:64565', direction: 'in' },
			{ line: 166, start: 'SIP/2.0 180 Ringing', src: '192.168.100.11:64565' },
		],
		more: (text, a) => {
			assert.deepEqual(codes(a), []);
			assert.equal(a.index.requestOf(1), 0);
			assert.equal(a.index.challengeOf(3), 1);
			assert.equal(a.index.requestOf(4), 3);
			assert.equal(a.index.requestOf(7), 5);
			// Each SDP body is the octets its Content-Length gives; the verbose lines after it are
			// log text.
			const [invite, , , authed, , outbound] = a.messages;
			for (const m of [invite!, authed!, outbound!]) {
				const body = text.slice(m.body!.start, m.body!.end);
				assert.ok(body.trimEnd().endsWith('a=sendrecv'), body);
			}
			const noise = noiseText(text, a);
			for (const line of [
				'Console verbose was 4 and is now 9.',
				"  == Setting global variable 'SIPDOMAIN' to '192.168.100.10'",
				'    -- Called PJSIP/1101',
				'    -- PJSIP/1101-00000001 is ringing',
			])
				assert.ok(noise.includes(line), line);
		},
	},
	{
		title:
			'Asterisk 20 remote console: the pjsip logger banner unchanged, a SECURITY record and dialplan lines (with emoji) between messages, a 407 and the INVITE re-sent',
		file: 'asterisk20-console-pjsip-logger-invite-407-403.txt',
		format: 'pjsipLogger',
		messages: [
			{
				line: 18,
				start: 'INVITE sip:+50686951614@sip.telnyx.com:5060 SIP/2.0',
				callId: 'ea257417-2236-4333-9b5f-dab9cde2b927',
				time: null,
				src: null,
				dst: '192.76.120.10:5060',
				direction: 'out',
				transport: 'UDP',
			},
			{ line: 49, start: 'SIP/2.0 100 Telnyx Trying', src: '192.76.120.10:5060', direction: 'in' },
			{ line: 60, start: 'SIP/2.0 407 Proxy Authentication Required', direction: 'in' },
			{ line: 75, start: 'ACK sip:+50686951614@sip.telnyx.com:5060 SIP/2.0', direction: 'out' },
			{ line: 87, start: 'INVITE sip:+50686951614@sip.telnyx.com:5060 SIP/2.0', direction: 'out' },
			{ line: 119, start: 'SIP/2.0 100 Telnyx Trying', direction: 'in' },
			{ line: 130, start: 'SIP/2.0 403 Unverified origination number D51', direction: 'in' },
			{ line: 146, start: 'ACK sip:+50686951614@sip.telnyx.com:5060 SIP/2.0', direction: 'out' },
		],
		more: (text, a) => {
			assert.deepEqual(codes(a), []);
			assert.equal(a.index.requestOf(2), 0);
			assert.equal(a.index.challengeOf(4), 2);
			assert.equal(a.index.requestOf(6), 4);
			assert.equal(a.messages[4]!.cseq?.seq, 25182);
			const noise = noiseText(text, a);
			assert.ok(noise.includes('SECURITY[73]: res_security_log.c:114'));
			assert.ok(noise.includes('🌍 ROW detected'));
			assert.ok(noise.includes('  == Everyone is busy/congested at this time (1:0/0/1)'));
		},
	},
	{
		title:
			'a pjsip logger excerpt under a banner the product does not know: the INVITE is still found, without addresses; the known banner after it gives its own',
		file: 'asterisk-pjsip-unknown-banner-invite.txt',
		format: 'pjsipLogger',
		messages: [
			{
				line: 1,
				start: 'INVITE sip:8<removed>@vip1.sip.telphin.com:5060 SIP/2.0',
				callId: 'f5bdc622-365c-4a53-9349-dc28c922e59d',
				src: null,
				dst: null,
				direction: null,
			},
			{
				line: 33,
				start: 'INVITE sip:8<removed>@vip1.sip.telphin.com:5060 SIP/2.0',
				dst: '213.170.92.166:5060',
				direction: 'out',
				transport: 'UDP',
			},
		],
		more: (text, a) => {
			const invite = a.messages[0]!;
			assert.equal(invite.contentLength, 259);
			assert.ok(text.slice(invite.body!.start, invite.body!.end).trimEnd().endsWith('a=sendrecv'));
			assert.ok(noiseText(text, a).includes('<--- Transaction Packet request (1055 bytes) --->'));
			// What is said is the cut at the excerpt's end; the poster's redaction (`8<removed>`)
			// stands for a valid Request-URI.
			assert.deepEqual([...new Set(codes(a))].sort(), ['message.truncated']);
		},
	},
	{
		title:
			"the full log's pjsip logger records with lines the poster left out (`...`): each message found, dated, with its address",
		file: 'asterisk-full-log-elided-invite-401.txt',
		format: 'pjsipLogger',
		messages: [
			{
				line: 1,
				start: 'INVITE sip:19199129332@atlanta.voip.ms:5060 SIP/2.0',
				time: '2026-01-08T20:28:01',
				epochMicros: Date.UTC(2026, 0, 8, 20, 28, 1) * 1000,
				dst: '208.100.60.17:5060',
				direction: 'out',
				transport: 'UDP',
			},
			{
				line: 4,
				start: 'SIP/2.0 401 Unauthorized',
				time: '2026-01-08T20:28:01',
				src: '208.100.60.17:5060',
				direction: 'in',
			},
		],
		more: (text, a) => {
			// The next record is not read as a line of the INVITE.
			const invite = a.messages[0]!;
			assert.ok(!text.slice(invite.frame.sip.start, invite.frame.sip.end).includes('VERBOSE[934]'));
			assert.ok(a.messages[1]!.headers.some((h) => h.key === 'www-authenticate'));
			// The `...` is said for what it is, once; the headers it stands for are not reported
			// missing, nor is the line a malformed header. The 401 is cut by the excerpt's end.
			assert.deepEqual(codes(a), ['message.elided', 'message.truncated']);
			const elided = a.problems[0]!;
			assert.equal(elided.severity, 'information');
			assert.equal(text.slice(elided.span.start, elided.span.end), '...');
		},
	},
]);

excerptTests([
	{
		title:
			"Asterisk 16's pjsip logger over WebSocket (`from WSS:a:p`): a SIP.js INVITE with WebRTC SDP, 401, ACK, the INVITE with credentials, 100, an ERROR record after it",
		file: 'asterisk16-pjsip-logger-wss-invite-401.txt',
		format: 'pjsipLogger',
		messages: [
			{
				line: 1,
				start: 'INVITE sip:+380974498412@1q2w.pics SIP/2.0',
				callId: 'iupb42pilq6dsn3iqug0',
				time: null,
				src: '188.163.18.238:24715',
				dst: null,
				direction: 'in',
				transport: 'WSS',
			},
			{
				line: 58,
				start: 'SIP/2.0 401 Unauthorized',
				dst: '188.163.18.238:24715',
				direction: 'out',
				transport: 'WSS',
			},
			{ line: 70, start: 'ACK sip:+380974498412@1q2w.pics SIP/2.0', direction: 'in' },
			{ line: 80, start: 'INVITE sip:+380974498412@1q2w.pics SIP/2.0', direction: 'in' },
			{ line: 139, start: 'SIP/2.0 100 Trying', direction: 'out' },
		],
		more: (text, a) => {
			assert.equal(a.index.requestOf(1), 0);
			assert.equal(a.index.challengeOf(3), 1);
			assert.equal(a.index.requestOf(4), 3);
			const [invite, , ack, authed] = a.messages;
			for (const m of [invite!, authed!]) {
				assert.equal(m.contentLength, 1826);
				assert.equal(m.vias[0]?.sentBy, 'r64sc02s0e6g.invalid');
			}
			// SIP.js 0.7.8's ACK has no Max-Forwards (RFC 3261 §8.1.1.6): that, and only that, is said.
			assert.deepEqual(codes(a), ['header.missing-max-forwards']);
			assert.equal(a.problems[0]!.span.start, ack!.startLine.start);
			assert.ok(noiseText(text, a).includes('ERROR[162488]: res_rtp_asterisk.c:1892'));
		},
	},
]);

excerptTests([
	{
		title:
			"pjsua's log as printed (D-Modem): `--end msg--` before and after, the INVITE sent again 8 s later",
		file: 'pjsua-end-msg-retransmitted-invite.txt',
		format: 'pjsua',
		messages: [
			{
				line: 2,
				start: 'INVITE sip:3034944774@sip2sip.info SIP/2.0',
				callId: 'Om6UN14p72zw4cF2rCvuQuPNDWfieYof',
				time: '14:28:30.617',
				epochMicros: null,
				src: null,
				dst: '81.23.228.137:5060',
				direction: 'out',
				transport: 'UDP',
			},
			{
				line: 36,
				start: 'INVITE sip:3034944774@sip2sip.info SIP/2.0',
				time: '14:28:38.616',
				dst: '81.23.228.137:5060',
			},
		],
		more: (text, a) => {
			const invite = a.messages[0]!;
			assert.equal(invite.contentLength, 343);
			assert.ok(!text.slice(invite.frame.sip.start, invite.frame.sip.end).includes('--end msg--'));
			// The excerpt ends inside the second copy's headers: that, and nothing else, is said.
			assert.deepEqual(codes(a), ['message.truncated']);
		},
	},
	{
		title: "pjsua's RX of an INVITE in compact form (`i:`, `f:`, `t:`, `m:`, `c:`, `k:`)",
		file: 'pjsua-compact-headers-invite.txt',
		format: 'pjsua',
		messages: [
			{
				line: 1,
				start: 'INVITE sip:90060020@223.104.41.1:16090;ob SIP/2.0',
				callId: '1f3d9f2d21b642568e87370a6ae3d064',
				time: '15:46:17.279',
				src: '39.96.46.126:2060',
				dst: null,
				direction: 'in',
				transport: 'UDP',
			},
		],
		more: (_text, a) => {
			const invite = a.messages[0]!;
			assert.equal(invite.from?.tag, '808ca1df-4147-5d1f-9160-00163e1c0b03');
			assert.equal(invite.to?.tag, 'ae20b7a6aa2a4cbb9b3989a63a6dd56c');
			assert.equal(invite.contentType, 'application/sdp');
			// The excerpt ends inside the SDP, short of the 1386 bytes pjsua's record gives: said
			// cut, not a wrong length.
			assert.deepEqual(codes(a), ['message.truncated']);
		},
	},
	{
		title:
			"pjsua in an iOS app's log quoted in Markdown, XcodeColors' escapes left without ESC (`[;[fg85,85,85;`), CocoaLumberjack's `HH:mm:ss:SSS` time",
		file: 'pjsua-ios-xcodecolors-quoted-invite.txt',
		format: 'pjsua',
		messages: [
			{
				line: 1,
				start: 'INVITE sip:260@XXXXXXXX.com.au SIP/2.0',
				callId: '9JUErc7q4q1yjvZmvQNYFKeFWTiwGxXC',
				time: '2016-12-29T12:06:46.004',
				epochMicros: Date.UTC(2016, 11, 29, 12, 6, 46, 4) * 1000,
				dst: '27.111.250.164:5060',
				direction: 'out',
				transport: 'TCP',
			},
		],
		more: (_text, a) => {
			const invite = a.messages[0]!;
			assert.equal(invite.vias[0]?.sentBy, '172.16.2.25:50773');
			assert.ok(invite.headers.some((h) => h.key === 'authorization'));
			// The excerpt ends inside the SDP, short of the 1340 bytes the record gives: said cut.
			assert.deepEqual(codes(a), ['message.truncated']);
		},
	},
	{
		title:
			"pjsua behind CocoaLumberjack's prefix (`💚 DEBUG   10:03:48.820 [VSLEndpoint ...]`): time, TLS and the address",
		file: 'pjsua-ios-lumberjack-tls-invite.txt',
		format: 'pjsua',
		messages: [
			{
				line: 1,
				start: 'INVITE sips:x.x.x.x:5061;transport=TLS SIP/2.0',
				callId: 'cOQ5avv8SkUwPHv.KO0ufjWg6YnCtxrh',
				time: '10:03:48.820',
				dst: 'x.x.x.x:5061',
				direction: 'out',
				transport: 'TLS',
			},
		],
		more: (_text, a) => {
			assert.equal(a.messages[0]!.cseq?.seq, 22858);
			// Cut inside the SDP, short of the size pjsua's record gives.
			assert.deepEqual(codes(a), ['message.truncated']);
		},
	},
]);

test('a line the poster put for lines left out (`...`, `…`, `[...]`, `<snip>`) is said once; no header is reported missing', () => {
	const message = (gap: string): string =>
		[
			'INVITE sip:bob@example.com SIP/2.0',
			'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds',
			// With a Call-ID: a Via alone would be a call flow's quote (message.truncated).
			'Call-ID: e1',
			...(gap ? [gap] : []),
			'Content-Type: text/plain',
			'Content-Length: 5',
			'',
			'hello',
		].join('\r\n');
	const trace = (gap: string): string =>
		`${message(gap)}\r\n\r\nOPTIONS sip:carol@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK2\r\nMax-Forwards: 70\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:carol@example.com>\r\nCall-ID: o1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;
	for (const gap of ['...', '…', '[...]', '(…)', '<snip>', '....']) {
		const a = analyzeTrace(trace(gap));
		assert.equal(a.messages.length, 2, gap);
		assert.deepEqual(codes(a), ['message.elided'], gap);
		assert.equal(a.messages[0]!.contentLength, 5, gap);
		assert.equal(a.messages[0]!.contentType, 'text/plain', gap);
	}
	// Without it, the same headers are what the message has: the missing ones are reported.
	const whole = codes(analyzeTrace(trace('')));
	assert.ok(whole.includes('header.missing-from') && whole.includes('header.missing-cseq'));
	// A line with words is not an elision, and a `...` in a body is the body's.
	assert.ok(codes(analyzeTrace(trace('... and so on'))).includes('header.malformed'));
	const inBody = analyzeTrace(
		'MESSAGE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK3\r\nMax-Forwards: 70\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: m1\r\nCSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\n...',
	);
	assert.deepEqual(codes(inBody), []);
});

test("SDP lines right after the poster's `...` (the empty line and `v=0` left out with the rest) are the body, not malformed headers", () => {
	// An Asterisk pjsip logger excerpt posted in an issue: the 183's headers, `...`, its SDP.
	const text = [
		'<--- Received SIP response (865 bytes) from UDP:10.9.33.2:5060 --->',
		'SIP/2.0 183 Session Progress',
		'From: "+421911163316" <sip:+421911163316@10.9.33.2>;tag=91ab04a0',
		'To: <sip:0948519438@10.9.33.2>;tag=as77d1470e',
		'Server: DialLog.Dialer',
		'Content-Type: application/sdp',
		'...',
		'o=root 6677496 6677496 IN IP4 10.9.33.2',
		's=Asterisk PBX 13.21.0-vici',
		'c=IN IP4 10.9.33.2',
		'm=audio 12980 RTP/AVP 0 8 101',
		'',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(m.headerCount, 4);
	assert.equal(
		text.slice(m.body!.start, m.body!.end).trimEnd(),
		text.slice(text.indexOf('o=root'), text.lastIndexOf('101') + 3),
	);
	// What is said: the `...`; no malformed header, no missing empty line, and Content-Length,
	// perhaps among the lines left out, is not missed (nor is CSeq, which matching needs).
	assert.deepEqual(codes(a), ['message.elided']);
	// Not after any line: a line of words after the headers is still no header.
	const prose = text.replace('...\n', 'Then the SDP:\n');
	assert.ok(codes(analyzeTrace(prose)).includes('header.malformed'));
});

// --- FreeSWITCH / sofia-sip siptrace and drachtio, as posted ---------------------------------------

excerptTests([
	{
		title:
			'sofia siptrace in a blog post whose lines all end in two spaces (Markdown line breaks), empty lines lost, inside Liquid highlight tags',
		file: 'freeswitch-siptrace-jekyll-trailing-spaces-options-200.txt',
		format: 'sofia',
		messages: [
			{
				line: 3,
				start: 'OPTIONS sip:sip.pstnhub.microsoft.com;transport=tls SIP/2.0',
				callId: 'e763d8b6-1ee8-1239-0ea5-566fbb48005e',
				time: '03:25:41.189516',
				epochMicros: null,
				src: null,
				dst: '52.114.7.24:5061',
				direction: 'out',
				transport: 'TLS',
			},
			{
				line: 18,
				start: 'SIP/2.0 200 OK',
				callId: 'e763d8b6-1ee8-1239-0ea5-566fbb48005e',
				time: '03:25:41.238211',
				src: '52.114.7.24:5061',
				dst: null,
				direction: 'in',
				transport: 'TLS',
			},
		],
		more: (text, a) => {
			const [options, ok] = a.messages;
			// The spaces the post added after every line are not the sender's: nothing of them is
			// reported, not the start line's, not the closing tag as a body of the 200
			// (Content-Length 0). Microsoft's 200 lacks its To tag, which is true of the text.
			assert.deepEqual(codes(a), ['to.missing-tag']);
			assert.equal(options!.method, 'OPTIONS');
			assert.deepEqual(
				[ok!.status, ok!.cseq?.method, ok!.contentLength, ok!.body],
				[200, 'OPTIONS', 0, null],
			);
			assert.ok(!text.slice(ok!.frame.span.start, ok!.frame.span.end).includes('{%'));
			// White space after the start line alone is the sender's, and still said.
			const own = text.replace(/(Max-Forwards: 70|Via: [^\n]*?) {2}\n/g, '$1\n');
			const reread = analyzeTrace(own);
			assert.ok(codes(reread).includes('message.malformed-start-line'));
			// A JSON body still opens after headers that lost their empty line; a template tag does not.
			const json = text.replace(
				' Content-Length: 0  \n recv',
				' Content-Type: application/json\n Content-Length: 8\n {"a": 1}\n recv',
			);
			const withJson = analyzeTrace(json);
			assert.equal(withJson.messages[0]!.contentType, 'application/json');
			assert.notEqual(withJson.messages[0]!.body, null);
		},
	},
	{
		title:
			'sofia siptrace as FreeSWITCH event socket log events: each trace inside a log/data event, the event headers between messages are log text',
		file: 'freeswitch-esl-log-data-ack-invite-100.txt',
		format: 'sofia',
		messages: [
			{
				line: 25,
				start: 'ACK sip:123@12.34.123.34;transport=TCP SIP/2.0',
				callId: 'n1TWDpD1hKxKWZ_G8IAYpg..',
				time: '20:44:12.260281',
				src: '127.00.000.001:49853',
				dst: null,
				direction: 'in',
				transport: 'TCP',
			},
			{
				line: 45,
				start: 'INVITE sip:123@12.34.123.34;transport=TCP SIP/2.0',
				callId: 'n1TWDpD1hKxKWZ_G8IAYpg..',
				time: '20:44:12.371635',
				src: '127.00.000.001:49853',
				direction: 'in',
				transport: 'TCP',
			},
			{
				line: 105,
				start: 'SIP/2.0 100 Trying',
				callId: 'n1TWDpD1hKxKWZ_G8IAYpg..',
				// Dated by FreeSWITCH's log lines above it (the xml_curl errors), though not the line
				// right above.
				time: '2020-07-26T20:44:12.392534',
				src: null,
				dst: '127.00.000.001:49853',
				direction: 'out',
				transport: 'TCP',
			},
		],
		more: (text, a) => {
			const invite = a.messages[1]!;
			// The SDP ends at its last line: the next event's `Content-Type: log/data` glued after it
			// is the event's, not the body's.
			assert.equal(invite.contentLength, 336);
			const body = text.slice(invite.body!.start, invite.body!.end);
			assert.ok(body.startsWith('v=0\n') && body.trimEnd().endsWith('a=sendrecv'), body);
			assert.deepEqual(codes(a), []);
		},
	},
	{
		title:
			"drachtio's log: sofia's stamp after drachtio's own date, no dashes, TLS, Microsoft's 200 in upper-case header names",
		file: 'drachtio-log-tls-dated-options-200.txt',
		format: 'sofia',
		messages: [
			{
				line: 2,
				start: 'OPTIONS sip:sip.pstnhub.microsoft.com SIP/2.0',
				callId: 'dfe4b29f-51cb-1239-3b99-06ce423ffcdb',
				time: '2020-08-05T14:36:22.539678',
				epochMicros: Date.UTC(2020, 7, 5, 14, 36, 22, 539) * 1000 + 678,
				src: null,
				dst: '52.114.148.0:5061',
				direction: 'out',
				transport: 'TLS',
			},
			{
				line: 13,
				start: 'SIP/2.0 200 OK',
				callId: 'dfe4b29f-51cb-1239-3b99-06ce423ffcdb',
				time: '2020-08-05T14:36:22.564475',
				epochMicros: Date.UTC(2020, 7, 5, 14, 36, 22, 564) * 1000 + 475,
				src: '52.114.148.0:5061',
				dst: null,
				direction: 'in',
				transport: 'TLS',
			},
		],
		more: (_text, a) => {
			assert.equal(a.messages[1]!.cseq?.seq, 23765299);
			// Microsoft's 200 has no To tag (RFC 3261 §8.2.6.2): true of the text, the only fault.
			assert.deepEqual(codes(a), ['to.missing-tag']);
		},
	},
]);

excerptTests([
	{
		title:
			"BroadWorks' Application Server log: the stamp line dates the message, the `udp N SIP Bytes IN from` line under it gives its way, peer and transport",
		file: 'broadworks-as-xslog-invite-200.txt',
		format: 'raw',
		messages: [
			{
				line: 4,
				start: 'INVITE sip:2010@mleus.lab SIP/2.0',
				callId: 'dTUVBWON9UjmftpGCOoJzhLfbajBm11C',
				time: '2023-01-26T16:51:41.106',
				epochMicros: Date.UTC(2023, 0, 26, 16, 51, 41, 106) * 1000,
				src: '10.61.205.219:58300',
				dst: null,
				direction: 'in',
				transport: 'UDP',
			},
			{
				line: 45,
				start: 'INVITE sip:ivr@10.48.93.18 SIP/2.0',
				callId: 'BW165141117260123-861893333@10.48.93.126',
				time: '2023-01-26T16:51:41.117',
				epochMicros: Date.UTC(2023, 0, 26, 16, 51, 41, 117) * 1000,
				src: null,
				dst: '10.48.93.18:5060',
				direction: 'out',
				transport: 'UDP',
			},
			{
				line: 85,
				start: 'SIP/2.0 200 OK',
				callId: 'BW165141117260123-861893333@10.48.93.126',
				time: '2023-01-26T16:51:41.128',
				epochMicros: Date.UTC(2023, 0, 26, 16, 51, 41, 128) * 1000,
				src: '10.48.93.18:5060',
				dst: null,
				direction: 'in',
				transport: 'UDP',
			},
		],
		more: (_text, a) => {
			assert.equal(a.index.requestOf(2), 1);
			assert.deepEqual(codes(a), []);
		},
	},
]);

excerptTests([
	{
		title:
			"sofia siptrace through 2600hz's sipify.sh: the Call-ID and a space before every line of the record, taken off each line",
		file: 'freeswitch-sipify-callid-prefix-invite.txt',
		format: 'sofia',
		messages: [
			{
				line: 4,
				start: 'INVITE sip:*97@kanderson.dev.2600hz.com;user=phone SIP/2.0',
				callId: '46a1fe62-20f73e9-1c6e7dbc@10.26.0.199',
				time: '19:34:41.657063',
				src: '10.26.0.81:5060',
				dst: null,
				direction: 'in',
				transport: 'UDP',
			},
		],
		more: (_text, a) => {
			const invite = a.messages[0]!;
			assert.deepEqual(
				[invite.vias.length, invite.cseq?.seq, invite.contentType, invite.contentLength],
				[2, 1, 'application/sdp', 332],
			);
			// The headers are read as headers: what is left is what the INVITE lacks, and its SDP,
			// which the excerpt ends before: the README's fence right under the headers, so the copy
			// left the body out (information), not a message short of its length.
			assert.deepEqual(codes(a), ['header.missing-max-forwards', 'content-length.mismatch']);
			assert.equal(a.problems[1]!.severity, 'information');
			// Whole records as the script prints them (`print CALLID, line` for each line sofia logged,
			// the closing dashes and the indented empty line included): each message's own Call-ID.
			const record = (callId: string, stamp: string, message: string[]): string =>
				[stamp, ...['-'.repeat(72), ...message, '', '-'.repeat(72)].map((l) => `   ${l}`)]
					.map((l) => `${callId} ${l}`)
					.join('\n');
			const ok = (callId: string, cseq: string): string[] => [
				'SIP/2.0 200 OK',
				'Via: SIP/2.0/UDP 10.26.0.81;branch=z9hG4bKae67.eae1c251.0',
				'From: <sip:a@example.com>;tag=1',
				'To: <sip:b@example.com>;tag=2',
				`Call-ID: ${callId}`,
				`CSeq: ${cseq}`,
				'Content-Length: 0',
			];
			const two = [
				record(
					'c1@host',
					'send 300 bytes to udp/[10.26.0.81]:5060 at 19:34:41.700000:',
					ok('c1@host', '1 INVITE'),
				),
				'2026-11-24 19:34:41.700100 [DEBUG] sofia.c:7325 Channel entering state [ready][200]',
				record(
					'c2@host',
					'send 300 bytes to udp/[10.26.0.81]:5060 at 19:34:41.800000:',
					ok('c2@host', '2 BYE'),
				),
				'',
			].join('\n');
			const b = analyzeTrace(two);
			assert.deepEqual(
				b.messages.map((m) => [m.callId, m.cseq?.method, m.frame.dst]),
				[
					['c1@host', 'INVITE', '10.26.0.81:5060'],
					['c2@host', 'BYE', '10.26.0.81:5060'],
				],
			);
			assert.deepEqual(
				codes(b).filter((c) => c.startsWith('header.') || c.startsWith('message.')),
				[],
			);
		},
	},
]);

excerptTests([
	{
		title:
			'sofia siptrace kept in a Go comment (`// ` before every line, `//` alone on the empty ones): read as the trace',
		file: 'gosip-go-comment-sofia-siptrace-invite-bye.txt',
		format: 'sofia',
		messages: [
			{
				line: 7,
				start: 'INVITE sip:10.11.34.37 SIP/2.0',
				callId: '87704115-03b8-122e-08b5-001bfcce6bdf',
				time: '15:46:48.569658',
				src: null,
				dst: '10.11.34.37:5060',
				direction: 'out',
				transport: 'UDP',
			},
			{
				line: 36,
				start: 'SIP/2.0 100 Trying',
				time: '15:46:48.570890',
				src: '10.11.34.37:5060',
				direction: 'in',
			},
			{
				line: 48,
				start: 'SIP/2.0 200 OK',
				time: '15:46:48.571844',
				src: '10.11.34.37:5060',
				direction: 'in',
			},
			{
				line: 75,
				start: 'ACK sip:10.11.34.37 SIP/2.0',
				time: '15:46:48.572320',
				dst: '10.11.34.37:5060',
				direction: 'out',
			},
			{
				line: 87,
				start: 'BYE sip:10.11.34.37 SIP/2.0',
				time: '15:46:53.048617',
				dst: '10.11.34.37:5060',
				direction: 'out',
			},
			{
				line: 117,
				start: 'SIP/2.0 200 OK',
				time: '15:46:53.049140',
				src: '10.11.34.37:5060',
				direction: 'in',
			},
		],
		more: (text, a) => {
			const invite = a.messages[0]!;
			const bye = a.messages[4]!;
			assert.deepEqual([invite.contentType, invite.contentLength], ['application/sdp', 218]);
			// The SDP's lines are read without the comment marker or sofia's indentation.
			assert.ok(text.slice(invite.body!.start, invite.body!.end).startsWith('v=0\n'));
			// The BYE's text body (a drawing) keeps its own leading white space, past sofia's three.
			assert.equal(bye.contentType, 'text/plain');
			assert.ok(text.slice(bye.body!.start, bye.body!.end).startsWith(`${' '.repeat(10)}.--.`));
			assert.deepEqual(codes(a), []);
		},
	},
]);

// --- Kamailio ----------------------------------------------------------------------------------------

excerptTests([
	{
		title:
			"Kamailio's xlog of $mb after a space (`New message:\\n $mb`): the start line behind one space, its headers at the margin, read as one message",
		file: 'kamailio-xlog-mb-after-space-invite.txt',
		format: 'raw',
		messages: [
			{
				line: 3,
				start: 'INVITE sip:edi-2001@time-reversal.com SIP/2.0',
				callId: 'JRsgN1qwek',
				time: null,
				src: null,
				dst: null,
				direction: null,
			},
		],
		more: (_text, a) => {
			const invite = a.messages[0]!;
			assert.deepEqual(
				[invite.vias[0]?.sentBy, invite.cseq?.seq, invite.contentType, invite.contentLength],
				['192.168.0.162:34348', 20, 'application/sdp', 258],
			);
			// The excerpt stops after User-Agent: that cut is all that is said.
			assert.deepEqual(codes(a), ['message.truncated']);
		},
	},
]);

test("a start line behind a logger's space after a one-line quote of another behind a space: the quote sets no indentation, the message keeps its headers", () => {
	// The shape of a gosip issue (GB28181): a poster's ` SIP/2.0 401 Unauthorized` alone, then
	// the Go logger's `writeTo` record, its message's start line behind one space and its
	// headers at the margin.
	const text = [
		'the server answers',
		' SIP/2.0 401 Unauthorized',
		'',
		'TRAC[0671] writeTo 430 , [::]:5060 -> 192.0.2.2:5061 ',
		' SIP/2.0 401 Unauthorized',
		'Via: SIP/2.0/UDP 192.0.2.2:5061;rport;branch=z9hG4bK8c9504bf4c629800',
		'From: <sip:34020000001320000001@192.0.2.2:5061>;tag=186df942',
		'To: <sip:34020000001320000001@192.0.2.2:5061>',
		'Call-ID: e0fc80c69ce6837ca41b948e23c96171',
		'CSeq: 1 REGISTER',
		'WWW-Authenticate: Digest nonce="VXiW75tcyw4cMbhtctf9x0Y7PhfmrY2U", realm="3707000008"',
		'',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	const found = a.messages.find((m) => m.callId !== null);
	assert.ok(found, a.messages.map((m) => m.status).join());
	assert.equal(found.callId, 'e0fc80c69ce6837ca41b948e23c96171');
	assert.equal(text.slice(0, found.frame.sip.start).split('\n').length - 1, 4);
	assert.ok(
		!a.problems.some(
			(p) => p.code.startsWith('header.missing') && p.span.start >= found.frame.span.start,
		),
	);
});

// --- sngrep's text export -----------------------------------------------------------------------------

excerptTests([
	{
		title:
			"sngrep's saved text in an issue: date and both addresses on each header line, two empty lines after each message, an ACK sent to another host than the 200 came from",
		file: 'sngrep-export-issue-200-ack-other-host.txt',
		format: 'sngrep',
		messages: [
			{
				line: 1,
				start: 'SIP/2.0 200 OK',
				callId: '5d87baa0-2132-123e-0087-26e781cbb8f1',
				time: '2024-11-19T16:01:35.861404',
				epochMicros: Date.UTC(2024, 10, 19, 16, 1, 35, 861) * 1000 + 404,
				src: '172.21.10.46:6660',
				dst: '172.21.10.43:6660',
			},
			{
				line: 30,
				start: 'ACK sip:172.21.10.46:6660;did=c78.37973fd4 SIP/2.0',
				callId: '5d87baa0-2132-123e-0087-26e781cbb8f1',
				time: '2024-11-19T16:01:35.861585',
				epochMicros: Date.UTC(2024, 10, 19, 16, 1, 35, 861) * 1000 + 585,
				src: '172.21.10.43:6660',
				dst: '172.21.10.47:6660',
			},
		],
		more: (text, a) => {
			const ok = a.messages[0]!;
			// The SDP is the 200's body to its last line; the empty lines sngrep writes after it are not.
			assert.equal(ok.contentLength, 243);
			assert.ok(text.slice(ok.body!.start, ok.body!.end).trimEnd().endsWith('a=ptime:20'));
			// The INVITE is not in the excerpt, and it stops inside the ACK's headers.
			assert.deepEqual(codes(a).sort(), ['message.truncated', 'response.no-request']);
		},
	},
]);

void test("sofia's stamp with what tport_stamp writes after the port: an IPv6 flow label, `;comp=sigcomp`", () => {
	const options = [
		'OPTIONS sip:[2001:db8::2] SIP/2.0',
		'Via: SIP/2.0/UDP [2001:db8::1];rport;branch=z9hG4bK1',
		'Max-Forwards: 70',
		'From: <sip:a@[2001:db8::1]>;tag=1',
		'To: <sip:[2001:db8::2]>',
		'Call-ID: c1',
		'CSeq: 1 OPTIONS',
		'Content-Length: 0',
		'',
		'',
	].join('\n');
	const text = [
		'send 222 bytes to udp/[2001:db8::2]:5060/4711 at 10:00:00.000001:',
		'-'.repeat(72),
		options,
		'recv 222 bytes from udp/[10.0.0.2]:5060;comp=sigcomp at 10:00:00.000002:',
		'-'.repeat(72),
		options.replace('CSeq: 1', 'CSeq: 2'),
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sofia');
	assert.deepEqual(
		a.messages.map((m) => [m.frame.dst ?? m.frame.src, m.frame.time, m.frame.direction]),
		[
			['[2001:db8::2]:5060', '10:00:00.000001', 'out'],
			['10.0.0.2:5060', '10:00:00.000002', 'in'],
		],
	);
});

// --- vendor products' own logs, as posted: phones, PBXs, softswitches, Microsoft clients ---------

excerptTests([
	{
		title:
			'a snom 821\'s SIP trace pasted in an issue: "Sent to tcp:A at Jan 28 15:09:54 (N bytes):", an empty line, the message; the paste cut inside the INVITE',
		file: 'snom821-sip-trace-tcp-ack-invite.txt',
		format: 'raw',
		messages: [
			{
				line: 2,
				start: 'ACK sip:wptracy-101@pbxes.com SIP/2.0',
				callId: '313637343934333739333433323034-vdkwh19979w6',
				time: '--01-28T15:09:54',
				epochMicros: null,
				src: null,
				dst: '144.76.38.78:5060',
				direction: 'out',
				transport: 'TCP',
			},
			{
				line: 15,
				start: 'INVITE sip:wptracy-101@pbxes.com SIP/2.0',
				callId: '313637343934333739333433323034-vdkwh19979w6',
				time: '--01-28T15:09:54',
				epochMicros: null,
				src: null,
				dst: '144.76.38.78:5060',
				direction: 'out',
				transport: 'TCP',
			},
		],
		more: (_text, a) => {
			// The ACK is for the 407 the excerpt starts after (CSeq 1); the INVITE (CSeq 2) that
			// follows is a transaction of its own.
			assert.notEqual(a.index.transactionOf(0), a.index.transactionOf(1));
			// The ACK has no body: the next heading is not read as one.
			assert.equal(a.messages[0]!.contentLength, 0);
			assert.equal(a.messages[0]!.body, null);
			// Only the paste's cut is said.
			assert.deepEqual(codes(a), ['message.truncated']);
		},
	},
	{
		title:
			"a Skype for Business client's UccApi log quoted in a blog post: the BYE's start line after the log's `MM/DD/YYYY|HH:MM:SS.mmm PID:TID INFO  :: `, its headers unprefixed below",
		file: 'lync-uccapilog-glued-bye-msxfaq.txt',
		format: 'raw',
		messages: [
			{
				line: 0,
				start: 'BYE sip:User1@netatwork.de;opaque=User:epid:xxxx;gruu SIP/2.0',
				callId: 'xxxxxxxxxxxxxxxx',
				// `10/12/2017` may be month or day first: the time of day alone is said.
				time: '10:09:58.021',
				epochMicros: null,
				src: null,
				dst: null,
				direction: null,
			},
		],
		more: (text, a) => {
			const bye = a.messages[0]!;
			const route = bye.header('route')!.value;
			assert.deepEqual(
				[bye.vias[0]?.sentBy, bye.cseq, text.slice(route.start, route.end)],
				[
					'10.1.1.23:56423',
					{ seq: 4, method: 'BYE' },
					'<sip:sfbpool1.uclabor.de:5061;transport=tls;ms-fe=sfbfe1.uclabor.de;opaque=state:F:Ci.R221ef00;lr;ms-route-sig=xxxxxx>',
				],
			);
			// The post stops inside the headers: that cut is all that is said.
			assert.deepEqual(codes(a), ['message.truncated']);
		},
	},
	{
		title:
			"a Ribbon (Sonus) SBC's call trace as its documentation prints it: the `Ingress: received msg for CallId:` record, a `RAW PDU:` line, then the INVITE",
		file: 'ribbon-sbc-call-trace-raw-pdu-invite.txt',
		format: 'raw',
		// The record two lines above the message, with `RAW PDU:` between, gives its time
		// (`MMDDYYYY HHMMSS.micros`), the peer (`from IP/port:A/P`) and the SBC's own address
		// (`Local IP/port:B/P`).
		messages: [
			{
				line: 2,
				start: 'INVITE sip:+8005555555@abc.company.com:5000 SIP/2.0',
				callId: '804ee913ccfe61c2aa581a72a000',
				time: '2016-12-16T08:36:15.737177',
				src: '10.100.100.10:5000',
				dst: '10.139.160.141:5000',
				direction: 'in',
			},
		],
		more: (_text, a) => {
			const invite = a.messages[0]!;
			assert.deepEqual(
				[invite.vias[0]?.sentBy, invite.vias[0]?.transport, invite.cseq?.seq],
				['10.100.100.10:5000', 'TCP', 1],
			);
			// The page's sample stops inside the headers.
			assert.deepEqual(codes(a), ['message.truncated']);
		},
	},
	{
		title:
			"Avaya Experience Portal's log in a support forum post: each message after its record (`@2014-06-26 13:02:39,551||FINEST|...|SIPTCP::ProcessRead: <`), CRs printed as `^M`, the poster's notes after the start lines' `^M`",
		file: 'avaya-experience-portal-forum-caret-m-invite-180.txt',
		format: 'raw',
		messages: [
			// The INVITE the portal sends, its start line behind `<^` on its record's line (the
			// stored page put `[email protected]`, its e-mail protection, in its Request-URI).
			{
				line: 0,
				start: 'INVITE sip:[email protected] SIP/2.0',
				callId: '6be5d57c1fbe31a8dc00538ad6c4',
				time: '2014-06-26T13:02:39.427',
				epochMicros: Date.UTC(2014, 5, 26, 13, 2, 39, 427) * 1000,
			},
			{
				line: 23,
				// The line ends at its `^M`: the poster's note after it is no part of the reason.
				start: 'SIP/2.0 180 Ringing',
				// The `^M` ending each header line is the CR it stands for, not the value's.
				callId: '6be5d57c1fbe31a8dc00538ad6c4',
				time: '2014-06-26T13:02:39.551',
				epochMicros: Date.UTC(2014, 5, 26, 13, 2, 39, 551) * 1000,
			},
		],
		more: (text, a) => {
			const ringing = a.messages[1]!;
			assert.equal(ringing.reason, 'Ringing');
			assert.equal(a.index.requestOf(1), 0);
			const contact = ringing.header('contact')!.value;
			assert.deepEqual(
				[ringing.cseq, text.slice(contact.start, contact.end)],
				[
					{ seq: 1, method: 'INVITE' },
					'"ERP EVRC Con SIP 035" <sip:[email protected]:5080;transport=tcp>',
				],
			);
			// No header is malformed for its `^M`; the excerpt stops inside the 180's headers; the
			// page's e-mail protection is said as its.
			assert.deepEqual(codes(a).sort(), ['message.elided', 'message.truncated']);
		},
	},
]);

// --- Cisco IP phones' console log / PRT and Jabber's log (`sipio-sent---> `, `sipio-recv<--- `) ---

/** The message's SIP text as its lines give it, a piece a later record goes on joined to it. */
const sipLines = (text: string, m: SipMessage): string => {
	const { lines, joins } = m.frame;
	if (!lines) return text.slice(m.frame.sip.start, m.frame.sip.end);
	let out = '';
	for (let i = 0; i < lines.length; i += 2)
		out += text.slice(lines[i]!, lines[i + 1]!) + (joins?.includes(i / 2) ? '' : '\n');
	return out;
};

excerptTests([
	{
		title:
			"A Cisco IP Phone 7821's console log in a Cisco article: `0611 DEB Dec 21 14:33:00.127717 JAVA-sipio-sent---> INVITE ...^M`, the later lines indented by eight spaces, the 100 and 180 shown by their start line",
		file: 'cisco-phone-7800-sipio-caret-m-invite-200-bye.txt',
		format: 'ciscoSipio',
		messages: [
			{
				line: 0,
				start: 'INVITE sip:2211@10.48.47.136;user=phone SIP/2.0',
				callId: 'c80084aa-8721000b-302564ee-403d3d01@10.62.153.20',
				time: '--12-21T14:33:00.127717',
				src: null,
				dst: null,
				direction: 'out',
				transport: null,
			},
			{ line: 37, start: 'SIP/2.0 100 Trying', time: '--12-21T14:33:00.171483', direction: 'in' },
			{ line: 38, start: 'SIP/2.0 180 Ringing', time: '--12-21T14:33:00.249127', direction: 'in' },
			{
				line: 44,
				start: 'SIP/2.0 200 OK',
				callId: 'c80084aa-8721000b-302564ee-403d3d01@10.62.153.20',
				time: '--12-21T14:33:08.179266',
				direction: 'in',
			},
			{
				line: 81,
				start:
					'BYE sip:2fbf6265-bffc-4f99-b8b2-40dce7ed2d19@10.62.153.20:52464;transport=tcp SIP/2.0',
				callId: 'c80084aa-8721000b-302564ee-403d3d01@10.62.153.20',
				time: '--12-21T14:33:18.688956',
				direction: 'in',
			},
		],
		more: (text, a) => {
			assert.equal(a.index.requestOf(3), 0);
			const [invite, , , ok] = a.messages;
			// The SDP is read by its Content-Length, its `^M` the CR of each line.
			assert.ok(sipLines(text, invite!).includes('m=audio 27986 RTP/AVP 9 0 8 116 18 101\n'));
			assert.ok(sipLines(text, ok!).endsWith('a=fmtp:101 0-15\n'));
			// Only the two responses the article shows by their start line lack headers.
			const lineOfProblem = a.problems.map((p) => lineOf(text, p.span.start));
			assert.deepEqual([...new Set(lineOfProblem)], [37, 38]);
		},
	},
	{
		title:
			"A Cisco IP Phone 7821's PRT log: `5919 DEB Mar 09 18:32:45.477430 (618:927) JAVA-sipio-recv<--- SIP/2.0 202 Accepted^M`, later lines indented by a tab, then `JAVA-::End-Of-Sip-Message::`",
		file: 'cisco-phone-prt-tab-refer-202.txt',
		format: 'ciscoSipio',
		messages: [
			{
				line: 4,
				start: 'SIP/2.0 202 Accepted',
				// The `^M` is found at the end of the indented header lines too.
				callId: 'c80084aa-87430006-1a48a291-451dd0ff@192.168.7.104',
				time: '--03-09T18:32:45.477430',
				direction: 'in',
			},
		],
		more: (text, a) => {
			const f = a.messages[0]!.frame;
			assert.ok(text.slice(f.span.start, f.span.end).endsWith('JAVA-::End-Of-Sip-Message::\n'));
			assert.deepEqual(a.messages[0]!.cseq, { seq: 1000, method: 'REFER' });
			assert.deepEqual(codes(a), ['response.no-request']);
		},
	},
	{
		title:
			"A Cisco IP phone's REFER printed in two records: the second (`5851 DEB ... JAVA-LInfo\">`) goes on in the middle of the body's line",
		file: 'cisco-phone-prt-chunked-refer-xml.txt',
		format: 'ciscoSipio',
		messages: [
			{
				line: 4,
				start: 'REFER sip:192.168.7.200 SIP/2.0',
				callId: 'c80084aa-87430006-1a48a291-451dd0ff@192.168.7.104',
				time: '--03-09T18:32:45.419807',
				direction: 'out',
			},
		],
		more: (text, a) => {
			const refer = a.messages[0]!;
			const sip = sipLines(text, refer);
			assert.ok(sip.includes('<Alarm Name="DeviceTLInfo">\n<ParameterList>\n'));
			assert.ok(!sip.includes('5851 DEB'));
			assert.ok(sip.endsWith('</x-cisco-alarm>\n'));
			// The end record is the frame's; the record after it is log text.
			const f = refer.frame;
			assert.ok(text.slice(f.span.start, f.span.end).endsWith('JAVA-::End-Of-Sip-Message::\n'));
			assert.ok(a.noise.some((n) => text.slice(n.start, n.end).startsWith('5853 DEB')));
			assert.deepEqual(codes(a), []);
		},
	},
	{
		title:
			"Cisco Jabber for Windows' log: `2020-03-30 13:03:19,200 DEBUG [0x00000e2c] [\\sipcc\\...ccsip_debug.c(1041)] [csf.sip-call-control] [platform_print_sip_msg] - sipio-sent---> REGISTER ...`, two messages double-spaced by the page",
		file: 'cisco-jabber-windows-oauth-register-407-200.txt',
		format: 'ciscoSipio',
		messages: [
			{
				line: 0,
				start: 'REGISTER sip:10.10.10.1 SIP/2.0',
				callId: '88232345-12340017-00001c0b-00000cfa@10.10.10.10',
				time: '2020-03-30T13:03:19.200',
				epochMicros: Date.UTC(2020, 2, 30, 13, 3, 19, 200) * 1000,
				src: null,
				dst: null,
				direction: 'out',
				transport: null,
			},
			{
				line: 24,
				start: 'SIP/2.0 407 Proxy Authentication Required',
				time: '2020-03-30T13:03:19.310',
				direction: 'in',
			},
			{
				line: 46,
				start: 'REGISTER sip:10.10.10.1 SIP/2.0',
				time: '2020-03-30T13:03:19.310',
				direction: 'out',
			},
			{ line: 66, start: 'SIP/2.0 200 OK', time: '2020-03-30T13:03:19.325', direction: 'in' },
		],
		more: (text, a) => {
			assert.equal(a.index.requestOf(1), 0);
			assert.equal(a.index.requestOf(3), 2);
			assert.ok(a.messages[1]!.headers.some((h) => h.key === 'proxy-authenticate'));
			// The post's Markdown heading under the REGISTER (`## 407 Proxy Authentication
			// Required`) is the page's text: `#` starts no header name.
			const heading = a.problems.find(
				(p) => text.slice(p.span.start, p.span.end) === '## 407 Proxy Authentication Required',
			);
			assert.equal(heading?.severity, 'information');
			// Where a body goes under the second REGISTER (Content-Length: 1271), the post's next
			// heading (`# 200 OK for Register`): the copy left the body out, not the sender.
			const lengths = a.problems.filter((p) => p.code === 'content-length.mismatch');
			assert.deepEqual(
				lengths.map((p) => [p.severity, /the copy left the body out/.test(p.message)]),
				[['information', true]],
			);
		},
	},
]);

// --- Cisco Expressway / VCS network log (`tvcs: ... Module="network.sip" Level="DEBUG": ...`) ----

excerptTests([
	{
		title:
			'Cisco Expressway-C\'s network log in a Cisco article: the DEBUG record (`Action="Received"  Local-ip=... Src-ip=...`), ` SIPMSG:`, the message indented by a space after ` |`; INFO records and other modules\' between',
		file: 'cisco-expressway-c-network-log-service-408.txt',
		format: 'expressway',
		messages: [
			{
				line: 2,
				start: 'SERVICE sip:serviceserver@cucm02.example.local SIP/2.0',
				callId: 'abcd12345678@127.0.0.1',
				time: '2016-04-19T07:09:13.973',
				epochMicros: Date.UTC(2016, 3, 19, 7, 9, 13, 973) * 1000,
				src: '64.100.0.10:7003',
				dst: '10.0.30.2:27901',
				direction: 'in',
				transport: null,
			},
			{
				line: 73,
				start: 'SIP/2.0 408 Request Timeout',
				callId: 'abcd12345678@127.0.0.1',
				time: '2016-04-19T07:09:13.982',
				src: '10.0.30.2:27901',
				dst: '64.100.0.10:7003',
				direction: 'out',
			},
		],
		more: (text, a) => {
			assert.equal(a.index.requestOf(1), 0);
			// The record and ` SIPMSG:` are the frame's metadata.
			const f = a.messages[0]!.frame;
			assert.match(
				text.slice(f.meta!.start, f.meta!.end),
				/Msg-Hash="123456789123456789"\n SIPMSG:\n$/,
			);
			// The INFO record that sums the 408 up is log text, not a message.
			assert.ok(
				a.noise.some((n) => text.slice(n.start, n.end).includes('Level="INFO":  Action="Sent"')),
			);
			// The article cut the certificate (its lines lost their indentation) and redacted the
			// branches (`branch=[branchID]`): the body is short of its Content-Length; a branch so
			// masked is no sender's branch without the cookie.
			assert.deepEqual(codes(a), ['content-length.mismatch']);
			assert.ok(text.includes('branch=[branchID]'));
		},
	},
]);

void test("a poster's note after a Request-Line's version (`SIP/2.0 <- Method line`, a mark at the right edge, `SIP/2.0^M <- ...`): the request is read, the note reported", () => {
	// The shapes of a presence tutorial's annotated NOTIFY (mrgibson.com's SIP presence notes) and
	// of a Japanese blog's copy of an NGN INVITE with a ★ at the edge of the lines it discusses.
	const notify = [
		'Example NOTIFY with presence:',
		'NOTIFY sip:51234@10.0.0.27 SIP/2.0 <- Method line',
		'Via: SIP/2.0/UDP 10.0.0.27;branch=z9hG4bK-d1e4c983',
		'To: <sip:51112@10.0.0.27>;tag=rnzgc',
		'From: <sip:51234@10.0.0.27>;tag=8f2a',
		'Call-ID: uyyucrjijinwadl',
		'CSeq: 633 NOTIFY',
		'Max-Forwards: 70',
		'Event: presence',
		'Subscription-State: active;expires=3600',
		'Content-Length: 0',
		'',
		'INVITE sip:117@ntt-east.ne.jp SIP/2.0                                         ★',
		'Via: SIP/2.0/UDP 118.177.72.242:5060;branch=z9hG4bK6e43a0fc8795c582',
		'Max-Forwards: 70',
		'From: <sip:0191349809@ntt-east.ne.jp>;tag=6723e455',
		'To: <sip:117@ntt-east.ne.jp>',
		'Call-ID: 06f1d70fa02f0d48@hikari-sip',
		'CSeq: 1 INVITE',
		'Contact: <sip:0191349809@118.177.72.242:5060>',
		'Content-Length: 0',
		'',
		'SUBSCRIBE sip:3001@10.10.202.50:5060 SIP/2.0^M <- sent by the portal',
		'Via: SIP/2.0/UDP 10.10.202.1:5060;branch=z9hG4bK4812E5',
		'From: <sip:3001@10.10.202.1>;tag=CC5F60-3EC',
		'To: <sip:3001@10.10.202.50>',
		'Call-ID: AE09C597@10.10.202.1',
		'CSeq: 101 SUBSCRIBE',
		'Max-Forwards: 70',
		'Contact: <sip:3001@10.10.202.1:5060>',
		'Event: message-summary',
		'Content-Length: 0',
		'',
		// Cisco's configuration guides annotate their examples so.
		'OPTIONS sip:5550123@172.18.193.187:5060 SIP/2.0 ! Options request message (command sequence 101)',
		'Via: SIP/2.0/UDP 172.18.193.120:5060;branch=z9hG4bK-cisco',
		'From: <sip:5550100@172.18.193.120>;tag=c1',
		'To: <sip:5550123@172.18.193.187>',
		'Call-ID: C2B1E9F1@172.18.193.120',
		'CSeq: 101 OPTIONS',
		'Max-Forwards: 70',
		'Content-Length: 0',
		'',
	].join('\n');
	const a = analyzeTrace(notify);
	assert.deepEqual(
		a.messages.map((m) => [m.method, m.requestUri, lineOf(notify, m.frame.sip.start), m.callId]),
		[
			['NOTIFY', 'sip:51234@10.0.0.27', 1, 'uyyucrjijinwadl'],
			['INVITE', 'sip:117@ntt-east.ne.jp', 12, '06f1d70fa02f0d48@hikari-sip'],
			['SUBSCRIBE', 'sip:3001@10.10.202.50:5060', 22, 'AE09C597@10.10.202.1'],
			['OPTIONS', 'sip:5550123@172.18.193.187:5060', 33, 'C2B1E9F1@172.18.193.120'],
		],
	);
	const notes = a.problems.filter((p) => p.code === 'message.malformed-start-line');
	assert.deepEqual(
		notes.map((p) => [p.severity, notify.slice(p.span.start, p.span.end)]),
		[
			// A note marked as one (an arrow) is the page's: information; a mark alone may be sent.
			['information', '<- Method line'],
			['warning', '★'],
			['information', '<- sent by the portal'],
			['information', '! Options request message (command sequence 101)'],
		],
	);
	// Nothing else said but what a lone NOTIFY is told: no header missing, no malformed line.
	assert.deepEqual(
		a.problems.filter((p) => p.severity === 'error').map((p) => p.code),
		[],
	);
	coversAll(notify, a);
});

void test('a line that names a request and goes on in prose, or one whose headers run on after the version, is not taken for an annotated start line', () => {
	const text = [
		'We send INVITE sip:bob@example.com SIP/2.0 and wait.',
		'REGISTER sip:example.com SIP/2.0 is what the phone sends first',
		'and then nothing.',
		'',
		'SUBSCRIBE sip:3001@10.10.202.50:5060 SIP/2.0 Via: SIP/2.0/UDP 10.10.202.1:5060;branch=z9hG4bK4812E5',
		'From: <sip:3001@10.10.202.1>;tag=CC5F60-3EC',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	// The SUBSCRIBE whose first header a page joined to its start line is read as such, its
	// Via the header it is (flattened.ts), not a note after the version.
	assert.deepEqual(
		a.messages.map((m) => m.method),
		['SUBSCRIBE'],
	);
	assert.ok(a.messages[0]!.header('via'));
	assert.ok(!a.problems.some((p) => p.code === 'message.malformed-start-line'));
});

void test("Flexisip's debug log: `Receiving new Request SIP message REGISTER from sip:... :` gives the request below it its time and direction", () => {
	// As in flexisip #25 (Flexisip 1.0's debug log; agent.cc writes the method and the From URI,
	// then ` :` and the message on the next line).
	const log = [
		'2018-02-21 08:43:02:771 flexisip-debug-nta: received REGISTER sip:sip.example.org SIP/2.0 (CSeq 22)',
		'2018-02-21 08:43:02:771 flexisip-debug-New SipEvent 0xebf2b8 - msg 0xebee40',
		'2018-02-21 08:43:02:771 flexisip-debug-Receiving new Request SIP message REGISTER from sip:toto@sip.example.org :',
		'REGISTER sip:sip.example.org SIP/2.0',
		'Via: SIP/2.0/UDP 172.30.1.3:53901;branch=z9hG4bK.98DvRkAzg;rport=53901;received=59.29.234.173',
		'From: <sip:toto@sip.example.org>;tag=ayP-O2mp3',
		'To: sip:toto@sip.example.org',
		'CSeq: 22 REGISTER',
		'Call-ID: vlrcNg8wyB',
		'Max-Forwards: 70',
		'Contact: <sip:toto@172.30.1.3:53901;transport=udp>',
		'Expires: 3600',
		'Content-Length: 0',
		'',
		'2018-02-21 08:43:02:772 flexisip-debug-Invoking onRequest() on module DoSProtection',
		// What it forwards, as Flexisip 1.0's event.cc writes it (`to=%s:`).
		'2018-02-21 08:43:02:773 flexisip-debug-Sending Request SIP message to=sip:10.0.0.9:5060:',
		'REGISTER sip:sip.example.org SIP/2.0',
		'Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK.x1',
		'Via: SIP/2.0/UDP 172.30.1.3:53901;branch=z9hG4bK.98DvRkAzg;rport=53901;received=59.29.234.173',
		'From: <sip:toto@sip.example.org>;tag=ayP-O2mp3',
		'To: sip:toto@sip.example.org',
		'CSeq: 22 REGISTER',
		'Call-ID: vlrcNg8wyB',
		'Max-Forwards: 69',
		'Contact: <sip:toto@172.30.1.3:53901;transport=udp>',
		'Expires: 3600',
		'Content-Length: 0',
		'',
	].join('\n');
	const a = analyzeTrace(log);
	assert.deepEqual(
		a.messages.map((m) => [
			m.method,
			lineOf(log, m.frame.sip.start),
			m.frame.time,
			m.frame.direction,
		]),
		[
			['REGISTER', 3, '2018-02-21T08:43:02.771', 'in'],
			['REGISTER', 16, '2018-02-21T08:43:02.773', 'out'],
		],
	);
	coversAll(log, a);
	// A line that goes on after the URI is prose, not the line announcing a message: it gives no
	// direction; only its stamp, as any log record right above a message does, the time.
	const prose = log.replace('sip.example.org :\n', 'sip.example.org : dropped\n');
	const first = analyzeTrace(prose).messages[0]!.frame;
	assert.deepEqual([first.time, first.direction], ['2018-02-21T08:43:02.771', null]);
});

void test("Flexisip's debug log: `Receiving new Response SIP message: 401` and `Sending Request SIP message to sip:a:p` give the message below its direction, time and destination", () => {
	// The shapes of Flexisip's own log lines in its issues (flexisip #218, #258; linphone-iphone
	// #297): the time's milliseconds after a colon, the message right below its line.
	const log = [
		'2025-06-23 17:57:13:515 flexisip-debug- nta: received 401 Unauthorized for INVITE (30206)',
		'2025-06-23 17:57:13:516 flexisip-debug- Receiving new Response SIP message: 401',
		'SIP/2.0 401 Unauthorized',
		'Via: SIP/2.0/UDP 192.168.30.10:5060;rport=5060;branch=z9hG4bKPjcce705c9',
		'Call-ID: uEnvJBrDhD',
		'From: "1008" <sip:1008@192.168.30.142>;tag=qLBuLbPfN',
		'To: <sip:1009@192.168.30.142>;tag=as6d1f2',
		'CSeq: 20 INVITE',
		'WWW-Authenticate: Digest realm="asterisk", nonce="1780989939/1f8f", algorithm=MD5, qop="auth"',
		'Content-Length: 0',
		'',
		'',
		'2025-06-23 17:57:13:516 flexisip-debug- Skipping onResponse() on module DoSProtection',
		'2025-06-23 17:57:14:195 flexisip-debug-Sending Request SIP message to sip:192.0.2.10:5060;transport=udp',
		'INVITE sip:2460@office.example.com SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.7:55135;branch=z9hG4bK.7KhHuTl0u;rport=55934',
		'From: "Linda" <sip:2410@office.example.com>;tag=UkRmCM5Vh',
		'To: "Andrew" <sip:2460@office.example.com>',
		'CSeq: 21 INVITE',
		'Call-ID: Wnk0CPZoJt',
		'Max-Forwards: 69',
		'Contact: <sip:2410@192.0.2.7:55934>',
		'Content-Length: 0',
		'',
		'',
	].join('\n');
	const a = analyzeTrace(log);
	assert.deepEqual(
		a.messages.map((m) => [
			m.method ?? m.status,
			lineOf(log, m.frame.sip.start),
			m.frame.time,
			m.frame.direction,
			m.frame.dst,
		]),
		[
			[401, 2, '2025-06-23T17:57:13.516', 'in', null],
			['INVITE', 14, '2025-06-23T17:57:14.195', 'out', '192.0.2.10:5060'],
		],
	);
	coversAll(log, a);
	// Flexisip 2.6 (flexisip #262): what its agent received, below `Agent::processRequest -
	// Message:` (a request) or `Agent::processResponse - Message:`.
	const agent = [
		'2026-07-25 14:19:28:022 flexisip-message- Agent::processRequest - Received SIP request [0x5561bd2869b0] INVITE (117940792 - afbf67ad) from sip:1002@example.com to sip:1001@example.com',
		'2026-07-25 14:19:28:022 flexisip-debug- Agent::processRequest - Message:',
		...log.split('\n').slice(14, 26),
		'2026-07-25 14:19:28:310 flexisip-debug- Agent::processResponse - Message:',
		...log.split('\n').slice(2, 13),
	].join('\n');
	const received = analyzeTrace(agent);
	assert.deepEqual(
		received.messages.map((m) => [m.method ?? m.status, m.frame.time, m.frame.direction]),
		[
			['INVITE', '2026-07-25T14:19:28.022', 'in'],
			[401, '2026-07-25T14:19:28.310', 'in'],
		],
	);
	coversAll(agent, received);
});

void test("pidgin-sipe's debug output: `MESSAGE START >>>>>>>>>> SIP - <UTC time>` gives the message below it its direction and time; `MESSAGE END` is not its text", () => {
	// The shape of pidgin-sipe's sipe_utils_message_debug() in its issues (tieto/sipe #119):
	// `<<<<<<<<<<` for a message received, `>>>>>>>>>>` for one sent.
	const log = [
		'(16:46:43) sipe: sipe_ocs2007_process_roaming_self: single client detected',
		'(16:46:43) sipe: ',
		'MESSAGE START >>>>>>>>>> SIP - 2016-09-28T14:46:43.931204Z',
		'SUBSCRIBE sip:bob@contoso.com SIP/2.0',
		'Via: SIP/2.0/TLS 172.20.4.10:55522;branch=z9hG4bK4f9a1c0d',
		'From: <sip:alice@contoso.com>;tag=38209ebf3e;epid=d6277c8671',
		'To: <sip:bob@contoso.com>',
		'Call-ID: 23ffb7f278764277871ff5b4ba90ae11',
		'CSeq: 1 SUBSCRIBE',
		'Max-Forwards: 70',
		'Contact: <sip:alice@contoso.com;transport=tls>',
		'Event: presence',
		'Accept: application/pidf+xml',
		'Content-Length: 0',
		'',
		'MESSAGE END >>>>>>>>>> SIP - 2016-09-28T14:46:43.931204Z',
		'(16:46:43) sipe: ',
		'MESSAGE START <<<<<<<<<< SIP - 2016-09-28T14:46:43.979804Z',
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/TLS 172.20.4.10:55522;branch=z9hG4bK4f9a1c0d',
		'From: <sip:alice@contoso.com>;tag=38209ebf3e;epid=d6277c8671',
		'To: <sip:bob@contoso.com>;tag=a1b2c3',
		'Call-ID: 23ffb7f278764277871ff5b4ba90ae11',
		'CSeq: 1 SUBSCRIBE',
		'Contact: <sip:bob@contoso.com;transport=tls>',
		'Expires: 3600',
		'Content-Length: 0',
		'',
		'MESSAGE END <<<<<<<<<< SIP - 2016-09-28T14:46:43.979804Z',
		'',
	].join('\r\n');
	const a = analyzeTrace(log);
	assert.deepEqual(
		a.messages.map((m) => [
			m.method ?? m.status,
			lineOf(log, m.frame.sip.start),
			m.frame.time,
			m.frame.direction,
			!log.slice(m.frame.sip.start, m.frame.sip.end).includes('MESSAGE END'),
		]),
		[
			['SUBSCRIBE', 3, '2016-09-28T14:46:43.931204Z', 'out', true],
			[200, 18, '2016-09-28T14:46:43.979804Z', 'in', true],
		],
	);
	assert.equal(a.index.transactionOf(1)?.request, 0);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
	coversAll(log, a);
});

void test('a message copied from a page that numbers its lines (`[ Line 7 ] Event: reg`, ShareTechnote): read without the numbers, its body unnumbered', () => {
	// The shape of ShareTechnote's IMS handbook examples (its NOTIFY page, Example 1), whose
	// reginfo body the page leaves unnumbered.
	const body = [
		'<reginfo xmlns="urn:ietf:params:xml:ns:reginfo" version="0" state="full">',
		'<registration aor="sip:+11234567890@ims.example.com" id="12345" state="active">',
		'</registration>',
		'</reginfo>',
	];
	const length = body.reduce((n, l) => n + l.length + 2, 0);
	const headers = [
		'NOTIFY sip:+11234567890@ims.example.com SIP/2.0',
		'Via: SIP/2.0/UDP 192.168.1.2:5060;branch=z9hG4bK-fa1fec3c8c092d3c03c8555617fa1730;transport=UDP',
		'Call-ID: 2489100824@192.168.1.15',
		'From: <sip:+11234567890@ims.example.com>;tag=987654321',
		'To: <sip:+11234567890@ims.example.com>;tag=3855569531',
		'Subscription-State: active;expires=3600',
		'Event: reg',
		'CSeq: 1 NOTIFY',
		'Contact: <sip:192.168.1.2:5060>',
		'Max-Forwards: 70',
		'Content-Type: application/reginfo+xml',
		`Content-Length: ${length}`,
		'',
	];
	const text = [
		'< Example 1 >',
		...headers.map((l, i) => `[ Line ${i + 1} ]${l ? ` ${l}` : ''}`),
		...body,
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.deepEqual(
		[m.method, lineOf(text, m.frame.sip.start), m.callId, m.event?.package, m.headerCount],
		['NOTIFY', 1, '2489100824@192.168.1.15', 'reg', 11],
	);
	assert.match(text.slice(m.body!.start, m.body!.end), /^<reginfo[^]*<\/reginfo>\s*$/);
	// A lone NOTIFY: nothing else is said of it.
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['notify.no-subscribe'],
	);
	coversAll(text, a);
	// The page's copy took the body's indentation off (Content-Length counts it): a whole document
	// a few octets short is the copy's white space, not a cut or a lying length.
	const indented = text.replace(`Content-Length: ${length}`, `Content-Length: ${length + 6}`);
	const copied = analyzeTrace(indented).problems.filter(
		(p) => p.code === 'content-length.mismatch',
	);
	assert.deepEqual(
		copied.map((p) => p.severity),
		['information'],
	);
	assert.match(copied[0]!.message, /its XML document whole: the copy changed its white space/);
});

void test("the page's caption right under a message's last header (`< Example 3 >`, no empty line between): not read as a malformed header", () => {
	const headers = (callId: string) => [
		'NOTIFY sip:192.168.1.1:5060;transport=udp SIP/2.0',
		'Via: SIP/2.0/UDP 192.168.1.2:51417;branch=z9hG4bKb7a8715cd9d04e019149483fac110bee93;rport',
		'Max-Forwards: 69',
		'From: <sip:presence@anritsu-rcs.com>;tag=9ab957cb0149442b9e4a6d99d93f3d21',
		'To: <sip:+339012341234@anritsu-rcs.com>;tag=8Ih0yaUGAA',
		'Event: presence',
		'Contact: <sip:presence@anritsu-rcs.com>',
		'Subscription-State: active;expires=600',
		'Content-Length: 0',
		'CSeq: 1 NOTIFY',
		`Call-ID: ${callId}`,
		'Record-Route: <sip:192.168.1.2;lr>',
	];
	const numbered = (lines: string[]) => lines.map((l, i) => `[ Line ${i + 1} ] ${l}`);
	// Between two examples, and at the end of the copy.
	const text = [
		'< Example 2 >',
		...numbered(headers('a1@192.168.1.1')),
		'< Example 3 >',
		...numbered(headers('b2@192.168.1.1')),
		'< Example 4 >',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.callId, m.headerCount]),
		[
			['a1@192.168.1.1', 11],
			['b2@192.168.1.1', 11],
		],
	);
	assert.deepEqual(
		a.problems.filter((p) => p.severity === 'error' || p.severity === 'warning').map((p) => p.code),
		[],
	);
	coversAll(text, a);
});

void test("the same page double-spaced (an empty line after each line): a body ends with its XML's root, none where Content-Length is 0", () => {
	// ShareTechnote's NOTIFY page as saved: Example 1's reginfo then `< Example 2 >`, whose
	// NOTIFY has `Content-Length: 0` and is followed by `< Example 3 >`.
	const reginfo = [
		'<reginfo xmlns="urn:ietf:params:xml:ns:reginfo" version="0" state="full">',
		'<registration aor="sip:+11234567890@ims.example.com" id="12345" state="active">',
		'</registration>',
		'</reginfo>',
	];
	const numbered = (headers: string[]): string[] =>
		headers.map((l, i) => `[ Line ${i + 1} ]${l ? ` ${l}` : ''}`);
	const notify = (callId: string, type: string, length: number): string[] => [
		'NOTIFY sip:+11234567890@ims.example.com SIP/2.0',
		'Via: SIP/2.0/UDP 192.168.1.2:5060;branch=z9hG4bK-fa1fec3c8c092d3c03c8555617fa1730',
		`Call-ID: ${callId}`,
		'From: <sip:+11234567890@ims.example.com>;tag=987654321',
		'To: <sip:+11234567890@ims.example.com>;tag=3855569531',
		'Subscription-State: active;expires=3600',
		`Event: ${type === 'application/reginfo+xml' ? 'reg' : 'presence'}`,
		'CSeq: 1 NOTIFY',
		'Max-Forwards: 70',
		`Content-Type: ${type}`,
		`Content-Length: ${length}`,
	];
	const lines = [
		'< Example 1 >',
		' ',
		...numbered([...notify('a1@192.168.1.15', 'application/reginfo+xml', 300), '']),
		...reginfo,
		' ',
		'< Example 2 >',
		' ',
		...numbered(notify('b2@192.168.1.1', 'application/pidf+xml', 0)),
		' ',
		'< Example 3 >',
		'',
	];
	const text = lines.join('\n\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 2);
	const [first, second] = a.messages;
	assert.match(text.slice(first!.body!.start, first!.body!.end), /^\s*<reginfo[^]*<\/reginfo>$/);
	assert.equal(second!.body, null);
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('body.')),
		[],
	);
	coversAll(text, a);
});

void test("SEMS' debug log: `recvd msg via UDP from a:p` above the `--++--` that opens the message gives its source", () => {
	// The shape of SEMS 1.7's udp_trsp.cpp debug lines in a sems-server issue: the message between
	// two `--++--` lines, its last line end before the second.
	const log = [
		'  [#7faac0943700/17575] [run, udp_trsp.cpp:352] DEBUG: vv M [|] u recvd msg via UDP from proxy.example.de:5060 vv',
		'--++--',
		'BYE sip:sems.example.de:5070;transport=udp SIP/2.0',
		'Via: SIP/2.0/UDP proxy.example.de;branch=z9hG4bK1bac.43d4b7a57465083433d5abbdb4287896.0',
		'Max-Forwards: 68',
		'From: "1000" <sip:1000@sip.example.de>;tag=wyLfuxj3HJ',
		'To: <sip:1200@sip.example.de>;tag=00683F33-581A2A4D',
		'Call-ID: LkLa0EgM6tEyhIK278jsSXXcRPJE2JgH',
		'CSeq: 2702 BYE',
		'Content-Length:  0',
		'',
		'--++--',
		' [#7faac0943700/17575] [match_request, trans_table.cpp:99] DEBUG:  Matching BYE request',
		'',
	].join('\n');
	const a = analyzeTrace(log);
	assert.deepEqual(
		a.messages.map((m) => [
			m.method,
			lineOf(log, m.frame.sip.start),
			m.frame.src,
			m.frame.direction,
		]),
		[['BYE', 2, 'proxy.example.de:5060', 'in']],
	);
	coversAll(log, a);
});

void test("mjsip's log: `Received message from: a:p/udp (N bytes).` above `-----Begin-of-message-----` gives the message's source, transport and time", () => {
	// The shape of PhoneBlock's answering machine log (mjsip, a FRITZ!Box calling it).
	const log = [
		'[2024-10-21 08:16:44] INFO: [org.mjsip.sip.provider.SipProvider]: Received message from: 79.245.178.210:5060/udp (412 bytes).',
		'-----Begin-of-message-----',
		'OPTIONS sip:ab-1@128.140.84.131:50060 SIP/2.0',
		'Via: SIP/2.0/UDP 79.245.178.210:5060;branch=z9hG4bK4207DC1195070DC1',
		'From: <sip:040855992611@fritz.box>;tag=BF13224E986A3495',
		'To: <sip:ab-1@128.140.84.131>',
		'Call-ID: 5694A3F5A5BEB07F@79.245.178.210',
		'CSeq: 1 OPTIONS',
		'Max-Forwards: 70',
		'Content-Length: 0',
		'',
		'-----End-of-message-----',
		'',
	].join('\n');
	const a = analyzeTrace(log);
	assert.deepEqual(
		a.messages.map((m) => [
			m.method,
			lineOf(log, m.frame.sip.start),
			m.frame.src,
			m.frame.transport,
			m.frame.time,
		]),
		[['OPTIONS', 2, '79.245.178.210:5060', 'UDP', '2024-10-21T08:16:44']],
	);
	coversAll(log, a);
});

void test("ngrep's payload without its `U a -> b` line, double-spaced by the page it was posted on: the trailing `.` is still ngrep's CR", () => {
	// The shape of a Chinese blog's copy of a Kamailio REGISTER challenge (geek-share.com): an
	// empty line after every line, each line still ending in ngrep's `.`.
	const lines = (ls: string[]): string => ls.map((l) => `${l}.\n\n`).join('');
	const text = [
		'1\n\n',
		lines([
			'REGISTER sip:192.168.1.88 SIP/2.0',
			'Via: SIP/2.0/UDP 192.168.1.119:26023;rport;branch=z9hG4bK2011767405',
			'From: <sip:1000@192.168.1.88>;tag=627991566',
			'To: <sip:1000@192.168.1.88>',
			'Call-ID: 1426548078',
			'CSeq: 20 REGISTER',
			'Contact: <sip:1000@192.168.1.119:26023>',
			'Max-Forwards: 70',
			'Expires: 3600',
			'Content-Length: 0',
			'',
		]),
		lines([
			'SIP/2.0 401 Unauthorized',
			'Via: SIP/2.0/UDP 192.168.1.119:26023;rport=26023;branch=z9hG4bK2011767405',
			'From: <sip:1000@192.168.1.88>;tag=627991566',
			'To: <sip:1000@192.168.1.88>;tag=b27e1a1d33761e85846fc98f5f3a7e58.2e0f',
			'Call-ID: 1426548078',
			'CSeq: 20 REGISTER',
			'WWW-Authenticate: Digest realm="192.168.1.88", nonce="VQbDTVUGwiGk0W5TmUCJlT2A"',
			'Content-Length: 0',
			'',
		]),
	].join('');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.callId, m.expires ?? null]),
		[
			['REGISTER', '1426548078', 3600],
			[401, '1426548078', null],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
	assert.deepEqual(
		a.problems.filter((p) => p.severity === 'error').map((p) => p.code),
		[],
	);
});

void test("Asterisk's full log with its stamp on every line, the message quoted without the heading above it: read as the log, its stamp off each line", () => {
	// The shape of a PBX vendor's knowledge-base article (ScopTEL's NAT page): Asterisk with
	// logger.conf's `dateformat=%F %T`, the `<--- SIP read from ... --->` line left out.
	const stamp = '[2016-04-27 10:25:58] ';
	const text = [
		'Here is what the SIP INVITE from a remote NAT extension looks like:',
		...[
			'INVITE sip:501@pbx.example.com:5060 SIP/2.0',
			'Via: SIP/2.0/UDP 10.35.25.71:5062;branch=z9hG4bKd0ac118bea34ac054;rport',
			'Max-Forwards: 70',
			'From: "Ext 502" <sip:502@pbx.example.com>;tag=a1b2',
			'To: <sip:501@pbx.example.com>',
			'Call-ID: 2c0d1b1f@10.35.25.71',
			'CSeq: 1 INVITE',
			'Contact: <sip:502@10.35.25.71:5062>',
			'Content-Length: 0',
			'',
		].map((l) => `${stamp}${l}`),
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.method, lineOf(text, m.frame.sip.start), m.callId, m.frame.time]),
		[['INVITE', 1, '2c0d1b1f@10.35.25.71', '2016-04-27T10:25:58']],
	);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
	coversAll(text, a);
});

void test("a logger's own stamp before every line (the Arduino IDE's serial monitor, `17:01:27.699 -> `): the message is read without it, dated by it", () => {
	// The shape of an ESP32 SIP library's output pasted from the serial monitor in an issue
	// (ArduinoVoip): the library's own lines and the message's, each behind the monitor's stamp.
	const lines = [
		'17:01:27.665 ->  Connect SIP Client  on IP 192.168.43.202 Port 5060 ret= true',
		'17:01:27.699 -> *****  Register  *****',
		'17:01:27.699 -> REGISTER sip:192.168.43.202 SIP/2.0',
		'17:01:27.699 -> Via: SIP/2.0/TCP 192.168.43.54:5060;branch=z9hG4bK-4Qv1Xg1Lf1Mj1Ra5Pt7Wk8Ux8Te1Xq',
		'17:01:27.699 -> Max-Forwards: 70',
		'17:01:27.699 -> From: <sip:2000@192.168.43.202:5060>;tag=4Oi8Oh1Mx2Tp8On8Tx2Br3Kk5Ac5Ti',
		'17:01:27.699 -> To: <sip:2000@192.168.43.202:5060>',
		'17:01:27.699 -> Call-ID: 6Hd0Cr0@192.168.43.202:5060',
		'17:01:27.699 -> CSeq: 1 REGISTER',
		'17:01:27.699 -> Contact: <sip:2000@192.168.43.54;transport=TCP>',
		'17:01:27.732 -> Content-Length: 0',
		'17:01:27.732 -> ',
		'17:01:27.767 ->  Response Code               401',
		'',
	];
	const text = lines.join('\r\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [
			m.method,
			lineOf(text, m.frame.sip.start),
			m.callId,
			m.cseq?.seq,
			m.frame.time,
		]),
		[['REGISTER', 2, '6Hd0Cr0@192.168.43.202:5060', 1, '17:01:27.699']],
	);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
	coversAll(text, a);
	// A tag before the start line alone (a console's `SEND: `) is no column: the lines below it
	// are the message's as they stand.
	const tagged = [
		'SEND: OPTIONS sip:a@example.com SIP/2.0',
		...lines.slice(3, 12).map((l) => l.slice(16)),
	].join('\r\n');
	assert.equal(analyzeTrace(tagged).messages[0]?.callId, '6Hd0Cr0@192.168.43.202:5060');
	// dart-sip-ua's `SIP_LOG` logger (a Flutter app's console, Telnyx over WSS): a `→ ` before the
	// start line only, after the column every line carries.
	const flutter = lines
		.slice(2, 13)
		.map(
			(l, i) =>
				`flutter:  SIP_LOG 2026-02-19 12:42:55.77${3000 + i}  ${i === 0 ? '→ ' : ''}${l.slice(16)}`,
		)
		.join('\n');
	const dart = analyzeTrace(flutter);
	assert.deepEqual(
		dart.messages.map((m) => [m.method, m.callId, m.frame.time]),
		[['REGISTER', '6Hd0Cr0@192.168.43.202:5060', '2026-02-19T12:42:55.773000']],
	);
	// Under the app's own records (`flutter: [time] Level.warning ...`), which carry no column:
	// each header is still read on its own line, not joined to the column of the next.
	const app = [
		'flutter: [2026-02-19 12:42:55.47] Level.warning websocket_dart_impl.dart:87 ::: Allow self-signed certificate => sip.example.com:7443.',
		'flutter: [2026-02-19 12:42:55.235] Level.warning registrator.dart:135 ::: <sip:wvnsi0uv@example.invalid;transport=wss>;+sip.ice;reg-id=1',
		'flutter: [2026-02-19 12:42:55.236] Level.debug ua.dart:210 ::: registering',
		'flutter: [2026-02-19 12:42:55.237] Level.debug ua.dart:212 ::: transport connected',
		flutter,
	].join('\n');
	const below = analyzeTrace(app);
	assert.deepEqual(
		below.messages.map((m) => [m.method, m.callId, m.headerCount]),
		[['REGISTER', '6Hd0Cr0@192.168.43.202:5060', dart.messages[0]!.headerCount]],
	);
	assert.deepEqual(
		below.problems.filter((p) => p.code === 'header.joined'),
		[],
	);
});

void test("java.util.logging's `INFO: Response from SIP Server: SIP/2.0 401 Unauthorized`: the response glued behind a level that reads as a header name is a message", () => {
	// The shape of a door-bell dialer's log in its issue (pfichtner/jsipdialer): the request
	// behind `INFO: Sending: `, the response behind `INFO: Response from SIP Server: `.
	const text = [
		'Aug 07, 2024 11:42:17 PM com.github.pfichtner.jsipdialer.UdpConnection send',
		'INFO: Sending: INVITE sip:100@192.168.0.8 SIP/2.0',
		'CSeq: 1 INVITE',
		'Call-ID: 1020782030@192.168.0.22',
		'From: "Klingel" <sip:klingel@192.168.0.8>;tag=0864381819',
		'Via: SIP/2.0/UDP 192.168.0.22:44394;rport;branch=z9hG4bK-d8754z-1',
		'To: <sip:100@192.168.0.8>',
		'Max-Forwards: 70',
		'Contact: <sip:klingel@192.168.0.22:44394;transport=udp>',
		'Content-Length: 0',
		'',
		'Aug 07, 2024 11:42:17 PM com.github.pfichtner.jsipdialer.UdpConnection receive',
		'INFO: Response from SIP Server: SIP/2.0 401 Unauthorized',
		'Via: SIP/2.0/UDP 192.168.0.22:44394;rport=44394;branch=z9hG4bK-d8754z-1',
		'From: "Klingel" <sip:klingel@192.168.0.8>;tag=0864381819',
		'To: <sip:100@192.168.0.8>;tag=9A1E5B2C',
		'Call-ID: 1020782030@192.168.0.22',
		'CSeq: 1 INVITE',
		'WWW-Authenticate: Digest realm="fritz.box", nonce="C0FFEE1234"',
		'Content-Length: 0',
		'',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, lineOf(text, m.frame.sip.start)]),
		[
			['INVITE', 1],
			[401, 12],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
	// A header's own value is still no start line: `Warning: ... SIP/2.0 200` stays a header.
	const header = 'Warning: 399 proxy.example.com "SIP/2.0 200 seen"';
	assert.ok(!text.includes(header));
	assert.equal(analyzeTrace(text.replace('Max-Forwards: 70', header)).messages.length, 2);
});

void test("a page's heading `Session Initiation Protocol (SIP) für IP-Telefonie` is no tshark tree: the INVITE below it is read", () => {
	// The shape of a German blog post: its title, prose, then a bare INVITE.
	const text = [
		'Session Initiation Protocol (SIP) für IP-Telefonie',
		'',
		'Ein INVITE sieht zum Beispiel so aus:',
		'',
		'INVITE sip:+492211234567@example.de;transport=udp;user=phone SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1a2b3c',
		'Max-Forwards: 70',
		'From: <sip:+4930123456@example.de>;tag=f00d',
		'To: <sip:+492211234567@example.de>',
		'Call-ID: cd8550003156-6798612ad@192.0.2.10',
		'CSeq: 1 INVITE',
		'Contact: <sip:+4930123456@192.0.2.10:5060>',
		'Content-Length: 0',
		'',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'raw');
	assert.deepEqual(
		a.messages.map((m) => [m.method, lineOf(text, m.frame.sip.start)]),
		[['INVITE', 4]],
	);
	// tshark's own tree root still says tshark.
	assert.equal(
		analyzeTrace('Frame 1: 512 bytes on wire\nSession Initiation Protocol (INVITE)\n').format,
		'tshark',
	);
});

test("Oracle's SBC manual quoting its sipmsg.log: a `^M` alone under Content-Length is the message's empty line", () => {
	// Oracle Enterprise SBC ECZ7.4 Configuration Guide, "Example 1 INVITE from sip EP to sipd".
	const text = [
		'Example 1 INVITE from sip EP to sipd',
		'',
		'Apr 20 04:43:54.220 On [0:0]192.168.200.68:5060 received from 192.168.200.6:5062',
		'INVITE sip:800@192.168.200.68:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 192.168.200.6:5062',
		'From: sipp <sip:7789@192.168.200.6:5062>;tag=1',
		'To: sut <sip:800@192.168.200.68:5060>',
		'Call-ID: 1.1336.192.168.200.6@sipp.call.id',
		'Cseq: 1 INVITE',
		'Contact: sip:7789@192.168.200.6:5062',
		'Max-Forwards: 70',
		'Content-Type: application/sdp',
		'Content-Length: 136',
		'^M',
		'v=0',
		'o=user1 53655765 2353687637 IN IP4 127.0.0.1',
		's=-',
		't=0 0',
		'c=IN IP4       127.0.0.1',
		'm=audio 10000 RTP/AVP 0',
		'a=rtpmap:0 PCMU/8000',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(text.slice(m.body!.start, m.body!.end).split('\n')[0], 'v=0');
	const codes = a.problems.map((p) => p.code);
	assert.ok(!codes.includes('message.missing-empty-line'), codes.join());
	assert.ok(!codes.some((c) => c.startsWith('content-length.')), codes.join());
	// Nowhere else in a trace, a line of `^M` is text like any other.
	const prose = 'Press ^M to continue.\n^M\nINVITE sip:a@b SIP/2.0\n';
	assert.equal(analyzeTrace(prose).messages.length, 1);
});

test('a logged header whose value is the version (`Server: SIP/2.0`) behind a log prefix is no request line', () => {
	// linphone-sdk in an iOS app, its Xcode console (a GitHub issue): the REGISTER's 401 logged a
	// header a line, one of them the registrar's `Server: SIP/2.0`.
	const prefix = '2020-05-23 16:46:33.548728+0530 ChatSecure[12177:137837] [Message] \t';
	const text = [
		'Here are the logs:',
		`${prefix}Server: SIP/2.0`,
		`${prefix}Organization: CDOT`,
		`${prefix}Content-Length: 0`,
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 0);
	assert.ok(!a.problems.some((p) => p.code === 'message.malformed-start-line'));
	coversAll(text, a);
	// A request line whose method is a log's word is still read loosely, to be reported.
	const odd = analyzeTrace('2020-05-23 sip:a@b SIP/2.0\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\n\n');
	assert.equal(odd.messages.length, 1);
});

test("a message quoted with `> ` among an issue's unquoted prose: its headers are read without the marker", () => {
	// A FreeSWITCH issue: the carrier's 183 quoted in Markdown between the poster's sentences.
	const quoted = [
		'SIP/2.0 183 Session Progress',
		'Via: SIP/2.0/UDP 10.235.25.2:5080;branch=z9hG4bKBr49XeaStXg2a;rport=5080',
		'Call-ID: ab1ab01e-9844-123d-c89b-005056ad0fc6',
		'From: "XXXXXX"<sip:XXXXX@XXXX>;tag=X96QNvKmBKjQc',
		'To: <sip:XXXXX@XXXX:5060>;tag=f6i7ig61-CC-1022-OFC-76',
		'CSeq: 83934525 INVITE',
		'Reason: Q.850;cause=17;text="User busy"',
		'Content-Length: 0',
	];
	const text = [
		'**when i call to user , i got below sip message from gateway :** ',
		'',
		'> ',
		...quoted.map((l) => `> ${l}`),
		'',
		'after that , freeswitch do nothing , after 5 or 6 seconds call hangup by Normal Unspecified . ',
		'',
		'based on my search  after above message, gateway pend for ACK (or OK) SIP Message from freeswitch   ',
		'',
		'Version : FreeSWITCH Version 1.10.11-release~64bit',
		'> quoting someone: no message here',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [lineOf(text, m.startLine.start), m.status, m.callId]),
		[[3, 183, 'ab1ab01e-9844-123d-c89b-005056ad0fc6']],
	);
	assert.deepEqual(a.messages[0]!.cseq, { seq: 83934525, method: 'INVITE' });
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['response.no-request'],
	);
	coversAll(text, a);
});

test("Android's `System.out: ` before every line (a logcat view showing the tag alone): a pjsua message read behind it", () => {
	// An app on pjsua2 printing pjsua's log to stdout (`System.out`), as an issue quoted it.
	const lines = [
		'19:21:22.033        dlg0x7a435860a8  ...Sending Response msg 200/INVITE/cseq=21 (tdta0x7a4fb840a8)',
		'19:21:22.036           pjsua_core.c  ....TX 420 bytes Response msg 200/INVITE/cseq=21 (tdta0x7a4fb840a8) to UDP 51.89.71.129:5060:',
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/UDP 51.89.71.129;rport=5060;received=51.89.71.129;branch=z9hG4bK.ecNK5Z0g473UU9ptF21ZSFDDag',
		'Record-Route: <sip:51.89.71.129:5060;lr>',
		'Call-ID: 1NScH5F5kL',
		'From: <sip:169@sip.linphone.org>;tag=Y2eNaGvQ3',
		'To: <sip:1001@sip.linphone.org>;tag=d7ea5fa2-8c35',
		'CSeq: 21 INVITE',
		'Content-Length:  0',
		'',
		'--end msg--',
	];
	const text = lines.map((l) => `System.out: ${l}\n`).join('');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [lineOf(text, m.startLine.start), m.status, m.callId, m.frame.dst]),
		[[2, 200, '1NScH5F5kL', '51.89.71.129:5060']],
	);
	assert.deepEqual(a.messages[0]!.cseq, { seq: 21, method: 'INVITE' });
	assert.ok(!a.problems.some((p) => p.code.startsWith('header.')));
	coversAll(text, a);
});

test('ngrep pasted with an inline-code backtick before its first packet line: that packet keeps its time and addresses', () => {
	// A GitHub issue (a RingCentral registration through ngrep): `` `T 2019/09/09 ... [AP]``.
	const text = [
		'Below is the SIP trace of incoming call.',
		'',
		'`T 2019/09/09 07:09:40.084179 10.24.135.211:58750 -> 104.245.57.67:5090 [AP]',
		'REGISTER sip:sip.example.com SIP/2.0.',
		'Via: SIP/2.0/TCP 10.24.135.211:43233;branch=z9hG4bK8af881c7f57f5424;rport.',
		'Max-Forwards: 70.',
		'To: <sip:19705303795@sip.example.com>.',
		'From: <sip:19705303795@sip.example.com>;tag=1a2b.',
		'Call-ID: e184317bbfd294c1.',
		'CSeq: 1 REGISTER.',
		'Content-Length: 0.',
		'.',
		'',
		'T 2019/09/09 07:09:40.091922 104.245.57.67:5090 -> 10.24.135.211:58750 [AP]',
		'SIP/2.0 100 Trying.',
		'Via: SIP/2.0/TCP 10.24.135.211:43233;branch=z9hG4bK8af881c7f57f5424;rport.',
		'To: <sip:19705303795@sip.example.com>.',
		'From: <sip:19705303795@sip.example.com>;tag=1a2b.',
		'Call-ID: e184317bbfd294c1.',
		'CSeq: 1 REGISTER.',
		'Content-Length: 0.',
		'.',
		'`',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'ngrep');
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.time, m.frame.src, m.frame.transport]),
		[
			['REGISTER', '2019-09-09T07:09:40.084179', '10.24.135.211:58750', 'TCP'],
			[100, '2019-09-09T07:09:40.091922', '104.245.57.67:5090', 'TCP'],
		],
	);
	coversAll(text, a);
});

void test('a page caption glued under a message whose Content-Length is 0 (`< Example 3 >`): no body is read from it', () => {
	// ShareTechnote's NOTIFY page, single-spaced: Example 2's NOTIFY with a PIDF Content-Type and
	// `Content-Length: 0` before its last headers, the next example's caption right under them.
	const text = [
		'[ Line 1 ] NOTIFY sip:192.168.1.1:5060;transport=udp SIP/2.0',
		'[ Line 2 ] Via: SIP/2.0/UDP 192.168.1.2:51417;branch=z9hG4bKb7a8715cd9d04e019149483fac110bee93',
		'[ Line 3 ] From: <sip:presence@example.com>;tag=9ab957cb0149442b9e4a6d99d93f3d21',
		'[ Line 4 ] To: <sip:+339012341234@example.com>;tag=8Ih0yaUGAA',
		'[ Line 5 ] Event: presence',
		'[ Line 6 ] Content-Type: application/pidf+xml',
		'[ Line 7 ] Subscription-State: active;expires=60',
		'[ Line 8 ] Content-Length: 0',
		'[ Line 9 ] CSeq: 1 NOTIFY',
		'[ Line 10] Call-ID: 8Ih0yaUFAA@192.168.1.1',
		'< Example 3 >',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	assert.equal(a.messages[0]!.body, null);
	const codes = a.problems.map((p) => p.code);
	assert.ok(
		!codes.some((c) => c.startsWith('body.') || c === 'content-length.mismatch'),
		codes.join(),
	);
	coversAll(text, a);
});

void test('a page that numbers its lines and skips a number left that line out: a header the message lacks is not said missing', () => {
	// As ShareTechnote's PUBLISH page shows its Example 1: the Event line numbered 2, not shown.
	const numbered = (n: number, line: string): string =>
		`[ Line ${String(n).padEnd(n < 10 ? 2 : 0)}] ${line}`;
	const headers = [
		'SUBSCRIBE sip:+11234567890@test.3gpp.com SIP/2.0',
		'Event: presence',
		'Expires: 1200',
		'Contact: <sip:+11234567890@[2001:0:0:1::1]:5060>',
		'From: <sip:+11234567890@test.3gpp.com>;tag=2500364513',
		'To: <sip:+11234567890@test.3gpp.com>',
		'Call-ID: 2218059820@2001:0:0:1::1',
		'CSeq: 1 SUBSCRIBE',
		'Max-Forwards: 70',
		'Via: SIP/2.0/TCP [2001:0:0:1::1]:5060;branch=z9hG4bK3911887978smg;transport=TCP',
		'Content-Length: 0',
	];
	const page = (shown: (line: string, n: number) => boolean): string =>
		headers
			.map((line, i) => (shown(line, i + 1) ? numbered(i + 1, line) : null))
			.filter((line) => line !== null)
			.join('\n') + '\n';
	const codes = (text: string): string[] => analyzeTrace(text).problems.map((p) => p.code);
	const whole = page(() => true);
	assert.ok(whole.includes('[ Line 11] Content-Length: 0'), whole);
	assert.deepEqual(codes(whole), []);
	// Without its Event line and the number it had, the copy says so instead of blaming the sender.
	const skipped = page((line) => !line.startsWith('Event:'));
	const problems = analyzeTrace(skipped).problems;
	assert.deepEqual(
		problems.map((p) => [p.code, skipped.slice(p.span.start, p.span.end)]),
		[['message.elided', 'Expires: 1200']],
	);
	assert.match(problems[0]!.message, /line 3 after line 1/);
	// Numbered without the gap, the same message lacks its Event: the sender's fault.
	const renumbered = headers
		.filter((line) => !line.startsWith('Event:'))
		.map((line, i) => numbered(i + 1, line))
		.join('\n');
	assert.deepEqual(codes(renumbered), ['event.missing']);
});

void test("logcat pasted with a space before its first line only: the message's headers are read under it", () => {
	// Linphone Android's log in a post (linphone-android issue): the first line alone indented.
	const prefix = '2021-02-09 11:29:00.520 23101-23101/org.linphone.debug I/Linphone: ';
	const lines = [
		'MESSAGE sip:mcx.test-111.iitb@172.27.233.13:45868;transport=udp SIP/2.0',
		'Via: SIP/2.0/UDP 172.31.37.34:7684;rport;branch=z9hG4bK3vey20SjNaQ0e',
		'Max-Forwards: 70',
		'From: <sip:mcptt-as@ims.mnc001.mcc001.3gppnetwork.org>;tag=get8jHrZQg51j',
		'To: <sip:mcx.test-111.iitb@172.27.233.13:45868>',
		'Call-ID: bd0a36ae-e53e-1239-5091-02b8834228f2',
		'CSeq: 20 MESSAGE',
		'Content-Length: 0',
		'',
	].map((l) => prefix + l);
	const read = (text: string) =>
		analyzeTrace(text).messages.map((m) => [m.method, m.callId, m.headerCount]);
	const plain = `${lines.join('\n')}\n`;
	assert.deepEqual(read(plain), [['MESSAGE', 'bd0a36ae-e53e-1239-5091-02b8834228f2', 7]]);
	assert.deepEqual(read(` ${plain}`), read(plain));
	// Every line indented alike is an indented trace, read the same.
	assert.deepEqual(read(lines.map((l) => `    ${l}`).join('\n')), read(plain));
});

void test("a page's sentences among a message's numbered lines, and numbers skipped in its body (ShareTechnote's PUBLISH): the page's, not the sender's", () => {
	const note =
		'This SIP message clip highlights the following parameters: Expires, Content-Type. Use these fields to correlate the flow.';
	const text = [
		'< Example 1 >',
		'[ Line 1 ] PUBLISH sip:+11234567890@test.3gpp.com SIP/2.0',
		'[ Line 2 ] Expires: 1200',
		'[ Line 3 ] Content-Type: application/pidf+xml',
		note,
		'[ Line 4 ] From: <sip:+11234567890@test.3gpp.com>;tag=2500364513',
		'[ Line 5 ] To: <sip:+11234567890@test.3gpp.com>',
		'[ Line 6 ] Call-ID: 2218059820@2001:0:0:1::1',
		'[ Line 7 ] CSeq: 1 PUBLISH',
		'[ Line 8 ] Max-Forwards: 70',
		'[ Line 9 ] Via: SIP/2.0/TCP [2001:0:0:1::1]:5060;branch=z9hG4bK3911887978smg',
		'[ Line 10] Contact: <sip:+11234567890@[2001:0:0:1::1]:5060>',
		'[ Line 11] Event: presence',
		'[ Line 12] Content-Length: 1379',
		note,
		'[ Line 13] <?xml version="1.0" encoding="UTF-8"?>',
		'[ Line 14] <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:+11234567890@test.3gpp.com">',
		'[ Line 15] <tuple id="disc298593918">',
		'[ Line 16] <status>',
		'[ Line 17] <basic>open</basic>',
		'[ Line 18] </status>',
		'[ Line 25] </tuple>',
		'[ Line 26] </presence>',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(m.method, 'PUBLISH');
	assert.equal(m.headerCount, 11);
	assert.ok(text.slice(m.body!.start).startsWith('<?xml version'));
	// Neither sentence is a malformed header; the body's length is not judged, the gap said.
	const line = (p: { span: { start: number } }) => lineOf(text, p.span.start);
	assert.deepEqual(
		a.problems.filter((p) => p.severity === 'error' || p.severity === 'warning').map((p) => p.code),
		[],
	);
	assert.deepEqual(
		a.problems.filter((p) => p.code === 'header.malformed').map((p) => [line(p), p.severity]),
		[
			[4, 'information'],
			[14, 'information'],
		],
	);
	const elided = a.problems.filter((p) => p.code === 'message.elided');
	assert.deepEqual(elided.map(line), [21]);
	assert.match(elided[0]!.message, /its length is not judged/);
	coversAll(text, a);
});

void test("a message pasted into an issue with its addresses set as inline code (`` BYE `sip:...` SIP/2.0 ``, SIPp #174): read without the post's backticks", () => {
	const text = [
		'Example:',
		'',
		'> BYE `sip:sipp@192.168.2.2:5060` SIP/2.0',
		'> Via: SIP/2.0/UDP 192.168.2.2:5060;branch=z9hG4bK-2-21613',
		'> From: `sut <sip:5551112222@192.168.3.3:5060>`;tag=1',
		'> To: `sipp <sip:sipp@192.168.2.2:5060>`;tag=2',
		'> Call-ID: 1-21613@192.168.2.2',
		'> CSeq: 2 BYE',
		'> Max-Forwards: 70',
		'> Content-Length: 0',
		'> ',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.method, m.requestUri]),
		[['BYE', 'sip:sipp@192.168.2.2:5060']],
	);
	// Every offset stays the trace's: the From's value runs over the closing backtick in the file.
	const from = a.messages[0]!.header('from')!;
	assert.equal(
		text.slice(from.value.start, from.value.end),
		'sut <sip:5551112222@192.168.3.3:5060>`;tag=1',
	);
	assert.deepEqual(
		a.problems.filter((p) => p.severity === 'error' || p.severity === 'warning').map((p) => p.code),
		[],
	);
	coversAll(text, a);
});

void test("a Polycom phone's app log (`0916144138|sip |0|00| ` before each line, its own `>>> Data Send` lines without the space): each message's headers read behind the column", () => {
	const column = '0916144138|sip |0|00|';
	const text = [
		'Polycom VVX, Lync: what the phone logged.',
		'Here is a regular call:',
		`${column}>>> Data Send TLS 64.47.206.39:443`,
		`${column} INVITE sip:4436166338@contoso.com;user=phone;transport=tls SIP/2.0`,
		`${column} Via: SIP/2.0/TLS 192.168.1.20:33763;branch=z9hG4bKb6ef1ad01C948C1C`,
		`${column} From: "John Doe" <sip:jdoe@contoso.com>;tag=927754E0-F394DD4C`,
		`${column} To: <sip:4436166338@contoso.com;user=phone>`,
		`${column} Call-ID: ea0c67913db9d4eed89986d65c64b92d`,
		`${column} CSeq: 1 INVITE`,
		`${column} Max-Forwards: 70`,
		`${column} Contact: <sip:jdoe@192.168.1.20:33763;transport=tls>`,
		`${column} Content-Length: 0`,
		`${column} `,
		`${column}<<< Data received TLS`,
		`${column} SIP/2.0 100 Trying`,
		`${column} Via: SIP/2.0/TLS 192.168.1.20:33763;branch=z9hG4bKb6ef1ad01C948C1C`,
		`${column} From: "John Doe" <sip:jdoe@contoso.com>;tag=927754E0-F394DD4C`,
		`${column} To: <sip:4436166338@contoso.com;user=phone>`,
		`${column} Call-ID: ea0c67913db9d4eed89986d65c64b92d`,
		`${column} CSeq: 1 INVITE`,
		`${column} Content-Length: 0`,
		`${column} `,
		'The server is adding the +1:',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.callId, m.headerCount]),
		[
			['INVITE', 'ea0c67913db9d4eed89986d65c64b92d', 8],
			[100, 'ea0c67913db9d4eed89986d65c64b92d', 6],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
	assert.deepEqual(
		a.problems.filter((p) => p.severity === 'error' || p.severity === 'warning').map((p) => p.code),
		[],
	);
	coversAll(text, a);
});

void test("a Kamailio script's xlog line before each message, its time in C's ctime form (`Mon Nov 14 17:26:15 2022`): the message keeps the year", () => {
	const text = [
		'INFO: <script>: Mon Nov 14 17:26:15 2022: Incoming SIP message from sip:46.19.210.14:6073;transport=tls:',
		'OPTIONS sip:devpub@example.com:5061;transport=tls SIP/2.0',
		'Via: SIP/2.0/TLS 46.19.210.14:6073;branch=z9hG4bKfxYilaAD;rport',
		'Max-Forwards: 70',
		'From: <sip:a@example.com>;tag=1',
		'To: <sip:devpub@example.com>',
		'Call-ID: ctime-1',
		'CSeq: 1 OPTIONS',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.method, m.frame.time, m.frame.src]),
		[['OPTIONS', '2022-11-14T17:26:15', '46.19.210.14:6073']],
	);
});

void test("sofia's stamp in another zone than FreeSWITCH's dated log lines (20:00 UTC beside 14:00 local): the stamp's time kept alone, not given the log's date", () => {
	const message = (start: string, cseq: string) =>
		[
			start,
			'Via: SIP/2.0/UDP 10.10.24.20:3072;branch=z9hG4bK-5j6ziger138u;rport',
			'From: <sip:1001@pbx.example.org>;tag=eiygy9pwat',
			`To: <sip:1001@pbx.example.org>${start.startsWith('SIP') ? ';tag=a1' : ''}`,
			'Call-ID: 4e000000cdea-whmrznglb2kw',
			`CSeq: ${cseq}`,
			'Max-Forwards: 70',
			'Contact: <sip:1001@10.10.24.20:3072>',
			'Content-Length: 0',
			'',
		].map((l) => `   ${l}`);
	const dashes = `   ${'-'.repeat(72)}`;
	const text = [
		'2012-12-07 14:00:35.500000 [DEBUG] sofia.c:5000 profile internal',
		'recv 400 bytes from udp/[10.10.24.20]:3072 at 20:00:35.512788:',
		dashes,
		...message('REGISTER sip:pbx.example.org SIP/2.0', '1 REGISTER'),
		dashes,
		'2012-12-07 14:00:35.504343 [WARNING] sofia_reg.c:1502 SIP auth challenge (REGISTER)',
		'send 400 bytes to udp/[10.10.24.20]:3072 at 20:00:35.518359:',
		dashes,
		...message('SIP/2.0 401 Unauthorized', '1 REGISTER'),
		dashes,
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sofia');
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.time]),
		[
			['REGISTER', '20:00:35.512788'],
			[401, '20:00:35.518359'],
		],
	);
});

void test("Net::SIP's debug log (`1796587773.4615 DEBUG:<2>\\t` before each line): the epoch stamp times each message, `delivery with udp from A to B:` says it went out, from A to B over UDP", () => {
	const column = (stamp: string) => `${stamp} DEBUG:<2>\t`;
	const message = (stamp: string, lines: string[]) => lines.map((l) => `${column(stamp)}${l}`);
	const text = [
		`${column('1796587773.4615').trimEnd()} Net::SIP::Leg::receive[469]: received packet on sip:127.0.0.1:5090 from sip:127.0.0.1:5081:`,
		...message('1796587773.4615', [
			'REGISTER sip:127.0.0.1:5090 SIP/2.0',
			'Via: SIP/2.0/UDP 127.0.0.1:5081;branch=z9hG4bK405c3ccbbfcca775;rport',
			'Max-Forwards: 70',
			'To: <sip:looser@127.0.0.1:5090>',
			'From: <sip:looser@127.0.0.1:5090>;tag=d9e46519ca69c358',
			'Call-ID: 45d178206f9a1ec4',
			'CSeq: 27138 REGISTER',
			'Contact: <sip:looser@127.0.0.1:5081>;expires=60',
			'Content-Length: 0',
			'',
			'',
		]),
		`${column('1796587773.4625').trimEnd()} Net::SIP::Leg::deliver[427]: delivery with udp from 127.0.0.1:5090 to 127.0.0.1:5081:`,
		...message('1796587773.4625', [
			'SIP/2.0 401 Authorization required',
			'Call-id: 45d178206f9a1ec4',
			'Cseq: 27138 REGISTER',
			'From: <sip:looser@127.0.0.1:5090>;tag=d9e46519ca69c358',
			'To: <sip:looser@127.0.0.1:5090>;tag=1',
			'Via: SIP/2.0/UDP 127.0.0.1:5081;branch=z9hG4bK405c3ccbbfcca775;received=127.0.0.1;rport=5081',
			'Www-authenticate: Digest algorithm=MD5, realm="net-sip.example.com", nonce="a1c123b7"',
			'Content-length: 0',
			'',
			'',
		]),
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [
			m.method ?? m.status,
			m.frame.time,
			m.frame.src,
			m.frame.dst,
			m.frame.direction,
			m.frame.transport,
		]),
		[
			['REGISTER', '2026-12-06T20:09:33.461500', '127.0.0.1:5081', '127.0.0.1:5090', 'in', null],
			[401, '2026-12-06T20:09:33.462500', '127.0.0.1:5090', '127.0.0.1:5081', 'out', 'UDP'],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
});

void test("baresip's record right after the terminal redrew its status line with bare CRs (`\\x1b[;m\\r\\r...\\x1b[36;1m#`): the record's path still gives the message's addresses", () => {
	const redraw = `call: connecting...\x1b[;m${'\r'.repeat(60)}`;
	const text =
		redraw +
		baresipRecord('UDP 127.0.0.1:15071 -> 127.0.0.1:15060', baresipMessage('hi')) +
		baresipRecord('UDP 127.0.0.1:15060 -> 127.0.0.1:15071', baresipOk);
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.src, m.frame.dst, m.frame.transport]),
		[
			['MESSAGE', '127.0.0.1:15071', '127.0.0.1:15060', 'UDP'],
			[200, '127.0.0.1:15060', '127.0.0.1:15071', 'UDP'],
		],
	);
});

void test("baresip's record after a short redraw on a line of its own (`...(/)\\n\\r\\r\\r\\r\\x1b[36;1m#`): the record still gives the message's addresses", () => {
	const text =
		baresipRecord('UDP 127.0.0.1:15060 -> 127.0.0.1:15071', baresipOk) +
		'call: SIP Progress: 180 Ringing (/)\n\r\r\r\r' +
		baresipRecord('UDP 127.0.0.1:15071 -> 127.0.0.1:15060', baresipMessage('hi'));
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.src, m.frame.dst, m.frame.transport]),
		[
			[200, '127.0.0.1:15060', '127.0.0.1:15071', 'UDP'],
			['MESSAGE', '127.0.0.1:15071', '127.0.0.1:15060', 'UDP'],
		],
	);
});

void test('that page double-spaced and cut inside a PIDF body: the trace ends inside the body, not an invalid document', () => {
	const body = [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:op="urn:oma:xml:prs:pidf:oma-pres" entity="sip:+11234567890@test.3gpp.com">',
		'  <tuple id="a1232">',
		'    <status><basic>open</basic></status>',
		'    <op:service-description>',
		'      <op:service-id>org.3gpp.urn:urn-7:3gpp-application.ims.iari.rcse.dp</op:service-id>',
		'      <op:version>1.0</op:version>',
		'      <op:description>VoLTE Capabilities Discovery</op:description>',
		'    </op:service-description>',
		'  </tuple>',
		'</presence>',
	];
	const whole = body.reduce((n, l) => n + Buffer.byteLength(l) + 2, 0);
	const numbered = (lines: string[]) => lines.map((l, i) => `[ Line ${i + 1} ]${l ? ` ${l}` : ''}`);
	const publish = [
		'PUBLISH sip:+11234567890@test.3gpp.com SIP/2.0',
		'Via: SIP/2.0/UDP [2001:0:0:1::1]:5060;branch=z9hG4bK-1',
		'Max-Forwards: 70',
		'From: <sip:+11234567890@test.3gpp.com>;tag=1',
		'To: <sip:+11234567890@test.3gpp.com>',
		'Call-ID: 2218059820@2001:0:0:1::1',
		'CSeq: 1 PUBLISH',
		'Event: presence',
		'Expires: 1200',
		'Content-Type: application/pidf+xml',
		`Content-Length: ${whole}`,
		'',
	];
	// The copy stops after the description: the document's last three lines are not in it.
	const text = `${['< Example 1 >', ...numbered(publish), ...numbered(body.slice(0, 8))].join('\n\n')}\n`;
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.problems.map((p) => [p.code, p.severity]),
		[
			['message.double-spaced', 'warning'],
			['message.truncated', 'warning'],
		],
	);
	assert.match(a.problems[1]!.message, /^The trace ends inside this body/);
});

void test('start lines a post set in Markdown bold (`**INVITE sip:... SIP/2.0**`): the messages read, linked', () => {
	// A VoLTE walk-through's INVITE through a Kamailio S-CSCF and its 100, start lines in bold.
	const text = [
		'   Example: ',
		'**INVITE sip:0398765432100;phone-context=ims.example.com@ims.example.com;user=phone SIP/2.0**  ',
		'Via: SIP/2.0/UDP 10.4.128.21:6101;branch=z9hG4bK7a83.64fb9469779e2867fdb139eecff6c335.0',
		'Max-Forwards: 69',
		'To: <sip:0398765432100;phone-context=ims.example.com@ims.example.com;user=phone>',
		'From: <sip:0498765432100@ims.example.com>;tag=7b3fae13',
		'**Call-ID: TF0lR-e_t0o7Jp-w5kq58A..@192.168.101.3**',
		'CSeq: 1 INVITE',
		'Contact: <sip:0498765432100@192.168.101.3:6400>',
		'Content-Length: 0',
		'',
		'**SIP/2.0 100 Trying**  ',
		'Via: SIP/2.0/UDP 10.4.128.21:6101;branch=z9hG4bK7a83.64fb9469779e2867fdb139eecff6c335.0',
		'To: <sip:0398765432100;phone-context=ims.example.com@ims.example.com;user=phone>',
		'From: <sip:0498765432100@ims.example.com>;tag=7b3fae13',
		'Call-ID: TF0lR-e_t0o7Jp-w5kq58A..@192.168.101.3',
		'CSeq: 1 INVITE',
		'Content-Length: 0',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [
			m.method ?? m.status,
			text.slice(0, m.startLine.start).split('\n').length - 1,
		]),
		[
			['INVITE', 1],
			[100, 11],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
	assert.ok(!a.problems.some((p) => p.severity === 'error'));
	coversAll(text, a);
});

void test("baresip's trace piped through moreutils' `ts '%H:%M:%.S'` (a time of day with microseconds before every line): read as without it", () => {
	const plain = readFileSync(join(__dirname, '..', 'fixtures', 'formats', 'baresip.log'), 'utf8');
	let micros = 584075;
	const stamped = plain
		.split('\n')
		.map((l, i, all) => (i === all.length - 1 && l === '' ? l : `07:22:06.${micros++} ${l}`))
		.join('\n');
	const a = analyzeTrace(plain);
	const b = analyzeTrace(stamped);
	const summary = (x: typeof a) =>
		x.messages.map((m) => [
			m.method ?? m.status,
			m.callId,
			m.headerCount,
			x.index.requestOf(m.index),
			x.index.challengeOf(m.index),
		]);
	assert.deepEqual(summary(b), summary(a));
	assert.deepEqual(
		b.problems.map((p) => p.code),
		a.problems.map((p) => p.code),
	);
	coversAll(stamped, b);
});

void test("a log line that names a reply twice (Kamailio's `_reply_light(): reply sent out - buf=...: SIP/2.0 100 trying -... shmem=...: SIP/2.0 100 trying -`) is no message", () => {
	const record = (what: string) => `2026-12-07T07:27:54+0000 vm kamailio[15890]: DEBUG: ${what}`;
	const text = [
		record(
			'tm [t_reply.c:637]: _reply_light(): reply sent out - buf=0x7fc292d110e0: SIP/2.0 100 trying -... shmem=0x7fc28eac8818: SIP/2.0 100 trying -',
		),
		record('tm [t_reply.c:648]: _reply_light(): finished'),
		record('<core> [core/msg_translator.c:1799]: check_boundaries(): no multi-part body'),
		'',
	].join('\n');
	assert.deepEqual(analyzeTrace(text).messages, []);
	// Its print of the reply's first octets with their line end kept, on stderr.
	const stderr = [
		' 1(9354) DEBUG: tm [t_reply.c:637]: _reply_light(): reply sent out - buf=0x7fa25085ccf8: SIP/2.0 200 OK',
		'Via:... shmem=0x7fa24c921820: SIP/2.0 200 OK',
		'Via:',
		' 1(9354) DEBUG: tm [t_funcs.c:120]: put_on_wait(): put T [0x7fa24c91e158] on wait',
		' 1(9354) DEBUG: presence [notify.c:1608]: send_notify_request(): headers:',
		'Content-Type: application/pidf+xml',
		'',
	].join('\n');
	assert.deepEqual(analyzeTrace(stderr).messages, []);
	// A reply glued behind a log's tag once is one (`... reply: SIP/2.0 200 OK`).
	const once = [
		record('tm: reply: SIP/2.0 200 OK'),
		'Via: SIP/2.0/UDP 127.0.0.1:15901;branch=z9hG4bK-1',
		'From: <sip:a@127.0.0.1>;tag=1',
		'To: <sip:b@127.0.0.1>;tag=2',
		'Call-ID: c1',
		'CSeq: 1 OPTIONS',
		'Content-Length: 0',
		'',
	].join('\n');
	assert.equal(analyzeTrace(once).messages.length, 1);
});
