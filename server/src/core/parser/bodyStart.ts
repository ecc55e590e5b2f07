import { isCommonHeaderName, isTokenChar } from './headerNames';
import type { HeaderTable } from './headerTable';
import { sameLowerAt } from './split';

/**
 * Lines that tell where a header block ends when a copy of the trace lost the empty line before
 * the body (wiki and web pages, documentation). All read [start, end) in place.
 */

/**
 * The end of the name of a header line `token *WSP ":"` (RFC 3261 §7.3.1), trailing white space
 * left out; -1 when the line is not one.
 */
export function headerNameEnd(text: string, start: number, end: number): number {
	let i = start;
	while (i < end && isTokenChar(text.charCodeAt(i))) i++;
	const nameEnd = i;
	if (nameEnd === start) return -1;
	while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	return i < end && text.charCodeAt(i) === 58 ? nameEnd : -1;
}

/** A header line whose name is one nearly every trace carries (`Call-ID:`, `l:`...). */
export function isCommonHeaderLine(text: string, start: number, end: number): boolean {
	const nameEnd = headerNameEnd(text, start, end);
	return nameEnd > 0 && isCommonHeaderName(text, start, nameEnd);
}

/**
 * A line no header list holds and a body opens with: XML (`<?xml`, `<presence`...), JSON (`{`),
 * SDP (`v=0`, RFC 8866 §5: the first line of every session description).
 */
export function opensBody(text: string, start: number, end: number): boolean {
	if (end <= start) return false;
	const c = text.charCodeAt(start);
	if (c === 60 || c === 123) return true;
	if (c !== 118 || end - start < 3) return false;
	if (text.charCodeAt(start + 1) !== 61 || text.charCodeAt(start + 2) !== 48) return false;
	for (let i = start + 3; i < end; i++) {
		const w = text.charCodeAt(i);
		if (w !== 32 && w !== 9) return false;
	}
	return true;
}

/**
 * A Content-Type / `c:` header line (RFC 3261 §20.15, §7.3.3) whose media type is
 * `message/sipfrag` (RFC 3420): its body may open with a start line.
 */
export function isSipfragTypeLine(text: string, start: number, end: number): boolean {
	const i = contentTypeValueAt(text, start, end);
	return i >= 0 && isSipfragType(text, i, end);
}

/**
 * A Content-Type / `c:` header line whose media type is a message (`message/sip`,
 * `message/sipfrag`, RFC 3261 §27.5, RFC 3420): its body may hold a start line and headers.
 */
export function isMessageTypeLine(text: string, start: number, end: number): boolean {
	const i = contentTypeValueAt(text, start, end);
	return i >= 0 && end - i >= 8 && sameLowerAt(text, i, 'message/');
}

/** A Content-Type / `c:` header line whose media type is multipart (RFC 2046 §5.1): a part may be a message. */
export function isMultipartTypeLine(text: string, start: number, end: number): boolean {
	const i = contentTypeValueAt(text, start, end);
	return i >= 0 && end - i >= 10 && sameLowerAt(text, i, 'multipart/');
}

/** Where the value of the Content-Type / `c:` header line [start, end) starts, or -1 for another line. */
function contentTypeValueAt(text: string, start: number, end: number): number {
	if ((text.charCodeAt(start) | 32) !== 99) return -1;
	const nameEnd = headerNameEnd(text, start, end);
	if (nameEnd < 0) return -1;
	const name = nameEnd - start;
	if (
		name === 1
			? !sameLowerAt(text, start, 'c')
			: name !== 12 || !sameLowerAt(text, start, 'content-type')
	)
		return -1;
	let i = text.indexOf(':', nameEnd) + 1;
	while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	return i;
}

/** A media type [start, end) that is `message/sipfrag`, parameters or not. */
function isSipfragType(text: string, start: number, end: number): boolean {
	if (end - start < 15 || !sameLowerAt(text, start, 'message/sipfrag')) return false;
	const after = start + 15 < end ? text.charCodeAt(start + 15) : 59;
	return after === 59 || after === 32 || after === 9;
}

/** `SIP/x.y code ...` or `METHOD uri SIP/x.y`: the shape of a start line, not checked further. */
export function isStartLineShape(text: string, start: number, end: number): boolean {
	if (end - start < 8) return false;
	if (sameLowerAt(text, start, 'sip/')) return true;
	let e = end;
	while (e > start && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	return e - start > 8 && sameLowerAt(text, e - 8, ' sip/2.0');
}

/**
 * A row of one character repeated, at least five (`-----`, `=====`, `*****`): a log's or a
 * poster's line between messages. No header line is one, nor the first line of a body (a
 * multipart body's delimiter has its boundary after the dashes, RFC 2046 §5.1.1).
 */
export function isRuleLine(text: string, start: number, end: number): boolean {
	let e = end;
	while (e > start && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	if (e - start < 5) return false;
	const c = text.charCodeAt(start);
	if (c !== 45 && c !== 61 && c !== 42 && c !== 95 && c !== 35) return false;
	for (let i = start + 1; i < e; i++) if (text.charCodeAt(i) !== c) return false;
	return true;
}

/**
 * A Markdown code fence: three or more backticks or tildes and nothing else (fewer backticks: the
 * end of an inline code span); or the tag that closes a code block of a Liquid template (Jekyll's
 * `{% endhighlight %}`, `{% endraw %}`, GitBook's `{% endcode %}`). After a message pasted into an
 * issue, a mail or a blog post, it closes the block the message was in.
 */
export function isFence(text: string, line: number, end: number): boolean {
	// Indented as a list item's block is, or as a template's tag (`  {% endhighlight %}`).
	let start = line;
	while (start < end && start - line < 8 && isSpaceOrTab(text.charCodeAt(start))) start++;
	const c = text.charCodeAt(start);
	if (c === 123) return isLiquidEnd(text, start, end);
	if (c !== 96 && c !== 126) return false;
	let i = start;
	while (i < end && text.charCodeAt(i) === c) i++;
	// Three make a fence; a backtick or two alone close an inline code span a message was
	// pasted in (`` `<--- Transmitting ... ` ``, the closing one on a line of its own).
	if (i - start < (c === 96 ? 1 : 3)) return false;
	for (; i < end; i++) {
		const w = text.charCodeAt(i);
		if (w !== 32 && w !== 9) return false;
	}
	return true;
}

const isSpaceOrTab = (c: number): boolean => c === 32 || c === 9;

/**
 * `</pre>` or `</code>` alone on a line (white space aside): the end of the block a page set a
 * message in, as a fence is Markdown's.
 */
export function isClosingBlockTag(text: string, line: number, end: number): boolean {
	let s = line;
	while (s < end && s - line < 8 && isSpaceOrTab(text.charCodeAt(s))) s++;
	let e = end;
	while (e > s && (isSpaceOrTab(text.charCodeAt(e - 1)) || text.charCodeAt(e - 1) === 13)) e--;
	if (e - s < 6 || e - s > 7 || text.charCodeAt(s) !== 60 || text.charCodeAt(s + 1) !== 47)
		return false;
	const tag = text.slice(s, e).toLowerCase();
	return tag === '</pre>' || tag === '</code>';
}

/** `{% endhighlight %}` and the like (`{%- endraw -%}`), alone on the line but for white space. */
function isLiquidEnd(text: string, start: number, end: number): boolean {
	return end - start <= 40 && liquidEnd.test(text.slice(start, end));
}
const liquidEnd = /^\{%-?[ \t]*end[a-z]{2,20}[ \t]*-?%\}[ \t]*$/;

const via = 1;
const from = 2;
const to = 4;
const callId = 8;
const cseq = 16;
const everyMessage = via | from | to | callId | cseq;

/**
 * Decides, for one message, whether a line that is not a header starts a body that follows the
 * headers with no empty line between. It does when the headers read so far announce a body (a
 * Content-Length above 0, or a Content-Type and no Content-Length), or when the line can only
 * open a body ({@link opensBody}) and the headers every message has are there; and when no
 * header nearly every trace carries comes after it (a broken line among headers stays a
 * malformed header).
 * A line that does not open a body must also have no empty line after it (the headers would
 * end there). A multipart body opens with its delimiter (`--boundary`, RFC 2046 §5.1.1), its
 * parts' headers after it. Made only when such a line is met; what it learns is kept, so that
 * a message of many such lines is read in linear time.
 */
export class GluedBody {
	#scanned: number;
	#seen = 0;
	#typed = false;
	/** -1 until a Content-Length is read, then whether it is above 0. */
	#length = -1;
	#multipart = false;
	#sipfrag = false;
	/** From line `#lookedFrom` on: the first common header line, and the first empty line. */
	#lookedFrom = -1;
	#nextHeader = -1;
	#nextEmpty = -1;

	constructor(firstHeader: number) {
		this.#scanned = firstHeader;
	}

	startsHere(
		text: string,
		lines: Int32Array,
		l: number,
		lineCount: number,
		table: HeaderTable,
	): boolean {
		this.#readHeaders(text, table);
		const ls = lines[2 * l]!;
		const le = lines[2 * l + 1]!;
		const strong = opensBody(text, ls, le);
		// Content-Length 0 says there is no body: what follows is no body glued on (a page's
		// caption, `< Example 3 >`), whatever it looks like.
		if (this.#length === 0) return false;
		const announced = this.#length < 0 ? this.#typed : this.#length > 0;
		// SDP lines one after another (`m=audio ...`, `a=rtpmap:...`: a post that kept only the media
		// lines) are a body whatever the headers say: no header line has that shape.
		const sdp =
			l + 1 < lineCount &&
			isSdpLine(text, ls, le) &&
			isSdpLine(text, lines[2 * l + 2]!, lines[2 * l + 3]!);
		if (!announced && !sdp && !(strong && (this.#seen & everyMessage) === everyMessage))
			return false;
		// A sipfrag body opens with its start line (RFC 3420 §2), header lines may follow it.
		if (this.#sipfrag && this.#length > 0 && isStartLineShape(text, ls, le)) return true;
		if (
			this.#multipart &&
			text.charCodeAt(ls) === 45 &&
			text.charCodeAt(ls + 1) === 45 &&
			le - ls > 2
		)
			return true;
		if (this.#lookedFrom < 0 || this.#nextHeader <= l)
			this.#lookAhead(text, lines, l + 1, lineCount);
		if (this.#nextHeader < lineCount) return false;
		return strong || sdp || this.#nextEmpty >= lineCount;
	}

	/** What the header rows added since the last call say. */
	#readHeaders(text: string, table: HeaderTable): void {
		for (; this.#scanned < table.count; this.#scanned++) {
			const row = this.#scanned;
			switch (table.key(row)) {
				case 'via':
					this.#seen |= via;
					break;
				case 'from':
					this.#seen |= from;
					break;
				case 'to':
					this.#seen |= to;
					break;
				case 'call-id':
					this.#seen |= callId;
					break;
				case 'cseq':
					this.#seen |= cseq;
					break;
				case 'content-type': {
					this.#typed = true;
					const vs = table.valueStart(row);
					this.#multipart ||= table.valueEnd(row) - vs > 10 && sameLowerAt(text, vs, 'multipart/');
					this.#sipfrag ||= isSipfragType(text, vs, table.valueEnd(row));
					break;
				}
				case 'content-length':
					if (this.#length < 0) {
						// Above 0 when a digit other than 0 comes before anything else. A value that is no
						// number (`redacted`, a poster's mask) says nothing: Content-Type decides.
						let i = table.valueStart(row);
						const d0 = text.charCodeAt(i) - 48;
						if (i >= table.valueEnd(row) || d0 < 0 || d0 > 9) break;
						while (i < table.valueEnd(row) && text.charCodeAt(i) === 48) i++;
						const d = text.charCodeAt(i) - 48;
						this.#length = i < table.valueEnd(row) && d > 0 && d <= 9 ? 1 : 0;
					}
					break;
			}
		}
	}

	#lookAhead(text: string, lines: Int32Array, from: number, lineCount: number): void {
		this.#lookedFrom = from;
		this.#nextHeader = lineCount;
		this.#nextEmpty = lineCount;
		for (let i = from; i < lineCount; i++) {
			const s = lines[2 * i]!;
			const e = lines[2 * i + 1]!;
			if (s === e) {
				if (this.#nextEmpty === lineCount) this.#nextEmpty = i;
				continue;
			}
			if (isCommonHeaderLine(text, s, e)) {
				this.#nextHeader = i;
				return;
			}
		}
	}
}

/** `x=...` with `x` a lower-case letter: an SDP line's type and `=` (RFC 8866 §5). */
export function isSdpLine(text: string, start: number, end: number): boolean {
	const c = text.charCodeAt(start);
	return end - start > 2 && c >= 97 && c <= 122 && text.charCodeAt(start + 1) === 61;
}
