import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { findHeader } from '../../query';
import { lintProblem } from '../codes';

/**
 * A request re-sent with credentials after a 401/407 "SHOULD have the same value of the Call-ID,
 * To, and From of the previous transaction" (RFC 3261 §8.1.3.5), and a UA's REGISTERs to one
 * registrar the same Call-ID (§10.2), by which the registrar orders them (§10.3): a retry in a new
 * Call-ID reads to the server as another request altogether. Said of a retry the index tied to
 * its challenge all the same (by its nonce). A new From tag alone is not said: outside a dialog it
 * names nothing a server keeps, and RFC 3665's own flows and sofia-sip's retries take one.
 */
export function checkRetryIds(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (m.kind !== 'request') return;
	const challenge = analysis.index.challengeOf(m.index);
	if (challenge === null) return;
	const c = analysis.messages[challenge]!;
	if (c.callId === null || m.callId === null || c.callId === m.callId) return;
	out.push({
		...lintProblem(
			'auth.retry-changed-ids',
			findHeader(m, 'call-id')?.value ?? m.startLine,
			`This ${m.method} re-sent with credentials has another Call-ID than the request the ${c.status} challenged: a retry should keep Call-ID, To and From (RFC 3261 §8.1.3.5${m.method === 'REGISTER' ? "; a UA's REGISTERs to a registrar one Call-ID, §10.2, by which it orders them, §10.3" : ''}), or the server takes it for another request.`,
		),
		related: [{ span: c.startLine, message: `the ${c.status} it answers` }],
	});
}
