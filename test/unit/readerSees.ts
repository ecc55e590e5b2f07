// What a reader sees of a message, for tests that compare two readings of the same messages (a
// printout and its log, a coloured trace and the plain one).
import type { SipMessage, TraceAnalysis } from '../../server/src/core/model';
import { bodyText } from '../../server/src/core/bodies/bodyText';

/**
 * Message `i` of `analysis` as a reader sees it: start line, dialog keys, body, addresses and the
 * request it answers. The body's line ends as one reading of lines gives them (a message read in
 * pieces, or through the journal, which drops each line's CR, has them as the lines' ends).
 */
export function readerSees(analysis: TraceAnalysis, m: SipMessage, i: number) {
	return {
		method: m.method,
		status: m.status,
		callId: m.callId,
		fromTag: m.from?.tag ?? null,
		toTag: m.to?.tag ?? null,
		branch: m.vias[0]?.branch ?? null,
		body: m.body === null ? null : bodyText(analysis.text, m).replace(/\r\n/g, '\n').trimEnd(),
		src: m.frame.src,
		dst: m.frame.dst,
		request: analysis.index.requestOf(i),
	};
}
