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
	const shortened: string[] = [];
	for (let i = from; i < out.length; i++) {
		const p = out[i]!;
		const header = copied[p.code];
		if (!header) continue;
		const answer = answeredWith(analysis, m.index, header.key);
		if (answer === undefined) {
			// Another request of the same copy, as short of it, was answered with it: the copy
			// left it out of every request (a manual's examples, shortened alike).
			const sibling = strippedBy(analysis).get(header.key);
			if (sibling !== undefined && sibling !== m.index) {
				shortened.push(header.name);
				out[i] = {
					...p,
					severity: 'information',
					message: `Request without ${header.name} as copied: another request of this copy, without it too, is answered by a response that carries it (RFC 3261 §8.2.6.2), so the copy leaves it out.`,
					related: [
						{
							span: analysis.messages[sibling]!.startLine,
							message: `a request of this copy whose response carries its ${header.name}`,
						},
					],
				};
			}
			continue;
		}
		shortened.push(header.name);
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
	// A copy shown to leave out headers the request had may have left Max-Forwards out with them.
	if (shortened.length === 0) return;
	for (let i = from; i < out.length; i++)
		if (out[i]!.code === 'header.missing-max-forwards')
			out[i] = {
				...out[i]!,
				severity: 'information',
				message: `Request without Max-Forwards as copied: the copy left out headers the request had (${shortened.join(' and ')}, above), so it may have left this one out too.`,
			};
}

/** The first response to request `i` that carries header `key`, or undefined. */
function answeredWith(analysis: TraceAnalysis, i: number, key: string): number | undefined {
	return analysis.index.responsesOf(i).find((r) => analysis.messages[r]!.header(key) !== undefined);
}

/**
 * For each header of {@link copied}, the first request of the trace without it that a response
 * carrying it answers: the copy is shown to leave that header out. Found once per analysis.
 */
function strippedBy(analysis: TraceAnalysis): ReadonlyMap<string, number> {
	let found = stripped.get(analysis);
	if (found) return found;
	found = new Map();
	for (const m of analysis.messages) {
		if (m.kind !== 'request') continue;
		for (const { key } of Object.values(copied))
			if (!found.has(key) && m.header(key) === undefined) {
				const answer = answeredWith(analysis, m.index, key);
				if (answer !== undefined) found.set(key, m.index);
			}
	}
	stripped.set(analysis, found);
	return found;
}
const stripped = new WeakMap<TraceAnalysis, Map<string, number>>();
