/** Median and spread (min..max) of repeated measurements, and percentiles of latency samples. */
export function median(xs: readonly number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: readonly number[], p: number): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export function spread(xs: readonly number[]): string {
	return `${Math.min(...xs).toFixed(1)}..${Math.max(...xs).toFixed(1)}`;
}
