import { Removals, TextWithout } from './textWithout';

/*
 * AudioCodes' Syslog Viewer, saved as text: each syslog record on a line of its own
 * (`09/13 14:47:15.000  100.112.70.10  local0.notice  [S=76337880] [SID=cd9263:28:29209476]  `),
 * the record's further lines indented under it, and the SBC's `[Time:13-09@14:47:14.279]` closing
 * it. A message longer than a record goes on in the next records of the same session (SID), cut
 * wherever the record was full, inside a line and a word (`52.114.252.65 5 [Time:...]`, then
 * `2527 typ relay ...` after the next record's head). Such a trace is read with each of those
 * breaks taken out, so the message is whole again, and without the space the viewer ends each
 * record's first line with; the frames are put back on the trace's own offsets (textWithout.ts).
 * A record that opens with the SBC's log line number (`(N 17906357)`) starts something new, and
 * one whose `[Time:...]` stands on a line of its own ended with a whole line: the break stays.
 */

/** Where such breaks are looked for: the trace's head (a large log is not searched). */
const head = 1 << 16;

/**
 * A record's close and the next record's head: the `[Time:...]` (after the record's last text,
 * or on a line of its own), the line end, then the head up to its session and the spaces after.
 * Bounded runs: no text makes the search backtrack far.
 */
const recordBreak =
	/ ?\[Time:\d\d-\d\d@\d\d:\d\d:\d\d(?:\.\d{1,6})?\][ \t]*\r?\n\d\d\/\d\d \d\d:\d\d:\d\d\.\d{3} {1,4}\S{1,64} {1,4}\S{1,32} {1,4}\[S=\d{1,12}\] \[SID[=:]([^\]\s]{1,64})\] {1,4}/g;

/**
 * A record's head at a line's start, to the session and the spaces after it; the record's first
 * line, which the viewer ends with a space of its own (`... SIP/2.0 `), runs to the line end.
 */
const recordHead =
	/^\d\d\/\d\d \d\d:\d\d:\d\d\.\d{3} {1,4}\S{1,64} {1,4}\S{1,32} {1,4}\[S=\d{1,12}\] \[SID[=:][^\]\s]{1,64}\] {1,4}/gm;

/** Does `text` hold the viewer's records, two or more? */
export function holdsViewerRecords(text: string): boolean {
	const start = text.length > head ? text.slice(0, head) : text;
	if (!start.includes('[SID') || !start.includes('[S=')) return false;
	recordHead.lastIndex = 0;
	return recordHead.exec(start) !== null && recordHead.exec(start) !== null;
}

/**
 * Does the record after the break `m` go on with the one before it: the same session, and not
 * opening with a log line number of its own?
 */
function goesOn(text: string, m: RegExpExecArray): boolean {
	const after = m.index + m[0].length;
	// Cut inside a line: the `[Time:...]` right after the record's last text, not on a line of
	// its own (where the record ended with a line of the message or of the log, the next record
	// reads on as it stands).
	const before = text.charCodeAt(m.index);
	const last = text.charCodeAt((before === 32 ? m.index : m.index + 1) - 1);
	if (last === 10 || last === 32 || last === 9) return false;
	if (text.startsWith('(N ', after)) return false;
	const sid = text.lastIndexOf('[SID', m.index);
	if (sid < 0) return false;
	const close = text.indexOf(']', sid);
	return close > sid && text.slice(sid + 5, close) === m[1];
}

/**
 * The trace with those breaks taken out, and the space the viewer ends each record's first line
 * with (a start line read with it would end in white space after its version); the way back to
 * the trace's offsets.
 */
export class WithoutRecordBreaks extends TextWithout {
	/** Whether anything was taken out (else the trace reads as it stands). */
	readonly changed: boolean;

	constructor(source: string) {
		const runs: number[] = [];
		recordHead.lastIndex = 0;
		for (let m = recordHead.exec(source); m; m = recordHead.exec(source)) {
			let end = source.indexOf('\n', m.index + m[0].length);
			if (end < 0) end = source.length;
			if (end > 0 && source.charCodeAt(end - 1) === 13) end--;
			if (end > m.index + m[0].length && source.charCodeAt(end - 1) === 32) runs.push(end - 1, end);
		}
		recordBreak.lastIndex = 0;
		for (let m = recordBreak.exec(source); m; m = recordBreak.exec(source))
			if (goesOn(source, m)) runs.push(m.index, m.index + m[0].length);
		// In text order; a line's last space inside a break goes with the break.
		const order = Array.from({ length: runs.length / 2 }, (_, k) => k).sort(
			(a, b) => runs[2 * a]! - runs[2 * b]!,
		);
		const removals = new Removals();
		const parts: string[] = [];
		let kept = 0;
		for (const k of order) {
			const start = Math.max(kept, runs[2 * k]!);
			const end = runs[2 * k + 1]!;
			if (end <= start) continue;
			parts.push(source.slice(kept, start));
			removals.take(start, end);
			kept = end;
		}
		parts.push(source.slice(kept));
		super(source, parts.join(''), removals);
		this.changed = removals.runs > 0;
	}
}
