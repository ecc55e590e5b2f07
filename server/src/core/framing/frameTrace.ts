import type { FramingResult, TraceFormat } from '../model';
import { detectFormat, rulesFor } from './detect';
import { frameWith } from './engine';
import { frameTshark } from './tshark';
import { frameEscaped } from './escaped';
import { printsCrAsCaretM, withCaretM } from './caretM';
import type { FormatRules } from './engine';

/**
 * Splits a trace into frames (one per SIP message) and noise, without ever losing text: every
 * offset lies in exactly one frame span or noise span. The format is detected unless given.
 */
export function frameTrace(text: string, format?: TraceFormat): FramingResult {
	const chosen = format ?? detectFormat(text);
	const result =
		chosen === 'tshark'
			? frameTshark(text)
			: chosen === 'escaped'
				? frameEscaped(text)
				: frameWith(text, rulesWithCrMarks(chosen, text));
	if (result.frames.length === 0 && text.trim().length > 0) {
		return {
			...result,
			problems: [
				...result.problems,
				{
					code: 'framing.no-messages',
					severity: 'warning',
					span: {
						start: 0,
						end: Math.min(text.length, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n')),
					},
					message: `No SIP message found in this ${chosen === 'raw' ? 'text' : `${chosen} trace`}.`,
				},
			],
		};
	}
	return result;
}

function rulesWithCrMarks(format: TraceFormat, text: string): FormatRules {
	const rules = rulesFor(format, text);
	return printsCrAsCaretM(text) ? withCaretM(rules) : rules;
}
