import { bodyText } from '../../bodies/bodyText';
import { rlmiHead } from '../../bodies/resourceList';
import type { Problem, SipMessage, Span, Subscription, TraceAnalysis } from '../../model';
import { lintProblem } from '../codes';

/** The bodies that carry an RLMI document: alone, or as the root of multipart/related. */
const rlmiTypes = new Set(['multipart/related', 'application/rlmi+xml']);

/**
 * RFC 4662 §5.2: the RLMI documents of list subscription `s` are numbered, each NOTIFY's version
 * one more than the previous one's. A larger step means NOTIFYs were lost or not captured: after a
 * partial-state document the subscriber's view of the list is wrong, and it should refresh its
 * subscription to get full state; a version that does not grow is one the subscriber
 * discards as stale. As for watcherinfo and dialog-info, only consecutive documents of the trace
 * are compared (it may start inside a subscription); a NOTIFY without a body (Kamailio's
 * terminated one) has no document and no version; the same NOTIFY on another hop (same CSeq) is
 * not a new one.
 */
export function checkRlmiVersions(analysis: TraceAnalysis, s: Subscription, out: Problem[]): void {
	const { messages, text } = analysis;
	let previous: { message: SipMessage; version: number } | null = null;
	for (const i of s.notifies) {
		const m = messages[i]!;
		if (!m.contentType || !rlmiTypes.has(m.contentType) || !m.body || m.body.end <= m.body.start)
			continue;
		if (previous && m.cseq && m.cseq.seq === previous.message.cseq?.seq) continue;
		// A proxy's copy on the next hop: the notifier's copy was read (copies of hops interleave).
		if (analysis.index.forwardedFrom(i) !== null) continue;
		const head = rlmiHead(bodyText(text, m));
		if (!head) continue;
		if (previous && head.version !== previous.version + 1) {
			const was = previous.version;
			const related = [
				{
					span: versionSpan(text, previous.message),
					message: `the previous document, version ${was}`,
				},
			];
			if (head.version <= was)
				out.push(
					lintProblem(
						'rlmi.version-not-increasing',
						versionSpan(text, m),
						`RLMI version ${head.version} after version ${was} (message ${previous.message.index}) of the same list subscription: a document out of order or sent again, which the subscriber discards as out of date (RFC 4662 §5.2).`,
						related,
					),
				);
			else {
				const lost = head.version - was - 1;
				const after =
					head.full === true
						? ' (this full-state document restores the whole list)'
						: '; the subscriber should refresh its subscription to get the full state of the list';
				out.push(
					lintProblem(
						'rlmi.version-gap',
						versionSpan(text, m),
						`RLMI version ${head.version} after version ${was} (message ${previous.message.index}): ${lost === 1 ? `the NOTIFY of version ${was + 1} was` : `${lost} NOTIFYs (versions ${was + 1} to ${head.version - 1}) were`} lost or not captured${after} (RFC 4662 §5.2).`,
						related,
					),
				);
			}
		}
		// A stale document does not move the subscriber's view: compare the next with the newest.
		if (!previous || head.version > previous.version)
			previous = { message: m, version: head.version };
	}
}

/** The `<list ... version=...>` of an RLMI document in a body, or the body when not found. */
function versionSpan(text: string, m: SipMessage): Span {
	const body = m.body!;
	const slice = text.slice(body.start, Math.min(body.end, body.start + 100_000));
	const at = /<(?:[\w.-]{1,40}:)?list\s[^<>]{0,2000}version/.exec(slice);
	if (!at) return body;
	const start = body.start + at.index + at[0].length - 'version'.length;
	return { start, end: start + 'version'.length };
}
