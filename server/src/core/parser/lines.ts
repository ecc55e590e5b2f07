import { indexWithin } from '../text/search';
import type { Frame } from '../model';
import { headerNameEnd, isStartLineShape, opensBody } from './bodyStart';
import { isCaptured } from './captured';

const empty = new Int32Array(0);
/** Reused for every contiguous message: a typed array per message is costly to allocate. */
let scratch = new Int32Array(256);

/**
 * The content lines of a frame's SIP text as `[start0, end0, start1, end1, ...]`, ends without
 * CR/LF. Decorated formats hand their lines over in `frame.lines`; for contiguous text the lines
 * are found here, up to and including the empty line that ends the headers (the body is located
 * by offsets, not lines). The result, one object reused for every message, and its lines are
 * only valid until the next call: read them, don't keep them.
 */
export function frameLines(text: string, frame: Frame): FrameLines {
	if (frame.lines) {
		const lines = frame.lines;
		// The same double-spaced copy (see below), in a format that decorates its lines.
		const doubleSpaced =
			lines.length >= 6 && lines[2] === lines[3] && startsHeaderLine(text, lines[4]!, lines[5]!);
		// A copy's stray empty line among the headers, as below (a book's copy of sofia's records).
		let stray = doubleSpaced ? -1 : strayEmptyLineIn(text, lines, lines.length >> 1, frame.joins);
		// ngrep prints the empty line's CR as `.`: it was on the wire, no copy put it there, and
		// the headers end at it (a scanner's reply with headers after it, as the wire has them).
		if (stray >= 0 && frame.format === 'ngrep' && text.charCodeAt(lines[2 * stray]!) === 46)
			stray = -1;
		return found(lines, lines.length >> 1, doubleSpaced || stray >= 0, stray);
	}
	const { start, end } = frame.sip;
	if (end <= start) return found(empty, 0, false, -1);
	let out = scratch;
	let n = 0;
	let at = start;
	let doubleSpaced = false;
	let stray = -1;
	const captured = isCaptured(frame);
	while (at < end) {
		let nl = text.indexOf('\n', at);
		if (nl < 0 || nl >= end) nl = end;
		let le = nl;
		// CR LF, and CR CR LF from a copy that converted line ends twice.
		while (le > at && text.charCodeAt(le - 1) === 13) le--;
		if (n + 2 > out.length) {
			const grown = new Int32Array(out.length * 2);
			grown.set(out);
			out = scratch = grown;
		}
		out[n++] = at;
		out[n++] = le;
		// Stop after the empty line that ends the headers (not on the start line itself). A copy
		// that put an empty line after every line has one after the start line and a header after
		// it: its headers end at two empty lines in a row.
		if (le === at && n > 2) {
			// A capture's datagram is as sent: its first empty line ends its headers (RFC 3261 §7).
			if (captured) break;
			if (n === 4 && startsHeaderLine(text, nl + 1, end)) doubleSpaced = true;
			else if (!doubleSpaced && strayEmptyLine(text, out[2]!, at, nl + 1, end)) {
				// From here on, as in a double-spaced copy: two empty lines in a row end them, and
				// so does one before a line that is no header (the log's next record).
				doubleSpaced = true;
				stray = (n >> 1) - 1;
			} else if (
				!doubleSpaced ||
				out[n - 3] === out[n - 4] ||
				(stray >= 0 && !startsHeaderLine(text, nl + 1, end)) ||
				// A page that set each line as a paragraph leaves one empty line before the body too.
				(n >= 6 && opensBodyAfter(text, out[n - 6]!, out[n - 5]!, nl + 1, end)) ||
				// Content-Length, which stacks write last, then a line that is no header: a text body,
				// or the page's next paragraph after a message without one.
				(n >= 6 &&
					isLengthLine(text, out[n - 4]!, out[n - 3]!) &&
					holdsText(text, nl + 1, end) &&
					!startsHeaderLine(text, nl + 1, end)) ||
				// A line that is no header with another right below it: the copy's doubling stopped,
				// so the message did (a console's next records after its last header).
				(n >= 6 &&
					holdsText(text, nl + 1, end) &&
					!startsHeaderLine(text, nl + 1, end) &&
					holdsText(text, lineAfter(text, nl + 1, end), end))
			)
				break;
		}
		at = nl + 1;
	}
	return found(out, n >> 1, doubleSpaced, stray);
}

/**
 * Is the empty line at `from` - 1 that ends the header lines in [headers, blank) a copy's stray
 * line among the headers, not their end? So when those lack Call-ID or CSeq and announce no body
 * (no Content-Type), and, before the next empty line, a line below gives the one they lack (a
 * mail that wrapped a long Contact and left an empty line in it, a console that doubled some
 * line ends). Read only where the line after the empty one is no body's first line (`v=0`,
 * `<?xml`).
 */
export function strayEmptyLine(
	text: string,
	headers: number,
	blank: number,
	from: number,
	end: number,
): boolean {
	// Right after the start line, an empty line is a double-spaced copy's, or the end.
	if (from >= end || headers >= blank || !mayBeHeaderBelow(text, from)) return false;
	const above = freshAbove();
	for (let at = headers; at < blank;) {
		let nl = text.indexOf('\n', at);
		if (nl < 0 || nl >= blank) nl = blank;
		if (!noteAbove(text, at, nl, above)) return false;
		at = nl + 1;
	}
	if (above.callId && above.cseq && above.length) return false;
	let at = from;
	for (let k = 0; k < 40 && at < end; k++) {
		let nl = text.indexOf('\n', at);
		if (nl < 0 || nl >= end) nl = end;
		let le = nl;
		while (le > at && text.charCodeAt(le - 1) === 13) le--;
		const said = judgeBelow(text, at, le, above);
		if (said !== 0) return said > 0;
		at = nl + 1;
	}
	return false;
}

/**
 * {@link strayEmptyLine} for a frame whose format hands its lines over (sofia's records, a log's
 * prefixed lines): the index of the first empty line after the headers' first when it is a
 * copy's stray line among them, else -1.
 */
export function strayEmptyLineIn(
	text: string,
	lines: Int32Array,
	count: number,
	/** Pairs that go on in the next one (see Frame.joins): the next is no line of its own. */
	joins: Int32Array | null | undefined,
): number {
	let blank = -1;
	for (let k = 2; k < count; k++)
		if (lines[2 * k] === lines[2 * k + 1] && !joins?.includes(k - 1)) {
			blank = k;
			break;
		}
	if (blank < 0 || blank + 1 >= count || !mayBeHeaderBelow(text, lines[2 * blank + 2]!)) return -1;
	const above = freshAbove();
	for (let k = 1; k < blank; k++)
		if (!noteAbove(text, lines[2 * k]!, lines[2 * k + 1]!, above)) return -1;
	if (above.callId && above.cseq && above.length) return -1;
	for (let k = blank + 1; k < count && k < blank + 41; k++) {
		const said = judgeBelow(text, lines[2 * k]!, lines[2 * k + 1]!, above);
		if (said !== 0) return said > 0 ? blank : -1;
	}
	return -1;
}

/** A line at `from` that may be a header: a letter first, and no SDP line (`v=0`). */
function mayBeHeaderBelow(text: string, from: number): boolean {
	const c0 = text.charCodeAt(from) | 32;
	return c0 >= 97 && c0 <= 122 && text.charCodeAt(from + 1) !== 61;
}

/** What the header lines above an empty line give of those that name a message and end it. */
interface Above {
	callId: boolean;
	cseq: boolean;
	length: boolean;
}
const freshAbove = (): Above => ({ callId: false, cseq: false, length: false });

/** Notes the header line [at, end) in `above`; false where it announces a body (Content-Type). */
function noteAbove(text: string, at: number, end: number, above: Above): boolean {
	const name = nameOf(text, at, end);
	if (name === 'call-id' || name === 'i') above.callId = true;
	else if (name === 'cseq') above.cseq = true;
	else if (name === 'l' || isContentLength(text, at, end)) above.length = true;
	else if (name === 'content-type' || name === 'c') return false;
	return true;
}

/**
 * A line below the empty one: 1 where it gives the Call-ID or CSeq the headers above lack (or,
 * where they have both, their Content-Length: a log that put an empty line after `Expires:
 * 1800`, the SUBSCRIBE's Event and Content-Length below it); -1 where it ends the search (an
 * empty line, a message's start line); 0 to read on.
 */
function judgeBelow(text: string, at: number, le: number, above: Above): number {
	if (le === at) return -1;
	const name = nameOf(text, at, le);
	if ((!above.callId && (name === 'call-id' || name === 'i')) || (!above.cseq && name === 'cseq'))
		return 1;
	if (above.callId && above.cseq) {
		if (isStartLineShape(text, at, le)) return -1;
		if (name === 'l' || isContentLength(text, at, le)) return 1;
	}
	return 0;
}

/**
 * A browser console's source location (`sip-0.9.2.js:807:5`, Firefox's line above each record):
 * a file's name, a line and a column, digits alone where a header's value would be. No header.
 */
export function consoleSourceLine(text: string, start: number, end: number): boolean {
	let e = end;
	while (e > start && text.charCodeAt(e - 1) === 13) e--;
	return e - start <= 120 && sourceLocation.test(text.slice(start, e));
}
const sourceLocation = /^[\w-]{1,60}(?:\.[\w-]{1,20}){1,4}:\d{1,7}(?::\d{1,5})?$/;

/** The start of the line after the one `at` is in (the text's end after the last). */
export function lineAfter(text: string, at: number, limit = text.length): number {
	// Searched no further than `limit` (a frame's end): a line that holds many messages (records
	// a tool compacted onto one line) is not searched to its end for each of them.
	const nl = indexWithin(text, '\n', at, limit);
	return nl < 0 ? limit : nl + 1;
}

/**
 * In a double-spaced copy, whether the line at `at` (before `end`), after the empty one that
 * follows the header line `[prevStart, prevEnd)`, opens the body: `v=0`, `<?xml`, JSON, or any
 * XML right after Content-Type or Content-Length (stacks write them last). A `<sip:...>` that a
 * copy wrapped off a header's display name is no body.
 */
export function opensBodyAfter(
	text: string,
	prevStart: number,
	prevEnd: number,
	at: number,
	end: number,
): boolean {
	if (at >= end) return false;
	let nl = text.indexOf('\n', at);
	if (nl < 0 || nl > end) nl = end;
	while (nl > at && text.charCodeAt(nl - 1) === 13) nl--;
	if (!opensBody(text, at, nl)) return false;
	if (text.charCodeAt(at) !== 60 || text.startsWith('<?xml', at)) return true;
	const name = nameOf(text, prevStart, prevEnd);
	return name === 'content-type' || name === 'content-length' || name === 'c' || name === 'l';
}

/**
 * Does the line at `at` (before `end`) hold more than white space? (A copy may have left a space
 * on the message's own empty line.)
 */
function holdsText(text: string, at: number, end: number): boolean {
	for (let i = at; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c === 10) return false;
		if (c !== 32 && c !== 9 && c !== 13) return true;
	}
	return false;
}

/** Is [start, end) a Content-Length (`l:`) header line whose value is a number? */
function isLengthLine(text: string, start: number, end: number): boolean {
	const nameEnd = headerNameEnd(text, start, end);
	const named =
		nameEnd === start + 1
			? (text.charCodeAt(start) | 32) === 108
			: nameEnd === start + 14 && text.slice(start, nameEnd).toLowerCase() === 'content-length';
	if (!named) return false;
	let i = text.indexOf(':', nameEnd) + 1;
	while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	const digits = i;
	while (i < end && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
	while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	return i > digits && i === end;
}

/** The lower-case name of the header line [start, end), or '' for no header line. */
/** Does the line at [start, end) name Content-Length (`Content-Length:`, any case)? */
function isContentLength(text: string, start: number, end: number): boolean {
	return (
		end - start > 15 &&
		text.slice(start, start + 14).toLowerCase() === 'content-length' &&
		headerNameEnd(text, start, end) === start + 14
	);
}

function nameOf(text: string, start: number, end: number): string {
	const nameEnd = headerNameEnd(text, start, end);
	return nameEnd > 0 && nameEnd - start <= 12 ? text.slice(start, nameEnd).toLowerCase() : '';
}

const result: { -readonly [K in keyof FrameLines]-?: FrameLines[K] } = {
	lines: empty,
	count: 0,
	doubleSpaced: false,
	stray: -1,
};

function found(lines: Int32Array, count: number, doubleSpaced: boolean, stray: number): FrameLines {
	result.lines = lines;
	result.count = count;
	result.doubleSpaced = doubleSpaced;
	result.stray = stray;
	return result;
}

/** Line pairs in `lines[0 .. 2 * count)`; the array may be longer (a reused buffer). */
export interface FrameLines {
	readonly lines: Int32Array;
	readonly count: number;
	/** An empty line after every line (see above): single empty lines among the headers are not an end. */
	readonly doubleSpaced?: boolean;
	/**
	 * The line of a stray empty line among the headers (see `strayEmptyLine`), -1 for none; from
	 * it on, the message is read as double-spaced.
	 */
	readonly stray?: number;
}

/** `Name: value` at `at`, its name a token: a header line, not a body's first line. */
function startsHeaderLine(text: string, at: number, end: number): boolean {
	let i = at;
	while (i < end && i - at < 40) {
		const c = text.charCodeAt(i);
		if (c === 58) return i > at && !consoleSourceLine(text, at, end);
		// token characters of a header name (RFC 3261 §25.1), no space
		if (!(
			c === 45 ||
			c === 46 ||
			c === 95 ||
			(c >= 48 && c <= 57) ||
			((c | 32) >= 97 && (c | 32) <= 122)
		))
			return false;
		i++;
	}
	return false;
}
