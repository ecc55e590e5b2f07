import type { Via } from '../model';
import { isTokenChar } from './headerNames';
import { paramAt, parseParams } from './split';
import type { Interner } from './strings';

/**
 * Parses one via-parm (RFC 3261 §20.42, §25.1): `SIP/2.0/UDP host:port;branch=...;rport`.
 * The protocol may carry white space around its slashes (RFC 4475 §3.1.1.1). Null when malformed.
 * Given the trace's `strings`, sent-by and the parameters are the trace's shared strings.
 */
export function parseVia(text: string, start: number, end: number, strings?: Interner): Via | null {
	const plain = plainVia(text, start, end, strings);
	if (plain) return plain;
	const raw = text.slice(start, end);
	const m =
		/^\s*([A-Za-z0-9.!%*_+`'~-]+)\s*\/\s*([0-9.]+)\s*\/\s*([A-Za-z0-9.!%*_+`'~-]+)\s+([^;\s]+)\s*(?:;(.*))?$/s.exec(
			raw,
		);
	if (!m) return null;
	const params = parseParams((m[5] ?? '').replace(/\r?\n[ \t]+/g, ' '));
	return {
		protocol: `${m[1]!.toUpperCase()}/${m[2]}/${m[3]!.toUpperCase()}`,
		transport: m[3]!.toUpperCase(),
		sentBy: m[4]!,
		branch: params.get('branch') ?? null,
		received: params.get('received') ?? null,
		rport: params.has('rport') ? (params.get('rport') ?? '') : null,
		span: { start, end },
	};
}

/**
 * The form nearly every Via takes, `SIP/2.0/UDP host:port;params` on one line, read in place
 * without a regex or a parameter map. Anything else (white space around the slashes, folded
 * lines) returns null and goes through the general reading above.
 */
function plainVia(
	text: string,
	start: number,
	end: number,
	strings: Interner | undefined,
): Via | null {
	let i = start;
	while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	if (!text.startsWith('SIP/2.0/', i)) return null;
	i += 8;
	const ts = i;
	while (i < end && isTokenChar(text.charCodeAt(i))) i++;
	if (i === ts || i >= end || text.charCodeAt(i) !== 32) return null;
	const transport = transportAt(text, ts, i);
	while (i < end && text.charCodeAt(i) === 32) i++;
	const ss = i;
	for (; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c === 59 || c <= 32) break;
	}
	if (i === ss) return null;
	const se = i;
	while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	if (i < end && text.charCodeAt(i) !== 59) return null;
	for (let j = i; j < end; j++) if (text.charCodeAt(j) === 10) return null;
	const rport = paramAt(text, i, end, 'rport', strings);
	return {
		protocol: protocols.get(transport) ?? `SIP/2.0/${transport}`,
		transport,
		sentBy: strings ? strings.at(text, ss, se) : text.slice(ss, se),
		branch: paramAt(text, i, end, 'branch', strings) ?? null,
		received: paramAt(text, i, end, 'received', strings) ?? null,
		rport: rport === undefined ? null : (rport ?? ''),
		span: { start, end },
	};
}

const transports = ['UDP', 'TCP', 'TLS', 'SCTP', 'WS', 'WSS', 'TLS-SCTP'];
const protocols = new Map(transports.map((t) => [t, `SIP/2.0/${t}`]));

/** The transport token, upper-case; the usual ones without allocating. */
function transportAt(text: string, start: number, end: number): string {
	for (const t of transports) {
		if (t.length !== end - start) continue;
		let same = true;
		for (let k = 0; same && k < t.length; k++)
			same =
				(text.charCodeAt(start + k) & ~32) === t.charCodeAt(k) ||
				text.charCodeAt(start + k) === t.charCodeAt(k);
		if (same) return t;
	}
	return text.slice(start, end).toUpperCase();
}
