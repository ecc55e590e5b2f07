/*
 * A frame's time as its format writes it (`2026-11-24T19:33:07.319727`) is also in its epoch:
 * where the written time reads back from the epoch, a frame keeps only how many fraction digits
 * it had, and the string is made when asked for (most are never read). A trace has one time a
 * message, and each string kept would be about 48 bytes.
 */

/** Days in a month (1 to 12) of a Gregorian year. */
function daysIn(y: number, mo: number): number {
	if (mo === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
	return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

/**
 * Does a date and time, by its parts, read back unchanged from its epoch? A real calendar day
 * and time of day (the epoch of `02-30` is March's) in a year of four digits from 1970 on, at
 * most microseconds (the epoch keeps no finer part).
 */
export function readsBack(
	y: number,
	mo: number,
	d: number,
	h: number,
	mi: number,
	s: number,
	fractionDigits: number,
): boolean {
	return (
		y >= 1970 &&
		y <= 9999 &&
		mo >= 1 &&
		mo <= 12 &&
		d >= 1 &&
		d <= daysIn(y, mo) &&
		h <= 23 &&
		mi <= 59 &&
		s <= 59 &&
		fractionDigits >= 0 &&
		fractionDigits <= 6
	);
}

/** `epochMicros` (UTC, from 1970 on) as ISO date and time with `fractionDigits` digits of the second. */
export function isoTime(epochMicros: number, fractionDigits: number): string {
	const micros = epochMicros % 1e6;
	const seconds = (epochMicros - micros) / 1e6;
	const day = Math.floor(seconds / 86400);
	// A trace's messages come in runs of the same day: its date is written once for the run.
	if (day !== lastDay) {
		lastDay = day;
		lastDate = new Date(day * 86_400_000).toISOString().slice(0, 10);
	}
	const inDay = seconds - day * 86400;
	const clock = `${lastDate}T${twoDigits[Math.floor(inDay / 3600)]}:${twoDigits[Math.floor(inDay / 60) % 60]}:${twoDigits[inDay % 60]}`;
	return flat(
		fractionDigits === 0
			? clock
			: `${clock}.${String(micros).padStart(6, '0').slice(0, fractionDigits)}`,
	);
}

let lastDay = NaN;
let lastDate = '';
const twoDigits = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** `s` as one flat string, as `formats.ts` makes a time (a concatenation is read once). */
function flat(s: string): string {
	s.charCodeAt(0);
	return s;
}
