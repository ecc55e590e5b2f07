import { linesCut, TextWithout } from './textWithout';
import { readLine, type Line } from './lines';

/*
 * A log whose every line carries logcat's stamp (`09-01 16:13:30.753 10736 10736 I tag: `), copied
 * by a page that set each line as a paragraph: an empty line, without the stamp, after every
 * record. The log writes a message's own empty line as a record (the stamp, nothing after it), so
 * an empty line without the stamp between two records is the copy's. Read as it stands, the
 * first such line ends the message after its start line. Such a trace is framed and read without
 * those lines, the frames put back on the trace's own offsets (textWithout.ts).
 */

/** Where they are looked for: a page's copy is short, a large log is not searched. */
const head = 1 << 16;

// logcat's stamp at the line's start: `-v threadtime` / `-v time` (`MM-DD hh:mm:ss.mmm`), or
// Android Studio's (`YYYY-MM-DD hh:mm:ss.mmm`).
const stamp = /^(?:\d{4}-)?\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}[ \t]/;

/** Does `text` hold stamped lines with an empty line after nearly every one? */
export function holdsDoubledLogLines(text: string): boolean {
	const limit = Math.min(text.length, head);
	const line: Line = { start: 0, end: 0, next: 0 };
	let stamped = 0;
	let doubled = 0;
	let previous: 'stamped' | 'blank-after-stamped' | 'other' = 'other';
	for (let at = 0; at < limit && readLine(text, at, line); at = line.next) {
		if (isBlank(text, line.start, line.end)) {
			previous = previous === 'stamped' ? 'blank-after-stamped' : 'other';
			continue;
		}
		const isStamped = stamp.test(text.slice(line.start, Math.min(line.end, line.start + 24)));
		if (isStamped) {
			stamped++;
			if (previous === 'blank-after-stamped') doubled++;
		}
		previous = isStamped ? 'stamped' : 'other';
	}
	return stamped >= 6 && doubled * 5 >= (stamped - 1) * 4;
}

/** The trace without the empty lines between two stamped lines, and the way back. */
export class WithoutDoubledLogLines extends TextWithout {
	constructor(source: string) {
		const line: Line = { start: 0, end: 0, next: 0 };
		const below: Line = { start: 0, end: 0, next: 0 };
		let afterStamped = false;
		const { text, removals } = linesCut(source, (start, end) => {
			if (!isBlank(source, start, end)) {
				afterStamped = stamp.test(source.slice(start, Math.min(end, start + 24)));
				return start;
			}
			const wasAfterStamped = afterStamped;
			afterStamped = false;
			if (!wasAfterStamped || !readLine(source, start, line) || line.next >= source.length)
				return start;
			if (!readLine(source, line.next, below)) return start;
			// The whole empty line, its line end with it, where a stamped line follows.
			return stamp.test(source.slice(below.start, Math.min(below.end, below.start + 24)))
				? line.next
				: start;
		});
		super(source, text, removals);
	}
}

function isBlank(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c !== 32 && c !== 9 && c !== 13) return false;
	}
	return true;
}
