import type { MessageMeta } from './engine';
import { yearlessTime } from './logTime';

/*
 * AudioCodes SBCs and gateways announce each SIP message they log with a line of their own:
 * `---- Incoming SIP Message from 52.114.75.24:5061 to SIPInterface #2 (Teams) TLS TO(#134)
 * SocketID(200) ---- [Time:19-12@12:45:02.514]`, or `Outgoing SIP Message to a:p from ...`. Sent to
 * syslog as one record, the message follows it with its line ends escaped (escaped.ts); printed
 * with real line ends (paStash's debug output), it comes in the next record, its start line glued
 * after the record's `<157>[S=2469] [SID=665997:5:29]  `.
 */

const announce =
	/(Incoming|Outgoing) SIP Message (?:from|to) (\S{1,200}) (?:to|from) SIPInterface #\d{1,5} \([^)]{0,100}\) (UDP|TCP|TLS)\b/;

/** Direction, remote address and transport of an announcing line (or prefix), or null. */
export function audioCodesPeer(
	line: string,
): { direction: 'in' | 'out'; address: string; transport: string } | null {
	const m = announce.exec(line);
	return m
		? { direction: m[1] === 'Incoming' ? 'in' : 'out', address: m[2]!, transport: m[3]! }
		: null;
}

/** An AudioCodes syslog record's sequence number, `[S=2469]`, in a start line's tag. */
export function isAudioCodesTag(tag: string): boolean {
	return /\[S=\d{1,12}\]/.test(tag);
}

// The SBC's own time of the message, day and month first: `[Time:13-12@12:38:18.492]` (a pasted
// log's own date, `Fri, 13 Dec 2024`, beside it shows which is which).
const stamp = /\[Time:(\d\d)-(\d\d)@(\d\d:\d\d:\d\d(?:\.\d{1,6})?)\]/;
/** How many lines above a record the announcing line is looked for. */
const linesAbove = 5;

/**
 * What the line announcing the message at `lineStart` says: the nearest announcing line a few
 * lines above it gives direction, remote address and transport; the nearest `[Time:...]` among
 * them the time of day.
 */
export function audioCodesAbove(text: string, lineStart: number): MessageMeta | null {
	let meta: MessageMeta | null = null;
	// A `[Time:...]` on a line of its own between the announcing line and the message (the
	// Syslog Viewer's record close), seen before the announcing line is.
	let below: RegExpExecArray | null = null;
	let end = lineStart - 1;
	for (let k = 0; k < linesAbove && end > 0; k++) {
		const start = text.lastIndexOf('\n', end - 1) + 1;
		if (lineStart - start > 4096) break;
		const line = text.slice(start, Math.min(end, start + 600));
		const peer: ReturnType<typeof audioCodesPeer> = meta ? null : audioCodesPeer(line);
		if (peer) {
			meta = {
				direction: peer.direction,
				transport: peer.transport,
				src: peer.direction === 'in' ? peer.address : null,
				dst: peer.direction === 'out' ? peer.address : null,
			};
		}
		const time = meta ? (stamp.exec(line) ?? below) : null;
		if (!meta && !below) below = stamp.exec(line);
		if (meta && time) {
			const day = Number(time[1]);
			const month = Number(time[2]);
			if (day >= 1 && day <= 31 && month >= 1 && month <= 12)
				meta.time = yearlessTime(month, day, time[3]!).time;
			else meta.time = time[3]!;
			break;
		}
		end = start - 1;
	}
	return meta;
}

// A Syslog Viewer record's head (`09/13 14:47:15.000  100.112.70.10  local0.notice  [S=76337883]
// [SID=cd9263:28:29209476]  `): the time in it is the syslog server's, when it received the record.
const viewerHead =
	/^\d\d\/\d\d \d\d:\d\d:\d\d\.\d{3} {1,4}\S{1,64} {1,4}\S{1,32} {1,4}\[S=\d{1,12}\]/;
/** How far a record's lines are read for its `[Time:...]`. */
const recordReach = 1 << 16;

/**
 * The SBC's own time of an announcing line that opens a Syslog Viewer record, the message in the
 * record's lines under it: the `[Time:...]` that closes the record, after the message (the head's
 * time is the syslog server's, up to a second later and rounded). Null for any other line, or a
 * record with no stamp before the next record's head.
 */
export function viewerRecordTime(text: string, lineStart: number, lineEnd: number): string | null {
	if (!viewerHead.test(text.slice(lineStart, Math.min(lineEnd, lineStart + 120)))) return null;
	if (!announce.test(text.slice(lineStart, Math.min(lineEnd, lineStart + 600)))) return null;
	const limit = Math.min(text.length, lineStart + recordReach);
	for (let at = text.indexOf('\n', lineStart) + 1; at > 0 && at < limit;) {
		const nl = text.indexOf('\n', at);
		const end = nl < 0 || nl > limit ? limit : nl;
		// The next record's head: this one had no stamp.
		if (isDigit(text.charCodeAt(at)) && viewerHead.test(text.slice(at, Math.min(end, at + 120))))
			return null;
		const open = text.indexOf('[Time:', at);
		if (open >= 0 && open < end) {
			const time = stamp.exec(text.slice(open, Math.min(end, open + 40)));
			if (!time) return null;
			const day = Number(time[1]);
			const month = Number(time[2]);
			return day >= 1 && day <= 31 && month >= 1 && month <= 12
				? yearlessTime(month, day, time[3]!).time
				: time[3]!;
		}
		if (nl < 0) break;
		at = nl + 1;
	}
	return null;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
