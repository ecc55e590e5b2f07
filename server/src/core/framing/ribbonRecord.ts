import type { MessageMeta } from './engine';
import { datedTime } from './logTime';

/*
 * A Ribbon (Sonus) SBC Core call trace record, the line above the message it logged (a line
 * `RAW PDU:` between them):
 *
 *   1787 12162016 083615.737177:1.01.00.38939.MAJOR .SIPSG:FILTER=... GCID=0x00000DDB: EXTRA
 *   INFO: Ingress: received msg for CallId:804ee913... gcid:0xDDB from IP/port:10.100.100.10/5000,
 *   Local IP/port:10.139.160.141/5000
 *
 * (`sent msg for CallId:... to IP/port:A/P, Local IP/port:B/P` for what the SBC sent). The record
 * opens with its length and the time as `MMDDYYYY HHMMSS.micros`; the port follows the address
 * after a slash, so an IPv6 address keeps its colons. The record names no transport.
 */
const record =
	/\b(received|sent) msg for CallId:\S{1,200}(?: gcid:\S{1,20})? (?:from|to) IP\/port:([0-9A-Fa-f.:]{2,45})\/(\d{1,5}), Local IP\/port:([0-9A-Fa-f.:]{2,45})\/(\d{1,5})\b/;
// The record's length, then `MMDDYYYY HHMMSS.micros:`.
const stamp = /^\s{0,8}\d{1,6} (\d\d)(\d\d)(\d{4}) (\d\d)(\d\d)(\d\d)\.(\d{1,6}):/;

/** What a call trace record says of the message below it, or null for any other line. */
export function ribbonRecord(line: string): MessageMeta | null {
	// Most lines are passed over with one search.
	if (!line.includes(' msg for CallId:')) return null;
	const m = record.exec(line);
	if (!m) return null;
	const remote = address(m[2]!, m[3]!);
	const local = address(m[4]!, m[5]!);
	if (!remote || !local) return null;
	const received = m[1] === 'received';
	const meta: MessageMeta = {
		src: received ? remote : local,
		dst: received ? local : remote,
		direction: received ? 'in' : 'out',
	};
	const t = stamp.exec(line);
	const when = t && datedTime(`${t[3]}-${t[1]}-${t[2]}`, `${t[4]}:${t[5]}:${t[6]}.${t[7]}`);
	if (when) Object.assign(meta, when);
	return meta;
}

/** `host:port` (`[v6]:port`), or null for a port out of range or a host that is no address. */
function address(host: string, port: string): string | null {
	const p = Number(port);
	if (p < 1 || p > 65535) return null;
	if (host.includes(':')) return `[${host}]:${port}`;
	const parts = host.split('.');
	if (parts.length !== 4 || parts.some((x) => x === '' || Number(x) > 255)) return null;
	return `${host}:${port}`;
}

/** The line the record puts between itself and the message: it keeps the record's metadata. */
export function isRawPduLine(line: string): boolean {
	return line.trim() === 'RAW PDU:';
}
