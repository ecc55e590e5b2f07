import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { lintProblem } from '../codes';
import { valueOf } from './addresses';

/**
 * RFC 3261 §20.22, §25.1: Max-Forwards is a number (`1*DIGIT`) from 0 to 255; a proxy answers a
 * value that is none 400 (Bad Request) rather than forward it. A value left out (`...`) is not
 * judged.
 */
export function checkMaxForwards(
	analysis: TraceAnalysis,
	m: SipMessage,
	position: number,
	out: Problem[],
): void {
	const { text, from, to, start, end } = valueOf(analysis, m, position);
	let s = from;
	let e = to;
	while (s < e && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
	while (e > s && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	if (e === s) return;
	let digits = true;
	for (let i = s; i < e && digits; i++) {
		const c = text.charCodeAt(i);
		digits = c >= 48 && c <= 57;
	}
	if (digits) {
		// An integer 0-255 (RFC 3261 §20.22; RFC 4475 §3.1.2.3's scalarlg sends 300).
		if (Number(text.slice(s, e)) > 255)
			out.push(
				lintProblem(
					'header.bad-max-forwards',
					{ start, end },
					`Max-Forwards is ${text.slice(s, Math.min(e, s + 40))}: it is an integer from 0 to 255 (RFC 3261 §20.22); a receiver may answer 400 or take the request as if it had none (RFC 4475 §3.1.2.3).`,
				),
			);
		return;
	}
	const value = text.slice(s, e);
	if (value === '...' || value === '…') return;
	out.push(
		lintProblem(
			'header.bad-max-forwards',
			{ start, end },
			`Max-Forwards is "${value.slice(0, 40)}": it must be a number of hops (RFC 3261 §20.22, §25.1); a proxy answers 400 rather than forward the request.`,
		),
	);
}
