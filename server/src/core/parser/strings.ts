/**
 * The strings a trace repeats from message to message (Call-IDs, tags, URIs, sent-by, branches,
 * reason phrases), one string per distinct value: a dialog's messages share one Call-ID string,
 * a trace's users their URIs. Looked up in place, from the text's characters: a value seen
 * before costs no allocation. One table per trace (see {@link HeaderTable}), dropped with it.
 *
 * A fixed, direct-mapped table: each value has one slot, and a value that comes to an occupied
 * slot takes it. A dialog repeats its values within a few messages, a trace its URIs in every
 * message, so what is evicted is rarely met again; the table stays small enough to stay in the
 * processor's cache, and a lookup is one hash and one compare, whatever the trace holds (values
 * crafted to collide only evict each other).
 */
export class Interner {
	/**
	 * Per slot, four numbers side by side (one cache line for all): the value's hash, its length
	 * with its {@link mark} above it (from bit 16), where it was last met in {@link #text} and the
	 * generation of `#text` that place is in (see
	 * {@link #generation}). A hit is confirmed against the text where the value was last met, a few
	 * messages back and still in the processor's cache, not against the kept string: that string
	 * points into the text where the value was first met, often megabytes back, and reading it cost
	 * a wait on memory per lookup.
	 */
	#meta: Int32Array | null = null;
	#slots: (string | undefined)[] | null = null;
	/** The text the kept places stand in, the trace's nearly always. */
	#text: string | null = null;
	/** Counts changes of {@link #text}: a place kept in an earlier one is not read in the current one. */
	#generation = 0;

	constructor(
		/** Lower-cased values: the table keeps and compares them lower-case. */
		private readonly lower = false,
		private readonly size = lower ? 1 << 8 : 1 << 14,
	) {}

	/**
	 * Gives up the lookup table (a few hundred kilobytes) once the trace is parsed: the strings
	 * stay with the messages that hold them; a later lookup makes a new, empty table.
	 */
	release(): void {
		this.#meta = null;
		this.#slots = null;
		this.#last = -1;
	}

	#allocate(): (string | undefined)[] {
		this.#meta = new Int32Array(4 * this.size);
		return (this.#slots = new Array<string | undefined>(this.size).fill(undefined));
	}

	/** [start, end) of `text` (lower-cased for a lower-case table), shared when seen before. */
	at(text: string, start: number, end: number): string {
		const length = end - start;
		// Long values rarely repeat; hashing them would cost more than it saves.
		this.#last = -1;
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
		const slots = this.#slots ?? this.#allocate();
		const slot = h & (slots.length - 1);
		const meta = this.#meta!;
		const m = 4 * slot;
		// Another text (a value a cut copied, a trace after an edit): places kept are not in it.
		if (text !== this.#text) this.#generation++;
		// Held as this very string: a text equal to it but another string (the same file read
		// again) is compared character by character once, not at every value.
		this.#text = text;
		if (meta[m] === h && (meta[m + 1]! & lengthMask) === length) {
			const s = slots[slot];
			if (s !== undefined) {
				const same =
					meta[m + 3] === this.#generation
						? this.lower
							? sameLowerAt(text, meta[m + 2]!, start, length)
							: sameAt(text, meta[m + 2]!, start, length)
						: this.lower
							? sameLower(s, text, start)
							: readsAt(text, start, s);
				if (same) {
					meta[m + 2] = start;
					meta[m + 3] = this.#generation;
					this.#last = slot;
					return s;
				}
			}
		}
		const made = this.#make(text, start, end);
		slots[slot] = made;
		meta[m] = h;
		meta[m + 1] = length;
		meta[m + 2] = start;
		meta[m + 3] = this.#generation;
		this.#last = slot;
		return made;
	}

	/** The slot of the value the last {@link at} answered, -1 when it keeps none. */
	#last = -1;

	/**
	 * What the caller noted of the value the last {@link at} answered ({@link setMark}), 0 when
	 * nothing: kept with the value, found with it, dropped when another value takes its slot. One
	 * use per table: the table of a trace's values notes whether each is a valid Request-URI,
	 * which a trace asks again for every request, in the same place as the value itself.
	 */
	mark(): number {
		const slot = this.#last;
		return slot < 0 ? 0 : this.#meta![4 * slot + 1]! >>> markShift;
	}

	/** Notes `mark` (1 to 0x7fff) for the value the last {@link at} answered (see {@link mark}). */
	setMark(mark: number): void {
		const slot = this.#last;
		if (slot < 0) return;
		const m = 4 * slot + 1;
		const meta = this.#meta!;
		meta[m] = (meta[m]! & lengthMask) | (mark << markShift);
	}

	#make(text: string, start: number, end: number): string {
		const s = text.slice(start, end);
		return this.lower ? s.toLowerCase() : s;
	}
}

/** Are the `length` characters of `text` at `a` those at `b`? */
function sameAt(text: string, a: number, b: number, length: number): boolean {
	for (let k = 0; k < length; k++)
		if (text.charCodeAt(a + k) !== text.charCodeAt(b + k)) return false;
	return true;
}

/** Are the `length` characters of `text` at `a` those at `b`, ASCII capitals read lower-case? */
function sameLowerAt(text: string, a: number, b: number, length: number): boolean {
	for (let k = 0; k < length; k++) {
		let c = text.charCodeAt(a + k);
		let d = text.charCodeAt(b + k);
		if (c >= 65 && c <= 90) c += 32;
		if (d >= 65 && d <= 90) d += 32;
		if (c !== d) return false;
	}
	return true;
}

/**
 * Does `text` read `s` at `at` (`at` >= 0)? `text.startsWith(s, at)` in a loop: for the short
 * strings a parser compares (a method, `SIP/2.0`, a value met before), the loop costs a fraction
 * of what the built-in does, and these compares run several times per message.
 */
export function readsAt(text: string, at: number, s: string): boolean {
	for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) !== text.charCodeAt(at + k)) return false;
	return true;
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
const lengthMask = 0xffff;
const markShift = 16;

/** Spreads the bits of a string hash (MurmurHash3's finaliser), so that `hash & mask` varies. */
function mix(h: number): number {
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	return h ^ (h >>> 16);
}
