import type { Problem, TraceAnalysis } from '../model';

/** Lint rules over the analysed trace. */
export function lintTrace(_analysis: TraceAnalysis): Problem[] {
	return [];
}
