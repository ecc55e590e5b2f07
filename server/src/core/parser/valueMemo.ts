/**
 * What a header value was read as, looked up by the value's text: a transaction's request and
 * responses repeat their Vias, a dialog's messages their From and To, character for character.
 * A value met again is not read again; its reading is moved to where it now stands. Like the
 * trace's shared strings (`Interner`), one slot per hash holding the last value met in it, so
 * the table stays small and a lookup is one hash and one compare.
 *
 * A reading must depend on the value's characters alone (not on where it stands, nor on what
 * came before it), so that reading a repeat gives the same answer as moving the first reading.
 */
export class ValueMemo<T> {
	/**
	 * Per slot, four numbers side by side (one cache line for all): the value's hash, its length
	 * (0 for an empty slot: empty values are not kept), where it stood in {@link #text} when it was
	 * read, and where it was last met. Its characters are compared in place, with no copy of them
	 * kept, where it was last met: a few messages back, still in the processor's cache, where the
	 * first one may be megabytes back. A hit's reading is moved by the difference from the first.
	 */
	readonly #meta = new Int32Array(4 * slots);
	readonly #readings = new Array<T | null>(slots).fill(null);
	/** The text the kept values stand in: one trace's, the text a table reads. */
	#text: string | null = null;
	/** The slot of the last {@link find}, for {@link remember}. */
	#slot = 0;
	#hash = 0;

	/**
	 * The reading of [start, end) of `text` when that value was met before, with where it then
	 * started (`found`); undefined when not. A miss leaves its slot for {@link remember}.
	 */
	find(text: string, start: number, end: number): T | null | undefined {
		const length = end - start;
		if (length <= 0 || length > maxLength) {
			this.#slot = -1;
			return undefined;
		}
		// The ends of values tell them apart (a Via's branch, a From's tag): hashing those is enough.
		let h = length;
		for (let i = end > start + hashed ? end - hashed : start; i < end; i++)
			h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
		h ^= h >>> 15;
		h = Math.imul(h, 0x2c1b3c6d);
		h ^= h >>> 12;
		const slot = h & (slots - 1);
		this.#slot = slot;
		this.#hash = h;
		const meta = this.#meta;
		const m = 4 * slot;
		if (
			meta[m + 1] === length &&
			meta[m] === h &&
			text === this.#text &&
			sameAt(text, meta[m + 3]!, start, length)
		) {
			// This very string from now on: an equal one is compared character by character once.
			this.#text = text;
			meta[m + 3] = start;
			this.found = meta[m + 2]!;
			return this.#readings[slot]!;
		}
		return undefined;
	}

	/** Where the value {@link find} last found started when it was read. */
	found = 0;

	/** Keeps `reading` of [start, end) of `text`, the value the last {@link find} missed. */
	remember(text: string, start: number, end: number, reading: T | null): void {
		const slot = this.#slot;
		if (slot < 0) return;
		const meta = this.#meta;
		if (text !== this.#text) {
			// Values of another text are not compared with this one's: those kept are dropped.
			meta.fill(0);
			this.#readings.fill(null);
			this.#text = text;
		}
		const m = 4 * slot;
		meta[m] = this.#hash;
		meta[m + 1] = end - start;
		meta[m + 2] = start;
		meta[m + 3] = start;
		this.#readings[slot] = reading;
	}
}

/** Are the `length` characters of `text` at `a` those at `b`? */
function sameAt(text: string, a: number, b: number, length: number): boolean {
	for (let k = 0; k < length; k++)
		if (text.charCodeAt(a + k) !== text.charCodeAt(b + k)) return false;
	return true;
}

const slots = 1 << 12;
/** Longer values are rare and rarely repeat: not kept. */
const maxLength = 400;
/** How many characters from a value's end are hashed. */
const hashed = 32;
