import type { MessageMeta } from './engine';
import { datedTime } from './logTime';

/*
 * A Lync / Skype for Business client's UccApi log (`.uccapilog`) opens each message it sent or
 * received with a record naming the peer and its own address:
 *
 *   04/16/2013|03:17:30.168 1F68:C14 INFO  :: Sending Packet - 192.168.100.100:5061 (From Local Address: 192.168.103.35:20323) 1503 bytes:
 *   04/16/2013|03:17:31.555 1F68:C14 INFO  :: Data Received - 192.168.100.100:5061 (To Local Address: 192.168.103.35:20323) 1096 bytes:
 *
 * then the message (its start line behind the same record prefix), and closes it with `End of
 * Sending Packet - ...` / `End of Data Received -...`, which announces nothing. The date is month
 * first (a US date before the `|`). The record names no transport (TLS, nearly always).
 */
const record =
	/\b(Sending Packet|Data Received) ?- ?(\S{3,60}) \((?:From|To) Local Address: (\S{3,60})\) \d{1,9} bytes:?\s*$/;
const dated = /^(\d\d)\/(\d\d)\/(\d{4})\|(\d\d:\d\d:\d\d(?:\.\d{1,6})?)\b/;
// `10.0.0.1:5061`, `[2001:db8::1]:5061`.
const hostPort = /^(?:((?:\d{1,3}\.){3}\d{1,3})|\[([0-9A-Fa-f:.]{2,45})\]):(\d{1,5})$/;

/** What a UccApi record says of the message below it, or null for any other line. */
export function uccApiRecord(line: string): MessageMeta | null {
	// Most lines are passed over with one search.
	if (!line.includes(' Local Address: ')) return null;
	const m = record.exec(line);
	if (!m || /\bEnd of $/.test(line.slice(Math.max(0, m.index - 8), m.index))) return null;
	const remote = address(m[2]!);
	const local = address(m[3]!);
	if (!remote || !local) return null;
	const sending = m[1] === 'Sending Packet';
	const meta: MessageMeta = {
		src: sending ? local : remote,
		dst: sending ? remote : local,
		direction: sending ? 'out' : 'in',
	};
	const d = dated.exec(line);
	// Month first: a US date.
	const when = d && datedTime(`${d[3]}-${d[1]}-${d[2]}`, d[4]!);
	if (when) Object.assign(meta, when);
	return meta;
}

function address(word: string): string | null {
	const m = hostPort.exec(word);
	if (!m) return null;
	const port = Number(m[3]);
	if (port < 1 || port > 65535) return null;
	if (m[1] && m[1].split('.').some((x) => Number(x) > 255)) return null;
	return m[1] ? `${m[1]}:${m[3]}` : `[${m[2]}]:${m[3]}`;
}
