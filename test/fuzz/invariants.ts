// What must hold for any input at all: no exception, no text lost, every span inside the text,
// every link a real message. Shared by the quick run in `npm test` and the long `npm run fuzz`.
import { analyzeTrace } from '../../server/src/core/analyze';
import { decodeBody } from '../../server/src/core/bodies/decodeBody';
import { resourceListOf } from '../../server/src/core/bodies/resourceList';
import type { Span, TraceAnalysis } from '../../server/src/core/model';

export function violation(text: string): string | null {
	let analysis: TraceAnalysis;
	try {
		analysis = analyzeTrace(text);
	} catch (error) {
		return `analyzeTrace threw: ${error instanceof Error ? error.stack : String(error)}`;
	}
	const n = text.length;
	const inside = (s: Span | null | undefined, what: string): string | null =>
		s && !(s.start >= 0 && s.start <= s.end && s.end <= n)
			? `${what} span [${s.start}, ${s.end}) outside the text of length ${n}`
			: null;

	// Frames and noise partition the text, in order: nothing lost, nothing counted twice.
	const pieces = [...analysis.frames.map((f) => f.span), ...analysis.noise].sort(
		(a, b) => a.start - b.start,
	);
	let at = 0;
	for (const p of pieces) {
		if (p.start !== at) return `text lost or overlapped at ${at} (next piece starts at ${p.start})`;
		at = p.end;
	}
	if (at !== n && !(n === 0 && pieces.length === 0))
		return `text after ${at} of ${n} is in no frame or noise span`;

	const count = analysis.messages.length;
	const valid = (i: number | null): boolean =>
		i === null || (Number.isInteger(i) && i >= 0 && i < count);
	for (const m of analysis.messages) {
		const bad =
			inside(m.startLine, 'start line') ?? inside(m.body, 'body') ?? inside(m.frame.sip, 'sip');
		if (bad) return `message ${m.index}: ${bad}`;
		for (const h of m.headers) {
			const e = inside(h.name, 'header name') ?? inside(h.value, 'header value');
			if (e) return `message ${m.index}: ${e}`;
		}
		const { index } = analysis;
		const links = [
			index.requestOf(m.index),
			index.challengeOf(m.index),
			index.publishOf(m.index),
			index.publishRefreshed(m.index),
			index.originalOf(m.index),
			index.retryOf(m.index),
		];
		if (
			!links.every(valid) ||
			!index.notifiesOf(m.index).every(valid) ||
			!index.publishesOf(m.index).every(valid) ||
			!index.responsesOf(m.index).every(valid)
		)
			return `message ${m.index}: a link to no message`;
		try {
			// A resource list joins the RLMI root to its parts: total on any multipart too.
			resourceListOf(decodeBody(text, m));
		} catch (error) {
			return `decodeBody threw on message ${m.index}: ${String(error)}`;
		}
	}
	for (const p of analysis.problems) {
		const e = inside(p.span, `problem ${p.code}`);
		if (e) return e;
	}
	return null;
}
