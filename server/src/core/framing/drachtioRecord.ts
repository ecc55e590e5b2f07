import type { MessageMeta } from './engine';
import { timeIn } from './logTime';

/*
 * drachtio-srf's `drachtio:agent` debug log prints each message drachtio-server hands the
 * application, behind the record of its wire protocol (`<===` from the server), fields between
 * bars:
 *
 *   drachtio:agent <===1205#e3bc...|sip|network|1049|udp|63.131.240.90|5060|18:57:13.008902|8864...||172.31.43.98|5060|
 *   drachtio:agent <===1468#3628...|response|e7cd...|OK|application|1193|tcp|99.47.182.46|63051|01:49:43.766668|5a83...|
 *
 * `network`: the server received the message from the peer named; `application`: it sent it
 * there for the application (the request's response echoes it). Then the octets, the transport,
 * the peer's address and port, and the time of day; a received message's record ends with the
 * local address and port.
 */
const record =
	/<===\d{1,9}#[^|\s]{1,80}\|(?:sip|response\|[^|\s]{1,80}\|[^|]{0,40})\|(network|application)\|(\d{1,9})\|(udp|tcp|tls|wss?)\|([^|\s]{1,64})\|(\d{1,5})\|(\d\d:\d\d:\d\d(?:\.\d{1,9})?)\|/i;

/** What a drachtio agent's record says of the message below it, or null for any other line. */
export function drachtioRecord(line: string): MessageMeta | null {
	if (!line.includes('<===')) return null;
	const m = record.exec(line);
	if (!m) return null;
	const [, source, octets, transport, host, port, time] = m;
	const peer = `${host!.includes(':') ? `[${host}]` : host}:${port}`;
	// After the time: the transaction's id, the dialog's, then a received message's local address.
	const [, , localHost, localPort] = line
		.slice(m.index + m[0].length, m.index + m[0].length + 400)
		.split('|', 4);
	const local =
		localHost && localPort && /^\d{1,5}$/.test(localPort) && !/\s/.test(localHost)
			? `${localHost.includes(':') ? `[${localHost}]` : localHost}:${localPort}`
			: null;
	const received = source!.toLowerCase() === 'network';
	const meta: MessageMeta = {
		direction: received ? 'in' : 'out',
		src: received ? peer : local,
		dst: received ? local : peer,
		transport: transport!.toUpperCase(),
		declaredBytes: Number(octets),
	};
	const when = timeIn(time!);
	if (when) Object.assign(meta, when);
	return meta;
}
