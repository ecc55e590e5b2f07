import type { Problem, TraceAnalysis } from '../model';
import { checkBody } from './rules/bodies';
import { checkEvents, checkSubscriptionLifetimes } from './rules/events';
import { checkHeaderValues } from './rules/headerValues';
import { checkMandatoryHeaders } from './rules/mandatoryHeaders';

/** Lint rules over the analysed trace: one pass over the messages, plus one over subscriptions. */
export function lintTrace(analysis: TraceAnalysis): Problem[] {
	const out: Problem[] = [];
	for (const m of analysis.messages) {
		// Later copies of a message repeat its faults: report them once, on the first.
		if (analysis.index.originalOf(m.index) !== null) continue;
		checkMandatoryHeaders(m, out);
		checkHeaderValues(analysis, m, out);
		checkBody(analysis, m, out);
		checkEvents(analysis, m, out);
	}
	checkSubscriptionLifetimes(analysis, out);
	return out;
}
