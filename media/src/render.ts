/** Draws the ladder with DOM/SVG APIs and textContent only: trace text never becomes markup. */
import type { LadderArrow, LadderLane } from '../../server/src/protocol/ladder';
import type { Ladder } from '../../server/src/protocol/ladderColumns';
import {
	headerHeight,
	laneWidth,
	laneX,
	rowHeight,
	rowY,
	timeColumn,
	timeLabels,
	type SubscriptionBar,
} from './layout';

const svgNs = 'http://www.w3.org/2000/svg';

export function el<K extends keyof SVGElementTagNameMap>(
	name: K,
	attrs: Record<string, string | number> = {},
	text?: string,
): SVGElementTagNameMap[K] {
	const node = document.createElementNS(svgNs, name);
	for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
	if (text !== undefined) node.textContent = text;
	return node;
}

export interface DrawState {
	readonly selected: number | null;
	readonly related: ReadonlySet<number>;
}

function badgeText(a: LadderArrow): string {
	if (!a.presence) return '';
	const state = [a.presence.basic, ...a.presence.activities].filter(Boolean).join(' ');
	return a.presence.note ? `${state} · ${a.presence.note}` : state;
}

/**
 * The arrow of row `row` as a `<g data-message-index>`: line, head, label, badge and the time
 * column. `rows` holds the arrow position of each row; the previous row gives the delta.
 */
export function drawArrow(
	ladder: Ladder,
	rows: Int32Array,
	row: number,
	state: DrawState,
): SVGGElement {
	const pos = rows[row]!;
	const a = ladder.arrow(pos);
	const x1 = laneX(ladder.columns.from[pos]!);
	const x2 = laneX(ladder.columns.to[pos]!);
	const y = rowY(row);
	const classes = ['arrow', `kind-${a.kind}`, a.isRequest ? 'request' : 'response'];
	if (state.selected === a.index) classes.push('selected');
	if (state.related.has(a.index)) classes.push('related');
	if (a.status !== null && a.status >= 400) classes.push('failure');
	const g = el('g', {
		class: classes.join(' '),
		'data-message-index': a.index,
		tabindex: -1,
		role: 'listitem',
	});
	g.setAttribute(
		'aria-label',
		`${a.label} from ${a.from} to ${a.to}${a.time ? ` at ${a.time}` : ''}`,
	);
	g.appendChild(
		el('rect', {
			class: 'hit',
			x: 0,
			y: y - rowHeight / 2,
			width: timeColumn + ladder.lanes.length * laneWidth,
			height: rowHeight,
		}),
	);
	const [time, delta] = timeLabels(a, row > 0 ? ladder.arrow(rows[row - 1]!) : undefined);
	g.appendChild(el('text', { class: 'time', x: 6, y: y + 4 }, time));
	g.appendChild(
		el('text', { class: 'delta', x: timeColumn - 8, y: y + 4, 'text-anchor': 'end' }, delta),
	);
	if (x1 === x2) {
		g.appendChild(el('path', { class: 'line', d: `M${x1} ${y - 6} h30 v12 h-30`, fill: 'none' }));
	} else {
		g.appendChild(el('line', { class: 'line', x1, y1: y, x2: x2 + (x2 > x1 ? -6 : 6), y2: y }));
		const dir = x2 > x1 ? -1 : 1;
		g.appendChild(el('path', { class: 'head', d: `M${x2} ${y} l${dir * 8} -4 l0 8 z` }));
	}
	const mid = (x1 + x2) / 2;
	const retrans = a.retransmissions.length ? ` ×${a.retransmissions.length + 1}` : '';
	g.appendChild(
		el(
			'text',
			{
				class: 'label',
				x: x1 === x2 ? x1 + 36 : mid,
				y: y - 5,
				'text-anchor': x1 === x2 ? 'start' : 'middle',
			},
			`${a.label}${retrans}`,
		),
	);
	const badge = badgeText(a);
	if (badge)
		g.appendChild(
			el(
				'text',
				{
					class: 'badge',
					x: x1 === x2 ? x1 + 36 : mid,
					y: y + 10,
					'text-anchor': x1 === x2 ? 'start' : 'middle',
				},
				badge.length > 48 ? `${badge.slice(0, 47)}…` : badge,
			),
		);
	if (a.authPair !== null)
		g.appendChild(
			el(
				'text',
				{ class: 'auth', x: Math.min(x1, x2) + 4, y: y + 10 },
				a.status === 401 || a.status === 407 ? '🔒' : '',
			),
		);
	return g;
}

/** Lane headers and lifelines for the full height. */
export function drawLanes(svg: SVGSVGElement, lanes: readonly LadderLane[], rows: number): void {
	const height = headerHeight + rows * rowHeight + 10;
	lanes.forEach((lane, i) => {
		const x = laneX(i);
		svg.appendChild(
			el('line', { class: 'lifeline', x1: x, y1: headerHeight - 6, x2: x, y2: height }),
		);
		// The full name as a tooltip beside (not inside) the possibly shortened label.
		const group = el('g', {
			class: 'lane',
			'data-lane': lane.id,
			role: 'button',
			'aria-label': `Lane ${lane.label}: double-click to rename or merge`,
		});
		group.appendChild(el('title', {}, lane.label));
		group.appendChild(
			el(
				'text',
				{ class: 'lane-label', x, y: 16, 'text-anchor': 'middle' },
				lane.label.length > 28 ? `${lane.label.slice(0, 27)}…` : lane.label,
			),
		);
		svg.appendChild(group);
		if (lane.role)
			svg.appendChild(
				el('text', { class: 'lane-role', x, y: 32, 'text-anchor': 'middle' }, lane.role),
			);
	});
}

/** Subscription lifetimes as bars along the watcher's lane, from activation to termination. */
export function drawSubscriptionBars(parent: Node, bars: readonly SubscriptionBar[]): void {
	for (const bar of bars) {
		const active = bar.subscriptions.some((s) => s.state !== 'terminated');
		const rect = el('rect', {
			class: `subscription ${active ? 'active' : 'terminated'}`,
			x: laneX(bar.lane) - 4,
			y: rowY(bar.fromRow),
			width: 8,
			height: Math.max(4, rowY(bar.toRow) - rowY(bar.fromRow)),
		});
		const shown = bar.subscriptions
			.slice(0, 5)
			.map((s) => `${s.event} subscription to ${s.resource ?? '?'} (${s.state})`);
		if (bar.subscriptions.length > shown.length)
			shown.push(`and ${bar.subscriptions.length - shown.length} more`);
		rect.appendChild(el('title', {}, shown.join('\n')));
		parent.appendChild(rect);
	}
}
