/*
 * The zone abbreviations the C library prints (`date +%Z`, journalctl's `short-full` and
 * `verbose` stamps: `Mon 2026-12-07 13:12:17 CET`) that name one offset from UTC only, in
 * minutes. Those that name several (`CST`: China's or the US's; `IST`, `BST`, `AST`) are left out:
 * a time in them stays local, as written.
 */
const offsets: ReadonlyMap<string, number> = new Map([
	['UTC', 0],
	['GMT', 0],
	['WET', 0],
	['WEST', 60],
	['CET', 60],
	['CEST', 120],
	['EET', 120],
	['EEST', 180],
	['MSK', 180],
	['SAST', 120],
	['EST', -300],
	['EDT', -240],
	['MST', -420],
	['MDT', -360],
	['PST', -480],
	['PDT', -420],
	['AKST', -540],
	['AKDT', -480],
	['HST', -600],
	['HKT', 480],
	['AWST', 480],
	['JST', 540],
	['KST', 540],
	['ACST', 570],
	['ACDT', 630],
	['AEST', 600],
	['AEDT', 660],
	['NZST', 720],
	['NZDT', 780],
]);

/** The offset from UTC in minutes that the zone abbreviation names, or undefined. */
export function zoneNameOffset(name: string): number | undefined {
	return offsets.get(name);
}
