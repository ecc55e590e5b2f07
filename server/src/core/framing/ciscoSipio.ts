import type { FormatRules, MessageMeta } from './engine';
import { dateTime } from './formats';
import { monthNumber, yearlessTime } from './logTime';
import { isStartLine } from './lines';

/*
 * The Cisco SIP stack of IP phones (7800/8800, 7900/8900/9900, DX) and of Jabber prints each
 * message it sends or receives as one log record, the start line glued after `sipio-sent---> ` or
 * `sipio-recv<--- `:
 * - a phone's console log or PRT `messages` file: `0611 DEB Dec 21 14:33:00.127717 JAVA-sipio-
 *   sent---> INVITE sip:... SIP/2.0^M` (sequence number, level, month, day and time; the thread
 *   `(618:927) ` and the `JAVA-` of Java firmware, or not), each CR printed `^M`, each later line
 *   indented by a tab, then the record `... JAVA-::End-Of-Sip-Message::`. A long message is
 *   printed in pieces of a fixed size: each piece after the first is a record of its own, the text
 *   going on right after its `JAVA-`, in the middle of a line;
 * - Jabber's log: `2020-03-30 13:03:19,310 DEBUG [0x00000e2c] [\sipcc\core\sipstack\
 *   ccsip_debug.c(1041)] [csf.sip-call-control] [platform_print_sip_msg] - sipio-recv<--- SIP/2.0
 *   407 ...`, the message's lines as they are; the next record ends it.
 * Neither names the peer or the transport on these records.
 */

const phoneRecord =
	/^\d{1,6} [A-Z]{3} ([A-Z][a-z]{2}) ([ \d]\d) (\d\d:\d\d:\d\d(?:\.\d{1,6})?) (?:\(\d{1,10}:\d{1,10}\) )?(?:JAVA-)?/;
const jabberRecord =
	/^(?:(\d{4}-\d\d-\d\d) )?(\d\d:\d\d:\d\d(?:[,.]\d{1,6})?) [A-Z]{4,5} {1,2}\[[\w.]{1,40}\] (?:\[[^\]]{0,200}\] )?\[[\w.-]{1,60}\] \[[\w:~.-]{1,100}\] - /;

const sent = 'sipio-sent---> ';
const received = 'sipio-recv<--- ';
const endMarker = '::End-Of-Sip-Message::';

const head = (text: string, start: number, end: number): string =>
	text.slice(start, Math.min(end, start + 400));

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** The record that opens the line, its time and where its text starts; null if none. */
function recordAt(line: string): { time: MessageMeta; length: number } | null {
	if (!isDigit(line.charCodeAt(0))) return null;
	const p = phoneRecord.exec(line);
	if (p) {
		const month = monthNumber(p[1]!);
		if (month === 0) return null;
		return { time: yearlessTime(month, Number(p[2]!.trim()), p[3]!), length: p[0].length };
	}
	const j = jabberRecord.exec(line);
	if (!j) return null;
	const time = j[2]!.replace(',', '.');
	return { time: j[1] ? dateTime(j[1], time) : { time }, length: j[0].length };
}

/** The direction a record's text opens with, or null. */
function directionOf(rest: string): 'in' | 'out' | null {
	return rest.startsWith(sent) ? 'out' : rest.startsWith(received) ? 'in' : null;
}

/** The record is a phone's end of a message. */
function isEndRecord(text: string, start: number, end: number): boolean {
	const l = head(text, start, end);
	const r = isDigit(l.charCodeAt(0)) ? phoneRecord.exec(l) : null;
	return r !== null && l.startsWith(endMarker, r[0].length);
}

/** How far ahead a piece of a message looks for the record that ends the message. */
const pieceReach = 1 << 16;

/**
 * The phone record on [start, end) is a piece of the message being read: its text goes on the
 * message. It is when the message's end record comes before any other message's record, which a
 * log without end records never has.
 */
function pieceStart(text: string, start: number, end: number): number {
	const l = head(text, start, end);
	const r = isDigit(l.charCodeAt(0)) ? phoneRecord.exec(l) : null;
	if (!r) return -1;
	const rest = l.slice(r[0].length);
	if (rest.startsWith(endMarker) || directionOf(rest)) return -1;
	const limit = Math.min(text.length, end + pieceReach);
	for (let at = end + 1; at < limit;) {
		let e = text.indexOf('\n', at);
		if (e < 0) e = text.length;
		const next = head(text, at, e);
		const n = isDigit(next.charCodeAt(0)) ? phoneRecord.exec(next) : null;
		if (n) {
			const after = next.slice(n[0].length);
			if (after.startsWith(endMarker)) return start + r[0].length;
			if (directionOf(after)) return -1;
		}
		at = e + 1;
	}
	return -1;
}

export const ciscoSipio: FormatRules = {
	format: 'ciscoSipio',
	recordStart(text, start, end) {
		const l = head(text, start, end);
		const r = recordAt(l);
		if (!r || !directionOf(l.slice(r.length))) return -1;
		const sip = start + r.length + sent.length;
		return isStartLine(text, sip, end) ? sip : -1;
	},
	tagMeta(tag) {
		const r = recordAt(tag);
		const direction = r ? directionOf(tag.slice(r.length)) : null;
		return r && direction ? { ...r.time, direction } : null;
	},
	isEnd: isEndRecord,
	isRecord: (text, start, end) => recordAt(head(text, start, end)) !== null,
	// A phone indents each line after the first by a tab (a web page's copy: eight spaces).
	decorate(text, start, end) {
		if (text.charCodeAt(start) === 9) return [start + 1, end];
		if (end - start >= 8 && text.startsWith('        ', start)) return [start + 8, end];
		return [start, end];
	},
	continuation: (text, start, end) => pieceStart(text, start, end),
};

/** Detection: a record of a message sent or received. */
export const ciscoSipioRecord =
	/^(?:\d{1,6} [A-Z]{3} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d{1,6})? (?:\(\d{1,10}:\d{1,10}\) )?(?:JAVA-)?|(?:\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d(?:[,.]\d{1,6})? [A-Z]{4,5} {1,2}\[[\w.]{1,40}\] (?:\[[^\]]{0,200}\] )?\[[\w.-]{1,60}\] \[[\w:~.-]{1,100}\] - )sipio-(?:sent---> |recv<--- )/;
