import { isHeaderLine, isStartLine } from './lines';
import { Removals, TextWithout } from './textWithout';

/*
 * An RFC's text as published (rfc-editor.org's `.txt`, and the HTML pages made from it): pages of
 * 58 lines, each closed by a footer (`Rosenberg, et al.   Standards Track   [Page 12]`), a form
 * feed, and the next page's header (`RFC 3261   SIP: Session Initiation Protocol   June 2002`),
 * with blank lines to fill the page and after the header. An example message copied from it
 * (RFC 3665's call flows, RFC 3903's publications, RFC 3261's own examples) runs across those
 * breaks wherever the page ended: read as they stand, the blank lines would end its headers there.
 * A trace that holds such a break is framed without it, and the frames are put back on the
 * trace's own offsets (textWithout.ts): the break lies inside the message's span, out of its lines.
 */

/**
 * Does `text` hold an RFC's page footer? A cheap test before any reading, on its head: a page is
 * 58 lines, so an RFC's text shows one within its first 64 KB (a large log is not searched).
 */
export function holdsRfcPages(text: string): boolean {
	const head = text.length > 1 << 16 ? text.slice(0, 1 << 16) : text;
	return head.includes('[Page ');
}

/** The trace without its RFC page breaks, and the way back to the trace's own offsets. */
export class WithoutRfcPages extends TextWithout {
	readonly breaks: number;

	constructor(source: string) {
		const removals = new Removals();
		const parts: string[] = [];
		let kept = 0;
		let breaks = 0;
		for (let at = source.indexOf('[Page '); at >= 0; at = source.indexOf('[Page ', at + 6)) {
			const run = pageBreak(source, at, kept);
			if (!run) continue;
			parts.push(source.slice(kept, run.start));
			removals.take(run.start, run.end);
			kept = run.end;
			at = Math.max(at, run.end - 6);
			breaks++;
		}
		parts.push(source.slice(kept));
		super(source, parts.join(''), removals);
		this.breaks = breaks;
	}
}

/** The end of the line at `at` (its LF, or the text's end). */
function lineEnd(text: string, at: number): number {
	const lf = text.indexOf('\n', at);
	return lf < 0 ? text.length : lf;
}

/** Whether [start, end) holds only white space (a form feed and a CR included). */
function isBlankLine(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c !== 32 && c !== 9 && c !== 13 && c !== 12) return false;
	}
	return true;
}

/** How many spaces and tabs open [start, end). */
function indentOf(text: string, start: number, end: number): number {
	let i = start;
	while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	return i - start;
}

const footer = /^\[Page \d{1,4}\][ \t\r]*$/;
const header = /^\f?RFC \d{1,5} /;

/**
 * The run to take out for the footer whose `[Page ` is at `at`, or null when it is not one: from
 * the blank lines that fill the page to the first line of text after the next page's header. One
 * blank line is left where the text on either side asks for one: a start line after the break,
 * or a header line before it and, after it, neither a header line nor a deeper line that folds
 * it (the empty line between a message's headers and its body fell at the page's end).
 */
function pageBreak(text: string, at: number, from: number): { start: number; end: number } | null {
	const footerStart = text.lastIndexOf('\n', at - 1) + 1;
	if (footerStart < from || at - footerStart < 1) return null;
	const first = pastBreak(text, at);
	if (!first) return null;
	let past: PastBreak = first;
	// A page with nothing on it but blank lines: its break is taken out with this one.
	for (;;) {
		const p = text.indexOf('[Page ', past.next);
		const more: PastBreak | null =
			p >= 0 && p < lineEnd(text, past.next) ? pastBreak(text, p) : null;
		if (!more) break;
		past = more;
	}
	const { next, lastBlank } = past;
	// The blank lines that fill the page before the footer, and the last line of text.
	let before = footerStart;
	while (before > from) {
		const s = text.lastIndexOf('\n', before - 2) + 1;
		if (s < from || !isBlankLine(text, s, before - 1)) break;
		before = s;
	}
	const firstBlank = before < footerStart ? before : -1;
	if (!keepsBlank(text, before, next, from)) return { start: before, end: next };
	if (firstBlank >= 0) return { start: lineEnd(text, firstBlank) + 1, end: next };
	return { start: footerStart, end: lastBlank >= 0 ? lastBlank : next };
}

/**
 * Past the footer whose `[Page ` is at `at`, the next page's header and the blank lines after it:
 * where the text goes on, and the last of those blank lines (-1: none); null for no page break.
 */
interface PastBreak {
	readonly next: number;
	readonly lastBlank: number;
}

function pastBreak(text: string, at: number): PastBreak | null {
	const footerEnd = lineEnd(text, at);
	if (!footer.test(text.slice(at, Math.min(footerEnd, at + 16)))) return null;
	// The next page's header, after the form feed's line (or a blank line where a copy lost it).
	let h = footerEnd + 1;
	for (let k = 0; k < 2 && h < text.length && isBlankLine(text, h, lineEnd(text, h)); k++)
		h = lineEnd(text, h) + 1;
	if (h >= text.length) return null;
	const headerEnd = lineEnd(text, h);
	if (!header.test(text.slice(h, Math.min(headerEnd, h + 16)))) return null;
	let next = headerEnd + 1;
	let lastBlank = -1;
	while (next < text.length) {
		const e = lineEnd(text, next);
		if (!isBlankLine(text, next, e)) break;
		lastBlank = next;
		next = e + 1;
	}
	return { next: Math.min(next, text.length), lastBlank };
}

/** Whether the text on either side of a break asks for an empty line between them. */
function keepsBlank(text: string, before: number, next: number, from: number): boolean {
	if (next >= text.length || before <= from) return true;
	const nEnd = lineEnd(text, next);
	const nIndent = indentOf(text, next, nEnd);
	if (isStartLine(text, next + nIndent, trimmedCr(text, next, nEnd))) return true;
	const pStart = text.lastIndexOf('\n', before - 2) + 1;
	const pEnd = before - 1;
	const pIndent = indentOf(text, pStart, pEnd);
	if (!isHeaderLine(text, pStart + pIndent, trimmedCr(text, pStart, pEnd))) return false;
	return !isHeaderLine(text, next + nIndent, trimmedCr(text, next, nEnd)) && nIndent <= pIndent;
}

/** `end` before a CR that ends the line. */
function trimmedCr(text: string, start: number, end: number): number {
	return end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}
