/**
 * What the diagram shows: the text filter, the noise toggle and the method, dialog and presentity
 * choices, combined. Read from the model's columns, with no object per arrow. Pure: no DOM here.
 */
import type { LadderArrow } from '../../server/src/protocol/ladder';
import {
	flagRefresh,
	kindShift,
	arrowKinds,
	type Ladder,
} from '../../server/src/protocol/ladderColumns';

export interface Filter {
	readonly text: string;
	readonly hideNoise: boolean;
	/** Transaction methods to show (a request's method, a response's CSeq method); empty: all. */
	readonly methods: readonly string[];
	/** Call-IDs to show; empty: all. */
	readonly callIds: readonly string[];
	/** Presentities whose PUBLISH, SUBSCRIBE and NOTIFY (and their responses) to show; empty: all. */
	readonly presentities: readonly string[];
}

export const emptyFilter: Filter = {
	text: '',
	hideNoise: false,
	methods: [],
	callIds: [],
	presentities: [],
};

/** Kind codes of OPTIONS and REGISTER, which hide-noise hides with refreshes. */
const noiseKinds = new Set([arrowKinds.indexOf('options'), arrowKinds.indexOf('register')]);

const strings = (x: unknown): string[] =>
	Array.isArray(x)
		? x.filter((s): s is string => typeof s === 'string' && s.length < 10_000).slice(0, 10_000)
		: [];

/** A filter restored from webview state, which is untrusted until checked. */
export function restoreFilter(x: unknown): Filter {
	if (typeof x !== 'object' || x === null) return emptyFilter;
	const f = x as Record<string, unknown>;
	return {
		text: typeof f.text === 'string' ? f.text : '',
		hideNoise: f.hideNoise === true,
		methods: strings(f.methods),
		callIds: strings(f.callIds),
		presentities: strings(f.presentities),
	};
}

/** The method the method filter matches an arrow by. */
export const methodOf = (a: LadderArrow): string | null => a.method ?? a.cseqMethod;

export type ChoiceKey = 'methods' | 'callIds' | 'presentities';

/** The string id of what a choice matches, per arrow position: the method filter's method, the Call-ID, the presentity. */
function valueIds(ladder: Ladder, key: ChoiceKey): (pos: number) => number {
	const c = ladder.columns;
	if (key === 'methods')
		return (pos) => (c.method[pos]! >= 0 ? c.method[pos]! : c.cseqMethod[pos]!);
	const column = key === 'callIds' ? c.callId : c.presentity;
	return (pos) => column[pos]!;
}

/** Marks, per string id, the strings chosen; null when nothing is chosen. */
function chosenIds(ladder: Ladder, values: readonly string[]): Uint8Array | null {
	if (!values.length) return null;
	const chosen = new Set(values);
	const marks = new Uint8Array(ladder.strings.length);
	ladder.strings.forEach((s, i) => {
		if (chosen.has(s)) marks[i] = 1;
	});
	return marks;
}

/**
 * The rows a filter keeps, as arrow positions in drawing order: every choice made must match (a
 * method, a Call-ID, a presentity among those chosen), and the text must occur in the label,
 * Call-ID, presentity, note, an activity or a lane. Each string is matched once, not once per arrow.
 */
export function visibleRows(ladder: Ladder, filter: Filter): Int32Array {
	const c = ladder.columns;
	const n = c.count;
	const q = filter.text.trim().toLowerCase();
	const methods = chosenIds(ladder, filter.methods);
	const callIds = chosenIds(ladder, filter.callIds);
	const presentities = chosenIds(ladder, filter.presentities);
	let text: Uint8Array | null = null;
	let badges: Uint8Array | null = null;
	let lanes: Uint8Array | null = null;
	if (q) {
		text = Uint8Array.from(ladder.strings, (s) => (s.toLowerCase().includes(q) ? 1 : 0));
		const has = (s: string | null): boolean => s !== null && s.toLowerCase().includes(q);
		badges = Uint8Array.from(ladder.badges, (b) => (has(b.note) || b.activities.some(has) ? 1 : 0));
		lanes = Uint8Array.from(ladder.lanes, (l) => (has(l.id) ? 1 : 0));
	}
	const rows = new Int32Array(n);
	let kept = 0;
	for (let pos = 0; pos < n; pos++) {
		const flags = c.flags[pos]!;
		if (filter.hideNoise && (flags & flagRefresh || noiseKinds.has(flags >> kindShift))) continue;
		if (methods) {
			const m = c.method[pos]! >= 0 ? c.method[pos]! : c.cseqMethod[pos]!;
			if (m < 0 || !methods[m]) continue;
		}
		if (callIds && (c.callId[pos]! < 0 || !callIds[c.callId[pos]!])) continue;
		if (presentities && (c.presentity[pos]! < 0 || !presentities[c.presentity[pos]!])) continue;
		if (
			text &&
			!(
				text[c.label[pos]!] ||
				(c.callId[pos]! >= 0 && text[c.callId[pos]!]) ||
				(c.presentity[pos]! >= 0 && text[c.presentity[pos]!]) ||
				(c.badge[pos]! >= 0 && badges![c.badge[pos]!]) ||
				lanes![c.from[pos]!] ||
				lanes![c.to[pos]!]
			)
		)
			continue;
		rows[kept++] = pos;
	}
	return kept === n ? rows : rows.slice(0, kept);
}

export interface Choice {
	readonly value: string;
	readonly label: string;
	/** Shown under the list for the option in focus (the full Call-ID). */
	readonly description: string;
}

export interface Choices {
	readonly methods: readonly Choice[];
	readonly dialogs: readonly Choice[];
	readonly presentities: readonly Choice[];
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;
const shorten = (s: string, max: number): string =>
	s.length > max ? `${s.slice(0, max - 1)}…` : s;

/**
 * What the dropdowns offer, from the model in one pass over its columns: the methods present, one
 * entry per Call-ID (first method and AoRs), and the presentities of PUBLISH, SUBSCRIBE and NOTIFY.
 */
export function filterChoices(ladder: Ladder): Choices {
	const c = ladder.columns;
	const methods = new Int32Array(ladder.strings.length);
	const presentities = new Int32Array(ladder.strings.length);
	for (let pos = 0; pos < c.count; pos++) {
		const m = c.method[pos]! >= 0 ? c.method[pos]! : c.cseqMethod[pos]!;
		if (m >= 0) methods[m]!++;
		if (c.presentity[pos]! >= 0) presentities[c.presentity[pos]!]!++;
	}
	const counted = (counts: Int32Array, what: string): Choice[] => {
		const out: Choice[] = [];
		counts.forEach((n, id) => {
			if (n)
				out.push({
					value: ladder.strings[id]!,
					label: `${shorten(ladder.strings[id]!, 60)} (${n})`,
					description: plural(n, what),
				});
		});
		return out.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
	};
	const methodChoices = counted(methods, 'arrow');
	const presentityChoices = counted(presentities, 'arrow');
	let dialogs: Choice[] | undefined;
	return {
		methods: methodChoices,
		// One per Call-ID, possibly tens of thousands: made when first asked for.
		get dialogs(): readonly Choice[] {
			return (dialogs ??= dialogChoices(ladder));
		},
		presentities: presentityChoices,
	};
}

function dialogChoices(ladder: Ladder): Choice[] {
	const d = ladder.dialogColumns;
	const dialogs: Choice[] = new Array<Choice>(d.callId.length);
	for (let i = 0; i < d.callId.length; i++) {
		const callId = ladder.strings[d.callId[i]!]!;
		dialogs[i] = {
			value: callId,
			label: `${shorten(ladder.strings[d.label[i]!]!, 70)} · ${shorten(callId, 24)}`,
			description: `Call-ID ${callId} (${plural(d.arrows[i]!, 'arrow')})`,
		};
	}
	return dialogs;
}

/**
 * For a list too long to offer whole (a dropdown draws every option): at most `max` of `offered`,
 * those already chosen first, then the values met in the arrows the other filters keep, from the
 * message `from` (the one at the top of the view) on, then from the start.
 */
export function nearbyChoices(
	ladder: Ladder,
	filter: Filter,
	key: ChoiceKey,
	offered: readonly Choice[],
	from: number | null,
	max: number,
): Choice[] {
	const byValue = new Map(offered.map((c) => [c.value, c]));
	const out = new Map<string, Choice>();
	for (const v of filter[key]) {
		const c = byValue.get(v);
		if (c) out.set(v, c);
	}
	const others = visibleRows(ladder, { ...filter, [key]: [] });
	const valueAt = valueIds(ladder, key);
	const index = ladder.columns.index;
	const start = Math.max(
		0,
		others.findIndex((pos) => index[pos] === from),
	);
	const seen = new Uint8Array(ladder.strings.length);
	for (let i = 0; i < others.length && out.size < max; i++) {
		const id = valueAt(others[(start + i) % others.length]!);
		if (id < 0 || seen[id]) continue;
		seen[id] = 1;
		const v = ladder.strings[id]!;
		const c = byValue.get(v);
		if (c && !out.has(v)) out.set(v, c);
	}
	return [...out.values()];
}
