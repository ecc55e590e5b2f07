import type { TraceAnalysis } from './model';

/**
 * The continuation packets of messages read over TCP segments that took turns with other
 * connections' (tcpdump, see `Frame.rest`), by position: `starts`/`ends` ascending (the packets
 * never overlap one another, nor any frame's span), `owners` the message each one carries.
 */
export interface Continuations {
	readonly starts: Int32Array;
	readonly ends: Int32Array;
	readonly owners: Int32Array;
}

const none: Continuations = {
	starts: new Int32Array(0),
	ends: new Int32Array(0),
	owners: new Int32Array(0),
};
const built = new WeakMap<TraceAnalysis, Continuations>();

/**
 * Built once per analysis, on the first question: a lookup then costs a binary search. tcpdump's
 * frames have continuations, and those of a collector's printout of several programs' output
 * (streamsApart.ts).
 */
export function continuationsOf(analysis: TraceAnalysis): Continuations {
	const known = built.get(analysis);
	if (known) return known;
	const pieces: { start: number; end: number; owner: number }[] = [];
	for (const m of analysis.messages)
		for (const r of m.frame.rest ?? []) pieces.push({ start: r.start, end: r.end, owner: m.index });
	// Each message's packets are in file order, but another message's may come between them.
	pieces.sort((a, b) => a.start - b.start);
	const made: Continuations = pieces.length
		? {
				starts: Int32Array.from(pieces, (p) => p.start),
				ends: Int32Array.from(pieces, (p) => p.end),
				owners: Int32Array.from(pieces, (p) => p.owner),
			}
		: none;
	built.set(analysis, made);
	return made;
}

/** The index of the last continuation that starts at or before `offset`, or -1. */
export function continuationBefore(c: Continuations, offset: number): number {
	let lo = 0;
	let hi = c.starts.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		if (c.starts[mid]! <= offset) lo = mid + 1;
		else hi = mid - 1;
	}
	return hi;
}
