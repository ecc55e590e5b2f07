import { notSentProblem } from './notSent';
import type {
	Frame,
	Header,
	NameAddr,
	Problem,
	SipMessage,
	Span,
	SubscriptionState,
	Via,
} from '../model';
import { Announced, headerOctets, locateBody, saysCopyLostEmptyLine } from './body';
import {
	GluedBody,
	headerNameEnd,
	isClosingBlockTag,
	isFence,
	isRuleLine,
	isSdpLine,
	isStartLineShape,
	opensBody,
} from './bodyStart';
import {
	callIdField,
	contentLengthField,
	contentTypeField,
	cseqField,
	eventField,
	expiresField,
	fromField,
	sipETagField,
	sipIfMatchField,
	subscriptionStateField,
	toField,
	viaField,
	type HeaderTable,
	type Traits,
} from './headerTable';
import { methodAt } from './methods';
import {
	canonicalNameAt,
	headerNameAt,
	isTokenChar,
	knownNameAt,
	nameFound,
	type HeaderName,
} from './headerNames';
import { entityText } from './htmlEntities';
import { indexWithin } from '../text/search';
import { numberAt } from '../framing/lineNumbers';
import { dropKeywordProblems, hasKeyword, isKeywordLine, isSippTemplate } from './sippTemplate';
import { dropPlaceholderProblems, isCodeTemplate } from './codeTemplate';
import { cutText, narrowestWrap, piecesText, wrapSeparator, type CutText } from './joins';
import { frameLines, lineAfter, opensBodyAfter } from './lines';
import { firstGluedHeader, unglueHeaders } from './gluedHeaders';
import { isCaptured } from './captured';
import { nameAddrAt, parseNameAddr, shiftNameAddr, type MovedValues } from './nameAddr';
import { numbersBlock, takeNumbers } from './messageNumbers';
import { problem } from './problems';
import { isSpace, parseParams, trimmedEnd, trimmedStart, valueEnd } from './split';
import { parseStartLine, startLineAt } from './startLine';
import { leftOpen as valueLeftOpen } from './prose';
import { recordCut } from './recordCut';
import { octetLength } from '../text/octets';
import { isJsWhiteSpace } from '../text/whiteSpace';
import { placeholderUri } from './uriPlaceholder';
import { readSubscriptionState } from './subscriptionState';
import { parseVia, viaAt } from './via';

/**
 * Parses the SIP text of one frame (RFC 3261 §7): start line, headers (folding, compact forms,
 * multi-value), and the body located by Content-Length. Every element keeps its offsets; strings
 * are extracted only for the fields correlation needs. Total: faults become problems.
 */
export function parseMessage(
	text: string,
	frame: Frame,
	index: number,
	problems: Problem[],
	table: HeaderTable,
): SipMessage {
	const { lines, count: lineCount, doubleSpaced, stray: strayLine } = frameLines(text, frame);
	const ownProblems = problems.length;
	wraps.length = 0;
	// Lines a TCP segment boundary cut (tcpdump) or a printout wrapped (ngrep): pairs that go on
	// in the next pair.
	const joins = frame.joins ?? null;
	let nextJoin = 0;
	// The start line, in pieces when it is cut: read as one, its spans mapped back.
	let startLast = 0;
	while (
		joins &&
		nextJoin < joins.length &&
		joins[nextJoin] === startLast &&
		startLast + 1 < lineCount
	) {
		startLast++;
		nextJoin++;
	}
	// The start line's offsets; a span is made only for a problem about it.
	const lineStart = lineCount ? lines[0]! : frame.sip.start;
	const lineEnd = lineCount ? startLineEnd(text, lines, startLast, lineCount) : frame.sip.start;
	const startCut = startLast > 0 ? cutText(text, frame, lineStart, lineEnd, true) : null;
	// A header a copy glued to a status line's reason phrase (`SIP/2.0 504 Server time-out Via:
	// ...`), the other headers on lines of their own below: the first header, not words of the
	// reason. (A message run together on one line is read as flattened, in framing.)
	const gluedHeader =
		startCut ||
		lineEnd - lineStart < 16 ||
		lineCount < 2 ||
		!text.startsWith('SIP/', lineStart) ||
		!holdsColon(text, lineStart + 12, lineEnd) ||
		headerNameEnd(text, lines[2]!, lines[3]!) < 0
			? -1
			: firstGluedHeader(text, lineStart + 12, lineEnd);
	// A paste's start line that a copy wrapped (wrappedStartLine.ts), not a capture's cut.
	if (startCut && frame.format === 'raw' && indexWithin(text, '\n', lineStart, lineEnd) >= 0)
		problems.push(
			problem(
				'header.wrapped',
				{ start: lineStart, end: lineEnd },
				`The start line goes on over the next ${startLast === 1 ? 'line' : `${startLast} lines`}: a copy wrapped it (a start line is one line, RFC 3261 §7.1); read joined.`,
			),
		);
	const start = startCut
		? parseCutStartLine(startCut, problems)
		: startLineAt(
				text,
				lineStart,
				gluedHeader < 0 ? lineEnd : spaceTrimmedEnd(text, lineStart, gluedHeader),
				problems,
				frame.cuts?.[0] === 0,
				table,
			);

	const firstHeader = table.count;
	if (gluedHeader >= 0) {
		const nameEnd = headerNameAt(text, gluedHeader, lineEnd);
		addHeaderLine(
			text,
			gluedHeader,
			lineEnd,
			nameEnd,
			canonicalNameAt(text, gluedHeader, nameEnd),
			table,
		);
		problems.push(
			problem(
				'header.joined',
				{ start: gluedHeader, end: lineEnd },
				'The first header is joined to the start line (a copy lost the line end between them): read as the header it was.',
			),
		);
	}
	const headerProblems = problems.length;
	const template = isSippTemplate(text, lineStart);
	// A capture's octets as sent: a line no header's is malformed, not a copy's wrap.
	const captured = isCaptured(frame);
	let glued: GluedBody | undefined;
	let missingEmptyLine = false;
	// The first header line that has a no-break space where white space goes.
	let noBreakSpace: number | undefined;
	// Remarks a poster wrote after header values (`// ...`), and the first one's span.
	let remarks = 0;
	let firstRemark: Span | null = null;
	// Closing tags a page's HTML added after header values (`</sip:...>`), and the first one's span.
	let closingTags = 0;
	let firstClosingTag: Span | null = null;
	let elided = false;
	// The line of the last `...`, and whether the body starts right after one (the poster's cut
	// took the empty line with it, not the sender).
	let elisionAt = -1;
	let bodyAfterElision = false;
	// The last line read as no header (`header.malformed`): a line it wrapped is no header's rest.
	let stray = -1;
	// The first line of a page's text after the headers (see trailingText), or -1.
	let trailing = -1;
	let trailingProblem: Problem | null = null;
	let l = startLast + 1;
	// Wireshark's tree label between the start line and the headers (`Message Header`, the
	// dissection's node, copied with the headers under it): no line of the message.
	if (l < lineCount && isTreeLabel(text, lines[2 * l]!, lines[2 * l + 1]!)) {
		problems.push(
			problem(
				'header.malformed',
				{ start: lines[2 * l]!, end: lines[2 * l + 1]! },
				"Wireshark's label of the dissection's headers, copied with them: no line of the message, read past.",
				'information',
			),
		);
		l++;
	}
	// The number a page gave the start line (`[ Line 1 ] INVITE ...`), or -1 (nearly every trace).
	let pageNumber = frame.lines !== null ? pageLineNumber(text, lineStart) : -1;
	// Headers a page indented under a start line at the margin (a blog's ` Max-Forwards: 69`): the
	// first line after a start line folds nothing, so its white space is the copy's; the lines with
	// as much of it are read without it, lines with more fold the header above them.
	const indent = l < lineCount ? headerIndent(text, lines[2 * l]!, lines[2 * l + 1]!) : 0;
	for (; l < lineCount; l++) {
		let ls = lines[2 * l]!;
		let le = lines[2 * l + 1]!;
		if (indent > 0) ls = pastIndent(text, ls, le, indent);
		if (joins) {
			while (nextJoin < joins.length && joins[nextJoin]! < l) nextJoin++;
			if (nextJoin < joins.length && joins[nextJoin] === l) {
				// One header line in pieces: read as one, its spans running over the cut.
				let last = l;
				while (nextJoin < joins.length && joins[nextJoin] === last && last + 1 < lineCount) {
					last++;
					nextJoin++;
				}
				le = lines[2 * last + 1]!;
				const cut = cutText(text, frame, ls, le);
				if (cut) addCutHeaderLine(cut, ls, le, table, problems);
				l = last;
				continue;
			}
		}
		if (ls === le) {
			if (frame.format === 'ngrep' && isCutCr(text, lines, l, lineCount, startLast)) continue;
			// The empty line ends the headers; in a double-spaced copy, two of them in a row do.
			// (The copy may have left a space on the message's own empty line: `Content-Length: 0`,
			// ``, ` `, ``.)
			if (
				!doubleSpaced ||
				(l + 1 < lineCount && isWhiteSpaceOnly(text, lines[2 * l + 2]!, lines[2 * l + 3]!))
			) {
				if (doubleSpaced) l++;
				break;
			}
			// The last line frameLines gave, more text after it: it ended the headers there (a text
			// body, or a page's paragraph, after Content-Length).
			if (l + 1 === lineCount && lineAfter(text, le, frame.sip.end) < frame.sip.end) break;
			// A page that set each line as a paragraph leaves one empty line before the body too.
			if (
				l > 0 &&
				opensBodyAfter(
					text,
					lines[2 * l - 2]!,
					lines[2 * l - 1]!,
					l + 1 < lineCount ? lines[2 * l + 2]! : lineAfter(text, le, frame.sip.end),
					frame.sip.end,
				)
			)
				break;
			continue;
		}
		// A page that numbers its lines (`[ Line 11] Event: reg`) and skips a number left that line
		// out: a header the message lacks may be the one left out.
		if (pageNumber >= 0) {
			const n = pageLineNumber(text, ls);
			if (n > pageNumber + 1 && !elided) {
				elided = true;
				problems.push(
					problem(
						'message.elided',
						{ start: ls, end: le },
						`The page numbers this line ${n} after line ${pageNumber}: the lines between were left out where it was copied, so a header this message lacks may be among them and none is reported missing.`,
					),
				);
			}
			if (n >= 0) pageNumber = n;
		}
		const first = text.charCodeAt(ls);
		if (first === 32 && table.count > firstHeader && isStuffedFrom(text, ls, le)) {
			// ` From: <sip:...>`: a mail's space-stuffed From (RFC 3676 §4.4, mbox quoting), not a
			// fold of the header above. Said, as on the wire the line would fold into that header.
			if (addHeaderLine(text, ls + 1, le, ls + 5, canonicalNameAt(text, ls + 1, ls + 5), table))
				noBreakSpace ??= ls;
			problems.push(
				problem(
					'header.malformed',
					{ start: ls, end: le },
					"A space before From: a mail's quoting of lines that start with `From ` (RFC 3676 §4.4), read as the From header; as sent, a line that starts with white space would fold into the header above (RFC 3261 §7.3.1).",
					'information',
				),
			);
			continue;
		}
		if ((first === 32 || first === 9) && table.count > firstHeader) {
			// Folded continuation (RFC 3261 §7.3.1): extends the previous value.
			const prev = table.count - 1;
			let end = le;
			while (end > ls && isSpace(text.charCodeAt(end - 1))) end--;
			// A line of white space alone right before SDP or XML (Cisco Unity Express's log, a
			// page that kept a space on the empty line): the empty line that ends the headers.
			// So is one before a line that is no header at all (a page kept a space on the empty
			// line before a text body: `Hi, How are you?`).
			if (
				end === ls &&
				l + 1 < lineCount &&
				!doubleSpaced &&
				(opensBody(text, lines[2 * l + 2]!, lines[2 * l + 3]!) ||
					(lines[2 * l + 2]! < lines[2 * l + 3]! &&
						headerNameEnd(text, lines[2 * l + 2]!, lines[2 * l + 3]!) < 0 &&
						!isSpace(text.charCodeAt(lines[2 * l + 2]!))))
			)
				break;
			const mark = end > ls ? skipSpace(text, ls, end) : end;
			// A poster's remark alone on an indented line (`        ← NEW From-tag`): no fold.
			if (mark < end && remarkOnLine(table, text, mark - 1, end) === mark - 1) {
				if (remarks++ === 0) firstRemark = { start: mark, end };
				continue;
			}
			if (end > ls) {
				const vs = table.valueStart(prev);
				const next = mark;
				// Folding is one SP (RFC 3261 §7.3.1): the value is read with one in its place. A
				// Call-ID holds no white space (§25.1): one that goes on on an indented line was
				// wrapped by a copy (a page's column), and is read joined, as the call's own id.
				if (vs === table.valueEnd(prev)) table.extendValue(prev, next, end);
				else {
					const callId = table.field(prev) === callIdField;
					wraps.push(prev, table.valueEnd(prev), next, callId ? 0 : 1);
					table.extendValue(prev, vs, end);
					if (callId)
						problems.push(
							problem(
								'header.wrapped',
								{ start: next, end },
								'The Call-ID goes on on this line: a Call-ID holds no white space (RFC 3261 §25.1), so a copy wrapped it; read joined.',
							),
						);
				}
			}
			continue;
		}
		// A header the page set in bold (`'''Authorization: Digest ...'''`, a wiki's): read
		// inside the markup (ngrep's `.` for the CR stands inside it).
		const bold = first === 39 || first === 42 ? boldHeader(text, ls, le) : 0;
		if (bold > 0 && headerNameEnd(text, ls + bold, le - bold) > 0) {
			problems.push(
				problem(
					'header.malformed',
					{ start: ls, end: le },
					bold === 1
						? 'The page set this header in italics (`*` around it, Markdown): read without the markup.'
						: 'The page set this header in bold (its markup around it): read without the markup.',
					'information',
				),
			);
			ls += bold;
			le -= bold;
			if (frame.format === 'ngrep' && text.charCodeAt(le - 1) === 46) le--;
		}
		// The names nearly every header has are looked up once, here: they hold no dot (below).
		let nameEnd = headerNameAt(text, ls, le);
		const known = nameFound.known;
		// `tftp://10.13.4.121`: a URL (an application/url body glued to the headers) is no header.
		if (nameEnd >= 0 && known === undefined && text.startsWith('://', nameEnd)) nameEnd = -1;
		// A message summary's first line (`Messages-Waiting: yes`, RFC 3842 §5.2) is no header:
		// where a copy lost the empty line before it, the body starts there.
		if (
			known === undefined &&
			nameEnd - ls === 16 &&
			table.count > firstHeader &&
			text.slice(ls, nameEnd).toLowerCase() === 'messages-waiting'
		) {
			missingEmptyLine = true;
			break;
		}
		// `127.0.0.1:5060;branch=...` reads as a header named `127.0.0.1`; no header's name has a
		// dot, a wrapped Via's sent-by does. One that starts with a digit (`68.1.37:45092;...`
		// below `Via: SIP/2.0/UDP 192.1`, a logger's cut) is an address's rest however short the
		// line above.
		if (
			nameEnd >= 0 &&
			known === undefined &&
			hasDot(text, ls, nameEnd) &&
			table.count > firstHeader &&
			l - 1 > startLast &&
			stray !== l - 1 &&
			(wrapsLineAbove(text, lines, l) || leftOpen(text, table) || isDigitAt(text, ls))
		) {
			const j = wrapJoint(text, frame, lines, l);
			// An address cut between its digits (`192.1` / `68.1.37`) goes on with nothing between.
			const above = lines[2 * l - 1]!;
			if (isDigitAt(text, ls) && (isDigitAt(text, above - 1) || text.charCodeAt(above - 1) === 46))
				j.space = 0;
			readWrapped(text, ls, le, j, table, problems, captured);
			continue;
		}
		if (nameEnd < 0) {
			// A SIPp scenario's keyword line (`[last_Via:]`): headers SIPp fills in, any of them.
			if (template && isKeywordLine(text, ls, le)) {
				elided = true;
				continue;
			}
			// A wiki's or a page's markup among the headers (`</pre>` and `<pre>` around a line it
			// set in bold): the page's, no line of the message.
			if (isPageTag(text, ls, le)) {
				problems.push(
					problem(
						'header.malformed',
						{ start: ls, end: le },
						"The page's markup among the headers, not a line of the message: read past.",
						'information',
					),
				);
				continue;
			}
			// A field Wireshark adds to its dissection (`[Generated Call-ID: 984887582]`,
			// `[Resent Packet: False]`), copied with the headers: no line of the message.
			if (text.charCodeAt(ls) === 91 && le - ls <= 240 && wiresharkField.test(text.slice(ls, le))) {
				problems.push(
					problem(
						'header.malformed',
						{ start: ls, end: le },
						'A field Wireshark adds to its dissection, copied with the headers: no line of the message, read past.',
						'information',
					),
				);
				continue;
			}
			// A poster's remark on a line of its own among the headers (`// 大改，...`), where it
			// remarks after values too: no wrapped rest of the header above.
			if (remarks > 0 && isRemarkLine(text, ls, le)) {
				remarks++;
				continue;
			}
			// `...` where the poster left lines out: headers it lacks may be among them.
			if (isElisionLine(text, ls, le)) {
				elided = true;
				elisionAt = l;
				problems.push(
					problem(
						'message.elided',
						{ start: ls, end: le },
						'Lines of this message were left out where it was posted: a header it lacks may be among them, so none is reported missing.',
					),
				);
				continue;
			}
			// A sentence of the page's among lines it numbered (ShareTechnote's notes under a
			// message's headers): the lines of the message are numbered, this one is not.
			if (pageNumber >= 0 && isPageProse(text, ls, le)) {
				problems.push(
					problem(
						'header.malformed',
						{ start: ls, end: le },
						"The page's text among the message's numbered lines, not a line of the message: read past.",
						'information',
					),
				);
				continue;
			}
			// An SDP line right after the poster's `...` (`o=...`, the empty line and `v=0` cut with
			// what was left out): the body's.
			if (elisionAt === l - 1 && isSdpLine(text, ls, le)) {
				missingEmptyLine = true;
				bodyAfterElision = true;
				break;
			}
			// The trace's last line, a header's name cut before its colon (`Conten`, an excerpt's or
			// a log's end): the headers were cut there, no body follows.
			if (l === lineCount - 1 && isCutName(text, ls, le) && onlySpaceAfter(text, le)) continue;
			// The rest of a header a copy wrapped inside its `<...>` (`P-Asserted-Identity: +1111
			// <sip:+1111@11.111.1.111` / `;user=phone>`): no body's first line opens with `;` or `,`.
			if (
				table.count > firstHeader &&
				l - 1 > startLast &&
				stray !== l - 1 &&
				opensWithSeparator(text, ls, le) &&
				leftOpen(text, table)
			) {
				readWrapped(text, ls, le, wrapJoint(text, frame, lines, l), table, problems, captured);
				continue;
			}
			// Not a header: where a copy lost the empty line before the body, the body's first line.
			// Not a `<sip:...>` under a header a copy broke right after its colon or a list's comma
			// (`Contact: ` with its addresses on the lines below): that header's value, read on.
			if (!doubleSpaced && !uriUnderEmptyValue(text, ls, le, table, firstHeader)) {
				glued ??= new GluedBody(firstHeader);
				if (glued.startsHere(text, lines, l, lineCount, table)) {
					missingEmptyLine = true;
					break;
				}
			}
			// A copy that wrapped long lines (a mail, a web page, an export 80 columns wide) put the
			// rest of a header on a line of its own, without the white space folding needs: read as
			// the rest of that header, and said.
			// In a copy that left a stray empty line among the headers, the line above is the last
			// one with text (a Contact wrapped across that empty line). Not in a copy that doubled
			// every line end, where a line after an empty one stands on its own.
			let above = l - 1;
			if (strayLine !== undefined && strayLine >= 0)
				while (above > startLast + 1 && lines[2 * above] === lines[2 * above + 1]) above--;
			if (
				table.count > firstHeader &&
				l - 1 > startLast &&
				stray !== l - 1 &&
				(wrapsLineAbove(text, lines, l, above) ||
					leftOpen(text, table) ||
					opensWithSeparator(text, ls, le) ||
					brokenAtHyphen(text, lines[2 * above + 1]!, ls, le))
			) {
				readWrapped(text, ls, le, wrapJoint(text, frame, lines, l), table, problems, captured);
				continue;
			}
			// The page's text after the message, to the frame's end (a figure's labels under a
			// message a book cut, a caption after a guide's): not the message's, said once.
			// Right under the poster's `...` too, where no header was kept above it.
			const after =
				table.count > firstHeader || elisionAt === l - 1
					? trailingText(text, lines, l, lineCount)
					: 0;
			if (after > 0) {
				trailingProblem = problem(
					'header.malformed',
					{ start: ls, end: le },
					after === 1
						? "Text after the message's headers, not a header field: the page's, read as no part of the message."
						: `This line and the ${after - 1} after it hold no header field: the page's text after the message, read as no part of it.`,
					'information',
				);
				trailing = l;
				l = lineCount;
				break;
			}
			problems.push(
				problem(
					'header.malformed',
					{ start: ls, end: le },
					'Not a header field: expected "name: value" (RFC 3261 §7.3.1).',
				),
			);
			stray = l;
			continue;
		}
		// A poster's remark after the value (`Call-ID: 2834...-7217  // made up here`): the value
		// ends before it, as an annotated start line's does (startLine.ts).
		const remark = remarkOnLine(table, text, ls, le);
		// Said once, on the first: a poster who remarks on one header remarks on several.
		let cut = remark >= 0 ? remarkStart(text, nameEnd, remark) : -1;
		if (cut >= 0 && remarks++ === 0)
			firstRemark = { start: remark + 1, end: spaceTrimmedEnd(text, remark, le) };
		// A page's HTML that took `<sip:...>` for a tag closes it after the value (`</sip:...>`).
		const closing = table.closingTags.after(text, ls);
		if (closing > nameEnd && closing < (cut >= 0 ? cut : le) && isClosingUriTag(text, closing)) {
			cut = closing;
			if (closingTags++ === 0) firstClosingTag = { start: closing, end: le };
		}
		if (
			addHeaderLine(
				text,
				ls,
				cut >= 0 ? cut : le,
				nameEnd,
				known ?? canonicalNameAt(text, ls, nameEnd),
				table,
			)
		)
			noBreakSpace ??= ls;
	}
	const headersEnd = l;
	if (firstRemark)
		problems.push(
			problem(
				'message.elided',
				firstRemark,
				`${remarks === 1 ? 'A remark' : `Remarks on ${remarks} header lines`} added where this message was written down (\`${text.slice(firstRemark.start, firstRemark.start + (text.charCodeAt(firstRemark.start) === 0x2190 ? 1 : 2))} ...\`), no part of the header${remarks === 1 ? '' : 's'}: ${remarks === 1 ? 'the value is' : 'each value is'} read without it.`,
			),
		);
	if (firstClosingTag)
		problems.push(
			problem(
				'message.elided',
				firstClosingTag,
				`A page's HTML took the \`<sip:...>\` URIs for tags and closed them after ${closingTags === 1 ? 'this value' : `the values of ${closingTags} header lines`} (\`</sip:...>\`): no part of the message, ${closingTags === 1 ? 'the value is' : 'each value is'} read without it.`,
			),
		);
	if (missingEmptyLine && !bodyAfterElision)
		problems.push(
			problem(
				'message.missing-empty-line',
				{ start: lines[2 * l]!, end: lines[2 * l + 1]! },
				'No empty line ends the headers: they end before this line, which starts the body (RFC 3261 §7: the empty line must be there).',
			),
		);

	if (start.kind !== 'invalid')
		unglueHeaders(text, table, firstHeader, start.method, start.kind === 'request', problems);
	const headerCount = table.count - firstHeader;
	if (strayLine !== undefined && strayLine >= 0)
		problems.push(
			problem(
				'message.stray-empty-line',
				{ start: lines[2 * strayLine]!, end: lines[2 * strayLine]! },
				"An empty line among the headers (a copy left it there): the headers below it, which give what those above lack, are read as this message's; from it on, empty lines are read as in a double-spaced copy.",
			),
		);
	else if (doubleSpaced && !doubledAfterHeaders(lines, headersEnd))
		problems.push(
			problem(
				'message.stray-empty-line',
				{ start: lines[2]!, end: lines[2]! },
				"An empty line right after the start line (a copy left it there): the headers below it are read as this message's.",
			),
		);
	else if (doubleSpaced)
		problems.push(
			problem(
				'message.double-spaced',
				{ start: lineStart, end: lineEnd },
				'An empty line follows every line of this message (a copy that doubled its line ends): its headers are read without them, its body as it stands.',
			),
		);
	if (noBreakSpace !== undefined)
		problems.push(
			problem(
				'message.no-break-space',
				{ start: noBreakSpace, end: text.indexOf(':', noBreakSpace) + 1 },
				'This copy has no-break spaces (U+00A0, as a web page shows spaces) where the message had white space: they are read as spaces (RFC 3261 §25.1 allows only SP and HTAB).',
			),
		);
	const fields = extractFields(
		text,
		frame,
		table,
		firstHeader,
		headerCount,
		problems,
		start.kind === 'response',
	);
	// A trace cut in the middle of a message (log rotation, an excerpt): one problem says so,
	// rather than one per header it lacks (lint leaves those out for such a message). The trace
	// ends before the empty line that ends the headers (formats that decorate lines keep trailing
	// empty lines out of them: at most the last line's own line end may follow), and what is there
	// cannot be a whole message: a header every message has is missing, or Content-Length, which
	// stacks write last, is not there yet, or it announces a body that never came. A whole message
	// that only lacks its last empty line (its Content-Length says 0) is not cut. tshark prints
	// each header's decoded fields after it, and its framing gives the end of the headers as an
	// empty line: the lines after the last header are not a sign of a whole message.
	// A record that holds fewer octets than its stamp gives (sofia-sip's dump, or its log that
	// says it truncated the message) is cut the same way.
	const cut = recordCut(text, frame, fields.contentLength);
	const missing = cut ? cut.declared - cut.held : 0;
	const lacksHeaders =
		!fields.callId || !fields.cseq || !fields.from || !fields.to || fields.via0 === null;
	// The trace ends inside the headers (see above).
	const endsCut =
		l >= lineCount &&
		lineCount > 0 &&
		((onlyBlankAfter(text, frame.span.end) &&
			(frame.format === 'tshark' || lineBreaksFrom(text, lines[2 * lineCount - 1]!) <= 1)) ||
			endsInCutRecord(text, frame.span.end) ||
			// A Markdown fence (or `</pre>`) right under the last header, and no Content-Length (which stacks
			// write last): the post quoted the headers it was about and closed its code block.
			// With one, the body was left out (said on it below).
			(fields.contentLength === null && fenceRightAfter(text, lines[2 * lineCount - 1]!)) ||
			// The log's record separator right under a header name its writer cut (Oracle's
			// sipmsg.log: `CSe`, then its row of dashes): a segment that ended there.
			cutNameAtSeparator(text, lines[2 * lineCount - 2]!, lines[2 * lineCount - 1]!)) &&
		// `Content-Length: 0`, which stacks write last, ends a whole message that only lacks its
		// empty line: a header it lacks (a Via a copy wrapped) is its own fault, not a cut. Unless
		// a header after it stops visibly short (`Route:`, `Diversion: <sip:4206@msc7;user=ph`).
		(fields.contentLength !== 0 ||
			stopsShort(text, lines[2 * lineCount - 2]!, lines[2 * lineCount - 1]!));
	// Its record gives more octets than its lines could hold (each line end counted as CRLF, an
	// empty line after them too) and it lacks headers every message has: the rest was left out
	// where it was posted (`send 1439 bytes to ...` and the start line alone), not a message sent
	// without them. Where the poster marked what was left out (`...`), message.elided says so.
	// Counted only for a message that lacks such headers or an end: nearly every message is read
	// once only.
	// So too a record whose headers run to its end with no empty line after them and no
	// Content-Length (which stacks write last), where the trace goes on: Linphone's log of a
	// 1704-byte INVITE stopped after Allow.
	const unended =
		!endsCut &&
		l >= lineCount &&
		lineCount > 0 &&
		fields.contentLength === null &&
		!blankLineAfter(text, lines[2 * lineCount - 1]!);
	const held =
		(lacksHeaders || unended) && lineCount > 0 && frame.declaredBytes !== null
			? octetLength(text, lines[0]!, lines[2 * lineCount - 1]!) + 2 * lineCount + 2
			: 0;
	const abridged =
		!(cut && missing > 0) &&
		!elided &&
		(lacksHeaders || unended) &&
		lineCount > 0 &&
		frame.declaredBytes !== null &&
		held < frame.declaredBytes;
	// A start line and not one header after it (a log's record of the start line alone, a post
	// that quoted only that line): its headers were left out, not sent without; lines after it
	// that read as no header are the post's own text.
	const noHeader =
		headerCount === 0 &&
		lineCount > 0 &&
		!elided &&
		!namesHeaderBehindText(text, lines, startLast + 1, l);
	if (noHeader) dropProblemsFrom(problems, headerProblems, lineEnd);
	// A capture's datagram is the message as sent: no copy left its headers out.
	const startOnly = noHeader && !(cut && missing > 0) && !abridged && !captured;
	// Headers, but none of the three that name a message (Via, Call-ID, CSeq): a post that kept
	// the few it was about (`From`, `To`, `Event`), not a message sent without them. No RFC 4475
	// message lacks all three; no stack sends one so.
	// ngrep printed the empty line's CR (`.`) and a body after it: the headers ended so on the
	// wire (a scanner's malformed reply), no copy left some out.
	const endedOnWire =
		frame.format === 'ngrep' &&
		headersEnd + 1 < lineCount &&
		lines[2 * headersEnd] === lines[2 * headersEnd + 1] &&
		text.charCodeAt(lines[2 * headersEnd]!) === 46;
	const excerpt =
		headerCount > 0 &&
		!captured &&
		!endedOnWire &&
		!elided &&
		!abridged &&
		!endsCut &&
		!(cut && missing > 0) &&
		(fields.via0 === null || viaAlone(fields, problems, headerProblems)) &&
		// Present but empty or malformed (a fuzzer's `Call-ID:`, `CSeq: 0`) is no header left out.
		((fields.callId === null &&
			// A poster who kept the CSeq of each message and left out its addresses (Via, Call-ID,
			// From and To: "I removed the headers which are not relevant"): no sender sends so.
			((!fields.cseq &&
				!hasProblem(problems, headerProblems, problems.length, 'header.bad-cseq')) ||
				(!fields.from && !fields.to))) ||
			// Or kept Call-ID and CSeq, the two that name the transaction, and no address at all
			// (no Via, From or To: a post's `SIP/2.0 180 Ringing`, `CSeq`, `Call-ID`).
			(fields.callId !== null &&
				fields.cseq !== null &&
				!fields.from &&
				!fields.to &&
				!hasProblem(problems, headerProblems, problems.length, 'header.bad-name-addr')));
	const cutShort = missing > 0 || abridged || startOnly || excerpt || endsCut;
	// A record that holds less than it announces, read to its last line with no empty line: the
	// cut most likely fell inside that line (`From:` and nothing after), as below.
	// (An empty line at the trace's end after it is no message's: a capture cut by its snapshot
	// length, the text's last line end.)
	// A capture opened as a trace (capture/render.ts) puts an empty line after the octets it kept.
	const readToEnd =
		l >= lineCount ||
		(l > startLast + 1 &&
			(onlyBlankAfter(text, lines[2 * l]!) ||
				(frame.format === 'headerLine' && cut !== null && missing > 0)));
	// So may an excerpt's whose last line no empty line follows (a capture's snapshot length cut
	// it inside the Via it kept: `Via: SIP/2.0/`).
	if (
		((cut && missing > 0) || abridged || (excerpt && l >= lineCount)) &&
		readToEnd &&
		l > startLast + 1
	)
		dropProblemsFrom(problems, headerProblems, lines[2 * Math.min(l, lineCount) - 2]!);
	if (cut && missing > 0 && frame.format === 'ngrep' && lineCount > 1) {
		// The line the snapshot length cut (`Con`) is no body that lost its empty line.
		const cutLine = lines[2 * lineCount - 2]!;
		for (let i = problems.length - 1; i >= headerProblems; i--)
			if (problems[i]!.code === 'message.missing-empty-line' && problems[i]!.span.start === cutLine)
				problems.splice(i, 1);
	}
	if (cut && missing > 0)
		problems.push(
			problem(
				'message.truncated',
				{ start: lineStart, end: lineEnd },
				cut.says ??
					`The record holds ${cut.held} of the ${cut.declared} octets its stamp gives: the rest of this message is not in the trace (${cut.why}).`,
			),
		);
	else if (abridged)
		problems.push(
			problem(
				'message.truncated',
				{ start: lineStart, end: lineEnd },
				`Its record gives ${frame.declaredBytes} octets, and its lines hold at most ${held}, ${lacksHeaders ? 'without the headers every message has' : 'with no empty line or Content-Length to end its headers'}: the rest of this message was left out of the trace.`,
			),
		);
	else if (excerpt)
		problems.push(
			problem(
				'message.truncated',
				{ start: lineStart, end: lineEnd },
				fields.via0 !== null
					? 'Only some headers of this message are in the trace (none of From, To, Call-ID and CSeq, which every message has): the copy left the others out, so none is said to be missing.'
					: fields.callId !== null
						? 'Only some headers of this message are in the trace (none of Via, From and To, which every message has): the copy left the others out, so none is said to be missing.'
						: fields.cseq
							? 'Only some headers of this message are in the trace (none of Via, Call-ID, From and To, which every message has): the copy left the others out, so none is said to be missing.'
							: 'Only some headers of this message are in the trace (none of Via, Call-ID and CSeq, which every message has): the copy left the others out, so none is said to be missing.',
			),
		);
	else if (startOnly)
		problems.push(
			problem(
				'message.truncated',
				{ start: lineStart, end: lineEnd },
				'Only the start line of this message is in the trace: its headers were left out (by the log or the copy), so none is said to be missing.',
			),
		);
	else if (cutShort) {
		// The cut most likely fell inside the last line (`Via: SIP/2.0/WSS`, `Content-Length:`): a
		// header it stopped short is the cut's doing, which message.truncated says, not the sender's.
		const last = trailing >= 0 ? trailing : lineCount;
		if (last > startLast + 1) dropProblemsFrom(problems, headerProblems, lines[2 * last - 2]!);
		problems.push(
			problem(
				'message.truncated',
				{ start: lineStart, end: lineEnd },
				trailing >= 0
					? "The page's text follows this message before the end of its headers: the copy cut it short."
					: fenceRightAfter(text, lines[2 * lineCount - 1]!)
						? `The quoted block (${blockEndRightAfter(text, lines[2 * lineCount - 1]!) === 'tag' ? "the page's closing tag" : 'its Markdown fence'}) ends inside this message, before the end of its headers: it is cut short.`
						: cutNameAtSeparator(text, lines[2 * lineCount - 2]!, lines[2 * lineCount - 1]!)
							? 'Its record ends inside this message, in the middle of a header name: it is cut short (the segment logged ended there), and the headers after the cut are not said missing.'
							: 'The trace ends inside this message, before the end of its headers: it is cut short.',
			),
		);
	}
	if (trailingProblem) problems.push(trailingProblem);
	const notSent = notSentProblem(text, frame);
	if (notSent) problems.push(notSent);
	// A program's string template (`NOTIFY sip:#{uri} SIP/2.0`): what it would send.
	const codeTemplate = !template && isCodeTemplate(text, lineStart, frame.sip.end);
	if (codeTemplate)
		problems.push(
			problem(
				'message.not-sent',
				{ start: lineStart, end: lineEnd },
				"A program's message template, its placeholders (`#{uri}`, `${uri}`) filled in when it runs: not traffic, and not judged where a placeholder stands.",
				'information',
			),
		);
	// A SIPp scenario's `<send>` (its CDATA): what SIPp would send, its `[keywords]` filled in then.
	if (template && hasKeyword(text, lineStart, frame.sip.end))
		problems.push(
			problem(
				'message.not-sent',
				{ start: lineStart, end: lineEnd },
				"A SIPp scenario's message, its [keywords] filled in when SIPp sends it: not traffic, and not judged where a keyword stands.",
				'information',
			),
		);
	const bodyProblems = problems.length;
	const body = locateBody(
		text,
		frame,
		lines,
		lineCount,
		headersEnd,
		missingEmptyLine,
		fields.contentLength,
		problems,
		doubleSpaced === true,
		// No Content-Type, in a request that carries no text of its own (a MESSAGE's may lack one).
		fields.contentType === null && !textCarrier(start.method),
		announcedBody(fields.contentType),
	);
	anchorEmptyBodySpans(problems, bodyProblems, table, firstHeader, headerCount);
	// A poster's note in the body's place (`(sdp body striped off)`, `[SDP omitted]`, an arrow
	// to the next message): the body was left out, its length and empty line not judged.
	const note = body.start >= 0 ? bodyNote(text, body.start, body.end) : null;
	if (note) {
		for (let i = problems.length - 1; i >= headerProblems; i--) {
			const code = problems[i]!.code;
			if (
				(i >= bodyProblems &&
					(code.startsWith('content-length.') || code === 'message.truncated')) ||
				code === 'message.missing-empty-line'
			)
				problems.splice(i, 1);
		}
		problems.push(
			problem(
				'message.elided',
				note,
				'The body was left out where this message was posted, a note in its place: its length is not judged.',
			),
		);
	}
	// A poster's `[...]` or `...` on a line of the body, where the length does not meet what is
	// left (or the trace ends before it does): lines of the body were left out there. Not judged
	// where the length meets it: a MESSAGE's text may be `...`.
	if (
		!note &&
		body.start >= 0 &&
		(hasProblem(problems, bodyProblems, problems.length, 'content-length.mismatch') ||
			hasProblem(problems, bodyProblems, problems.length, 'message.truncated'))
	) {
		const left = elisionLineIn(text, body.start, body.end);
		if (left) {
			dropProblemsWithCode(problems, bodyProblems, 'content-length.mismatch');
			dropProblemsWithCode(problems, bodyProblems, 'message.truncated');
			if (!elided)
				problems.push(
					problem(
						'message.elided',
						left,
						'Lines of the body were left out where this message was posted, a mark in their place: its length is not judged.',
					),
				);
		}
	}
	// A page that numbers its lines and skips numbers in the body left body lines out: the
	// body's length cannot be judged from what is left.
	if (pageNumber >= 0 && !note && body.start >= 0) {
		const gap = pageNumberGap(text, body.start, body.end, pageNumber);
		if (gap) {
			dropLengthProblems(problems, bodyProblems);
			if (!elided)
				problems.push(
					problem(
						'message.elided',
						gap,
						'The page numbers this body line after a number it skipped: lines of the body were left out where it was copied, so its length is not judged.',
					),
				);
		}
	}
	if (missingEmptyLine && !note)
		copyLostEmptyLine(
			text,
			problems,
			headerProblems,
			bodyProblems,
			recordCountsEmptyLine(text, frame, lines, headersEnd, fields.contentLength),
		);
	// Cut before its headers ended (nothing of the frame after its last line's line end, not even
	// a decorated empty line): no body came, which message.truncated has said already.
	if (cutShort && headersEnd >= lineCount && lineCount > 0) {
		const lastEnd = lines[2 * lineCount - 1]!;
		const lineEnd = text.indexOf('\n', lastEnd);
		if (lineEnd < 0 || lineEnd + 1 >= frame.span.end) dropLengthProblems(problems, bodyProblems);
	}
	// Content-Length may be among the lines the poster left out (message.elided says so, or
	// message.truncated of an excerpt that kept a few headers), or be there with a value that
	// is no number (header.bad-content-length says so): not missing.
	if (
		elided ||
		excerpt ||
		hasProblem(problems, headerProblems, bodyProblems, 'header.bad-content-length') ||
		hasProblem(problems, headerProblems, bodyProblems, 'message.elided')
	)
		dropProblemsWithCode(problems, bodyProblems, 'content-length.missing-with-body');
	// RFC 3261 §18.3, §20.14: over a stream (TCP, TLS) Content-Length must be there, body or
	// not: the receiver finds the message's end by it. Said of a whole message only (its headers
	// ended by their empty line), not of a copy that may have left it out.
	// Not where the copy changed the message's lines (double-spaced), nor where a body follows
	// that no Content-Type announces either (headers after a page break's empty line).
	if (
		fields.contentLength === null &&
		!cutShort &&
		!elided &&
		!doubleSpaced &&
		(body.start < 0 || note !== null || fields.contentType !== null) &&
		!hasField(table, firstHeader, headerCount, contentLengthField) &&
		!contentLengthBelow(text, frame.span.end) &&
		(headersEnd < lineCount || emptyLineAfter(text, lines[2 * lineCount - 1]!)) &&
		!missingEmptyLine &&
		!hasProblem(problems, headerProblems, problems.length, 'header.bad-content-length') &&
		isStream(fields.via0, frame.transport)
	) {
		dropProblemsWithCode(problems, bodyProblems, 'content-length.missing-with-body');
		problems.push(
			problem(
				'content-length.missing-on-stream',
				{ start: lineStart, end: lineEnd },
				`A message sent over ${streamName(fields.via0, frame.transport)} without Content-Length: over a stream the receiver finds the message's end by it (RFC 3261 §18.3, §20.14).`,
			),
		);
	}
	if (frame.cuts) dropProblemsOnCuts(problems, ownProblems, frame, lines);
	if (template) dropKeywordProblems(text, problems, ownProblems, lineStart);
	if (codeTemplate) dropPlaceholderProblems(text, problems, ownProblems, lineStart);
	return new ParsedMessage(
		table,
		firstHeader,
		headerCount,
		0,
		index,
		frame,
		lineStart,
		lineEnd,
		start,
		fields,
		note ? -1 : body.start,
		note ? -1 : body.end,
		note ? false : body.short,
		note ? null : body.breaks,
		cutShort || elided,
	);
}

/** Are the lines of [from, to) blank or Markdown headings (`#### Resposta 407`)? */
function onlyHeadingsAfter(text: string, from: number, to: number): boolean {
	let heading = false;
	for (let at = from; at < to;) {
		let lineEnd = indexWithin(text, '\n', at, to);
		if (lineEnd < 0) lineEnd = to;
		let i = at;
		while (i < lineEnd && isJsWhiteSpace(text.charCodeAt(i))) i++;
		if (i < lineEnd) {
			let hashes = 0;
			while (text.charCodeAt(i + hashes) === 35) hashes++;
			if (hashes < 1 || hashes > 6 || text.charCodeAt(i + hashes) !== 32) return false;
			heading = true;
		}
		at = lineEnd + 1;
	}
	return heading;
}

/** `[Generated Call-ID: ...]`, `[Response Time (ms): 12]`: a label, a colon, a value, bracketed. */
const wiresharkField = /^\[[A-Z][\w .()/-]{0,60}: [^\]\n]{0,200}\][ \t\r]*$/;

/** Is [ls, le) Wireshark's `Message Header` label, white space around it aside? */
function isTreeLabel(text: string, ls: number, le: number): boolean {
	let s = ls;
	while (s < le && isSpace(text.charCodeAt(s))) s++;
	let e = le;
	while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
	return e - s === 14 && text.startsWith('Message Header', s);
}

/**
 * The span of a poster's note standing alone where a body goes, or null: one short line of words
 * in brackets (`[SDP omitted]`, `<SDP removed>`, `<<SDP omitted for brevity>>`, `(sdp body striped
 * off).`, ngrep's `.` for the CR after it) or an arrow (`<-`, `-->`) that marks the next message's direction.
 */
function bodyNote(text: string, start: number, end: number): Span | null {
	let s = start;
	while (s < end && isJsWhiteSpace(text.charCodeAt(s))) s++;
	let e = end;
	while (e > s && isJsWhiteSpace(text.charCodeAt(e - 1))) e--;
	// The page's heading of the next message after the note (`#### 407 response`), left in the
	// body by a Content-Length the note does not meet: the note is the first line alone.
	const lineEnd = indexWithin(text, '\n', s, e);
	if (lineEnd > 0 && onlyHeadingsAfter(text, lineEnd, e)) {
		e = lineEnd;
		while (e > s && isJsWhiteSpace(text.charCodeAt(e - 1))) e--;
	}
	if (e - s > 80 || e <= s) return null;
	const line = text.slice(s, e);
	// Words in angle brackets (`<SDP removed>`), not an XML element (`<resource-lists/>`).
	if (
		line.charCodeAt(0) === 60 &&
		/^<[A-Za-z]/.test(line) &&
		(!line.includes(' ') || line.includes('/'))
	)
		return null;
	return bodyNoteLine.test(line) ? { start: s, end: e } : null;
}
const bodyNoteLine =
	/^(?:\[[A-Za-z][^\]\n]{0,60}\]|<<?[A-Za-z][^<>\n=]{0,60}>>?|\([A-Za-z][^()\n]{0,60}\)|<-{1,3}|-{1,3}>|<{2,3}|>{2,3})\.?$/;

/**
 * A From or To value [start, end) without a URI (no `:` before its parameters) in a message
 * whose text holds no `<` at all: what is left where a page dropped `<sip:...>` as a tag.
 */
function strippedUri(text: string, frame: Frame, start: number, end: number): boolean {
	const semi = indexWithin(text, ';', start, end);
	if (indexWithin(text, ':', start, semi < 0 ? end : semi) >= 0) return false;
	if (indexWithin(text, '<', frame.sip.start, frame.sip.end) >= 0) return false;
	// The other of From and To a bare URI (`To: sip:foobar@...`, as Kamailio's keepalive OPTIONS
	// has it): a page that dropped each `<sip:...>` would have left it empty too, so the sender
	// writes them without brackets, and the empty one is the sender's. (Not where a page's e-mail
	// protection hid the address: that page rewrote the addresses.)
	const bare = bareAddress.exec(
		text.slice(frame.sip.start, Math.min(frame.sip.end, frame.sip.start + 8192)),
	);
	return bare === null || bare[0].includes('[email');
}
const bareAddress = /^(?:From|To|[ft])[ \t]*:[ \t]*(?:sips?|tel):[^\s;,]*/im;

/**
 * A display name, then white space and a bare `sip:`, `sips:` or `tel:` URI (`"Alice"
 * sip:alice@host;tag=1`, typographic quotes and all), in a message that holds no `<`: a page
 * dropped the brackets of each `<sip:...>`.
 */
function nameBeforeBareUri(text: string, frame: Frame, start: number, end: number): boolean {
	const m = bareUriAfterName.exec(text.slice(start, Math.min(end, start + 200)));
	return m !== null && indexWithin(text, '<', frame.sip.start, frame.sip.end) < 0;
}
const bareUriAfterName = /^[^\s:<>;][^:<>;]*\s(?:sips?|tel):\S/i;

/** Is [start, end) empty or only spaces and tabs? */
/**
 * Whether the headers' lines (after the start line's empty line) are each followed by an empty
 * line, as a double-spaced copy's are, rather than only the start line.
 */
function doubledAfterHeaders(lines: Int32Array, headersEnd: number): boolean {
	let text = 0;
	let empty = 0;
	for (let l = 2; l < headersEnd; l++) {
		if (lines[2 * l] === lines[2 * l + 1]) empty++;
		else text++;
	}
	return empty * 2 >= text;
}

/** Only a token (`Content-Len`): what is left of a header line cut inside its name. */
function isCutName(text: string, start: number, end: number): boolean {
	if (end <= start || end - start > 40) return false;
	for (let i = start; i < end; i++) if (!isTokenChar(text.charCodeAt(i))) return false;
	return true;
}

/**
 * A header line [start, end) that stops short: a `<` or a quote in it left open, or no value
 * where its header must have one (`Route:`). What a cut leaves of the last line of a trace. A
 * run of quotes that ends the line (`..."""`) closes a source file's string literal, no value.
 */
function stopsShort(text: string, start: number, end: number): boolean {
	const colon = indexWithin(text, ':', start, end);
	if (colon < 0) return false;
	let open = 0;
	let quoted = false;
	let last = -1;
	for (let i = colon + 1; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c === 34) quoted = !quoted;
		else if (quoted) continue;
		else if (c === 60) open++;
		else if (c === 62) open--;
		if (c !== 32 && c !== 9 && c !== 13) last = i;
	}
	if (last < 0) return valueRequired.has(text.slice(start, colon).trim().toLowerCase());
	const literalEnd = last > colon + 2 && text.startsWith('""', last - 1);
	return open > 0 || (quoted && !literalEnd);
}
/** Headers whose grammar has no empty value (RFC 3261 §25.1); an extension header's may be empty. */
const valueRequired: ReadonlySet<string> = new Set([
	'route',
	'record-route',
	'via',
	'from',
	'to',
	'call-id',
	'cseq',
	'contact',
	'max-forwards',
	'content-type',
	'event',
	'expires',
	'authorization',
	'proxy-authorization',
	'www-authenticate',
	'proxy-authenticate',
]);

/** Nothing but white space from `at` to the end of the text. */
function onlySpaceAfter(text: string, at: number): boolean {
	for (let i = at; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c !== 10 && c !== 13 && c !== 32 && c !== 9) return false;
	}
	return true;
}

/**
 * How many lines from `from` to the frame's end hold text, where none of them is a header or opens
 * a body and they read as a page's (two or more, or one sentence of four words or more ending in
 * a full stop): 0 where they do not.
 */
function trailingText(text: string, lines: Int32Array, from: number, count: number): number {
	if (count - from > 200) return 0;
	let n = 0;
	for (let k = from; k < count; k++) {
		const s = lines[2 * k]!;
		const e = lines[2 * k + 1]!;
		if (isWhiteSpaceOnly(text, s, e)) continue;
		if (headerNameEnd(text, s, e) >= 0 || isSdpLine(text, s, e)) return 0;
		// A line that opens XML ends as markup does (`<y000000000xx>.cfg` is a file's name).
		if (opensBody(text, s, e) && (text.charCodeAt(s) !== 60 || endsMarkup(text, s, e))) return 0;
		n++;
	}
	if (n !== 1) return n;
	const line = text.slice(lines[2 * from]!, Math.min(lines[2 * from + 1]!, lines[2 * from]! + 300));
	const sentence = line.trim();
	// A sentence, a Markdown heading (`## 407 Proxy Authentication Required`: `#` starts no
	// header name, RFC 3261 §25.1 token), a post's number for the next message (`2`), or a list
	// item of words (`- The SPA9000 will challenge the REGISTER`: `-` starts a token, a bullet and
	// words after it no header).
	return (/^[A-Za-z]/.test(sentence) &&
		sentence.endsWith('.') &&
		!sentence.includes(':') &&
		sentence.split(' ').length >= 4) ||
		markdownHeading.test(sentence) ||
		stepNumber.test(sentence) ||
		(listBullet.test(sentence) && !sentence.includes(':') && sentence.split(' ').length >= 4)
		? 1
		: 0;
}

const markdownHeading = /^#{1,6} +[^\s#]/;
const stepNumber = /^\(?\d{1,3}[.):]?$/;
const listBullet = /^[-*•] [A-Za-z]/;

/** Does the line [start, end) end with `>`, white space aside? */
function endsMarkup(text: string, start: number, end: number): boolean {
	let e = end;
	while (e > start && isJsWhiteSpace(text.charCodeAt(e - 1))) e--;
	return text.charCodeAt(e - 1) === 62;
}

function isWhiteSpaceOnly(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c !== 32 && c !== 9) return false;
	}
	return true;
}

/** The white space before a header line at [ls, le), when it is one (its name and a colon after). */
function headerIndent(text: string, ls: number, le: number): number {
	let i = ls;
	// As deep as a page's code block nests them (twelve spaces in a guide's numbered list).
	while (
		i < le &&
		i - ls < maxHeaderIndent &&
		(text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)
	)
		i++;
	return i > ls && headerNameAt(text, i, le) > i ? i - ls : 0;
}

const maxHeaderIndent = 32;

/** `ls` past `indent` characters of white space, or to `le` on a line of white space alone. */
function pastIndent(text: string, ls: number, le: number, indent: number): number {
	let i = ls;
	while (i < le && i - ls < indent && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	if (i - ls < indent) return i === le ? le : ls;
	return i;
}

/** `x=value`, an SDP line (RFC 8866 §5): a lower-case letter, `=`, and something after it. */
/**
 * Is the value [vs, ve) `...` or `…`, a number left out? (3GPP's examples write `(…)`; a web
 * page's HTML may keep `…` as its entity, `&#8230;` or `&hellip;`.)
 */
function isElidedValue(text: string, vs: number, ve: number): boolean {
	const v = text.slice(vs, Math.min(ve, vs + 10)).trim();
	return (
		v === '...' || v === '…' || v === '(…)' || v === '(...)' || v === '&#8230;' || v === '&hellip;'
	);
}

/** A value holding the entities a web page wrote for `<`, `>` or `"` (a Homer or Siremis view, a blog). */
function htmlEscaped(text: string, start: number, end: number): boolean {
	const at = indexWithin(text, '&', start, end);
	if (at < 0) return false;
	const value = text.slice(at, end);
	return value.includes('&lt;') || value.includes('&gt;') || value.includes('&quot;');
}

/** A value a poster put in place of the real one: `redacted`, `XXX`, `***`, `<hidden>`. */
function isMaskWord(text: string, vs: number, ve: number): boolean {
	return ve - vs <= 24 && maskWord.test(text.slice(vs, ve).trim());
}
const maskWord =
	/^(?:redacted|removed|hidden|masked|deleted|snip(?:ped)?|[xX]{2,}|\*{2,}|#{2,}|<[\w .-]{1,20}>|\[[\w .-]{1,20}\])$/i;

/**
 * A message with its Via and none of From, To, Call-ID and CSeq (present but unreadable aside):
 * a call flow quoted with the one header it was about (`INVITE ...`, `Via: ...;branch=...`). No
 * stack sends a request so, nor answers one.
 */
function viaAlone(fields: Fields, problems: Problem[], from: number): boolean {
	return (
		fields.from === null &&
		fields.to === null &&
		fields.callId === null &&
		fields.cseq === null &&
		!hasProblem(problems, from, problems.length, 'header.bad-name-addr') &&
		!hasProblem(problems, from, problems.length, 'header.bad-cseq')
	);
}

/** What a Content-Type announces of a body that cannot open with a line of prose: SDP, XML, multipart. */
function announcedBody(contentType: string | null): Announced {
	if (contentType === null) return Announced.Any;
	if (contentType === 'application/sdp') return Announced.Sdp;
	return structuredType.test(contentType) ? Announced.Structured : Announced.Any;
}
const structuredType = /^(?:application\/[a-z0-9.+-]*xml|multipart\/)/;

/**
 * A line of prose where a page numbers the message's lines: no number of its own, words with
 * spaces between them, opening with a letter (a header's rest or a body line opens otherwise).
 */
function isPageProse(text: string, ls: number, le: number): boolean {
	if (pageLineNumber(text, ls) >= 0 || le - ls < 20) return false;
	const c = text.charCodeAt(ls) | 32;
	if (c < 97 || c > 122) return false;
	let spaces = 0;
	for (let i = ls; i < le && spaces < 4; i++) if (text.charCodeAt(i) === 32) spaces++;
	return spaces >= 4;
}

/**
 * The first line of [from, to) whose page number skips past the one before it, `last` being the
 * number of the line above the body; null when the numbers run on. Lines without a number (a
 * page's wrapped continuation) neither break nor continue the run.
 */
function pageNumberGap(text: string, from: number, to: number, last: number): Span | null {
	for (let at = from; at < to;) {
		let end = indexWithin(text, '\n', at, to);
		if (end < 0) end = to;
		let ts = at;
		while (ts < end && text.charCodeAt(ts) === 32) ts++;
		const n = pageLineNumber(text, ts + numberAt(text, ts));
		if (n > last + 1)
			return { start: at, end: end > at && text.charCodeAt(end - 1) === 13 ? end - 1 : end };
		if (n >= 0) last = n;
		at = end + 1;
	}
	return null;
}

/**
 * The number a page gave the line whose text starts at `ls` (`[ Line 12 ] `, `[ Line 10] `, as
 * framing/lineNumbers.ts reads them away), or -1. Read backwards from `ls`, so a line without one
 * costs a character or two.
 */
function pageLineNumber(text: string, ls: number): number {
	let i = ls - 1;
	if (text.charCodeAt(i) === 32) i--;
	if (text.charCodeAt(i) !== 93) return -1;
	i--;
	while (text.charCodeAt(i) === 32) i--;
	let n = 0;
	let scale = 1;
	const last = i;
	for (; i >= 0 && last - i < 6; i--) {
		const c = text.charCodeAt(i);
		if (c < 48 || c > 57) break;
		n += (c - 48) * scale;
		scale *= 10;
	}
	if (i === last || text.charCodeAt(i) !== 32) return -1;
	while (text.charCodeAt(i) === 32) i--;
	return i >= 5 && text.startsWith('[ Line', i - 5)
		? n
		: i >= 4 && text.startsWith('[Line', i - 4)
			? n
			: -1;
}

/** A line that stands for lines left out where a message was posted: `...`, `…`, `[...]`, `[..]`, `<snip>`. */
const elision = /^\s*(?:\.{3,}|…|[[(<](?:\.{2,}|…|snip(?:ped)?)[\])>])\s*$/i;

/**
 * Words between two ellipses where lines were left out (`...Other SIP headers...`, `[... other
 * headers ...]`, Microsoft's protocol documents and many pages write them so).
 */
const elisionWords = /^\s*\[?(?:\.{3,}|…)\s*[A-Za-z][^.…\n]{0,50}(?:\.{3,}|…)\]?\s*$/;

/** Is [ls, le) a poster's mark of lines left out (`...`, `[...]`, `...other headers...`)? */
function isElisionLine(text: string, ls: number, le: number): boolean {
	if (le - ls <= 12 && elision.test(text.slice(ls, le))) return true;
	return le - ls <= 70 && text.indexOf('.', ls) < le && elisionWords.test(text.slice(ls, le));
}

/** The first line of [start, end) that is a poster's elision mark, or null. */
function elisionLineIn(text: string, start: number, end: number): Span | null {
	for (let ls = start; ls < end;) {
		let le = indexWithin(text, '\n', ls, end);
		const next = le < 0 ? end : le + 1;
		if (le < 0) le = end;
		if (isElisionLine(text, ls, le)) {
			let e = le;
			while (e > ls && isJsWhiteSpace(text.charCodeAt(e - 1))) e--;
			let b = ls;
			while (b < e && isJsWhiteSpace(text.charCodeAt(b))) b++;
			return { start: b, end: e };
		}
		ls = next;
	}
	return null;
}

/** Is there a `.` in [start, end)? (Searched within the name: a search back from it could run to the trace's start.) */
function hasDot(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) if (text.charCodeAt(i) === 46) return true;
	return false;
}

/**
 * Line `l` looks like the rest of the line above that a copy wrapped: the line above and the
 * first word of this one do not fit in 72 columns (wrapping tools break at 72 to 80). The line
 * above is counted from where it stands on its line, after the indentation a trace puts before
 * each line (tshark's eight spaces), which the copy's width counted too.
 */
function wrapsLineAbove(text: string, lines: Int32Array, l: number, line = l - 1): boolean {
	const above = lines[2 * line + 1]! - indentedFrom(text, lines[2 * line]!);
	const ls = lines[2 * l]!;
	const le = lines[2 * l + 1]!;
	let word = ls;
	while (word < le && !isSpace(text.charCodeAt(word))) word++;
	return above > 0 && above + 1 + (word - ls) > wrapColumns;
}

const wrapColumns = 72;

/**
 * The header above stops before its value, after a `,` or a display name, or a Via at its protocol (`VIA:
 * SIP/2.0/TLS`, the sent-by on the next line): a page that put a line break there (a blog's `FROM:` alone above
 * `<sip:...>;tag=...`), whatever its width. No header is sent so; its value is the next line.
 */
function leftOpen(text: string, table: HeaderTable): boolean {
	const row = table.count - 1;
	const vs = table.valueStart(row);
	const ve = table.valueEnd(row);
	// A list or the parameters of a challenge stopped after a `,` (`nonce="...", stale=FALSE,`), a
	// `;` or `=`, or inside `<...>` or a quoted string: the rest is on the next line (prose.ts).
	if (vs === ve || valueLeftOpen(text, vs, ve)) return true;
	// A display name and no address after it (`Remote-Party-ID: "Agent"`, `<sip:...>` below).
	if (text.charCodeAt(vs) === 34 && text.charCodeAt(ve - 1) === 34 && ve - vs > 1) {
		const close = text.indexOf('"', vs + 1);
		if (close === ve - 1) return true;
	}
	return table.key(row) === 'via' && ve - vs <= 16 && viaProtocolOnly.test(text.slice(vs, ve));
}
/**
 * The line opens with `<` and a URI's scheme, under a header whose value is empty or ends with a
 * list's `,` (the next address of a Contact a copy wrapped).
 */
function uriUnderEmptyValue(
	text: string,
	ls: number,
	le: number,
	table: HeaderTable,
	firstHeader: number,
): boolean {
	const row = table.count - 1;
	if (row < firstHeader) return false;
	const vs = table.valueStart(row);
	let ve = table.valueEnd(row);
	while (ve > vs && isSpace(text.charCodeAt(ve - 1))) ve--;
	if (ve !== vs && text.charCodeAt(ve - 1) !== 44) return false;
	let i = ls;
	while (i < le && isSpace(text.charCodeAt(i))) i++;
	return text.charCodeAt(i) === 60 && bracketedScheme.test(text.slice(i + 1, Math.min(le, i + 10)));
}
const bracketedScheme = /^(?:sips?|tel|urn|mailto|https?|im|pres):/i;

/**
 * The line opens with `;` or `,` (`;branch=z9hG4bK776asdhds ;received=192.0.2.1`, RFC 3261's own
 * examples' folds copied without their indentation): a parameter or the next item of the value
 * above, which no header line or body starts with.
 */
function opensWithSeparator(text: string, ls: number, le: number): boolean {
	let i = ls;
	while (i < le && isSpace(text.charCodeAt(i))) i++;
	const c = text.charCodeAt(i);
	return i + 1 < le && (c === 59 || c === 44);
}
/**
 * A header line that ends in a hyphen, and under it one word that is no header (`;tag=132878796-`
 * then `1040067870294`): a page broke the line after the hyphen, as it breaks words.
 */
function brokenAtHyphen(text: string, aboveEnd: number, ls: number, le: number): boolean {
	if (text.charCodeAt(aboveEnd - 1) !== 45 || le - ls > 64) return false;
	for (let i = ls; i < le; i++) if (!isTokenChar(text.charCodeAt(i))) return false;
	return true;
}

const viaProtocolOnly = /^SIP\s*\/\s*\d\.\d\s*\/\s*[A-Za-z]{2,4}$/i;

/**
 * Where a run of Markdown's emphasis or code marks (`*`, `_`, a backtick; three at most) ends the
 * value [vs, ve), or -1: the page's, not the sender's.
 */
function markupTailStart(text: string, vs: number, ve: number): number {
	let at = ve;
	while (at > vs && ve - at < 3) {
		const c = text.charCodeAt(at - 1);
		if (c !== 42 && c !== 95 && c !== 96) break;
		at--;
	}
	return at < ve ? at : -1;
}

/** The tag of a From or To value [vs, ve) a page left without its URI (`;tag=ac60...`), or null. */
function strippedTag(text: string, vs: number, ve: number): string | null {
	const m = /;\s*tag\s*=\s*([\w.!%*+`'~-]{1,128})\s*(?:;|$)/i.exec(
		text.slice(vs, Math.min(ve, vs + 300)),
	);
	return m ? m[1]! : null;
}

/** Where a log's direction banner (` Sent:`, ` Received:`) ends the value [vs, ve), or -1. */
function bannerTailStart(text: string, vs: number, ve: number): number {
	let e = ve;
	while (e > vs && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	for (const word of [' Sent:', ' Received:'])
		if (e - vs > word.length && text.startsWith(word, e - word.length)) return e - word.length;
	return -1;
}

const isDigitAt = (text: string, at: number): boolean => {
	const c = text.charCodeAt(at);
	return c >= 48 && c <= 57;
};

/** Where the line holding `at` starts, when only white space stands before `at` on it; else `at`. */
function indentedFrom(text: string, at: number): number {
	let i = at;
	while (i > 0 && at - i < 16) {
		const c = text.charCodeAt(i - 1);
		if (c === 10) return i;
		if (c !== 32 && c !== 9) return at;
		i--;
	}
	return i === 0 ? 0 : at;
}

/** Where a copy wrapped the line above line `l`: what it took out, and a `.` of the value's own. */
interface WrapJoint {
	/** 1: a space ({@link wrapSeparator}); 0: nothing. */
	space: number;
	/** Where a `.` that framing read as a CR stands, just after the line above; -1: none. */
	dot: number;
}
const joint: WrapJoint = { space: 0, dot: -1 };

/**
 * The joint of line `l` with the line above, one object for all. ngrep `-W byline` prints each CR
 * as a `.` ending its line, which framing leaves out of the line; a line that a copy wrapped did
 * not end there, so a `.` there is the value's own (an OpenSIPS To tag `...8668bd2.c577`).
 */
function wrapJoint(text: string, frame: Frame, lines: Int32Array, l: number): WrapJoint {
	const as = lines[2 * l - 2]!;
	const ae = lines[2 * l - 1]!;
	joint.dot = frame.format === 'ngrep' && frame.lines && text.charCodeAt(ae) === 46 ? ae : -1;
	joint.space = wrapSeparator(text, as, joint.dot < 0 ? ae : ae + 1, lines[2 * l]!);
	return joint;
}

/**
 * The current message's values that go on over a line break (a fold, or a copy's wrap), in row
 * order, four numbers each: the row, where a piece of the value ends, where the next piece
 * starts, and whether one SP stands between them (1) or nothing (0). The value's span runs
 * over the line breaks; {@link extractFields} reads the value from the pieces joined. Few
 * messages have any: one array for all.
 */
const wraps: number[] = [];

/** Row `row`'s value [vs, ve) read from its pieces (see {@link wraps}), from the `k`th entry on. */
function wrappedValue(text: string, row: number, vs: number, ve: number, k: number): CutText {
	const starts = [vs];
	const ends: number[] = [];
	const seps: string[] = [];
	for (; k < wraps.length && wraps[k] === row; k += 4) {
		ends.push(wraps[k + 1]!);
		starts.push(wraps[k + 2]!);
		seps.push(wraps[k + 3] ? ' ' : '');
	}
	ends.push(ve);
	return piecesText(text, starts, ends, seps);
}

/** Line [ls, le), the rest of the header above that a copy wrapped: added to its value. */
function readWrapped(
	text: string,
	ls: number,
	le: number,
	/** Where the copy broke the line (see {@link wrapJoint}). */
	joint: WrapJoint,
	table: HeaderTable,
	problems: Problem[],
	/** The message is a capture's (its octets as sent, see capture/render.ts), not a copy's. */
	captured: boolean,
): void {
	const prev = table.count - 1;
	let end = le;
	while (end > ls && isSpace(text.charCodeAt(end - 1))) end--;
	const vs = table.valueStart(prev);
	const ve = table.valueEnd(prev);
	if (vs === ve) table.extendValue(prev, ls, end);
	else {
		wraps.push(prev, joint.dot === ve ? ve + 1 : ve, ls, joint.space);
		table.extendValue(prev, vs, end);
	}
	// One warning per header, over all of its wrapped lines: each header rebuilt from pieces is
	// one guess a reader may want to check; a warning per line of it (a long Authorization
	// wraps three or four times) would only repeat it.
	const last = problems.length - 1;
	const said = problems[last];
	const code = captured ? 'header.malformed' : 'header.wrapped';
	if (said?.code === code && said.span.start > table.nameStart(prev)) {
		problems[last] = { ...said, span: { start: said.span.start, end: le } };
		return;
	}
	problems.push(
		captured
			? // A capture holds the octets sent: no copy wrapped them.
				problem(
					'header.malformed',
					{ start: ls, end: le },
					'Not a header field, nor a fold of the header above (a fold starts with white space, RFC 3261 §7.3.1): the message was sent with a line end inside that header, which a receiver refuses (400) or drops. Read as part of it.',
				)
			: problem(
					'header.wrapped',
					{ start: ls, end: le },
					'Not a header field: the rest of the header above, which a copy wrapped (this warning spans all its wrapped lines), read as part of it. A header that goes on to the next line starts it with white space (RFC 3261 §7.3.1).',
				),
	);
}

/**
 * Line `l` is ngrep's `.` for the CR of the header line above, which a copy cut off where it
 * wrapped that line at a width: not the empty line that ends the headers. The line above lacks
 * its `.`, is as long as a width, and a header line follows (RFC 3261 §7.3: headers end each
 * line with CRLF, which ngrep prints as `.`).
 */
function isCutCr(
	text: string,
	lines: Int32Array,
	l: number,
	lineCount: number,
	startLast: number,
): boolean {
	if (l <= startLast + 1 || l + 1 >= lineCount) return false;
	const above = lines[2 * l - 1]!;
	if (text.charCodeAt(lines[2 * l]!) !== 46 || text.charCodeAt(above) === 46) return false;
	if (above - lines[2 * l - 2]! < narrowestWrap) return false;
	const ns = lines[2 * l + 2]!;
	const ne = lines[2 * l + 3]!;
	return ne > ns && headerNameEnd(text, ns, ne) > ns;
}

/** Removes the header problems pushed since `since` that start at or after `from`. */
/**
 * Leaves out the problems from `since` on that start on a line the trace printed cut short
 * (`Frame.cuts`): an unclosed `<`, a URI or parameter stopped short are the export's doing, which
 * framing's message.truncated says on that line.
 */
export function dropProblemsOnCuts(
	problems: Problem[],
	since: number,
	frame: Frame,
	lines: Int32Array,
): void {
	const cuts = frame.cuts;
	if (!cuts) return;
	let kept = since;
	for (let i = since; i < problems.length; i++) {
		const p = problems[i]!;
		if (!onCut(p.span.start, cuts, lines)) problems[kept++] = p;
	}
	problems.length = kept;
}

function onCut(at: number, cuts: Int32Array, lines: Int32Array): boolean {
	for (const pair of cuts) if (at >= lines[2 * pair]! && at <= lines[2 * pair + 1]!) return true;
	return false;
}

/**
 * Does a line of [from, to) hold a header's name and colon behind other text (`  5. Via:` of a
 * pastebin's numbered lines, `- Via:`)? Then the message's headers are there, unreadable behind
 * what the copy put before them: each is said malformed, not left out.
 */
function namesHeaderBehindText(text: string, lines: Int32Array, from: number, to: number): boolean {
	for (let k = from; k < to && k < from + 20; k++) {
		const ls = lines[2 * k]!;
		const le = lines[2 * k + 1]!;
		const colon = text.indexOf(':', ls);
		if (colon < 0 || colon >= le) continue;
		let name = colon;
		while (name > ls && isTokenChar(text.charCodeAt(name - 1))) name--;
		if (name < colon && knownNameAt(text, name, colon) !== undefined) return true;
	}
	return false;
}

function dropProblemsFrom(problems: Problem[], since: number, from: number): void {
	let kept = since;
	for (let i = since; i < problems.length; i++) {
		const p = problems[i]!;
		if (p.span.start < from || !p.code.startsWith('header.')) problems[kept++] = p;
	}
	problems.length = kept;
}

function dropLengthProblems(problems: Problem[], since: number): void {
	dropProblemsWithCode(problems, since, 'content-length.mismatch');
}

/**
 * Where the body's length shows the copy lost the empty line (and white space in the body), the
 * missing empty line is said as the copy's, not as a fault of the message sent.
 */
function copyLostEmptyLine(
	text: string,
	problems: Problem[],
	from: number,
	bodyFrom: number,
	counted: number | null,
): void {
	let lost = false;
	for (let i = bodyFrom; i < problems.length && !lost; i++)
		lost = saysCopyLostEmptyLine(problems[i]!);
	// A trace without a single empty line (a PDF's or a page's copy, which drops them all, also
	// between messages): the copy lost this one too.
	const none = !lost && counted === null && !holdsEmptyLine(text);
	if (!lost && !none && counted === null) return;
	for (let i = from; i < bodyFrom; i++)
		if (problems[i]!.code === 'message.missing-empty-line')
			problems[i] = {
				...problems[i]!,
				severity: 'information',
				message: lost
					? 'No empty line ends the headers: the copy lost it (the body below, short of its Content-Length, lost white space too); the body starts on this line.'
					: none
						? 'No empty line ends the headers: the copy lost it, as it lost every empty line of the trace; the body starts on this line.'
						: `No empty line ends the headers: the copy lost it, for the log's record counts it (its ${counted} bytes are the headers, the empty line and the body's Content-Length); the body starts on this line.`,
			};
}

/**
 * The size a record gives its message (`with 1456 bytes`, CUCM's SDL trace) where it is the
 * headers' lines, each with its CRLF, the empty line's CRLF and Content-Length's octets: the
 * message was sent with the empty line a copy lost. Null where the record gives none or another.
 */
function recordCountsEmptyLine(
	text: string,
	frame: Frame,
	lines: Int32Array,
	headersEnd: number,
	contentLength: number | null,
): number | null {
	const declared = frame.declaredBytes;
	if (declared === null || contentLength === null) return null;
	const headers = headerOctets(text, lines, frame.joins ?? null, headersEnd);
	return headers + 2 + contentLength === declared ? declared : null;
}

/** Whether `text` has a line of white space alone; the last text asked is remembered. */
function holdsEmptyLine(text: string): boolean {
	if (text !== emptyLineMemo.text) {
		emptyLineMemo.text = text;
		emptyLineMemo.holds = false;
		// One right above a known header is no message's end: a damaged copy's stray one among
		// the headers (message.stray-empty-line), where it lost every other.
		emptyLine.lastIndex = 0;
		for (let m = emptyLine.exec(text); m; m = emptyLine.exec(text)) {
			const next = m.index + m[0].length;
			let end = text.indexOf('\n', next);
			if (end < 0) end = text.length;
			const nameEnd = headerNameEnd(text, next, end);
			if (nameEnd > 0 && knownNameAt(text, next, nameEnd) !== undefined) {
				emptyLine.lastIndex = next;
				continue;
			}
			// One among the page's own prose (a manual's table of contents, a paragraph above the
			// code block) says nothing of what the copy did to the messages: only one next to a
			// message's lines does.
			if (!besideMessageLine(text, m.index, next, end)) {
				emptyLine.lastIndex = next;
				continue;
			}
			emptyLineMemo.holds = true;
			break;
		}
	}
	// This very string from now on: an equal one (the same file opened again) is compared
	// character by character once, not at every message.
	emptyLineMemo.text = text;
	return emptyLineMemo.holds;
}
const emptyLineMemo = { text: '', holds: false };

/**
 * Whether the empty line between the line that ends at `before` and the one [next, end) stands
 * beside a message's line: a header or SDP line above it, or a start line, SDP or XML below.
 */
function besideMessageLine(text: string, before: number, next: number, end: number): boolean {
	let ns = next;
	while (ns < end && isSpace(text.charCodeAt(ns))) ns++;
	if (isStartLineShape(text, ns, end) || isSdpLine(text, ns, end) || opensBody(text, ns, end))
		return true;
	let pe = before;
	if (pe > 0 && text.charCodeAt(pe - 1) === 13) pe--;
	const ps = text.lastIndexOf('\n', pe - 1) + 1;
	let s = ps;
	while (s < pe && isSpace(text.charCodeAt(s))) s++;
	if (isSdpLine(text, s, pe)) return true;
	const nameEnd = headerNameEnd(text, s, pe);
	return nameEnd > 0 && knownNameAt(text, s, nameEnd) !== undefined;
}
const emptyLine = /\n[ \t]*\r?\n/g;

/** A line that is a page's block tag alone: `<pre>`, `</pre>`, `<code>`, `</code>`, `<br>`. */
function isPageTag(text: string, ls: number, le: number): boolean {
	let e = le;
	while (e > ls && isSpace(text.charCodeAt(e - 1))) e--;
	if (e - ls < 4 || e - ls > 8 || text.charCodeAt(ls) !== 60) return false;
	return pageTags.has(text.slice(ls, e).toLowerCase());
}
const pageTags: ReadonlySet<string> = new Set([
	'<pre>',
	'</pre>',
	'<code>',
	'</code>',
	'<br>',
	'<br/>',
	'<br />',
	'<p>',
	'</p>',
]);

/**
 * How long the bold markup around a header line is (`'''...'''`, a wiki's; `**...**`,
 * Markdown's), the same on both sides; 0 for a line without it.
 */
function boldHeader(text: string, ls: number, le: number): number {
	let e = le;
	while (e > ls && isSpace(text.charCodeAt(e - 1))) e--;
	// Markdown's italics (`*Max-Forwards: 18*`, a mail's emphasis) after its bold.
	for (const mark of ["'''", '**', '*'])
		if (
			e - ls > 2 * mark.length + 2 &&
			text.startsWith(mark, ls) &&
			text.startsWith(mark, e - mark.length) &&
			e === le
		)
			return mark.length;
	return 0;
}

function hasProblem(problems: Problem[], from: number, to: number, code: string): boolean {
	for (let i = from; i < to; i++) if (problems[i]!.code === code) return true;
	return false;
}

function dropProblemsWithCode(problems: Problem[], since: number, code: string): void {
	let kept = since;
	for (let i = since; i < problems.length; i++) {
		const p = problems[i]!;
		if (p.code !== code) problems[kept++] = p;
	}
	problems.length = kept;
}

function lineBreaksFrom(text: string, from: number): number {
	let count = 0;
	for (let i = text.indexOf('\n', from); i >= 0 && count < 2; i = text.indexOf('\n', i + 1))
		count++;
	return count;
}

/** A CSeq whose number a poster masked: `REDACTED_CSEQ REGISTER`, `xxx INVITE`, `<cseq> BYE`. */
const maskedCSeq =
	/^\s*(?:\w{0,20}REDACTED\w{0,20}|\d*[xX#*][xX#*][\dxX#*]*|<[^<>\s]{1,20}>|\[[^\]\s]{1,20}\])\s+[A-Za-z]/i;

/** Methods whose body may be a user's text (RFC 3428 MESSAGE, INFO), or a response (null). */
function textCarrier(method: string | null | undefined): boolean {
	return method === 'MESSAGE' || method === 'INFO';
}

/** Is the line after the one that ends at `from` empty, or white space (or is there none)? */
function blankLineAfter(text: string, from: number): boolean {
	const start = text.indexOf('\n', from);
	if (start < 0) return true;
	for (let i = start + 1; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 10) return true;
		if (c !== 13 && c !== 32 && c !== 9) return false;
	}
	return true;
}

/**
 * Is [start, end) a header name cut short (letters and dashes, no colon, as the names are
 * written), with a log's row of dashes on the next line?
 */
function cutNameAtSeparator(text: string, start: number, end: number): boolean {
	if (end - start < 1 || end - start > 30) return false;
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i) | 32;
		if ((c < 97 || c > 122) && c !== 45 /* - */) return false;
	}
	let next = end;
	if (text.charCodeAt(next) === 13) next++;
	if (text.charCodeAt(next) !== 10) return false;
	next++;
	const nl = indexWithin(text, '\n', next, Math.min(text.length, next + 200));
	const lineEnd = nl < 0 ? Math.min(text.length, next + 200) : nl;
	return isRuleLine(text, next, text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd);
}

/**
 * The trace ends, after `from`, in one line that is the start of the line before `from` and no
 * more (`2021-03-03 15:55:26.802 17083-17083/org.linphone.debug I/Li`): the log's next record's
 * prefix, cut where the trace was; the message before it was cut there too.
 */
function endsInCutRecord(text: string, from: number): boolean {
	let at = from;
	while (at < text.length && (text.charCodeAt(at) === 10 || text.charCodeAt(at) === 13)) at++;
	// A line longer than a record's is none: searched no further.
	const limit = Math.min(text.length, at + 302);
	let end = indexWithin(text, '\n', at, limit);
	if (end < 0) {
		if (limit < text.length) return false;
		end = text.length;
	} else if (!onlyBlankAfter(text, end)) return false;
	if (end > 0 && text.charCodeAt(end - 1) === 13) end--;
	const length = end - at;
	if (length < 12 || length > 300) return false;
	const before = text.lastIndexOf('\n', from - 2) + 1;
	return before + length < from && text.startsWith(text.slice(at, end), before);
}

/** Does a header of `field` stand among the message's rows (whatever its value)? */
function hasField(table: HeaderTable, first: number, count: number, field: number): boolean {
	for (let row = first; row < first + count; row++) if (table.field(row) === field) return true;
	return false;
}

/**
 * Does a Content-Length line stand in the few lines after `from`, before any start line? Then
 * what ended the message there (a PDF's page break between its headers) was the copy's.
 */
function contentLengthBelow(text: string, from: number): boolean {
	let at = from;
	for (let n = 0; n < 16 && at < text.length && at - from < 2048; n++) {
		let end = text.indexOf('\n', at);
		if (end < 0) end = text.length;
		const line = text.slice(at, Math.min(end, at + 200)).trim();
		if (line.startsWith('SIP/2.0 ') || line.endsWith(' SIP/2.0')) return false;
		if (/^(?:content-length|l)[ \t]*:/i.test(line)) return true;
		at = end + 1;
	}
	return false;
}

/** Does an empty line follow the line that ends at `end`? */
function emptyLineAfter(text: string, end: number): boolean {
	let at = end;
	if (text.charCodeAt(at) === 13) at++;
	if (text.charCodeAt(at) !== 10) return false;
	at++;
	while (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9) at++;
	if (text.charCodeAt(at) === 13) at++;
	return text.charCodeAt(at) === 10;
}

/**
 * Did the message go over a stream? Its top Via's transport says how it was sent (RFC 3261
 * §18.1.1, §18.2.2); where it has none, the transport the log gives.
 */
function isStream(via0: Via | readonly Via[] | null, logged: string | null): boolean {
	const name = streamName(via0, logged);
	return name === 'TCP' || name === 'TLS';
}

function streamName(via0: Via | readonly Via[] | null, logged: string | null): string {
	// A log that says it went over WebSocket is believed over a Via that says TCP (JsSIP's early
	// versions wrote one): WebSocket frames the message, Content-Length may go (RFC 7118 §5.1).
	const said = (logged ?? '').toUpperCase();
	if (said === 'WS' || said === 'WSS') return said;
	const top = via0 === null ? null : 'transport' in via0 ? via0 : (via0[0] ?? null);
	return (top?.transport ?? logged ?? '').toUpperCase();
}

/**
 * Is the line right after the line that ends at `end` a Markdown fence or a page's `</pre>` (no
 * empty line between): the end of the block the message was quoted in?
 */
function fenceRightAfter(text: string, end: number): boolean {
	return blockEndRightAfter(text, end) !== null;
}

/** What ends the quoted block right after the line that ends at `end`, or null. */
function blockEndRightAfter(text: string, end: number): 'fence' | 'tag' | null {
	let at = end;
	if (text.charCodeAt(at) === 13) at++;
	if (text.charCodeAt(at) !== 10) return null;
	at++;
	let lineEnd = text.indexOf('\n', at);
	if (lineEnd < 0) lineEnd = text.length;
	return isFence(text, at, lineEnd) ? 'fence' : isClosingBlockTag(text, at, lineEnd) ? 'tag' : null;
}

/** Nothing but white space from `from` to the end of `text`. */
export function onlyBlankAfter(text: string, from: number): boolean {
	for (let i = from; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
	}
	return true;
}

/**
 * A message; its headers live in the trace's {@link HeaderTable} and are read out when asked for.
 * Its spans are kept as offsets and made into objects when read: a trace holds a million of them,
 * a feature reads those of a few. A trace holds one per message, so its size counts: small
 * numbers share one integer (its flags), a field a message of one kind leaves null shares a slot
 * with one of the other kind's, what can be derived is, and what few messages have (SIP-ETag,
 * SIP-If-Match, a shift after an edit, numbers too large to pack) lives in one object, `#rare`,
 * null when none of it is set. Its numbers (flags, offsets, deltas, Content-Length) stand in a
 * shared block (see `messageNumbers`), at the places {@link flagsAt} and the rest name.
 */
class ParsedMessage implements SipMessage {
	/** A request's method, a response's reason phrase, null for an invalid start line. */
	readonly #methodOrReason: string | null;
	readonly requestUri: string | null;
	readonly callId: string | null;
	readonly cseq: SipMessage['cseq'];
	/**
	 * From and To as read: a dialog's messages repeat theirs, read once (see `ValueMemo`) and
	 * shared. A message keeps the shared reading and how far further on its own value stands,
	 * and makes its own name-addr when asked: a trace keeps two fewer objects per message, and
	 * the collector has two fewer to copy while the trace is read.
	 */
	readonly #from: NameAddr | null;
	readonly #to: NameAddr | null;
	/**
	 * The Vias, as From and To are kept: the top one and the second as read (a transaction's
	 * messages repeat theirs, read once and shared) with how far further on this message's stand,
	 * their list made when first asked for. Correlation reads only the top two (see
	 * {@link topViaOf}), so a trace keeps no list and no Via of its own per message until a
	 * feature asks. With more than two, or once asked for, `#via0` holds the list itself.
	 */
	#via0: Via | readonly Via[] | null;
	#via1: Via | null;
	/** Event, Subscription-State, Expires and Content-Type, shared; null when it says none. */
	readonly #traits: Traits | null;
	readonly #rare: Rare | null;
	/** The block holding this message's numbers, and where they start in it. */
	readonly #numbers: Int32Array;
	readonly #at: number;

	constructor(
		readonly table: HeaderTable,
		firstHeader: number,
		headerCount: number,
		/** How far the text moved since the header rows were written (see {@link MessageShift}). */
		shift: number,
		readonly index: number,
		readonly frame: Frame,
		lineStart: number,
		lineEnd: number,
		start: StartLine,
		fields: Fields,
		/** The body's offsets, -1 when there is none. */
		bodyStart: number,
		bodyEnd: number,
		bodyShort: boolean,
		bodyBreaks: Int32Array | null,
		cutShort: boolean,
	) {
		const kind = kinds.indexOf(start.kind);
		const uriSpan = start.requestUriSpan;
		const status = start.status === null ? 0 : start.status + 1;
		const lineLength = lineEnd - lineStart;
		const contentLength = fields.contentLength;
		const packs =
			shift === 0 &&
			bodyBreaks === null &&
			(contentLength === null || contentLength <= maxNumber) &&
			fields.sipETag === null &&
			fields.sipIfMatch === null &&
			(!uriSpan || uriSpan.end - uriSpan.start === start.requestUri?.length) &&
			Number.isInteger(status) &&
			status >= 0 &&
			status <= statusMask &&
			headerCount <= countMask &&
			lineLength >= 0 &&
			lineLength <= lineMask;
		const flags =
			kind |
			(bodyShort ? bodyShortFlag : 0) |
			(cutShort ? cutShortFlag : 0) |
			(packs
				? (status << statusShift) | (headerCount << countShift) | (lineLength << lineShift)
				: 0);
		this.#methodOrReason = kind === 0 ? start.method : kind === 1 ? start.reason : null;
		this.requestUri = start.requestUri;
		// Listed, not spread: a spread copies through a slow path, once per message.
		this.callId = fields.callId;
		this.cseq = fields.cseq;
		this.#from = fields.from;
		this.#to = fields.to;
		this.#via0 = fields.via0;
		this.#via1 = fields.via1;
		this.#traits =
			fields.event === null &&
			fields.subscriptionState === null &&
			fields.expires === null &&
			fields.contentType === null
				? null
				: table.traits(fields.event, fields.subscriptionState, fields.expires, fields.contentType);
		const at = takeNumbers();
		const numbers = numbersBlock();
		this.#numbers = numbers;
		this.#at = at;
		numbers[at + firstHeaderAt] = firstHeader;
		numbers[at + lineStartAt] = lineStart;
		numbers[at + fromDeltaAt] = fields.fromDelta;
		numbers[at + toDeltaAt] = fields.toDelta;
		numbers[at + via0DeltaAt] = fields.via0Delta;
		numbers[at + via1DeltaAt] = fields.via1Delta;
		numbers[at + contentLengthAt] = packs && contentLength !== null ? contentLength : -1;
		numbers[at + uriStartAt] = uriSpan ? uriSpan.start : -1;
		numbers[at + bodyStartAt] = bodyStart;
		numbers[at + bodyEndAt] = bodyEnd;
		numbers[at + flagsAt] = flags;
		this.#rare = packs
			? null
			: {
					shift,
					status: start.status,
					headerCount,
					lineEnd,
					uriEnd: uriSpan ? uriSpan.end : -1,
					sipETag: fields.sipETag,
					sipIfMatch: fields.sipIfMatch,
					contentLength,
					bodyBreaks,
				};
	}

	/** `m` moved by `shift` (see {@link MessageShift}). */
	static moved(m: ParsedMessage, shift: MessageShift, index: number, frame: Frame): ParsedMessage {
		const { delta } = shift;
		const uriSpan = m.requestUriSpan;
		const body = m.body;
		const first = m.#via0;
		// A list (more than two Vias, or one a feature asked for) holds Vias at this message's own
		// offsets: each is moved. A shared reading stays, this message's distance to it moves.
		const list = first !== null && isViaList(first);
		const from = m.#from === null ? null : shift.reading(m.#from, m.#numbers[m.#at + fromDeltaAt]!);
		const to = m.#to === null ? null : shift.reading(m.#to, m.#numbers[m.#at + toDeltaAt]!);
		return new ParsedMessage(
			m.table,
			m.firstHeader,
			m.headerCount,
			m.shift + delta,
			index,
			frame,
			m.lineStart + delta,
			m.lineEnd + delta,
			{
				kind: m.kind,
				method: m.method,
				requestUri: m.requestUri,
				requestUriSpan: uriSpan && { start: uriSpan.start + delta, end: uriSpan.end + delta },
				status: m.status,
				reason: m.reason,
			},
			{
				callId: m.callId,
				cseq: m.cseq,
				from: from && from.na,
				fromDelta: from ? from.distance : 0,
				to: to && to.na,
				toDelta: to ? to.distance : 0,
				via0: list ? first.map((v) => viaAt(v, v.span.start + delta, v.span.end + delta)) : first,
				via0Delta: list ? 0 : m.#numbers[m.#at + via0DeltaAt]! + delta,
				via1: m.#via1,
				via1Delta: m.#via1 === null ? 0 : m.#numbers[m.#at + via1DeltaAt]! + delta,
				event: m.event,
				subscriptionState: m.subscriptionState,
				expires: m.expires,
				sipETag: m.sipETag,
				sipIfMatch: m.sipIfMatch,
				contentType: m.contentType,
				contentLength: m.contentLength,
			},
			body ? body.start + delta : -1,
			body ? body.end + delta : -1,
			m.bodyShort,
			m.bodyBreaks && m.bodyBreaks.map((at) => at + delta),
			m.cutShort,
		);
	}

	get firstHeader(): number {
		return this.#numbers[this.#at + firstHeaderAt]!;
	}

	get lineStart(): number {
		return this.#numbers[this.#at + lineStartAt]!;
	}

	get contentLength(): number | null {
		const rare = this.#rare;
		if (rare !== null) return rare.contentLength;
		const length = this.#numbers[this.#at + contentLengthAt]!;
		return length < 0 ? null : length;
	}

	/** The From tag, without making the name-addr (see {@link fromTagOf}). */
	static fromTag(m: ParsedMessage): string | null {
		const from = m.#from;
		return from === null ? null : from.tag;
	}

	/** The To tag, without making the name-addr (see {@link toTagOf}). */
	static toTag(m: ParsedMessage): string | null {
		const to = m.#to;
		return to === null ? null : to.tag;
	}

	/** Via `i` as read, wherever it stood (see {@link viaReadingOf}). */
	static viaReading(m: ParsedMessage, i: number): Via | undefined {
		const first = m.#via0;
		if (first === null) return undefined;
		if (isViaList(first)) return first[i];
		return i === 0 ? first : i === 1 ? (m.#via1 ?? undefined) : undefined;
	}

	/** How many Vias, without making their list. */
	static viaCount(m: ParsedMessage): number {
		const first = m.#via0;
		return first === null ? 0 : isViaList(first) ? first.length : m.#via1 === null ? 1 : 2;
	}

	get vias(): readonly Via[] {
		const first = this.#via0;
		if (first === null) return noVias;
		if (isViaList(first)) return first;
		const second = this.#via1;
		const list =
			second === null
				? [viaMoved(first, this.#numbers[this.#at + via0DeltaAt]!)]
				: [
						viaMoved(first, this.#numbers[this.#at + via0DeltaAt]!),
						viaMoved(second, this.#numbers[this.#at + via1DeltaAt]!),
					];
		// Kept: a feature that reads a message's Vias reads them again.
		this.#via0 = list;
		this.#via1 = null;
		return list;
	}

	/** The body's length, 0 without one, without making its span (see {@link bodyLengthOf}). */
	static bodyLength(m: ParsedMessage): number {
		const numbers = m.#numbers;
		const start = numbers[m.#at + bodyStartAt]!;
		return start < 0 ? 0 : numbers[m.#at + bodyEndAt]! - start;
	}

	get from(): NameAddr | null {
		const delta = this.#numbers[this.#at + fromDeltaAt]!;
		return delta === 0 ? this.#from : nameAddrAt(this.#from!, delta);
	}

	get to(): NameAddr | null {
		const delta = this.#numbers[this.#at + toDeltaAt]!;
		return delta === 0 ? this.#to : nameAddrAt(this.#to!, delta);
	}

	get event(): SipMessage['event'] {
		const traits = this.#traits;
		return traits === null ? null : traits.event;
	}

	get subscriptionState(): SubscriptionState | null {
		const traits = this.#traits;
		return traits === null ? null : traits.subscriptionState;
	}

	get expires(): number | null {
		const traits = this.#traits;
		return traits === null ? null : traits.expires;
	}

	get contentType(): string | null {
		const traits = this.#traits;
		return traits === null ? null : traits.contentType;
	}

	get kind(): SipMessage['kind'] {
		return kinds[this.#numbers[this.#at + flagsAt]! & 3]!;
	}

	get method(): string | null {
		return (this.#numbers[this.#at + flagsAt]! & 3) === 0 ? this.#methodOrReason : null;
	}

	get reason(): string | null {
		return (this.#numbers[this.#at + flagsAt]! & 3) === 1 ? this.#methodOrReason : null;
	}

	get status(): number | null {
		const rare = this.#rare;
		if (rare !== null) return rare.status;
		const status = (this.#numbers[this.#at + flagsAt]! >>> statusShift) & statusMask;
		return status === 0 ? null : status - 1;
	}

	get headerCount(): number {
		const rare = this.#rare;
		return rare === null
			? (this.#numbers[this.#at + flagsAt]! >>> countShift) & countMask
			: rare.headerCount;
	}

	get shift(): number {
		const rare = this.#rare;
		return rare === null ? 0 : rare.shift;
	}

	get lineEnd(): number {
		const rare = this.#rare;
		return rare === null
			? this.lineStart + (this.#numbers[this.#at + flagsAt]! >>> lineShift)
			: rare.lineEnd;
	}

	get sipETag(): string | null {
		const rare = this.#rare;
		return rare === null ? null : rare.sipETag;
	}

	get sipIfMatch(): string | null {
		const rare = this.#rare;
		return rare === null ? null : rare.sipIfMatch;
	}

	get bodyShort(): boolean {
		return (this.#numbers[this.#at + flagsAt]! & bodyShortFlag) !== 0;
	}

	get cutShort(): boolean {
		return (this.#numbers[this.#at + flagsAt]! & cutShortFlag) !== 0;
	}

	get startLine(): Span {
		return { start: this.lineStart, end: this.lineEnd };
	}

	get requestUriSpan(): Span | null {
		const start = this.#numbers[this.#at + uriStartAt]!;
		if (start < 0) return null;
		const rare = this.#rare;
		return { start, end: rare === null ? start + this.requestUri!.length : rare.uriEnd };
	}

	get bodyBreaks(): Int32Array | null {
		return this.#rare === null ? null : this.#rare.bodyBreaks;
	}

	get body(): Span | null {
		const numbers = this.#numbers;
		const start = numbers[this.#at + bodyStartAt]!;
		return start < 0 ? null : { start, end: numbers[this.#at + bodyEndAt]! };
	}

	get headers(): readonly Header[] {
		return this.table.headers(this.firstHeader, this.headerCount, this.shift);
	}

	headerKey(position: number): string {
		return this.table.key(this.firstHeader + position);
	}

	headerField(position: number): Header {
		return this.table.header(this.firstHeader + position, this.shift);
	}

	headerCode(position: number): number {
		return this.table.code(this.firstHeader + position);
	}

	headerValueStart(position: number): number {
		return this.table.valueStart(this.firstHeader + position) + this.shift;
	}

	headerValueEnd(position: number): number {
		return this.table.valueEnd(this.firstHeader + position) + this.shift;
	}

	header(key: string): Header | undefined {
		const count = this.headerCount;
		for (let i = 0; i < count; i++)
			if (this.table.key(this.firstHeader + i) === key) return this.headerField(i);
		return undefined;
	}
}

/**
 * `m.from?.tag ?? null`, read from the shared reading: correlation reads the tags of every
 * message, and a tag does not depend on where the value stands.
 */
export function fromTagOf(m: SipMessage): string | null {
	return m instanceof ParsedMessage ? ParsedMessage.fromTag(m) : (m.from?.tag ?? null);
}

/** `m.to?.tag ?? null`, as {@link fromTagOf} reads it. */
export function toTagOf(m: SipMessage): string | null {
	return m instanceof ParsedMessage ? ParsedMessage.toTag(m) : (m.to?.tag ?? null);
}

/**
 * `m.vias[i]`, or the same Via value as read where the trace first had it: its protocol, sent-by,
 * branch and parameters are those of `m`'s Via, its span may be another message's. Correlation
 * and lint read the top Vias of every message, and need no span or list for that.
 */
export function viaReadingOf(m: SipMessage, i: number): Via | undefined {
	return m instanceof ParsedMessage ? ParsedMessage.viaReading(m, i) : m.vias[i];
}

/** `m.vias.length`, without making the list. */
export function viaCountOf(m: SipMessage): number {
	return m instanceof ParsedMessage ? ParsedMessage.viaCount(m) : m.vias.length;
}

/** `m.vias[0]`, as {@link viaReadingOf} reads it. */
export function topViaOf(m: SipMessage): Via | undefined {
	return viaReadingOf(m, 0);
}

/** `m.vias[1]`, as {@link viaReadingOf} reads it. */
export function secondViaOf(m: SipMessage): Via | undefined {
	return viaReadingOf(m, 1);
}

function isViaList(v: Via | readonly Via[]): v is readonly Via[] {
	return Array.isArray(v);
}

/** Via `v` moved by `delta` (a shared reading, to where this message has it). */
function viaMoved(v: Via, delta: number): Via {
	if (delta === 0) return v;
	const s = v.span;
	return viaAt(v, s.start + delta, s.end + delta);
}

/**
 * How many characters of body text `m` has (0 without a body), without making its span:
 * correlation asks it of every NOTIFY and PUBLISH.
 */
export function bodyLengthOf(m: SipMessage): number {
	if (m instanceof ParsedMessage) return ParsedMessage.bodyLength(m);
	const body = m.body;
	return body === null ? 0 : body.end - body.start;
}

/** What few messages have, or what does not fit in its flags: all of it, when any is. */
interface Rare {
	readonly shift: number;
	readonly status: number | null;
	readonly headerCount: number;
	readonly lineEnd: number;
	readonly uriEnd: number;
	readonly sipETag: string | null;
	readonly sipIfMatch: string | null;
	readonly contentLength: number | null;
	readonly bodyBreaks: Int32Array | null;
}

/**
 * Where the start line (its last line `last`) ends. A copy that ended every line with white space
 * (Markdown's hard line break, two spaces, in a blog post or a wiki) left it after the start line
 * as after the first header: there it is the copy's, not the sender's, and the start line is read
 * without it (RFC 3261 §7.1 allows none). White space after the start line alone is the sender's.
 */
function startLineEnd(text: string, lines: Int32Array, last: number, count: number): number {
	const end = lines[2 * last + 1]!;
	if (last > 0 || last + 1 >= count || !isBlankChar(text.charCodeAt(end - 1))) return end;
	const headerEnd = lines[2 * last + 3]!;
	if (headerEnd <= lines[2 * last + 2]! || !isBlankChar(text.charCodeAt(headerEnd - 1))) return end;
	let e = end;
	while (e > lines[2 * last]! && isBlankChar(text.charCodeAt(e - 1))) e--;
	return e;
}

/** A space or a tab: what a copy adds at a line's end (a CR is the line end's). */
const isBlankChar = (c: number): boolean => c === 32 || c === 9;

type StartLine = ReturnType<typeof parseStartLine>;
const kinds: readonly SipMessage['kind'][] = ['request', 'response', 'invalid'];
const bodyShortFlag = 4;
const cutShortFlag = 8;
const statusShift = 4;
const statusMask = 0x3ff;
const countShift = 14;
const countMask = 0xff;
const lineShift = 22;
const lineMask = 0x1ff;
/** The largest number a message's block holds (a Content-Length beyond it goes to `#rare`). */
const maxNumber = 0x7fffffff;
// A message's numbers, at these places from its own in its block (see `messageNumbers`).
const firstHeaderAt = 0;
const lineStartAt = 1;
/** How far further on than the shared readings of From, To and the top two Vias this message's stand. */
const fromDeltaAt = 2;
const toDeltaAt = 3;
const via0DeltaAt = 4;
const via1DeltaAt = 5;
/** -1: none (or in `#rare`). */
const contentLengthAt = 6;
/** The Request-URI's start, -1 for a response or an invalid start line; it ends after the URI. */
const uriStartAt = 7;
/** The body's offsets, -1 when there is none. */
const bodyStartAt = 8;
const bodyEndAt = 9;
/**
 * From the low end: the kind's place in {@link kinds} (2 bits), {@link bodyShortFlag},
 * {@link cutShortFlag}, the status + 1 (10 bits, 0: none), the header count (8 bits) and the
 * start line's length (9 bits). The last three are those of `#rare` when it is set.
 */
const flagsAt = 10;

/**
 * Moves messages after an edit before them moved their text by `delta` (one edit: the same
 * `delta` for all). Nothing is re-read: offsets are moved, strings kept; the header rows stay
 * where they are and are read out moved. The readings messages share (From, To and the top two
 * Vias, see {@link ParsedMessage}) stay shared: a Via reading holds no text and is kept as it
 * is, with each message's distance to it moved; a From or To reading is moved once into the new
 * text (its parameters are read from it) and shared by the moved messages. Correlation finds a
 * transaction by its messages' shared top Via, and the trace keeps no Via or name-addr of its
 * own per moved message.
 */
export class MessageShift {
	/** Each shared reading met, moved to where the first message met with it has its value. */
	readonly #readings = new Map<NameAddr, { readonly moved: NameAddr; readonly at: number }>();
	/** What the readings say, moved into the new text: shared as the readings shared it. */
	readonly #values: MovedValues = new Map();

	constructor(
		readonly delta: number,
		readonly text: string,
	) {}

	/** `m` moved, numbered `index`, in `frame` (already moved). */
	move(m: SipMessage, index: number, frame: Frame): SipMessage {
		return ParsedMessage.moved(m as ParsedMessage, this, index, frame);
	}

	/**
	 * A From or To reading `na` that a message has `distance` further on, moved into the new text,
	 * with the message's distance to the moved one. The moved reading stands where the first
	 * message met with it has its value (a real place in the new text: a reading's offsets are
	 * never negative) and is shared by the others.
	 */
	reading(na: NameAddr, distance: number): { readonly na: NameAddr; readonly distance: number } {
		let entry = this.#readings.get(na);
		if (entry === undefined) {
			entry = {
				moved: shiftNameAddr(na, this.delta + distance, this.text, this.#values),
				at: distance,
			};
			this.#readings.set(na, entry);
		}
		return { na: entry.moved, distance: distance - entry.at };
	}
}

function skipSpace(text: string, i: number, end: number): number {
	while (i < end && isSpace(text.charCodeAt(i))) i++;
	return i;
}

/** A header line `name: value`, its name ending at `nameEnd` (see {@link headerNameAt}). */
/** ` From:` (one space, then the header's name as mail programs quote it, then a colon). */
function isStuffedFrom(text: string, ls: number, le: number): boolean {
	if (!text.startsWith('From', ls + 1)) return false;
	let i = ls + 5;
	while (i < le && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	return i < le && text.charCodeAt(i) === 58;
}

function addHeaderLine(
	text: string,
	ls: number,
	le: number,
	nameEnd: number,
	name: HeaderName,
	table: HeaderTable,
): boolean {
	const colon = text.indexOf(':', nameEnd);
	let vs = colon + 1;
	let ve = le;
	while (vs < ve && isSpace(text.charCodeAt(vs))) vs++;
	while (ve > vs && isSpace(text.charCodeAt(ve - 1))) ve--;
	table.add(ls, nameEnd, vs, ve, name.key, name.compact, name.code);
	// A no-break space read as white space: after the colon, at the value's end, or in CSeq's
	// `number LWS method` (the places a web page's copy puts one).
	return (
		hasNoBreakSpace(text, colon + 1, vs) ||
		hasNoBreakSpace(text, ve, le) ||
		(name.key === 'cseq' && hasNoBreakSpace(text, vs, ve))
	);
}

/**
 * A line that opens with `//` and a space or a letter of no Latin script (`// 新`): a remark, as
 * a C programmer writes one, not the rest of a URI a copy wrapped (`//host/path`).
 */
function isRemarkLine(text: string, ls: number, le: number): boolean {
	if (le - ls < 3 || text.charCodeAt(ls) !== 47 || text.charCodeAt(ls + 1) !== 47) return false;
	const c = text.charCodeAt(ls + 2);
	return c === 32 || c === 9 || c >= 0x2e80;
}

/** The first of a poster's remark marks (` //`, ` ←`, ` <-`) in [ls, le), -1: none. */
function remarkOnLine(table: HeaderTable, text: string, ls: number, le: number): number {
	let first = -1;
	for (const search of table.remarks) {
		const at = search.after(text, ls);
		if (at >= 0 && at < le && (first < 0 || at < first)) first = at;
	}
	return first;
}

/**
 * `remark` when the ` //` there opens a remark on the header line whose name ends at `nameEnd`:
 * after a value, outside quotes and angle brackets (a URI's `//` has no white space before it).
 * -1 when it does not.
 */
function remarkStart(text: string, nameEnd: number, remark: number): number {
	const colon = text.indexOf(':', nameEnd);
	if (colon < 0 || colon >= remark) return -1;
	let quoted = false;
	let angle = false;
	let value = false;
	for (let i = colon + 1; i < remark; i++) {
		const c = text.charCodeAt(i);
		if (c === 34) quoted = !quoted;
		else if (!quoted && c === 60) angle = true;
		else if (!quoted && c === 62) angle = false;
		if (c !== 32 && c !== 9) value = true;
	}
	return value && !quoted && !angle ? remark : -1;
}

/** Whether [start, end) holds a `:` (read in place: this asks of every status line). */
function holdsColon(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) if (text.charCodeAt(i) === 58) return true;
	return false;
}

/** `</sip:` or `</sips:` at `at`: a closing tag made of a URI's scheme. */
function isClosingUriTag(text: string, at: number): boolean {
	const c = text.charCodeAt(at + 5);
	return c === 58 || (c === 115 && text.charCodeAt(at + 6) === 58);
}

/** The end of [start, end) without its trailing white space. */
function spaceTrimmedEnd(text: string, start: number, end: number): number {
	while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
	return end;
}

function hasNoBreakSpace(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) if (text.charCodeAt(i) === 0xa0) return true;
	return false;
}

/** A header line cut by a TCP segment boundary, read over the cut; spans run over it. */
function addCutHeaderLine(
	cut: CutText,
	ls: number,
	le: number,
	table: HeaderTable,
	problems: Problem[],
): void {
	const line = cut.text;
	let nameEnd = line.indexOf(':');
	const colon = nameEnd;
	while (nameEnd > 0 && (line.charCodeAt(nameEnd - 1) === 32 || line.charCodeAt(nameEnd - 1) === 9))
		nameEnd--;
	let valid = nameEnd > 0;
	for (let i = 0; valid && i < nameEnd; i++) if (!isTokenChar(line.charCodeAt(i))) valid = false;
	if (!valid) {
		problems.push(
			problem(
				'header.malformed',
				{ start: ls, end: le },
				'Not a header field: expected "name: value" (RFC 3261 §7.3.1).',
			),
		);
		return;
	}
	let vs = colon + 1;
	let ve = line.length;
	while (vs < ve && isSpace(line.charCodeAt(vs))) vs++;
	while (ve > vs && isSpace(line.charCodeAt(ve - 1))) ve--;
	const { key, compact } = canonicalNameAt(line, 0, nameEnd);
	table.add(ls, cut.at(nameEnd, true), cut.at(vs), cut.at(ve, true), key, compact);
}

type Fields = Pick<
	SipMessage,
	| 'callId'
	| 'cseq'
	| 'from'
	| 'to'
	| 'event'
	| 'subscriptionState'
	| 'expires'
	| 'sipETag'
	| 'sipIfMatch'
	| 'contentType'
	| 'contentLength'
> & {
	/** How far further on than `from`'s own the message's From stands (0: `from` is its own). */
	readonly fromDelta: number;
	readonly toDelta: number;
	/** The top Via and how far on it stands, or all the Vias when there are more than two. */
	readonly via0: Via | readonly Via[] | null;
	readonly via0Delta: number;
	readonly via1: Via | null;
	readonly via1Delta: number;
};

/** One pass over the headers for the fields correlation and lint need. The first occurrence wins. */
function extractFields(
	trace: string,
	frame: Frame,
	table: HeaderTable,
	first: number,
	count: number,
	problems: Problem[],
	/** A response copies its request's CSeq (RFC 3261 §8.2.6.2): a number out of range is the request's. */
	response: boolean,
): Fields {
	let callId: string | null = null;
	let cseq: SipMessage['cseq'] = null;
	let from: NameAddr | null = null;
	let fromDelta = 0;
	let to: NameAddr | null = null;
	let toDelta = 0;
	let event: SipMessage['event'] = null;
	let subscriptionState: SubscriptionState | null = null;
	let expires: number | null = null;
	let sipETag: string | null = null;
	let sipIfMatch: string | null = null;
	let contentType: string | null = null;
	let contentLength: number | null = null;
	const strings = table.strings;
	const cuts = frame.joins ? frame : null;
	let viaCount = 0;
	let wrap = 0;
	for (let row = first; row < first + count; row++) {
		// Most headers of a message hold no field: passed over before anything else is read.
		const field = table.field(row);
		while (wrap < wraps.length && wraps[wrap]! < row) wrap += 4;
		if (field === 0) continue;
		// A value that a TCP segment boundary cut (tcpdump) is read over the cut, from a copy.
		let text = trace;
		let cut: CutText | null = null;
		let vs = table.valueStart(row);
		let ve = table.valueEnd(row);
		if (cuts) cut = cutText(trace, cuts, vs, ve);
		// A value that goes on over a line break (a fold, a copy's wrap): read from its pieces.
		if (!cut && wrap < wraps.length && wraps[wrap] === row)
			cut = wrappedValue(trace, row, vs, ve, wrap);
		if (cut) {
			text = cut.text;
			vs = 0;
			ve = text.length;
		}
		switch (field) {
			case callIdField:
				callId ??= strings.at(text, vs, ve);
				break;
			case cseqField:
				if (!cseq) {
					let parsed = readCSeq(text, vs, ve, table);
					// A character the copy could not decode (U+FFFD, `CSeq:\ufffd 103 BYE`): read
					// without it, and said as the copy's.
					const garbled = !parsed && indexWithin(text, '\ufffd', vs, ve) >= 0;
					if (garbled) {
						const clean = text.slice(vs, ve).replaceAll('\ufffd', '').trim();
						parsed = readCSeq(clean, 0, clean.length, table);
						if (parsed)
							problems.push(
								problem(
									'header.bad-cseq',
									valueSpan(table, row),
									`CSeq holds a character the copy could not decode (U+FFFD): read as ${parsed.seq} ${parsed.method}.`,
									'information',
								),
							);
					}
					// RFC 3261 §8.1.1.5: the sequence number must be below 2^31. One above it is still
					// read: the transaction and dialog it names are matched by it as the peers did.
					if (!parsed || parsed.seq >= 2 ** 31)
						problems.push(
							maskedCSeq.test(text.slice(vs, Math.min(ve, vs + 60)))
								? problem(
										'header.bad-cseq',
										valueSpan(table, row),
										'CSeq as posted: its number was masked where the trace was posted (`REDACTED`, `xxx`), so it is not judged.',
										'information',
									)
								: parsed && response
									? problem(
											'header.bad-cseq',
											valueSpan(table, row),
											"CSeq's number is 2^31 or more, as a response copies it from its request (RFC 3261 §8.2.6.2): the request's sender chose it, where it must be below 2^31 (§8.1.1.5).",
											'information',
										)
									: problem(
											'header.bad-cseq',
											valueSpan(table, row),
											'CSeq must be a number below 2^31 and a method (RFC 3261 §8.1.1.5, §20.16).',
										),
						);
					if (parsed) cseq = parsed;
				}
				break;
			case fromField:
			case toField: {
				if (field === fromField ? from : to) break;
				let na: NameAddr | null;
				// A value read before is not read again: its reading is shared, moved when asked for.
				let delta = 0;
				if (cut) na = cutFrom(parseNameAddr(text, vs, ve, table), cut);
				else {
					const memo = table.nameAddrValues();
					const known = memo.find(text, vs, ve);
					if (known !== undefined) {
						na = known;
						delta = vs - memo.found;
					} else {
						na = parseNameAddr(text, vs, ve, table);
						memo.remember(text, vs, ve, na);
					}
				}
				// A page's entities (`&lt;sip:...&gt;;tag=`) are read through: the tag names the dialog.
				const escaped = !na && htmlEscaped(text, vs, ve);
				if (escaped && !cut) {
					const decoded = entityText(text, vs, ve);
					if (decoded) {
						na = cutFrom(parseNameAddr(decoded.text, 0, decoded.text.length, table), decoded);
						delta = 0;
					}
				}
				if (escaped)
					problems.push(
						problem(
							'header.bad-name-addr',
							valueSpan(table, row),
							`${field === fromField ? 'From' : 'To'} was HTML-escaped by the page it was copied from (\`&lt;\`, \`&gt;\`, \`&quot;\`): ${na ? 'read through the entities' : 'read as the page has it, it is no name-addr'}.`,
							'information',
						),
					);
				if (!na) {
					const name = field === fromField ? 'From' : 'To';
					// No URI left (`To: John`, `From: "0000" ;tag=1`) in a message that holds no `<`:
					// a page took each `<sip:...>` for an HTML tag and dropped it.
					if (!escaped && placeholderUri(text, vs, ve))
						problems.push(
							problem(
								'header.bad-name-addr',
								valueSpan(table, row),
								`${name} holds a placeholder where its URI or its parts go (\`sip:<user>@<host>\`, \`<[redacted]>\`, \`###\`): an example's or a poster's, not a message as sent.`,
								'information',
							),
						);
					else if (!escaped && strippedUri(text, frame, vs, ve)) {
						problems.push(
							problem(
								'header.bad-name-addr',
								valueSpan(table, row),
								`${name} holds no URI, and no header of this message holds a \`<\`: the page it was copied from most likely took each \`<sip:...>\` for an HTML tag and dropped it.`,
								'information',
							),
						);
						// The tag the page left (`To: ;tag=ac6013983cce7526`) still names the dialog.
						const tag = cut ? null : strippedTag(text, vs, ve);
						if (tag !== null) {
							const kept: NameAddr = {
								displayName: null,
								uri: '',
								uriSpan: { start: vs, end: vs },
								tag,
								params: new Map([['tag', tag]]),
							};
							if (field === fromField) from = kept;
							else to = kept;
						}
					} else if (!escaped && nameBeforeBareUri(text, frame, vs, ve))
						problems.push(
							problem(
								'header.bad-name-addr',
								valueSpan(table, row),
								`${name} has a display name before a URI without \`<>\`, and no header of this message holds a \`<\`: the page it was copied from most likely took each \`<sip:...>\` for an HTML tag and dropped its brackets.`,
								'information',
							),
						);
					else if (!escaped)
						problems.push(
							problem(
								'header.bad-name-addr',
								valueSpan(table, row),
								`${name} is not a name-addr or addr-spec (RFC 3261 ${field === fromField ? '§20.20' : '§20.39'}, §25.1).`,
							),
						);
				} else if (field === fromField) {
					from = na;
					fromDelta = delta;
				} else {
					to = na;
					toDelta = delta;
				}
				break;
			}
			case viaField: {
				// A Via of one element read before (a transaction's messages repeat theirs) is found
				// whole, without looking for commas in it: what was read is an element.
				const memo = cut ? null : table.viaValues();
				const known = memo === null ? undefined : memo.find(text, vs, ve);
				if (known !== undefined) {
					if (known) {
						viaDeltas[viaCount] = vs - memo!.found;
						viaScratch[viaCount++] = known;
					} else problems.push(badVia({ start: vs, end: ve }));
					break;
				}
				// The elements of `Via: a, b` one by one (the reading of splitValues, without its list).
				for (let at = vs; at < ve;) {
					const next = valueEnd(text, at, ve);
					let s = at;
					let e = next;
					at = next + 1;
					while (s < e && isSpace(text.charCodeAt(s))) s++;
					while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
					if (e === s) continue;
					let via: Via | null;
					let delta = 0;
					if (memo === null) via = parseVia(text, s, e, strings);
					else if (s === vs && e === ve) {
						// The whole value, which the memo was just asked for: read and kept.
						via = parseVia(text, s, e, strings);
						memo.remember(text, s, e, via);
					} else {
						// An element of a longer value, read once per distinct element.
						const element = memo.find(text, s, e);
						if (element !== undefined) {
							via = element;
							delta = s - memo.found;
						} else {
							via = parseVia(text, s, e, strings);
							memo.remember(text, s, e, via);
						}
					}
					if (via) {
						viaDeltas[viaCount] = delta;
						viaScratch[viaCount++] = cut
							? viaAt(via, cut.at(via.span.start), cut.at(via.span.end, true))
							: via;
					} else problems.push(badVia(cut ? cutSpan(cut, s, e) : { start: s, end: e }));
				}
				break;
			}
			case eventField:
				event ??= readEvent(text, vs, ve, table);
				break;
			case subscriptionStateField:
				// The state shared: a subscription's NOTIFYs say `active;expires=...` over and over.
				// A value read before is taken as read: its reading depends on its characters alone.
				if (subscriptionState === null) {
					const memo = cut ? null : table.subscriptionStateValues();
					const known = memo === null ? undefined : memo.find(text, vs, ve);
					if (known) subscriptionState = known;
					else {
						subscriptionState = readSubscriptionState(
							text,
							vs,
							ve,
							lowerBefore(text, vs, ve, 59, table),
						);
						memo?.remember(text, vs, ve, subscriptionState);
					}
				}
				break;
			case expiresField:
				if (expires === null) expires = decimalAt(text, vs, ve) ?? NaN;
				break;
			case sipETagField:
				sipETag ??= strings.at(text, vs, ve);
				break;
			case sipIfMatchField:
				sipIfMatch ??= strings.at(text, vs, ve);
				break;
			case contentTypeField:
				if (contentType === null) contentType = lowerBefore(text, vs, ve, 59, table);
				break;
			case contentLengthField:
				if (contentLength === null) {
					contentLength = decimalAt(text, vs, ve);
					// A page's Markdown closing the emphasis the message was pasted in (`*...*`)
					// after the last value (`Content-Length: 0*`): the value read without it.
					const marked = contentLength === null ? markupTailStart(text, vs, ve) : -1;
					// A Cisco debug's `Sent:` / `Received:` before the next message, which a page ran
					// onto this line (`Content-Length: 0 Sent:`): the log's, not the value's.
					const banner = contentLength === null && marked < 0 ? bannerTailStart(text, vs, ve) : -1;
					const unmarked = marked > vs ? marked : banner;
					if (unmarked > vs) {
						contentLength = decimalAt(text, vs, unmarked);
						if (contentLength !== null)
							problems.push(
								problem(
									'header.bad-content-length',
									valueSpan(table, row),
									banner > vs
										? `The log's \`${text.slice(banner, ve).trim()}\` before the next message was run onto this value where the trace was copied: read as ${contentLength}.`
										: `A page's markup (\`${text.slice(unmarked, ve)}\`) closes this value where the message was pasted: read as ${contentLength}.`,
									'information',
								),
							);
					}
					// `Content-Length: ...`, an RFC's example (RFC 3903 §10) or a poster eliding the
					// number: said as lines left out are, the body read as it stands.
					if (contentLength === null && isElidedValue(text, vs, unmarked > vs ? unmarked : ve))
						problems.push(
							problem(
								'message.elided',
								valueSpan(table, row),
								'The value was left out where this message was written down (`...`): the body is read as it stands.',
							),
						);
					else if (contentLength === null && isMaskWord(text, vs, ve))
						problems.push(
							problem(
								'header.bad-content-length',
								valueSpan(table, row),
								'The length was masked where this message was posted: the body is read as it stands.',
								'information',
							),
						);
					else if (contentLength === null)
						problems.push(
							problem(
								'header.bad-content-length',
								valueSpan(table, row),
								'Content-Length must be a decimal number of octets (RFC 3261 §20.14).',
							),
						);
				}
				break;
		}
	}
	const out = fieldsScratch;
	if (viaCount <= 2) {
		out.via0 = viaCount > 0 ? viaScratch[0]! : null;
		out.via0Delta = viaCount > 0 ? viaDeltas[0]! : 0;
		out.via1 = viaCount > 1 ? viaScratch[1]! : null;
		out.via1Delta = viaCount > 1 ? viaDeltas[1]! : 0;
	} else {
		// More than two (a request through several proxies): the list, each Via where it stands,
		// exactly as long as it needs to be (an array grown by pushing keeps room for 16).
		const vias = new Array<Via>(viaCount);
		for (let k = 0; k < viaCount; k++) vias[k] = viaMoved(viaScratch[k]!, viaDeltas[k]!);
		out.via0 = vias;
		out.via0Delta = 0;
		out.via1 = null;
		out.via1Delta = 0;
	}
	// Emptied slot by slot: setting the length to 0 would give up (and regrow) its storage.
	for (let k = 0; k < viaCount; k++) viaScratch[k] = null;
	out.callId = callId;
	out.cseq = cseq;
	out.from = from;
	out.fromDelta = fromDelta;
	out.to = to;
	out.toDelta = toDelta;
	out.event = event;
	out.subscriptionState = subscriptionState;
	out.expires = expires;
	out.sipETag = sipETag;
	out.sipIfMatch = sipIfMatch;
	out.contentType = contentType;
	out.contentLength = contentLength;
	return out;
}

/**
 * The fields of the message being read, filled in by {@link extractFields} and copied out by
 * the message's constructor: one object for all messages rather than one each.
 */
const fieldsScratch: { -readonly [K in keyof Fields]: Fields[K] } = {
	callId: null,
	cseq: null,
	from: null,
	fromDelta: 0,
	to: null,
	toDelta: 0,
	via0: null,
	via0Delta: 0,
	via1: null,
	via1Delta: 0,
	event: null,
	subscriptionState: null,
	expires: null,
	sipETag: null,
	sipIfMatch: null,
	contentType: null,
	contentLength: null,
};

/** The Event value (RFC 6665 §8.2.1): package lower-case, and its id. */
function readEvent(text: string, vs: number, ve: number, table: HeaderTable): SipMessage['event'] {
	let semi = vs;
	while (semi < ve && text.charCodeAt(semi) !== 59) semi++;
	if (semi === ve) {
		// No parameters, the common case: one shared value per package.
		const pkg = lowerTrimmed(text, vs, ve, table);
		if (pkg !== null) return table.event(pkg);
	}
	const v = text.slice(vs, ve);
	const params = semi === ve ? null : parseParams(v.slice(semi - vs + 1));
	return {
		package: (semi === ve ? v : v.slice(0, semi - vs)).trim().toLowerCase(),
		id: params?.get('id') ?? null,
	};
}

/** [start, end) as `slice(...).trim().toLowerCase()` reads it, shared; null where only that can. */
function lowerTrimmed(text: string, start: number, end: number, table: HeaderTable): string | null {
	const s = trimmedStart(text, start, end);
	const e = trimmedEnd(text, start, end);
	if (s < 0 || e < 0) return null;
	return e > s ? table.lowerStrings.at(text, s, e) : '';
}

/** The text before the first `stop` character (`;`: a value's parameters), trimmed, lower-case. */
function lowerBefore(
	text: string,
	start: number,
	end: number,
	stop: number,
	table: HeaderTable,
): string {
	let to = start;
	while (to < end && text.charCodeAt(to) !== stop) to++;
	return lowerTrimmed(text, start, to, table) ?? text.slice(start, to).trim().toLowerCase();
}

/**
 * A body problem about a body that is not there spans nothing where the body would start: the
 * next message's start line, where a paste left out the body between the two. Said on this
 * message's Content-Length instead, whose number is what is in question.
 */
function anchorEmptyBodySpans(
	problems: Problem[],
	from: number,
	table: HeaderTable,
	firstHeader: number,
	headerCount: number,
): void {
	for (let p = from; p < problems.length; p++) {
		const found = problems[p]!;
		if (found.span.start !== found.span.end) continue;
		for (let row = firstHeader; row < firstHeader + headerCount; row++) {
			if (table.field(row) !== contentLengthField) continue;
			problems[p] = { ...found, span: valueSpan(table, row) };
			break;
		}
	}
}

function badVia(span: Span): Problem {
	return problem(
		'header.bad-via',
		span,
		'Via must be "SIP/2.0/transport sent-by;params" (RFC 3261 §20.42).',
	);
}

/** A header row's value span, for a problem about it. */
function valueSpan(table: HeaderTable, row: number): Span {
	return { start: table.valueStart(row), end: table.valueEnd(row) };
}

const noVias: readonly Via[] = [];
/** The Vias of the message being read as read, copied out at its end. */
const viaScratch: (Via | null)[] = [];
/** How far on each Via of {@link viaScratch} stands from where it was read. */
const viaDeltas: number[] = [];

/** `1-10 digits` as a number, or null. Read in place: Expires and Content-Length are in every message. */
function decimalAt(text: string, start: number, end: number): number | null {
	if (end <= start || end - start > 10) return null;
	let n = 0;
	for (let i = start; i < end; i++) {
		const d = text.charCodeAt(i) - 48;
		if (d < 0 || d > 9) return null;
		n = n * 10 + d;
	}
	return n;
}

/** CSeq `digits LWS method` (RFC 3261 §20.16), or null when it is not that. */
function readCSeq(
	text: string,
	start: number,
	end: number,
	table: HeaderTable,
): { seq: number; method: string } | null {
	let i = start;
	while (i < end && i - start <= 10) {
		const d = text.charCodeAt(i) - 48;
		if (d < 0 || d > 9) break;
		i++;
	}
	if (i === start || i - start > 10) return null;
	const seq = decimalAt(text, start, i)!;
	const ws = i;
	while (i < end && isSpace(text.charCodeAt(i))) i++;
	if (i === ws || i === end) return null;
	const ms = i;
	while (i < end && isTokenChar(text.charCodeAt(i))) i++;
	if (i !== end) return null;
	// Shared: a transaction's request and responses carry the same CSeq.
	return table.cseq(seq, methodAt(text, ms, end));
}

function cutFrom(na: NameAddr | null, cut: CutText): NameAddr | null {
	return na && cutNameAddr(na, cut);
}

/** A name-addr read from a copy of a cut value: its URI span moved back into the trace. */
function cutNameAddr(na: NameAddr, cut: CutText): NameAddr {
	return {
		displayName: na.displayName,
		uri: na.uri,
		uriSpan: { start: cut.at(na.uriSpan.start), end: cut.at(na.uriSpan.end, true) },
		tag: na.tag,
		params: na.params,
	};
}

function cutSpan(cut: CutText, start: number, end: number): Span {
	return { start: cut.at(start), end: cut.at(end, true) };
}

/** A start line read over cuts (see `Frame.joins`): its spans and problems mapped to the trace. */
function parseCutStartLine(cut: CutText, problems: Problem[]): ReturnType<typeof parseStartLine> {
	const own: Problem[] = [];
	const start = parseStartLine(cut.text, { start: 0, end: cut.text.length }, own);
	const back = (span: Span): Span => ({ start: cut.at(span.start), end: cut.at(span.end, true) });
	for (const p of own) problems.push({ ...p, span: back(p.span) });
	return start.requestUriSpan ? { ...start, requestUriSpan: back(start.requestUriSpan) } : start;
}
