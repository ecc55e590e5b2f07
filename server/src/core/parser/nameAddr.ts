import type { NameAddr } from '../model';
import { isSpace, parseParams, unquote } from './split';

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
		const gt = text.indexOf('>', lt + 1);
		if (gt < 0 || gt >= end) return null;
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
	if (
		uriEnd <= uriStart ||
		text.indexOf(':', uriStart) < 0 ||
		text.indexOf(':', uriStart) >= uriEnd
	)
		return null;
	let paramText = text.slice(paramsFrom, end).trim();
	if (paramText.startsWith(';')) paramText = paramText.slice(1);
	const params = parseParams(paramText);
	return {
		displayName,
		uri: text.slice(uriStart, uriEnd),
		uriSpan: { start: uriStart, end: uriEnd },
		tag: params.get('tag') ?? null,
		params,
	};
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
