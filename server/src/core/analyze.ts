import { indexAfterEdit } from './correlate/afterEdit';
import { buildIndex } from './correlate/traceIndex';
import { frameTrace } from './framing/frameTrace';
import { BodyChecks, lintSteps } from './lint/lintTrace';
import { OwnProblems } from './lint/ownProblems';
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
import { runSteps, stepMessages, within, type Steps } from './steps';
import { appendAll } from './append';

/**
 * The one entry most callers need: frame the text, parse each message, correlate them and lint
 * the result. Total: bad input yields problems, never an exception.
 */
export function analyzeTrace(text: string, options: AnalyzeOptions = {}): TraceAnalysis {
	return runSteps(analyzeSteps(text, options));
}

/**
 * What a caller may add to an analysis: a store of checked bodies, and who hears of each message
 * as soon as it is parsed (the server checks bodies on another thread meanwhile, and puts what
 * it finds in that store before lint gets to them).
 */
export interface AnalysisHooks {
	readonly bodies?: BodyChecks;
	/** `text`: what the message was read from, a hex dump's reading (see `FramingResult.reading`). */
	readonly parsed?: (message: SipMessage, text?: string) => void;
}

/** {@link analyzeTrace} in steps (framing, then every few thousand messages), for the server. */
export function* analyzeSteps(
	text: string,
	options: AnalyzeOptions = {},
	hooks: AnalysisHooks = {},
): Steps<TraceAnalysis> {
	const framing = frameTrace(text, options.format);
	// A hex dump's messages are read from its reading (spaces put back), offsets unchanged.
	const read = framing.reading ?? text;
	yield 0.15;
	const local: Problem[] = [...framing.problems];
	const count = framing.frames.length;
	const messages: SipMessage[] = new Array<SipMessage>(count);
	const headers = new HeaderTable();
	for (let i = 0; i < count; i++) {
		if (i % stepMessages === stepMessages - 1) yield 0.15 + (0.35 * i) / count;
		const message = parseMessage(read, framing.frames[i]!, i, local, headers);
		messages[i] = message;
		hooks.parsed?.(message, framing.reading);
	}
	headers.trim();
	return yield* within(
		completeSteps(
			{
				text: read,
				...(read !== text ? { source: text } : {}),
				format: framing.format,
				frames: framing.frames,
				noise: framing.noise,
				messages,
				local,
			},
			{
				options,
				bodies: hooks.bodies ?? new BodyChecks(),
				own: new OwnProblems(count),
				generation: 0,
			},
		),
		0.5,
		1,
	);
}

/** What framing and parsing made: each message's own reading, before any message is compared. */
export interface ParsedTrace {
	readonly text: string;
	/** The trace as written, where `text` is its reading (see `FramingResult.reading`). */
	readonly source?: string;
	readonly format: TraceFormat;
	readonly frames: readonly Frame[];
	readonly noise: readonly Span[];
	readonly messages: readonly SipMessage[];
	/** Framing and parsing problems: they belong to one frame each, and move with it. */
	readonly local: readonly Problem[];
	/** After an edit: the messages read again, `[from, to)`; the others were kept or moved. */
	readonly reread?: { readonly from: number; readonly to: number };
}

/** What a later version's analysis can reuse of this one (see `reanalyze.ts`). */
export interface ReusableParts {
	readonly options: AnalyzeOptions;
	readonly bodies: BodyChecks;
	/** What the rules that read a message alone found in each message. */
	readonly own: OwnProblems;
	/** Edits handled incrementally since the last whole analysis. */
	readonly generation: number;
}

const reusable = new WeakMap<TraceAnalysis, { parsed: ParsedTrace; parts: ReusableParts }>();

export function reusablePartsOf(
	analysis: TraceAnalysis,
): { parsed: ParsedTrace; parts: ReusableParts } | undefined {
	return reusable.get(analysis);
}

/**
 * Correlation and lint over the parsed messages: they look across messages, so run over all;
 * after an edit of `previous` that changed nothing correlation reads, its index is taken over.
 */
export function* completeSteps(
	parsed: ParsedTrace,
	parts: ReusableParts,
	previous?: TraceAnalysis,
): Steps<TraceAnalysis> {
	const problems: Problem[] = [...parsed.local];
	const index =
		(previous &&
			parsed.reread &&
			indexAfterEdit(previous, parsed.text, parsed.messages, parsed.reread, problems)) ??
		buildIndex(parsed.text, parsed.messages, problems);
	yield 0.4;
	const analysis: TraceAnalysis = {
		text: parsed.text,
		...(parsed.source !== undefined ? { source: parsed.source } : {}),
		format: parsed.format,
		frames: parsed.frames,
		noise: parsed.noise,
		messages: parsed.messages,
		index,
		problems,
	};
	appendAll(problems, yield* within(lintSteps(analysis, parts.bodies, parts.own), 0.4, 1));
	problems.sort((a, b) => a.span.start - b.span.start);
	reusable.set(analysis, { parsed, parts });
	return analysis;
}
