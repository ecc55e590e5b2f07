import type { Via } from '../model';
import { parseParams } from './split';

/**
 * Parses one via-parm (RFC 3261 §20.42, §25.1): `SIP/2.0/UDP host:port;branch=...;rport`.
 * The protocol may carry white space around its slashes (RFC 4475 §3.1.1.1). Null when malformed.
 */
export function parseVia(text: string, start: number, end: number): Via | null {
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
