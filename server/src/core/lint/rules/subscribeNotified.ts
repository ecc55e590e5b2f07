import type { Problem, SipMessage, Subscription, TraceAnalysis } from '../../model';
import { lintProblem } from '../codes';

/**
 * On accepting or refreshing a subscription the notifier sends a NOTIFY at once with the current
 * state (RFC 6665 §4.2.1.2). Said where the trace holds a SUBSCRIBE's 2xx and the next SUBSCRIBE
 * of the subscription (a refresh, an unsubscribe, the subscriber asking again) accepted in turn,
 * with no NOTIFY of the subscription from the first SUBSCRIBE to that second 2xx: the trace went
 * on long enough for the NOTIFY, and the subscriber saw no state. A NOTIFY crossing the next
 * SUBSCRIBE in flight (sent at once, arriving after the subscriber asked again) still counts;
 * where the next SUBSCRIBE is not accepted in the trace, any later NOTIFY does. Not said where the
 * trace ends after the 2xx (the NOTIFY may be next). Copies of one SUBSCRIBE (a proxy's hops, a
 * merged log) share its CSeq and count as one.
 */
export function checkSubscribeNotified(
	analysis: TraceAnalysis,
	s: Subscription,
	out: Problem[],
): void {
	const { messages } = analysis;
	const subscribes = s.subscribes;
	if (!subscribes.length) return;
	// Each SUBSCRIBE with its copies: the first of them, and the 2xx that accepted any.
	const firsts: SipMessage[] = [];
	const accepted: (SipMessage | null)[] = [];
	for (let k = 0; k < subscribes.length;) {
		const first = messages[subscribes[k]!]!;
		const seq = first.cseq?.seq;
		if (seq === undefined) return;
		let accept: SipMessage | null = null;
		for (; k < subscribes.length && messages[subscribes[k]!]!.cseq?.seq === seq; k++)
			accept ??= acceptance(analysis, subscribes[k]!);
		firsts.push(first);
		accepted.push(accept);
	}
	checkFinalNotify(analysis, s, firsts, accepted, out);
	let notified = 0;
	for (let g = 0; g + 1 < firsts.length; g++) {
		const first = firsts[g]!;
		const accept = accepted[g]!;
		const next = firsts[g + 1]!;
		// The NOTIFYs from this SUBSCRIBE on (one may come before its 2xx, RFC 6665 §4.1.2.4).
		while (notified < s.notifies.length && !after(messages[s.notifies[notified]!]!, first))
			notified++;
		if (accept === null || first.method !== 'SUBSCRIBE' || !after(next, accept)) continue;
		const until = accepted[g + 1]!;
		if (until === null) continue;
		const notify = notified < s.notifies.length ? messages[s.notifies[notified]!]! : null;
		if (notify !== null && after(until, notify)) continue;
		out.push(
			lintProblem(
				'subscribe.no-notify',
				accept.startLine,
				`This ${accept.status} accepted the SUBSCRIBE (CSeq ${first.cseq!.seq}) and no NOTIFY of its subscription came before the next SUBSCRIBE (CSeq ${next.cseq!.seq}) was accepted: on accepting or refreshing a subscription the notifier sends a NOTIFY at once with the current state (RFC 6665 §4.2.1.2); the subscriber had none.`,
				[
					{ span: first.startLine, message: 'The SUBSCRIBE accepted' },
					{ span: next.startLine, message: 'The next SUBSCRIBE, no NOTIFY before its 2xx' },
				],
			),
		);
	}
}

/**
 * A SUBSCRIBE with Expires: 0 (an unsubscription, or a fetch) accepted, and no NOTIFY of the
 * subscription from it on, though the trace goes on: a successful unsubscription triggers a final
 * NOTIFY (RFC 6665 §4.1.2.3), which the notifier sends at once (§4.2.1.2). Kamailio's resource
 * list server sends none. Said only where the trace shows it went on: a second after the 2xx by
 * the trace's times, or, without times, the notifier sending something else after it.
 */
function checkFinalNotify(
	analysis: TraceAnalysis,
	s: Subscription,
	firsts: readonly SipMessage[],
	accepted: readonly (SipMessage | null)[],
	out: Problem[],
): void {
	const { messages } = analysis;
	for (let g = 0; g < firsts.length; g++) {
		const first = firsts[g]!;
		const accept = accepted[g]!;
		if (accept === null || first.expires !== 0 || first.method !== 'SUBSCRIBE') continue;
		if (s.notifies.some((n) => after(messages[n]!, first))) continue;
		if (!wentOn(analysis, accept)) continue;
		out.push(
			lintProblem(
				'subscribe.no-final-notify',
				accept.startLine,
				`This ${accept.status} accepted the SUBSCRIBE with Expires: 0 (CSeq ${first.cseq!.seq}) and no NOTIFY of its subscription followed, though the trace goes on: a successful unsubscription triggers a final NOTIFY, with Subscription-State: terminated (RFC 6665 §4.1.2.3), sent at once (§4.2.1.2); the subscriber was not told the subscription ended.`,
				[{ span: first.startLine, message: 'The SUBSCRIBE with Expires: 0' }],
			),
		);
	}
}

/** How many messages after a 2xx are looked at for one its sender sent (bounded: lint stays linear). */
const lookAhead = 500;

/**
 * Did the trace go on after `m`: a second of it by the times it gives, else a later request sent
 * from the address `m` came from, or its answer to a request that came after `m` (within
 * `lookAhead` messages): the sender went on to other work after it, not merely answering what had
 * come in with it (another watcher's un-SUBSCRIBE, the NOTIFY perhaps next).
 */
function wentOn(analysis: TraceAnalysis, m: SipMessage): boolean {
	const { messages } = analysis;
	const at = m.frame.epochMicros;
	if (at != null) return lastTime(analysis) >= at + 1_000_000;
	const from = m.frame.src;
	if (from === null) return false;
	const end = Math.min(messages.length, m.index + 1 + lookAhead);
	for (let i = m.index + 1; i < end; i++) {
		const later = messages[i]!;
		if (later.frame.src !== from) continue;
		if (later.method !== null) return true;
		const request = analysis.index.requestOf(i);
		if (request !== null && request > m.index) return true;
	}
	return false;
}

// By the analysis's message list: an edit that reads the trace again makes a new one.
const lastTimes = new WeakMap<readonly SipMessage[], number>();

/** The latest time a message of the trace gives (epoch micros; -Infinity for none), once per analysis. */
function lastTime(analysis: TraceAnalysis): number {
	let last = lastTimes.get(analysis.messages);
	if (last === undefined) {
		last = -Infinity;
		for (const m of analysis.messages) {
			const t = m.frame.epochMicros;
			if (t != null && t > last) last = t;
		}
		lastTimes.set(analysis.messages, last);
	}
	return last;
}

/** The first 2xx to the SUBSCRIBE `i`, or null. */
function acceptance(analysis: TraceAnalysis, i: number): SipMessage | null {
	const responses = analysis.index.responsesOf(i);
	for (let r = 0; r < responses.length; r++) {
		const m = analysis.messages[responses[r]!]!;
		if (m.status != null && m.status >= 200 && m.status < 300) return m;
	}
	return null;
}

/**
 * Does `a` come after `b`? By the times the log gives both, else by file order: a
 * subscription's messages share a Call-ID, which sngrep's export keeps in time order too.
 */
function after(a: SipMessage, b: SipMessage): boolean {
	const ta = a.frame.epochMicros;
	const tb = b.frame.epochMicros;
	if (ta != null && tb != null && ta !== tb) return ta > tb;
	return a.index > b.index;
}
