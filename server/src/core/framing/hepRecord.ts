import type { MessageMeta } from './engine';
import { datedTime } from './logTime';

/*
 * A HEP agent's or collector's log line above the payload it carried (heplify's debug output):
 *
 *   2020-09-01T20:33:58Z INFO HEP packet:{Version:2,Protocol:17,SrcIP:192.168.63.171,
 *   DstIP:192.168.63.6,SrcPort:15060,DstPort:41963,Tsec:1598992438,Tmsec:270403,...} with Payload:
 *
 * The fields are HEP's own chunks (HEPv3: IP protocol, source and destination address and port,
 * the capture time in seconds and microseconds, despite the name `Tmsec`), so the message gets
 * the capture's addresses, transport and time, not the log line's.
 */
const field = /\b(Protocol|SrcIP|DstIP|SrcPort|DstPort|Tsec|Tmsec)"?:\s?"?([\w.:-]{1,64})/g;

/** What a HEP record says of the payload below it, or null for any other line. */
export function hepRecord(line: string): MessageMeta | null {
	// Most lines are passed over with one search.
	if (!line.includes('SrcIP')) return null;
	const values = new Map<string, string>();
	for (const m of line.matchAll(field)) if (!values.has(m[1]!)) values.set(m[1]!, m[2]!);
	const src = address(values.get('SrcIP'), values.get('SrcPort'));
	const dst = address(values.get('DstIP'), values.get('DstPort'));
	if (!src || !dst) return null;
	const meta: MessageMeta = { src, dst };
	// IANA's protocol numbers: UDP 17, TCP 6, SCTP 132.
	const transport = { '17': 'UDP', '6': 'TCP', '132': 'SCTP' }[values.get('Protocol') ?? ''];
	if (transport) meta.transport = transport;
	const seconds = Number(values.get('Tsec'));
	const micros = values.get('Tmsec');
	if (Number.isInteger(seconds) && seconds > 0 && seconds < 1e11) {
		const iso = new Date(seconds * 1000).toISOString();
		const fraction = micros && /^\d{1,6}$/.test(micros) ? `.${micros.padStart(6, '0')}` : '';
		const when = datedTime(iso.slice(0, 10), `${iso.slice(11, 19)}${fraction}`);
		if (when) Object.assign(meta, when);
	}
	return meta;
}

/** `host:port` (`[v6]:port`), or null for a missing or bad host or port. */
function address(host: string | undefined, port: string | undefined): string | null {
	if (!host || !port || !/^\d{1,5}$/.test(port)) return null;
	const p = Number(port);
	if (p < 1 || p > 65535) return null;
	if (host.includes(':')) return /^[0-9A-Fa-f:.]{2,45}$/.test(host) ? `[${host}]:${port}` : null;
	const parts = host.split('.');
	if (parts.every((x) => /^\d{1,3}$/.test(x)))
		return parts.length === 4 && parts.every((x) => Number(x) <= 255) ? `${host}:${port}` : null;
	// A host name where the address stood: a paste whose poster replaced the addresses.
	return /^[A-Za-z][A-Za-z0-9-]{0,62}(?:\.[A-Za-z0-9-]{1,63}){0,8}$/.test(host)
		? `${host}:${port}`
		: null;
}
