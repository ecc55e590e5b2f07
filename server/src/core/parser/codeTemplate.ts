import type { Problem } from '../model';
import { indexWithin } from '../text/search';
import { dropProblemsOnText } from './sippTemplate';

/*
 * A message written in a program's source as a string template (CoffeeScript's and Ruby's
 * `#{uri}`, JavaScript's and Kotlin's `${uri}`, Mustache's and Jinja's `{{uri}}`, printf's `%s`,
 * a test's own markers replaced before use, `__callid__`):
 * what the program would send once it fills the placeholders in, not traffic. Said once; the
 * problems a placeholder explains (`sip:#{uri}` no URI, `Content-Length: #{body.length}` no
 * number) are not the message's.
 */

/** How many placeholders a message holds before it is read as a template. */
const enough = 2;

// Unbounded inside the braces: the text searched is bounded, and counted repetitions make the
// static ReDoS check's automaton grow past any memory.
const placeholder =
	/[#$]\{[^{}\r\n]+\}|\{\{[^{}\r\n]+\}\}|%s(?![0-9A-Fa-f])|\b__[A-Za-z][A-Za-z0-9]{0,30}__\b/g;

/** Does [start, end) hold a program's placeholders (two at least)? */
export function isCodeTemplate(text: string, start: number, end: number): boolean {
	const last = Math.min(end, start + 8000);
	if (
		indexWithin(text, '{', start, last) < 0 &&
		indexWithin(text, '%s', start, last) < 0 &&
		indexWithin(text, '__', start, last) < 0
	)
		return false;
	const part = text.slice(start, last);
	placeholder.lastIndex = 0;
	let n = 0;
	while (placeholder.exec(part)) if (++n >= enough) return true;
	return false;
}

/**
 * Drops the problems from `from` on whose text holds a placeholder, but those on the whole
 * message (spanning its start line at `messageStart`).
 */
export function dropPlaceholderProblems(
	text: string,
	problems: Problem[],
	from: number,
	messageStart: number,
): void {
	dropProblemsOnText(text, problems, from, messageStart, (spanned) => {
		placeholder.lastIndex = 0;
		return placeholder.test(spanned);
	});
}

/**
 * Lint's problems on a template, as {@link dropPlaceholderProblems} drops the parser's: those on
 * a value that holds a placeholder. A fault the placeholder does not explain stays: a From with
 * no tag (the template writes none), a branch written without the magic cookie (`branch=0`)
 * beside a placeholder for the host.
 */
export function dropLintPlaceholderProblems(
	text: string,
	problems: Problem[],
	from: number,
	messageStart: number,
): void {
	let kept = from;
	for (let i = from; i < problems.length; i++) {
		const p = problems[i]!;
		const judged =
			p.code === 'from.missing-tag'
				? ''
				: p.code === 'via.branch-without-cookie'
					? p.message
					: text.slice(p.span.start, Math.min(p.span.end, p.span.start + 2000));
		placeholder.lastIndex = 0;
		if (p.span.start === messageStart || !placeholder.test(judged)) problems[kept++] = p;
	}
	problems.length = kept;
}
