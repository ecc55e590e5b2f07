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
