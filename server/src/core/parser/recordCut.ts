import { withoutSequences } from '../text/controlSequence';
import type { Frame } from '../model';
import { linesOctets, octetLength } from '../text/octets';
import { maskedShortfall } from './bodyMasks';
import { isJsWhiteSpace } from '../text/whiteSpace';
import { indexWithin } from '../text/search';
import { printedLength } from '../framing/debuggerCut';
import { endsPayloadEnded, endsPayloadUnended } from '../framing/ngrepLines';

/** What a record's own words say of the octets of its message it does not hold. */
export interface RecordCut {
	/** The octets of the message the record holds (as they went, line ends included). */
	readonly held: number;
	/** The octets of the whole message, as its stamp gives them. */
	readonly declared: number;
	/** Why the rest is not in the trace, for the problem that says so. */
	readonly why: string;
	/** What the problem says instead, where the record's stamp gives another count than the message's. */
	readonly says?: string;
}

/**
 * How many of the octets a record's stamp gives are not in the trace (0 when all are, or when the
 * format does not say). See {@link recordCut}.
 */
export function octetsMissing(
	text: string,
	frame: Frame,
	contentLength: number | null = null,
): number {
	const cut = recordCut(text, frame, contentLength);
	return cut ? cut.declared - cut.held : 0;
}

/**
 * The cut a sofia-sip record says it made, or null. The stamp of both of sofia-sip's records gives
 * the octets of the message (tport_logging.c, tport_stamp):
 *
 * - The TPORT_DUMP file writes the octets of the datagram or stream read after the stamp, as they
 *   went, up to a vertical tab; sofia-sip 1.12's tport_dump_iovec stops after the first of a sent
 *   message's buffers (it compares fwrite's count of items with the buffer's length), so a record
 *   of a message it sent may hold its start line alone, or its headers without the body. A stream
 *   read may hold several messages: the record's octets are counted from its first message to the
 *   vertical tab, which lies within the stamp's count (UTF-16 units never outnumber UTF-8 octets);
 *   where it does not (a copy that lost it), the record's end is not known.
 * - The TPORT_LOG output of sofia-sip 1.12 (tport_log_msg) prints at most 2047 characters of a
 *   line, and nothing from a NUL octet on: it stops there and writes, after its closing dashes,
 *   `*** message truncated at N ***`, N the octets it printed (line ends counted as they went).
 * - FreeSWITCH's sofia-sip (1.13) writes the record in one buffer of at most 16,000 characters,
 *   the stamp and the dashes included, unindented and without closing dashes, and says nothing
 *   when the message does not fit: a record whose stamp gives more than that and whose lines hold
 *   fewer octets (each line end counted as CRLF, as most messages go) lost the rest.
 */
export function recordCut(
	text: string,
	frame: Frame,
	contentLength: number | null = null,
): RecordCut | null {
	if (frame.format === 'twinkle') return twinkleCut(text, frame);
	if (frame.format === 'ngrep') return snapshotLineCut(text, frame, contentLength);
	if (frame.format === 'escaped') return debuggerCut(text, frame);
	const declared = frame.declaredBytes;
	if (declared === null) return null;
	if (frame.format === 'headerLine' || frame.format === 'tshark')
		return snapshotCut(text, frame, declared);
	const cut =
		frame.format === 'bellesip'
			? belleSipCut(text, frame, declared, contentLength)
			: frame.format === 'sofiaDump'
				? dumpCut(text, frame, declared)
				: frame.format === 'sofia'
					? logCut(text, frame, declared)
					: frame.format === 'pjsua'
						? pjLogCut(text, frame, declared, contentLength)
						: null;
	return cut && !maskedShort(text, frame, cut) ? cut : null;
}

/**
 * A capture opened as a trace gives a message's size on the wire only where the capture kept
 * fewer of its octets (its snapshot length cut the datagram; see capture/render.ts): the message
 * as rendered is what it kept, its last line cut anywhere.
 */
function snapshotCut(text: string, frame: Frame, declared: number): RecordCut | null {
	// tshark's export: the lines it printed and the packet's octets it says were not captured.
	const printed = frame.format === 'tshark' && frame.lines ? linesOctets(text, frame.lines) : -1;
	const held = Math.min(
		printed >= 0 ? printed : octetLength(text, frame.sip.start, frame.sip.end),
		declared - 1,
	);
	if (held < 0) return null;
	return {
		held,
		declared,
		why: 'the capture kept only the start of its packet',
		says: `The capture holds only the start of this message (its snapshot length cut the packet: ${printed >= 0 ? `${declared - held} octets of it were not captured` : `the message had ${declared} octets`}): the rest is not in the trace.`,
	};
}

/**
 * ngrep `-W byline` (and sipgrep) print each CR of the payload as a `.` at its line's end, and
 * end each payload with two line ends of their own. A payload whose last line shows no CR under
 * a start line that does, followed by one empty line (the payload did not end with a line end),
 * where the headers never ended or the body is shorter than Content-Length, stopped inside that
 * line: the capture's snapshot length cut the packet (`-s`, or ngrep's and sipgrep's `-S`), or,
 * over TCP, the segment that went on with it is not printed (its continuation is read first,
 * see `ngrep.continuation`). So did one cut right after a line's CRLF, its headers without an
 * empty line or Content-Length. How much is missing it does not say: the count given is one
 * octet more than it holds.
 */
function snapshotLineCut(
	text: string,
	frame: Frame,
	contentLength: number | null,
): RecordCut | null {
	const lines = frame.lines;
	if (!lines || lines.length < 4 || text.charCodeAt(lines[1]!) !== 46) return null;
	const n = lines.length;
	const lastEnd = lines[n - 1]!;
	if (lines[n - 2] === lastEnd) return null;
	// The headers' empty line, if the payload reached it: then only a body short of its length.
	let empty = -1;
	for (let k = 2; k < n && empty < 0; k += 2) if (lines[k] === lines[k + 1]) empty = k;
	// A cut that fell right after a line's CRLF leaves it whole: a payload of headers alone, with
	// no empty line and no Content-Length (which stacks write last), was cut all the same.
	// So did one cut between a CR and its LF (one empty line of the printer's after the `.`).
	const shownCr = text.charCodeAt(lastEnd) === 46;
	const cutAtLineEnd =
		shownCr &&
		empty < 0 &&
		contentLength === null &&
		(endsPayloadEnded(text, lastEnd + 1) || endsPayloadUnended(text, lastEnd + 1));
	if (!cutAtLineEnd && (shownCr || !endsPayloadUnended(text, lastEnd))) return null;
	if (empty >= 0) {
		if (contentLength === null) return null;
		let body = -2;
		for (let k = empty + 2; k < n; k += 2) body += octetLength(text, lines[k]!, lines[k + 1]!) + 2;
		if (body >= contentLength) return null;
	}
	const held = linesOctets(text, lines) - 2;
	return {
		held,
		declared: held + 1,
		why: "the printout's packet ends inside it",
		says:
			frame.transport === 'TCP'
				? `ngrep's printout of this message stops inside its packet: ${cutAtLineEnd ? 'its headers stop with no empty line and no Content-Length' : 'its last line stops with no CR and no line end after it'}, and no later segment of its connection goes on with it (one ngrep did not print, or the capture's snapshot length cut this one). The rest of this message is not in the trace.`
				: `ngrep printed only the start of this packet: ${cutAtLineEnd ? 'its headers stop with no empty line and no Content-Length' : 'its last line stops with no CR and no line end after it'}, where the capture's snapshot length (\`-s\`, or ngrep's or sipgrep's \`-S\`) cut the packet. The rest of this message is not in the trace.`,
	};
}

/** A record whose shortfall the poster's masked addresses explain (see maskedShortfall). */
function maskedShort(text: string, frame: Frame, cut: RecordCut): boolean {
	return cut.says === undefined && maskedShortfall(text, frame, cut.declared - cut.held);
}

/** The line Twinkle's log writes after the part of a message it holds. */
export const cutOff = '<cut off>';

/**
 * Twinkle's log holds the first 1,024 characters of a longer message, then `<cut off>` (see
 * framing/twinkle.ts): how much is missing it does not say, so the count given is one octet more
 * than it holds, and the problem says it in its own words.
 */
function twinkleCut(text: string, frame: Frame): RecordCut | null {
	if (indexWithin(text, cutOff, frame.sip.end, frame.span.end) < 0) return null;
	const held = octetLength(text, frame.sip.start, frame.sip.end);
	return {
		held,
		declared: held + 1,
		why: 'Twinkle logs at most 1,024 characters of a message',
		says: `Twinkle's log holds only the start of this message (it logs at most 1,024 characters of a message, then \`${cutOff}\`): the rest is not in the trace.`,
	};
}

/**
 * A debugger's print of the buffer, cut where the debugger stops printing a string (see
 * framing/debuggerCut.ts): the length the call gives, or, without one, one octet more than held.
 */
function debuggerCut(text: string, frame: Frame): RecordCut | null {
	const end = frame.sip.end;
	if (!text.startsWith('"...', end)) return null;
	const lines = frame.lines;
	if (!lines) return null;
	// Each escaped line end stood for the CRLF it was (the debugger prints `\r\n`).
	let held = 0;
	for (let k = 0; k < lines.length; k += 2) held += lines[k + 1]! - lines[k]! + (k > 0 ? 2 : 0);
	const length = printedLength(text, end);
	const whole = length > held ? length : held + 1;
	return {
		held,
		declared: whole,
		why: 'a debugger prints only the start of a long string and marks the cut with `"...`',
		says: `A debugger printed only ${length > held ? `the first ${held} of the ${length} octets of this buffer` : 'the start of this buffer'} (it cut the string at \`"...\`): the rest of this message is not in the trace.`,
	};
}

function dumpCut(text: string, frame: Frame, declared: number): RecordCut | null {
	const start = frame.sip.start;
	const limit = Math.min(text.length, start + declared + 1);
	let end = start;
	while (end < limit && text.charCodeAt(end) !== 11) end++;
	if (end === limit) return null;
	const held = octetLength(text, start, end);
	return held < declared && !lostCrs(text, start, end, declared - held)
		? {
				held,
				declared,
				why: "sofia-sip 1.12's dump writes only the first part of a message it sends",
			}
		: null;
}

/**
 * The record [start, end) holds no CR, and `missing` octets are no more than its line ends: a
 * copy that turned each CRLF into LF (git's or an editor's line-end conversion), not a cut.
 */
function lostCrs(text: string, start: number, end: number, missing: number): boolean {
	let lineFeeds = 0;
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c === 13) return false;
		if (c === 10) lineFeeds++;
	}
	return missing <= lineFeeds;
}

/** sofia-sip 1.12's note after a record it cut (tport_log_msg). */
const truncatedMark = /^[ \t]{0,8}\*\*\* message truncated at (\d{1,10}) \*\*\*[ \t\r]*$/;

/** N of `*** message truncated at N ***` on the line [start, end), or -1. */
export function sofiaTruncatedAt(text: string, start: number, end: number): number {
	// Behind a console's colours (fs_cli's): read without them. A note is short, its escapes too.
	if (end - start > 200) return -1;
	for (let i = start; i < end; i++)
		if (text.charCodeAt(i) === 27) return noteAt(withoutSequences(text.slice(start, end)));
	if (end - start > 80) return -1;
	let i = start;
	while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	if (!text.startsWith('*** message truncated at ', i)) return -1;
	return noteAt(text.slice(start, end));
}

/** The size a truncation note gives, or -1. */
function noteAt(line: string): number {
	if (line.length > 80) return -1;
	const m = truncatedMark.exec(line);
	return m ? Number(m[1]) : -1;
}

/** The size of FreeSWITCH's sofia-sip's record buffer (tport_log_msg), its stamp included. */
const freeswitchRecord = 16000;

function logCut(text: string, frame: Frame, declared: number): RecordCut | null {
	// The note lies on the last line of the record, after the closing dashes.
	const span = frame.span;
	let end = span.end;
	while (
		end > frame.sip.end &&
		(text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)
	)
		end--;
	const lineStart = Math.max(frame.sip.end, text.lastIndexOf('\n', end - 1) + 1);
	const at = sofiaTruncatedAt(text, lineStart, end);
	if (at >= 0)
		return at < declared
			? {
					held: at,
					declared,
					why:
						"sofia-sip's log printed this much of it and wrote `*** message truncated at " +
						`${at} ***\`: it prints at most 2047 characters of a line and stops at a NUL octet`,
				}
			: null;
	if (declared < freeswitchRecord - 300 || text.charCodeAt(frame.sip.start - 1) !== 10) return null;
	const held = printedOctets(text, frame);
	return held < declared
		? {
				held,
				declared,
				why: "FreeSWITCH's sofia-sip writes at most 16,000 characters of a record and says nothing of the rest (the count takes each line end as CRLF)",
			}
		: null;
}

/** The octets of the message's lines as printed, each line end counted as CRLF. */
function printedOctets(text: string, frame: Frame): number {
	const lines = frame.lines;
	if (lines) {
		let sum = 0;
		for (let i = 0; i < lines.length; i += 2)
			sum += octetLength(text, lines[i]!, lines[i + 1]!) + 2;
		return sum;
	}
	let sum = 0;
	let at = frame.sip.start;
	const end = frame.sip.end;
	while (at < end) {
		let e = text.indexOf('\n', at);
		if (e < 0 || e > end) e = end;
		const lineEnd = e > at && text.charCodeAt(e - 1) === 13 ? e - 1 : e;
		sum += octetLength(text, at, lineEnd) + (e < end ? 2 : 0);
		at = e + 1;
	}
	return sum;
}

/**
 * How many of the octets pjsua's `RX 923 bytes ...` gives its record lacks, when pj_log cut the
 * record: one longer than PJ_LOG_MAX_SIZE (4,000 characters unless pjlib was built with another)
 * is cut there, its `--end msg--` with it, and the log's next record follows. A record that ends
 * with `--end msg--` (or `-- end of packet.`) is whole. Each line end counts as CRLF, as the
 * message was sent (a copy may have lost the CRs).
 */
/** The smallest PJ_LOG_MAX_SIZE (the most characters pj_log writes of a record) builds use. */
const smallestPjLogMaxSize = 1000;

/** A line of pj_log's: its time of day (a date before it), then the sender's file. */
const pjLogLine =
	/^(?:[A-Z]{4,5}: ?)?(?:\w{3} )?(?:\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d\.\d{3} +[\w.-]{1,40} /;

function pjLogCut(
	text: string,
	frame: Frame,
	declared: number,
	contentLength: number | null,
): RecordCut | null {
	let end = frame.span.end;
	while (
		end > frame.sip.end &&
		(text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)
	)
		end--;
	// The record's last line: pjsua's `--end msg--`, or `-- end of packet.` after a packet pjsip
	// could not read.
	const last = text.lastIndexOf('\n', end - 1) + 1;
	if (text.startsWith('--end msg--', last) || text.startsWith('-- end of packet.', last))
		return null;
	// Where the trace itself ends (an excerpt, a log cut off), the record ends with it: not pj_log's
	// doing, and said as a trace cut short is.
	let after = frame.span.end;
	while (after < text.length && isJsWhiteSpace(text.charCodeAt(after))) after++;
	if (after === text.length) return null;
	// A message whose headers end, `Content-Length: 0` among them, is whole however few octets
	// its lines hold: a cut falls at any character, not at the empty line that ends a message
	// with no body. Fewer octets than the stamp gives are the poster's edit (addresses replaced
	// by `XX.XXX.XX.XX`), and a missing `--end msg--` the excerpt's end.
	if (contentLength === 0 && endsHeaders(text, frame.sip.start, frame.sip.end)) return null;
	let written = octetLength(text, frame.sip.start, frame.sip.end);
	for (let i = frame.sip.start; i < frame.sip.end; i++)
		if (text.charCodeAt(i) === 10 && text.charCodeAt(i - 1) !== 13) written++;
	if (written >= declared) return null;
	// After pj_log's cut the log's next record follows (a time, a sender's file); after a copy's,
	// a post's text: the record was cut by the copy.
	// pj_log's cut falls at PJ_LOG_MAX_SIZE characters of the record, its time and sender's file
	// with it (4,000 by default; builds with 1,000 are seen): a record far shorter was cut by a
	// copy, whatever follows it.
	const pjLogSized = end - frame.span.start >= smallestPjLogMaxSize - 100;
	return {
		held: written,
		declared,
		why: !pjLogSized
			? 'the copy stops the record before its `--end msg--`: pj_log cuts a record only at PJ_LOG_MAX_SIZE (4,000 characters by default), far past this one'
			: pjLogLine.test(text.slice(after, Math.min(text.length, after + 120)))
				? 'pj_log cuts a record longer than PJ_LOG_MAX_SIZE, 4,000 characters unless pjlib was built with another, and its `--end msg--` with it'
				: 'the copy stops the record before its `--end msg--`, and what follows is no part of it',
	};
}

/** Does [start, end) hold an empty line (a CR aside) after a line of text: the headers' end? */
function endsHeaders(text: string, start: number, end: number): boolean {
	for (let at = text.indexOf('\n', start); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) {
		let next = at + 1;
		if (text.charCodeAt(next) === 13) next++;
		if (next < end && text.charCodeAt(next) === 10) return true;
		if (next >= end) return false;
	}
	return false;
}

/**
 * What of a message belle-sip's record lacks, where the record says so. Its channel line gives the
 * octets of the message sent (`size: [431] bytes`, or `sent: [300/431] bytes` when a stream took
 * only part of it) or of the read (`received [874] new bytes`): make_logbuf logs at most 7,000 of
 * them, and none past the first that is no character in the program's locale (then `... (first
 * 312 bytes shown)`); what a stream took of a message is all that is logged of it. A stream read
 * is logged as it came: one may hold two messages, or end inside one whose rest came in the next
 * read (a record of its own, with no start line). A byte count alone says nothing: it also
 * differs in a log whose addresses were replaced before it was posted.
 */
function belleSipCut(
	text: string,
	frame: Frame,
	declared: number,
	contentLength: number | null,
): RecordCut | null {
	const start = frame.sip.start;
	const shown = /^\.\.\. \(first (\d{1,10}) bytes shown\)/.exec(
		text.slice(frame.sip.end, Math.min(frame.span.end, frame.sip.end + 40)),
	);
	if (shown)
		return cutOf(
			Number(shown[1]),
			declared,
			"belle-sip stops logging a buffer at its first octet that is no character in the program's locale, and says how many it showed",
		);
	const meta = frame.meta ? text.slice(frame.meta.start, frame.meta.end) : '';
	const partly = /partly sent to \[[^\]\s]{1,240}\], sent: \[(\d{1,10})\/\d{1,10}\]/.exec(meta);
	if (partly)
		return cutOf(
			Number(partly[1]),
			declared,
			'the stream took only this part of the message when belle-sip sent it; the rest went later, not logged',
		);
	if (frame.direction === 'in' && frame.transport !== null && frame.transport !== 'UDP') {
		// A read that ends inside its message's body: the body as logged is shorter than its
		// Content-Length, and the head and Content-Length go past the read's octets.
		if (contentLength === null) return null;
		const sip = text.slice(start, frame.sip.end);
		const crlf = sip.indexOf('\r\n\r\n');
		const lf = sip.indexOf('\n\n');
		let headEnd = -1;
		if (crlf >= 0 && (lf < 0 || crlf < lf)) headEnd = crlf + 4;
		else if (lf >= 0) headEnd = lf + 2;
		if (headEnd < 0 || octetLength(sip, headEnd, sip.length) >= contentLength) return null;
		const whole = octetLength(sip, 0, headEnd) + contentLength;
		return whole > declared
			? {
					held: declared,
					declared: whole,
					why: 'belle-sip logs each read of a stream as it comes',
					says: `The read belle-sip logged this message in holds ${declared} octets and ends ${whole - declared} octets before the end of the message: the rest came in the next read of the stream, which belle-sip logs as a record of its own (\`received [N] new bytes\`) with no start line.`,
				}
			: null;
	}
	// make_logbuf's limit: 7,000 octets of a longer buffer, with no mark.
	if (declared <= belleSipLogLimit || printedOctets(text, frame) >= declared) return null;
	return cutOf(belleSipLogLimit, declared, 'belle-sip logs at most 7,000 octets of a buffer');
}

/** The most of a buffer belle-sip's make_logbuf logs. */
const belleSipLogLimit = 7000;

const cutOf = (held: number, declared: number, why: string): RecordCut | null =>
	held < declared ? { held, declared, why } : null;
