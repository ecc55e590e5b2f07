import { analyzeTrace } from './core/analyze';
import { reanalyzeTrace } from './core/reanalyze';
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
	previous?: TraceDocument,
): TraceDocument {
	// After an edit, only the messages it touched are read again (see core/reanalyze.ts).
	const options = format ? { format } : {};
	const analysis = previous
		? reanalyzeTrace(previous.analysis, text, options)
		: analyzeTrace(text, options);
	return { uri, version, analysis, lines: new LineIndex(text) };
}
