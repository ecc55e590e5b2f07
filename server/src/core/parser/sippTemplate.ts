import type { Problem } from '../model';

/*
 * A message in a SIPp scenario (`<send><![CDATA[ ... ]]></send>`) is a template: SIPp fills in its
 * keywords when the scenario runs (`[service]`, `[remote_ip]`, `[branch]`, `[call_id]`, `[$3]`,
 * `[len]`), and a line that is a keyword alone stands for headers it copies (`[last_Via:]`,
 * `[routes]`). It is read as the message it makes; what a keyword stands for is not judged.
 */

/** Does the SIP text at `sipStart` open a SIPp scenario's CDATA section (white space between)? */
export function isSippTemplate(text: string, sipStart: number): boolean {
	let i = sipStart - 1;
	while (i >= 8 && sipStart - i < 200) {
		const c = text.charCodeAt(i);
		if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
		i--;
	}
	return text.startsWith('<![CDATA[', i - 8);
}

/**
 * Does [start, end) hold one of SIPp's own keywords (`[call_id]`, `[local_ip]`, `[branch]`...)?
 * Not any word in brackets: an IPv6 address is one (JAIN-SIP's log holds its messages in CDATA
 * too).
 */
export function hasKeyword(text: string, start: number, end: number): boolean {
	const s = text.slice(start, Math.min(end, start + 4000));
	return sippKeyword.test(s) || keywordWithParameters.test(s);
}
// A keyword SIPp reads parameters for: `[authentication username=alice password=alice]`, an
// injection file's `[field1 file="caller.csv" line=0]`.
const keywordWithParameters = /\[(?:authentication|field\d{1,3})[ \]]/;
const sippKeyword =
	/\[(?:call_id|local_ip|local_port|remote_ip|remote_port|branch|transport|call_number|len|service|media_ip|media_port|cseq|pid|last_[\w-]{1,40}|field\d{1,3}|\$[\w-]{1,40})(?:[+-]\d{1,3})?\]/;

/**
 * A line that is a keyword alone, or a header's name with one (`[last_Via:]`, `To[$3]`), the
 * keyword's own parameters with it (`[authentication username=alice password=alice]`, a whole
 * header from an injection file's `[field1 file="caller.csv" line=0]`).
 */
export function isKeywordLine(text: string, start: number, end: number): boolean {
	return keywordLine.test(withoutParameters(text.slice(start, Math.min(end, start + 320)).trim()));
}

/**
 * `[name parameters]` as `[name]` (a scan, not a pattern: the parameters are free text up to the
 * one `]` that ends the line); anything else as it stands.
 */
function withoutParameters(s: string): string {
	const open = s.indexOf('[');
	const space = open < 0 ? -1 : s.indexOf(' ', open);
	if (space < 0 || s.indexOf(']', open) !== s.length - 1) return s;
	return `${s.slice(0, space)}]`;
}
const keywordLine = /^[A-Za-z-]{0,40}\[[\w$.:-]{1,60}\]$/;

/**
 * Drops the problems from `from` on whose text holds a keyword: what it stands for is SIPp's. Not
 * those on the whole message (spanning its start line, at `messageStart`): a header it lacks is
 * the template's own.
 */
export function dropKeywordProblems(
	text: string,
	problems: Problem[],
	from: number,
	messageStart: number,
): void {
	dropProblemsOnText(
		text,
		problems,
		from,
		messageStart,
		(spanned) => keyword.test(spanned) || keywordWithParameters.test(spanned),
	);
}

/**
 * Drops the problems from `from` on whose text `holds` answers true for (a template's keyword or
 * placeholder stands there), but those on the whole message (spanning its start line at
 * `messageStart`).
 */
export function dropProblemsOnText(
	text: string,
	problems: Problem[],
	from: number,
	messageStart: number,
	holds: (spanned: string) => boolean,
): void {
	let kept = from;
	for (let i = from; i < problems.length; i++) {
		const p = problems[i]!;
		const spanned = text.slice(p.span.start, Math.min(p.span.end, p.span.start + 2000));
		if (p.span.start === messageStart || !holds(spanned)) problems[kept++] = p;
	}
	problems.length = kept;
}
const keyword = /\[[\w$.:-]{1,60}\]/;
