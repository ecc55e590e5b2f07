import type { FormatRules } from './engine';
import { withLineTail } from './lineTail';

/*
 * ngrep -W byline prints each CR as `.` (`SIP/2.0 200 OK.`, `Content-Length: 0.`, `.` for the
 * empty line). Its payload is often quoted without the `U a -> b` line that makes the trace
 * ngrep's: the dots are then taken off as ngrep's framing would, when the trace shows them
 * consistently (a start line and the two lines after it all end in `.`, which no SIP start
 * line or header does on the wire).
 */

/** A start line (behind quote markers or indentation) that ends in `.`: one line, bounded. */
const dotStart =
	/^[ \t>]{0,16}(?:[A-Z][A-Za-z-]{0,30} \S{1,500} SIP\/2\.0|SIP\/2\.0 \d{3}[^\r\n]{0,200})\.[ \t]{0,200}\r?$/;

/** Does the trace print CRs as ngrep does, a trailing `.`? Looked for in the first 64 KB. */
export function printsCrAsDot(text: string): boolean {
	const head = text.length > 1 << 16 ? text.slice(0, 1 << 16) : text;
	// Each line that holds `SIP/2.0` is tested once.
	for (let hit = head.indexOf('SIP/2.0'); hit >= 0;) {
		const ls = head.lastIndexOf('\n', hit) + 1;
		const le = lineEnd(head, hit);
		if (dotStart.test(head.slice(ls, le))) {
			// The two lines after it, past the empty line a double-spaced copy puts after each.
			const first = pastEmpty(head, le + 1);
			const second = lineEnd(head, first);
			if (
				endsInDot(head, first, second) &&
				endsInDot(head, pastEmpty(head, second + 1), lineEnd(head, pastEmpty(head, second + 1)))
			)
				return true;
		}
		hit = le < head.length ? head.indexOf('SIP/2.0', le + 1) : -1;
	}
	return false;
}

function lineEnd(text: string, from: number): number {
	const nl = text.indexOf('\n', from);
	return nl < 0 ? text.length : nl;
}

/** `from`, or the start of the line after it when the line at `from` is empty (a CR at most). */
function pastEmpty(text: string, from: number): number {
	const end = lineEnd(text, from);
	const empty = end === from || (end === from + 1 && text.charCodeAt(from) === 13);
	return empty && end < text.length ? end + 1 : from;
}

/** Does the line [start, end) end in `.` (before a CR)? */
function endsInDot(text: string, start: number, end: number): boolean {
	if (start > text.length) return false;
	let e = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
	// White space a copy added after each line (see padding.ts) is looked past.
	while (e > start && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	return e > start && text.charCodeAt(e - 1) === 46;
}

/** The rules of a format, with a trailing `.` taken off every line's content. */
export function withDotCr(rules: FormatRules): FormatRules {
	return withLineTail(rules, (text, s, e) => (e > s && text.charCodeAt(e - 1) === 46 ? e - 1 : e));
}
