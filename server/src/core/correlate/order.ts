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
