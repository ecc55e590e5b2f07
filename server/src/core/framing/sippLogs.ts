import type { FormatRules, MessageMeta } from './engine';
import { dateTime, epoch } from './formats';
import { isStartLine } from './lines';

/*
 * SIPp's logs of a failing scenario, besides -trace_msg's (formats.ts, `sipp`). Each record opens
 * with SIPp's time, `2026-12-03\t15:24:40.721939\t1796311480.721939` (date, local time, epoch;
 * SIPp before 3.6 wrote the milliseconds after a colon, `05:31:10:592`).
 *
 * -trace_err (`sippErrors`): `<time>: Aborting call on unexpected message for Call-Id '1-3124@h':
 *   while expecting '200' (index 1), received 'SIP/2.0 407 Proxy Authentication Required`, then
 *   the rest of the message and a closing `'`; `Continuing call on ...` with -nd; `Dead call
 *   1-13255@h (aborted at index 1), received 'SIP/2.0 405 ...` for a call it had aborted. A message no
 *   call takes follows its record on the next line: `<time>: Discarding message which can't be
 *   mapped to a known SIPp call:`. SIPp 3.6.1 ends a record with no line end, so the next record
 *   follows the closing `'` on its line: `'2026-12-03\t15:25:53.441350\t...: Aborting ...`.
 * -trace_calldebug (`sippCallDebug`): per aborted call, a row of dashes, `Call debugging
 *   information for call 1-3124@h:`, then its records: `<time> Sending UDP message for call ...
 *   (index 0, hash ...):` and `<time> Processing 302 byte incoming message for call-ID ... (hash
 *   ...):`, each followed by the message, and `<time> Unexpected UDP message received (index 1,
 *   hash ...):`, followed by the message that broke the scenario again.
 * The records name no address. A message SIPp prints again (calldebug's `Unexpected`, and
 * -trace_msg's after a separator without a time) is the same message received once: log text.
 */

// A page that shows the log (a GitHub issue) turns each tab into spaces: a run of either is read.
const stamp =
	/^'?(\d{4}-\d\d-\d\d)(?:\t| {1,8})(\d\d:\d\d:\d\d(?:[.:]\d{1,9})?)(?:\t| {1,8})(\d{1,12})\.(\d{1,9})/;

/**
 * The time of the stamp that opens `line` (also after the closing `'` of the record before), and
 * the stamp's length.
 */
function stampAt(line: string): { time: MessageMeta; length: number } | null {
	const c = line.charCodeAt(0);
	if (c !== 39 && (c < 48 || c > 57)) return null;
	const m = stamp.exec(line);
	if (!m) return null;
	const time = m[2]!.replace(/^(\d\d:\d\d:\d\d):(\d+)$/, '$1.$2');
	return {
		time: { ...epoch(m[3]!, m[4]!), time: dateTime(m[1]!, time).time },
		length: m[0].length,
	};
}

// A record SIPp ends with no line end ( `... aborting call`, a timeout's), the next one run on
// after it on its line: `...: aborting call2026-12-07\t09:36:19.984139\t1796636179.984139: Dead call`.
const gluedStamp =
	/(?<=\D)\d{4}-\d\d-\d\d(?:\t| {1,8})\d\d:\d\d:\d\d(?:[.:]\d{1,9})?(?:\t| {1,8})\d{1,12}\.\d{1,9}:/g;

/** Where the last record run on after another on `line` starts, before `before`; -1 if none. */
function lastGluedRecord(line: string, before: number): number {
	let last = -1;
	gluedStamp.lastIndex = 1;
	for (let m = gluedStamp.exec(line); m && m.index < before; m = gluedStamp.exec(line))
		last = m.index;
	return last;
}

const line = (text: string, start: number, end: number): string =>
	text.slice(start, Math.min(end, start + 1000));

// -trace_err: the record before a message glued after `received '`, or printed on the next line.
const unexpected =
	/^: (?:(?:Aborting|Continuing) call on unexpected message for Call-I[dD] '.*|Dead call \S+ \(.*\)), received '$/;
const receivedQuote = ", received '";
// A message SIPp could not read a Call-ID from: `(1) No valid Call-ID: header in reply '<message>`.
const noCallId = /^: \(\d{1,3}\) No valid Call-I[dD]: header in reply '$/;
const inReplyQuote = " in reply '";
const discarding = /^: Discarding message which can't be mapped to a known SIPp call:\s*$/;

export const sippErrors: FormatRules = {
	format: 'sippErrors',
	matchMeta(text, start, end) {
		const l = line(text, start, end);
		const s = stampAt(l);
		return s && discarding.test(l.slice(s.length)) ? { ...s.time, direction: 'in' } : null;
	},
	isRecord: (text, start, end) =>
		stampAt(line(text, start, end)) !== null ||
		text.startsWith('The following events occurred:', start),
	recordStart(text, start, end) {
		const whole = line(text, start, end);
		if (!stampAt(whole)) return -1;
		// The record of the message: the line's, or the last one run on after another record.
		const at0 = whole.lastIndexOf(receivedQuote);
		const glued = at0 > 0 ? lastGluedRecord(whole, at0) : -1;
		const from = glued > 0 ? glued : 0;
		const l = whole.slice(from);
		const s = stampAt(l);
		if (!s) return -1;
		// The message's start line follows the record's last `, received '` (or `in reply '`).
		let at = l.lastIndexOf(receivedQuote);
		let quote = receivedQuote;
		if (at < 0 || !unexpected.test(l.slice(s.length, at + quote.length))) {
			at = l.indexOf(inReplyQuote);
			quote = inReplyQuote;
			if (at < 0 || !noCallId.test(l.slice(s.length, at + quote.length))) return -1;
		}
		at += from;
		const sip = start + at + quote.length;
		return isStartLine(text, sip, end) ? sip : -1;
	},
	tagMeta(whole) {
		const glued = lastGluedRecord(whole, whole.length);
		const tag = glued > 0 ? whole.slice(glued) : whole;
		const s = stampAt(tag);
		if (!s) return null;
		const rest = tag.slice(s.length);
		return unexpected.test(rest) || noCallId.test(rest) ? { ...s.time, direction: 'in' } : null;
	},
	// A body whose last octet is no line end (an XML document sent without a final CRLF): the
	// closing `'` and the next record follow it on its line. The message ends before the quote,
	// and framing goes on from there.
	gluedEnd(text, start, end) {
		for (let q = start + 1; q < end; q++)
			if (text.charCodeAt(q) === 39 && sippErrorRecord.test(text.slice(q, Math.min(end, q + 300))))
				return q;
		return -1;
	},
};

const sending = /^ Sending (\w+) (?:control )?message for call \S+ \(index -?\d+, hash \d+\):\s*$/;
const processing = /^ Processing (\d+) byte incoming message for call-ID \S+ \(hash \d+\):\s*$/;
const again = /^ Unexpected (\w+) (?:control )?message received \(index -?\d+, hash \d+\):\s*$/;

export const sippCallDebug: FormatRules = {
	format: 'sippCallDebug',
	matchMeta(text, start, end) {
		const l = line(text, start, end);
		const s = stampAt(l);
		if (!s) return null;
		const rest = l.slice(s.length);
		const sent = sending.exec(rest);
		if (sent) return { ...s.time, direction: 'out', transport: sent[1]!.toUpperCase() };
		const received = processing.exec(rest);
		if (received) return { ...s.time, direction: 'in', declaredBytes: Number(received[1]) };
		const repeated = again.exec(rest);
		if (repeated) return { direction: 'in', transport: repeated[1]!.toUpperCase(), logOnly: true };
		return null;
	},
	isRecord: (text, start, end) =>
		stampAt(line(text, start, end)) !== null ||
		text.startsWith('Call debugging information for call ', start) ||
		// The 79 dashes above each call's records: only those, so that a body's row of dashes does not
		// end its message.
		/^-{79}\s*$/.test(line(text, start, end)),
};

/** Detection: a -trace_err record of an unexpected or discarded message. */
export const sippErrorRecord =
	/^'?\d{4}-\d\d-\d\d(?:\t| {1,8})\d\d:\d\d:\d\d(?:[.:]\d{1,9})?(?:\t| {1,8})\d{1,12}\.\d{1,9}: (?:(?:Aborting|Continuing) call on unexpected message for Call-I[dD] '|Dead call \S+ \(|Discarding message which can't be mapped to a known SIPp call:|\(\d{1,3}\) No valid Call-I[dD]: header in reply ')/;

/** Detection: a -trace_calldebug record of a message, or the heading of a call's records. */
export const sippCallDebugRecord =
	/^(?:\d{4}-\d\d-\d\d\t\d\d:\d\d:\d\d(?:[.:]\d{1,9})?\t\d{1,12}\.\d{1,9} (?:Sending \w+ (?:control )?message for call |Processing \d+ byte incoming message for call-ID )|Call debugging information for call \S+:\s*$)/;

/*
 * SIPp's logs that hold no whole message: -trace_shortmsg's one line per message (`<time>\tS\t
 * <Call-ID>\tCSeq:1 PUBLISH\tPUBLISH sip:... SIP/2.0`, S sent, R received) and -trace_screen's
 * statistics screens. Told apart so that a reader is told where the messages are, not only that
 * none was found.
 */
// Its columns apart by tabs, or by the spaces a page put for them.
const shortRecord =
	/^\d{4}-\d\d-\d\d(?:\t| {1,8})\d\d:\d\d:\d\d(?:[.:]\d{1,9})?(?:\t| {1,8})\d{1,12}\.\d{1,9}(?:\t| {1,8})[SR](?:\t| {1,8})\S*(?:\t| {1,8})CSeq: ?\d/;
const screenHeading =
	/^-{3,} (?:Scenario|Statistics|Repartition) Screen -{3,} \[1-9\]: Change Screen/;

/**
 * Why a text with no SIP message has none, when it is one of SIPp's logs without messages: its
 * first line that holds text says, read past the indent a post's code block gave it.
 */
export function sippLogWithoutMessages(text: string): string | null {
	const first = /\S[^\n]*/.exec(text.slice(0, 4000))?.[0].replace(/\r$/, '') ?? '';
	if (shortRecord.test(first))
		return "SIPp's -trace_shortmsg log holds one line per message (time, S for sent or R for received, Call-ID, CSeq, start line), not the messages: SIPp's -trace_msg log has them whole.";
	if (screenHeading.test(first))
		return "SIPp's -trace_screen log holds its statistics screens, not the messages: SIPp's -trace_msg log has them.";
	return null;
}
