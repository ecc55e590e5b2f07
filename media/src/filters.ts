/**
 * What the diagram shows: the text filter, the noise toggle and the method, dialog and presentity
 * choices, combined. Pure: no DOM here.
 */
import type { LadderArrow, LadderModel } from '../../server/src/protocol/ladder';

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

const noise = new Set(['options', 'register']);

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

/**
 * The arrows a filter keeps: every choice made must match (a method, a Call-ID, a presentity among
 * those chosen), and the text must occur in the label, Call-ID, presentity, note or a lane.
 */
export function visibleArrows(model: LadderModel, filter: Filter): LadderArrow[] {
	const q = filter.text.trim().toLowerCase();
	const methods = filter.methods.length ? new Set(filter.methods) : null;
	const callIds = filter.callIds.length ? new Set(filter.callIds) : null;
	const presentities = filter.presentities.length ? new Set(filter.presentities) : null;
	return model.arrows.filter((a) => {
		if (filter.hideNoise && (noise.has(a.kind) || a.isRefresh)) return false;
		if (methods && !methods.has(methodOf(a) ?? '')) return false;
		if (callIds && (a.callId === null || !callIds.has(a.callId))) return false;
		if (presentities && (a.presentity === null || !presentities.has(a.presentity))) return false;
		if (!q) return true;
		return [
			a.label,
			a.callId,
			a.presentity,
			a.presence?.note,
			...(a.presence?.activities ?? []),
			a.from,
			a.to,
		].some((s) => s?.toLowerCase().includes(q));
	});
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
 * What the dropdowns offer, from the model: the methods present, one entry per Call-ID (first
 * method and AoRs), and the presentities of PUBLISH, SUBSCRIBE and NOTIFY.
 */
export function filterChoices(model: LadderModel): Choices {
	const methods = new Map<string, number>();
	const presentities = new Map<string, number>();
	for (const a of model.arrows) {
		const method = methodOf(a);
		if (method !== null) methods.set(method, (methods.get(method) ?? 0) + 1);
		if (a.presentity !== null)
			presentities.set(a.presentity, (presentities.get(a.presentity) ?? 0) + 1);
	}
	const counted = (m: Map<string, number>, what: string): Choice[] =>
		[...m]
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
			.map(([value, n]) => ({
				value,
				label: `${shorten(value, 60)} (${n})`,
				description: plural(n, what),
			}));
	return {
		methods: counted(methods, 'arrow'),
		dialogs: model.dialogs.map((d) => ({
			value: d.callId,
			label: `${shorten(d.label, 70)} · ${shorten(d.callId, 24)}`,
			description: `Call-ID ${d.callId} (${plural(d.arrows, 'arrow')})`,
		})),
		presentities: counted(presentities, 'arrow'),
	};
}

export type ChoiceKey = 'methods' | 'callIds' | 'presentities';

const valueOf: Readonly<Record<ChoiceKey, (a: LadderArrow) => string | null>> = {
	methods: methodOf,
	callIds: (a) => a.callId,
	presentities: (a) => a.presentity,
};

/**
 * For a list too long to offer whole (a dropdown draws every option): at most `max` of `offered`,
 * those already chosen first, then the values met in the arrows the other filters keep, from the
 * message `from` (the one at the top of the view) on, then from the start.
 */
export function nearbyChoices(
	model: LadderModel,
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
	const others = visibleArrows(model, { ...filter, [key]: [] });
	const start = Math.max(
		0,
		others.findIndex((a) => a.index === from),
	);
	for (let i = 0; i < others.length && out.size < max; i++) {
		const v = valueOf[key](others[(start + i) % others.length]!);
		const c = v === null ? undefined : byValue.get(v);
		if (c && !out.has(v!)) out.set(v!, c);
	}
	return [...out.values()];
}
