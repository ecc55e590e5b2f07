import type { Span } from '../model';

/** `spans` sorted, the ones that touch or overlap joined: a noise list as framing keeps it. */
export function mergedSpans(spans: Span[]): Span[] {
	spans.sort((a, b) => a.start - b.start);
	const out: Span[] = [];
	for (const s of spans) {
		const last = out[out.length - 1];
		if (last && last.end >= s.start)
			out[out.length - 1] = { start: last.start, end: Math.max(last.end, s.end) };
		else out.push(s);
	}
	return out;
}
