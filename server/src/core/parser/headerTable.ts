import type { Header, NameAddr, SipMessage, Span, SubscriptionState, Via } from '../model';
import { ForwardSearch } from './forwardSearch';
import { knownNameCount, nameCodeOf } from './headerNames';
import { isNameAddrValue, type NameAddrValue } from './nameAddr';
import { Interner } from './strings';
import { ValueMemo } from './valueMemo';

/**
 * Every header of a trace in one flat table. A trace holds millions of headers; kept as objects
 * they would dominate memory and garbage collection, and even as five numbers each they would
 * cost the trace a third of its own size. So a header is two numbers: where its name starts, and
 * the rest packed in one ({@link packRow}): the canonical key's id, the compact flag, the name's
 * length, the gap to the value and the value's length, each as small as nearly every header has
 * it. A header that does not fit (a long value, a key met after the 255th, a value moved by
 * folding) keeps its numbers whole in a second table, `#wide`. `Header` objects are made on
 * demand, for the one message a feature looks at.
 */
export class HeaderTable {
	/**
	 * Per row: the name's start, then the packed rest, or `~w` for row `w` of `#wide`. Starts empty
	 * and small: {@link add} grows it several times in a trace's first messages, so its growing
	 * path has run (and left type feedback) before `add` is optimised; a first growth after that
	 * threw the optimised code away mid-trace.
	 */
	#data = new Int32Array(0);
	#count = 0;
	/** Per header that does not pack: name end, value start, value end, key id << 1 | compact. */
	#wide = new Int32Array(0);
	#wideCount = 0;
	readonly #keys: string[] = [];
	/** Per key id, the message field read from it (`callIdField`...; 0: none). */
	readonly #fields: number[] = [];
	/** Per key id, its name's `HeaderName.code` (-1: none), for {@link code}. */
	readonly #codes: number[] = [];
	readonly #ids = new Map<string, number>();
	/** Per `HeaderName.code`, its key's id + 1; 0 until the key is met. */
	readonly #idsByCode = new Int32Array(knownNameCount);
	/** The values the trace's messages share: Call-IDs, tags, URIs, sent-by... (see {@link Interner}). */
	readonly strings = new Interner();
	/** The same for values read lower-case: Content-Type, Event packages. */
	readonly lowerStrings = new Interner(true);
	/** CSeq values, one object per number and method: a transaction's messages repeat theirs. */
	readonly #cseqs = new Map<string, Map<number, CSeq>>();
	/** Event values without an id, one per package: every NOTIFY of a package repeats it. */
	readonly #events = new Map<string, Event>();
	/**
	 * What From and To say, looked up by tag (or URI, without one): a dialog repeats them. Like
	 * {@link Interner}, one slot per hash, the last value met in it: no map to grow or hash into.
	 */
	readonly #nameAddrs = new Array<NameAddrValue | undefined>(1 << 14).fill(undefined);
	// Made when a trace is read, dropped once it is (see `trim`): no need to keep them open.
	#nameAddrValues: ValueMemo<NameAddr> | null = null;
	#viaValues: ValueMemo<Via> | null = null;
	#subscriptionStateValues: ValueMemo<SubscriptionState> | null = null;
	/** Shared {@link Traits}, one per slot, the last met in it (see {@link traits}). */
	readonly #traits = new Array<Traits | undefined>(traitSlots).fill(undefined);
	/** Whether a Request-URI is valid, looked up once per distinct URI (see `parseStartLine`). */
	readonly requestUris = new Map<string, number>();

	/** A poster's remark after a header value (` //`, ` ← `, ` <-`), see `sipMessage`. */
	readonly remarks = [new ForwardSearch(' //'), new ForwardSearch(' ←'), new ForwardSearch(' <-')];
	/**
	 * What a page's HTML cleaner added after a value when it took `<sip:...>` for a tag: its
	 * closing tag (`</sip:...>`), see `sipMessage`.
	 */
	readonly closingTags = new ForwardSearch('</sip');

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
		/** The name's `HeaderName.code`: its id is then found without hashing the key. */
		code = -1,
	): number {
		let id = code >= 0 ? this.#idsByCode[code]! - 1 : -1;
		if (id < 0) {
			id = this.#ids.get(key) ?? -1;
			if (id < 0) {
				id = this.#keys.length;
				this.#keys.push(key);
				this.#fields.push(fieldOf(key));
				this.#codes.push(code >= 0 ? code : nameCodeOf(key));
				this.#ids.set(key, id);
			}
			if (code >= 0) this.#idsByCode[code] = id + 1;
		}
		if (2 * (this.#count + 1) > this.#data.length) {
			const grown = new Int32Array(Math.max(this.#data.length * 2, 2 * 64));
			grown.set(this.#data);
			this.#data = grown;
		}
		const at = 2 * this.#count;
		this.#data[at] = nameStart;
		this.#data[at + 1] = this.#pack(nameStart, nameEnd, valueStart, valueEnd, id, compact);
		return this.#count++;
	}

	/** The packed rest of a row (see {@link packRow}), or `~w` once written whole to `#wide`. */
	#pack(
		nameStart: number,
		nameEnd: number,
		valueStart: number,
		valueEnd: number,
		id: number,
		compact: boolean,
	): number {
		const packed = packRow(nameEnd - nameStart, valueStart - nameEnd, valueEnd - valueStart, id);
		if (packed >= 0) return compact ? packed | compactBit : packed;
		if (4 * (this.#wideCount + 1) > this.#wide.length) {
			const grown = new Int32Array(Math.max(this.#wide.length * 2, 4 * 64));
			grown.set(this.#wide);
			this.#wide = grown;
		}
		const at = 4 * this.#wideCount;
		this.#wide[at] = nameEnd;
		this.#wide[at + 1] = valueStart;
		this.#wide[at + 2] = valueEnd;
		this.#wide[at + 3] = (id << 1) | (compact ? 1 : 0);
		return ~this.#wideCount++;
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

	/**
	 * The shared value of a name-addr that says these; one per slot at a time, the last one met: a
	 * tag is one dialog side's, and a dialog's messages come close together.
	 */
	nameAddr(
		displayName: string | null,
		uri: string,
		tag: string | null,
		text: string,
	): NameAddrValue {
		const key = tag ?? uri;
		// The end of a tag, or of a URI's user and host, tells values apart.
		let h = key.length;
		for (let i = Math.max(0, key.length - 16); i < key.length; i++)
			h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
		const slot = (h ^ (h >>> 14)) & (this.#nameAddrs.length - 1);
		let value = this.#nameAddrs[slot];
		if (value === undefined || !isNameAddrValue(value, displayName, uri, tag, text)) {
			value = { displayName, uri, tag, text };
			this.#nameAddrs[slot] = value;
		}
		return value;
	}

	/** From and To values read before, and how (see {@link ValueMemo}). */
	nameAddrValues(): ValueMemo<NameAddr> {
		return (this.#nameAddrValues ??= new ValueMemo());
	}

	/** Via elements read before, and how. */
	viaValues(): ValueMemo<Via> {
		return (this.#viaValues ??= new ValueMemo());
	}

	/** Subscription-State values read before: a subscription's NOTIFYs repeat theirs. */
	subscriptionStateValues(): ValueMemo<SubscriptionState> {
		return (this.#subscriptionStateValues ??= new ValueMemo());
	}

	/**
	 * The shared {@link Traits} that say these. The messages of one kind in a trace say the same
	 * (a subscription's NOTIFYs one Event, state and type, an INVITE `application/sdp`): one object
	 * for all of them, where each message kept four fields of its own. Values are compared as they
	 * are (the event and state are shared readings, the type a shared string).
	 */
	traits(
		event: SipMessage['event'],
		subscriptionState: SubscriptionState | null,
		expires: number | null,
		contentType: string | null,
	): Traits {
		let h = expires === null ? 1 : expires | 0;
		if (contentType !== null) h = Math.imul(h, 31) + contentType.length;
		if (event !== null) h = Math.imul(h, 31) + event.package.length;
		if (subscriptionState !== null) h = Math.imul(h, 31) + (subscriptionState.expires ?? 7);
		const slot = (h ^ (h >>> 9)) & (traitSlots - 1);
		let t = this.#traits[slot];
		if (
			t === undefined ||
			t.event !== event ||
			t.subscriptionState !== subscriptionState ||
			!Object.is(t.expires, expires) ||
			t.contentType !== contentType
		)
			this.#traits[slot] = t = { event, subscriptionState, expires, contentType };
		return t;
	}

	nameStart(row: number): number {
		return this.#data[2 * row]!;
	}
	nameEnd(row: number): number {
		const p = this.#data[2 * row + 1]!;
		return p >= 0 ? this.#data[2 * row]! + ((p >> nameShift) & nameMask) : this.#wide[4 * ~p]!;
	}
	valueStart(row: number): number {
		const p = this.#data[2 * row + 1]!;
		return p >= 0
			? this.#data[2 * row]! + ((p >> nameShift) & nameMask) + ((p >> gapShift) & gapMask)
			: this.#wide[4 * ~p + 1]!;
	}
	valueEnd(row: number): number {
		const p = this.#data[2 * row + 1]!;
		return p >= 0
			? this.#data[2 * row]! +
					((p >> nameShift) & nameMask) +
					((p >> gapShift) & gapMask) +
					(p >>> valueShift)
			: this.#wide[4 * ~p + 2]!;
	}
	key(row: number): string {
		const p = this.#data[2 * row + 1]!;
		return this.#keys[p >= 0 ? p & idMask : this.#wide[4 * ~p + 3]! >> 1]!;
	}
	/**
	 * The message field row `row` is read into (`callIdField`...), 0 for the headers no field is
	 * read from: a number to switch on, found by indexing.
	 */
	field(row: number): number {
		const p = this.#data[2 * row + 1]!;
		return this.#fields[p >= 0 ? p & idMask : this.#wide[4 * ~p + 3]! >> 1]!;
	}
	/**
	 * The `HeaderName.code` of row `row`'s name, -1 for a name without one: the same number in
	 * every trace, so that a rule finds what it does with a header by indexing, not by hashing
	 * its key.
	 */
	code(row: number): number {
		const p = this.#data[2 * row + 1]!;
		return this.#codes[p >= 0 ? p & idMask : this.#wide[4 * ~p + 3]! >> 1]!;
	}
	compact(row: number): boolean {
		const p = this.#data[2 * row + 1]!;
		return p >= 0 ? (p & compactBit) !== 0 : (this.#wide[4 * ~p + 3]! & 1) === 1;
	}

	/**
	 * Drops the slack that doubling left (up to half the table) once a trace's messages are
	 * parsed, and the values remembered while reading them and the strings' lookup tables; a
	 * later `add` grows it again.
	 */
	trim(): void {
		this.strings.release();
		this.lowerStrings.release();
		this.#nameAddrValues = null;
		this.#viaValues = null;
		this.#subscriptionStateValues = null;
		if (this.#data.length > 2 * this.#count) this.#data = this.#data.slice(0, 2 * this.#count);
		if (this.#wide.length > 4 * this.#wideCount)
			this.#wide = this.#wide.slice(0, 4 * this.#wideCount);
	}

	/** A folded continuation line extends the value of the header in `row`. */
	extendValue(row: number, valueStart: number, valueEnd: number): void {
		const p = this.#data[2 * row + 1]!;
		if (p < 0) {
			this.#wide[4 * ~p + 1] = valueStart;
			this.#wide[4 * ~p + 2] = valueEnd;
			return;
		}
		const nameStart = this.#data[2 * row]!;
		const nameEnd = nameStart + ((p >> nameShift) & nameMask);
		this.#data[2 * row + 1] = this.#pack(
			nameStart,
			nameEnd,
			valueStart,
			valueEnd,
			p & idMask,
			(p & compactBit) !== 0,
		);
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

// The headers a message's own fields are read from (`extractFields`), numbered from 1: the
// numbers {@link HeaderTable.field} gives, for a switch to jump on.
export const callIdField = 1;
export const cseqField = 2;
export const fromField = 3;
export const toField = 4;
export const viaField = 5;
export const eventField = 6;
export const subscriptionStateField = 7;
export const expiresField = 8;
export const sipETagField = 9;
export const sipIfMatchField = 10;
export const contentTypeField = 11;
export const contentLengthField = 12;

const fieldKeys = new Map<string, number>([
	['call-id', callIdField],
	['cseq', cseqField],
	['from', fromField],
	['to', toField],
	['via', viaField],
	['event', eventField],
	['subscription-state', subscriptionStateField],
	['expires', expiresField],
	['sip-etag', sipETagField],
	['sip-if-match', sipIfMatchField],
	['content-type', contentTypeField],
	['content-length', contentLengthField],
]);

function fieldOf(key: string): number {
	return fieldKeys.get(key) ?? 0;
}

/**
 * A row's numbers in 31 bits, from the low end: the key's id (8 bits), the compact flag, the
 * name's length (7 bits), the gap from the name's end to the value's start (3 bits: `: `) and the
 * value's length (12 bits); -1 when one does not fit. The compact flag is set by the caller.
 */
function packRow(nameLength: number, gap: number, valueLength: number, id: number): number {
	if (
		id > idMask ||
		nameLength < 0 ||
		nameLength > nameMask ||
		gap < 0 ||
		gap > gapMask ||
		valueLength < 0 ||
		valueLength > valueMask
	)
		return -1;
	return id | (nameLength << nameShift) | (gap << gapShift) | (valueLength << valueShift);
}

const idMask = 0xff;
const compactBit = 0x100;
const nameShift = 9;
const nameMask = 0x7f;
const gapShift = 16;
const gapMask = 0x7;
const valueShift = 19;
const valueMask = 0xfff;

/** What a message says of its subscription and its body's type, shared (see {@link HeaderTable.traits}). */
export interface Traits {
	readonly event: SipMessage['event'];
	readonly subscriptionState: SubscriptionState | null;
	readonly expires: number | null;
	readonly contentType: string | null;
}

const traitSlots = 1 << 8;

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
