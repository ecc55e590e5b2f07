import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { parseNameAddr } from '../../parser/nameAddr';
import { toTagOf } from '../../parser/sipMessage';
import { splitValues } from '../../parser/split';
import { isMaskedUri, parseUri, sameTarget } from '../../parser/uri';
import { nameCodeOf } from '../../parser/headerNames';
import { indexWithin } from '../../text/search';
import { lintProblem } from '../codes';
import { hasText, valueOf } from './addresses';
import { schemeOf } from './addressScheme';

/** Requests that can make a dialog (RFC 3261 §12.1; RFC 6665 §4.1.2, RFC 3515 §2.4.4). */
const dialogMaking: ReadonlySet<string> = new Set(['INVITE', 'SUBSCRIBE', 'REFER']);

/**
 * "The Contact header field MUST be present and contain exactly one SIP or SIPS URI in any request
 * that can result in the establishment of a dialog" (RFC 3261 §8.1.1.8): it becomes the remote
 * target of every request the other side sends in the dialog, which can have but one. Several
 * Contacts, or one that is no SIP URI (`tel:`, `mailto:`), leave the UAS no target to take.
 */
export function checkDialogContact(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (m.kind !== 'request' || !dialogMaking.has(m.method ?? '') || m.cutShort) return;
	let count = 0;
	let first = -1;
	let notSip: string | null = null;
	const text = analysis.text;
	for (let i = 0, n = m.headerCount; i < n; i++) {
		if (m.headerCode(i) !== contactCode) continue;
		if (first < 0) first = i;
		const start = m.headerValueStart(i);
		const end = m.headerValueEnd(i);
		// Nearly every Contact is one address on its line: read where it stands, not split.
		if (indexWithin(text, ',', start, end) < 0 && indexWithin(text, '\n', start, end) < 0) {
			if (hasText(text, start, end)) count++;
			notSip ??= otherScheme(text, start, end);
			continue;
		}
		const v = valueOf(analysis, m, i);
		for (const [from, to] of splitValues(v.text, v.from, v.to)) {
			count++;
			notSip ??= otherScheme(v.text, from, to);
		}
	}
	// No Contact, or an empty one: header.missing-contact and header.empty-contact say so.
	if (count === 1 && notSip === null) {
		checkSipsContact(analysis, m, first, out);
		return;
	}
	if (count === 0) return;
	out.push(
		lintProblem(
			'contact.not-one-sip-uri',
			{ start: m.headerValueStart(first), end: m.headerValueEnd(first) },
			count > 1
				? `This ${m.method} carries ${count} Contact addresses: a request that can make a dialog gives exactly one SIP or SIPS URI (RFC 3261 §8.1.1.8), the one target of the requests sent in the dialog.`
				: `This ${m.method}'s Contact is a ${notSip}: URI: a request that can make a dialog gives a SIP or SIPS URI (RFC 3261 §8.1.1.8), the target of the requests sent in the dialog.`,
		),
	);
}

const contactCode = nameCodeOf('contact');

/**
 * "If the Request-URI or top Route header field value contains a SIPS URI, the Contact header
 * field MUST contain a SIPS URI as well" (RFC 3261 §8.1.1.8): a `sip:` Contact asks the peer to
 * send the dialog's requests without TLS end to end, which the caller asked for.
 */
function checkSipsContact(
	analysis: TraceAnalysis,
	m: SipMessage,
	position: number,
	out: Problem[],
): void {
	const requestSips = /^sips:/i.test(m.requestUri ?? '');
	if (!requestSips) return;
	const v = valueOf(analysis, m, position);
	const lt = v.text.indexOf('<', v.from);
	const uri = v.text.slice(lt >= 0 && lt < v.to ? lt + 1 : v.from, v.to).trimStart();
	if (!/^sip:/i.test(uri)) return;
	out.push(
		lintProblem(
			'contact.not-sips',
			{ start: m.headerValueStart(position), end: m.headerValueEnd(position) },
			`The Request-URI is a SIPS URI and this ${m.method}'s Contact a SIP one: with a SIPS Request-URI the Contact is a SIPS URI too (RFC 3261 §8.1.1.8), or the requests the peer sends in the dialog go without TLS end to end.`,
		),
	);
}

/** The scheme of the Contact value [from, to) when it is known and no SIP one, else null. */
function otherScheme(text: string, from: number, to: number): string | null {
	const scheme = schemeOf(text, from, to);
	return scheme !== null && scheme !== 'sip' && scheme !== 'sips' ? scheme : null;
}

/**
 * A response that makes a dialog gives the UAS's own address in Contact, the target of the
 * caller's later requests in it (RFC 3261 §12.1.1, §12.2.1.1). One whose Contact is the very URI
 * the request gave (a GB/T 28181 device's 200 to SUBSCRIBE) sends every refresh, re-INVITE or BYE
 * back to the caller itself, where it finds no dialog and is answered 481.
 */
export function checkAnswerContact(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (m.kind !== 'response' || m.status === null || m.status <= 100 || m.status >= 300) return;
	if (!dialogMaking.has(m.cseq?.method ?? '') || !toTagOf(m)) return;
	const request = analysis.index.requestOf(m.index);
	if (request === null) return;
	const theirs = contactAt(analysis, analysis.messages[request]!);
	if (theirs === null) return;
	const ours = contactAt(analysis, m);
	if (ours === null || !sameAddress(ours.uri, theirs.uri)) return;
	out.push(
		lintProblem(
			'response.contact-is-requester',
			ours.span,
			`This ${m.status}'s Contact is the ${m.cseq!.method}'s own (${theirs.uri}): a response that makes a dialog gives the UAS's address, the target of the requests the caller sends in it (RFC 3261 §12.1.1, §12.2.1.1); they would go back to the caller.`,
			[{ span: theirs.span, message: `The ${m.cseq!.method}'s Contact` }],
		),
	);
}

/** The URI of the message's one Contact and where its value stands; null for none or several. */
function contactAt(
	analysis: TraceAnalysis,
	m: SipMessage,
): { uri: string; span: { start: number; end: number } } | null {
	let found: { uri: string; span: { start: number; end: number } } | null = null;
	const text = analysis.text;
	for (let i = 0, n = m.headerCount; i < n; i++) {
		if (m.headerCode(i) !== contactCode) continue;
		if (found) return null;
		const start = m.headerValueStart(i);
		const end = m.headerValueEnd(i);
		if (indexWithin(text, ',', start, end) >= 0 || indexWithin(text, '\n', start, end) >= 0)
			return null;
		const uri = bracketedUri(text, start, end) ?? parseNameAddr(text, start, end)?.uri;
		if (!uri || isMaskedUri(uri)) return null;
		found = { uri, span: { start, end } };
	}
	return found;
}

/** The URI between the value's `<` and `>` where it has them and no quote, or null. */
function bracketedUri(text: string, start: number, end: number): string | null {
	let lt = start;
	while (lt < end && text.charCodeAt(lt) !== 60) {
		if (text.charCodeAt(lt) === 34) return null;
		lt++;
	}
	if (lt >= end) return null;
	let gt = lt + 1;
	while (gt < end && text.charCodeAt(gt) !== 62) gt++;
	return gt < end ? text.slice(lt + 1, gt) : null;
}

/** Both URIs parsed, the same target (see {@link sameTarget}). */
function sameAddress(a: string, b: string): boolean {
	// Their hosts told apart without parsing first: nearly every answer's Contact is another's.
	if (hostOf(a) !== hostOf(b)) return false;
	const x = parseUri(a);
	const y = parseUri(b);
	return !!x && !!y && x.host !== '' && y.host !== '' && sameTarget(x, y);
}

/** The URI's host as written, lower-cased: after `@` (or the scheme), up to a port or parameter. */
function hostOf(uri: string): string {
	const at = uri.indexOf('@');
	let from = at >= 0 ? at + 1 : uri.indexOf(':') + 1;
	let to = from;
	if (uri.charCodeAt(from) === 91) to = uri.indexOf(']', from) + 1 || uri.length;
	else while (to < uri.length && !':;?>'.includes(uri[to]!)) to++;
	if (to <= from) from = to;
	return uri.slice(from, to).toLowerCase();
}
