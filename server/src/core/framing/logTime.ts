import { zoneNameOffset } from './zoneNames';
/*
 * The time a program's log prefix gives a message, read from the prefix wherever it lies: the
 * escaped one-line records (a syslog or application prefix), pjsua's stamp behind a logger of
 * the application's own, a start line glued after a short logger tag.
 */

export interface LogTime {
	time: string;
	epochMicros: number | null;
}

// `2026-11-24 19:33:07.512`, `2026-11-24T19:33:07,512`, `2016-12-29 12:06:46:004` (iOS apps'
// CocoaLumberjack), `2026/11/24 19:33:07` (Java loggers', ngrep's and sngrep's year first with
// slashes), or a European `06.02.2026 10:21:02.634` (a date written with dots is day first); a
// time of day alone when there is no date. A UTC offset may follow, glued or after a space
// (`2024-07-02T11:49:48.548312-04:00`, Serilog's `2025-02-11 09:06:39.029 +00:00`, journalctl's
// `-o short-iso` `2026-12-04T18:05:45+0100`).
const timeOfDay =
	/(?:(\d{4}-\d\d-\d\d|\d{4}\/\d\d\/\d\d|(\d\d)\.(\d\d)\.(\d{4}))[T ])?(\d\d:\d\d:\d\d(?:[.,]\d{1,9}|:\d{3}(?!\d))?)(?:(Z)\b| ?([+-])(\d\d):?(\d\d)(?!\d))?/;
// A relay's RFC 1123 date (`[Sat, 19 Dec 2020 10:45:08 GMT]`) gives the day as well.
const httpDate =
	/\b(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d\d:\d\d:\d\d)\b( (?:GMT|UTC)\b)?/;
const monthNames = 'JanFebMarAprMayJunJulAugSepOctNovDec';
// JavaScript's Date.toString(), which browser SIP stacks log (SIP.js: `Tue Jun 26 2018 18:13:02
// GMT+0600 (+06) | sip.transport | ...`): local time, and its UTC offset.
const jsDate =
	/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d\d) (\d{4}) (\d\d:\d\d:\d\d) GMT([+-])(\d\d)(\d\d)\b/;
// C's ctime() and asctime() (`Mon Nov 14 17:26:15 2022`, Kamailio's `$Tf` in an xlog line): the
// year after the time of day.
const ctime =
	/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(\d{1,2}) (\d\d:\d\d:\d\d) (\d{4})\b/;
// syslog's, Asterisk's and Cisco's `Mar  8 00:18:28`: month and day, no year.
const monthDay =
	/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(\d{1,2}) (\d\d:\d\d:\d\d(?:[.,]\d{1,9})?)\b/;

// A date with hyphens and the year last (JavaForce's `[20-08-2020 08:50:04]`): day first in
// Europe, month first in the US; read where one of the two is above 12.
const hyphenDate = /(?<!\d)(\d\d)-(\d\d)-(\d{4}) (\d\d:\d\d:\d\d(?:\.\d{1,9})?)(?!\d)/;

/** {@link hyphenDate}'s date, or null where day and month cannot be told apart. */
function hyphenDated(m: RegExpExecArray): LogTime | null {
	const a = Number(m[1]);
	const b = Number(m[2]);
	if (a > 12 === b > 12) return null;
	const [day, month] = a > 12 ? [m[1]!, m[2]!] : [m[2]!, m[1]!];
	return datedTime(`${m[3]}-${month}-${day}`, m[4]!);
}

// logcat's `-v threadtime` and `-v time`, and Android Studio's older view: `03-27 19:55:24.130`,
// month and day first on the line, no year.
const logcatDay = /^[ \t]?(\d\d)-(\d\d) (\d\d:\d\d:\d\d\.\d{3})(?!\d)/;

/**
 * A stamp with month and day but no year, written as ISO 8601's year-less `--MM-DD` date
 * (`--03-08T00:18:28`): the day is kept, and with no year there is no epoch.
 */
export function yearlessTime(month: number, day: number, time: string): LogTime {
	const mm = String(month).padStart(2, '0');
	const dd = String(day).padStart(2, '0');
	return { time: `--${mm}-${dd}T${time.replace(',', '.')}`, epochMicros: null };
}

/**
 * `date` (`YYYY-MM-DD`) at `time` (`hh:mm:ss`, with a fraction after a dot or not), read as UTC;
 * null for a month or day out of range (a record's fields in another order), which is no date.
 */
export function datedTime(date: string, time: string): LogTime | null {
	const [whole, fraction = ''] = time.split('.');
	const epoch = Date.parse(`${date}T${whole}Z`);
	if (Number.isNaN(epoch) || !new Date(epoch).toISOString().startsWith(date)) return null;
	return {
		time: `${date}T${time}`,
		epochMicros: epoch * 1000 + Number(fraction.padEnd(6, '0').slice(0, 6)),
	};
}

/**
 * `local` (a date and time as written, read as UTC) in the zone its stamp names (`CET`, `PDT`):
 * with the offset that name stands for, the epoch moved by it; as it was for a name of no single
 * offset (see zoneNames.ts).
 */
export function inZone(local: LogTime, zone: string): LogTime {
	const minutes = zoneNameOffset(zone);
	if (minutes === undefined || local.epochMicros === null) return local;
	if (minutes === 0) return { ...local, time: `${local.time}Z` };
	const sign = minutes < 0 ? '-' : '+';
	const hh = String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0');
	const mm = String(Math.abs(minutes) % 60).padStart(2, '0');
	return {
		time: `${local.time}${sign}${hh}:${mm}`,
		epochMicros: local.epochMicros - minutes * 60_000_000,
	};
}

/** The month (1 to 12) of an English three-letter abbreviation, or 0. */
export function monthNumber(name: string): number {
	const at = monthNames.indexOf(name);
	return at >= 0 && at % 3 === 0 ? at / 3 + 1 : 0;
}

/**
 * The time the log prefix gives: with its date (ISO, day-first dotted or RFC 1123) when it has
 * one, in UTC; with month and day when that is all it gives (see {@link yearlessTime}).
 */
export function timeIn(prefix: string): LogTime | null {
	const js = jsDate.exec(prefix);
	if (js) {
		const month = String(monthNames.indexOf(js[1]!) / 3 + 1).padStart(2, '0');
		const local = `${js[3]}-${month}-${js[2]}T${js[4]}`;
		const offset = (js[5] === '-' ? -1 : 1) * (Number(js[6]) * 60 + Number(js[7]));
		// The time as the log wrote it, with its offset; the epoch in UTC.
		return {
			time: `${local}${js[5]}${js[6]}:${js[7]}`,
			epochMicros: (Date.parse(`${local}Z`) - offset * 60_000) * 1000,
		};
	}
	const http = httpDate.exec(prefix);
	if (http) {
		const month = monthNames.indexOf(http[2]!) / 3 + 1;
		const date = `${http[3]}-${String(month).padStart(2, '0')}-${http[1]!.padStart(2, '0')}`;
		// In GMT, as RFC 1123 writes it: said so (`Z`), as an offset is kept elsewhere.
		const zone = http[5] ? 'Z' : '';
		return {
			time: `${date}T${http[4]}${zone}`,
			epochMicros: Date.parse(`${date}T${http[4]}Z`) * 1000,
		};
	}
	const hyphened = hyphenDate.exec(prefix);
	if (hyphened) {
		const dated = hyphenDated(hyphened);
		if (dated) return dated;
	}
	const when = timeOfDay.exec(prefix);
	if (!when) return null;
	// The fraction after a comma, or after a colon (CocoaLumberjack's `12:06:46:004`), as a dot.
	const time = when[5]!.length > 8 ? `${when[5]!.slice(0, 8)}.${when[5]!.slice(9)}` : when[5]!;
	const date = when[2] ? `${when[4]}-${when[3]}-${when[2]}` : when[1]?.replaceAll('/', '-');
	const zone = when[6] ? 'Z' : when[7] ? `${when[7]}${when[8]}:${when[9]}` : '';
	if (!date) {
		const c = ctime.exec(prefix);
		if (c) {
			const day = `${c[4]}-${String(monthNumber(c[1]!)).padStart(2, '0')}-${c[2]!.padStart(2, '0')}`;
			return { time: `${day}T${c[3]}`, epochMicros: Date.parse(`${day}T${c[3]}Z`) * 1000 };
		}
		const md = monthDay.exec(prefix);
		if (md) return yearlessTime(monthNumber(md[1]!), Number(md[2]), md[3]!);
		const day = logcatDay.exec(prefix);
		return day &&
			Number(day[1]) >= 1 &&
			Number(day[1]) <= 12 &&
			Number(day[2]) >= 1 &&
			Number(day[2]) <= 31
			? yearlessTime(Number(day[1]), Number(day[2]), day[3]!)
			: // A time of day in a zone it names (`18:25:46.841Z`) keeps the zone.
				{ time: `${time}${zone}`, epochMicros: null };
	}
	const [whole, fraction = ''] = time.split('.');
	// The time as the log wrote it, with its offset when it gives one; the epoch in UTC.
	const offset = when[6]
		? 0
		: when[7]
			? (when[7] === '-' ? -1 : 1) * (Number(when[8]) * 60 + Number(when[9]))
			: 0;
	const epoch = Date.parse(`${date}T${whole}Z`) - offset * 60_000;
	return {
		time: `${date}T${time}${zone}`,
		epochMicros: Number.isNaN(epoch)
			? null
			: epoch * 1000 + Number(fraction.padEnd(6, '0').slice(0, 6)),
	};
}

/** Seconds.fraction since the epoch as ISO time and epoch microseconds. */
export function epoch(seconds: string, fraction: string): { time: string; epochMicros: number } {
	const micros = Number(seconds) * 1e6 + Number((fraction || '0').padEnd(6, '0').slice(0, 6));
	return {
		time: new Date(micros / 1000)
			.toISOString()
			.replace('Z', '')
			.replace(/\.(\d{3})$/, `.${(fraction || '0').padEnd(6, '0').slice(0, 6)}`),
		epochMicros: micros,
	};
}

// Seconds since the epoch opening a logger's column (Net::SIP's `1796587773.4615 DEBUG:<2> `): a
// time from 2001 to 2033, with a fraction, is read as one.
const epochColumn = /^\s{0,4}(1\d{9})\.(\d{1,6})\s/;

/** The time of an epoch stamp opening `column`, or null. */
export function epochIn(column: string): LogTime | null {
	const m = epochColumn.exec(column);
	return m ? epoch(m[1]!, m[2]!) : null;
}
