import type { PresenceSummary } from '../core/bodies/decodeBody';
import { presenceSummaryOf } from '../core/bodies/presenceSummaries';
import { addressOfRecord } from '../core/parser/uri';
import { idleStepMessages, runSteps, type Steps } from '../core/steps';
import type { SipMessage, TraceAnalysis } from '../core/model';
import type { ArrowKind, LadderView } from '../protocol/ladder';
import { arrowFlags, LadderBuilder, type ArrowIds, type Ladder } from '../protocol/ladderColumns';
import { isNotify } from '../core/parser/methods';

const kinds: Readonly<Record<string, ArrowKind>> = {
	SUBSCRIBE: 'subscribe',
	NOTIFY: 'notify',
	PUBLISH: 'publish',
	INVITE: 'invite',
	ACK: 'invite',
	BYE: 'invite',
	CANCEL: 'invite',
	REGISTER: 'register',
	OPTIONS: 'options',
};
const kindOf = (method: string | null): ArrowKind =>
	method === null
		? 'other'
		: (Object.hasOwn(kinds, method) ? kinds[method] : kinds[method.toUpperCase()]) || 'other';

/**
 * The messages in time order (no time counts as 0; equal times keep file order), as positions into
 * `messages`. A trace is nearly always in time order already, which one pass finds.
 */
function timeOrder(messages: readonly SipMessage[]): Int32Array {
	const n = messages.length;
	const keys = new Float64Array(n);
	let sorted = true;
	for (let i = 0; i < n; i++) {
		keys[i] = messages[i]!.frame.epochMicros ?? 0;
		if (i && keys[i]! < keys[i - 1]!) sorted = false;
	}
	const order = new Int32Array(n);
	for (let i = 0; i < n; i++) order[i] = i;
	if (!sorted) order.sort((a, b) => keys[a]! - keys[b]! || a - b);
	return order;
}

/**
 * Models already built, per analysis (an edit makes a new one): asked again for the same trace
 * (the panel shown again, the view switched back), the model is not built again.
 */
const built = new WeakMap<TraceAnalysis, Map<string, Ladder>>();

/**
 * The sequence-diagram model of a trace: lanes, one arrow per message in time order (later
 * copies folded into the first), subscription lifetimes, PUBLISH→NOTIFY fan-out, challenge and
 * retry pairs and presence badges, in columns (sent as its compact form). The webview only draws it.
 * `lineOf` must give the lines of `analysis.text`.
 */
export function buildLadder(
	analysis: TraceAnalysis,
	uri: string,
	version: number,
	view: LadderView,
	lineOf: (offset: number) => number,
): Ladder {
	return runSteps(ladderSteps(analysis, uri, version, view, lineOf));
}

/**
 * {@link buildLadder} in steps of a few thousand messages, so the server can prepare the model
 * while the editor is idle and still answer requests meanwhile. The model is kept once built.
 */
export function* ladderSteps(
	analysis: TraceAnalysis,
	uri: string,
	version: number,
	view: LadderView,
	lineOf: (offset: number) => number,
): Steps<Ladder> {
	let models = built.get(analysis);
	if (!models) built.set(analysis, (models = new Map()));
	const key = JSON.stringify([uri, version, view]);
	let model = models.get(key);
	if (!model) {
		model = yield* build(analysis, uri, version, view, lineOf);
		models.set(key, model);
	}
	return model;
}

function* build(
	analysis: TraceAnalysis,
	uri: string,
	version: number,
	view: LadderView,
	lineOf: (offset: number) => number,
): Steps<Ladder> {
	const { index, messages } = analysis;
	// Without any address in the trace (bare messages, SIPp logs), lanes by identity tell more.
	if (view === 'network' && !messages.some((m) => m.frame.src || m.frame.dst)) view = 'entities';
	const b = new LadderBuilder(messages.length);
	const laneAt = new Map<string, number>();
	const roles = new Map<number, string>();
	const lane = (id: string): number => {
		let at = laneAt.get(id);
		if (at === undefined) laneAt.set(id, (at = b.lane(id, id, null)));
		return at;
	};
	const order = timeOrder(messages);
	yield 0;
	let firstTime: number | null = null;
	for (let i = 0; i < order.length && firstTime === null; i++)
		firstTime = messages[order[i]!]!.frame.epochMicros ?? null;
	const ends = (m: SipMessage): [string, string] =>
		view === 'entities' ? entityEnds(m) : networkEnds(analysis, m);

	/** The arrow position of each message that has one (-1: none, or folded into another). */
	const arrowOf = new Int32Array(messages.length).fill(-1);
	/** The dialog of each Call-ID, by the Call-ID's string id. */
	const dialogOf: number[] = [];
	const dialogs: { callId: string; label: string; first: number; arrows: number }[] = [];
	// `407 Proxy Authentication Required`, made and interned once per status and reason.
	const responseLabels = new Map<number | null, { reason: string | null; id: number }>();
	const responseLabel = (status: number | null, reason: string | null): number => {
		const known = responseLabels.get(status);
		if (known?.reason === reason) return known.id;
		const id = b.intern(`${status} ${reason ?? ''}`.trim());
		responseLabels.set(status, { reason, id });
		return id;
	};
	// Equal bodies share their summary (the core remembers them), so most badges are found by it.
	const badgeOf = new Map<object, number>();
	const unparsed = b.intern('unparsed');
	const unknownMethod = b.intern('?');
	// One arrow's ids, refilled for each arrow (the builder keeps none of it).
	const a: ArrowIds = {
		index: 0,
		line: 0,
		from: 0,
		to: 0,
		label: 0,
		flags: 0,
		method: -1,
		cseqMethod: -1,
		status: 0,
		callId: -1,
		time: null,
		offset: NaN,
		presentity: -1,
		badge: -1,
		related: [],
		authPair: -1,
	};
	const related: number[] = [];
	// Consecutive messages mostly share their lanes and often their Call-ID (a request and its
	// responses): comparing with the last few is cheaper than a look-up in a map of them all.
	const recentLanes = new Recent(2);
	const recentCallIds = new Recent(4);
	for (let k = 0; k < order.length; k++) {
		if (k % idleStepMessages === idleStepMessages - 1) yield k / order.length;
		const m = messages[order[k]!]!;
		const original = index.originalOf(m.index);
		if (original !== null && arrowOf[original]! >= 0) {
			b.retransmission(arrowOf[original]!, m.index);
			continue;
		}
		const f = m.frame;
		let fromId: string;
		let toId: string;
		if (view === 'network' && f.src && f.dst) {
			fromId = f.src;
			toId = f.dst;
		} else [fromId, toId] = ends(m);
		const from = recentLanes.get(fromId) ?? recentLanes.put(fromId, lane(fromId));
		const to = recentLanes.get(toId) ?? recentLanes.put(toId, lane(toId));
		const method = m.method ?? m.cseq?.method ?? null;
		const isRequest = m.kind === 'request';
		if (isRequest && method) {
			if (method === 'SUBSCRIBE') roles.set(from, 'watcher');
			if (method === 'PUBLISH')
				roles.set(from, roles.get(from) === 'watcher' ? 'watcher, presentity' : 'presentity');
			if (method === 'SUBSCRIBE' || method === 'PUBLISH')
				if (!roles.has(to)) roles.set(to, view === 'entities' ? 'presentity' : 'presence server');
		}
		const epoch = f.epochMicros;
		const hasOffset = firstTime != null && epoch != null;
		relatedOf(analysis, m, related);
		let authPair: number | null = null;
		if (isRequest) {
			const challenge = index.challengeOf(m.index);
			authPair = challenge !== null ? index.requestOf(challenge) : retryAfter(analysis, m);
		}
		const methodId = b.intern(m.method);
		const callId =
			m.callId === null
				? -1
				: (recentCallIds.get(m.callId) ?? recentCallIds.put(m.callId, b.intern(m.callId)));
		const summary = presenceSummary(analysis, m);
		let badge = -1;
		if (summary) {
			badge = badgeOf.get(summary) ?? -1;
			if (badge < 0) {
				badge = b.badge({
					basic: summary.basic,
					activities: summary.activities,
					note: summary.note,
				});
				badgeOf.set(summary, badge);
			}
		}
		a.index = m.index;
		a.line = lineOf(m.startLine.start);
		a.from = from;
		a.to = to;
		a.label = isRequest
			? m.method
				? methodId
				: unknownMethod
			: m.kind === 'response'
				? responseLabel(m.status, m.reason)
				: unparsed;
		a.flags = arrowFlags(kindOf(method), isRequest, isRefresh(m), hasOffset);
		a.method = methodId;
		a.cseqMethod = method === m.method ? methodId : b.intern(method);
		a.status = m.status ?? 0;
		a.callId = callId;
		a.time = f.time;
		a.offset = hasOffset ? epoch - firstTime! : NaN;
		a.presentity = b.intern(presentityOf(analysis, m, method));
		a.badge = badge;
		a.related = related;
		a.authPair = authPair ?? -1;
		arrowOf[m.index] = b.add(a);
		if (callId >= 0) {
			const at = dialogOf[callId];
			if (at !== undefined) dialogs[at]!.arrows++;
			else {
				dialogOf[callId] = dialogs.length;
				dialogs.push({
					callId: m.callId!,
					label: dialogLabel(m, method),
					first: arrowOf[m.index]!,
					arrows: 1,
				});
			}
		}
	}
	for (const [at, role] of roles) b.setRole(at, role);

	// Subscriptions and dialogs are as many as a tenth of the messages: in steps as well.
	let done = 0;
	for (const s of index.subscriptions) {
		if (++done % idleStepMessages === 0) yield 1;
		const from = s.activatedBy ?? s.creator ?? s.notifies[0];
		if (from == null) continue;
		const anchor = s.creator ?? s.notifies[0]!;
		const m = messages[anchor]!;
		const [a, z] = ends(m);
		b.subscription(
			s.id,
			lane(isNotify(m.method) ? z : a),
			s.event,
			s.resource,
			from,
			s.terminatedBy,
			s.terminatedBy !== null ? 'terminated' : 'active',
		);
	}
	for (const d of dialogs) {
		if (++done % idleStepMessages === 0) yield 1;
		b.dialog(d.callId, d.label, d.first, d.arrows);
	}
	return b.finish(uri, version, view);
}

/** The ids of the last few strings looked up: found by comparing, without hashing. */
class Recent {
	readonly keys: (string | null)[];
	readonly ids: number[];
	next = 0;
	constructor(size: number) {
		this.keys = new Array<string | null>(size).fill(null);
		this.ids = new Array<number>(size).fill(-1);
	}
	get(key: string): number | undefined {
		const keys = this.keys;
		for (let i = 0; i < keys.length; i++) if (keys[i] === key) return this.ids[i];
		return undefined;
	}
	put(key: string, id: number): number {
		this.keys[this.next] = key;
		this.ids[this.next] = id;
		this.next = (this.next + 1) % this.keys.length;
		return id;
	}
}

/** `SUBSCRIBE andrew@example.com → linda@example.com`: the method and AoRs of a Call-ID's first message. */
function dialogLabel(m: SipMessage, method: string | null): string {
	const short = (uri: string | undefined): string =>
		(addressOfRecord(uri) ?? '?').replace(/^sips?:/i, '');
	return `${method ?? '?'} ${short(m.from?.uri)} → ${short(m.to?.uri)}`;
}

/** Lanes by address: as the trace gives them, else from Via and the Request-URI. */
function networkEnds(analysis: TraceAnalysis, m: SipMessage): [string, string] {
	const f = m.frame;
	if (f.src && f.dst) return [f.src, f.dst];
	if (f.src || f.dst) return [f.src ?? 'this host', f.dst ?? 'this host'];
	if (m.kind === 'request')
		return [m.vias[0]?.sentBy ?? 'unknown', hostOf(m.requestUri) ?? 'unknown'];
	const request = analysis.index.requestOf(m.index);
	if (request !== null) {
		const [a, b] = networkEnds(analysis, analysis.messages[request]!);
		return [b, a];
	}
	return ['unknown', m.vias[0]?.sentBy ?? 'unknown'];
}

/** Lanes by SIP identity: From to To for requests, the reverse for responses. */
function entityEnds(m: SipMessage): [string, string] {
	const from = addressOfRecord(m.from?.uri) ?? 'unknown';
	const to = addressOfRecord(m.to?.uri) ?? 'unknown';
	return m.kind === 'response' ? [to, from] : [from, to];
}

function hostOf(uri: string | null): string | null {
	if (!uri) return null;
	const m = /^[a-z]+:(?:[^@]*@)?(\[[^\]]+\](?::\d+)?|[^;?>]+)/i.exec(uri);
	return m ? m[1]! : null;
}

function isRefresh(m: SipMessage): boolean {
	if (m.kind !== 'request') return false;
	if (m.method === 'SUBSCRIBE') return !!m.to?.tag && m.expires !== 0;
	if (m.method === 'PUBLISH')
		return !!m.sipIfMatch && (!m.body || m.body.end === m.body.start) && m.expires !== 0;
	if (m.method === 'REGISTER') return true;
	return false;
}

function presentityOf(
	analysis: TraceAnalysis,
	m: SipMessage,
	method: string | null,
): string | null {
	if (method === 'PUBLISH')
		return analysis.index.publicationOf(m.index)?.entity ?? addressOfRecord(m.requestUri);
	if (method === 'SUBSCRIBE' || isNotify(method))
		return analysis.index.subscriptionOf(m.index)?.resource ?? null;
	return null;
}

/** The presence a PUBLISH or NOTIFY carries, summarised for its badge. */
function presenceSummary(analysis: TraceAnalysis, m: SipMessage): PresenceSummary | null {
	if (m.kind !== 'request' || (m.method !== 'PUBLISH' && !isNotify(m.method)) || !m.body)
		return null;
	return presenceSummaryOf(analysis.text, m);
}

/**
 * Messages to highlight with this one, into `out` (emptied first; the builder sorts them and drops
 * repeats and the message itself): responses and request, fan-out, challenge and retry.
 */
function relatedOf(analysis: TraceAnalysis, m: SipMessage, out: number[]): void {
	const { index } = analysis;
	out.length = 0;
	const request = index.requestOf(m.index);
	if (request !== null) out.push(request);
	for (const r of index.responsesOf(m.index)) out.push(r);
	for (const n of index.notifiesOf(m.index)) out.push(n);
	const publish = index.publishOf(m.index);
	if (publish !== null) out.push(publish);
	for (const p of index.publishesOf(m.index)) out.push(p);
	const challenge = index.challengeOf(m.index);
	if (challenge !== null) out.push(challenge);
	const retry = index.retryOf(m.index);
	if (retry !== null) out.push(retry);
}

/** For a request that was challenged: the retry that followed. */
function retryAfter(analysis: TraceAnalysis, m: SipMessage): number | null {
	for (const r of analysis.index.responsesOf(m.index)) {
		const retry = analysis.index.retryOf(r);
		if (retry !== null) return retry;
	}
	return null;
}
