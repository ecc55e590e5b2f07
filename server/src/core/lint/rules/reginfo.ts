import type { Problem, SipMessage, Span, TraceAnalysis } from '../../model';
import { tagClose } from '../../text/tagClose';
import { lintProblem } from '../codes';

/** The last registration document seen in each subscription: its NOTIFY and version. */
export type ReginfoVersions = Map<
	number,
	{ readonly index: number; readonly version: number; readonly cseq: number | null }
>;

/**
 * RFC 3680 §5.2: the documents of one subscription are numbered 0, 1, 2, ...: each NOTIFY the
 * previous version plus one. A version not above the previous one reads to the watcher as an
 * old document; a partial document that skips versions follows one the watcher never got (a
 * full document starts afresh, whatever its version); a document not above the watcher's is
 * discarded, so the next is read against the one kept. Called on NOTIFYs in trace order. A copy of
 * the same NOTIFY (a retransmission, or the copy a proxy relayed on its next hop: the same CSeq)
 * is one document, not a second one.
 */
export function checkReginfoVersion(
	analysis: TraceAnalysis,
	m: SipMessage,
	doc: { readonly version: number | null; readonly full: boolean },
	seen: ReginfoVersions,
	out: Problem[],
): void {
	if (m.kind !== 'request' || m.method?.toUpperCase() !== 'NOTIFY' || doc.version === null) return;
	const subscription = analysis.index.subscriptionOf(m.index);
	if (!subscription) return;
	const previous = seen.get(subscription.id);
	const cseq = m.cseq?.seq ?? null;
	if (previous && cseq !== null && previous.cseq === cseq) return;
	// A proxy's copy on the next hop: the notifier's copy was read (copies of hops interleave).
	if (analysis.index.forwardedFrom(m.index) !== null) return;
	// A document not above the watcher's version is discarded (RFC 3680 §5.2): the next one is
	// read against the version the watcher kept, not against the discarded one.
	if (!previous || doc.version > previous.version)
		seen.set(subscription.id, { index: m.index, version: doc.version, cseq });
	if (!previous) return;
	const related = [
		{
			span: analysis.messages[previous.index]!.startLine,
			message: `The NOTIFY of this subscription whose version the watcher holds: version ${previous.version}`,
		},
	];
	if (doc.version <= previous.version)
		out.push(
			lintProblem(
				'reginfo.version-not-increasing',
				versionSpan(analysis.text, m),
				`reginfo version ${doc.version} is not above ${previous.version}, the version the watcher holds from an earlier NOTIFY of this subscription (message ${previous.index}): each NOTIFY carries the previous version plus one, and a watcher takes this document for an old one and discards it (RFC 3680 §5.2).`,
				related,
			),
		);
	else if (doc.version > previous.version + 1 && !doc.full)
		out.push(
			lintProblem(
				'reginfo.version-gap',
				versionSpan(analysis.text, m),
				`reginfo version ${doc.version} follows version ${previous.version} (message ${previous.index}): the partial state of ${doc.version - previous.version - 1 === 1 ? 'one NOTIFY' : `${doc.version - previous.version - 1} NOTIFYs`} in between is missing, lost or not in the trace; a watcher asks for full state again (RFC 3680 §5.2).`,
				related,
			),
		);
}

/** The value of `<reginfo version="...">` in the message's text, or the whole body. */
function versionSpan(text: string, m: SipMessage): Span {
	const body = m.body!;
	const head = text.slice(body.start, Math.min(body.end, body.start + 2000));
	const root = head.search(/<(?:[\w.-]{1,40}:)?reginfo\b/);
	if (root < 0) return body;
	const close = tagClose(head, root, head.length);
	const tag = head.slice(root, close < 0 ? head.length : close);
	const found = /\sversion\s{0,8}=\s{0,8}["']?(\d{1,20})/.exec(tag);
	if (!found) return body;
	const end = body.start + root + found.index + found[0].length;
	return { start: end - found[1]!.length, end };
}
