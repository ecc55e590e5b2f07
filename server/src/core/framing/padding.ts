import type { FormatRules } from './engine';
import { readLine, type Line } from './lines';

/*
 * A trace copied from a web page or a terminal may carry white space after every line: Markdown's
 * two spaces for a line break, a console's copy padding each line to the window's width. It is
 * the page's, not the message's (no start line or header line ends so on the wire): when nearly
 * every line of the head has it, it is taken off each line's content before the format reads it,
 * so that what the format looks for at a line's end (ngrep's `.` for a CR) is found there.
 */

/** Non-empty lines looked at. */
const sampleLines = 200;

/** Does (nearly) every non-empty line of the trace's head end in spaces or tabs? */
export function padsLines(text: string): boolean {
	const line: Line = { start: 0, end: 0, next: 0 };
	let seen = 0;
	let padded = 0;
	for (
		let at = 0;
		seen < sampleLines && at < text.length && readLine(text, at, line);
		at = line.next
	) {
		const e = contentEnd(text, line.start, line.end);
		// An empty line, or one of white space only, says nothing.
		if (e === line.start) continue;
		seen++;
		if (e < line.end) padded++;
	}
	// A few lines the copy did not pad (one too long to pad, the last) are allowed.
	return seen >= 3 && padded * 10 >= seen * 9;
}

/** The rules of a format, reading each line without the white space at its end. */
export function withPaddingOff(rules: FormatRules): FormatRules {
	const inner = rules.decorate;
	return {
		...rules,
		decorate(text, start, end) {
			const e = contentEnd(text, start, end);
			return inner ? inner(text, start, e) : [start, e];
		},
	};
}

/** Where [start, end) ends without its trailing spaces and tabs. */
function contentEnd(text: string, start: number, end: number): number {
	let e = end;
	while (e > start) {
		const c = text.charCodeAt(e - 1);
		if (c !== 32 && c !== 9) break;
		e--;
	}
	return e;
}
