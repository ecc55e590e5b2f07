import { mergedSpans } from './spans';
import type { Frame, FramingResult, Problem, Span } from '../model';
import { placedFrame } from '../shift';
import { LogFrame } from './frame';
import { contentLines } from './lines';
import { isTokenChar, knownNameAt } from '../parser/headerNames';
import { headerDoc } from '../reference/headers';
import { problem } from '../parser/problems';
import { xmlRootEnd } from '../text/xmlEnd';
import { isJsWhiteSpace } from '../text/whiteSpace';

/*
 * A message whose line ends were turned into spaces: its start line, each header and its body on
 * one line (`SUBSCRIBE sip:bob@contoso.com SIP/2.0 Via: SIP/2.0/TLS 10.0.0.1:1620 Max-Forwards:
 * 70 From: ...`). Web pages that lost their line breaks and text extracted from PDFs print
 * messages so, and some applications log a message so to keep one record a line. Such a line is
 * read with a line end before each header the parser knows by name, one after Content-Length's
 * value (where the empty line was) and one before each SDP line; several messages on one line
 * each start on their own. The trace keeps its text: the text is framed with those spaces read as
 * line ends (the same length, the same offsets), and each frame holding one is given its lines.
 */

/** Where flattened messages are looked for first: a page is short; a log has one early. */
const head = 1 << 16;

// A start line followed on the same line by what reads as a header (`SIP/2.0 Via:`, `SIP/2.0 200 OK
// Via:`, also with no space after the colon as BroadWorks writes them: `SIP/2.0 Via:SIP/2.0/TLS`);
// whether the name is a header's is asked after.
const flatStart = /SIP\/2\.0 (?:\d{3} [^\r\n]{0,80}? | ?)[A-Za-z][\w-]{1,40}:[^\r\n]/;
const flatStarts = /SIP\/2\.0 (?:\d{3} [^\r\n]{0,80}? | ?)[A-Za-z][\w-]{1,40}:[^\r\n]/g;

/** Does the start of `text` hold a line with a flattened message? A cheap test first. */
export function holdsFlattened(text: string): boolean {
	if (!text.includes('SIP/2.0 ')) return false;
	const start = text.length > head ? text.slice(0, head) : text;
	// A log that escaped each CR and turned each LF into a space (`SIP/2.0 200 OK#015 Via: ...`)
	// says where its lines end: escaped.ts reads it.
	return !start.includes('#015 ') && flatStart.test(start);
}

/** The text with the flattened messages' line ends put back as `\n`, where they were spaces. */
export class FlattenedLines {
	readonly text: string;
	/** Offsets of the spaces read as line ends, ascending. */
	readonly #breaks: Int32Array;
	/** Offsets of the line ends after which the message's empty line was, ascending. */
	readonly #blanks: Int32Array;
	readonly #source: string;

	constructor(source: string) {
		this.#source = source;
		const breaks: number[] = [];
		const blanks: number[] = [];
		const starts = flatStarts;
		starts.lastIndex = 0;
		let done = -1;
		for (let m = starts.exec(source); m; m = starts.exec(source)) {
			const ls = source.lastIndexOf('\n', m.index) + 1;
			if (ls <= done) continue;
			let le = source.indexOf('\n', m.index);
			if (le < 0) le = source.length;
			if (source.charCodeAt(le - 1) === 13) le--;
			lineBreaks(source, ls, le, breaks, blanks);
			done = le;
			starts.lastIndex = le;
		}
		// The spaces replaced, the text between them kept as slices (no copy a character at a time).
		const parts: string[] = [];
		let from = 0;
		for (const b of breaks) {
			parts.push(source.slice(from, b), '\n');
			from = b + 1;
		}
		parts.push(source.slice(from));
		this.text = parts.join('');
		this.#breaks = Int32Array.from(breaks);
		this.#blanks = Int32Array.from(blanks);
	}

	/** Whether any space was read as a line end. */
	get found(): boolean {
		return this.#breaks.length > 0;
	}

	/**
	 * `result`, framed from {@link text}, on the trace: the same spans, each frame over a
	 * flattened message given its lines, and each said flattened.
	 */
	framedBack(result: FramingResult): FramingResult {
		const problems: Problem[] = [...result.problems];
		// What a frame held past its message's line: the page's next lines, read as its body.
		const tails: Span[] = [];
		const frames = result.frames.map((f) => {
			const first = firstAtOrAfter(this.#breaks, f.sip.start);
			if (first >= this.#breaks.length || this.#breaks[first]! >= f.sip.end) return f;
			const lineEnd = this.#lineEnd(f.sip.start);
			problems.push(
				problem(
					'message.flattened',
					{ start: f.sip.start, end: lineEndOf(this.text, f.sip.start) },
					'Lines of this message run together on one line, their line ends lost (a page or a logger joined them): read with a line end before each header, after Content-Length and before each SDP line.',
				),
			);
			let frame = f;
			// Past the line, a page's next lines, unless the message goes on there (a page that
			// joined only some of its lines).
			if (
				f.sip.end > lineEnd.end &&
				!isTokenLine(this.#source, lineEnd.next, this.#source.length)
			) {
				const spanEnd = Math.min(f.span.end, lineEnd.next);
				if (spanEnd < f.span.end) tails.push({ start: spanEnd, end: f.span.end });
				const sip = { start: f.sip.start, end: lineEnd.end };
				frame = placedFrame(f, {
					span: { start: f.span.start, end: spanEnd },
					meta: f.meta,
					sip,
					lines: null,
				});
			}
			// A page's prose run onto the line after the message's XML body: the document ends
			// with its root, the rest is the page's.
			const xmlEnd = this.#xmlBodyEnd(frame);
			if (xmlEnd > 0) {
				tails.push({ start: xmlEnd, end: frame.span.end });
				frame = placedFrame(frame, {
					span: { start: frame.span.start, end: xmlEnd },
					meta: frame.meta,
					sip: { start: frame.sip.start, end: xmlEnd },
					lines: null,
				});
			}
			return withLines(frame, this.#linesOf(frame));
		});
		const noise = tails.length === 0 ? result.noise : mergedSpans([...result.noise, ...tails]);
		return { ...result, frames, noise, problems };
	}

	/**
	 * Where a flattened frame's XML body closes its root when other text than markup follows it
	 * on the line (a page's next paragraph), or -1. The body starts after the empty line put back
	 * after Content-Length.
	 */
	#xmlBodyEnd(f: Frame): number {
		const k = firstAtOrAfter(this.#blanks, f.sip.start);
		if (k >= this.#blanks.length || this.#blanks[k]! >= f.sip.end) return -1;
		let body = this.#blanks[k]! + 1;
		while (body < f.sip.end && this.text.charCodeAt(body) === 32) body++;
		if (this.text.charCodeAt(body) !== 60) return -1;
		const end = xmlRootEnd(this.text, body, f.sip.end);
		if (end < 0) return -1;
		let next = end;
		while (next < f.sip.end && isJsWhiteSpace(this.text.charCodeAt(next))) next++;
		return next < f.sip.end && this.text.charCodeAt(next) !== 60 ? end : -1;
	}

	/** The end of the trace's line holding `at` (before its line end) and where the next starts. */
	#lineEnd(at: number): { end: number; next: number } {
		const nl = this.#source.indexOf('\n', at);
		if (nl < 0) return { end: this.#source.length, next: this.#source.length };
		return { end: this.#source.charCodeAt(nl - 1) === 13 ? nl - 1 : nl, next: nl + 1 };
	}

	/** A frame's lines as read, with the empty line put back after its Content-Length line. */
	#linesOf(f: Frame): Int32Array {
		const read = contentLines(this.text, f.sip.start, f.sip.end);
		const out: number[] = [];
		let k = firstAtOrAfter(this.#blanks, f.sip.start);
		for (let i = 0; i < read.length; i += 2) {
			out.push(read[i]!, read[i + 1]!);
			// The line that ends at a blank's line end: the empty line follows it.
			while (k < this.#blanks.length && this.#blanks[k]! < read[i + 1]!) k++;
			if (k < this.#blanks.length && this.#blanks[k] === read[i + 1]) {
				out.push(read[i + 1]!, read[i + 1]!);
				k++;
			}
		}
		return Int32Array.from(out);
	}
}

/** Spans in text order, those that touch joined. */
function withLines(f: Frame, lines: Int32Array): Frame {
	if (f instanceof LogFrame) return f.placed((p) => p, f.sip, lines, f.joins ?? null);
	return placedFrame(f, { span: f.span, meta: f.meta, sip: f.sip, lines });
}

function lineEndOf(text: string, at: number): number {
	const nl = text.indexOf('\n', at);
	return nl < 0 ? text.length : nl;
}

/** The index of the first of `sorted` at or after `at`. */
function firstAtOrAfter(sorted: Int32Array, at: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (sorted[mid]! < at) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/**
 * The spaces of the line `[ls, le)` to read as line ends: before each message's start line,
 * before each header, after Content-Length's value (`blanks`: the empty line), before each SDP
 * line of a body that opens with `v=`.
 */
function lineBreaks(
	text: string,
	ls: number,
	le: number,
	breaks: number[],
	blanks: number[],
): void {
	const starts = startLines(text, ls, le);
	// The header lines below the line, where a page joined only some of a message's lines.
	const below = starts.length > 0 ? headerLinesBelow(text, le) : null;
	for (let k = 0; k < starts.length; k++) {
		const ms = starts[k]!;
		const me = k + 1 < starts.length ? starts[k + 1]! - 1 : le;
		const own: number[] = [];
		const ownBlanks: number[] = [];
		if (ms > ls) own.push(ms - 1);
		let headers = 0;
		let body = -1;
		let lastHeader = -1;
		let positive = false;
		// The first header: past the start line (a request's version, a response's reason).
		let at = text.startsWith('SIP/2.0 ', ms) ? ms + 12 : text.indexOf(' SIP/2.0 ', ms) + 8;
		for (; at < me; at++) {
			if (text.charCodeAt(at) !== 32) continue;
			const name = headerNameAfter(text, at + 1, me);
			if (name < 0) continue;
			own.push(at);
			lastHeader = at;
			// A Via's protocol (`Via: SIP/2.0/UDP`) is as good as another header: no sentence says it.
			headers += text.startsWith(': SIP/2.0/', name) ? 2 : 1;
			if (isLength(text, at + 1, name)) {
				// The value's digits, then the space where the empty line was, unless another
				// header follows (a stack that writes Content-Length before others).
				let v = name + 1;
				while (v < me && text.charCodeAt(v) === 32) v++;
				const digits = v;
				while (v < me && isDigit(text.charCodeAt(v))) v++;
				positive = v > digits && Number(text.slice(digits, v)) > 0;
				// A value an example's writer left out (`Content-Length: …`, Microsoft's MS-PRES):
				// the headers after it are read on.
				if (v === digits) while (v < me && isEllipsisChar(text.charCodeAt(v))) v++;
				// The message ends with its length: the empty line after it is where the line ends.
				if (v >= me || text.charCodeAt(v) !== 32 || v + 1 >= me) {
					if (v === me || onlySpaces(text, v, me)) ownBlanks.push(v);
					break;
				}
				let w = v;
				while (w < me && text.charCodeAt(w) === 32) w++;
				if (headerNameAfter(text, w, me) >= 0) {
					at = w - 2;
					continue;
				}
				own.push(v);
				ownBlanks.push(v);
				body = v + 1;
				break;
			}
		}
		// A length above 0 with other headers after it: the body starts where a body opens.
		if (body < 0 && positive && lastHeader >= 0) {
			const opens = bodyOpening(text, lastHeader + 1, me);
			if (opens >= 0) {
				own.push(opens);
				ownBlanks.push(opens);
				body = opens + 1;
			}
		}
		// An SDP body: a line end before each `x=`.
		if (body >= 0 && text.startsWith('v=', body)) {
			for (let i = body + 1; i + 2 < me; i++)
				if (text.charCodeAt(i) === 32 && isSdpType(text, i + 1)) own.push(i);
		}
		// A start line and a header or two are what a sentence may quote: a message has more.
		const last = k === starts.length - 1;
		if (headers + (last && below ? below.headers : 0) < 3) continue;
		for (const b of own) breaks.push(b);
		for (const b of ownBlanks) blanks.push(b);
		if (last && below) for (const b of below.breaks) breaks.push(b);
	}
	breaks.sort((a, b) => a - b);
}

/**
 * The header lines right below a line, as a page that joined only some lines of a message leaves
 * them: how many headers they hold, and the spaces before the names of those joined on a line.
 */
function headerLinesBelow(text: string, le: number): { headers: number; breaks: number[] } {
	const breaks: number[] = [];
	let headers = 0;
	for (let at = nextLine(text, le); at < text.length;) {
		let end = text.indexOf('\n', at);
		if (end < 0) end = text.length;
		const lineEnd = text.charCodeAt(end - 1) === 13 ? end - 1 : end;
		if (headerNameAfter(text, at, lineEnd) < 0 && !isTokenLine(text, at, lineEnd)) break;
		headers++;
		for (let i = at + 1; i < lineEnd; i++)
			if (text.charCodeAt(i) === 32 && headerNameAfter(text, i + 1, lineEnd) >= 0) {
				breaks.push(i);
				headers++;
			}
		at = end + 1;
	}
	return { headers, breaks };
}

function nextLine(text: string, le: number): number {
	const nl = text.indexOf('\n', le);
	return nl < 0 ? text.length : nl + 1;
}

/** A header line (`name:`) whatever its name. */
function isTokenLine(text: string, at: number, end: number): boolean {
	let i = at;
	while (i < end && i - at <= 64 && isTokenChar(text.charCodeAt(i))) i++;
	return i > at && text.charCodeAt(i) === 58;
}

/**
 * Where each message on the line starts: a request line (`METHOD uri SIP/2.0`) or status line
 * followed by a header, at the line's start or after a space.
 */
function startLines(text: string, ls: number, le: number): number[] {
	const out: number[] = [];
	for (
		let v = text.indexOf('SIP/2.0 ', ls);
		v >= 0 && v < le;
		v = text.indexOf('SIP/2.0 ', v + 8)
	) {
		let h = v + 8;
		while (h < le && h - v < 11 && text.charCodeAt(h) === 32) h++;
		if (text.charCodeAt(v - 1) === 32 && text.charCodeAt(h) >= 65) {
			// `METHOD uri SIP/2.0 Header:`: the method and URI before the version.
			const uriStart = Math.max(ls, text.lastIndexOf(' ', v - 2) + 1);
			const methodStart = Math.max(ls, text.lastIndexOf(' ', uriStart - 2) + 1);
			if (
				uriStart > methodStart &&
				isMethod(text, methodStart, uriStart - 1) &&
				headerNameAfter(text, h, le) >= 0
			)
				out.push(methodStart);
		} else if (
			(v === ls || text.charCodeAt(v - 1) === 32) &&
			isDigit(text.charCodeAt(v + 8)) &&
			isDigit(text.charCodeAt(v + 9)) &&
			isDigit(text.charCodeAt(v + 10)) &&
			text.charCodeAt(v + 11) === 32 &&
			firstHeader(text, v + 12, le) >= 0
		)
			out.push(v);
	}
	return out;
}

/**
 * The space before a body's first line after `from`: an XML document (`<?xml`, `<presence ...`,
 * not a URI's `<sip:`), an SDP (`v=0`) or a multipart body's delimiter (`--boundary`); -1.
 */
function bodyOpening(text: string, from: number, end: number): number {
	for (let i = from; i + 3 < end; i++) {
		if (text.charCodeAt(i) !== 32) continue;
		const c = text.charCodeAt(i + 1);
		if (c === 60) {
			if (text.charCodeAt(i + 2) === 63) return i;
			let n = i + 2;
			while (n < end && isTokenChar(text.charCodeAt(n)) && text.charCodeAt(n) !== 58) n++;
			const after = text.charCodeAt(n);
			if (n > i + 2 && (after === 32 || after === 62 || after === 47)) return i;
		} else if (c === 118 && text.startsWith('v=0 ', i + 1)) return i;
		else if (c === 45 && text.charCodeAt(i + 2) === 45 && isTokenChar(text.charCodeAt(i + 3)))
			return i;
	}
	return -1;
}

/** The first space before a header name after `from`, within the next 80 characters; -1 if none. */
function firstHeader(text: string, from: number, le: number): number {
	for (let at = from; at < le && at - from <= 80; at++)
		if (text.charCodeAt(at) === 32 && headerNameAfter(text, at + 1, le) >= 0) return at;
	return -1;
}

/**
 * Where the name of a header starting at `at` ends (at its colon), when it is one the parser
 * knows (a common one, a documented one, an `X-` or `P-` extension) and a colon follows; -1
 * otherwise.
 */
function headerNameAfter(text: string, at: number, end: number): number {
	let i = at;
	while (i < end && i - at <= 40 && isTokenChar(text.charCodeAt(i))) i++;
	if (i - at < 2 || text.charCodeAt(i) !== 58) return -1;
	const known = knownNameAt(text, at, i);
	if (known !== undefined && !known.compact) return i;
	const c = text.charCodeAt(at) | 32;
	if ((c === 120 || c === 112) && text.charCodeAt(at + 1) === 45) return i;
	if (headerDoc(text.slice(at, i).toLowerCase())) return i;
	// An extension's name as stacks write them, capitalised words joined by `-` (`Remote-Party-ID`,
	// `Cisco-Guid`, `Content-ID`).
	return isCapitalisedName(text, at, i) ? i : -1;
}

function isCapitalisedName(text: string, start: number, end: number): boolean {
	let hyphens = 0;
	let wordStart = true;
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c === 45) {
			if (wordStart) return false;
			hyphens++;
			wordStart = true;
			continue;
		}
		const letter = (c | 32) >= 97 && (c | 32) <= 122;
		if (wordStart && !(letter && c <= 90)) return false;
		if (!letter && !isDigit(c)) return false;
		wordStart = false;
	}
	return hyphens > 0 && !wordStart;
}

/** `.` or `…`, of a value left out. */
const isEllipsisChar = (c: number): boolean => c === 46 || c === 0x2026;

function isLength(text: string, at: number, nameEnd: number): boolean {
	return nameEnd - at === 14 && text.slice(at, nameEnd).toLowerCase() === 'content-length';
}

function isMethod(text: string, start: number, end: number): boolean {
	if (end - start < 3 || end - start > 20) return false;
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (!((c >= 65 && c <= 90) || c === 45)) return false;
	}
	return true;
}

/** `x=` with `x` an SDP line type (RFC 8866 §5). */
function isSdpType(text: string, at: number): boolean {
	const c = text.charCodeAt(at);
	return c >= 97 && c <= 122 && text.charCodeAt(at + 1) === 61;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function onlySpaces(text: string, from: number, to: number): boolean {
	for (let i = from; i < to; i++) if (text.charCodeAt(i) !== 32) return false;
	return true;
}
