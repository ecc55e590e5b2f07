import { readLine, type Line } from './lines';
import { Removals, TextWithout } from './textWithout';

/*
 * A message a post set in Markdown bold, its start line among the rest (`**INVITE sip:... SIP/2.0**`
 * above `**Call-ID: ...**` or plain headers, a VoLTE walk-through's): the markup hides the start
 * line, so the message is not found. Such a trace is framed and read without the markup around
 * start lines, the frames put back on the trace's own offsets (textWithout.ts); the headers' own
 * markup the parser reads past (`header.malformed`, information).
 */

/** Where they are looked for: a post is short, a large log is not searched. */
const head = 1 << 16;

// A start line between the markers, the line's own trailing spaces (Markdown's break) after.
const boldStartLine =
	/^\*\*(?:[A-Z]{2,20} [^\s*]{3,500} SIP\/2\.0|SIP\/2\.0 \d{3}(?: [^*\r\n]{0,200})?)\*\*[ \t]*$/;

/** Does `text` hold a start line set in bold? */
export function holdsBoldStartLine(text: string): boolean {
	const start = text.length > head ? text.slice(0, head) : text;
	if (!start.includes('**')) return false;
	const line: Line = { start: 0, end: 0, next: 0 };
	for (let at = 0; at < start.length && readLine(start, at, line); at = line.next)
		if (text.charCodeAt(line.start) === 42 && boldStartLine.test(start.slice(line.start, line.end)))
			return true;
	return false;
}

/** The trace without the markup around its start lines, and the way back to its offsets. */
export class WithoutBoldStartLines extends TextWithout {
	constructor(source: string) {
		const removals = new Removals();
		const parts: string[] = [];
		let kept = 0;
		const line: Line = { start: 0, end: 0, next: 0 };
		for (let at = 0; at < source.length && readLine(source, at, line); at = line.next) {
			if (source.charCodeAt(line.start) !== 42) continue;
			const m = boldStartLine.exec(source.slice(line.start, line.end));
			if (!m) continue;
			const mark = 2;
			const close = line.start + m[0].trimEnd().length - mark;
			parts.push(source.slice(kept, line.start));
			removals.take(line.start, line.start + mark);
			parts.push(source.slice(line.start + mark, close));
			removals.take(close, close + mark);
			kept = close + mark;
		}
		parts.push(source.slice(kept));
		super(source, parts.join(''), removals);
	}
}
