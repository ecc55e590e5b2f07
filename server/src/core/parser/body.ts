import { boundaryOf } from '../bodies/multipart';
import type { Frame, Problem, Span } from '../model';
import { maskedShortfall } from './bodyMasks';
import {
	advanceOctets,
	crShown,
	lineEndOctets,
	LineEnds,
	octetLength,
	utf8Octets,
} from '../text/octets';
import { problem } from './problems';
import { entityExcess, isEscapedBody, markdownEscapesIn } from './htmlEntities';
import { escapeExcess, hasBackslashEscapes } from '../framing/backslashEscapes';
import { octetsMissing } from './recordCut';
import { isJsWhiteSpace, onlyBlankLines } from '../text/whiteSpace';
import { indexWithin } from '../text/search';
import { narrowestWrap } from './joins';
import { wrappedBodyEnd } from './wrappedBody';
import { lineAfter } from './lines';
import { isFence } from './bodyStart';
import { xmlBodyEnd, xmlRootEnd, xmlRootUnclosed } from '../text/xmlEnd';
import { maskInBody } from './bodyMasks';

/** The ways a body's line ends are counted, in the order they are tried (see {@link locateBody}). */
const lineEndModes = [LineEnds.AsWritten, LineEnds.AddCr, LineEnds.DropCr] as const;

/**
 * Where the body is, given the frame, its lines and the index of the line that ends the headers:
 * the empty line, or, where a copy lost it (`glued`), the body's first line. Content-Length
 * counts octets on the wire (RFC 3261 §18.3, §20.14); a trace that turned CRLF into LF lost one
 * octet per line, so a body that matches once each bare LF is counted as CRLF is accepted as it
 * is. A missing or lying Content-Length is noted and the text up to the end of the frame kept as
 * the body; `short` says it holds fewer octets than Content-Length announces (a cut trace).
 * The answer is one object reused for every message: read it before the next call.
 */
export function locateBody(
	text: string,
	frame: Frame,
	lines: Int32Array,
	lineCount: number,
	headersEnd: number,
	glued: boolean,
	contentLength: number | null,
	problems: Problem[],
	doubleSpaced = false,
	untyped = false,
	announced: Announced = Announced.Any,
): BodyPlace {
	if (headersEnd >= lineCount) {
		// No empty line: no body, or headers cut short. A decorated format's lines leave out the
		// empty line that ends a message without a body.
		if (frame.lines && lineCount > 0) {
			// Where the body would start: past the empty line, where the frame has one.
			let at = lineAfter(text, lines[2 * lineCount - 1]!, frame.span.end);
			const next = lineAfter(text, at, frame.span.end);
			if (next <= frame.span.end && isBlankText(text, at, next)) at = next;
			// A post's Markdown fence right under the headers: the copy left the body out, as below.
			if (
				contentLength &&
				isFence(text, at, lineEndAt(text, at)) &&
				at === lineAfter(text, lines[2 * lineCount - 1]!, frame.span.end)
			)
				problems.push(leftOut(at, contentLength));
			else missingBody(text, frame, contentLength, at, problems);
		} else if (contentLength && lineCount > 0) {
			// The headers stop without their empty line where other text goes on (a post's fence
			// or prose after the headers it quoted): the body Content-Length announces was left out.
			problems.push(
				leftOut(lineAfter(text, lines[2 * lineCount - 1]!, frame.span.end), contentLength),
			);
		}
		return placed(-1, -1, false);
	}
	if (frame.lines) {
		const first = glued ? headersEnd : headersEnd + 1;
		let last = lineCount - 1;
		while (last >= first && lines[2 * last] === lines[2 * last + 1]) last--;
		// ngrep's `.` line right under the body's last line: a CRLF the body ends with, after that
		// line's own LF (a PIDF SIPp sends, `...</presence>` LF CRLF), counted in Content-Length.
		if (
			frame.format === 'ngrep' &&
			last >= first &&
			last + 1 < lineCount &&
			lines[2 * last + 2] === lines[2 * last + 3] &&
			bylineCr(text, lines[2 * last + 3]!)
		)
			last++;
		if (last < first) {
			const at =
				first < lineCount
					? lines[2 * first]!
					: lineAfter(text, lines[2 * headersEnd + 1]!, frame.span.end);
			missingBody(text, frame, contentLength, at, problems);
			return placed(-1, -1, false);
		}
		const start = lines[2 * first]!;
		let end = lines[2 * last + 1]!;
		// The page's prose after an untyped message with no length, as below.
		if (contentLength === null && untyped && pageProse(text, start, end))
			return placed(-1, -1, false);
		// A log's own lines under a message that says it has no body (`Content-Length: 0`, no
		// Content-Type), at the message's indent: AudioCodes' next log line (`(N 17906358) ----
		// Outgoing SIP Message to ...`) in the same syslog record.
		if (contentLength === 0 && untyped && logLineAt(text, start)) return placed(-1, -1, false);
		if (
			announced !== Announced.Any &&
			proseForBody(
				text,
				start,
				end,
				contentLength,
				// tshark's SDP is its dissection's labelled values, no `x=` lines: prose alone is judged.
				frame.format === 'tshark' && announced === Announced.Sdp ? Announced.Structured : announced,
				problems,
				(k) => (k <= last - first ? lines[2 * (first + k)]! : -1),
				glued,
			)
		)
			return placed(-1, -1, false);
		if (doubleSpaced) {
			// As for contiguous text (below): none where Content-Length says there is none, and an
			// XML document ends with its root, the page's next lines (`< Example 2 >`) not its.
			if (contentLength === 0) return placed(-1, -1, false);
			const xml = xmlBodyEnd(text, start, end);
			if (xml >= 0) {
				while (last > first && lines[2 * last]! >= xml) last--;
				end = lines[2 * last + 1]!;
			}
			// The trace ending inside it: its lines, each with one CRLF, fall short (as below).
			if (contentLength !== null && xml < 0 && endsTrace(text, frame.span.end)) {
				let held = 0;
				for (let k = first; k <= last; k++)
					if (lines[2 * k]! < lines[2 * k + 1]!)
						held += octetLength(text, lines[2 * k]!, lines[2 * k + 1]!) + 2;
				if (held < contentLength) {
					problems.push(cutAtEnd(text, frame, { start, end }, contentLength, held));
					return placed(start, end, true);
				}
			}
		}
		// A copy with an empty line after every line changed the body's octets: taken as it stands.
		// tshark's body is read back from its dissection (XML a token a line, SDP as labelled
		// values): not the octets on the wire, so not counted; a missing Content-Length still shows.
		let short = false;
		breaks.length = 0;
		if (frame.format === 'tshark') {
			if (contentLength === null)
				checkLineLength(text, frame, lines, null, first, last, contentLength, start, end, problems);
			// The trace ending inside its document (a copy cut short): cut, not invalid XML.
			else short = unlengthedCut(text, start, end, problems);
		} else if (octetsMissing(text, frame, contentLength) > 0) {
			// The record says it lacks octets of the message (message.truncated): the body is cut.
			short = true;
		} else if (!doubleSpaced)
			short = checkLineLength(
				text,
				frame,
				lines,
				frame.joins ?? null,
				first,
				last,
				contentLength,
				start,
				end,
				problems,
				glued || frame.declaredBytes === null
					? -1
					: frame.declaredBytes - headerOctets(text, lines, frame.joins ?? null, first),
				glued,
			);
		return placed(start, end, short, breaks.length ? Int32Array.from(breaks) : null);
	}

	let bodyStart: number;
	if (glued) bodyStart = lines[2 * headersEnd]!;
	else {
		bodyStart = lines[2 * headersEnd + 1]!;
		if (text.charCodeAt(bodyStart) === 13) bodyStart++;
		if (text.charCodeAt(bodyStart) === 10) bodyStart++;
	}
	const sipEnd = Math.max(bodyStart, frame.sip.end);
	let trimmedEnd = sipEnd;
	while (trimmedEnd > bodyStart && isLineEnd(text.charCodeAt(trimmedEnd - 1))) trimmedEnd--;
	// A copy with an empty line after every line changed the body's octets: taken as it stands,
	// as in the decorated formats (message.double-spaced says so); none where Content-Length says
	// there is none (what follows is the log's next lines).
	// Prose where the announced body goes (see proseForBody), double-spaced or not (a manual's
	// page that set each header as a paragraph, then its next heading).
	if (
		announced !== Announced.Any &&
		proseForBody(text, bodyStart, trimmedEnd, contentLength, announced, problems, null, glued)
	)
		return placed(-1, -1, false);
	if (doubleSpaced) {
		if (trimmedEnd <= bodyStart || contentLength === 0) return placed(-1, -1, false);
		const end = asItStandsEnd(text, bodyStart, sipEnd);
		// The trace ending inside it: its lines, each with the CRLF the copy doubled, fall short.
		// A body so cut is not judged, as everywhere (`short`).
		let cut = false;
		if (contentLength !== null && endsTrace(text, end)) {
			const held = undoubledOctets(text, bodyStart, end);
			cut = held < contentLength;
			if (cut) problems.push(cutAtEnd(text, frame, { start: bodyStart, end }, contentLength, held));
		} else if (contentLength === null) cut = unlengthedCut(text, bodyStart, end, problems);
		return placed(bodyStart, end, cut);
	}

	if (contentLength === null) {
		// No Content-Length and no Content-Type, and a page's prose after the empty line (a
		// manual's next step, `2.  Upon receipt of this request, the Registrar returns ...`):
		// the page's text, no body. (The same in decorated lines, above.)
		if (untyped && pageProse(text, bodyStart, trimmedEnd)) return placed(-1, -1, false);
		if (trimmedEnd > bodyStart)
			problems.push(missingLength(frame, { start: bodyStart, end: trimmedEnd }));
		// Only the line ends a log printed after the message (belle-sip's blank line): no body.
		if (trimmedEnd <= bodyStart) return placed(-1, -1, false);
		const end = asItStandsEnd(text, bodyStart, sipEnd);
		return placed(bodyStart, end, unlengthedCut(text, bodyStart, end, problems));
	}
	// The body as written, or as it was on the wire before a tool or editor changed line ends.
	let exactEnd = -1;
	let crlfEnd = -1;
	for (const mode of lineEndModes) {
		const end =
			contentLength === 0 ? bodyStart : advanceOctets(text, bodyStart, sipEnd, contentLength, mode);
		if (mode === LineEnds.AsWritten) exactEnd = end;
		else if (mode === LineEnds.AddCr) crlfEnd = end;
		// An empty body is no body.
		if (end >= 0 && onlyBlankLines(text, end, sipEnd)) {
			if (end <= bodyStart) return placed(-1, -1, false);
			// A copy that cut long lines at a width may have cut the body's, its line ends taking
			// the place of the body's last line end: read without them when that reading also
			// holds Content-Length's octets and the cut is a copy's.
			const through = throughWhiteSpace(text, sipEnd, frame.span.end);
			// One cut is enough where a header was cut too, or where the length without it ends
			// between a CR and its LF, as no body does.
			const splitsLineEnd = text.charCodeAt(end - 1) === 13 && text.charCodeAt(end) === 10;
			const minBreaks = splitsLineEnd || wrappedHeaderIn(problems, frame.sip.start) ? 1 : 2;
			// Read as written it ends with a line end of its own, as a body does: the line ends a
			// wrapped reading would take out did not replace its last one (only sngrep's blank
			// lines after it, or a log's, would make up the count).
			const wrapped =
				text.charCodeAt(end - 1) !== 10 &&
				wrappedBody(
					text,
					frame,
					bodyStart,
					through,
					contentLength,
					problems,
					minBreaks,
					splitsLineEnd ? 1 : 2,
					// Line ends counted as they made the body fit: a wrapped reading that fits only when
					// they are counted otherwise is a coincidence (a Kamailio PIDF with bare LFs and two
					// lines of one length: two line ends taken out, two CRs put in).
					[mode],
				);
			if (wrapped) return wrapped;
			return placed(bodyStart, end, false);
		}
	}
	// SDP ends every line with CRLF, its last too (RFC 4566 §5): the line end after the body's
	// last line, which the body as read stops before, is the body's.
	// (Not where the trace ends there: its last line may be cut, with no line end of its own.)
	const sdpLineEnd =
		text.startsWith('v=', bodyStart) && !endsTrace(text, trimmedEnd)
			? lineEndLength(text, trimmedEnd, sipEnd)
			: 0;
	const inFile = octetLength(text, bodyStart, trimmedEnd) + sdpLineEnd;
	const span = { start: bodyStart, end: trimmedEnd };
	if (exactEnd >= 0 && hasNonAscii(text, bodyStart, trimmedEnd)) {
		// A binary body a capture decoded octet for octet (Latin-1: its octets are not UTF-8, a
		// deflated IMDN), each character one octet: Content-Length counts them exactly.
		const octetEnd = bodyStart + contentLength;
		if (
			octetEnd <= sipEnd &&
			octetEnd >= trimmedEnd - 2 &&
			onlyBlankLines(text, octetEnd, sipEnd) &&
			octetsAsChars(text, bodyStart, octetEnd)
		)
			return placed(bodyStart, octetEnd, false);
		// Binary octets were decoded as text (and maybe replaced), or a page made its quotes typographic:
		// the length cannot be checked.
		problems.push(
			problem(
				'content-length.mismatch',
				span,
				`Content-Length is ${contentLength}; the body holds characters beyond ASCII (binary octets decoded as text, or a page's typographic quotes), so its length as read (${inFile}) may differ from the wire.`,
				'information',
			),
		);
		return placed(bodyStart, sipEnd, false);
	}
	// A trace saved with LF line ends (its empty line a bare LF) lost the CR of every line end
	// the message had on the wire (RFC 3261 §7). Its body's LFs may have been CRLF, or bare LF as
	// sent (Kamailio's XML): both counts are given, so the user sees which one Content-Length
	// missed; judged short or long only when both say so.
	const bareLf =
		text.charCodeAt(bodyStart - 1) === 10 && text.charCodeAt(bodyStart - 2) !== 13
			? bareLineFeeds(text, bodyStart, trimmedEnd) + (sdpLineEnd === 1 ? 1 : 0)
			: 0;
	// Longer than Content-Length by the line ends of a copy that cut its long lines at a width.
	const wrapped = wrappedBody(text, frame, bodyStart, sipEnd, contentLength, problems);
	if (wrapped) return wrapped;
	// A page converted to Markdown escaped `_` and `*` in the XML (`<digium\_presence ...>`):
	// Content-Length counts the body without those backslashes (bodyText reads it so).
	if (
		inFile > contentLength &&
		text.charCodeAt(firstNonBlank(text, bodyStart, trimmedEnd)) === 60
	) {
		const escapes = markdownEscapesIn(text, bodyStart, trimmedEnd);
		const sent = inFile - escapes;
		if (escapes > 0 && sent <= contentLength && contentLength <= sent + 2 + bareLf)
			return placed(bodyStart, trimmedEnd, false);
	}
	// A page that HTML-escaped the message wrote each `<` of the body as `&lt;`: Content-Length
	// counts the body as sent, read through the entities (lint says the page escaped it).
	if (inFile > contentLength && isEscapedBody(text, bodyStart, trimmedEnd)) {
		const sent = inFile - entityExcess(text, bodyStart, trimmedEnd);
		// Within a tenth: a page changes white space too (see copiedWhiteSpace).
		if (sent === contentLength || Math.abs(sent + bareLf - contentLength) <= contentLength / 10)
			return placed(bodyStart, trimmedEnd, false);
	}
	// A body that mixes the two (a multipart whose parts a server wrote with bare LF) fits
	// neither count, but the size the record gives of the message (tcpdump's UDP length) says it
	// is whole: its headers, each line end a CRLF, and Content-Length make that size.
	if (
		bareLf > 0 &&
		inFile <= contentLength &&
		contentLength <= inFile + bareLf &&
		frame.declaredBytes !== null &&
		frame.declaredBytes ===
			octetLength(text, frame.sip.start, bodyStart) +
				bareLineFeeds(text, frame.sip.start, bodyStart) +
				contentLength &&
		octetsMissing(text, frame, contentLength) === 0
	)
		return placed(bodyStart, trimmedEnd, false);
	// A body the trace cut (its last SDP line stops short) is said cut, masks or not.
	const mask = cutInsideBody(text, frame, span)
		? null
		: maskInBody(text, bodyStart, trimmedEnd, contentLength - inFile);
	if (mask !== null) {
		problems.push(maskedLength(span, contentLength, mask, inFile));
		return placed(bodyStart, sipEnd, false);
	}
	if (bareLf > 0 && exactEnd >= 0 && crlfEnd >= 0) {
		if (multipartRunsOn(text, frame.sip.start, bodyStart, crlfEnd, trimmedEnd)) {
			problems.push(partsPastLength(span, contentLength, inFile + bareLf, inFile));
			return placed(bodyStart, trimmedEnd, false);
		}
		problems.push(
			problem(
				'content-length.mismatch',
				{ start: crlfEnd, end: trimmedEnd },
				`${inFile + bareLf - contentLength} octets follow the ${contentLength} that Content-Length announces, the body's ${lineEnds(bareLf)} counted as CRLF, as on the wire (${inFile - contentLength} in the file); ${extraFate(frame)} (RFC 3261 §18.3).`,
				'information',
			),
		);
		return placed(bodyStart, crlfEnd, false);
	}
	if (bareLf > 0 && exactEnd < 0 && crlfEnd >= 0) {
		// Between the two counts: what a body that mixed CRLF and bare LF (a multipart whose parts
		// a server wrote with LF alone) gives once the trace lost its CRs.
		problems.push(mixedLineEnds(span, contentLength, inFile, bareLf));
		return placed(bodyStart, trimmedEnd, false);
	}
	if (
		glued &&
		exactEnd < 0 &&
		nearly(contentLength, inFile + bareLf) &&
		!cutInsideBody(text, frame, span)
	) {
		problems.push(copiedWhiteSpace(span, contentLength, inFile + bareLf));
		return placed(bodyStart, sipEnd, false);
	}
	// A bare message pasted from a page (a wiki's, a forum's), its XML document whole yet a few
	// octets short: the page trimmed white space (trailing spaces, indentation), not the sender.
	if (
		exactEnd < 0 &&
		frame.format === 'raw' &&
		inFile + bareLf < contentLength &&
		nearly(contentLength, inFile + bareLf) &&
		wholeXml(text, bodyStart, trimmedEnd) &&
		!cutInsideBody(text, frame, span)
	) {
		problems.push(
			copiedXmlWhiteSpace(
				span,
				contentLength,
				`${inFile + bareLf} octets${bareLf > 0 ? `, its ${lineEnds(bareLf)} counted as CRLF` : ''}`,
			),
		);
		return placed(bodyStart, sipEnd, false);
	}
	if (bareLf > 0 && exactEnd < 0) {
		problems.push(
			cutInsideBody(text, frame, span)
				? cutAtEnd(text, frame, span, contentLength, inFile + bareLf)
				: problem(
						'content-length.mismatch',
						span,
						`Content-Length is ${contentLength} but only ${inFile + bareLf} octets of body follow, its ${lineEnds(bareLf)} counted as CRLF, as on the wire (${inFile} in the file): the message is truncated or the length is wrong (RFC 3261 §18.3).`,
					),
		);
		return placed(bodyStart, sipEnd, true);
	}
	const actual = inFile;
	if (exactEnd < 0 && actual === 0 && noBody(frame, contentLength, span, problems))
		return placed(-1, -1, false);
	// The record says it lacks octets of the message (message.truncated): the body is not short.
	if (exactEnd < 0 && octetsMissing(text, frame, contentLength) > 0)
		return actual > 0 ? placed(bodyStart, sipEnd, true) : placed(-1, -1, false);
	if (exactEnd < 0) {
		problems.push(shortOrCut(text, frame, span, contentLength, actual));
		return placed(bodyStart, sipEnd, true);
	}
	// Longer than Content-Length, in a bare message pasted from a page, its XML document whole
	// and its text other than white space within the length (a doc that pretty-printed it, one
	// attribute a line): the page's white space, not the sender's octets.
	if (
		frame.format === 'raw' &&
		wholeXml(text, bodyStart, trimmedEnd) &&
		nonSpaceOctets(text, bodyStart, trimmedEnd) <= contentLength
	) {
		problems.push(copiedXmlWhiteSpace(span, contentLength, `${actual} octets`, true));
		return placed(bodyStart, trimmedEnd, false);
	}
	// Longer than Content-Length: over UDP the extra octets are discarded (RFC 3261 §18.3). The
	// line end after the body's last line may be the body's own (an SDP line's CRLF) or the log's:
	// counted both ways.
	const lastLineEnd = sdpLineEnd > 0 ? 0 : lineEndLength(text, trimmedEnd, sipEnd);
	if (multipartRunsOn(text, frame.sip.start, bodyStart, exactEnd, trimmedEnd)) {
		problems.push(partsPastLength(span, contentLength, actual, null));
		return placed(bodyStart, trimmedEnd, false);
	}
	problems.push(
		problem(
			'content-length.mismatch',
			{ start: exactEnd, end: trimmedEnd },
			`${actual - contentLength} octets follow the ${contentLength} that Content-Length announces${lastLineEnd > 0 ? ` (${actual + lastLineEnd - contentLength} with the line end after the body's last line)` : ''}; ${extraFate(frame)} (RFC 3261 §18.3).`,
			'information',
		),
	);
	return placed(bodyStart, exactEnd, false);
}

/**
 * Does a multipart body's delimiter (`--boundary`, RFC 2046 §5.1.1) stand in [from, to), past
 * where Content-Length ends it? The boundary is read from the Content-Type among the headers
 * [headersStart, bodyStart). Then the octets past the length are the body's own parts, not a
 * log's text.
 */
function multipartRunsOn(
	text: string,
	headersStart: number,
	bodyStart: number,
	from: number,
	to: number,
): boolean {
	if (to <= from) return false;
	const boundary = multipartBoundary(text, headersStart, bodyStart);
	return boundary !== null && indexWithin(text, `--${boundary}`, from, to) >= 0;
}

/** The boundary of a multipart Content-Type among the headers [headersStart, bodyStart), or null. */
function multipartBoundary(text: string, headersStart: number, bodyStart: number): string | null {
	const type = contentTypeLine.exec(
		text.slice(headersStart, Math.min(bodyStart, headersStart + 16384)),
	);
	return type && /multipart\//i.test(type[0]) ? boundaryOf(type[0]) : null;
}
const contentTypeLine = /^(?:content-type|c)[ \t]*:[^\r\n]{0,2000}/im;

/**
 * A multipart body [bodyStart, end) that opens with its boundary's delimiter and holds no closing
 * one (RFC 2046 §5.1.1): at the trace's end, the trace cut it.
 */
function multipartUnclosed(
	text: string,
	headersStart: number,
	bodyStart: number,
	end: number,
): boolean {
	const boundary = multipartBoundary(text, headersStart, bodyStart);
	if (boundary === null) return false;
	const opens = indexWithin(text, `--${boundary}`, bodyStart, end);
	return opens >= 0 && indexWithin(text, `--${boundary}--`, opens, end) < 0;
}

/**
 * A message/cpim body [bodyStart, end) with no empty line in it: its message headers (From, To,
 * NS, DateTime) end with one before the encapsulated MIME object (RFC 3862 §3), so at the
 * trace's end, the trace cut it inside those headers.
 */
function cpimUnended(text: string, headersStart: number, bodyStart: number, end: number): boolean {
	const type = contentTypeLine.exec(
		text.slice(headersStart, Math.min(bodyStart, headersStart + 16384)),
	);
	if (!type || !/:[ \t]*message\/cpim\b/i.test(type[0])) return false;
	return !/\n[ \t]*\r?\n/.test(text.slice(bodyStart, end));
}

/**
 * A multipart body whose parts go on past Content-Length: a receiver reads only the length's
 * octets (RFC 3261 §18.3), so the parts after them are lost and the body has no closing
 * delimiter (RFC 2046 §5.1.1).
 */
function partsPastLength(
	span: Span,
	contentLength: number,
	wire: number,
	inFile: number | null,
): Problem {
	return problem(
		'content-length.mismatch',
		span,
		`Content-Length is ${contentLength}, but the multipart body's parts run on past it to its closing delimiter, ${wire} octets${inFile !== null ? ` with its line ends as CRLF (${inFile} in the file)` : ''}: a receiver reads only the first ${contentLength}, and loses the parts after them and the closing delimiter (RFC 3261 §18.3, RFC 2046 §5.1.1).`,
	);
}

/** The octets of [start, end) that are not white space (UTF-8: a character past ASCII counts 2 or more). */
function nonSpaceOctets(text: string, start: number, end: number): number {
	let n = 0;
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c === 32 || c === 9 || c === 10 || c === 13) continue;
		n +=
			c < 0x80
				? 1
				: c < 0x800
					? 2
					: c >= 0xd800 && c < 0xdc00
						? 4
						: c >= 0xdc00 && c < 0xe000
							? 0
							: 3;
	}
	return n;
}

/** The octets of the line end at `at` (CR LF 2, LF or CR 1), none past `limit`. */
function lineEndLength(text: string, at: number, limit: number): number {
	if (at >= limit) return 0;
	if (text.charCodeAt(at) === 13) return at + 1 < limit && text.charCodeAt(at + 1) === 10 ? 2 : 1;
	return text.charCodeAt(at) === 10 ? 1 : 0;
}

/**
 * Not one line of body in a decorated format's lines, where Content-Length announces one: said as
 * for contiguous text. tshark leaves out the bodies it cannot print back (see tshark.ts).
 */
function missingBody(
	text: string,
	frame: Frame,
	contentLength: number | null,
	at: number,
	problems: Problem[],
): void {
	if (!contentLength || frame.format === 'tshark') return;
	const span = { start: at, end: at };
	if (noBody(frame, contentLength, span, problems) || octetsMissing(text, frame, contentLength))
		return;
	problems.push(bodyLeftOut(text, frame, span, contentLength, 0));
}

/**
 * A body shorter than Content-Length, not cut by the trace's end: left out by the copy where
 * none of it is there and the next message or the page's prose follows the headers; else sent
 * short (or with a wrong length).
 */
function bodyLeftOut(
	text: string,
	frame: Frame,
	span: Span,
	contentLength: number,
	actual: number,
): Problem {
	if (bodyBeforeNext(text, frame, actual)) return leftOutBeforeNext(span, contentLength);
	// Only a poster's rule (`---`) between the headers and the next message.
	if (onlyRule(text, span.start, span.end) && startLineAfter(text, frame.span.end))
		return problem(
			'content-length.mismatch',
			span,
			`Content-Length is ${contentLength}, and only a rule the page drew (\`${text.slice(span.start, span.end).trim()}\`) stands between the headers and the next message: the copy left the body out.`,
			'information',
		);
	if (actual === 0 && proseAfter(text, frame.span.end)) return proseLeftOut(span, contentLength);
	return shortBody(span, contentLength, actual);
}

/**
 * Does the page's prose come next after `at`, past blank lines (a book's paragraph under the
 * headers it quoted, `上面的消息中省略了 SDP 的内容`)? A log's next record is no prose: its
 * line opens with a time, a level or a tag, which {@link pageProse} turns away.
 */
function proseAfter(text: string, at: number): boolean {
	let i = at;
	const stop = Math.min(text.length, at + 1000);
	while (i < stop && isJsWhiteSpace(text.charCodeAt(i))) i++;
	return i < stop && pageProse(text, i, stop);
}

// A sentence in Chinese or Japanese (`上面的消息中省略了 SDP 的内容，`): CJK first, its own punctuation.
const cjkProse = /^[\u3000-\u9fff\uff00-\uffef][^\n:=<]{0,198}[\u3001\u3002\uff0c\uff1a\uff1b]/;

const proseInstead = (contentLength: number): string =>
	`Content-Length is ${contentLength}, but the page's text follows the headers, not the body their Content-Type announces: the copy left the body out.`;

function proseLeftOut(span: Span, contentLength: number): Problem {
	return problem('content-length.mismatch', span, proseInstead(contentLength), 'information');
}

/**
 * A pasted message with nothing of its body, the next message starting right after its empty
 * line: the poster left the body out (a stream would have read the next message as this one's
 * body, a datagram holds it whole).
 */
function bodyBeforeNext(text: string, frame: Frame, actual: number): boolean {
	return actual === 0 && frame.format === 'raw' && startLineAfter(text, frame.span.end);
}

/** Does [start, end) hold one line of three or more of one mark (`---`, `***`, `===`) alone? */
function onlyRule(text: string, start: number, end: number): boolean {
	return end - start <= 200 && pageRule.test(text.slice(start, end).trim());
}
const pageRule = /^(?:-{3,}|\*{3,}|_{3,}|={3,}|~{3,})$/;

function leftOutBeforeNext(span: Span, contentLength: number): Problem {
	return problem(
		'content-length.mismatch',
		span,
		`Content-Length is ${contentLength}, and the next message starts right after the empty line that ends the headers: the copy left the body out.`,
		'information',
	);
}

/** Does a start line open the first line of text at or after `at` (blank lines skipped)? */
function startLineAfter(text: string, at: number): boolean {
	let i = at;
	while (i < text.length && isJsWhiteSpace(text.charCodeAt(i))) i++;
	return nextStartLine.test(text.slice(i, Math.min(text.length, i + 300)));
}
const nextStartLine = /^(?:SIP\/2\.0 \d{3}\b|[A-Z][A-Z-]{1,20} \S+ SIP\/2\.0\s)/;

/**
 * The body read without the line ends a copy put inside its lines (see `wrappedBodyEnd`), said
 * as `body.wrapped`; null when no such reading holds Content-Length's octets.
 */
function wrappedBody(
	text: string,
	frame: Frame,
	bodyStart: number,
	limit: number,
	contentLength: number,
	problems: Problem[],
	minBreaks = 1,
	asLongLines = 2,
	modes?: readonly LineEnds[],
): BodyPlace | null {
	const end = wrappedBodyEnd(
		text,
		frame.sip.start,
		bodyStart,
		limit,
		contentLength,
		breaks,
		false,
		asLongLines,
		modes,
	);
	if (end < 0 || breaks.length < minBreaks) return null;
	problems.push(wrappedProblem({ start: bodyStart, end }, breaks.length, contentLength));
	return placed(bodyStart, end, false, Int32Array.from(breaks));
}

/** `body.wrapped`: the body was read without the `cut` line ends a copy put in it. */
function wrappedProblem(span: Span, cut: number, contentLength: number): Problem {
	const lines = cut === 1 ? 'a line' : `${cut} lines`;
	const ends = cut === 1 ? 'end' : 'ends';
	return problem(
		'body.wrapped',
		span,
		`A copy cut ${lines} of this body at a width: read without the line ${ends} it put there, the body holds the ${contentLength} octets Content-Length announces.`,
	);
}

/** The parser said a header of the message from `start` on was wrapped by a copy. */
function wrappedHeaderIn(problems: readonly Problem[], start: number): boolean {
	for (let i = problems.length - 1; i >= 0; i--) {
		const p = problems[i]!;
		if (p.span.start < start) return false;
		if (p.code === 'header.wrapped') return true;
	}
	return false;
}

/** `at` moved on over white space and line ends, up to `limit`. */
function throughWhiteSpace(text: string, at: number, limit: number): number {
	let i = at;
	while (i < limit) {
		const c = text.charCodeAt(i);
		if (c !== 10 && c !== 13 && c !== 32 && c !== 9) break;
		i++;
	}
	return i;
}

/**
 * The body's lines (pairs `first` to `last` of `lines`, `count` pairs in all) that a copy cut at
 * a width, each line as long as the longest and with more text on the next line, when another
 * line of the message is as long (see `wrapWidth`): each one's end put in {@link breaks}, their
 * number returned (0: none).
 */
function wrappedLineEnds(lines: Int32Array, first: number, last: number, count: number): number {
	let width = 0;
	for (let i = first; i <= last; i++) width = Math.max(width, lines[2 * i + 1]! - lines[2 * i]!);
	if (width < narrowestWrap) return 0;
	let asLong = 0;
	for (let i = 0; i < count && asLong < 2; i++)
		if (lines[2 * i + 1]! - lines[2 * i]! === width) asLong++;
	if (asLong < 2) return 0;
	breaks.length = 0;
	for (let i = first; i < last; i++)
		if (lines[2 * i + 1]! - lines[2 * i]! === width && lines[2 * i + 3]! > lines[2 * i + 2]!)
			breaks.push(lines[2 * i + 1]!);
	return breaks.length;
}

/**
 * Of the body's line ends (pairs `first` to `last`), those the trace prints without their CR are
 * exactly the ones in {@link breaks}: the sender ended every line with CRLF, the copy cut the rest.
 */
function onlyCutsLackCr(text: string, lines: Int32Array, first: number, last: number): boolean {
	for (let i = first; i < last; i++) {
		const end = lines[2 * i + 1]!;
		if (crShown(text, end) === breaks.includes(end)) return false;
	}
	return true;
}

/** How many lines a frame's pairs give. */
const lineCount = (lines: Int32Array): number => lines.length >> 1;

/**
 * A body whose length differs from Content-Length and that holds a value masked where the trace
 * was posted (see bodyMasks.ts): not judged, said as information.
 */
function maskedLength(span: Span, contentLength: number, mask: string, actual: number): Problem {
	return problem(
		'content-length.mismatch',
		span,
		`Content-Length is ${contentLength}; the body holds a value masked where the trace was posted (\`${mask}\`), so its length as read (${actual}) may differ from the wire.`,
		'information',
	);
}

/**
 * What a receiver does with octets past Content-Length: over a datagram it discards them, over a
 * stream it reads them as the start of the next message; said as the log says the transport.
 */
function extraFate(frame: Frame): string {
	const transport = (frame.transport ?? '').toUpperCase();
	if (transport === 'UDP') return 'a receiver discards them';
	if (transport === 'TCP' || transport === 'TLS')
		return `over ${transport} a receiver reads them as the start of the next message`;
	return 'a receiver discards them over UDP, and reads them as the start of the next message over TCP or TLS';
}

/**
 * A whole XML document a few octets short of Content-Length in a pasted copy: the page trimmed
 * its white space, not the sender its octets. `held` says what the copy holds.
 */
function copiedXmlWhiteSpace(
	span: Span,
	contentLength: number,
	held: string,
	added = false,
): Problem {
	return problem(
		'content-length.mismatch',
		span,
		`Content-Length is ${contentLength} and the body as copied holds ${held}, its XML document whole: the copy changed its white space (${added ? 'a page indents a document anew, one attribute a line' : 'a page trims trailing spaces and indentation'}), so its length cannot be judged.`,
		'information',
	);
}

/**
 * A body with no length to count (none given, or a document's `Content-Length: (…)`) that the
 * trace ends inside an XML document whose root is not closed: said cut, and not judged.
 */
function unlengthedCut(text: string, start: number, end: number, problems: Problem[]): boolean {
	if (!endsTrace(text, end) || !xmlRootUnclosed(text, start, end)) return false;
	problems.push(
		problem(
			'message.truncated',
			{ start, end },
			'The trace ends inside this body, before its XML document closes its root element: the rest is not in the trace.',
		),
	);
	return true;
}

/** A body shorter than Content-Length: cut by the trace's end, or sent short. */
function shortOrCut(
	text: string,
	frame: Frame,
	span: Span,
	contentLength: number,
	actual: number,
): Problem {
	if (cutInsideBody(text, frame, span)) return cutAtEnd(text, frame, span, contentLength, actual);
	return bodyLeftOut(text, frame, span, contentLength, actual);
}

/**
 * The trace or the log's record stops inside this body: see {@link endsInsideBody}; or the trace
 * ends, at a line end, inside an XML document whose root is not closed (a paste that stopped in
 * a PIDF), which no sender's whole body is.
 */
function cutInsideBody(text: string, frame: Frame, span: Span): boolean {
	return (
		endsInsideBody(text, frame, span.start) ||
		(endsTrace(text, frame.span.end) &&
			(xmlRootUnclosed(text, span.start, span.end) ||
				multipartUnclosed(text, frame.sip.start, span.start, span.end) ||
				cpimUnended(text, frame.sip.start, span.start, span.end) ||
				unclosedChanSipRecord(text, frame) ||
				// A record that gives its size says whether octets are missing: it decides.
				(frame.declaredBytes === null &&
					(sdpBeforeMedia(text, frame, span.start, span.end) ||
						sdpWithoutConnection(text, frame, span.start, span.end) ||
						sdpSecureWithoutKeys(text, span.start, span.end) ||
						sdpLastLineCut(text, frame, span.start, span.end)))))
	);
}

/**
 * chan_sip closes each message it prints (`<------------->` after one it read, `---` after one it
 * sent): a record at the trace's end without its closing line was cut by the paste.
 */
function unclosedChanSipRecord(text: string, frame: Frame): boolean {
	if (frame.format !== 'chanSip' || frame.meta === null) return false;
	const after = text.slice(frame.sip.end, frame.span.end);
	return !/^[ \t]*(?:<-{5,}>|---)[ \t]*\r?$/m.test(after);
}

/**
 * A session description whose last line stops where no SDP line ends: after its type or its
 * attribute's name (`c=`, `a=ice-pwd:`), inside a protocol (`RTP/`), or short of the fields its
 * grammar requires (RFC 4566 §5: `m=` 4, `o=` 6, `c=` 3; RFC 5245 §15.1's candidate 8; RFC 4568
 * §9.1's crypto 3; RFC 3312 §5's curr and conf 3, des 4; rtpmap and fingerprint 2): the trace
 * cut it.
 */
function sdpLastLineCut(text: string, frame: Frame, start: number, end: number): boolean {
	if (!text.startsWith('v=0', start)) return false;
	let e = end;
	while (e > start && isJsWhiteSpace(text.charCodeAt(e - 1))) e--;
	let last = text.lastIndexOf('\n', e - 1) + 1;
	// A format that decorates its lines (a page's list marks): the last line's own text.
	const lines = frame.lines;
	if (lines) {
		let k = lines.length - 2;
		while (k >= 0 && lines[k]! >= e) k -= 2;
		if (k >= 0 && lines[k]! >= start) {
			last = lines[k]!;
			e = Math.min(e, lines[k + 1]!);
			while (e > last && isJsWhiteSpace(text.charCodeAt(e - 1))) e--;
		}
	}
	if (last <= start || e - last < 2 || text.charCodeAt(last + 1) !== 61) return false;
	const close = text.charCodeAt(e - 1);
	if (e - last === 2 || close === 47) return true;
	const attribute = text.charCodeAt(last) === 97;
	// An attribute that stops after its name or inside a word (`a=ice-pwd:`, `a=rtcp-`).
	if (attribute && (close === 58 || close === 45)) return true;
	const line = text.slice(last, Math.min(e, last + 400));
	if (attribute && line.startsWith('a=fmtp:') && fmtpParameterCut(line)) return true;
	// A payload map cut inside its encoding's name (`a=rtpmap:101 telephone-even`): a name short
	// of a registered one, no clock rate after it. (RFC 4475's clerr ends on `a=rtpmap:31 LPC`,
	// a whole line: LPC is a name of its own.)
	if (attribute && line.startsWith('a=rtpmap:') && rtpmapNameCut(line)) return true;
	// An attribute's name cut short of a registered one's (`a=f` for `a=fmtp:...`), no value.
	if (attribute && attributeNameCut(line)) return true;
	const least = fieldsNeeded(line);
	return least > 0 && line.split(' ').filter((f) => f !== '').length < least;
}

/**
 * `a=` and a name that is no attribute of its own but the start of one the media lines of
 * nearly every call carry (RFC 8866 §6: `a=f` of `a=fmtp:`, `a=rtpm` of `a=rtpmap:`).
 */
function attributeNameCut(line: string): boolean {
	const name = line.slice(2);
	return (
		name.length > 0 &&
		name.length < 12 &&
		/^[a-z-]+$/.test(name) &&
		!commonAttributes.includes(name) &&
		commonAttributes.some((a) => a.startsWith(name))
	);
}
const commonAttributes = [
	'rtpmap',
	'fmtp',
	'ptime',
	'maxptime',
	'sendrecv',
	'sendonly',
	'recvonly',
	'inactive',
	'rtcp',
	'rtcp-mux',
	'rtcp-fb',
	'ssrc',
	'mid',
	'candidate',
	'fingerprint',
	'setup',
	'crypto',
	'ice-ufrag',
	'ice-pwd',
	'silenceSupp',
];

/**
 * A format's parameters written `name=value; name=value` whose last stops short of its `=`
 * (`a=fmtp:100 mode-set=0,1,2; mode-change-period=2; m`), or right after it (`a=fmtp:18
 * annexb=`): the line was cut inside it.
 */
function fmtpParameterCut(line: string): boolean {
	if (line.charCodeAt(line.length - 1) === 61 && nameBeforeEquals.test(line)) return true;
	const semi = line.lastIndexOf(';');
	if (semi < 0) return false;
	const lastParameter = line.slice(semi + 1).trim();
	const space = line.indexOf(' ');
	const first = space < 0 ? '' : line.slice(space + 1, line.indexOf(';', space)).trim();
	return lastParameter !== '' && !lastParameter.includes('=') && first.includes('=');
}

/** Is the encoding of `a=rtpmap:<pt> <name>` a registered name cut short, with no clock rate? */
function rtpmapNameCut(line: string): boolean {
	const space = line.indexOf(' ');
	if (space < 0 || line.includes('/')) return false;
	const name = line
		.slice(space + 1)
		.trim()
		.toLowerCase();
	if (name === '' || encodingNames.includes(name)) return false;
	return encodingNames.some((known) => known.startsWith(name));
}
// RTP payload format names (RFC 3551 §4.5, §5 and the IANA registry) a trace's SDP names.
const encodingNames = [
	'pcmu',
	'pcma',
	'g722',
	'g723',
	'g728',
	'g729',
	'g7221',
	'gsm',
	'lpc',
	'dvi4',
	'qcelp',
	'l16',
	'telephone-event',
	'opus',
	'speex',
	'ilbc',
	'amr',
	'amr-wb',
	'evs',
	'red',
	'cn',
	'h261',
	'h263',
	'h263-1998',
	'h264',
	'vp8',
	'vp9',
	't140',
	'mpa',
	'jpeg',
	'silk',
	'g726-32',
];

const nameBeforeEquals = /[ ;][A-Za-z][\w-]{0,40}=$/;

/** How many space-separated fields an SDP line of this kind has at least (0: not counted). */
function fieldsNeeded(line: string): number {
	switch (line.charCodeAt(0)) {
		case 109: // m=
			return 4;
		case 111: // o=
			return 6;
		case 99: // c=
			return 3;
		case 97: // a=
			if (line.startsWith('a=candidate:')) return 8;
			if (line.startsWith('a=crypto:')) return 3;
			// RFC 3312 §5's preconditions: `a=curr:qos local sendrecv`, `a=des:qos mandatory
			// local sendrecv`, `a=conf:qos remote sendrecv`.
			if (line.startsWith('a=curr:') || line.startsWith('a=conf:')) return 3;
			if (line.startsWith('a=des:')) return 4;
			// RFC 4566 §6's `a=rtpmap:0 PCMU/8000`, RFC 8122 §5's `a=fingerprint:sha-256 AB:...`.
			if (line.startsWith('a=rtpmap:') || line.startsWith('a=fingerprint:')) return 2;
			return 0;
		default:
			return 0;
	}
}

/**
 * A session description that stops before its first media line (`v=0` ... `t=0 0`, no `m=`): what
 * a SIP body's SDP is for is its media (RFC 3264 §5), so the trace cut it; RFC 4475's `clerr`,
 * whose Content-Length lies, has its media lines.
 */
function sdpBeforeMedia(text: string, frame: Frame, start: number, end: number): boolean {
	return text.startsWith('v=0', start) && !sdpHasLine(text, frame, start, end, 109 /* m */);
}

/**
 * A session description with no connection line at all: RFC 4566 §5.7 requires `c=` at the
 * session level or in every media description, so one that has none was cut before it (a paste
 * that stopped after `m=audio`).
 */
function sdpWithoutConnection(text: string, frame: Frame, start: number, end: number): boolean {
	return text.startsWith('v=0', start) && !sdpHasLine(text, frame, start, end, 99 /* c */);
}

/**
 * A session description whose media is secure RTP (`RTP/SAVP`, `UDP/TLS/RTP/SAVPF`) and that holds
 * no keying for it: DTLS-SRTP's `a=fingerprint` (RFC 5763 §5), SDES's `a=crypto` (RFC 4568) or
 * MIKEY's `a=key-mgmt` (RFC 4567). No offer or answer is sent so; a WebRTC body that stops among
 * its candidates was cut before them.
 */
function sdpSecureWithoutKeys(text: string, start: number, end: number): boolean {
	if (!text.startsWith('v=0', start)) return false;
	const body = text.slice(start, Math.min(end, start + 65536));
	return (
		body.includes('RTP/SAVP') &&
		!body.includes('a=fingerprint:') &&
		!body.includes('a=crypto:') &&
		!body.includes('a=key-mgmt:')
	);
}

/** Does the body [start, end) hold a line of SDP type `type` (`m=`, `c=`)? */
function sdpHasLine(text: string, frame: Frame, start: number, end: number, type: number): boolean {
	const lines = frame.lines;
	if (lines) {
		// A decorated format's lines (a prefix or an indent before each): their content.
		for (let k = 0; k < lines.length; k += 2) {
			const at = lines[k]!;
			if (at < start || at >= end) continue;
			if (text.charCodeAt(at) === type && text.charCodeAt(at + 1) === 61) return true;
		}
		return false;
	}
	for (let i = start; i < end; i = text.indexOf('\n', i) + 1) {
		if (text.charCodeAt(i) === type && text.charCodeAt(i + 1) === 61) return true;
		if (text.indexOf('\n', i) < 0 || text.indexOf('\n', i) >= end) break;
	}
	return false;
}

/**
 * Is [start, end) a whole XML document: markup from its first character to its last, its root
 * opened and closed, nothing but white space after the root's end tag?
 */
function wholeXml(text: string, start: number, end: number): boolean {
	let s = start;
	while (s < end && isJsWhiteSpace(text.charCodeAt(s))) s++;
	let e = end;
	while (e > s && isJsWhiteSpace(text.charCodeAt(e - 1))) e--;
	if (text.charCodeAt(s) !== 60 || text.charCodeAt(e - 1) !== 62) return false;
	if (indexWithin(text, '</', s, e) < 0) return false;
	return !xmlRootUnclosed(text, s, e) && xmlBodyEnd(text, s, e) < 0;
}

/**
 * A body without Content-Length. Over UDP, as the log says, the datagram ends the body (RFC 3261
 * §18.3) and the header is a SHOULD (§20.14): a hint. Elsewhere the boundary may be lost.
 */
function missingLength(frame: Frame, span: Span): Problem {
	if (frame.transport !== null && frame.transport.toUpperCase() === 'UDP')
		return problem(
			'content-length.missing-with-body',
			span,
			'A body without Content-Length: over UDP the datagram ends it (RFC 3261 §18.3), but a sender should still give its length (§20.14).',
			'hint',
		);
	return problem(
		'content-length.missing-with-body',
		span,
		'A body without Content-Length: over TCP or TLS the message boundary is lost (RFC 3261 §20.14).',
	);
}

/**
 * Does [start, end) open with a line of prose: a list item's number or bullet and words, or six
 * words or more of letters, with no `name:` or `x=` before the first space (a header, SDP), no
 * markup?
 */
function pageProse(text: string, start: number, end: number): boolean {
	const at = firstNonBlank(text, start, end);
	const line = text.slice(at, Math.min(lineEndAt(text, at), end, at + 200));
	return (
		(proseLine.test(line) && (listItem.test(line) || wordy.test(line))) ||
		markdownHeading.test(line) ||
		cjkProse.test(line)
	);
}
// A Markdown page's heading (`# 200 OK for Register`, the next step's title in a vendor's doc).
const markdownHeading = /^#{1,6} {1,4}[A-Za-z0-9]/;

/** What a message's Content-Type announces of its body, for {@link proseForBody}. */
export const enum Announced {
	/** No Content-Type, or one whose body may be any text (a MESSAGE's `text/plain`). */
	Any = 0,
	/** XML or multipart: a body that opens with markup or a boundary. */
	Structured = 1,
	/** SDP: a body of `x=` lines, `v=0` first (RFC 4566 §5). */
	Sdp = 2,
}

/**
 * A body announced as SDP, XML or multipart, with the page's prose where it goes and no line that
 * opens such a body after it (`2. Then PCSCF sent it to SCSCF:` under an INVITE whose poster wrote
 * "I will omit SDP"), or, announced as SDP, text with no SDP line at all (a CUCM trace's next
 * records under an INVITE whose SDP a TechNote left out): the copy left the body out, said as
 * for headers quoted without their body. A text body (a MESSAGE's) may be prose, and is not
 * judged so.
 */
function proseForBody(
	text: string,
	start: number,
	end: number,
	contentLength: number | null,
	announced: Announced,
	problems: Problem[],
	lineStarts: ((k: number) => number) | null,
	glued: boolean,
): boolean {
	// What follows holds the octets announced: it is the body, whatever it says.
	if (announced === Announced.Any || !contentLength || start >= end || end - start >= contentLength)
		return false;
	const prose = pageProse(text, start, end);
	// Lines of no SDP under an SDP type: only where the empty line stands before them, and more
	// than a line (a poster's note in the body's place, `<<SDP omitted>>`, is said as such).
	if (!prose && (announced !== Announced.Sdp || glued || !severalLines(text, start, end)))
		return false;
	// A caption above the body (`This SIP message clip highlights ...` over the PIDF): read on.
	if (opensBodyLine(text, start, end, lineStarts, !prose)) return false;
	problems.push(
		problem(
			'content-length.mismatch',
			{ start, end: start },
			prose
				? proseInstead(contentLength)
				: `Content-Length is ${contentLength}, but what follows the headers holds no line of a session description (\`v=0\`, \`m=\`...): the copy left the body out.`,
			'information',
		),
	);
	return true;
}

/** Does [start, end) hold text on two lines or more? */
function severalLines(text: string, start: number, end: number): boolean {
	let lines = 0;
	for (let at = start; at < end;) {
		let lf = indexWithin(text, '\n', at, end);
		if (lf < 0) lf = end;
		if (!isBlankText(text, at, lf) && ++lines >= 2) return true;
		at = lf + 1;
	}
	return false;
}

/**
 * Does a line of [start, end) open as SDP (`v=`), XML (`<`) or a multipart boundary (`--`) does
 * (`anySdpLine`: or as any SDP line, `x=`)? The lines are the text's, or where a format decorates
 * them, where each one's content starts (`lineStarts(k)`, -1 past the last).
 */
function opensBodyLine(
	text: string,
	start: number,
	end: number,
	lineStarts: ((k: number) => number) | null,
	anySdpLine = false,
): boolean {
	const opens = (at: number): boolean => {
		const c = text.charCodeAt(at);
		const next = text.charCodeAt(at + 1);
		if (anySdpLine && c >= 97 && c <= 122 && next === 61) return true;
		return c === 60 || (c === 118 && next === 61) || (c === 45 && next === 45);
	};
	if (lineStarts)
		for (let k = 0, at = lineStarts(0); at >= 0; at = lineStarts(++k)) {
			if (opens(at)) return true;
		}
	else
		for (let at = start; at < end;) {
			if (opens(at)) return true;
			const lf = text.indexOf('\n', at);
			if (lf < 0) break;
			at = lf + 1;
		}
	return false;
}

const proseLine = /^[^\s:=<{[]+(?:\s|$)/;
const listItem = /^(?:\d{1,2}[.)]|[-*•])\s+[A-Za-z]/;
// Words of Latin, Greek or Cyrillic letters: a French or German page's prose too (`terminé`, `über`).
const wordy =
	/^(?:[A-Za-z\u00c0-\u02af\u0370-\u052f][A-Za-z\u00c0-\u02af\u0370-\u052f',()/-]*[.,;:]?\s+){5}[A-Za-z\u00c0-\u02af\u0370-\u052f]/;

/** Within a tenth of Content-Length: a few octets of white space a line, not a cut body. */
const nearly = (contentLength: number, actual: number): boolean =>
	actual > 0 && contentLength - actual <= contentLength / 10;

/**
 * A body a few octets short in a copy that lost the empty line before it (a page, a PDF, a
 * forum): the copy that lost that line may have changed the body's white space too (indents,
 * spaces at line ends), so its length says nothing of the wire's.
 */
/** The first character of [start, end) that is no white space (`end` if none). */
function firstNonBlank(text: string, start: number, end: number): number {
	let i = start;
	while (i < end && isJsWhiteSpace(text.charCodeAt(i))) i++;
	return i;
}

/** Headers quoted without the body Content-Length announces, their empty line left out too. */
function leftOut(at: number, contentLength: number): Problem {
	return problem(
		'content-length.mismatch',
		{ start: at, end: at },
		`Content-Length is ${contentLength}, but the headers end without an empty line and no body follows them: the copy left the body out.`,
		'information',
	);
}

/** Where the line holding `at` ends (before its line end). */
function lineEndAt(text: string, at: number): number {
	const lf = text.indexOf('\n', at);
	return lf < 0 ? text.length : lf;
}

/**
 * Did the body's reading say the copy lost the empty line before it (its length nearly fits
 * without it)? Then the missing line is the copy's loss too, not the sender's.
 */
export function saysCopyLostEmptyLine(p: Problem): boolean {
	return p.code === 'content-length.mismatch' && p.message.includes(copyLostEmptyLine);
}
const copyLostEmptyLine = 'the copy lost the empty line before it';

function copiedWhiteSpace(span: Span, contentLength: number, actual: number): Problem {
	return problem(
		'content-length.mismatch',
		span,
		`Content-Length is ${contentLength} and the body as copied holds ${actual} octets: ${copyLostEmptyLine} and may have changed its white space too, so its length cannot be judged.`,
		'information',
	);
}

function shortBody(span: Span, contentLength: number, actual: number): Problem {
	return problem(
		'content-length.mismatch',
		span,
		`Content-Length is ${contentLength} but only ${actual} octets of body follow: the message is truncated or the length is wrong (RFC 3261 §18.3).`,
	);
}

/**
 * The trace stops in the middle of a line of this message's body: a log rotated or an excerpt
 * cut there, not a sender's wrong length (a whole message ends with its last line's line end,
 * as RFC 4475's `clerr`, whose length lies, does).
 */
function endsInsideBody(text: string, frame: Frame, bodyStart: number): boolean {
	const n = text.length;
	return (
		(n > 0 &&
			frame.span.end >= n &&
			!isLineEnd(text.charCodeAt(n - 1)) &&
			// An XML document whole at the text's end: the copy dropped its last line end only.
			xmlRootEnd(text, bodyStart, n) !== n) ||
		recordHoldsLess(text, frame) ||
		cutBeforeDotCr(text, frame)
	);
}

/** ngrep `-W byline`'s `.` for a CR right before the line end, after the line's content. */
function bylineCr(text: string, end: number): boolean {
	if (text.charCodeAt(end) !== 46) return false;
	const next = text.charCodeAt(end + 1);
	return next === 10 || next === 13;
}

/**
 * ngrep prints each CR of the payload as a `.` at the line's end: at the trace's end, a last
 * line without it under lines with it (`a=rtpmap:100 telep`) was cut inside, the line end after
 * it the copy's.
 */
function cutBeforeDotCr(text: string, frame: Frame): boolean {
	const lines = frame.lines;
	if (frame.format !== 'ngrep' || !lines || lines.length < 4) return false;
	if (!endsTrace(text, frame.span.end)) return false;
	let last = lines.length - 2;
	while (last >= 2 && lines[last] === lines[last + 1]) last -= 2;
	if (last < 2) return false;
	return text.charCodeAt(lines[last + 1]!) !== 46 && text.charCodeAt(lines[last - 1]!) === 46;
}

/**
 * The log's record gives the message's size (pjsip's `Received SIP request (881 bytes)`), and
 * its lines hold fewer octets, even were each bare LF a CRLF the log turned into one: the record
 * was cut (an excerpt that stops inside the body), whatever the line it stops at.
 */
function recordHoldsLess(text: string, frame: Frame): boolean {
	const declared = frame.declaredBytes;
	if (declared === null) return false;
	const lines = frame.lines;
	if (lines) {
		// A message read line by line (sofia's indented record): each line and a CRLF.
		let most = 0;
		for (let k = 0; k < lines.length; k += 2) {
			most += octetLength(text, lines[k]!, lines[k + 1]!) + 2;
			if (most >= declared) return false;
		}
		return !maskedShortfall(text, frame, declared - most);
	}
	const { start, end } = frame.sip;
	let most = 0;
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		most += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 2 : 3;
		if (c === 10 && (i === start || text.charCodeAt(i - 1) !== 13)) most++;
		if (most >= declared) return false;
	}
	return !maskedShortfall(text, frame, declared - most);
}

function cutAtEnd(
	text: string,
	frame: Frame,
	span: Span,
	contentLength: number,
	actual: number,
): Problem {
	// A record that says more than its lines hold, with the log going on after it: the record was
	// cut (an excerpt's poster left lines out, a logger stopped), not the trace.
	const where = endsTrace(text, frame.span.end)
		? 'The trace ends inside this body'
		: `The log's record of this message is cut short inside its body (it says ${frame.declaredBytes} bytes)`;
	return problem(
		'message.truncated',
		span,
		`${where}: ${actual} of the ${contentLength} octets Content-Length announces are here, the rest is not in the trace.`,
	);
}

/**
 * The octets of a double-spaced body [start, end) as sent: each line that holds text and one CRLF
 * after it, the copy's empty line after each dropped (of a run of empty lines, every second one
 * after the first was the body's own: a multipart body's).
 */
function undoubledOctets(text: string, start: number, end: number): number {
	let n = 0;
	let empty = 0;
	for (let at = start; at < end;) {
		let nl = text.indexOf('\n', at);
		if (nl < 0 || nl > end) nl = end;
		const e = nl > at && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
		if (e > at) {
			n += octetLength(text, at, e) + 2 + 2 * ((Math.max(empty, 1) - 1) >> 1);
			empty = 0;
		} else empty++;
		at = nl + 1;
	}
	return n;
}

/** Is only white space left after `at`? (Looked at a short way: a whole log is not read.) */
function endsTrace(text: string, at: number): boolean {
	const limit = Math.min(text.length, at + 256);
	let i = at;
	while (i < limit) {
		const c = text.charCodeAt(i);
		if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
		i++;
	}
	return i >= text.length;
}

/**
 * Content-Length announces a body of which the trace holds not one octet. Some logs leave bodies
 * out, which is theirs, not the sender's: said as information, and true. False for the others
 * (the caller reports the length as for any short body).
 */
function noBody(frame: Frame, contentLength: number, span: Span, problems: Problem[]): boolean {
	if (frame.format === 'ccsip') {
		// Cisco's `debug ccsip messages` leaves binary bodies out (DTMF's audio/telephone-event):
		// the body is missing from the log, not from the message.
		problems.push(
			problem(
				'content-length.mismatch',
				span,
				`Content-Length is ${contentLength}, and the trace holds none of its octets: Cisco's debug leaves a binary body out (a copy of the log may have left out any body).`,
				'information',
			),
		);
		return true;
	}
	if (frame.format === 'jainSip') {
		// JAIN-SIP's message log holds each message without its body (encodeMessage()) unless
		// LOG_MESSAGE_CONTENT is on: the body is missing from the log, not from the message.
		problems.push(
			problem(
				'content-length.mismatch',
				span,
				`Content-Length is ${contentLength}; JAIN-SIP logs a message without its body unless gov.nist.javax.sip.LOG_MESSAGE_CONTENT is true, so its octets are not in the trace.`,
				'information',
			),
		);
		return true;
	}
	return false;
}

/** Only white space and line ends in `[start, end)`. */
function isBlankText(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return false;
	}
	return true;
}

/** Where the line after the one holding `at` starts (the text's end after the last line). */
/**
 * The end of a body taken as it stands, with no length to end it: an XML document ends with its
 * root element, and a page's text after it (a step's label, "Continue reading") is not its.
 */
function asItStandsEnd(text: string, start: number, end: number): number {
	const xml = xmlBodyEnd(text, start, end);
	return xml < 0 ? end : xml;
}

/** Where the body is (-1 for none), and whether it holds fewer octets than Content-Length announces. */
export interface BodyPlace {
	readonly start: number;
	readonly end: number;
	readonly short: boolean;
	/** Line ends a copy put inside the body's lines (see `SipMessage.bodyBreaks`); null: none. */
	readonly breaks: Int32Array | null;
}

/** The line ends {@link wrappedBodyEnd} finds, one array for all messages. */
const breaks: number[] = [];

/** The answer of {@link locateBody}, one for all messages rather than one each. */
const place: { -readonly [K in keyof BodyPlace]: BodyPlace[K] } = {
	start: -1,
	end: -1,
	short: false,
	breaks: null,
};

function placed(
	start: number,
	end: number,
	short: boolean,
	found: Int32Array | null = null,
): BodyPlace {
	place.start = start;
	place.end = end;
	place.short = short;
	place.breaks = found;
	return place;
}

/**
 * Content-Length against a body given as lines, in formats that decorate each line (a prefix, an
 * indent): the decoration is not the body's, and the line ends are the log's. Each line end
 * counts as CRLF, as on the wire, or as LF, as a stack that sends bare LF writes it; the last
 * line's end and its trailing white space may or may not be the body's. Reported as for a body
 * in contiguous text, with the lengths counted as CRLF. True when the body is shorter.
 */
function checkLineLength(
	text: string,
	frame: Frame,
	lines: Int32Array,
	joins: Int32Array | null,
	first: number,
	last: number,
	contentLength: number | null,
	bodyStart: number,
	bodyEnd: number,
	problems: Problem[],
	declaredBody = -1,
	glued = false,
): boolean {
	if (contentLength === null) {
		problems.push(missingLength(frame, { start: bodyStart, end: bodyEnd }));
		return false;
	}
	let octets = 0;
	let binary = false;
	// A string's backslash escapes (`\"` in a JSON log's XML body) stand for one octet each.
	const escapes = hasBackslashEscapes(text, frame);
	for (let i = first; i <= last; i++) {
		for (let j = lines[2 * i]!, e = lines[2 * i + 1]!; j < e; j++) {
			const c = text.charCodeAt(j);
			if (c >= 0x80) binary = true;
			octets += utf8Octets(c);
		}
		if (escapes) octets -= escapeExcess(text, lines[2 * i]!, lines[2 * i + 1]!);
	}
	let trailing = 0;
	for (let j = lines[2 * last + 1]! - 1; j >= lines[2 * last]!; j--) {
		const c = text.charCodeAt(j);
		if (c !== 32 && c !== 9) break;
		trailing++;
	}
	// Line ends between the body's lines; a line a TCP segment boundary cut goes on with none.
	let ends = last - first;
	if (joins) for (const pair of joins) if (pair >= first && pair < last) ends--;
	// Where the start line shows its CR, those line ends as they were on the wire (see crShown):
	// a body that mixes CRLF and bare LF (a multipart whose parts a server wrote with LF alone).
	// The start line's last piece, where it is in pieces (a TCP segment's cut, a colour's escape).
	let startLast = 0;
	if (joins) for (let k = 0; k < joins.length && joins[k] === startLast; k++) startLast++;
	const showsCr = crShown(text, lines[2 * startLast + 1]!);
	let wire = 2 * ends;
	if (showsCr)
		for (let i = first, nextJoin = 0; i < last; i++) {
			while (joins && nextJoin < joins.length && joins[nextJoin]! < i) nextJoin++;
			if (!(joins && joins[nextJoin] === i) && !crShown(text, lines[2 * i + 1]!)) wire--;
		}
	// A copy cut the body's long lines at a width: counted without the line ends it put there,
	// the count holding Content-Length's octets as the body's own line ends are printed. Tried
	// first where the trace shows each CR and only the cut lines lack one (no line end of the
	// sender's there), else where the count as printed does not hold Content-Length.
	const cut = wrappedLineEnds(lines, first, last, lineCount(lines));
	const copyCut = cut > 0 && showsCr && onlyCutsLackCr(text, lines, first, last);
	// Nor where the body holds Content-Length with each line end a bare LF, as sent (Kamailio's
	// PIDF under CRLF headers, a journal that dropped the CRs): two lines of one length is no cut.
	const asPrinted = (least: number, most: number): boolean =>
		octets - trailing + least <= contentLength && contentLength <= octets + most;
	if (cut > 0 && (copyCut || !(asPrinted(wire, wire + 2) || asPrinted(ends, ends + 1)))) {
		let uncut = wire;
		for (const at of breaks) uncut -= showsCr && !crShown(text, at) ? 1 : 2;
		// As printed, or each of the sender's line ends a CRLF, or each a bare LF.
		const fewer = ends - cut;
		const fits = (least: number, most: number): boolean =>
			octets - trailing + least <= contentLength && contentLength <= octets + most;
		if (fits(uncut, uncut + 2) || fits(2 * fewer, 2 * fewer + 2) || fits(fewer, fewer + 1)) {
			problems.push(wrappedProblem({ start: bodyStart, end: bodyEnd }, cut, contentLength));
			return false;
		}
	}
	breaks.length = 0;
	// ngrep `-W byline` prints the payload's own CR as `.` before the line end: a last line that
	// shows one ended in CRLF on the wire, it and the white space before it the body's (not a
	// line end the log may have added). Not its single-line output, whose `..` stand inside lines,
	// nor a body a copy cut at a width (the `.` may stand alone on a line of its own).
	const lastEnd =
		frame.format === 'ngrep' &&
		showsCr &&
		cut === 0 &&
		!(joins && joins.some((pair) => pair >= first - 1)) &&
		bylineCr(text, lines[2 * last + 1]!) &&
		// `-W byline`'s: its start line too ends a printed line (`-W single` prints `..` there).
		bylineCr(text, lines[2 * startLast + 1]!)
			? 2
			: 0;
	const least = octets + lastEnd - (lastEnd ? 0 : trailing);
	if (least + wire <= contentLength && contentLength <= octets + wire + 2) return false;
	for (const width of [2, 1])
		if (least + width * ends <= contentLength && contentLength <= octets + width * (ends + 1))
			return false;
	// Content-Length lies between the two counts: the body's line ends, each CRLF or LF, make it
	// up. Whole, where the size the record gives of the message less its headers is Content-Length
	// (see headerOctets); where the trace shows no CR, said (as for contiguous text, above).
	if (least + ends <= contentLength && contentLength <= octets + 2 * (ends + 1)) {
		if (declaredBody === contentLength) return false;
		if (!showsCr) {
			problems.push(
				mixedLineEnds({ start: bodyStart, end: bodyEnd }, contentLength, octets + ends, ends),
			);
			return false;
		}
	}
	const actual = octets + wire + lastEnd;
	// A payload that ends without a line end, its text's last character a full stop (a MESSAGE's
	// `...talk later.`): ngrep prints it as it prints a CR, and the body reads one octet over.
	if (lastEnd === 2 && contentLength === actual - 1) return false;
	const mask = cutInsideBody(text, frame, { start: bodyStart, end: bodyEnd })
		? null
		: maskInBody(text, bodyStart, bodyEnd, contentLength - actual);
	if (mask !== null) {
		problems.push(maskedLength({ start: bodyStart, end: bodyEnd }, contentLength, mask, actual));
		return false;
	}
	// A message a page or a logger ran onto one line (message.flattened): its body's line ends
	// went with the headers', each now a space or nothing, so a length a little above the body
	// as read says nothing of the wire.
	if (
		contentLength > actual &&
		contentLength <= actual + (actual >> 2) + 4 &&
		indexWithin(text, '\n', frame.sip.start, bodyStart) < 0
	) {
		problems.push(
			problem(
				'content-length.mismatch',
				{ start: bodyStart, end: bodyEnd },
				`Content-Length is ${contentLength}; this message's lines were run together on one line, the body's line ends with them, so its length as read (${actual}) cannot be checked.`,
				'information',
			),
		);
		return false;
	}
	if (binary) {
		problems.push(
			problem(
				'content-length.mismatch',
				{ start: bodyStart, end: bodyEnd },
				`Content-Length is ${contentLength}; the body holds characters beyond ASCII (binary octets decoded as text, or a page's typographic quotes), so its length as read (${actual}) may differ from the wire.`,
				'information',
			),
		);
		return false;
	}
	if (contentLength > actual) {
		const span = { start: bodyStart, end: bodyEnd };
		// As for contiguous text: a copy that lost the empty line may have changed white space.
		if (glued && nearly(contentLength, actual) && !cutInsideBody(text, frame, span)) {
			problems.push(copiedWhiteSpace(span, contentLength, actual));
			return false;
		}
		// As for contiguous text too: a page's copy (its lines numbered, `[ Line 12 ]`) whose XML
		// document is whole yet a few octets short lost indentation, not the sender's octets.
		if (
			frame.format === 'raw' &&
			nearly(contentLength, actual) &&
			wholeXml(text, bodyStart, bodyEnd) &&
			!cutInsideBody(text, frame, span)
		) {
			problems.push(copiedXmlWhiteSpace(span, contentLength, `${actual} octets`));
			return false;
		}
		problems.push(shortOrCut(text, frame, span, contentLength, actual));
		return true;
	}
	// Longer, in a page's copy, as for contiguous text: white space the page added.
	if (
		frame.format === 'raw' &&
		wholeXml(text, bodyStart, bodyEnd) &&
		nonSpaceOctets(text, bodyStart, bodyEnd) <= contentLength
	) {
		problems.push(
			copiedXmlWhiteSpace(
				{ start: bodyStart, end: bodyEnd },
				contentLength,
				`${actual} octets`,
				true,
			),
		);
		return false;
	}
	problems.push(
		problem(
			'content-length.mismatch',
			{
				start: afterOctets(text, lines, joins, first, last, contentLength, showsCr),
				end: bodyEnd,
			},
			`${actual - contentLength} octets follow the ${contentLength} that Content-Length announces; ${extraFate(frame)} (RFC 3261 §18.3).`,
			'information',
		),
	);
	return false;
}

/**
 * The octets of a message's lines before `first` (its start line, headers and empty line), each
 * line end a CRLF, as headers go (RFC 3261 §7), but for a line a TCP segment boundary cut.
 */
export function headerOctets(
	text: string,
	lines: Int32Array,
	joins: Int32Array | null,
	first: number,
): number {
	let n = 0;
	for (let i = 0; i < first; i++) n += octetLength(text, lines[2 * i]!, lines[2 * i + 1]!) + 2;
	if (joins) for (const pair of joins) if (pair < first) n -= 2;
	return n;
}

/** Where `octets` octets of a body given as lines end, each line end counted as on the wire. */
function afterOctets(
	text: string,
	lines: Int32Array,
	joins: Int32Array | null,
	first: number,
	last: number,
	octets: number,
	showsCr: boolean,
): number {
	let left = octets;
	let nextJoin = 0;
	for (let i = first; i <= last; i++) {
		const s = lines[2 * i]!;
		const e = lines[2 * i + 1]!;
		const length = octetLength(text, s, e);
		if (left < length) return advanceOctets(text, s, e, left, LineEnds.AsWritten);
		while (joins && nextJoin < joins.length && joins[nextJoin]! < i) nextJoin++;
		left -= length + (joins && joins[nextJoin] === i ? 0 : lineEndOctets(text, e, showsCr));
		if (left < 0) return i < last ? lines[2 * i + 2]! : e;
	}
	return lines[2 * last + 1]!;
}

function isLineEnd(c: number): boolean {
	return c === 10 || c === 13;
}

const lineEnds = (n: number): string => (n === 1 ? '1 LF line end' : `${n} LF line ends`);

/**
 * Content-Length between a body's octets with each of its `bareLf` line ends as LF (`inFile`)
 * and as CRLF: on the wire the body had both kinds, which a trace that lost its CRs no longer
 * tells apart. Not a fault found: said as information, the body read as whole.
 */
function mixedLineEnds(span: Span, contentLength: number, inFile: number, bareLf: number): Problem {
	return problem(
		'content-length.mismatch',
		span,
		`Content-Length is ${contentLength}; the body has ${inFile} octets in the file, ${inFile + bareLf} with its ${lineEnds(bareLf)} counted as CRLF: between the two, as a body that mixed CRLF and bare LF line ends on the wire would give in a trace that lost its CRs, or a copy that changed its white space. Read as whole; the length cannot be checked here (RFC 3261 §18.3).`,
		'information',
	);
}

/** How many LFs in [start, end) have no CR before them. */
function bareLineFeeds(text: string, start: number, end: number): number {
	let n = 0;
	for (let i = start; i < end; i++)
		if (text.charCodeAt(i) === 10 && text.charCodeAt(i - 1) !== 13) n++;
	return n;
}

/** Is every character of [start, end) one octet's (U+0000 to U+00FF), as a Latin-1 decoding gives? */
function octetsAsChars(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) if (text.charCodeAt(i) > 0xff) return false;
	return true;
}

function hasNonAscii(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) if (text.charCodeAt(i) >= 0x80) return true;
	return false;
}

/** Does a log's own line start at `at`: AudioCodes' log line number, `(N 17906358)`? */
function logLineAt(text: string, at: number): boolean {
	return text.startsWith('(N ', at) && /^\(N {1,3}\d{1,12}\)/.test(text.slice(at, at + 20));
}
