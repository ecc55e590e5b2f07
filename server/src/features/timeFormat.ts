/** `2026-11-24 19:33:07.319` (UTC) from epoch microseconds. */
export function formatMicros(micros: number): string {
	return new Date(micros / 1000).toISOString().replace('T', ' ').replace('Z', ' UTC');
}

/** `19:33:07` from epoch microseconds, for compact labels. */
export function formatClock(micros: number): string {
	return new Date(micros / 1000).toISOString().slice(11, 19);
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
