import type { FormatRules } from './engine';

/*
 * ngrep -W byline prints each CR as `.` (`SIP/2.0 200 OK.`, `Content-Length: 0.`, `.` for the
 * empty line). Its payload is often quoted without the `U a -> b` line that makes the trace
 * ngrep's: the dots are then taken off as ngrep's framing would, when the trace shows them
 * consistently (a start line and the two lines after it all end in `.`, which no SIP start
 * line or header does on the wire).
 */

const dotStart =
	/^[^\S\r\n]*(?:>[^\S\r\n]?)*(?:[A-Z][A-Za-z-]* \S+ SIP\/2\.0|SIP\/2\.0 \d{3}[^\r\n]{0,200})\.\r?\n[^\r\n]*\.\r?\n[^\r\n]*\.\r?$/m;

/** Does the trace print CRs as ngrep does, a trailing `.`? Looked for in the first 64 KB. */
export function printsCrAsDot(text: string): boolean {
	const head = text.length > 1 << 16 ? text.slice(0, 1 << 16) : text;
	return dotStart.test(head);
}

/** The rules of a format, with a trailing `.` taken off every line's content. */
export function withDotCr(rules: FormatRules): FormatRules {
	const inner = rules.decorate;
	return {
		...rules,
		decorate(text, start, end) {
			const content: [number, number] | null = inner ? inner(text, start, end) : [start, end];
			if (!content) return null;
			const [s, e] = content;
			return e > s && text.charCodeAt(e - 1) === 46 ? [s, e - 1] : content;
		},
	};
}
