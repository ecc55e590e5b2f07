/** `2026-11-24 19:33:07.319` (UTC) from epoch microseconds. */
export function formatMicros(micros: number): string {
	return new Date(micros / 1000).toISOString().replace('T', ' ').replace('Z', ' UTC');
}

/** `19:33:07` from epoch microseconds, for compact labels. */
export function formatClock(micros: number): string {
	return new Date(micros / 1000).toISOString().slice(11, 19);
}

/**
 * The end of a span that starts at `from`: `20:33:07` on the same day, with its date when it ends
 * on another (`2157-01-01 02:01:22`), so that an expiry far off is not read as later today.
 */
export function formatClockAfter(from: number, to: number): string {
	const day = (micros: number): number => Math.floor(micros / 86_400_000_000);
	if (day(from) === day(to)) return formatClock(to);
	return new Date(to / 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** `90 s`, `1 h`, `2 days 3 h`, `about 136 years`: an Expires value as a person reads it. */
export function formatSeconds(seconds: number): string {
	const minute = 60;
	const hour = 60 * minute;
	const day = 24 * hour;
	const both = (a: number, unitA: string, b: number, unitB: string): string =>
		`${a} ${unitA}${b ? ` ${b} ${unitB}` : ''}`;
	if (seconds < 2 * minute) return `${seconds} s`;
	if (seconds < 2 * hour) return both(Math.floor(seconds / minute), 'min', seconds % minute, 's');
	if (seconds < 2 * day)
		return both(Math.floor(seconds / hour), 'h', Math.floor((seconds % hour) / minute), 'min');
	if (seconds < 730 * day)
		return both(Math.floor(seconds / day), 'days', Math.floor((seconds % day) / hour), 'h');
	return `about ${Math.round(seconds / (365.25 * day))} years`;
}

/**
 * `125 ms`, `2.4 s`, `3 min 20 s` from a duration in microseconds; under a millisecond (loopback,
 * a proxy answering at once) to 0.01 ms where the clock has microseconds, not rounded to `0 ms`.
 */
export function formatDuration(micros: number): string {
	const ms = micros / 1000;
	if (ms > 0 && ms < 1) return `${ms.toFixed(2)} ms`;
	if (ms < 1000) return `${Math.round(ms)} ms`;
	if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
	const s = Math.round(ms / 1000);
	return `${Math.floor(s / 60)} min ${s % 60} s`;
}
