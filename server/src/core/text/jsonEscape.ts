/*
 * A JSON string's escapes (RFC 8259 §7), read where they stand: by the character after the
 * backslash and, for `\u`, the code its four hex digits give.
 */

/** The code of the four hex digits at `at`, or -1. */
export function hexCode(text: string, at: number): number {
	if (at + 4 > text.length) return -1;
	let n = 0;
	for (let k = at; k < at + 4; k++) {
		const c = text.charCodeAt(k) | 32;
		const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
		if (d < 0) return -1;
		n = n * 16 + d;
	}
	return n;
}

/**
 * The character an escape stands for (`e` the code of the character after the backslash, `code`
 * that of a `\u` escape's digits, -1 when they are none), or null for a `\u` without digits or
 * a backslash with nothing after it.
 */
export function escapedChar(e: number, code: number): string | null {
	switch (e) {
		case 110:
			return '\n';
		case 114:
			return '\r';
		case 116:
			return '\t';
		case 98:
			return '\b';
		case 102:
			return '\f';
		case 117:
			return code >= 0 ? String.fromCharCode(code) : null;
		default:
			// `\"`, `\\`, `\/`: the character itself.
			return Number.isNaN(e) ? null : String.fromCharCode(e);
	}
}
