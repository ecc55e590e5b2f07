import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { findUnquoted } from '../../parser/nameAddr';
import { splitValues } from '../../parser/split';
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
