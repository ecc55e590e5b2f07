// Framing of every supported format. The samples in test/fixtures/formats carry the same six
// messages (PUBLISH, 407, PUBLISH re-sent with credentials, 200, NOTIFY, 200) in each tool's
// shape, so what each frame must hold is known by construction (see test/fixtures/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { readCapture } from '../../server/src/core/capture';
import { frameTrace } from '../../server/src/core/framing/frameTrace';
import type { SipMessage, TraceFormat } from '../../server/src/core/model';
import { coversAll } from './coversAll';
import { bodyText } from '../../server/src/core/bodies/bodyText';
import { textOf } from '../../server/src/core/parser/joins';

const dir = join(__dirname, '..', 'fixtures', 'formats');
const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
const story = ['PUBLISH', '407', 'PUBLISH', '200', 'NOTIFY', '200'];

const samples: [
	string,
	TraceFormat,
	{ direction?: boolean; addresses?: 'both' | 'remote'; time?: RegExp },
][] = [
	// Asterisk's `[Nov 24 19:33:00]` prefix gives month, day and time, no year.
	[
		'asterisk-prefixed.log',
		'pjsipLogger',
		{ direction: true, addresses: 'remote', time: /^--11-24T19:33:0\d$/ },
	],
	['pjsip-logger.log', 'pjsipLogger', { direction: true, addresses: 'remote' }],
	// The stamps give the time of day; FreeSWITCH's log line above a stamp, when there is one, the date.
	[
		'sofia.log',
		'sofia',
		{ direction: true, addresses: 'remote', time: /^(?:2026-11-24T)?19:33:0\d\.\d{6}$/ },
	],
	['ngrep.txt', 'ngrep', { addresses: 'both', time: /^2026-11-24T19:33:0\d\.\d{6}$/ }],
	['opensips.txt', 'opensips', { addresses: 'both', time: /^2026-11-24T/ }],
	['pjsua.log', 'pjsua', { direction: true, addresses: 'remote', time: /^19:33:0\d\.\d{3}$/ }],
	['logcat.txt', 'logcat', { time: /^2026-11-24T19:33:0\d\.\d{3}$/ }],
	['baresip.log', 'baresip', { addresses: 'both', time: /^19:33:0\d\.\d{3}$/ }],
	['ccsip.log', 'ccsip', { direction: true, time: /^--11-24T19:33:0\d\.\d{3}$/ }],
	// The SBC's record gives month and day (no year), direction and both addresses.
	[
		'sipmsg.log',
		'sipmsg',
		{ direction: true, addresses: 'both', time: /^--11-24T19:33:0\d\.\d{3}$/ },
	],
	// CUCM's SDL record gives the time of day, direction and the peer's address.
	['cucm-sdl.txt', 'cucmSdl', { direction: true, addresses: 'remote', time: /^19:33:0\d\.\d{3}$/ }],
	// A Cisco phone's record gives month and day (no year) and direction; no address.
	['cisco-phone.txt', 'ciscoSipio', { direction: true, time: /^--11-24T19:33:0\d\.\d{6}$/ }],
	// Expressway's record gives the UTC date and time, direction and both addresses.
	[
		'expressway.txt',
		'expressway',
		{ direction: true, addresses: 'both', time: /^2026-11-24T19:33:0\d\.\d{3}$/ },
	],
	[
		'ms-sipstack.log',
		'msSipStack',
		{ direction: true, addresses: 'remote', time: /^2026-11-24T19:33:0\d\.\d{3}$/ },
	],
	[
		'bellesip.log',
		'bellesip',
		{ direction: true, addresses: 'remote', time: /^2026-11-24T19:33:0\d\.\d{3}$/ },
	],
];

for (const [file, format, expect] of samples) {
	test(`${file}: detected as ${format}, six messages with their metadata, nothing lost`, () => {
		const text = read(file);
		const a = analyzeTrace(text);
		assert.equal(a.format, format);
		assert.deepEqual(
			a.messages.map((m) => m.method ?? String(m.status)),
			story,
		);
		for (const m of a.messages) {
			const startLine = text.slice(m.startLine.start, m.startLine.end);
			assert.match(
				startLine,
				/^(PUBLISH sip:linda@example\.com SIP\/2\.0|NOTIFY sip:\S+ SIP\/2\.0|SIP\/2\.0 \d{3} .+)$/,
			);
			if (expect.direction) assert.ok(m.frame.direction === 'in' || m.frame.direction === 'out');
			if (expect.addresses === 'both') assert.ok(m.frame.src && m.frame.dst);
			if (expect.addresses === 'remote') assert.ok(m.frame.src ?? m.frame.dst);
			if (expect.time) assert.match(m.frame.time ?? '', expect.time);
		}
		// The re-sent PUBLISH answers the 407; the NOTIFY carries the accepted PUBLISH's state.
		assert.equal(a.index.challengeOf(2), 1);
		assert.equal(a.index.publishOf(4), 2);
		coversAll(text, a);
	});
}

test('a pjsip logger block sends the direction and the remote address', () => {
	const a = analyzeTrace(read('pjsip-logger.log'));
	assert.deepEqual(
		[a.messages[0]!.frame.direction, a.messages[0]!.frame.src, a.messages[0]!.frame.transport],
		['in', '203.0.113.5:5060', 'UDP'],
	);
	assert.deepEqual(
		[a.messages[1]!.frame.direction, a.messages[1]!.frame.dst],
		['out', '203.0.113.5:5060'],
	);
});

/** What a frame says of its message: method or status, direction, remote address, transport, size. */
const framed = (m: SipMessage) => [
	m.method ?? m.status,
	m.frame.direction,
	m.frame.src ?? m.frame.dst,
	m.frame.transport,
	m.frame.sip.end - m.frame.sip.start,
];

test('a pjsip logger marker whose size was elided frames its message as the usual one does', () => {
	const text = read('pjsip-logger.log');
	const usual = analyzeTrace(text);
	for (const elided of ['(....)', '(...)', '(\u2026)', '(xxx bytes)', '(N bytes)']) {
		const redacted = text.replace(/\(\d+ bytes\)/g, elided);
		assert.equal(frameTrace(redacted).format, 'pjsipLogger', elided);
		const a = analyzeTrace(redacted);
		// The same messages with the same metadata, but no size.
		assert.deepEqual(
			a.messages.map((m) => [...framed(m), m.frame.declaredBytes]),
			usual.messages.map((m) => [...framed(m), null]),
			elided,
		);
		assert.deepEqual(
			a.problems.map((p) => p.code),
			usual.problems.map((p) => p.code),
			elided,
		);
	}
});

test('log lines between messages are noise, not SIP', () => {
	const text = read('sofia.log');
	const a = analyzeTrace(text);
	const noise = a.noise.map((n) => text.slice(n.start, n.end));
	assert.ok(noise.some((n) => n.includes('[DEBUG] sofia.c:7325')));
	for (const m of a.messages)
		assert.ok(!text.slice(m.frame.sip.start, m.frame.sip.end).includes('[DEBUG]'));
});

test('bare messages: bodies with blank lines stay whole, LF-only text still frames by Content-Length', () => {
	const crlf = read('invite-sdp.sip');
	for (const text of [crlf, crlf.replace(/\r\n/g, '\n')]) {
		const a = analyzeTrace(text);
		assert.deepEqual(
			a.messages.map((m) => m.method ?? m.status),
			['INVITE', 200],
		);
		const body = text.slice(a.messages[0]!.body!.start, a.messages[0]!.body!.end);
		assert.match(body, /^v=0/);
		assert.match(body, /a=sendrecv\r?\n$/);
		assert.deepEqual(
			a.problems.filter((p) => p.code === 'content-length.mismatch'),
			[],
		);
	}
});

test('a message cut short by the end of the trace is kept and reported', () => {
	const whole = read('invite-sdp.sip');
	// Cut inside a line of the SDP (`m=audi`), as a rotated log or `head -c` cuts.
	const text = whole.slice(0, 420);
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(text.slice(m.body!.start), text.slice(text.indexOf('\r\n\r\n') + 4));
	const length = Number(/Content-Length: (\d+)/.exec(whole)![1]);
	const held = Buffer.byteLength(text.slice(m.body!.start));
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('content-length') || p.code === 'message.truncated'),
		[
			{
				code: 'message.truncated',
				severity: 'warning',
				span: m.body,
				message: `The trace ends inside this body: ${held} of the ${length} octets Content-Length announces are here, the rest is not in the trace.`,
				rfc: {
					label: 'RFC 3261 §18.3',
					url: 'https://www.rfc-editor.org/rfc/rfc3261#section-18.3',
				},
			},
		],
	);
	// Cut at a line end after its media line, the body cannot tell a cut from a length that lies
	// (RFC 4475's clerr); before it, an SDP without media is no body a UA sends: cut.
	const lengthProblems = (t: string): string[][] =>
		analyzeTrace(t)
			.problems.filter(
				(p) => p.code === 'content-length.mismatch' || p.code === 'message.truncated',
			)
			.map((p) => [p.code, p.severity]);
	const media = whole.indexOf('\nm=');
	assert.ok(media > 0 && media < 420);
	assert.deepEqual(lengthProblems(whole.slice(0, whole.indexOf('\n', media + 1) + 1)), [
		['content-length.mismatch', 'error'],
	]);
	assert.deepEqual(lengthProblems(whole.slice(0, media + 1)), [['message.truncated', 'warning']]);
});

test('binary junk and text without SIP are noise with a problem, never an exception', () => {
	const junk = '\u0000\u0001\u0002\uFFFD'.repeat(1000) + '\nhello world\n';
	const r = frameTrace(junk);
	assert.equal(r.frames.length, 0);
	assert.ok(r.problems.some((p) => p.code === 'framing.no-messages'));
	assert.equal(
		r.noise.reduce((n, s) => n + s.end - s.start, 0),
		junk.length,
	);
});

test('sngrep export is recognised by its header lines and keeps both addresses and the time', () => {
	const text = readFileSync(
		join(__dirname, '..', 'fixtures', 'real', 'presence-story.sngrep.txt'),
		'utf8',
	);
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sngrep');
	const first = a.messages[0]!.frame;
	assert.match(first.time ?? '', /^2026-11-24T\d\d:\d\d:\d\d\.\d{6}$/);
	assert.ok(first.epochMicros! > 1.7e15);
	assert.match(first.src ?? '', /^127\.0\.0\.1:\d+$/);
});

test("an address line's time reads as written, also where it is no real date or finer than microseconds", () => {
	const options = (callId: string): string =>
		`OPTIONS sip:a@10.0.0.2 SIP/2.0\r\nCall-ID: ${callId}\r\nContent-Length: 0\r\n\r\n`;
	const stamps: [string, string, number | null][] = [
		['2026-11-24 19:00:00', '2026-11-24T19:00:00', 1795546800000000],
		['2026/11/24 19:00:00.5', '2026-11-24T19:00:00.5', 1795546800500000],
		['2024-02-29T23:59:59.123456Z', '2024-02-29T23:59:59.123456', 1709251199123456],
		// No 30 February: the epoch is March's, the time as written.
		['2026-02-30 10:00:00.1', '2026-02-30T10:00:00.1', 1772445600100000],
		['2026-11-24 19:00:00.123456789', '2026-11-24T19:00:00.123456789', 1795546800123456],
		['2026-11/24 19:00:00.25', '2026-11/24T19:00:00.25', 1795546800250000],
		['1969-12-31 23:59:59.9', '1969-12-31T23:59:59.9', -100000],
		['2016-12-31 23:59:60', '2016-12-31T23:59:60', 1483228800000000],
	];
	const text = stamps
		.map(([stamp], i) => `${stamp} 10.0.0.1:5060 -> 10.0.0.2:5060\n${options(`c${i}`)}`)
		.join('');
	const r = frameTrace(text);
	assert.equal(r.format, 'headerLine');
	assert.deepEqual(
		r.frames.map((f) => [f.time, f.epochMicros]),
		stamps.map(([, time, epoch]) => [time, epoch]),
	);
	assert.deepEqual(JSON.parse(JSON.stringify(r.frames[1])).time, '2026-11-24T19:00:00.5');
});

test('a line with a letter where the date or time has a digit is no address line', () => {
	const options = `OPTIONS sip:a@10.0.0.2 SIP/2.0\r\nCall-ID: c1\r\nContent-Length: 0\r\n\r\n`;
	const good = '2026-11-24 19:00:00.5 10.0.0.1:5060 -> 10.0.0.2:5060\n';
	for (const bad of [
		'2o26-11-24 19:00:00.5 10.0.0.1:5060 -> 10.0.0.2:5060',
		'2026-11-2x 19:00:00.5 10.0.0.1:5060 -> 10.0.0.2:5060',
		'2026-11-24 19:0a:00.5 10.0.0.1:5060 -> 10.0.0.2:5060',
		'2026-11-24 19:00:0O.5 10.0.0.1:5060 -> 10.0.0.2:5060',
	]) {
		const r = frameTrace(`${good}${options}${bad}\n${options}`, 'headerLine');
		assert.equal(r.frames.length, 2, bad);
		assert.equal(r.frames[0]!.src, '10.0.0.1:5060', bad);
		assert.equal(r.frames[1]!.src, null, bad);
		assert.equal(r.frames[1]!.time, null, bad);
		assert.equal(r.frames[1]!.span.start, r.frames[1]!.sip.start, bad);
	}
});

test('among headers, a line shaped as a header still starts a message when its tag is followed by a start line', () => {
	const address = '2026-11-24 19:00:00.5 10.0.0.1:5060 -> 10.0.0.2:5060\n';
	const head = (start: string, callId: string): string =>
		`${start}\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-${callId}\r\nCall-ID: ${callId}\r\nCSeq: 1 OPTIONS\r\n`;
	// Each message below lost its empty line and Content-Length: a logger's tag shaped as a
	// header name (`DEBUG:`, `Received:`) before the next start line ends it.
	const text =
		`${address}${head('OPTIONS sip:a@10.0.0.2 SIP/2.0', 'c1')}` +
		`${head('DEBUG: OPTIONS sip:b@10.0.0.2 SIP/2.0', 'c2')}` +
		`${head('Received: SIP/2.0 200 OK', 'c3')}` +
		`Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n`;
	const r = frameTrace(text, 'headerLine');
	assert.deepEqual(
		r.frames.map((f) => text.slice(f.sip.start, text.indexOf('\r\n', f.sip.start))),
		['OPTIONS sip:a@10.0.0.2 SIP/2.0', 'OPTIONS sip:b@10.0.0.2 SIP/2.0', 'SIP/2.0 200 OK'],
	);
	coversAll(text, r);
});

test('a sipfrag body glued to headers in compact form (`c:`, `l:`) is the body, not a message', () => {
	const text =
		'2026-11-24 19:00:00.5 10.0.0.1:5060 -> 10.0.0.2:5060\n' +
		'NOTIFY sip:b@10.0.0.2 SIP/2.0\r\nv: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-n1\r\n' +
		'i: frag-1\r\nCSeq: 2 NOTIFY\r\no: refer\r\nSubscription-State: active;expires=60\r\n' +
		'c: message/sipfrag\r\nl: 20\r\nSIP/2.0 100 Trying\r\n\r\n';
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => m.method ?? m.status),
		['NOTIFY'],
	);
	assert.equal(bodyText(text, a.messages[0]!), 'SIP/2.0 100 Trying\r\n');
});

test("a tag before a start line under an address line: the address line's time, the tag's direction", () => {
	const text =
		'2026-11-24 19:00:00.25 10.0.0.1:5060 -> 10.0.0.2:5060\n' +
		'10:11:12.5 sent: OPTIONS sip:a@10.0.0.2 SIP/2.0\r\nCall-ID: c1\r\nContent-Length: 0\r\n\r\n' +
		// One packet: the second message shares its line, the third the second's tag.
		'2026-11-24 19:00:01.5 10.0.0.1:5060 -> 10.0.0.2:5060\n' +
		'OPTIONS sip:a@10.0.0.2 SIP/2.0\r\nCall-ID: c2\r\nContent-Length: 0\r\n\r\n' +
		'10:11:12.5 sent: OPTIONS sip:a@10.0.0.2 SIP/2.0\r\nCall-ID: c3\r\nContent-Length: 0\r\n\r\n' +
		'OPTIONS sip:b@10.0.0.2 SIP/2.0\r\nCall-ID: c4\r\nContent-Length: 0\r\n\r\n';
	assert.deepEqual(
		frameTrace(text).frames.map((f) => [f.time, f.epochMicros, f.direction]),
		[
			['2026-11-24T19:00:00.25', 1795546800250000, 'out'],
			['2026-11-24T19:00:01.5', 1795546801500000, null],
			['10:11:12.5', null, 'out'],
			['10:11:12.5', null, 'out'],
		],
	);
});

test('Asterisk full log with an ISO time and VERBOSE[pid][C-call] on every line: the prefix is dropped', () => {
	const text = read('asterisk-iso-prefixed.log');
	const analysis = analyzeTrace(text);
	assert.equal(analysis.format, 'pjsipLogger');
	assert.deepEqual(
		analysis.messages.map((m) => m.method ?? String(m.status)),
		['OPTIONS', '200'],
	);
	const [request, response] = analysis.messages;
	assert.equal(analysis.index.requestOf(response!.index), request!.index);
	assert.deepEqual(
		[request!.frame.direction, request!.frame.src, response!.frame.direction, response!.frame.dst],
		['in', '10.0.0.5:5060', 'out', '10.0.0.5:5060'],
	);
	// Every header is read without the prefix: no malformed header, nothing missing.
	assert.deepEqual(
		analysis.problems.filter((p) => p.severity === 'error').map((p) => p.code),
		[],
	);
	for (const h of request!.headers) assert.ok(!text.slice(h.name.start, h.name.end).includes('['));
});

test('two messages in one TCP segment share the packet line: addresses and time of both', () => {
	const options = (callId: string, branch: string): string =>
		[
			'OPTIONS sip:a@10.0.0.2 SIP/2.0',
			`Via: SIP/2.0/TCP 10.0.0.1:5060;branch=${branch}`,
			'Max-Forwards: 70',
			'From: <sip:b@10.0.0.1>;tag=1',
			'To: <sip:a@10.0.0.2>',
			`Call-ID: ${callId}`,
			'CSeq: 1 OPTIONS',
			'Content-Length: 0',
			'',
			'',
		].join('\r\n');
	const packet = '2026/11/24 19:33:07.319727 10.0.0.1:5060 -> 10.0.0.2:5060\r\n';
	const text = `${packet}${options('x1', 'z9hG4bK1')}${options('x2', 'z9hG4bK2')}\r\n${packet}${options('x3', 'z9hG4bK3')}\r\n${options('x4', 'z9hG4bK4')}`;
	const frames = frameTrace(text).frames;
	assert.deepEqual(
		frames.map((f) => [f.src, f.time !== null, f.meta !== null]),
		[
			['10.0.0.1:5060', true, true],
			['10.0.0.1:5060', true, false], // same segment: no line of its own, the packet's data
			['10.0.0.1:5060', true, true],
			[null, false, false], // after a blank line: a message of its own, nothing to inherit
		],
	);
});

// compose-story's NOTIFYs carry the PIDF Kamailio composes with bare LFs: no `^M` on its lines.
for (const name of ['presence-story.sip', 'compose-story.sip'])
	test(`a trace printed through cat -v (each CR as ^M) reads like the original: ${name}`, () => {
		const original = readFileSync(join(__dirname, '..', 'fixtures', 'real', name), 'utf8');
		const printed = original.replace(/\r\n/g, '^M\n');
		const before = analyzeTrace(original);
		const after = analyzeTrace(printed);
		assert.equal(after.messages.length, before.messages.length);
		for (const m of before.messages) {
			const p = after.messages[m.index]!;
			assert.deepEqual(
				[
					p.method,
					p.status,
					p.callId,
					p.from?.tag,
					p.body ? printed.slice(p.body.start, p.body.end).replace(/\^M/g, '\r').trimEnd() : null,
				],
				[
					m.method,
					m.status,
					m.callId,
					m.from?.tag,
					m.body ? original.slice(m.body.start, m.body.end).trimEnd() : null,
				],
			);
			assert.equal(after.index.requestOf(m.index), before.index.requestOf(m.index));
			assert.equal(after.index.publishOf(m.index), before.index.publishOf(m.index));
		}
		assert.deepEqual(
			after.problems.map((p) => p.code),
			before.problems.map((p) => p.code),
		);
	});

test('chan_sip requests sent without arrows ("Reliably Transmitting (NAT) to a:p:" ... ---) keep their destination', () => {
	// chan_sip.c send_request and send_response, as `sip set debug on` prints them.
	const notify = [
		'NOTIFY sip:4570@192.168.5.22:51521;transport=tcp SIP/2.0',
		'Via: SIP/2.0/TCP 192.168.4.169:5160;branch=z9hG4bK6f19;rport',
		'From: <sip:4581@192.168.4.169>;tag=as56',
		'To: <sip:4570@192.168.5.22>;tag=a1',
		'Call-ID: c1@192.168.5.22',
		'CSeq: 102 NOTIFY',
		'Subscription-State: active',
		'Event: presence',
		'Content-Length: 0',
		'',
		'---',
	];
	const text = [
		'<--- SIP read from TCP:192.168.5.22:51521 --->',
		'SUBSCRIBE sip:4581@192.168.4.169 SIP/2.0',
		'Via: SIP/2.0/TCP 192.168.5.22:51521;branch=z9hG4bK3b97d0d6',
		'From: <sip:4570@192.168.5.22>;tag=a1',
		'To: <sip:4581@192.168.4.169>',
		'Call-ID: c1@192.168.5.22',
		'CSeq: 1003 SUBSCRIBE',
		'Event: presence',
		'Content-Length: 0',
		'',
		'<------------->',
		'--- (9 headers 0 lines) ---',
		'',
		'<--- Transmitting (NAT) to 192.168.5.22:51521 --->',
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/TCP 192.168.5.22:51521;branch=z9hG4bK3b97d0d6;received=192.168.5.22',
		'From: <sip:4570@192.168.5.22>;tag=a1',
		'To: <sip:4581@192.168.4.169>;tag=as56',
		'Call-ID: c1@192.168.5.22',
		'CSeq: 1003 SUBSCRIBE',
		'Contact: <sip:4581@192.168.4.169:5060>',
		'Expires: 3600',
		'Content-Length: 0',
		'',
		'',
		'<------------>',
		'Reliably Transmitting (NAT) to 192.168.5.22:51521:',
		...notify,
		// The retransmission: the same NOTIFY again.
		'Retransmitting #1 (NAT) to 192.168.5.22:51521:',
		...notify,
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'chanSip');
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.direction, m.frame.src, m.frame.dst]),
		[
			['SUBSCRIBE', 'in', '192.168.5.22:51521', null],
			[200, 'out', null, '192.168.5.22:51521'],
			['NOTIFY', 'out', null, '192.168.5.22:51521'],
			['NOTIFY', 'out', null, '192.168.5.22:51521'],
		],
	);
	assert.equal(a.index.originalOf(3), 2, 'the retransmission is a copy of the NOTIFY');
	// The `---` that ends a request belongs to its frame, not to the next message or the body.
	assert.equal(a.messages[2]!.body, null);
	assert.deepEqual(
		a.problems.filter((p) => p.severity === 'error').map((p) => p.code),
		[],
	);
	// Asterisk 1.6 writes the transport as a URL's scheme (`UDP://72.38.3.18:5060`, a FreePBX
	// forum's BLF trace): the address is the same.
	const old = analyzeTrace(text.replace('SIP read from TCP:', 'SIP read from TCP://'));
	assert.equal(old.messages[0]!.frame.src, '192.168.5.22:51521');
	assert.equal(old.messages[0]!.frame.transport, 'TCP');
});

test("chan_sip's retransmissions alone in the full log (a qualify OPTIONS to a phone gone away) are chan_sip's", () => {
	// The shape of a FreePBX forum post: the only records are `Retransmitting #N`, each with the
	// full log's stamp, the message, then `---`.
	const options = [
		'OPTIONS sip:sipuser@172.28.253.32:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 192.168.0.2:5060;branch=z9hG4bK2dfbff9c;rport',
		'Max-Forwards: 70',
		'From: "STARFACE" <sip:STARFACE@192.168.0.2>;tag=as19812c5b',
		'To: <sip:sipuser@172.28.253.32:5060>',
		'Contact: <sip:STARFACE@192.168.0.2:5060>',
		'Call-ID: 63b12595235300b47bcea3ca0b42f0d2@192.168.0.2:5060',
		'CSeq: 102 OPTIONS',
		'Content-Length: 0',
		'',
		'',
		'---',
	];
	const text = [
		"[2026-01-07 11:25:31,548] WARNING[4154622][C-00000168] chan_sip.c: Can't send 10 type frames with SIP write",
		'[2026-01-07 11:25:31,520] VERBOSE[13892] chan_sip.c: Retransmitting #2 (NAT) to 192.168.0.1:54606:',
		...options,
		'[2026-01-07 11:25:32,520] VERBOSE[13892] chan_sip.c: Retransmitting #3 (NAT) to 192.168.0.1:54606:',
		...options,
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'chanSip');
	assert.deepEqual(
		a.messages.map((m) => [m.method, m.frame.time, m.frame.direction, m.frame.dst]),
		[
			['OPTIONS', '2026-01-07T11:25:31.520', 'out', '192.168.0.1:54606'],
			['OPTIONS', '2026-01-07T11:25:32.520', 'out', '192.168.0.1:54606'],
		],
	);
	assert.equal(a.index.originalOf(1), 0);
});

test('a trace indented as a whole (pasted into Markdown or a mail) is read without its indentation', () => {
	const sample = read('pjsip-logger.log');
	for (const indent of ['    ', '\t']) {
		const indented = sample
			.split('\n')
			.map((l) => (l === '' ? l : indent + l))
			.join('\n');
		const plain = analyzeTrace(sample);
		const a = analyzeTrace(indented);
		assert.equal(a.format, 'pjsipLogger', JSON.stringify(indent));
		assert.deepEqual(
			a.messages.map((m) => [m.method ?? m.status, m.callId, m.frame.src, m.frame.dst]),
			plain.messages.map((m) => [m.method ?? m.status, m.callId, m.frame.src, m.frame.dst]),
		);
		assert.deepEqual(
			a.problems.map((p) => p.code),
			plain.problems.map((p) => p.code),
		);
	}
	// Bare messages, every line (blank ones too) behind four spaces.
	const bare = read('invite-sdp.sip')
		.split('\n')
		.map((l) => `    ${l}`)
		.join('\n');
	const a = analyzeTrace(bare);
	assert.ok(a.messages.length > 0);
	assert.ok(a.messages.every((m) => m.kind !== 'invalid' && m.callId !== null));
	assert.equal(a.problems.filter((p) => p.code === 'header.malformed').length, 0);
});

test("a message whose start line a post indented more than its headers (a list's code block): the headers' indentation is the message's", () => {
	// As a post on Kamailio's IMS quoted an S-CSCF's 401: the fence and start line deeper than
	// the headers, which all share the block's two spaces.
	const headers = [
		'Via: SIP/2.0/UDP 10.4.128.21;branch=z9hG4bKfa72.c2d75ce7f4e35a4124314640bff032ec.1',
		'From: <sip:001011234567895@ims.example.org>;tag=4130282085',
		'To: <sip:001011234567895@ims.example.org>;tag=a35a5806d6040414c4d26ea88c1e71a0',
		'CSeq: 909056609 REGISTER',
		'Call-ID: 4130282081_47464792@192.168.101.2',
		'WWW-Authenticate: Digest realm="ims.example.org", nonce="8SA0p/qltIMlBqyAM/vq", algorithm=AKAv1-MD5',
		'Content-Length: 0',
	];
	for (const [fence, start, indent] of [
		['   ```', '    ', '  '],
		['```', '  ', ''],
		['\t```', '\t\t', '\t'],
	] as const) {
		const text = [
			'1. The S-CSCF challenges the UE:',
			fence,
			`${start}SIP/2.0 401 Unauthorized - Challenging the UE`,
			...headers.map((h) => indent + h),
			fence,
			'',
		].join('\n');
		const a = analyzeTrace(text);
		const label = JSON.stringify([start, indent]);
		assert.equal(a.messages.length, 1, label);
		const [m] = a.messages;
		assert.deepEqual(
			[m!.status, m!.callId, m!.cseq?.seq, m!.vias.length],
			[401, '4130282081_47464792@192.168.101.2', 909056609, 1],
			label,
		);
		assert.deepEqual(
			a.problems.map((p) => p.code),
			['response.no-request'],
			label,
		);
	}
});

test('pjsua with the date in its log decoration: time with date, addresses kept', () => {
	const text = [
		'2023-02-22 18:34:02.345           pjsua_core.c  .RX 652 bytes Response msg 401/REGISTER/cseq=20538 (rdata0x7fb1940019c8) from UDP 10.63.16.2:5060:',
		'SIP/2.0 401 Unauthorized',
		'Via: SIP/2.0/UDP 10.63.16.7:5060;rport=5060;received=10.63.16.7;branch=z9hG4bKPj1',
		'Call-ID: e590c2e9',
		'From: <sip:100@10.63.16.2>;tag=ab',
		'To: <sip:100@10.63.16.2>;tag=cd',
		'CSeq: 20538 REGISTER',
		'WWW-Authenticate: Digest realm="asterisk",nonce="1"',
		'Content-Length:  0',
		'',
		'',
		'--end msg--',
		'',
	].join('\n');
	const [m] = analyzeTrace(text).messages;
	assert.equal(analyzeTrace(text).format, 'pjsua');
	assert.equal(m!.frame.time, '2023-02-22T18:34:02.345');
	assert.equal(m!.frame.epochMicros, Date.UTC(2023, 1, 22, 18, 34, 2, 345) * 1000);
	assert.equal(m!.frame.src, '10.63.16.2:5060');
	assert.equal(m!.frame.direction, 'in');
});

test('sofia stamps behind a program prefix, or under a dated log line, get the date', () => {
	const message = (method: string): string[] => [
		'------------------------------------------------------------------------',
		`${method} sip:bob@example.com SIP/2.0`,
		'Via: SIP/2.0/UDP 174.31.10.81;branch=z9hG4bK4D',
		'From: <sip:a@174.31.10.81>;tag=1',
		'To: <sip:bob@example.com>',
		'Call-ID: c1',
		'CSeq: 1 OPTIONS',
		'Content-Length: 0',
		'',
		'------------------------------------------------------------------------',
	];
	const text = [
		// drachtio's log prefix, with the month as a name
		'0000079e|2017-Jun-28 06:23:23.302976| recv 279 bytes from udp/[174.31.10.81]:5080 at 06:23:23.302921:',
		...message('OPTIONS'),
		// FreeSWITCH: the date is on the log line above; this stamp comes just after midnight
		'2021-04-02 23:59:59.999953 [DEBUG] sofia.c:7325 Channel sofia/external/bob entering state [calling][0]',
		'send 352 bytes to udp/[10.0.0.2]:5064 at 00:00:00.013313:',
		...message('OPTIONS'),
		// right after another message, no log line between: dated by the log line above both
		'send 352 bytes to udp/[10.0.0.2]:5064 at 00:00:01.013313:',
		...message('OPTIONS'),
		// more than 64 KB of undated lines below the last dated one: the time of day alone
		...Array.from(
			{ length: 1200 },
			(_, i) => `   undated console output line ${i} ${'.'.repeat(40)}`,
		),
		'send 352 bytes to udp/[10.0.0.2]:5064 at 00:00:09.013313:',
		...message('OPTIONS'),
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sofia');
	assert.deepEqual(
		a.messages.map((m) => [m.frame.time, m.frame.src ?? m.frame.dst]),
		[
			['2017-06-28T06:23:23.302921', '174.31.10.81:5080'],
			['2021-04-03T00:00:00.013313', '10.0.0.2:5064'],
			['2021-04-03T00:00:01.013313', '10.0.0.2:5064'],
			['00:00:09.013313', '10.0.0.2:5064'],
		],
	);
});

test('HOMER times keep their UTC offset, and the offset is taken off the epoch', () => {
	const a = analyzeTrace(read('homer.txt'));
	const m = a.messages[0]!;
	assert.equal(m.frame.time, '2024-07-02T11:49:48.531007-04:00');
	assert.equal(m.frame.epochMicros, Date.UTC(2024, 6, 2, 15, 49, 48, 531) * 1000 + 7);
});

test('Linphone on Android: belle-sip channel lines behind logcat prefixes give direction and address', () => {
	const prefix = '2021-03-03 15:55:26.803 17083-17102/org.linphone.debug I/Linphone: ';
	const text = [
		'channel [0x768ae00200]: received [300] new bytes from [UDP://172.31.37.34:8642]:',
		'NOTIFY sip:bob@172.27.224.37:39200;transport=udp SIP/2.0',
		'Via: SIP/2.0/UDP 172.31.37.34:8642;rport;branch=z9hG4bKem7',
		'From: <sip:alice@example.com>;tag=a1',
		'To: <sip:bob@example.com>;tag=b1',
		'Call-ID: yY0cUfSD0G',
		'CSeq: 32829771 NOTIFY',
		'Event: presence',
		'Subscription-State: active;expires=3600',
		'Content-Length: 0',
		'',
		'channel [0x768ae00200]: message sent to [UDP://172.31.37.34:8642], size: [250] bytes',
		'SIP/2.0 200 Ok',
		'Via: SIP/2.0/UDP 172.31.37.34:8642;rport=8642;branch=z9hG4bKem7',
		'From: <sip:alice@example.com>;tag=a1',
		'To: <sip:bob@example.com>;tag=b1',
		'Call-ID: yY0cUfSD0G',
		'CSeq: 32829771 NOTIFY',
		'Content-Length: 0',
		'',
	]
		.map((l) => prefix + l)
		.join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'logcat');
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.direction, m.frame.src, m.frame.dst]),
		[
			['NOTIFY', 'in', '172.31.37.34:8642', null],
			[200, 'out', null, '172.31.37.34:8642'],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
});

test("belle-sip: a message printed without Content-Length ends at the log's next record", () => {
	// linphonec 5.1 sends its SUBSCRIBE over UDP with no Content-Length (RFC 3261 §18.3 allows it);
	// the records after it are the log's, not a body.
	const text = [
		'2026-12-01 22:30:31:852 belle-sip-message-channel [0x5616]: message sent to [UDP://127.0.0.1:33060], size: [381] bytes',
		'SUBSCRIBE sip:linda@127.0.0.1 SIP/2.0',
		'Via: SIP/2.0/UDP 127.0.0.1:33062;branch=z9hG4bK.dR1;rport',
		'From: "Andrew" <sip:andrew@127.0.0.1>;tag=a1',
		'To: "linda" <sip:linda@127.0.0.1>',
		'CSeq: 20 SUBSCRIBE',
		'Call-ID: s1',
		'Max-Forwards: 70',
		'Contact: <sip:andrew@127.0.0.1:33062>',
		'Event: presence',
		'Expires: 600',
		'',
		'',
		'2026-12-01 22:30:31:852 belle-sip-message-Changing [client] [SUBSCRIBE] transaction [0x5617], from state [INIT] to [TRYING]',
		'2026-12-01 22:30:31:853 liblinphone-message-Linphone core [0x5618] notified [subscription_state_changed]',
		'2026-12-01 22:30:31:862 belle-sip-message-channel [0x5616]: received [403] new bytes from [UDP://127.0.0.1:33060]:',
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/UDP 127.0.0.1:33062;branch=z9hG4bK.dR1;rport=33062',
		'From: "Andrew" <sip:andrew@127.0.0.1>;tag=a1',
		'To: "linda" <sip:linda@127.0.0.1>;tag=k1',
		'CSeq: 20 SUBSCRIBE',
		'Call-ID: s1',
		'Contact: <sip:linda@127.0.0.1:33060>',
		'Expires: 600',
		'Content-Length: 0',
		'',
		'',
	]
		.join('\r\n')
		.replace(/(bytes:?|\])\r\n/g, '$1\n')
		.replace(/\r\n(?=2026-)/g, '\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'bellesip');
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.direction, m.body]),
		[
			['SUBSCRIBE', 'out', null],
			[200, 'in', null],
		],
	);
	assert.ok(
		!text.slice(a.messages[0]!.frame.sip.start, a.messages[0]!.frame.sip.end).includes('2026-'),
	);
	const noise = a.noise.map((n) => text.slice(n.start, n.end)).join('');
	assert.match(noise, /notified \[subscription_state_changed\]/);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
	assert.equal(a.index.requestOf(1), 0);
	coversAll(text, a);
});

test('belle-sip in logcat: a message printed without Content-Length ends where its record ends, before the records of the same prefix', () => {
	// Real linphonec records (real/linphone-presence.andrew.log) in logcat's layout: the REGISTER
	// has no Content-Length, and the records after it were logged in the same millisecond by the
	// same thread, so their prefix is the message's; the channel line's size ends the message.
	const text = read('linphone-presence-logcat.txt');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'logcat');
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.direction, m.body, m.contentLength]),
		[
			['REGISTER', 'out', null, null],
			[200, 'in', null, 0],
		],
	);
	const register = a.messages[0]!;
	assert.equal(register.headers.at(-1)?.key, 'user-agent');
	const noise = a.noise.map((n) => text.slice(n.start, n.end)).join('');
	for (const record of [
		'Neither Expires header',
		'takes ownership of transaction',
		'updateDependentAccount',
	])
		assert.ok(noise.includes(record), record);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
	assert.equal(a.index.requestOf(1), 0);
	coversAll(text, a);
});

test('a trace cut inside the headers of its last message says so once, not once per missing header', () => {
	const sample = read('pjsip-logger.log');
	const cut = sample.slice(0, sample.indexOf('Call-ID', sample.lastIndexOf('<---')));
	const a = analyzeTrace(cut);
	const last = a.messages.at(-1)!;
	assert.equal(last.cutShort, true);
	assert.deepEqual(
		a.problems.filter((p) => p.span.start >= last.frame.span.start).map((p) => p.code),
		['message.truncated'],
	);
	// Whole, the same trace has no cut message.
	assert.ok(analyzeTrace(sample).messages.every((m) => !m.cutShort));
	assert.ok(!analyzeTrace(sample).problems.some((p) => p.code === 'message.truncated'));
});

// tcpdump -A, as tcpdump 4.99 prints the captures in test/fixtures/real (`tcpdump -nn -A -r`):
// the IP and UDP headers, non-printables as '.', come before the start line on its line.
const realDir = join(__dirname, '..', 'fixtures', 'real');

const subscribe = [
	'SUBSCRIBE sip:linda@127.0.0.1 SIP/2.0',
	'Via: SIP/2.0/UDP 127.0.0.1:15061;branch=z9hG4bK-11484-1-0',
	'Max-Forwards: 70',
	'From: "andrew" <sip:andrew@127.0.0.1>;tag=11484-andrew',
	'To: <sip:linda@127.0.0.1>',
	'Call-ID: 1-11484@127.0.0.1',
	'CSeq: 1 SUBSCRIBE',
	'Contact: <sip:andrew@127.0.0.1:15061>',
	'Event: presence',
	'Accept: application/pidf+xml',
	'Expires: 600',
	'User-Agent: SIPp watcher',
	'Content-Length: 0',
	'',
	'',
	'',
].join('\n');

test('tcpdump -A: the start line after the header junk, packet line and junk as metadata', () => {
	const text = readFileSync(join(realDir, 'presence-story.tcpdump.txt'), 'utf8');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tcpdump');
	assert.equal(a.messages.length, 58);
	const first = a.messages[0]!;
	assert.equal(
		text.slice(first.frame.meta!.start, first.frame.meta!.end),
		'22:42:05.356310 IP 127.0.0.1.15061 > 127.0.0.1.15060: UDP, length 393\nE.....@.@.~.........:.:.....',
	);
	assert.equal(
		text.slice(first.startLine.start, first.startLine.end),
		'SUBSCRIBE sip:linda@127.0.0.1 SIP/2.0',
	);
	assert.deepEqual(
		[first.frame.time, first.frame.epochMicros, first.frame.src, first.frame.dst],
		['22:42:05.356310', null, '127.0.0.1:15061', '127.0.0.1:15060'],
	);
	assert.deepEqual([first.frame.transport, first.frame.declaredBytes], ['UDP', 393]);
	// Bodies by Content-Length although tcpdump dropped every CR: no length problem.
	assert.ok(a.messages.some((m) => m.body && m.body.end > m.body.start));
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['publish.stale-etag'],
	);
	coversAll(text, a);
});

test('tcpdump -tttt: the date and the time; IPv6 addresses in brackets', () => {
	const text = readFileSync(join(realDir, 'presence-ipv6.tcpdump.txt'), 'utf8');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tcpdump');
	assert.equal(a.messages.length, 50);
	const first = a.messages[0]!.frame;
	assert.deepEqual(
		[first.time, first.epochMicros, first.src, first.dst],
		[
			'2026-11-24T22:42:20.476459',
			Date.UTC(2026, 10, 24, 22, 42, 20) * 1000 + 476459,
			'[::1]:15061',
			'[::1]:15060',
		],
	);
	// erin watches over IPv4 in the same capture.
	assert.ok(a.messages.some((m) => m.frame.src === '127.0.0.1:15063'));
	coversAll(text, a);
});

test('tcpdump without -n: host names, and sip as port 5060; junk broken by an LF octet (10.x)', () => {
	const text =
		'10:05:41.234567 IP pbx.example.com.sip > 10.0.0.7.sip: UDP, length 406\n' +
		'E...1.@.@..u\n.....\n...........OPTIONS sip:a@10.0.0.7 SIP/2.0\n' +
		subscribe.split('\n').slice(1).join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tcpdump');
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(m.method, 'OPTIONS');
	assert.equal(text.slice(m.startLine.start, m.startLine.end), 'OPTIONS sip:a@10.0.0.7 SIP/2.0');
	assert.deepEqual([m.frame.src, m.frame.dst], ['pbx.example.com:5060', '10.0.0.7:5060']);
	coversAll(text, a);
	// Older systems' /etc/services name 5050, a port PBXs take for SIP, `mmcc` (a Twilio
	// trunk's capture: `ec2-....compute-1.amazonaws.com.sip > voip001.mmcc`).
	const mmcc = analyzeTrace(text.replace('10.0.0.7.sip:', 'voip001.mmcc:'));
	assert.deepEqual(
		[mmcc.messages[0]!.frame.src, mmcc.messages[0]!.frame.dst],
		['pbx.example.com:5060', 'voip001:5050'],
	);
});

test("tcpdump -A: a datagram ends where its packet line's length says, not in the post's text after it", () => {
	// The SUBSCRIBE of the fixture without Content-Length (Linphone's REGISTER in a blog post):
	// 393 octets less its 19 and CRLF.
	const message = subscribe.replace('Content-Length: 0\n', '');
	const prose = [
		'</pre>',
		'',
		'## rport',
		'The server checks the Via for an rport without a value.',
		'',
	];
	const text = [
		'22:42:05.356310 IP 127.0.0.1.15061 > 127.0.0.1.15060: UDP, length 374',
		`E.....@.@.~.........:.:.....${message}${prose.join('\n')}`,
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tcpdump');
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(m.body, null);
	assert.ok(m.frame.span.end <= text.indexOf('</pre>'));
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
	coversAll(text, a);
	// A body within the length stays the message's: its lines, a server's with bare LFs, too.
	const head = `${subscribe.replace('Content-Length: 0\n\n', '').trimEnd()}\nContent-Type: text/plain\n\n`;
	const withBody = `${head}hello\nworld\n`;
	const octets = withBody.length + head.split('\n').length - 1;
	const bodied = analyzeTrace(
		`22:42:05.356310 IP 127.0.0.1.15061 > 127.0.0.1.15060: UDP, length ${octets}\nE.....@.@.~.........:.:.....${withBody}${prose.join('\n')}`,
	);
	const b = bodied.messages[0]!;
	assert.equal(bodied.text.slice(b.body!.start, b.body!.end).trim(), 'hello\nworld');
});

test('tcpdump: capitals at the end of the junk do not run into the method', () => {
	const text = `18:11:20.204222 IP 203.0.113.5.5060 > 198.51.100.7.5060: SIP: SUBSCRIBE sip:linda@127.0.0.1 SIP/2.0\nE..p..@.3....a.[-M......XY.QASUBSCRIBE${subscribe.slice('SUBSCRIBE'.length)}`;
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tcpdump');
	assert.equal(a.messages[0]!.method, 'SUBSCRIBE');
	assert.equal(a.messages[0]!.frame.transport, 'UDP');
	assert.equal(a.problems.length, 0, JSON.stringify(a.problems));
});

test('tcpdump: packets whose payload is not SIP are kept as noise', () => {
	const text =
		'22:42:05.356310 IP 127.0.0.1.15061 > 127.0.0.1.15060: UDP, length 393\n' +
		`E.....@.@.~.........:.:.....${subscribe}` +
		// A CRLF keep-alive (tcpdump leaves the CRs out), then a TCP ACK without payload.
		'22:42:05.400000 IP 127.0.0.1.15061 > 127.0.0.1.15060: UDP, length 4\n' +
		'E.. ..@.@.~.........:.:.....\n\n\n' +
		'22:42:05.500000 IP 127.0.0.1.40312 > 127.0.0.1.5060: Flags [.], ack 1, win 512, options [nop,nop,TS val 1 ecr 2], length 0\n' +
		'E..4..@.@.<.........\n' +
		'..........\n' +
		'...\n' +
		'.a..........\n\n';
	const framing = frameTrace(text);
	assert.equal(framing.format, 'tcpdump');
	assert.equal(framing.frames.length, 1);
	assert.equal(framing.noise.length, 1);
	assert.ok(text.slice(framing.noise[0]!.start).startsWith('22:42:05.400000 IP'));
	coversAll(text, framing);
});

test('tcpdump of a capture cut short (small snap length): each packet keeps what was captured', () => {
	// `editcap -s 150` of presence-story.pcapng, then `tcpdump -nn -A -r`.
	const text = [
		'22:42:05.356310 IP 127.0.0.1.15061 > 127.0.0.1.15060: UDP, length 393',
		'E.....@.@.~.........:.:.....SUBSCRIBE sip:linda@127.0.0.1 SIP/2.0',
		'Via: SIP/2.0/UDP 127.0.0.1:15061;branch=z9hG4bK-11484-1-0',
		'Max-Forwar',
		'22:42:05.357490 IP 127.0.0.1.15060 > 127.0.0.1.15061: UDP, length 373',
		'E.......@...........:.:..}..SIP/2.0 200 OK',
		'Via: SIP/2.0/UDP 127.0.0.1:15061;branch=z9hG4bK-11484-1-0',
		'From: "andrew" <sip:andrew@127.0.0.1>;tag=11484-andrew',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tcpdump');
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.declaredBytes]),
		[
			['SUBSCRIBE', 393],
			[200, 373],
		],
	);
	// The first message stops at the next packet line.
	assert.ok(text.slice(a.messages[0]!.frame.span.end).startsWith('22:42:05.357490 IP'));
	assert.ok(a.problems.length > 0, 'the missing headers are reported');
	coversAll(text, a);
});

test('tcpdump over TCP: two messages in one segment share the packet line', () => {
	const text =
		'2026-11-24 10:05:41.234567 IP 10.1.1.1.5060 > 10.1.1.2.41000: Flags [P.], seq 1:800, ack 1, win 512, length 799\n' +
		'E..S..@.@.....\n' +
		'........P...X...........P.....' +
		subscribe.slice(0, -1) +
		subscribe.replace(/-11484-1-0/, '-11484-2-0').replace('CSeq: 1', 'CSeq: 2');
	const framing = frameTrace(text);
	assert.equal(framing.format, 'tcpdump');
	assert.deepEqual(
		framing.frames.map((f) => [f.transport, f.src, f.time, f.meta !== null]),
		[
			['TCP', '10.1.1.1:5060', '2026-11-24T10:05:41.234567', true],
			['TCP', '10.1.1.1:5060', '2026-11-24T10:05:41.234567', false],
		],
	);
	coversAll(text, framing);
});

test('tcpdump over TCP as tcpdump prints it: header bytes over several lines, two messages in a segment, a message cut across segments', () => {
	// A capture of SIP over TCP between 10.0.0.1 and 10.0.0.2 (their 0x0a octets, and the length
	// of the timestamp option, are printed as line ends), then `tcpdump -nn -A -r`.
	const text = [
		'09:42:05.123456 IP 10.0.0.1.5060 > 10.0.0.2.41000: Flags [P.], seq 1:403, ack 1, win 512, options [nop,nop,TS val 123456 ecr 654321], length 402',
		'E....4@.@..D',
		'...',
		'......(...................',
		'...@.\t..OPTIONS sip:a@10.0.0.2 SIP/2.0',
		'Via: SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK1',
		'Max-Forwards: 70',
		'From: <sip:b@10.0.0.1>;tag=1',
		'To: <sip:a@10.0.0.2>',
		'Call-ID: c1',
		'CSeq: 1 OPTIONS',
		'Content-Length: 0',
		'',
		'OPTIONS sip:a@10.0.0.2 SIP/2.0',
		'Via: SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK2',
		'Max-Forwards: 70',
		'From: <sip:b@10.0.0.1>;tag=1',
		'To: <sip:a@10.0.0.2>',
		'Call-ID: c2',
		'CSeq: 1 OPTIONS',
		'Content-Length: 0',
		'',
		'',
		'09:42:06.123456 IP 10.0.0.1.5060 > 10.0.0.2.41000: Flags [P.], ack 1, win 512, options [nop,nop,TS val 123456 ecr 654321], length 0',
		'E..4.4@.@...',
		'...',
		'......(...................',
		'...@.\t..',
		'09:42:07.123456 IP 10.0.0.1.5060 > 10.0.0.2.41000: Flags [P.], seq 0:60, ack 1, win 512, options [nop,nop,TS val 123456 ecr 654321], length 60',
		'E..p.4@.@...',
		'...',
		'......(...................',
		'...@.\t..OPTIONS sip:a@10.0.0.2 SIP/2.0',
		'Via: SIP/2.0/TCP 10.0.0.1:50',
		'09:42:08.123456 IP 10.0.0.1.5060 > 10.0.0.2.41000: Flags [P.], seq 0:141, ack 1, win 512, options [nop,nop,TS val 123456 ecr 654321], length 141',
		'E....4@.@..I',
		'...',
		'......(...................',
		'...@.\t..60;branch=z9hG4bK3',
		'Max-Forwards: 70',
		'From: <sip:b@10.0.0.1>;tag=1',
		'To: <sip:a@10.0.0.2>',
		'Call-ID: c3',
		'CSeq: 1 OPTIONS',
		'Content-Length: 0',
		'',
		'',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tcpdump');
	assert.deepEqual(
		a.messages.map((m) => [m.callId, m.frame.transport, m.frame.src, m.frame.time]),
		[
			['c1', 'TCP', '10.0.0.1:5060', '09:42:05.123456'],
			['c2', 'TCP', '10.0.0.1:5060', '09:42:05.123456'],
			[null, 'TCP', '10.0.0.1:5060', '09:42:07.123456'],
		],
	);
	assert.equal(
		text.slice(a.messages[0]!.startLine.start, a.messages[0]!.startLine.end),
		'OPTIONS sip:a@10.0.0.2 SIP/2.0',
	);
	// The empty segment and the rest of the cut message (no start line) are noise.
	assert.equal(a.noise.length, 2);
	coversAll(text, a);
});

test("ngrep's default output (no -W byline): the wrapped payload is read over ngrep's line breaks, `..` as CRLF", () => {
	const text = readFileSync(join(realDir, 'presence-story.ngrep-single.txt'), 'utf8');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'ngrep');
	coversAll(text, a);
	const first = a.messages[0]!;
	assert.equal(
		text.slice(first.startLine.start, first.startLine.end),
		'SUBSCRIBE sip:linda@127.0.0.1 SIP/2.0',
	);
	assert.deepEqual(
		[first.frame.src, first.frame.dst, first.frame.transport, first.frame.time],
		['127.0.0.1:15061', '127.0.0.1:15060', 'UDP', null],
	);
	// `;bra` / `nch=...` on the next printed line: one Via, its branch whole.
	assert.equal(first.vias[0]!.branch, 'z9hG4bK-11484-1-0');
	assert.ok(first.frame.joins && first.frame.joins.length > 0);
	assert.equal(first.from!.tag, '11484-andrew');
	// The PUBLISH's XML body, its lines ended by `..`, is read as XML (no body problem).
	const publish = a.messages.find((m) => m.method === 'PUBLISH')!;
	assert.ok(
		bodyText(text, publish).startsWith('<?xml version="1.0" encoding="UTF-8"?>\r\n<presence '),
	);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['publish.stale-etag'],
	);
});

test("ngrep's default output with -t: date and time from the packet line; IPv6 addresses, bracketed as everywhere (`U ::1:15061 -> ::1:15060`)", () => {
	const text = readFileSync(join(realDir, 'presence-ipv6.ngrep-single.txt'), 'utf8');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'ngrep');
	coversAll(text, a);
	const m = a.messages[0]!;
	assert.deepEqual(
		[m.frame.src, m.frame.dst, m.frame.time],
		['[::1]:15061', '[::1]:15060', '2026-11-24T22:42:20.476459'],
	);
	// The same addresses as the capture gives them.
	const capture = readCapture(new Uint8Array(readFileSync(join(realDir, 'presence-ipv6.pcapng'))));
	assert.deepEqual(
		[m.frame.src, m.frame.dst],
		[capture.messages[0]!.src, capture.messages[0]!.dst],
	);
	assert.equal(m.callId, '1-11630@::1');
});

test("ngrep's default output: a `..` that is no line end (a value's dots, a body's non-printables) stays text", () => {
	const payload =
		'MESSAGE sip:b@example.com SIP/2.0..Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1..' +
		'Max-Forwards: 70..' +
		'From: <sip:a@example.com>;tag=1..To: <sip:b@example.com>..Call-ID: c1@x..' +
		'Subject: wait... or not...CSeq: 1 MESSAGE..Content-Type: text/plain..' +
		'Content-Length: 11....one..two...';
	const printed: string[] = [];
	for (let i = 0; i < payload.length; i += 30)
		printed.push(`  ${payload.slice(i, i + 30).padEnd(30)}`);
	const text = `U 10.0.0.1:5060 -> 10.0.0.2:5060 #1\n${printed.join('\n')}\n\n`;
	const a = analyzeTrace(text);
	assert.equal(a.format, 'ngrep');
	coversAll(text, a);
	const m = a.messages[0]!;
	// The start line is cut by ngrep's wrapping too.
	assert.deepEqual([m.method, m.requestUri], ['MESSAGE', 'sip:b@example.com']);
	assert.equal(m.callId, 'c1@x');
	assert.deepEqual(m.cseq, { seq: 1, method: 'MESSAGE' });
	const subject = m.headers.find((h) => h.key === 'subject')!;
	assert.equal(textOf(text, m.frame, subject.value.start, subject.value.end), 'wait... or not.');
	// A text body's `..` could be anything: the body is kept as printed but for its final CRLF.
	assert.equal(bodyText(text, m), 'one..two.');
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
});

test('ngrep -W byline is still read line by line', () => {
	const text = readFileSync(join(realDir, 'presence-story.ngrep.txt'), 'utf8');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'ngrep');
	assert.equal(a.messages[0]!.frame.joins ?? null, null);
	assert.equal(a.messages[0]!.vias[0]!.branch, 'z9hG4bK-11484-1-0');
});

test("Asterisk's full log: the logger prefix before the marker times the message, with or without a year", () => {
	const options = (branch: string): string[] => [
		'OPTIONS sip:100@10.0.0.1:5060 SIP/2.0',
		`Via: SIP/2.0/UDP 10.0.0.5:5060;rport;branch=z9hG4bKPj${branch}`,
		'From: <sip:mon@10.0.0.5>;tag=f1',
		'To: <sip:100@10.0.0.1>',
		`Call-ID: opt-${branch}@10.0.0.5`,
		'CSeq: 1 OPTIONS',
		'Max-Forwards: 70',
		'Content-Length:  0',
		'',
	];
	const text = [
		'[Jul 26 17:19:20] VERBOSE[2980272] dial.c: -- Called PJSIP/100',
		'[Jul 26 17:19:21] VERBOSE[2980272] res_pjsip_logger.c: <--- Received SIP request (300 bytes) from UDP:10.0.0.5:5060 --->',
		...options('a'),
		'[2024-01-15 10:20:30.123] VERBOSE[12345][C-00000003] res_pjsip_logger.c: <--- Received SIP request (300 bytes) from UDP:10.0.0.5:5060 --->',
		...options('b'),
		'<--- Received SIP request (300 bytes) from UDP:10.0.0.5:5060 --->',
		...options('c'),
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'pjsipLogger');
	assert.deepEqual(
		a.messages.map((m) => [m.callId, m.frame.time, m.frame.epochMicros, m.frame.src]),
		[
			['opt-a@10.0.0.5', '--07-26T17:19:21', null, '10.0.0.5:5060'],
			[
				'opt-b@10.0.0.5',
				'2024-01-15T10:20:30.123',
				Date.UTC(2024, 0, 15, 10, 20, 30, 123) * 1000,
				'10.0.0.5:5060',
			],
			['opt-c@10.0.0.5', null, null, '10.0.0.5:5060'],
		],
	);
});

test('tcpdump: a datagram without Content-Length or Content-Type keeps what follows its headers as its body', () => {
	// In a log the lines after such a message are the log's (RFC 3261 §20.15: a body comes with
	// Content-Type); in a UDP packet they are the datagram's, which is one message (§18.3).
	const notify = [
		'NOTIFY sip:andrew@127.0.0.1:15061 SIP/2.0',
		'Via: SIP/2.0/UDP 127.0.0.1:15060;branch=z9hG4bK-untyped',
		'Max-Forwards: 70',
		'From: <sip:linda@127.0.0.1>;tag=l1',
		'To: <sip:andrew@127.0.0.1>;tag=a1',
		'Call-ID: untyped-1@127.0.0.1',
		'CSeq: 2 NOTIFY',
		'Event: presence',
		'Subscription-State: active;expires=600',
		'',
		'a line of the datagram',
		'',
	].join('\n');
	const text = `22:42:05.356310 IP 127.0.0.1.15060 > 127.0.0.1.15061: UDP, length 331\nE.....@.@.~.........:.:.....${notify}`;
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tcpdump');
	const m = a.messages[0]!;
	assert.equal(text.slice(m.body!.start, m.body!.end).trim(), 'a line of the datagram');
	coversAll(text, a);
});

test('sofia stamps without a port (`udp/[192.168.7.6] at`) frame their message with the bare address', () => {
	// As a FreeSWITCH siptrace shows it for some peers: the port left out, next to stamps with one.
	const message = (first: string): string[] => [
		'------------------------------------------------------------------------',
		`   ${first}`,
		'   Via: SIP/2.0/UDP 192.168.7.1;branch=z9hG4bK4D',
		'   From: <sip:a@192.168.7.1>;tag=1',
		'   To: <sip:sleep30000@192.168.7.6>',
		'   Call-ID: c1',
		'   CSeq: 1 INVITE',
		'   Content-Length: 0',
		'   ',
		'------------------------------------------------------------------------',
	];
	const text = [
		'send 1439 bytes to udp/[192.168.7.6] at 13:42:41.362829:',
		...message('INVITE sip:sleep30000@192.168.7.6 SIP/2.0'),
		'recv 400 bytes from udp/[192.168.7.6] at 13:42:41.363968:',
		...message('SIP/2.0 100 Trying'),
		'send 1393 bytes to udp/[2001:db8::5]:5080 at 13:43:02.040098:',
		...message('INVITE sip:test@example.com SIP/2.0'),
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sofia');
	assert.deepEqual(
		a.messages.map((m) => [m.frame.time, m.frame.direction, m.frame.src ?? m.frame.dst]),
		[
			['13:42:41.362829', 'out', '192.168.7.6'],
			['13:42:41.363968', 'in', '192.168.7.6'],
			['13:43:02.040098', 'out', '[2001:db8::5]:5080'],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
});

test("a sofia record whose closing dashes a copy lost ends at FreeSWITCH's next log line, not in its body", () => {
	const body = [
		'v=0',
		'o=yate 1 1 IN IP4 192.168.7.101',
		's=SIP Call',
		'c=IN IP4 192.168.7.101',
		't=0 0',
		'm=audio 20902 RTP/AVP 0',
		'a=ptime:30',
		'',
	].join('\r\n');
	const sip = [
		'INVITE sip:1000@192.168.7.101 SIP/2.0',
		'Via: SIP/2.0/UDP 192.168.7.101:52110;rport;branch=z9hG4bK1749195434',
		'From: <sip:1004@192.168.7.101>;tag=106736978',
		'To: <sip:1000@192.168.7.101>',
		'Call-ID: 1808150176@192.168.7.101',
		'CSeq: 5 INVITE',
		'Contact: <sip:1004@192.168.7.101:52110>',
		'Max-Forwards: 20',
		'Content-Type: application/sdp',
		`Content-Length: ${body.length}`,
		'',
		body,
	].join('\r\n');
	// The copy lost the record's last line too: what Content-Length counts on would otherwise be
	// taken from the log line.
	const printed = sip.replace(/a=ptime:30\r\n$/, '').replace(/\r\n$/, '');
	for (const logLine of [
		'2021-05-23 20:07:57.808015 [INFO] mod_dialplan_xml.c:637 Processing',
		'e343d2cb-fe4a-4f5c-9d2e-0c3f1c2d3e4f 2021-05-23 20:07:57.808015 97.93% [DEBUG] switch_core_state_machine.c:585 State NEW',
	]) {
		// FreeSWITCH's log goes on around its trace: a line of the same kind before the record.
		const text = [
			logLine.replace(/\] \S+/, '] switch_core_session.c:1035 Send signal'),
			`recv ${sip.length} bytes from udp/[192.168.7.101]:52110 at 20:07:57.811303:`,
			'-'.repeat(72),
			printed
				.split('\r\n')
				.map((l) => `   ${l}`)
				.join('\n'),
			logLine,
			'',
		].join('\n');
		const a = analyzeTrace(text);
		assert.equal(a.messages.length, 1);
		const m = a.messages[0]!;
		assert.ok(text.slice(m.frame.span.end).includes(logLine), logLine);
		assert.deepEqual(
			a.problems
				.filter((p) => p.code.startsWith('content-length') || p.code.startsWith('message.'))
				.map((p) => p.code),
			['message.truncated'],
			logLine,
		);
	}
});

test('sofia: a FreeSWITCH log line another thread wrote into a line of the message ends that line, and is not read as its text', () => {
	const log =
		'3558828a-6ac6-11e7-a446-0177bd11a386 2017-07-17 11:01:58.962564 [DEBUG] switch_core_state_machine.c:473 (sofia/internal/148695@sip.example.com) Running State Change CS_REPORTING';
	const text = [
		'send 436 bytes to udp/[192.0.2.168]:5060 at 11:01:58.970927:',
		'-'.repeat(72),
		`SIP/2.0 484 Address Incomplete${log}`,
		'Via: SIP/2.0/UDP 192.0.2.168:5060;branch=z9hG4bK1f2e3d4c',
		'From: <sip:148695@sip.example.com>;tag=1',
		'To: <sip:14869540793@192.0.2.10>;tag=Zp3a',
		'Call-ID: 0a1b2c3d@192.0.2.168',
		'CSeq: 102 INVITE',
		'Content-Length: 0',
		'',
		'-'.repeat(72),
		'',
	]
		.map((l) => (l.startsWith('-') || l.startsWith('send') ? l : `   ${l}`))
		.join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sofia');
	assert.deepEqual(
		a.messages.map((m) => [m.status, m.reason]),
		[[484, 'Address Incomplete']],
	);
	coversAll(text, a);
});

test('a text without SIP messages is said so on its first line, which ends before its CR LF', () => {
	// The editor gets a range inside the line: its end between the CR and the LF is past it.
	for (const [text, end] of [
		['no SIP in here\r\nnor here\r\n', 14],
		['no SIP in here\rnor here', 14],
		['no SIP in here\nnor here', 14],
		['no SIP at all', 13],
	] as const) {
		const problem = analyzeTrace(text).problems.find((p) => p.code === 'framing.no-messages');
		assert.deepEqual(problem?.span, { start: 0, end }, JSON.stringify(text));
	}
});

// Wireshark's text export with name resolution on (its default for transport ports; a Linphone
// issue's MESSAGE: `Src: pbx.interlinx.bc.ca (10.75.22.8)`, `Src Port: sip (5060)`), and
// Wireshark 1's own repetition (`Src: 10.0.0.1 (10.0.0.1)`, `Dst Port: 42783 (42783)`): the
// addresses in parentheses are the message's, as without resolution.
test('tshark text with resolved names: each message keeps the addresses of the unresolved export', () => {
	const plain = read('../real/presence-story.tshark.txt');
	const named = plain
		.replace(
			/^(Internet Protocol Version [46], Src: )(\S+), Dst: (\S+)/gm,
			(_, head: string, src: string, dst: string) =>
				`${head}host-${src.length}.example (${src}), Dst: ${dst} (${dst})`,
		)
		.replace(
			/^((?:User Datagram|Transmission Control) Protocol, Src Port: )(\d+), Dst Port: (\d+)/gm,
			(_, head: string, src: string, dst: string) =>
				`${head}${src === '5060' ? 'sip' : src} (${src}), Dst Port: ${dst === '5060' ? 'sip' : dst} (${dst})`,
		);
	assert.notEqual(named, plain);
	const sides = (t: string): (string | null)[][] =>
		analyzeTrace(t).messages.map((m) => [m.frame.src, m.frame.dst, m.frame.transport]);
	const expected = sides(plain);
	assert.ok(expected.length > 0 && expected.every(([src, dst]) => src && dst));
	assert.deepEqual(sides(named), expected);
});

// sngrep's call flow screen copied from a terminal (loreste/siprec issues 9 and 10): the ladder
// on the left, the selected message's text right of the bar, a line of it a line of the screen.
test("sngrep's call flow screen: the message in the pane right of the ladder is read", () => {
	const ladder = [
		'                                                            ',
		'         192.168.81.54:5060              192.168.81.54:5090 ',
		'          ──────────┬─────────          ──────────┬─────────',
		'  17:41:09.494135   │        INVITE (SDP)         │         ',
		'        +0.001109   │ ──────────────────────────> │         ',
		'  17:41:09.495244   │         100 Trying          │         ',
		'        +0.000439   │ <────────────────────────── │         ',
		'  17:41:09.495683   │         180 Ringing         │         ',
		'        +0.001909   │ <────────────────────────── │         ',
		'  17:41:09.497592   │        200 OK (SDP)         │         ',
	];
	const pane = [
		'INVITE sip:192.168.81.54:5090 SIP/2.0',
		'Via: SIP/2.0/UDP 192.168.81.54:5060;branch=z9hG4bK97e8.3b3a9c65.0',
		'To: <sip:192.168.81.54:5090>',
		'From: <sip:192.168.81.54:5090>;tag=a7628fcd7623f1f538d88bd3971b4791-ce21',
		'CSeq: 2 INVITE',
		'Call-ID: B2B.160.7144296.1762785669.1074725516',
		'Max-Forwards: 70',
		'Contact: <sip:192.168.81.54:5060>',
		'Content-Length: 0',
		'',
	];
	const text = [
		'The call is ending incorrectly',
		...ladder.map((l, i) => `${l}│${pane[i]}`),
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const invite = a.messages[0]!;
	assert.equal(invite.method, 'INVITE');
	assert.equal(invite.callId, 'B2B.160.7144296.1762785669.1074725516');
	assert.equal(invite.cseq?.seq, 2);
	// The start line is the pane's, its line the screen's second.
	assert.equal(text.slice(invite.startLine.start, invite.startLine.end), pane[0]);
	assert.deepEqual(
		a.problems.filter((p) => p.severity === 'error').map((p) => p.code),
		[],
	);
	coversAll(text, a);
});

test('ngrep of a capture agent’s HEP feed: the dots of the binary header before each start line are ngrep’s', () => {
	// ngrep on a Homer capture node's TCP port (a Kamailio sipcapture question, quoted with `> `
	// in the post): each packet's HEP3 header printed as dots, the SIP start line right after them.
	const packet = (first: string, more: string[]): string[] => [
		'T 51.10.155.10:47283 -> 172.19.8.21:9060 [AP]',
		'HEP3.0...................',
		'..h......',
		`.................${first}.`,
		...more.map((l) => `${l}.`),
		'.',
		'',
		'##',
	];
	const common = [
		'Via: SIP/2.0/TCP 172.19.16.130:53083;rport;branch=z9hG4bKPj66df463f;alias',
		'From: <sip:asterisk@172.19.16.130>;tag=86ebab1d',
		'Call-ID: ed24ab3c-4f42-4a9d-8e2d-9a3acd5b5b70',
		'CSeq: 3809 OPTIONS',
	];
	const text = [
		'interface: any',
		'',
		...packet('OPTIONS sip:edge.example.com;transport=tcp SIP/2.0', [
			...common,
			'To: <sip:edge.example.com>',
			'Max-Forwards: 70',
			'Content-Length:  0',
		]),
		...packet('SIP/2.0 200 OK', [
			...common,
			'To: <sip:edge.example.com>;tag=24voZr',
			'Content-Length: 0',
		]),
		'',
	]
		.map((l) => (l ? `> ${l}` : '>'))
		.join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'ngrep');
	// The packet lines' addresses are the capture link's (the agent's to its collector on port
	// 9060), not the messages': those sit in the HEP header's binary fields, not read.
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.src, m.frame.dst, m.frame.transport]),
		[
			['OPTIONS', null, null, null],
			[200, null, null, null],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
	assert.deepEqual(
		a.problems.filter((p) => p.severity === 'error').map((p) => p.code),
		[],
	);
});

test("a page's list that explains a request line's parts (`* The Request-URI: INVITE ... SIP/2.0`) holds no message", () => {
	// Twilio's glossary page: the message in a code block, then bullets quoting its request line.
	const text = [
		'```',
		'INVITE sip:+14155552222@example.pstn.twilio.com SIP/2.0',
		'Via: SIP/2.0/UDP 192.168.10.10:5060;branch=z9hG4bK776asdhds',
		'Max-Forwards: 70',
		'To: <sip:+14155552222@example.pstn.twilio.com>',
		'From: "Alice" <sip:+14155551111@example.pstn.twilio.com>;tag=1928301774',
		'Call-ID: a84b4c76e66710',
		'CSeq: 1 INVITE',
		'Contact: <sip:+14155551111@192.168.10.10:5060>',
		'Content-Length: 0',
		'```',
		'',
		'The **Request-Line** contains three parts:',
		'',
		'* The request method name: **INVITE** sip:+14155552222@example.pstn.twilio.com SIP/2.0',
		'* The Request-URI: INVITE **sip:+14155552222@example.pstn.twilio.com** SIP/2.0',
		'* The SIP protocol version: INVITE sip:+14155552222@example.pstn.twilio.com **SIP/2.0**',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => m.method),
		['INVITE'],
	);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
});

test("a Cisco banner a copy glued to the end of the message above (`a=recvonly Sent:`) gives the next message's direction", () => {
	// A Cisco tech note's `debug ccsip messages`: the page lost the line ends before each banner.
	const text = [
		'Received:',
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/TCP 10.104.46.198:5060;branch=z9hG4bK13262B',
		'From: <sip:10.104.46.198>;tag=110B66-1CBC',
		'To: <sip:23232323@10.104.46.201>;tag=ds457251f',
		'Call-ID: 7142FB-9A50@10.104.46.198',
		'CSeq: 101 INVITE',
		'Contact: <sip:23232323@10.104.46.201:5060;transport=tcp>',
		'Content-Type: application/sdp',
		'',
		'v=0',
		'o=- 1 1 IN IP4 10.104.46.201',
		's=-',
		'c=IN IP4 10.104.46.201',
		't=0 0',
		'm=audio 54100 RTP/AVP 0',
		'a=recvonly Sent:',
		'ACK sip:23232323@10.104.46.201:5060;transport=tcp SIP/2.0',
		'Via: SIP/2.0/TCP 10.104.46.198:5060;branch=z9hG4bK141B87',
		'From: <sip:10.104.46.198>;tag=110B66-1CBC',
		'To: <sip:23232323@10.104.46.201>;tag=ds457251f',
		'Call-ID: 7142FB-9A50@10.104.46.198',
		'CSeq: 101 ACK',
		'Max-Forwards: 70',
		'Content-Length: 0',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.direction]),
		[
			[200, 'in'],
			['ACK', 'out'],
		],
	);
});

test('a status line with the first header glued to its reason phrase: the reason alone, the header read as the top Via', () => {
	// Cisco Expressway's network log as a tech note copied it.
	const text = [
		'2017-03-02T08:10:46.240+01:00 vcse tvcs: UTCTime="2017-03-02 07:10:46,240" Module="network.sip" Level="DEBUG":  Action="Received" Local-ip="10.48.36.47" Local-port="25002" Src-ip="10.48.36.6" Src-port="5061" Msg-Hash="13707918855517357847"',
		' SIPMSG:',
		' |SIP/2.0 504 Server time-out Via: SIP/2.0/TLS 10.48.36.47:5061;branch=z9hG4bK42ee6fd7;rport',
		' Via: SIP/2.0/TLS 10.48.54.160:52768;branch=z9hG4bK6594a028',
		' Call-ID: f1b3ad5d-183b-4632-b210-c2f9bec71960',
		' CSeq: 2066245576 INVITE',
		' From: "DX70" <sip:2000@acano.example.com>;tag=9fea3e7d70afd884',
		' To: <sip:stejanss@example.com>;tag=C65A7B0A8766A5F1',
		' Content-Length: 0',
		' |',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'expressway');
	const m = a.messages[0]!;
	assert.equal(m.reason, 'Server time-out');
	assert.deepEqual(
		m.vias.map((v) => v.sentBy),
		['10.48.36.47:5061', '10.48.54.160:52768'],
	);
	assert.deepEqual(a.problems.map((p) => p.code).sort(), ['header.joined', 'response.no-request']);
});

test('a request line a copy wrapped, after its method (a mail) or at a width (a console), is read joined', () => {
	// RFC 5626's REGISTER as a mailing list archive wrapped it: the space after the method lost.
	const mail = [
		'outbound capable ua sends this register request:',
		'REGISTER',
		'sip:example.com SIP/2.0',
		'Via: SIP/2.0/TCP 192.0.2.2;branch=z9hG4bK-bad0ce-11-1036',
		'Max-Forwards: 70',
		'From: Bob <sip:bob@example.com>;tag=d879h76',
		'To: Bob <sip:bob@example.com>',
		'Call-ID: 8921348ju72je840.204',
		'CSeq: 1 REGISTER',
		'Contact: <sip:line1@192.0.2.2;transport=tcp>;reg-id=1',
		'Content-Length: 0',
		'',
	].join('\n');
	const a = analyzeTrace(mail);
	assert.deepEqual(
		a.messages.map((m) => [m.method, a.text.slice(0, m.startLine.start).split('\n').length - 1]),
		[['REGISTER', 1]],
	);
	assert.equal(a.messages[0]!.requestUri, 'sip:example.com');
	assert.deepEqual(
		a.problems.map((p) => [p.code, a.text.slice(0, p.span.start).split('\n').length - 1]),
		[['header.wrapped', 1]],
	);
	// sipML5's console at 80 columns: the tag, the method and a space, the URI over two lines.
	const console = [
		'__tsip_transport_ws_onmessage SIPml-api.js:1',
		'recv=NOTIFY ',
		'sip:web8000@192.0.2.220:10060;rtcweb-breaker=yes;transport=udp;ws-src-ip=198.51.1',
		'00.45;ws-src-port=47940;ws-src-proto=ws SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.220:5060;rport;branch=z9hG4bK5163f060',
		'From: "asterisk"<sip:asterisk@192.0.2.220>;tag=as156632e6',
		'To: <sip:web8000@192.0.2.220:10060>',
		'Call-ID: 75a22bfa5b5adc724dc55744637e67a9@192.0.2.220:5060',
		'CSeq: 102 NOTIFY',
		'Max-Forwards: 70',
		'Event: message-summary',
		'Subscription-State: terminated;reason=noresource',
		'Content-Length: 0',
		'',
	].join('\n');
	const b = analyzeTrace(console);
	const notify = b.messages[0]!;
	assert.equal(notify.method, 'NOTIFY');
	assert.equal(notify.frame.direction, 'in');
	assert.equal(
		notify.requestUri,
		'sip:web8000@192.0.2.220:10060;rtcweb-breaker=yes;transport=udp;ws-src-ip=198.51.100.45;ws-src-port=47940;ws-src-proto=ws',
	);
	// A word that is no method, or a next line that is no Request-URI: no message.
	for (const [from, to] of [
		['REGISTER\n', 'BOOKING\n'],
		['sip:example.com SIP/2.0', 'example.com SIP/2.0'],
	] as const)
		assert.equal(analyzeTrace(mail.replace(from, to)).messages.length, 0, to);
});

test('a request line wrapped before its version (`INVITE sip:... ` / `SIP/2.0`) is read joined', () => {
	// webrtc2sip's log on an issue page that wraps at 80 columns.
	const text = [
		'*INFO: Receiving SIP o/ WebSocket message: INVITE sip:4121210033@198.51.100.139 ',
		'SIP/2.0',
		'Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bKW4kiqn7SmsEG;rport',
		'From: <sip:+14121210099@198.51.100.139:5620>;tag=4EwJApQ3NR2UpDOiytGX',
		'To: <sip:4121210033@198.51.100.139>',
		'Call-ID: 307f87bf-f780-2974-5d4d-41153fce22e6',
		'CSeq: 1 INVITE',
		'Max-Forwards: 70',
		'Contact: <sip:gr4vb0qd@df7jal23ls0d.invalid;transport=ws>',
		'Content-Length: 0',
		'',
	].join('\n');
	for (const wrapped of [text, text.replace('139 \n', '139\n')]) {
		const a = analyzeTrace(wrapped);
		assert.deepEqual(
			a.messages.map((m) => [m.method, m.requestUri]),
			[['INVITE', 'sip:4121210033@198.51.100.139']],
		);
		assert.ok(!a.problems.some((p) => p.code === 'message.malformed-start-line'));
	}
});

test("sofia's stamp with its time cut off by the poster (`send 1547 bytes to udp/[...]:5060`): direction, address and size still read", () => {
	const invite = [
		'INVITE sip:to1234@203.0.113.210 SIP/2.0',
		'Via: SIP/2.0/UDP 172.23.0.3:5080;rport;branch=z9hG4bKrQ6eHB5',
		'Max-Forwards: 70',
		'From: "" <sip:0000000000@172.23.0.3>;tag=5rmjKa2p3661r',
		'To: <sip:to1234@203.0.113.210>',
		'Call-ID: 1d0c4a5e-7b2f-4e7e-9d7b-0a2e5c1f3b11',
		'CSeq: 12345 INVITE',
		'Contact: <sip:gw+external@172.23.0.3:5080;transport=udp>',
		'Content-Length: 0',
		'',
		'',
	];
	const dashes = '-'.repeat(45);
	const text = [
		'bgapi originate sofia/external/to1234@203.0.113.210 &hangup',
		'',
		'send 1547 bytes to udp/[203.0.113.210]:5060',
		dashes,
		...invite,
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sofia');
	const f = a.messages[0]!.frame;
	assert.deepEqual(
		[f.direction, f.dst, f.transport, f.declaredBytes, f.time],
		['out', '203.0.113.210:5060', 'UDP', 1547, null],
	);
});
