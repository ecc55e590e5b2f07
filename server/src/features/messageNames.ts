import { splitValues } from '../core/parser/split';
import { aorOf, methodOf, userOf } from '../core/query';
import type { SipMessage, TraceAnalysis } from '../core/model';
import { dialogStateOf, presenceOf } from './presence';
import { registrationOf } from './registration';
import { bodyText } from '../core/bodies/bodyText';
import { decodeSipfrag } from '../core/bodies/sipfrag';
import { decodeMessageSummary, newMessages } from '../core/bodies/messageSummary';
import { watchersSummary } from './watchers';
import { listSummary } from './resourceLists';
import { isNotify } from '../core/parser/methods';

/**
 * `NOTIFY active (busy)`, `NOTIFY active (bob: confirmed)`, `200 OK`,
 * `PUBLISH presence (busy: "In a meeting")`, `NOTIFY active (messages waiting: 2 new)`,
 * `NOTIFY active (alice active, 2 contacts)`, `NOTIFY active (watchers: andrew pending)`,
 * `NOTIFY active (list v3 partial: linda open: "Back")`: how a message reads in the outline.
 */
export function messageTitle(analysis: TraceAnalysis, message: SipMessage): string {
	if (message.kind === 'response') {
		// Without a CSeq (a cut excerpt) the method it answers is unknown: left out, not `(?)`.
		const method = methodOf(message);
		return (
			`${message.status ?? '?'} ${message.reason ?? ''}`.trim() + (method ? ` (${method})` : '')
		);
	}
	if (message.kind === 'invalid') return 'unparsed message';
	const method = message.method ?? '?';
	const parts: string[] = [method];
	if (isNotify(method) && message.subscriptionState) parts.push(message.subscriptionState.state);
	if ((method === 'PUBLISH' || method === 'SUBSCRIBE') && message.event)
		parts.push(message.event.package);
	// Expires: 0 ends what the request would refresh (RFC 6665 §4.1.2.3, RFC 3903 §4.5, RFC 3261 §10.2.2).
	if (message.expires === 0 && method !== 'REGISTER') {
		if (method === 'SUBSCRIBE') parts.push('(unsubscribe)');
		else if (method === 'PUBLISH') parts.push('(remove)');
	}
	if (method === 'REGISTER' && unregisters(analysis, message)) parts.push('(unregister)');
	const presence = isNotify(method) || method === 'PUBLISH' ? presenceOf(analysis, message) : null;
	if (presence) parts.push(`(${presence})`);
	const registration =
		isNotify(method) || method === 'PUBLISH' ? registrationOf(analysis, message) : null;
	if (registration) parts.push(`(${registration})`);
	const dialogs =
		isNotify(method) || method === 'PUBLISH' ? dialogStateOf(analysis, message) : null;
	if (dialogs) parts.push(`(${dialogs})`);
	const fragment = isNotify(method) ? sipfragStatus(analysis, message) : null;
	if (fragment) parts.push(`(${fragment})`);
	const waiting =
		isNotify(method) || method === 'PUBLISH' ? messagesWaiting(analysis, message) : null;
	if (waiting) parts.push(`(${waiting})`);
	// Watcher information (RFC 3857): who watches the resource, as this NOTIFY tells it.
	const watchers = isNotify(method) ? watchersSummary(analysis, message) : null;
	if (watchers) parts.push(`(${watchers})`);
	// A resource list (RFC 4662): the list's version and each resource's state.
	const list = isNotify(method) ? listSummary(analysis, message) : null;
	if (list) parts.push(`(${list})`);
	return parts.join(' ');
}

/**
 * The status line a message/sipfrag body starts with, as `200 OK` (RFC 3420): in a NOTIFY of a
 * REFER's implicit subscription, how the request the REFER asked for is doing (RFC 3515 §2.4.5).
 */
export function sipfragStatus(analysis: TraceAnalysis, message: SipMessage): string | null {
	if (message.contentType !== 'message/sipfrag') return null;
	const { fragment } = decodeSipfrag(bodyText(analysis.text, message));
	if (fragment.status === null) return null;
	return `${fragment.status}${fragment.reason ? ` ${fragment.reason}` : ''}`;
}

/**
 * What a message-summary body says (RFC 3842 §5.2), as `messages waiting: 3 new, 1 urgent`
 * (the new messages over every class) or `no messages waiting`; null for another body.
 */
export function messagesWaiting(analysis: TraceAnalysis, message: SipMessage): string | null {
	if (message.contentType !== 'application/simple-message-summary') return null;
	const { summary } = decodeMessageSummary(bodyText(analysis.text, message));
	if (summary.waiting === false) return 'no messages waiting';
	if (summary.waiting === null) return null;
	const counts = newMessages(summary);
	return counts ? `messages waiting: ${counts}` : 'messages waiting';
}

/**
 * `REFER bob -> alice (Refer-To carol)` for a REFER's implicit subscription (RFC 3515 §2.4.4):
 * who asked whom to send a request to whom.
 */
export function referTitle(analysis: TraceAnalysis, refer: SipMessage): string {
	const from = userOf(aorOf(refer.from?.uri ?? null)) ?? '?';
	const to = userOf(aorOf(refer.requestUri)) ?? userOf(aorOf(refer.to?.uri ?? null)) ?? '?';
	const header = refer.header('refer-to');
	let target = '?';
	if (header) {
		const value = analysis.text.slice(header.value.start, header.value.end).trim();
		const open = value.indexOf('<');
		const close = value.indexOf('>', open + 1);
		const uri = open >= 0 && close > open ? value.slice(open + 1, close) : value.split(';')[0]!;
		target = userOf(aorOf(uri)) ?? uri;
	}
	return `REFER ${from} -> ${to} (Refer-To ${target})`;
}

/** `presence andrew -> linda` for a subscription creator. */
export function subscriptionTitle(
	event: string,
	watcher: string | null,
	resource: string | null,
): string {
	return `SUBSCRIBE ${event} ${userOf(aorOf(watcher)) ?? '?'} -> ${userOf(aorOf(resource)) ?? '?'}`;
}

// `;expires=0` among a Contact's parameters (after its URI's closing bracket, if any).
const expiresZero = /;\s{0,8}expires\s{0,8}=\s{0,8}0{1,10}\s{0,8}(?:;|$)/i;

/**
 * A REGISTER that removes bindings (RFC 3261 §10.2.2): `Expires: 0` with no Contact of its own
 * expiry, `Contact: *`, or `expires=0` on every Contact.
 */
function unregisters(analysis: TraceAnalysis, message: SipMessage): boolean {
	let contacts = 0;
	let removed = 0;
	for (const h of message.headers) {
		if (h.key !== 'contact') continue;
		for (const [s, e] of splitValues(analysis.text, h.value.start, h.value.end)) {
			const value = analysis.text.slice(s, e).trim();
			contacts++;
			const params = value.slice(value.lastIndexOf('>') + 1);
			if (value === '*' || expiresZero.test(params)) removed++;
			else if (/;\s{0,8}expires\s{0,8}=/i.test(params)) return false;
		}
	}
	return contacts > 0 ? removed === contacts || message.expires === 0 : message.expires === 0;
}
