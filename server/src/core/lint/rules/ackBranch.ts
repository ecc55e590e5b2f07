import { messagesWithCallId } from '../../byCallId';
import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { fromTagOf, toTagOf, topViaOf } from '../../parser/sipMessage';
import { lintProblem } from '../codes';

const magicCookie = 'z9hG4bK';

/** The INVITE `ack` acknowledges a final response of: same call, From tag, CSeq and hop. */
function inviteOf(analysis: TraceAnalysis, ack: SipMessage): SipMessage | null {
	const sentBy = topViaOf(ack)?.sentBy.toLowerCase();
	const fromTag = fromTagOf(ack);
	for (const i of messagesWithCallId(analysis, ack.callId)) {
		const m = analysis.messages[i]!;
		if (m.method !== 'INVITE' || m.cseq?.seq !== ack.cseq!.seq) continue;
		if (fromTagOf(m) !== fromTag || topViaOf(m)?.sentBy.toLowerCase() !== sentBy) continue;
		if (analysis.index.originalOf(i) !== null) continue;
		return m;
	}
	return null;
}

/**
 * An ACK for a non-2xx final response belongs to the INVITE's transaction: its one Via is the
 * INVITE's top Via, branch and all (RFC 3261 §17.1.1.3). With another branch the UAS's server
 * transaction never sees it and sends its 4xx again until Timer H (32 s): a B2BUA or a stack that
 * builds every ACK as for a 2xx. Only where the trace shows that hop's INVITE, a final non-2xx
 * with the ACK's To tag and no 2xx with it (a 2xx's ACK is a transaction of its own, §13.2.2.4),
 * and both branches say they are RFC 3261's (RFC 2543 matched ACKs otherwise, §17.2.3).
 * (`topViaOf` reads values; a span is read from the message's own Via.)
 */
export function checkAckBranch(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (m.method !== 'ACK' || !m.cseq || m.callId === null) return;
	const { index, messages } = analysis;
	if (index.transactionOf(m.index)?.relatedInvite != null) return;
	// Most ACKs without an INVITE transaction acknowledge a 2xx of the dialog they are in.
	if (index.dialogOf(m.index)) return;
	const toTag = toTagOf(m);
	const branch = topViaOf(m)?.branch;
	if (toTag === null || !branch?.startsWith(magicCookie)) return;
	const invite = inviteOf(analysis, m);
	if (!invite) {
		checkAgainstResponse(analysis, m, toTag, branch, out);
		return;
	}
	const inviteVia = topViaOf(invite);
	if (!inviteVia?.branch?.startsWith(magicCookie) || inviteVia.branch === branch) return;
	let failure: SipMessage | null = null;
	for (const r of index.responsesOf(invite.index)) {
		const response = messages[r]!;
		if (toTagOf(response) !== toTag || response.status === null) continue;
		if (response.status >= 200 && response.status < 300) return;
		if (response.status >= 300) failure ??= response;
	}
	if (!failure) return;
	out.push(
		lintProblem(
			'ack.branch-mismatch',
			m.vias[0]!.span,
			`This ACK acknowledges ${failure.status} ${failure.reason ?? ''}`.trimEnd() +
				` to INVITE, so it belongs to the INVITE's transaction and must carry its top Via, branch ${inviteVia.branch} (RFC 3261 §17.1.1.3); with branch ${branch} the UAS does not match it and sends its response again until it gives up.`,
			[
				{ span: invite.vias[0]!.span, message: "The INVITE's top Via" },
				{ span: failure.startLine, message: 'The response acknowledged' },
			],
		),
	);
}

/**
 * Without the INVITE in the trace (a capture that began after it, a log of the responses), its
 * non-2xx final response copies its top Via (RFC 3261 §8.2.6.2): the ACK's branch is judged
 * against the response's, on the same hop (the ACK's sent-by), where no 2xx has the ACK's To tag.
 */
function checkAgainstResponse(
	analysis: TraceAnalysis,
	ack: SipMessage,
	toTag: string,
	branch: string,
	out: Problem[],
): void {
	const sentBy = topViaOf(ack)?.sentBy.toLowerCase();
	const fromTag = fromTagOf(ack);
	let failure: SipMessage | null = null;
	for (const i of messagesWithCallId(analysis, ack.callId)) {
		const r = analysis.messages[i]!;
		if (r.kind !== 'response' || r.status === null || r.cseq?.method !== 'INVITE') continue;
		if (r.cseq.seq !== ack.cseq!.seq || toTagOf(r) !== toTag || fromTagOf(r) !== fromTag) continue;
		if (r.status >= 200 && r.status < 300) return;
		const via = topViaOf(r);
		if (r.status >= 300 && via?.sentBy.toLowerCase() === sentBy) failure ??= r;
	}
	const failureBranch = failure ? topViaOf(failure)?.branch : undefined;
	if (!failure || !failureBranch?.startsWith(magicCookie) || failureBranch === branch) return;
	out.push(
		lintProblem(
			'ack.branch-mismatch',
			ack.vias[0]!.span,
			`This ACK acknowledges ${failure.status} ${failure.reason ?? ''}`.trimEnd() +
				` to INVITE, so it belongs to the INVITE's transaction and must carry its top Via, branch ${failureBranch} as the response copies it (RFC 3261 §17.1.1.3, §8.2.6.2; the INVITE is not in the trace); with branch ${branch} the UAS does not match it and sends its response again until it gives up.`,
			[{ span: failure.vias[0]!.span, message: "The response's top Via, the INVITE's copied" }],
		),
	);
}

/**
 * An ACK for a non-2xx final response is built by the INVITE's client transaction: its
 * Request-URI is the INVITE's (RFC 3261 §17.1.1.3), which the UAS's server transaction and a
 * stateless proxy route it by. One with another Request-URI (a test client that built it anew)
 * may go elsewhere. Only where the trace shows the INVITE of the transaction the ACK is in.
 */
export function checkAckRequestUri(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (m.method !== 'ACK' || m.requestUri === null || !m.requestUriSpan) return;
	const related = analysis.index.transactionOf(m.index)?.relatedInvite;
	if (related == null) return;
	const invite = analysis.messages[related]!;
	if (invite.requestUri === null || sameUri(invite.requestUri, m.requestUri)) return;
	// An ACK with the To tag of a 2xx to that INVITE acknowledges the 2xx, a transaction of its
	// own (§13.2.2.4): taken into the INVITE's where neither names a branch (a copy that left the
	// Vias out), it is judged by the dialog, not here.
	const toTag = toTagOf(m);
	for (const r of analysis.index.responsesOf(related)) {
		const response = analysis.messages[r]!;
		if (
			response.status !== null &&
			response.status >= 200 &&
			response.status < 300 &&
			toTagOf(response) === toTag
		)
			return;
	}
	out.push(
		lintProblem(
			'ack.uri-mismatch',
			m.requestUriSpan,
			`This ACK acknowledges a non-2xx final response, so its Request-URI must be the INVITE's, ${invite.requestUri} (RFC 3261 §17.1.1.3): it belongs to the INVITE's transaction.`,
			[{ span: invite.requestUriSpan ?? invite.startLine, message: "The INVITE's Request-URI" }],
		),
	);
}

/**
 * The ACK for a 2xx is a transaction of its own, with a new branch (RFC 3261 §13.2.2.4,
 * §8.1.1.7); only the ACK for a non-2xx final response shares the INVITE's (§17.1.1.3). One that
 * reuses the INVITE's branch for a 2xx is taken by a stateful element on the path for the INVITE's
 * own transaction, not passed on as the new request it is. Only where the trace shows the INVITE
 * (on the ACK's hop) and its 2xx with the ACK's To tag, and no non-2xx final response with it.
 */
export function checkAck2xxBranch(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (m.method !== 'ACK' || m.vias.length === 0) return;
	const { index, messages } = analysis;
	const related = index.transactionOf(m.index)?.relatedInvite;
	if (related == null) return;
	const branch = topViaOf(m)?.branch;
	const toTag = toTagOf(m);
	if (!branch?.startsWith(magicCookie) || !toTag) return;
	let accepted: SipMessage | null = null;
	for (const r of index.responsesOf(related)) {
		const response = messages[r]!;
		if (response.status === null || response.status < 200 || toTagOf(response) !== toTag) continue;
		if (response.status >= 300) return;
		accepted ??= response;
	}
	if (!accepted) return;
	out.push(
		lintProblem(
			'ack.2xx-reused-branch',
			m.vias[0]!.span,
			`This ACK acknowledges the ${accepted.status} ${accepted.reason ?? ''}`.trimEnd() +
				` to INVITE, a transaction of its own (RFC 3261 §13.2.2.4): it needs a new branch (§8.1.1.7), not the INVITE's ${branch}, which only the ACK for a non-2xx final response shares (§17.1.1.3); a stateful element takes it for the INVITE's transaction.`,
			[
				{
					span: messages[related]!.vias[0]?.span ?? messages[related]!.startLine,
					message: "The INVITE's top Via",
				},
				{ span: accepted.startLine, message: 'The response acknowledged' },
			],
		),
	);
}

/**
 * The ACK for a non-2xx final response carries one Via, equal to the INVITE's top Via (RFC 3261
 * §17.1.1.3). One with the `received` or the `rport` value the UAS wrote into its response's
 * copy of that Via (§18.2.1, RFC 3581 §4) was built from the response, not by the INVITE's
 * client transaction: a UAS that compares the Via may not match it. Only where the trace shows
 * the INVITE of the transaction the ACK is in, on the same hop (its top Via's branch, sent-by).
 */
export function checkAckVia(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (m.method !== 'ACK' || m.vias.length === 0) return;
	const related = analysis.index.transactionOf(m.index)?.relatedInvite;
	if (related == null) return;
	const invite = analysis.messages[related]!;
	const via = topViaOf(m);
	const inviteVia = topViaOf(invite);
	if (!via || !inviteVia || invite.vias.length === 0) return;
	if (
		via.branch !== inviteVia.branch ||
		via.sentBy.toLowerCase() !== inviteVia.sentBy.toLowerCase()
	)
		return;
	const added =
		via.received !== null && via.received !== inviteVia.received
			? `received=${via.received}`
			: via.rport && via.rport !== inviteVia.rport
				? `rport=${via.rport}`
				: null;
	if (added === null) return;
	out.push(
		lintProblem(
			'ack.via-mismatch',
			m.vias[0]!.span,
			`This ACK acknowledges a non-2xx final response, so its Via must equal the INVITE's top Via (RFC 3261 §17.1.1.3); it carries \`${added}\`, which the UAS writes into its response's copy of the Via (§18.2.1, RFC 3581 §4): the ACK was built from the response, not by the INVITE's transaction.`,
			[{ span: invite.vias[0]!.span, message: "The INVITE's top Via" }],
		),
	);
}

/** The same URI as written, but for the case of its scheme and host (RFC 3261 §19.1.4). */
function sameUri(a: string, b: string): boolean {
	if (a === b) return true;
	const at = (u: string): [string, string] => {
		const i = u.indexOf('@');
		return i < 0
			? ['', u.toLowerCase()]
			: [u.slice(0, i).replace(/^\w+:/, (s) => s.toLowerCase()), u.slice(i).toLowerCase()];
	};
	const [ua, ha] = at(a);
	const [ub, hb] = at(b);
	return ua === ub && ha === hb;
}
