/*
 * A debugger's print of a buffer holding a message, as crash reports paste gdb's backtraces:
 *
 *   buf=0xa47460 <buf.6778> "SUBSCRIBE sip:alice@example.org SIP/2.0\r\nVia: ...\r\nTo: <sip"..., len=842, ...
 *
 * gdb prints at most `print elements` characters of a string (200 by default) and marks the cut
 * with `...` after the closing quote; the frame's other arguments often give the buffer's length.
 */

/** Where a debugger's mark of a cut string (`"...`) stands in [from, end) of `line`, or -1. */
export function debuggerCutAt(line: string, from: number, end: number): number {
	for (
		let at = line.indexOf('"...', from);
		at >= 0 && at < end;
		at = line.indexOf('"...', at + 1)
	) {
		// Then what follows a printed argument: the next one, the call's closing parenthesis, a
		// struct's brace, or the line's end.
		const after = at + 4 < line.length ? line.charCodeAt(at + 4) : -1;
		if (
			after === -1 ||
			after === 44 ||
			after === 41 ||
			after === 125 ||
			after === 32 ||
			after === 13
		)
			return at;
	}
	return -1;
}

/** The length the printed call gives the buffer cut at `cut` (`, len=842`, `len = 842`), or -1. */
export function printedLength(text: string, cut: number): number {
	const after = lengthArgument.exec(text.slice(cut + 4, cut + 64));
	return after ? Number(after[1]) : -1;
}
const lengthArgument = /^(?:, [a-z_]+ = \S{1,40}){0,2}, (?:len|length|size) ?= ?(\d{1,9})\b/;
