import type { TraceFormat } from '../model';
import type { FormatRules, MessageMeta } from './engine';
import { epoch, monthNumber, timeIn, yearlessTime } from './logTime';

export { epoch };
import { isJsWhiteSpace } from '../text/whiteSpace';
import { indexWithin } from '../text/search';
import { readsBack } from './stampTime';
import { hashStart, hashStep, type SpanStrings } from './strings';
import { sofiaTruncatedAt } from '../parser/recordCut';
import { isStartLine, readLine, type Line } from './lines';
import { isKnownMethod } from '../parser/methods';
import { isNgrepPacketLine, ngrepLine } from './ngrepLines';

/*
 * The log formats, one rule set each (see README "Trace formats" for examples). Regexes are
 * sticky or anchored, run on one line's content, and have no nested quantifiers.
 */

const line = (text: string, start: number, end: number, max = 400): string =>
	text.slice(start, Math.min(end, start + max));

/** `2026-11-24` + `19:33:07.319727` (UTC assumed) as ISO time and epoch microseconds. */
export function dateTime(date: string, time: string): { time: string; epochMicros: number | null } {
	// Runs once per message: digits are read by char code, no split, no intermediate strings.
	const iso = date.length === 10 && date.charCodeAt(4) === 47 ? date.replace(/\//g, '-') : date;
	const y = digits(date, 0, 4);
	const mo = digits(date, 5, 7);
	const d = digits(date, 8, 10);
	const h = digits(time, 0, 2);
	const mi = digits(time, 3, 5);
	const sec = digits(time, 6, 8);
	const sep = time.charCodeAt(8);
	const fracLen = time.length - 9;
	const clock =
		time.length >= 8 &&
		time.charCodeAt(2) === 58 &&
		time.charCodeAt(5) === 58 &&
		(time.length === 8 ||
			((sep === 46 || sep === 58) &&
				fracLen >= 1 &&
				fracLen <= 9 &&
				digits(time, 9, time.length) >= 0));
	if (!clock || h < 0 || mi < 0 || sec < 0)
		return { time: `${iso.replace(/\//g, '-')}T${time}`, epochMicros: null };
	const frac = time.length > 9 ? digits(time.padEnd(15, '0'), 9, 15) : 0;
	const ms = y < 0 || mo < 0 || d < 0 ? NaN : hourStart(y, mo, d, h) + mi * 60_000 + sec * 1000;
	return {
		time: flat(`${iso}T${sep === 58 ? `${time.slice(0, 8)}.${time.slice(9)}` : time}`),
		epochMicros: Number.isNaN(ms) ? null : ms * 1000 + frac,
	};
}

/*
 * Date.UTC of the hour a message was sent in, kept for the next one: a trace's messages come in
 * runs of the same hour, and Date.UTC is most of the cost of reading a time. Minutes and
 * seconds (each at most 99) only add to it: Date.UTC counts them linearly, as ECMA-262 MakeTime
 * does, and no sum leaves its range.
 */
let lastY = -1;
let lastMo = -1;
let lastD = -1;
let lastH = -1;
let lastHourStart = NaN;
function hourStart(y: number, mo: number, d: number, h: number): number {
	if (y !== lastY || mo !== lastMo || d !== lastD || h !== lastH) {
		lastY = y;
		lastMo = mo;
		lastD = d;
		lastH = h;
		lastHourStart = Date.UTC(y, mo - 1, d, h, 0, 0);
	}
	return lastHourStart;
}

/**
 * `s` as one flat string. A concatenation is kept as a tree of its parts (about 100 bytes for a
 * time); reading a character flattens it, and the collector then keeps the flat copy only (48).
 */
export function flat(s: string): string {
	s.charCodeAt(0);
	return s;
}

/** The decimal number in [start, end) of `s`, or -1 if any character there is not a digit. */
function digits(s: string, start: number, end: number): number {
	if (end > s.length || end <= start) return -1;
	let n = 0;
	for (let i = start; i < end; i++) {
		const c = s.charCodeAt(i) - 48;
		if (c < 0 || c > 9) return -1;
		n = n * 10 + c;
	}
	return n;
}

// `2026/11/24 19:33:07.319727 10.0.0.1:5060 -> 10.0.0.2:5060` (sngrep: slashes; plain: dashes, or
// ISO `T`), as the regex `^(\d{4}[/-]\d\d[/-]\d\d)[ T](\d\d:\d\d:\d\d(?:\.\d+)?)(?:Z|[+-]\d\d:?\d\d)?
// +(\S+) +-> +(\S+) *$` would read the line's first 400 characters.
function matchAddressLine(
	text: string,
	start: number,
	end: number,
	strings?: SpanStrings,
): MessageMeta | null {
	// Cheap rejection first: this runs on every line of the trace.
	const c0 = text.charCodeAt(start);
	if (c0 === 40) return nullStamped(text, start, end);
	if (c0 < 48 || c0 > 57 || end - start < 30) return null;
	if (text.charCodeAt(start + 4) !== 47 && text.charCodeAt(start + 4) !== 45) return null;
	// `addressLine` read by hand, where it runs once per message: no slice of the line, no
	// match array. Each part is what the regex's greedy, unambiguous parts would take. The
	// date's and time's digits (all before `end`: the line has 30 characters) are read once,
	// two at a time. The runs of spaces and of an address's characters are read by loops of
	// this function itself: the compiler did not inline helpers into it (it is large), and a
	// call per run cost more than the run.
	const e = Math.min(end, start + 400);
	const y100 = twoDigits(text, start);
	const y1 = twoDigits(text, start + 2);
	const mo = twoDigits(text, start + 5);
	const d = twoDigits(text, start + 8);
	const h = twoDigits(text, start + 11);
	const mi = twoDigits(text, start + 14);
	const s = twoDigits(text, start + 17);
	if ((y100 | y1 | mo | d | h | mi | s) < 0) return null;
	const y = y100 * 100 + y1;
	const sep = text.charCodeAt(start + 7);
	const t = text.charCodeAt(start + 10);
	if ((sep !== 47 && sep !== 45) || (t !== 32 && t !== 84)) return null;
	if (text.charCodeAt(start + 13) !== 58 || text.charCodeAt(start + 16) !== 58) return null;
	let p = start + 19;
	if (p < e && text.charCodeAt(p) === 46 && digitAt(text, p + 1, e))
		for (p += 2; digitAt(text, p, e); p++);
	const timeEnd = p;
	const zone = p < e ? text.charCodeAt(p) : -1;
	if (zone === 90) p++;
	else if ((zone === 43 || zone === 45) && digitAt(text, p + 1, e) && digitAt(text, p + 2, e)) {
		if (p + 3 < e && text.charCodeAt(p + 3) === 58) {
			if (digitAt(text, p + 4, e) && digitAt(text, p + 5, e)) p += 6;
		} else if (digitAt(text, p + 3, e) && digitAt(text, p + 4, e)) p += 5;
	}
	// Spaces (U+0020 only, as the regex's ` +`), then the source: a run of characters that are
	// not white space (the regex's `\S`), hashed (strings.ts) in the same read to be looked up.
	let i = p;
	while (i < e && text.charCodeAt(i) === 32) i++;
	if (i === p) return null;
	const srcStart = i;
	let srcHash = hashStart;
	for (; i < e; i++) {
		const c = text.charCodeAt(i);
		// Printable ASCII, what addresses are made of, is not white space.
		if ((c <= 32 || c >= 127) && isJsWhiteSpace(c)) break;
		srcHash = hashStep(srcHash, c);
	}
	const srcEnd = i;
	if (srcEnd === srcStart) return null;
	while (i < e && text.charCodeAt(i) === 32) i++;
	const arrow = i;
	if (arrow === srcEnd || arrow + 1 >= e) return null;
	if (text.charCodeAt(arrow) !== 45 || text.charCodeAt(arrow + 1) !== 62) return null;
	i = arrow + 2;
	while (i < e && text.charCodeAt(i) === 32) i++;
	if (i === arrow + 2) return null;
	const dstStart = i;
	let dstHash = hashStart;
	for (; i < e; i++) {
		const c = text.charCodeAt(i);
		if ((c <= 32 || c >= 127) && isJsWhiteSpace(c)) break;
		dstHash = hashStep(dstHash, c);
	}
	const dstEnd = i;
	if (dstEnd === dstStart) return null;
	while (i < e && text.charCodeAt(i) === 32) i++;
	// The transport a capture's rendering names after the addresses (render.ts), if any, and the
	// size on the wire of a message it kept only the start of: `UDP (409 bytes)`.
	let transport: string | null = null;
	let wireOctets = -1;
	if (i !== e) {
		let w = i;
		while (w < e && text.charCodeAt(w) > 32) w++;
		transport = transportWord(text, i, w);
		if (transport === null) return null;
		for (i = w; i < e && text.charCodeAt(i) === 32; i++);
		if (i !== e) {
			wireOctets = sizeInParentheses(text, i, e);
			if (wireOctets < 0) return null;
		}
	}
	const src = strings
		? strings.hashedSpan(text, srcStart, srcEnd, srcHash)
		: text.slice(srcStart, srcEnd);
	const dst = strings
		? strings.hashedSpan(text, dstStart, dstEnd, dstHash)
		: text.slice(dstStart, dstEnd);
	// Most stamps read back from their epoch: the epoch is read in place, the time kept as its
	// number of fraction digits (see stampTime.ts).
	const fractionDigits = timeEnd === start + 19 ? 0 : timeEnd - start - 20;
	// A date written `2026-11/24` keeps its slash (see dateTime).
	const isoDate = text.charCodeAt(start + 4) === 47 || text.charCodeAt(start + 7) === 45;
	if (isoDate && readsBack(y, mo, d, h, mi, s, fractionDigits)) {
		let micros = 0;
		for (let k = 0; k < 6; k++)
			micros = micros * 10 + (k < fractionDigits ? text.charCodeAt(start + 20 + k) - 48 : 0);
		const meta: MessageMeta = {
			timeDigits: fractionDigits,
			epochMicros: (hourStart(y, mo, d, h) + mi * 60_000 + s * 1000) * 1000 + micros,
			src,
			dst,
		};
		if (transport !== null) meta.transport = transport;
		if (wireOctets >= 0) meta.declaredBytes = wireOctets;
		return meta;
	}
	const when = dateTime(text.slice(start, start + 10), text.slice(start + 11, timeEnd));
	const meta: MessageMeta = { time: when.time, epochMicros: when.epochMicros, src, dst };
	if (transport !== null) meta.transport = transport;
	if (wireOctets >= 0) meta.declaredBytes = wireOctets;
	return meta;
}

/** N of `(N bytes)` filling [start, end) but for trailing spaces, or -1. */
function sizeInParentheses(text: string, start: number, end: number): number {
	if (!text.startsWith('(', start)) return -1;
	let i = start + 1;
	let n = 0;
	for (; i < end && i < start + 10; i++) {
		const d = text.charCodeAt(i) - 48;
		if (d < 0 || d > 9) break;
		n = n * 10 + d;
	}
	if (i === start + 1 || !text.startsWith(' bytes)', i)) return -1;
	for (i += 7; i < end && text.charCodeAt(i) === 32; i++);
	return i === end ? n : -1;
}

/** The transport [start, end) names, as a capture's rendering writes it (upper case), or null. */
function transportWord(text: string, start: number, end: number): string | null {
	for (const name of transportNames)
		if (name.length === end - start && text.startsWith(name, start)) return name;
	return null;
}
const transportNames = ['UDP', 'TCP', 'TLS', 'SCTP', 'WS', 'WSS'];

/** The number of the two digits at `at`, or -1 when one is not a digit. */
function twoDigits(text: string, at: number): number {
	const a = text.charCodeAt(at) - 48;
	const b = text.charCodeAt(at + 1) - 48;
	return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function digitAt(text: string, i: number, end: number): boolean {
	const c = text.charCodeAt(i);
	return i < end && c >= 48 && c <= 57;
}

// An address line holds `->` in the characters it reads.
/**
 * sngrep's line for a packet it could not date, `(null) (null) 127.0.0.1:5060 -> 127.0.0.1:5061`
 * (its C `printf` of a missing date and time): the addresses without a time.
 */
function nullStamped(text: string, start: number, end: number): MessageMeta | null {
	if (!text.startsWith('(null) (null) ', start) || end - start > 200) return null;
	const m = nullStampedRest.exec(text.slice(start + 14, end));
	return m ? { src: m[1]!, dst: m[2]!, time: null, epochMicros: null } : null;
}
const nullStampedRest = /^ *(\S+) +-> +(\S+) *$/;

export const sngrep: FormatRules = {
	format: 'sngrep',
	matchMeta: matchAddressLine,
	metaShared: true,
	metaMark: '->',
};
export const headerLine: FormatRules = {
	format: 'headerLine',
	matchMeta: matchAddressLine,
	metaShared: true,
	metaMark: '->',
};

// ngrep -W byline: `U 2023/11/14 22:13:20.250000 10.0.0.1:5060 -> 10.0.0.2:5060 #1`, CR printed as '.'.
export const ngrep: FormatRules = {
	format: 'ngrep',
	matchMeta(text, from, end) {
		// A post's inline-code backtick before the packet line (`` `T 2019/09/09 ... [AP]``).
		const start = text.charCodeAt(from) === 96 ? from + 1 : from;
		const c = text.charCodeAt(start);
		const after = text.charCodeAt(start + 1);
		if ((after !== 32 && after !== 40) || (c !== 85 && c !== 84 && c !== 73)) return null;
		const m = ngrepLine.exec(line(text, start, end));
		if (!m) return null;
		const when = m[2]
			? withZone(dateTime(m[2], `${m[3]!}.${m[4]!.padStart(6, '0')}`), m[5])
			: { time: null, epochMicros: null };
		return {
			time: when.time,
			epochMicros: when.epochMicros,
			// ngrep prints an IPv6 address bare before its port (`U ::1:15121 -> ::1:15120`).
			src: bracketed(m[6]!),
			dst: bracketed(m[7]!),
			transport: m[1] === 'T' ? 'TCP' : m[1] === 'U' ? 'UDP' : null,
		};
	},
	decorate(text, start, end) {
		// Each CR of the payload is printed as a trailing '.' (a text's own last full stop, with
		// no line end after it, is told by its length: see parser/body.ts).
		const e = dotCrEnd(text, start, end);
		return [pastBinaryDots(text, start, e), e];
	},
	// Without -q, ngrep prints a `#` for each packet read, on the line after the empty line that
	// follows a payload: a message without Content-Length (Linphone's REGISTER over UDP) ends there.
	// A line after the empty line that follows a payload whose lines show the CR's `.` (a post's
	// prose under the packet): ngrep's own line end ended the packet, the text is not its.
	isRecord: (text, start, end) =>
		afterEmptyLine(text, start) &&
		(isHashLine(text, start, end) || textAfterPayload(text, start, end)),
	continuation(text, start, end, next, packetAt) {
		// ngrep reassembles neither IP fragments nor TCP streams: after a packet's payload it
		// prints its own line end, then (without -q) a `#` for each packet read, then the next
		// packet. A fragment after the first has no ports (no UDP header) and `+id@offset:length`;
		// the next segment of a TCP connection has the same addresses, and goes on with the
		// message when its payload does not open another.
		if (start < end && !isHashLine(text, start, end)) return -1;
		const c = text.charCodeAt(next);
		if ((c !== 85 && c !== 84) || !readLine(text, next, ngrepProbe)) return -1;
		const after = ngrepProbe.next;
		const packet = line(text, next, ngrepProbe.end);
		// sipgrep prints a TCP segment's flags on a line of their own under its packet line, and
		// joins a stream's segments itself: a message it printed is whole as printed.
		if (readLine(text, after, ngrepProbe) && tcpFlagsLine.test(line(text, after, ngrepProbe.end)))
			return -1;
		if (ngrepFragment.test(packet)) return after;
		if (c !== 84 || packetAt < 0 || !readLine(text, packetAt, ngrepProbe)) return -1;
		const first = ngrepLine.exec(line(text, packetAt, ngrepProbe.end));
		const segment = ngrepLine.exec(packet);
		if (first?.[1] !== 'T' || !segment || first[6] !== segment[6] || first[7] !== segment[7])
			return -1;
		// A segment sent again (TCP retransmits what was not acknowledged in time): its payload is
		// the one just read, which the message does not hold twice; it goes on after it.
		const again = retransmittedUntil(text, start, after);
		if (again >= 0) return ngrep.continuation!(text, again, again, again, packetAt);
		if (!readLine(text, after, ngrepProbe)) return -1;
		const rest = dotCrEnd(text, ngrepProbe.start, ngrepProbe.end);
		return isStartLine(text, ngrepProbe.start, rest) ? -1 : after;
	},
};
/**
 * Where the packet after the next one starts, when that one (its payload from `after`) carries
 * the same payload as the packet before it, which ends at `end` (its packet's empty line); -1
 * when it does not. ngrep prints no sequence numbers: a segment whose payload is the one
 * just printed, next in its connection, is read as sent again.
 */
function retransmittedUntil(text: string, end: number, after: number): number {
	// The packet line before: the payload just read starts after it.
	let from = text.lastIndexOf('\n', end - 2) + 1;
	while (from > 0 && !isNgrepPacketLine(text, from)) from = text.lastIndexOf('\n', from - 2) + 1;
	if (!isNgrepPacketLine(text, from)) return -1;
	const payload = text.indexOf('\n', from) + 1;
	const length = end - payload;
	if (payload <= 0 || length <= 0 || after + length > text.length) return -1;
	// Compared in place (most segments differ at their first character).
	for (let k = 0; k < length; k++)
		if (text.charCodeAt(payload + k) !== text.charCodeAt(after + k)) return -1;
	// The copy ends where its original did: at the next packet's line, or the text's end.
	let at = after + length;
	while (at < text.length && !isNgrepPacketLine(text, at)) {
		if (!readLine(text, at, ngrepProbe) || ngrepProbe.end > ngrepProbe.start) {
			if (!isHashLine(text, ngrepProbe.start, ngrepProbe.end)) return -1;
		}
		at = ngrepProbe.next;
	}
	return at < text.length ? at : -1;
}
const ngrepProbe: Line = { start: 0, end: 0, next: 0 };
// sipgrep's line of a TCP segment's flags under its packet line: ` [AP]`.
const tcpFlagsLine = /^ \[[A-Z.]{1,8}\]$/;
/** A line of ngrep's `#` marks, one per packet read. */
function isHashLine(text: string, start: number, end: number): boolean {
	if (end <= start) return false;
	for (let i = start; i < end; i++) if (text.charCodeAt(i) !== 35) return false;
	return true;
}
/**
 * The line whose content starts at `start` follows an empty line; in a trace indented or quoted
 * as a whole, the indent and quote marks before the content and on the empty line are looked past.
 */
function afterEmptyLine(text: string, start: number): boolean {
	let i = start - 1;
	while (isMargin(text.charCodeAt(i))) i--;
	if (text.charCodeAt(i) !== 10) return false;
	i--;
	while (isMargin(text.charCodeAt(i)) || text.charCodeAt(i) === 13) i--;
	return i < 0 || text.charCodeAt(i) === 10;
}
/**
 * Is the line [start, end), after an empty line, text that follows a payload? The line above the
 * empty one ends with the CR's `.`, and the empty line has none: it is ngrep's own line end after
 * the payload (a CRLF of the payload would print as `.`), so what follows is no payload's.
 */
function textAfterPayload(text: string, start: number, end: number): boolean {
	let e = end;
	while (e > start && isJsWhiteSpace(text.charCodeAt(e - 1))) e--;
	if (e === start) return false;
	// The line above the empty one: its end, past the empty line's.
	let i = text.lastIndexOf('\n', start - 1);
	i = text.lastIndexOf('\n', i - 1);
	while (i > 0 && isJsWhiteSpace(text.charCodeAt(i - 1))) i--;
	return i > 0 && text.charCodeAt(i - 1) === 46;
}
/** A space, tab or quote mark, as an indent or a quote puts before a line. */
const isMargin = (c: number): boolean => c === 32 || c === 9 || c === 62;
/** The end of a line's content where ngrep printed its CR as a trailing `.`. */
function dotCrEnd(text: string, start: number, end: number): number {
	if (end > start && text.charCodeAt(end - 1) === 46) return end - 1;
	// A space a post left after the `.` (`Content-Length: 0. `): the `.` is still ngrep's CR.
	let e = end;
	while (e > start && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	return e < end && e > start && text.charCodeAt(e - 1) === 46 ? e - 1 : end;
}
/** ngrep's packet line of an IP fragment after the first (see `ngrepFragment`). */
export function isNgrepFragmentLine(text: string, start: number, end: number): boolean {
	return ngrepFragment.test(line(text, start, end));
}
// A fragment after the first: `U 10.0.0.1 -> 10.0.0.2 +4701@552:511 #2` (ngrep's dump_packet).
const ngrepFragment =
	/^[UT](?:\(\d{1,3}\))? (?:\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d+ |\+\d{1,10}\.\d{1,9} )?\S+ -> \S+ \+\d{1,10}@\d{1,5}:\d{1,5}(?: #\d{1,10})?$/;
/**
 * ngrep's line where the trace keeps the message's own CRLF and shows no CR as `.` (HOMER 3 to 5
 * text exports, see dotCr.ts printsCrAsDot): a `.` before a line's CR is the message's (`Table
 * for three, by the window.`); one ending a line without CR is still ngrep's.
 */
export const ngrepOwnCrlf: FormatRules = {
	...ngrep,
	decorate(text, start, end) {
		const dot = end > start && text.charCodeAt(end - 1) === 46 && text.charCodeAt(end) !== 13;
		const e = dot ? end - 1 : end;
		return [pastBinaryDots(text, start, e), e];
	},
};

/**
 * Where a start line begins after the dots ngrep prints for the binary octets before it (a HEP
 * header, `.................OPTIONS sip:... SIP/2.0`, when ngrep watches a capture agent's feed);
 * `start` for any other line.
 */
function pastBinaryDots(text: string, start: number, end: number): number {
	if (text.charCodeAt(start) !== 46) return start;
	let i = start;
	while (i < end && text.charCodeAt(i) === 46) i++;
	if (i - start < 4) return start;
	// A binary header's last octets that print as characters: HEP3's payload chunk ends with its
	// 16-bit length, whose low octet may be a letter (`.........lPUBLISH sip:...`).
	if (!knownStartLine(text, i, end))
		for (let k = 1; k <= 2; k++) if (knownStartLine(text, i + k, end)) return i + k;
	return isStartLine(text, i, end) ? i : start;
}
/** A start line at `at` whose method is one SIP defines, or a status line. */
function knownStartLine(text: string, at: number, end: number): boolean {
	if (!isStartLine(text, at, end)) return false;
	const space = text.indexOf(' ', at);
	return text.startsWith('SIP/2.0 ', at) || isKnownMethod(text.slice(at, space));
}

// SIPp -trace_msg: `----------------------------------------------- 2024-01-15\t10:20:30.123456\t1705314030.123456`;
// SIPp 1.x and 2.x printed whole seconds (`2008-05-20 10:11:12`) and `UDP message sent:` with no size.
const sippSeparator =
	/^-{20,} (\d{4}-\d\d-\d\d)[\t ](\d\d:\d\d:\d\d(?:[.:]\d+(?:\.\d+)?)?)(?:\t\s*(\d+)\.(\d+))?/;
const sippDirection =
	/^(?:(\w+) )?(?:control )?message (sent|received)(?: \((\d+) bytes\)| \[(\d+)\] bytes)? ?:/;
// A send the socket did not take whole (SIPp 3.x `write_socket`/`SIPpSocket::write`): `Truncation
// sending TCP message (512 of 1112 sent):` prints the whole message, whose rest SIPp buffers and
// sends later; `Error sending UDP message:` prints the message the socket refused.
const sippSendFault = /^(?:Truncation|Error) sending (\w+) message(?: \(\d+ of (\d+) sent\))?:/;
// After a message that broke the scenario, SIPp prints it again, below a separator without a time:
// `Unexpected UDP message received:`; so it does a message for a call it aborted, `Dead call
// 1-13255@127.0.0.1 received a UDP message:`. The same message, received once: log text.
const sippAgain =
	/^(?:Unexpected (\w+) (?:control )?message received|Dead call \S+ received an? (\w+) message):\s*$/;
// A message a scenario's `lost=` drops: SIPp prints `UDP message voluntary lost (while sending).`
// with no line end, so the next record's separator runs on after it on the same line.
const sippLost = /^\w+ message voluntary lost \(while \w+\)\.(?=-{20,} )/;
export const sipp: FormatRules = {
	format: 'sipp',
	matchMeta(text, start, end) {
		const c = text.charCodeAt(start);
		if (c === 85 || c === 68) {
			const row = line(text, start, end);
			const lost = sippLost.exec(row);
			if (lost) return separatorMeta(row.slice(lost[0].length));
			const again = sippAgain.exec(row);
			const transport = again?.[1] ?? again?.[2];
			return transport
				? { direction: 'in', transport: transport.toUpperCase(), logOnly: true }
				: null;
		}
		if (c !== 45) return null;
		return separatorMeta(line(text, start, end));
	},
	continueMeta(text, start, end, meta) {
		const fault = sippSendFault.exec(line(text, start, end));
		if (fault) {
			meta.transport = fault[1]!.toUpperCase();
			meta.direction = 'out';
			meta.declaredBytes = fault[2] === undefined ? null : Number(fault[2]);
			return true;
		}
		const m = sippDirection.exec(line(text, start, end));
		if (!m) return false;
		meta.transport = m[1]?.toUpperCase() ?? null;
		meta.direction = m[2] === 'sent' ? 'out' : 'in';
		const size = m[3] ?? m[4];
		meta.declaredBytes = size === undefined ? null : Number(size);
		return true;
	},
};

/** The time of a SIPp separator line, `----- 2024-01-15\t10:20:30.123456\t1705314030.123456`. */
function separatorMeta(row: string): MessageMeta | null {
	const m = sippSeparator.exec(row);
	if (!m) return null;
	// Older SIPp prints `01:06:40:589.583`: keep it as written.
	const t = m[2]!.replace(/^(\d\d:\d\d:\d\d):(\d+)\.(\d+)$/, '$1.$2$3');
	return m[3] ? { ...epoch(m[3], m[4]!), time: dateTime(m[1]!, t).time } : dateTime(m[1]!, t);
}

/** Splits `UDP:10.0.0.1:5060` / `10.0.0.1:5060` into transport and address. */
function transportAddress(s: string): { transport: string | null; address: string } {
	// Asterisk 1.6 writes `UDP://a:p` (its chan_sip prints `%s://%s:%d`), later ones `UDP:a:p`.
	const m = /^(UDP|TCP|TLS|WSS?|SCTP):(?:\/\/)?(.+)$/i.exec(s);
	return m
		? { transport: m[1]!.toUpperCase(), address: bracketedV6(m[2]!) }
		: { transport: null, address: s };
}

/**
 * An IPv6 address printed bare before its port (`2001:db8::1:5060`, `::1:5060`) as `[v6]:port`.
 * pjsip keeps the peer's address without brackets (`pkt_info.src_name`, `tp_info.dst_name`), and
 * loggers that print it with `%s:%d` (pjsua up to 2.7, Asterisk 12's res_pjsip_logger) write it so;
 * they always write the port, so the last group is the port. Anything else is returned as it is.
 */
function bracketedV6(address: string): string {
	const colon = address.lastIndexOf(':');
	if (colon < 0 || address.indexOf(':') === colon || address.charCodeAt(0) === 91) return address;
	const port = address.slice(colon + 1);
	const host = address.slice(0, colon);
	return /^\d{1,5}$/.test(port) &&
		/^[\da-fA-F:.]{2,45}$/.test(host) &&
		host.indexOf(':') !== host.lastIndexOf(':')
		? `[${host}]:${port}`
		: address;
}

// Asterisk: pjsip logger and chan_sip debug, with or without a `[Mar 30 13:35:51] ` prefix per line.
// The size may be elided where a log was posted (`(....)`, `(…)`, `(xxx bytes)`): the line still
// opens a message, without a size.
const pjsipMarker =
	/<--- (Received|Transmitting) SIP (?:request|response) \((?:(\d+) bytes|[^()\d]{1,20})\) (?:from|to) (\S+) --->/;
// res_pjsip_history's `pjsip show history entry N`: the entry's number, the peer's address
// (`[v6]:port` bracketed), and the second the message went, then the message as pjsip prints it.
const pjsipHistoryEntry =
	/<--- History Entry \d{1,10} (Sent to|Received from) (\S+) at (\d{1,12}) *--->/;
const chanSipRead = /<--- SIP read from (\S+) --->/;
const chanSipSend = /<--- (?:Reliably )?Transmitting (?:\([^)]{0,100}\) )?to (\S+) --->/;
const chanSipRetransmit = /Retransmitting #\d+ \([^)]{0,100}\) to (\S+?):?$/;
// chan_sip's send_request prints requests without the arrows, ended by `---`:
// `Reliably Transmitting (NAT) to 192.168.5.22:51521:`; in the full log, on the line of its record
// (`[Jan  7 11:25:48] VERBOSE[13892][C-0000002a] chan_sip.c: `), as its text has no line end first.
const chanSipRequest =
	/^(\[[^\]]{8,40}\] [A-Z]{3,10}\[\d{1,10}\](?:\[C-[0-9a-fA-F]{1,16}\])?:? [\w.-]{1,60}:(?:\d{1,6} \w{1,60}:)? )?(?:Reliably )?Transmitting \([^)]{0,100}\) to (\S{1,200}?):\s*$/;
function matchAsterisk(text: string, start: number, end: number): MessageMeta | null {
	const s = line(text, start, end);
	const meta = asteriskMarker(s);
	if (!meta) return null;
	// The full log's `[Mar 30 13:35:51] VERBOSE[2980272] res_pjsip_logger.c: ` before the marker,
	// or alone on the line above: chan_sip's debug output starts with a line end.
	// A history entry gives its own time.
	if (meta.meta.epochMicros != null) return meta.meta;
	const when =
		meta.at > 0 ? timeIn(s.slice(0, meta.at)) : start > 0 ? verboseTimeAbove(text, start) : null;
	return when ? { ...meta.meta, ...when } : meta.meta;
}
// `[2026-01-07 11:25:48,476] VERBOSE[13892][C-00000003] chan_sip.c: ` and nothing after it.
const bareVerbose =
	/^\[([^\]]{8,40})\] VERBOSE\[\d{1,10}\](?:\[C-[0-9a-fA-F]{1,16}\])?:? [\w.-]{1,60}:\s*$/;
/** The time of an Asterisk log record whose text is empty, on the line just above `start`. */
function verboseTimeAbove(text: string, start: number): ReturnType<typeof timeIn> {
	const above = text.lastIndexOf('\n', start - 2) + 1;
	if (start - above > 200) return null;
	const m = bareVerbose.exec(text.slice(above, start).replace(/\r?\n$/, ''));
	return m ? timeIn(m[1]!) : null;
}
function asteriskMarker(s: string): { meta: MessageMeta; at: number } | null {
	let m = pjsipMarker.exec(s);
	if (m) {
		const { transport, address } = transportAddress(m[3]!);
		const inbound = m[1] === 'Received';
		const meta: MessageMeta = {
			direction: inbound ? 'in' : 'out',
			transport,
			declaredBytes: m[2] === undefined ? null : Number(m[2]),
			src: inbound ? address : null,
			dst: inbound ? null : address,
		};
		return { meta, at: m.index };
	}
	if ((m = pjsipHistoryEntry.exec(s))) {
		const inbound = m[1] === 'Received from';
		const address = bracketedV6(m[2]!);
		return {
			meta: {
				direction: inbound ? 'in' : 'out',
				src: inbound ? address : null,
				dst: inbound ? null : address,
				// To the second: the history keeps no fraction.
				epochMicros: Number(m[3]) * 1_000_000,
				timeDigits: 0,
			},
			at: m.index,
		};
	}
	if ((m = chanSipRead.exec(s))) {
		const { transport, address } = transportAddress(m[1]!);
		return { meta: { direction: 'in', transport, src: address }, at: m.index };
	}
	if ((m = chanSipSend.exec(s) ?? chanSipRetransmit.exec(s))) {
		const { transport, address } = transportAddress(m[1]!);
		return { meta: { direction: 'out', transport, dst: address }, at: m.index };
	}
	if ((m = chanSipRequest.exec(s))) {
		const { transport, address } = transportAddress(m[2]!);
		return { meta: { direction: 'out', transport, dst: address }, at: m[1]?.length ?? 0 };
	}
	return null;
}
const asteriskEnd = /^(?:<-{5,}>|--- \(\d+ headers \d+ lines\) ---|---)\s*$/;
// `[Mar 30 13:35:51] `, or `[2024-01-15 10:20:30.123] ` (logger.conf dateformat; `,123` too), with
// the full log's `VERBOSE[pid][C-call] file.c: ` when every line carries it.
const asteriskPrefix =
	/^\[(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d{1,6})?)\] (?:[A-Z]{3,10}\[\d{1,10}\](?:\[C-[0-9a-fA-F]{1,16}\])?:? [\w.-]{1,60}:(?:\d{1,6} [\w]{1,60}:)? )?/;
export function asterisk(format: TraceFormat, prefixed: boolean): FormatRules {
	return {
		format,
		matchMeta: matchAsterisk,
		isEnd: (text, start, end) =>
			text.charCodeAt(start) !== 60 && text.charCodeAt(start) !== 45
				? false
				: asteriskEnd.test(line(text, start, end)),
		...(prefixed
			? {
					decorate(text: string, start: number, end: number): [number, number] | null {
						const m =
							text.charCodeAt(start) === 91
								? asteriskPrefix.exec(line(text, start, end, 160))
								: null;
						return m ? [start + m[0].length, end] : [start, end];
					},
				}
			: {}),
	};
}

// FreeSWITCH / sofia-sip: `recv 414 bytes from udp/[10.0.0.1]:5064 at 17:28:37.346923:` then 72 dashes
// (`udp/[10.0.0.1] at` without the port in some versions).
// Whatever the program logs before it on the line (a date, drachtio's `0000079e|2017-Jun-28 ...| `)
// is a prefix; a date in it, or else on the log line just above, dates the stamp's time of day.
// tport_stamp writes an IPv6 address's flow label after the port (`:5060/1234`) and
// `;comp=sigcomp` for a compressed message: neither is part of the address.
// A poster may have cut the time off (`send 1547 bytes to udp/[203.0.113.210]:5060`): the stamp
// still gives the direction, the address and the size.
const sofiaStamp =
	/(?:^|[\s|\]])(recv|send) (\d{1,10}) bytes (?:from|to) (\w{1,10})\/\[([^\]\s]{1,100})\](?::(\d{1,5}))?(?:\/\d{1,10})?(?:;comp=sigcomp)?(?: at (\d\d:\d\d:\d\d\.\d{1,9}):|:?)\s*$/;
const dashes = /^\s*-{40,}\s*$/;
// The stamp right after a character that the message's last line ended with: FreeSWITCH's
// sofia-sip (1.13) writes each record in one piece without closing dashes, so a message whose
// last octet was no line end (a body without a final CRLF, a record cut at its 16,000
// characters) runs into the next record's stamp.
const gluedStamp =
	/[^\s|\]](?:recv|send) \d{1,10} bytes (?:from|to) \w{1,10}\/\[[^\]\s]{1,100}\](?::\d{1,5})?(?:\/\d{1,10})?(?:;comp=sigcomp)? at \d\d:\d\d:\d\d\.\d{1,9}:\s*$/;
/** The longest stamp the pattern above takes, with the character before it. */
const maxStamp = 220;
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const logDate = /(\d{4})-(\d\d|[A-Z][a-z]{2})-(\d\d)[ T](\d\d:\d\d:\d\d)/;

/** `YYYY-MM-DD` and time of day of the first date in `s` (`2017-Jun-28` too), or null. */
function dateIn(s: string): { date: string; time: string } | null {
	const m = logDate.exec(s);
	if (!m) return null;
	const month = /\d/.test(m[2]!) ? m[2]! : String(months.indexOf(m[2]!) + 1).padStart(2, '0');
	return month === '00' ? null : { date: `${m[1]}-${month}-${m[3]}`, time: m[4]! };
}

/** How far above a stamp the log line that dates it is looked for. */
export const sofiaDateReach = 65536;

/**
 * The date of the nearest log line above a stamp that starts with one (`2021-03-31 13:57:57.788047
 * [DEBUG] ...`), up to {@link sofiaDateReach} back: FreeSWITCH prints its trace between its own
 * dated log lines, and messages sent or received one after the other have none between them.
 * Asked in text order while a trace is framed, each answer goes on from the last (the lines
 * between the two stamps only), so the whole trace is read once.
 */
class LogDates {
	#text: string | null = null;
	#at = -1;
	#dated = -1;

	above(text: string, start: number): { date: string; time: string } | null {
		const floor = Math.max(0, start - sofiaDateReach);
		const known = text === this.#text && this.#at <= start && this.#at >= floor;
		const stop = known ? this.#at : floor;
		let found = -1;
		for (let end = start - 1; end > stop;) {
			const lineStart = text.lastIndexOf('\n', end - 1) + 1;
			if (lineStart < stop) break;
			if (
				startsWithYear(text, lineStart) &&
				dateIn(text.slice(lineStart, Math.min(end, lineStart + 40)))
			) {
				found = lineStart;
				break;
			}
			end = lineStart - 1;
		}
		if (found < 0 && known && this.#dated >= floor) found = this.#dated;
		this.#text = text;
		this.#at = start;
		this.#dated = found;
		return found < 0 ? null : dateIn(text.slice(found, found + 40));
	}
}

const startsWithYear = (text: string, at: number): boolean => {
	for (let i = 0; i < 4; i++) {
		const c = text.charCodeAt(at + i);
		if (c < 48 || c > 57) return false;
	}
	return text.charCodeAt(at + 4) === 45;
};

/** The stamp's time of day on the log's date; a stamp just after midnight is on the next day. */
function datedStamp(
	logged: { date: string; time: string },
	time: string,
): { time: string; epochMicros: number | null } {
	// The stamp a whole number of quarter hours off the log line's time, to the second: the two
	// clocks are in different zones (FreeSWITCH's log in local time, a stamp in UTC), and the
	// log's date may be the stamp's day before or after. The time of day is kept alone.
	if (zonesApart(secondsOfDay(logged.time), secondsOfDay(time))) return { time, epochMicros: null };
	let date = logged.date;
	if (logged.time > time && logged.time.slice(0, 2) === '23' && time.slice(0, 2) === '00') {
		const next = new Date(`${date}T00:00:00Z`);
		next.setUTCDate(next.getUTCDate() + 1);
		date = next.toISOString().slice(0, 10);
	}
	return dateTime(date, time);
}

/** `hh:mm:ss` (a fraction after it ignored) as seconds into the day. */
function secondsOfDay(time: string): number {
	return Number(time.slice(0, 2)) * 3600 + Number(time.slice(3, 5)) * 60 + Number(time.slice(6, 8));
}

/** Are two times of day a whole number of quarter hours apart (not none), give or take 5 s? */
function zonesApart(a: number, b: number): boolean {
	// Around the clock: 23:59:59 and 00:00:00 are a second apart (a stamp just after midnight).
	const apart = Math.min(Math.abs(a - b), 86400 - Math.abs(a - b));
	if (apart < 900 - 5) return false;
	const rest = apart % 900;
	return rest <= 5 || rest >= 900 - 5;
}

/** sofia's rules, with the log dates of the trace they frame (one framing a copy). */
export function sofiaRules(): FormatRules {
	const dates = new LogDates();
	return { ...sofia, matchMeta: (text, start, end) => sofiaMeta(text, start, end, dates) };
}

function sofiaMeta(text: string, start: number, end: number, dates: LogDates): MessageMeta | null {
	const s = line(text, start, end);
	if (!s.includes(' bytes ')) return null;
	const m = sofiaStamp.exec(s);
	if (!m) return null;
	// Some sofia versions leave the port out (`udp/[192.168.7.6] at`): the address alone then.
	const host = m[4]!.includes(':') ? `[${m[4]}]` : m[4]!;
	const address = m[5] === undefined ? host : `${host}:${m[5]}`;
	const inbound = m[1] === 'recv';
	const logged =
		m[6] === undefined ? null : (dateIn(s.slice(0, m.index)) ?? dates.above(text, start));
	const when =
		m[6] === undefined ? {} : logged ? datedStamp(logged, m[6]) : { time: m[6], epochMicros: null };
	return {
		...when,
		direction: inbound ? 'in' : 'out',
		declaredBytes: Number(m[2]),
		transport: m[3]!.toUpperCase(),
		src: inbound ? address : null,
		dst: inbound ? null : address,
	};
}

// The rules but the stamp's reading, which `sofiaRules` gives each framing its own of.
const sofia: FormatRules = {
	format: 'sofia',
	continueMeta: (text, start, end) => dashes.test(line(text, start, end)),
	isEnd: (text, start, end) => dashes.test(line(text, start, end)),
	// sofia-sip 1.12 notes a message it did not print whole after the closing dashes.
	afterEnd: (text, start, end) => sofiaTruncatedAt(text, start, end) >= 0,
	// FreeSWITCH's own log line: a copy that lost a record's closing dashes ends its message
	// there, not in the body it would otherwise run into.
	isRecord: isFreeswitchLogLine,
	gluedMeta(text, start, end) {
		let e = end;
		while (e > start && isJsWhiteSpace(text.charCodeAt(e - 1))) e--;
		if (e - start < 40 || text.charCodeAt(e - 1) !== 58) return -1; // `:`
		const from = Math.max(start, e - maxStamp);
		const m = gluedStamp.exec(text.slice(from, end));
		return m ? from + m.index + 1 : -1;
	},
	decorate(text, start, end) {
		// The message is indented by three spaces; continuation lines keep their own white space.
		let i = start + sofiaLinePrefix(text, start, end);
		const from = i;
		while (i < end && i < from + 3 && text.charCodeAt(i) === 32) i++;
		return [i, gluedLogLine(text, i, end)];
	},
};

/**
 * Where a FreeSWITCH log line another thread wrote into the middle of a line of the message
 * begins (`SIP/2.0 484 Address Incomplete3558828a-6ac6-... 2017-07-17 11:01:58.962564 [DEBUG]
 * switch_core_state_machine.c:473 ...`), else `end`: the message's line ends there, the log
 * line is no part of it.
 */
function gluedLogLine(text: string, start: number, end: number): number {
	// A log line's level in brackets after its time: looked for only where a line has ` [`.
	const bracket = indexWithin(text, '] ', start, end);
	if (bracket < 0 || end - start < 60) return end;
	const m = gluedFreeswitchLog.exec(text.slice(start, Math.min(end, start + 2000)));
	return m && m.index > 0 ? start + m.index : end;
}
const gluedFreeswitchLog =
	/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{1,9} (?:\d{1,3}\.\d\d% )?\[(?:DEBUG|INFO|NOTICE|WARNING|ERR|CRIT|ALERT|CONSOLE)\] /;

/**
 * A line of FreeSWITCH's log (`2021-05-23 20:07:57.808015 [NOTICE] switch_channel.c:1118 ...`,
 * the session's UUID before it on 1.10, the idle CPU share `97.93%` after the time on some
 * builds): the date, a time with its fraction, and a level in brackets.
 */
function isFreeswitchLogLine(text: string, start: number, end: number): boolean {
	let at = start;
	if (text.charCodeAt(at + 8) === 45 && text.charCodeAt(at + 36) === 32) at += 37;
	if (!startsWithYear(text, at)) return false;
	return freeswitchLog.test(text.slice(at, Math.min(end, at + 60)));
}
const freeswitchLog =
	/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{1,9} (?:\d{1,3}\.\d\d% )?\[(?:DEBUG|INFO|NOTICE|WARNING|ERR|CRIT|ALERT|CONSOLE)\] /;

/**
 * The length of a word a script wrote before every line of sofia's trace, or 0: 2600hz's
 * `sipify.sh` puts the message's Call-ID and a space before the stamp and before each indented
 * line after it (`<call-id>    INVITE ...`), so that grep finds every line of a call. A line
 * carries it when the word is followed by a space and sofia's three-space indent (or nothing, an
 * empty line's), and the line above starts with the same word and a space (the stamp, or a line
 * that carries it too).
 */
function sofiaLinePrefix(text: string, start: number, end: number): number {
	const c = text.charCodeAt(start);
	if (start === 0 || c === 32 || c === 9 || end - start < 5) return 0;
	let w = start;
	while (w < end && w - start <= 200 && text.charCodeAt(w) > 32) w++;
	if (w - start > 200 || w === end) return 0;
	for (let k = w; k < w + 4; k++) if (k < end && text.charCodeAt(k) !== 32) return 0;
	const above = text.lastIndexOf('\n', start - 2) + 1;
	const n = w - start + 1;
	return above + n < start && text.startsWith(text.slice(start, w + 1), above) ? n : 0;
}

// sofia-sip's TPORT_DUMP file (tport_logging.c, tport_dump_iovec): `dump started at <ctime>` when
// opened, then per datagram or stream read the same stamp as the log's, with `sent` for what it
// sent (`sent 290 bytes to udp/[127.0.0.1]:5060 at 15:22:19.425121:`), the octets as they went
// (CRLF, no indent, no dashes) and a vertical tab on a line of its own (`\v\n`; right after the
// last octet when that was no line end). The stamp's time is the local time of day: no date.
const sofiaDumpStamp =
	/^(recv|sent) (\d{1,10}) bytes (?:from|to) (\w{1,10})\/\[([^\]\s]{1,100})\]:(\d{1,5})(?:\/\d{1,10})?(?:;comp=sigcomp)? at (\d\d:\d\d:\d\d\.\d{1,9}):[ \t\r]*$/;
/** Where the vertical tab that ends a dump record starts on this line (at its end), or -1. */
function sofiaDumpEnd(text: string, start: number, end: number): number {
	let e = end;
	while (e > start && (text.charCodeAt(e - 1) === 13 || text.charCodeAt(e - 1) === 32)) e--;
	return e > start && text.charCodeAt(e - 1) === 11 ? e - 1 : -1;
}
export const sofiaDump: FormatRules = {
	format: 'sofiaDump',
	matchMeta(text, start, end) {
		const c = text.charCodeAt(start);
		if (c !== 114 && c !== 115) return null; // `r`, `s`
		const m = sofiaDumpStamp.exec(line(text, start, end));
		if (!m) return null;
		const host = m[4]!.includes(':') ? `[${m[4]}]` : m[4]!;
		const inbound = m[1] === 'recv';
		return {
			time: m[6]!,
			epochMicros: null,
			direction: inbound ? 'in' : 'out',
			declaredBytes: Number(m[2]),
			transport: m[3]!.toUpperCase(),
			src: inbound ? `${host}:${m[5]}` : null,
			dst: inbound ? null : `${host}:${m[5]}`,
		};
	},
	isEnd: (text, start, end) => sofiaDumpEnd(text, start, end) === start,
	gluedEnd(text, start, end) {
		const at = sofiaDumpEnd(text, start, end);
		return at > start ? at : -1;
	},
};

// Kamailio sipdump: `====================`, `key: value` lines, `~~~~~~~~~~~~~~~~~~~~`, message, `||||||||||||||||||||`.
// A record copied from its `tag: rcv` line down (the equals signs above it left out) is one too:
// sipdump_data_print writes `tag` first, and its value is sipdump's own word for the direction.
export const sipdump: FormatRules = {
	format: 'sipdump',
	matchMeta(text, start, end) {
		if (end - start < 8) return null;
		const c = text.charCodeAt(start);
		if (c === 61) return /^={10,}\s*$/.test(line(text, start, end)) ? {} : null;
		if (c !== 116) return null;
		const tag = /^tag: (rcv|snd)\s*$/.exec(line(text, start, end));
		return tag ? { direction: tag[1] === 'rcv' ? 'in' : 'out' } : null;
	},
	continueMeta(text, start, end, meta) {
		const s = line(text, start, end);
		if (/^~{10,}\s*$/.test(s)) return true;
		const m = /^([a-z]+): ?(.*)$/.exec(s);
		if (!m) return false;
		const value = m[2]!.trim();
		switch (m[1]) {
			case 'tag':
				meta.direction = value === 'rcv' ? 'in' : value === 'snd' ? 'out' : null;
				break;
			case 'time': {
				const t = /^(\d+)(?:\.(\d*))?$/.exec(value);
				if (t) Object.assign(meta, epoch(t[1]!, t[2] ?? ''));
				break;
			}
			case 'proto':
				meta.transport = value.split(/\s+/)[0]!.toUpperCase();
				break;
			case 'srcip':
				meta.src = value.includes(':') ? `[${value}]` : value;
				break;
			case 'dstip':
				meta.dst = value.includes(':') ? `[${value}]` : value;
				break;
			case 'srcport':
				meta.src = `${meta.src ?? ''}:${value}`;
				break;
			case 'dstport':
				meta.dst = `${meta.dst ?? ''}:${value}`;
				break;
		}
		return true;
	},
	isEnd: (text, start, end) =>
		text.charCodeAt(start) === 124 && /^\|{10,}\s*$/.test(line(text, start, end)),
	// sipdump_data_print writes `%.*s||||||||||||||||||||\n`: after a message whose last octet was
	// no line end (a body without a final CRLF), the closing line runs on from its last line.
	gluedEnd(text, start, end) {
		let e = end;
		while (e > start && (text.charCodeAt(e - 1) === 13 || text.charCodeAt(e - 1) === 32)) e--;
		let k = e;
		while (k > start && e - k < sipdumpClose && text.charCodeAt(k - 1) === 124) k--;
		return e - k === sipdumpClose && k > start ? k : -1;
	},
};
/** The pipes of sipdump's closing line. */
const sipdumpClose = 20;

// OpenSIPS tracer: `1559123758.904466 UDP/SIP 10.0.0.12:5075 -> 10.0.0.15:5060`. opensips-cli's
// `trace` (opensipscli/modules/trace.py, HEPpacket.__str__) prints the HEP timestamp as
// `"{}.{}".format(seconds, microseconds)`: the microseconds as a number, not padded
// (`1559123758.4466` is 4,466 microseconds past the second), the time in blue and the rest in
// cyan whether or not it writes to a terminal (`\x1b[1;34m...\x1b[0m\x1b[1;36m UDP/SIP ...\x1b[0m`).
// An address is `"{}:{}".format(inet_ntop(...), port)`: an IPv6 one without brackets
// (`::1:5060`), whose last `:` is the port's.
const opensipsLine =
	// eslint-disable-next-line no-control-regex -- the terminal colours opensips-cli prints
	/^(?:\x1b\[[\d;]{0,12}m)?(\d{9,11})\.(\d{1,6})(?:\x1b\[[\d;]{0,12}m){0,2} (\w+)\/SIP (\S+) -> ([^\s\x1b]+)(?:\x1b\[[\d;]{0,12}m)?\s*$/;
export const opensips: FormatRules = {
	format: 'opensips',
	matchMeta(text, start, end) {
		const m = opensipsLine.exec(line(text, start, end));
		return m
			? {
					...epoch(m[1]!, m[2]!.padStart(6, '0')),
					transport: m[3]!.toUpperCase(),
					src: bracketed(m[4]!),
					dst: bracketed(m[5]!),
				}
			: null;
	},
};
/** `2001:db8::1:5060` as `[2001:db8::1]:5060`; any other address as it stands. */
function bracketed(address: string): string {
	const port = address.lastIndexOf(':');
	return address.charCodeAt(0) !== 91 && address.indexOf(':') < port
		? `[${address.slice(0, port)}]${address.slice(port)}`
		: address;
}

// pjsua: `11:37:58.988 pjsua_core.c ......TX 656 bytes Request msg SUBSCRIBE/cseq=5881 (tdta0x1) to TLS 54.36.237.135:5061:`
// With the log decoration's date on (PJ_LOG_HAS_YEAR...): `2023-02-22 18:34:02.345 pjsua_core.c ...`.
// An application that routes pjsua's log through a logger of its own (pjsua2's LogWriter) puts
// its prefix before the stamp instead: the stamp is found after it, the time read from it.
// The first pjsua (0.5) and pjsip-apps' samples to this day name no transport: `... from 10.0.0.1:5060:`.
// Up to 2.7 the address is pjsip's bare one, an IPv6 address unbracketed before its port.
const pjsuaStamp =
	/(TX|RX) (\d{1,10}) bytes (?:Request|Response) msg \S{1,200} \([^)]{0,100}\) (?:to|from) (?:(\w{1,10}) )?(\S{1,200}?):\s*$/y;
export const pjsua: FormatRules = {
	format: 'pjsua',
	matchMeta(text, start, end) {
		const s = line(text, start, end, 600);
		// `TX 656 bytes Re...`: the count and direction before ` bytes Re`, after a space or a dot.
		const bytes = s.indexOf(' bytes Re');
		if (bytes < 4) return s.includes('Error processing ') ? rejectedPacket(s) : null;
		let at = bytes;
		while (at > 0 && bytes - at <= 10 && s.charCodeAt(at - 1) >= 48 && s.charCodeAt(at - 1) <= 57)
			at--;
		at -= 3;
		if (at < 0 || at === bytes - 3 || s.charCodeAt(at + 2) !== 32) return null;
		// After the indentation's dots, a space, or PJ_LOG_HAS_THREAD_SWC's `!` (another thread
		// than the record before) when the record has no indentation.
		const before = at > 0 ? s.charCodeAt(at - 1) : 32;
		if (before !== 46 && before !== 32 && before !== 33) return null;
		pjsuaStamp.lastIndex = at;
		const m = pjsuaStamp.exec(s);
		if (!m) return null;
		const out = m[1] === 'TX';
		return {
			...timeIn(s.slice(0, at)),
			direction: out ? 'out' : 'in',
			declaredBytes: Number(m[2]),
			transport: m[3]?.toUpperCase() ?? null,
			src: out ? null : bracketedV6(m[4]!),
			dst: out ? bracketedV6(m[4]!) : null,
		};
	},
	isEnd: (text, start, end) =>
		(text.startsWith('--end msg--', start) && end - start <= 12) ||
		text.startsWith('-- end of packet.', start),
	// pj_log cuts a record longer than PJ_LOG_MAX_SIZE (4,000 characters by default), the rest of
	// the message and its `--end msg--` with it: the next record of the log (pj_log's decoration,
	// `22:42:06.368   pjsua_pres.c  ..Publication sent`) ends the message, not its Content-Length.
	isRecord: (text, start, end) => end - start >= 16 && pjLogRecord.test(line(text, start, end, 80)),
};
// A packet pjsip could not read, dumped by sip_transport.c (`Error processing 412 bytes packet
// from UDP 10.0.0.1:5060 : PJSIP_SYN_ERR_EXCEPTION exception when parsing 'CSeq' header on line 7
// col 1:`; before the transport was named, `from 10.0.0.1:5060 ...`) or by sip_endpoint.c when a
// mandatory header is missing (`Error processing packet from 10.0.0.1:5060: Missing required
// header(s)  CSeq [code 171050]:`; pjsip 0.x: `..., packet:--`), then the packet and `-- end of
// packet.`: received, from that address.
const rejected =
	/Error processing (?:(\d{1,10}) bytes )?packet from (?:([A-Za-z]{2,10}) )?(\S{1,200}):(\d{1,5})(?=[ ,:]|$)/;
function rejectedPacket(s: string): MessageMeta | null {
	const m = rejected.exec(s);
	if (!m) return null;
	return {
		...timeIn(s.slice(0, m.index)),
		direction: 'in',
		declaredBytes: m[1] === undefined ? null : Number(m[1]),
		transport: m[2]?.toUpperCase() ?? null,
		src: bracketedV6(`${m[3]}:${m[4]}`),
		dst: null,
	};
}
// pj_log's decoration, in its order: level text, day name and date when set, the time with
// milliseconds, the sender right-aligned in its column, a space (a header line with a time in its
// value has its name and colon before it, which pj_log never writes).
const pjLogRecord =
	/^(?:FATAL:|ERROR:| WARN:| INFO:|DEBUG:|TRACE:|DETRC:)?(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat)?(?: ?\d{4}(?:-\d\d){0,2})? ?\d\d:\d\d:\d\d\.\d{3} {1,30}[\w.-]{1,40} /;

/**
 * A local date and time with the UTC offset the log wrote (`-04:00`, `+0530`, `Z`): kept in the
 * time shown, as ISO 8601 writes it (`+05:30`, as every other time with an offset is shown), and
 * taken off the epoch.
 */
function withZone(
	local: { time: string; epochMicros: number | null },
	zone: string | undefined,
): { time: string; epochMicros: number | null } {
	if (!zone) return local;
	const offsetMinutes =
		zone === 'Z'
			? 0
			: (zone[0] === '-' ? -1 : 1) *
				(Number(zone.slice(1, 3)) * 60 + Number(zone.slice(zone.length - 2)));
	return {
		time: `${local.time}${zone === 'Z' ? zone : `${zone.slice(0, 3)}:${zone.slice(-2)}`}`,
		epochMicros: local.epochMicros === null ? null : local.epochMicros - offsetMinutes * 60_000_000,
	};
}

// HOMER text export: `proto:UDP 2024-07-02T11:49:48.548312-04:00  SBC_LAN:5060 ---> Phone_WAN:14384`
// The time may carry a UTC offset (`-04:00`, `Z`): kept in the time shown, taken off the epoch.
// HOMER 7 writes an IPv6 address bare before its port (homer-app exportwriter.go: `SrcIP + ":" +
// port`): read as `[::1]:15061`, the address HOMER's pcap export of the same call gives.
const homerLine =
	/^proto:(\w+) (\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d(?:\.\d+(?!\d))?)(Z|[+-]\d\d:?\d\d)?\S*\s+(\S+) -+> (\S+)\s*$/;
export const homer: FormatRules = {
	format: 'homer',
	matchMeta(text, start, end) {
		const m = homerLine.exec(line(text, start, end));
		if (!m) return null;
		return {
			...withZone(dateTime(m[2]!, m[3]!), m[4]),
			transport: m[1]!.toUpperCase(),
			src: bracketedV6(m[5]!),
			dst: bracketedV6(m[6]!),
		};
	},
};

// belle-sip (Linphone, liblinphone): `channel [0x42bae50]: message sent to [TLS://host:5223], size:
// [516] bytes` and `channel [0x768ae00200]: received [1330] new bytes from [UDP://172.31.37.34:8642]:`
// after the program's prefix (`2020-11-18 12:57:36:558 [app/belle-sip] MESSAGE `), the message on
// the lines that follow. The prefix's time has a colon before its milliseconds. belle-sip 1.x
// (channel.c until 2013) wrote a read's peer without its transport (`from [10.0.0.1:5060]:`);
// send_buffer logs what a stream took of a message it could not take whole, `message partly
// sent to [TCP://a:p], sent: [300/431] bytes:`.
const belleSipMarker =
	/channel \[[^\]\s]{1,40}\]: (?:message (?:NOT |partly )?sent to|received \[(\d{1,10})\] new bytes from) \[(?:(\w{1,10}):\/\/)?([^\]\s/]{1,200}):(\d{1,5}|[^\]\s\d:][^\]\s:]{0,39})\](?:, size: \[(\d{1,10})\] bytes|, sent: \[(\d{1,10})\/(\d{1,10})\] bytes)?:?\s*$/;
const belleSipTime = /(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)[:.](\d{1,6})/;
// belle-sip 1.x's parser logged the first 40 characters of each message it read again, `channel
// [%p] read message of [%i] bytes:\n%.40s...`: a copy of a start line, not a message.
const belleSipEcho = /channel \[[^\]\s]{1,40}\] read message of \[\d{1,10}\] bytes:\s*$/;
const echoed: MessageMeta = { logOnly: true };
export function matchBelleSip(text: string, start: number, end: number): MessageMeta | null {
	const s = line(text, start, end, 600);
	if (!s.includes('channel [')) return null;
	const m = belleSipMarker.exec(s);
	if (!m) return belleSipEcho.test(s) ? echoed : null;
	const inbound = m[1] !== undefined;
	const host = m[3]!;
	// A peer masked where the log was posted (`[UDP://**sip*address**:**port**]`) gives no address;
	// the record still says when, which way and over what.
	const masked = !digitsOnly(m[4]!);
	const address = masked
		? null
		: host.includes(':') && !host.startsWith('[')
			? `[${host}]:${m[4]}`
			: `${host}:${m[4]}`;
	const t = belleSipTime.exec(s.slice(0, m.index));
	const transport = m[2]?.toUpperCase() ?? null;
	const bytes = Number(m[1] ?? m[5] ?? m[7]);
	// Else the system log's stamp before it (iOS's console: `Dec 15 18:39:30  linphone[3434]
	// <Notice>: bel/channel [...]`).
	const when = t
		? dateTime(t[1]!, `${t[2]}.${t[3]}`)
		: m.index > 8
			? timeIn(s.slice(0, m.index))
			: null;
	return {
		...(when ?? {}),
		direction: inbound ? 'in' : 'out',
		transport,
		declaredBytes: bytes,
		// The size of the message sent (of what the stream took of it), or of the datagram read
		// (over a stream, of the bytes read).
		...(!inbound ? { recordBytes: Number(m[6] ?? bytes) } : {}),
		...(inbound && transport === 'UDP' ? { recordBytes: bytes } : {}),
		src: inbound ? address : null,
		dst: inbound ? null : address,
	};
}
const digitsOnly = (s: string): boolean => /^\d+$/.test(s);
// Every record of the log opens with that time (bctbx's file log: `2026-12-01 22:28:28:505
// belle-sip-message-...`, the apps' `... [app/belle-sip] MESSAGE ...`): belle-sip prints a message
// as sent or received, which over UDP may have no Content-Length (RFC 3261 §18.3: linphonec's
// SUBSCRIBE and 200 to NOTIFY, liblinphone's PUBLISH removing its state), so the next record
// ends it, not the next message. Where every line carries the log's prefix (logcat), a record
// cannot be told from the message's lines by its prefix: the size on the channel line
// (`recordBytes`, from `matchBelleSip`) ends such a message there.
const belleSipRecord = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3} /;
// make_logbuf (belle-sip 1.4 on) logs a buffer up to its first octet that is no character in the
// program's locale (in the C locale, any octet past ASCII), then `... (first %u bytes shown)`
// right after it: the message ends there, cut by the log.
const belleSipShown = /\.\.\. \(first \d{1,10} bytes shown\)\s*$/;
function belleSipShownAt(text: string, start: number, end: number): number {
	if (end - start < 25 || text.charCodeAt(end - 1) !== 41) return -1; // `)`
	const tail = Math.max(start, end - 48);
	const m = belleSipShown.exec(text.slice(tail, end));
	return m ? tail + m.index : -1;
}
// The system log's records where the app logs there (iOS's console, syslog): `Dec 15 18:39:30  `.
// No header line, SDP or XML line starts so.
const syslogRecord = /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d /;
export const bellesip: FormatRules = {
	format: 'bellesip',
	matchMeta: matchBelleSip,
	isRecord(text, start, end) {
		if (end - start < 24) return false;
		const c = text.charCodeAt(start);
		if (c >= 65 && c <= 90)
			return (
				text.charCodeAt(start + 3) === 32 &&
				text.charCodeAt(start + 6) === 32 &&
				syslogRecord.test(text.slice(start, start + 16))
			);
		if (text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 19) !== 58) return false;
		return belleSipRecord.test(text.slice(start, start + 24));
	},
	isEnd: (text, start, end) =>
		text.charCodeAt(start) === 46 && belleSipShownAt(text, start, end) === start,
	gluedEnd(text, start, end) {
		const at = belleSipShownAt(text, start, end);
		return at > start ? at : -1;
	},
};

// baresip's sip_trace: a line ending in `#` (with the time before it, and the terminal's colour
// escape), then `UDP 192.168.0.240:37472 -> 192.168.0.17:5060`, then the message, then the
// colour reset (`\x1b[36;1m#\n%s %J -> %J\n%b\x1b[;m\n` in baresip 1.0.0): on a line of its own
// after a message that ends with a line end, else right after the message's last octet (a
// MESSAGE's text, a body without a final CRLF). A warning is printed in red and its colour reset
// after its line end (`\x1b[31m...\n\x1b[;m`): a record printed next starts with that reset.
// A stamp whose first digit a copy lost (`7:35:16.608#` among `17:35:16.611#`) still opens a
// record; its time, an hour off perhaps, is not read.
const baresipOpen =
	// eslint-disable-next-line no-control-regex -- the terminal colour escape baresip prints
	/^(?:\x1b\[[\d;]{0,12}m){0,3}(?:(?:(\d\d:\d\d:\d\d\.\d{1,6})|\d:\d\d:\d\d\.\d{1,6}) ?)?#\s*$/;
const baresipPath =
	/^(?:(\d\d:\d\d:\d\d\.\d{1,6}) )?(UDP|TCP|TLS|WSS?|SCTP) (\S{1,200}) -> (\S{1,200})\s*$/;
// eslint-disable-next-line no-control-regex -- the terminal colour reset baresip prints
const baresipReset = /\x1b\[[0;]?m[ \t]{0,40}$/;
/** Where the colour reset at the end of a line starts, or -1. */
function baresipGluedEnd(text: string, start: number, end: number): number {
	let e = end;
	while (e > start && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	if (e - start < 3 || text.charCodeAt(e - 1) !== 109) return -1; // `m`
	const tail = Math.max(start, e - 5);
	const m = baresipReset.exec(text.slice(tail, end));
	return m ? tail + m.index : -1;
}
export const baresip: FormatRules = {
	format: 'baresip',
	matchMeta(text, start, end) {
		if (text.charCodeAt(end - 1) !== 35) return null;
		// The terminal redrew its status line with bare CRs before the record (`call: ...\r\r#`):
		// what stands after the last CR is the line as shown.
		// Searched back over the 41 characters that may hold it, within the line.
		const floor = Math.max(start, end - 41);
		let from = end - 1;
		while (from > floor && text.charCodeAt(from - 1) !== 13) from--;
		if (end - from > 40) return null;
		const m = baresipOpen.exec(line(text, from, end));
		return m ? { time: m[1] ?? null } : null;
	},
	isEnd(text, start, end) {
		return (
			text.charCodeAt(start) === 27 &&
			end - start <= 24 &&
			baresipGluedEnd(text, start, end) === start
		);
	},
	gluedEnd(text, start, end) {
		const at = baresipGluedEnd(text, start, end);
		return at > start ? at : -1;
	},
	continueMeta(text, start, end, meta) {
		const m = baresipPath.exec(line(text, start, end));
		if (!m) return false;
		if (m[1]) meta.time = m[1];
		meta.transport = m[2]!;
		meta.src = m[3]!;
		meta.dst = m[4]!;
		return true;
	},
};

// logcat: `2021-03-03 15:55:26.802 17083-17083/org.linphone.debug I/Linphone: ` before every line
// (`adb logcat -v threadtime`: `03-05 09:06:05.722 29673 29727 D Baresip Lib: `). Apple's log
// (NSLog, Xcode's console) prefixes lines the same way, with the UTC offset:
// `2020-03-29 01:25:05.125178+0530 linphone[68064:1643374] `, Linphone adding `[Message] ` and a tab.
// logcat's older formats, brief (its default before Android 7, and what `flutter logs` shows) and
// time, print `%c/%-8s(%5d): `: `I/flutter (32165): `, `03-05 09:06:05.722 I/flutter ( 8410): `;
// `-v tag` prints the priority and tag alone (`%c/%-8s: `, `I/libcore: `, as Android Studio's
// copy of a filtered log does too, after the date and time when it shows them without the
// process: `2019-04-25 15:48:29.813 I/Linphone: `);
// seconds, the priority and the tag (`0.574 I Linphone: `, a Linphone Android log posted in an
// issue); a paste may put a space before each (a console's margin, not the log's);
// an empty line of the message keeps the prefix, maybe without its trailing space (threadtime's
// too: react-native-pjsip's `D PjSipLogWriter:` before the empty line that ends the headers).
const logcatPrefix =
	/^[ \t]?(?:(?:\d{4}-)?\d\d-\d\d \d\d:\d\d:\d\d\.\d+ +\d+[- ]+\d+(?:\/\S+)? [VDIWEF][/ ][^:]*:(?: |$)|(?:\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} )?[VDIWEFA]\/[^(:]{1,80}\( {0,9}\d{1,10}\):(?: |$)|(?:(?:\d{4}-)?\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} )?[VDIWEFA]\/[^\s(:][^(:]{0,79}:(?: |$)|\d{1,7}\.\d{3} [VDIWEF] [^\s:][^:]{0,79}: |\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{1,9}[+-]\d{4} [^\s[\]]{1,80}\[\d{1,10}:[\dA-Fa-fx]{1,20}\] (?:\[[A-Za-z]{1,20}\] )?\t?|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} +\d+-\d+ +(?:\S[^\n]{0,120}? [VDIWEFA](?: {2}|$)|\S+ +\S+ *$))/;
const logcatTime =
	/^(?:(\d{4}-\d\d-\d\d)|(\d\d)-(\d\d)) (\d\d:\d\d:\d\d\.\d{1,9})([+-]\d{4}(?= ))?/;

/**
 * The date (when logcat prints the year) and time of the logcat line whose content starts at
 * `start`; `dayTime` is the time with month and day when it does not (`adb logcat -v threadtime`).
 */
function logcatStamp(
	text: string,
	start: number,
): { date: string | null; time: string; dayTime: string; zone?: string } | null {
	const lineStart = text.lastIndexOf('\n', start - 1) + 1;
	const m = logcatTime.exec(text.slice(lineStart, Math.min(start, lineStart + 40)));
	if (!m) return null;
	const time = m[4]!;
	return m[1]
		? { date: m[1], time, dayTime: time, zone: m[5] }
		: { date: null, time, dayTime: yearlessTime(Number(m[2]), Number(m[3]), time).time };
}

export const logcat: FormatRules = {
	format: 'logcat',
	// Linphone on Android logs belle-sip's channel lines; baresip-studio baresip's `sip_trace`;
	// apps on pjsua2 (react-native-pjsip's `PjSipLogWriter`) pjsua's `TX`/`RX` lines, each
	// message closed by `--end msg--`. They say who sent what; logcat's own time dates them, or
	// times belle-sip's.
	matchMeta(text, start, end) {
		const bellesip = matchBelleSip(text, start, end);
		const meta =
			bellesip ?? baresip.matchMeta!(text, start, end) ?? pjsua.matchMeta!(text, start, end);
		if (!meta) return null;
		const logged = logcatStamp(text, start);
		if (!logged) return meta;
		if (bellesip) {
			if (meta.time) return meta;
			return {
				...meta,
				...(logged.date
					? withZone(dateTime(logged.date, logged.time), logged.zone)
					: { time: logged.dayTime }),
			};
		}
		let time = meta.time ?? (logged.date ? logged.time : logged.dayTime);
		// baresip's own time of day takes logcat's month and day, within the same hour (so a
		// message logged across midnight is not put on the wrong day).
		if (
			!logged.date &&
			time.length >= 8 &&
			time.charCodeAt(2) === 58 &&
			time.slice(0, 2) === logged.time.slice(0, 2)
		)
			time = `${logged.dayTime.slice(0, 8)}${time}`;
		return {
			...meta,
			...(logged.date
				? withZone(datedStamp({ date: logged.date, time: logged.time }, time), logged.zone)
				: { time }),
		};
	},
	continueMeta(text, start, end, meta) {
		if (!baresip.continueMeta!(text, start, end, meta)) return false;
		// baresip's path line may carry a time of its own: dated as its opening line was.
		const logged = logcatStamp(text, start);
		if (logged?.date && meta.time && !meta.time.includes('T'))
			Object.assign(meta, datedStamp({ date: logged.date, time: logged.time }, meta.time));
		return true;
	},
	isEnd: pjsua.isEnd!,
	decorate(text, start, end) {
		const m = logcatPrefix.exec(line(text, start, end, 160));
		if (m) return [start + m[0].length, end];
		// A copy whose selection began after the first line's prefix (Android Studio's, a post's):
		// its start line stands bare above the prefixed lines of its headers.
		return isStartLine(text, start, end) && prefixedNext(text, end) ? [start, end] : null;
	},
};

/** Does the line after the one ending at `end` carry logcat's prefix? */
function prefixedNext(text: string, end: number): boolean {
	const next = text.indexOf('\n', end) + 1;
	if (next === 0) return false;
	const nl = text.indexOf('\n', next);
	return logcatPrefix.test(line(text, next, nl < 0 ? text.length : nl, 160));
}

// Linphone on iOS prints each line of a message after a tab, its other records without one
// (`[Message] \tContent-Length: 0`, then `[Message] channel [...] [315] bytes parsed`): where the
// messages' start lines carry the tab, a record without it ends the message before it (belle-sip
// prints no empty line after the headers of some), unless it is a channel line.
// A copy whose first line lost its prefix (the poster's selection) shows the tab on the headers.
const tabbedStart =
	/\] \t(?:SIP\/2\.0 \d{3} |[A-Z]{3,12} \S{1,200} SIP\/2\.0|(?:Call-ID|CSeq|Via|From|To): )/;

/** Are the trace's messages behind Apple's prefix and a tab (see {@link tabbedLogcat})? */
export const holdsTabbedMessages = (text: string): boolean =>
	tabbedStart.test(text.slice(0, 1 << 16));

export const tabbedLogcat: FormatRules = {
	...logcat,
	decorate(text, start, end) {
		const c = logcat.decorate!(text, start, end);
		// A start line without the prefix (see logcat's) stands for itself.
		if (!c || c[0] === c[1] || c[0] === start || text.charCodeAt(c[0] - 1) === 9) return c;
		return logcat.matchMeta!(text, c[0], c[1]) ? c : null;
	},
};

// Cisco IOS / CUBE `debug ccsip messages`: each debug record starts with a line of its own,
// `001763: *Oct  9 15:37:24.593 UTC: //0/000000000000/SIP/Msg/ccsipDisplayMsg:` (the sequence
// number with `service sequence-numbers`; `*` or `.` when the clock is not or no longer in sync;
// the year and zone with `... year show-timezone`; `00:11:29:` or `1d02h:` with uptime stamps;
// nothing at all with `no service timestamps`; a guide's copy may lose the space before `//`),
// then `Sent:` or `Received:`, then the message.
// Any other record line (`//-1/.../SIP/Info/...`, `%ISDN-6-CONNECT: ...`) ends the message too.
const ciscoStamp =
	/^(?:\d{1,10}: )?[*.]?(?:([A-Z][a-z]{2}) {1,2}(\d{1,2}) (?:(\d{4}) )?)?(\d\d:\d\d:\d\d(?:\.\d{1,6})?|\d{1,4}[wdy]\d{1,2}[dhw])(?: [A-Z][A-Za-z]{1,5})? ?:(?: |(?=\/\/))/;
const ciscoCallPath = /^(?:\d{1,10}: )?\/\/-?\d{1,12}\/[\dA-Fa-fx]{1,40}\//;
// IOS XE's VoIP trace says more on that line: `Received: SIP UDP message from a:p to b:p`.
const ciscoDirection =
	/^(Sent|Received):(?:\s*$| SIP (UDP|TCP|TLS) message (from|to) (\S{3,60}) (?:from|to) (\S{3,60})\s*$)/;
/** What a `Sent:` / `Received:` line says, or null for any other line. */
function ciscoDirectionLine(text: string, start: number, end: number): MessageMeta | null {
	const d = ciscoDirection.exec(line(text, start, end, 160));
	if (!d) return null;
	const meta: MessageMeta = { direction: d[1] === 'Sent' ? 'out' : 'in' };
	if (d[2]) {
		const [src, dst] = d[3] === 'from' ? [d[4]!, d[5]!] : [d[5]!, d[4]!];
		if (isHostPort(src) && isHostPort(dst)) {
			meta.src = src;
			meta.dst = dst;
		}
		meta.transport = d[2];
	}
	return meta;
}
const isHostPort = (s: string): boolean =>
	/^(?:(?:\d{1,3}\.){3}\d{1,3}|\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9.-]{1,60}):\d{1,5}$/.test(s);
// IOS 12 wrote the record and the direction on one line: `1w0d:SIP Msg:ccsipDisplayMsg:Sent:`.
const ciscoOldRecord = /^(?:[\w.*]{1,20}:)?SIP Msg:ccsipDisplayMsg:(Sent|Received):\s*$/;
// The router's prompt (`c5300-5#`, `Router>`) where the debug output was captured at its console.
const ciscoPrompt = /^[A-Za-z][\w.-]{0,40}[#>]\s*$/;
function matchCcsip(text: string, start: number, end: number): MessageMeta | null {
	const old = ciscoOldRecord.exec(line(text, start, end, 60));
	if (old) return { direction: old[1] === 'Sent' ? 'out' : 'in' };
	if (ciscoPrompt.test(line(text, start, end, 60))) return {};
	const c = text.charCodeAt(start);
	// A record starts with a digit, `*`, `.`, `/`, a month's capital; `Sent:` / `Received:`.
	if (c === 83 || c === 82) {
		const d = ciscoDirectionLine(text, start, end);
		if (d) return d;
	}
	// Header lines start with a capital too: a month is followed by a space.
	if (
		c >= 65 && c <= 90
			? text.charCodeAt(start + 3) !== 32
			: !(c >= 48 && c <= 57) && c !== 42 && c !== 46 && c !== 47
	)
		return null;
	const s = line(text, start, end, 80);
	const m = ciscoStamp.exec(s);
	if (!m) return ciscoCallPath.test(s) ? {} : null;
	const meta = ciscoStampMeta(m);
	// A page that joined the record's lines leaves the direction on the record's line; older IOS
	// wrote it right after the stamp (`*Apr 19 08:38:52.529: Sent:`, no call path).
	const joined = ciscoJoinedDirection.exec(line(text, start, end, 200));
	if (joined) meta.direction = joined[1] === 'Sent' ? 'out' : 'in';
	else {
		const after = ciscoStampedDirection.exec(s.slice(m[0].length));
		if (after) meta.direction = after[1] === 'Sent' ? 'out' : 'in';
	}
	return meta;
}
const ciscoJoinedDirection = /\/SIP\/Msg\/ccsipDisplayMsg: ?(Sent|Received):\s*$/;
const ciscoStampedDirection = /^(Sent|Received):\s*$/;
function ciscoStampMeta(m: RegExpExecArray): MessageMeta {
	const time = m[4]!;
	// Uptime past a day (`1d02h`) is no time of day; below a day it reads like one (`00:11:29`).
	if (!time.includes(':')) return {};
	const month = m[1] ? monthNumber(m[1]) : 0;
	if (month === 0) return { time };
	if (!m[3]) return yearlessTime(month, Number(m[2]), time);
	return dateTime(`${m[3]}-${String(month).padStart(2, '0')}-${m[2]!.padStart(2, '0')}`, time);
}
export const ccsip: FormatRules = {
	format: 'ccsip',
	matchMeta: matchCcsip,
	continueMeta(text, start, end, meta) {
		const d = ciscoDirectionLine(text, start, end);
		if (!d) return false;
		Object.assign(meta, d);
		return true;
	},
};

export const raw: FormatRules = { format: 'raw' };
