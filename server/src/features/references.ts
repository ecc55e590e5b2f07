import type { Location, Position } from 'vscode-languageserver';
import { etagIssuer, etagNamers, headerAt, messageAt, onBody, replacersOf } from '../core/query';
import type { Dialog, SipMessage, TraceAnalysis } from '../core/model';
import type { TraceDocument } from '../traceDocument';
import { startLineLocation, toOffset } from './convert';
import { messagesWithCallId } from '../core/byCallId';
import { isNotify } from '../core/parser/methods';

/**
 * The messages related to the one under the cursor, chosen by what the cursor is on:
 * Via → the transaction; Call-ID → every message of that Call-ID; From/To → the dialog, with the
 * requests whose Replaces (or Refer-To's Replaces) name it; an INVITE's Replaces or a REFER's
 * Refer-To that carries one → the dialog it names, with those requests;
 * Event/Subscription-State → the subscription; SIP-ETag/SIP-If-Match → the publication (and,
 * where the trace holds a 2xx's SIP-ETag and not its PUBLISH, that 2xx and the PUBLISHes naming it);
 * the start line of a PUBLISH → its publication and the NOTIFYs it fanned out to; the body of a
 * NOTIFY → the PUBLISHes whose state it carries (every live publication of the presentity) and
 * the last change; the start line of a SUBSCRIBE/NOTIFY → the subscription; otherwise the
 * transaction.
 */
export function relatedMessages(
	analysis: TraceAnalysis,
	message: SipMessage,
	offset: number,
): number[] {
	const index = analysis.index;
	const i = message.index;
	const transaction = (): readonly number[] => {
		const t = index.transactionOf(i);
		if (!t) return [i];
		return [...(t.request != null ? [t.request] : []), ...t.responses, ...t.retransmissions];
	};
	const subscription = (): readonly number[] => {
		const s = index.subscriptionOf(i);
		return s ? [...s.subscribes, ...s.notifies] : [];
	};
	const publication = (of = i): readonly number[] => {
		const p = index.publicationOf(of);
		if (!p) return [];
		return [...p.publishes, ...p.publishes.flatMap((x) => index.responsesOf(x))];
	};
	/** Dialog `d`'s messages and the requests that name it to be replaced (RFC 3891). */
	const dialog = (d: Dialog): readonly number[] => [...d.messages, ...replacersOf(index, d)];
	// In a NOTIFY's body: the PUBLISHes whose state it carries (RFC 3903 §4 composition) and the
	// last change it reports.
	if (isNotify(message.method) && onBody(message, offset, analysis.text)) {
		const last = index.publishOf(i);
		const carried = [...index.publishesOf(i), ...(last !== null ? [last] : [])];
		if (carried.length) return [...new Set([i, ...carried])].sort((a, b) => a - b);
	}
	const key = headerAt(message, offset, analysis.text)?.key;
	const replaced = key === 'replaces' || key === 'refer-to' ? index.replacedDialog(i) : null;
	let found: readonly number[];
	switch (replaced ? 'replaced' : key) {
		case 'replaced':
			found = dialog(replaced!);
			break;
		case 'via':
			found = transaction();
			break;
		case 'call-id':
			found = message.callId ? sameCallId(analysis, message.callId) : [i];
			break;
		case 'from':
		case 'to': {
			const d = index.dialogOf(i);
			found = d ? dialog(d) : transaction();
			break;
		}
		case 'event':
		case 'subscription-state':
			found = subscription();
			break;
		case 'sip-etag':
		case 'sip-if-match': {
			// The 2xx that issued the tag, and the PUBLISHes that name it, where the trace holds
			// not the PUBLISH the 2xx answered (it starts after it).
			const issuer = message.method === 'PUBLISH' ? etagIssuer(analysis, i) : null;
			const unseen = issuer !== null && index.requestOf(issuer) === null ? issuer : null;
			const origin = unseen ?? (message.kind === 'response' ? i : null);
			const namers = origin !== null ? etagNamers(analysis, origin) : [];
			found = [
				...publication(),
				...(namers.length ? [origin!, ...namers.flatMap((n) => [n, ...publication(n)])] : []),
			];
			break;
		}
		default:
			if (
				message.method === 'PUBLISH' ||
				(message.cseq?.method === 'PUBLISH' && message.kind === 'response')
			) {
				const publish = message.kind === 'request' ? i : index.requestOf(i);
				found = [...publication(), ...(publish != null ? index.notifiesOf(publish) : [])];
			} else if (index.subscriptionOf(i)) {
				found = subscription();
			} else {
				found = transaction();
			}
	}
	return [...new Set(found.length ? found : [i])].sort((a, b) => a - b);
}

function sameCallId(analysis: TraceAnalysis, callId: string): number[] {
	return [...messagesWithCallId(analysis, callId)];
}

export function provideReferences(
	doc: TraceDocument,
	position: Position,
	includeDeclaration: boolean,
): Location[] {
	const offset = toOffset(doc, position);
	const message = messageAt(doc.analysis, offset);
	if (!message) return [];
	return relatedMessages(doc.analysis, message, offset)
		.filter((i) => includeDeclaration || i !== message.index)
		.map((i) => startLineLocation(doc, i));
}
