import { gluedStart, readLine, type Line } from './lines';
import { epochIn, timeIn, type LogTime } from './logTime';
import { linesCut, TextWithout } from './textWithout';

/*
 * A logger the framer has no rules for that writes its own column before every line of the
 * message, a stamp whose digits change and nothing else (the Arduino IDE's serial monitor,
 * `17:01:27.699 -> `; a script's `[12:00:01] `): the start line is found behind the column
 * (lines.ts, `gluedStart`), but no header would be. Such a trace is read without the column, its
 * shape learned from the start line's, when nearly every line carries it; the frames are put back
 * on the trace's own offsets (textWithout.ts) and dated by the column of their first line.
 */

/** How many non-blank lines are looked at, and how many of them must carry the column. */
const sample = 200;
const share = 0.8;
const minLines = 4;
/** A column is short, and has a digit (a stamp or a count, not a word such as `SEND: `) or is a dotted logger name. */
const maxColumn = 80;

const arrowAtEnd = /(?:→|←|->|<-|>>|<<) ?$/;
/**
 * A logger's name, dotted, and a colon (`System.out: `, Android's tag for what a Java app prints,
 * as a logcat view that hides the rest writes it): a column with no digit, taken where nearly
 * every line carries it as for a stamp.
 */
const loggerTag = /^[A-Za-z][\w$-]*(?:\.[\w$-]+)+: $/;

/** The column before every line, as the start line's is written; null when there is none. */
export function shapedColumn(text: string): string | null {
	// A direction the logger writes before the start line only (dart-sip-ua's `→ `) is no part of
	// the column the other lines carry; one every line carries (`17:01:27.699 -> `) is.
	return columnOf(text, false) ?? columnOf(text, true);
}

function columnOf(text: string, withoutArrow: boolean): string | null {
	const line: Line = { start: 0, end: 0, next: 0 };
	let column: string | null = null;
	let seen = 0;
	let hits = 0;
	// The start line is looked for among the first lines only: the search stays bounded.
	let looked = 0;
	for (let at = 0; seen < sample && at < text.length && readLine(text, at, line); at = line.next) {
		if (line.end === line.start) continue;
		if (column === null) {
			if (++looked > sample) return null;
			const glued = gluedStart(text, line.start, line.end);
			const width = glued - line.start;
			if (glued < 0 || width < 3 || width > maxColumn) continue;
			const written = text.slice(line.start, glued);
			const tag = withoutArrow ? written.replace(arrowAtEnd, '') : written;
			if (!(/\d/.test(tag) || loggerTag.test(tag)) || (withoutArrow && tag === written))
				return null;
			column = tag;
			// The lines before the start line are counted now, those with the column only: a log's
			// own records above the first message (an app's other `flutter: [...]` lines above
			// dart-sip-ua's `flutter:  SIP_LOG <time>  → REGISTER ...`) are no message's lines.
			hits += counts(text, 0, line.start, column);
			seen = hits;
		}
		seen++;
		if (startsWithShape(text, line.start, line.end, column)) hits++;
	}
	return column !== null && hits >= minLines && hits >= share * seen ? column : null;
}

/** How many lines of [from, to) open with `column`'s shape. */
function counts(text: string, from: number, to: number, column: string): number {
	const line: Line = { start: 0, end: 0, next: 0 };
	let hits = 0;
	for (let at = from; at < to && readLine(text, at, line); at = line.next)
		if (line.end > line.start && startsWithShape(text, line.start, line.end, column)) hits++;
	return hits;
}

/**
 * Does the line [start, end) open with `column`'s shape: the same characters but for the digits,
 * which may be others? The width it takes of the line, 0 when it does not. An empty line of the
 * message may carry the column without its last space; so may a line of the logger's own
 * (Polycom's `0916144138|sip |0|00|>>> Data Send TLS ...` above the message's lines).
 */
function shapeWidth(text: string, start: number, end: number, column: string): number {
	let n = column.length;
	const spaceLast = column.charCodeAt(n - 1) === 32;
	if (end - start < n) {
		if (end - start !== n - 1 || !spaceLast) return 0;
		n--;
	} else if (spaceLast && text.charCodeAt(start + n - 1) !== 32) n--;
	for (let i = 0; i < n; i++) {
		const x = column.charCodeAt(i);
		const y = text.charCodeAt(start + i);
		if (x !== y && !(isDigit(x) && isDigit(y))) return 0;
	}
	return n;
}

function startsWithShape(text: string, start: number, end: number, column: string): boolean {
	return shapeWidth(text, start, end, column) > 0;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** The trace without the column on its lines, and the way back to the trace's own offsets. */
export class WithoutShapedColumn extends TextWithout {
	readonly #source: string;
	readonly #width: number;

	constructor(source: string, column: string) {
		const { text, removals } = linesCut(
			source,
			(start, end) => start + shapeWidth(source, start, end, column),
		);
		super(source, text, removals);
		this.#source = source;
		this.#width = column.length;
	}

	/** The time the column of the line holding the trace's offset `p` gives, if any. */
	stampAt(p: number): LogTime | null {
		const start = this.#source.lastIndexOf('\n', p - 1) + 1;
		const column = this.#source.slice(start, start + this.#width);
		return timeIn(column) ?? epochIn(column);
	}
}
