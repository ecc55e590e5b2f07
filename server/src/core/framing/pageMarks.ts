import { matchesCut, TextWithout } from './textWithout';

/*
 * An RFC as a site that re-publishes it shows it (tech-invite's pages): each of the RFC's pages
 * opens with the site's own line, `Top   ToC   RFC3665 - Page 13` (with `Up`, `Prev`, `Next` or
 * a `prevText` link in some), wherever the page broke the example message it is in. Read as it
 * stands, that line ends the message's headers there (the Call-ID and CSeq after it said
 * missing). Such a trace is framed and read without those lines, the frames put back on the
 * trace's own offsets (textWithout.ts), as an RFC's own page breaks are (rfcPages.ts).
 */

/** Where they are looked for: a page's copy is short, a large log is not searched. */
const head = 1 << 16;

// The whole line, its line end with it.
const pageMark =
	/^(?:(?:Top|Up|ToC|First|Prev|Next)[ \t]{1,8}){1,5}RFC ?\d{1,5} - Page \d{1,4}(?:[ \t]{1,8}\w{1,12}){0,2}[ \t\r]*(?:\n|$)/gm;

/** Does `text` hold such a site's page lines? */
export function holdsPageMarks(text: string): boolean {
	const start = text.length > head ? text.slice(0, head) : text;
	if (!start.includes(' - Page ')) return false;
	pageMark.lastIndex = 0;
	return pageMark.test(start);
}

/** The trace without the page lines, and the way back to its offsets. */
export class WithoutPageMarks extends TextWithout {
	constructor(source: string) {
		const { text, removals } = matchesCut(source, pageMark);
		super(source, text, removals);
	}
}
