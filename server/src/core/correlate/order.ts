import type { SipMessage } from '../model';
import { clockOf } from '../text/clock';

/**
 * Messages in the order they happened: by capture time when every message has one (sngrep's
 * export groups by dialog, not by time; a capture of two interfaces printed by tcpdump holds
 * each one's packets in turn), else in file order. Stable: equal times keep file order.
 */
export function chronological(messages: readonly SipMessage[]): readonly SipMessage[] {
	// One pass reads each frame once: any message without a time, or times already in order.
	let sorted = true;
	let previous = -Infinity;
	for (let k = 0; k < messages.length; k++) {
		const m = messages[k]!;
		const micros = m.frame.epochMicros;
		if (micros == null) return byTimeOfDay(messages);
		if (!(micros >= previous)) sorted = false; // NaN too, as a comparison with it fails
		previous = micros;
	}
	if (sorted) return messages;
	return [...messages].sort(
		(a, b) => a.frame.epochMicros! - b.frame.epochMicros! || a.index - b.index,
	);
}

const day = 86_400_000_000;

/**
 * Messages whose times give no date (tcpdump's, sofia's times of day) by those times, when every
 * message has one; a time more than half a day before the latest one is the next day's (a trace
 * that runs past midnight). In file order otherwise, or when that is their order already.
 */
function byTimeOfDay(messages: readonly SipMessage[]): readonly SipMessage[] {
	const times = new Float64Array(messages.length);
	let sorted = true;
	let latest = -Infinity;
	let days = 0;
	for (let k = 0; k < messages.length; k++) {
		const clock = clockOf(messages[k]!.frame);
		if (clock?.kind !== 'time') return messages;
		let t = clock.micros + days;
		if (t < latest - day / 2) {
			days += day;
			t += day;
		}
		if (t < latest) sorted = false;
		else latest = t;
		times[k] = t;
	}
	if (sorted) return messages;
	// A message's index is its place in the file.
	return [...messages].sort((a, b) => times[a.index]! - times[b.index]! || a.index - b.index);
}

/** Position of each message in chronological order, to compare "before" and "after". */
export function ranks(order: readonly SipMessage[], count: number): Int32Array {
	const rank = new Int32Array(count);
	order.forEach((m, i) => (rank[m.index] = i));
	return rank;
}

/**
 * The first message of a second stream where the messages come from tshark's stream follower
 * (`-z follow`), which prints each stream on its own and gives no time: the order of messages
 * of different streams is then not known. Null when the file's order is as good as the trace
 * gives (one stream, or a format that prints in the order it saw).
 */
export function secondStream(messages: readonly SipMessage[]): SipMessage | null {
	let first: SipMessage | null = null;
	for (const m of messages) {
		const f = m.frame;
		if (f.format !== 'tsharkFollow' || f.epochMicros != null) continue;
		if (!first) first = m;
		else if (!sameStream(first.frame, f)) return m;
	}
	return null;
}

/** Two frames between the same two nodes, whichever way they went. */
function sameStream(a: SipMessage['frame'], b: SipMessage['frame']): boolean {
	return (a.src === b.src && a.dst === b.dst) || (a.src === b.dst && a.dst === b.src);
}
