import type { Problem, SipMessage } from '../../model';
import { findHeader } from '../../query';
import { lintProblem } from '../codes';

/*
 * Content-Type is a media type, `type/subtype` and parameters (RFC 3261 §20.15, §25.1
 * media-type): a receiver that cannot read it cannot tell what the body is
 * (`application/xml + dialog` for a dialog package NOTIFY's body).
 */

// token "/" token *( ";" token "=" ( token / quoted-string ) ), white space allowed around the
// separators, a trailing `;` tolerated. No two parts of it can take the same characters.
const mediaType =
	/^[\t ]*[\w.!%*+`'~-]+[\t ]*\/[\t ]*[\w.!%*+`'~-]+[\t ]*(?:;[\t ]*[\w.!%*+`'~-]+[\t ]*=[\t ]*(?:[\w.!%*+`'~-]+|"(?:[^"\\\r\n]|\\.)*")[\t ]*)*;?[\t ]*$/;

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
	if (mediaType.test(value)) return;
	out.push(
		lintProblem(
			'header.bad-content-type',
			header.value,
			`Content-Type "${value.trim()}" is no media type: it is written type/subtype, then ;name=value parameters (RFC 3261 §20.15, §25.1), and a receiver that cannot read it cannot tell what the body is.`,
		),
	);
}
