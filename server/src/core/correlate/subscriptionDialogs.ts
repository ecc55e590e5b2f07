import type { Dialog, SipMessage, Subscription } from '../model';

/** Methods whose dialog only subscriptions use, when it created the dialog or is its first message. */
const subscriptionUsage = new Set(['SUBSCRIBE', 'REFER', 'NOTIFY', 'BENOTIFY']);

/**
 * A dialog that a SUBSCRIBE or REFER created lives as long as a subscription uses it (RFC 6665
 * §4.4.1, §4.5.2): once every subscription of it is terminated (its NOTIFY said so), the dialog
 * has no usage left and ends. One that an INVITE created, or that an INVITE joined, lives on.
 * `dialogs` is returned as it is when no dialog ends; an ended one is a copy, `terminated`.
 */
export function endSubscriptionDialogs(
	messages: readonly SipMessage[],
	dialogs: readonly Dialog[],
	dialogOf: Int32Array,
	subscriptions: readonly Subscription[],
): readonly Dialog[] {
	const live = new Int32Array(dialogs.length);
	const ended = new Int32Array(dialogs.length);
	for (const s of subscriptions) {
		const anchor = s.creator ?? s.notifies[0] ?? s.subscribes[0];
		const d = anchor === undefined ? -1 : dialogOf[anchor]!;
		if (d < 0) continue;
		if (s.terminatedBy === null) live[d]++;
		else ended[d]++;
	}
	let out: Dialog[] | null = null;
	for (const d of dialogs) {
		if (d.state !== 'confirmed' || live[d.id] !== 0 || ended[d.id] === 0) continue;
		const creator = messages[d.creator]!;
		if (!subscriptionUsage.has(creator.method ?? creator.cseq?.method ?? '')) continue;
		if (d.messages.some((i) => messages[i]!.method === 'INVITE')) continue;
		out ??= dialogs.slice();
		out[d.id] = { ...d, state: 'terminated' };
	}
	return out ?? dialogs;
}
