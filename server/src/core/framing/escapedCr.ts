import { Removals, TextWithout } from './textWithout';

/*
 * A message whose CRs a logger wrote as the two characters `\r` while its LFs stayed line ends: a
 * browser console's export of SIP.js's `Sending WebSocket message:` (TextNow's web phone), a
 * JSON-escaping logger that splits on LF. Each line of the message ends in `\r`, the empty line
 * after its headers is `\r` alone, and no format's rules read a start line or a header with it.
 * Such a trace is framed without those escapes, and the frames put back on the trace's own
 * offsets (textWithout.ts): each escape lies inside its message's span, out of its lines.
 */

/** How many lines ending in the escape a trace must hold, one of them a start line's. */
const enough = 3;

/** Where such lines are looked for: a console's export is short, a large log is not searched. */
const head = 1 << 16;

/** Does `text` hold lines ending in a written `\r`, a SIP start line's among them? */
export function holdsEscapedCr(text: string): boolean {
	const start = text.length > head ? text.slice(0, head) : text;
	let count = 0;
	let startLine = false;
	for (let at = start.indexOf('\\r'); at >= 0; at = start.indexOf('\\r', at + 2)) {
		if (!endsLine(start, at)) continue;
		count++;
		if (!startLine && (start.startsWith(' SIP/2.0', at - 8) || isStatusLine(start, at)))
			startLine = true;
		if (startLine && count >= enough) return true;
	}
	return false;
}

/**
 * Whether the `\r` at `at` ends its line (a line end, LF or CRLF, right after it) and is no
 * escaped backslash's `r` (`\\r`).
 */
function endsLine(text: string, at: number): boolean {
	const next = text.charCodeAt(at + 2);
	if (next !== 10 && !(next === 13 && text.charCodeAt(at + 3) === 10)) return false;
	let backslashes = 0;
	while (at - backslashes > 0 && text.charCodeAt(at - backslashes - 1) === 92) backslashes++;
	return backslashes % 2 === 0;
}

/** Does the line the escape at `at` ends start with `SIP/2.0 ddd `? */
function isStatusLine(text: string, at: number): boolean {
	const lineStart = text.lastIndexOf('\n', at) + 1;
	return /^SIP\/2\.0 \d{3} /.test(text.slice(lineStart, Math.min(at, lineStart + 13)));
}

/** The trace without the written `\r` at its lines' ends, and the way back to its offsets. */
export class WithoutEscapedCr extends TextWithout {
	constructor(source: string) {
		const removals = new Removals();
		const parts: string[] = [];
		let kept = 0;
		for (let at = source.indexOf('\\r'); at >= 0; at = source.indexOf('\\r', at + 2)) {
			if (!endsLine(source, at)) continue;
			parts.push(source.slice(kept, at));
			removals.take(at, at + 2);
			kept = at + 2;
		}
		parts.push(source.slice(kept));
		super(source, parts.join(''), removals);
	}
}
