import type { Direction, FramingResult } from '../model';
import { Builder } from './engine';
import { readLine, type Line } from './lines';

/*
 * The NIST JAIN-SIP stack's message log (gov.nist.javax.sip: Restcomm/Mobicents, Jitsi, SailFin,
 * Android's copy), written when gov.nist.javax.sip.TRACE_LEVEL is 32 (or DEBUG) and SERVER_LOG
 * names a file. ServerLog.logMessage prints MessageLog.toString() and a line end for each message
 * it sends or receives:
 *
 *   <message
 *   from="127.0.0.1:35102"
 *   to="127.0.0.1:35100"
 *   time="1796322214443"
 *   timeStamp = "54"                       (only when the message has a Timestamp header)
 *   isSender="true"
 *   transactionId="z9hg4bk..."
 *   callId="d2ce9ebd356782e27002ed6e76cf8091@127.0.0.1"
 *   firstLine="SUBSCRIBE sip:linda@127.0.0.1 SIP/2.0"
 *   >
 *   <![CDATA[SUBSCRIBE sip:linda@127.0.0.1 SIP/2.0
 *   ...the message as encoded (CRLF line ends)...]]>
 *   </message>
 *
 * after a `<!-- ... -->` comment and a `<description ... />` header when the file is opened. The
 * message starts right after `<![CDATA[`; `]]>` follows its last octet (on the last body line when
 * the body ends without a line end) and is not the message's. Nothing is escaped: a body holding
 * `]]>` is written as it is, so the record ends at the `]]>` that `</message>` follows. `time` is
 * the stack's clock in epoch milliseconds; `from` and `to` the two ends, `isSender` whether this
 * stack sent it. Unless LOG_MESSAGE_CONTENT is true the stack logs each message without its body
 * (encodeMessage()): the headers, Content-Length as sent, and the empty line.
 */

const open = '<message';
const cdata = '<![CDATA[';
const close = '</message>';
/** How many lines of attributes a record may have before its `<![CDATA[`. */
const maxHeadLines = 24;

/**
 * Is [start, end) the line that opens a record: `<message`, alone or after a logger's prefix and a
 * space (the stack's debug log gets the same record through its logger, `logInfo()`:
 * `[2026-07-28 16:23:40.045][INFO ] [...UDPMessageChannelThread-4] <message`)?
 */
function isOpen(text: string, start: number, end: number): boolean {
	let e = end;
	while (e > start && isSpace(text.charCodeAt(e - 1))) e--;
	const s = e - open.length;
	if (s < start || !text.startsWith(open, s)) return false;
	return s === start || isSpace(text.charCodeAt(s - 1));
}

function isSpace(c: number): boolean {
	return c === 32 || c === 9 || c === 13;
}

/** Is this line a record's attribute only JAIN-SIP writes? (Used by format detection.) */
export function isJainSipRecordLine(s: string): boolean {
	return /^isSender="(?:true|false)" ?$/.test(s);
}

export function frameJainSip(text: string): FramingResult {
	const out = new Builder();
	const line: Line = { start: 0, end: 0, next: 0 };
	let at = 0;
	while (at < text.length && readLine(text, at, line)) {
		if (!isOpen(text, line.start, line.end)) {
			out.addNoise(line.start, line.next);
			at = line.next;
			continue;
		}
		at = record(text, line.start, line.next, out);
	}
	return out.finish(text.length, 'jainSip');
}

/** The values of the attributes the frame takes from a record's head. */
interface Attributes {
	from: string | null;
	to: string | null;
	time: string | null;
	isSender: string | null;
}

/** `name="value"` (or `name = "value"`) at the start of [start, end): the value, or null. */
function attribute(text: string, start: number, end: number, name: string): string | null {
	let s = start;
	while (s < end && isSpace(text.charCodeAt(s))) s++;
	if (!text.startsWith(name, s)) return null;
	s += name.length;
	while (s < end && text.charCodeAt(s) === 32) s++;
	if (text.charCodeAt(s) !== 61) return null;
	s++;
	while (s < end && text.charCodeAt(s) === 32) s++;
	if (text.charCodeAt(s) !== 34) return null;
	const q = text.indexOf('"', s + 1);
	return q < 0 || q >= end ? null : text.slice(s + 1, q);
}

/**
 * An end as the record names it, `host:port`; an IPv6 host (InetAddress.getHostAddress() prints
 * it bare, `0:0:0:0:0:0:0:1:5060`) in brackets, as every other format names it.
 */
function address(value: string | null): string | null {
	if (!value) return null;
	const colon = value.lastIndexOf(':');
	if (colon < 0 || value.startsWith('[')) return value;
	const host = value.slice(0, colon);
	return host.includes(':') ? `[${host}]${value.slice(colon)}` : value;
}

/** Where the next record's `<message` line starts after `from`, or the end of the text. */
function nextOpen(text: string, from: number): number {
	const line: Line = { start: 0, end: 0, next: 0 };
	for (let i = text.indexOf(open, from); i >= 0; i = text.indexOf(open, i + 1)) {
		const lineStart = text.lastIndexOf('\n', i - 1) + 1;
		readLine(text, lineStart, line);
		if (isOpen(text, line.start, line.end)) return line.start;
	}
	return text.length;
}

/**
 * Reads the record whose `<message` line starts at `start` (the next line at `next`), adds its
 * message as a frame (the record as noise when it holds none) and returns where the text after it
 * starts. A record cut short (no `]]>` and `</message>`) ends where the next one starts.
 */
function record(text: string, start: number, next: number, out: Builder): number {
	const line: Line = { start: 0, end: 0, next: 0 };
	const attrs: Attributes = { from: null, to: null, time: null, isSender: null };
	let sipStart = -1;
	let at = next;
	for (let k = 0; k < maxHeadLines && readLine(text, at, line); k++) {
		if (isOpen(text, line.start, line.end)) break;
		let s = line.start;
		while (s < line.end && isSpace(text.charCodeAt(s))) s++;
		// `>` ends the attributes; the CDATA follows on the next line (or the same one).
		if (text.charCodeAt(s) === 62) s++;
		if (text.startsWith(cdata, s)) {
			sipStart = s + cdata.length;
			break;
		}
		for (const name of ['from', 'to', 'time', 'isSender'] as const)
			attrs[name] ??= attribute(text, line.start, line.end, name);
		at = line.next;
	}
	if (sipStart < 0) {
		const end = nextOpen(text, next);
		out.addNoise(start, end);
		return end;
	}
	const limit = nextOpen(text, sipStart);
	let sipEnd = limit;
	let spanEnd = limit;
	for (let i = text.indexOf(']]>', sipStart); i >= 0 && i < limit; i = text.indexOf(']]>', i + 1)) {
		let j = i + 3;
		while (j < limit && (isSpace(text.charCodeAt(j)) || text.charCodeAt(j) === 10)) j++;
		if (!text.startsWith(close, j)) continue;
		sipEnd = i;
		readLine(text, j, line);
		spanEnd = line.next;
		break;
	}
	if (sipEnd === limit) {
		// Cut short: the message is what the record holds, its trailing empty lines aside.
		while (
			sipEnd > sipStart &&
			(isSpace(text.charCodeAt(sipEnd - 1)) || text.charCodeAt(sipEnd - 1) === 10)
		)
			sipEnd--;
	}
	if (sipEnd <= sipStart) {
		out.addNoise(start, spanEnd);
		return spanEnd;
	}
	// `time="0"`: the stack had no time for it (a received message it logged before stamping),
	// not the epoch's first millisecond.
	const ms =
		attrs.time !== null && /^\d{1,15}$/.test(attrs.time) && Number(attrs.time) > 0
			? attrs.time
			: null;
	// The stack's clock, to the millisecond: UTC, as the time shown too.
	const when =
		ms === null
			? null
			: { time: new Date(Number(ms)).toISOString().slice(0, -1), epochMicros: Number(ms) * 1000 };
	const direction: Direction | null =
		attrs.isSender === 'true' ? 'out' : attrs.isSender === 'false' ? 'in' : null;
	out.addFrame({
		format: 'jainSip',
		span: { start, end: spanEnd },
		meta: { start, end: sipStart },
		sip: { start: sipStart, end: sipEnd },
		lines: null,
		time: when?.time ?? null,
		epochMicros: when?.epochMicros ?? null,
		src: out.intern(address(attrs.from)),
		dst: out.intern(address(attrs.to)),
		transport: null,
		direction,
		declaredBytes: null,
	});
	return spanEnd;
}
