import type { FramingResult } from '../model';
import { mergedSpans } from './spans';

/*
 * A paste that begins inside a NOTIFY of a REFER's subscription: its headers without their start
 * line (framing.no-start-line says so), `Content-Type: message/sipfrag`, the empty line, then the
 * body, a status line alone (`SIP/2.0 100 Trying`, RFC 3420, RFC 3515 §2.4.5). That status line
 * is the NOTIFY's body, not a response of its own: it goes back to the text around it.
 */

/** How far above a status line the headers of the NOTIFY it may be the body of are looked for. */
const reach = 4096;

/**
 * `result` without its first frame where that is the sipfrag body of the NOTIFY whose headers the
 * text opens with; as it is otherwise. (Only a paste begins inside a message: a frame further on
 * follows the one before it, not a NOTIFY's headers.)
 */
export function withoutSipfragBodies(text: string, result: FramingResult): FramingResult {
	const first = result.frames[0];
	if (!first || first.meta !== null) return result;
	const { span, sip } = first;
	if (
		!text.startsWith('SIP/2.0 ', sip.start) ||
		!startLineAlone(text, sip.start, sip.end) ||
		!underSipfragHeaders(text, span.start, 0)
	)
		return result;
	return {
		...result,
		frames: result.frames.slice(1),
		noise: mergedSpans([...result.noise, span]),
	};
}

/** Is [start, end) one line and white space after it? */
function startLineAlone(text: string, start: number, end: number): boolean {
	const lf = text.indexOf('\n', start);
	if (lf < 0 || lf >= end) return true;
	for (let i = lf; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c !== 10 && c !== 13 && c !== 32 && c !== 9) return false;
	}
	return true;
}

/**
 * Do the lines right above `at` read as an empty line under header lines (no frame's among
 * them: none before `floor`), one of them `Content-Type: message/sipfrag`?
 */
function underSipfragHeaders(text: string, at: number, floor: number): boolean {
	const low = Math.max(floor, at - reach);
	let end = at;
	// The empty line between the headers and the body.
	let blank = 0;
	while (end > low) {
		const start = lineStartBefore(text, end);
		if (start < low || start >= end || !isBlank(text, start, end)) break;
		blank++;
		end = start;
	}
	if (blank === 0 || end <= low) return false;
	let sipfrag = false;
	let headers = 0;
	while (end > low) {
		const start = Math.max(low, lineStartBefore(text, end));
		if (start >= end) break;
		const line = text.slice(start, end).trimEnd();
		const colon = line.indexOf(':');
		if (colon <= 0 || !/^[A-Za-z][A-Za-z0-9.!%*_+`'~-]*$/.test(line.slice(0, colon).trimEnd()))
			break;
		headers++;
		if (
			/^(?:content-type|c)$/i.test(line.slice(0, colon).trim()) &&
			/^\s*message\/sipfrag\b/i.test(line.slice(colon + 1))
		)
			sipfrag = true;
		end = start;
	}
	return sipfrag && headers >= 3;
}

/**
 * Where the line that ends at `end` (just after its line end) starts. (`lastIndexOf` with a
 * negative start looks at index 0: the first line is asked for apart.)
 */
function lineStartBefore(text: string, end: number): number {
	return end < 2 ? 0 : text.lastIndexOf('\n', end - 2) + 1;
}

function isBlank(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c !== 10 && c !== 13 && c !== 32 && c !== 9) return false;
	}
	return true;
}
