import type { FramingResult, Span } from '../model';
import { mergedSpans } from './spans';

/*
 * A paste that begins inside a NOTIFY of a REFER's subscription: its headers without their start
 * line (framing.no-start-line says so), `Content-Type: message/sipfrag`, the empty line, then the
 * body, a status line alone (`SIP/2.0 100 Trying`, RFC 3420, RFC 3515 §2.4.5). That status line
 * is the NOTIFY's body, not a response of its own: it goes back to the text around it.
 */

/** How far above a status line the headers of the NOTIFY it may be the body of are looked for. */
const reach = 4096;

/** `result` without the frames that are a headless NOTIFY's sipfrag body; as it is if none. */
export function withoutSipfragBodies(text: string, result: FramingResult): FramingResult {
	let bodies: Set<number> | null = null;
	let previousEnd = 0;
	result.frames.forEach((f, i) => {
		if (
			f.meta === null &&
			text.startsWith('SIP/2.0 ', f.sip.start) &&
			startLineAlone(text, f.sip.start, f.sip.end) &&
			underSipfragHeaders(text, f.span.start, previousEnd)
		)
			(bodies ??= new Set()).add(i);
		previousEnd = f.span.end;
	});
	if (bodies === null) return result;
	const dropped: ReadonlySet<number> = bodies;
	const noise: Span[] = [...result.noise];
	for (const i of dropped) noise.push(result.frames[i]!.span);
	return {
		...result,
		frames: result.frames.filter((_, i) => !dropped.has(i)),
		noise: mergedSpans(noise),
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
		const start = text.lastIndexOf('\n', end - 2) + 1;
		if (start < low || !isBlank(text, start, end)) break;
		blank++;
		end = start;
	}
	if (blank === 0 || end <= low) return false;
	let sipfrag = false;
	let headers = 0;
	while (end > low) {
		const start = Math.max(low, text.lastIndexOf('\n', end - 2) + 1);
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

function isBlank(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c !== 10 && c !== 13 && c !== 32 && c !== 9) return false;
	}
	return true;
}
