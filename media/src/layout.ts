/** Pure geometry of the ladder: model → rows and columns. No DOM here. */
import type { LadderArrow, LadderSubscription } from '../../server/src/protocol/ladder';
import type { Ladder } from '../../server/src/protocol/ladderColumns';

export const rowHeight = 28;
export const laneWidth = 190;
export const timeColumn = 150;
export const headerHeight = 44;

export function laneX(laneIndex: number): number {
	return timeColumn + laneIndex * laneWidth + laneWidth / 2;
}

export function rowY(row: number): number {
	return headerHeight + row * rowHeight + rowHeight / 2;
}

/** Rows [first, last) inside the viewport, with a margin, for virtualised drawing. */
export function windowRows(
	scrollTop: number,
	viewportHeight: number,
	rowCount: number,
	margin = 20,
): [number, number] {
	const first = Math.max(0, Math.floor((scrollTop - headerHeight) / rowHeight) - margin);
	const last = Math.min(rowCount, Math.ceil((scrollTop + viewportHeight) / rowHeight) + margin);
	return [first, last];
}

/** `+1.234 s` between consecutive arrows, `19:33:07.319` for the time itself. */
export function timeLabels(
	arrow: LadderArrow,
	previous: LadderArrow | undefined,
): [string, string] {
	const time = arrow.time
		? (arrow.time.includes('T') ? arrow.time.slice(arrow.time.indexOf('T') + 1) : arrow.time).slice(
				0,
				12,
			)
		: '';
	if (arrow.offsetMicros == null || previous?.offsetMicros == null) return [time, ''];
	const delta = (arrow.offsetMicros - previous.offsetMicros) / 1e6;
	return [time, `+${delta.toFixed(3)}s`];
}

/** A subscription bar as drawn: one or more overlapping lifetimes on one lane, within some rows. */
export interface SubscriptionBar {
	readonly lane: number;
	readonly fromRow: number;
	readonly toRow: number;
	readonly subscriptions: readonly LadderSubscription[];
}

/**
 * The subscription bars crossing rows [first, last): each lifetime clipped to those rows, and the
 * lifetimes that overlap on one lane merged into one bar, so a window of rows draws at most a few
 * bars per lane however many subscriptions the trace holds.
 */
export function subscriptionBars(
	ladder: Ladder,
	rowOf: (index: number) => number | undefined,
	rows: number,
	first: number,
	last: number,
): SubscriptionBar[] {
	const byLane = new Map<number, { from: number; to: number; s: LadderSubscription }[]>();
	ladder.subscriptions.forEach((s, i) => {
		const lane = ladder.subscriptionLanes[i]!;
		const from = rowOf(s.fromIndex);
		if (from === undefined) return;
		const to = s.toIndex !== null ? (rowOf(s.toIndex) ?? rows - 1) : rows - 1;
		const a = Math.max(from, first);
		const b = Math.min(Math.max(from, to), last - 1);
		if (a > b) return;
		let list = byLane.get(lane);
		if (!list) byLane.set(lane, (list = []));
		list.push({ from: a, to: b, s });
	});
	const bars: SubscriptionBar[] = [];
	for (const [lane, list] of byLane) {
		list.sort((x, y) => x.from - y.from || x.to - y.to);
		let current: {
			lane: number;
			fromRow: number;
			toRow: number;
			subscriptions: LadderSubscription[];
		} | null = null;
		for (const { from, to, s } of list) {
			if (current && from <= current.toRow) {
				current.toRow = Math.max(current.toRow, to);
				current.subscriptions.push(s);
			} else {
				if (current) bars.push(current);
				current = { lane, fromRow: from, toRow: to, subscriptions: [s] };
			}
		}
		if (current) bars.push(current);
	}
	return bars;
}
