import { dialogBefore } from '../../correlate/replaces';
import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { lintProblem } from '../codes';
import { fromTagOf, toTagOf } from '../../parser/sipMessage';

/**
 * The dialog an INVITE's Replaces, or a REFER's Refer-To Replaces, names (RFC 3891 §3, §7): one
 * the trace does not hold may predate it (information); one that was not made by an INVITE is
 * answered 481, one already ended 603, an `early-only` of a confirmed dialog 486.
 */
export function checkReplaces(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (m.kind !== 'request') return;
	const { index, messages } = analysis;
	const ref = index.replacesOf(m.index);
	if (!ref) return;
	const where = ref.source === 'replaces' ? 'Replaces' : "Refer-To's Replaces";
	const named = `Call-ID ${ref.callId}, to-tag ${ref.toTag ?? '?'}, from-tag ${ref.fromTag ?? '?'}`;
	if (ref.toTag === null || ref.fromTag === null) {
		out.push(
			lintProblem(
				'replaces.missing-tag',
				ref.span,
				`${where} needs both to-tag and from-tag to name a dialog (RFC 3891 §6.1); it has ${ref.toTag !== null ? `to-tag ${ref.toTag} and no from-tag` : ref.fromTag !== null ? `from-tag ${ref.fromTag} and no to-tag` : 'neither'}.`,
			),
		);
		return;
	}
	if (ref.source !== 'replaces' && namesOwnDialog(m, ref)) {
		out.push(
			lintProblem(
				'replaces.own-dialog',
				ref.span,
				`${where} names the dialog this REFER is sent in (${named}), not the referrer's call with the transfer target: the target holds no such dialog and answers the referee's INVITE with 481 (RFC 3891 §3).`,
			),
		);
		return;
	}
	const d = index.replacedDialog(m.index);
	if (!d) {
		out.push(
			lintProblem(
				'replaces.dialog-not-in-trace',
				ref.span,
				`${where} names a dialog (${named}) that is not in the trace: it may predate it, or be logged elsewhere. If no such dialog exists, the UAS answers 481 (RFC 3891 §3).`,
			),
		);
		return;
	}
	const creator = messages[d.creator]!;
	const created = { span: creator.startLine, message: 'The replaced dialog was created here' };
	// A dialog first seen in a request inside it (a To tag) or in a response was made by a
	// request the trace does not hold: what made it is not known.
	if (creator.kind === 'request' && toTagOf(creator) === null && creator.method !== 'INVITE') {
		out.push(
			lintProblem(
				'replaces.not-invite-dialog',
				ref.span,
				`${where} names a dialog made by ${creator.method ?? '?'}, not by an INVITE: the UAS answers 481 (RFC 3891 §3).`,
				[created],
			),
		);
		return;
	}
	const { confirmed, ended } = dialogBefore(messages, d, m);
	if (ended) {
		const what = `${ended.status} ${ended.reason ?? ''}`.trim();
		out.push(
			lintProblem(
				'replaces.dialog-terminated',
				ref.span,
				`${where} names a dialog that had ended before this ${m.method} (${what} to ${ended.cseq?.method}, message ${ended.index}): the UAS declines it with 603 (RFC 3891 §3).`,
				[{ span: ended.startLine, message: 'The replaced dialog ended here' }, created],
			),
		);
		return;
	}
	if (ref.earlyOnly && confirmed) {
		out.push(
			lintProblem(
				'replaces.early-only-confirmed',
				ref.span,
				`${where} is early-only, but the dialog it names was answered before this ${m.method} (${confirmed.status} at message ${confirmed.index}): the UAS rejects it with 486 (RFC 3891 §3).`,
				[{ span: confirmed.startLine, message: 'The replaced dialog was answered here' }, created],
			),
		);
	}
}

/** Does `ref` name the dialog request `m` is sent in (either side's tag as its to-tag)? */
function namesOwnDialog(
	m: SipMessage,
	ref: { callId: string; toTag: string | null; fromTag: string | null },
): boolean {
	const from = fromTagOf(m);
	const to = toTagOf(m);
	if (m.callId !== ref.callId || from === null || to === null) return false;
	return (ref.toTag === to && ref.fromTag === from) || (ref.toTag === from && ref.fromTag === to);
}
