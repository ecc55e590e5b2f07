import { frameTrace } from './framing/frameTrace';
import type { Problem, SipMessage, TraceFormat } from './model';
import { HeaderTable } from './parser/headerTable';
import { parseMessage } from './parser/sipMessage';

/**
 * The format of the trace that `text` (the start of a file) begins, or undefined when it is not
 * a SIP trace. A trace holds at least two messages with the headers
 * every SIP message has (RFC 3261 §8.1.1: Via, From, To, Call-ID, CSeq), or one such message
 * that is at least half of the text. Prose that quotes a start line, a document about SIP with
 * one example in it, or a message cut before its headers is not taken.
 */
export function recognizeTrace(text: string): TraceFormat | undefined {
	// Most files are not traces: they are turned away without framing.
	if (!text.includes('SIP/2.0')) return undefined;
	const framing = frameTrace(text);
	const read = framing.reading ?? text;
	const problems: Problem[] = [];
	const table = new HeaderTable();
	let whole = 0;
	let sipChars = 0;
	for (let i = 0; i < framing.frames.length && whole < 2; i++) {
		const frame = framing.frames[i]!;
		if (!isWhole(parseMessage(read, frame, i, problems, table))) continue;
		whole++;
		sipChars += frame.sip.end - frame.sip.start;
	}
	// A message a log printed again (sipsak's copy before it sends, its summary's) is SIP text too.
	for (const span of framing.logOnly ?? []) sipChars += span.end - span.start;
	return whole >= 2 || (whole === 1 && sipChars * 2 >= text.trim().length)
		? framing.format
		: undefined;
}

function isWhole(message: SipMessage): boolean {
	return (
		message.kind !== 'invalid' &&
		message.callId !== null &&
		message.cseq !== null &&
		message.vias.length > 0 &&
		message.from !== null &&
		message.to !== null
	);
}
