/**
 * A map from string to value for the few entries one Call-ID or one branch has: a short array
 * searched in place while small (no Map and no hashing per message), a Map once it grows, so a
 * trace that reuses one Call-ID for thousands of calls stays linear.
 */
export class SmallMap<V> {
	#keys: string[] | null = [];
	#values: V[] | null = [];
	#map: Map<string, V> | null = null;

	get(key: string): V | undefined {
		if (this.#map) return this.#map.get(key);
		const keys = this.#keys!;
		for (let i = 0; i < keys.length; i++) if (keys[i] === key) return this.#values![i];
		return undefined;
	}

	set(key: string, value: V): void {
		if (this.#map) {
			this.#map.set(key, value);
			return;
		}
		const keys = this.#keys!;
		for (let i = 0; i < keys.length; i++)
			if (keys[i] === key) {
				this.#values![i] = value;
				return;
			}
		if (keys.length < 16) {
			keys.push(key);
			this.#values!.push(value);
			return;
		}
		this.#map = new Map(keys.map((k, i) => [k, this.#values![i]!]));
		this.#map.set(key, value);
		this.#keys = null;
		this.#values = null;
	}
}

/**
 * A map keyed by a Call-ID, a tag and two more strings, without a key string made per lookup:
 * looked up by Call-ID, then the few entries of that call searched; a call with many entries
 * gets a map by the joined key, so a trace reusing one Call-ID stays linear.
 */
export class CallMap<V> {
	readonly #calls = new Map<string, CallEntries<V>>();

	get(callId: string, tag: string, a: string, b: string): V | undefined {
		const entries = this.#calls.get(callId);
		if (!entries) return undefined;
		if (entries.map) return entries.map.get(joined(tag, a, b));
		for (const e of entries.list!) if (e.tag === tag && e.a === a && e.b === b) return e.value;
		return undefined;
	}

	set(callId: string, tag: string, a: string, b: string, value: V): void {
		let entries = this.#calls.get(callId);
		if (!entries) this.#calls.set(callId, (entries = { list: [], map: null }));
		if (entries.map) {
			entries.map.set(joined(tag, a, b), value);
			return;
		}
		const list = entries.list!;
		for (const e of list)
			if (e.tag === tag && e.a === a && e.b === b) {
				e.value = value;
				return;
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
