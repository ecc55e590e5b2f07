import type { Problem, SipMessage, Span, TraceAnalysis } from '../../model';
import { lintProblem } from '../codes';
import { checkUri } from './uriParameters';
import { cutText, lineValueText } from '../../parser/joins';
import { findUnquoted } from '../../parser/nameAddr';
import { placeholderUri } from '../../parser/uriPlaceholder';
import { isJsWhiteSpace } from '../../text/whiteSpace';
import { indexWithin } from '../../text/search';
import { notSentProblem } from '../../parser/notSent';
import { splitValues } from '../../parser/split';
import { isWrittenPlaceholder } from '../placeholders';
import { isPacketText } from './viaTransport';

/**
 * Date in GMT, and the name-addr / addr-spec rules of RFC 3261 §20.10 and §25.1 met in the wild,
 * for the header at `position` of `m` (a Date when `isDate`, else a From, To or Contact). The
 * value is read where it stands in the trace: no header object or copy of it is made for the
 * nearly every value that is fine.
 */
export function checkAddressHeader(
	analysis: TraceAnalysis,
	m: SipMessage,
	position: number,
	isDate: boolean,
	out: Problem[],
): void {
	const { text, from, to, start, end } = valueOf(analysis, m, position);
	if (isDate) {
		if (!endsWithGmt(text, from, to))
			out.push(
				lintProblem(
					'header.bad-date',
					{ start, end },
					'Date must be an RFC 1123 date in GMT (RFC 3261 §20.17).',
				),
			);
		return;
	}
	// An empty Contact (From and To the parser judges): `*` or an address is its grammar.
	if (!hasText(text, from, to)) {
		if (m.headerKey(position) === 'contact') {
			const problem = lintProblem(
				'header.empty-contact',
				{ start: m.headerField(position).name.start, end },
				'Contact is empty: it holds an address, or `*` in a REGISTER that removes all bindings (RFC 3261 §20.10, §25.1).',
			);
			// As for a Route without brackets (below): a page that dropped every `<sip:...>`.
			out.push(asPageDropped(analysis, m, problem));
		}
		return;
	}
	if (m.headerKey(position) === 'contact') {
		if (isWildcard(text, from, to)) {
			checkWildcardContact(analysis, m, { start, end }, out);
			return;
		}
		checkTransportOutside(text, from, to, { start, end }, out);
		checkUnspecifiedHost(text, from, to, { start, end }, analysis.text, m, out);
		// `Contact: someone@10.226.203.42`: an address with no scheme is no URI (§25.1).
		if (noScheme(text, from, to)) {
			out.push(
				asPageDropped(
					analysis,
					m,
					lintProblem(
						'contact.no-uri',
						{ start, end },
						`Contact holds no URI (\`${text.slice(trimmedFrom(text, from, to), trimmedTo(text, from, to))}\`, no scheme): it is a name-addr or addr-spec, a URI with its \`sip:\` (RFC 3261 §20.10, §25.1); the peer has no address to send its requests to.`,
					),
				),
			);
			return;
		}
		if (nameBeforeBareUri(text, from, to))
			out.push(
				asPageDropped(
					analysis,
					m,
					lintProblem(
						'contact.name-without-brackets',
						{ start, end },
						'A display name stands before a URI without `<>`: with a display name, the URI goes in `<>` (RFC 3261 §25.1 name-addr); a parser that reads by the grammar rejects the Contact, or takes the name for the URI.',
					),
				),
			);
	}
	checkAddress(text, from, to, start, end, out, crossesLine(analysis.text, start, end));
	checkUri(text, from, to, false, { start, end }, out);
}

/**
 * `Contact: <sip:a@h>;transport=tcp`: `transport` is a URI parameter (RFC 3261 §19.1.1); after
 * the `>` it is a contact parameter no element reads (§20.10), so the peer's requests to this
 * Contact go over the URI's default transport, UDP, not the one the client meant.
 */
function checkTransportOutside(
	text: string,
	from: number,
	to: number,
	span: { start: number; end: number },
	out: Problem[],
): void {
	let at = indexWithin(text, 'transport', from, to);
	if (at < 0) at = indexWithin(text, 'TRANSPORT', from, to);
	if (at < 0) return;
	const lt = findUnquoted(text, from, to, 60 /* < */);
	// The URI's own `>`: the first one the value's end, a `;` or a `,` follows (a poster's
	// `<sip:1001@<host>:5060;transport=udp>` puts one inside it).
	let gt = lt < 0 ? -1 : indexIn(text, 62 /* > */, lt, to);
	while (gt >= 0 && !closesUri(text, gt, to)) gt = indexIn(text, 62, gt + 1, to);
	if (gt < 0 || at < gt || indexIn(text, 60, gt, at) >= 0) return;
	let before = at - 1;
	while (before > gt && isJsWhiteSpace(text.charCodeAt(before))) before--;
	let after = at + 9;
	while (after < to && isJsWhiteSpace(text.charCodeAt(after))) after++;
	if (text.charCodeAt(before) !== 59 || text.charCodeAt(after) !== 61) return;
	out.push(
		lintProblem(
			'contact.transport-outside-uri',
			span,
			"`transport` stands after the `>`, where it is a Contact parameter no element reads (RFC 3261 §20.10): as a URI parameter it goes inside the `<>` (§19.1.1), or requests to this Contact go over the URI's default transport.",
		),
	);
}

/**
 * A Contact at 0.0.0.0 or `[::]`: the unspecified address is never a destination (RFC 1122
 * §3.2.1.3, RFC 4291 §2.5.2), so the requests the peer sends to this Contact (RFC 3261
 * §8.1.1.8, §12.1) or a registrar's callers to the binding (§10.2.1) reach no one: a stack that
 * wrote the address it bound to (every interface) instead of one it can be reached at.
 */
function checkUnspecifiedHost(
	text: string,
	from: number,
	to: number,
	span: { start: number; end: number },
	trace: string,
	m: SipMessage,
	out: Problem[],
): void {
	const host = unspecifiedHost(text, from, to);
	// A message the program logged as not sent (Twinkle fills in its address as it sends).
	if (host === null || notSentProblem(trace, m.frame)) return;
	out.push(
		lintProblem(
			'contact.unspecified-address',
			span,
			`The Contact's host is ${host}, the unspecified address, which no packet can be sent to (RFC 1122 §3.2.1.3, RFC 4291 §2.5.2): the requests the peer sends to this Contact (RFC 3261 §8.1.1.8, §12.1), or to a binding it registers (§10.2.1), reach no one. The sender wrote the address it listens on (every interface), not one it can be reached at.`,
		),
	);
}

/**
 * The unspecified address, 0.0.0.0 or `[::]`, as the host of a URI in [from, to) (after the
 * user's `@` or the scheme's `:`, before a port, a parameter, the `>`), or null.
 */
function unspecifiedHost(text: string, from: number, to: number): string | null {
	let host = indexWithin(text, '0.0.0.0', from, to);
	let length = 7;
	if (host < 0) {
		host = indexWithin(text, '[::]', from, to);
		length = 4;
	}
	if (host < 0) return null;
	const before = text.charCodeAt(host - 1);
	const after = host + length < to ? text.charCodeAt(host + length) : 62;
	if (before !== 64 && before !== 58) return null;
	if (
		after !== 58 &&
		after !== 59 &&
		after !== 62 &&
		after !== 63 &&
		after !== 44 &&
		!isJsWhiteSpace(after)
	)
		return null;
	return text.slice(host, host + length);
}

/**
 * A Record-Route, Path or Service-Route at the unspecified address: the proxy that inserted it
 * wrote the address it listens on (a Kamailio on 0.0.0.0 without `advertise`), not one that
 * resolves to it (RFC 3261 §16.6 step 4, RFC 3327 §5.3, RFC 3608 §6): the requests routed
 * through it later (a dialog's BYE, an incoming call to the registered UA) reach no one.
 */
function checkUnspecifiedRoute(
	analysis: TraceAnalysis,
	m: SipMessage,
	name: string,
	text: string,
	from: number,
	to: number,
	span: { start: number; end: number },
	out: Problem[],
): void {
	if (name === 'Route') return;
	const host = unspecifiedHost(text, from, to);
	if (host === null || notSentProblem(analysis.text, m.frame)) return;
	out.push(
		lintProblem(
			'route.unspecified-address',
			span,
			`The ${name}'s host is ${host}, the unspecified address, which no packet can be sent to (RFC 1122 §3.2.1.3, RFC 4291 §2.5.2): the element that inserted it wrote the address it listens on, not one that resolves to it (RFC 3261 §16.6 step 4), and the requests later routed through it reach no one.`,
		),
	);
}

/**
 * `"Alice" sip:alice@host`: a quoted display name, then a URI with no `<` anywhere in the value
 * (outside quotes).
 */
function nameBeforeBareUri(text: string, from: number, to: number): boolean {
	let i = from;
	while (i < to && isJsWhiteSpace(text.charCodeAt(i))) i++;
	if (text.charCodeAt(i) !== 34 || findUnquoted(text, from, to, 60 /* < */) >= 0) return false;
	let close = i + 1;
	while (close < to && text.charCodeAt(close) !== 34)
		close += text.charCodeAt(close) === 92 ? 2 : 1;
	if (close >= to) return false;
	let u = close + 1;
	while (u < to && isJsWhiteSpace(text.charCodeAt(u))) u++;
	return u > close + 1 && /^(?:sips?|tel):/i.test(text.slice(u, Math.min(to, u + 5)));
}

/** Is [from, to) of `text` `*`, white space around it aside? */
function isWildcard(text: string, from: number, to: number): boolean {
	let i = from;
	while (i < to && isJsWhiteSpace(text.charCodeAt(i))) i++;
	if (text.charCodeAt(i) !== 42) return false;
	for (i++; i < to; i++) if (!isJsWhiteSpace(text.charCodeAt(i))) return false;
	return true;
}

/**
 * `Contact: *` removes every binding of a REGISTER's address of record, and is written only so:
 * alone, with Expires: 0 (RFC 3261 §10.2.2); a registrar answers 400 to one with another Contact
 * or another expiration time (§10.3 step 6). Outside REGISTER a Contact holds an address.
 */
function checkWildcardContact(
	analysis: TraceAnalysis,
	m: SipMessage,
	span: { start: number; end: number },
	out: Problem[],
): void {
	let why: string | null = null;
	if (m.kind !== 'request' || m.method !== 'REGISTER')
		why = `\`Contact: *\` is written in a REGISTER only, to remove all its bindings (RFC 3261 §10.2.2, §20.10): this ${m.kind === 'request' ? (m.method ?? 'request') : 'response'}'s Contact is an address.`;
	else {
		let contacts = 0;
		for (let i = 0, n = m.headerCount; i < n; i++)
			if (m.headerKey(i) === 'contact') {
				const v = valueOf(analysis, m, i);
				contacts += splitValues(v.text, v.from, v.to).length;
			}
		if (contacts > 1)
			why =
				'`Contact: *` is written alone: with another Contact the registrar answers 400 (RFC 3261 §10.2.2, §10.3 step 6).';
		else if (m.expires !== 0)
			why =
				m.expires === null
					? '`Contact: *` needs `Expires: 0` (RFC 3261 §10.2.2): without it the registrar answers 400 (§10.3 step 6).'
					: `\`Contact: *\` needs \`Expires: 0\`, not ${m.expires} (RFC 3261 §10.2.2): the registrar answers 400 (§10.3 step 6).`;
	}
	if (why !== null) out.push(lintProblem('contact.bad-wildcard', span, why));
}

function isEllipsis(text: string, from: number, to: number): boolean {
	const v = text.slice(from, Math.min(to, from + 8)).trim();
	return v === '...' || v === '…';
}

/** Does [from, to) hold more than white space? */
export function hasText(text: string, from: number, to: number): boolean {
	for (let i = from; i < to; i++) if (!isJsWhiteSpace(text.charCodeAt(i))) return true;
	return false;
}

/**
 * Route and Record-Route hold name-addrs only (RFC 3261 §25.1: `route-param = name-addr *( SEMI
 * rr-param )`): a URI without `<>` has its parameters (`;lr`) read as the header's, not the URI's,
 * so a loose router is taken for a strict one (§16.12).
 */
export function checkRouteHeader(
	analysis: TraceAnalysis,
	m: SipMessage,
	position: number,
	out: Problem[],
): void {
	const { text, from, to, start, end } = valueOf(analysis, m, position);
	// `Record-Route: ...` / `…`: an example's writer left the value out.
	if (isEllipsis(text, from, to)) return;
	const name = routeNames[m.headerKey(position)] ?? 'Route';
	// `Route:` with nothing after it: its grammar lists one address at least (§25.1), and a
	// strict parser (Kamailio's) drops the message.
	if (!hasText(text, from, to)) {
		// The trace's last line (a copy cut after the name): nothing to judge.
		if (onlyWhiteSpaceAfter(analysis.text, end)) return;
		const problem = lintProblem(
			'header.empty-route',
			{ start: m.headerField(position).name.start, end },
			`${name} is empty: it lists one address at least (RFC 3261 §25.1, §20.30, §20.34); a header with nothing to route by is left out, not sent empty.`,
		);
		out.push(asPageDropped(analysis, m, problem));
		return;
	}
	if (findUnquoted(text, from, to, 60 /* < */) < 0) {
		const problem = lintProblem(
			'header.route-needs-brackets',
			{ start, end },
			`${name} takes a name-addr: the URI must be written in <> (RFC 3261 §25.1), or its parameters (;lr) are read as the header's, not the URI's.`,
		);
		// No `<` anywhere in the message (no From, To or Contact in brackets either, no XML): a
		// web page that took each `<sip:...>` for an HTML tag and dropped its brackets. Said as
		// the copy's likely doing, not as the sender's fault.
		out.push(asPageDropped(analysis, m, problem));
	} else if (unclosedBracket(text, from, to)) {
		out.push(
			lintProblem(
				'header.bad-route',
				{ start, end },
				`${name} opens a \`<\` it does not close: its address is no name-addr (RFC 3261 §25.1, §20.34), and a parser that reads by the grammar rejects the message (400 Bad Request).`,
			),
		);
		return;
	}
	// Each address's brackets (a Route lists several), the first with white space said.
	for (let lt = findUnquoted(text, from, to, 60 /* < */); lt >= 0 && lt < to;) {
		const gt = indexIn(text, 62 /* > */, lt, to);
		if (gt < 0) break;
		const spaced =
			gt > lt + 1 && !wordsInPlace(text, lt + 1, gt)
				? spaceInBrackets(text, lt, gt, { start, end }, crossesLine(analysis.text, start, end))
				: null;
		if (spaced) {
			out.push(spaced);
			break;
		}
		// The URI's own `>` (a poster's `<sip:<server IP>;lr>` puts one inside it).
		let close = gt;
		while (close >= 0 && !closesUri(text, close, to)) close = indexIn(text, 62, close + 1, to);
		const next = close < 0 ? -1 : findUnquoted(text, close + 1, to, 60 /* < */);
		const outside = close < 0 ? null : routeParamOutside(text, lt, close, next < 0 ? to : next);
		if (outside !== null) {
			out.push(
				lintProblem(
					'route.param-outside-uri',
					{ start, end },
					outside === 'lr'
						? `\`lr\` stands after the \`>\`, where it is a ${name} parameter no element reads (RFC 3261 §25.1 rr-param): as the URI's parameter it goes inside the \`<>\` (§19.1.1), or the hop is taken for a strict router and its URI put in the Request-URI (§16.12, §12.2.1.1).`
						: outside === 'both'
							? `\`transport\` and \`lr\` stand after the \`>\`, where they are ${name} parameters no element reads (RFC 3261 §25.1 rr-param): as the URI's parameters they go inside the \`<>\` (§19.1.1), or the hop is taken for a strict router, its URI put in the Request-URI (§16.12, §12.2.1.1), and reached over the URI's default transport.`
							: `\`transport\` stands after the \`>\`, where it is a ${name} parameter no element reads (RFC 3261 §25.1 rr-param): as the URI's parameter it goes inside the \`<>\` (§19.1.1), or the request reaches that hop over the URI's default transport.`,
				),
			);
			break;
		}
		lt = next;
	}
	checkUnspecifiedRoute(analysis, m, name, text, from, to, { start, end }, out);
	checkUri(text, from, to, false, { start, end }, out);
}

/**
 * `lr` or `transport` written as a parameter of the route entry after the URI's `>` (up to the
 * `,` that ends the entry, before `end`) where the URI in [lt, gt] does not hold it: a proxy's
 * Record-Route written `<sip:p.example.com>;lr` makes every UA treat it as a strict router.
 */
function routeParamOutside(
	text: string,
	lt: number,
	gt: number,
	end: number,
): 'lr' | 'transport' | 'both' | null {
	const comma = findUnquoted(text, gt + 1, end, 44 /* , */);
	const stop = comma < 0 ? end : comma;
	// Another `>` before the entry ends: the first closed a placeholder (`<sip:<server IP>;lr>`).
	if (indexIn(text, 62 /* > */, gt + 1, stop) >= 0) return null;
	let lr = false;
	let transport = false;
	for (let semi = indexIn(text, 59 /* ; */, gt + 1, stop); semi >= 0;) {
		const following = indexIn(text, 59, semi + 1, stop);
		const name = paramName(text, semi + 1, following < 0 ? stop : following);
		if ((name === 'lr' || name === 'transport') && !uriHasParam(text, lt + 1, gt, name)) {
			if (name === 'lr') lr = true;
			else transport = true;
		}
		semi = following;
	}
	return lr && transport ? 'both' : lr ? 'lr' : transport ? 'transport' : null;
}

/** The lower-cased name of the parameter written in [from, to) (`name` or `name=value`). */
function paramName(text: string, from: number, to: number): string {
	const eq = indexIn(text, 61 /* = */, from, to);
	return text
		.slice(from, eq < 0 ? to : eq)
		.trim()
		.toLowerCase();
}

/** Does the URI in [from, to) carry the parameter `name` (before any `?` headers)? */
function uriHasParam(text: string, from: number, to: number, name: string): boolean {
	const q = indexIn(text, 63 /* ? */, from, to);
	const stop = q < 0 ? to : q;
	for (let semi = indexIn(text, 59, from, stop); semi >= 0;) {
		const following = indexIn(text, 59, semi + 1, stop);
		if (paramName(text, semi + 1, following < 0 ? stop : following) === name) return true;
		semi = following;
	}
	return false;
}

/**
 * An addr-spec without `<>` and without a scheme (`someone@10.226.203.42`, `alice@host;expires=60`):
 * no URI. Not a placeholder (`<user>@<host>` holds a `<`) nor a masked or elided value.
 */
function noScheme(text: string, from: number, to: number): boolean {
	const value = text.slice(trimmedFrom(text, from, to), trimmedTo(text, from, to));
	if (value === '' || value.length > 300 || /[<>"]/.test(value)) return false;
	if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) return false;
	return /^[^\s@;:,]+@[^\s@;,]+(?:;.*)?$/.test(value);
}

/** Where [from, to) starts and ends without its white space. */
function trimmedFrom(text: string, from: number, to: number): number {
	while (from < to && isJsWhiteSpace(text.charCodeAt(from))) from++;
	return from;
}
function trimmedTo(text: string, from: number, to: number): number {
	while (to > from && isJsWhiteSpace(text.charCodeAt(to - 1))) to--;
	return to;
}

const routeNames: Readonly<Record<string, string>> = {
	route: 'Route',
	'record-route': 'Record-Route',
	path: 'Path',
	'service-route': 'Service-Route',
};

/**
 * Does [from, to), which holds a `<` outside quotes, end in an address whose `<` no `>` closes?
 * (A poster's placeholder inside the brackets, `<sip:<server IP>;lr>`, closes them.)
 */
function unclosedBracket(text: string, from: number, to: number): boolean {
	if (findUnquoted(text, from, to, 60 /* < */) < 0) return false;
	return text.lastIndexOf('>', to - 1) < text.lastIndexOf('<', to - 1);
}

/**
 * A REFER's Refer-To with no value: it names nothing to refer to, as a REFER without one does
 * (RFC 3515 §2.1, §2.4.1). Where the message holds no `<`, a page most likely dropped the
 * `<sip:...>` it held (information).
 */
export function checkReferTo(
	analysis: TraceAnalysis,
	m: SipMessage,
	position: number,
	out: Problem[],
): void {
	if (m.method !== 'REFER') return;
	const { text, from, to, start, end } = valueOf(analysis, m, position);
	if (hasText(text, from, to)) {
		if (isEllipsis(text, from, to)) return;
		if (namesUri(text, from, to)) checkUri(text, from, to, false, { start, end }, out);
		else if (isWrittenPlaceholder(text, trimmedFrom(text, from, to), trimmedTo(text, from, to)))
			out.push({
				...lintProblem('header.bad-refer-to', { start, end }, ''),
				severity: 'information',
				message: `Refer-To as the example wrote it, its URI left open (\`${text.slice(trimmedFrom(text, from, to), trimmedTo(text, from, to))}\`): nothing to judge.`,
			});
		else
			out.push(
				asPageDropped(
					analysis,
					m,
					lintProblem(
						'header.bad-refer-to',
						{ start, end },
						'Refer-To names no URI (RFC 3515 §2.1: a name-addr or addr-spec, `<sip:...>`): the recipient has nothing to refer to and answers 400 Bad Request.',
					),
				),
			);
		return;
	}
	const problem = lintProblem(
		'header.missing-refer-to',
		{ start: m.headerField(position).name.start, end },
		'Refer-To is empty: it names nothing to refer to, and the recipient answers 400 Bad Request (RFC 3515 §2.1, §2.4.1).',
	);
	out.push(asPageDropped(analysis, m, problem));
}

/**
 * `problem` as it is, or, where no header of the message holds a `<` (no From, To or Contact in
 * brackets, no XML), said as the page's likely doing: it took each `<sip:...>` for an HTML tag.
 */
function asPageDropped(analysis: TraceAnalysis, m: SipMessage, problem: Problem): Problem {
	return holdsNoBracket(analysis, m)
		? { ...problem, severity: 'information', message: `${problem.message} ${pageDroppedThem}` }
		: problem;
}

/**
 * No `<` anywhere in the message (no From, To or Contact in brackets, no XML), where a page may
 * have taken them: not in a packet's own text, which is as sent (sipsak sends such messages).
 */
function holdsNoBracket(analysis: TraceAnalysis, m: SipMessage): boolean {
	const sip = m.frame.sip;
	return !isPacketText(m.frame) && indexWithin(analysis.text, '<', sip.start, sip.end) < 0;
}
const pageDroppedThem =
	'No header of this message holds a `<`: the page it was copied from most likely dropped them.';

/**
 * Header `position`'s value: [from, to) of `text`, read over a TCP segment boundary that cut the
 * line (tcpdump) from a copy if one did; [start, end) of the trace for a problem's span.
 */
export function valueOf(
	analysis: TraceAnalysis,
	m: SipMessage,
	position: number,
): { text: string; from: number; to: number; start: number; end: number } {
	const start = m.headerValueStart(position);
	const end = m.headerValueEnd(position);
	const cut = cutText(analysis.text, m.frame, start, end);
	if (cut !== null) return { text: cut.text, from: 0, to: cut.text.length, start, end };
	// A value over a line break (a fold, a copy's or a logger's cut): read joined, so that the
	// break, and the prefix a decorated line has, are not taken for the value's white space.
	// Searched within the value: a line of many messages is not searched to its end for each.
	if (indexWithin(analysis.text, '\n', start, end) < 0)
		return { text: analysis.text, from: start, to: end, start, end };
	const joined = lineValueText(analysis.text, m.frame, start, end);
	return { text: joined, from: 0, to: joined.length, start, end };
}

/** Does [start, end) of `text` end in `GMT`, white space after it aside (as `/GMT\s*$/`)? */
function endsWithGmt(text: string, start: number, end: number): boolean {
	let e = end;
	while (e > start && isJsWhiteSpace(text.charCodeAt(e - 1))) e--;
	// `time SP "GMT"` (RFC 3261 §25.1): `22:02:58GMT` is no date a strict parser reads.
	return (
		e - start >= 4 &&
		text.charCodeAt(e - 3) === 71 &&
		text.charCodeAt(e - 2) === 77 &&
		text.charCodeAt(e - 1) === 84 &&
		isJsWhiteSpace(text.charCodeAt(e - 4))
	);
}

/** The first white space in [start, end) before any `;`, or -1. */
function indexOfSpace(text: string, start: number, end: number): number {
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c === 59) return -1;
		if (isJsWhiteSpace(c)) return i;
	}
	return -1;
}

/** The first `c` in [start, end) of `text`, or -1: a search that never runs past the value. */
function indexIn(text: string, c: number, start: number, end: number): number {
	for (let i = start; i < end; i++) if (text.charCodeAt(i) === c) return i;
	return -1;
}

/**
 * The address value [start, end) of `text`; problems are reported on the span [spanStart,
 * spanEnd) of the trace, made only for a problem.
 */
function checkAddress(
	text: string,
	start: number,
	end: number,
	spanStart: number,
	spanEnd: number,
	out: Problem[],
	folded = false,
): void {
	// An example's placeholders (`sip:<user>@<host>`): the parser said so, nothing to judge.
	if (placeholderUri(text, start, end)) return;
	// A `<` inside a quoted parameter (`sip:a@b;+sip.instance="<urn:uuid:...>"`) opens nothing.
	const lt = findUnquoted(text, start, end, 60 /* < */);
	if (lt < 0) {
		// addr-spec: a URI with headers ("?") before any parameter must be written as <name-addr>.
		for (let i = start; i < end; i++) {
			const c = text.charCodeAt(i);
			if (c === 59 /* ; */) break;
			if (c === 63 /* ? */) {
				out.push(
					lintProblem(
						'header.addr-spec-needs-brackets',
						{ start: spanStart, end: spanEnd },
						'A URI with headers ("?") must be enclosed in <> (RFC 3261 §20.10).',
					),
				);
				break;
			}
		}
		// `sip:a@b tag=1`: a tag after white space, with no `;` before it, is no parameter of the
		// addr-spec (RFC 3261 §25.1); a strict receiver sees no tag.
		const space = indexOfSpace(text, start, end);
		if (space > start && /^\s+tag=/i.test(text.slice(space, Math.min(end, space + 12))))
			out.push(
				lintProblem(
					'header.text-after-uri',
					{ start: spanStart, end: spanEnd },
					`"${text.slice(space, Math.min(end, space + 60)).trim()}" follows the URI without a ";" before it: it is no parameter (RFC 3261 §25.1): a receiver may not take it as the tag.`,
				),
			);
		return;
	}
	// A display name written before `<` without quotes may hold no special character. Most values
	// start with `<` or a quoted name: nothing more is read for them.
	// A quoted one may have its quotes escaped, as a JSON string keeps the message (`\"Alice\"`).
	if (lt > start && text.charCodeAt(start) !== 34 && !text.startsWith('\\"', start)) {
		let s = start;
		let e = lt;
		while (s < e && isJsWhiteSpace(text.charCodeAt(s))) s++;
		while (e > s && isJsWhiteSpace(text.charCodeAt(e - 1))) e--;
		if (s < e && text.charCodeAt(s) !== 34 && hasSpecial(text, s, e)) {
			out.push(
				lintProblem(
					'header.unquoted-display-name',
					{ start: spanStart, end: spanEnd },
					`The display name ${text.slice(s, e)} has special characters and must be quoted (RFC 3261 §25.1).`,
				),
			);
		}
	}
	const gt = indexIn(text, 62 /* > */, lt, end);
	// After `>` only parameters follow, each after `;` (from-param, to-param, contact-params): a
	// `tag=...` written without it is no tag to a strict receiver (the analysis still reads it, to
	// match the dialog the sender meant). The URI ends at the first `>` that the value's end, a `;`
	// or a `,` follows: a poster's `<removed>` inside it is not its end.
	if (gt > lt && !closesUri(text, gt, end)) {
		let close = gt + 1;
		while (close < end && !(text.charCodeAt(close) === 62 && closesUri(text, close, end))) close++;
		if (close >= end) {
			let i = gt + 1;
			while (i < end && isJsWhiteSpace(text.charCodeAt(i))) i++;
			let e = end;
			while (e > i && isJsWhiteSpace(text.charCodeAt(e - 1))) e--;
			const after = text.slice(i, Math.min(e, i + 60));
			out.push(
				lintProblem(
					'header.text-after-uri',
					{ start: spanStart, end: spanEnd },
					`"${after}" follows the <URI> without a ";" before it: it is no parameter (RFC 3261 §25.1)${/^tag=/i.test(after) ? ': a receiver may not take it as the tag' : ''}.`,
				),
			);
		}
	}
	if (gt > lt && closesUri(text, gt, end)) {
		const stray = bracketAmongParams(text, gt + 1, end);
		if (stray >= 0)
			out.push(
				lintProblem(
					'header.text-after-uri',
					{ start: spanStart, end: spanEnd },
					`A "${text[stray]}" stands among the parameters after the <URI> (\`${text.slice(gt + 1, Math.min(end, stray + 1, gt + 61)).trim()}\`): no parameter holds one (RFC 3261 §25.1 generic-param), and a strict parser (pjsip's) refuses the header.`,
				),
			);
	}
	// A page's words in the address's place (Joomla's `<sip: This e-mail address is being
	// protected from spambots. ...>`): no URI a sender wrote, its spaces not judged.
	if (gt > lt + 1 && wordsInPlace(text, lt + 1, gt)) return;
	const spaced =
		gt > lt + 1 ? spaceInBrackets(text, lt, gt, { start: spanStart, end: spanEnd }, folded) : null;
	if (spaced) out.push(spaced);
}

/**
 * White space inside the `<>` at `lt` and `gt` around a URI: next to the brackets, or inside the
 * URI after a `;` or around an `=` (`<sip:a@h; comp=sigcomp>`, `<sip:p.example;  lr>`): no
 * SIP-URI holds any (RFC 3261 §25.1), and a strict parser rejects the header. A poster's
 * placeholder inside it (`<sip:1001@<client ip>>`) is no such space. Null when there is none.
 */
function spaceInBrackets(
	text: string,
	lt: number,
	gt: number,
	span: Span,
	/** The value runs over a line break in the trace (a fold, or a copy's wrap read as one). */
	crossesLine = false,
): Problem | null {
	if (isJsWhiteSpace(text.charCodeAt(lt + 1)) || isJsWhiteSpace(text.charCodeAt(gt - 1)))
		return lintProblem(
			'header.space-in-brackets',
			span,
			'No white space is allowed inside <> around a URI (RFC 3261 §25.1).',
		);
	const space = spaceInParams(text, lt + 1, gt);
	if (space < 0) return null;
	const shown = text.slice(Math.max(lt + 1, space - 12), Math.min(gt, space + 12));
	// The value goes on over a line break in the trace and the URI holds one space: the fold
	// is that space, a page's wrap (MS-SIP's examples at 50 columns, indented). No sender folds
	// a header inside a URI; a copy that wraps long lines does.
	if (crossesLine && singleSpace(text, lt + 1, gt))
		return {
			...lintProblem(
				'header.space-in-brackets',
				span,
				`A line break inside the URI ("${shown}"): a copy wrapped the line there, read joined; no sender folds a header inside a URI (RFC 3261 §25.1).`,
			),
			severity: 'information',
		};
	return lintProblem(
		'header.space-in-brackets',
		span,
		`White space inside the URI ("${shown}"): a SIP URI holds none (RFC 3261 §25.1).`,
	);
}

/** Does the trace's [start, end) run over a line break? */
function crossesLine(text: string, start: number, end: number): boolean {
	const lf = text.indexOf('\n', start);
	return lf >= 0 && lf < end;
}

/** Does [start, end) hold exactly one run of white space? */
function singleSpace(text: string, start: number, end: number): boolean {
	let runs = 0;
	for (let i = start; i < end; i++)
		if (isJsWhiteSpace(text.charCodeAt(i)) && !isJsWhiteSpace(text.charCodeAt(i - 1))) runs++;
	return runs === 1;
}

/**
 * Where a `<` or `>` stands, outside quotes, among the parameters from `from` (after a URI's `>`)
 * up to the next address (an unquoted `,`) or `end`; -1 where none does.
 */
function bracketAmongParams(text: string, from: number, end: number): number {
	let quoted = false;
	for (let i = from; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c === 34) quoted = !quoted;
		else if (quoted) continue;
		else if (c === 44) return -1;
		else if (c === 60 || c === 62) return i;
	}
	return -1;
}

/** Does [start, end) hold no `@` and four words or more: a page's text, not a URI? */
function wordsInPlace(text: string, start: number, end: number): boolean {
	if (end - start < 20 || indexIn(text, 64 /* @ */, start, end) >= 0) return false;
	let words = 0;
	for (let i = start + 1; i < end; i++)
		if (isJsWhiteSpace(text.charCodeAt(i - 1)) && !isJsWhiteSpace(text.charCodeAt(i))) words++;
	return words >= 4;
}

/**
 * Where white space stands next to a `;`, an `=` or an `@`, or right after the scheme, in the URI
 * [start, end) (a parameter written `; comp=sigcomp`, `lr = 1`; `sip: 122@host`), or -1; -1 also
 * for a URI with a placeholder (`<`) or a quote.
 */
function spaceInParams(text: string, start: number, end: number): number {
	// Most URIs hold no white space: one pass settles them.
	let found = -1;
	for (let i = start + 1; i < end - 1 && found < 0; i++) {
		if (!isJsWhiteSpace(text.charCodeAt(i))) continue;
		const before = text.charCodeAt(i - 1);
		const after = text.charCodeAt(i + 1);
		if (
			before === 59 ||
			before === 61 ||
			after === 61 ||
			before === 64 ||
			after === 64 ||
			// Right after the scheme (`<sip: 122@host>`).
			(before === 58 && text.lastIndexOf(':', i - 2) < start)
		)
			found = i;
	}
	if (found < 0) return -1;
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c === 60 || c === 34) return -1;
	}
	return found;
}

/** Is the `>` at `at` followed (after white space) by the value's end, a `;` or a `,`? */
function closesUri(text: string, at: number, end: number): boolean {
	let i = at + 1;
	while (i < end && isJsWhiteSpace(text.charCodeAt(i))) i++;
	return i >= end || text.charCodeAt(i) === 59 || text.charCodeAt(i) === 44;
}

/**
 * Does [start, end) hold an ASCII character that is neither a token's (RFC 3261 §25.1: letters,
 * digits, `-.!%*_+\`'~`) nor white space (`1111#15122033884`, `Alice, Bob`)? Other octets
 * (UTF-8 names) are left alone: a receiver that takes unquoted UTF-8 is the rule, not a fault worth
 * a warning on every such name.
 */
function hasSpecial(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c < 128 && nonToken[c] === 1) return true;
	}
	return false;
}
/** By ASCII code: 1 for a character that is neither a token's nor white space. */
const nonToken = new Uint8Array(128);
for (let c = 33; c < 127; c++)
	if (!/[A-Za-z0-9\-.!%*_+`'~]/.test(String.fromCharCode(c))) nonToken[c] = 1;

/** Nothing but white space from `at` to the trace's end (read up to the first other character). */
function onlyWhiteSpaceAfter(text: string, at: number): boolean {
	for (let i = at; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return false;
	}
	return true;
}

/**
 * Does [from, to) read as a name-addr or addr-spec: a URI with its scheme (`sip:`, `tel:`,
 * `https:`), bare or in `<>` after a display name, the `<>` closed? A tutorial's placeholder
 * (`(whatever URI)`) or a bare name does not.
 */
function namesUri(text: string, from: number, to: number): boolean {
	let s = from;
	while (s < to && isJsWhiteSpace(text.charCodeAt(s))) s++;
	const lt = findUnquoted(text, s, to, 60 /* < */);
	if (lt >= 0) {
		if (findUnquoted(text, lt + 1, to, 62 /* > */) < 0) return false;
		s = lt + 1;
	}
	return schemeAt(text, s, to);
}

/** Does a URI scheme and its colon start at `at` (RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ))? */
function schemeAt(text: string, at: number, to: number): boolean {
	for (let i = at; i < to; i++) {
		const c = text.charCodeAt(i) | 0x20;
		if (c >= 97 && c <= 122) continue;
		const d = text.charCodeAt(i);
		if (i > at && ((d >= 48 && d <= 57) || d === 43 || d === 45 || d === 46)) continue;
		return d === 58 && i > at;
	}
	return false;
}
