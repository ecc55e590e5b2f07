import type { NameAddr, Span } from '../model';
import { isSpace, paramAt, parseParams, unquote } from './split';

/**
 * Parses name-addr / addr-spec (RFC 3261 §20.10, §25.1) between `start` and `end` of `text`:
 * `"Display" <uri>;params`, `Display <uri>;params` or `uri;params` (then the params belong to the
 * header, not the URI). Returns null if there is no URI at all.
 */
export function parseNameAddr(text: string, start: number, end: number): NameAddr | null {
	let i = start;
	while (i < end && isSpace(text.charCodeAt(i))) i++;
	let displayName: string | null = null;
	let uriStart: number;
	let uriEnd: number;
	let paramsFrom: number;
	const lt = findUnquoted(text, i, end, 60);
	if (lt >= 0) {
		let gt = lt + 1;
		while (gt < end && text.charCodeAt(gt) !== 62) gt++;
		if (gt >= end) return null;
		const display = text.slice(i, lt).trim();
		displayName = display ? unquote(display) : null;
		uriStart = lt + 1;
		uriEnd = gt;
		paramsFrom = gt + 1;
	} else {
		uriStart = i;
		uriEnd = i;
		while (uriEnd < end && text.charCodeAt(uriEnd) !== 59 && !isSpace(text.charCodeAt(uriEnd)))
			uriEnd++;
		paramsFrom = uriEnd;
	}
	while (uriStart < uriEnd && isSpace(text.charCodeAt(uriStart))) uriStart++;
	while (uriEnd > uriStart && isSpace(text.charCodeAt(uriEnd - 1))) uriEnd--;
	let colon = uriStart;
	while (colon < uriEnd && text.charCodeAt(colon) !== 58) colon++;
	if (colon >= uriEnd) return null; // no scheme: not a URI
	const tag = paramAt(text, paramsFrom, end, 'tag');
	return new ParsedNameAddr(
		displayName,
		text.slice(uriStart, uriEnd),
		{ start: uriStart, end: uriEnd },
		tag ?? null,
		text,
		paramsFrom,
		end,
	);
}

/**
 * The same name-addr in a text where it moved by `delta`; its parameters are read from `text`
 * (the new one), so an old version of the text is not kept alive by it.
 */
export function shiftNameAddr(na: NameAddr, delta: number, text: string): NameAddr {
	const uriSpan = { start: na.uriSpan.start + delta, end: na.uriSpan.end + delta };
	if (na instanceof ParsedNameAddr)
		return new ParsedNameAddr(
			na.displayName,
			na.uri,
			uriSpan,
			na.tag,
			text,
			na.paramsFrom + delta,
			na.paramsEnd + delta,
		);
	return { ...na, uriSpan };
}

/** The header parameters are read into a map only when asked for: correlation needs the tag alone. */
class ParsedNameAddr implements NameAddr {
	#params: ReadonlyMap<string, string | null> | undefined;

	constructor(
		readonly displayName: string | null,
		readonly uri: string,
		readonly uriSpan: Span,
		readonly tag: string | null,
		private readonly text: string,
		readonly paramsFrom: number,
		readonly paramsEnd: number,
	) {}

	get params(): ReadonlyMap<string, string | null> {
		if (!this.#params) {
			let paramText = this.text.slice(this.paramsFrom, this.paramsEnd).trim();
			if (paramText.startsWith(';')) paramText = paramText.slice(1);
			this.#params = parseParams(paramText);
		}
		return this.#params;
	}
}

/** Index of char `code` in [start, end) outside a quoted string, or -1. */
function findUnquoted(text: string, start: number, end: number, code: number): number {
	let quoted = false;
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (quoted) {
			if (c === 92) i++;
			else if (c === 34) quoted = false;
		} else if (c === 34) quoted = true;
		else if (c === code) return i;
	}
	return -1;
}
