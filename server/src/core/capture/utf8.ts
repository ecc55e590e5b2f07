import type { Bytes } from './bytes';

/*
 * Payload bytes as text: UTF-8 (RFC 3261 §7.3.1 says SIP text is UTF-8), or Latin-1 when the
 * octets are not valid UTF-8 (a body in another charset), so every octet stays one character and
 * nothing is replaced. Written out here because the core has no TextDecoder (no DOM, no Node).
 */
export function decodePayload(b: Bytes): string {
	return utf8(b) ?? latin1(b);
}

/** Latin-1: one character per octet. */
export function latin1(b: Bytes): string {
	let out = '';
	for (let i = 0; i < b.length; i += 8192)
		out += String.fromCharCode(...b.subarray(i, Math.min(b.length, i + 8192)));
	return out;
}

/** Strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF), or null. */
export function utf8(b: Bytes): string | null {
	const units: number[] = [];
	let out = '';
	for (let i = 0; i < b.length;) {
		const c = b[i]!;
		let cp: number;
		let n: number;
		if (c < 0x80) {
			cp = c;
			n = 1;
		} else if (c >= 0xc2 && c <= 0xdf) {
			cp = c & 0x1f;
			n = 2;
		} else if (c >= 0xe0 && c <= 0xef) {
			cp = c & 0x0f;
			n = 3;
		} else if (c >= 0xf0 && c <= 0xf4) {
			cp = c & 0x07;
			n = 4;
		} else return null;
		if (i + n > b.length) return null;
		for (let k = 1; k < n; k++) {
			const d = b[i + k]!;
			if ((d & 0xc0) !== 0x80) return null;
			cp = (cp << 6) | (d & 0x3f);
		}
		if (
			(n === 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
			(n === 4 && (cp < 0x10000 || cp > 0x10ffff))
		)
			return null;
		if (cp > 0xffff) {
			cp -= 0x10000;
			units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
		} else units.push(cp);
		i += n;
		if (units.length >= 8192) {
			out += String.fromCharCode(...units);
			units.length = 0;
		}
	}
	return out + String.fromCharCode(...units);
}
