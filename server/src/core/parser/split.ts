import type { Interner } from './strings';

/**
 * Splits a comma-separated header value into its elements (RFC 3261 §7.3.1), ignoring commas
 * inside quoted strings and angle brackets. Returns [start, end) offsets into `text`, trimmed.
 */
export function splitValues(text: string, start: number, end: number): [number, number][] {
	const out: [number, number][] = [];
	let quoted = false;
	let angle = 0;
	let from = start;
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (quoted) {
			if (c === 92)
				i++; // backslash escapes the next character
			else if (c === 34) quoted = false;
		} else if (c === 34) quoted = true;
		else if (c === 60) angle++;
		else if (c === 62 && angle > 0) angle--;
		else if (c === 44 && angle === 0) {
			push(text, from, i, out);
			from = i + 1;
		}
	}
	push(text, from, end, out);
	return out;
}

function push(text: string, start: number, end: number, out: [number, number][]): void {
	while (start < end && isSpace(text.charCodeAt(start))) start++;
	while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
	if (end > start) out.push([start, end]);
}

/**
 * The end of the element of a comma-separated header value that starts at `start`: the next
 * comma outside quoted strings and angle brackets, or `end` (the reading of {@link splitValues},
 * one element at a time, without making the list).
 */
export function valueEnd(text: string, start: number, end: number): number {
	let quoted = false;
	let angle = 0;
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (quoted) {
			if (c === 92) i++;
			else if (c === 34) quoted = false;
		} else if (c === 34) quoted = true;
		else if (c === 60) angle++;
		else if (c === 62 && angle > 0) angle--;
		else if (c === 44 && angle === 0) return i;
	}
	return end;
}

/**
 * White space where RFC 3261 allows LWS (§25.1). A no-break space (U+00A0) counts too: text
 * copied from a web page has it where the message had a space (message.no-break-space says so).
 */
export function isSpace(c: number): boolean {
	return c === 32 || c === 9 || c === 13 || c === 10 || c === 0xa0;
}

/** Parameters `;name=value;flag` of a header value, names lower-cased, quotes kept off. */
export function parseParams(s: string): Map<string, string | null> {
	const params = new Map<string, string | null>();
	let i = 0;
	while (i < s.length) {
		let end = i;
		let quoted = false;
		for (; end < s.length; end++) {
			const c = s.charCodeAt(end);
			if (c === 34) quoted = !quoted;
			else if (c === 59 && !quoted) break;
		}
		const part = s.slice(i, end).trim();
		if (part) {
			const eq = part.indexOf('=');
			if (eq < 0) params.set(part.toLowerCase(), null);
			else params.set(part.slice(0, eq).trim().toLowerCase(), unquote(part.slice(eq + 1).trim()));
		}
		i = end + 1;
	}
	return params;
}

export function unquote(s: string): string {
	if (s.length >= 2 && s.charCodeAt(0) === 34 && s.charCodeAt(s.length - 1) === 34) {
		return s.slice(1, -1).replace(/\\(.)/g, '$1');
	}
	return s;
}

/**
 * The value of parameter `name` (given lower-case) among the `;name=value;flag` parameters in
 * [start, end) of `text`, read in place: undefined when absent, null for a flag. Same reading as
 * {@link parseParams} (the last occurrence wins), without building a map.
 */
export function paramAt(
	text: string,
	start: number,
	end: number,
	name: string,
	strings?: Interner,
): string | null | undefined {
	let found: string | null | undefined;
	let i = start;
	while (i < end) {
		let partEnd = i;
		let quoted = false;
		for (; partEnd < end; partEnd++) {
			const c = text.charCodeAt(partEnd);
			if (c === 34) quoted = !quoted;
			else if (c === 59 && !quoted) break;
		}
		let ps = i;
		let pe = partEnd;
		while (ps < pe && isSpace(text.charCodeAt(ps))) ps++;
		while (pe > ps && isSpace(text.charCodeAt(pe - 1))) pe--;
		if (pe > ps) {
			let eq = ps;
			while (eq < pe && text.charCodeAt(eq) !== 61) eq++;
			let ne = eq;
			while (ne > ps && isSpace(text.charCodeAt(ne - 1))) ne--;
			if (ne - ps === name.length && sameLowerAt(text, ps, name)) {
				if (eq === pe) found = null;
				else {
					let vs = eq + 1;
					while (vs < pe && isSpace(text.charCodeAt(vs))) vs++;
					found =
						strings &&
						!(pe - vs >= 2 && text.charCodeAt(vs) === 34 && text.charCodeAt(pe - 1) === 34)
							? strings.at(text, vs, pe)
							: unquote(text.slice(vs, pe));
				}
			}
		}
		i = partEnd + 1;
	}
	return found;
}

/**
 * Where `String.prototype.trim` would start the text [start, end): past ASCII white space; -1
 * when a character above 0x7f stands there (Unicode white space is left to `trim` itself).
 */
export function trimmedStart(text: string, start: number, end: number): number {
	let i = start;
	for (; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c >= 0x80) return -1;
		if (c !== 32 && (c < 9 || c > 13)) break;
	}
	return i;
}

/** Where `String.prototype.trim` would end [start, end); -1 as in {@link trimmedStart}. */
export function trimmedEnd(text: string, start: number, end: number): number {
	let i = end;
	for (; i > start; i--) {
		const c = text.charCodeAt(i - 1);
		if (c >= 0x80) return -1;
		if (c !== 32 && (c < 9 || c > 13)) break;
	}
	return i;
}

/** Does the text at `at` equal `lower` (lower-case) ignoring ASCII case? */
export function sameLowerAt(text: string, at: number, lower: string): boolean {
	for (let i = 0; i < lower.length; i++) {
		const c = text.charCodeAt(at + i);
		if ((c >= 65 && c <= 90 ? c + 32 : c) !== lower.charCodeAt(i)) return false;
	}
	return true;
}
