import type { Problem, SipMessage } from '../../model';
import { headerNameEnd, isCommonHeaderLine } from '../../parser/bodyStart';
import { lintProblem } from '../codes';

/**
 * Every line of a message's head ends with CRLF (RFC 3261 §7): the start line, each header line,
 * the empty line. Where the trace keeps the message's CRs (its start line shows one) and a line
 * among the headers ends with LF alone, the sender wrote it so (OpenSIPS' NOTIFY with a bare LF
 * after `Event: check-sync`, which Avaya phones refused). Read where the message's lines stand in
 * the trace as sent (no prefix or indent of a log before them, none cut or joined); ngrep's `.`
 * for each CR counts as the CR. A line a copy wrapped, or a page's markup, is no header line
 * ended early: the line and the one after it must both be header lines.
 */
export function checkBareLineFeeds(text: string, m: SipMessage, out: Problem[]): void {
	const frame = m.frame;
	if (m.cutShort || frame.cuts || frame.joins || m.kind === 'invalid') return;
	// A log's prefix or indent before each line (the start line not at its line's start): the
	// line ends are the log's to keep or not.
	const at = m.startLine.start;
	if (frame.lines !== null && at > 0 && text.charCodeAt(at - 1) !== 10) return;
	const style = crStyle(text, lineEndAfter(text, m.startLine.end));
	if (style === Cr.None) return;
	const end = m.body ? m.body.start : frame.sip.end;
	let lineStart = text.indexOf('\n', m.startLine.end) + 1;
	if (lineStart <= 0) return;
	for (
		let nl = text.indexOf('\n', lineStart);
		nl >= 0 && nl <= end;
		nl = text.indexOf('\n', lineStart)
	) {
		const empty = nl === lineStart || (nl === lineStart + 1 && text.charCodeAt(lineStart) === 13);
		// The content's end: the CR as the start line shows it stands right before the LF.
		if (crStyle(text, nl) !== style) {
			// The empty line is the message's own only where a body follows it: with none, the
			// line end after the last header may be the log's (a log that trimmed the message).
			// Only a CR itself tells: a copy drops ngrep's lone `.` or `^M` more readily.
			if (empty && (!m.body || style !== Cr.Itself)) return;
			// A header line, and a header line (or the empty line) after it: a copy's wrap
			// (`...;branch=z9hG4bK-d87543-` / `13517a5a8218ff45-1--d87543-;rport.`) or a page's
			// markup (`</pre>`) ends no header line there.
			if (!empty && !(isHeaderLine(text, lineStart, nl) && endsAsStartLine(text, nl + 1, style)))
				return;
			out.push(
				lintProblem(
					'message.bare-lf',
					{ start: lineStart, end: nl },
					empty
						? "The empty line that ends the headers is a bare LF, where the message's other lines end with CRLF: RFC 3261 §7 ends every line with CRLF, and a strict parser does not find where the headers end."
						: "This header line ends with a bare LF, where the message's other lines end with CRLF: RFC 3261 §7 ends every line with CRLF, and a strict parser reads the next header into this one or refuses the message.",
				),
			);
			return;
		}
		if (empty) return;
		lineStart = nl + 1;
	}
}

/** Is [start, end) a header line: a name, a colon, a value? */
function isHeaderLine(text: string, start: number, end: number): boolean {
	return headerNameEnd(text, start, end) > start;
}

/**
 * Does the line at `at` show its CR as the start line does, being a header line or the empty
 * line? (A copy that lost a line's `.` loses the next one's too: a page's cut, not the sender.)
 */
function endsAsStartLine(text: string, at: number, style: Cr): boolean {
	let nl = text.indexOf('\n', at);
	if (nl < 0) nl = text.length;
	if (crStyle(text, nl) !== style) return false;
	let end = nl;
	while (end > at && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
	end -= style === Cr.Caret ? 2 : 1;
	return end <= at || isCommonHeaderLine(text, at, end);
}

/** How a trace shows a line's CR: itself, as ngrep's `.`, as `cat -v`'s `^M`, or not at all. */
const enum Cr {
	None,
	Itself,
	Dot,
	Caret,
}

/** The LF that ends the line whose content ends at `end` (white space after it passed). */
function lineEndAfter(text: string, end: number): number {
	const nl = text.indexOf('\n', end);
	return nl < 0 ? text.length : nl;
}

/** How the line ending with the LF at `nl` shows its CR (white space before the LF passed). */
function crStyle(text: string, nl: number): Cr {
	let e = nl;
	while (e > 0 && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	const c = text.charCodeAt(e - 1);
	if (c === 13) return Cr.Itself;
	if (c === 46) return Cr.Dot;
	if (c === 77 && text.charCodeAt(e - 2) === 94) return Cr.Caret;
	return Cr.None;
}
