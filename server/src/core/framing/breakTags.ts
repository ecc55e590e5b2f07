import { matchesCut, TextWithout } from './textWithout';

/*
 * A trace copied out of a page's HTML source, or a post that set its lines with markup: each line
 * ends in a break tag (`<br />`, `<br>`, `<br/>`, `</br>`), which no format's rules read as part
 * of a start line or a header (an ngrep REGISTER in a blog read as nothing, its 401s as answers
 * to none).
 * Such a trace is framed without them, and the frames put back on the trace's own offsets
 * (textWithout.ts), as a trace with written `\r` escapes is (escapedCr.ts).
 */

/** How many lines ending in a break tag a trace must hold, one of them a start line's. */
const enough = 3;

/** Where such lines are looked for: a page's copy is short, a large log is not searched. */
const head = 1 << 16;

// `</br>` too: a page's wrong closing form, which browsers read as a break.
const breakTag = /<\/?br\s{0,2}\/?>[ \t]*\r?$/gim;

/** Does `text` hold lines ending in a break tag, a SIP start line's among them? */
export function holdsBreakTags(text: string): boolean {
	const start = text.length > head ? text.slice(0, head) : text;
	if (
		!start.includes('<br') &&
		!start.includes('<BR') &&
		!start.includes('</br') &&
		!start.includes('</BR')
	)
		return false;
	let count = 0;
	let startLine = false;
	breakTag.lastIndex = 0;
	for (let m = breakTag.exec(start); m; m = breakTag.exec(start)) {
		count++;
		const lineStart = start.lastIndexOf('\n', m.index) + 1;
		const line = start.slice(lineStart, m.index);
		if (!startLine && (requestLineEnd.test(line) || statusLine.test(line))) startLine = true;
		if (startLine && count >= enough) return true;
	}
	return false;
}
// A start line, behind whatever a format writes before it on its line: a request line's version
// at its end (ngrep's `.` for the CR after it), or a status line's.
const requestLineEnd = / SIP\/2\.0\.?$/;
const statusLine = /(?:^|[\s.>])SIP\/2\.0 \d{3} /;

/** The trace without the break tags at its lines' ends, and the way back to its offsets. */
export class WithoutBreakTags extends TextWithout {
	constructor(source: string) {
		// The tag and the white space after it; a CR before the line end stays.
		const { text, removals } = matchesCut(
			source,
			breakTag,
			(m) => m.index + m[0].length - (m[0].endsWith('\r') ? 1 : 0),
		);
		super(source, text, removals);
	}
}
