import type { Location, Position } from 'vscode-languageserver';
import {
	etagIssuer,
	findHeader,
	headerAt,
	messageAt,
	onBody,
	subscribeOfNotify,
} from '../core/query';
import { inDialogOrigin } from '../core/inDialogOrigin';
import { tuplePublisher } from './composition';
import type { SipMessage, TraceAnalysis } from '../core/model';
import type { TraceDocument } from '../traceDocument';
import { startLineLocation, toOffset } from './convert';
import { isNotify } from '../core/parser/methods';

/**
 * Where a message "comes from", following SIP's own links, by the position in the message:
 * - in the body of a NOTIFY: the accepted PUBLISH whose state it carries (on a tuple of a NOTIFY
 *   composed from several publications, the PUBLISH that gave that tuple);
 * - on SIP-If-Match: the PUBLISH whose 2xx issued that entity-tag (the 2xx, where the trace holds
 *   it and not its PUBLISH);
 * - on an INVITE's Replaces, or a REFER's Refer-To that carries one: the request that created the
 *   dialog it names (RFC 3891);
 * - elsewhere: the response's request; the NOTIFY's SUBSCRIBE; the 401/407 that a retry answers;
 *   the PUBLISH a refresh continues; the request that created an in-dialog request's dialog,
 *   and for an ACK to a 2xx the INVITE it acknowledges, each on the request's own hop;
 *   the INVITE of a CANCEL or an ACK for a non-2xx; for an INVITE with Replaces that is none of
 *   these (its first copy), the request that created the dialog it replaces.
 */
export function definitionTarget(
	analysis: TraceAnalysis,
	message: SipMessage,
	offset: number,
): number | null {
	const index = analysis.index;
	const i = message.index;
	if (isNotify(message.method) && onBody(message, offset, analysis.text)) {
		// On a tuple of a composed NOTIFY: the PUBLISH of the device that gave it.
		const publish = tuplePublisher(analysis, message, offset) ?? index.publishOf(i);
		if (publish != null) return publish;
	}
	const header = headerAt(message, offset, analysis.text);
	if (header?.key === 'sip-if-match') {
		const issuer = etagIssuer(analysis, i);
		if (issuer != null) return issuer;
	}
	if (header?.key === 'replaces' || header?.key === 'refer-to') {
		const replaced = index.replacedDialog(i);
		if (replaced) return replaced.creator;
	}
	if (message.kind === 'response') return index.requestOf(i);
	const challenge = index.challengeOf(i);
	if (challenge != null) return challenge;
	if (isNotify(message.method)) {
		const subscribe = subscribeOfNotify(analysis, i);
		if (subscribe != null && subscribe !== i) return subscribe;
	}
	if (message.method === 'PUBLISH' && findHeader(message, 'sip-if-match')) {
		const issuer = etagIssuer(analysis, i);
		if (issuer != null) return issuer;
	}
	const related = index.transactionOf(i)?.relatedInvite;
	if (related != null && related !== i) return related;
	const original = index.originalOf(i);
	if (original != null) return original;
	const dialog = index.dialogOf(i);
	if (dialog && dialog.creator !== i) return inDialogOrigin(analysis, dialog, message);
	return index.replacedDialog(i)?.creator ?? null;
}

export function provideDefinition(doc: TraceDocument, position: Position): Location | null {
	const offset = toOffset(doc, position);
	const message = messageAt(doc.analysis, offset);
	if (!message) return null;
	const target = definitionTarget(doc.analysis, message, offset);
	return target == null ? null : startLineLocation(doc, target);
}
