import { isHeaderLine, isStartLine } from './lines';
import { Removals, TextWithout } from './textWithout';

/*
 * An RFC's text as published (rfc-editor.org's `.txt`, and the HTML pages made from it): pages of
 * 58 lines, each closed by a footer (`Rosenberg, et al.   Standards Track   [Page 12]`), a form
 * feed, and the next page's header (`RFC 3261   SIP: Session Initiation Protocol   June 2002`),
 * with blank lines to fill the page and after the header; an Internet-Draft's the same, its
 * footer naming when it expires and its header `Internet-Draft`. An example message copied from it
 * (RFC 3665's call flows, RFC 3903's publications, RFC 3261's own examples) runs across those
 * breaks wherever the page ended: read as they stand, the blank lines would end its headers there.
 * A trace that holds such a break is framed without it, and the frames are put back on the
 * trace's own offsets (textWithout.ts): the break lies inside the message's span, out of its lines.
 */

/**
 * Does `text` hold an RFC's page footer, or RFC 4475's `<allOneLine>` notation? A cheap test
 * before any reading, on its head: a page is 58 lines, so an RFC's text shows one within its
 * first 64 KB (a large log is not searched).
 */
export function holdsRfcPages(text: string): boolean {
	const head = text.length > 1 << 16 ? text.slice(0, 1 << 16) : text;
	return head.includes('[Page ') || head.includes(allOneLine);
}

/**
 * The trace without its RFC page breaks and `<allOneLine>` tags, and the way back to the trace's
 * own offsets.
 */
export class WithoutRfcPages extends TextWithout {
	/** How many page breaks and `<allOneLine>` blocks were taken out. */
	readonly breaks: number;

	constructor(source: string) {
		const runs: { start: number; end: number }[] = [];
		let kept = 0;
		for (let at = source.indexOf('[Page '); at >= 0; at = source.indexOf('[Page ', at + 6)) {
			const run = pageBreak(source, at, kept);
			if (!run) continue;
			runs.push(run);
			kept = run.end;
			at = Math.max(at, run.end - 6);
		}
		const pages = runs.length;
		const joined = allOneLineRuns(source);
		if (joined.length > 0) {
			runs.push(...joined);
			runs.sort((a, b) => a.start - b.start);
		}
		const removals = new Removals();
		const parts: string[] = [];
		kept = 0;
		for (const run of runs) {
			// A tag's run inside a page break's is taken out with it.
			if (run.start < kept) continue;
			parts.push(source.slice(kept, run.start));
			removals.take(run.start, run.end);
			kept = run.end;
		}
		parts.push(source.slice(kept));
		super(source, parts.join(''), removals);
		this.breaks = pages + (joined.length > 0 ? 1 : 0);
	}
}

const allOneLine = '<allOneLine>';

/**
 * RFC 4475 §2.1's notation, which drafts after it use for a long header: the lines between
 * `<allOneLine>` and `</allOneLine>` (or a second `<allOneLine>`, as a draft mistyped it) are one
 * line, their line ends and the indentation the document gave each line not the message's. The
 * runs to take out, in text order: each tag's line, and between the lines, the line end and the
 * next line's indentation as deep as the tag's.
 */
function allOneLineRuns(text: string): { start: number; end: number }[] {
	const runs: { start: number; end: number }[] = [];
	for (let at = text.indexOf(allOneLine); at >= 0; at = text.indexOf(allOneLine, at + 1)) {
		const open = text.lastIndexOf('\n', at - 1) + 1;
		const indent = at - open;
		if (indent !== indentOf(text, open, at) || !isBlankLine(text, at + 12, lineEnd(text, at)))
			continue;
		// The closing tag within a few lines.
		let close = -1;
		let line = lineEnd(text, at) + 1;
		for (let k = 0; k < 12 && line < text.length; k++) {
			const e = lineEnd(text, line);
			const tagAt = line + indentOf(text, line, e);
			if (text.startsWith('</allOneLine>', tagAt) || text.startsWith(allOneLine, tagAt)) {
				close = line;
				break;
			}
			line = e + 1;
		}
		if (close < 0) continue;
		const first = lineEnd(text, at) + 1;
		if (first >= close) continue;
		runs.push({ start: open, end: first });
		// Each line end inside the block, with the next line's indentation up to the tag's depth.
		for (let l = first; ;) {
			let e = lineEnd(text, l);
			const next = e + 1;
			if (text.charCodeAt(e - 1) === 13) e--;
			if (next >= close) {
				// The last line's end, and the closing tag's line but for its own line end.
				runs.push({ start: e, end: lineEndBeforeCr(text, close) });
				break;
			}
			const depth = Math.min(indent, indentOf(text, next, lineEnd(text, next)));
			runs.push({ start: e, end: next + depth });
			l = next;
		}
		at = close;
	}
	return runs;
}

/** The end of the line at `at`, before a CR that ends it. */
function lineEndBeforeCr(text: string, at: number): number {
	const e = lineEnd(text, at);
	return e > at && text.charCodeAt(e - 1) === 13 ? e - 1 : e;
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
// An RFC's (`RFC 3515   The SIP Refer Method   April 2003`) or an Internet-Draft's
// (`Internet-Draft   SIP CC Transfer   March 2006`, older drafts in capitals).
const header = /^\f?(?:RFC \d{1,5}|Internet-Draft|INTERNET-DRAFT) /;

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
