import { Removals, TextWithout } from './textWithout';

/*
 * A message copied from a page that numbers its lines, `[ Line 12 ] ` before each (ShareTechnote's
 * IMS and SIP handbooks, where many engineers read their example flows): the start line, the
 * headers and often the body carry it, and no format's rules can read a header behind it. Such a
 * trace is framed without the numbers, and the frames are put back on the trace's own offsets
 * (textWithout.ts): the number lies inside the message's span, out of its lines.
 */

/** `[ Line 12 ] `, `[ Line  1 ] `, `[ Line 10] `: the page's number, and the space after it. */
const lineNumber = /\[ ?Line {1,4}\d{1,5} {0,2}\] ?/y;

/** How many numbered lines a trace must hold to be read without them. */
const enough = 3;

/** Where such numbers are looked for: a page's example is short, a large log is not searched. */
const head = 1 << 16;

/** Does `text` hold lines numbered as such a page numbers them? A cheap test first. */
export function holdsLineNumbers(text: string): boolean {
	let count = 0;
	const start = text.length > head ? text.slice(0, head) : text;
	for (let at = start.indexOf('[ Line '); at >= 0; at = start.indexOf('[ Line ', at + 7)) {
		if (numberAt(start, at) > 0 && ++count >= enough) return true;
	}
	return false;
}

/** The length of the number at `at`, at a line's start (or behind spaces); 0 when none. */
export function numberAt(text: string, at: number): number {
	let s = at;
	while (s > 0 && (text.charCodeAt(s - 1) === 32 || text.charCodeAt(s - 1) === 9)) s--;
	if (s > 0 && text.charCodeAt(s - 1) !== 10) return 0;
	lineNumber.lastIndex = at;
	return lineNumber.exec(text)?.[0].length ?? 0;
}

/** The trace without its line numbers, and the way back to the trace's own offsets. */
export class WithoutLineNumbers extends TextWithout {
	constructor(source: string) {
		const removals = new Removals();
		const parts: string[] = [];
		let kept = 0;
		for (let at = source.indexOf('[ Line '); at >= 0; at = source.indexOf('[ Line ', at + 7)) {
			const length = numberAt(source, at);
			if (length === 0) continue;
			// The white space before the number goes with it: the line starts where its text does.
			let s = at;
			while (s > kept && (source.charCodeAt(s - 1) === 32 || source.charCodeAt(s - 1) === 9)) s--;
			kept = keptWithoutCaptions(source, kept, s, parts, removals);
			removals.take(s, at + length);
			kept = at + length;
		}
		kept = keptWithoutCaptions(source, kept, source.length, parts, removals);
		super(source, parts.join(''), removals);
	}
}

// The page's caption of each example, between them and not numbered: `< Example 3 >`. No SIP or
// XML line opens with `<` and a space; left in, it would end the headers above as a malformed one.
const caption = /^< [^<>\n]{1,60} >[ \t\r]*$/gm;

/**
 * Puts [kept, end) of `source` into `parts`, each caption in it taken out (its line end kept):
 * returns `end`.
 */
function keptWithoutCaptions(
	source: string,
	kept: number,
	end: number,
	parts: string[],
	removals: Removals,
): number {
	const text = source.slice(kept, end);
	if (text.includes('< ')) {
		caption.lastIndex = 0;
		let from = 0;
		for (let m = caption.exec(text); m; m = caption.exec(text)) {
			parts.push(text.slice(from, m.index));
			removals.take(kept + m.index, kept + m.index + m[0].length);
			from = m.index + m[0].length;
		}
		parts.push(text.slice(from));
	} else parts.push(text);
	return end;
}
