import {
	inHeaderValue,
	isBlank,
	isHeaderLine,
	readLine,
	settledHeaderName,
	type Line,
	type VersionAhead,
} from './lines';

/**
 * A start line glued after the printable octets of a frame's own headers: Wireshark's "Copy >
 * …as Printable Text" of a whole frame keeps every octet that is printable or white space
 * (0x20-0x7E, tab, CR, LF, and from 3.x Latin-1 letters too) and drops the others, with nothing
 * put between, so the Ethernet, IP and UDP headers leave a few characters of any kind right
 * before the start line (`E¥¼"@@~£:Õ:Ô¿¤SUBSCRIBE sip:linda@127.0.0.1 SIP/2.0`). Nothing marks
 * where they end: the message's own CSeq does (RFC 3261 §8.1.1.5: its method is the request's).
 */

/** How far into a line the frame's headers may reach (Ethernet, VLAN tags, IPv6, TCP options). */
const maxOctets = 200;
/** The longest Request-URI looked for before ` SIP/2.0`. */
const maxUri = 4096;
/** How many header lines are read for the CSeq. */
const maxHeaders = 80;

/**
 * Where a start line glued after a frame's header octets begins in the line [start, end), or -1:
 * a Request-Line whose method, as the CSeq below it names it, ends an upper-case run that
 * something else stands before; or `SIP/2.0 NNN` after other characters, with a CSeq below it.
 * The lines after it (`content` takes their decoration off) must be header lines, up to the
 * CSeq, so that a log line that merely names a request or a status is not taken for one. An
 * ordinary start line (nothing before it) is -1.
 */
export function afterFrameOctets(
	text: string,
	start: number,
	end: number,
	next: number,
	content?: (l: Line) => [number, number] | null,
	ahead?: VersionAhead,
): number {
	let e = end;
	while (e > start && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	if (e - start < 12) return -1;
	if (text.charCodeAt(e - 1) === 48 && text.startsWith(' SIP/2.0', e - 8)) {
		const uriEnd = e - 8;
		let sp = uriEnd - 1;
		while (sp > start && uriEnd - sp < maxUri && text.charCodeAt(sp) !== 32) sp--;
		if (sp <= start || text.charCodeAt(sp) !== 32 || !schemeAt(text, sp + 1, uriEnd)) return -1;
		let run = sp;
		while (run > start && sp - run < 40 && isUpper(text.charCodeAt(run - 1))) run--;
		// The run must not open the line: that is an ordinary start line, read as it is.
		if (run === start || sp - run < 3 || run - start > maxOctets) return -1;
		// A header's value that holds a request line is that header (see inHeaderValue).
		if (inHeaderValue(text, start, run)) return -1;
		const method = cseqMethodBelow(text, next, content);
		if (method === null || method.length > sp - run) return -1;
		return text.startsWith(method, sp - method.length) ? sp - method.length : -1;
	}
	// A header line holds no status line glued after octets (most lines between and inside
	// messages are header lines, settled by their name).
	if (settledHeaderName(text, start, e) > 0) return -1;
	const last = Math.min(e - 11, start + maxOctets);
	let i = start + 1;
	if (ahead !== undefined) {
		const version = ahead.next(i);
		if (version >= 0) {
			if (version > last) return -1;
			i = version;
		}
	}
	for (; i <= last; i++) {
		if (text.charCodeAt(i) !== 83 || !text.startsWith('SIP/2.0 ', i)) continue;
		const d = i + 8;
		if (!isDigit(text.charCodeAt(d)) || !isDigit(text.charCodeAt(d + 1))) return -1;
		if (!isDigit(text.charCodeAt(d + 2))) return -1;
		if (d + 3 < e && text.charCodeAt(d + 3) !== 32) return -1;
		return cseqMethodBelow(text, next, content) === null ? -1 : i;
	}
	return -1;
}

/** `scheme:` at `from` (a letter, then letters, digits, `+`, `-` or `.`), before `end`? */
function schemeAt(text: string, from: number, end: number): boolean {
	const first = text.charCodeAt(from) | 32;
	if (first < 97 || first > 122) return false;
	for (let i = from + 1; i < end && i - from < 12; i++) {
		const c = text.charCodeAt(i);
		if (c === 58) return true;
		const l = c | 32;
		if (!((l >= 97 && l <= 122) || isDigit(c) || c === 43 || c === 45 || c === 46)) return false;
	}
	return false;
}

/**
 * The method of the CSeq among the header lines that start at `next` (folded lines allowed), or
 * null when a line before it is not a header line or the headers end first.
 */
function cseqMethodBelow(
	text: string,
	next: number,
	content?: (l: Line) => [number, number] | null,
): string | null {
	const line: Line = { start: 0, end: 0, next };
	for (let k = 0; k < maxHeaders && readLine(text, line.next, line); k++) {
		const c = content ? content(line) : [line.start, line.end];
		if (!c) return null;
		const [s, e] = c;
		if (isBlank(text, s, e)) return null;
		const first = text.charCodeAt(s);
		if (k > 0 && (first === 32 || first === 9)) continue; // a folded value
		if (!isHeaderLine(text, s, e)) return null;
		const m = /^cseq[ \t]*:[ \t]*\d{1,10}[ \t]+([!%'*+\-.0-9A-Z_`a-z~]+)/iy.exec(
			text.slice(s, Math.min(e, s + 80)),
		);
		if (m) return m[1]!;
	}
	return null;
}

function isUpper(c: number): boolean {
	return c >= 65 && c <= 90;
}

function isDigit(c: number): boolean {
	return c >= 48 && c <= 57;
}

/** How much of a text is read for frame copies (a copy of frames is pasted whole, from its top). */
const copiesSample = 1 << 16;

/**
 * Does the text hold frames copied as printable text: a start line glued after a frame's octets
 * on a line of its first 64 KB? Looked for once, so that a trace of any other kind (nearly every
 * one) does not search each of its lines for a start line behind such octets.
 */
export function holdsFrameCopies(text: string): boolean {
	const end = Math.min(text.length, copiesSample);
	const line: Line = { start: 0, end: 0, next: 0 };
	for (let at = 0; at < end && readLine(text, at, line); at = line.next)
		if (afterFrameOctets(text, line.start, line.end, line.next) >= 0) return true;
	return false;
}
