import type { SipMessage, TraceAnalysis } from '../../model';
import { lineValueText } from '../../parser/joins';
import { readDigestParams } from '../../parser/digestParams';

// The Digest challenges and credentials of a message, read when a rule needs them (a challenge
// and its retry), not for every message.

/** The parameters of the Digest challenge (`key`) of `m` for `realm`, or null. */
export function digestChallenge(
	analysis: TraceAnalysis,
	m: SipMessage,
	key: string,
	realm: string,
): Map<string, string> | null {
	for (let p = 0, n = m.headerCount; p < n; p++) {
		if (m.headerKey(p) !== key) continue;
		const params = digestParamsAt(analysis, m, p);
		if (params?.get('realm') === realm) return params;
	}
	return null;
}

/** Digest credentials as a header of `m` gives them: its parameters, its value's span. */
export interface DigestEntry {
	readonly params: Map<string, string>;
	readonly span: { start: number; end: number };
}

/**
 * The Digest credentials of every `key` header of `m`, in order: a request through several
 * proxies carries one Proxy-Authorization for each realm that challenged it.
 */
export function digestCredentials(
	analysis: TraceAnalysis,
	m: SipMessage,
	key: string,
): DigestEntry[] {
	const found: DigestEntry[] = [];
	for (let p = 0, n = m.headerCount; p < n; p++) {
		if (m.headerKey(p) !== key) continue;
		const params = digestParamsAt(analysis, m, p);
		if (params)
			found.push({ params, span: { start: m.headerValueStart(p), end: m.headerValueEnd(p) } });
	}
	return found;
}

/** The parameters of header `position` when its scheme is Digest; null otherwise. */
function digestParamsAt(
	analysis: TraceAnalysis,
	m: SipMessage,
	position: number,
): Map<string, string> | null {
	const start = m.headerValueStart(position);
	const end = m.headerValueEnd(position);
	const value = lineValueText(analysis.text, m.frame, start, Math.min(end, start + 4000));
	if (!/^[ \t]*digest[ \t]/i.test(value)) return null;
	return readDigestParams(value, value.search(/digest/i) + 6);
}
