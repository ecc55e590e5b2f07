import { toTagOf } from '../../parser/sipMessage';
import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { lintProblem } from '../codes';

/**
 * A final response after the transaction's final response: a server transaction sends one
 * (RFC 3261 §17.2.1, §17.2.2), and sends it again only as it was. For INVITE a forking proxy
 * passes on every 2xx, one per UAS that answered (each its own To tag, §16.7 point 5), and
 * nothing else after the first 2xx; a 487 answers only a request that CANCEL ended before it
 * was answered (§9.2). Read in the transaction's order of first copies (a retransmission of the
 * same final response is none).
 */
export function checkFinalAfterFinal(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	const status = m.status;
	if (status === null || status < 200 || m.kind !== 'response') return;
	const t = analysis.index.transactionOf(m.index);
	if (!t || t.responses.length < 2) return;
	const invite = m.cseq?.method === 'INVITE';
	for (const r of t.responses) {
		if (r === m.index) return;
		const earlier = analysis.messages[r]!;
		const was = earlier.status;
		if (was === null || was < 200) continue;
		// Another UAS's 2xx through a forking proxy.
		if (invite && was < 300 && status < 300 && toTagOf(earlier) !== toTagOf(m)) continue;
		// The same status where the trace cut one of them short (its To tag not in it): as likely
		// the same response seen twice (a capture's duplicate, a retransmission) as a second one.
		if (was === status && (m.cutShort || earlier.cutShort)) continue;
		const ended = [was, earlier.reason].filter((x) => x !== null && x !== '').join(' ');
		const method = m.cseq?.method ? `${m.cseq.method} ` : '';
		const cancel =
			invite && was < 300 ? ', and after a 2xx a request is answered, not cancelled (§9.2)' : '';
		out.push(
			lintProblem(
				'response.after-final',
				m.startLine,
				`A final response after the ${ended} that ended this ${method}transaction: a server transaction sends one final response (RFC 3261 §17.2.1, §17.2.2)${cancel}.`,
				[{ span: earlier.startLine, message: 'the final response that ended the transaction' }],
			),
		);
		return;
	}
}
