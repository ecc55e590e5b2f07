import type { FramingResult, TraceFormat } from '../model';
import { detectFormat, rulesFor } from './detect';
import { frameWith } from './engine';
import { frameTshark } from './tshark';
import { frameEscaped } from './escaped';
import { frameTcpdump } from './tcpdump';
import { printsCrAsCaretM, withCaretM } from './caretM';
import type { FormatRules } from './engine';
import { shiftFrame, shiftProblem, shiftSpan } from '../shift';

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
				: chosen === 'tcpdump'
					? frameTcpdump(text)
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

/**
 * Frames `text[start, end)` as the whole text's framing would, in `format` with the rules the
 * whole text gives (used to re-frame the messages an edit touched). Offsets are the whole text's.
 */
export function frameSlice(
	text: string,
	start: number,
	end: number,
	format: TraceFormat,
): FramingResult {
	const slice = text.slice(start, end);
	const result =
		format === 'tshark'
			? frameTshark(slice)
			: format === 'escaped'
				? frameEscaped(slice)
				: format === 'tcpdump'
					? frameTcpdump(slice)
					: frameWith(slice, rulesWithCrMarks(format, text));
	return {
		format: result.format,
		frames: result.frames.map((f) => shiftFrame(f, start)),
		noise: result.noise.map((n) => shiftSpan(n, start)),
		problems: result.problems.map((p) => shiftProblem(p, start)),
	};
}

function rulesWithCrMarks(format: TraceFormat, text: string): FormatRules {
	const rules = rulesFor(format, text);
	return printsCrAsCaretM(text) ? withCaretM(rules) : rules;
}
