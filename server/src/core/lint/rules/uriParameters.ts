import type { Problem, SipMessage } from '../../model';
import { findUnquoted } from '../../parser/nameAddr';
import { indexWithin } from '../../text/search';
import { lintProblem } from '../codes';

/*
 * What a URI says wrong, in a Request-URI and in the URI of From, To, Contact, Route,
 * Record-Route and Refer-To: a transport RFC 7118 does not define, a parameter named twice, a
 * host of numbers that is no IPv4 address.
 */

/**
 * `;transport=wss` in a SIP URI: RFC 7118 §5.2 registers `ws` alone as the URI's transport, for
 * WebSocket and secure WebSocket both (a `sips` URI asks for the secure one); `WSS` belongs in Via
 * only (§5.3). Servers that follow the registry (Asterisk, Kazoo's Kamailio) reject or misroute
 * such a URI, so it is a usual cause of a browser client's failed calls.
 */
export function checkWsTransport(
	text: string,
	from: number,
	to: number,
	span: { start: number; end: number },
	out: Problem[],
): void {
	// Searched only in values long enough to hold it, that hold `wss` (in either case) past a `;`.
	if (to - from < 15) return;
	const at = indexWithin(text, ';', from, to);
	if (at < 0) return;
	if (indexWithin(text, 'wss', at, to) < 0 && indexWithin(text, 'WSS', at, to) < 0) return;
	const value = text.slice(at, Math.min(to, at + 2000));
	const found = wssParam.exec(value);
	if (!found) return;
	out.push(
		lintProblem(
			'uri.transport-wss',
			span,
			'`transport=wss` is no URI transport: RFC 7118 §5.2 defines `ws` for WebSocket and secure WebSocket both (a sips URI asks for TLS); WSS is written in Via only (§5.3), and servers that follow the registry reject this URI.',
		),
	);
}
const wssParam = /;[ \t]*transport[ \t]*=[ \t]*wss(?![\w.!%*+`'~-])/i;

/** The Request-URI's parameters (see {@link checkWsTransport}, {@link checkUriParameterNames}). */
export function checkRequestUriTransport(m: SipMessage, out: Problem[]): void {
	const span = m.requestUriSpan;
	// The URI as read (a hex dump's or a cut line's text is not the span's).
	const uri = m.requestUri;
	if (!span || uri === null) return;
	checkWsTransport(uri, 0, uri.length, span, out);
	checkUriParameterNames(uri, 0, uri.length, true, span, out);
	checkUriHost(uri, 0, uri.length, true, span, out);
}

/**
 * A SIP URI whose host is numbers alone but no IPv4 address (`sip:2002`, Sipdroid's Refer-To
 * naming an extension with no domain; `sip:100@192.168.1`): a host is an IPv4 address of four
 * numbers, an IPv6 reference, or a name whose last label starts with a letter (RFC 3261 §25.1),
 * so the receiver resolves it to nothing and refuses the request. A name with a label of digits
 * elsewhere is not judged.
 */
export function checkUriHost(
	text: string,
	from: number,
	to: number,
	bare: boolean,
	span: { start: number; end: number },
	out: Problem[],
): void {
	const uri = uriOf(text, from, to, bare);
	if (uri === null) return;
	const scheme = /^sips?:/i.exec(uri);
	if (!scheme) return;
	let rest = uri.slice(scheme[0].length);
	const at = rest.lastIndexOf('@');
	// A password in the user part (`sip:user1:pass1@host`): RFC 3261 §19.1.1 recommends against
	// it, the URI being sent in the clear in every header that carries it.
	if (at > 0 && rest.indexOf(':') > 0 && rest.indexOf(':') < at)
		out.push(
			lintProblem(
				'uri.password',
				span,
				'The URI carries a password (`user:password@`): RFC 3261 §19.1.1 recommends against it, since every header that carries the URI sends it in the clear.',
			),
		);
	if (at >= 0) rest = rest.slice(at + 1);
	const hostport = rest.split(/[;?]/, 1)[0]!;
	const host = hostport.replace(/:\d{1,5}$/, '');
	// Numbers with dots that are no IPv4 address, or an extension's few digits with no domain.
	// (GB28181's devices name their domain by a ten-digit number: a convention, not judged.)
	if (!/^[\d.]+$/.test(host) || validIpv4(host)) return;
	if (!host.includes('.') && host.length > 6) return;
	out.push(
		lintProblem(
			'uri.bad-host',
			span,
			`The URI's host "${host}" is no IPv4 address (four numbers up to 255) and no host name (whose last label starts with a letter, RFC 3261 §25.1): it names no host to send to.`,
		),
	);
}

/** Four numbers of one to three digits, each up to 255. */
function validIpv4(host: string): boolean {
	const parts = host.split('.');
	return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** The URI of a value: inside its `<...>`, or the whole value where `bare`; null if none. */
function uriOf(text: string, from: number, to: number, bare: boolean): string | null {
	if (bare) return text.slice(from, Math.min(to, from + 2000)).trim();
	const open = findUnquoted(text, from, to, 60 /* < */);
	if (open < 0) return null;
	const close = indexWithin(text, '>', open + 1, to);
	return close < 0 ? null : text.slice(open + 1, close);
}

/**
 * A URI parameter named twice (Flexisip's `;pn-silent=1;pn-silent=1`): "any given
 * parameter-name MUST NOT appear more than once" (RFC 3261 §19.1.1); a receiver may take either
 * value, or refuse the URI. The URI is the value's `<...>`, or the whole value where `bare` (a
 * Request-URI); an addr-spec outside brackets has its parameters read as the header's (§20).
 */
export function checkUriParameterNames(
	text: string,
	from: number,
	to: number,
	bare: boolean,
	span: { start: number; end: number },
	out: Problem[],
): void {
	const uri = uriOf(text, from, to, bare);
	if (uri === null) return;
	const semi = uri.indexOf(';');
	if (semi < 0) return;
	const question = uri.indexOf('?', semi);
	const params = uri.slice(semi + 1, question < 0 ? uri.length : question);
	if (params.indexOf(';') < 0) return;
	// A page's character references (`&#x6f;`) end in `;`: no parameters to count.
	if (params.includes('&') && htmlReference.test(uri)) return;
	const seen = new Set<string>();
	for (const param of params.split(';')) {
		const name = param.split('=', 1)[0]!.trim().toLowerCase();
		if (name === '') continue;
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
