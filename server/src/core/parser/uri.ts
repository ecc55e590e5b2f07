import type { SipUri } from '../model';
import { parseParams } from './split';

/**
 * Parses a SIP/SIPS/TEL URI (RFC 3261 §19.1, RFC 3966). Other schemes are kept opaque: the
 * host is empty and user null. Returns null when there is no `scheme:` at all or the host is
 * malformed (unbalanced IPv6 brackets, spaces).
 */
export function parseUri(uri: string): SipUri | null {
	const colon = uri.indexOf(':');
	if (colon <= 0 || !/^[A-Za-z][A-Za-z0-9+.-]*$/.test(uri.slice(0, colon))) return null;
	if (/[\s<>"]/.test(uri)) return null;
	const scheme = uri.slice(0, colon).toLowerCase();
	let rest = uri.slice(colon + 1);
	let headers: string | null = null;
	if (scheme === 'tel' || (scheme !== 'sip' && scheme !== 'sips')) {
		const q = rest.indexOf('?');
		if (q >= 0) {
			headers = rest.slice(q + 1);
			rest = rest.slice(0, q);
		}
	}
	if (scheme === 'tel') {
		const semi = rest.indexOf(';');
		const number = semi < 0 ? rest : rest.slice(0, semi);
		return {
			scheme,
			user: number,
			host: '',
			port: null,
			params: parseParams(semi < 0 ? '' : rest.slice(semi + 1)),
			headers,
		};
	}
	if (scheme !== 'sip' && scheme !== 'sips') {
		return { scheme, user: null, host: '', port: null, params: new Map(), headers };
	}
	// The user part may hold `;`, `?` and more (`sip:user;par?x@host`); the host part never holds `@`.
	const at = rest.lastIndexOf('@');
	const user = at >= 0 ? rest.slice(0, at) : null;
	let hostport = at >= 0 ? rest.slice(at + 1) : rest;
	const q = hostport.indexOf('?');
	if (q >= 0) {
		headers = hostport.slice(q + 1);
		hostport = hostport.slice(0, q);
	}
	let paramText = '';
	const semi = hostport.indexOf(';');
	if (semi >= 0) {
		paramText = hostport.slice(semi + 1);
		hostport = hostport.slice(0, semi);
	}
	let host: string;
	let portText: string | null = null;
	if (hostport.startsWith('[')) {
		const close = hostport.indexOf(']');
		if (close < 0) return null;
		host = hostport.slice(0, close + 1);
		const after = hostport.slice(close + 1);
		if (after) {
			if (!after.startsWith(':')) return null;
			portText = after.slice(1);
		}
	} else {
		const c = hostport.lastIndexOf(':');
		host = c >= 0 ? hostport.slice(0, c) : hostport;
		portText = c >= 0 ? hostport.slice(c + 1) : null;
	}
	if (!host || !/^[A-Za-z0-9.\-[\]:_]+$/.test(host)) return null;
	let port: number | null = null;
	if (portText !== null) {
		if (!/^\d{1,5}$/.test(portText)) return null;
		port = Number(portText);
	}
	return { scheme, user, host, port, params: parseParams(paramText), headers };
}

/**
 * Is `uri` a valid URI with part of it masked where the trace was posted (`sip:a@*.*.*.*:5060`,
 * `sip:<server IP>:8443`, `sip:1001@[IP]`, `sip:{{host}}`)? Such a URI was valid on the wire:
 * the mask, not the sender, makes it fail to parse. Each mask is put back as letters and the
 * URI parsed again.
 */
export function isMaskedUri(uri: string): boolean {
	if (!maskIn.test(uri)) return false;
	return (
		parseUri(
			uri.replace(masks, (mask) =>
				// A port masked with X's (`:XXXXXXXX`) is put back as one.
				mask.charCodeAt(0) === 58 ? ':5060' : 'x'.repeat(mask.length),
			),
		) !== null
	);
}
// `*` runs, `#` runs of three or more (`sip:##########@###.###.###.###`; a lone `#` may be a dial
// code's, which the URI must escape), `<<...>>` (`<<REMOVED>>`), `<...>` and `{...}` placeholders,
// `[...]` holding a word (not an IPv6 address), a port of X's, whole or after its first digits
// (`:89XX`).
const masks =
	/\*+|#{3,}|<<[^<>\s@;]{1,30}>>|<[^<>\s@;]{0,30}(?: [^<>\s@;]{1,30}){0,4}>|\{\{?[^{}]{1,40}\}?\}|\[[A-Za-z][^\]:]{0,40}\]|(?<!\bsips?|\btel):\d{0,4}[Xx]{1,40}(?![\w.])/g;
const maskIn = /[*<{]|#{3}|\[[A-Za-z]|(?<!\bsips?|\btel):\d{0,4}[Xx]/;

/**
 * The address-of-record a presence server would key state on: scheme, user and host, the host
 * lower-cased, the default port dropped, no parameters (RFC 3261 §19.1.4 comparison rules). An
 * IPv6 host stays distinct from an IPv4 one.
 */
export function addressOfRecord(uri: string | null | undefined): string | null {
	if (!uri) return null;
	const parsed = parseUri(uri);
	if (!parsed) return uri;
	if (parsed.scheme === 'tel') return `tel:${parsed.user ?? ''}`;
	if (!parsed.host) return uri;
	const scheme = parsed.scheme === 'sips' ? 'sips' : 'sip';
	const defaultPort = scheme === 'sips' ? 5061 : 5060;
	const port = parsed.port && parsed.port !== defaultPort ? `:${parsed.port}` : '';
	return `${scheme}:${parsed.user ? `${parsed.user}@` : ''}${parsed.host.toLowerCase()}${port}`;
}

/**
 * Do two URIs name the same target, as RFC 3261 §19.1.4 compares them, leniently: scheme, user,
 * host (its case aside) and port (one left out is the scheme's default); parameters aside (a NAT
 * helper's `alias`, a `transport` written on one side only).
 */
export function sameTarget(a: SipUri, b: SipUri): boolean {
	const port = (u: SipUri): number => u.port ?? (u.scheme === 'sips' ? 5061 : 5060);
	return (
		a.scheme === b.scheme &&
		a.user === b.user &&
		a.host.toLowerCase() === b.host.toLowerCase() &&
		port(a) === port(b)
	);
}
