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
	readonly #hashes = new Int32Array(slots);
	/** The value's text, `undefined` for an empty slot. */
	readonly #texts = new Array<string | undefined>(slots).fill(undefined);
	/** Where the value stood when it was read: a hit's reading is moved by the difference. */
	readonly #starts = new Int32Array(slots);
	readonly #readings = new Array<T | null>(slots).fill(null);
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
		const s = this.#texts[slot];
		if (
			s !== undefined &&
			this.#hashes[slot] === h &&
			s.length === length &&
			text.startsWith(s, start)
		) {
			this.found = this.#starts[slot]!;
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
		this.#texts[slot] = text.slice(start, end);
		this.#hashes[slot] = this.#hash;
		this.#starts[slot] = start;
		this.#readings[slot] = reading;
	}
}

const slots = 1 << 12;
/** Longer values are rare and rarely repeat: not kept. */
const maxLength = 400;
/** How many characters from a value's end are hashed. */
const hashed = 32;
