import type { Frame, Problem, Span } from '../model';
import { advanceOctets, LineEnds, octetLength } from '../text/octets';
import { problem } from './problems';

/**
 * Where the body is, given the frame, its lines and the index of the empty line that ends the
 * headers. Content-Length counts octets on the wire (RFC 3261 §18.3, §20.14); a trace that
 * turned CRLF into LF lost one octet per line, so a body that matches once each bare LF is
 * counted as CRLF is accepted as it is. A missing or lying Content-Length is noted and the text up
 * to the end of the frame kept as the body.
 */
export function locateBody(
	text: string,
	frame: Frame,
	lines: Int32Array,
	lineCount: number,
	blankLine: number,
	contentLength: number | null,
	problems: Problem[],
): Span | null {
	if (blankLine >= lineCount) return null; // no empty line: no body (or headers cut short)
	if (frame.lines) return decoratedBody(lines, blankLine, lineCount);

	const blankEnd = lines[2 * blankLine + 1]!;
	let bodyStart = blankEnd;
	if (text.charCodeAt(bodyStart) === 13) bodyStart++;
	if (text.charCodeAt(bodyStart) === 10) bodyStart++;
	const sipEnd = Math.max(bodyStart, frame.sip.end);
	let trimmedEnd = sipEnd;
	while (trimmedEnd > bodyStart && isLineEnd(text.charCodeAt(trimmedEnd - 1))) trimmedEnd--;

	if (contentLength === null) {
		if (trimmedEnd > bodyStart) {
			problems.push(
				problem(
					'content-length.missing-with-body',
					{ start: bodyStart, end: trimmedEnd },
					'A body without Content-Length: over TCP or TLS the message boundary is lost (RFC 3261 §20.14).',
				),
			);
		}
		return { start: bodyStart, end: sipEnd };
	}
	// The body as written, or as it was on the wire before a tool or editor changed line ends.
	let exactEnd = -1;
	for (const mode of [LineEnds.AsWritten, LineEnds.AddCr, LineEnds.DropCr]) {
		const end =
			contentLength === 0 ? bodyStart : advanceOctets(text, bodyStart, sipEnd, contentLength, mode);
		if (mode === LineEnds.AsWritten) exactEnd = end;
		// An empty body is no body.
		if (end >= 0 && onlyWhitespace(text, end, sipEnd))
			return end > bodyStart ? { start: bodyStart, end } : null;
	}
	const actual = octetLength(text, bodyStart, trimmedEnd);
	const span = { start: bodyStart, end: trimmedEnd };
	if (exactEnd >= 0 && hasNonAscii(text, bodyStart, trimmedEnd)) {
		// Binary octets were decoded as text (and maybe replaced): the length cannot be checked.
		problems.push(
			problem(
				'content-length.mismatch',
				span,
				`Content-Length is ${contentLength}; the body holds binary octets, so its length as decoded (${actual}) may differ from the wire.`,
				'information',
			),
		);
		return { start: bodyStart, end: sipEnd };
	}
	if (exactEnd < 0) {
		problems.push(
			problem(
				'content-length.mismatch',
				span,
				`Content-Length is ${contentLength} but only ${actual} octets of body follow: the message is truncated or the length is wrong (RFC 3261 §18.3).`,
			),
		);
		return { start: bodyStart, end: sipEnd };
	}
	// Longer than Content-Length: over UDP the extra octets are discarded (RFC 3261 §18.3).
	problems.push(
		problem(
			'content-length.mismatch',
			{ start: exactEnd, end: trimmedEnd },
			`${actual - contentLength} octets follow the ${contentLength} that Content-Length announces; a receiver discards them (RFC 3261 §18.3).`,
			'information',
		),
	);
	return { start: bodyStart, end: exactEnd };
	return { start: bodyStart, end: sipEnd };
}

/** In line-decorated formats the body is the lines after the empty line, trailing empty lines dropped. */
function decoratedBody(lines: Int32Array, blankLine: number, lineCount: number): Span | null {
	let last = lineCount - 1;
	while (last > blankLine && lines[2 * last] === lines[2 * last + 1]) last--;
	if (last <= blankLine) return null;
	return { start: lines[2 * (blankLine + 1)]!, end: lines[2 * last + 1]! };
}

function isLineEnd(c: number): boolean {
	return c === 10 || c === 13;
}

function onlyWhitespace(text: string, from: number, to: number): boolean {
	for (let i = from; i < to; i++) {
		const c = text.charCodeAt(i);
		if (c !== 10 && c !== 13 && c !== 32 && c !== 9) return false;
	}
	return true;
}

function hasNonAscii(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) if (text.charCodeAt(i) >= 0x80) return true;
	return false;
}
