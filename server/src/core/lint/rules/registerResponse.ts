import type { Problem, SipMessage, SipUri, TraceAnalysis } from '../../model';
import { findUnquoted, parseNameAddr } from '../../parser/nameAddr';
import { splitValues } from '../../parser/split';
import { isMaskedUri, parseUri, sameTarget } from '../../parser/uri';
import { indexWithin } from '../../text/search';
import { lintProblem } from '../codes';
import { valueOf } from './addresses';

/**
 * A registrar's 2xx lists every binding in Contact, each with the `expires` the registrar chose
 * (RFC 3261 §10.3 step 8): the UA learns from it when to refresh. A UA falls back on the Expires
 * header (§10.2.4), so a binding without either leaves it to guess, and a WebSocket client that
 * guesses wrong lets its registration lapse.
 */
export function checkRegisterBindings(
	analysis: TraceAnalysis,
	m: SipMessage,
	out: Problem[],
): void {
	if (m.kind !== 'response' || m.status === null || m.status < 200 || m.status > 299) return;
	if (m.cseq?.method !== 'REGISTER' || m.expires !== null || m.cutShort) return;
	for (let i = 0, n = m.headerCount; i < n; i++) {
		if (m.headerKey(i) !== 'contact') continue;
		const v = valueOf(analysis, m, i);
		for (const [from, to] of splitValues(v.text, v.from, v.to)) {
			if (hasExpires(v.text, from, to)) continue;
			out.push(
				lintProblem(
					'register.2xx-contact-without-expires',
					{ start: m.headerValueStart(i), end: m.headerValueEnd(i) },
					'A 2xx to REGISTER gives each binding its `expires` parameter (RFC 3261 §10.3 step 8), or an Expires header the UA falls back on (§10.2.4): with neither, the UA cannot tell when its registration lapses.',
				),
			);
			return;
		}
	}
}

/** Does the Contact value [from, to) carry an `expires` parameter (after its URI's `>`)? */
function hasExpires(text: string, from: number, to: number): boolean {
	const lt = findUnquoted(text, from, to, 60 /* < */);
	const gt = lt < 0 ? -1 : text.indexOf('>', lt);
	const params = text.slice(gt < 0 || gt > to ? from : gt + 1, to).toLowerCase();
	return /;\s*expires\s*=/.test(params);
}

/**
 * A registrar's 2xx lists every current binding (RFC 3261 §10.3 step 8), the ones the REGISTER
 * just added among them: a UA looks for its own Contact there to learn its registration took and
 * when it lapses (§10.2.4). A binding the REGISTER added (not one it removed with `expires=0` or
 * `Expires: 0`) missing from the 2xx is said: a registrar that stored another address (a Contact
 * rewritten for NAT) or listed none. Compared as RFC 3261 §19.1.4 leniently: scheme, user, host
 * and port, parameters aside.
 */
export function checkRegisterListsBinding(
	analysis: TraceAnalysis,
	m: SipMessage,
	out: Problem[],
): void {
	if (m.kind !== 'response' || m.status === null || m.status < 200 || m.status > 299) return;
	if (m.cseq?.method !== 'REGISTER' || m.cutShort) return;
	const at = analysis.index.requestOf(m.index);
	if (at === null) return;
	const request = analysis.messages[at]!;
	if (request.cutShort || request.method !== 'REGISTER') return;
	// Nearly always the 2xx lists the one binding as the REGISTER wrote it: found so without
	// reading either message's Contacts.
	if (listedAsWritten(analysis.text, request, m)) return;
	const added = contactsOf(analysis, request).filter(
		(c) => c.expires !== 0 && (c.expires !== null || request.expires !== 0),
	);
	if (added.length === 0) return;
	const listed = contactsOf(analysis, m);
	// A binding that could not be read (a poster's mask, a quoted URI parameter) may be it.
	if (listed.unread) return;
	const missing = added.find((c) => !listed.some((l) => sameTarget(l.uri, c.uri)));
	if (!missing) return;
	// The same user at another address: the registrar stored the address the REGISTER came from
	// in the Contact's place (a NAT fix applied before saving), not the binding as sent.
	const rewritten =
		missing.uri.user === null
			? undefined
			: listed.find((l) => l.uri.user === missing.uri.user && l.uri.scheme === missing.uri.scheme);
	out.push(
		lintProblem(
			'register.2xx-missing-binding',
			m.startLine,
			listed.length === 0
				? `This ${m.status} to REGISTER lists no binding: a registrar's 2xx gives every current binding in Contact, the REGISTER's own (${missing.text}) among them (RFC 3261 §10.3 step 8), which the UA looks for to learn its registration took (§10.2.4).`
				: rewritten
					? `This ${m.status} to REGISTER lists the binding the REGISTER added (${missing.text}) rewritten, as ${rewritten.text}: the registrar stored another address in the Contact's place (a NAT fix applied before saving; RFC 5626's outbound and a \`received\` kept beside it leave the Contact as sent), where a 2xx gives every binding as registered (RFC 3261 §10.3 step 8) and the UA looks for its own there (§10.2.4).`
					: `This ${m.status} to REGISTER does not list the binding the REGISTER added (${missing.text}): a registrar's 2xx gives every current binding in Contact (RFC 3261 §10.3 step 8), and the UA looks for its own there to learn its registration took and when it lapses (§10.2.4).`,
			[{ span: request.startLine, message: 'The REGISTER' }],
		),
	);
}

interface Binding {
	readonly uri: SipUri;
	readonly text: string;
	/** The Contact's `expires` parameter; null where it has none. */
	readonly expires: number | null;
}

/**
 * The Contact addresses of `m` that could be read; `unread` where some could not (not `*`: a
 * masked or unparsable one).
 */
function contactsOf(analysis: TraceAnalysis, m: SipMessage): Binding[] & { unread?: true } {
	const found: Binding[] & { unread?: true } = [];
	for (let i = 0, n = m.headerCount; i < n; i++) {
		if (m.headerKey(i) !== 'contact') continue;
		const v = valueOf(analysis, m, i);
		for (const [from, to] of splitValues(v.text, v.from, v.to)) {
			const na = parseNameAddr(v.text, from, to);
			const uri = na && !isMaskedUri(na.uri) ? parseUri(na.uri) : null;
			if (!na || !uri || uri.host === '') {
				if (!isWildcardValue(v.text, from, to)) found.unread = true;
				continue;
			}
			const expires = na.params.get('expires');
			const seconds = expires != null && /^\d{1,10}$/.test(expires) ? Number(expires) : null;
			found.push({ uri, text: na.uri, expires: seconds });
		}
	}
	return found;
}

function isWildcardValue(text: string, from: number, to: number): boolean {
	return text.slice(from, to).trim() === '*';
}

/**
 * Does the REGISTER carry one Contact, its URI in `<>`, that a Contact of the 2xx holds as
 * written (`<` URI `>`)?
 */
function listedAsWritten(text: string, request: SipMessage, answer: SipMessage): boolean {
	let uri: string | null = null;
	for (let i = 0, n = request.headerCount; i < n; i++) {
		if (request.headerKey(i) !== 'contact') continue;
		if (uri !== null) return false;
		const start = request.headerValueStart(i);
		const end = request.headerValueEnd(i);
		// Searched within the value: a search on through the trace would make it quadratic.
		const lt = indexWithin(text, '<', start, end);
		const gt = lt < 0 ? -1 : indexWithin(text, '>', lt, end);
		if (gt < 0 || indexWithin(text, ',', gt, end) >= 0) return false;
		uri = text.slice(lt, gt + 1);
	}
	if (uri === null) return false;
	for (let i = 0, n = answer.headerCount; i < n; i++)
		if (
			answer.headerKey(i) === 'contact' &&
			indexWithin(text, uri, answer.headerValueStart(i), answer.headerValueEnd(i)) >= 0
		)
			return true;
	return false;
}
