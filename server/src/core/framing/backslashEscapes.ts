import type { Frame } from '../model';

/*
 * A message logged as one string with backslash escapes (a JSON log's `"msg":"INVITE ...\r\n..."`,
 * a C or Python literal): its line ends are `\r\n` (the frame's lines are the pieces between
 * them), and within a line `\"`, `\\` and `\/` each stand for one character. An XML body's
 * attributes are quoted: read without the escapes, it is the document sent, and Content-Length
 * counts it so.
 */

/** Is `frame` a message whose lines a backslash escape ends (`\n`, `\r\n`)? */
export function hasBackslashEscapes(text: string, frame: Frame): boolean {
	const lines = frame.lines;
	return (
		frame.format === 'escaped' &&
		lines !== null &&
		lines.length > 2 &&
		text.charCodeAt(lines[1]!) === 92
	);
}

/** How many characters the escapes in [start, end) add to what they stand for. */
export function escapeExcess(text: string, start: number, end: number): number {
	let excess = 0;
	// Read within [start, end): a search on past it could run to the trace's end for each line.
	for (let at = start; at + 1 < end; at++) {
		if (text.charCodeAt(at) !== 92) continue;
		if (isEscaped(text.charCodeAt(at + 1))) {
			excess++;
			at++;
		}
	}
	return excess;
}

/** `piece` with each escape read as the character it stands for. */
export function unescaped(piece: string): string {
	return piece.includes('\\') ? piece.replace(escape, '$1') : piece;
}

const escape = /\\(["\\/])/g;
const isEscaped = (c: number): boolean => c === 34 || c === 92 || c === 47;
