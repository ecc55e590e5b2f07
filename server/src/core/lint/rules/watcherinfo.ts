import { bodyText } from '../../bodies/bodyText';
import { watcherinfoHead } from '../../bodies/watcherinfo';
import type { Problem, SipMessage, Subscription, TraceAnalysis } from '../../model';
import { lintProblem } from '../codes';

/**
 * RFC 3858 §4: within subscription `s` the watcherinfo documents are numbered, each NOTIFY's
 * version one more than the previous one's. A larger step means NOTIFYs were lost (a partial
 * document then leaves the subscriber's list of watchers wrong until a full one comes); a version
 * that does not grow is one the subscriber discards as stale. Only the NOTIFYs of the trace are
 * compared, each with the one before it: a trace that starts mid-subscription is no fault.
 */
export function checkWatcherinfoVersions(
	analysis: TraceAnalysis,
	s: Subscription,
	out: Problem[],
): void {
	const { messages } = analysis;
	let previous: { message: SipMessage; version: number } | null = null;
	for (const i of s.notifies) {
		const m = messages[i]!;
		if (m.contentType !== 'application/watcherinfo+xml' || !m.body) continue;
		// The same NOTIFY on another hop (a proxy keeps its CSeq, RFC 3261 §16.6) repeats its
		// document; retransmissions are in no subscription's list.
		if (previous && m.cseq && m.cseq.seq === previous.message.cseq?.seq) continue;
		// A proxy's copy on the next hop: the notifier's copy was read (copies of hops interleave).
		if (analysis.index.forwardedFrom(i) !== null) continue;
		const head = watcherinfoHead(bodyText(analysis.text, m));
		if (!head) continue;
		if (previous && head.version !== previous.version + 1) {
			const before = previous.version;
			const lost = head.version - before - 1;
			const message =
				lost > 0
					? `Watcherinfo version ${head.version} follows version ${before}: ${lost === 1 ? `the NOTIFY of version ${before + 1} was` : `${lost} NOTIFYs (versions ${before + 1} to ${head.version - 1}) were`} lost${head.state === 'full' ? ' (this full document restores the list of watchers)' : '; the subscriber should refresh its subscription to get the full list of watchers'} (RFC 3858 §4).`
					: `Watcherinfo version ${head.version} is not above the previous version ${before}: the subscriber discards it as out of date (RFC 3858 §4).`;
			out.push(
				lintProblem('watcherinfo.version-gap', m.startLine, message, [
					{ span: previous.message.startLine, message: `the NOTIFY of version ${before}` },
				]),
			);
		}
		previous = { message: m, version: head.version };
	}
}
