import { analyzeTrace } from './core/analyze';
import type { TraceAnalysis, TraceFormat } from './core/model';
import { LineIndex } from './core/text/lineIndex';

/** A trace as the features see it: its text, analysis and line index, for one version. */
export interface TraceDocument {
	readonly uri: string;
	readonly version: number;
	readonly analysis: TraceAnalysis;
	readonly lines: LineIndex;
}

export function createTraceDocument(
	uri: string,
	version: number,
	text: string,
	format: TraceFormat | undefined,
): TraceDocument {
	return traceDocument(uri, version, analyzeTrace(text, format ? { format } : {}));
}

/**
 * A document over an analysis. Its line index (a pass over the whole text) is made when first
 * asked for: diagnostics of a clean trace need none, and go out without waiting for it.
 */
export function traceDocument(
	uri: string,
	version: number,
	analysis: TraceAnalysis,
): TraceDocument {
	let lines: LineIndex | undefined;
	return {
		uri,
		version,
		analysis,
		get lines(): LineIndex {
			return (lines ??= new LineIndex(analysis.text));
		},
	};
}
