import { indexWithin } from '../text/search';
import { isTokenChar, knownNameAt } from '../parser/headerNames';

/**
 * Line scanning shared by the framers: one pass of indexOf('\n'), no per-line strings.
 * A line is [start, end) without its CR/LF; `next` is where the following line starts.
 */
export interface Line {
	start: number;
	end: number;
	next: number;
}

/** Fills `line` with the line starting at `at`; returns false at the end of the text. */
export function readLine(text: string, at: number, line: Line): boolean {
	if (at >= text.length) return false;
	let nl = text.indexOf('\n', at);
	if (nl < 0) nl = text.length;
	let end = nl;
	// CR LF, and CR CR LF from a copy that converted line ends twice.
	while (end > at && text.charCodeAt(end - 1) === 13) end--;
	line.start = at;
	line.end = end;
	line.next = nl < text.length ? nl + 1 : nl;
	return true;
}

export function isBlank(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c !== 32 && c !== 9 && c !== 13) return false;
	}
	return true;
}

export function startsWith(text: string, at: number, prefix: string): boolean {
	return text.startsWith(prefix, at);
}

/**
 * Is [start, end) a SIP start line? `SIP/x.y NNN ...` or `token SP uri SP SIP/x.y`. Loose on
 * purpose: a bad version or odd method must still be framed so the parser can report it.
 */
export function isStartLine(text: string, start: number, end: number): boolean {
	return isBareStartLine(text, start, end) || isAnnotatedRequestLine(text, start, end);
}

/** {@link isStartLine} of a line that holds the start line alone. */
function isBareStartLine(text: string, start: number, end: number): boolean {
	if (end - start < 8) return false;
	const c0 = text.charCodeAt(start);
	if (c0 === 83 || c0 === 115) {
		// SIP/2.0 200
		if (
			(text.charCodeAt(start + 1) | 32) === 105 &&
			(text.charCodeAt(start + 2) | 32) === 112 &&
			text.charCodeAt(start + 3) === 47 &&
			statusVersionAt(text, start + 4, Math.min(end, start + 16))
		)
			return true;
	}
	if (c0 <= 32 || c0 === 60 || c0 === 91) return false; // space, '<', '['
	if (c0 >= 48 && c0 <= 57 && isHexDumpLine(text, start, end)) return false;
	let e = end;
	while (e > start && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	// ...SIP/2.0 at the end, with a space before it and one inside. Header lines fail the
	// cheap checks (a digit last, a '/' a few characters before it) without a regex or a slice.
	if (e - start < 12) return false;
	const last = text.charCodeAt(e - 1);
	if (last < 48 || last > 57) {
		// A method (upper case) then a space: most header lines (`Via:`) fail by their second
		// character, without a call.
		const c1 = text.charCodeAt(start + 1);
		return isLetter(last) && (isUpper(c1) || c1 === 32) && isTransportStartLine(text, start, e);
	}
	let slash = e - 2;
	while (slash > e - 10 && text.charCodeAt(slash) !== 47) slash--;
	if ((text.charCodeAt(slash - 1) | 32) !== 112) return false;
	if (!endsWithVersion(text, Math.max(start, e - 12), e)) return false;
	// `... Server: SIP/2.0`: a header whose value is the version (a logged header line behind a
	// prefix), not a Request-URI, which ends with its scheme's colon only where a poster blanked
	// it out (`REFER sip: SIP/2.0`): the scheme alone, right after the method.
	const sp = text.indexOf(' ', start);
	const lastSp = text.lastIndexOf(' ', e - 1);
	if (text.charCodeAt(lastSp - 1) === 58 && !isBareScheme(text, sp + 1, lastSp)) return false;
	if (sp < 0 || sp >= e - 8) return false;
	// A method has a letter or digit (a log's date is read loosely, to be reported): a list's
	// bullet (`* The Request-URI: INVITE sip:... SIP/2.0`, a page explaining the parts of a
	// request line) is no method.
	let letter = false;
	for (let i = start; i < sp; i++) {
		const c = text.charCodeAt(i);
		if (isLetter(c) || (c >= 48 && c <= 57)) letter = true;
		else if (
			c <= 32 ||
			c === 58 ||
			c === 60 ||
			c === 62 ||
			c === 34 ||
			c === 44 ||
			c === 59 ||
			c === 64 ||
			c >= 127
		)
			return false;
	}
	return letter;
}

/** Is [start, end) a URI scheme and its colon alone (`sip:`, `sips:`, `tel:`)? */
function isBareScheme(text: string, start: number, end: number): boolean {
	const n = end - start;
	if (n < 4 || n > 5) return false;
	const scheme = text.slice(start, end).toLowerCase();
	return scheme === 'sip:' || scheme === 'sips:' || scheme === 'tel:';
}

/**
 * `METHOD uri SIP/2.0` and a note after it, where a header line follows: a poster's remark on a
 * copied message (`NOTIFY sip:51234@10.0.0.27 SIP/2.0 <- Method line`, a mark at the page's
 * right edge, `SIP/2.0^M <- sent by the portal` where the log shows the CR as `^M`). A note that
 * reads as a header (`SIP/2.0 Via: ...`, headers run together on one line) is not one. The
 * parser reports the note (RFC 3261 §7.1: the version ends the line).
 */
export function isAnnotatedRequestLine(text: string, start: number, end: number): boolean {
	// An upper-case method and a space: most lines fail by their first three characters.
	if (!isUpper(text.charCodeAt(start + 2)) || !isUpper(text.charCodeAt(start))) return false;
	let i = start + 1;
	while (i < end && i - start <= 20 && isUpper(text.charCodeAt(i))) i++;
	if (text.charCodeAt(i) !== 32) return false;
	// The Request-URI: a scheme, ':', no white space.
	let u = i + 1;
	if (!isLetter(text.charCodeAt(u))) return false;
	while (u < end && u - i < 12 && isSchemeChar(text.charCodeAt(u))) u++;
	if (text.charCodeAt(u) !== 58) return false;
	let sp = u + 1;
	while (sp < end && text.charCodeAt(sp) > 32 && text.charCodeAt(sp) < 127) sp++;
	if (sp === u + 1 || text.charCodeAt(sp) !== 32 || !text.startsWith('SIP/2.0', sp + 1))
		return false;
	// White space or a shown CR (`^M`), then the note.
	let n = sp + 8;
	if (text.charCodeAt(n) === 94 && text.charCodeAt(n + 1) === 77) n += 2;
	else if (text.charCodeAt(n) !== 32 && text.charCodeAt(n) !== 9) return false;
	while (n < end && (text.charCodeAt(n) === 32 || text.charCodeAt(n) === 9)) n++;
	if (n >= end || text.charCodeAt(n) === 13 || isHeaderLine(text, n, end)) return false;
	// The line after it (past a CR, which a copy may keep) is a header line.
	let next = end;
	while (text.charCodeAt(next) === 13) next++;
	if (text.charCodeAt(next) !== 10) return false;
	return headerFollows(text, next + 1);
}

// A line of a hex dump (tshark -x, Wireshark's bytes pane, `xxd`-like tools): an offset, two
// spaces (three in some copies), octets as hex pairs. Its ASCII column may end with a request
// line's `SIP/2.0`.
const hexDumpLine = /^[0-9a-f]{4,8}:? {1,3}[0-9a-f]{2} [0-9a-f]{2} [0-9a-f]{2} /;

/** Is [start, end) a line of a hex dump (see {@link hexDumpLine}), not a request line? */
export function isHexDumpLine(text: string, start: number, end: number): boolean {
	return hexDumpLine.test(text.slice(start, Math.min(end, start + 24)));
}

/**
 * Is [start, end) `METHOD SP scheme:uri SP SIP/x.y/TRANSPORT`: a Request-Line whose SIP-Version
 * was written as a Via's sent-protocol (RFC 3261 §20.42), as in stacks' and proxies' bad-message
 * tests? Framed so the parser reports the version (§7.1, §25.1) rather than the message being
 * lost as log text. Strict where {@link isStartLine} is loose, as no log line is taken for a
 * request by it: an upper-case method, a URI with a scheme, single spaces, three elements, a
 * transport of letters. A framer that reads free text also wants a header line after it
 * ({@link isHeaderLine}).
 */
export function isTransportStartLine(text: string, start: number, end: number): boolean {
	let e = end;
	while (e > start && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	// The transport's letters end the line: a Request-Line's `SIP/2.0` does not (most calls).
	if (e === start || !isLetter(text.charCodeAt(e - 1))) return false;
	let i = start;
	while (i < e && isUpper(text.charCodeAt(i))) i++;
	if (i === start || i - start > 20 || text.charCodeAt(i) !== 32) return false;
	// The Request-URI: a scheme (a letter, then letters, digits, '+', '-', '.'), ':', no space.
	let u = i + 1;
	if (!isLetter(text.charCodeAt(u))) return false;
	while (u < e && u - i < 12 && isSchemeChar(text.charCodeAt(u))) u++;
	if (text.charCodeAt(u) !== 58) return false;
	let sp = u + 1;
	for (; sp < e; sp++) {
		const c = text.charCodeAt(sp);
		if (c <= 32 || c >= 127) break;
	}
	if (sp === u + 1 || text.charCodeAt(sp) !== 32) return false;
	// SIP/x.y/TRANSPORT to the end of the line.
	let v = sp + 1;
	if (
		(text.charCodeAt(v) | 32) !== 115 ||
		(text.charCodeAt(v + 1) | 32) !== 105 ||
		(text.charCodeAt(v + 2) | 32) !== 112 ||
		text.charCodeAt(v + 3) !== 47
	)
		return false;
	v += 4;
	const major = v;
	while (v < e && isDigit(text.charCodeAt(v))) v++;
	if (v === major || text.charCodeAt(v) !== 46) return false;
	const minor = ++v;
	while (v < e && isDigit(text.charCodeAt(v))) v++;
	if (v === minor || text.charCodeAt(v) !== 47) return false;
	const transport = ++v;
	while (v < e && isLetter(text.charCodeAt(v))) v++;
	return v === e && v > transport && v - transport <= 10;
}

function isLetter(c: number): boolean {
	return (c | 32) >= 97 && (c | 32) <= 122;
}

function isSchemeChar(c: number): boolean {
	return isLetter(c) || isDigit(c) || c === 43 || c === 45 || c === 46;
}

/**
 * After a status line's `SIP/`, does [from, end) hold `\d+\.\d+ +\d` (the version, spaces, the
 * code's first digit)? Read in place: this runs on every start line, where a regex needed a
 * slice of the line and a RegExp object of its own each call.
 */
function statusVersionAt(text: string, from: number, end: number): boolean {
	let i = digitRun(text, from, end);
	if (i === from || i >= end || text.charCodeAt(i) !== 46) return false;
	const minor = i + 1;
	i = digitRun(text, minor, end);
	if (i === minor || i >= end || text.charCodeAt(i) !== 32) return false;
	while (i < end && text.charCodeAt(i) === 32) i++;
	return i < end && isDigit(text.charCodeAt(i));
}

/** Does [from, end) end with ` SIP/\d+\.\d+` (case-insensitive `SIP`), read backwards in place? */
function endsWithVersion(text: string, from: number, end: number): boolean {
	let i = end;
	while (i > from && isDigit(text.charCodeAt(i - 1))) i--;
	if (i === end || i - 1 <= from || text.charCodeAt(i - 1) !== 46) return false;
	const minor = i - 1;
	i = minor;
	while (i > from && isDigit(text.charCodeAt(i - 1))) i--;
	if (i === minor || i - 5 < from || text.charCodeAt(i - 1) !== 47) return false;
	return (
		text.charCodeAt(i - 5) === 32 &&
		(text.charCodeAt(i - 4) | 32) === 115 &&
		(text.charCodeAt(i - 3) | 32) === 105 &&
		(text.charCodeAt(i - 2) | 32) === 112
	);
}

/** The end of the run of ASCII digits at `from`, before `end`. */
function digitRun(text: string, from: number, end: number): number {
	let i = from;
	while (i < end && isDigit(text.charCodeAt(i))) i++;
	return i;
}

/** How far into a line a start line glued after a logger's tag may begin. */
const maxGluedPrefix = 200;
/** A head {@link gluedStart} reads without asking {@link VersionAhead}. */
const shortHead = 40;
/** The longest Request-URI looked for before ` SIP/2.0` (the search stays bounded per line). */
const maxGluedUri = 4096;

/**
 * What may stand right before a glued start line: the end of a tag such as `SEND: `, `recv=`,
 * `]  `; the `<` a logger opens the message with (Avaya Experience Portal's
 * `SIPTCP::ProcessRead: <SIP/2.0 180 Ringing`, and `<^INVITE ...` for a request it sends); or
 * the backtick of a Markdown code span the message was pasted in (`` `SUBSCRIBE ``).
 */
function isTagEnd(c: number): boolean {
	// space, tab, '=', ':', '<', '>', ']', ')', '|', '`', '^'
	return (
		c === 94 ||
		c === 32 ||
		c === 9 ||
		c === 61 ||
		c === 58 ||
		c === 60 ||
		c === 62 ||
		c === 93 ||
		c === 41 ||
		c === 124 ||
		c === 96
	);
}

/**
 * Where a start line glued after a short prefix begins in [start, end), or -1: a logger's tag
 * before the message's first line (SIPml5's `SEND: REGISTER sip:a SIP/2.0` and
 * `recv=SIP/2.0 200 OK`, AudioCodes' `DEBUG <157>[S=2469] [SID=..]  PUBLISH sip:a SIP/2.0`).
 * Strict where {@link isStartLine} is loose: an upper-case method and a URI with a scheme before
 * `SIP/2.0` at the end of the line, or `SIP/2.0` and a three-digit status, after a tag that ends
 * in a separator. -1 for an ordinary start line (nothing before it).
 */
export function gluedStart(text: string, start: number, end: number, ahead?: VersionAhead): number {
	let e = end;
	while (e > start && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	if (e - start < 12) return -1;
	if (text.charCodeAt(e - 1) === 48 && text.startsWith(' SIP/2.0', e - 8)) {
		// `... METHOD scheme:rest SIP/2.0`, read backwards.
		const uriEnd = e - 8;
		let sp = uriEnd - 1;
		while (sp > start && uriEnd - sp < maxGluedUri && text.charCodeAt(sp) !== 32) sp--;
		// A page's e-mail protection put its space inside the URI (`sip:[email protected]:5061`):
		// the URI starts before it.
		if (sp - start >= 7 && text.startsWith('[email protected]', sp - 6)) {
			sp -= 7;
			while (sp > start && uriEnd - sp < maxGluedUri && text.charCodeAt(sp) !== 32) sp--;
		}
		if (text.charCodeAt(sp) !== 32) return -1;
		if (sp <= start || sp === uriEnd - 1) return -1;
		let colon = sp + 1;
		const first = text.charCodeAt(colon);
		if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122))) return -1;
		while (colon < uriEnd && colon - sp < 12 && text.charCodeAt(colon) !== 58) colon++;
		if (text.charCodeAt(colon) !== 58) return -1;
		let method = sp;
		while (method > start && sp - method < 20 && isUpper(text.charCodeAt(method - 1))) method--;
		if (sp - method < 3 || method === start || method - start > maxGluedPrefix) return -1;
		// A Lync / Skype for Business diagnostic record names the request it is about
		// (`SIP-Start-Line: INVITE ...`, then `SIP-Call-ID:`, `SIP-CSeq:`): no message.
		if (method - start >= 16 && text.startsWith('SIP-Start-Line: ', method - 16)) return -1;
		if (!isTagEnd(text.charCodeAt(method - 1))) return -1;
		return inHeaderValue(text, start, method) ? -1 : method;
	}
	// `...SIP/2.0 200 OK`: the version early in the line, after a tag.
	const last = Math.min(e - 11, start + maxGluedPrefix);
	// No `SIP/2.0 ` starts between the line's second character and `last`: nothing below can
	// find one (most long lines are settled here). A short head is read faster than the text up
	// to the next version (a status line's own head: the search would run to the next one).
	if (ahead !== undefined && last - start > shortHead) {
		const version = ahead.next(start + 1);
		if (version >= 0 && version > last) return -1;
	}
	// A header-shaped line holds one only as its value (`Received: SIP/2.0 200 OK`): header
	// lines, most of a trace, are settled by their name. Other lines' heads are searched, and so
	// is a line whose "name" has a dot, a console's source link (`jssip.min.js:9 JsSIP:Transport
	// sending message:SIP/2.0 100 Trying`): no header's name has one.
	const colon = headerColon(text, start, e, true);
	if (colon >= 0) {
		let v = colon + 1;
		while (v < e && (text.charCodeAt(v) === 32 || text.charCodeAt(v) === 9)) v++;
		// A log's level or label that reads as a name (java.util.logging's `INFO: Response from
		// SIP Server: SIP/2.0 401 Unauthorized`) is no header's: the line is searched on.
		if ((v > last || !text.startsWith('SIP/2.0 ', v)) && isHeaderName(text, start, colon))
			return -1;
	}
	for (let i = colon >= 0 ? colon + 1 : start + 1; i <= last; i++) {
		if (text.charCodeAt(i) !== 83 || text.charCodeAt(i + 3) !== 47) continue;
		if (!text.startsWith('SIP/2.0 ', i)) continue;
		if (!isTagEnd(text.charCodeAt(i - 1))) return -1;
		const d = i + 8;
		if (!isDigit(text.charCodeAt(d)) || !isDigit(text.charCodeAt(d + 1))) return -1;
		if (!isDigit(text.charCodeAt(d + 2))) return -1;
		const after = d + 3 < e ? text.charCodeAt(d + 3) : 32;
		if (after !== 32) return -1;
		// A log's line that names a reply twice (Kamailio's `_reply_light(): reply sent out -
		// buf=0x...: SIP/2.0 100 trying -... shmem=0x...: SIP/2.0 100 trying -`): its summary.
		// So is its print of a reply's first octets behind the buffer's address (`buf=0x7fa2...: `,
		// the rest of the print on the next lines, then `... shmem=0x...:`): no message.
		if (i - start >= 8 && bufferAddress.test(text.slice(Math.max(start, i - 26), i))) return -1;
		return indexWithin(text, 'SIP/2.0 ', d + 3, e) < 0 ? i : -1;
	}
	return -1;
}

const bufferAddress = /\bbuf=0x[0-9a-f]{4,16}: $/;

/**
 * Does a SIP header's value, begun before `at`, hold `at` (a Via sipsak sent with a request
 * line in its branch: `Via: SIP/2.0/UDP 127.0.0.1:53153;branch=z9REGISTER sip:a SIP/2.0`)? A
 * line that starts with a header's name and its value is that header, not a tag before a
 * message; a value that is the start line (`Received: INVITE sip:a SIP/2.0`) may be a log's label.
 */
export function inHeaderValue(text: string, start: number, at: number): boolean {
	const colon = headerColon(text, start, at, true);
	if (colon < 0 || knownNameAt(text, start, colon) === undefined) return false;
	let v = colon + 1;
	while (v < at && (text.charCodeAt(v) === 32 || text.charCodeAt(v) === 9)) v++;
	return v < at;
}

/**
 * Where the next `SIP/2.0 ` (a status line's version) starts, for a framer reading a text's
 * lines in order: found with one indexOf and reused for every line before it, so that most
 * lines need no search of their own. Scans stay disjoint (linear in all): a position before
 * the last one asked is not answered.
 */
export class VersionAhead {
	/** No `SIP/2.0 ` starts in [#from, #at); one starts at #at (the text's length: none). */
	#from = -1;
	#at = -1;

	constructor(private readonly text: string) {}

	/**
	 * The first `SIP/2.0 ` at or after `from` (the text's length: none), or -1 when not known
	 * here. Small integers only (no Infinity), so that the fields stay unboxed.
	 */
	next(from: number): number {
		if (from < this.#from) return -1;
		if (from > this.#at) {
			const at = this.text.indexOf('SIP/2.0 ', from);
			this.#from = from;
			this.#at = at < 0 ? this.text.length : at;
		}
		return this.#at;
	}
}

/**
 * The length of the name of a header line [start, end) that can start no message, or -1 when
 * the start-line tests must decide. Header lines are most of a trace, and most are settled here
 * by their name alone: a name (a token, a letter first, no dot) with its colon right after it
 * holds no space before the colon, so the line is no start line ({@link isStartLine} wants a
 * first word without `:`, {@link isTransportStartLine} an upper-case word and a space); a
 * header-shaped line is a glued start ({@link gluedStart}) only when it ends with ` SIP/2.0`
 * or its value opens with `SIP/2.0 ` (a Via's `SIP/2.0/UDP` does not). Neither is blank, a
 * fence or a body's first line.
 */
export function settledHeaderName(text: string, start: number, end: number): number {
	const first = text.charCodeAt(start) | 32;
	if (first < 97 || first > 122) return -1;
	const stop = Math.min(end, start + 65);
	let i = start + 1;
	while (i < stop) {
		const c = text.charCodeAt(i);
		if (c >= 128 || nameChars[c] !== token) break;
		i++;
	}
	if (i >= stop || text.charCodeAt(i) !== 58) return -1;
	// A space or tab last hides what ends the line: left to the full tests.
	const last = text.charCodeAt(end - 1);
	if (last === 32 || last === 9) return -1;
	if (last === 48 && end - 8 > start && text.startsWith(' SIP/2.0', end - 8)) return -1;
	let v = i + 1;
	while (v < end && (text.charCodeAt(v) === 32 || text.charCodeAt(v) === 9)) v++;
	// A Via's `SIP/2.0/UDP` is turned away by its eighth character.
	return text.charCodeAt(v) === 83 &&
		text.charCodeAt(v + 7) === 32 &&
		text.startsWith('SIP/2.0 ', v)
		? -1
		: i - start;
}

/** Is [start, end) a header line, `Name: value` (compact names too)? */
export function isHeaderLine(text: string, start: number, end: number): boolean {
	return headerColon(text, start, end) >= 0;
}

/**
 * The colon after the name (a token starting with a letter) of a header line [start, end), or -1;
 * -1 too for a name with a dot when `noDot`.
 */
/** Is the name before the colon at `colon` one of a SIP header (a compact form, a common one)? */
function isHeaderName(text: string, start: number, colon: number): boolean {
	let end = colon;
	while (end > start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
	return knownNameAt(text, start, end) !== undefined;
}

function headerColon(text: string, start: number, end: number, noDot = false): number {
	const first = text.charCodeAt(start) | 32;
	if (first < 97 || first > 122) return -1;
	let i = start;
	const stop = Math.min(end, start + 65);
	for (; i < stop; i++) {
		const c = text.charCodeAt(i);
		const kind = c < 128 ? nameChars[c]! : 0;
		if (kind === 0) break;
		if (kind === dot && noDot) return -1;
	}
	if (i === start) return -1;
	while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	return i < end && text.charCodeAt(i) === 58 ? i : -1;
}

const token = 1;
const dot = 2;
/**
 * The characters of a header's name (RFC 3261 §25.1 token), by code, `dot` for `.`: header
 * lines are most of a trace, and the name is read on each of them.
 */
const nameChars = (() => {
	const table = new Uint8Array(128);
	for (let c = 0; c < 128; c++) if (isTokenChar(c)) table[c] = c === 46 ? dot : token;
	return table;
})();

function isUpper(c: number): boolean {
	return c >= 65 && c <= 90;
}

function isDigit(c: number): boolean {
	return c >= 48 && c <= 57;
}

/**
 * {@link gluedStart} of the line [start, end) when a header line follows it (the line at `next`,
 * or the one after it when that one is blank, as in a double-spaced copy), so that a log line
 * that only names a request is not taken for one. The header may follow behind a prefix of the
 * same shape as the tag (a log that prefixes every line: `2020-03-29 01:25:05.125615+0530
 * linphone[68064:1643374] [Message] `, its digits changing). `content` takes a line's
 * decoration off.
 */
export function gluedMessageStart(
	text: string,
	start: number,
	end: number,
	next: number,
	content?: (l: Line) => [number, number] | null,
	ahead?: VersionAhead,
): number {
	const at = gluedStart(text, start, end, ahead);
	if (at < 0) return -1;
	const line: Line = { start: 0, end: 0, next };
	for (let k = 0; k < 2 && readLine(text, line.next, line); k++) {
		const c = content ? content(line) : [line.start, line.end];
		if (!c) return -1;
		if (isBlank(text, c[0], c[1])) continue;
		if (isHeaderLine(text, c[0], c[1])) return at;
		// The header under the tag's column or anywhere indented (a syslog viewer's continuation
		// lines: see {@link hangingIndent}).
		if (hangingIndent(text, c[0], c[1]) > 0) return at;
		const tag = at - start;
		return c[1] - c[0] > tag &&
			sameShape(text, start, c[0], tag) &&
			isHeaderLine(text, c[0] + tag, c[1])
			? at
			: -1;
	}
	return -1;
}

/**
 * The white space before a header on the line [start, end), when there is some: the lines of a
 * message a logger wrote as one record, under its first line (glued after the record's tag), each
 * indented the same (`journalctl` and syslog viewers align a record's continuation lines; a
 * script's `xlog` may indent them). 0 when the line is no header so indented.
 */
export function hangingIndent(text: string, start: number, end: number): number {
	let k = 0;
	while (k < maxHangingIndent && start + k < end && isIndentChar(text.charCodeAt(start + k))) k++;
	if (k < 2 || k === maxHangingIndent) return 0;
	// A SIP header's name, not a dissector's field (tshark's `Method: INVITE` under
	// `Request-Line: INVITE ...`).
	const colon = headerColon(text, start + k, end);
	let nameEnd = colon;
	while (nameEnd > start + k && isIndentChar(text.charCodeAt(nameEnd - 1))) nameEnd--;
	return colon >= 0 && knownNameAt(text, start + k, nameEnd) !== undefined ? k : 0;
}
const maxHangingIndent = 200;
const isIndentChar = (c: number): boolean => c === 32 || c === 9;

/** Is the line at `next` a header line (`content` takes its decoration off)? */
export function headerFollows(
	text: string,
	next: number,
	content?: (l: Line) => [number, number] | null,
): boolean {
	const line: Line = { start: 0, end: 0, next };
	if (!readLine(text, next, line)) return false;
	const c = content ? content(line) : [line.start, line.end];
	return c !== null && isHeaderLine(text, c[0], c[1]);
}

/** Are the `length` characters at `a` and at `b` the same but for the digits? */
function sameShape(text: string, a: number, b: number, length: number): boolean {
	for (let i = 0; i < length; i++) {
		const x = text.charCodeAt(a + i);
		const y = text.charCodeAt(b + i);
		if (x !== y && !(isDigit(x) && isDigit(y))) return false;
	}
	return true;
}

/**
 * A start line that begins no message: one a page quotes on its own (`SIP/2.0 202 Accepted` in a
 * report's sentence, a glossary of status codes), with an empty line after it and then no header
 * but the page's next paragraph or another such line (one with no header below it either). A message's header lines follow its start
 * line, a copy's empty line between them at most (a double-spaced copy); one that the text ends
 * right after is kept, cut short. Only a line right below that is empty or a start line is looked
 * past: a letter there is a header's first, nearly always, and is left to the framing.
 */
export function isLoneStartLine(
	text: string,
	next: number,
	content: (l: Line) => [number, number] | null,
): boolean {
	const c = text.charCodeAt(next);
	if (c !== 10 && c !== 13 && c !== 83) return false;
	const line: Line = { start: 0, end: 0, next };
	let blanks = 0;
	for (let at = next; readLine(text, at, line); at = line.next) {
		const cc = content(line);
		if (cc === null) return false;
		if (isBlank(text, cc[0], cc[1])) {
			blanks++;
			continue;
		}
		const start = isStartLine(text, cc[0], cc[1]);
		if (blanks === 0 && !start) return false;
		// Another start line with its headers: a post that cut each message short (`INVITE`,
		// `SIP/2.0 407 ...`, `ACK`), the one above too.
		if (start && headerBelow(text, line.next, content)) return false;
		const first = text.charCodeAt(cc[0]);
		return first !== 32 && first !== 9 && !isHeaderLine(text, cc[0], cc[1]);
	}
	return false;
}

/** Whether the first line that is not blank from `at` on is a header line. */
function headerBelow(
	text: string,
	at: number,
	content: (l: Line) => [number, number] | null,
): boolean {
	const line: Line = { start: 0, end: 0, next: at };
	for (let k = 0; k < 4 && readLine(text, line.next, line); k++) {
		const cc = content(line);
		if (cc === null) return false;
		if (isBlank(text, cc[0], cc[1])) continue;
		return isHeaderLine(text, cc[0], cc[1]);
	}
	return false;
}

/**
 * The content of each line of [start, end) of `text` (a message's contiguous SIP text), without
 * its line end, as `Frame.lines` pairs.
 */
export function contentLines(text: string, start: number, end: number): Int32Array {
	const pairs: number[] = [];
	for (let at = start; at < end;) {
		let nl = text.indexOf('\n', at);
		if (nl < 0 || nl >= end) nl = end;
		let e = nl;
		while (e > at && text.charCodeAt(e - 1) === 13) e--;
		pairs.push(at, e);
		at = nl + 1;
	}
	return Int32Array.from(pairs);
}

/**
 * The last of `starts` (line starts, ascending) at or before `offset`: the start of the marked
 * line that holds it, or of the last one above it; -1 when none is.
 */
export function lastStartAtOrBefore(starts: Int32Array, offset: number): number {
	let lo = 0;
	let hi = starts.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (starts[mid]! <= offset) lo = mid + 1;
		else hi = mid;
	}
	return lo === 0 ? -1 : starts[lo - 1]!;
}
