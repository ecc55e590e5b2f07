import type { Problem, SipMessage, TraceAnalysis } from '../../model';

/** The missing-header codes a response answers for: headers it copies from its request. */
const copied: Readonly<Record<string, { key: string; name: string }>> = {
	'header.missing-via': { key: 'via', name: 'Via' },
	'header.missing-call-id': { key: 'call-id', name: 'Call-ID' },
};

/**
 * A request the copy shows without Via or Call-ID, answered in the trace by a response that
 * carries it: a response copies both from its request (RFC 3261 §8.2.6.2), so the request had
 * it, and the copy (a manual's, a post's, shortened) left it out. Said as the copy's, not as an
 * error of the request. Rewrites the problems of `m` in `out` from `from` on.
 */
export function answeredHeaders(
	analysis: TraceAnalysis,
	m: SipMessage,
	out: Problem[],
	from: number,
): void {
	if (m.kind !== 'request') return;
	for (let i = from; i < out.length; i++) {
		const p = out[i]!;
		const header = copied[p.code];
		if (!header) continue;
		const answer = analysis.index
			.responsesOf(m.index)
			.find((r) => analysis.messages[r]!.header(header.key) !== undefined);
		if (answer === undefined) continue;
		const response = analysis.messages[answer]!;
		out[i] = {
			...p,
			severity: 'information',
			message: `Request without ${header.name} as copied: the response to it carries the ${header.name} it copies from the request (RFC 3261 §8.2.6.2), so the copy left it out.`,
			related: [
				{ span: response.startLine, message: `the response, with the request's ${header.name}` },
			],
		};
	}
}
