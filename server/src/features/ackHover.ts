import { inDialogOrigin } from '../core/inDialogOrigin';
import type { SipMessage, TraceAnalysis } from '../core/model';
import { clockBetween, clockOf } from '../core/text/clock';
import { before } from './startLineHover';
import { formatDuration } from './timeFormat';
import { md } from './markdown';

/**
 * What an ACK acknowledges, for the hover on its start line. An ACK is never answered, so the
 * transaction summary other requests get ("no response") says nothing; what matters is which
 * final response it ends and how long that response waited for it:
 * - to a non-2xx, the ACK is part of the INVITE's transaction, hop by hop (RFC 3261 §17.1.1.3);
 * - to a 2xx, it is a request of the dialog with the INVITE's CSeq number (§13.2.2.4), and until
 *   it arrives the UAS sends the 2xx again (§13.3.1.4): copies of the 2xx before the ACK say the
 *   ACK came late or was lost on the way.
 */
export function ackHover(
	analysis: TraceAnalysis,
	ack: SipMessage,
	lineOf: (message: number) => number,
): string {
	const { index, messages } = analysis;
	const related = index.transactionOf(ack.index)?.relatedInvite ?? null;
	const dialog = index.dialogOf(ack.index);
	const invite =
		related ??
		(dialog && dialog.creator !== ack.index ? inDialogOrigin(analysis, dialog, ack) : null);
	if (invite === null) return '**ACK**\n\nthe INVITE it acknowledges is not in the trace';
	const finals = index
		.responsesOf(invite)
		.map((r) => messages[r]!)
		.filter((r) => (r.status ?? 0) >= 200);
	// The final response it answers: a non-2xx for an ACK in the INVITE's transaction, else a 2xx
	// of the ACK's own dialog (a forked INVITE has a 2xx per answering branch).
	const final =
		related !== null
			? finals.find((r) => (r.status ?? 0) >= 300)
			: finals.find(
					(r) => (r.status ?? 0) < 300 && (!dialog || index.dialogOf(r.index) === dialog),
				);
	const lines = [
		final
			? `**ACK** of the **${final.status} ${md(final.reason)}** (line ${lineOf(final.index)}) to the INVITE at line ${lineOf(invite)}`
			: `**ACK** to the INVITE at line ${lineOf(invite)}; its final response is not in the trace`,
	];
	if (!final) return lines.join('\n\n');
	const waited = between(final, ack);
	if (waited) lines.push(`sent ${waited} after the ${final.status}`);
	if (related !== null) {
		lines.push('ends the INVITE transaction on this hop (RFC 3261 §17.1.1.3)');
		return lines.join('\n\n');
	}
	const copies = (index.transactionOf(final.index)?.retransmissions ?? []).filter(
		(r) => messages[r]!.status === final.status && before(messages[r]!, ack),
	);
	if (copies.length)
		lines.push(
			`the ${final.status} was sent ${copies.length} more time${copies.length === 1 ? '' : 's'} before this ACK: it came late, or an earlier one was lost (RFC 3261 §13.3.1.4)`,
		);
	return lines.join('\n\n');
}

function between(a: SipMessage, b: SipMessage): string | null {
	const d = clockBetween(clockOf(a.frame), clockOf(b.frame));
	return d != null && d >= 0 ? formatDuration(d) : null;
}
