/**
 * The sequence-diagram model in columns. The server builds a {@link Ladder}; over the wire it
 * travels as its {@link CompactLadder} (`toJSON`): one shared string table and one column of small
 * integers per field, packed in a string, so a trace of 100,000 messages is about 4 MB of JSON
 * rather than 43, and costs next to nothing to serialise and parse at each hop.
 * The client forwards that untouched; the webview checks it with {@link decodeLadder} and draws
 * from the columns, making an arrow object only for the rows it draws.
 */
import type {
	ArrowKind,
	LadderArrow,
	LadderDialog,
	LadderLane,
	LadderModel,
	LadderSubscription,
	LadderView,
	PresenceBadge,
} from './ladder';

/** The `format` of a {@link CompactLadder}: a reader refuses any other. */
export const ladderFormat = 'sip-ladder/columns-1';

/** The kinds in the order of their code in the flags column. */
export const arrowKinds: readonly ArrowKind[] = [
	'subscribe',
	'notify',
	'publish',
	'invite',
	'register',
	'options',
	'other',
];
const kindCode: Readonly<Record<ArrowKind, number>> = {
	subscribe: 0,
	notify: 1,
	publish: 2,
	invite: 3,
	register: 4,
	options: 5,
	other: 6,
};

/** Bits of the flags column: request, refresh, has a time offset; the kind's code above them. */
export const flagRequest = 1;
export const flagRefresh = 2;
export const flagOffset = 4;
export const kindShift = 3;

/**
 * A column of integers packed in a string: each value zigzag-coded (0, -1, 1, -2... as 0, 1, 2,
 * 3...) and written in base 32, least significant digit first, one character a digit, from the
 * base64 alphabet: its first 32 characters end a value, its last 32 continue it. A value under 16
 * in size is one character; values are integers of at most 2^52 in size. Packed, a column costs
 * next to nothing to write, send or read as JSON.
 */
export type PackedInts = string;

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const digitOf = new Int8Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i++) digitOf[alphabet.charCodeAt(i)] = i;
const alphabetCodes = Array.from(alphabet, (c) => c.charCodeAt(0));

const maxPacked = 2 ** 52;
/** The largest time offset kept, in microseconds (about 35 years): differences of two still pack. */
const maxOffset = 2 ** 50;

// The platform's text decoder (Node and browsers have one; this module's settings know no
// platform): bytes to a string natively. The packed characters are ASCII.
declare const TextDecoder: (new () => { decode(bytes: Uint8Array): string }) | undefined;
const ascii = typeof TextDecoder === 'function' ? new TextDecoder() : null;

/** Packs integers (see {@link PackedInts}); throws on anything else. */
export function packInts(values: ArrayLike<number>): PackedInts {
	// At most 11 digits a value; written into bytes, then made a string a slice at a time.
	const out = new Uint8Array(values.length * 11);
	let k = 0;
	for (let i = 0; i < values.length; i++) {
		const v = values[i]!;
		if ((v | 0) === v && v >= -0x20000000 && v < 0x20000000) {
			let z = (v << 1) ^ (v >> 31);
			while (z >= 32) {
				out[k++] = alphabetCodes[32 + (z & 31)]!;
				z >>>= 5;
			}
			out[k++] = alphabetCodes[z]!;
		} else {
			if (!Number.isInteger(v) || Math.abs(v) > maxPacked)
				throw new RangeError(`${v} cannot be packed`);
			let z = v >= 0 ? v * 2 : -v * 2 - 1;
			while (z >= 32) {
				out[k++] = alphabetCodes[32 + (z % 32)]!;
				z = Math.floor(z / 32);
			}
			out[k++] = alphabetCodes[z]!;
		}
	}
	if (ascii) return ascii.decode(out.subarray(0, k));
	let packed = '';
	for (let i = 0; i < k; i += 8192)
		packed += String.fromCharCode.apply(
			null,
			out.subarray(i, Math.min(k, i + 8192)) as unknown as number[],
		);
	return packed;
}

/**
 * Unpacks a {@link PackedInts}; null when it is not one (a character outside the alphabet, a
 * value cut short or beyond 2^52 in size).
 */
export function unpackInts(packed: string): Float64Array | null {
	const out = new Float64Array(packed.length);
	let k = 0;
	let z = 0;
	let shift = 0;
	for (let i = 0; i < packed.length; i++) {
		const code = packed.charCodeAt(i);
		const d = code < 128 ? digitOf[code]! : -1;
		if (d < 0) return null;
		if (shift < 25) {
			// Small so far: integer arithmetic.
			z |= (d & 31) << shift;
			if (d < 32) {
				out[k++] = z & 1 ? -((z + 1) / 2) : z / 2;
				z = 0;
				shift = 0;
			} else shift += 5;
		} else {
			z += (d & 31) * 2 ** shift;
			if (z > 2 * maxPacked) return null;
			if (d < 32) {
				out[k++] = z % 2 ? -((z + 1) / 2) : z / 2;
				z = 0;
				shift = 0;
			} else shift += 5;
		}
	}
	return shift === 0 ? out.subarray(0, k) : null;
}

/**
 * The wire form. Strings are ids into `strings` (-1: none). Indexes, lines and offsets are stored
 * as the difference from the previous arrow's; related messages, retransmissions and auth pairs as
 * the difference from their arrow's own message index; so most values pack in one character.
 */
export interface CompactLadder {
	readonly format: typeof ladderFormat;
	readonly uri: string;
	readonly version: number;
	readonly view: LadderView;
	/** Each string of the model once: lane ids and names, labels, methods, Call-IDs, presentities... */
	readonly strings: readonly string[];
	/** Three string ids per lane: its id, its label, its role (-1: none). */
	readonly lanes: PackedInts;
	/** The number of arrows: the length of each per-arrow column. */
	readonly count: number;
	readonly arrows: CompactArrows;
	/** Per badge: basic, note (string ids or -1), the number of activities, then their string ids. */
	readonly badges: PackedInts;
	readonly subscriptions: CompactSubscriptions;
	readonly dialogs: CompactDialogs;
}

/** One entry per arrow, in drawing order, except where said. */
export interface CompactArrows {
	/** The message index, as the difference from the previous arrow's (the first's from 0). */
	readonly index: PackedInts;
	/** The start line, as the difference from the previous arrow's (the first's from 0). */
	readonly line: PackedInts;
	/** Lane positions. */
	readonly from: PackedInts;
	readonly to: PackedInts;
	readonly label: PackedInts;
	/** {@link flagRequest}, {@link flagRefresh}, {@link flagOffset} and the kind's code. */
	readonly flags: PackedInts;
	readonly method: PackedInts;
	readonly cseqMethod: PackedInts;
	/** The status code of a response, 0 for a request. */
	readonly status: PackedInts;
	readonly callId: PackedInts;
	/** How many leading characters the time shares with the previous arrow's time; -1: no time. */
	readonly timeShared: PackedInts;
	/** The rest of each time, for the arrows that have one, one after the other. */
	readonly timeRest: string;
	/** The length of each of those rests. */
	readonly timeRestLength: PackedInts;
	/**
	 * Microseconds since the first message, one entry per arrow flagged {@link flagOffset}, as the
	 * difference from the previous such arrow's.
	 */
	readonly offset: PackedInts;
	readonly presentity: PackedInts;
	/** A position in `badges`' entries, -1: none. */
	readonly badge: PackedInts;
	/** How many retransmitted copies each arrow folds; then all of them, arrow by arrow. */
	readonly retransmissionCount: PackedInts;
	readonly retransmissions: PackedInts;
	/** How many messages to highlight with each arrow; then all of them, arrow by arrow. */
	readonly relatedCount: PackedInts;
	readonly related: PackedInts;
	/** The challenge or retry paired with a request, 0: none. */
	readonly authPair: PackedInts;
}

export interface CompactSubscriptions {
	readonly id: PackedInts;
	/** The watcher's lane position. */
	readonly lane: PackedInts;
	readonly event: PackedInts;
	readonly resource: PackedInts;
	readonly from: PackedInts;
	/** -1 while still active at the end of the trace. */
	readonly to: PackedInts;
	readonly state: PackedInts;
}

export interface CompactDialogs {
	readonly callId: PackedInts;
	readonly label: PackedInts;
	readonly first: PackedInts;
	readonly arrows: PackedInts;
}

/** The times of the arrows, as the source gave them: read one at a time, for the rows drawn. */
export interface TimeColumn {
	at(pos: number): string | null;
}

/** The per-arrow columns as the reader holds them, values decoded. */
export interface LadderColumns {
	readonly count: number;
	readonly index: Int32Array;
	readonly line: Int32Array;
	readonly from: Int32Array;
	readonly to: Int32Array;
	readonly label: Int32Array;
	readonly flags: Int32Array;
	readonly method: Int32Array;
	readonly cseqMethod: Int32Array;
	/** 0 for a request. */
	readonly status: Int32Array;
	readonly callId: Int32Array;
	readonly time: TimeColumn;
	/** NaN where unknown. */
	readonly offset: Float64Array;
	readonly presentity: Int32Array;
	readonly badge: Int32Array;
	/** Arrow `i`'s retransmissions are `retransmissions[retransmissionStart[i] .. retransmissionStart[i + 1])`. */
	readonly retransmissionStart: Int32Array;
	readonly retransmissions: Int32Array;
	readonly relatedStart: Int32Array;
	readonly related: Int32Array;
	/** -1: none. */
	readonly authPair: Int32Array;
}

export interface DialogColumns {
	readonly callId: Int32Array;
	readonly label: Int32Array;
	readonly first: Int32Array;
	readonly arrows: Int32Array;
}

/**
 * The diagram model: lanes, subscriptions and the string table as they are, arrows and dialogs in
 * columns. It is a {@link LadderModel} too, whose `arrows` and `dialogs` are made on first use.
 */
export class Ladder implements LadderModel {
	#arrows: readonly LadderArrow[] | undefined;
	#dialogs: readonly LadderDialog[] | undefined;
	#positions: ((index: number) => number) | undefined;
	#wire: CompactLadder | undefined;

	constructor(
		readonly uri: string,
		readonly version: number,
		readonly view: LadderView,
		readonly strings: readonly string[],
		readonly lanes: readonly LadderLane[],
		readonly columns: LadderColumns,
		readonly badges: readonly PresenceBadge[],
		readonly subscriptions: readonly LadderSubscription[],
		/** Each subscription's watcher lane, as a position in `lanes`. */
		readonly subscriptionLanes: Int32Array,
		readonly dialogColumns: DialogColumns,
	) {}

	get count(): number {
		return this.columns.count;
	}

	/** The string with this id, null for -1. */
	string(id: number): string | null {
		return id < 0 ? null : this.strings[id]!;
	}

	/** The arrow at a position, as an object (for the rows drawn or exported). */
	arrow(pos: number): LadderArrow {
		const c = this.columns;
		const s = this.strings;
		const flags = c.flags[pos]!;
		const offset = c.offset[pos]!;
		return {
			index: c.index[pos]!,
			line: c.line[pos]!,
			from: this.lanes[c.from[pos]!]!.id,
			to: this.lanes[c.to[pos]!]!.id,
			label: s[c.label[pos]!]!,
			isRequest: (flags & flagRequest) !== 0,
			kind: arrowKinds[flags >> kindShift]!,
			method: this.string(c.method[pos]!),
			cseqMethod: this.string(c.cseqMethod[pos]!),
			status: c.status[pos]! || null,
			callId: this.string(c.callId[pos]!),
			time: c.time.at(pos),
			offsetMicros: Number.isNaN(offset) ? null : offset,
			retransmissions: Array.from(
				c.retransmissions.subarray(c.retransmissionStart[pos]!, c.retransmissionStart[pos + 1]!),
			),
			isRefresh: (flags & flagRefresh) !== 0,
			presentity: this.string(c.presentity[pos]!),
			presence: c.badge[pos]! < 0 ? null : this.badges[c.badge[pos]!]!,
			related: Array.from(c.related.subarray(c.relatedStart[pos]!, c.relatedStart[pos + 1]!)),
			authPair: c.authPair[pos]! < 0 ? null : c.authPair[pos]!,
		};
	}

	/** Every arrow as an object: for tests and tools, not for drawing. */
	get arrows(): readonly LadderArrow[] {
		return (this.#arrows ??= Array.from({ length: this.count }, (_, i) => this.arrow(i)));
	}

	get dialogs(): readonly LadderDialog[] {
		const d = this.dialogColumns;
		return (this.#dialogs ??= Array.from({ length: d.callId.length }, (_, i) => ({
			callId: this.strings[d.callId[i]!]!,
			label: this.strings[d.label[i]!]!,
			first: d.first[i]!,
			arrows: d.arrows[i]!,
		})));
	}

	/** The position of the arrow of a message index, -1 when no arrow has it. */
	position(index: number): number {
		if (!this.#positions) {
			const c = this.columns;
			let max = -1;
			for (let i = 0; i < c.count; i++) if (c.index[i]! > max) max = c.index[i]!;
			if (max <= 8 * c.count + 1024) {
				const positions = new Int32Array(max + 1).fill(-1);
				for (let i = 0; i < c.count; i++) positions[c.index[i]!] = i;
				this.#positions = (i) => (i >= 0 && i < positions.length ? positions[i]! : -1);
			} else {
				// Indexes far apart (a model not made from one trace): a map rather than a huge array.
				const positions = new Map<number, number>();
				for (let i = 0; i < c.count; i++) positions.set(c.index[i]!, i);
				this.#positions = (i) => positions.get(i) ?? -1;
			}
		}
		return Number.isInteger(index) ? this.#positions(index) : -1;
	}

	/** The same model with other lanes: `laneMap` gives each old lane position its new one. */
	withLanes(lanes: readonly LadderLane[], laneMap: Int32Array): Ladder {
		const c = this.columns;
		return new Ladder(
			this.uri,
			this.version,
			this.view,
			this.strings,
			lanes,
			{ ...c, from: c.from.map((l) => laneMap[l]!), to: c.to.map((l) => laneMap[l]!) },
			this.badges,
			this.subscriptions.map((s, i) => ({
				...s,
				watcherLane: lanes[laneMap[this.subscriptionLanes[i]!]!]!.id,
			})),
			this.subscriptionLanes.map((l) => laneMap[l]!),
			this.dialogColumns,
		);
	}

	/** The wire form (JSON.stringify calls this), made once: the model does not change. */
	toJSON(): CompactLadder {
		return (this.#wire ??= encodeColumns(this));
	}

	/** A model given as objects, in columns (for tests, and for tools that make models by hand). */
	static fromModel(model: LadderModel): Ladder {
		const b = new LadderBuilder(model.arrows.length);
		const lane = new Map<string, number>();
		for (const l of model.lanes) lane.set(l.id, b.lane(l.id, l.label, l.role));
		const laneOf = (id: string): number => {
			const at = lane.get(id);
			if (at === undefined) throw new Error(`the lane ${id} is not in the model`);
			return at;
		};
		for (const a of model.arrows) {
			const pos = b.arrow({ ...a, from: laneOf(a.from), to: laneOf(a.to) });
			for (const r of a.retransmissions) b.retransmission(pos, r);
		}
		for (const s of model.subscriptions)
			b.subscription(
				s.id,
				laneOf(s.watcherLane),
				s.event,
				s.resource,
				s.fromIndex,
				s.toIndex,
				s.state,
			);
		for (const d of model.dialogs) b.dialog(d.callId, d.label, d.first, d.arrows);
		return b.finish(model.uri, model.version, model.view);
	}
}

/** The flags column's value of an arrow. */
export const arrowFlags = (
	kind: ArrowKind,
	isRequest: boolean,
	isRefresh: boolean,
	hasOffset: boolean,
): number =>
	(isRequest ? flagRequest : 0) |
	(isRefresh ? flagRefresh : 0) |
	(hasOffset ? flagOffset : 0) |
	(kindCode[kind] << kindShift);

/** An arrow in the builder's terms: strings and the badge as ids, none as -1, no status as 0. */
export interface ArrowIds {
	index: number;
	line: number;
	from: number;
	to: number;
	label: number;
	flags: number;
	method: number;
	cseqMethod: number;
	status: number;
	callId: number;
	time: string | null;
	/** NaN: none. */
	offset: number;
	presentity: number;
	badge: number;
	related: readonly number[];
	authPair: number;
}

/** An arrow as the builder takes it: lanes as positions, retransmissions added apart. */
export type ArrowFields = Omit<LadderArrow, 'from' | 'to' | 'retransmissions'> & {
	readonly from: number;
	readonly to: number;
};

/** Fills the columns arrow by arrow, interning strings; `finish` makes the {@link Ladder}. */
export class LadderBuilder {
	readonly #ids = new Map<string, number>();
	readonly #strings: string[] = [];
	readonly #lanes: LadderLane[] = [];
	readonly #badgeIds = new Map<string, number>();
	readonly #badges: PresenceBadge[] = [];
	#count = 0;
	readonly #index: Int32Array;
	readonly #line: Int32Array;
	readonly #from: Int32Array;
	readonly #to: Int32Array;
	readonly #label: Int32Array;
	readonly #flags: Int32Array;
	readonly #method: Int32Array;
	readonly #cseqMethod: Int32Array;
	readonly #status: Int32Array;
	readonly #callId: Int32Array;
	readonly #time: (string | null)[] = [];
	readonly #offset: Float64Array;
	readonly #presentity: Int32Array;
	readonly #badge: Int32Array;
	readonly #relatedStart: Int32Array;
	#related = new Int32Array(64);
	#relatedLength = 0;
	readonly #authPair: Int32Array;
	/** Pairs of (arrow position, message index), in the order met. */
	readonly #retransmissions: number[] = [];
	readonly #subscriptions: LadderSubscription[] = [];
	readonly #subscriptionLanes: number[] = [];
	readonly #dialogs: { callId: number[]; label: number[]; first: number[]; arrows: number[] } = {
		callId: [],
		label: [],
		first: [],
		arrows: [],
	};

	/** `capacity`: at most this many arrows. */
	constructor(readonly capacity: number) {
		this.#index = new Int32Array(capacity);
		this.#line = new Int32Array(capacity);
		this.#from = new Int32Array(capacity);
		this.#to = new Int32Array(capacity);
		this.#label = new Int32Array(capacity);
		this.#flags = new Int32Array(capacity);
		this.#method = new Int32Array(capacity);
		this.#cseqMethod = new Int32Array(capacity);
		this.#status = new Int32Array(capacity);
		this.#callId = new Int32Array(capacity);
		this.#offset = new Float64Array(capacity);
		this.#presentity = new Int32Array(capacity);
		this.#badge = new Int32Array(capacity);
		this.#relatedStart = new Int32Array(capacity + 1);
		this.#authPair = new Int32Array(capacity);
	}

	get count(): number {
		return this.#count;
	}

	/** The id of a string in the shared table, -1 for null. */
	intern(s: string | null | undefined): number {
		if (s == null) return -1;
		let id = this.#ids.get(s);
		if (id === undefined) {
			id = this.#strings.length;
			this.#strings.push(s);
			this.#ids.set(s, id);
		}
		return id;
	}

	/** Adds a lane; returns its position. */
	lane(id: string, label: string, role: string | null): number {
		this.intern(id);
		this.intern(label);
		this.intern(role);
		this.#lanes.push({ id, label, role });
		return this.#lanes.length - 1;
	}

	/** Sets the role of the lane at a position. */
	setRole(lane: number, role: string | null): void {
		const l = this.#lanes[lane]!;
		this.intern(role);
		this.#lanes[lane] = { ...l, role };
	}

	/** The id of a badge (equal badges share one), -1 for null. */
	badge(badge: PresenceBadge | null): number {
		if (!badge) return -1;
		const key = `${badge.basic}\u0000${badge.note}\u0000${badge.activities.join('\u0000')}`;
		let id = this.#badgeIds.get(key);
		if (id === undefined) {
			id = this.#badges.length;
			this.#badges.push({
				basic: badge.basic,
				activities: [...badge.activities],
				note: badge.note,
			});
			this.#badgeIds.set(key, id);
			this.intern(badge.basic);
			this.intern(badge.note);
			for (const a of badge.activities) this.intern(a);
		}
		return id;
	}

	/** Adds an arrow given as objects; returns its position. */
	arrow(a: ArrowFields): number {
		const methodId = this.intern(a.method);
		return this.add({
			index: a.index,
			line: a.line,
			from: a.from,
			to: a.to,
			label: a.label === a.method ? methodId : this.intern(a.label),
			flags: arrowFlags(a.kind, a.isRequest, a.isRefresh, a.offsetMicros !== null),
			method: methodId,
			cseqMethod: a.cseqMethod === a.method ? methodId : this.intern(a.cseqMethod),
			status: a.status ?? 0,
			callId: this.intern(a.callId),
			time: a.time,
			offset: a.offsetMicros ?? NaN,
			presentity: this.intern(a.presentity),
			badge: this.badge(a.presence),
			related: a.related,
			authPair: a.authPair ?? -1,
		});
	}

	/**
	 * Adds an arrow given as ids (strings interned by {@link intern}, the badge by {@link badge});
	 * returns its position. `a` and its `related` (which need not be sorted or distinct) are not
	 * kept: the caller may reuse them for the next arrow.
	 */
	add(a: ArrowIds): number {
		const pos = this.#count++;
		const index = a.index;
		this.#index[pos] = index;
		this.#line[pos] = a.line;
		this.#from[pos] = a.from;
		this.#to[pos] = a.to;
		this.#label[pos] = a.label;
		// An offset is whole microseconds within a few decades, or none: what the wire can carry.
		const offset = a.offset;
		const hasOffset = Number.isFinite(offset) && Math.abs(offset) <= maxOffset;
		this.#flags[pos] = hasOffset ? a.flags | flagOffset : a.flags & ~flagOffset;
		this.#method[pos] = a.method;
		this.#cseqMethod[pos] = a.cseqMethod;
		this.#status[pos] = a.status;
		this.#callId[pos] = a.callId;
		this.#time.push(a.time);
		this.#offset[pos] = hasOffset ? Math.round(offset) : NaN;
		this.#presentity[pos] = a.presentity;
		this.#badge[pos] = a.badge;
		this.#authPair[pos] = a.authPair;
		const related = a.related;
		// Related messages, sorted and without repeats (they are few: a handful per arrow).
		const start = this.#relatedLength;
		if (this.#related.length < start + related.length) {
			const grown = new Int32Array(Math.max(this.#related.length * 2, start + related.length));
			grown.set(this.#related);
			this.#related = grown;
		}
		let end = start;
		for (const r of related) {
			if (r === index) continue;
			let at = end;
			while (at > start && this.#related[at - 1]! > r) at--;
			if (at > start && this.#related[at - 1] === r) continue;
			this.#related.copyWithin(at + 1, at, end);
			this.#related[at] = r;
			end++;
		}
		this.#relatedLength = end;
		this.#relatedStart[pos + 1] = end;
		return pos;
	}

	/** A retransmitted copy folded into the arrow at `pos`. */
	retransmission(pos: number, index: number): void {
		this.#retransmissions.push(pos, index);
	}

	subscription(
		id: number,
		lane: number,
		event: string,
		resource: string | null,
		fromIndex: number,
		toIndex: number | null,
		state: string,
	): void {
		this.intern(event);
		this.intern(resource);
		this.intern(state);
		this.#subscriptions.push({
			id,
			watcherLane: this.#lanes[lane]!.id,
			event,
			resource,
			fromIndex,
			toIndex,
			state,
		});
		this.#subscriptionLanes.push(lane);
	}

	dialog(callId: string, label: string, first: number, arrows: number): void {
		this.#dialogs.callId.push(this.intern(callId));
		this.#dialogs.label.push(this.intern(label));
		this.#dialogs.first.push(first);
		this.#dialogs.arrows.push(arrows);
	}

	finish(uri: string, version: number, view: LadderView): Ladder {
		const n = this.#count;
		// Retransmissions grouped by arrow, in the order met.
		const retransmissionStart = new Int32Array(n + 1);
		const pairs = this.#retransmissions;
		for (let i = 0; i < pairs.length; i += 2) retransmissionStart[pairs[i]! + 1]!++;
		for (let i = 0; i < n; i++) retransmissionStart[i + 1]! += retransmissionStart[i]!;
		const retransmissions = new Int32Array(pairs.length / 2);
		const fill = retransmissionStart.slice(0, n);
		for (let i = 0; i < pairs.length; i += 2) retransmissions[fill[pairs[i]!]!++] = pairs[i + 1]!;
		const d = this.#dialogs;
		return new Ladder(
			uri,
			version,
			view,
			this.#strings,
			this.#lanes,
			{
				count: n,
				index: this.#index.subarray(0, n),
				line: this.#line.subarray(0, n),
				from: this.#from.subarray(0, n),
				to: this.#to.subarray(0, n),
				label: this.#label.subarray(0, n),
				flags: this.#flags.subarray(0, n),
				method: this.#method.subarray(0, n),
				cseqMethod: this.#cseqMethod.subarray(0, n),
				status: this.#status.subarray(0, n),
				callId: this.#callId.subarray(0, n),
				time: { at: (pos) => this.#time[pos] ?? null },
				offset: this.#offset.subarray(0, n),
				presentity: this.#presentity.subarray(0, n),
				badge: this.#badge.subarray(0, n),
				retransmissionStart,
				retransmissions,
				relatedStart: this.#relatedStart.subarray(0, n + 1),
				related: this.#related.subarray(0, this.#relatedLength),
				authPair: this.#authPair.subarray(0, n),
			},
			this.#badges,
			this.#subscriptions,
			Int32Array.from(this.#subscriptionLanes),
			{
				callId: Int32Array.from(d.callId),
				label: Int32Array.from(d.label),
				first: Int32Array.from(d.first),
				arrows: Int32Array.from(d.arrows),
			},
		);
	}
}

/** Writes the columns in their wire form. */
function encodeColumns(ladder: Ladder): CompactLadder {
	const c = ladder.columns;
	const n = c.count;
	const index = new Float64Array(n);
	const line = new Float64Array(n);
	const timeShared = new Float64Array(n);
	const timeRest: string[] = [];
	const timeRestLength: number[] = [];
	const offset = new Float64Array(n);
	let offsets = 0;
	const retransmissionCount = new Float64Array(n);
	const retransmissions = new Float64Array(c.retransmissions.length);
	const relatedCount = new Float64Array(n);
	const related = new Float64Array(c.related.length);
	const authPair = new Float64Array(n);
	let previousIndex = 0;
	let previousLine = 0;
	let previousTime: string | null = null;
	let stem: string | null = null;
	let previousOffset = 0;
	for (let i = 0; i < n; i++) {
		const own = c.index[i]!;
		index[i] = own - previousIndex;
		previousIndex = own;
		line[i] = c.line[i]! - previousLine;
		previousLine = c.line[i]!;
		const time = c.time.at(i);
		if (time === null) timeShared[i] = -1;
		else {
			let shared = 0;
			// Every so often a time is sent whole, so that a reader can make any one of them from a few.
			if (previousTime !== null && timeRestLength.length % timeAnchorEvery !== 0) {
				// Times in order mostly share a stem (the date, the hour...): one comparison of it,
				// then character by character from there. The stem only shortens between whole ones.
				if (stem !== null && time.startsWith(stem)) shared = stem.length;
				const max = Math.min(time.length, previousTime.length);
				while (shared < max && time.charCodeAt(shared) === previousTime.charCodeAt(shared))
					shared++;
				if (stem === null || shared < stem.length) stem = time.slice(0, shared);
			} else stem = null;
			timeShared[i] = shared;
			timeRest.push(time.slice(shared));
			timeRestLength.push(time.length - shared);
			previousTime = time;
		}
		if (c.flags[i]! & flagOffset) {
			offset[offsets++] = c.offset[i]! - previousOffset;
			previousOffset = c.offset[i]!;
		}
		retransmissionCount[i] = c.retransmissionStart[i + 1]! - c.retransmissionStart[i]!;
		for (let r = c.retransmissionStart[i]!; r < c.retransmissionStart[i + 1]!; r++)
			retransmissions[r] = c.retransmissions[r]! - own;
		relatedCount[i] = c.relatedStart[i + 1]! - c.relatedStart[i]!;
		for (let r = c.relatedStart[i]!; r < c.relatedStart[i + 1]!; r++)
			related[r] = c.related[r]! - own;
		authPair[i] = c.authPair[i]! < 0 ? 0 : c.authPair[i]! - own;
	}
	const ids = new Map<string, number>();
	ladder.strings.forEach((s, i) => ids.set(s, i));
	const id = (s: string | null): number => (s === null ? -1 : ids.get(s)!);
	const plain = packInts;
	const badges: number[] = [];
	for (const b of ladder.badges)
		badges.push(id(b.basic), id(b.note), b.activities.length, ...b.activities.map(id));
	const subs = ladder.subscriptions;
	return {
		format: ladderFormat,
		uri: ladder.uri,
		version: ladder.version,
		view: ladder.view,
		strings: ladder.strings,
		lanes: plain(ladder.lanes.flatMap((l) => [id(l.id), id(l.label), id(l.role)])),
		count: n,
		arrows: {
			index: plain(index),
			line: plain(line),
			from: plain(c.from),
			to: plain(c.to),
			label: plain(c.label),
			flags: plain(c.flags),
			method: plain(c.method),
			cseqMethod: plain(c.cseqMethod),
			status: plain(c.status),
			callId: plain(c.callId),
			timeShared: plain(timeShared),
			timeRest: timeRest.join(''),
			timeRestLength: plain(timeRestLength),
			offset: plain(offset.subarray(0, offsets)),
			presentity: plain(c.presentity),
			badge: plain(c.badge),
			retransmissionCount: plain(retransmissionCount),
			retransmissions: plain(retransmissions),
			relatedCount: plain(relatedCount),
			related: plain(related),
			authPair: plain(authPair),
		},
		badges: plain(badges),
		subscriptions: {
			id: plain(subs.map((s) => s.id)),
			lane: plain(ladder.subscriptionLanes),
			event: plain(subs.map((s) => id(s.event))),
			resource: plain(subs.map((s) => id(s.resource))),
			from: plain(subs.map((s) => s.fromIndex)),
			to: plain(subs.map((s) => s.toIndex ?? -1)),
			state: plain(subs.map((s) => id(s.state))),
		},
		dialogs: {
			callId: plain(ladder.dialogColumns.callId),
			label: plain(ladder.dialogColumns.label),
			first: plain(ladder.dialogColumns.first),
			arrows: plain(ladder.dialogColumns.arrows),
		},
	};
}

/** Why a wire model was refused. */
export type LadderDecodeError =
	/** Not an object with the fields of a {@link CompactLadder}. */
	| 'not-a-model'
	/** A `format` this reader does not know. */
	| 'unknown-format'
	/** A column of the wrong length or type, or a value out of range. */
	| 'malformed';

export type DecodeResult =
	| { readonly ok: true; readonly ladder: Ladder }
	| { readonly ok: false; readonly error: LadderDecodeError; readonly message: string };

class Malformed extends Error {}

const isRecord = (x: unknown): x is Record<string, unknown> =>
	typeof x === 'object' && x !== null && !Array.isArray(x);

/** The most arrows a model may have: far beyond any trace that can be analysed. */
const maxArrows = 20_000_000;

/**
 * Checks a wire model and reads it into columns: every column of the right length and type, every
 * string id, lane and badge in range, every decoded index and line a non-negative integer. Anything
 * else is refused with the column and entry that is wrong; it never throws.
 */
export function decodeLadder(x: unknown): DecodeResult {
	try {
		return { ok: true, ladder: decode(x) };
	} catch (error) {
		if (error instanceof Malformed) {
			const [code, message] = error.message.split('\n', 2) as [LadderDecodeError, string];
			return { ok: false, error: code, message };
		}
		return { ok: false, error: 'malformed', message: String(error) };
	}
}

const fail = (code: LadderDecodeError, message: string): never => {
	throw new Malformed(`${code}\n${message}`);
};

/**
 * Reads a packed column of `n` values, each within [min, max] (within 32 bits), in one pass; with
 * `delta`, each value is the difference from the one before, and the sums are checked.
 */
function readColumn(
	packed: unknown,
	what: string,
	n: number,
	min: number,
	max: number,
	delta = false,
): Int32Array {
	if (typeof packed !== 'string') return fail('malformed', `${what} is not a packed column.`);
	const out = new Int32Array(n);
	let k = 0;
	let z = 0;
	let shift = 0;
	let sum = 0;
	for (let i = 0; i < packed.length; i++) {
		const code = packed.charCodeAt(i);
		const d = code < 128 ? digitOf[code]! : -1;
		if (d < 0) return fail('malformed', `${what} holds a character outside its alphabet.`);
		if (shift < 25) z |= (d & 31) << shift;
		else {
			z += (d & 31) * 2 ** shift;
			if (z > 2 * maxPacked) return fail('malformed', `${what}[${k}] is too large.`);
		}
		if (d >= 32) {
			shift += 5;
			continue;
		}
		let v = z % 2 ? -((z + 1) / 2) : z / 2;
		z = 0;
		shift = 0;
		if (delta) v = sum += v;
		if (v < min || v > max)
			return fail('malformed', `${what}[${k}] is ${v}, not in ${min}..${max}.`);
		if (k === n) return fail('malformed', `${what} has more than ${n} entries.`);
		out[k++] = v;
	}
	if (shift) return fail('malformed', `${what} ends in the middle of a value.`);
	if (k !== n) return fail('malformed', `${what} has ${k} entries, not ${n}.`);
	return out;
}

/** At most this many times in a row are sent as the part they share with the one before and a rest. */
const timeAnchorEvery = 64;

/**
 * The times of a wire model, checked (each shares at most the previous time's length, the rests
 * add up to the string, a whole one at least every {@link timeAnchorEvery}) and made on demand
 * from the nearest one sent whole.
 */
function readTimes(shared: Int32Array, rests: string, restLength: Int32Array): TimeColumn {
	const n = shared.length;
	const restStart = new Int32Array(n).fill(-1);
	const restEnd = new Int32Array(n);
	const previous = new Int32Array(n).fill(-1);
	let at = 0;
	let last = -1;
	let lastLength = 0;
	let sinceWhole = 0;
	for (let i = 0, r = 0; i < n; i++) {
		if (shared[i]! < 0) continue;
		if (shared[i]! > lastLength)
			return fail('malformed', `arrows.timeShared[${i}] is longer than the previous time.`);
		sinceWhole = shared[i] === 0 ? 0 : sinceWhole + 1;
		if (sinceWhole >= timeAnchorEvery)
			return fail('malformed', `arrows.timeShared: no time sent whole within ${timeAnchorEvery}.`);
		restStart[i] = at;
		previous[i] = last;
		at += restLength[r++]!;
		if (at > rests.length) return fail('malformed', 'arrows.timeRest is too short.');
		restEnd[i] = at;
		lastLength = shared[i]! + restLength[r - 1]!;
		last = i;
	}
	if (at !== rests.length)
		return fail('malformed', `arrows.timeRest has ${rests.length - at} characters too many.`);
	const timeAt = (i: number): string =>
		(shared[i]! > 0 ? timeAt(previous[i]!).slice(0, shared[i]) : '') +
		rests.slice(restStart[i], restEnd[i]);
	return { at: (pos) => (restStart[pos]! < 0 ? null : timeAt(pos)) };
}

function decode(x: unknown): Ladder {
	if (!isRecord(x)) return fail('not-a-model', 'the model is not an object.');
	if (x.format !== ladderFormat)
		return fail(
			'unknown-format',
			`the model's format is ${JSON.stringify(String(x.format)).slice(0, 80)}, not ${ladderFormat}.`,
		);
	const { uri, version, view, strings, count } = x;
	if (typeof uri !== 'string') return fail('not-a-model', 'the model has no uri.');
	if (!Number.isSafeInteger(version)) return fail('not-a-model', 'the model has no version.');
	if (view !== 'network' && view !== 'entities')
		return fail('not-a-model', 'the model has no view.');
	if (!Array.isArray(strings) || !strings.every((s) => typeof s === 'string'))
		return fail('not-a-model', 'the string table is not a list of strings.');
	if (!Number.isSafeInteger(count) || (count as number) < 0 || (count as number) > maxArrows)
		return fail('not-a-model', 'the arrow count is not a count.');
	const n = count as number;
	const table = strings as string[];
	const S = table.length;
	if (!isRecord(x.arrows) || !isRecord(x.subscriptions) || !isRecord(x.dialogs))
		return fail('not-a-model', 'the model has no arrow, subscription or dialog columns.');

	/** A column of integers: its length (or any), each value within [min, max]. */
	const ints = (
		group: Record<string, unknown>,
		groupName: string,
		name: string,
		length: number | null,
		min: number,
		max: number,
	): Float64Array => {
		const packed = group[name];
		const what = `${groupName}.${name}`;
		if (typeof packed !== 'string') return fail('malformed', `${what} is not a packed column.`);
		const column = unpackInts(packed);
		if (!column) return fail('malformed', `${what} is not a packed column of integers.`);
		if (length !== null && column.length !== length)
			return fail('malformed', `${what} has ${column.length} entries, not ${length}.`);
		for (let i = 0; i < column.length; i++) {
			const v = column[i]!;
			if (v < min || v > max)
				return fail('malformed', `${what}[${i}] is ${v}, not in ${min}..${max}.`);
		}
		return column;
	};
	const big = Number.MAX_SAFE_INTEGER;

	const laneIds = ints(x, 'model', 'lanes', null, -1, S - 1);
	if (laneIds.length % 3) return fail('malformed', 'model.lanes is not three ids per lane.');
	const lanes: LadderLane[] = [];
	for (let i = 0; i < laneIds.length; i += 3) {
		if (laneIds[i]! < 0 || laneIds[i + 1]! < 0)
			return fail('malformed', `lane ${i / 3} has no id or label.`);
		lanes.push({
			id: table[laneIds[i]!]!,
			label: table[laneIds[i + 1]!]!,
			role: laneIds[i + 2]! < 0 ? null : table[laneIds[i + 2]!]!,
		});
	}
	const L = lanes.length;
	if (n > 0 && L === 0) return fail('malformed', 'the model has arrows but no lanes.');

	const badgeParts = ints(x, 'model', 'badges', null, -1, big);
	const badges: PresenceBadge[] = [];
	for (let i = 0; i < badgeParts.length;) {
		const at = `badge ${badges.length}`;
		if (i + 3 > badgeParts.length) return fail('malformed', `${at} is cut short.`);
		const [basic, note, k] = [badgeParts[i]!, badgeParts[i + 1]!, badgeParts[i + 2]!];
		if (basic >= S || note >= S || k < 0 || i + 3 + k > badgeParts.length)
			return fail('malformed', `${at} is out of range.`);
		const activities: string[] = [];
		for (let j = 0; j < k; j++) {
			const a = badgeParts[i + 3 + j]!;
			if (a < 0 || a >= S) return fail('malformed', `${at}'s activity ${j} is out of range.`);
			activities.push(table[a]!);
		}
		badges.push({
			basic: basic < 0 ? null : table[basic]!,
			note: note < 0 ? null : table[note]!,
			activities,
		});
		i += 3 + k;
	}

	const a = x.arrows;
	const int32 = 2 ** 31 - 1;
	const col = (name: string, min: number, max: number, delta = false): Int32Array =>
		readColumn(a[name], `arrows.${name}`, n, min, max, delta);
	const index = col('index', 0, int32, true);
	const line = col('line', 0, int32, true);
	const from = col('from', 0, L - 1);
	const to = col('to', 0, L - 1);
	const label = col('label', 0, S - 1);
	const flags = col('flags', 0, ((arrowKinds.length - 1) << kindShift) | 7);
	const method = col('method', -1, S - 1);
	const cseqMethod = col('cseqMethod', -1, S - 1);
	const status = col('status', 0, int32);
	const callId = col('callId', -1, S - 1);
	const presentity = col('presentity', -1, S - 1);
	const badge = col('badge', -1, badges.length - 1);

	// Times: checked here, each made when it is asked for (see readTimes).
	const timeShared = col('timeShared', -1, int32);
	const timeRest = a.timeRest;
	if (typeof timeRest !== 'string') return fail('malformed', 'arrows.timeRest is not a string.');
	let timed = 0;
	for (let i = 0; i < n; i++) if (timeShared[i]! >= 0) timed++;
	const restLength = readColumn(a.timeRestLength, 'arrows.timeRestLength', timed, 0, int32);
	const time = readTimes(timeShared, timeRest, restLength);

	let offsets = 0;
	for (let i = 0; i < n; i++) if (flags[i]! & flagOffset) offsets++;
	const offsetDelta = ints(a, 'arrows', 'offset', offsets, -big, big);
	const offset = new Float64Array(n);
	for (let i = 0, k = 0, value = 0; i < n; i++) {
		if (flags[i]! & flagOffset) {
			value += offsetDelta[k++]!;
			offset[i] = value;
		} else offset[i] = NaN;
	}

	/** A list flattened with a count per arrow, each entry relative to the arrow's index. */
	const lists = (countName: string, listName: string): [Int32Array, Int32Array] => {
		const counts = col(countName, 0, int32);
		const start = new Int32Array(n + 1);
		for (let i = 0; i < n; i++) {
			const next = start[i]! + counts[i]!;
			if (next > int32) return fail('malformed', `arrows.${countName} is too large.`);
			start[i + 1] = next;
		}
		const values = readColumn(a[listName], `arrows.${listName}`, start[n]!, -int32, int32);
		for (let i = 0; i < n; i++)
			for (let r = start[i]!; r < start[i + 1]!; r++) {
				const v = index[i]! + values[r]!;
				if (v < 0 || v > int32)
					return fail('malformed', `arrows.${listName}[${r}] is message ${v}.`);
				values[r] = v;
			}
		return [start, values];
	};
	const [retransmissionStart, retransmissions] = lists('retransmissionCount', 'retransmissions');
	const [relatedStart, related] = lists('relatedCount', 'related');
	const authPair = col('authPair', -int32, int32);
	for (let i = 0; i < n; i++) {
		if (authPair[i] === 0) {
			authPair[i] = -1;
			continue;
		}
		const v = index[i]! + authPair[i]!;
		if (v < 0 || v > int32) return fail('malformed', `arrows.authPair[${i}] is message ${v}.`);
		authPair[i] = v;
	}

	const s = x.subscriptions;
	const subscriptionCount = ints(s, 'subscriptions', 'id', null, -big, big).length;
	const sub = (name: string, min: number, max: number): Float64Array =>
		ints(s, 'subscriptions', name, subscriptionCount, min, max);
	const [ids, subLanes, events, resources, froms, tos, states] = [
		sub('id', -big, big),
		sub('lane', 0, L - 1),
		sub('event', 0, S - 1),
		sub('resource', -1, S - 1),
		sub('from', 0, 2 ** 31 - 1),
		sub('to', -1, 2 ** 31 - 1),
		sub('state', 0, S - 1),
	];
	const subscriptions: LadderSubscription[] = Array.from(ids, (id, i) => ({
		id,
		watcherLane: lanes[subLanes[i]!]!.id,
		event: table[events[i]!]!,
		resource: resources[i]! < 0 ? null : table[resources[i]!]!,
		fromIndex: froms[i]!,
		toIndex: tos[i]! < 0 ? null : tos[i]!,
		state: table[states[i]!]!,
	}));

	const d = x.dialogs;
	const dialogCount = ints(d, 'dialogs', 'callId', null, 0, S - 1).length;
	const dialog = (name: string, max: number): Int32Array =>
		Int32Array.from(ints(d, 'dialogs', name, dialogCount, 0, max));

	return new Ladder(
		uri,
		version as number,
		view,
		table,
		lanes,
		{
			count: n,
			index,
			line,
			from,
			to,
			label,
			flags,
			method,
			cseqMethod,
			status,
			callId,
			time,
			offset,
			presentity,
			badge,
			retransmissionStart,
			retransmissions,
			relatedStart,
			related,
			authPair,
		},
		badges,
		subscriptions,
		Int32Array.from(subLanes),
		{
			callId: dialog('callId', S - 1),
			label: dialog('label', S - 1),
			first: dialog('first', 2 ** 31 - 1),
			arrows: dialog('arrows', 2 ** 31 - 1),
		},
	);
}

/**
 * The start line of a message, read from a wire model without decoding it (for the extension,
 * which forwards the model and only needs a line when the user picks an arrow). Null when no arrow
 * has that index or the model is not a wire model.
 */
export function lineOfMessage(model: CompactLadder, index: number): number | null {
	const indexes = unpackInts(model.arrows.index);
	const lines = unpackInts(model.arrows.line);
	if (!indexes || !lines || lines.length !== indexes.length) return null;
	let ix = 0;
	let ln = 0;
	for (let i = 0; i < indexes.length; i++) {
		ix += indexes[i]!;
		ln += lines[i]!;
		if (ix === index) return ln;
	}
	return null;
}
