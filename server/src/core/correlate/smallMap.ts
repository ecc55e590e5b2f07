/**
 * A map from string to value for the few entries one Call-ID or one branch has: a short array
 * searched in place while small (no Map and no hashing per message), a Map once it grows, so a
 * trace that reuses one Call-ID for thousands of calls stays linear.
 */
export class SmallMap<V> {
	// Most have one entry (a call's one dialog, its one pending request): kept in fields, and
	// the others in arrays made on the second.
	#size = 0;
	#key0 = '';
	#value0: V | undefined = undefined;
	#keys: string[] | null = null;
	#values: V[] | null = null;
	#map: Map<string, V> | null = null;

	get(key: string): V | undefined {
		if (this.#map) return this.#map.get(key);
		if (this.#size === 0) return undefined;
		if (this.#key0 === key) return this.#value0;
		const keys = this.#keys;
		if (keys) for (let i = 0; i < keys.length; i++) if (keys[i] === key) return this.#values![i];
		return undefined;
	}

	set(key: string, value: V): void {
		if (this.#map) {
			this.#map.set(key, value);
			return;
		}
		if (this.#size === 0) {
			this.#key0 = key;
			this.#value0 = value;
			this.#size = 1;
			return;
		}
		if (this.#key0 === key) {
			this.#value0 = value;
			return;
		}
		const keys = this.#keys;
		if (keys)
			for (let i = 0; i < keys.length; i++)
				if (keys[i] === key) {
					this.#values![i] = value;
					return;
				}
		if (this.#size < 16) {
			if (keys) {
				keys.push(key);
				this.#values!.push(value);
			} else {
				this.#keys = [key];
				this.#values = [value];
			}
			this.#size++;
			return;
		}
		const map = new Map<string, V>([[this.#key0, this.#value0!]]);
		for (let i = 0; i < keys!.length; i++) map.set(keys![i]!, this.#values![i]!);
		map.set(key, value);
		this.#map = map;
		this.#keys = null;
		this.#values = null;
		this.#value0 = undefined;
	}
}

/**
 * A map keyed by a call (its Call-ID's number, `MessageFacts.call`), a tag and two more
 * strings, without a key string made per lookup: the call's few entries are searched; a call
 * with many entries gets a map by the joined key, so a trace reusing one Call-ID stays linear.
 */
export class CallMap<V> {
	/** By call: its entries' place in {@link #entries}, -1 for none (a dense list of the calls used). */
	readonly #slot: Int32Array;
	readonly #entries: CallEntries<V>[] = [];

	constructor(calls: number) {
		this.#slot = new Int32Array(calls).fill(-1);
	}

	get(call: number, tag: string, a: string, b: string): V | undefined {
		const slot = this.#slot[call]!;
		if (slot < 0) return undefined;
		const entries = this.#entries[slot]!;
		if (entries.map) return entries.map.get(joined(tag, a, b));
		const list = entries.list!;
		for (let i = 0; i < list.length; i++) {
			const e = list[i]!;
			if (e.tag === tag && e.a === a && e.b === b) return e.value;
		}
		return undefined;
	}

	set(call: number, tag: string, a: string, b: string, value: V): void {
		let slot = this.#slot[call]!;
		if (slot < 0) {
			slot = this.#slot[call] = this.#entries.length;
			this.#entries.push({ list: [], map: null });
		}
		const entries = this.#entries[slot]!;
		if (entries.map) {
			entries.map.set(joined(tag, a, b), value);
			return;
		}
		const list = entries.list!;
		for (let i = 0; i < list.length; i++) {
			const e = list[i]!;
			if (e.tag === tag && e.a === a && e.b === b) {
				e.value = value;
				return;
			}
		}
		list.push({ tag, a, b, value });
		if (list.length <= 16) return;
		entries.map = new Map(list.map((e) => [joined(e.tag, e.a, e.b), e.value]));
		entries.list = null;
	}
}

interface CallEntries<V> {
	list: { readonly tag: string; readonly a: string; readonly b: string; value: V }[] | null;
	map: Map<string, V> | null;
}

const joined = (tag: string, a: string, b: string): string => `${tag}\u0000${a}\u0000${b}`;
