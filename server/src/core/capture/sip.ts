import { isTokenChar } from '../parser/headerNames';
import { type Bytes } from './bytes';

/*
 * Where SIP messages start and end in transport payloads, on octets (before any decoding): a
 * start line (RFC 3261 §7.1, §7.2), the headers up to the empty line, then Content-Length octets
 * of body (§18.3: on a stream the header is mandatory; without it the body is empty).
 */

const CR = 13;
const LF = 10;
/** A start line longer than this is no SIP start line (bounds the look at each line). */
const maxStartLine = 4096;
/** Headers longer than this without an empty line: not a SIP message. */
const maxHeaders = 65536;

const sipVersion = [83, 73, 80, 47, 50, 46, 48]; // "SIP/2.0"

function isVersionAt(b: Bytes, at: number): boolean {
	for (let k = 0; k < 7; k++) if (b[at + k] !== sipVersion[k]) return false;
	return true;
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 48 && c <= 57;

/**
 * `SIP/d.d` at `at`: a start line's version, SIP/2.0 or another one a sender wrote (`SIP/2.1`):
 * the datagram is a SIP message all the same, whose version the parser reports (§7.1).
 */
function isAnyVersionAt(b: Bytes, at: number): boolean {
	for (let k = 0; k < 4; k++) if (b[at + k] !== sipVersion[k]) return false;
	return isDigit(b[at + 4]) && b[at + 5] === 46 && isDigit(b[at + 6]);
}

/** Whether a SIP request or status line starts at `at` (within [at, end)). */
export function isStartLine(b: Bytes, at: number, end: number): boolean {
	const limit = Math.min(end, at + maxStartLine);
	if (isAnyVersionAt(b, at))
		return b[at + 7] === 32 && isDigit(b[at + 8]) && isDigit(b[at + 9]) && isDigit(b[at + 10]);
	// Method SP Request-URI SP SIP/2.0 CRLF
	let i = at;
	while (i < limit && isTokenChar(b[i]!)) i++;
	if (i === at || b[i] !== 32) return false;
	let lineEnd = i;
	while (lineEnd < limit && b[lineEnd] !== LF) lineEnd++;
	if (lineEnd >= limit && lineEnd < end) return false;
	const stop = lineEnd > at && b[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
	if (stop - 8 > i && b[stop - 8] === 32 && isAnyVersionAt(b, stop - 7)) return true;
	return transportVersionAt(b, i, stop) && headerLineAt(b, lineEnd + 1, end);
}

/**
 * Whether [method end, stop) ends in ` SIP/2.0/TRANSPORT`: a Request-Line whose version was
 * written as a Via's sent-protocol (RFC 3261 §20.42). The parser reports the version (§7.1,
 * §25.1); here the message is only found, as the text framers find it.
 */
function transportVersionAt(b: Bytes, from: number, stop: number): boolean {
	let t = stop;
	while (t > from && isLetter(b[t - 1]!)) t--;
	if (t === stop || stop - t > 10 || b[t - 1] !== 47) return false;
	const v = t - 8;
	return v - 1 > from && b[v - 1] === 32 && isVersionAt(b, v);
}

/** Whether a header line (`token *WSP ":"`, RFC 3261 §7.3.1) starts at `at`. */
function headerLineAt(b: Bytes, at: number, limit: number): boolean {
	let i = at;
	while (i < limit && i - at < 128 && isTokenChar(b[i]!)) i++;
	if (i === at) return false;
	while (i < limit && (b[i] === 32 || b[i] === 9)) i++;
	return i < limit && b[i] === 58;
}

const isLetter = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;

/** The start of the next line after `at` that is a start line, or -1 (resynchronising on a stream). */
export function nextStartLine(b: Bytes, at: number, end: number): number {
	for (let i = at; i < end; i++)
		if (b[i] === LF && i + 1 < end && isStartLine(b, i + 1, end)) return i + 1;
	return -1;
}

/**
 * Where the message starting at `at` ends: after its empty line and Content-Length octets.
 * `complete` is false when `end` comes first (the rest is not in the capture); null when no
 * empty line comes within the bounds of a header block.
 */
export function messageEnd(
	b: Bytes,
	at: number,
	end: number,
): { end: number; complete: boolean; wanted?: number } | null {
	let contentLength = 0;
	let lineStart = at;
	const limit = Math.min(end, at + maxHeaders);
	for (let i = at; i < limit; i++) {
		if (b[i] !== LF) continue;
		const lineEnd = i > lineStart && b[i - 1] === CR ? i - 1 : i;
		if (lineEnd === lineStart) {
			const bodyEnd = i + 1 + contentLength;
			return bodyEnd <= end
				? { end: bodyEnd, complete: true }
				: { end, complete: false, wanted: bodyEnd };
		}
		const value = contentLengthOf(b, lineStart, lineEnd);
		if (value !== null) contentLength = value;
		lineStart = i + 1;
	}
	return limit === end && end - at < maxHeaders ? { end, complete: false } : null;
}

const contentLengthName = 'content-length';

/** The value of a `Content-Length:` (or compact `l:`) header line, or null for another line. */
function contentLengthOf(b: Bytes, start: number, end: number): number | null {
	let i = start;
	const lower = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
	if (lower(b[i]!) === 108 && (b[i + 1] === 58 || b[i + 1] === 32 || b[i + 1] === 9)) i += 1;
	else {
		for (let k = 0; k < contentLengthName.length; k++, i++)
			if (i >= end || lower(b[i]!) !== contentLengthName.charCodeAt(k)) return null;
	}
	while (i < end && (b[i] === 32 || b[i] === 9)) i++;
	if (b[i] !== 58) return null;
	i++;
	while (i < end && (b[i] === 32 || b[i] === 9)) i++;
	let n = 0;
	let digits = 0;
	for (; i < end && isDigit(b[i]) && digits < 10; i++, digits++) n = n * 10 + b[i]! - 48;
	return digits > 0 ? n : null;
}

/** Skips the CR and LF octets at `at` (keep-alives, RFC 5626 §3.5.1): where the payload goes on. */
export function skipLineEnds(b: Bytes, at: number, end: number): number {
	while (at < end && (b[at] === CR || b[at] === LF)) at++;
	return at;
}
