import type { NameAddr, Span } from '../model';
import type { HeaderTable } from './headerTable';
import { isSpace, paramAt, parseParams, trimmedEnd, trimmedStart, unquote } from './split';
import type { Interner } from './strings';

/**
 * Parses name-addr / addr-spec (RFC 3261 §20.10, §25.1) between `start` and `end` of `text`:
 * `"Display" <uri>;params`, `Display <uri>;params` or `uri;params` (then the params belong to the
 * header, not the URI). Returns null if there is no URI at all. Given the trace's `table`, the
 * strings read are the trace's shared ones, and so is what the name-addr says (see
 * {@link NameAddrValue}).
 */
export function parseNameAddr(
	text: string,
	start: number,
	end: number,
	table?: HeaderTable,
): NameAddr | null {
	const strings = table?.strings;
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
	// No scheme (`<:>`, `<10.0.0.1>`): not a URI (RFC 3986 §3.1, one letter at least).
	if (colon >= uriEnd || colon === uriStart) return null;
	const tag = paramAt(text, paramsFrom, end, 'tag', strings) ?? null;
	const uri = strings ? strings.at(text, uriStart, uriEnd) : text.slice(uriStart, uriEnd);
	return new ParsedNameAddr(
		table ? table.nameAddr(displayName, uri, tag, text) : { displayName, uri, tag, text },
		lt >= 0 ? ~uriStart : uriStart,
		end,
	);
}

/**
 * Each value's copy for one new text: the name-addrs that shared a value share its moved one. One
 * per re-analysis (a text), so no copy is looked up by comparing texts: two versions of a trace
 * are equal strings up to the edit, and comparing them read megabytes per name-addr.
 */
export type MovedValues = Map<NameAddrValue, NameAddrValue>;

/**
 * The same name-addr in a text where it moved by `delta`; its parameters are read from `text`
 * (the new one), so an old version of the text is not kept alive by it.
 */
export function shiftNameAddr(
	na: NameAddr,
	delta: number,
	text: string,
	moved: MovedValues,
): NameAddr {
	if (na instanceof ParsedNameAddr) return ParsedNameAddr.moved(na, delta, text, moved);
	return { ...na, uriSpan: { start: na.uriSpan.start + delta, end: na.uriSpan.end + delta } };
}

/** The same name-addr read from the same text `delta` further on (the same value met again). */
export function nameAddrAt(na: NameAddr, delta: number): NameAddr {
	if (na instanceof ParsedNameAddr) return ParsedNameAddr.at(na, delta);
	return { ...na, uriSpan: { start: na.uriSpan.start + delta, end: na.uriSpan.end + delta } };
}

/**
 * What a name-addr says, apart from where it stands: a dialog's messages repeat their From and
 * To, so the trace's name-addrs share one per distinct value (see `HeaderTable.nameAddr`), and
 * each keeps only its own offsets. `text` is the one the parameters are read from.
 */
export interface NameAddrValue {
	readonly displayName: string | null;
	readonly uri: string;
	readonly tag: string | null;
	readonly text: string;
}

/** Is `value` what these say? */
export function isNameAddrValue(
	value: NameAddrValue,
	displayName: string | null,
	uri: string,
	tag: string | null,
	text: string,
): boolean {
	return (
		value.uri === uri &&
		value.tag === tag &&
		value.displayName === displayName &&
		value.text === text
	);
}

/**
 * The header parameters are read into a map each time they are asked for, and not kept: correlation
 * needs the tag alone, and a trace has several name-addrs per message. The URI span is made when
 * read (semantic tokens, rarely) from its start and the URI, the text it was read from; the
 * parameters start where the URI ends, or after the `>` that closes it.
 */
class ParsedNameAddr implements NameAddr {
	readonly #value: NameAddrValue;
	/** Where the URI starts; `~start` when it stands in `<>`. */
	readonly #uriAt: number;
	readonly #paramsEnd: number;

	constructor(value: NameAddrValue, uriAt: number, paramsEnd: number) {
		this.#value = value;
		this.#uriAt = uriAt;
		this.#paramsEnd = paramsEnd;
	}

	/** `na` moved by `delta` in the same text: what it says is shared. */
	static at(na: ParsedNameAddr, delta: number): ParsedNameAddr {
		const at = na.#uriAt;
		return new ParsedNameAddr(
			na.#value,
			at < 0 ? ~(~at + delta) : at + delta,
			na.#paramsEnd + delta,
		);
	}

	/** `na` moved by `delta` in `text`; the name-addrs that shared a value share its moved one. */
	static moved(
		na: ParsedNameAddr,
		delta: number,
		text: string,
		moved: MovedValues,
	): ParsedNameAddr {
		const value = na.#value;
		let to = moved.get(value);
		if (to === undefined) {
			to = { displayName: value.displayName, uri: value.uri, tag: value.tag, text };
			moved.set(value, to);
		}
		const at = na.#uriAt;
		return new ParsedNameAddr(to, at < 0 ? ~(~at + delta) : at + delta, na.#paramsEnd + delta);
	}

	get displayName(): string | null {
		return this.#value.displayName;
	}

	get uri(): string {
		return this.#value.uri;
	}

	get tag(): string | null {
		return this.#value.tag;
	}

	get text(): string {
		return this.#value.text;
	}

	get uriStart(): number {
		const at = this.#uriAt;
		return at < 0 ? ~at : at;
	}

	get paramsFrom(): number {
		const uriEnd = this.uriStart + this.uri.length;
		// Only white space stands between the URI and its `>`, and no `>` in it.
		return this.#uriAt < 0 ? this.text.indexOf('>', uriEnd) + 1 : uriEnd;
	}

	get paramsEnd(): number {
		return this.#paramsEnd;
	}

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

/**
 * Index of char `code` in [start, end) outside a quoted string, or -1. A message logged inside a
 * JSON or C string (`From: \"Alice\" <sip:a@b>`, its line ends `\r\n`) has its quotes
 * escaped: a `\"` outside a quoted string opens one that the next `\"` closes.
 */
export function findUnquoted(text: string, start: number, end: number, code: number): number {
	// 0: outside; 1: inside `"..."`; 2: inside `\"...\"`.
	let quoted = 0;
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (quoted === 1) {
			if (c === 92) i++;
			else if (c === 34) quoted = 0;
		} else if (quoted === 2) {
			if (c === 92) {
				if (text.charCodeAt(i + 1) === 34) quoted = 0;
				i++;
			}
		} else if (c === 34) quoted = 1;
		else if (c === 92 && text.charCodeAt(i + 1) === 34) {
			quoted = 2;
			i++;
		} else if (c === code) return i;
	}
	return -1;
}
