import { clockBetween, clockOf, type Clock } from '../../text/clock';
import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { lintProblem } from '../codes';

// A 2xx is first sent again after T1 (500 ms, RFC 3261 §13.3.1.4); copies closer than this are
// the same send logged twice (merged logs of both ends, or of two hops).
const resentAfter = 400_000;
// An ACK and a copy of the 2xx sent meanwhile may cross on the wire.
const crossing = 200_000;

/**
 * A 2xx to INVITE is acknowledged end to end, and its UAS sends it again (T1, 2*T1, ... up to
 * T2) until the ACK comes, for 64*T1 (32 s) at most, then usually ends the call with BYE
 * (RFC 3261 §13.3.1.4). Copies sent for more than a second with no ACK in the trace, or after
 * the caller's ACK, say the ACK did not reach the UAS: the "call drops after 32 s" of a wrong
 * Contact, Record-Route or NAT. Needs the trace's times to tell a resend from a second log line.
 */
export function checkInviteAck(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (m.kind !== 'response' || !m.status || m.status < 200 || m.status >= 300) return;
	if (m.cseq?.method !== 'INVITE') return;
	const first = clockOf(m.frame);
	if (!first) return;
	const { index, messages } = analysis;
	const resent: { at: number; clock: Clock }[] = [];
	for (const r of index.transactionOf(m.index)?.retransmissions ?? []) {
		if (index.originalOf(r) !== m.index) continue;
		const clock = clockOf(messages[r]!.frame);
		const after = clockBetween(first, clock);
		if (clock && after !== null && after >= resentAfter) resent.push({ at: r, clock });
	}
	if (resent.length === 0) return;
	// The last ACK for this INVITE in the dialog: through proxies there is one per hop.
	let ack: SipMessage | null = null;
	let ackClock: Clock | null = null;
	for (const i of index.dialogOf(m.index)?.messages ?? []) {
		const a = messages[i]!;
		if (a.method !== 'ACK' || a.cseq?.seq !== m.cseq.seq) continue;
		const clock = clockOf(a.frame);
		if (!ack || (clock && ackClock && (clockBetween(ackClock, clock) ?? 0) > 0)) {
			ack = a;
			ackClock = clock;
		}
	}
	const related = (copies: typeof resent) =>
		copies.slice(0, 3).map((c) => ({ span: messages[c.at]!.startLine, message: 'Sent again' }));
	const what = `${m.status} ${m.reason ?? ''}`.trim();
	if (!ack) {
		const lastly = clockBetween(first, resent.at(-1)!.clock)!;
		if (lastly < 1_000_000) return; // the trace may stop before a late ACK
		out.push(
			lintProblem(
				'invite.ack-missing',
				m.startLine,
				`${what} to INVITE was sent ${resent.length} more time${resent.length === 1 ? '' : 's'} and no ACK for it is in the trace: the ACK did not reach the UAS, which stops after 32 s and usually ends the call (RFC 3261 §13.3.1.4).`,
				related(resent),
			),
		);
		return;
	}
	const late = resent.filter((c) => {
		const after = clockBetween(ackClock, c.clock);
		return after !== null && after > crossing;
	});
	if (late.length === 0) return;
	out.push(
		lintProblem(
			'invite.ack-missing',
			m.startLine,
			`${what} to INVITE was sent ${late.length} more time${late.length === 1 ? '' : 's'} after the ACK: the ACK did not reach the UAS (it goes to the 2xx's Contact through its Record-Route set, RFC 3261 §12.1.2, §13.2.2.4; a wrong address or NAT there), which stops after 32 s and usually ends the call (§13.3.1.4).`,
			[{ span: ack.startLine, message: 'The ACK' }, ...related(late)],
		),
	);
}
