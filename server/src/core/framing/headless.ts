import type { Problem, Span } from '../model';
import { headerNameEnd } from '../parser/bodyStart';
import { knownNameAt } from '../parser/headerNames';
import { isStartLine } from './lines';

/*
 * A message's headers in the trace's log text, no start line that can be read above them: a paste
 * that begins inside a message (an issue's excerpt cut above its `INVITE`), a start line wrapped
 * or garbled by the copy, a log that printed the headers without the request line. No message can be read without its
 * start line, and the text stays log text; the user is told what it is, rather than left to
 * wonder why the reader skipped it.
 */

/** How many known header lines in a row, Call-ID and CSeq among them, make such a block. */
const enough = 3;

/**
 * An information problem on each block of header lines without a start line in `noise`, outside
 * the messages the format printed as log text only (`logOnly`: SIPp's second print of an
 * unexpected message, whose start line a copy may have wrapped).
 */
export function headerBlocksWithoutStart(
	text: string,
	noise: readonly Span[],
	logOnly: readonly Span[] = [],
): Problem[] {
	const found: Problem[] = [];
	// Where the trace's text begins: a run that starts there may be a message's tail alone.
	let first = 0;
	while (first < text.length && /\s/.test(text[first]!)) first++;
	// The log-only print the block is in, if any: blocks come in text order, so one pass.
	let k = 0;
	const printedOnly = (at: number): boolean => {
		while (k < logOnly.length && logOnly[k]!.end <= at) k++;
		return k < logOnly.length && logOnly[k]!.start <= at;
	};
	for (const span of noise) {
		let runStart = -1;
		let runEnd = -1;
		let count = 0;
		let callId = false;
		let cseq = false;
		let gap = false;
		// The run's indent: a post that indented the block as a whole (a Markdown code block).
		let indent = 0;
		// Where the run's first line starts (its header starts after the indent).
		let runLine = -1;
		const close = (): void => {
			// Under a start line the format leaves as log text on purpose (SIPp's `Unexpected UDP
			// message received:`, a message sipsak builds, Twinkle's `Send internal:`), the message
			// has its start line.
			if (
				count >= enough &&
				// At the trace's very start a paste that begins inside a message may hold its tail
				// alone (`To: ...`, `CSeq: ...`, `WWW-Authenticate: ...`): one of the two will do.
				((callId && cseq) || ((callId || cseq) && runStart <= first)) &&
				!underStartLine(text, runLine) &&
				!printedOnly(runStart)
			)
				found.push({
					code: 'framing.no-start-line',
					severity: 'information',
					span: { start: runStart, end: runEnd },
					message:
						"These lines are a SIP message's headers, but no start line that can be read comes before them (the paste begins inside the message, or its start line is cut, wrapped or garbled): the message is not read.",
				});
			runStart = -1;
			indent = 0;
			count = 0;
			callId = cseq = gap = false;
		};
		for (let at = span.start; at < span.end;) {
			let nl = text.indexOf('\n', at);
			if (nl < 0 || nl >= span.end) nl = span.end;
			let le = nl;
			while (le > at && text.charCodeAt(le - 1) === 13) le--;
			let own = 0;
			while (own < 8 && at + own < le && isBlankChar(text.charCodeAt(at + own))) own++;
			// One empty line between two header lines: a copy that doubled its line ends (a guide
			// that set each line as a paragraph). Two end the run.
			if (le === at && runStart >= 0 && !gap) gap = true;
			// A folded line goes on with the header above it.
			else if (runStart >= 0 && le > at + own && own > indent) runEnd = le;
			else {
				gap = false;
				const from = runStart < 0 || own === indent ? at + own : at;
				const nameEnd = le > from ? headerNameEnd(text, from, le) : -1;
				const name = nameEnd > 0 ? knownNameAt(text, from, nameEnd) : undefined;
				if (name) {
					if (runStart < 0) {
						runStart = from;
						runLine = at;
						indent = own;
					}
					runEnd = le;
					count++;
					if (name.key === 'call-id') callId = true;
					else if (name.key === 'cseq') cseq = true;
				} else if (runStart >= 0 && nameEnd > 0) {
					// A header of an extension (`Session-ID:`, `X-...:`) goes on with the run,
					// without counting towards it.
					runEnd = le;
				} else if (runStart >= 0) close();
			}
			at = nl + 1;
		}
		if (runStart >= 0) close();
	}
	return found;
}

const isBlankChar = (c: number): boolean => c === 32 || c === 9;

/** Is the line above the one at `at` a SIP start line? */
function underStartLine(text: string, at: number): boolean {
	if (at === 0) return false;
	let end = at - 1;
	if (end > 0 && text.charCodeAt(end - 1) === 13) end--;
	let start = text.lastIndexOf('\n', end - 1) + 1;
	// Indented as a block is (or deeper: a list's code block whose first line the post indented
	// further).
	while (start < end && isBlankChar(text.charCodeAt(start))) start++;
	return isStartLine(text, start, end);
}
