import type { Problem, SipMessage } from '../../model';
import { findHeader } from '../../query';
import { lintProblem } from '../codes';

/*
 * Content-Type is a media type, `type/subtype` and parameters (RFC 3261 §20.15, §25.1
 * media-type): a receiver that cannot read it cannot tell what the body is
 * (`application/xml + dialog` for a dialog package NOTIFY's body).
 */

// token "/" token *( ";" token "=" ( token / quoted-string ) ), white space allowed around the
// separators, a trailing `;` tolerated; read on the value without its outer white space. No two
// parts of it can take the same characters (the audit's linear-time rule).
const mediaType =
	/^[\w.!%*+`'~-]+[\t ]*\/[\t ]*[\w.!%*+`'~-]+(?:[\t ]*;[\t ]*[\w.!%*+`'~-]+[\t ]*=[\t ]*(?:[\w.!%*+`'~-]+|"(?:[^"\\\r\n]|\\.)*"))*(?:[\t ]*;)?$/;

/** A Content-Type that is no media type is said on its value. */
export function checkContentType(text: string, m: SipMessage, out: Problem[]): void {
	if (m.contentType === null || m.cutShort) return;
	// A printout that cut or joined the lines (tcpdump's hex columns, ngrep's one-line payloads):
	// its text of the value is not the octets sent.
	if (m.frame.cuts?.length || m.frame.joins?.length) return;
	const header = findHeader(m, 'content-type');
	if (!header) return;
	const { start, end } = header.value;
	if (end - start > 1000) return;
	// Folded as §7.3.1 allows: one line.
	const value = text.slice(start, end).replace(/\r?\n[\t ]+/g, ' ');
	// A copy's doing, not the sender's: a page's typographic quotes or entities, a program's
	// string escapes (`\"`), a header the copy glued on (`application/sdp Content-Length: 0`).
	if (/[^\x20-\x7e\t]|[&\\]|: /.test(value) || value.trim() === '') return;
	// The line under it goes on with no header's name: a copy wrapped the value at a width
	// (header.wrapped says so), its rest there.
	if (wrappedOn(text, end) || openQuote(value)) return;
	if (mediaType.test(value.trim())) return;
	out.push(
		lintProblem(
			'header.bad-content-type',
			header.value,
			`Content-Type "${value.trim()}" is no media type: it is written type/subtype, then ;name=value parameters (RFC 3261 §20.15, §25.1), and a receiver that cannot read it cannot tell what the body is.`,
		),
	);
}

/** Does the line after the one ending at `end` hold text that is no header (`Name:`)? */
function wrappedOn(text: string, end: number): boolean {
	const nl = text.indexOf('\n', end);
	if (nl < 0) return false;
	const line = text.slice(nl + 1, Math.min(text.length, nl + 200));
	return /^[^\s:]/.test(line) && !/^[\w.!%*+`'~-]+[\t ]*:/.test(line);
}

/** Does `value` end inside a quoted string (its rest on a line a copy wrapped it to)? */
function openQuote(value: string): boolean {
	let open = false;
	for (let i = 0; i < value.length; i++) {
		const c = value.charCodeAt(i);
		if (c === 92 && open) i++;
		else if (c === 34) open = !open;
	}
	return open;
}
