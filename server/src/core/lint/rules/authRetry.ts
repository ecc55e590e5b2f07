import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { findHeader } from '../../query';
import { lintProblem } from '../codes';

/**
 * A request re-sent with credentials after a 401/407 "SHOULD have the same value of the Call-ID,
 * To, and From of the previous transaction" (RFC 3261 §8.1.3.5), and a UA's REGISTERs to one
 * registrar the same Call-ID (§10.2): a retry in a new Call-ID or with a new From tag reads to the
 * server as another request altogether (a registrar keeps the old binding, a proxy's nonce may
 * no longer match). Said of a retry the index tied to its challenge all the same (by its nonce).
 */
export function checkRetryIds(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (m.kind !== 'request') return;
	const challenge = analysis.index.challengeOf(m.index);
	if (challenge === null) return;
	const c = analysis.messages[challenge]!;
	const changed: string[] = [];
	if (c.callId !== null && m.callId !== null && c.callId !== m.callId) changed.push('Call-ID');
	const before = c.from?.tag;
	const now = m.from?.tag;
	if (before && now && before !== now) changed.push('From tag');
	if (changed.length === 0) return;
	// A new From tag alone (sofia-sip's PUBLISH and REGISTER retries) names no dialog a server
	// keeps: a hint. A new Call-ID breaks a registrar's ordering of a UA's REGISTERs (§10.3).
	out.push({
		...lintProblem(
			'auth.retry-changed-ids',
			findHeader(m, changed[0] === 'Call-ID' ? 'call-id' : 'from')?.value ?? m.startLine,
			changed[0] === 'Call-ID'
				? `This ${m.method} re-sent with credentials changes the ${changed.join(' and ')} of the request the ${c.status} challenged: a retry should keep Call-ID, To and From (RFC 3261 §8.1.3.5${m.method === 'REGISTER' ? "; a UA's REGISTERs to a registrar one Call-ID, §10.2, by which it orders them, §10.3" : ''}), or the server takes it for another request.`
				: `This ${m.method} re-sent with credentials takes a new From tag: a retry should keep Call-ID, To and From (RFC 3261 §8.1.3.5), though a tag outside a dialog names nothing a server keeps.`,
		),
		...(changed[0] === 'Call-ID' ? {} : { severity: 'hint' as const }),
		related: [{ span: c.startLine, message: `the ${c.status} it answers` }],
	});
}
