import type { TraceAnalysis } from './model';

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
	let byCallId = built.get(analysis);
	if (!byCallId) {
		byCallId = new Map();
		for (const m of analysis.messages) {
			if (m.callId === null) continue;
			const list = byCallId.get(m.callId);
			if (list) list.push(m.index);
			else byCallId.set(m.callId, [m.index]);
		}
		built.set(analysis, byCallId);
	}
	return byCallId.get(callId) ?? none;
}
