import type { MessageMeta } from './engine';
import { timeIn } from './logTime';

/*
 * A Mitel 3300 ICP's SIP trace names the socket a message came in or went out on, and the
 * peer's address in its channel's name, above the message:
 *
 *   Apr 2 15:55:35.777764 Received UDP message from socket 7 (UDP_CH 10.0.0.198:5060):
 *
 * The peer's address is the one in parentheses; the stamp before it times the message.
 */

const record =
	/\b(Received|Sent|Sending) (UDP|TCP|TLS) message (?:from|to) socket \d{1,6} \((?:UDP|TCP|TLS)_CH ((?:\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9.-]{1,253}):\d{1,5})\):?[ \t]*$/;

/** What a Mitel 3300 trace record says of the message below it, or null. */
export function mitelRecord(line: string): MessageMeta | null {
	const m = record.exec(line);
	if (!m) return null;
	const received = m[1] === 'Received';
	const meta: MessageMeta = {
		direction: received ? 'in' : 'out',
		src: received ? m[3]! : null,
		dst: received ? null : m[3]!,
		transport: m[2]!,
	};
	const when = timeIn(line.slice(0, m.index));
	if (when) Object.assign(meta, when);
	return meta;
}
