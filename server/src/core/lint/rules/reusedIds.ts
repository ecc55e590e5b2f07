import type { Problem, SipMessage, Subscription, TraceAnalysis } from '../../model';
import { findHeader } from '../../query';
import { upperMethod } from '../../correlate/lists';
import { lintProblem } from '../codes';

/**
 * A SUBSCRIBE that starts a subscription (no To tag) is a request outside any dialog: it takes a
 * Call-ID of its own (RFC 3261 §8.1.1.4) and a new From tag (§8.1.1.3). One that reuses those of
 * a subscription the trace showed established (answered 2xx, or notified) names that dialog
 * again: a notifier that still holds it takes the request for that dialog's, or answers 481, and
 * the watcher cannot tell its new subscription's NOTIFYs from the old one's (re-subscribing
 * clients that kept the ended dialog's identifiers). A challenge's retry keeps them, as it
 * should: the challenged request established nothing.
 */
export function checkReusedDialogIds(analysis: TraceAnalysis, out: Problem[]): void {
	const { messages } = analysis;
	/**
	 * By Call-ID and the watcher's tag: the first message of an established subscription, and
	 * the message that established it (a SUBSCRIBE before that one reused nothing established).
	 */
	const established = new Map<string, { first: number; at: number }>();
	for (const s of analysis.index.subscriptions) {
		// Its own: established by the time a later SUBSCRIBE without To tag came (the analysis
		// reads such a one, where the notifier never ended the first, as the same subscription's).
		const own = s.activatedBy ?? s.notifies[0] ?? null;
		for (const i of s.subscribes) {
			const m = messages[i]!;
			if (upperMethod(m.method ?? '') !== 'SUBSCRIBE' || m.to?.tag) continue;
			// A proxy's copy of a SUBSCRIBE (each branch of a fork too, RFC 3261 §16.6) keeps its
			// Call-ID and From tag: the watcher's own copy is judged.
			if (analysis.index.forwardedFrom(i) !== null) continue;
			const key = keyOf(m.callId, m.from?.tag);
			const earlier = key === null ? undefined : established.get(key);
			if (earlier !== undefined && earlier.at < i) said(m, messages[earlier.first]!, out);
			else if (i !== s.creator && own !== null && own < i) said(m, messages[firstOf(s)]!, out);
		}
		if (s.activatedBy === null && s.notifies.length === 0) continue;
		const first = firstOf(s);
		const m = messages[first]!;
		// A NOTIFY's To tag is the watcher's, a SUBSCRIBE's From tag.
		const key = keyOf(
			m.callId,
			m.kind === 'request' && m.method === 'SUBSCRIBE' ? m.from?.tag : m.to?.tag,
		);
		if (key !== null && !established.has(key)) established.set(key, { first, at: own ?? first });
	}
}

function keyOf(callId: string | null, tag: string | null | undefined): string | null {
	return callId && tag ? `${callId}\n${tag}` : null;
}

/** The subscription's first message in the trace: its creating request, or its first NOTIFY. */
function firstOf(s: Subscription): number {
	const a = s.creator ?? s.subscribes[0] ?? s.notifies[0]!;
	const b = s.notifies[0] ?? a;
	return Math.min(a, b);
}

function said(subscribe: SipMessage, earlier: SipMessage, out: Problem[]): void {
	out.push(
		lintProblem(
			'subscribe.reused-dialog-ids',
			findHeader(subscribe, 'call-id')?.value ?? subscribe.startLine,
			`This SUBSCRIBE starts a new subscription (no To tag) with the Call-ID and From tag of one established before it: a request outside a dialog takes a Call-ID of its own and a new From tag (RFC 3261 §8.1.1.4, §8.1.1.3), or the notifier may take it for the old dialog's.`,
			[{ span: earlier.startLine, message: 'The subscription that used them' }],
		),
	);
}
