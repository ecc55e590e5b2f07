import type { Dialog, SipMessage, TraceAnalysis } from './model';

/**
 * The request an in-dialog request leads back to (go to definition):
 * - an ACK to a 2xx: the INVITE it acknowledges, the dialog's INVITE with the same CSeq number
 *   (RFC 3261 §13.2.2.4), so the ACK of a re-INVITE leads to that re-INVITE;
 * - any other request: the request that created the dialog.
 * Through a proxy the trace may hold a copy of that request per hop: the copy on the request's own
 * hop is the one it continues (the proxy's ACK and BYE to the phone go with the INVITE the proxy
 * sent the phone, not the one the caller sent the proxy). The hop is known from the addresses the
 * trace gives; where it gives none, an ACK takes the copy with as many Via values as it has (both
 * go the same way through the same proxies), anything else the first copy.
 */
export function inDialogOrigin(
	analysis: TraceAnalysis,
	dialog: Dialog,
	message: SipMessage,
): number {
	const { messages } = analysis;
	const creator = messages[dialog.creator]!;
	const isAck = message.method === 'ACK' && message.cseq !== null;
	const method = isAck ? 'INVITE' : creator.method;
	const seq = isAck ? message.cseq!.seq : creator.cseq?.seq;
	const copies: SipMessage[] = [];
	for (const i of dialog.messages) {
		const m = messages[i]!;
		if (m.kind === 'request' && m.method === method && m.cseq?.seq === seq && i !== message.index)
			if (analysis.index.originalOf(i) === null) copies.push(m);
	}
	// Only the dialog's creator is known to be in it (an ACK for an INVITE not in the trace).
	if (copies.length === 0) return dialog.creator;
	const hop = copies.find((c) => sameHop(c, message));
	if (hop) return hop.index;
	if (isAck && !hasAddresses(message)) {
		const vias = copies.find((c) => c.vias.length === message.vias.length);
		if (vias) return vias.index;
	}
	return isAck ? copies[0]!.index : dialog.creator;
}

function hasAddresses(m: SipMessage): boolean {
	return m.frame.src !== null && m.frame.dst !== null;
}

/** The two messages went between the same two addresses, either way. */
function sameHop(a: SipMessage, b: SipMessage): boolean {
	if (!hasAddresses(a) || !hasAddresses(b)) return false;
	const { src: as, dst: ad } = a.frame;
	const { src: bs, dst: bd } = b.frame;
	return (as === bs && ad === bd) || (as === bd && ad === bs);
}
