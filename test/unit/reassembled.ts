// A message as tshark reassembled it from a capture (`*.messages.json`, written by
// test/scripts/tsharkSipJson.mjs), and the same message as the analyser read it from a printout
// that does not reassemble TCP (tcpdump's, ngrep's), in one shape to compare them.
import { bodyText } from '../../server/src/core/bodies/bodyText';
import { textOf } from '../../server/src/core/parser/joins';
import type { SipMessage } from '../../server/src/core/model';

export interface Reassembled {
	frame: number;
	startLine: string;
	headers: [string, string][];
	body: string;
}

/**
 * A body's line ends as LF, without a last one: the printouts leave the CRs out or print them as
 * `.` (a message in one segment is read as it stands), a body read over segments has its lines
 * joined with CRLF.
 */
export function lineEnds(body: string): string {
	return body.replace(/\r\n/g, '\n').replace(/\n$/, '');
}

/** A message as read from the trace: start line, header names and values, body. */
export function asRead(text: string, m: SipMessage): Omit<Reassembled, 'frame'> {
	return {
		startLine: text.slice(m.startLine.start, m.startLine.end),
		headers: m.headers.map((h) => [
			textOf(text, m.frame, h.name.start, h.name.end),
			textOf(text, m.frame, h.value.start, h.value.end),
		]),
		body: lineEnds(bodyText(text, m)),
	};
}

/** tshark's message, in the same shape. */
export function asReassembled(r: Reassembled): Omit<Reassembled, 'frame'> {
	return { startLine: r.startLine, headers: r.headers, body: lineEnds(r.body) };
}
