// Trace excerpts as people post them (wiki pages, issues, blogs): a message cut by the end of
// the excerpt, Content-Length in the formats that decorate their lines, a body glued to the
// headers with no empty line, and Markdown fences around a pasted message
// (test/fixtures/README.md says where each fixture comes from).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { bodyText } from '../../server/src/core/bodies/bodyText';
import { decodeBody, summarizePresence } from '../../server/src/core/bodies/decodeBody';
import type { SipMessage, TraceAnalysis } from '../../server/src/core/model';
import { findHeader } from '../../server/src/core/query';

/** A fixture: `excerpts/` for the real excerpts, `formats/` for the hand-made samples. */
const read = (dir: 'excerpts' | 'formats', name: string): string =>
	readFileSync(join(__dirname, '..', 'fixtures', dir, name), 'utf8');
/** 0-based line of `offset` in `text`. */
function lineAt(text: string, offset: number): number {
	let line = 0;
	for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
	return line;
}
/** The codes of the problems on message `m` (its frame), in order. */
function codesOf(a: TraceAnalysis, m: SipMessage): string[] {
	return a.problems
		.filter((p) => p.span.start >= m.frame.span.start && p.span.start < m.frame.span.end)
		.map((p) => p.code);
}
const crlf = (...lines: string[]): string => lines.join('\r\n');
const octets = (s: string): number => Buffer.byteLength(s);

const invite = (sdp: string, contentLength = octets(sdp)): string[] => [
	'INVITE sip:bob@example.com SIP/2.0',
	'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1',
	'Max-Forwards: 70',
	'From: <sip:alice@example.com>;tag=a1',
	'To: <sip:bob@example.com>',
	'Call-ID: glued-1@192.0.2.1',
	'CSeq: 1 INVITE',
	'Contact: <sip:alice@192.0.2.1>',
	'Content-Type: application/sdp',
	`Content-Length: ${contentLength}`,
];
const sdp = crlf(
	'v=0',
	'o=- 1 1 IN IP4 192.0.2.1',
	's=-',
	'c=IN IP4 192.0.2.1',
	't=0 0',
	'm=audio 4000 RTP/AVP 0',
	'a=rtpmap:0 PCMU/8000',
	'',
);
/** A sofia siptrace of `messages` (lines each), `recv` stamps with 72 dashes. */
function sofiaTrace(messages: readonly (readonly string[])[], lineEnd = '\n'): string {
	const dashes = `   ${'-'.repeat(72)}`;
	return messages
		.map((lines, i) =>
			[
				// The size sofia gives: the message as it came, whatever its Content-Length says.
				`recv ${octets(lines.join('\r\n'))} bytes from udp/[192.0.2.1]:5060 at 10:00:0${i}.000001:`,
				dashes,
				...lines.map((l) => (l ? `   ${l}` : '')),
				dashes,
			].join(lineEnd),
		)
		.join(lineEnd)
		.concat(lineEnd);
}
// ---- A message cut by the end of the excerpt ----
void test('pjsua excerpt cut after Content-Type (all the headers every message has): one message.truncated', () => {
	const text = read('excerpts', 'pjsua-app-logger-cut.log');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(m.method, 'NOTIFY');
	assert.equal(m.cutShort, true);
	assert.deepEqual(
		a.problems.map((p) => [p.code, lineAt(text, p.span.start)]),
		[['message.truncated', 1]],
	);
});

const response = (status: string, ...extra: string[]): string[] => [
	`SIP/2.0 ${status}`,
	'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-r1',
	'From: <sip:alice@example.com>;tag=a1',
	'To: <sip:bob@example.com>;tag=b1',
	'Call-ID: cut-1@192.0.2.1',
	'CSeq: 1 REGISTER',
	...extra,
];

void test('a response cut short does not also lack the header its status code requires', () => {
	for (const [status, code] of [
		['401 Unauthorized', '401.missing-www-authenticate'],
		['407 Proxy Authentication Required', '407.missing-proxy-authenticate'],
		['423 Interval Too Brief', '423.missing-min-expires'],
		['405 Method Not Allowed', '405.missing-allow'],
		['415 Unsupported Media Type', '415.missing-accept'],
		['420 Bad Extension', '420.missing-unsupported'],
	] as const) {
		// Cut after the start line, after Via, and after every header every message has.
		for (const kept of [1, 2, 6]) {
			const text = `${response(status).slice(0, kept).join('\n')}\n`;
			const a = analyzeTrace(text);
			assert.deepEqual(
				a.problems.map((p) => p.code).filter((c) => c !== 'response.no-request'),
				['message.truncated'],
				`${status}, ${kept} lines`,
			);
		}
		// Whole (Content-Length: 0), with or without its last empty line: the missing header is reported.
		for (const end of ['\r\n\r\n', '\r\n', '']) {
			const a = analyzeTrace(crlf(...response(status, 'Content-Length: 0')) + end);
			assert.ok(!a.messages[0]!.cutShort);
			assert.ok(
				a.problems.some((p) => p.code === code),
				`${status} ending ${JSON.stringify(end)}`,
			);
		}
	}
});

void test('a request with every header a message needs, cut before Content-Length or its body, is cut short', () => {
	const head = [
		'NOTIFY sip:bob@192.0.2.2 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-n1',
		'Max-Forwards: 70',
		'From: <sip:linda@example.com>;tag=p1',
		'To: <sip:bob@example.com>;tag=b1',
		'Call-ID: cut-2@192.0.2.1',
		'CSeq: 2 NOTIFY',
	];
	// No Content-Length yet, or one that announces a body that never came.
	for (const last of ['Content-Type: application/pidf+xml', 'Content-Length: 240']) {
		const a = analyzeTrace(`${[...head, last].join('\n')}\n`);
		assert.equal(a.messages[0]!.cutShort, true, last);
		assert.deepEqual(
			a.problems.map((p) => p.code),
			['message.truncated'],
			last,
		);
	}
	// Whole but without Event and Subscription-State: reported, also at the end of the trace
	// without the last empty line.
	for (const end of ['\n\n', '\n', '']) {
		const a = analyzeTrace([...head, 'Content-Length: 0'].join('\n') + end);
		assert.equal(a.messages[0]!.cutShort, false);
		assert.deepEqual(
			a.problems.map((p) => p.code),
			[
				'notify.missing-contact',
				'event.missing',
				'notify.missing-subscription-state',
				'notify.no-subscribe',
			],
		);
	}
});
// ---- Content-Length where the format decorates its lines ----
void test('sofia (drachtio excerpt): a body cut short of its Content-Length and of the size its record gives is said cut', () => {
	// `recv 1003 bytes`, the headers and 28 octets of the 449-octet body: the excerpt stops inside
	// the body, which the size says the message had (not a wrong length).
	const text = read('excerpts', 'sofia-drachtio-cut-body.log');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sofia');
	assert.equal(a.messages.length, 1);
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('content-length')).map((p) => p.code),
		[],
	);
	const cut = a.problems.filter((p) => p.code === 'message.truncated');
	assert.equal(cut.length, 1);
	assert.equal(cut[0]!.severity, 'warning');
	assert.match(cut[0]!.message, /28 of the 449 octets Content-Length announces/);
});
void test('sofia: Content-Length is checked as for bare messages, CRLF or LF, cut or followed', () => {
	const message = (length: number): string[] => [
		...invite(sdp, length),
		'',
		...sdp.split('\r\n').slice(0, -1),
	];
	const bye = [
		'BYE sip:bob@example.com SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-2',
		'Max-Forwards: 70',
		'From: <sip:alice@example.com>;tag=a1',
		'To: <sip:bob@example.com>;tag=b1',
		'Call-ID: glued-1@192.0.2.1',
		'CSeq: 2 BYE',
		'Content-Length: 0',
		'',
	];
	const lengthProblems = (text: string): string[] =>
		analyzeTrace(text)
			.problems.filter((p) => p.code.startsWith('content-length'))
			.map((p) => `${p.severity} ${p.message}`);
	// Counted with CRLF (as on the wire) or LF, the last line end in or out: no problem.
	for (const length of [octets(sdp), octets(sdp) - 2, octets(sdp.replace(/\r\n/g, '\n'))])
		for (const lineEnd of ['\n', '\r\n'])
			assert.deepEqual(
				lengthProblems(sofiaTrace([message(length), bye], lineEnd)),
				[],
				`${length}`,
			);
	// A length above the body, the trace cut or another message after it: an error.
	assert.deepEqual(lengthProblems(sofiaTrace([message(449)])), [
		`error Content-Length is 449 but only ${octets(sdp) - 2} octets of body follow: the message is truncated or the length is wrong (RFC 3261 §18.3).`,
	]);
	assert.equal(lengthProblems(sofiaTrace([message(449), bye])).length, 1);
	// A length below it: what follows is noted, from where the length ends.
	const short = sofiaTrace([message(5), bye]);
	const a = analyzeTrace(short);
	const extra = a.problems.filter((p) => p.code === 'content-length.mismatch');
	assert.equal(extra.length, 1);
	assert.equal(extra[0]!.severity, 'information');
	assert.equal(short.slice(extra[0]!.span.start, extra[0]!.span.start + 3), 'o=-');
	// No Content-Length and a body: noted as for bare messages.
	const none = sofiaTrace([message(0).filter((l) => !l.startsWith('Content-Length'))]);
	assert.deepEqual(
		analyzeTrace(none).problems.map((p) => p.code),
		['content-length.missing-with-body'],
	);
});

void test('sofia samples: no Content-Length problem, CRLF or LF', () => {
	const sofia = read('formats', 'sofia.log');
	for (const text of [sofia, sofia.replace(/\r?\n/g, '\r\n'), sofia.replace(/\r\n/g, '\n')])
		assert.deepEqual(
			analyzeTrace(text)
				.problems.filter((p) => p.code.startsWith('content-length'))
				.map((p) => p.code),
			[],
		);
});

void test('an indented paste of bare messages checks Content-Length as the bare messages do', () => {
	const bare = `${crlf(...invite(sdp, 449), '', sdp)}`;
	const indented = bare
		.split('\r\n')
		.map((l) => (l ? `    ${l}` : l))
		.join('\r\n');
	const codes = (text: string): string[] => analyzeTrace(text).problems.map((p) => p.code);
	assert.deepEqual(codes(bare), ['content-length.mismatch']);
	assert.deepEqual(codes(indented), codes(bare));
});

void test("a message ended by its log's end marker: a wrong Content-Length does not cut the body short of it", () => {
	// LF line ends; the copy lost octets of the body, so Content-Length (counted with CRLF)
	// happens to end on a line boundary before the last line.
	const xml = ['<a>', '<b/>', '<b/>', '<b/>', '<b/>', '<b/>', '</a>'];
	const length = xml.slice(0, -1).reduce((n, l) => n + l.length + 2, 0);
	const message = [
		'NOTIFY sip:bob@192.0.2.2 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-n1',
		'Max-Forwards: 70',
		'From: <sip:linda@example.com>;tag=p1',
		'To: <sip:bob@example.com>;tag=b1',
		'Call-ID: marker-1@192.0.2.1',
		'CSeq: 2 NOTIFY',
		'Event: presence',
		'Subscription-State: active',
		'Content-Type: application/xml',
		`Content-Length: ${length}`,
		'',
		...xml,
	];
	const chanSip = ['Reliably Transmitting (no NAT) to 192.0.2.2:5060:', ...message, '---', ''].join(
		'\n',
	);
	const a = analyzeTrace(chanSip);
	assert.equal(a.format, 'chanSip');
	assert.equal(bodyText(chanSip, a.messages[0]!).trimEnd(), xml.join('\n'));
	assert.deepEqual(
		a.problems.filter((p) => p.code === 'content-length.mismatch').map((p) => p.message),
		[
			// The copy's LFs were CRLF on the wire: 4 octets over the length then, 2 short in the file;
			// a body that mixed both would give the same: said, not called wrong.
			`Content-Length is ${length}; the body has ${length - 2} octets in the file, ${length + 4} with its 6 LF line ends counted as CRLF: between the two, as a body that mixed CRLF and bare LF line ends on the wire would give in a trace that lost its CRs, or a copy that changed its white space. Read as whole; the length cannot be checked here (RFC 3261 §18.3).`,
		],
	);
	// sofia, whose dashes end each message, the same.
	const sofia = sofiaTrace([message]);
	const b = analyzeTrace(sofia);
	assert.equal(b.format, 'sofia');
	assert.equal(bodyText(sofia, b.messages[0]!), xml.join('\r\n'));
	// Without an end marker, Content-Length ends the message where the line after it is other
	// text; the root's end tag right under it is the document's, not the log's (the length is
	// said, not obeyed, as for SDP lines under a short length).
	const bare = [...message, 'a log line', ''].join('\n');
	const c = analyzeTrace(bare);
	assert.equal(bodyText(bare, c.messages[0]!).trimEnd(), xml.join('\n'));
	assert.ok(c.problems.some((p) => p.code === 'content-length.mismatch'));
	const beyond = [...message.slice(0, -1), '<b/>', 'a log line', ''].join('\n');
	assert.equal(
		bodyText(beyond, analyzeTrace(beyond).messages[0]!),
		`${xml.slice(0, -1).join('\n')}\n`,
	);
});
// ---- A body glued to the headers (no empty line) ----
void test('chan_sip wiki copy: the PIDF glued to the headers is the body, said once, and decoded', () => {
	const text = read('excerpts', 'chan-sip-wiki-no-empty-line.log');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'chanSip');
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, lineAt(text, m.startLine.start)]),
		[
			['NOTIFY', 5],
			[200, 40],
		],
	);
	const notify = a.messages[0]!;
	assert.deepEqual(
		notify.headers.map((h) => h.key),
		[
			'via',
			'max-forwards',
			'from',
			'to',
			'contact',
			'call-id',
			'cseq',
			'user-agent',
			'subscription-state',
			'event',
			'content-type',
			'content-length',
		],
	);
	assert.ok(!a.problems.some((p) => p.code === 'header.malformed'));
	const glued = a.problems.filter((p) => p.code === 'message.missing-empty-line');
	assert.equal(glued.length, 1);
	// The wiki's copy holds no empty line at all: it lost this one with the others.
	assert.equal(glued[0]!.severity, 'information');
	assert.match(glued[0]!.message, /the copy lost it, as it lost every empty line of the trace/);
	assert.equal(glued[0]!.rfc?.label, 'RFC 3261 §7');
	assert.equal(lineAt(text, glued[0]!.span.start), 18);
	// A trace with an empty line beside another message's lines (before the 200's start line)
	// does not say so: the copy kept empty lines, the sender's fault, as RFC 3261 §7 has it.
	const ok = text.indexOf('SIP/2.0 200 OK');
	const withEmptyLine = analyzeTrace(`${text.slice(0, ok)}\n${text.slice(ok)}`).problems.find(
		(p) => p.code === 'message.missing-empty-line',
	);
	assert.equal(withEmptyLine?.severity, 'warning');
	// Empty lines of the page's own, among its prose (above the console's lines, a manual's table
	// of contents), say nothing of what the copy did to the messages.
	const prose = `Table of Contents\n\nRelated product manuals\n\n${text}`;
	assert.equal(
		analyzeTrace(prose).problems.find((p) => p.code === 'message.missing-empty-line')?.severity,
		'information',
	);
	// An empty line the copy left among another message's headers (a stray one, above a
	// header) is none that ends a message: the copy still lost every one of those.
	const stray = text.replace(
		'Contact: "Bob" <sip:6002@10.24.18.138:5060;ob>\n',
		'Contact: "Bob" <sip:6002@10.24.18.138:5060;ob>\n\n',
	);
	assert.notEqual(stray, text);
	const strayRead = analyzeTrace(stray).problems;
	assert.ok(strayRead.some((p) => p.code === 'message.stray-empty-line'));
	assert.equal(
		strayRead.find((p) => p.code === 'message.missing-empty-line')?.severity,
		'information',
	);
	// The body: from `<?xml` to `</presence>`, the `xmlns:pp="..."` lines in it.
	const body = bodyText(text, notify);
	assert.ok(body.startsWith('<?xml version="1.0" encoding="ISO-8859-1"?>\n<presence'));
	assert.ok(body.includes('\nxmlns:pp="urn:ietf:params:xml:ns:pidf:person"\n'));
	assert.ok(body.trimEnd().endsWith('</presence>'));
	const decoded = decodeBody(text, notify);
	assert.equal(decoded.kind, 'pidf');
	assert.deepEqual(
		decoded.kind === 'pidf' ? decoded.presence.tuples.map((t) => [t.id, t.basic]) : null,
		[
			['6002', 'open'],
			['digium-presence', null],
		],
	);
	assert.ok(summarizePresence(decoded));
	// The copy lost two octets of the body (its indentation): Content-Length says so. chan_sip
	// leaves expires out of `Subscription-State: active` (RFC 6665 §4.2.2 requires it).
	assert.deepEqual(codesOf(a, notify).sort(), [
		'content-length.mismatch',
		'message.missing-empty-line',
		'notify.missing-expires',
		'notify.no-subscribe',
	]);
});
void test('SDP glued to the headers: the body by Content-Length, the log line after it is not SIP', () => {
	const text = `${crlf(...invite(sdp))}\r\n${sdp}00:11:29: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\r\nReceived:\r\n`;
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(m.headerCount, 9);
	assert.equal(bodyText(text, m), sdp);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['message.missing-empty-line'],
	);
	// The log lines after it are noise, not a body's excess.
	assert.ok(a.noise.some((n) => text.slice(n.start, n.end).includes('ccsipDisplayMsg')));
	// With LF line ends (Content-Length counts CRLF), the same.
	const lf = analyzeTrace(text.replace(/\r\n/g, '\n'));
	assert.deepEqual(
		lf.problems.map((p) => p.code),
		['message.missing-empty-line'],
	);
	assert.equal(bodyText(lf.text, lf.messages[0]!), sdp.replace(/\r\n/g, '\n'));
});
void test('a glued body whose lines look like "name: value" stays body; headers after a broken line stay headers', () => {
	const xml = crlf(
		'<?xml version="1.0"?>',
		'<presence xmlns="urn:ietf:params:xml:ns:pidf"',
		'xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"',
		'entity="sip:linda@example.com">',
		'<tuple id="t1"><status><basic>open</basic></status></tuple>',
		'</presence>',
	);
	const head = [
		'NOTIFY sip:bob@192.0.2.2 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-n1',
		'Max-Forwards: 70',
		'From: <sip:linda@example.com>;tag=p1',
		'To: <sip:bob@example.com>;tag=b1',
		'Call-ID: glued-2@192.0.2.1',
		'CSeq: 2 NOTIFY',
		'Event: presence',
		'Subscription-State: active;expires=600',
		'Content-Type: application/pidf+xml',
		`Content-Length: ${octets(xml)}`,
	];
	const glued = analyzeTrace(`${crlf(...head, xml)}\r\n`);
	const m = glued.messages[0]!;
	assert.ok(!m.headers.some((h) => h.key === 'xmlns' || h.key === 'entity'));
	assert.equal(bodyText(glued.text, m), xml);
	assert.equal(decodeBody(glued.text, m).kind, 'pidf');
	assert.deepEqual(glued.problems.map((p) => p.code).sort(), [
		'message.missing-empty-line',
		'notify.missing-contact',
		'notify.no-subscribe',
	]);

	// A broken line among the headers, more headers after it: a malformed header, as before.
	const broken = analyzeTrace(
		`${crlf(head[0]!, head[1]!, 'this line lost its name', ...head.slice(2), '', xml)}\r\n`,
	);
	assert.equal(broken.messages[0]!.callId, 'glued-2@192.0.2.1');
	assert.equal(bodyText(broken.text, broken.messages[0]!), xml);
	assert.deepEqual(broken.problems.map((p) => p.code).sort(), [
		'header.malformed',
		'notify.missing-contact',
		'notify.no-subscribe',
	]);
	// A hard-wrapped value that puts `<sip:...>` at the start of a line after Content-Type: the
	// headers after it say it is not a body.
	const wrapped = analyzeTrace(
		`${crlf(
			head[0]!,
			head[1]!,
			'Content-Type: application/pidf+xml',
			'Contact:',
			'<sip:linda@192.0.2.1:5060>',
			...head.slice(2, 9),
			`Content-Length: ${octets(xml)}`,
			'',
			xml,
		)}\r\n`,
	);
	assert.equal(wrapped.messages[0]!.callId, 'glued-2@192.0.2.1');
	// `Contact:` alone above it: the line is its value, which the page put on the next line.
	const contact = findHeader(wrapped.messages[0]!, 'contact')!.value;
	assert.equal(wrapped.text.slice(contact.start, contact.end), '<sip:linda@192.0.2.1:5060>');
	assert.deepEqual(wrapped.problems.map((p) => p.code).sort(), [
		'header.wrapped',
		'notify.no-subscribe',
	]);
	// A line that is not a header after a message that announces no body is not a body: right
	// after `Content-Length: 0`, the console's next line, outside the message.
	const trailing = analyzeTrace(
		crlf(...head.slice(0, 9), 'Content-Length: 0', '== Extension Changed 6002 new state Idle'),
	);
	assert.deepEqual(trailing.problems.map((p) => p.code).sort(), [
		'notify.missing-contact',
		'notify.no-subscribe',
	]);
	const notify = trailing.messages[0]!;
	assert.ok(
		!trailing.text.slice(notify.frame.sip.start, notify.frame.sip.end).includes('Extension'),
	);
});
void test('a multipart body glued to the headers opens with its delimiter; the parts keep their headers', () => {
	const body = crlf(
		'--unique-boundary-1',
		'Content-Type: application/sdp',
		'',
		'v=0',
		'o=- 1 1 IN IP4 192.0.2.1',
		'--unique-boundary-1--',
		'',
	);
	const head = invite('', octets(body)).map((l) =>
		l.startsWith('Content-Type') ? 'Content-Type: multipart/mixed;boundary=unique-boundary-1' : l,
	);
	const a = analyzeTrace(crlf(...head, body));
	const m = a.messages[0]!;
	assert.equal(m.contentType, 'multipart/mixed');
	assert.equal(bodyText(a.text, m), body);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['message.missing-empty-line'],
	);
});
void test('a glued body in a format that decorates its lines (sofia) is found and its length checked', () => {
	const stamp = 'recv 600 bytes from udp/[192.0.2.1]:5060 at 10:00:00.000001:';
	const dashes = `   ${'-'.repeat(72)}`;
	const lines = [...invite(sdp), ...sdp.split('\r\n').slice(0, -1)];
	const text = [stamp, dashes, ...lines.map((l) => `   ${l}`), dashes, ''].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sofia');
	const m = a.messages[0]!;
	assert.equal(m.headerCount, 9);
	assert.equal(bodyText(text, m), sdp.trimEnd());
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['message.missing-empty-line'],
	);
});
void test('JsSIP console: a refer NOTIFY whose sipfrag status line lost the empty line above it is its body', () => {
	const text = read('excerpts', 'jssip-refer-notify-sipfrag-glued.log');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const notify = a.messages[0]!;
	assert.equal(notify.method, 'NOTIFY');
	assert.equal(notify.headerCount, 14);
	assert.equal(bodyText(text, notify).trimEnd(), 'SIP/2.0 100 Trying');
	assert.equal(decodeBody(text, notify).kind, 'sipfrag');
	const glued = a.problems.filter((p) => p.code === 'message.missing-empty-line');
	assert.deepEqual(
		glued.map((p) => lineAt(text, p.span.start)),
		[16],
	);
	// Content-Length 20 counts the status line with CRLF: the LF copy is not a mismatch.
	assert.deepEqual(codesOf(a, notify).sort(), [
		'message.missing-empty-line',
		'notify.no-subscribe',
	]);
	assert.ok(a.noise.some((n) => text.slice(n.start, n.end).includes('ReferSubscriber')));
});
const referNotify = (contentLength: number, type = 'message/sipfrag;version=2.0'): string[] => [
	'NOTIFY sip:alice@192.0.2.1:5060 SIP/2.0',
	'Via: SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK-n1',
	'Max-Forwards: 70',
	'From: <sip:bob@example.com>;tag=b1',
	'To: <sip:alice@example.com>;tag=a1',
	'Call-ID: refer-1@192.0.2.1',
	'CSeq: 2 NOTIFY',
	'Event: refer',
	'Subscription-State: active;expires=60',
	`Content-Type: ${type}`,
	`Content-Length: ${contentLength}`,
];
const notifyOk = [
	'SIP/2.0 200 OK',
	'Via: SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK-n1',
	'From: <sip:bob@example.com>;tag=b1',
	'To: <sip:alice@example.com>;tag=a1',
	'Call-ID: refer-1@192.0.2.1',
	'CSeq: 2 NOTIFY',
	'Content-Length: 0',
];
void test('a glued sipfrag with a header after its status line, bare and in sofia, is one body', () => {
	const frag = crlf('SIP/2.0 420 Bad Extension', 'Reason: SIP;cause=183', '');
	const bare = analyzeTrace(crlf(...referNotify(octets(frag)), frag, ...notifyOk, ''));
	assert.deepEqual(
		bare.messages.map((m) => m.method ?? m.status),
		['NOTIFY', 200],
	);
	assert.equal(bodyText(bare.text, bare.messages[0]!), frag);
	assert.deepEqual(
		bare.problems.map((p) => p.code),
		['notify.missing-contact', 'notify.no-subscribe', 'message.missing-empty-line'],
	);
	const sofia = analyzeTrace(
		sofiaTrace([
			[...referNotify(octets(frag)), ...frag.split('\r\n').slice(0, -1), ''],
			[...notifyOk, ''],
		]),
	);
	assert.equal(sofia.format, 'sofia');
	assert.deepEqual(
		sofia.messages.map((m) => m.method ?? m.status),
		['NOTIFY', 200],
	);
	assert.equal(bodyText(sofia.text, sofia.messages[0]!).trimEnd(), frag.trimEnd());
	assert.deepEqual(
		sofia.problems.map((p) => p.code),
		['notify.missing-contact', 'notify.no-subscribe', 'message.missing-empty-line'],
	);
});
void test('a start line under sipfrag headers that the length cannot hold, or under other types, starts a message', () => {
	// The NOTIFY cut after its headers, the 200 OK right below: 20 octets end inside its Via.
	for (const [head, why] of [
		[referNotify(20), 'length'],
		[referNotify(16, 'text/plain'), 'type'],
		[referNotify(10), 'short'],
	] as const) {
		const a = analyzeTrace(crlf(...head, ...notifyOk, ''));
		assert.deepEqual(
			a.messages.map((m) => m.method ?? m.status),
			['NOTIFY', 200],
			why,
		);
		assert.equal(a.messages[1]!.headerCount, 6, why);
		assert.ok(!a.problems.some((p) => p.code === 'message.missing-empty-line'), why);
	}
});
void test('a glued sipfrag under a length the page left out (`...`) is the body; a whole message there is not', () => {
	// Oracle's SBC manual: the refer NOTIFY with `Content-Length: ...` and its status line right below.
	const head = referNotify(0).slice(0, -1);
	const glued = analyzeTrace(crlf(...head, 'Content-Length: ...', 'SIP/2.0 100 Trying', ''));
	assert.deepEqual(
		glued.messages.map((m) => m.method ?? m.status),
		['NOTIFY'],
	);
	assert.equal(bodyText(glued.text, glued.messages[0]!).trimEnd(), 'SIP/2.0 100 Trying');
	assert.ok(glued.problems.some((p) => p.code === 'message.missing-empty-line'));
	assert.ok(!glued.problems.some((p) => p.code === 'message.truncated'));
	// The NOTIFY cut after its headers and the 200 OK below it, with its own Via and CSeq.
	const cut = analyzeTrace(crlf(...head, 'Content-Length: ...', ...notifyOk, ''));
	assert.deepEqual(
		cut.messages.map((m) => m.method ?? m.status),
		['NOTIFY', 200],
	);
	assert.equal(cut.messages[1]!.headerCount, 6);
});
void test('a Markdown fence closing a pasted message is not one of its headers', () => {
	const notify = [
		'NOTIFY sip:cbsr5umj@example.invalid;transport=ws SIP/2.0',
		'Via: SIP/2.0/WS 172.16.10.33:5060;branch=z9hG4bK2b37d1c6',
		'Max-Forwards: 70',
		'From: <sip:ID00000002@uep>;tag=as114a0625',
		'To: <sip:6d2b467e@example.com>;tag=6vd6h5hbf8',
		'Call-ID: 9qaqhhdfavpjlj0np4fj',
		'CSeq: 112 NOTIFY',
		'Subscription-State: terminated;reason=timeout',
		'Event: presence',
		'Content-Length: 0',
	];
	for (const fence of ['```', '~~~~', '`']) {
		const text = [
			'Here is the NOTIFY:',
			'',
			'```',
			...notify,
			fence,
			'',
			'and the SUBSCRIBE that followed.',
			'',
		].join('\n');
		const a = analyzeTrace(text);
		assert.equal(a.messages.length, 1, fence);
		assert.deepEqual(
			a.problems.map((p) => p.code),
			['notify.missing-contact', 'notify.no-subscribe'],
			fence,
		);
		assert.ok(
			!text.slice(a.messages[0]!.frame.sip.start, a.messages[0]!.frame.sip.end).includes(fence),
		);
	}
	// Also in a paste indented as a whole, and after a body without Content-Length.
	const indented = ['    ```', ...notify.map((l) => `    ${l}`), '    ```', '', 'prose', ''].join(
		'\n',
	);
	assert.deepEqual(
		analyzeTrace(indented).problems.map((p) => p.code),
		['notify.missing-contact', 'notify.no-subscribe'],
	);
	// (A body needs Content-Type: without it and Content-Length the line would be log text.)
	const withBody = [
		'```',
		...notify.slice(0, -1),
		'Content-Type: text/plain',
		'',
		'a body line',
		'```',
		'prose',
		'',
	].join('\n');
	const b = analyzeTrace(withBody);
	assert.equal(bodyText(withBody, b.messages[0]!).trim(), 'a body line');
});

test('a stray empty line among the headers: the "body" of header lines is said to be one', () => {
	// With no Content-Length below it (where one is, the lines below are read as headers:
	// headersEnd.test.ts), the lines after the empty line are a body.
	const text = crlf(
		'SUBSCRIBE sip:6001@192.0.2.124 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.254:37509;branch=z9hG4bK-2',
		'Max-Forwards: 70',
		'To: <sip:6001@192.0.2.124>',
		'From: <sip:alice@192.0.2.124>;tag=f51e9632',
		'Call-ID: stray-1@192.0.2.254',
		'CSeq: 2 SUBSCRIBE',
		'Expires: 1800',
		'',
		'Accept: application/pidf+xml',
		'Event: presence',
		'',
		'',
	);
	const a = analyzeTrace(text);
	const missing = a.problems.find((p) => p.code === 'body.missing-content-type');
	assert.ok(missing, 'the lines after the empty line are a body without Content-Type');
	assert.match(missing.message, /first line is the header Accept: an empty line among the headers/);
	const untyped = crlf(...invite(sdp).filter((l) => !l.startsWith('Content-Type')), '', sdp);
	const plain = analyzeTrace(untyped).problems.find((p) => p.code === 'body.missing-content-type');
	assert.ok(plain, 'an SDP body without Content-Type');
	assert.doesNotMatch(plain.message, /header/, 'an SDP body is not taken for headers');
});

void test("ngrep's payloads pasted one after another with their bodies left out: each message is found, its body said missing", () => {
	// As a post quotes ngrep's output (CRs as `.`, no packet lines), each body cut out by hand
	// and its Content-Length kept: the next message's start line stands where the body should.
	const name = 'presence-story.ngrep.txt';
	const text = readFileSync(join(__dirname, '..', 'fixtures', 'real', name), 'utf8');
	const expected = JSON.parse(
		readFileSync(join(__dirname, '..', 'fixtures', 'real', `${name}.expected.json`), 'utf8'),
	) as {
		messages: { method: string | null; status: number | null }[];
	};
	const heads = text
		.split(/\nU [^\n]*\n/)
		.slice(1)
		.map((payload) => payload.slice(0, payload.indexOf('\n.\n') + 2));
	const pasted = heads.join('\n') + '\n';
	const a = analyzeTrace(pasted);
	assert.deepEqual(
		a.messages.map((m) => m.method ?? m.status),
		expected.messages.map((m) => m.method ?? m.status),
	);
	// Each message's start line where its head starts in the paste.
	let line = 0;
	const starts = heads.map((h) => {
		const at = line;
		line += h.split('\n').length;
		return at;
	});
	assert.deepEqual(
		a.messages.map((m) => pasted.slice(0, m.startLine.start).split('\n').length - 1),
		starts,
	);
	const withBody = a.messages.filter((m) => (m.contentLength ?? 0) > 0);
	assert.ok(withBody.length >= 5);
	assert.deepEqual(
		a.problems.filter((p) => p.code === 'content-length.mismatch').length,
		withBody.length,
	);
});

void test("sofia's trace abridged to each record's line and start line: each message said left out, not a list of missing headers", () => {
	// As a post shows a call's flow: `send 543 bytes to ...`, the start line, an empty line.
	const name = 'sofia-presence.stderr.log';
	const log = readFileSync(join(__dirname, '..', 'fixtures', 'real', name), 'utf8');
	const records = log.split(/\n(?=(?:send|recv) \d+ bytes )/);
	const abridged = records
		.map((r) => {
			const [record, , start] = r.split('\n');
			return `${record}\n${start}\n\n`;
		})
		.join('');
	const whole = analyzeTrace(log);
	const a = analyzeTrace(abridged);
	assert.equal(a.format, 'sofia');
	assert.deepEqual(
		a.messages.map((m) => m.method ?? m.status),
		whole.messages.map((m) => m.method ?? m.status),
	);
	assert.equal(a.messages.length, records.length);
	// One problem a message, saying its record's size.
	assert.deepEqual(
		a.problems.map((p) => [p.code, abridged.slice(0, p.span.start).split('\n').length - 1]),
		a.messages.map((_, i) => ['message.truncated', 3 * i + 1]),
	);
	assert.match(a.problems[0]!.message, /record gives 543 octets/);
});

void test("a record that holds less than its stamp gives, cut inside its last line (`From:`): said cut once, the line's value not judged", () => {
	// As an issue excerpt ends (linphone-android #2059: belle-sip's `size: [486] bytes`, the
	// message stopping at `From:`).
	const name = 'sofia-presence.stderr.log';
	const log = readFileSync(join(__dirname, '..', 'fixtures', 'real', name), 'utf8');
	const cut = log.slice(0, log.indexOf('   From: ') + '   From:'.length);
	const a = analyzeTrace(cut);
	assert.equal(a.messages.length, 1);
	assert.equal(a.messages[0]!.cutShort, true);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['message.truncated'],
	);
	// A From whose value is there and wrong is still said.
	const wrong = log.slice(0, log.indexOf('   From: ')) + '   From: <sip:andrew@127.0.0.1\n   To:';
	assert.ok(analyzeTrace(wrong).problems.some((p) => p.code === 'header.bad-name-addr'));
});

void test("a trace that ends inside a request's last header (`From: ...;tag=` and nothing after): no rule judges what the cut left of that line", () => {
	// As a pjsua log in an issue excerpt ends (an ACK stopping at `From: sip:adoc002@...;tag=`).
	const ack = [
		'ACK sip:+14706281317@10.239.132.204:5070;transport=udp SIP/2.0',
		'Via: SIP/2.0/UDP 113.81.197.184:8230;rport;branch=z9hG4bKPj827d9d87',
		'Max-Forwards: 70',
		'From: sip:adoc002@192.76.120.10;tag=',
	].join('\r\n');
	const a = analyzeTrace(ack);
	assert.equal(a.messages[0]!.cutShort, true);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['message.truncated'],
	);
	// The same line with more after it in the message is the sender's: said.
	const whole = `${ack}\r\nTo: <sip:+14706281317@sip.example.com>\r\nCall-ID: c1\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n`;
	assert.ok(analyzeTrace(whole).problems.some((p) => p.code === 'from.missing-tag'));
});

void test('a trace that ends inside a header written after `Content-Length: 0` (`Route:`, an unclosed `<`): said cut, the line not judged', () => {
	// dsiprouter issue 56's BYE, ending at `Route:`; a Boghe REGISTER ending inside Diversion.
	const bye = [
		'BYE sip:1000@192.0.2.10:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-524287-1',
		'From: <sip:2000@192.0.2.1>;tag=a1',
		'To: <sip:1000@192.0.2.10>;tag=b2',
		'Call-ID: 032729c5-f16b-1236-1c9d-42a9360df6b3',
		'CSeq: 124537073 BYE',
		'Max-Forwards: 67',
		'Content-Length: 0',
	];
	for (const last of ['Route:', 'Diversion: <sip:420602448126@msc7.example.cz;user=ph'])
		assert.deepEqual(
			analyzeTrace([...bye, last].join('\r\n')).problems.map((p) => p.code),
			['message.truncated'],
			last,
		);
	// A whole header after it: a message that only lacks its empty line, not cut.
	assert.deepEqual(
		analyzeTrace([...bye, 'Route: <sip:192.0.2.20;lr>'].join('\r\n')).problems.map((p) => p.code),
		[],
	);
});

void test("sofia's record cut inside its body at a line's end (`recv 2297 bytes` and the SDP stopping at `a=rtpmap:8 PCM`): said cut, not a wrong Content-Length", () => {
	// As drachtio's and FreeSWITCH's siptrace excerpts in issues end: the project's own sofia-sip
	// capture, cut after the second line of its first PIDF body.
	const name = 'sofia-presence.stderr.log';
	const log = readFileSync(join(__dirname, '..', 'fixtures', 'real', name), 'utf8');
	const xml = log.indexOf('   <?xml');
	const cut = log.slice(0, log.indexOf('\n', log.indexOf('\n', xml) + 1) + 1);
	const a = analyzeTrace(cut);
	const last = a.messages[a.messages.length - 1]!;
	assert.ok(last.body);
	const said = a.problems.filter((p) => p.span.start >= last.frame.span.start);
	assert.deepEqual(
		said.map((p) => [p.code, p.severity]),
		[['message.truncated', 'warning']],
	);
	assert.match(said[0]!.message, /The trace ends inside this body/);
});

void test("pjsua's record of a whole message with Content-Length 0, fewer octets than its stamp gives (addresses masked) and its `--end msg--` cut by the excerpt: not said cut", () => {
	// The shape of Telephone's (pjsua) log in an issue, a REGISTER to a FRITZ!Box: its address
	// replaced by `XX.XXX.XX.XX`, the excerpt ending in `--e`.
	const record = (time: string): string[] => [
		`${time}           pjsua_core.c  .TX 576 bytes Request msg REGISTER/cseq=17764 (tdta0x7fd5980754a8) to UDP XX.XXX.XX.XX:5060:`,
		'REGISTER sip:XX.XXX.XX.XX SIP/2.0',
		'Via: SIP/2.0/UDP 192.168.0.12:63161;rport;branch=z9hG4bKPjyz62LsgAQjK7vx.zfodKSHxOPTy2hj55',
		'Max-Forwards: 70',
		'From: "Full Name" <sip:account@XX.XXX.XX.XX>;tag=kp3ooMBUZQ7dxFcrK8vQNdDjMmKrYqbd',
		'To: "Full Name" <sip:account@XX.XXX.XX.XX>',
		'Call-ID: 4p4te23FNwouT5LKsBg14zjxxppH2bmQ',
		'CSeq: 17764 REGISTER',
		'User-Agent: Telephone 1.5.2',
		'Contact: "Full Name" <sip:account@192.168.0.12:63161;ob>',
		'Expires: 300',
		'Allow: PRACK, INVITE, ACK, BYE, CANCEL, UPDATE, INFO, SUBSCRIBE, NOTIFY, REFER, MESSAGE, OPTIONS',
		'Content-Length:  0',
		'',
	];
	const text = [
		...record('19:51:39.888'),
		'--end msg--',
		...record('19:51:43.888'),
		'--e',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'pjsua');
	assert.equal(a.messages.length, 2);
	assert.deepEqual(
		a.problems.filter((p) => p.code === 'message.truncated'),
		[],
	);
	// A record that stops inside its headers is still said cut.
	const cut = text.slice(0, text.lastIndexOf('User-Agent:'));
	assert.ok(analyzeTrace(cut).problems.some((p) => p.code === 'message.truncated'));
});

void test("a trace that ends inside a request's only header (`Via: ...;branch=z9`): not judged either", () => {
	// ngrep in a baresip issue, the paste stopping inside the REGISTER's first header.
	const text = [
		'U 192.168.0.100:54695 -> 10.0.0.1:5060',
		'REGISTER sip:sip.example.com SIP/2.0',
		'Via: SIP/2.0/UDP 192.168.0.100:54695;branch=z9',
		'',
	].join('\n');
	assert.deepEqual(
		analyzeTrace(text).problems.map((p) => p.code),
		['message.truncated'],
	);
});

void test('a trace cut after the Content-Length of a message with a body, before its empty line: said cut once, no Content-Length fault', () => {
	// sofia's log, whose lines the framer reads one by one (its indent taken off).
	const name = 'sofia-presence.stderr.log';
	const text = readFileSync(join(__dirname, '..', 'fixtures', 'real', name), 'utf8');
	const length = /^ *Content-Length: *[1-9]\d*\r?\n/m.exec(text)!;
	const cut = text.slice(0, length.index + length[0].length);
	const a = analyzeTrace(cut);
	const last = a.messages.at(-1)!;
	assert.equal(last.cutShort, true);
	assert.ok((last.contentLength ?? 0) > 0);
	assert.deepEqual(
		a.problems.filter((p) => p.span.start >= last.frame.span.start).map((p) => p.code),
		['message.truncated'],
	);
});
void test('a row of dashes right after the last header ends the message, and the heading below it opens the next', () => {
	const options = [
		'OPTIONS sip:a@10.0.0.2 SIP/2.0',
		'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1',
		'From: <sip:b@10.0.0.1>;tag=1',
		'To: <sip:a@10.0.0.2>',
		'Call-ID: c1',
		'CSeq: 1 OPTIONS',
		'Max-Forwards: 70',
		'Content-Length: 0',
	];
	const ok = [
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1',
		'From: <sip:b@10.0.0.1>;tag=1',
		'To: <sip:a@10.0.0.2>;tag=2',
		'Call-ID: c1',
		'CSeq: 1 OPTIONS',
		'Content-Length: 0',
	];
	for (const rule of ['-'.repeat(44), '=====', '*'.repeat(20)]) {
		// A log (or a paste of sofia-sip's siptrace without its indentation) that prints a rule
		// after each message, with no empty line before it.
		const text = [
			'Sending to 10.0.0.2:5060',
			...options,
			rule,
			'Received from 10.0.0.2:5060',
			...ok,
			rule,
			'',
		].join('\n');
		const a = analyzeTrace(text);
		assert.deepEqual(
			a.messages.map((m) => [
				m.method ?? m.status,
				m.frame.src,
				m.frame.dst,
				a.index.requestOf(m.index),
			]),
			[
				['OPTIONS', null, '10.0.0.2:5060', null],
				[200, '10.0.0.2:5060', null, 0],
			],
			rule,
		);
		assert.deepEqual(
			a.problems.map((p) => p.code),
			[],
			rule,
		);
		// The same, indented as a whole or behind a logger's prefix on every line.
		const lines = text.split('\n');
		for (const decorated of [
			lines.map((l) => (l ? `    ${l}` : l)).join('\n'),
			lines.map((l) => `12-05 10:00:00.000  1234  1234 I SIP     : ${l}`).join('\n'),
		]) {
			const d = analyzeTrace(decorated);
			assert.deepEqual(
				d.messages.map((m) => [m.method ?? m.status, d.index.requestOf(m.index)]),
				[
					['OPTIONS', null],
					[200, 0],
				],
				decorated,
			);
			assert.deepEqual(
				d.problems.map((p) => p.code),
				[],
				decorated,
			);
		}
	}
});
void test("an XML body whose Content-Length a page's copy made a few octets wrong ends at its last tag, not at the page's heading after it", () => {
	const pidf = [
		'<?xml version="1.0" encoding="ISO-8859-1"?>',
		"<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='sip:1000@192.168.0.24'>",
		"<tuple id='t6a5ed77e'>",
		'<status>',
		'<basic>open</basic>',
		'</status>',
		'</tuple>',
		'</presence>',
	];
	// Three octets of indentation lost from the body as the page printed it (a wiki's copy of
	// FreeSWITCH's NOTIFY): its length, each line end a CRLF, is three short of Content-Length.
	const onWire = octets(pidf.join('\r\n')) + 2;
	const text = [
		'NOTIFY sip:1004@192.168.0.24:16106 SIP/2.0',
		'Via: SIP/2.0/UDP 192.168.0.24;rport;branch=z9hG4bK1ZyZg6vmjcQXK',
		'Max-Forwards: 70',
		'From: "1000" <sip:1000@192.168.0.24>;tag=DUpS1eSZBN9Sj',
		'To: "Seven3" <sip:1004@192.168.0.24>;tag=e0dec858',
		'Call-ID: MDcxOTc1ODZlMGFhN2M4Yjc0YmViYzYyMzdjYzVhOTk.',
		'CSeq: 20695499 NOTIFY',
		'Event: presence',
		'Subscription-State: terminated;reason=noresource',
		'Content-Type: application/pidf+xml',
		`Content-Length: ${onWire + 3}`,
		'',
		...pidf,
		'',
		// The page's next heading, nearer the end the length gives, counted as the file has it,
		// than the empty line above it.
		'Clients',
		'',
		'FreeSWITCH can work as a client to SUBSCRIBE to a server.',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(text.slice(m.body!.start, m.body!.end).trimEnd(), pidf.join('\n'));
	assert.ok(!text.slice(m.frame.span.start, m.frame.span.end).includes('Clients'));
	assert.deepEqual(
		a.problems.map((p) => [p.code, p.severity]),
		[
			['notify.missing-contact', 'warning'],
			['notify.no-subscribe', 'information'],
			// The document is whole, three octets short: the page's white space, not the sender's.
			['content-length.mismatch', 'information'],
		],
	);
	assert.equal(decodeBody(text, m).kind, 'pidf');
});
void test("a console's prompt right after the last header ends the message (fs_cli, Asterisk's CLI); the wrapped rest of an address does not", () => {
	const ok = [
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/TCP 192.168.100.106:61970;branch=z9hG4bK-524287-1---9f009a793c824a9c;rport=60065',
		'From: <sip:1001@192.168.100.128:5060;transport=TCP>;tag=1b25b75b',
		'To: <sip:1001@192.168.100.128:5060;transport=TCP>;tag=Z3K02XQ60HgSc',
		'Call-ID: 4tmRZhmm70Bu3Bcvd-S3zQ..',
		'CSeq: 3 REGISTER',
		'Content-Length: 0',
	];
	const sofia = (prompt: string) =>
		[
			'send 592 bytes to tcp/[192.168.100.106]:60065 at 19:39:37.423456:',
			'-'.repeat(72),
			...ok,
			prompt,
			'',
		].join('\n');
	for (const prompt of ['freeswitch@u2004.kozik.net>', 'freeswitch@pbx> /log 4', 'pbx*CLI> ']) {
		for (const text of [sofia(prompt), [...ok, prompt, ''].join('\n')]) {
			const a = analyzeTrace(text);
			assert.deepEqual(
				a.messages.map((m) => m.status),
				[200],
				text,
			);
			assert.deepEqual(
				a.problems.map((p) => p.code),
				['response.no-request'],
				text,
			);
			const m = a.messages[0]!;
			assert.ok(!text.slice(m.frame.sip.start, m.frame.sip.end).includes(prompt.trim()), text);
		}
	}
	// `To: "Bob" <sip:` wrapped before `bob@example.com>`: the rest of the To, not a prompt; the
	// message goes on past it.
	const wrapped = [
		...ok.slice(0, 3),
		'To: "Bob" <sip:',
		'bob@example.com>',
		...ok.slice(4),
		'',
	].join('\n');
	const w = analyzeTrace(wrapped).messages[0]!;
	assert.deepEqual([w.callId, w.cseq?.seq], ['4tmRZhmm70Bu3Bcvd-S3zQ..', 3]);
});

test('a start line alone (a log that recorded only it, a post that quoted only it): one warning, no header said missing', () => {
	// SIPp's error log (SIPp issue #127): the unexpected message's first line only.
	const sipp =
		"2015-04-20      18:54:49:319    1429548889.319000: Aborting call on unexpected message for Call-Id '1-7107@172.31.25.100': while expecting '100' (index 1), received 'SIP/2.0 200 OK\n";
	// A Cisco TAC page: a phone log's records cut to their start lines, then the poster's prose.
	const cisco = [
		'0650 DEB Dec 21 14:33:00.171483 JAVA-sipio-recv<--- SIP/2.0 100 Trying^M',
		'',
		'```',
		'SIP/2.0 604 Does Not Exist Anywhere',
		'```',
		'',
		'Asterisk answered with:',
		'SIP/2.0 500 Server Internal Error',
		'This is causing all incoming calls to never ring.',
		'',
	].join('\n');
	for (const text of [sipp, cisco]) {
		const a = analyzeTrace(text);
		assert.ok(a.messages.length > 0);
		for (const m of a.messages) {
			const own = a.problems.filter(
				(p) => p.span.start >= m.frame.span.start && p.span.start < m.frame.span.end,
			);
			assert.deepEqual(
				own.map((p) => [p.code, p.severity]),
				[['message.truncated', 'warning']],
				text.slice(m.startLine.start, m.startLine.end),
			);
			assert.match(own[0]!.message, /Only the start line/);
		}
	}
	// Headers behind what a page put before each line that is no list mark (a typographic
	// bullet, `• Via: ...`; Markdown's are read past, listMarks.ts) are there: each is said
	// malformed, not left out.
	const numbered = [
		'• NOTIFY sip:100@10.0.0.5:5060 SIP/2.0',
		'• Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1',
		'• Call-ID: abc@10.0.0.1',
		'',
		'',
	].join('\n');
	const problems = analyzeTrace(numbered).problems;
	assert.deepEqual(
		problems
			.filter((p) => p.code === 'header.malformed')
			.map((p) => lineAt(numbered, p.span.start)),
		[1, 2],
	);
	assert.ok(!problems.some((p) => /Only the start line/.test(p.message)));
});

test("a post that kept only an INVITE's media lines right under its headers: they are its body, said once", () => {
	// livekit/sip#407: an INVITE from Asterisk trimmed by hand from sngrep, `v=` to `t=` and the
	// empty line left out with Via, Content-Type and Content-Length.
	const text = [
		'INVITE sip:8047133250@livekit.anantix.ai SIP/2.0',
		'From: <sip:+916300754857@139.59.4.62>;tag=as6f328be1',
		'To: <sip:8047133250@livekit.anantix.ai>',
		'Call-ID: 21a3de806ac7df3b227861e60e4ea3e7@139.59.4.62:5060',
		'CSeq: 102 INVITE',
		'User-Agent: Asterisk PBX 18.21.0-vici',
		'm=audio 15472 RTP/AVP 0 8 101',
		'a=rtpmap:0 PCMU/8000',
		'a=rtpmap:8 PCMA/8000',
		'a=sendrecv',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	const m = a.messages[0]!;
	assert.equal(
		text.slice(m.body!.start, m.body!.end).split('\n')[0],
		'm=audio 15472 RTP/AVP 0 8 101',
	);
	const codes = a.problems.map((p) => p.code);
	assert.ok(!codes.includes('header.malformed'));
	assert.equal(codes.filter((c) => c === 'message.missing-empty-line').length, 1);
});

void test("a message summary right under the headers (the empty line lost): `Messages-Waiting:` starts the body, and the NOTIFY's own faults are said", () => {
	// A vendor manual's MWI NOTIFY: its body glued to Content-Length, no Event, no
	// Subscription-State (an unsolicited NOTIFY as some voicemail servers send).
	const body = 'Messages-Waiting: yes';
	const text = [
		'NOTIFY sip:4001@10.0.0.5:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK-mwi1',
		'From: <sip:vm@10.0.0.9>;tag=vm1',
		'To: <sip:4001@10.0.0.5>',
		'Call-ID: mwi-1@10.0.0.9',
		'CSeq: 1 NOTIFY',
		'Max-Forwards: 70',
		'Content-Type: application/simple-message-summary',
		`Content-Length: ${body.length + 2}`,
		body,
		'',
	].join('\r\n');
	const a = analyzeTrace(text);
	const m = a.messages[0]!;
	assert.equal(text.slice(m.body!.start, m.body!.end).trimEnd(), body);
	assert.equal(m.cutShort, false);
	assert.deepEqual(a.problems.map((p) => p.code).sort(), [
		'event.missing',
		'message.missing-empty-line',
		'notify.missing-subscription-state',
	]);
});

void test('a URL body glued to the headers (`tftp://...`, an application/url NOTIFY): the body, not a header named `tftp`', () => {
	// AudioCodes' provisioning NOTIFY as its manual prints it, the empty line lost.
	const body = 'tftp://10.13.4.121';
	const text = [
		'NOTIFY sip:4001@10.13.4.5:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 10.13.4.121:5060;branch=z9hG4bK-prov1',
		'From: <sip:10.13.4.121>;tag=p1',
		'To: <sip:4001@10.13.4.5>;tag=t1',
		'Call-ID: prov-1@10.13.4.121',
		'CSeq: 2 NOTIFY',
		'Max-Forwards: 70',
		'Event: ua-profile',
		'Subscription-State: active;expires=3600',
		'Content-Type: application/url',
		`Content-Length: ${body.length}`,
		body,
	].join('\r\n');
	const a = analyzeTrace(text);
	const m = a.messages[0]!;
	assert.equal(text.slice(m.body!.start, m.body!.end), body);
	assert.equal(m.cutShort, false);
	assert.deepEqual(
		a.problems.map((p) => p.code).filter((c) => c !== 'notify.no-subscribe'),
		['notify.missing-contact', 'message.missing-empty-line'],
	);
});

void test('an issue that kept only the headers it was about (no Via, Call-ID or CSeq): said once as left out, none said missing', () => {
	// A MikoPBX issue: a Yealink's SUBSCRIBE with From, To, Accept, Event and User-Agent, then prose.
	const text = [
		'The Yealink VP59 successfully subscribes to the monitored resource:',
		'',
		'SUBSCRIBE sip:192.168.1.10:5060 SIP/2.0',
		'From: "User A" <sip:101@192.168.1.10>;tag=1',
		'To: <sip:103@192.168.1.10>',
		'Accept: application/dialog-info+xml',
		'Event: dialog',
		'User-Agent: Yealink VP59 91.87.0.25',
		'',
		'Asterisk accepts the subscription and sends NOTIFY messages.',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	assert.equal(a.messages[0]!.cutShort, true);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['message.truncated'],
	);
	assert.match(a.problems[0]!.message, /none of Via, Call-ID and CSeq/);
	// With one of them there, the message is judged whole: what it lacks is said.
	const withCseq = text.replace('Event: dialog', 'Event: dialog\nCSeq: 1 SUBSCRIBE');
	assert.ok(analyzeTrace(withCseq).problems.some((p) => p.code === 'header.missing-via'));
	// The From without its tag, as the issue has it: the tag may have gone with the headers the
	// poster left out, so nothing is said of it.
	const untagged = analyzeTrace(text.replace(';tag=1', ''));
	assert.deepEqual(
		untagged.problems.map((p) => [p.code, p.severity]),
		[['message.truncated', 'warning']],
	);
	// With a CSeq, the message is judged whole: its From lacks the tag (a hint: no Via tells
	// the sender's RFC).
	assert.ok(
		analyzeTrace(withCseq.replace(';tag=1', '')).problems.some(
			(p) => p.code === 'from.missing-tag' && p.severity === 'hint',
		),
	);
});

void test('headers a Markdown block closes with no empty line (the post quoted the ones it was about) are cut short, not lacking CSeq and Event', () => {
	// A sip.js / drachtio issue: the SUBSCRIBE quoted to its Call-ID, then the post's own text.
	const post = (closing: string): string =>
		[
			'Explanation with logs:',
			'```',
			'SUBSCRIBE sip:test-server@example.org SIP/2.0',
			'Via: SIP/2.0/UDP 192.0.2.7:50856;branch=z9hG4bK-1523174754;rport',
			'From: <sip:alice@example.org>;tag=1966413601',
			'To: <sip:test-server@example.org>',
			'Call-ID: 9d4d0c1b-cd9d-e1d9-2744-cbc91172b7ca',
			closing,
			'',
			'This is the incoming subscribe request.',
			'',
		].join('\n');
	const said = (text: string): string[] => analyzeTrace(text).problems.map((p) => p.code);
	assert.deepEqual(said(post('```')), ['message.truncated']);
	// An empty line before the fence ended the headers: the SUBSCRIBE lacks what it lacks.
	const whole = said(post('\n```'));
	assert.ok(whole.includes('header.missing-cseq') && whole.includes('event.missing'), whole.join());
});

void test('a quoted console log whose NOTIFY lost the empty line before its body: the next message, further down, is not taken in as body', () => {
	// A SIP.js console quoted in a FreeSWITCH forum post (`>` before each line): FreeSWITCH's
	// message-summary NOTIFY, then SIP.js' 200 OK to it.
	const text = [
		'Once it is registered, FreeSWITCH sends the NOTIFY:',
		'>sip.Transport | Received WebSocket text message:',
		'>NOTIFY sip:8bum4n4l@7bhs9fl1c2ll.invalid;transport=ws SIP/2.0',
		'>Via: SIP/2.0/WS 10.105.10.116:5066;branch=z9hG4bKv5mm130UjScvS',
		'>Max-Forwards: 70',
		'>From: <sip:1002@10.105.10.116>;tag=0SZZtDyDF5yZg',
		'>To: <sip:1002@10.105.10.116>',
		'>Call-ID: 11a73f02-1948-123e-3390-21c4164d317f',
		'>CSeq: 91027105 NOTIFY',
		'>Contact: <sip:mod_sofia@10.105.10.116:5060>',
		'>Event: message-summary',
		'>Subscription-State: terminated;reason=noresource',
		'>Content-Type: application/simple-message-summary',
		'>Content-Length: 65',
		'>Messages-Waiting: no',
		'>Message-Account: sip:1002@10.105.10.116',
		'',
		'>sip.Transport | Sending WebSocket message:',
		'>SIP/2.0 200 OK',
		'>Via: SIP/2.0/WS 10.105.10.116:5066;branch=z9hG4bKv5mm130UjScvS',
		'>From: <sip:1002@10.105.10.116>;tag=0SZZtDyDF5yZg',
		'>To: <sip:1002@10.105.10.116>;tag=nsgpq566tg',
		'>CSeq: 91027105 NOTIFY',
		'>Call-ID: 11a73f02-1948-123e-3390-21c4164d317f',
		'>Content-Length: 0',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.direction]),
		[
			['NOTIFY', 'in'],
			[200, 'out'],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
	// The body is the two lines under Content-Length, as copied (its length not judged).
	const notify = a.messages[0]!;
	assert.equal(
		bodyText(text, notify),
		'Messages-Waiting: no\r\nMessage-Account: sip:1002@10.105.10.116',
	);
	assert.deepEqual(
		a.problems.map((p) => `${p.code} ${p.severity}`),
		// The copy lost the empty line and the body's white space alike: both said as the copy's.
		['message.missing-empty-line information', 'content-length.mismatch information'],
	);
});

void test('a heading a post put between two messages (`== Sent From kamailio ==`) is no body of the message above', () => {
	// A sip.js issue: an INVITE with Content-Type and no Content-Length (UDP), then the proxy's 100.
	const text = (heading: string): string =>
		[
			'=== Sent from Node ===',
			'INVITE sip:0123456789@192.0.2.10 SIP/2.0',
			'To:  <sip:0123456789@192.0.2.10>',
			'From:  <sip:0123456789@192.0.2.10>;tag=410510',
			'Call-ID: 580817',
			'CSeq: 1 INVITE',
			'Max-Forwards: 70',
			'content-type: application/sdp',
			'Contact:  <sip:101@host.local>',
			'Via: SIP/2.0/UDP host.local:5060;branch=z9hG4bK626184;rport',
			'',
			heading,
			'SIP/2.0 100 Trying',
			'To:  <sip:0123456789@192.0.2.10>',
			'From:  <sip:0123456789@192.0.2.10>;tag=410510',
			'Call-ID: 580817',
			'CSeq: 1 INVITE',
			'Via: SIP/2.0/UDP host.local:5060;branch=z9hG4bK626184;rport=5060;received=192.0.2.7',
			'Content-Length: 0',
			'',
			'',
		].join('\r\n');
	const a = analyzeTrace(text('== Sent From kamailio =='));
	assert.equal(a.messages[0]!.body, null);
	assert.equal(a.index.requestOf(1), 0);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
	// A line of text there is the body the INVITE sent without its length.
	const body = analyzeTrace(text('v=0'));
	assert.ok(body.messages[0]!.body);
	assert.ok(body.problems.some((p) => p.code === 'content-length.missing-with-body'));
});

test("a poster who kept each message's CSeq and left out its addresses: said once, none said missing", () => {
	// SIP.js issue's paste ("I removed the headers which are not relevant"): no Via, Call-ID,
	// From or To, which no sender leaves out.
	const text = [
		'PRACK sip:456@10.111.222.1:5060;transport=udp SIP/2.0',
		'CSeq: 2642 PRACK',
		'Supported: outbound',
		'RAck: 1 2641 INVITE',
		'',
		'',
	].join('\r\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.problems.map((p) => [p.code, p.severity]),
		[['message.truncated', 'warning']],
	);
	assert.match(a.problems[0]!.message, /none of Via, Call-ID, From and To/);
});

void test('a record whose headers stop short of its size, with no empty line or Content-Length, the log going on: said cut, no header said missing', () => {
	// Linphone iOS's log in linphone-android #958: `size: [1704] bytes`, the INVITE's lines
	// stopping after Allow (Contact, Content-Type and the SDP not in the post).
	const stamp = (micros: number) => `2020-03-29 01:25:05.${micros}+0530 linphone[68064:1643374]`;
	const lines = [
		`${stamp(125522)} [Message] channel [0x7fd1c33c8000]: message sent to [UDP://pbx.test.com.au:5060], size: [1704] bytes`,
		`${stamp(125615)} [Message] \tINVITE sip:114@pbx.test.com.au SIP/2.0`,
		`${stamp(125771)} [Message] \tVia: SIP/2.0/UDP 10.0.0.2:62641;branch=z9hG4bK.wDE4Oizp6;rport`,
		`${stamp(125960)} [Message] \tFrom: "SivaK-iPhone" <sip:856113@pbx.test.com.au>;tag=y1gXYgnzW`,
		`${stamp(126112)} [Message] \tTo: "114" <sip:114@pbx.test.com.au>`,
		`${stamp(126356)} [Message] \tCSeq: 21 INVITE`,
		`${stamp(126556)} [Message] \tCall-ID: mUkzT0L8-L`,
		`${stamp(126791)} [Message] \tMax-Forwards: 70`,
		`${stamp(127015)} [Message] \tSupported: replaces, outbound, gruu`,
		`${stamp(127223)} [Message] \tAllow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, SUBSCRIBE, INFO, UPDATE`,
		`${stamp(127468)} [Message] Changing [client] [INVITE] transaction [0x60000238e560], from state [CALLING] to [PROCEEDING]`,
	];
	const a = analyzeTrace(`${lines.join('\n')}\n`);
	assert.deepEqual(
		a.messages.map((m) => [m.method, m.cutShort]),
		[['INVITE', true]],
	);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['message.truncated'],
	);
	assert.match(a.problems[0]!.message, /record gives 1704 octets.*no empty line or Content-Length/);
	// The same record saying the size its lines hold is a whole message that lacks Contact.
	const whole = analyzeTrace(`${lines.join('\n').replace('[1704]', '[590]')}\n`);
	assert.deepEqual(
		whole.problems.map((p) => p.code),
		['header.missing-contact'],
	);
});

void test('an excerpt that kept the start line, Content-Type and the body: said an excerpt, Content-Length not said missing', () => {
	// A blog's watcherinfo NOTIFY (RFC 3857's example shortened): no Via, Call-ID or CSeq.
	const text = [
		'NOTIFY sip:Richard@operator.com SIP/2.0',
		'Content-Type: application/watcherinfo+xml',
		'',
		'<?xml version="1.0"?>',
		'<watcherinfo xmlns="urn:ietf:params:xml:ns:watcherinfo" version="0" state="full">',
		'  <watcher-list resource="sip:Richard@operator.com" package="presence">',
		'    <watcher id="23456abcd" event="subscribe" status="pending">sip:Jorgen@operator.com</watcher>',
		'  </watcher-list>',
		'</watcherinfo>',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['message.truncated'],
	);
	assert.match(a.problems[0]!.message, /^Only some headers of this message are in the trace/);
});

void test("a manual's next step under a message with neither Content-Type nor Content-Length: the page's text, no body", () => {
	// AudioCodes' registration example: the REGISTER, an empty line, then `2.  Upon receipt ...`.
	const register = [
		'REGISTER sip:10.2.2.222 SIP/2.0',
		'Via: SIP/2.0/UDP 10.1.1.200;branch=z9hG4bKac1',
		'Max-Forwards: 70',
		'From: <sip:122@10.1.1.200>;tag=1c17940',
		'To: <sip:122@10.1.1.200>',
		'Call-ID: 634293194@10.1.1.200',
		'CSeq: 1 REGISTER',
		'Contact: <sip:122@10.1.1.200>',
		'',
		'2.  Upon receipt of this request, the Registrar/Proxy returns a 401 Unauthorized',
		'response:',
		'',
	];
	// As the page has it, and with the space a PDF leaves at every line's end.
	for (const text of [register.join('\n'), register.map((l) => `${l} `).join('\n')]) {
		const a = analyzeTrace(text);
		assert.equal(a.messages.length, 1);
		assert.equal(a.messages[0]!.body, null);
		assert.deepEqual(
			a.problems.filter((p) => p.code.startsWith('body.') || p.code.startsWith('content-length.')),
			[],
		);
	}
	// A MESSAGE's text is its body, whatever it says: its missing Content-Type is said.
	const message = register
		.map(
			(l) =>
				`${l.replace('REGISTER sip:10.2.2.222', 'MESSAGE sip:bob@10.2.2.222').replace('1 REGISTER', '1 MESSAGE')} `,
		)
		.join('\n');
	const m = analyzeTrace(message);
	assert.ok(m.messages[0]!.body);
	assert.ok(m.problems.some((p) => p.code === 'body.missing-content-type'));
});

void test('an excerpt that kept Call-ID and CSeq and no address (no Via, From or To): said an excerpt, no header said missing', () => {
	// A post about drachtio: `SIP/2.0 180 Ringing`, its CSeq and Call-ID, then the app's log.
	const text = [
		'SIP/2.0 180 Ringing',
		'CSeq: 31452 INVITE',
		'Call-ID: 9d7c0a6e-5b3b-4f2b-a7d1-0f3a1c2e9b11',
		'',
		'2021-07-14T10:22:31.118Z drachtio:agent sending request to 127.0.0.1:9022',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	assert.equal(a.messages[0]!.cutShort, true);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['message.truncated', 'response.no-request'],
	);
	assert.match(a.problems[0]!.message, /none of Via, From and To/);
	// With a From and To kept, the Via it lacks is the sender's fault.
	const withAddresses = analyzeTrace(
		text.replace(
			'Call-ID:',
			'From: <sip:a@example.com>;tag=1\nTo: <sip:b@example.com>;tag=2\nCall-ID:',
		),
	);
	assert.deepEqual(
		withAddresses.problems.map((p) => p.code),
		['header.missing-via', 'response.no-request'],
	);
});

void test("a display name before a bare URI in a message that holds no `<` (a page dropped every `<sip:...>`'s brackets): information, not the sender's error", () => {
	// Asterisk issue #794's INVITE as its page showed it: typographic quotes, no brackets.
	const lines = [
		'INVITE sip:+39021234567@xxxx.it;user=phone SIP/2.0',
		'Via: SIP/2.0/UDP 89.89.89.89:5060;branch=z9hG4bKgv8tab00e8gru8kbpmb0.1',
		'To: sip:+39021234567@xxxx.it;user=phone',
		'From: “+390666666666” sip:+390666666666@yyyy.it;user=phone;tag=20643d77-0017',
		'Call-ID: e5de7520d76fc3c-0017-0001-0000-0000@10.5.46.168',
		'CSeq: 1 INVITE',
		'Max-Forwards: 64',
		'Contact: sip:+390666666666@89.89.89.89:5060',
		'Content-Length: 0',
		'',
		'',
	];
	const said = (text: string) =>
		analyzeTrace(text)
			.problems.filter((p) => p.code === 'header.bad-name-addr')
			.map((p) => [p.severity, /dropped its brackets/.test(p.message)]);
	assert.deepEqual(said(lines.join('\r\n')), [['information', true]]);
	// With a `<` elsewhere in the message (its To bracketed), the From is the sender's fault.
	const bracketed = lines
		.join('\r\n')
		.replace(
			'To: sip:+39021234567@xxxx.it;user=phone',
			'To: <sip:+39021234567@xxxx.it;user=phone>',
		);
	assert.deepEqual(said(bracketed), [['error', false]]);
});

void test("a post's number for the next message (`2`) after a message's last header: the page's text, not a malformed header", () => {
	// A blog's REGISTER flow, each message numbered, every line followed by an empty one.
	const register = [
		'REGISTER sip:192.168.1.100 SIP/2.0',
		'Via: SIP/2.0/UDP 192.168.1.119:26023;rport;branch=z9hG4bK2011767405',
		'From: <sip:1001@192.168.1.100>;tag=627991566',
		'To: <sip:1001@192.168.1.100>',
		'Call-ID: 1426548078',
		'CSeq: 20 REGISTER',
		'Contact: <sip:1001@192.168.1.119:26023>',
		'Max-Forwards: 70',
		'Content-Length: 0',
		'2',
		'SIP/2.0 401 Unauthorized',
		'Via: SIP/2.0/UDP 192.168.1.119:26023;rport=26023;branch=z9hG4bK2011767405',
		'From: <sip:1001@192.168.1.100>;tag=627991566',
		'To: <sip:1001@192.168.1.100>;tag=as1',
		'Call-ID: 1426548078',
		'CSeq: 20 REGISTER',
		'WWW-Authenticate: Digest realm="asterisk",nonce="1cd2a2f5"',
		'Content-Length: 0',
	];
	// As the page shows ngrep's lines: each CR a trailing `.`, the number without one.
	const text = `${register.map((l) => (l === '2' ? l : `${l}.`)).join('\n\n')}\n\n`;
	const malformed = analyzeTrace(text).problems.filter((p) => p.code === 'header.malformed');
	assert.deepEqual(
		malformed.map((p) => [text.slice(p.span.start, p.span.end), p.severity]),
		[['2', 'information']],
	);
});

void test("a start line, the poster's `...` for its headers, then the log's own lines: those lines are the page's text after it, not headers the sender broke", () => {
	const text = [
		'← 914 bytes:',
		'',
		'SIP/2.0 200 OK',
		'...',
		'← -1 (914 bytes)',
		'REGISTER rejected: -1 — retry in 30 s',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	assert.ok(
		a.problems.every((p) => p.severity !== 'error'),
		JSON.stringify(a.problems.map((p) => [p.code, p.severity])),
	);
	assert.ok(a.problems.some((p) => p.code === 'message.elided'));
});
void test("a page's `</pre>` right under a message's last header, prose below: the page quoted some headers only", () => {
	// The shape of an AWS sample's README set in HTML: an INVITE's first headers in `<pre>`, the
	// page's explanation after it, the next INVITE in its own `<pre>`.
	const invite = (n: number) => [
		'<pre>',
		`INVITE sip:+1555010000${n}@198.51.100.168:5060;transport=UDP SIP/2.0`,
		`Via: SIP/2.0/UDP 192.0.2.132:5060;branch=z9hG4bK980f.${n}`,
		`From: <sip:+15550199999@192.0.2.102:5060>;tag=4XU48Ua5N${n}`,
		'To: <sip:+15550100001@198.51.100.168:5060>',
		'X-VoiceConnector-ID: bxhrxku1lu5jcu0roa4ca7',
		'</pre>',
	];
	const text = [
		...invite(1),
		'',
		'The Asterisk then routes the call on, with an extra header to correlate it.',
		'',
		...invite(2),
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 2);
	// Cut by the page, not sent without Call-ID and CSeq.
	assert.deepEqual(
		a.problems.filter((p) => p.severity === 'error').map((p) => p.code),
		[],
	);
	assert.deepEqual(
		a.problems.filter((p) => p.code === 'message.truncated').map((p) => lineAt(text, p.span.start)),
		[1, 11],
	);
	for (const m of a.messages)
		assert.ok(!text.slice(m.frame.sip.start, m.frame.sip.end).includes('</pre>'));
});
void test('a CPIM body the trace ends inside its message headers is said cut, masks elsewhere or not', () => {
	// The shape of a liblinphone issue's MESSAGE: `[redacted]` masks, and the paste stops in the
	// CPIM headers (RFC 3862 §3: an empty line ends them, then the encapsulated MIME object).
	const cpim = [
		'From: <sip:[redacted]>',
		'To: <sip:[redacted]>',
		'DateTime: 2022-08-02T15:34:33Z',
		'NS: imdn <urn:ietf:params:imdn>',
		'imdn.Message-ID: HjFsonRLpkim',
		'imdn.Disposition-Notification: pos',
	];
	const message = (body: string[], length: number) =>
		[
			'MESSAGE sip:bob@example.com SIP/2.0',
			'Via: SIP/2.0/TCP 192.0.2.121:47446;branch=z9hG4bK.oOWg7575x;rport',
			'From: <sip:alice@example.com>;tag=gdLM-qmf3',
			'To: sip:bob@example.com',
			'CSeq: 21 MESSAGE',
			'Call-ID: KHZPKeE6FD',
			'Max-Forwards: 70',
			'Content-Type: message/cpim',
			`Content-Length: ${length}`,
			'',
			...body,
			'',
		].join('\r\n');
	const said = (t: string) =>
		analyzeTrace(t)
			.problems.filter(
				(p) => p.code === 'message.truncated' || p.code === 'content-length.mismatch',
			)
			.map((p) => [p.code, p.severity]);
	assert.deepEqual(said(message(cpim, 340)), [['message.truncated', 'warning']]);
	// Whole, with its empty lines, the same shortfall is the masks' (they hide the URIs).
	const whole = [...cpim, '', 'Content-Type: text/plain', '', 'hi'];
	assert.deepEqual(said(message(whole, whole.join('\r\n').length + 20)), [
		['content-length.mismatch', 'information'],
	]);
});
void test("a Content-Length that ends a line before an XML body's root closes: the document is read whole, its length said short", () => {
	// The shape of a phone manual's dialog NOTIFY whose page masked every address with a longer
	// `[email protected]`: the length, counted on the wire, now ends before `</dialog-info>`.
	const xml = [
		'<?xml version="1.0"?>',
		'<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="1" state="full" entity="sip:[email protected]:5060">',
		...['65622', '65623', '65624', '65625', '65626', '65627'].flatMap((id) => [
			`<dialog id="${id}">`,
			'<state>terminated</state>',
			'</dialog>',
		]),
		'</dialog-info>',
	];
	// Counted with CRLF line ends, as on the wire; the copy has LF: the length falls between the
	// copy's octets and their count with CRLF, and ends, with CRLF, before the root's end tag.
	const short = xml.slice(0, -1).reduce((n, l) => n + l.length + 2, 0);
	const text = [
		'NOTIFY sip:[email protected]:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.31:5060;branch=z9hG4bK1830418099',
		'From: <sip:[email protected]:5060>;tag=1032948194',
		'To: "10111" <sip:[email protected]:5060>;tag=722495580',
		'Call-ID: [email protected]',
		'CSeq: 2 NOTIFY',
		'Contact: <sip:[email protected]:5060>',
		'Content-Type: application/dialog-info+xml',
		'Max-Forwards: 70',
		'Subscription-State: active;expires=60',
		'Event: dialog',
		`Content-Length: ${short}`,
		'',
		...xml,
		'The next example shows the NOTIFY sent once the call ends.',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const body = a.messages[0]!.body!;
	assert.ok(text.slice(body.start, body.end).trimEnd().endsWith('</dialog-info>'));
	assert.ok(!a.problems.some((p) => p.code === 'body.invalid-dialog-info'));
	assert.ok(a.problems.some((p) => p.code === 'content-length.mismatch'));
});
void test("a body with no length to count, its XML cut by the trace's end: said cut, not an invalid document", () => {
	// The shape of a 3GPP specification's PUBLISH example as a page shows it: `Content-Length:
	// (…)`, the PIDF stopping where the excerpt does.
	const publish = (body: string[]) =>
		[
			'PUBLISH sip:user1_public1@home1.net SIP/2.0',
			'Via: SIP/2.0/UDP [5555::aaa:bbb:ccc:ddd]:1357;comp=sigcomp;branch=z9hG4bKnashds7',
			'Max-Forwards: 70',
			'From: <sip:user1_public1@home1.net>;tag=31415',
			'To: <sip:user1_public1@home1.net>',
			'Call-ID: b89rjhnedlrfjflslj40a222',
			'CSeq: 61 PUBLISH',
			'Event: presence',
			'Expires: 7200',
			'Content-Type: application/pidf+xml',
			'Content-Length: (…)',
			'',
			...body,
		].join('\r\n');
	const cut = analyzeTrace(
		publish(['<?xml version="1.0" encoding="UTF-8"?>', '<presence xmlns="urn:ietf:params:x']),
	);
	assert.deepEqual(
		cut.problems.filter((p) => p.severity === 'error').map((p) => p.code),
		[],
	);
	assert.ok(cut.problems.some((p) => p.code === 'message.truncated'));
	// A whole document that is wrong is still judged.
	const wrong = analyzeTrace(
		publish([
			'<?xml version="1.0" encoding="UTF-8"?>',
			'<presence entity="x"><tuple>',
			'</presence>',
			'',
		]),
	);
	assert.ok(wrong.problems.some((p) => p.code.startsWith('body.')));
});

void test("a capture's datagram is the message as sent: the headers it lacks are missing, not left out by a copy", () => {
	// SIPp sent a CANCEL and an OPTIONS whose scenarios left headers out; a capture holds them so.
	const datagram = crlf(
		'OPTIONS sip:x@127.0.0.1 SIP/2.0',
		'Max-Forwards: 70',
		'Content-Length: 0',
		'',
		'',
	);
	const excerpt = analyzeTrace(datagram);
	assert.deepEqual(codesOf(excerpt, excerpt.messages[0]!), ['message.truncated']);
	const captured = `2026-12-07 11:34:25.685281 127.0.0.1:15233 -> 127.0.0.1:15230 UDP\n${datagram}`;
	const a = analyzeTrace(captured);
	assert.deepEqual(
		a.problems.map((p) => `${p.severity} ${p.code}`),
		['via', 'from', 'to', 'call-id', 'cseq'].map((h) => `error header.missing-${h}`),
	);
	assert.ok(a.problems.every((p) => !/cop(y|ied)/.test(p.message)));
	// A start line alone, as sent: its headers are missing too, not left out.
	const alone = analyzeTrace(
		`2026-12-07 11:34:25.685281 127.0.0.1:15233 -> 127.0.0.1:15230 UDP\n${crlf('OPTIONS sip:x@127.0.0.1 SIP/2.0', '', '')}`,
	);
	assert.ok(alone.problems.some((p) => p.code === 'header.missing-via' && p.severity === 'error'));
	assert.ok(!alone.problems.some((p) => p.code === 'message.truncated'));
});

void test("an empty line among a captured datagram's headers ends them, as the receiver reads it; in a copy it is a stray one", () => {
	// A raw datagram sent with an empty line after From (Kamailio dropped it: no To, Call-ID, CSeq).
	const datagram = crlf(
		'OPTIONS sip:x@127.0.0.1 SIP/2.0',
		'Via: SIP/2.0/UDP 127.0.0.1:15236;branch=z9hG4bK-el1',
		'Max-Forwards: 70',
		'From: <sip:raw@127.0.0.1>;tag=e1',
		'',
		'To: <sip:x@127.0.0.1>',
		'Call-ID: el1@127.0.0.1',
		'CSeq: 1 OPTIONS',
		'Content-Length: 0',
		'',
		'',
	);
	const copy = analyzeTrace(datagram);
	assert.ok(copy.problems.some((p) => p.code === 'message.stray-empty-line'));
	assert.equal(copy.messages[0]!.callId, 'el1@127.0.0.1');
	const a = analyzeTrace(
		`2026-12-07 11:34:30.000001 127.0.0.1:15236 -> 127.0.0.1:15230 UDP\n${datagram}`,
	);
	assert.ok(!a.problems.some((p) => p.code === 'message.stray-empty-line'));
	assert.equal(a.messages[0]!.callId, null);
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('header.missing-')).map((p) => p.code),
		['header.missing-to', 'header.missing-call-id', 'header.missing-cseq'],
	);
});
