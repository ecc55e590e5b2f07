import type { Problem, SipMessage, SipUri, TraceAnalysis } from '../../model';
import { nameCodeOf } from '../../parser/headerNames';
import { parseNameAddr } from '../../parser/nameAddr';
import { fromTagOf, toTagOf, viaCountOf } from '../../parser/sipMessage';
import { isMaskedUri, parseUri, sameTarget } from '../../parser/uri';
import { indexWithin } from '../../text/search';
import { lintProblem } from '../codes';
import { valueOf } from './addresses';
import { endedUnanswered } from './inDialog';
import { swappedTags } from './cseqOrder';

const contactCode = nameCodeOf('contact');
const routeCode = nameCodeOf('route');

/**
 * A request inside a dialog is sent to the dialog's remote target, the URI of the peer's Contact
 * (RFC 3261 §12.2.1.1; the ACK to a 2xx too, §13.2.2.4): a BYE sent to the To URI or to the
 * original Request-URI goes where the peer may not be (a proxy that answers 481, a UA behind
 * NAT that never sees it). Judged where the trace shows the request as its UA sent it (one Via:
 * a proxy further on may rewrite the Request-URI, a NAT helper's alias) and shows the peer's
 * Contact; not where the first Route is a strict router's (its URI goes in the Request-URI).
 * Any Contact the peer gave in the dialog counts (a target refresh, a copy a proxy rewrote).
 */
export function checkRemoteTargets(analysis: TraceAnalysis, out: Problem[]): void {
	const { messages, index } = analysis;
	for (const dialog of index.dialogs) {
		// Made once a dialog, when first needed: a subscription's thousands of NOTIFYs are each
		// looked up, not each compared with every message of the dialog.
		let written: Map<string, Set<string>> | null = null;
		let targets: Map<string, { at: number; uri: SipUri }[]> | null = null;
		for (const i of dialog.messages) {
			const m = messages[i]!;
			if (i === dialog.creator || m.kind !== 'request' || m.cutShort || !m.requestUri) continue;
			if (m.method === 'CANCEL' || index.originalOf(i) !== null) continue;
			// An ACK to a non-2xx is the INVITE's transaction's, sent to its Request-URI.
			if (m.method === 'ACK' && index.transactionOf(i)?.relatedInvite != null) continue;
			// A NOTIFY whose SUBSCRIBE the trace lacks: that SUBSCRIBE, a target refresh request
			// (RFC 6665 makes SUBSCRIBE one; a KPML subscription inside a call's dialog), may have given
			// another Contact than the ones the trace shows.
			if (m.method === 'NOTIFY' && index.subscriptionOf(i)?.creator === null) continue;
			if (endedUnanswered(analysis, dialog, i)) continue;
			// Sent with the tags swapped (said so): its To tag is its sender's own, no peer's.
			if (swappedTags(analysis).has(i)) continue;
			const peer = toTagOf(m);
			if (!peer || !fromTagOf(m) || viaCountOf(m) !== 1 || strictlyRouted(analysis, m)) continue;
			// Nearly always the Request-URI is the Contact's URI as the peer wrote it: found so
			// without parsing the dialog's Contacts.
			written ??= writtenContacts(analysis, dialog.messages);
			if (written.get(peer)?.has(m.requestUri)) continue;
			targets ??= contactsByTag(analysis, dialog.messages);
			const known = targets.get(peer);
			const uri = parseUri(m.requestUri);
			if (!known || !uri || uri.host === '' || isMaskedUri(m.requestUri)) continue;
			// A GRUU or an outbound flow's Contact is resolved by the peer's home proxy (RFC 5627
			// §5.1, RFC 5626 §5.3): the request may already carry the address it resolved to.
			if (known.some((k) => resolvedByProxy(k.uri))) continue;
			if (known.some((target) => sameTarget(uri, target.uri))) continue;
			// The target named is the last Contact the peer gave before this request (one in the
			// answer to this very BYE is no target it could have used).
			let contact = known[known.length - 1]!.uri;
			for (const k of known) if (k.at < i) contact = k.uri;
			out.push(
				lintProblem(
					'dialog.request-uri-not-target',
					m.requestUriSpan ?? m.startLine,
					`This ${m.method} is sent inside a dialog, so its Request-URI is the remote target, the URI of the peer's Contact (${uriText(contact)}), not ${m.requestUri} (RFC 3261 §12.2.1.1): sent elsewhere it may never reach the peer.`,
				),
			);
		}
	}
}

/**
 * The Contact URIs each side of the dialog gave, as written (inside `<>`, or bare up to its
 * parameters), by that side's tag (see {@link contactsByTag}).
 */
function writtenContacts(
	analysis: TraceAnalysis,
	list: readonly number[],
): Map<string, Set<string>> {
	const text = analysis.text;
	const byTag = new Map<string, Set<string>>();
	for (const i of list) {
		const m = analysis.messages[i]!;
		const tag = m.kind === 'request' ? fromTagOf(m) : m.kind === 'response' ? toTagOf(m) : null;
		if (!tag) continue;
		for (let k = 0, n = m.headerCount; k < n; k++) {
			if (m.headerCode(k) !== contactCode) continue;
			const start = m.headerValueStart(k);
			const end = m.headerValueEnd(k);
			let from = start;
			while (from < end && text.charCodeAt(from) !== 60) from++;
			let to: number;
			if (from < end) {
				to = ++from;
				while (to < end && text.charCodeAt(to) !== 62) to++;
			} else {
				from = start;
				to = from;
				while (to < end && text.charCodeAt(to) !== 59 && text.charCodeAt(to) !== 32) to++;
			}
			const known = byTag.get(tag);
			const uri = text.slice(from, to);
			if (known) known.add(uri);
			else byTag.set(tag, new Set([uri]));
		}
	}
	return byTag;
}

/**
 * The Contact URIs each side of the dialog gave, by that side's tag: a request's is its sender's
 * (From tag), a response's its responder's (To tag).
 */
function contactsByTag(
	analysis: TraceAnalysis,
	list: readonly number[],
): Map<string, { at: number; uri: SipUri }[]> {
	const byTag = new Map<string, { at: number; uri: SipUri }[]>();
	for (const i of list) {
		const m = analysis.messages[i]!;
		const tag = m.kind === 'request' ? fromTagOf(m) : m.kind === 'response' ? toTagOf(m) : null;
		if (!tag) continue;
		const uri = contactOf(analysis, m);
		if (!uri) continue;
		const known = byTag.get(tag);
		if (known) known.push({ at: i, uri });
		else byTag.set(tag, [{ at: i, uri }]);
	}
	return byTag;
}

/** The URI of the message's one Contact address; null for none, several, or a masked one. */
function contactOf(analysis: TraceAnalysis, m: SipMessage): SipUri | null {
	let found: SipUri | null = null;
	for (let i = 0, n = m.headerCount; i < n; i++) {
		if (m.headerCode(i) !== contactCode) continue;
		if (found) return null;
		// Read joined where a copy or a log cut the value over lines.
		const v = valueOf(analysis, m, i);
		if (indexWithin(v.text, ',', v.from, v.to) >= 0) return null;
		const na = parseNameAddr(v.text, v.from, v.to);
		if (!na || isMaskedUri(na.uri)) return null;
		found = parseUri(na.uri);
		if (!found || found.host === '') return null;
	}
	return found;
}

/** Is the first Route a strict router's (no `lr`)? Then its URI is the Request-URI (§16.12). */
function strictlyRouted(analysis: TraceAnalysis, m: SipMessage): boolean {
	for (let i = 0, n = m.headerCount; i < n; i++) {
		if (m.headerCode(i) !== routeCode) continue;
		const v = valueOf(analysis, m, i);
		const na = parseNameAddr(v.text, v.from, v.to);
		const route = na ? parseUri(na.uri) : null;
		return !route || !route.params.has('lr');
	}
	return false;
}

function resolvedByProxy(contact: SipUri): boolean {
	const p = contact.params;
	return p.has('gr') || p.has('gruu') || p.has('opaque') || p.has('ob');
}

/** The URI as a Request-URI would carry it: its parameters too (`;transport=UDP`). */
function uriText(u: SipUri): string {
	let params = '';
	for (const [name, value] of u.params) params += value === null ? `;${name}` : `;${name}=${value}`;
	return `${u.scheme}:${u.user !== null ? `${u.user}@` : ''}${u.host}${u.port !== null ? `:${u.port}` : ''}${params}`;
}
