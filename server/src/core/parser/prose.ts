import { headerNameEnd } from './bodyStart';
import { sameLowerAt } from './split';

/**
 * A sentence a person wrote right after a message, with no empty line between (a vendor's guide,
 * a post: `Content-Length: 0`, then `Example of a NOTIFY message (The subscription ...) is`).
 * RFC 3261 §7.3.1 goes on with a header only on a line that starts with white space, but copies
 * wrap long values at the margin without it (a mail at 72 columns, a page 80 wide), and the
 * parser reads such a line as the rest of the header above. A sentence is told from that rest:
 *
 * - the line above is a whole header: short enough that the line's first word would have fitted
 *   on it (a wrap breaks only where the next word does not fit), and its value is not left open
 *   (an unclosed `<` or `"`, a last `;`, `,` or `=` goes on to the next line);
 * - the line is words: a capital letter first, at least three words between single spaces, one
 *   of them a lower-case word (`of`, `the`: a list of methods or tokens has none), and none of
 *   the characters values are made of (`=`, `;`, `<`, `>`, `@`, `"`, `/`...), a colon only last;
 * - the headers are complete: Content-Length 0 was given (stacks write it last), or, without
 *   Content-Length and Content-Type (then no body follows, RFC 3261 §20.15), every header a
 *   message must have is there and the sentence ends as one does (`.`, `:`).
 *
 * A message announcing a body (Content-Length above 0, or Content-Type) keeps the line: a
 * text/plain body glued to the headers reads the same. The message ends before the sentence,
 * which stays in the trace as log text.
 */
export function endsMessageAsProse(
	text: string,
	/** The message's start line. */
	start: number,
	lineStart: number,
	lineEnd: number,
	/** Content-Length as given (-1: none), and whether Content-Type was. */
	contentLength: number,
	typed: boolean,
): boolean {
	if (contentLength > 0 || (contentLength < 0 && typed)) return false;
	const words = sentenceWords(text, lineStart, lineEnd);
	if (words === 0) return false;
	// The line above, without its line end.
	let aboveEnd = lineStart;
	if (aboveEnd > start && text.charCodeAt(aboveEnd - 1) === 10) aboveEnd--;
	while (aboveEnd > start && text.charCodeAt(aboveEnd - 1) === 13) aboveEnd--;
	const aboveStart = Math.max(start, text.lastIndexOf('\n', aboveEnd - 1) + 1);
	if (aboveStart <= start || headerNameEnd(text, aboveStart, aboveEnd) < 0) return false;
	if (aboveEnd - aboveStart + 1 + words > wrapColumns) return false;
	if (leftOpen(text, aboveStart, aboveEnd)) return false;
	if (contentLength === 0) return true;
	const last = text.charCodeAt(lineEnd - 1);
	return (last === 46 || last === 58) && hasMandatoryHeaders(text, start, aboveEnd);
}

/**
 * A console's prompt right after a message, with no empty line between (a paste from fs_cli:
 * `Content-Length: 0`, then `freeswitch@pbx.example.com> `; Asterisk's `pbx*CLI> `): the
 * message ended before it. Not where the line above leaves a `<` open, whose rest
 * (`bob@example.com>`) a copy may have wrapped onto this line.
 */
export function endsMessageAsPrompt(
	text: string,
	lineStart: number,
	lineEnd: number,
	/** The line above, a header line of the message. */
	aboveStart: number,
	aboveEnd: number,
): boolean {
	const c = text.charCodeAt(lineStart);
	// Most lines are turned away by their first character: a prompt starts with a word.
	if (lineEnd - lineStart > 300 || !(c === 42 || isWordChar(c))) return false;
	const line = text.slice(lineStart, lineEnd);
	if (cliPrompt.test(line)) return true;
	return userAtHostPrompt.test(line) && !leftOpen(text, aboveStart, aboveEnd);
}

const isWordChar = (c: number): boolean =>
	(c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95 || c === 45 || c === 46;
// fs_cli's `user@host> `, a shell's `user@host:~$ `, `root@host:/etc# `.
const userAtHostPrompt = /^[\w.-]{1,64}@[\w.-]{1,253}(?::\S{0,200})?[>$#](?: |$)/;
// Asterisk's remote console: `*CLI> `, `pbx*CLI> `.
const cliPrompt = /^[\w.-]{0,64}\*CLI>(?: |$)/;

/** Columns a copy wraps at, at the least (the parser's own guess of a wrap, `wrapsLineAbove`). */
const wrapColumns = 72;

/**
 * The length of the first word of [start, end) when the line reads as a sentence (see
 * {@link endsMessageAsProse}), else 0.
 */
function sentenceWords(text: string, start: number, end: number): number {
	let e = end;
	while (e > start && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	const first = text.charCodeAt(start);
	if (first < 65 || first > 90) return 0;
	let words = 1;
	let firstWord = -1;
	let lowerWord = false;
	let wordStart = start;
	let wordLower = true;
	let angled = false;
	for (let i = start; i < e; i++) {
		const c = text.charCodeAt(i);
		if (c === 32) {
			// Single spaces between words: a column layout or a value's alignment is no sentence.
			if (i === wordStart) return 0;
			if (firstWord < 0) firstWord = i - start;
			if (wordLower && i - wordStart >= 2) lowerWord = true;
			words++;
			wordStart = i + 1;
			wordLower = true;
			continue;
		}
		if (c === 58 && i !== e - 1) return 0;
		// A manual's parameter names in angle brackets (`the TO header <user-id> parameter`)
		// stand in a long sentence; in a short line they may be a value's.
		if (c === 60 || c === 62) angled = true;
		else if (c < 128 && valueChars.includes(String.fromCharCode(c))) return 0;
		if (c < 32) return 0;
		if (c < 97 || c > 122) wordLower = false;
	}
	if (wordLower && e - wordStart >= 2) lowerWord = true;
	return words >= (angled ? 12 : 3) && lowerWord ? firstWord : 0;
}

/** Characters of SIP values that a sentence does not hold. */
const valueChars = '=;<>@"/\\[]{}|$%^*~`#+_';

/** Does the header line [start, end) leave its value open, to go on on the next line? */
export function leftOpen(text: string, start: number, end: number): boolean {
	const last = text.charCodeAt(end - 1);
	if (last === 59 || last === 44 || last === 61) return true;
	let angle = 0;
	let quoted = false;
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c === 34) quoted = !quoted;
		else if (!quoted && c === 60) angle++;
		else if (!quoted && c === 62 && angle > 0) angle--;
	}
	return quoted || angle > 0;
}

/** Are Via, From, To, Call-ID and CSeq (RFC 3261 §8.1.1; Max-Forwards only in requests) among the lines of [start, end)? */
function hasMandatoryHeaders(text: string, start: number, end: number): boolean {
	let seen = 0;
	for (let at = start; at < end;) {
		let nl = text.indexOf('\n', at);
		if (nl < 0 || nl > end) nl = end;
		const nameEnd = headerNameEnd(text, at, nl);
		if (nameEnd > 0) {
			const n = nameEnd - at;
			const c = text.charCodeAt(at) | 32;
			if (c === 118 && (n === 1 || (n === 3 && sameLowerAt(text, at, 'via')))) seen |= 1;
			else if (c === 102 && (n === 1 || (n === 4 && sameLowerAt(text, at, 'from')))) seen |= 2;
			else if (c === 116 && (n === 1 || (n === 2 && sameLowerAt(text, at, 'to')))) seen |= 4;
			else if ((c === 105 && n === 1) || (n === 7 && sameLowerAt(text, at, 'call-id'))) seen |= 8;
			else if (n === 4 && sameLowerAt(text, at, 'cseq')) seen |= 16;
		}
		at = nl + 1;
	}
	return seen === 31;
}
