import type { NameAddr, Span } from '../model';
import { isSpace, paramAt, parseParams, trimmedEnd, trimmedStart, unquote } from './split';
import type { Interner } from './strings';

/**
 * Parses name-addr / addr-spec (RFC 3261 §20.10, §25.1) between `start` and `end` of `text`:
 * `"Display" <uri>;params`, `Display <uri>;params` or `uri;params` (then the params belong to the
 * header, not the URI). Returns null if there is no URI at all. Given the trace's `strings`, the
 * strings read are the trace's shared ones.
 */
export function parseNameAddr(
	text: string,
	start: number,
	end: number,
	strings?: Interner,
): NameAddr | null {
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
		displayName = displayNameAt(text, i, lt, strings);
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
	const tag = paramAt(text, paramsFrom, end, 'tag', strings);
	return new ParsedNameAddr(
		displayName,
		strings ? strings.at(text, uriStart, uriEnd) : text.slice(uriStart, uriEnd),
		uriStart,
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
	if (na instanceof ParsedNameAddr)
		return new ParsedNameAddr(
			na.displayName,
			na.uri,
			na.uriStart + delta,
			na.tag,
			text,
			na.paramsFrom + delta,
			na.paramsEnd + delta,
		);
	return { ...na, uriSpan: { start: na.uriSpan.start + delta, end: na.uriSpan.end + delta } };
}

/**
 * The header parameters are read into a map each time they are asked for, and not kept: correlation
 * needs the tag alone, and a trace has several name-addrs per message. The URI span is made when
 * read (semantic tokens, rarely) from its start and the URI, the text it was read from.
 */
class ParsedNameAddr implements NameAddr {
	constructor(
		readonly displayName: string | null,
		readonly uri: string,
		readonly uriStart: number,
		readonly tag: string | null,
		private readonly text: string,
		readonly paramsFrom: number,
		readonly paramsEnd: number,
	) {}

	get uriSpan(): Span {
		return { start: this.uriStart, end: this.uriStart + this.uri.length };
	}

	get params(): ReadonlyMap<string, string | null> {
		let paramText = this.text.slice(this.paramsFrom, this.paramsEnd).trim();
		if (paramText.startsWith(';')) paramText = paramText.slice(1);
		return parseParams(paramText);
	}
}

/** The display name before `<` at `end`, trimmed and unquoted, or null when there is none. */
function displayNameAt(
	text: string,
	start: number,
	end: number,
	strings: Interner | undefined,
): string | null {
	const ds = trimmedStart(text, start, end);
	const de = trimmedEnd(text, start, end);
	if (strings && ds >= 0 && de >= 0) {
		if (de <= ds) return null;
		if (de - ds < 2 || text.charCodeAt(ds) !== 34 || text.charCodeAt(de - 1) !== 34)
			return strings.at(text, ds, de);
		// `"Alice"`: the text between the quotes, when no backslash escapes a character in it.
		let escaped = false;
		for (let k = ds + 1; k < de - 1 && !escaped; k++) escaped = text.charCodeAt(k) === 92;
		if (!escaped) return strings.at(text, ds + 1, de - 1);
	}
	const display = text.slice(start, end).trim();
	return display ? unquote(display) : null;
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
