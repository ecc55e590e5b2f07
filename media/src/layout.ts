/** Pure geometry of the ladder: model → rows and columns. No DOM here. */
import type { LadderArrow, LadderModel } from '../../server/src/protocol/ladder';

export const rowHeight = 28;
export const laneWidth = 190;
export const timeColumn = 150;
export const headerHeight = 44;

export interface Filter {
	readonly text: string;
	readonly hideNoise: boolean;
}

const noise = new Set(['options', 'register']);

/** The arrows a filter keeps: text matches method, status, Call-ID, presentity or note. */
export function visibleArrows(model: LadderModel, filter: Filter): LadderArrow[] {
	const q = filter.text.trim().toLowerCase();
	return model.arrows.filter((a) => {
		if (filter.hideNoise && (noise.has(a.kind) || a.isRefresh)) return false;
		if (!q) return true;
		return [
			a.label,
			a.callId,
			a.presentity,
			a.presence?.note,
			...(a.presence?.activities ?? []),
			a.from,
			a.to,
		].some((s) => s?.toLowerCase().includes(q));
	});
}

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
