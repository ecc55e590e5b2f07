import type { Frame, Problem, Span } from '../model';
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
	blankLine: number,
	contentLength: number | null,
	problems: Problem[],
): Span | null {
	const lineCount = lines.length >> 1;
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
	// Walk the body counting octets as sent, and as sent if each bare LF had been CRLF.
	let octets = 0;
	let widened = 0;
	let exactEnd = -1;
	let widenedEnd = -1;
	if (contentLength === 0) exactEnd = widenedEnd = bodyStart;
	for (let i = bodyStart; i < sipEnd && (exactEnd < 0 || widenedEnd < 0); i++) {
		const c = text.charCodeAt(i);
		const size =
			c < 0x80
				? 1
				: c < 0x800
					? 2
					: c >= 0xd800 && c <= 0xdbff
						? 4
						: c >= 0xdc00 && c <= 0xdfff
							? 0
							: 3;
		octets += size;
		widened += size + (c === 10 && text.charCodeAt(i - 1) !== 13 ? 1 : 0);
		if (exactEnd < 0 && octets >= contentLength) exactEnd = i + 1;
		if (widenedEnd < 0 && widened >= contentLength) widenedEnd = i + 1;
	}
	// An empty body is no body.
	if (exactEnd >= 0 && onlyWhitespace(text, exactEnd, sipEnd))
		return exactEnd > bodyStart ? { start: bodyStart, end: exactEnd } : null;
	if (widenedEnd >= 0 && onlyWhitespace(text, widenedEnd, sipEnd))
		return widenedEnd > bodyStart ? { start: bodyStart, end: widenedEnd } : null;
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

export function octetLength(text: string, start: number, end: number): number {
	let n = 0;
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		n +=
			c < 0x80
				? 1
				: c < 0x800
					? 2
					: c >= 0xd800 && c <= 0xdbff
						? 4
						: c >= 0xdc00 && c <= 0xdfff
							? 0
							: 3;
	}
	return n;
}

function hasNonAscii(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) if (text.charCodeAt(i) >= 0x80) return true;
	return false;
}
