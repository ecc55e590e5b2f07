import { linesCut, TextWithout } from './textWithout';

/*
 * Android Studio's Logcat window with its other columns hidden (or cut off where the poster
 * selected the text): each line opens with the record's level, a letter, and two spaces (` I  Via:
 * SIP/2.0/UDP ...`), the message's lines behind it; a selection often starts right at the start
 * line, without its column. No format's rules read a header behind the letter. Such a trace is
 * framed without it, and the frames are put back on the trace's own offsets (textWithout.ts).
 */

/** The level column: a space or none, one of logcat's level letters, two spaces. */
const column = /^ ?[VDIWEAF] {2}(?=\S|\r?$)/;

/** How many lines must open with it, a header line's behind it among them. */
const enough = 3;

/** Where such lines are looked for: a paste is short, a large log is not searched. */
const head = 1 << 16;

/** Does `text` hold lines opening with a logcat level column, header lines behind it? */
export function holdsLevelColumn(text: string): boolean {
	const start = text.length > head ? text.slice(0, head) : text;
	let count = 0;
	let headers = 0;
	for (let at = 0; at < start.length;) {
		let nl = start.indexOf('\n', at);
		if (nl < 0) nl = start.length;
		const width = widthAt(start, at, nl);
		if (width > 0) {
			count++;
			if (headerBehind.test(start.slice(at + width, Math.min(nl, at + width + 40)))) headers++;
			if (count >= enough && headers >= enough) return true;
		}
		at = nl + 1;
	}
	return false;
}
const headerBehind = /^[A-Za-z][\w-]{0,30}[ \t]*:/;

/** How wide the level column opening the line [start, end) is; 0 for none. */
function widthAt(text: string, start: number, end: number): number {
	if (end - start < 4) return 0;
	return column.exec(text.slice(start, Math.min(end, start + 5)))?.[0].length ?? 0;
}

/** The trace without the level column on its lines, and the way back to its offsets. */
export class WithoutLevelColumn extends TextWithout {
	constructor(source: string) {
		const { text, removals } = linesCut(
			source,
			(start, end) => start + widthAt(source, start, end),
		);
		super(source, text, removals);
	}
}
