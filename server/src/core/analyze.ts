import { buildIndex } from './correlate/traceIndex';
import { frameTrace } from './framing/frameTrace';
import { BodyChecks, lintTrace } from './lint/lintTrace';
import type {
	AnalyzeOptions,
	Frame,
	Problem,
	SipMessage,
	Span,
	TraceAnalysis,
	TraceFormat,
} from './model';
import { HeaderTable } from './parser/headerTable';
import { parseMessage } from './parser/sipMessage';

/**
 * The one entry most callers need: frame the text, parse each message, correlate them and lint
 * the result. Total: bad input yields problems, never an exception.
 */
export function analyzeTrace(text: string, options: AnalyzeOptions = {}): TraceAnalysis {
	const framing = frameTrace(text, options.format);
	const local: Problem[] = [...framing.problems];
	const messages: SipMessage[] = new Array<SipMessage>(framing.frames.length);
	const headers = new HeaderTable();
	for (let i = 0; i < framing.frames.length; i++) {
		messages[i] = parseMessage(text, framing.frames[i]!, i, local, headers);
	}
	return completeAnalysis(
		{ text, format: framing.format, frames: framing.frames, noise: framing.noise, messages, local },
		{ options, bodies: new BodyChecks(), generation: 0 },
	);
}

/** What framing and parsing made: each message's own reading, before any message is compared. */
export interface ParsedTrace {
	readonly text: string;
	readonly format: TraceFormat;
	readonly frames: readonly Frame[];
	readonly noise: readonly Span[];
	readonly messages: readonly SipMessage[];
	/** Framing and parsing problems: they belong to one frame each, and move with it. */
	readonly local: readonly Problem[];
}

/** What a later version's analysis can reuse of this one (see `reanalyze.ts`). */
export interface ReusableParts {
	readonly options: AnalyzeOptions;
	readonly bodies: BodyChecks;
	/** Edits handled incrementally since the last whole analysis. */
	readonly generation: number;
}

const reusable = new WeakMap<TraceAnalysis, { parsed: ParsedTrace; parts: ReusableParts }>();

export function reusablePartsOf(
	analysis: TraceAnalysis,
): { parsed: ParsedTrace; parts: ReusableParts } | undefined {
	return reusable.get(analysis);
}

/** Correlation and lint over the parsed messages: they look across messages, so run over all. */
export function completeAnalysis(parsed: ParsedTrace, parts: ReusableParts): TraceAnalysis {
	const problems: Problem[] = [...parsed.local];
	const index = buildIndex(parsed.text, parsed.messages, problems);
	const analysis: TraceAnalysis = {
		text: parsed.text,
		format: parsed.format,
		frames: parsed.frames,
		noise: parsed.noise,
		messages: parsed.messages,
		index,
		problems,
	};
	problems.push(...lintTrace(analysis, parts.bodies));
	problems.sort((a, b) => a.span.start - b.span.start);
	reusable.set(analysis, { parsed, parts });
	return analysis;
}
