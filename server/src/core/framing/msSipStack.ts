import type { Direction, FramingResult } from '../model';
import { Builder } from './engine';
import { readLine, type Line } from './lines';
import { dateTime } from './formats';

/*
 * Microsoft Lync / Skype for Business Server (and OCS) SIPStack logging as text: OCSLogger or
 * CLSLogger's trace, decoded by Snooper or the logging tool. Each protocol record is a block:
 *
 *   TL_INFO(TF_PROTOCOL) [0]06E4.0EB4::01/18/2012-05:00:43.101.00005386 (SIPStack,SIPAdminLog::TraceProtocolRecord:SIPAdminLog.cpp(125))$$begin_record
 *   Trace-Correlation-Id: 2003888399
 *   Instance-Id: 0000C23F
 *   Direction: incoming;source="internal edge";destination="external edge"
 *   Peer: lyncservr.contoso.com:61182
 *   Message-Type: request
 *   Start-Line: OPTIONS sip:Options_User@fabrikam.com SIP/2.0
 *   To: <sip:Options_User@fabrikam.com>
 *   ...
 *   CONTENT-LENGTH: 0
 *   Message-Body: -
 *   $$end_record
 *
 * The message's start line is the value of the `Start-Line:` pseudo-header; its headers follow
 * as they are; `Message-Body:` holds the body (`-` for none), on to `$$end_record`. The record
 * line (`[4263652616] $$begin_record` in later versions) and the pseudo-headers before
 * `Start-Line:` are the frame's metadata: the time, the direction and the peer. Diagnostic
 * records (`TL_WARN(TF_DIAG) ... $$begin_record`, `SIP-Start-Line: ...`) and component traces
 * carry no message and are log text.
 */

/** `TL_INFO(TF_PROTOCOL) [0]06E4.0EB4::01/18/2012-05:00:43.101.00005386 (` and its time. */
const recordLine =
	/^TL_[A-Z]{3,10}\(TF_[A-Z_]{2,30}\) \[[^\]\n]{0,80}\][\dA-Fa-f]{1,8}\.[\dA-Fa-f]{1,8}::(\d\d)\/(\d\d)\/(\d{4})-(\d\d:\d\d:\d\d(?:\.\d{1,6})?)/;

/** Is this line a SIPStack trace record's first line? (Used by format detection.) */
export function isSipStackRecordLine(s: string): boolean {
	return recordLine.test(s);
}

const begin = '$$begin_record';
const end = '$$end_record';

/** Does [start, stop) end with `marker` (trailing white space allowed)? */
function endsWithMarker(text: string, start: number, stop: number, marker: string): boolean {
	let e = stop;
	while (e > start && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	return e - start >= marker.length && text.startsWith(marker, e - marker.length);
}

/** Is [start, stop) the line `$$end_record`? */
function isEnd(text: string, start: number, stop: number): boolean {
	let s = start;
	while (s < stop && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
	return endsWithMarker(text, s, stop, end) && stop - s < end.length + 8;
}

/** Where the value of `Name: value` starts, if the line starts with `name` (any case) and `:`. */
function valueOf(text: string, start: number, stop: number, name: string): number {
	if (stop - start <= name.length) return -1;
	if (text.charCodeAt(start + name.length) !== 58) return -1;
	for (let i = 0; i < name.length; i++) {
		const c = text.charCodeAt(start + i) | 0x20;
		if (c !== (name.charCodeAt(i) | 0x20)) return -1;
	}
	let v = start + name.length + 1;
	while (v < stop && (text.charCodeAt(v) === 32 || text.charCodeAt(v) === 9)) v++;
	return v;
}

export function frameMsSipStack(text: string): FramingResult {
	const out = new Builder();
	const line: Line = { start: 0, end: 0, next: 0 };
	let at = 0;
	while (at < text.length && readLine(text, at, line)) {
		if (!endsWithMarker(text, line.start, line.end, begin)) {
			out.addNoise(line.start, line.next);
			at = line.next;
			continue;
		}
		at = record(text, line.start, line.end, line.next, out);
	}
	return out.finish(text.length, 'msSipStack');
}

/**
 * Reads the record whose `$$begin_record` line is [start, lineEnd), adds it as a frame when it
 * holds a message and as noise otherwise, and returns where the text after it starts. A record
 * ends at its `$$end_record` line; one cut short ends before the next record line.
 */
function record(text: string, start: number, lineEnd: number, next: number, out: Builder): number {
	const head = text.slice(start, Math.min(lineEnd, start + 200));
	const stamp = recordLine.exec(head);
	const line: Line = { start: 0, end: 0, next: 0 };
	let direction: Direction | null = null;
	let peer: string | null = null;
	let startLine = -1; // where the start line (the value of `Start-Line:`) begins
	// Before the start line, the headers, the body, or past a `Message-Body: -`.
	let part: 'meta' | 'headers' | 'body' | 'none' = 'meta';
	const pairs: number[] = [];
	let at = next;
	let stop = next; // where the record's text ends
	while (at < text.length && readLine(text, at, line)) {
		if (isEnd(text, line.start, line.end)) {
			stop = at = line.next;
			break;
		}
		if (endsWithMarker(text, line.start, line.end, begin)) break;
		stop = at = line.next;
		if (part === 'meta') {
			const v = valueOf(text, line.start, line.end, 'Start-Line');
			if (v >= 0) {
				startLine = v;
				part = 'headers';
				pairs.push(v, line.end);
				continue;
			}
			const d = valueOf(text, line.start, line.end, 'Direction');
			if (d >= 0) {
				const word = text.slice(d, Math.min(line.end, d + 8)).toLowerCase();
				direction = word === 'incoming' ? 'in' : word === 'outgoing' ? 'out' : null;
				continue;
			}
			const p = valueOf(text, line.start, line.end, 'Peer');
			if (p >= 0) peer = text.slice(p, line.end).trim() || null;
		} else if (part === 'headers') {
			const b = valueOf(text, line.start, line.end, 'Message-Body');
			if (b < 0) pairs.push(line.start, line.end);
			// `-` says the message has no body; anything else is its first line, after the empty
			// line that ends the headers (none is written: it is put at the pseudo-header).
			else if (line.end - b === 1 && text.charCodeAt(b) === 45) part = 'none';
			else {
				part = 'body';
				pairs.push(line.start, line.start, b, line.end);
			}
		} else if (part === 'body') pairs.push(line.start, line.end);
	}
	if (startLine < 0) {
		out.addNoise(start, stop);
		return at;
	}
	// Empty lines the log ends the body with are not the body's (the Content-Length says).
	while (pairs.length > 2 && pairs[pairs.length - 1] === pairs[pairs.length - 2]) pairs.length -= 2;
	const when = stamp ? dateTime(`${stamp[3]}-${stamp[1]}-${stamp[2]}`, stamp[4]!) : null;
	const address = out.intern(peer);
	out.addFrame({
		format: 'msSipStack',
		span: { start, end: stop },
		meta: { start, end: startLine },
		sip: { start: startLine, end: pairs[pairs.length - 1]! },
		lines: Int32Array.from(pairs),
		time: when?.time ?? null,
		epochMicros: when?.epochMicros ?? null,
		src: direction === 'in' ? address : null,
		dst: direction === 'out' ? address : null,
		transport: null,
		direction,
		declaredBytes: null,
	});
	return at;
}
