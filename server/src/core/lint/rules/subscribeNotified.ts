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
	if (subscribes.length < 2) return;
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
