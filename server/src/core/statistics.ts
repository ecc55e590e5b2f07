import type { SipMessage, TraceAnalysis, TraceIndex } from './model';
import { clockBetween, clockOf, type Clock } from './text/clock';

/**
 * Figures for a whole trace, what Wireshark's Telephony > SIP Statistics gives and what a
 * presence engineer looks for first. Every count is of distinct messages: a retransmission, or
 * the other side's log of a message already seen (the index's `originalOf`), is counted apart as
 * a retransmission, never as a new request or response. In the method tables a request a proxy
 * forwards is a new transaction on each hop (RFC 3261 §16.6), and counts once per hop, as a
 * capture shows it. Subscriptions, publications and challenges count what the endpoints did: a
 * NOTIFY or PUBLISH a proxy forwarded, and a response to such a forwarded copy (the proxy relays
 * it upstream), count once, as their sender sent them; forwarded NOTIFYs are counted apart.
 */
export interface TraceStatistics {
	readonly messages: MessageCounts;
	/** The first and last time of the trace, or null when it gives no times. */
	readonly span: TimeSpan | null;
	/** By method (a response under its CSeq method), the most frequent first. */
	readonly methods: readonly MethodStatistics[];
	/** Subscriptions by event package (RFC 6665), the most frequent first. */
	readonly subscriptions: readonly SubscriptionStatistics[];
	/** PUBLISH requests by event package (RFC 3903), the most frequent first. */
	readonly publications: readonly PublicationStatistics[];
	/** 401 and 407 challenges (RFC 3261 §22), those the trace has. */
	readonly challenges: readonly ChallengeStatistics[];
}

export interface MessageCounts {
	/** Every message of the trace, copies included. */
	readonly total: number;
	readonly requests: number;
	readonly responses: number;
	/** Messages whose start line is neither a request's nor a response's. */
	readonly invalid: number;
	/** Later copies of a message already seen (retransmissions, or another log's copy). */
	readonly retransmissions: number;
}

export interface TimeSpan {
	/** The earliest and the latest time, as the trace writes them (`Frame.time`). */
	readonly first: string;
	readonly last: string;
	readonly durationMicros: number;
}

export interface MethodStatistics {
	/** Upper-case method; `?` for responses without a CSeq. */
	readonly method: string;
	/** Distinct requests, and copies of them. */
	readonly requests: number;
	readonly retransmissions: number;
	/** Distinct responses by status code, ascending. */
	readonly responses: readonly StatusCount[];
	/**
	 * Requests that got a final response in the trace, and those that did not; null for a method
	 * that gets none (ACK, RFC 3261 §17.1.1.3; BENOTIFY, [MS-SIP] §3.5).
	 */
	readonly answered: number | null;
	readonly unanswered: number | null;
	/** Request to its first final response, where both have comparable times; null if none. */
	readonly responseTime: Durations | null;
}

export interface StatusCount {
	readonly status: number;
	/** The reason phrase of the first such response. */
	readonly reason: string;
	readonly count: number;
	readonly retransmissions: number;
}

/** Durations in microseconds. */
export interface Durations {
	readonly samples: number;
	readonly min: number;
	/** The middle sample, or the mean of the two middle ones. */
	readonly median: number;
	/** Nearest-rank 95th percentile, from {@link percentileFrom} samples on; else null. */
	readonly p95: number | null;
	readonly max: number;
	/**
	 * The coarsest step of the times measured, in microseconds (1,000,000 for times written to
	 * the second): a duration below it is known only to be under it.
	 */
	readonly tick: number;
}

/** A 95th percentile of fewer samples is one of the last few: not worth reading. */
export const percentileFrom = 20;

export interface SubscriptionStatistics {
	readonly event: string;
	readonly subscriptions: number;
	readonly terminated: number;
	/** Subscription-State reasons of the terminations (RFC 6665 §4.1.3), `null`: none given. */
	readonly reasons: readonly { readonly reason: string | null; readonly count: number }[];
	/** Distinct NOTIFYs of these subscriptions as their notifiers sent them, and the most any one got. */
	readonly notifies: number;
	readonly maxNotifies: number;
	/** Copies of those NOTIFYs that a proxy forwarded on a later hop (RFC 3261 §16.6). */
	readonly forwarded: number;
}

export interface PublicationStatistics {
	readonly event: string;
	/**
	 * Publications a 2xx established (entity-tag chains: an initial PUBLISH and the refreshes,
	 * modifies and removal that name its tags), and the PUBLISH requests.
	 */
	readonly publications: number;
	readonly publishes: number;
	/** What each PUBLISH asked (RFC 3903 §4.1): no SIP-If-Match, else by body and Expires. */
	readonly initial: number;
	readonly refreshed: number;
	readonly modified: number;
	readonly removed: number;
	/** Final responses: 2xx, 412 (unknown entity-tag, §6), 401/407, any other; none in the trace. */
	readonly accepted: number;
	readonly conditionFailed: number;
	readonly challenged: number;
	readonly refused: number;
	readonly unanswered: number;
}

export interface ChallengeStatistics {
	readonly status: 401 | 407;
	readonly count: number;
	/** Challenges the trace shows re-sent with credentials. */
	readonly answered: number;
}

interface MethodTally {
	requests: number;
	retransmissions: number;
	answered: number;
	unanswered: number;
	statuses: Map<number, { reason: string; count: number; retransmissions: number }>;
	delays: number[];
	/** The coarsest step of the times the delays were measured between (see Durations.tick). */
	tick: number;
}

/** Computes the statistics of an analysed trace: one pass over the messages, then over the index. */
export function traceStatistics(analysis: TraceAnalysis): TraceStatistics {
	const { messages, index } = analysis;
	const methods = new Map<string, MethodTally>();
	const tally = (method: string): MethodTally => {
		let t = methods.get(method);
		if (!t) {
			t = {
				requests: 0,
				retransmissions: 0,
				answered: 0,
				unanswered: 0,
				statuses: new Map(),
				delays: [],
				tick: 1,
			};
			methods.set(method, t);
		}
		return t;
	};
	const counts = {
		total: messages.length,
		requests: 0,
		responses: 0,
		invalid: 0,
		retransmissions: 0,
	};
	const span = new SpanTracker();
	for (const m of messages) {
		span.add(m);
		if (m.kind === 'invalid') {
			counts.invalid++;
			continue;
		}
		const copy = index.originalOf(m.index) !== null;
		if (copy) counts.retransmissions++;
		if (m.kind === 'request') {
			counts.requests++;
			const t = tally(m.method!.toUpperCase());
			if (copy) t.retransmissions++;
			else requestOutcome(analysis, m, t);
			continue;
		}
		counts.responses++;
		const t = tally(m.cseq?.method.toUpperCase() ?? '?');
		const status = m.status ?? 0;
		let s = t.statuses.get(status);
		if (!s) t.statuses.set(status, (s = { reason: m.reason ?? '', count: 0, retransmissions: 0 }));
		if (copy) s.retransmissions++;
		else s.count++;
	}
	return {
		messages: counts,
		span: span.result(),
		methods: [...methods]
			.map(([method, t]) => methodStatistics(method, t))
			.sort(
				(a, b) => total(b) - total(a) || (a.method < b.method ? -1 : a.method > b.method ? 1 : 0),
			),
		subscriptions: subscriptionStatistics(analysis),
		publications: publicationStatistics(analysis),
		challenges: challengeStatistics(analysis),
	};
}

/** A distinct request: answered or not, and how long its first final response took. */
function requestOutcome(analysis: TraceAnalysis, request: SipMessage, t: MethodTally): void {
	t.requests++;
	if (request.method === 'ACK') return; // no response to an ACK (RFC 3261 §17.1.1.1)
	const final = finalResponse(analysis, request.index);
	if (final === null) {
		t.unanswered++;
		return;
	}
	t.answered++;
	const answer = analysis.messages[final]!.frame;
	const d = clockBetween(clockOf(request.frame), clockOf(answer));
	if (d === null || d < 0) return;
	t.delays.push(d);
	t.tick = Math.max(t.tick, tickOf(request.frame.time), tickOf(answer.time));
}

/**
 * The step of a time as the trace writes it, in microseconds: 1,000,000 without a fraction of a
 * second (`16:39:57`), 1,000 for milliseconds, 1 for microseconds or finer.
 */
function tickOf(time: string | null): number {
	if (time === null) return 1;
	const m = fraction.exec(time);
	const digits = m ? m[1]!.length : 0;
	return digits >= 6 ? 1 : 10 ** (6 - digits);
}
const fraction = /\d\d:\d\d:\d\d[.,](\d{1,9})/;

/** The first final response (2xx-6xx) to a request, in the order they happened, or null. */
function finalResponse(analysis: TraceAnalysis, request: number): number | null {
	for (const r of analysis.index.responsesOf(request))
		if ((analysis.messages[r]!.status ?? 0) >= 200) return r;
	return null;
}

function total(m: MethodStatistics): number {
	return m.requests + m.responses.reduce((n, s) => n + s.count, 0);
}

function methodStatistics(method: string, t: MethodTally): MethodStatistics {
	const unanswerable = method === 'ACK' || method === 'BENOTIFY';
	return {
		method,
		requests: t.requests,
		retransmissions: t.retransmissions,
		responses: [...t.statuses].sort(([a], [b]) => a - b).map(([status, s]) => ({ status, ...s })),
		answered: unanswerable ? null : t.answered,
		unanswered: unanswerable ? null : t.unanswered,
		responseTime: durations(t.delays, t.tick),
	};
}

/** Min, median, p95 and max of some durations; null without any. */
export function durations(samples: readonly number[], tick = 1): Durations | null {
	const n = samples.length;
	if (n === 0) return null;
	const s = [...samples].sort((a, b) => a - b);
	const mid = n >> 1;
	return {
		samples: n,
		min: s[0]!,
		median: n % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2,
		p95: n >= percentileFrom ? s[Math.ceil(0.95 * n) - 1]! : null,
		max: s[n - 1]!,
		tick,
	};
}

/**
 * The earliest and latest message on the trace's clock. Only clocks of one kind compare (see
 * `clock.ts`): those of the first message that has one. Not file order: sngrep groups by dialog.
 */
class SpanTracker {
	#kind: Clock['kind'] | null = null;
	#first: { clock: Clock; time: string } | null = null;
	#last: { clock: Clock; time: string } | null = null;

	add(m: SipMessage): void {
		const clock = clockOf(m.frame);
		// Read once: a frame may make its time when asked (see framing/stampTime.ts).
		const time = clock ? m.frame.time : null;
		if (!clock || !time) return;
		this.#kind ??= clock.kind;
		if (clock.kind !== this.#kind) return;
		const at = { clock, time };
		if (!this.#first || clock.micros < this.#first.clock.micros) this.#first = at;
		if (!this.#last || clock.micros >= this.#last.clock.micros) this.#last = at;
	}

	result(): TimeSpan | null {
		if (!this.#first || !this.#last) return null;
		return {
			first: this.#first.time,
			last: this.#last.time,
			durationMicros: this.#last.clock.micros - this.#first.clock.micros,
		};
	}
}

function subscriptionStatistics(analysis: TraceAnalysis): SubscriptionStatistics[] {
	const byEvent = new Map<
		string,
		{
			subscriptions: number;
			terminated: number;
			reasons: Map<string | null, number>;
			notifies: number;
			maxNotifies: number;
			forwarded: number;
		}
	>();
	for (const s of analysis.index.subscriptions) {
		let e = byEvent.get(s.event);
		if (!e)
			byEvent.set(
				s.event,
				(e = {
					subscriptions: 0,
					terminated: 0,
					reasons: new Map(),
					notifies: 0,
					maxNotifies: 0,
					forwarded: 0,
				}),
			);
		e.subscriptions++;
		if (s.terminatedBy !== null) {
			e.terminated++;
			e.reasons.set(s.terminationReason, (e.reasons.get(s.terminationReason) ?? 0) + 1);
		}
		// The index keeps first copies only; counted the same way here whatever it keeps.
		let notifies = 0;
		for (const n of s.notifies) {
			if (analysis.index.originalOf(n) !== null) continue;
			if (analysis.index.forwardedFrom(n) === null) notifies++;
			else e.forwarded++;
		}
		e.notifies += notifies;
		e.maxNotifies = Math.max(e.maxNotifies, notifies);
	}
	return [...byEvent]
		.map(([event, e]) => ({
			event,
			subscriptions: e.subscriptions,
			terminated: e.terminated,
			reasons: [...e.reasons]
				.map(([reason, count]) => ({ reason, count }))
				.sort((a, b) => b.count - a.count),
			notifies: e.notifies,
			maxNotifies: e.maxNotifies,
			forwarded: e.forwarded,
		}))
		.sort((a, b) => b.subscriptions - a.subscriptions);
}

type MutablePublicationStatistics = {
	-readonly [K in keyof PublicationStatistics]: PublicationStatistics[K];
};

function publicationStatistics(analysis: TraceAnalysis): PublicationStatistics[] {
	const { messages, index } = analysis;
	const byEvent = new Map<string, MutablePublicationStatistics>();
	const entry = (event: string): MutablePublicationStatistics => {
		let e = byEvent.get(event);
		if (!e)
			byEvent.set(
				event,
				(e = {
					event,
					publications: 0,
					publishes: 0,
					initial: 0,
					refreshed: 0,
					modified: 0,
					removed: 0,
					accepted: 0,
					conditionFailed: 0,
					challenged: 0,
					refused: 0,
					unanswered: 0,
				}),
			);
		return e;
	};
	for (const p of index.publications) if (p.etags.length) entry(p.event).publications++;
	for (const m of messages) {
		if (m.method !== 'PUBLISH' || index.originalOf(m.index) !== null) continue;
		if (index.forwardedFrom(m.index) !== null) continue; // the publisher sent it once
		// The index's default too: RFC 3903 §4 names no other package for a PUBLISH without Event.
		const e = entry(m.event?.package ?? 'presence');
		e.publishes++;
		if (m.expires === 0) e.removed++;
		else if (m.sipIfMatch === null) e.initial++;
		else if (m.body && m.body.end > m.body.start) e.modified++;
		else e.refreshed++;
		const final = finalResponse(analysis, m.index);
		const status = final === null ? null : messages[final]!.status!;
		if (status === null) e.unanswered++;
		else if (status < 300) e.accepted++;
		else if (status === 412) e.conditionFailed++;
		else if (status === 401 || status === 407) e.challenged++;
		else e.refused++;
	}
	return [...byEvent.values()].sort((a, b) => b.publishes - a.publishes);
}

function challengeStatistics(analysis: TraceAnalysis): ChallengeStatistics[] {
	const { messages, index } = analysis;
	const seen = { 401: { count: 0, answered: 0 }, 407: { count: 0, answered: 0 } };
	for (const m of messages) {
		if ((m.status !== 401 && m.status !== 407) || index.originalOf(m.index) !== null) continue;
		if (relayed(index, m.index)) continue;
		seen[m.status].count++;
		if (index.retryOf(m.index) !== null) seen[m.status].answered++;
	}
	return ([401, 407] as const)
		.filter((status) => seen[status].count > 0)
		.map((status) => ({ status, ...seen[status] }));
}

/**
 * A response to a request a proxy forwarded: the proxy relays it upstream as the response to the
 * request as it received it (RFC 3261 §16.7), which the trace then holds and counts.
 */
function relayed(index: TraceIndex, response: number): boolean {
	const request = index.requestOf(response);
	return request !== null && index.forwardedFrom(request) !== null;
}
