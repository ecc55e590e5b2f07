import { lastStartAtOrBefore, readLine, type Line } from './lines';
import { datedTime, inZone, type LogTime } from './logTime';
import { nearlyEveryLine } from './headLines';
import { Removals, TextWithout } from './textWithout';

/*
 * The journal shown field by field (`journalctl -o verbose`), what one pastes to show everything
 * the journal knows of a record:
 *
 *   Mon 2026-12-07 09:37:53.033432 UTC [s=ea8a...;i=d;b=ba34...;m=3fce69151;t=66207fad840f7;x=...]
 *       PRIORITY=6
 *       SYSLOG_IDENTIFIER=kamailio
 *       MESSAGE=INFO: <script>: REQ REGISTER from udp:127.0.0.1:15112 to 127.0.0.1:15110
 *               REGISTER sip:example.test SIP/2.0
 *               Via: SIP/2.0/UDP 127.0.0.1:15112;branch=z9hG4bK-29434-1-2;rport
 *       SYSLOG_RAW=<134>Dec  7 09:37:53 kamailio[29409]: INFO: <script>: REQ REGISTER ...
 *                  REGISTER sip:example.test SIP/2.0
 *
 * A value's later lines are indented to stand under its first. The record's text is its
 * `MESSAGE`; the other fields are taken out, `SYSLOG_RAW` too (the same text again, behind the
 * syslog header it came with), and the headings. A record is dated by its heading. Without `--all` a value with a CR (every line of a SIP
 * message) is shown as `[418B blob data]`: nothing to read (see noMessages.ts).
 */

// The heading: a weekday, the date and time with microseconds, the zone, then the cursor.
const heading =
	/^(?:[A-Z][a-z]{2} )?(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d{1,6})?) ([A-Za-z][A-Za-z0-9+/_-]*|[+-]\d{2,4}) \[s=[0-9a-f]{32};i=[0-9a-f]+;/;
// A field: four spaces, the name (upper case, digits, underscores), `=`.
const field = /^ {4}([A-Z0-9_]{1,64})=/;

const isHeading = (text: string, line: Line): boolean =>
	text.charCodeAt(line.start) !== 32 &&
	heading.test(text.slice(line.start, Math.min(line.end, line.start + 120)));

const isField = (text: string, line: Line): boolean =>
	field.test(text.slice(line.start, Math.min(line.end, line.start + 70)));

/** Is the trace's head the journal shown field by field? */
export function isJournalVerbose(text: string): boolean {
	return (
		nearlyEveryLine(
			text,
			// A value's later lines are indented past the field's four spaces.
			(t, line) => isHeading(t, line) || t.startsWith('     ', line.start) || isField(t, line),
		) && headingInHead(text)
	);
}

/** Does a record's heading stand among the first lines? (Indented lines alone are no journal.) */
function headingInHead(text: string): boolean {
	const line: Line = { start: 0, end: 0, next: 0 };
	let n = 0;
	for (let at = 0; n < 200 && at < text.length && readLine(text, at, line); at = line.next, n++)
		if (isHeading(text, line)) return true;
	return false;
}

/** The journal's fields read as the records' `MESSAGE`s, and the way back to its offsets. */
export class JournalVerboseLines extends TextWithout {
	readonly #source: string;
	/** Where each record's heading starts, ascending. */
	readonly #records: Int32Array;

	constructor(source: string) {
		const removals = new Removals();
		const parts: string[] = [];
		const records: number[] = [];
		const line: Line = { start: 0, end: 0, next: 0 };
		/** The indent of the current field's later lines, and whether its value is kept. */
		let indent = -1;
		let keep = false;
		/** The lines of the current record's `MESSAGE`. */
		let kept = 0;
		// The line's [start, from) taken out, the rest kept.
		const keepFrom = (from: number): void => {
			removals.take(line.start, from);
			parts.push(source.slice(from, line.next));
		};
		for (let at = 0; at < source.length && readLine(source, at, line); at = line.next) {
			if (indent > 0 && isIndented(source, line.start, line.end, indent)) {
				if (keep) {
					keepFrom(Math.min(line.start + indent, line.end));
					kept++;
				} else removals.take(line.start, line.next);
				continue;
			}
			if (isHeading(source, line)) {
				records.push(line.start);
				indent = -1;
				// The journal strips a record's trailing line ends: a text of one line (a line a
				// program wrote to its stdout) is followed by the next record's as by its next
				// line; after a text of several (a message handed to syslog(3) whole) the heading's
				// line break is read as the blank line that ended it.
				if (kept > 1) keepFrom(line.end);
				else removals.take(line.start, line.next);
				kept = 0;
				continue;
			}
			const m = field.exec(source.slice(line.start, Math.min(line.end, line.start + 70)));
			if (!m) {
				// A line of another kind (a note pasted in, a cut): read as it is.
				indent = -1;
				parts.push(source.slice(line.start, line.next));
				continue;
			}
			indent = m[0].length;
			keep = m[1] === 'MESSAGE';
			if (keep) {
				keepFrom(line.start + indent);
				kept = 1;
			} else removals.take(line.start, line.next);
		}
		super(source, parts.join(''), removals);
		this.#source = source;
		this.#records = Int32Array.from(records);
	}

	/** When the journal took in the record that holds `offset`: its heading's date and time. */
	stampAt(offset: number): LogTime | null {
		const start = lastStartAtOrBefore(this.#records, offset);
		if (start < 0) return null;
		const m = heading.exec(this.#source.slice(start, start + 120));
		if (!m) return null;
		const read = datedTime(m[1]!, m[2]!);
		// The zone as the journal names it (`UTC`, `CET`): its offset where the name has one.
		return read && inZone(read, m[3]!);
	}
}

/**
 * Is the line [start, end) one of a value's later lines, indented by `indent`? A shorter line of
 * spaces is, and so is an empty one (its spaces trimmed by a copy) where the next line is.
 */
function isIndented(text: string, start: number, end: number, indent: number): boolean {
	if (end - start >= indent) return isSpaces(text, start, start + indent);
	if (end > start) return isSpaces(text, start, end);
	const next = text.indexOf('\n', end) + 1;
	return next > 0 && text.length - next > indent && isSpaces(text, next, next + indent);
}

function isSpaces(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) if (text.charCodeAt(i) !== 32) return false;
	return true;
}
