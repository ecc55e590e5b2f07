import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { fromTagOf } from '../../parser/sipMessage';
import { lintProblem } from '../codes';

/**
 * "The callee's UA MAY send a BYE on confirmed dialogs, but MUST NOT send a BYE on early dialogs"
 * (RFC 3261 §15): it ends a call it has not answered by answering the INVITE with a final
 * response. Said of a BYE from the callee (the From tag its responses gave the dialog) that comes
 * before any 2xx to the INVITE and while the INVITE is still unanswered: a final response to it
 * follows the BYE in the trace (sipML5, which sent BYE after its 180 and its 200 only later).
 */
export function checkCalleeEarlyBye(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (m.method !== 'BYE' || m.kind !== 'request' || m.cutShort) return;
	const { index, messages } = analysis;
	const dialog = index.dialogOf(m.index);
	if (!dialog || dialog.remoteTag === null) return;
	const invite = messages[dialog.creator]!;
	if (invite.method !== 'INVITE' || fromTagOf(m) !== dialog.remoteTag) return;
	let finalAfter: SipMessage | null = null;
	for (const j of index.responsesOf(dialog.creator)) {
		const r = messages[j]!;
		if (r.status === null || r.status < 200) continue;
		if (j < m.index) return;
		finalAfter ??= r;
	}
	if (!finalAfter) return;
	out.push(
		lintProblem(
			'bye.early-dialog-callee',
			m.startLine,
			`The callee sends this BYE while the INVITE is unanswered (its dialog still early): the callee's UA must not send a BYE on an early dialog (RFC 3261 §15); it ends the call by answering the INVITE with a final response. Its ${finalAfter.status} comes only after this BYE.`,
			[
				{ span: invite.startLine, message: 'The INVITE' },
				{ span: finalAfter.startLine, message: `The INVITE's ${finalAfter.status}, after the BYE` },
			],
		),
	);
}
