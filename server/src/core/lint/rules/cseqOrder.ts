import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { fromTagOf, toTagOf } from '../../parser/sipMessage';
import { findHeader } from '../../query';
import { lintProblem } from '../codes';

/**
 * Within a dialog each side numbers its requests upwards (RFC 3261 §12.2.1.1), ACK and CANCEL
 * aside (theirs are the number of the request they acknowledge or cancel). A request whose CSeq
 * is below its side's previous one, or the same as one already answered, is out of order: the
 * receiver answers 500 (§12.2.2), and an un-SUBSCRIBE or a re-INVITE so sent never takes effect.
 * Copies of one request (a retransmission, both ends' logs, each hop through a proxy) are one
 * request; each side is told by its From tag.
 */
export function checkCSeqOrder(analysis: TraceAnalysis, out: Problem[]): void {
	const { index, messages } = analysis;
	// By From tag, the request of that side with the highest CSeq so far in the dialog.
	const highest = new Map<string, SipMessage>();
	for (const dialog of index.dialogs) {
		highest.clear();
		for (const i of dialog.messages) {
			const m = messages[i]!;
			const cseq = m.cseq;
			if (m.kind !== 'request' || !cseq || m.method === 'ACK' || m.method === 'CANCEL') continue;
			if (index.originalOf(i) !== null || index.forwardedFrom(i) !== null) continue;
			const tag = fromTagOf(m);
			if (tag === null) continue;
			const before = highest.get(tag);
			const seq = before?.cseq?.seq;
			if (before === undefined || seq === undefined || cseq.seq > seq) {
				highest.set(tag, m);
				continue;
			}
			// A request without To tag is sent outside any dialog (a new SUBSCRIBE, its retry after
			// a challenge), numbered afresh: a reuse of the dialog's Call-ID and From tag is its own
			// fault (subscribe.reused-dialog-ids), not one of order.
			if (toTagOf(m) === null) continue;
			// The same number again for a request not yet answered: a new transaction for the same
			// request (a UAC failing over to another address keeps its CSeq).
			if (cseq.seq === seq && before.method === m.method && !answered(analysis, before.index))
				continue;
			out.push(
				lintProblem(
					'cseq.not-increasing',
					findHeader(m, 'cseq')?.value ?? m.startLine,
					`CSeq ${cseq.seq} is not above ${seq}, the CSeq of this side's ${before.method ?? 'request'} before it in the dialog: each new request in a dialog must carry a higher number (RFC 3261 §12.2.1.1), or the receiver answers 500 (§12.2.2).`,
					[{ span: before.startLine, message: `CSeq ${seq}` }],
				),
			);
		}
	}
}

/** Has the request at `i` had a final response? */
function answered(analysis: TraceAnalysis, i: number): boolean {
	for (const r of analysis.index.responsesOf(i)) {
		const status = analysis.messages[r]!.status;
		if (status !== null && status >= 200) return true;
	}
	return false;
}
