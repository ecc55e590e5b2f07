import type { TraceAnalysis } from './model';
import { idleStepMessages, runSteps, type Steps } from './steps';

const none: readonly number[] = [];
const built = new WeakMap<TraceAnalysis, Map<string, number[]>>();

/**
 * The messages (indices, in file order) that carry `callId`. The map is built once per
 * analysis, on the first question: hovers and references on a Call-ID then cost a lookup, not
 * a pass over every message of a large trace.
 */
export function messagesWithCallId(
	analysis: TraceAnalysis,
	callId: string | null,
): readonly number[] {
	if (callId === null) return none;
	return (built.get(analysis) ?? runSteps(callIdSteps(analysis))).get(callId) ?? none;
}

/** The map of {@link messagesWithCallId} made in steps (the server makes it while idle). */
export function* callIdSteps(analysis: TraceAnalysis): Steps<ReadonlyMap<string, number[]>> {
	const known = built.get(analysis);
	if (known) return known;
	const byCallId = new Map<string, number[]>();
	for (const m of analysis.messages) {
		if (m.index % idleStepMessages === idleStepMessages - 1)
			yield m.index / analysis.messages.length;
		if (m.callId === null) continue;
		const list = byCallId.get(m.callId);
		if (list) list.push(m.index);
		else byCallId.set(m.callId, [m.index]);
	}
	// Made meanwhile by a request that could not wait: keep that one.
	const made = built.get(analysis);
	if (made) return made;
	built.set(analysis, byCallId);
	return byCallId;
}
