import type { FormatRules } from './engine';
import { headerNameEnd } from '../parser/bodyStart';
import { isBlank, isHeaderLine, isStartLine, readLine, type Line } from './lines';

/*
 * Traces pasted into issues, mails and Markdown are often indented as a whole (four spaces, a
 * tab). When every SIP start line of a trace sits behind the same white space, that white space
 * is taken off each line that has it, whatever the log format around it.
 */

/** Lines looked at: enough for several messages of any format. */
const sampleLines = 3000;
/**
 * The deepest indentation looked for: Android Studio's older logcat view indents a record's
 * further lines to the column its text starts at, behind a prefix of 60 characters and more.
 */
const maxIndent = 100;

/** The white space every SIP start line of the trace's head is indented by, or ''. */
export function commonIndent(text: string): string {
	const line: Line = { start: 0, end: 0, next: 0 };
	let indent: string | null = null;
	// Start lines alone (an abridged flow, a poster's one-line quote): their indentation counts
	// only where no message shows its headers.
	let alone: string | null = null;
	let atMargin = false;
	let lines = 0;
	for (let at = 0; lines < sampleLines && readLine(text, at, line); at = line.next, lines++) {
		let i = line.start;
		while (i < line.end && i - line.start < maxIndent) {
			const c = text.charCodeAt(i);
			if (c !== 32 && c !== 9) break;
			i++;
		}
		if (!isStartLine(text, i, line.end)) continue;
		// A start line whose headers follow at the margin: the log put white space before the
		// message's first line only (Kamailio's `xlog("New message:\n $mb")`), no indentation;
		// or whose log prefix the next line has at the margin (a paste's space before line one).
		if (
			i > line.start &&
			(headerAtMargin(text, line.next) || sameOpeningAtMargin(text, i, line.next))
		) {
			atMargin = true;
			continue;
		}
		// Headers below indented less than the start line, all of that indentation its own too
		// (a post's code block in a list, its start line given a space or two more): theirs is
		// the message's.
		const found = text.slice(line.start, i - lessIndentedHeader(text, line.start, i, line.next));
		if (i > line.start && !nextLineHolds(text, line.next)) {
			alone = alone === null || alone === found ? found : '';
			continue;
		}
		if (found === '') return '';
		if (indent === null) indent = found;
		else if (indent !== found) return '';
	}
	return indent ?? (atMargin ? '' : (alone ?? ''));
}

/**
 * The line at `next` starts at the margin with the first characters the line indented to
 * `from` has there (a log's stamp: a logcat paste whose first line alone got a space before
 * it): the log's lines are not indented, the first one was.
 */
function sameOpeningAtMargin(text: string, from: number, next: number): boolean {
	const n = 10;
	if (next + n > text.length) return false;
	const c = text.charCodeAt(next);
	if (c === 32 || c === 9) return false;
	for (let k = 0; k < n; k++) {
		const a = text.charCodeAt(from + k);
		const b = text.charCodeAt(next + k);
		// Digits may differ (a stamp's time), their places may not.
		if (a !== b && !(a >= 48 && a <= 57 && b >= 48 && b <= 57)) return false;
	}
	return true;
}

/** The line at `at` holds more than white space. */
function nextLineHolds(text: string, at: number): boolean {
	const line: Line = { start: 0, end: 0, next: 0 };
	if (at >= text.length || !readLine(text, at, line)) return false;
	for (let i = line.start; i < line.end; i++) {
		const c = text.charCodeAt(i);
		if (c !== 32 && c !== 9 && c !== 13) return true;
	}
	return false;
}

/**
 * How much less than the start line's, indented [start, i), the header line at `next` is
 * indented by the same white space: 0 when not less, or when no header follows.
 */
function lessIndentedHeader(text: string, start: number, i: number, next: number): number {
	if (i === start || next >= text.length) return 0;
	let j = 0;
	while (
		next + j < text.length &&
		start + j < i &&
		text.charCodeAt(next + j) === text.charCodeAt(start + j)
	)
		j++;
	if (j === 0 || start + j >= i) return 0;
	const line: Line = { start: 0, end: 0, next: 0 };
	if (!readLine(text, next, line)) return 0;
	const c = text.charCodeAt(next + j);
	return c !== 32 && c !== 9 && headerNameEnd(text, next + j, line.end) > 0 ? i - start - j : 0;
}

/**
 * The line at `at` is a header line that starts at the margin (`Via: ...`), or the one after it
 * when that one is empty (a double-spaced copy: an iOS console's ` SIP/2.0 503 ...`).
 */
function headerAtMargin(text: string, at: number): boolean {
	const line: Line = { start: 0, end: 0, next: 0 };
	if (at >= text.length || !readLine(text, at, line)) return false;
	if (line.end === line.start && (line.next >= text.length || !readLine(text, line.next, line)))
		return false;
	const c = text.charCodeAt(line.start);
	return c !== 32 && c !== 9 && headerNameEnd(text, line.start, line.end) > 0;
}

/**
 * The rules of a format, with `indent` taken off the start of every line that has it. A line
 * without it is other log text, which ends a message (Android Studio's logcat view indents a
 * record's further lines, the message's, and starts the next record, `I/Linphone: ...`, at the
 * margin), unless it is the format's metadata or blank.
 */
export function withIndent(rules: FormatRules, indent: string): FormatRules {
	if (indent === '') return rules;
	const inner = rules.decorate;
	const n = indent.length;
	return {
		...rules,
		decorate(text, start, end) {
			if (end - start >= n && text.startsWith(indent, start)) {
				return inner ? inner(text, start + n, end) : [start + n, end];
			}
			const c: [number, number] | null = inner ? inner(text, start, end) : [start, end];
			if (!c || isBlank(text, c[0], c[1]) || rules.matchMeta?.(text, c[0], c[1])) return c;
			return null;
		},
	};
}

/*
 * A trace quoted in Markdown or a mail reply carries `> ` before every line (`>` alone on an
 * empty one, `> > ` when quoted twice). When most lines of the head carry it, it is taken off
 * each line that has it. So is `// ` or `//` and tabs (`//` alone on an empty line), a trace
 * kept in a source file's comment.
 */

/** Non-blank lines looked at: as many as the other per-line prefix checks look at. */
const quoteSampleLines = 200;

/**
 * How the trace is quoted as a whole: `>` (a mail, Markdown), `//` (a comment in code), `debug`
 * (the namespace the Node `debug` module writes before every line of a record in a terminal,
 * `  JsSIP:Transport `, maybe in colour), or ''.
 */
export type QuoteMarker = '' | '>' | '//' | 'debug';

// debug's formatArgs with colours: `  \x1b[36;1mJsSIP:Transport \x1b[0m` before each line of a
// record (`%s` of `JsSIP:Transport sending message:\n\n<message>\n`), the colours gone in a
// copy of the terminal's text. A namespace is a name and one or more `:`-parts, no space.
const debugNamespace =
	// eslint-disable-next-line no-control-regex -- the terminal colour escapes debug writes
	/^ {0,4}(?:\x1b\[[\d;]{0,12}m){0,2}[A-Za-z][\w.$-]{0,40}(?::[\w.$*-]{1,40}){1,4} (?:\x1b\[0m)?/;

/** The marker most non-blank lines of the trace's head start with, or ''. */
export function quoteMarker(text: string): QuoteMarker {
	const line: Line = { start: 0, end: 0, next: 0 };
	let seen = 0;
	let quoted = 0;
	let commented = 0;
	let namespaced = 0;
	for (let at = 0; seen < quoteSampleLines && readLine(text, at, line); at = line.next) {
		if (line.end === line.start) continue;
		seen++;
		const c = text.charCodeAt(line.start);
		if (c === 62) quoted++;
		else if (c === 47 && text.charCodeAt(line.start + 1) === 47) commented++;
		else if (debugNamespace.test(text.slice(line.start, Math.min(line.end, line.start + 80))))
			namespaced++;
	}
	if (seen < 3) return '';
	if (quoted * 5 >= seen * 4) return '>';
	if (commented * 5 >= seen * 4) return '//';
	return namespaced * 5 >= seen * 4 ? 'debug' : '';
}

/** How far into a text a quoted message is looked for: a post or a mail quotes near its head. */
const quotedHead = 1 << 20;

/**
 * Does a block quoted with `>` hold a message, its start line and a header on the next line both
 * behind the marker? An issue or a mail that quotes a message among its own unquoted prose (too
 * few quoted lines for {@link quoteMarker} to call the whole text quoted).
 */
export function holdsQuotedMessage(source: string): boolean {
	// The head alone is searched: no search runs on through a large log.
	const text = source.length > quotedHead ? source.slice(0, quotedHead) : source;
	const end = text.length;
	const line: Line = { start: 0, end: 0, next: 0 };
	const next: Line = { start: 0, end: 0, next: 0 };
	// Each line that starts with `>`: the first, then each after a line end.
	let at = text.charCodeAt(0) === 62 ? 0 : text.indexOf('\n>') + 1;
	while (at > 0 || (at === 0 && text.charCodeAt(0) === 62)) {
		if (at >= end || !readLine(text, at, line)) return false;
		if (
			isStartLine(text, unquoted(text, line.start, line.end), line.end) &&
			text.charCodeAt(line.next) === 62 &&
			readLine(text, line.next, next) &&
			isHeaderLine(text, unquoted(text, next.start, next.end), next.end)
		)
			return true;
		const nl = text.indexOf('\n>', line.start);
		if (nl < 0) return false;
		at = nl + 1;
	}
	return false;
}

/**
 * Where a line's content starts after its quote markers (`> `, `>`, up to four levels), after
 * `// ` (`//`) for a trace in a comment, or after debug's namespace.
 */
export function unquoted(
	text: string,
	start: number,
	end: number,
	marker: QuoteMarker = '>',
): number {
	let i = start;
	if (marker === 'debug') {
		const m = debugNamespace.exec(text.slice(start, Math.min(end, start + 80)));
		if (m) return start + m[0].length;
		return end - start <= 80 && isBareNamespace(text.slice(start, end)) ? end : start;
	}
	if (marker === '//') {
		if (end - start < 2 || text.charCodeAt(start) !== 47 || text.charCodeAt(start + 1) !== 47)
			return start;
		i += 2;
		if (i < end && text.charCodeAt(i) === 32) return i + 1;
		// `//` and tabs (a C++ comment indented by the editor): the tabs are the comment's, and
		// what the trace indented with spaces after them (a tshark tree's levels) stays.
		while (i < end && text.charCodeAt(i) === 9) i++;
		return i;
	}
	for (let level = 0; level < 4 && i < end && text.charCodeAt(i) === 62; level++) {
		i++;
		if (i < end && text.charCodeAt(i) === 32) i++;
	}
	return i;
}

/**
 * A record's empty line: the namespace alone, its trailing space trimmed (drachtio's log in an
 * issue). Each `:`-part holds a letter, so `Content-Length:0` is not taken for one.
 */
function isBareNamespace(line: string): boolean {
	const m = debugNamespace.exec(`${line} `);
	if (!m || m[0].length !== line.length + 1) return false;
	const parts = line.trim().split(':');
	for (let k = 1; k < parts.length; k++) if (!/[A-Za-z]/.test(parts[k]!)) return false;
	return true;
}

/** The rules of a format, with the quote markers taken off every line that has them. */
export function withQuote(rules: FormatRules, marker: QuoteMarker): FormatRules {
	if (marker === '') return rules;
	const inner = rules.decorate;
	return {
		...rules,
		decorate(text, start, end) {
			const s = unquoted(text, start, end, marker);
			return inner ? inner(text, s, end) : [s, end];
		},
	};
}
