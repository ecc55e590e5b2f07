import { isKnownMethod } from '../parser/methods';
import { indexWithin } from '../text/search';
import { isHeaderLine, readLine, type Line } from './lines';

/*
 * A request line a copy wrapped: a mail archive's (`REGISTER` / `sip:example.com SIP/2.0`, the
 * space between them turned into the line break) or a console's at its width (sipML5's `recv=NOTIFY
 * ` / `sip:web8000@...;ws-src-ip=130.1` / `0.239.45;...;ws-src-proto=ws SIP/2.0`). Found where the
 * method ends a line (alone, or after a logger's tag), the Request-URI opens the next, the version
 * ends it or the one after it, and a header follows: the message starts at the method, its start
 * line read over the lines (see `Frame.joins`).
 */

/** How many lines the request line runs over beyond its first. */
const maxMore = 2;

export interface WrappedStartLine {
	/** Where the method starts. */
	readonly start: number;
	/** How many lines after the method's the request line goes on over (1 or 2). */
	readonly more: number;
}

/** The request line wrapped from [cs, ce) onto the lines after it (the first at `next`), or null. */
export function wrappedStartLine(
	text: string,
	cs: number,
	ce: number,
	next: number,
): WrappedStartLine | null {
	let e = ce;
	while (e > cs && text.charCodeAt(e - 1) === 32) e--;
	// The line ends with the method, or with the method and a Request-URI (no version yet).
	let uri = -1;
	// Searched within the line only: a search on past its start would read the lines above.
	let lastSpace = e - 1;
	while (lastSpace >= cs && text.charCodeAt(lastSpace) !== 32) lastSpace--;
	if (lastSpace >= cs && isSchemeAt(text, lastSpace + 1)) {
		uri = lastSpace + 1;
		e = lastSpace;
	}
	let s = e;
	while (s > cs && isUpper(text.charCodeAt(s - 1))) s--;
	// A registered method: an uppercase word at a line's end is seldom one.
	if (e - s < 3 || e - s > 9 || !isKnownMethod(text.slice(s, e))) return null;
	// The method alone, or after a tag that ends in `=`, `:`, `>` or white space (`recv=`).
	if (s > cs) {
		const before = text.charCodeAt(s - 1);
		if (before !== 61 && before !== 58 && before !== 62 && before !== 32 && before !== 9)
			return null;
	}
	const line: Line = { start: 0, end: 0, next };
	for (let more = 1; more <= maxMore; more++) {
		if (!readLine(text, line.next, line)) return null;
		let le = line.end;
		while (le > line.start && isSpace(text.charCodeAt(le - 1))) le--;
		if (le === line.start) return null;
		// Where the version stands alone on its line (`INVITE sip:a@b ` / `SIP/2.0`), or after the
		// rest of the Request-URI; the first line below the method opens the Request-URI.
		const version =
			uri >= 0 && le - line.start === 7 && text.startsWith('SIP/2.0', line.start) ? line.start : -1;
		if (version < 0 && uri < 0 && more === 1 && !isSchemeAt(text, line.start)) return null;
		const space = version >= 0 ? -1 : indexWithin(text, ' ', line.start, le);
		if (version >= 0 || space >= 0) {
			if (version < 0 && (space !== le - 8 || !text.startsWith(' SIP/2.0', space))) return null;
			const after: Line = { start: 0, end: 0, next: line.next };
			return readLine(text, after.next, after) && isHeaderLine(text, after.start, after.end)
				? { start: s, more }
				: null;
		}
	}
	return null;
}

/** A Request-URI's scheme and colon at `at` (`sip:`, `sips:`, `tel:`, `urn:`, `im:`, `pres:`). */
function isSchemeAt(text: string, at: number): boolean {
	return /^(?:sips?|tel|urn|im|pres):/i.test(text.slice(at, at + 6));
}

/** The lines of [start, end) as `Frame.lines` pairs, without their line ends. */
export function lineSpans(text: string, start: number, end: number): Int32Array {
	const pairs: number[] = [];
	const line: Line = { start: 0, end: 0, next: start };
	while (line.next < end && readLine(text, line.next, line))
		pairs.push(line.start, Math.min(line.end, end));
	return Int32Array.from(pairs);
}

const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 13;
