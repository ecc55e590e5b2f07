import type { FormatRules, MessageMeta } from './engine';
import { monthNumber, yearlessTime } from './logTime';

/*
 * Oracle (Acme Packet) SBC `sipmsg.log` (`show logfile sipmsg.log`, or the file from
 * /ramdrv/logs): each message after a record line, `Mar  6 13:34:49.416 On [6:0]10.102.130.185:5060
 * received from 10.102.130.150:5060` (or `sent to`), and closed by a line of 40 dashes. The
 * `[phy:vlan]` before the SBC's own address may be missing (`On 127.0.0.1:5060 ...`); IPv6
 * addresses are bracketed; a copy read with `tail-logfile-open` stamps minutes and seconds only
 * (`14:44.154 On ...`). The record names no transport. With NAT logging, `Pre-NAT to
 * private<realm=r> decode:` and `Post-NAT from private<realm=r> encoded:` records hold the SBC's
 * internal copies of a message. Other records (`UDP[3:0]a:p OPENED`, `File
 * opened.`, the media controller's hex dumps between dashes) hold no SIP and stay log text.
 */

// Sticky, run on the text itself at the line's start (no copy of the line), up to its end.
const record =
	/(?:([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d:\d\d:\d\d\.\d{1,6})|\d\d:\d\d\.\d{1,6}) On (?:\[\d{1,5}:\d{1,5}\])?(\S{1,200}) (received from|sent to) (\S{1,200}?)[ \t\r]*(?:\n|$)/y;

// The SBC's own copies of a message before and after its realm's address translation
// (`Post-NAT from private<realm=e911core> encoded:`), logged as records of their own: no time, no
// direction, no addresses, but their record line is theirs, not log text.
const natRecord =
	/^(?:Pre-NAT to private<realm=[^>\s]{1,100}> decode|Post-NAT from private<realm=[^>\s]{1,100}> encoded):\s*$/;

/** What a sipmsg.log record line says: time (month and day, no year), direction, both addresses. */
function matchRecord(text: string, start: number, end: number): MessageMeta | null {
	// Cheap rejection first (this runs on every line): a month and a space (header names have no
	// space) or the tail's `mm:`, then ` On ` where the stamp ends.
	const c = text.charCodeAt(start);
	if (end - start < 20) return null;
	if (c === 80 && (text.charCodeAt(start + 3) === 45 || text.charCodeAt(start + 4) === 45))
		return natRecord.test(text.slice(start, Math.min(end, start + 160))) ? {} : null;
	if (c >= 65 && c <= 90) {
		if (text.charCodeAt(start + 3) !== 32) return null;
	} else if (!(c >= 48 && c <= 57) || text.charCodeAt(start + 2) !== 58) return null;
	if (!hasOn(text, start, Math.min(end, start + 28))) return null;
	// Nothing it matches crosses a line end but the one that ends the line.
	record.lastIndex = start;
	const m = record.exec(text);
	if (!m) return null;
	const local = m[4]!;
	const remote = m[6]!;
	const inbound = m[5] === 'received from';
	const month = m[1] ? monthNumber(m[1]) : 0;
	// The tail's `mm:ss.mmm` has no hour: no time is given rather than a wrong one.
	return {
		time: month > 0 ? yearlessTime(month, Number(m[2]), m[3]!).time : null,
		direction: inbound ? 'in' : 'out',
		src: inbound ? remote : local,
		dst: inbound ? local : remote,
	};
}

/** Is ` On ` within [start, end)? (A bounded look: `indexOf` would run on past the line.) */
function hasOn(text: string, start: number, end: number): boolean {
	for (let i = start + 8; i + 4 <= end; i++)
		if (
			text.charCodeAt(i) === 32 &&
			text.charCodeAt(i + 1) === 79 &&
			text.charCodeAt(i + 2) === 110 &&
			text.charCodeAt(i + 3) === 32
		)
			return true;
	return false;
}

/** The line of 40 dashes that ends each record. */
function isDelimiter(text: string, start: number, end: number): boolean {
	if (end - start < 40) return false;
	for (let i = start; i < start + 40; i++) if (text.charCodeAt(i) !== 45) return false;
	for (let i = start + 40; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c !== 32 && c !== 9 && c !== 13) return false;
	}
	return true;
}

export const sipmsg: FormatRules = {
	format: 'sipmsg',
	matchMeta: matchRecord,
	isEnd: isDelimiter,
};

/** Detection: a sipmsg.log record line. */
export const sipmsgRecordLine =
	/^(?:[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d|\d\d:\d\d)\.\d{1,6} On (?:\[\d{1,5}:\d{1,5}\])?\S{1,200} (?:received from|sent to) \S{1,200}\s*$/;
