import type { Frame } from '../model';

/**
 * A message's time on the trace's own clock, so that durations and clock labels work where the
 * trace gives no full date (Asterisk's `[Mar 30 13:35:51]`, sofia's and pjsua's times of day):
 * the epoch when the date is known; else micros on a notional calendar, a year-less `--MM-DD`
 * date in a leap year (1972), a time of day on 1970-01-01. Only clocks of one kind compare.
 */
export interface Clock {
	readonly micros: number;
	readonly kind: 'epoch' | 'day' | 'time';
}

// `--03-08T00:18:28.5`, `00:18:28`, `01:06:40.589583`, `18:25:46.841Z` (a zone named, read as
// the others: times of one trace share it).
const partial = /^(?:--(\d\d)-(\d\d)T)?(\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(?:Z|[+-]\d\d:\d\d)?$/;
const day = 86_400_000_000;

export function clockOf(frame: Pick<Frame, 'time' | 'epochMicros'>): Clock | null {
	if (frame.epochMicros != null) return { micros: frame.epochMicros, kind: 'epoch' };
	const m = frame.time ? partial.exec(frame.time) : null;
	if (!m) return null;
	const fraction = Number((m[6] ?? '').padEnd(6, '0').slice(0, 6));
	const seconds = Number(m[3]) * 3600 + Number(m[4]) * 60 + Number(m[5]);
	const timeOfDay = seconds * 1_000_000 + fraction;
	if (!m[1]) return { micros: timeOfDay, kind: 'time' };
	return { micros: Date.UTC(1972, Number(m[1]) - 1, Number(m[2])) * 1000 + timeOfDay, kind: 'day' };
}

/**
 * Micros from `a` to `b`, or null when they cannot be compared. Without a date, a time earlier
 * by more than half a day is taken as the next day (a trace that runs past midnight); without a
 * year, a date earlier by more than half a year as the next year.
 */
export function clockBetween(a: Clock | null, b: Clock | null): number | null {
	if (!a || !b || a.kind !== b.kind) return null;
	let d = b.micros - a.micros;
	if (a.kind === 'time' && d < -day / 2) d += day;
	if (a.kind === 'day' && d < -183 * day) d += 366 * day;
	return d;
}
