import type { FramingResult, Span, TraceFormat } from '../model';
import { appendAll } from '../append';
import { detectFormat, formatEvidenceEnd, rulesFor } from './detect';
import { frameWith } from './engine';
import { frameTshark } from './tshark';
import { frameEscaped } from './escaped';
import { frameTcpdump } from './tcpdump';
import { frameHexDumps } from './hexDump';
import { followsInHex, frameFollowHex } from './tsharkFollowHex';
import { frameMsSipStack } from './msSipStack';
import { frameJainSip } from './jainSip';
import { frameTsharkJson } from './tsharkJson';
import { frameNgrepSingle, isNgrepSingle } from './ngrepSingle';
import { ngrep, ngrepOwnCrlf, sofiaDateReach } from './formats';
import { ngrepFlowsApart } from './ngrepFlows';
import { printsCrAsCaretM, withCaretM } from './caretM';
import { holdsFrameCopies } from './frameOctets';
import { printsCrAsDot, withDotCr } from './dotCr';
import { commonIndent, holdsQuotedMessage, quoteMarker, withIndent, withQuote } from './indent';
import { padsLines, withPaddingOff } from './padding';
import { pastedMargin, Unindented, type LineCut } from './wholeIndent';
import type { FormatRules } from './engine';
import { shiftFrame, shiftProblem } from '../shift';
import { whyNoMessages } from './noMessages';
import { joinBelleSipReads } from './belleSipJoin';
import { joinDumpReads } from './sofiaDumpJoin';
import { withForeignBlocks } from './foreignBlocks';
import { holdsColour, Uncoloured } from './colour';
import { collectorColumn, WithoutColumn } from './collectorPrefix';
import { framedApart, piecesWithout } from './streamsApart';
import { DockerJsonLines, isDockerJsonLog } from './dockerJsonLog';
import { isJournalJson, JournalJsonLines } from './journalJson';
import { isJournalVerbose, JournalVerboseLines } from './journalVerbose';
import { holdsRfcPages, WithoutRfcPages } from './rfcPages';
import { holdsPageMarks, WithoutPageMarks } from './pageMarks';
import { holdsDoubledLogLines, WithoutDoubledLogLines } from './doubledLogLines';
import { holdsBoldStartLine, WithoutBoldStartLines } from './boldStartLines';
import { holdsLineNumbers, WithoutLineNumbers } from './lineNumbers';
import { holdsLevelColumn, WithoutLevelColumn } from './levelColumn';
import { cutStartLineAtEnd } from './cutStartLine';
import { withoutSipfragBodies } from './sipfragBody';
import { holdsAutoLinks, WithoutAutoLinks } from './autoLinks';
import { holdsCodeMarks, WithoutCodeMarks } from './codeMarks';
import { holdsCsvFields, WithoutCsvQuoting } from './csvFields';
import { holdsViewerRecords, WithoutRecordBreaks } from './audioCodesRecords';
import { hiddenEmailNote, holdsHiddenEmail, withHiddenEmailRead } from './emailProtection';
import { listMark, WithoutListMarks } from './listMarks';
import { holdsEscapedCr, WithoutEscapedCr } from './escapedCr';
import { holdsBreakTags, WithoutBreakTags } from './breakTags';
import { headerBlocksWithoutStart } from './headless';
import { shapedColumn, WithoutShapedColumn } from './shapedPrefix';
import { FlattenedLines, holdsFlattened } from './flattened';
import { holdsNgrepOneLine, NgrepOneLines } from './ngrepOneLine';
import { sngrepPaneColumn, WithoutLadder } from './sngrepScreen';

/** ` ` and what a log known to hold no messages holds instead, or nothing. */
function withoutMessages(text: string, headless: boolean): string {
	const why = whyNoMessages(text, headless);
	return why === null ? '' : ` ${why}`;
}

/**
 * Splits a trace into frames (one per SIP message) and noise, without ever losing text: every
 * offset lies in exactly one frame span or noise span. The format is detected unless given.
 */
export function frameTrace(text: string, format?: TraceFormat): FramingResult {
	const read = frameText(text, format);
	// A page's e-mail protection in messages on lines of their own: the readings of start lines
	// and values know its masks, and the note says once what they hide.
	if (!holdsHiddenEmail(text)) return read;
	const note = hiddenEmailNote(text);
	const at = note.span.start;
	if (
		read.problems.some((p) => p.span.start === at && p.code === note.code) ||
		!read.frames.some((f) => f.span.start <= at && at < f.span.end)
	)
		return read;
	return { ...read, problems: [note, ...read.problems] };
}

/** Formats whose lines carry no column of their own: one before each is a logger's. */
const columnFree: ReadonlySet<TraceFormat> = new Set(['raw', 'headerLine', 'baresip']);

/** `text` framed, read as it is or through one of the readings below. */
function frameText(text: string, format?: TraceFormat): FramingResult {
	// Lines that end in a CR alone (classic Mac OS, a copy through a tool that kept only the CR):
	// read with each CR an LF, a reading of the same length and the same lines, as an editor
	// shows them.
	if (endsLinesWithCrAlone(text)) {
		const lf = text.replace(/\r/g, '\n');
		const read = frameText(lf, format);
		return read.reading === undefined ? { ...read, reading: lf } : read;
	}
	// Addresses a page hid behind its e-mail protection, in messages the page ran together on a
	// line each, read as masks (see emailProtection.ts); on lines of their own, the start line's
	// and the values' readings know them.
	const masked = holdsHiddenEmail(text) ? withHiddenEmailRead(text) : null;
	if (masked !== null && holdsFlattened(masked)) {
		const read = frameText(masked, format);
		return {
			...read,
			problems: [hiddenEmailNote(text), ...read.problems],
			reading: read.reading ?? masked,
		};
	}
	// A trace with terminal colours is read without them (see colour.ts).
	if (holdsColour(text)) {
		const plain = new Uncoloured(text);
		const back = plain.framedBack(frameText(plain.text, format));
		if (back) return back;
	}
	// Docker's log file: the lines its JSON strings hold (see dockerJsonLog.ts).
	if (isDockerJsonLog(text)) {
		const view = new DockerJsonLines(text);
		const back = view.framedBack(frameText(view.text, format), (p) => view.stampAt(p));
		if (back && back.frames.length > 0) return back;
	}
	// The journal exported as JSON (see journalJson.ts): the records' texts.
	if (isJournalJson(text)) {
		const view = new JournalJsonLines(text);
		const back = view.framedBack(frameText(view.text, format), (p) => view.stampAt(p));
		if (back && back.frames.length > 0) return back;
	}
	// The journal shown field by field (see journalVerbose.ts): the records' `MESSAGE`s.
	if (isJournalVerbose(text)) {
		const view = new JournalVerboseLines(text);
		const back = view.framedBack(frameText(view.text, format), (p) => view.stampAt(p));
		if (back && back.frames.length > 0) return back;
	}
	// Example messages copied from an RFC across its page breaks (see rfcPages.ts).
	if (holdsRfcPages(text)) {
		const view = new WithoutRfcPages(text);
		const back = view.breaks > 0 ? view.framedBack(frameText(view.text, format)) : null;
		if (back) return back;
	}
	// Start lines a post set in bold (see boldStartLines.ts).
	if (holdsBoldStartLine(text)) {
		const view = new WithoutBoldStartLines(text);
		const back = view.framedBack(frameText(view.text, format));
		if (back && back.frames.length > 0) return back;
	}
	// A site's line at each of an RFC's pages (see pageMarks.ts).
	if (holdsPageMarks(text)) {
		const view = new WithoutPageMarks(text);
		const back = view.framedBack(frameText(view.text, format));
		if (back && back.frames.length > 0) return back;
	}
	// A stamped log a page double-spaced (see doubledLogLines.ts).
	if (holdsDoubledLogLines(text)) {
		const view = new WithoutDoubledLogLines(text);
		const back = view.framedBack(frameText(view.text, format));
		if (back && back.frames.length > 0) return back;
	}
	// Android Studio's Logcat with only its level column kept (see levelColumn.ts).
	if (holdsLevelColumn(text)) {
		const view = new WithoutLevelColumn(text);
		const back = view.framedBack(frameText(view.text, format));
		if (back && back.frames.length > 0) return back;
	}
	// Lines numbered by the page they were copied from (see lineNumbers.ts).
	if (holdsLineNumbers(text)) {
		const view = new WithoutLineNumbers(text);
		const back = view.framedBack(frameText(view.text, format));
		if (back && back.frames.length > 0) return back;
	}
	// Lines marked by the page they were copied from, a list item or a number each (see
	// listMarks.ts).
	const mark = listMark(text);
	if (mark) {
		const view = new WithoutListMarks(text, mark);
		const back = view.framedBack(frameText(view.text, format));
		if (back && back.frames.length > 0) return back;
	}
	// A mail client's links after the addresses it pasted (see autoLinks.ts).
	if (holdsAutoLinks(text)) {
		const view = new WithoutAutoLinks(text);
		const back = view.framedBack(frameText(view.text, format));
		if (back && back.frames.length > 0) return back;
	}
	// AudioCodes' Syslog Viewer: a message cut across its records (see audioCodesRecords.ts).
	if (holdsViewerRecords(text)) {
		const view = new WithoutRecordBreaks(text);
		const back = view.changed ? view.framedBack(frameText(view.text, format)) : null;
		if (back && back.frames.length > 0) return back;
	}
	// Addresses a Markdown post set as inline code (see codeMarks.ts).
	if (holdsCodeMarks(text)) {
		const view = new WithoutCodeMarks(text);
		const back = view.framedBack(frameText(view.text, format));
		if (back && back.frames.length > 0) return back;
	}
	// Messages dumped as quoted CSV fields, each quote in them doubled (see csvFields.ts).
	if (holdsCsvFields(text)) {
		const view = new WithoutCsvQuoting(text);
		const back = view.framedBack(frameText(view.text, format));
		if (back && back.frames.length > 0) return back;
	}
	// A break tag at the end of each line, a page's markup (see breakTags.ts).
	if (holdsBreakTags(text)) {
		const view = new WithoutBreakTags(text);
		const back = view.framedBack(frameText(view.text, format));
		if (back && back.frames.length > 0) return back;
	}
	// A CR written as `\r` at the end of each line of a message (see escapedCr.ts).
	if (holdsEscapedCr(text)) {
		const view = new WithoutEscapedCr(text);
		const back = view.framedBack(frameText(view.text, format));
		if (back && back.frames.length > 0) return back;
	}
	// sngrep's call flow screen: the message in the pane right of the ladder (see sngrepScreen.ts).
	const pane = sngrepPaneColumn(text);
	if (pane >= 0) {
		const view = new WithoutLadder(text, pane);
		const back = view.framedBack(frameText(view.text, format));
		if (back && back.frames.length > 0) return back;
	}
	// A log collector's column on nearly every line (Docker, Kubernetes, Compose, the journal;
	// see collectorPrefix.ts): the trace is read without it.
	const column = collectorColumn(text);
	if (column) {
		const view = new WithoutColumn(text, column);
		// Several programs' lines, interleaved: each program's read apart (see streamsApart.ts).
		// Syslog's one-line records behind a container's column keep their own column, which
		// their format reads.
		const views = view.streams > 1 ? WithoutColumn.apart(text, column) : null;
		const readsPast = (f: TraceFormat): boolean => column !== 'syslog' || readsPastColumn(f);
		const apart = views && framedApart(text, views, (t) => frameText(t, format), readsPast);
		if (apart) return apart;
		const framed = frameText(view.text, format);
		// A syslog record the runtime wrote in parts is whole only without the column.
		const back =
			readsPastColumn(framed.format) || view.joinsParts
				? view.framedBack(framed, (p) => view.stampAt(p))
				: null;
		if (back && back.frames.length > 0) return back;
	}
	// A column of an unknown logger's before every line, a stamp (see shapedPrefix.ts): before
	// bare messages, or a format whose own lines carry none (baresip's trace piped through
	// moreutils' `ts '%H:%M:%.S'`, read as a header line a message by its stamp).
	const shaped = shapedColumn(text);
	if (shaped && columnFree.has(format ?? detectFormat(text))) {
		const view = new WithoutShapedColumn(text, shaped);
		const back = view.framedBack(frameText(view.text, format), (p) => view.stampAt(p));
		if (back && back.frames.length > 0) return back;
	}
	// ngrep's `-W single`, a packet a line (see ngrepOneLine.ts).
	if (holdsNgrepOneLine(text)) {
		const view = new NgrepOneLines(text);
		if (view.found) return view.framedBack(frameFound(view.text, format));
	}
	// Messages written on a line each, their line ends lost (see flattened.ts).
	if (holdsFlattened(text)) {
		const view = new FlattenedLines(text);
		if (view.found) return view.framedBack(frameFound(view.text, format));
	}
	return frameFound(text, format);
}

/**
 * Whether a trace in `format` behind a collector's column is read without the column: all but
 * syslog's one-line records (`escaped`), whose format reads the syslog column itself.
 */
export function readsPastColumn(format: TraceFormat): boolean {
	return format !== 'escaped';
}

/** `text` framed in its format, with the blocks of other formats it holds. */
function frameFound(text: string, format?: TraceFormat): FramingResult {
	const { result: own, chosen } = frameDetected(text, format);
	const result = withHeaderBlocks(
		text,
		withoutSipfragBodies(text, withForeignBlocks(text, own, frameBlock)),
	);
	if (result.frames.length === 0 && text.trim().length > 0) {
		return {
			...result,
			problems: [
				...result.problems,
				{
					code: 'framing.no-messages',
					severity: 'warning',
					// The first line without its line end: LF, CRLF or a lone CR (a CR before the LF
					// would put the end between the two, past the end of the line).
					span: { start: 0, end: firstLineEnd(text) },
					message: `No SIP message found in this ${chosen === 'raw' ? 'text' : `${chosen} trace`}.${withoutMessages(
						text,
						result.problems.some((p) => p.code === 'framing.no-start-line'),
					)}`,
				},
			],
		};
	}
	return result;
}

/** `result` with a problem on each message's headers its log text holds without a start line. */
function withHeaderBlocks(text: string, result: FramingResult): FramingResult {
	const noise = withoutRest(result);
	const found = headerBlocksWithoutStart(text, noise, result.logOnly);
	const cut = cutStartLineAtEnd(text, noise);
	if (cut) found.push(cut);
	return found.length === 0 ? result : { ...result, problems: [...result.problems, ...found] };
}

/**
 * The noise without the packets that carry the rest of a message read past its span (`Frame.rest`:
 * a TCP segment behind other connections'), whose header lines are that message's.
 */
function withoutRest(result: FramingResult): readonly Span[] {
	const rest: Span[] = [];
	for (const f of result.frames) if (f.rest) appendAll(rest, f.rest);
	if (rest.length === 0) return result.noise;
	rest.sort((a, b) => a.start - b.start);
	const runs = Int32Array.from(rest.flatMap((r) => [r.start, r.end]));
	const out: Span[] = [];
	for (const n of result.noise) appendAll(out, piecesWithout(runs, n));
	return out;
}

/** Is only white space before `at` on its line? */
function atLineStart(text: string, at: number): boolean {
	for (let i = at - 1; i >= 0; i--) {
		const c = text.charCodeAt(i);
		if (c === 10) return true;
		if (c !== 32 && c !== 9) return false;
	}
	return true;
}

/** Does every line of `text` end in a CR alone? Then it holds CRs and no LF. */
function endsLinesWithCrAlone(text: string): boolean {
	return text.includes('\r') && !text.includes('\n');
}

/** `text` framed in `format` (detected when not given), blocks of other formats left as noise. */
function frameInFormat(
	text: string,
	format?: TraceFormat,
): { result: FramingResult; chosen: TraceFormat } {
	const unindented = framedUnindented(text, format);
	const chosen = unindented?.format ?? format ?? detectFormat(text);
	const result =
		unindented ??
		ownFraming(text, chosen, text) ??
		(chosen === 'ngrep' ? ngrepApart(text) : null) ??
		joinReads(text, frameWith(text, rulesWithCrMarks(chosen, text)));
	return { result, chosen };
}

/**
 * ngrep's packets where TCP connections take turns: each connection's read apart, so a message
 * goes on in its own connection's next segment (see ngrepFlows.ts); null where none take turns.
 */
function ngrepApart(text: string): FramingResult | null {
	const views = ngrepFlowsApart(text, (start, end) => {
		const meta = ngrep.matchMeta!(text, start, end);
		return meta === null ? null : meta.transport === 'TCP' ? `${meta.src}>${meta.dst}` : '';
	});
	if (views === null) return null;
	// The rules as the whole printout gives them (whether it prints each CR as a dot).
	const rules = rulesWithCrMarks('ngrep', text);
	return framedApart(
		text,
		views,
		(view) => joinReads(view, frameWith(view, rules)),
		() => true,
	);
}

/**
 * `text` framed in `format`, or in the format detected. A format guessed from a few of its lines
 * that then frames nothing (Skype for Business diagnostic records beside an Expressway's log, an
 * iOS console's `App[pid:tid]` lines taken for logcat's, one tcpdump line in an indented paste)
 * gives way to the runner-up, then to plain text where that finds a start line of its own at a
 * line's start (a record's field that names one, `SIP-Start-Line: INVITE ...`, is no message).
 */
function frameDetected(
	text: string,
	format?: TraceFormat,
): { result: FramingResult; chosen: TraceFormat } {
	const found = frameInFormat(text, format);
	if (found.result.frames.length > 0 || format !== undefined || found.chosen === 'raw')
		return found;
	const next = detectFormat(text, found.chosen);
	if (next !== 'raw' && next !== found.chosen) {
		const other = frameInFormat(text, next);
		if (other.result.frames.length > 0) return other;
	}
	const plain = frameInFormat(text, 'raw');
	return plain.result.frames.some((f) => atLineStart(text, f.sip.start)) ? plain : found;
}

/** A block of another format inside a trace, framed in the format detected from it alone. */
const frameBlock = (block: string): FramingResult => frameDetected(block).result;

/** Whether `format` is framed by a framer of its own, not by the engine. */
export function hasOwnFramer(format: TraceFormat): boolean {
	return ownFramed.has(format);
}

/**
 * Frames `text[start, end)` as the whole text's framing would, in `format` with the rules the
 * whole text gives (used to re-frame the messages an edit touched). Offsets are the whole text's.
 * A few lines before `start` are framed too and dropped: a format may date a message from the
 * log line above it (sofia), which must be seen as the whole framing sees it.
 */
export function frameSlice(
	text: string,
	start: number,
	end: number,
	format: TraceFormat,
	columned = false,
): FramingResult {
	let from = start;
	// sofia dates a stamp from a log line up to sofiaDateReach above it: framed from there.
	const lines = format === 'sofia' ? Infinity : leadLines;
	const chars = format === 'sofia' ? sofiaDateReach + leadChars : leadChars;
	for (let k = 0; k < lines && from > 0 && start - from < chars; k++)
		from = text.lastIndexOf('\n', from - 2) + 1;
	const slice = text.slice(from, end);
	// Behind a collector's column (`columned`), the slice is read as a whole trace is: without it.
	const result = columned
		? frameTrace(slice, format)
		: withHeaderBlocks(
				slice,
				withForeignBlocks(
					slice,
					framedUnindented(slice, format, pastedMargin(text)) ??
						ownFraming(slice, format, text) ??
						joinReads(slice, frameWith(slice, rulesWithCrMarks(format, text))),
					frameBlock,
				),
			);
	const frames = [];
	for (const f of result.frames) if (f.span.start + from >= start) frames.push(shiftFrame(f, from));
	const noise = [];
	for (const n of result.noise)
		if (n.end + from > start)
			noise.push({ start: Math.max(start, n.start + from), end: n.end + from });
	const problems = [];
	for (const p of result.problems)
		if (p.span.start + from >= start) problems.push(shiftProblem(p, from));
	// A reading (of the slice, not moved) says the slice is a hex dump: the caller reads it whole.
	return result.reading === undefined
		? { format: result.format, frames, noise, problems }
		: { format: result.format, frames, noise, problems, reading: result.reading };
}

/**
 * The framing of a format with a framer of its own (tshark's, tcpdump's, ngrep's single-line
 * printout...), which reads lines by their columns; null for the formats the engine frames.
 * `whole` is the trace `text` is part of, whose head says how ngrep printed it.
 */
function ownFraming(text: string, format: TraceFormat, whole: string): FramingResult | null {
	switch (format) {
		case 'tshark':
			return frameTshark(text);
		case 'escaped':
			return frameEscaped(text);
		case 'tcpdump':
			return frameTcpdump(text);
		case 'hexDump':
			return frameHexDumps(text);
		case 'msSipStack':
			return frameMsSipStack(text);
		case 'jainSip':
			return frameJainSip(text);
		case 'tsharkJson':
			return frameTsharkJson(text);
		case 'ngrep':
			return isNgrepSingle(whole) ? frameNgrepSingle(text) : null;
		// tshark's stream follower in hex; in ASCII the engine frames it.
		case 'tsharkFollow':
			return followsInHex(whole) ? frameFollowHex(text) : null;
		default:
			return null;
	}
}

/** The formats {@link ownFraming} may frame. */
const ownFramed = new Set<TraceFormat>([
	'tshark',
	'escaped',
	'tcpdump',
	'hexDump',
	'msSipStack',
	'jainSip',
	'tsharkJson',
	'ngrep',
	'tsharkFollow',
]);

/** The lines of the trace's head, as far as the format is detected from. */
function head(text: string): string {
	const end = formatEvidenceEnd(text);
	if (end >= text.length) return text;
	const nl = text.indexOf('\n', end);
	return nl < 0 ? text : text.slice(0, nl + 1);
}

/**
 * A trace of such a format indented or quoted as a whole (pasted into a ticket, a mail or
 * Markdown), framed without that margin and put back on its own offsets; null when it is not one.
 * The engine's formats take a common indent or quote marker off themselves (see indent.ts).
 */
function framedUnindented(
	text: string,
	format: TraceFormat | undefined,
	cut: LineCut | null = pastedMargin(text),
): FramingResult | null {
	if (cut === null) return null;
	// The format from the head: most traces a paste indents are the engine's, read in place.
	const chosen = format ?? detectFormat(new Unindented(head(text), cut).text);
	if (!ownFramed.has(chosen)) return null;
	const view = new Unindented(text, cut);
	const result = ownFraming(view.text, chosen, view.text);
	return result && result.frames.length > 0 ? view.framedBack(result) : null;
}

/** The context framed before a slice: as far as a format looks back (see formats.ts, LogDates). */
const leadLines = 5;
const leadChars = 4096;

function rulesWithCrMarks(format: TraceFormat, text: string): FormatRules {
	const rules = rulesWithMarks(format, text);
	return holdsFrameCopies(text) ? { ...rules, frameCopies: true } : rules;
}

function rulesWithMarks(format: TraceFormat, text: string): FormatRules {
	// ngrep's lines in a trace that keeps the message's CRLF and prints no CR as `.` (HOMER's
	// text exports): a `.` before a CR is the message's.
	const own = withPadding(
		format === 'ngrep' && !printsCrAsDot(text) ? ngrepOwnCrlf : rulesFor(format, text),
		text,
	);
	// sofia indents its messages itself: its own decoration takes that off. So does Expressway's
	// log its one space: only an indent a paste put before it is the text's.
	// A plain text that quotes a message among its prose (an issue, a mail): the quote markers
	// are taken off the lines that have them.
	const marker = quoteMarker(text) || (format === 'raw' && holdsQuotedMessage(text) ? '>' : '');
	const indent = commonIndent(text);
	const pasted = format === 'expressway' && indent.endsWith(' ') ? indent.slice(0, -1) : indent;
	const rules = withQuote(format === 'sofia' ? own : withIndent(own, pasted), marker);
	if (printsCrAsCaretM(text)) return withCaretM(rules);
	// ngrep's own framing takes its dots off already.
	return format !== 'ngrep' && printsCrAsDot(text) ? withDotCr(rules) : rules;
}

/** The rules reading each line without the white space a copy padded every line with, if it did. */
function withPadding(rules: FormatRules, text: string): FormatRules {
	return padsLines(text) ? withPaddingOff(rules) : rules;
}

/** Where the first line of `text` ends, before its line break (LF, CRLF or a lone CR). */
function firstLineEnd(text: string): number {
	const end = text.search(/[\r\n]/);
	return end < 0 ? text.length : end;
}

/** A message a producer logged over several reads of a stream, read as one (sofia-sip, belle-sip). */
function joinReads(text: string, result: FramingResult): FramingResult {
	return joinBelleSipReads(text, joinDumpReads(text, result));
}
