/** Message -> message (or id), -1 for none, read with {@link Links.get}. */
export interface Links {
	/** The link of message `i`; -1 when it has none (or `i` is no message). */
	get(i: number): number;
}

/**
 * Links kept in the form that costs least: most traces link few messages (re-sent copies,
 * authentication retries, refreshed publications), and an array of every message would hold
 * -1 for nearly all. A link held by fewer than one message in four is kept as ascending pairs
 * (8 bytes per link, found by binary search) instead of 4 bytes per message.
 */
export function compactLinks(dense: Int32Array): Links {
	const n = linkedCount(dense);
	if (n * 4 >= dense.length) return new DenseLinks(dense);
	const keys = new Int32Array(n);
	const values = new Int32Array(n);
	pairsOf(dense, keys, values);
	return new SparseLinks(keys, values);
}

// Each loop ends a function of its own: a loop is optimised while it runs, and the code after it,
// not run yet then, threw the optimised code away when reached (once per loop, on a trace's size).

/** How many messages of `dense` have a link. */
function linkedCount(dense: Int32Array): number {
	let n = 0;
	for (let i = 0; i < dense.length; i++) if (dense[i]! >= 0) n++;
	return n;
}

/** The links of `dense` as ascending pairs, into `keys` and `values` (as many as it has). */
function pairsOf(dense: Int32Array, keys: Int32Array, values: Int32Array): void {
	for (let i = 0, k = 0; i < dense.length; i++)
		if (dense[i]! >= 0) {
			keys[k] = i;
			values[k++] = dense[i]!;
		}
}

class DenseLinks implements Links {
	constructor(readonly links: Int32Array) {}

	get(i: number): number {
		return this.links[i] ?? -1;
	}
}

class SparseLinks implements Links {
	constructor(
		readonly keys: Int32Array,
		readonly values: Int32Array,
	) {}

	get(i: number): number {
		if (!Number.isInteger(i)) return -1;
		const keys = this.keys;
		let lo = 0;
		let hi = keys.length - 1;
		while (lo <= hi) {
			const mid = (lo + hi) >>> 1;
			const k = keys[mid]!;
			if (k < i) lo = mid + 1;
			else if (k > i) hi = mid - 1;
			else return this.values[mid]!;
		}
		return -1;
	}
}
