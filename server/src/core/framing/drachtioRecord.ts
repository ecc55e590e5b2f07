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
 * `network`: the server received the message from the peer named; `application`: it sent it for
 * the application (the request's response echoes it). Then the octets, the transport, an address
 * and port, and the time of day; a received message's record ends with the local address and
 * port. A message sent names its transport's (sofia's `tport_name`): over TCP, TLS or a
 * WebSocket the connection's peer, over UDP the server's own socket, the local side.
 */
/** What a drachtio agent's record says of the message below it, or null for any other line. */
export function drachtioRecord(line: string): MessageMeta | null {
	const at = line.indexOf('<===');
	if (at < 0) return null;
	// Read field by field (a bar between each): no pattern over the whole record.
	const fields = line.slice(at + 4, at + 1004).split('|', 14);
	if (!messageId.test(fields[0]!)) return null;
	const k = fields[1] === 'sip' ? 2 : fields[1] === 'response' ? 4 : -1;
	if (k < 0) return null;
	const [source, octets, transport, host, port, time, , , localHost, localPort] = fields.slice(k);
	if (
		(source !== 'network' && source !== 'application') ||
		!digits.test(octets ?? '') ||
		!transports.test(transport ?? '') ||
		!address.test(host ?? '') ||
		!digits.test(port ?? '') ||
		!timeOfDay.test(time ?? '')
	)
		return null;
	const peer = `${host!.includes(':') ? `[${host}]` : host}:${port}`;
	// After the time: the transaction's id, the dialog's, then a received message's local address.
	const local =
		localHost && address.test(localHost) && digits.test(localPort ?? '')
			? `${localHost.includes(':') ? `[${localHost}]` : localHost}:${localPort}`
			: null;
	const received = source === 'network';
	const ownSocket = !received && transport!.toLowerCase() === 'udp';
	const meta: MessageMeta = {
		direction: received ? 'in' : 'out',
		src: received ? peer : ownSocket ? peer : local,
		dst: received ? local : ownSocket ? null : peer,
		transport: transport!.toUpperCase(),
		declaredBytes: Number(octets),
	};
	const when = timeIn(time!);
	if (when) Object.assign(meta, when);
	return meta;
}

const messageId = /^\d{1,9}#\S{1,80}$/;
const digits = /^\d{1,9}$/;
const transports = /^(?:udp|tcp|tls|wss?)$/i;
const address = /^[^\s|]{1,64}$/;
const timeOfDay = /^\d\d:\d\d:\d\d(?:\.\d{1,9})?$/;
