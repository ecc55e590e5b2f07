import type { Problem, SipMessage, TraceAnalysis, TraceFormat } from '../../model';
import { isPacketText } from './viaTransport';
import { fromTagOf, toTagOf, viaCountOf } from '../../parser/sipMessage';
import { findHeader } from '../../query';
import { lintProblem } from '../codes';
import { inTimeOrder } from './timeOrder';

/**
 * Within a dialog each side numbers its requests upwards (RFC 3261 §12.2.1.1), ACK and CANCEL
 * aside (theirs are the number of the request they acknowledge or cancel). A request whose CSeq
 * is below its side's previous one, or the same as one already answered, is out of order: the
 * receiver answers 500 (§12.2.2), and an un-SUBSCRIBE or a re-INVITE so sent never takes effect.
 * Copies of one request (a retransmission, both ends' logs, each hop through a proxy) are one
 * request; each side is told by its From tag, but for a request its peer sent with the tags
 * swapped (its sender the other tag's, as the trace's addresses or directions show): said so.
 */
export function checkCSeqOrder(analysis: TraceAnalysis, out: Problem[]): void {
	const { index, messages } = analysis;
	const swapped = swappedTags(analysis);
	// By From tag, the request of that side with the highest CSeq so far in the dialog.
	const highest = new Map<string, SipMessage>();
	for (const dialog of index.dialogs) {
		highest.clear();
		for (const i of inTimeOrder(analysis, dialog.messages)) {
			const m = messages[i]!;
			const cseq = m.cseq;
			if (m.kind !== 'request' || !cseq || m.method === 'ACK' || m.method === 'CANCEL') continue;
			if (index.originalOf(i) !== null || index.forwardedFrom(i) !== null) continue;
			const tag = fromTagOf(m);
			if (tag === null) continue;
			// Sent by the other side with the tags swapped: its number is that side's, not this tag's.
			if (swapped.has(i)) {
				out.push(
					lintProblem(
						'dialog.swapped-tags',
						findHeader(m, 'from')?.value ?? m.startLine,
						`This ${m.method} is sent by the side whose tag is ${toTagOf(m) ?? 'in To'}, with the peer's tag ${tag} in From: From carries the sender's own tag and To the peer's (RFC 3261 §12.2.1.1), so the peer finds no dialog of its own for it (481, §12.2.2).`,
					),
				);
				continue;
			}
			const before = highest.get(tag);
			const seq = before?.cseq?.seq;
			if (before === undefined || seq === undefined || cseq.seq > seq) {
				highest.set(tag, m);
				continue;
			}
			// A request without To tag is sent outside any dialog (a new SUBSCRIBE, its retry after
			// a challenge), numbered afresh: a reuse of the dialog's Call-ID and From tag is its own
			// fault (subscribe.reused-dialog-ids), not one of order.
			if (toTagOf(m) === null) continue;
			// The same number again for a request not yet answered: a new transaction for the same
			// request (a UAC failing over to another address keeps its CSeq).
			if (cseq.seq === seq && before.method === m.method && !answered(analysis, before.index))
				continue;
			out.push(
				lintProblem(
					'cseq.not-increasing',
					findHeader(m, 'cseq')?.value ?? m.startLine,
					`CSeq ${cseq.seq} is not above ${seq}, the CSeq of this side's ${before.method ?? 'request'} before it in the dialog: each new request in a dialog must carry a higher number (RFC 3261 §12.2.1.1), or the receiver answers 500 (§12.2.2).`,
					[{ span: before.startLine, message: `CSeq ${seq}` }],
				),
			);
		}
	}
}

/**
 * The requests of the trace that their sender sent with the dialog's tags swapped (its own tag in
 * To, the peer's in From), where the trace says who sent them for sure: each side is told by its
 * From tag, so the checks that read a request's side from it (its CSeq's order, its route set,
 * its remote target) pass such a request by. Found once an analysis, then shared.
 */
export function swappedTags(analysis: TraceAnalysis): ReadonlySet<number> {
	let found = swappedOf.get(analysis);
	if (found) return found;
	found = new Set<number>();
	swappedOf.set(analysis, found);
	const { index, messages } = analysis;
	// By From tag, who sent that side's first request: a request of that tag from another sender
	// is looked into (the dialog's senders gathered then), the rest pass on this alone.
	const firstSender = new Map<string, string>();
	for (const dialog of index.dialogs) {
		firstSender.clear();
		let senders: Map<string, Map<string, number>> | null | undefined;
		for (const i of inTimeOrder(analysis, dialog.messages)) {
			const m = messages[i]!;
			if (m.kind !== 'request' || !m.cseq || m.method === 'ACK' || m.method === 'CANCEL') continue;
			if (index.originalOf(i) !== null || index.forwardedFrom(i) !== null) continue;
			const tag = fromTagOf(m);
			if (tag === null) continue;
			const sender = senderOf(m);
			const first = sender === null ? undefined : firstSender.get(tag);
			if (sender !== null && first === undefined) firstSender.set(tag, sender);
			if (
				first !== undefined &&
				first !== sender &&
				(senders ??= sendersByTag(analysis, dialog.messages)) !== null &&
				swapped(m, tag, senders)
			)
				found.add(i);
		}
	}
	return found;
}
const swappedOf = new WeakMap<TraceAnalysis, Set<number>>();

/** Has the request at `i` had a final response? */
function answered(analysis: TraceAnalysis, i: number): boolean {
	for (const r of analysis.index.responsesOf(i)) {
		const status = analysis.messages[r]!.status;
		if (status !== null && status >= 200) return true;
	}
	return false;
}

/**
 * Who sent a message, where the trace says it for sure: the source address a capture or a
 * capturing tool gives (a log line's address may be another message's), or the way an agent's
 * own log gives (SIPp's, whose every message is sent or received by it).
 */
function senderOf(m: SipMessage): string | null {
	const { frame } = m;
	if (isPacketText(frame) || addressedFormats.has(frame.format)) return frame.src;
	return agentLogs.has(frame.format) ? frame.direction : null;
}
const addressedFormats: ReadonlySet<TraceFormat> = new Set<TraceFormat>([
	'headerLine',
	'sngrep',
	'sipdump',
]);
const agentLogs: ReadonlySet<TraceFormat> = new Set<TraceFormat>([
	'sipp',
	'sippErrors',
	'sippCallDebug',
]);

/**
 * The senders of each side's requests as their UAs sent them (one Via, first copies), by From
 * tag and sender, how many; null where the trace names no sender.
 */
function sendersByTag(
	analysis: TraceAnalysis,
	list: readonly number[],
): Map<string, Map<string, number>> | null {
	let out: Map<string, Map<string, number>> | null = null;
	for (const i of list) {
		const m = analysis.messages[i]!;
		if (m.kind !== 'request' || analysis.index.originalOf(i) !== null || viaCountOf(m) !== 1)
			continue;
		const tag = fromTagOf(m);
		const sender = senderOf(m);
		if (tag === null || sender === null) continue;
		out ??= new Map();
		let bySender = out.get(tag);
		if (!bySender) out.set(tag, (bySender = new Map()));
		bySender.set(sender, (bySender.get(sender) ?? 0) + 1);
	}
	return out;
}

/**
 * Is request `m` (From tag `tag`) one the other side sent with the tags swapped (SIPp's BYE after
 * an aborted subscription, its From the notifier's)? Its sender sent the other tag's requests,
 * and sent no other request with this tag, which came from elsewhere.
 */
function swapped(m: SipMessage, tag: string, senders: Map<string, Map<string, number>>): boolean {
	const sender = senderOf(m);
	if (sender === null || viaCountOf(m) !== 1) return false;
	const own = senders.get(tag);
	if (!own || own.get(sender) !== 1 || own.size < 2) return false;
	for (const [other, bySender] of senders) if (other !== tag && bySender.has(sender)) return true;
	return false;
}
