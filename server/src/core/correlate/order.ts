import type { SipMessage } from '../model';

/**
 * Messages in the order they happened: by capture time when every message has one (sngrep's
 * export groups by dialog, not by time), else in file order. Stable: equal times keep file order.
 */
export function chronological(messages: readonly SipMessage[]): readonly SipMessage[] {
	// One pass reads each frame once: any message without a time, or times already in order.
	let sorted = true;
	let previous = -Infinity;
	for (let k = 0; k < messages.length; k++) {
		const m = messages[k]!;
		const micros = m.frame.epochMicros;
		if (micros == null) return messages;
		if (!(micros >= previous)) sorted = false; // NaN too, as a comparison with it fails
		previous = micros;
	}
	if (sorted) return messages;
	return [...messages].sort(
		(a, b) => a.frame.epochMicros! - b.frame.epochMicros! || a.index - b.index,
	);
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
