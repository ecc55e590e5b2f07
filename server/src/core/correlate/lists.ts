/**
 * One empty list for every empty answer: an index holds thousands (transactions without
 * retransmissions), each `[]` an object of its own. Typed mutable for the builders' fields;
 * nothing writes to it once handed out.
 */
const empty: number[] = [];
export { empty as emptyList };

/**
 * The `n` messages of a list chained through `next` from `head` (-1 ends it), as an array at its
 * length: builders keep a list per transaction or dialog as links by message, in typed arrays,
 * and make each array once, at its size.
 */
export function chained(head: number, n: number, next: Int32Array): number[] {
	if (n === 0) return empty;
	const list = new Array<number>(n);
	for (let k = 0, i = head; k < n; k++, i = next[i]!) list[k] = i;
	return list;
}

/**
 * A list at its length: `push` leaves spare room (room for 16 more after the first), which a
 * finished index would keep for every transaction, dialog and subscription.
 */
export function fit(list: number[]): number[] {
	return list.length === 0 ? empty : list.slice();
}

/**
 * The method upper-cased, for the usual method already in capitals without a call: methods are
 * case-sensitive (RFC 3261 §7.1), but the index forgives a lower-case one as it always did.
 */
export function upperMethod(method: string): string {
	switch (method) {
		case 'INVITE':
		case 'ACK':
		case 'BYE':
		case 'CANCEL':
		case 'NOTIFY':
		case 'SUBSCRIBE':
		case 'PUBLISH':
		case 'REGISTER':
		case 'OPTIONS':
		case 'REFER':
		case 'MESSAGE':
		case 'INFO':
		case 'UPDATE':
		case 'PRACK':
			return method;
	}
	return method.toUpperCase();
}

/** The list in ascending order: sorted in place only when it is not already (seldom). */
export function sorted(list: number[]): number[] {
	for (let i = 1; i < list.length; i++)
		if (list[i - 1]! > list[i]!) return list.sort((a, b) => a - b);
	return list;
}

/**
 * Pairs of numbers (a list's id and a member), growing in typed arrays: a builder that adds
 * members to many lists in one pass records them here and makes each list once, at its length,
 * where an array per list grown by `push` would leave spare room and garbage behind.
 */
export class Pairs {
	length = 0;
	first = new Int32Array(256);
	second = new Int32Array(256);

	add(first: number, second: number): void {
		if (this.length === this.first.length) {
			const f = new Int32Array(this.length * 2);
			f.set(this.first);
			this.first = f;
			const s = new Int32Array(this.length * 2);
			s.set(this.second);
			this.second = s;
		}
		this.first[this.length] = first;
		this.second[this.length++] = second;
	}

	/** By id below `ids`: the members paired with it, in the order added. */
	grouped(ids: number): number[][] {
		// Each loop ends a function of its own: a loop is optimised while it runs, and code after
		// it, not run yet then, threw the optimised code away when reached.
		const counts = countsOf(this.first, this.length, ids);
		const lists = listsAt(counts);
		counts.fill(0);
		fillLists(lists, counts, this.first, this.second, this.length);
		return lists;
	}
}

/** By id below `ids`: how many of the first `length` pairs name it. */
function countsOf(first: Int32Array, length: number, ids: number): Int32Array {
	const counts = new Int32Array(ids);
	for (let p = 0; p < length; p++) counts[first[p]!]!++;
	return counts;
}

/** By id: an array at its count, the shared empty one for none. */
function listsAt(counts: Int32Array): number[][] {
	const lists = new Array<number[]>(counts.length);
	for (let id = 0; id < counts.length; id++)
		lists[id] = counts[id] === 0 ? empty : new Array<number>(counts[id]!);
	return lists;
}

/** Puts each pair's member in its id's list, in the order added (`counts` from zero: the places). */
function fillLists(
	lists: number[][],
	counts: Int32Array,
	first: Int32Array,
	second: Int32Array,
	length: number,
): void {
	for (let p = 0; p < length; p++) {
		const id = first[p]!;
		lists[id]![counts[id]!++] = second[p]!;
	}
}
