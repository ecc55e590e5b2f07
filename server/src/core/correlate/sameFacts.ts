import type { SipMessage, Via } from '../model';
import { textOf } from '../parser/joins';
import { fromTagOf, toTagOf, viaCountOf, viaReadingOf } from '../parser/sipMessage';
import { carriesBody } from './carriesBody';
import { listMembers } from './listMembers';
import { bodyText } from '../bodies/bodyText';
import { upperMethod } from './lists';
import { stateTokens } from './stateTokens';

/**
 * The headers a pass of the index finds by name, beyond those the parser reads into fields:
 * whether a retry carries credentials and the nonces of credentials and challenges
 * (authRetries.ts), where a SIP-If-Match problem points (publications.ts), what an INVITE's
 * Replaces or a REFER's Refer-To names (parser/replaces.ts).
 */
const namedHeaders: readonly string[] = [
	'authorization',
	'proxy-authorization',
	'www-authenticate',
	'proxy-authenticate',
	'sip-if-match',
	'replaces',
	'refer-to',
];

/**
 * Does message `b` (of `bText`) give the correlation index all that `a` (of `aText`) gave it?
 * When every message an edit read again does, and the count of messages is the same, the
 * index of the text before the edit holds for the text after it (`movedIndex`): its passes read
 * nothing else of a message, and compare what they read by value, never by where it stands.
 *
 * Keep in step with `correlate/`: a pass that reads something more of a message (a field, a
 * header, a parser helper, the frame) must have it compared here, or an edit of it alone would
 * keep an index that no longer holds. Each line names its readers; a value read only to be
 * tested (a body's length, a header's presence) could be compared for that alone, but the
 * comparison stays whole where it costs nothing (only the few messages an edit read again are
 * compared).
 */
export function sameCorrelationFacts(
	aText: string,
	a: SipMessage,
	bText: string,
	b: SipMessage,
): boolean {
	return (
		// Every pass keys its arrays by it.
		a.index === b.index &&
		// messageFacts (method codes); requestOf and responsesOf of the answers; replacesOf.
		a.kind === b.kind &&
		// messageFacts, transactions (other methods), authRetries, subscriptionDialogs, replacesOf.
		a.method === b.method &&
		// subscriptions (the resource), publications (the entity).
		a.requestUri === b.requestUri &&
		// messageFacts (challenges), subscriptions and publications (2xx, refusals).
		Object.is(a.status, b.status) &&
		// messageFacts (calls), transactions (RFC 2543 keys, forwarded copies), dialogs.
		a.callId === b.callId &&
		// messageFacts (a response's method), transactions, authRetries, subscriptions (REFER ids).
		sameCSeq(a, b) &&
		// messageFacts (tags: transactions, dialogs, authRetries, subscriptions), and the URIs
		// subscriptions take their watcher and resource from.
		fromTagOf(a) === fromTagOf(b) &&
		toTagOf(a) === toTagOf(b) &&
		(a.from?.uri ?? null) === (b.from?.uri ?? null) &&
		(a.to?.uri ?? null) === (b.to?.uri ?? null) &&
		// transactions: the top Via (the key) and the second (forwardedFrom), all compared.
		sameVias(a, b) &&
		// subscriptions (package and id), publications (package).
		(a.event?.package ?? null) === (b.event?.package ?? null) &&
		(a.event?.id ?? null) === (b.event?.id ?? null) &&
		// subscriptions: activation, expiry, termination and its reason.
		sameSubscriptionState(a, b) &&
		// subscriptions (a 2xx's expiry), publications (removal), fanOut (a publication's life).
		Object.is(a.expires, b.expires) &&
		// publications: the entity-tags issued and named.
		a.sipETag === b.sipETag &&
		a.sipIfMatch === b.sipIfMatch &&
		// publications (a modify or removal, not a refresh), fanOut (a NOTIFY with a state): both
		// ask only whether a body was carried (its text, or a positive Content-Length).
		carriesBody(a) === carriesBody(b) &&
		// fanOut: a resource list's NOTIFY (multipart/related) carries the members its RLMI names.
		a.contentType === b.contentType &&
		sameListMembers(aText, a, bText, b) &&
		// fanOut: which state a PUBLISH published and a NOTIFY sent before its 2xx carries.
		sameStateTokens(aText, a, bText, b) &&
		// order (chronological), subscriptions and fanOut (expiry times, clocks without a date).
		Object.is(a.frame.epochMicros, b.frame.epochMicros) &&
		a.frame.time === b.frame.time &&
		namedHeaders.every((key) => sameRows(aText, a, bText, b, key))
	);
}

/** The members a list NOTIFY's RLMI gives a part, compared for multipart/related bodies only. */
function sameListMembers(aText: string, a: SipMessage, bText: string, b: SipMessage): boolean {
	if (a.contentType !== 'multipart/related') return true;
	const x = listMembers(bodyText(aText, a));
	const y = listMembers(bodyText(bText, b));
	return x.length === y.length && x.every((uri, k) => uri === y[k]);
}

/** The texts of a PUBLISH's or NOTIFY's document ({@link stateTokens}), for those two alone. */
function sameStateTokens(aText: string, a: SipMessage, bText: string, b: SipMessage): boolean {
	const method = a.kind === 'request' ? upperMethod(a.method ?? '') : '';
	if ((method !== 'PUBLISH' && method !== 'NOTIFY') || !carriesBody(a)) return true;
	const x = stateTokens(bodyText(aText, a));
	const y = stateTokens(bodyText(bText, b));
	if (x.size !== y.size) return false;
	for (const token of x) if (!y.has(token)) return false;
	return true;
}

function sameCSeq(a: SipMessage, b: SipMessage): boolean {
	const x = a.cseq;
	const y = b.cseq;
	if (x === null || y === null) return x === y;
	return Object.is(x.seq, y.seq) && x.method === y.method;
}

/** Every Via, every value but its span (the index reads the branch and sent-by of two). */
function sameVias(a: SipMessage, b: SipMessage): boolean {
	const n = viaCountOf(a);
	if (n !== viaCountOf(b)) return false;
	for (let i = 0; i < n; i++) if (!sameVia(viaReadingOf(a, i), viaReadingOf(b, i))) return false;
	return true;
}

function sameVia(x: Via | undefined, y: Via | undefined): boolean {
	if (x === undefined || y === undefined) return x === y;
	return (
		x.protocol === y.protocol &&
		x.transport === y.transport &&
		x.sentBy === y.sentBy &&
		x.branch === y.branch &&
		x.received === y.received &&
		x.rport === y.rport
	);
}

function sameSubscriptionState(a: SipMessage, b: SipMessage): boolean {
	const x = a.subscriptionState;
	const y = b.subscriptionState;
	if (x === null || y === null) return x === y;
	return (
		x.state === y.state &&
		Object.is(x.expires, y.expires) &&
		x.reason === y.reason &&
		Object.is(x.retryAfter, y.retryAfter)
	);
}

/** The rows of header `key` in both messages: as many, each with the same name and value text. */
function sameRows(
	aText: string,
	a: SipMessage,
	bText: string,
	b: SipMessage,
	key: string,
): boolean {
	let p = 0;
	let q = 0;
	for (;;) {
		while (p < a.headerCount && a.headerKey(p) !== key) p++;
		while (q < b.headerCount && b.headerKey(q) !== key) q++;
		if (p === a.headerCount || q === b.headerCount)
			return p === a.headerCount && q === b.headerCount;
		const x = a.headerField(p);
		const y = b.headerField(q);
		if (
			textOf(aText, a.frame, x.name.start, x.name.end) !==
				textOf(bText, b.frame, y.name.start, y.name.end) ||
			textOf(aText, a.frame, x.value.start, x.value.end) !==
				textOf(bText, b.frame, y.value.start, y.value.end)
		)
			return false;
		p++;
		q++;
	}
}
