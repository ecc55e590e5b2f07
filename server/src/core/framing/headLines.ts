import { readLine, type Line } from './lines';

/** Non-blank lines looked at to tell a file's kind: the head of the trace. */
const sampleLines = 200;

/**
 * Does nearly every non-blank line of the trace's head hold what `holds` looks for, from the
 * first line that does on (a note pasted above the file's lines is passed over)? Nine in ten: a
 * program's own line among them (a panic's, a line cut by a log's rotation) is allowed.
 */
export function nearlyEveryLine(
	text: string,
	holds: (text: string, line: Line) => boolean,
): boolean {
	const line: Line = { start: 0, end: 0, next: 0 };
	let first = -1;
	let looked = 0;
	for (let at = 0; looked < sampleLines && at < text.length && readLine(text, at, line);) {
		at = line.next;
		if (line.end === line.start) continue;
		looked++;
		if (holds(text, line)) {
			first = line.start;
			break;
		}
	}
	if (first < 0) return false;
	let seen = 0;
	let hits = 0;
	for (let at = first; seen < sampleLines && at < text.length && readLine(text, at, line);) {
		at = line.next;
		if (line.end === line.start) continue;
		seen++;
		if (holds(text, line)) hits++;
	}
	return hits * 10 >= seen * 9;
}
