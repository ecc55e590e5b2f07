// Framing of every supported format. The samples in test/fixtures/formats carry the same six
// messages (PUBLISH, 407, PUBLISH re-sent with credentials, 200, NOTIFY, 200) in each tool's
// shape, so what each frame must hold is known by construction (see test/fixtures/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { frameTrace } from '../../server/src/core/framing/frameTrace';
import type { TraceFormat } from '../../server/src/core/model';

const dir = join(__dirname, '..', 'fixtures', 'formats');
const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
const story = ['PUBLISH', '407', 'PUBLISH', '200', 'NOTIFY', '200'];

const samples: [
	string,
	TraceFormat,
	{ direction?: boolean; addresses?: 'both' | 'remote'; time?: RegExp },
][] = [
	['asterisk-prefixed.log', 'pjsipLogger', { direction: true, addresses: 'remote' }],
	['pjsip-logger.log', 'pjsipLogger', { direction: true, addresses: 'remote' }],
	['sofia.log', 'sofia', { direction: true, addresses: 'remote', time: /^19:33:0\d\.\d{6}$/ }],
	['ngrep.txt', 'ngrep', { addresses: 'both', time: /^2026-11-24T19:33:0\d\.\d{6}$/ }],
	['opensips.txt', 'opensips', { addresses: 'both', time: /^2026-11-24T/ }],
	['pjsua.log', 'pjsua', { direction: true, addresses: 'remote', time: /^19:33:0\d\.\d{3}$/ }],
	['logcat.txt', 'logcat', {}],
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
		const pieces = [...a.frames.map((f) => f.span), ...a.noise].sort((x, y) => x.start - y.start);
		let at = 0;
		for (const p of pieces) {
			assert.equal(p.start, at, 'no gap, no overlap');
			at = p.end;
		}
		assert.equal(at, text.length);
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
	const text = read('invite-sdp.sip').slice(0, 420);
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	assert.ok(
		a.problems.some((p) => p.code === 'content-length.mismatch' && p.severity !== 'information'),
	);
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

test('a trace printed through cat -v (each CR as ^M) reads like the original', () => {
	const original = readFileSync(
		join(__dirname, '..', 'fixtures', 'real', 'presence-story.sip'),
		'utf8',
	);
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

// tcpdump -A, as tcpdump 4.99 prints the captures in test/fixtures/real (`tcpdump -nn -A -r`):
// the IP and UDP headers, non-printables as '.', come before the start line on its line.
const realDir = join(__dirname, '..', 'fixtures', 'real');

/** Every offset in exactly one frame or noise span. */
function coversAll(
	text: string,
	a: {
		frames: readonly { span: { start: number; end: number } }[];
		noise: readonly { start: number; end: number }[];
	},
): void {
	const pieces = [...a.frames.map((f) => f.span), ...a.noise].sort((x, y) => x.start - y.start);
	let at = 0;
	for (const p of pieces) {
		assert.equal(p.start, at, 'no gap, no overlap');
		at = p.end;
	}
	assert.equal(at, text.length);
}

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
