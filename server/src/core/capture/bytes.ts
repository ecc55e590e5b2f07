/*
 * Bounds-checked reads of a byte array: a read past the end gives -1, never throws, so every
 * parser above can test one value instead of guarding each offset.
 */

export type Bytes = Uint8Array;

export function u8(b: Bytes, at: number): number {
	return at >= 0 && at < b.length ? b[at]! : -1;
}

export function u16(b: Bytes, at: number, little = false): number {
	if (at < 0 || at + 2 > b.length) return -1;
	return little ? b[at]! | (b[at + 1]! << 8) : (b[at]! << 8) | b[at + 1]!;
}

export function u32(b: Bytes, at: number, little = false): number {
	if (at < 0 || at + 4 > b.length) return -1;
	const v = little
		? b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)
		: (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
	return v >>> 0;
}

/** The first index of `needle` in `b` within [from, to), or -1. */
export function indexOf(b: Bytes, needle: readonly number[], from: number, to: number): number {
	const first = needle[0]!;
	const last = Math.min(to, b.length) - needle.length;
	for (let i = Math.max(0, from); i <= last; i++) {
		if (b[i] !== first) continue;
		let j = 1;
		while (j < needle.length && b[i + j] === needle[j]) j++;
		if (j === needle.length) return i;
	}
	return -1;
}

/** Joins chunks into one array (a reassembled datagram or stream). */
export function concat(chunks: readonly Bytes[]): Bytes {
	let n = 0;
	for (const c of chunks) n += c.length;
	const out = new Uint8Array(n);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.length;
	}
	return out;
}
