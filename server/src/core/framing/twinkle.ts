import type { FormatRules, MessageMeta } from './engine';
import { dateTime } from './formats';
import { cutOff } from '../parser/recordCut';

/*
 * Twinkle's log (`~/.twinkle/twinkle.log`, written by its t_log). Every record is a header line,
 * `+++ 4-12-2026 05:34:02.473933 INFO SIP ::send_sip_udp` (the local day-month-year without zero
 * padding, the time to the microsecond, severity, class, the function that wrote it), the
 * record's text, then `---` and a blank line. A SIP record names the other end on its second line,
 * `Send to: udp:127.0.0.1:15060` or `Received from: udp:127.0.0.1:15060` (Twinkle 1.4 and older
 * wrote `Received from: 10.0.0.1:5060`, without the transport), and the message follows: as
 * Twinkle encoded it when it sends, the datagram as it came when it receives.
 *
 * Two records of class NORMAL print messages that never crossed the network. `Cannot resolve
 * destination for:` prints a request Twinkle found no address for: it is a message of the trace
 * that was not sent (see parser/notSent.ts). `Send internal:` prints the response Twinkle's
 * transaction layer made up for its own user (after `Timer B expired.`, `Transaction failed.`, or
 * that unresolvable request): log text, since no peer sent it.
 */

// The header line, read from the line's start; a day or month of one or two digits.
const header =
	/^\+\+\+ (\d{1,2})-(\d{1,2})-(\d{4}) (\d\d:\d\d:\d\d(?:\.\d{1,6})?) [A-Z]{4,8} [A-Z]{3,7} \S/;
// The other end of a SIP record: `Send to: udp:a:p`, `Received from: udp:a:p` (or `a:p`).
const path = /^(Send to|Received from): (?:(udp|tcp|tls):)?(\S{1,200}?)\s*$/i;
const unresolved = /^Cannot resolve destination for:\s*$/;
const internal = /^Send internal:\s*$/;

function matchRecord(text: string, start: number, end: number): MessageMeta | null {
	// Cheap rejection first: this runs on every line.
	const c = text.charCodeAt(start);
	if (c === 43) {
		if (text.charCodeAt(start + 1) !== 43 || text.charCodeAt(start + 2) !== 43) return null;
		const m = header.exec(text.slice(start, Math.min(end, start + 120)));
		if (!m) return null;
		const date = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
		return dateTime(date, m[4]!);
	}
	// A fresh object: the lines after it may add to what a record's metadata says.
	if (c === 83 && end - start <= 20 && internal.test(text.slice(start, end)))
		return { logOnly: true };
	return null;
}

function continueRecord(text: string, start: number, end: number, meta: MessageMeta): boolean {
	const s = text.slice(start, Math.min(end, start + 260));
	const m = path.exec(s);
	if (m) {
		const sending = m[1]!.length === 'Send to'.length;
		meta.direction = sending ? 'out' : 'in';
		if (sending) meta.dst = m[3]!;
		else meta.src = m[3]!;
		meta.transport = m[2]?.toUpperCase() ?? null;
		return true;
	}
	if (unresolved.test(s)) {
		meta.direction = 'out';
		return true;
	}
	return false;
}

/**
 * Twinkle logs at most 1,024 characters of a string (t_log::write_raw): the first 1,024 of a
 * longer message, then an empty line and `<cut off>`. The message read ends there; the line is
 * its record's (see parser/recordCut.ts).
 */
function isRecordEnd(text: string, start: number, end: number): boolean {
	return isFooter(text, start, end) || (end - start <= 11 && text.startsWith(cutOff, start));
}

/** `---`, the line that closes every record. */
function isFooter(text: string, start: number, end: number): boolean {
	if (end - start < 3 || end - start > 8) return false;
	if (text.charCodeAt(start) !== 45 || !text.startsWith('---', start)) return false;
	for (let i = start + 3; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c !== 32 && c !== 9 && c !== 13) return false;
	}
	return true;
}

export const twinkle: FormatRules = {
	format: 'twinkle',
	matchMeta: matchRecord,
	continueMeta: continueRecord,
	isEnd: isRecordEnd,
};

/** Detection: a record's header line. */
export const twinkleRecordLine =
	/^\+\+\+ \d{1,2}-\d{1,2}-\d{4} \d\d:\d\d:\d\d(?:\.\d{1,6})? [A-Z]{4,8} [A-Z]{3,7} \S/;
