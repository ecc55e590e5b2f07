import type { Direction, FramingResult } from '../model';
import { Builder, type MessageMeta } from './engine';
import { readLine, type Line } from './lines';
import { isTokenChar } from '../parser/headerNames';
import { timeIn, type LogTime } from './logTime';
import { epoch } from './formats';
import { audioCodesPeer } from './audioCodes';
import { addressedHeading } from './addressedHeading';
import { hepRecord } from './hepRecord';
import { debuggerCutAt } from './debuggerCut';
import { escapeExcess } from './backslashEscapes';
import { utf8Octets } from '../text/octets';

/*
 * A whole message on one log line, its line ends escaped: rsyslog writes control characters as
 * `#015#012` (CR LF) or `#012`; application logs and JSON print `\r\n` or `\n` as two characters.
 * Kamailio's and OpenSIPS' `xlog("$mb")`, and SBCs logging to syslog, look like this:
 *
 *   Nov 24 19:33:07 proxy kamailio[812]: INFO: <script>: SUBSCRIBE sip:linda@example.com SIP/2.0#015#012Via: ...
 *
 * The prefix before the start line is the frame's metadata; the message's lines are the pieces
 * between the escapes, so every header keeps its offsets in the text as written. What the prefix
 * says of where the message went is read as the line above a message is in other logs: Kamailio's
 * `xlog("received from $si:$sp\n$mb")` becomes `...: received from 10.0.0.1:5060#012SUBSCRIBE ...`.
 */

/** The escapes of a line end, each with the escape of a CR that may come before it. */
const escapes = [
	// AudioCodes' syslog puts a space before each (`SIP/2.0 #012FROM: ...`): tried first, and
	// taken only where the start line ends so.
	{ lf: ' #012', cr: ' #015' },
	{ lf: '#012', cr: '#015' },
	// A pipeline that escaped the CR and turned the LF into a space (`SIP/2.0 100 Trying#015 Via:
	// ...`): tried after the others, whose `#015#012` it would otherwise take in part.
	{ lf: '#015 ', cr: '' },
	{ lf: '\\n', cr: '\\r' },
] as const;
type Escape = (typeof escapes)[number];

/** Does this line hold a message with escaped line ends? (Used by format detection.) */
export function hasEscapedMessage(line: string, text?: string, next?: number): boolean {
	return (
		locate(
			line,
			text === undefined || next === undefined ? undefined : () => nextLineOf(text, next),
		) !== null
	);
}

export function frameEscaped(text: string): FramingResult {
	const out = new Builder();
	const line: Line = { start: 0, end: 0, next: 0 };
	for (let at = 0; at < text.length && readLine(text, at, line); at = line.next) {
		// The line is searched as its own string, so no search runs on past its end.
		const whole = text.slice(line.start, line.end);
		const found = locate(whole, () => nextLineOf(text, line.next));
		if (!found) {
			out.addNoise(line.start, line.next);
			continue;
		}
		let lines = pieces(whole, found.start, found.escape, line.start);
		// The message's other lines on the lines below, one or a few a line (see below).
		const rest = linesBelow(text, line, whole, found.start, found.escape, lines);
		if (rest) {
			addEscaped(out, text, line.start, rest.next, whole, found.start, found.escape, rest.lines);
			line.next = rest.next;
			continue;
		}
		// Records one after another on one line (a JSON array a tool compacted, a Homer API
		// answer: `..."raw":"OPTIONS ...\r\n\r\n"},{...,"raw":"SIP/2.0 200 OK\r\n...`): each
		// message after the one before it, its record's fields before it as its prefix.
		let from = line.start;
		let content = whole;
		let start = found.start;
		let escape = found.escape;
		for (;;) {
			const end = lines[lines.length - 1]!;
			const after = end - line.start;
			// The line's records escape their line ends alike: only that escape is looked for, so
			// each search stops at the next record's, not at the line's end.
			const next = after < whole.length ? locate(whole.slice(after), undefined, escape) : null;
			if (!next) {
				addEscaped(out, text, from, line.next, content, start, escape, lines);
				break;
			}
			addEscaped(out, text, from, end, content, start, escape, lines);
			from = end;
			content = whole.slice(after);
			start = next.start;
			escape = next.escape;
			lines = pieces(content, start, escape, end);
		}
	}
	return out.finish(text.length, 'escaped');
}

/**
 * The frame of the message whose lines are `lines`, over [spanStart, spanEnd); `content` is the
 * line's text from spanStart on, the message's start line at `start` in it: what is before that
 * is its record's prefix.
 */
function addEscaped(
	out: Builder,
	text: string,
	spanStart: number,
	spanEnd: number,
	content: string,
	start: number,
	escape: Escape,
	lines: Int32Array,
): void {
	const prefix = content.slice(0, start);
	const frame = webSocketFrame(text, spanStart, prefix);
	// A HEP record's capture time (heplify-server's `&HEP{...,Tsec:...,Tmsec:...,Payload:"...`)
	// is the message's; the log line's stamp is when the collector wrote it.
	const hep = frame ? null : hepRecord(prefix);
	const when = frame?.when ?? (hep?.time ? hepTime(hep) : null) ?? timeIn(prefix);
	const peer =
		frame?.peer ??
		audioCodesSides(prefix) ??
		headingPeer(prefix, escape) ??
		sendingFunction(prefix) ??
		recordFields(prefix);
	out.addFrame({
		format: 'escaped',
		span: { start: spanStart, end: spanEnd },
		meta: start > 0 ? { start: spanStart, end: spanStart + start } : null,
		sip: { start: lines[0]!, end: lines[lines.length - 1]! },
		lines,
		time: when?.time ?? null,
		epochMicros: when?.epochMicros ?? null,
		src: peer?.src ?? null,
		dst: peer?.dst ?? null,
		transport: peer?.transport ?? null,
		direction: peer?.direction ?? null,
		declaredBytes: null,
	});
}

function hepTime(hep: MessageMeta): LogTime {
	return { time: hep.time!, epochMicros: hep.epochMicros ?? null };
}

// A WebSocket frame as Chrome's DevTools save it in a HAR file (`_webSocketMessages`): `"type":
// "send"` or `"receive"`, `"time"` in seconds since the epoch, then `"data"`, the message, in one
// object, on one line or (as DevTools indents it) a key a line.
const harType = /"type":\s*"(send|receive)"/;
const harTime = /"time":\s*(\d{9,11})(?:\.(\d{1,9}))?\b/;
/** How many lines above a `"data"` line are read for its object's type and time. */
const harLines = 4;

/**
 * A message written as a program's string literals, a line of the message (or a few) on each
 * line of the text, each ending in its escaped line end: C's or Python's adjacent literals
 * (`b"INVITE ... SIP/2.0\\r\\n"` above `b"Via: ...\\r\\n"`), JavaScript's `'...\\r\\n' +` (Node's
 * util.inspect of a long string), or a string quoted a line at a time in a report. The start
 * line is alone on its line, which ends with its escape and what closes the literal (a quote,
 * `+`, `,`); each line below goes on from the same opening quote (or from its indentation, with
 * none), to an escape and the same close. Returns the message's lines over all of them, and
 * where the last ends; null when the start line's line does not go on so.
 */
function linesBelow(
	text: string,
	first: Line,
	content: string,
	start: number,
	escape: Escape,
	firstLines: Int32Array,
): { lines: Int32Array; next: number } | null {
	const close = closingAfterLast(content, escape);
	if (close < 0) return null;
	// The quote the start line's literal opened with, if any.
	const q = content.charCodeAt(start - 1);
	const opener = start > 0 && (q === 34 || q === 39 || q === 96) ? q : -1;
	const out = Array.from(firstLines);
	// The piece after the start line's last escape is the literal's close: no line of it.
	if (out.length >= 2 && out[out.length - 2]! - first.start >= close) out.length -= 2;
	// Only the start line is on its line: a line that holds a whole message (a syslog record)
	// ends in an escape too, and the next record is no line of it.
	if (out.length !== 2) return null;
	const line: Line = { start: 0, end: 0, next: 0 };
	let next = -1;
	// A C literal continued on the next line by a backslash at its end (`"...\r\n\`, sipX's
	// tests): that line goes on inside the literal, with no quote to open it.
	// So does a literal left open at the line's end, right after an escaped line end (a Go
	// string heplify-server printed with a line break after each `\r\n`).
	let continued = opener >= 0 && (continuesLiteral(content, escape) || openAtEnd(content, escape));
	for (let at = first.next; at < text.length && readLine(text, at, line); at = line.next) {
		const own = text.slice(line.start, line.end);
		// A line the program's source left in a comment (`//"Via: ..."`): no line of the string.
		if (!continued && commentedOut.test(own)) continue;
		let from = 0;
		if (opener >= 0 && !continued) {
			from = own.indexOf(String.fromCharCode(opener)) + 1;
			if (from <= 0) break;
		} else if (opener < 0)
			while (from < own.length && (own.charCodeAt(from) === 32 || own.charCodeAt(from) === 9))
				from++;
		const end = closingAfterLast(opener >= 0 ? withoutRemark(own, opener) : own, escape);
		if (end < 0 || end < from) break;
		// Each escaped line end on the line ends a line of the message.
		for (let p = from; p < end;) {
			let lf = own.indexOf(escape.lf, p);
			if (lf < 0 || lf >= end) lf = end;
			const e =
				own.startsWith(escape.cr, lf - escape.cr.length) && lf - escape.cr.length >= p
					? lf - escape.cr.length
					: lf;
			out.push(line.start + p, line.start + e);
			p = lf + escape.lf.length;
		}
		next = line.next;
		continued = opener >= 0 && (continuesLiteral(own, escape) || openAtEnd(own, escape));
	}
	if (next < 0) return null;
	while (out.length > 2 && out[out.length - 1] === out[out.length - 2]) out.length -= 2;
	return { lines: Int32Array.from(out), next };
}

/**
 * `line` without a comment after its last literal (`"Call-ID: %s\r\n"	// sprintf call_id here`,
 * or a block comment after a Java literal's `+`), where only what closes a literal and white
 * space stand between them.
 */
function withoutRemark(line: string, quote: number): string {
	const last = line.lastIndexOf(String.fromCharCode(quote));
	if (last < 0) return line;
	let i = last + 1;
	while (i < line.length && closes(line.charCodeAt(i))) i++;
	return line.startsWith('//', i) || line.startsWith('/*', i) ? line.slice(0, i) : line;
}

/**
 * Does `line` end inside a literal continued by a backslash, right after an escaped line end
 * (`...\r\n\`)? A backslash after the literal's closing quote (`"...\r\n" \`, a macro's) is
 * no part of it.
 */
function continuesLiteral(line: string, escape: Escape): boolean {
	let e = line.length;
	while (e > 0 && (line.charCodeAt(e - 1) === 32 || line.charCodeAt(e - 1) === 9)) e--;
	return (
		e > 0 && line.charCodeAt(e - 1) === 92 && line.startsWith(escape.lf, e - 1 - escape.lf.length)
	);
}

/** Does `line` end with an escaped line end and nothing after it: its literal not closed? */
function openAtEnd(line: string, escape: Escape): boolean {
	let e = line.length;
	while (e > 0 && (line.charCodeAt(e - 1) === 32 || line.charCodeAt(e - 1) === 9)) e--;
	return e > escape.lf.length && line.startsWith(escape.lf, e - escape.lf.length);
}

/**
 * Where the last escaped line end of `line` starts, when only what closes a literal follows it
 * (a quote, `+`, `,`, `)`, `;`, a backslash, white space) and the line holds no other text after
 * it; -1 otherwise.
 */
function closingAfterLast(line: string, escape: Escape): number {
	let e = line.length;
	while (e > 0 && closes(line.charCodeAt(e - 1))) e--;
	if (e === line.length && line.endsWith(escape.lf)) return e - escape.lf.length;
	if (!line.endsWith(escape.lf, e)) return -1;
	// The text before the close ends in the escape; nothing but the close after it.
	return e - escape.lf.length;
}

/**
 * Where `octets` octets from `at` end in `line` (within `end`), a backslash escape (`\"`) one
 * octet where `backslashes`; -1 when they run past `end` or end inside a character.
 */
function afterOctets(
	line: string,
	at: number,
	end: number,
	octets: number,
	backslashes: boolean,
): number {
	let n = 0;
	let i = at;
	while (n < octets && i < end) {
		const c = line.charCodeAt(i);
		if (backslashes && c === 92 && i + 1 < end && isEscapedChar(line.charCodeAt(i + 1))) i += 2;
		else i++;
		n += c === 92 ? 1 : utf8Octets(c);
	}
	return n === octets ? i : -1;
}
const isEscapedChar = (c: number): boolean => c === 34 || c === 92 || c === 47;

/** Is [from, end) of `line` only what closes a string and the record around it (`"}`, `']`)? */
function closesAll(line: string, from: number, end: number): boolean {
	for (let i = from; i < end; i++) {
		const c = line.charCodeAt(i);
		if (!closes(c) && c !== 125 && c !== 93) return false;
	}
	return true;
}

/** A source line commented out: `//` (C, Java, JavaScript, Go) or `#` (Python) first. */
const commentedOut = /^[ \t]*(?:\/\/|#)/;

const closes = (c: number): boolean =>
	c === 34 ||
	c === 39 ||
	c === 96 ||
	c === 43 ||
	c === 44 ||
	c === 41 ||
	c === 59 ||
	c === 92 ||
	c === 32 ||
	c === 9;

/**
 * The direction and time of the message a HAR's WebSocket frame carries, from its object's
 * `"type"` and `"time"` (before `"data"` on its line, or on the lines just above); null where the
 * line does not carry a `"data"` string.
 */
function webSocketFrame(
	text: string,
	lineStart: number,
	prefix: string,
): { when: LogTime | null; peer: Peer } | null {
	const data = prefix.lastIndexOf('"data":');
	if (data < 0) return null;
	let head = prefix.slice(0, data);
	// DevTools' indented HAR: the object's other keys on the lines above.
	if (!harType.test(head)) {
		let at = lineStart;
		for (let k = 0; k < harLines && at > 0; k++) {
			const from = text.lastIndexOf('\n', at - 2) + 1;
			const above = text.slice(from, at);
			if (above.includes('"data":') || above.includes('{')) break;
			head = above + head;
			at = from;
		}
	}
	const type = harType.exec(head);
	if (!type) return null;
	const time = harTime.exec(head);
	const out = type[1] === 'send';
	return {
		when: time ? epoch(time[1]!, time[2] ?? '') : null,
		peer: { direction: out ? 'out' : 'in', src: null, dst: null, transport: null },
	};
}

/** An AudioCodes announcing line's direction and remote address, as the frame's two sides. */
function audioCodesSides(prefix: string): Peer | null {
	const peer = audioCodesPeer(prefix);
	if (!peer) return null;
	const { direction, address, transport } = peer;
	return {
		direction,
		src: direction === 'in' ? address : null,
		dst: direction === 'out' ? address : null,
		transport,
	};
}

/** Where a message went, as the prefix says. */
/**
 * OpenSIPS' debug log of the buffer a transport module writes (`DBG:proto_tls:proto_tls_send:
 * buf=#012SIP/2.0 412 ...`): sent, over the module's transport; no address is given.
 */
function sendingFunction(prefix: string): Peer | null {
	const m = protoSend.exec(prefix);
	return m ? { direction: 'out', src: null, dst: null, transport: m[1]!.toUpperCase() } : null;
}
const protoSend =
	/\bproto_(udp|tcp|tls|wss?|sctp)_send: buf=[ \t]{0,4}(?:#015#012|#012|\\r\\n|\\n)?$/i;

/**
 * The addresses a capture server's JSON record gives beside the message (Homer 7's
 * `"srcIp":"10.0.0.1","srcPort":5060,"dstIp":...`, Homer 5's `"source_ip"`, `"destination_port"`),
 * with the transport its IP protocol number names (`"protocol":17`).
 */
function recordFields(prefix: string): Peer | null {
	if (!prefix.includes('"s')) return null;
	const src = jsonAddress(prefix, srcIp, srcPort);
	const dst = jsonAddress(prefix, dstIp, dstPort);
	if (!src || !dst) return null;
	const proto = ipProtocol.exec(prefix)?.[1];
	const transport =
		proto === '17' ? 'UDP' : proto === '6' ? 'TCP' : proto === '132' ? 'SCTP' : null;
	return { direction: null, src, dst, transport };
}
const srcIp = /"(?:srcIp|source_ip)"\s?:\s?"([0-9A-Fa-f.:]{2,45})"/;
const srcPort = /"(?:srcPort|source_port)"\s?:\s?"?(\d{1,5})\b/;
const dstIp = /"(?:dstIp|destination_ip)"\s?:\s?"([0-9A-Fa-f.:]{2,45})"/;
const dstPort = /"(?:dstPort|destination_port)"\s?:\s?"?(\d{1,5})\b/;
const ipProtocol = /"protocol"\s?:\s?(\d{1,3})\b/;

function jsonAddress(prefix: string, ip: RegExp, port: RegExp): string | null {
	const host = ip.exec(prefix)?.[1];
	const number = port.exec(prefix)?.[1];
	if (!host || !number || Number(number) > 65535) return null;
	return host.includes(':') ? `[${host}]:${number}` : `${host}:${number}`;
}

interface Peer {
	direction: Direction | null;
	src: string | null;
	dst: string | null;
	transport: string | null;
}

/** How many of the prefix's escaped lines, from the start line up, are read for a heading. */
const headingLines = 3;

/**
 * The direction, remote address and transport a heading in the prefix gives (`received from a:p`,
 * `sent to a:p`, `a:p -> b:p`): the nearest of the prefix's escaped lines above the start line
 * that says them. The time stays the prefix's own (the syslog or application stamp).
 */
function headingPeer(prefix: string, escape: Escape): Peer | null {
	// Each escaped line of the prefix, from the one before the start line up: [from, end).
	let end = lineEndBefore(prefix, prefix.length, escape);
	for (let k = 0; k < headingLines && end > 0; k++) {
		const lf = end >= escape.lf.length ? prefix.lastIndexOf(escape.lf, end - escape.lf.length) : -1;
		const from = lf < 0 ? 0 : lf + escape.lf.length;
		const meta = end > from ? addressedHeading(prefix.slice(from, end)) : null;
		if (meta && (meta.src || meta.dst)) {
			return {
				direction: meta.direction ?? null,
				src: meta.src ?? null,
				dst: meta.dst ?? null,
				transport: meta.transport ?? null,
			};
		}
		if (lf < 0) break;
		end = lineEndBefore(prefix, lf + escape.lf.length, escape);
	}
	return null;
}

/** Where the line that an escaped line end at `at` closes ends: before the LF and a CR before it. */
function lineEndBefore(text: string, at: number, escape: Escape): number {
	if (!text.endsWith(escape.lf, at)) return at;
	const lf = at - escape.lf.length;
	return text.startsWith(escape.cr, lf - escape.cr.length) ? lf - escape.cr.length : lf;
}

/** The text of the line at `at`, without its line end ('' at the text's end). */
function nextLineOf(text: string, at: number): string {
	const line: Line = { start: 0, end: 0, next: 0 };
	return at < text.length && readLine(text, at, line) ? text.slice(line.start, line.end) : '';
}

/**
 * Where the start line begins in a log line, and which escape ends its lines; null if none.
 * `below` gives the next line of the text, for a status line alone in its string literal.
 */
function locate(
	line: string,
	below?: () => string,
	only?: Escape,
): { start: number; escape: Escape } | null {
	for (const escape of only ? [only] : escapes) {
		// The start line is what precedes one of the first escaped line ends: `METHOD uri SIP/2.0`
		// or `SIP/2.0 200 OK`. Some loggers put a line of their own first (AudioCodes:
		// `---- Incoming SIP Message from ... ---- #012 [Time:...]#012INVITE ...`), and a paste
		// may start inside a message, its end on the line before the next record's message.
		let from = 0;
		for (let seen = 0; seen < 16; seen++) {
			const lf = line.indexOf(escape.lf, from);
			if (lf < 0) break;
			const end = line.startsWith(escape.cr, lf - escape.cr.length) ? lf - escape.cr.length : lf;
			const head = line.slice(Math.max(from, end - 600), end);
			const offset = end - head.length;
			const request = requestStart(head, line, lf + escape.lf.length);
			if (request >= 0) return { start: offset + request, escape };
			const status = head.lastIndexOf('SIP/2.0 ');
			// A status line with a header line after it: a lone `SIP/2.0 100 Trying\r\n` is a
			// sipfrag body quoted in prose (an issue's "should be terminated by CRLF").
			// A quote in it is a literal's that ended before the escape (`"SIP/2.0 200 OK" "\r\n"`),
			// a layout read for neither requests nor responses.
			if (
				status >= 0 &&
				/^SIP\/2\.0 \d{3}(?: |$)/.test(head.slice(status, status + 12)) &&
				head.indexOf('"', status) < 0 &&
				(headerAt(line, lf + escape.lf.length) ||
					(seen === 0 && below !== undefined && literalGoesOn(line, escape, below())))
			)
				return { start: offset + status, escape };
			from = lf + escape.lf.length;
		}
	}
	return null;
}

/**
 * Where `METHOD uri SIP/2.0` at the end of `head` begins, or -1. Read backwards, no regex. Also
 * `METHOD uri SIP/2.0/UDP`, a version written as a Via's sent-protocol, when a header line
 * follows at `next` in `line` (the parser reports the version, RFC 3261 §7.1, §25.1).
 */
function requestStart(head: string, line: string, next: number): number {
	let uriEnd = head.length - 8;
	if (!head.endsWith(' SIP/2.0')) {
		let t = head.length;
		while (t > 0 && head.length - t <= 10 && isLetter(head.charCodeAt(t - 1))) t--;
		if (t === head.length || head.length - t > 10 || !head.startsWith(' SIP/2.0/', t - 9))
			return -1;
		if (!headerAt(line, next)) return -1;
		uriEnd = t - 9;
	}
	const space = head.lastIndexOf(' ', uriEnd - 1);
	if (space <= 0 || space === uriEnd - 1) return -1;
	let method = space;
	while (method > 0 && isTokenChar(head.charCodeAt(method - 1))) method--;
	// Python's repr of the datagram's bytes, a script's `print(data)` (pyVoIP's debug output:
	// `b'INVITE sip:...\r\n...'`): the quote is a token character, the `b'` not the method's.
	if (head.charCodeAt(method) === 98 && head.charCodeAt(method + 1) === 39) method += 2;
	// A string literal's opening quote in a program's source (a Go test's `s := \`INVITE ...`).
	else if (head.charCodeAt(method) === 96 || head.charCodeAt(method) === 39) method++;
	const first = head.charCodeAt(method);
	if (method === space || first < 65 || first > 90) return -1;
	return method;
}

/**
 * A status line alone in a program's string literal (`"SIP/2.0 200 OK\n"`): the literal closes
 * after its escape, and the next line opens another with a header (`"To: ...\n"`).
 */
function literalGoesOn(line: string, escape: Escape, next: string): boolean {
	if (closingAfterLast(line, escape) < 0) return false;
	let at = 0;
	while (at < next.length && (next.charCodeAt(at) === 32 || next.charCodeAt(at) === 9)) at++;
	const q = next.charCodeAt(at);
	// A C literal continued by a backslash goes on at the next line's start, with no quote.
	if (continuesLiteral(line, escape)) return headerAt(next, at);
	return (q === 34 || q === 39 || q === 96) && headerAt(next, at + 1);
}

/** Whether `line` holds a header line (`token *WSP ":"`, RFC 3261 §7.3.1) at `at`. */
function headerAt(line: string, at: number): boolean {
	let i = at;
	while (i < line.length && i - at < 128 && isTokenChar(line.charCodeAt(i))) i++;
	if (i === at) return false;
	while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
	return line.charCodeAt(i) === 58;
}

const isLetter = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;

/**
 * The message's lines as `[start0, end0, ...]` (offsets into the text): the pieces between
 * escapes from the start line on. The body ends where its Content-Length (counting each escaped
 * line end as the octets it stands for) is used up, so what the log writes after the message (a
 * closing quote, a JSON brace) is not taken for body; without a length, trailing empty pieces are
 * dropped.
 */
function pieces(line: string, start: number, escape: Escape, base: number): Int32Array {
	const out: number[] = [];
	let contentLength = -1;
	let budget = -1;
	let inBody = false;
	let at = start;
	for (;;) {
		// A line ends at an escaped LF, with the escaped CR before it when there is one (bodies
		// often end their lines with LF alone where the headers use CRLF).
		const lf = line.indexOf(escape.lf, at);
		const crlf =
			lf >= 0 && lf - escape.cr.length >= at && line.startsWith(escape.cr, lf - escape.cr.length);
		const next = lf < 0 ? -1 : crlf ? lf - escape.cr.length : lf;
		let end = next < 0 ? line.length : next;
		// A debugger printed the start of the buffer and cut the rest (`To: <sip"..., len=842`).
		if (next < 0) {
			const cut = debuggerCutAt(line, at, end);
			if (cut >= 0) end = cut;
		}
		// A body that ends with no line end of its own, then what closes the log's string (`"}` of
		// a JSON record): the body ends where its length does.
		if (inBody && next < 0 && budget > 0 && end - at > budget && closesAll(line, at + budget, end))
			end = at + budget;
		// The same where more records follow on the line (a compacted JSON array): the body ends
		// where its length does when the string closes right there.
		else if (inBody && budget > 0 && end - at > budget) {
			const stop = afterOctets(line, at, end, budget, escape.lf === '\\n');
			if (stop > at && line.charCodeAt(stop) === 34) end = stop;
		}
		// After the body's last line end, only what closes the string (`"}`): no more body, however
		// much Content-Length still announces (the parser says it is short).
		else if (inBody && next < 0 && end > at && closesAll(line, at, end)) end = at;
		out.push(base + at, base + end);
		if (!inBody && out.length > 2) {
			if (end === at) {
				inBody = true;
				budget = contentLength;
				if (budget === 0) break;
			} else if (contentLength < 0) {
				const m = /^(?:content-length|l)[ \t]*:[ \t]*(\d{1,9})[ \t]*$/i.exec(line.slice(at, end));
				if (m) contentLength = Number(m[1]);
			}
		} else if (inBody && budget > 0) {
			// Within a backslash-escaped string, `\"` is one octet of the body sent.
			const escapes = escape.lf === '\\n' ? escapeExcess(line, at, end) : 0;
			budget -= end - at - escapes + (crlf ? 2 : 1);
			if (budget <= 0) break;
		}
		if (next < 0) break;
		at = lf + escape.lf.length;
	}
	while (out.length > 2 && out[out.length - 1] === out[out.length - 2]) out.length -= 2;
	return Int32Array.from(out);
}
