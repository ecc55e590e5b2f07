import type { FormatRules, MessageMeta } from './engine';
import { dateTime } from './formats';
import { isStartLine } from './lines';

/*
 * Cisco Expressway / VCS diagnostic log (network log): each record is a syslog line of `tvcs`,
 * `2016-04-19T17:09:13+10:00 expc tvcs: UTCTime="2016-04-19 07:09:13,973" Module="network.sip"
 * Level="DEBUG":  Action="Received"  Local-ip="10.0.30.2"  Local-port="27901"  Src-ip="64.100.0.10"
 * Src-port="7003"  Msg-Hash="..."` (`Action="Sent"` with `Dst-ip`, `Dst-port`; X7 and older write
 * only the peer, `Src-ip` for a message received, `Dst-ip` for one sent), then ` SIPMSG:`, then the
 * message, each line indented by a space, the start line after a `|`, and a closing ` |` line.
 * The `INFO` records of the same module (`Detail="Receive Request Method=INVITE, ..."`) only sum
 * a message up: log text. UTCTime is UTC; the transport is not written.
 */

const record =
	/^(?:[^\s"]{1,60} ){0,2}(?:tvcs: ){1,2}UTCTime="(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:[,.]\d{1,6})?)" Module="network\.sip" Level="DEBUG": /;

const head = (text: string, start: number, end: number): string =>
	text.slice(start, Math.min(end, start + 600));

/** The value of ` key="value"` in the record (a paste's spaces inside the quotes taken off). */
function attribute(line: string, key: string): string | null {
	const at = line.indexOf(` ${key}="`);
	if (at < 0) return null;
	const from = at + key.length + 3;
	const close = line.indexOf('"', from);
	if (close < 0 || close - from > 200) return null;
	const value = line.slice(from, close).trim();
	return value === '' ? null : value;
}

/** `ip` and `port` of the record as one address (IPv6 bracketed). */
function address(line: string, ip: string, port: string): string | null {
	const host = attribute(line, ip);
	if (!host) return null;
	const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
	const p = attribute(line, port);
	return p ? `${h}:${p}` : h;
}

function matchRecord(text: string, start: number, end: number): MessageMeta | null {
	const l = head(text, start, end);
	const m = record.exec(l);
	if (!m) return null;
	const action = attribute(l, 'Action');
	const local = address(l, 'Local-ip', 'Local-port');
	const from = address(l, 'Src-ip', 'Src-port');
	const to = address(l, 'Dst-ip', 'Dst-port');
	const inbound = action === 'Received' || (action === null && from !== null && to === null);
	const outbound = action === 'Sent' || (action === null && to !== null && from === null);
	if (!inbound && !outbound) return null;
	return {
		...dateTime(m[1]!, m[2]!.replace(',', '.')),
		direction: inbound ? 'in' : 'out',
		src: inbound ? from : local,
		dst: inbound ? local : to,
	};
}

/** Where the line's content starts: after the one space of indentation, and the `|` before the start line. */
function content(text: string, start: number, end: number): number {
	let s = start < end && text.charCodeAt(start) === 32 ? start + 1 : start;
	if (s < end && text.charCodeAt(s) === 124) {
		let t = s + 1;
		while (t < end && text.charCodeAt(t) === 32) t++;
		if (isStartLine(text, t, end)) s = t;
	}
	return s;
}

/** The ` |` line after the message. */
function isClosingBar(text: string, start: number, end: number): boolean {
	let i = start;
	while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	if (i >= end || text.charCodeAt(i) !== 124) return false;
	for (i++; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c !== 32 && c !== 9 && c !== 13) return false;
	}
	return true;
}

export const expressway: FormatRules = {
	format: 'expressway',
	matchMeta: matchRecord,
	continueMeta: (text, start, end) => /^\s{0,4}SIPMSG:\s*$/.test(head(text, start, end)),
	isEnd: isClosingBar,
	isRecord: (text, start, end) => text.slice(start, Math.min(end, start + 140)).includes('tvcs: '),
	decorate: (text, start, end) => [content(text, start, end), withoutGluedBar(text, start, end)],
};

/**
 * Where a line ends without the closing `|` the log glued to it: a body with no line end of its
 * own (`...</resourceusageinfo>|`) is closed on its last line, before the next record.
 */
function withoutGluedBar(text: string, start: number, end: number): number {
	let e = end;
	if (e > start && text.charCodeAt(e - 1) === 13) e--;
	if (e - start < 2 || text.charCodeAt(e - 1) !== 124) return end;
	// The next line that holds text: none (the log's end), or the next record.
	let next = text.indexOf('\n', end) + 1;
	while (next > 0 && next < text.length && /^[ \t\r]*\n/.test(head(text, next, next + 8)))
		next = text.indexOf('\n', next) + 1;
	if (next <= 0 || next >= text.length) return e - 1;
	const nextEnd = text.indexOf('\n', next);
	return record.test(head(text, next, nextEnd < 0 ? text.length : nextEnd)) ? e - 1 : end;
}

/** Detection: the network log's record of a message. */
export const expresswaySipRecord = record;
