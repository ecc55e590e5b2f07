import { Removals, TextWithout } from './textWithout';

/*
 * A message pasted into Markdown without a code block (an issue's description), its addresses
 * set as inline code so the page would not take `<sip:...>` for an HTML tag: `` BYE `sip:a@h`
 * SIP/2.0 ``, `` From: `sut <sip:a@h>` ``. The backticks are the post's, not the sender's: a
 * Request-URI between them is no URI, a header's value after them holds text after its address.
 * Such a trace is framed without them, the frames put back on the trace's own offsets
 * (textWithout.ts), as one with a mail client's links is (autoLinks.ts).
 */

/** How many addresses so marked a trace must hold to be read without the marks. */
const enough = 2;

/** Where they are looked for: a post is short, a large log is not searched. */
const head = 1 << 16;

// A span of inline code on one line (its two backticks), and what makes it an address's: a SIP,
// SIPS or tel URI in it. Two plain patterns, so no text makes the search backtrack.
const marked = /`([^`\r\n]{1,400})`/g;
const address = /\b(?:sips?|tel):[^\s`]/;

/** Does `text` hold addresses set as inline code, one of them on a SIP start line? */
export function holdsCodeMarks(text: string): boolean {
	const start = text.length > head ? text.slice(0, head) : text;
	if (!start.includes('`')) return false;
	let count = 0;
	let startLine = false;
	marked.lastIndex = 0;
	for (let m = marked.exec(start); m; m = marked.exec(start)) {
		if (!address.test(m[1]!)) continue;
		count++;
		if (!startLine) {
			const lineEnd = start.indexOf('\n', m.index);
			const line = start.slice(
				start.lastIndexOf('\n', m.index) + 1,
				lineEnd < 0 ? start.length : lineEnd,
			);
			startLine = requestLine.test(line);
		}
		if (startLine && count >= enough) return true;
	}
	return false;
}
// A request line with its Request-URI so marked: `BYE `sip:a@h` SIP/2.0`.
const requestLine = /(?:^|\s)[A-Z]{3,12} `[^`]+` SIP\/2\.0\r?$/;

/** The trace without the backticks around its addresses, and the way back to its offsets. */
export class WithoutCodeMarks extends TextWithout {
	constructor(source: string) {
		const removals = new Removals();
		const parts: string[] = [];
		let kept = 0;
		marked.lastIndex = 0;
		for (let m = marked.exec(source); m; m = marked.exec(source)) {
			if (!address.test(m[1]!)) continue;
			// Each backtick on its own, the address between them kept.
			const close = m.index + m[0].length - 1;
			parts.push(source.slice(kept, m.index), source.slice(m.index + 1, close));
			removals.take(m.index, m.index + 1);
			removals.take(close, close + 1);
			kept = close + 1;
		}
		parts.push(source.slice(kept));
		super(source, parts.join(''), removals);
	}
}
