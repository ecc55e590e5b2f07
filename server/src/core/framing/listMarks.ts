import { isBlank, isHeaderLine, isStartLine, readLine, type Line } from './lines';
import { linesCut, TextWithout } from './textWithout';

/*
 * A trace copied from a page that marks each of its lines: pastebin's numbered view (`  5. `), a
 * blog's numbered code block (`  3 `), a saved page that made each line a list item (`- `, `* `, with the
 * line's number after it in pastebin's: `- 199321 `). The start line is found behind the mark
 * (lines.ts reads it past a tag), but no header is. Where a start line behind a mark has a header
 * behind the same mark on the next line (the next number, where the marks are numbers), the
 * trace is framed without the marks of that kind, and the frames are put back on the trace's own
 * offsets (textWithout.ts).
 */

/** The kinds of mark, each as it stands at a line's start (an empty line's without its space). */
const marks = [
	// `- 199321 `: a list item holding the line's number.
	/^- (\d{1,9})(?: |$)/,
	// `- `, `* `, `+ `: a list item (Markdown's three bullets); `^ `, a Linphone log's line as an
	// issue's poster copied it.
	/^[-*+^](?: |$)/,
	// `  5. `: pastebin's numbered lines.
	/^ {0,6}(\d{1,7})\.(?: |$)/,
	// `  3 `: a numbered code block.
	/^ {0,6}(\d{1,7})(?: |$)/,
] as const;
type Mark = (typeof marks)[number];

/** Where marked lines are looked for: a page's copy is short, a large log is not searched. */
const head = 1 << 20;

/** The kind of mark before the lines of a message in `text`, or null when none. */
export function listMark(text: string): Mark | null {
	const end = Math.min(text.length, head);
	const line: Line = { start: 0, end: 0, next: 0 };
	const next: Line = { start: 0, end: 0, next: 0 };
	for (let at = 0; at < end && readLine(text, at, line); at = line.next) {
		const c = text.charCodeAt(line.start);
		// A mark opens with `-`, `*`, `+`, `^`, a space or a digit.
		if (c !== 45 && c !== 42 && c !== 43 && c !== 94 && c !== 32 && !(c >= 48 && c <= 57)) continue;
		const s = text.slice(line.start, Math.min(line.end, line.start + 24));
		for (const mark of marks) {
			const m = mark.exec(s);
			if (!m) continue;
			// ngrep's `.` for the CR may end the line.
			const e = text.charCodeAt(line.end - 1) === 46 ? line.end - 1 : line.end;
			// The line's own indent may follow the mark (a sofia siptrace's three spaces, which
			// its format reads): looked past here, kept in the text.
			if (!isStartLine(text, pastIndent(text, line.start + m[0].length, e), e)) continue;
			if (!readLine(text, line.next, next)) break;
			const n = mark.exec(text.slice(next.start, Math.min(next.end, next.start + 24)));
			if (!n || !isHeaderLine(text, pastIndent(text, next.start + n[0].length, next.end), next.end))
				continue;
			// Numbers count up by one from line to line.
			if (m[1] !== undefined && Number(n[1]) !== Number(m[1]) + 1) continue;
			return mark;
		}
	}
	return null;
}

/** Past the spaces and tabs from `at`, up to eight of them. */
function pastIndent(text: string, at: number, end: number): number {
	let i = at;
	while (i < end && i - at < 8 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	return i;
}

/** The trace without the marks of one kind, and the way back to the trace's own offsets. */
export class WithoutListMarks extends TextWithout {
	constructor(source: string, mark: Mark) {
		const { text, removals } = linesCut(source, (start, lineEnd) => {
			const m = mark.exec(source.slice(start, Math.min(lineEnd, start + 24)));
			if (!m) return start;
			const end = Math.min(lineEnd, start + m[0].length);
			// An empty line the page gave a space after its mark (`  21.  `) is the message's empty
			// line.
			return isBlank(source, end, lineEnd) ? lineEnd : end;
		});
		super(source, text, removals);
	}
}
