import type { FormatRules, MessageMeta } from './engine';
import { dateTime } from './formats';
import { readLine, type Line } from './lines';
import { monthNumber, yearlessTime } from './logTime';

/*
 * Cisco IOS / IOS XE SIP call tracing (`voice iec syslog`, `show voip trace`, `debug ccsip
 * all`'s `sip_msgs`): a message is logged in fragments of a fixed size, each under a record
 * `*Jul  2 13:16:30.125: sip_msgs: SIP_MSG: Fragment Number = 1,  Message Id = 3, Last Fragment =
 * No, Messages Direction = Sent, Message:`, then its text, then a row of dashes and an empty line.
 * A fragment ends where the size does, in the middle of a line or right before a line end: its
 * last line and the next fragment's first are one line of the message (`Frame.joins`), read
 * whole. The other `sip_fsm:`, `sip_apis:` records between messages are log text.
 */

const fragmentRecord =
	/^(?:\d{1,10}: )?[*.]?(?:([A-Z][a-z]{2}) {1,2}(\d{1,2}) (?:(\d{4}) )?)?(\d\d:\d\d:\d\d(?:\.\d{1,6})?)(?: [A-Z][A-Za-z]{1,5})?: sip_msgs: SIP_MSG: Fragment Number = (\d{1,4}), {1,3}Message Id = (\d{1,10}), Last Fragment = (?:Yes|No), Messages Direction = ?(Sent|Received|sent|received)?(?:, Message:)?\s*$/;

/** Detection: a fragment's record. */
export const ciscoFragmentRecord =
	/sip_msgs: SIP_MSG: Fragment Number = \d{1,4}, {1,3}Message Id = \d{1,10}, Last Fragment = (?:Yes|No), Messages Direction = /;

const line = (text: string, start: number, end: number): string =>
	text.slice(start, Math.min(end, start + 300));

/** The row of dashes after each fragment. */
const isDashes = (text: string, start: number, end: number): boolean =>
	text.charCodeAt(start) === 45 && end - start >= 4 && /^-+\s*$/.test(line(text, start, end));

const probe: Line = { start: 0, end: 0, next: 0 };

export const ciscoVoipTrace: FormatRules = {
	format: 'ciscoVoipTrace',
	matchMeta(text, start, end) {
		const s = line(text, start, end);
		if (!s.includes(': sip_msgs: SIP_MSG: ')) return null;
		const m = fragmentRecord.exec(s);
		if (!m) return null;
		const meta: MessageMeta = stampOf(m);
		if (m[7]) meta.direction = m[7].toLowerCase() === 'sent' ? 'out' : 'in';
		return meta;
	},
	isRecord: (text, start, end) =>
		isDashes(text, start, end) ||
		/^(?:\d{1,10}: )?[*.]?[A-Z][a-z]{2} {1,2}\d{1,2} /.test(line(text, start, end)),
	continuation(text, start, end, next, packetAt) {
		// The dashes that end a fragment, an empty line, then the next fragment of the same message.
		if (!isDashes(text, start, end) || packetAt < 0) return -1;
		let at = next;
		while (readLine(text, at, probe) && probe.start === probe.end && probe.next > at)
			at = probe.next;
		if (!readLine(text, at, probe)) return -1;
		const fragment = fragmentRecord.exec(line(text, probe.start, probe.end));
		if (!fragment || fragment[5] === '1') return -1;
		const after = probe.next;
		if (!readLine(text, packetAt, probe)) return -1;
		const first = fragmentRecord.exec(line(text, probe.start, probe.end));
		return first && first[6] === fragment[6] ? after : -1;
	},
};

function stampOf(m: RegExpExecArray): MessageMeta {
	const time = m[4]!;
	const month = m[1] ? monthNumber(m[1]) : 0;
	if (month === 0) return { time };
	if (!m[3]) return yearlessTime(month, Number(m[2]), time);
	return dateTime(`${m[3]}-${String(month).padStart(2, '0')}-${m[2]!.padStart(2, '0')}`, time);
}
