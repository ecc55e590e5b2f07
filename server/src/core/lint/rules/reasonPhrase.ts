import type { Problem, SipMessage } from '../../model';
import { lintProblem } from '../codes';

/**
 * A status line's Reason-Phrase holds reserved and unreserved URI characters, escapes, UTF-8,
 * spaces and tabs (RFC 3261 §25.1): not `[ ] < > " { } | \ ^` or a backtick, nor `#`, nor a `%`
 * that escapes nothing. A carrier's `480 Temporarily Unavailable [call Processing Released]`
 * is one a strict parser (SIP.js's) refuses, with the whole response.
 */
export function checkReasonPhrase(m: SipMessage, out: Problem[]): void {
	const reason = m.kind === 'response' ? m.reason : null;
	if (!reason) return;
	// A document's placeholder (`{ID}`, `<reason>`, `{{code}}`) stands for what the sender wrote;
	// a `^M` at the end is a copy's way of showing the line's CR.
	const bad = badCharacter(
		reason.replace(placeholder, (p) => 'x'.repeat(p.length)).replace(/\^M$/, ''),
	);
	if (bad < 0) return;
	out.push(
		lintProblem(
			'response.bad-reason',
			m.startLine,
			`The Reason-Phrase holds "${reason[bad]}" (\`${reason.slice(0, 60)}\`), which RFC 3261 §25.1 does not allow there (only URI characters, escapes, UTF-8 and spaces): a strict parser refuses the response.`,
		),
	);
}

/** Where the first character a Reason-Phrase may not hold is in `reason`, or -1. */
function badCharacter(reason: string): number {
	for (let i = 0; i < reason.length; i++) {
		const c = reason.charCodeAt(i);
		if (c >= 128 || c === 32 || c === 9) continue;
		if (c < 32 || c === 127) return i;
		if (c === 37) {
			if (!/^[0-9A-Fa-f]{2}$/.test(reason.slice(i + 1, i + 3))) return i;
			continue;
		}
		if (notInPhrase.has(c)) return i;
	}
	return -1;
}
const placeholder = /\{\{?[\w .-]{1,40}\}\}?|<[\w .-]{1,40}>/g;
// `"` `#` `<` `>` `[` `\` `]` `^` backtick `{` `|` `}`
const notInPhrase: ReadonlySet<number> = new Set([
	34, 35, 60, 62, 91, 92, 93, 94, 96, 123, 124, 125,
]);
