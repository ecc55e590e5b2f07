import { buildIndex } from './correlate/traceIndex';
import { frameTrace } from './framing/frameTrace';
import { lintTrace } from './lint/lintTrace';
import type { AnalyzeOptions, Problem, SipMessage, TraceAnalysis } from './model';
import { HeaderTable } from './parser/headerTable';
import { parseMessage } from './parser/sipMessage';

/**
 * The one entry most callers need: frame the text, parse each message, correlate them and lint
 * the result. Total: bad input yields problems, never an exception.
 */
export function analyzeTrace(text: string, options: AnalyzeOptions = {}): TraceAnalysis {
	const framing = frameTrace(text, options.format);
	const problems: Problem[] = [...framing.problems];
	const messages: SipMessage[] = new Array<SipMessage>(framing.frames.length);
	const headers = new HeaderTable();
	for (let i = 0; i < framing.frames.length; i++) {
		messages[i] = parseMessage(text, framing.frames[i]!, i, problems, headers);
	}
	const index = buildIndex(text, messages, problems);
	const analysis: TraceAnalysis = {
		text,
		format: framing.format,
		frames: framing.frames,
		noise: framing.noise,
		messages,
		index,
		problems,
	};
	problems.push(...lintTrace(analysis));
	problems.sort((a, b) => a.span.start - b.span.start);
	return analysis;
}
