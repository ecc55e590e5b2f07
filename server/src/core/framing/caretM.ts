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
	// Read line by line rather than by a regular expression over the 64 KB: each line is looked
	// at from its end, once.
	const end = Math.min(text.length, 1 << 16);
	for (let s = 0; s < end;) {
		let e = text.indexOf('\n', s);
		if (e < 0 || e > end) e = end;
		if (endsWithCaretM(text, s, e)) return true;
		s = e + 1;
	}
	return false;
}

/**
 * The rules of a format, with a trailing `^M` taken off every line's content; where a poster's
 * note follows it on the line (`SIP/2.0 180 Ringing^M <- got 180 ringing from CM`), the `^M` is
 * where the message's line ended, and the note goes with it.
 */
export function withCaretM(rules: FormatRules): FormatRules {
	return withLineTail(rules, (text, s, end) => {
		let e = end;
		// A paste may leave a space after it (`Content-Length: 0^M `, RestComm/jain-sip#74).
		if (e > s && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
		if (e - s >= 2 && text.charCodeAt(e - 1) === 77 && text.charCodeAt(e - 2) === 94) return e - 2;
		const caret = text.indexOf('^M ', s);
		return caret >= 0 && caret < e && isNote(text, caret + 3, e) ? caret : end;
	});
}

/** Is [from, end) a poster's note: an arrow (`<-`, `<--`, `-->`) opening it? */
function isNote(text: string, from: number, end: number): boolean {
	let i = from;
	while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	return text.startsWith('<-', i) || text.startsWith('-->', i) || text.startsWith('->', i);
}

/**
 * The line [s, e) is a start line or a Call-ID or CSeq line that ends in `^M` (a space or tab
 * after it, and the CR of a CR LF, allowed).
 */
function endsWithCaretM(text: string, s: number, e: number): boolean {
	let t = e;
	if (t > s && text.charCodeAt(t - 1) === 13) t--;
	if (t > s && (text.charCodeAt(t - 1) === 32 || text.charCodeAt(t - 1) === 9)) t--;
	if (t - s < 2 || text.charCodeAt(t - 1) !== 77 || text.charCodeAt(t - 2) !== 94) return false;
	const caret = t - 2;
	// `^M` alone under `Content-Length: 136`: the message's empty line, where a page printed only
	// that CR (Oracle's SBC manual quoting its `sipmsg.log`).
	if (caret === s) return s > 0 && isLengthLineAbove(text, s);
	// `... SIP/2.0^M` (a request line), `SIP/2.0 200 OK^M` (a status line).
	if (caret - s >= 8 && text.startsWith(' SIP/2.0', caret - 8)) return true;
	if (text.startsWith('SIP/2.0 ', s) && isDigits(text, s + 8, 3))
		return caret - (s + 11) <= 200 && noBreakIn(text, s, caret);
	// `Call-ID: ...^M`, `CSeq: ...^M`, `i: ...^M`, in any case; indented by the log (a Cisco
	// phone's tab before each line after the first) or not.
	let h = s;
	while (h - s < 8 && (text.charCodeAt(h) === 9 || text.charCodeAt(h) === 32)) h++;
	const name = headerNameOf(text, h, caret);
	return name > 0 && caret - name <= 300;
}

/** Is the line above the one at `s` a Content-Length (`l:`) header line? */
function isLengthLineAbove(text: string, s: number): boolean {
	let e = s - 1;
	if (e > 0 && text.charCodeAt(e - 1) === 13) e--;
	const start = text.lastIndexOf('\n', e - 1) + 1;
	const line = text.slice(start, Math.min(e, start + 20)).toLowerCase();
	return /^(?:content-length|l)[ \t]*:/.test(line);
}

/** Where the value of a Call-ID, CSeq or `i` header line starting at `s` begins, or -1. */
function headerNameOf(text: string, s: number, limit: number): number {
	for (const name of caretNames)
		if (limit - s > name.length && text.charCodeAt(s + name.length) === 58) {
			let same = true;
			for (let k = 0; k < name.length && same; k++)
				same = (text.charCodeAt(s + k) | 32) === name.charCodeAt(k);
			if (same && noBreakIn(text, s, limit)) return s + name.length + 1;
		}
	return -1;
}

const caretNames = ['call-id', 'cseq', 'i'];

function isDigits(text: string, from: number, count: number): boolean {
	for (let k = 0; k < count; k++) {
		const c = text.charCodeAt(from + k);
		if (c < 48 || c > 57) return false;
	}
	return true;
}

/** No CR in [from, to): a line the log broke with a lone CR is two lines. */
function noBreakIn(text: string, from: number, to: number): boolean {
	for (let i = from; i < to; i++) if (text.charCodeAt(i) === 13) return false;
	return true;
}
