import { tagClose } from '../../text/tagClose';
import { dialogSummaryOf } from '../../bodies/dialogSummaries';
import type { Problem, SipMessage, Span, Subscription, TraceAnalysis } from '../../model';
import { lintProblem } from '../codes';

/**
 * RFC 4235 §4.1: the version of the dialog-info documents of subscription `s` rises by one with
 * each document the notifier sends. Between two NOTIFYs of the trace, a version that jumps means
 * documents are missing (a NOTIFY lost, or not captured); one that does not rise, a document out
 * of order or sent again, which the subscriber cannot take as newer. Only consecutive documents
 * are compared (the trace may start inside a subscription). A NOTIFY without a body between them
 * may have used a version number of its own, as some notifiers count every NOTIFY: so many fewer
 * are counted as missing; so does a document whose version did not rise (reported on its own). The
 * same NOTIFY on another hop (same CSeq) is not a new document.
 */
export function checkDialogInfoVersions(
	analysis: TraceAnalysis,
	s: Subscription,
	out: Problem[],
): void {
	const { messages, text } = analysis;
	if (s.event !== 'dialog') return;
	let previous: { message: SipMessage; version: number } | null = null;
	let between = 0;
	let lastBodilessSeq: number | null = null;
	for (const i of s.notifies) {
		const m = messages[i]!;
		if (!m.body || m.body.end <= m.body.start) {
			const seq = m.cseq?.seq ?? null;
			if (seq === null || seq !== lastBodilessSeq) between++;
			lastBodilessSeq = seq;
			continue;
		}
		if (m.contentType !== 'application/dialog-info+xml') continue;
		const version = dialogSummaryOf(text, m)?.version;
		if (version == null) continue;
		if (previous && m.cseq && m.cseq.seq === previous.message.cseq?.seq) continue;
		// A proxy's copy on the next hop: the notifier's copy was read (copies of hops interleave).
		if (analysis.index.forwardedFrom(i) !== null) continue;
		if (previous) {
			const was = previous.version;
			const related = [
				{
					span: versionSpan(text, previous.message),
					message: `the previous document, version ${was}`,
				},
			];
			if (version <= was) {
				out.push(
					lintProblem(
						'dialog-info.version-not-increasing',
						versionSpan(text, m),
						`dialog-info version ${version} after version ${was} (message ${previous.message.index}) of the same subscription: a document out of order or sent again, which the subscriber cannot take as newer.`,
						related,
					),
				);
				// The next document is compared with the newest one; this NOTIFY took a number.
				between++;
				continue;
			} else if (version > was + 1 + between) {
				const missing = version - was - 1 - between;
				out.push(
					lintProblem(
						'dialog-info.version-gap',
						versionSpan(text, m),
						`dialog-info version ${version} after version ${was} (message ${previous.message.index}): ${missing} document${missing === 1 ? '' : 's'} of this subscription missing from the trace (a NOTIFY lost, or not captured); the subscriber should fetch the full state again.`,
						related,
					),
				);
			}
		}
		previous = { message: m, version };
		between = 0;
		lastBodilessSeq = null;
	}
}

/** The value of the root element's version attribute, or the body when it cannot be found. */
function versionSpan(text: string, m: SipMessage): Span {
	const body = m.body!;
	const root = text.indexOf('<dialog-info', body.start);
	if (root < 0 || root >= body.end) return body;
	const close = tagClose(text, root, body.end);
	const limit = close < 0 ? body.end : close;
	const at = text.indexOf('version', root);
	if (at < 0 || at >= limit) return body;
	const quote = text.indexOf('"', at);
	const single = text.indexOf("'", at);
	const open = quote < 0 || (single >= 0 && single < quote) ? single : quote;
	if (open < 0 || open >= limit) return body;
	const end = text.indexOf(text[open]!, open + 1);
	return end < 0 || end > limit ? body : { start: open + 1, end };
}
