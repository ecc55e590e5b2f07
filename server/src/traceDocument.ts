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
	const analysis = analyzeTrace(text, format ? { format } : {});
	return { uri, version, analysis, lines: new LineIndex(text) };
}
