import { presenceSummaryOf } from '../core/bodies/presenceSummaries';
import { addressOfRecord } from '../core/parser/uri';
import type { SipMessage, TraceAnalysis } from '../core/model';
import type {
	ArrowKind,
	LadderArrow,
	LadderDialog,
	LadderLane,
	LadderModel,
	LadderSubscription,
	LadderView,
} from '../protocol/ladder';

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

/**
 * The sequence-diagram model of a trace: lanes, one arrow per message in time order (later
 * copies folded into the first), subscription lifetimes, PUBLISH→NOTIFY fan-out, challenge and
 * retry pairs and presence badges. The webview only draws it.
 */
export function buildLadder(
	analysis: TraceAnalysis,
	uri: string,
	version: number,
	view: LadderView,
	lineOf: (offset: number) => number,
): LadderModel {
	const { index, messages } = analysis;
	// Without any address in the trace (bare messages, SIPp logs), lanes by identity tell more.
	if (view === 'network' && !messages.some((m) => m.frame.src || m.frame.dst)) view = 'entities';
	const lanes = new Map<string, LadderLane>();
	const roles = new Map<string, string>();
	const lane = (id: string): string => {
		if (!lanes.has(id)) lanes.set(id, { id, label: id, role: null });
		return id;
	};
	const order = [...messages].sort(
		(a, b) => (a.frame.epochMicros ?? 0) - (b.frame.epochMicros ?? 0) || a.index - b.index,
	);
	const firstTime = order.find((m) => m.frame.epochMicros != null)?.frame.epochMicros ?? null;
	const ends = (m: SipMessage): [string, string] =>
		view === 'entities' ? entityEnds(analysis, m) : networkEnds(analysis, m);

	const arrows: LadderArrow[] = [];
	const arrowOf = new Map<number, LadderArrow & { retransmissions: number[] }>();
	const dialogs = new Map<string, { -readonly [K in keyof LadderDialog]: LadderDialog[K] }>();
	for (const m of order) {
		const original = index.originalOf(m.index);
		if (original !== null && arrowOf.has(original)) {
			arrowOf.get(original)!.retransmissions.push(m.index);
			continue;
		}
		const [from, to] = ends(m);
		lane(from);
		lane(to);
		const method = m.method ?? m.cseq?.method ?? null;
		if (m.kind === 'request' && method) {
			if (method === 'SUBSCRIBE') roles.set(from, 'watcher');
			if (method === 'PUBLISH')
				roles.set(from, roles.get(from) === 'watcher' ? 'watcher, presentity' : 'presentity');
			if (method === 'SUBSCRIBE' || method === 'PUBLISH')
				if (!roles.has(to)) roles.set(to, view === 'entities' ? 'presentity' : 'presence server');
		}
		const arrow = {
			index: m.index,
			line: lineOf(m.startLine.start),
			from,
			to,
			label:
				m.kind === 'request'
					? (m.method ?? '?')
					: m.kind === 'response'
						? `${m.status} ${m.reason ?? ''}`.trim()
						: 'unparsed',
			isRequest: m.kind === 'request',
			kind: (method && kinds[method.toUpperCase()]) || 'other',
			method: m.method,
			cseqMethod: method,
			status: m.status,
			callId: m.callId,
			time: m.frame.time,
			offsetMicros:
				firstTime != null && m.frame.epochMicros != null ? m.frame.epochMicros - firstTime : null,
			retransmissions: [] as number[],
			isRefresh: isRefresh(m),
			presentity: presentityOf(analysis, m),
			presence: presenceBadge(analysis, m),
			related: related(analysis, m),
			authPair:
				m.kind === 'request'
					? index.challengeOf(m.index) !== null
						? index.requestOf(index.challengeOf(m.index)!)
						: retryAfter(analysis, m)
					: null,
		};
		arrowOf.set(m.index, arrow);
		arrows.push(arrow);
		if (m.callId !== null) {
			const dialog = dialogs.get(m.callId);
			if (dialog) dialog.arrows++;
			else
				dialogs.set(m.callId, {
					callId: m.callId,
					label: dialogLabel(m, method),
					first: m.index,
					arrows: 1,
				});
		}
	}

	const subscriptions: LadderSubscription[] = [];
	for (const s of index.subscriptions) {
		const from = s.activatedBy ?? s.creator ?? s.notifies[0];
		if (from == null) continue;
		const anchor = s.creator ?? s.notifies[0]!;
		const m = messages[anchor]!;
		const [a, b] = ends(m);
		const watcherLane = m.method === 'NOTIFY' ? b : a;
		subscriptions.push({
			id: s.id,
			watcherLane,
			event: s.event,
			resource: s.resource,
			fromIndex: from,
			toIndex: s.terminatedBy,
			state: s.terminatedBy !== null ? 'terminated' : 'active',
		});
	}
	return {
		uri,
		version,
		view,
		lanes: [...lanes.values()].map((l) => ({ ...l, role: roles.get(l.id) ?? null })),
		arrows,
		subscriptions,
		dialogs: [...dialogs.values()],
	};
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
function entityEnds(_analysis: TraceAnalysis, m: SipMessage): [string, string] {
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

function presentityOf(analysis: TraceAnalysis, m: SipMessage): string | null {
	const method = m.method ?? m.cseq?.method;
	if (method === 'PUBLISH')
		return analysis.index.publicationOf(m.index)?.entity ?? addressOfRecord(m.requestUri);
	if (method === 'SUBSCRIBE' || method === 'NOTIFY')
		return analysis.index.subscriptionOf(m.index)?.resource ?? null;
	return null;
}

function presenceBadge(analysis: TraceAnalysis, m: SipMessage): LadderArrow['presence'] {
	if (m.kind !== 'request' || (m.method !== 'PUBLISH' && m.method !== 'NOTIFY') || !m.body)
		return null;
	const s = presenceSummaryOf(analysis.text, m);
	return s ? { basic: s.basic, activities: [...s.activities], note: s.note } : null;
}

/** Messages to highlight with this one: responses and request, fan-out, challenge and retry. */
function related(analysis: TraceAnalysis, m: SipMessage): number[] {
	const { index } = analysis;
	const out = new Set<number>();
	const request = index.requestOf(m.index);
	if (request !== null) out.add(request);
	for (const r of index.responsesOf(m.index)) out.add(r);
	for (const n of index.notifiesOf(m.index)) out.add(n);
	const publish = index.publishOf(m.index);
	if (publish !== null) out.add(publish);
	const challenge = index.challengeOf(m.index);
	if (challenge !== null) out.add(challenge);
	const retry = index.retryOf(m.index);
	if (retry !== null) out.add(retry);
	out.delete(m.index);
	return [...out].sort((a, b) => a - b);
}

/** For a request that was challenged: the retry that followed. */
function retryAfter(analysis: TraceAnalysis, m: SipMessage): number | null {
	for (const r of analysis.index.responsesOf(m.index)) {
		const retry = analysis.index.retryOf(r);
		if (retry !== null) return retry;
	}
	return null;
}
