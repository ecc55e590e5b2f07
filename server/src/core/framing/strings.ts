/**
 * One string for all equal values of a trace's metadata. A trace names a few addresses and
 * transports thousands of times; each frame would otherwise keep its own copy. Values are looked
 * up by their characters, in place in the text: a span already seen makes no string at all (a
 * slice, then a map lookup by it, cost more than the rest of reading an address line). The
 * values' characters are kept in one array too, where comparing them is cheapest.
 */
export class SpanStrings {
	#values: (string | undefined)[] = new Array<string | undefined>(initialSlots).fill(undefined);
	/** Per slot: the value's hash, where its characters start in #chars, its length. */
	#slots = new Int32Array(initialSlots * 3);
	#chars = new Uint16Array(1024);
	#charsUsed = 0;
	#count = 0;

	/** The string of `text`'s [start, end), the same one for equal spans. */
	span(text: string, start: number, end: number): string {
		let h = hashStart;
		for (let i = start; i < end; i++) h = hashStep(h, text.charCodeAt(i));
		return this.hashedSpan(text, start, end, h);
	}

	/**
	 * {@link span}, for a caller that hashed the span's code units (`hashStart`, then `hashStep`
	 * for each) while reading it for its end: its characters are not read again to be hashed.
	 */
	hashedSpan(text: string, start: number, end: number, h: number): string {
		const values = this.#values;
		const slots = this.#slots;
		const chars = this.#chars;
		const mask = values.length - 1;
		const length = end - start;
		let slot = h & mask;
		for (let probe = 0; probe < maxProbes; probe++, slot = (slot + 1) & mask) {
			const value = values[slot];
			if (value === undefined) return this.#add(slot, h, text, start, end);
			if (slots[slot * 3] !== h || slots[slot * 3 + 2] !== length) continue;
			const at = slots[slot * 3 + 1]! - start;
			let i = start;
			while (i < end && chars[at + i] === text.charCodeAt(i)) i++;
			if (i === end) return value;
		}
		// Many values with one hash (crafted input): not shared, so that lookups stay bounded.
		return text.slice(start, end);
	}

	/** The string equal to `value` kept for the trace (`null` for none). */
	of(value: string | null | undefined): string | null {
		if (value === null || value === undefined) return null;
		return this.span(value, 0, value.length);
	}

	#add(slot: number, h: number, text: string, start: number, end: number): string {
		const length = end - start;
		if (this.#charsUsed + length > this.#chars.length) {
			const grown = new Uint16Array(Math.max(this.#chars.length * 2, this.#charsUsed + length));
			grown.set(this.#chars);
			this.#chars = grown;
		}
		const at = this.#charsUsed;
		for (let i = 0; i < length; i++) this.#chars[at + i] = text.charCodeAt(start + i);
		this.#charsUsed += length;
		const value = text.slice(start, end);
		this.#place(slot, h, at, length, value);
		if (++this.#count * 2 > this.#values.length) this.#grow();
		return value;
	}

	#place(slot: number, h: number, at: number, length: number, value: string): void {
		this.#values[slot] = value;
		this.#slots[slot * 3] = h;
		this.#slots[slot * 3 + 1] = at;
		this.#slots[slot * 3 + 2] = length;
	}

	/** Twice the slots, every value placed again (at most `maxProbes` from its hash's slot). */
	#grow(): void {
		const values = this.#values;
		const slots = this.#slots;
		const size = values.length * 2;
		const mask = size - 1;
		this.#values = new Array<string | undefined>(size).fill(undefined);
		this.#slots = new Int32Array(size * 3);
		this.#count = 0;
		for (let i = 0; i < values.length; i++) {
			const value = values[i];
			if (value === undefined) continue;
			const h = slots[i * 3]!;
			let slot = h & mask;
			for (let probe = 0; probe < maxProbes; probe++, slot = (slot + 1) & mask) {
				if (this.#values[slot] === undefined) {
					this.#place(slot, h, slots[i * 3 + 1]!, slots[i * 3 + 2]!, value);
					this.#count++;
					break;
				}
			}
		}
	}
}

/** FNV-1a over the UTF-16 code units: the hash of no code unit, then one step per unit. */
export const hashStart = 0x811c9dc5 | 0;
export function hashStep(h: number, c: number): number {
	return Math.imul(h ^ c, 0x01000193);
}

const initialSlots = 64;
/** Slots looked at for one value: its lookups stay bounded whatever the values' hashes. */
const maxProbes = 16;
