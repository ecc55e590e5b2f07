/**
 * The strings a trace repeats from message to message (Call-IDs, tags, URIs, sent-by, branches,
 * reason phrases), one string per distinct value: a dialog's messages share one Call-ID string,
 * a trace's users their URIs. Looked up in place, from the text's characters: a value already
 * seen costs no allocation. One table per trace (see {@link HeaderTable}), dropped with it.
 */
export class Interner {
	#hashes = new Int32Array(1024);
	#slots: (string | undefined)[] = new Array<string | undefined>(1024).fill(undefined);
	#count = 0;

	constructor(
		/** Lower-cased values: the table keeps and compares them lower-case. */
		private readonly lower = false,
	) {}

	/** [start, end) of `text` (lower-cased for a lower-case table), shared when seen before. */
	at(text: string, start: number, end: number): string {
		const length = end - start;
		// Long values rarely repeat; hashing them would cost more than it saves.
		if (length > maxLength || length <= 0) return this.#make(text, start, end);
		let h = 0;
		if (this.lower) {
			for (let i = start; i < end; i++) {
				const c = text.charCodeAt(i);
				// Beyond ASCII, lower case is Unicode's (`toLowerCase`): made, not shared.
				if (c >= 0x80) return this.#make(text, start, end);
				h = (Math.imul(h, 31) + (c >= 65 && c <= 90 ? c + 32 : c)) | 0;
			}
		} else for (let i = start; i < end; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
		h = mix(h);
		const mask = this.#hashes.length - 1;
		// A bounded probe: values crafted to collide are made afresh, not searched for, so a
		// hostile trace stays linear.
		for (let probe = 0, at = h & mask; probe < maxProbes; probe++, at = (at + 1) & mask) {
			const s = this.#slots[at];
			if (s === undefined) {
				const made = this.#make(text, start, end);
				this.#slots[at] = made;
				this.#hashes[at] = h;
				if (2 * ++this.#count > this.#hashes.length) this.#grow();
				return made;
			}
			if (
				this.#hashes[at] === h &&
				s.length === length &&
				(this.lower ? sameLower(s, text, start) : text.startsWith(s, start))
			)
				return s;
		}
		return this.#make(text, start, end);
	}

	#make(text: string, start: number, end: number): string {
		const s = text.slice(start, end);
		return this.lower ? s.toLowerCase() : s;
	}

	#grow(): void {
		this.#count = 0;
		const hashes = this.#hashes;
		const slots = this.#slots;
		const size = 2 * hashes.length;
		const mask = size - 1;
		this.#hashes = new Int32Array(size);
		this.#slots = new Array<string | undefined>(size).fill(undefined);
		for (let i = 0; i < slots.length; i++) {
			const s = slots[i];
			if (s === undefined) continue;
			// As bounded as a lookup: a value that finds no slot near its place is left out (the
			// table is a cache: it is made afresh when met again).
			let at = hashes[i]! & mask;
			for (let probe = 0; probe < maxProbes; probe++, at = (at + 1) & mask) {
				if (this.#slots[at] !== undefined) continue;
				this.#slots[at] = s;
				this.#hashes[at] = hashes[i]!;
				this.#count++;
				break;
			}
		}
	}
}

/** Does `text` at `start` read `lower` once its ASCII capitals are lower-cased? */
function sameLower(lower: string, text: string, start: number): boolean {
	for (let k = 0; k < lower.length; k++) {
		let c = text.charCodeAt(start + k);
		if (c >= 65 && c <= 90) c += 32;
		if (c !== lower.charCodeAt(k)) return false;
	}
	return true;
}

const maxLength = 200;
const maxProbes = 32;

/** Spreads the bits of a string hash (MurmurHash3's finaliser), so that `hash & mask` varies. */
function mix(h: number): number {
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	return h ^ (h >>> 16);
}
