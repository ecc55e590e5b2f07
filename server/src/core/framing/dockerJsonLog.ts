import { lastStartAtOrBefore, readLine, type Line } from './lines';
import { timeIn, type LogTime } from './logTime';
import { nearlyEveryLine } from './headLines';
import { Removals, TextWithout, withChars } from './textWithout';
import { escapedChar, hexCode } from '../text/jsonEscape';

/*
 * Docker's log file (the `json-file` driver's, `/var/lib/docker/containers/ID/ID-json.log`, what
 * a support engineer is sent when `docker logs` is out of reach): one JSON object a line of the
 * program's output,
 *
 *   {"log":"Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1\r\n","stream":"stdout","time":"2026-12-04T18:00:00.123456789Z"}
 *
 * the line as a JSON string (Go's encoder: `\"`, `\\`, `\r`, `\n`, `\t`, and `\u003c`, `\u003e`,
 * `\u0026` for `<`, `>`, `&`, so a PIDF's tags are escaped), then its stream and time. The trace
 * is framed from the lines the strings hold: what wraps each string is taken out, and each escape
 * is read as the character it stands for, at its last character (the rest of it taken out). The
 * escaped LF that ends a line is taken out with what follows the string: the file's own line end
 * ends the line, so every line of a message is the file's line. A line Docker split (a program's
 * line longer than 16 KB: a string without the escaped LF) goes on in the next object's string.
 * The text the messages are read from (`FramingResult.reading`) has each escape's character at
 * its last character, and an escaped CR before the line end shown as `^M` (see `crShown`), so a
 * message's octets are counted as they went.
 */

const head = '{"log":"';
/** Does nearly every line of the trace's head, from its first object on, hold one object? */
export function isDockerJsonLog(text: string): boolean {
	return nearlyEveryLine(text, (t, line) => t.startsWith(head, line.start));
}

/** The time Docker took a line in: the object's `"time"`. */
const timeField = /"time":"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d))"/;

/** Docker's log file read as the lines its strings hold, and the way back to its offsets. */
export class DockerJsonLines extends TextWithout {
	readonly #source: string;
	readonly #reading: string;
	/** Where each line that opens an object starts, ascending. */
	readonly #objects: Int32Array;

	constructor(source: string) {
		const removals = new Removals();
		const parts: string[] = [];
		const objects: number[] = [];
		// The reading's characters that are not the file's: at each position, its character.
		const readAt: number[] = [];
		const readChars: string[] = [];
		const line: Line = { start: 0, end: 0, next: 0 };
		for (let at = 0; at < source.length && readLine(source, at, line); at = line.next) {
			if (!source.startsWith(head, line.start)) {
				// A line of another kind (a file cut and pasted into): read as it is.
				parts.push(source.slice(line.start, line.next));
				continue;
			}
			objects.push(line.start);
			removals.take(line.start, line.start + head.length);
			let piece = line.start + head.length;
			let i = piece;
			for (;;) {
				if (i >= line.end) {
					// No closing quote: a file cut short. The line is read as far as it goes.
					parts.push(source.slice(piece, line.next));
					break;
				}
				const c = source.charCodeAt(i);
				if (c === 34) {
					// The string's end: what follows it is the object's, and its line end too where
					// the string did not end the program's line (Docker split a long one).
					parts.push(source.slice(piece, i));
					removals.take(i, line.end);
					if (line.next > line.end) parts.push(source.slice(line.end, line.next));
					break;
				}
				if (c !== 92) {
					i++;
					continue;
				}
				parts.push(source.slice(piece, i));
				const e = source.charCodeAt(i + 1);
				const code = e === 117 ? hexCode(source, i + 2) : -1;
				const width = i + 1 >= line.end ? 1 : e === 117 && code >= 0 ? 6 : 2;
				const last = i + width - 1;
				if ((e === 110 || code === 10) && source.charCodeAt(last + 1) === 34) {
					// The escaped LF that ends the program's line: the file's line end ends it.
					removals.take(i, line.end);
					if (line.next > line.end) parts.push(source.slice(line.end, line.next));
					break;
				}
				removals.take(i, last);
				const char = width === 1 ? '\\' : (escapedChar(e, code) ?? source[last]!);
				parts.push(char);
				if ((e === 114 || code === 13) && atLineEnd(source, last + 1)) {
					// The CR of a CRLF: shown as `^M` over the escape's first two characters.
					readAt.push(i, i + 1);
					readChars.push('^', 'M');
				} else if (char !== source[last] && char.length === 1 && !isLineBreak(char)) {
					readAt.push(last);
					readChars.push(char);
				}
				i = last + 1;
				piece = i;
			}
		}
		super(source, parts.join(''), removals);
		this.#source = source;
		this.#objects = Int32Array.from(objects);
		this.#reading = withChars(source, readAt, readChars);
	}

	protected override ownReading(): string {
		return this.#reading;
	}

	/** The time Docker gives the line that holds `offset`, or that of the object it goes on in. */
	stampAt(offset: number): LogTime | null {
		const start = lastStartAtOrBefore(this.#objects, offset);
		if (start < 0) return null;
		const end = this.#source.indexOf('\n', start);
		const m = timeField.exec(this.#source.slice(start, end < 0 ? undefined : end));
		return m ? timeIn(m[1]!) : null;
	}
}

/** Is `at` where the escaped LF that ends the string starts (`\n"` or `\u000a"`)? */
function atLineEnd(text: string, at: number): boolean {
	if (text.charCodeAt(at) !== 92) return false;
	const e = text.charCodeAt(at + 1);
	if (e === 110) return text.charCodeAt(at + 2) === 34;
	return e === 117 && hexCode(text, at + 2) === 10 && text.charCodeAt(at + 6) === 34;
}

const isLineBreak = (c: string): boolean =>
	c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029';
