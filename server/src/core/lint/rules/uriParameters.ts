import type { Problem, SipMessage } from '../../model';
import { findUnquoted } from '../../parser/nameAddr';
import { toTagOf } from '../../parser/sipMessage';
import { lintProblem } from '../codes';

/*
 * What a URI says wrong, in a Request-URI and in the URI of From, To, Contact, Route,
 * Record-Route and Refer-To: a transport RFC 7118 does not define, a parameter named twice, a
 * password, a host of numbers that is no IPv4 address. Every address header of a trace is read
 * here: each value is sliced once, and each check looks for its cue with a plain search first.
 */

type Span = { start: number; end: number };

/**
 * The URI checks on a header's value [from, to) of `text`, its URI in brackets, or on a
 * Request-URI (`bare`: the whole value). Problems are put on `span`.
 */
export function checkUri(
	text: string,
	from: number,
	to: number,
	bare: boolean,
	span: Span,
	out: Problem[],
): void {
	const value = text.slice(from, Math.min(to, from + 2000));
	checkWsTransport(value, span, out);
	const uri = bare ? value.trim() : bracketed(value);
	if (uri === null) return;
	checkUriParameterNames(uri, span, out);
	checkUriUserAndHost(uri, span, out);
}

/** The Request-URI's checks, on the URI as read (a hex dump's or a cut line's span is not it). */
export function checkRequestUri(m: SipMessage, out: Problem[]): void {
	const span = m.requestUriSpan;
	const uri = m.requestUri;
	if (!span || uri === null) return;
	const from = out.length;
	checkUri(uri, 0, uri.length, true, span, out);
	// Inside a dialog (a To tag) the Request-URI is the remote target, copied from the peer's
	// Contact (RFC 3261 §12.2.1.1): a `transport=wss` in it is that Contact's, not this sender's.
	if (out.length > from && toTagOf(m) !== null)
		for (let i = from; i < out.length; i++)
			if (out[i]!.code === 'uri.transport-wss')
				out[i] = {
					...out[i]!,
					message: `${out[i]!.message} This request is sent inside a dialog: its Request-URI is the remote target the peer gave in its Contact (RFC 3261 §12.2.1.1), which is where it was written.`,
				};
	if (m.method === 'REGISTER') checkRegisterUri(uri, span, out);
}

const gbServerId = /^\d{20}$/;

/**
 * A REGISTER's Request-URI names the registrar's domain: "the userinfo and @ components of the
 * SIP URI MUST NOT be present" (RFC 3261 §10.2). Registrars mostly take one anyway, so it is a
 * warning: a strict one answers 400 or routes the request to a user.
 */
function checkRegisterUri(uri: string, span: Span, out: Problem[]): void {
	const colon = uri.indexOf(':');
	const scheme = colon < 0 ? '' : uri.slice(0, colon).toLowerCase();
	if (scheme !== 'sip' && scheme !== 'sips') return;
	const at = uri.indexOf('@', colon);
	if (at < 0) return;
	// A `@` among the parameters or headers (`;maddr=`, `?x=a@b`) is none of the user part's.
	const semi = uri.indexOf(';', colon);
	const question = uri.indexOf('?', colon);
	if ((semi >= 0 && semi < at) || (question >= 0 && question < at)) return;
	// GB/T 28181 has its devices register to the server's 20-digit ID as the user part: a
	// convention of its own, not judged.
	if (gbServerId.test(uri.slice(colon + 1, at))) return;
	out.push(
		lintProblem(
			'register.uri-has-user',
			span,
			`A REGISTER's Request-URI names the registrar's domain, without user or @ (RFC 3261 §10.2): "${uri.slice(colon + 1, at)}@" names a user; the address registered is To's.`,
		),
	);
}

/** What every `<...>` of a value holds (a Route lists several), joined; null for none. */
function insideBrackets(value: string): string | null {
	let open = findUnquoted(value, 0, value.length, 60 /* < */);
	if (open < 0) return null;
	let inside = '';
	while (open >= 0) {
		const close = value.indexOf('>', open + 1);
		if (close < 0) return inside + value.slice(open + 1);
		inside += `${value.slice(open + 1, close)} `;
		open = value.indexOf('<', close + 1);
	}
	return inside;
}

/** The URI inside a value's `<...>` (a quoted display name's `<` aside), or null. */
function bracketed(value: string): string | null {
	const open = findUnquoted(value, 0, value.length, 60 /* < */);
	if (open < 0) return null;
	const close = value.indexOf('>', open + 1);
	return close < 0 ? null : value.slice(open + 1, close);
}

/**
 * `;transport=wss` in a SIP URI: RFC 7118 §5.2 registers `ws` alone as the URI's transport, for
 * WebSocket and secure WebSocket both (a `sips` URI asks for the secure one); `WSS` belongs in Via
 * only (§5.3). RFC 3261's grammar lets any token stand there, but a server that knows only the
 * registered values (Asterisk, Kazoo's Kamailio) finds no transport for such a URI and fails or
 * misroutes the request to it: a usual cause of a browser client's failed calls.
 */
function checkWsTransport(value: string, span: Span, out: Problem[]): void {
	if (value.length < 15) return;
	const at = value.indexOf(';');
	if (at < 0 || (value.indexOf('wss', at) < 0 && value.indexOf('WSS', at) < 0)) return;
	// A quoted parameter's value (OpenSIPS's `;received="sip:a:56949;transport=WSS"`) is an
	// opaque string, no URI the sender offers.
	// After a `<...>`'s `>` it is the header's parameter, no URI's (route.param-outside-uri and
	// contact.transport-outside-uri say so).
	const uri = insideBrackets(value) ?? value;
	if (!wssParam.test(uri.indexOf('"') < 0 ? uri : unquotedPart(uri))) return;
	out.push(
		lintProblem(
			'uri.transport-wss',
			span,
			'`transport=wss` is no registered URI transport: RFC 7118 §5.2 defines `ws` for WebSocket and secure WebSocket both (a sips URI asks for TLS), and WSS is written in Via only (§5.3). A receiver that knows only the registered values cannot tell how to reach this URI.',
		),
	);
}
/** `value` with each quoted string's content left out (an unclosed one to the end). */
function unquotedPart(value: string): string {
	let out = '';
	let from = 0;
	for (let i = value.indexOf('"'); i >= 0; i = value.indexOf('"', from)) {
		out += value.slice(from, i + 1);
		let j = i + 1;
		while (j < value.length && value.charCodeAt(j) !== 34) j += value.charCodeAt(j) === 92 ? 2 : 1;
		from = Math.min(j, value.length);
		if (from >= value.length) return out;
		out += '"';
		from++;
	}
	return out + value.slice(from);
}
const wssParam = /;[ \t]*transport[ \t]*=[ \t]*wss(?![\w.!%*+`'~-])/i;

/**
 * A URI parameter with no name (`;;`: RFC 3261 §25.1's uri-parameter has one), and one named
 * twice (Flexisip's `;pn-silent=1;pn-silent=1`): "any given parameter-name MUST NOT appear more
 * than once" (RFC 3261 §19.1.1); a receiver may take either value, or refuse the URI. An addr-spec outside brackets has its parameters read as the
 * header's (§20): only a bracketed URI's, or a Request-URI's, are counted.
 */
function checkUriParameterNames(uri: string, span: Span, out: Problem[]): void {
	// A user part may hold `;` (RFC 3261 §25.1 user-unreserved: RFC 4475's `intmeth` has `;;`
	// there): parameters follow the host.
	const semi = uri.indexOf(';', uri.indexOf('@') + 1);
	if (semi < 0 || uri.indexOf(';', semi + 1) < 0) return;
	const question = uri.indexOf('?', semi);
	const params = uri.slice(semi + 1, question < 0 ? uri.length : question);
	// A page's character references (`&#x6f;`) end in `;`: no parameters to count.
	if (params.includes('&') && htmlReference.test(uri)) return;
	const seen = new Set<string>();
	let empty = false;
	for (const param of params.split(';')) {
		const name = param.split('=', 1)[0]!.trim().toLowerCase();
		if (name === '') {
			if (!empty)
				out.push(
					lintProblem(
						'uri.empty-parameter',
						span,
						'The URI has an empty parameter (`;;`, or a `;` at its end): each `;` is followed by a parameter name (RFC 3261 §19.1.1, §25.1 uri-parameter), and a strict parser refuses the URI.',
					),
				);
			empty = true;
			continue;
		}
		if (!seen.has(name)) {
			seen.add(name);
			continue;
		}
		out.push(
			lintProblem(
				'uri.duplicate-parameter',
				span,
				`The URI names its parameter "${name}" twice: any given parameter name must not appear more than once (RFC 3261 §19.1.1), and a receiver may take either value or refuse the URI.`,
			),
		);
		return;
	}
}
const htmlReference = /&(?:#x?[0-9a-f]{1,6}|[a-z]{2,8});/i;
const placeholder = /<[^<>"@]{1,60}>/g;

/**
 * A SIP URI's user part with a password (`sip:user1:pass1@host`), which RFC 3261 §19.1.1
 * recommends against; and a host of numbers alone that is no IPv4 address (`sip:2002`,
 * Sipdroid's Refer-To naming an extension with no domain; `sip:100@192.168.1`): a host is an
 * IPv4 address of four numbers, an IPv6 reference, or a name whose last label starts with a
 * letter (§25.1), so the receiver resolves it to nothing and refuses the request. A name with a
 * label of digits elsewhere is not judged, nor a ten-digit GB28181 domain (a convention of its
 * devices).
 */
function checkUriUserAndHost(uri: string, span: Span, out: Problem[]): void {
	const colon = uri.indexOf(':');
	if (colon !== 3 && colon !== 4) return;
	const scheme = uri.slice(0, colon).toLowerCase();
	if (scheme !== 'sip' && scheme !== 'sips') return;
	const at = uri.lastIndexOf('@');
	// A user part with a quote, a `<` or an `@` is no user part: a display name or a second
	// URI run into the URI (sipvicious' `--fromname`), not a password after its colon.
	const user = at > colon ? uri.slice(colon + 1, at) : '';
	// A poster's placeholder or mask in the user (`sip:<username-B>@host`, `sip:8<removed>@host`)
	// is no character of it.
	const own = user.includes('<') ? user.replace(placeholder, '') : user;
	const foreign = /</.exec(own) ?? /"/.exec(own) ?? /@/.exec(own);
	if (foreign)
		out.push(
			lintProblem(
				'uri.bad-user',
				span,
				`The URI's user part holds \`${foreign[0]}\` (\`${user}\`), which a SIP URI never holds unescaped (RFC 3261 §25.1): the header runs a display name or another URI into its URI, and a parser refuses it.`,
			),
		);
	else if (at > colon && uri.indexOf(':', colon + 1) > 0 && uri.indexOf(':', colon + 1) < at)
		out.push(
			lintProblem(
				'uri.password',
				span,
				'The URI carries a password (`user:password@`): RFC 3261 §19.1.1 recommends against it, since every header that carries the URI sends it in the clear.',
			),
		);
	// The host read once, as numbers and dots: each part's value and length on the way (no
	// string made for the IPv4 addresses nearly every trace's URIs hold).
	const hostStart = at > colon ? at + 1 : colon + 1;
	if (at > colon && !foreign) checkUser(uri, colon + 1, at, span, out);
	// `sip:+159.65.244.171:5061` (a Record-Route so written): a `+` opens a telephone number's
	// user part, never a host; without its `@` the URI names no host at all.
	if (uri.charCodeAt(hostStart) === 43) {
		let e = hostStart + 1;
		while (e < uri.length && !hostEnd(uri.charCodeAt(e))) e++;
		out.push(badHost(uri.slice(hostStart, e), span));
		return;
	}
	let i = hostStart;
	let dots = 0;
	let part = 0;
	let digits = 0;
	let ipv4 = true;
	for (; i < uri.length; i++) {
		const c = uri.charCodeAt(i);
		if (c === 46) {
			if (digits === 0) ipv4 = false;
			dots++;
			part = 0;
			digits = 0;
		} else if (c >= 48 && c <= 57) {
			part = part * 10 + c - 48;
			if (++digits > 3 || part > 255) ipv4 = false;
		} else break;
	}
	// Not numbers alone: a name, an IPv6 reference, or nothing.
	if (i === hostStart || (i < uri.length && !hostEnd(uri.charCodeAt(i)))) {
		checkNamedHost(uri, hostStart, span, out);
		return;
	}
	// Dots alone (`sip:....`): a poster's ellipsis for what was left out, no host.
	if (dots === i - hostStart && dots >= 3) return;
	if ((dots === 3 && ipv4 && digits > 0) || (dots === 0 && i - hostStart > 6)) return;
	out.push(badHost(uri.slice(hostStart, i), span));
}

/**
 * A host that is a name, or an IPv6 address: an IPv6 address without its brackets (`sip:5353@
 * fdba:8d4a:6fa6::2019`, whose `:` read as the port's: OpenSIPS's "bad port in uri"), and a name
 * whose last label starts with a digit (`scscf.192.168.17.144`: RFC 3261 §25.1 toplabel). A
 * poster's mask (`xxx.xxx.xxx.157`, `10.*.*.5`) is no host to judge.
 */
function checkNamedHost(uri: string, hostStart: number, span: Span, out: Problem[]): void {
	if (uri.charCodeAt(hostStart) === 91) return; // `[`: an IPv6 reference
	// One walk over the host, no string made: most hosts are names whose last label starts with
	// a letter, settled here.
	let end = hostStart;
	let label = hostStart;
	let previous = hostStart;
	let hex = true;
	for (; end < uri.length; end++) {
		const c = uri.charCodeAt(end);
		if (isHostStop(c)) break;
		if (c === 46) {
			previous = label;
			label = end + 1;
		} else if (hex && !isHexDigit(c)) hex = false;
	}
	// A name ending in a dot (a fully qualified `host.example.`): its last label is before it.
	const top = label === end && label > hostStart ? previous : label;
	if (hex && end - hostStart <= 4 && uri.charCodeAt(end) === 58) {
		if (unbracketedIpv6.test(uri.slice(hostStart, end + 60)))
			out.push(
				lintProblem(
					'uri.unbracketed-ipv6',
					span,
					`The URI's host is an IPv6 address without its brackets ("${uri.slice(hostStart, end + 40).split(/[;?>]/)[0]}"): a SIP URI writes it as [address] (RFC 3261 §25.1 IPv6reference), else its colons read as a port's and a strict parser refuses the URI.`,
				),
			);
		return;
	}
	const first = uri.charCodeAt(top);
	if (top === hostStart || first < 48 || first > 57) return;
	const host = uri.slice(hostStart, end);
	if (!/[A-Za-z]/.test(host) || maskedHost.test(host) || maskedIpv4.test(host)) return;
	const last = host.endsWith('.') ? host.slice(0, -1) : host;
	if (/^[A-Za-z0-9-]+$/.test(last.slice(last.lastIndexOf('.') + 1))) out.push(badHost(host, span));
}
const isHexDigit = (c: number): boolean =>
	(c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
const isHostStop = (c: number): boolean => c === 58 || c === 59 || c === 63 || c === 62 || c <= 32;
// Hex groups with their colons, two colons in a row or four groups at least, before the end.
const unbracketedIpv6 = /^[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:[;?>\s]|$)/;
// A label a poster masked: `xxx`, `XX`, `*`, `?`, `#`, or a placeholder's letters.
const maskedHost = /(?:^|\.)(?:[xX*?#]+|[a-z]{1,3}[xX]{2,}|[nN]{2,})(?:\.|$)/;
// An IPv4 address some of whose digits a poster replaced by X's (`2XX.X1.1X7.1XX`).
const maskedIpv4 = /^[\dxX]{1,3}(?:\.[\dxX]{1,3}){3}$/;

/**
 * The user part [from, to): a `#` in it must be escaped as `%23` (RFC 3261 §25.1 user; a `#`
 * is not among its characters, as it is in a tel URI's), which SIP.js and other strict parsers
 * refuse the URI for. A `*97#` service code dialled as a SIP URI is the usual source.
 */
function checkUser(uri: string, from: number, to: number, span: Span, out: Problem[]): void {
	const hash = uri.indexOf('#', from);
	if (hash < 0 || hash >= to) return;
	// Parameters and headers before the `@` are not the user part's.
	const semi = uri.indexOf(';', from);
	if (semi >= 0 && semi < hash && uri.indexOf('=', semi) < hash) return;
	out.push(
		lintProblem(
			'uri.bad-user',
			span,
			`The URI's user part holds "#" (\`${uri.slice(from, to)}\`): it must be escaped as %23 (RFC 3261 §25.1, §19.1.2), and a strict parser (SIP.js's) refuses the URI.`,
		),
	);
}

function badHost(host: string, span: Span): Problem {
	return lintProblem(
		'uri.bad-host',
		span,
		`The URI's host "${host}" is no IPv4 address (four numbers up to 255) and no host name (whose last label starts with a letter, RFC 3261 §25.1): it names no host to send to.`,
	);
}

/** A character that ends a URI's host: its port's `:`, a parameter's `;`, headers' `?`. */
const hostEnd = (c: number): boolean => c === 58 || c === 59 || c === 63;
