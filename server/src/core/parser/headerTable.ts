import type { Header, SipMessage, Span } from '../model';
import { Interner } from './strings';

/**
 * Every header of a trace in one flat table: five numbers per header (name and value offsets,
 * the canonical key's id with the compact flag). A trace holds millions of headers; kept as
 * objects they would dominate memory and garbage collection. `Header` objects are made on
 * demand, for the one message a feature looks at.
 */
export class HeaderTable {
	#data = new Int32Array(5 * 4096);
	#count = 0;
	readonly #keys: string[] = [];
	readonly #ids = new Map<string, number>();
	/** The values the trace's messages share: Call-IDs, tags, URIs, sent-by... (see {@link Interner}). */
	readonly strings = new Interner();
	/** The same for values read lower-case: Content-Type, Event packages. */
	readonly lowerStrings = new Interner(true);
	/** CSeq values, one object per number and method: a transaction's messages repeat theirs. */
	readonly #cseqs = new Map<string, Map<number, CSeq>>();
	/** Event values without an id, one per package: every NOTIFY of a package repeats it. */
	readonly #events = new Map<string, Event>();
	/** Whether a Request-URI is valid, looked up once per distinct URI (see `parseStartLine`). */
	readonly requestUris = new Map<string, number>();

	get count(): number {
		return this.#count;
	}

	/** Appends a header; returns its row. */
	add(
		nameStart: number,
		nameEnd: number,
		valueStart: number,
		valueEnd: number,
		key: string,
		compact: boolean,
	): number {
		let id = this.#ids.get(key);
		if (id === undefined) {
			id = this.#keys.length;
			this.#keys.push(key);
			this.#ids.set(key, id);
		}
		if (5 * (this.#count + 1) > this.#data.length) {
			const grown = new Int32Array(Math.max(this.#data.length * 2, 5 * 4096));
			grown.set(this.#data);
			this.#data = grown;
		}
		const at = 5 * this.#count;
		this.#data[at] = nameStart;
		this.#data[at + 1] = nameEnd;
		this.#data[at + 2] = valueStart;
		this.#data[at + 3] = valueEnd;
		this.#data[at + 4] = (id << 1) | (compact ? 1 : 0);
		return this.#count++;
	}

	/** The shared CSeq value `seq method`. */
	cseq(seq: number, method: string): CSeq {
		let bySeq = this.#cseqs.get(method);
		if (!bySeq) this.#cseqs.set(method, (bySeq = new Map()));
		let c = bySeq.get(seq);
		if (!c) bySeq.set(seq, (c = { seq, method }));
		return c;
	}

	/** The shared Event value of `pkg` without an id. */
	event(pkg: string): Event {
		let e = this.#events.get(pkg);
		if (!e) this.#events.set(pkg, (e = { package: pkg, id: null }));
		return e;
	}

	nameStart(row: number): number {
		return this.#data[5 * row]!;
	}
	nameEnd(row: number): number {
		return this.#data[5 * row + 1]!;
	}
	valueStart(row: number): number {
		return this.#data[5 * row + 2]!;
	}
	valueEnd(row: number): number {
		return this.#data[5 * row + 3]!;
	}
	key(row: number): string {
		return this.#keys[this.#data[5 * row + 4]! >> 1]!;
	}
	compact(row: number): boolean {
		return (this.#data[5 * row + 4]! & 1) === 1;
	}

	/**
	 * Drops the slack that doubling left (up to half the table) once a trace's messages are
	 * parsed; a later `add` grows it again.
	 */
	trim(): void {
		if (this.#data.length > 5 * this.#count) this.#data = this.#data.slice(0, 5 * this.#count);
	}

	/** A folded continuation line extends the value of the header in `row`. */
	extendValue(row: number, valueStart: number, valueEnd: number): void {
		this.#data[5 * row + 2] = valueStart;
		this.#data[5 * row + 3] = valueEnd;
	}

	/** Row `row` as a `Header`, its offsets moved by `shift`. */
	header(row: number, shift = 0): Header {
		return new HeaderField(
			this.nameStart(row) + shift,
			this.nameEnd(row) + shift,
			this.valueStart(row) + shift,
			this.valueEnd(row) + shift,
			this.key(row),
			this.compact(row),
		);
	}

	/**
	 * Rows `[first, first + count)` as `Header` objects, their offsets moved by `shift` (a message
	 * after an edit keeps its rows; only the text before it changed length).
	 */
	headers(first: number, count: number, shift = 0): Header[] {
		const out = new Array<Header>(count);
		for (let i = 0; i < count; i++) out[i] = this.header(first + i, shift);
		return out;
	}
}

type CSeq = NonNullable<SipMessage['cseq']>;
type Event = NonNullable<SipMessage['event']>;

/** A header as features see it; spans are made on demand. */
class HeaderField implements Header {
	constructor(
		readonly nameStart: number,
		readonly nameEnd: number,
		readonly valueStart: number,
		readonly valueEnd: number,
		readonly key: string,
		readonly compact: boolean,
	) {}

	get name(): Span {
		return { start: this.nameStart, end: this.nameEnd };
	}

	get value(): Span {
		return { start: this.valueStart, end: this.valueEnd };
	}
}
