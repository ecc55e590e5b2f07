import type { Subscription, TraceIndex } from '../core/model';

/**
 * `2 NOTIFYs (+2 forwarded by a proxy)`: a subscription's NOTIFYs as its notifier sent them. Through
 * a record-routing proxy the trace holds each NOTIFY once per hop; the copies are counted apart.
 */
export function notifyCount(index: TraceIndex, s: Subscription): string {
	const sent = s.notifies.filter((n) => index.forwardedFrom(n) === null).length;
	const copies = s.notifies.length - sent;
	return `${sent} NOTIFY${sent === 1 ? '' : 's'}${copies ? ` (+${copies} forwarded by a proxy)` : ''}`;
}
