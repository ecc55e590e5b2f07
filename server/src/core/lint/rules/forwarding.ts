import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { lintProblem } from '../codes';

/**
 * A proxy that forwards a request takes one from its Max-Forwards (RFC 3261 §16.6 step 3): the
 * count is what stops a request looping between proxies. Said of a request the trace shows a
 * proxy forwarding (the one it received is in the trace too, under its own Via) with a
 * Max-Forwards no lower than the one it came with.
 */
export function checkForwardedMaxForwards(
	analysis: TraceAnalysis,
	m: SipMessage,
	out: Problem[],
): void {
	if (m.kind !== 'request') return;
	const upstream = analysis.index.forwardedFrom(m.index);
	if (upstream === null) return;
	const received = analysis.messages[upstream]!;
	const sent = maxForwardsOf(analysis.text, m);
	const came = maxForwardsOf(analysis.text, received);
	if (sent === null || came === null || sent.value < came.value) return;
	out.push(
		lintProblem(
			'proxy.max-forwards-not-decremented',
			sent.span,
			`Max-Forwards is ${sent.value} here, where the request came to the proxy with ${came.value}: a proxy takes one from it as it forwards (RFC 3261 §16.6 step 3), which is what ends a loop.`,
			[{ span: came.span, message: 'Max-Forwards of the request the proxy received' }],
		),
	);
}

/** The Max-Forwards count of `m` and where it stands; null where it is no number. */
function maxForwardsOf(
	text: string,
	m: SipMessage,
): { value: number; span: { start: number; end: number } } | null {
	const header = m.header('max-forwards');
	if (!header) return null;
	const raw = text.slice(header.value.start, header.value.end).trim();
	if (!/^\d{1,9}$/.test(raw)) return null;
	return { value: Number(raw), span: header.value };
}
