// Writes lines of liblinphone's file log (`2026-12-01 22:30:31:326 belle-sip-message-text`, each
// record's further lines below it without a stamp) the way `adb logcat -v threadtime` prints the
// same records logged on Android: `MM-DD HH:MM:SS.mmm  PID  TID L tag: ` before every line of a
// record, the record's domain as the tag and its level as logcat's letter, the line ends LF. The
// empty line the file log writes after each record is its own line end, not the record's: left out.
// Usage: node linphoneToLogcat.mjs FILE FIRST LAST > excerpt.txt   (lines counted from 1)
import { readFileSync } from 'node:fs';

const [file, first, last] = process.argv.slice(2);
const lines = readFileSync(file, 'utf8')
	.split('\n')
	.slice(Number(first) - 1, Number(last));
const record =
	/^\d{4}-(\d\d-\d\d \d\d:\d\d:\d\d):(\d{3}) (.+?)-(trace|debug|message|warning|error|fatal)-(.*)$/;
const letters = { trace: 'V', debug: 'D', message: 'I', warning: 'W', error: 'E', fatal: 'F' };
// The process and the thread that logged (any numbers: logcat prints them right-aligned, 5 wide).
const pid = 4518;
const tid = 4602;
let prefix = null;
const out = [];
for (const raw of lines) {
	const line = raw.replace(/\r$/, '');
	const m = record.exec(line);
	if (m) {
		const [, time, ms, domain, level, text] = m;
		prefix = `${time}.${ms} ${String(pid).padStart(5)} ${String(tid).padStart(5)} ${letters[level]} ${domain.padEnd(8)}: `;
		out.push(prefix + text);
	} else if (prefix !== null) out.push(prefix + line);
}
// The file log's empty line after a record (a message's own last line end comes before it).
const kept = out.filter(
	(l, i) => !(lines[i] === '' && i + 1 < lines.length && record.test(lines[i + 1])),
);
process.stdout.write(`${kept.join('\n')}\n`);
