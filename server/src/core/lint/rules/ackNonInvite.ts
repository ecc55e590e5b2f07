import { messagesWithCallId } from '../../byCallId';
import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { fromTagOf, toTagOf, topViaOf } from '../../parser/sipMessage';
import { lintProblem } from '../codes';

/** Methods whose final responses are acknowledged by no one: all but INVITE (and ACK itself). */
const notAcknowledged = (method: string | null): boolean =>
	method !== null && method !== 'INVITE' && method !== 'ACK' && method !== 'CANCEL';

/**
 * Only a final response to INVITE is acknowledged; a non-INVITE transaction ends with its final
 * response (RFC 3261 §17.1.2.1). An ACK for a REGISTER's, SUBSCRIBE's or MESSAGE's 401 or 407
 * (a scenario written after an INVITE's) matches no server transaction and no dialog: the
 * server's core drops it. Said where the trace shows the request of that CSeq number and one of
 * its final responses that the ACK answers (same branch, or the response's To tag), and no
 * INVITE of that number in the call: a request of one call and From tag has one CSeq number of
 * its own (§8.1.1.5, §12.2.1.1), so the ACK acknowledges nothing else.
 */
export function checkAckForNonInvite(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (m.method !== 'ACK' || !m.cseq || m.callId === null) return;
	const { index, messages } = analysis;
	if (index.transactionOf(m.index)?.relatedInvite != null) return;
	// Most ACKs without an INVITE transaction acknowledge a 2xx of the dialog they are in (and
	// the Call-ID map is not made for them: a large trace's lint would keep it).
	if (index.dialogOf(m.index)) return;
	const seq = m.cseq.seq;
	const fromTag = fromTagOf(m);
	const toTag = toTagOf(m);
	const branch = topViaOf(m)?.branch ?? null;
	let answered: { request: SipMessage; response: SipMessage } | null = null;
	for (const i of messagesWithCallId(analysis, m.callId)) {
		const r = messages[i]!;
		if (r.kind !== 'request' || r.cseq?.seq !== seq || fromTagOf(r) !== fromTag) continue;
		if (r.method === 'INVITE') return;
		if (answered || !notAcknowledged(r.method) || index.originalOf(i) !== null) continue;
		const sameBranch = branch !== null && topViaOf(r)?.branch === branch;
		for (const j of index.responsesOf(i)) {
			const response = messages[j]!;
			if (response.status === null || response.status < 200) continue;
			if (sameBranch || (toTag !== null && toTagOf(response) === toTag)) {
				answered = { request: r, response };
				break;
			}
		}
	}
	if (!answered) return;
	const { request, response } = answered;
	out.push(
		lintProblem(
			'ack.for-non-invite',
			m.startLine,
			`This ACK acknowledges ${response.status} ${response.reason ?? ''}`.trimEnd() +
				` to ${request.method}, but only a final response to INVITE is acknowledged: a ${request.method} transaction ends with its final response (RFC 3261 §17.1.2.1), so the ACK matches no transaction and the server drops it.`,
			[
				{ span: request.startLine, message: `The ${request.method}` },
				{ span: response.startLine, message: 'The response acknowledged' },
			],
		),
	);
}
