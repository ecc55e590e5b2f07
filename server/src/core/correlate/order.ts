import type { SipMessage } from '../model';

/**
 * Messages in the order they happened: by capture time when every message has one (sngrep's
 * export groups by dialog, not by time), else in file order. Stable: equal times keep file order.
 */
export function chronological(messages: readonly SipMessage[]): readonly SipMessage[] {
	for (const m of messages) if (m.frame.epochMicros == null) return messages;
	let sorted = true;
	for (let i = 1; i < messages.length && sorted; i++)
		sorted = messages[i - 1]!.frame.epochMicros! <= messages[i]!.frame.epochMicros!;
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
