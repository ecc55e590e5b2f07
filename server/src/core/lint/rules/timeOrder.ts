import type { TraceAnalysis } from '../../model';

/**
 * A dialog's (or any list's) messages in the order they happened: the index keeps them in file
 * order, which is time order but where a file joins logs one after the other (two proxies'
 * sipdump files concatenated, each in its own time order). Where every message has a time and
 * the file is not in their order, the list is sorted by time (equal times in file order); else it
 * is returned as it is. Whether the file is in time order is found once an analysis.
 */
export function inTimeOrder(analysis: TraceAnalysis, list: readonly number[]): readonly number[] {
	if (!outOfOrder(analysis) || list.length < 2) return list;
	const messages = analysis.messages;
	const micros = (i: number): number => messages[i]!.frame.epochMicros!;
	for (let k = 1; k < list.length; k++)
		if (micros(list[k - 1]!) > micros(list[k]!))
			return [...list].sort((a, b) => micros(a) - micros(b) || a - b);
	return list;
}

/** Does every message have a time, and does the file hold them out of that order? */
function outOfOrder(analysis: TraceAnalysis): boolean {
	let known = memo.get(analysis);
	if (known === undefined) {
		known = false;
		let previous = -Infinity;
		for (const m of analysis.messages) {
			const t = m.frame.epochMicros;
			if (t == null || Number.isNaN(t)) {
				known = false;
				break;
			}
			if (t < previous) known = true;
			previous = t;
		}
		memo.set(analysis, known);
	}
	return known;
}
const memo = new WeakMap<TraceAnalysis, boolean>();
