import type { FormatRules } from './engine';
import { withLineTail } from './lineTail';

/*
 * `cat -v`, `less` captures and some vendor logs print each CR as the two characters `^M`
 * (`INVITE sip:bob@example.com SIP/2.0^M`). In such a trace the `^M` ends every SIP line: it is
 * dropped like the CR it stands for, whatever the log format around it, with one space or tab a
 * paste left after it.
 */

/**
 * Does the trace print CRs as `^M`? Looked for at the end of start lines, or of the Call-ID and
 * CSeq lines every message has (a poster's note after a start line's `^M`, `SIP/2.0^M <- EP
 * initiated outbound call`, hides the first), in the first 64 KB.
 */
export function printsCrAsCaretM(text: string): boolean {
	const head = text.length > 1 << 16 ? text.slice(0, 1 << 16) : text;
	return (
		/(?: SIP\/2\.0|^SIP\/2\.0 \d{3}[^\r\n]{0,200})\^M[ \t]?\r?$/m.test(head) ||
		/^(?:Call-ID|CSeq|i):[^\r\n]{0,300}\^M[ \t]?\r?$/im.test(head)
	);
}

/** The rules of a format, with a trailing `^M` taken off every line's content. */
export function withCaretM(rules: FormatRules): FormatRules {
	return withLineTail(rules, (text, s, end) => {
		let e = end;
		// A paste may leave a space after it (`Content-Length: 0^M `, RestComm/jain-sip#74).
		if (e > s && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
		return e - s >= 2 && text.charCodeAt(e - 1) === 77 && text.charCodeAt(e - 2) === 94
			? e - 2
			: end;
	});
}
