import { messagesWithCallId } from '../../byCallId';
import { fromTagOf, toTagOf } from '../../parser/sipMessage';
import { clockBetween, clockOf, type Clock } from '../../text/clock';
import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { lintProblem } from '../codes';

// A 2xx is first sent again after T1 (500 ms, RFC 3261 §13.3.1.4); copies closer than this are
// the same send logged twice (merged logs of both ends, or of two hops).
const resentAfter = 400_000;
// An ACK and a copy of the 2xx sent meanwhile may cross on the wire.
const crossing = 200_000;

/** How many sends of a 2xx, logged by its sender with no time, say the ACK is missing. */
const untimedSends = 3;

/**
 * A trace without times where the UAS's own log shows the 2xx sent again and again (pjsip's
 * `Transmitting SIP response` once per send, each copy logged with the same direction): a third
 * send comes 1.5 s after the first (T1, then 2*T1), long past any ACK that was coming, and no ACK
 * for it is in the dialog. Two copies alone may be one send logged twice, or a resend the ACK
 * crossed.
 */
function checkUntimedResends(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	const direction = m.frame.direction;
	if (direction === null) {
		if (capturedInOrder.has(m.frame.format)) checkResendsInCaptureOrder(analysis, m, out);
		return;
	}
	const { index, messages } = analysis;
	const resent: number[] = [];
	for (const r of index.transactionOf(m.index)?.retransmissions ?? [])
		if (index.originalOf(r) === m.index && messages[r]!.frame.direction === direction)
			resent.push(r);
	if (resent.length + 1 < untimedSends) return;
	for (const i of index.dialogOf(m.index)?.messages ?? []) {
		const a = messages[i]!;
		if (a.method === 'ACK' && a.cseq?.seq === m.cseq?.seq) return;
	}
	out.push(
		lintProblem(
			'invite.ack-missing',
			m.startLine,
			`${`${m.status} ${m.reason ?? ''}`.trim()} to INVITE was sent ${resent.length} more times and no ACK for it is in the trace: the ACK did not reach the UAS, which stops after 32 s and usually ends the call (RFC 3261 §13.3.1.4).`,
			resent.slice(0, 3).map((r) => ({ span: messages[r]!.startLine, message: 'Sent again' })),
		),
	);
}

/**
 * Printouts of a capture that keep its order (one packet after another) and may give no time
 * (ngrep without -t, tshark's `-O sip` text): the file's order is the wire's.
 */
const capturedInOrder: ReadonlySet<string> = new Set(['ngrep', 'tshark', 'tcpdump', 'tsharkJson']);

/**
 * A capture's printout without times (see {@link capturedInOrder}): the 2xx's copies from the same
 * address, in the order the capture saw them (one right after the one before is the same packet
 * seen twice). With no ACK in the dialog, a third send says the
 * ACK is missing, as a log's sends do; after the dialog's last ACK for it, two copies do (one may
 * cross the ACK on the wire): the UAS never got the ACK.
 */
function checkResendsInCaptureOrder(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	const { index, messages } = analysis;
	const resent: number[] = [];
	let last = m.index;
	for (const r of index.transactionOf(m.index)?.retransmissions ?? []) {
		const copy = messages[r]!.frame;
		if (index.originalOf(r) !== m.index || copy.src !== m.frame.src || copy.dst !== m.frame.dst)
			continue;
		// A copy right after the one before it is the same packet seen twice (a capture on
		// `any` sees a loopback packet leave and arrive): no send of its own.
		if (r !== last + 1) resent.push(r);
		last = r;
	}
	if (resent.length === 0) return;
	let lastAck: SipMessage | null = null;
	for (const i of index.dialogOf(m.index)?.messages ?? []) {
		const a = messages[i]!;
		if (a.method === 'ACK' && a.cseq?.seq === m.cseq?.seq && (!lastAck || i > lastAck.index))
			lastAck = a;
	}
	const what = `${m.status} ${m.reason ?? ''}`.trim();
	if (!lastAck) {
		if (resent.length + 1 < untimedSends) return;
		out.push(
			lintProblem(
				'invite.ack-missing',
				m.startLine,
				`${what} to INVITE was sent ${resent.length} more times and no ACK for it is in the trace: the ACK did not reach the UAS, which stops after 32 s and usually ends the call (RFC 3261 §13.3.1.4).`,
				sentAgainSpans(
					messages,
					resent.map((at) => ({ at })),
				),
			),
		);
		return;
	}
	const late = resent.filter((r) => r > lastAck.index);
	if (late.length < 2) return;
	out.push(
		lintProblem(
			'invite.ack-missing',
			m.startLine,
			`${what} to INVITE was sent ${late.length} more times after the ACK (in the capture's order): the ACK did not reach the UAS (it goes to the 2xx's Contact through its Record-Route set, RFC 3261 §12.1.2, §13.2.2.4; a wrong address or NAT there), which stops after 32 s and usually ends the call (§13.3.1.4).`,
			[
				{ span: lastAck.startLine, message: 'The ACK' },
				...sentAgainSpans(
					messages,
					late.map((at) => ({ at })),
				),
			],
		),
	);
}

/** The copies of `m` its sender sent again, T1 or more after it (a log's second line is no resend). */
function sentAgain(
	analysis: TraceAnalysis,
	m: SipMessage,
	first: Clock,
): { at: number; clock: Clock }[] {
	const { index, messages } = analysis;
	const resent: { at: number; clock: Clock }[] = [];
	for (const r of index.transactionOf(m.index)?.retransmissions ?? []) {
		if (index.originalOf(r) !== m.index) continue;
		const clock = clockOf(messages[r]!.frame);
		const after = clockBetween(first, clock);
		if (clock && after !== null && after >= resentAfter) resent.push({ at: r, clock });
	}
	return resent;
}

/** The copies sent after the ACK, past the time an ACK and a copy may cross on the wire. */
function sentAfter<T extends { clock: Clock }>(resent: readonly T[], ackClock: Clock | null): T[] {
	return resent.filter((c) => {
		const after = clockBetween(ackClock, c.clock);
		return after !== null && after > crossing;
	});
}

/** The first three copies sent again, as a problem's related spans. */
function sentAgainSpans(
	messages: readonly SipMessage[],
	copies: readonly { at: number }[],
): { span: SipMessage['startLine']; message: string }[] {
	return copies
		.slice(0, 3)
		.map((c) => ({ span: messages[c.at]!.startLine, message: 'Sent again' }));
}

/**
 * A 2xx to INVITE is acknowledged end to end, and its UAS sends it again (T1, 2*T1, ... up to
 * T2) until the ACK comes, for 64*T1 (32 s) at most, then usually ends the call with BYE
 * (RFC 3261 §13.3.1.4). Copies sent for more than a second with no ACK in the trace, or after
 * the caller's ACK, say the ACK did not reach the UAS: the "call drops after 32 s" of a wrong
 * Contact, Record-Route or NAT. The trace's times tell a resend from a second log line; without
 * them, see {@link checkUntimedResends}.
 */
export function checkInviteAck(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (m.kind !== 'response' || !m.status || m.status < 200) return;
	if (m.cseq?.method !== 'INVITE') return;
	if (m.status >= 300) {
		checkFailureAck(analysis, m, out);
		return;
	}
	const first = clockOf(m.frame);
	if (!first) {
		checkUntimedResends(analysis, m, out);
		return;
	}
	const { index, messages } = analysis;
	const resent = sentAgain(analysis, m, first);
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
	sayResentFinal(messages, m, first, resent, ack, ackClock, out, {
		none: 'the ACK did not reach the UAS, which stops after 32 s and usually ends the call (RFC 3261 §13.3.1.4)',
		after:
			"the ACK did not reach the UAS (it goes to the 2xx's Contact through its Record-Route set, RFC 3261 §12.1.2, §13.2.2.4; a wrong address or NAT there), which stops after 32 s and usually ends the call (§13.3.1.4)",
	});
}

/**
 * Says a final response to INVITE that its UAS sent again: copies for over a second with no ACK
 * in the trace (one sooner may come after the trace stops), or copies after the ACK. `why` says,
 * for each case, what it means for that response.
 */
function sayResentFinal(
	messages: readonly SipMessage[],
	m: SipMessage,
	first: Clock,
	resent: ReturnType<typeof sentAgain>,
	ack: SipMessage | null,
	ackClock: Clock | null,
	out: Problem[],
	why: { none: string; after: string },
): void {
	const what = `${m.status} ${m.reason ?? ''}`.trim();
	const times = (n: number): string => `${n} more time${n === 1 ? '' : 's'}`;
	if (!ack) {
		const lastly = clockBetween(first, resent.at(-1)!.clock)!;
		if (lastly < 1_000_000) return; // the trace may stop before a late ACK
		out.push(
			lintProblem(
				'invite.ack-missing',
				m.startLine,
				`${what} to INVITE was sent ${times(resent.length)} and no ACK for it is in the trace: ${why.none}.`,
				sentAgainSpans(messages, resent),
			),
		);
		return;
	}
	const late = sentAfter(resent, ackClock);
	if (late.length === 0) return;
	out.push(
		lintProblem(
			'invite.ack-missing',
			m.startLine,
			`${what} to INVITE was sent ${times(late.length)} after the ACK: ${why.after}.`,
			[{ span: ack.startLine, message: 'The ACK' }, ...sentAgainSpans(messages, late)],
		),
	);
}

/** The ACK for `response` (its CSeq, From and To tags), the last in time. */
function failureAckOf(analysis: TraceAnalysis, response: SipMessage): SipMessage | null {
	const { index, messages } = analysis;
	const invite = index.requestOf(response.index);
	if (invite === null) return null;
	const toTag = toTagOf(response);
	let ack: SipMessage | null = null;
	for (const i of messagesWithCallId(analysis, response.callId)) {
		const a = messages[i]!;
		if (a.method !== 'ACK' || a.cseq?.seq !== response.cseq!.seq || toTagOf(a) !== toTag) continue;
		// One sent with another branch is still the ACK the trace shows (ackBranch.ts says so).
		const related = index.transactionOf(i)?.relatedInvite ?? null;
		if (related !== invite && (related !== null || fromTagOf(a) !== fromTagOf(response))) continue;
		if (!ack || (clockBetween(clockOf(ack.frame), clockOf(a.frame)) ?? 0) > 0) ack = a;
	}
	return ack;
}

/**
 * A final non-2xx to INVITE is acknowledged hop by hop, in the INVITE's transaction; its UAS
 * sends it again (Timer G) until the ACK comes, for 64*T1 (Timer H, RFC 3261 §17.2.1). Copies
 * sent after the ACK say the ACK did not reach it or did not match its transaction (another
 * branch, another address); copies for more than a second with no ACK, that no ACK came.
 */
function checkFailureAck(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	const first = clockOf(m.frame);
	if (!first) return;
	const { messages } = analysis;
	const resent = sentAgain(analysis, m, first);
	if (resent.length === 0) return;
	const ack = failureAckOf(analysis, m);
	sayResentFinal(messages, m, first, resent, ack, ack && clockOf(ack.frame), out, {
		none: "the UAS sends a final response to INVITE again until its ACK, with the INVITE's Via branch, arrives, for 32 s at most (RFC 3261 §17.1.1.3, §17.2.1)",
		after:
			"the ACK did not reach the UAS or did not match its transaction (it goes where the INVITE went, with the INVITE's Via branch, RFC 3261 §17.1.1.3), which sends its response again for 32 s at most (§17.2.1)",
	});
}
