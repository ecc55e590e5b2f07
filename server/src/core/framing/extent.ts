import { isProxyLogLine } from './proxyLogLine';
import {
	headerNameEnd,
	isCommonHeaderLine,
	isClosingBlockTag,
	isFence,
	isRuleLine,
	isSipfragTypeLine,
	opensBody,
} from '../parser/bodyStart';
import { endsMessageAsPrompt, endsMessageAsProse } from '../parser/prose';
import { wrappedBodyEnd } from '../parser/wrappedBody';
import { consoleSourceLine, strayEmptyLine } from '../parser/lines';
import { isSippTemplate } from '../parser/sippTemplate';
import { advanceOctets, LineEnds } from '../text/octets';
import { xmlBodyEnd, xmlRootClosesAfter } from '../text/xmlEnd';
import { boundaryOf } from '../bodies/multipart';
import { afterFrameOctets } from './frameOctets';
import { addressedHeading } from './addressedHeading';
import {
	gluedMessageStart,
	isBlank,
	isStartLine,
	readLine,
	settledHeaderName,
	type Line,
	type VersionAhead,
} from './lines';

/**
 * Where a SIP message that starts at `start` ends, before `limit`: after the headers, the body is
 * Content-Length octets (also accepted when a log turned CRLF into LF, and one line end short,
 * as some tools print), else it runs to the next start line or the limit. When the limit is the
 * line the log ends each message with (`endMarked`), the log printed the whole message before
 * it: a length that leaves other text before that line is not the message's, and the body runs
 * to the line. In a log (`inLog`), the text after a message may be the log's own lines: a length
 * a few octets off ends the body at the nearest empty line, and a message with neither
 * Content-Length nor Content-Type has no body; in a packet (tcpdump's), what follows the headers
 * is the datagram's. Returns the end of the SIP text and whether the length was confirmed.
 */
export function sipExtent(
	text: string,
	start: number,
	limit: number,
	endMarked = false,
	ahead?: VersionAhead,
	inLog = false,
	copies = false,
): { end: number; confirmed: boolean } {
	const found = scanExtent(text, start, limit, endMarked, ahead, inLog, copies);
	return found >= 0 ? { end: found, confirmed: true } : { end: -1 - found, confirmed: false };
}

/** The end of the SIP text as {@link sipExtent} finds it, for a framer that needs no more. */
export function sipEnd(
	text: string,
	start: number,
	limit: number,
	endMarked: boolean,
	ahead: VersionAhead | undefined,
	inLog: boolean,
	copies = false,
	oneMessage = false,
): number {
	const found = scanExtent(text, start, limit, endMarked, ahead, inLog, copies, oneMessage);
	return found >= 0 ? found : -1 - found;
}

/** The line {@link scanExtent} reads (it calls nothing that reads with it): none made per message. */
const scanLine: Line = { start: 0, end: 0, next: 0 };

/**
 * {@link sipExtent}'s answer as one number, made once a message: the end when the length was
 * confirmed, else -1 - end.
 */
function scanExtent(
	text: string,
	start: number,
	limit: number,
	endMarked: boolean,
	ahead: VersionAhead | undefined,
	inLog: boolean,
	/** The text holds frames copied as printable text (see frameOctets.ts, `holdsFrameCopies`). */
	copies: boolean,
	/**
	 * Everything up to `limit` is one message (a captured datagram's octets): no line in its
	 * headers starts another, whatever it holds.
	 */
	oneMessage = false,
): number {
	const line = scanLine;
	let at = start;
	let contentLength = -1;
	let typed = false;
	let sipfrag = false;
	let first = true;
	let bodyStart = -1;
	let blankAt = -1;
	let sipfragGlued = false;
	// A Content-Length whose value is no number (a page's `...`): the length is unknown.
	let lengthUnread = false;
	let headerAhead = -1;
	// Where the line after the Content-Length line starts.
	let afterLength = -1;
	// Where the Content-Type line starts (a multipart body's boundary is read from it).
	let typeLine = -1;
	while (at < limit && readLine(text, at, line)) {
		const end = Math.min(line.end, limit);
		if (!first) {
			// Most lines are header lines that no test below takes: their name settles them, and
			// says whether they may be Content-Length or Content-Type at all.
			const name = settledHeaderName(text, line.start, end);
			if (name > 0) {
				// A proxy's own log line under the headers (Kamailio's `WARNING: siptrace [...]:`
				// through `journalctl -o cat`): the message ended before it.
				if (!oneMessage && isProxyLogLine(text, line.start, end)) {
					const before = trimEnd(text, start, line.start);
					return contentLength === 0 ? before : -1 - before;
				}
				const c0 = text.charCodeAt(line.start) | 32;
				if (contentLength < 0 && (name === 14 || name === 1) && (c0 === 99 || c0 === 108)) {
					contentLength = contentLengthOf(text, line.start, end);
					lengthUnread = contentLength < 0;
					afterLength = line.next;
				}
				if (!typed && c0 === 99 && (name === 12 || name === 1)) {
					typed = isContentTypeLine(text, line.start, end);
					sipfrag = typed && isSipfragTypeLine(text, line.start, end);
					if (typed) typeLine = line.start;
				}
				at = line.next;
				continue;
			}
		}
		if (!first && (end === line.start || isBlank(text, line.start, end))) {
			blankAt = line.start;
			bodyStart = Math.min(line.next, limit);
			break;
		}
		// A Markdown fence closing the block a message was pasted in: the message ended before it.
		if (!first && isFence(text, line.start, end)) return -1 - trimEnd(text, start, line.start);
		// So does a page's `</pre>` with an empty line or the text's end below it (one with a
		// header below closes a block the page opened around a line it set in bold).
		if (
			!first &&
			isClosingBlockTag(text, line.start, end) &&
			(line.next >= limit || isBlankLineAt(text, line.next))
		)
			return -1 - trimEnd(text, start, line.start);
		// The end of a SIPp scenario's CDATA right under the last header: SIPp ends the message
		// with its empty line when it sends it.
		if (
			!first &&
			text.startsWith(']]>', spacesAndTabs(text, line.start, end)) &&
			isSippTemplate(text, start)
		)
			return trimEnd(text, start, line.start);
		// A row of dashes right after the last header (a log's separator, no empty line before
		// it), or a console's prompt: the message ended before it, whole if its Content-Length
		// says no body.
		if (
			!first &&
			(isRuleLine(text, line.start, end) || promptAfter(text, start, line.start, end))
		) {
			const before = trimEnd(text, start, line.start);
			return contentLength === 0 ? before : -1 - before;
		}
		// A copy that lost the empty line before the body (see the parser's GluedBody): the body
		// starts here, counted by Content-Length, when it opens as only a body can.
		if (contentLength > 0 && opensBody(text, line.start, end)) {
			// The header line found ahead, found once for all the lines before it.
			if (headerAhead < line.start) headerAhead = commonHeaderAhead(text, line.next, limit);
			if (headerAhead < 0) {
				bodyStart = line.start;
				break;
			}
		}
		// Content-Length, `l:`, Content-Type and `c:` start with `c` or `l`: the first character
		// turns the other header lines away without a call.
		const c0 = text.charCodeAt(line.start) | 32;
		if (!first && (c0 === 99 || c0 === 108)) {
			if (contentLength < 0) {
				contentLength = contentLengthOf(text, line.start, end);
				afterLength = line.next;
			}
			if (!typed && c0 === 99) {
				typed = isContentTypeLine(text, line.start, end);
				sipfrag = typed && isSipfragTypeLine(text, line.start, end);
				if (typed) typeLine = line.start;
			}
		}
		if (!first && !oneMessage && startsMessage(text, line.start, end, line.next, ahead, copies)) {
			// Headers that announced a sipfrag body (RFC 3420) with no empty line after them: a start
			// line that fits the length is that body (a refer NOTIFY's `SIP/2.0 100 Trying`, RFC 3515
			// §2.4.5). The length must count it to the end, else the message ends before it; where
			// the copy left the length out, a start line with no common header under it (a message's
			// Via, CSeq...) is the body, which runs on as a body without a length does.
			if (
				sipfrag &&
				(contentLength >= end - line.start ||
					(lengthUnread && commonHeaderAhead(text, line.next, limit) < 0))
			) {
				bodyStart = line.start;
				sipfragGlued = true;
				break;
			}
			return -1 - trimEnd(text, start, line.start);
		}
		// A line that is no header right after `Content-Length: 0`, with no empty line between (a
		// manual's caption or next paragraph, a bullet, a page's own line): a length of 0 says no
		// body follows, and stacks write it last, so the message ended with it.
		if (
			!first &&
			contentLength === 0 &&
			line.start === afterLength &&
			!isSpaceAt(text, line.start) &&
			headerNameEnd(text, line.start, end) < 0 &&
			// A SIPp keyword that stands for headers (`[authentication ...]`) is one.
			!(text.charCodeAt(line.start) === 91 && isSippTemplate(text, start))
		)
			return trimEnd(text, start, line.start);
		// A log's heading of the next message, right above it, with no empty line after this one's
		// headers (a page that ran each record onto one line): this message ended before it.
		if (!first && headsNextMessage(text, line.start, end, line.next, limit, ahead, copies))
			return -1 - trimEnd(text, start, line.start);
		// A sentence after the last header, with no empty line between: the message ended before it.
		if (!first && endsMessageAsProse(text, start, line.start, end, contentLength, typed)) {
			const before = trimEnd(text, start, line.start);
			return contentLength === 0 ? before : -1 - before;
		}
		first = false;
		at = line.next;
	}
	if (bodyStart < 0) return -1 - trimEnd(text, start, Math.min(at, limit));
	if (contentLength >= 0) {
		// A multipart body whose length, counted either way, ends before its closing delimiter,
		// which comes further on: the body runs to that delimiter, the length checked against it.
		const closing = typeLine >= 0 ? closingDelimiterEnd(text, typeLine, bodyStart, limit) : -1;
		if (closing >= 0 && !lengthReaches(text, bodyStart, limit, contentLength, closing))
			return -1 - closing;
		for (const mode of lineEndModes) {
			const end = advanceOctets(text, bodyStart, limit, contentLength, mode);
			if (
				end >= 0 &&
				(endMarked ? onlySpace(text, end, limit) : endsCleanly(text, end, limit)) &&
				!fenceWithin(text, bodyStart, end) &&
				!sdpGoesOn(text, bodyStart, end, limit) &&
				!xmlRootClosesAfter(text, bodyStart, end, limit) &&
				!(
					mode === LineEnds.AsWritten &&
					swallowsMessage(text, bodyStart, end, limit, contentLength, ahead, copies)
				) &&
				(sipfrag || !messageAfterEmptyLine(text, bodyStart, end, limit, ahead, copies))
			)
				return endMarked
					? end
					: beyondWrappedLines(text, start, bodyStart, end, limit, contentLength);
		}
		// A length that ends inside a line, a few octets off (an address in the body shortened or
		// lengthened by hand before the trace was posted): the body ends at the empty line nearest
		// to where the length ends, not at the next start line, so that the log's lines after the
		// message are not taken for its body. The length is still checked against the body.
		if (sipfragGlued) return -1 - bodyStart;
		// A multipart body: its closing delimiter ends it, not an empty line inside it.
		if (closing >= 0) return -1 - closing;
		if (inLog && !endMarked) {
			// SDP whose lines stop at an empty line with other text after it: the body ends there,
			// whatever the length says (a page's paragraph after a message it made up).
			const beforeProse = sdpBeforeProse(text, bodyStart, limit);
			if (beforeProse >= 0) return -1 - trimEnd(text, bodyStart, beforeProse);
			for (const mode of lineEndModes) {
				const end = advanceOctets(text, bodyStart, limit, contentLength, mode);
				const blank = end < 0 ? -1 : emptyLineNear(text, bodyStart, end, limit, ahead, copies);
				if (blank >= 0) return -1 - trimEnd(text, bodyStart, blank);
			}
			// No empty line: an SDP body, every line of which is `x=...` (RFC 4566 §5), ends before
			// the first line of another shape near where the length ends (a console's next line).
			const sdpEnd = sdpEndNear(text, bodyStart, limit, contentLength);
			if (sdpEnd >= 0) return -1 - trimEnd(text, bodyStart, sdpEnd);
		}
	}
	// Neither Content-Length nor Content-Type: a message with a body carries Content-Type (RFC 3261
	// §20.15), so what follows the empty line is the log's own text (a console's next lines), not
	// a body, unless it opens as only a body can or is a header (an empty line among headers).
	if (
		inLog &&
		contentLength < 0 &&
		!typed &&
		!endMarked &&
		!bodyFollows(text, bodyStart, limit, ahead, copies) &&
		!strayEmptyLine(text, text.indexOf('\n', start) + 1, blankAt, bodyStart, limit) &&
		!(blankAt === lineAfterAt(text, start) && doubledCommonHeader(text, bodyStart, limit))
	)
		return -1 - trimEnd(text, start, bodyStart);
	// No usable length: the body runs to the next start line (after a line end), a Markdown
	// fence, or the limit; a double-spaced copy's headers end where its doubling does. A glued
	// sipfrag body's own start line is no next message.
	at = sipfragGlued ? lineAfterAt(text, bodyStart) : bodyStart;
	let stop =
		inLog && contentLength < 0 && blankAt === lineAfterAt(text, start)
			? doubledHeadersEnd(text, bodyStart, limit)
			: -1;
	if (stop >= 0) return -1 - trimEnd(text, start, stop);
	while (at < limit && readLine(text, at, line)) {
		const end = Math.min(line.end, limit);
		if (
			startsMessage(text, line.start, end, line.next, ahead, copies) ||
			// A glued sipfrag of unknown length: its start line and headers, to the empty line.
			(sipfragGlued && isBlank(text, line.start, end)) ||
			isFence(text, line.start, end) ||
			isElapsedLine(text, line.start, end) ||
			isBanner(text, line.start, end) ||
			arrowBeforeMessage(text, line.start, end, line.next, limit, ahead, copies) ||
			headsNextMessage(text, line.start, end, line.next, limit, ahead, copies)
		) {
			stop = line.start;
			break;
		}
		at = line.next;
	}
	// A multipart body ends with its closing delimiter, whatever parts (an XML document) it holds.
	const closing =
		typeLine >= 0 && contentLength !== 0
			? closingDelimiterEnd(text, typeLine, bodyStart, stop < 0 ? limit : stop)
			: -1;
	if (closing >= 0) return -1 - closing;
	// An XML document ends with its root element: what follows it before the next message (a
	// manual's next paragraph, with no empty line between) is no part of the body.
	const xmlEnd = contentLength === 0 ? -1 : xmlBodyEnd(text, bodyStart, stop < 0 ? limit : stop);
	if (xmlEnd >= 0) return -1 - trimEnd(text, bodyStart, xmlEnd);
	// So does SDP at an empty line with a page's prose after it (a tutorial's next paragraph).
	const sdpEnd =
		contentLength === 0 ? -1 : sdpBeforeProse(text, bodyStart, stop < 0 ? limit : stop);
	if (sdpEnd >= 0) return -1 - trimEnd(text, bodyStart, sdpEnd);
	if (stop >= 0) return -1 - trimEnd(text, bodyStart, stop);
	const end = trimEnd(text, bodyStart, limit);
	return contentLength === 0 ? end : -1 - end;
}

/**
 * Where a body that Content-Length ends at `end` (a line's end) ends when a copy cut its long
 * lines at a width: the body's last line is right above more text, with no empty line between,
 * where the body runs on to the octets of its lines without the copy's line ends (see
 * `wrappedBodyEnd`). Else `end`.
 */
function beyondWrappedLines(
	text: string,
	start: number,
	bodyStart: number,
	end: number,
	limit: number,
	contentLength: number,
): number {
	if (contentLength === 0 || end >= limit) return end;
	// From the body's last character, the line ends before the next text: one, or an empty line.
	let last = end;
	while (last > bodyStart && isLineEndChar(text.charCodeAt(last - 1))) last--;
	let lineEnds = 0;
	let next = last;
	for (; next < limit; next++) {
		const c = text.charCodeAt(next);
		if (c === 10) lineEnds++;
		else if (c !== 13 && c !== 32 && c !== 9) break;
	}
	if (lineEnds !== 1 || next >= limit) return end;
	const wrapped = wrappedBodyEnd(text, start, bodyStart, limit, contentLength, wrapBreaks, true);
	return wrapped >= 0 ? wrapped : end;
}

/** Is the line that starts at `at` empty or white space? */
function isBlankLineAt(text: string, at: number): boolean {
	const nl = text.indexOf('\n', at);
	return isBlank(text, at, nl < 0 ? text.length : nl);
}

/** The start of the line after the one `at` is in. */
function lineAfterAt(text: string, at: number): number {
	const nl = text.indexOf('\n', at);
	return nl < 0 ? text.length : nl + 1;
}

/**
 * Where the headers of a copy that doubled its line ends (an empty line after the start line and
 * after each header) end in a log, when the log's own lines follow with no empty line between
 * them: after `Content-Length: 0`, two empty lines or more; anywhere, a line that is no header
 * with another right below it (the doubling stopped). -1 where neither is met before a body that
 * Content-Length announces, or the limit. From `from`, the line after the start line's empty one.
 */
function doubledHeadersEnd(text: string, from: number, limit: number): number {
	const line: Line = { start: 0, end: 0, next: 0 };
	let blanks = 0;
	let lengthZero = false;
	let blankStart = -1;
	for (let at = from; at < limit && readLine(text, at, line); at = line.next) {
		const end = Math.min(line.end, limit);
		if (isBlank(text, line.start, end)) {
			if (blanks++ === 0) blankStart = line.start;
			if (lengthZero && blanks >= 2) return blankStart;
			continue;
		}
		const afterBlank = blanks > 0;
		blanks = 0;
		if (headerNameEnd(text, line.start, end) > 0 && !consoleSourceLine(text, line.start, end)) {
			const c0 = text.charCodeAt(line.start) | 32;
			if (c0 === 99 || c0 === 108) {
				const length = contentLengthOf(text, line.start, end);
				if (length > 0) return -1;
				if (length === 0) lengthZero = true;
			}
			continue;
		}
		if (!afterBlank) return -1;
		// A line that is no header, not doubled: the log goes on.
		const below: Line = { start: 0, end: 0, next: 0 };
		if (line.next < limit && readLine(text, line.next, below)) {
			if (!isBlank(text, below.start, Math.min(below.end, limit))) return blankStart;
		}
		return -1;
	}
	return -1;
}

/**
 * ` +13s`, ` +0ms` alone on a line: the time since the logger's last record, which the `debug`
 * module (JsSIP's logging, in a browser's console) writes after each record; a record that
 * prints a message ends with the message's line end, so it lands on a line of its own there.
 */
function isElapsedLine(text: string, start: number, end: number): boolean {
	let i = start;
	while (i < end && text.charCodeAt(i) === 32) i++;
	if (i - start > 2 || text.charCodeAt(i) !== 43) return false;
	const digits = ++i;
	while (i < end && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
	if (i === digits || i - digits > 6) return false;
	let e = end;
	while (e > i && isSpaceChar(text.charCodeAt(e - 1))) e--;
	const unit = text.slice(i, e);
	return unit === 'ms' || unit === 's' || unit === 'm' || unit === 'h';
}

/** Is [lineStart, end) a console's prompt after the message's line above it (see endsMessageAsPrompt)? */
function promptAfter(text: string, start: number, lineStart: number, end: number): boolean {
	let aboveEnd = lineStart;
	if (aboveEnd > start && text.charCodeAt(aboveEnd - 1) === 10) aboveEnd--;
	while (aboveEnd > start && text.charCodeAt(aboveEnd - 1) === 13) aboveEnd--;
	const aboveStart = Math.max(start, text.lastIndexOf('\n', aboveEnd - 1) + 1);
	return endsMessageAsPrompt(text, lineStart, end, aboveStart, aboveEnd);
}

/** The line ends {@link beyondWrappedLines} finds: only where the body ends is kept. */
const wrapBreaks: number[] = [];

const isLineEndChar = (c: number): boolean => c === 10 || c === 13;
const isSpaceChar = (c: number): boolean => c === 32 || c === 9 || c === 13;

/** How Content-Length is tried, in order: as written, then as if the trace changed line ends. */
const lineEndModes: readonly LineEnds[] = [LineEnds.AsWritten, LineEnds.AddCr, LineEnds.DropCr];

/**
 * A start line, or one glued after a logger's tag with a header line after it, or (where the
 * text holds frame copies) after a frame's octets.
 */
function startsMessage(
	text: string,
	start: number,
	end: number,
	next: number,
	ahead: VersionAhead | undefined,
	copies: boolean,
): boolean {
	return (
		isStartLine(text, start, end) ||
		gluedMessageStart(text, start, end, next, undefined, ahead) >= 0 ||
		(copies && afterFrameOctets(text, start, end, next, undefined, ahead) >= 0)
	);
}

/**
 * Content-Length counted as written reaches over the next message's start line, where counted
 * with each LF as the CRLF it was on the wire it ends before it: a trace that lost its CRs, whose
 * body of N lines falls N octets short, then a start line of about N characters (an 18-line SDP
 * and `SIP/2.0 100 Trying`). The start line is the next message's, not the body's.
 */
function swallowsMessage(
	text: string,
	bodyStart: number,
	end: number,
	limit: number,
	contentLength: number,
	ahead: VersionAhead | undefined,
	copies: boolean,
): boolean {
	if (text.charCodeAt(bodyStart - 2) === 13) return false;
	const crlfEnd = advanceOctets(text, bodyStart, limit, contentLength, LineEnds.AddCr);
	if (crlfEnd < 0 || crlfEnd >= end) return false;
	const line: Line = { start: 0, end: 0, next: 0 };
	for (let p = crlfEnd; p < end && readLine(text, p, line); p = line.next)
		if (startsMessage(text, line.start, Math.min(line.end, limit), line.next, ahead, copies))
			return true;
	return false;
}

/**
 * A message's start line after an empty line inside [bodyStart, end), a body as a length counts
 * it: the next message (a page's copy that left the body out and gave the next one's label, an
 * RFC's `F11 200 OK ...`), which no SDP or XML body holds. A sipfrag or message/sip body opens with
 * its start line, not after an empty line.
 */
function messageAfterEmptyLine(
	text: string,
	bodyStart: number,
	end: number,
	limit: number,
	ahead: VersionAhead | undefined,
	copies: boolean,
): boolean {
	const line: Line = { start: 0, end: 0, next: 0 };
	let blank = false;
	for (let p = bodyStart; p < end && readLine(text, p, line); p = line.next) {
		const e = Math.min(line.end, limit);
		if (isBlank(text, line.start, e)) blank = true;
		else if (blank && startsMessage(text, line.start, e, line.next, ahead, copies)) return true;
		else blank = false;
	}
	return false;
}

/**
 * The start of the empty line nearest to `at` (a body's end as its length gives it), at most
 * {@link lengthSlack} octets before or after it, in the body from `from`, or of a Markdown fence
 * before any; -1 if none.
 */
function emptyLineNear(
	text: string,
	from: number,
	at: number,
	limit: number,
	ahead: VersionAhead | undefined,
	copies: boolean,
): number {
	const line: Line = { start: 0, end: 0, next: 0 };
	let best = -1;
	// An XML body (PIDF, dialog-info...) ends with a tag: an empty line after text that does not
	// (a page's heading below the message) is not its end.
	const xml = text.charCodeAt(from) === 60;
	let lastChar = 62;
	for (let p = from; p < limit && readLine(text, p, line); p = line.next) {
		if (line.start > at + lengthSlack) break;
		const end = Math.min(line.end, limit);
		if (line.start > from && startsMessage(text, line.start, end, line.next, ahead, copies)) break;
		// The fence closing the Markdown block the message was pasted in: the body ended before it.
		if (line.start > from && isFence(text, line.start, end)) return best >= 0 ? best : line.start;
		if (!isBlank(text, line.start, end)) {
			let e = end;
			while (e > line.start && isSpaceChar(text.charCodeAt(e - 1))) e--;
			lastChar = text.charCodeAt(e - 1);
			continue;
		}
		if (line.start < at - lengthSlack || (xml && lastChar !== 62)) continue;
		if (best < 0 || Math.abs(line.start - at) < Math.abs(best - at)) best = line.start;
	}
	return best;
}

/** How far from a body's announced end an empty line is taken for its real end. */
const lengthSlack = 32;

/**
 * Where an SDP body from `from` (its first line `v=`) ends when a line that is not `x=...`
 * follows its lines within {@link lengthSlack} octets of `length` (counted as written, or with
 * each line end as CRLF); -1 if it does not open with `v=` or no such line is near.
 */
function sdpEndNear(text: string, from: number, limit: number, length: number): number {
	if (!text.startsWith('v=', from)) return -1;
	const line: Line = { start: 0, end: 0, next: 0 };
	let lines = 0;
	for (let at = from; at < limit && readLine(text, at, line); at = line.next) {
		const end = Math.min(line.end, limit);
		const c = text.charCodeAt(line.start);
		if (end - line.start >= 2 && c >= 97 && c <= 122 && text.charCodeAt(line.start + 1) === 61) {
			lines++;
			continue;
		}
		if (isBlank(text, line.start, end)) return -1; // the empty-line rule's case
		const written = line.start - from;
		const crlf = written + (text.charCodeAt(line.start - 2) === 13 ? 0 : lines);
		return Math.abs(written - length) <= lengthSlack || Math.abs(crlf - length) <= lengthSlack
			? line.start
			: -1;
	}
	return -1;
}

/**
 * Where an SDP body at `from` ends when its `x=` lines (RFC 4566 §5) stop at an empty line and
 * the next text before `limit` is no SDP line: at that empty line. -1 otherwise (not SDP, or SDP
 * to `limit`, or another line right under an SDP line, which the length rules judge).
 */
function sdpBeforeProse(text: string, from: number, limit: number): number {
	if (!text.startsWith('v=', from)) return -1;
	const line: Line = { start: 0, end: 0, next: 0 };
	let blank = -1;
	for (let at = from; at < limit && readLine(text, at, line); at = line.next) {
		const end = Math.min(line.end, limit);
		if (isBlank(text, line.start, end)) {
			if (blank < 0) blank = line.start;
			continue;
		}
		const c = text.charCodeAt(line.start);
		const sdpLine =
			end - line.start >= 2 && c >= 97 && c <= 122 && text.charCodeAt(line.start + 1) === 61;
		if (blank >= 0) return sdpLine ? -1 : blank;
		if (!sdpLine) return -1;
	}
	return -1;
}

/**
 * Whether the first line with text after `from` (before `limit` or a start line) opens a body
 * ({@link opensBody}: XML, JSON, SDP) or is a header line nearly every trace carries.
 */
function bodyFollows(
	text: string,
	from: number,
	limit: number,
	ahead: VersionAhead | undefined,
	copies: boolean,
): boolean {
	const line: Line = { start: 0, end: 0, next: 0 };
	for (let at = from; at < limit && readLine(text, at, line); at = line.next) {
		const end = Math.min(line.end, limit);
		if (isBlank(text, line.start, end)) continue;
		if (startsMessage(text, line.start, end, line.next, ahead, copies)) return false;
		return opensBody(text, line.start, end) || isCommonHeaderLine(text, line.start, end);
	}
	return false;
}

/**
 * After a start line and an empty line: header lines each followed by one empty line, one of
 * them a header nearly every message carries, within the first few (a double-spaced copy of an
 * RCS INVITE opens with `Conversation-ID:`, `Contribution-ID:`, which no list of common headers
 * holds). The line after each empty one is a header's, or the search stops.
 */
function doubledCommonHeader(text: string, from: number, limit: number): boolean {
	const line: Line = { start: 0, end: 0, next: 0 };
	let headers = 0;
	let blank = true;
	for (let at = from; at < limit && headers < 12 && readLine(text, at, line); at = line.next) {
		const end = Math.min(line.end, limit);
		if (isBlank(text, line.start, end)) {
			if (blank) return false;
			blank = true;
			continue;
		}
		if (!blank || headerNameEnd(text, line.start, end) <= 0) return false;
		if (isCommonHeaderLine(text, line.start, end)) return true;
		blank = false;
		headers++;
	}
	return false;
}

/** A Content-Type / `c:` header line (RFC 3261 §20.15, §7.3.3). */
function isContentTypeLine(text: string, start: number, end: number): boolean {
	if ((text.charCodeAt(start) | 32) !== 99) return false;
	let i = start + 1;
	if (end - start > 12 && text.charCodeAt(start + 7) === 45) {
		let k = 1;
		while (k < 12 && (text.charCodeAt(start + k) | 32) === contentType.charCodeAt(k)) k++;
		if (k === 12) i = start + 12;
	}
	i = spacesAndTabs(text, i, end);
	return i < end && text.charCodeAt(i) === 58;
}

const contentType = 'content-type';

/**
 * Where a header line nearly every trace carries starts, between `from` and the next empty line,
 * start line or `limit`, or -1: with one ahead, the line before `from` was a broken header line,
 * not a body's first line.
 */
function commonHeaderAhead(text: string, from: number, limit: number): number {
	const line: Line = { start: 0, end: 0, next: 0 };
	for (let at = from; at < limit && readLine(text, at, line); at = line.next) {
		const end = Math.min(line.end, limit);
		if (isBlank(text, line.start, end) || isStartLine(text, line.start, end)) return -1;
		if (isCommonHeaderLine(text, line.start, end)) return line.start;
	}
	return -1;
}

/**
 * The value of a Content-Length / `l:` header line, or -1 if this line is not one: what
 * `/^(?:content-length|l)[ \t]*:[ \t]*(\d{1,9})[ \t]*$/i` finds in the line's first 40
 * characters, read in place (once a message, where the regex needed a slice of the line).
 */
function contentLengthOf(text: string, start: number, end: number): number {
	const c = text.charCodeAt(start) | 32;
	let i = start + 1;
	if (c === 99) {
		// Most header lines are turned away by two characters.
		if (
			end - start < 15 ||
			text.charCodeAt(start + 7) !== 45 ||
			(text.charCodeAt(start + 8) | 32) !== 108
		)
			return -1;
		for (; i < start + 14; i++) {
			const want = contentLength.charCodeAt(i - start);
			const got = text.charCodeAt(i);
			if (got !== want && (want === 45 || (got | 32) !== want)) return -1;
		}
	} else if (c !== 108 || end - start < 3) return -1;
	const e = Math.min(end, start + 40);
	i = spacesAndTabs(text, i, e);
	if (i >= e || text.charCodeAt(i) !== 58) return -1;
	i = spacesAndTabs(text, i + 1, e);
	const digits = i;
	let value = 0;
	for (; i < e; i++) {
		const d = text.charCodeAt(i) - 48;
		if (d < 0 || d > 9) break;
		value = value * 10 + d;
	}
	if (i === digits || i - digits > 9) return -1;
	return spacesAndTabs(text, i, e) === e ? value : -1;
}

const contentLength = 'content-length';

function spacesAndTabs(text: string, from: number, end: number): number {
	let i = from;
	while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	return i;
}

/** A body ends cleanly at a line boundary, at the limit, or where only white space remains on its line. */
/**
 * The line right above the next message, where it is a log's line that says where that message
 * went (`2024-01-17 16:28:14 +0100 : 192.0.2.1:443 -> 192.0.2.2:60278`): the next message's
 * heading, not the end of a body whose length the poster's edit left unmet (`<removed SDP>`).
 */
function headsNextMessage(
	text: string,
	start: number,
	end: number,
	next: number,
	limit: number,
	ahead: VersionAhead | undefined,
	copies: boolean,
): boolean {
	// A heading's digits and arrow first: most body lines are passed over without more.
	if (end - start > 200 || end - start < 12 || !isDigitCode(text.charCodeAt(start))) return false;
	if (!startsMessageAt(text, next, limit, ahead, copies)) return false;
	const meta = addressedHeading(text.slice(start, end));
	return meta !== null && meta.src != null && meta.dst != null;
}
const headingLine: Line = { start: 0, end: 0, next: 0 };
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/** Does `length` octets from `bodyStart`, its line ends counted either way, reach `at`? */
function lengthReaches(
	text: string,
	bodyStart: number,
	limit: number,
	length: number,
	at: number,
): boolean {
	for (const mode of lineEndModes) {
		const end = advanceOctets(text, bodyStart, limit, length, mode);
		if (end < 0 || end >= at) return true;
	}
	return false;
}

/**
 * Where the line that closes a multipart body ends (`--boundary--`, RFC 2046 §5.1.1), the
 * boundary read from the Content-Type line at `typeLine`: -1 for another type, or where no such
 * line comes between `bodyStart` and `limit`.
 */
function closingDelimiterEnd(
	text: string,
	typeLine: number,
	bodyStart: number,
	limit: number,
): number {
	const lineEnd = text.indexOf('\n', typeLine);
	const typeText = text.slice(typeLine, lineEnd < 0 || lineEnd > bodyStart ? bodyStart : lineEnd);
	if (!/multipart\//i.test(typeText)) return -1;
	const boundary = boundaryOf(typeText);
	if (!boundary) return -1;
	const at = text.indexOf(`--${boundary}--`, bodyStart);
	if (at < 0 || at >= limit) return -1;
	// With its line end: the sender counts it in Content-Length (the epilogue's first octets).
	const end = text.indexOf('\n', at);
	return end < 0 || end >= limit ? trimEnd(text, at, limit) : end + 1;
}

/**
 * An SDP body (`v=` first) that Content-Length ends at a line's end, its next line another SDP
 * line (`s=-`, `c=IN IP4 ...`, RFC 4566 §5): the length is short, the body goes on (a sender's
 * count, a manual's), and the rest is said as octets beyond it, not dropped as the trace's text.
 */
function sdpGoesOn(text: string, bodyStart: number, end: number, limit: number): boolean {
	if (end >= limit || !text.startsWith('v=', bodyStart)) return false;
	// `end` before the line's end, or past it (a length counted with line ends changed).
	let at = end;
	if (text.charCodeAt(at - 1) !== 10) {
		if (text.charCodeAt(at) === 13) at++;
		if (text.charCodeAt(at) !== 10) return false;
		at++;
	}
	const c = text.charCodeAt(at);
	return at + 1 < limit && c >= 97 && c <= 122 && text.charCodeAt(at + 1) === 61;
}

function endsCleanly(text: string, end: number, limit: number): boolean {
	if (end >= limit) return true;
	const prev = text.charCodeAt(end - 1);
	if (prev === 10) return true;
	for (let i = end; i < limit; i++) {
		const c = text.charCodeAt(i);
		if (c === 10) return true;
		if (c !== 13 && c !== 32 && c !== 9) return false;
	}
	return true;
}

/**
 * Whether a line of `[from, to)` is a Markdown fence: the block a message was pasted in closed
 * there, so no body runs over it. Looked for only in a text with a backtick or a tilde (found
 * once a text, not once a message: a log has none).
 */
function fenceWithin(text: string, from: number, to: number): boolean {
	if (text !== fencedText) mayHoldFences = text.includes('`') || text.includes('~');
	// Held as this very string: a text equal to the last but another string (the same file
	// opened again) is compared character by character once, not at every message.
	fencedText = text;
	if (!mayHoldFences) return false;
	for (let at = from; at < to;) {
		const nl = text.indexOf('\n', at);
		const end = nl < 0 || nl > to ? to : nl;
		if (isFence(text, at, end)) return true;
		at = end + 1;
	}
	return false;
}
let fencedText = '';
let mayHoldFences = false;

const isSpaceAt = (text: string, at: number): boolean =>
	text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9;

function onlySpace(text: string, from: number, to: number): boolean {
	for (let i = from; i < to; i++) {
		const c = text.charCodeAt(i);
		if (c !== 10 && c !== 13 && c !== 32 && c !== 9) return false;
	}
	return true;
}

/** `end` moved back over trailing blank lines (never before `floor`). Keeps one final line end. */
export function trimEnd(text: string, floor: number, end: number): number {
	let e = end;
	while (e > floor) {
		const c = text.charCodeAt(e - 1);
		if (c === 10 || c === 13 || c === 32 || c === 9) e--;
		else break;
	}
	// Keep the line end after the last content line.
	if (e < end && text.charCodeAt(e) === 13) e++;
	if (e < end && text.charCodeAt(e) === 10) e++;
	return e;
}

/**
 * A line that is only an arrow (`->`, `<-`, `==>`) right above a start line: a poster's mark of
 * the next message's direction, not a body's last line (a body without a length runs to it).
 */
function arrowBeforeMessage(
	text: string,
	start: number,
	end: number,
	next: number,
	limit: number,
	ahead: VersionAhead | undefined,
	copies: boolean,
): boolean {
	if (end - start > 12 || !arrowMark.test(text.slice(start, end))) return false;
	return startsMessageAt(text, next, limit, ahead, copies);
}

/** Does the line at `next` (before `limit`) start a message? */
function startsMessageAt(
	text: string,
	next: number,
	limit: number,
	ahead: VersionAhead | undefined,
	copies: boolean,
): boolean {
	if (next >= limit || !readLine(text, next, headingLine)) return false;
	return startsMessage(
		text,
		headingLine.start,
		Math.min(headingLine.end, limit),
		headingLine.next,
		ahead,
		copies,
	);
}
const arrowMark = /^[ \t]*(?:<-{1,3}|-{1,3}>|<={1,3}|={1,3}>)[ \t]*\r?$/;

/**
 * A heading a post put between messages, framed by the same marks (`=== Sent from Node ===`,
 * `--- reply ---`, `*** 200 OK ***`): no body's line.
 */
function isBanner(text: string, start: number, end: number): boolean {
	return end - start >= 7 && end - start <= 120 && banner.test(text.slice(start, end));
}
const banner = /^[ \t]{0,8}([=*#~-])\1{1,9}[ \t]{1,4}\S[^\r\n]{0,100}?[ \t]{1,4}\1{2,10}[ \t]*\r?$/;
