import type { MessageMeta } from './engine';
import { timeIn } from './logTime';

/*
 * OPAL's trace (Ekiga, T38Modem, OPAL-based gateways), at level 4 and up, logs each SIP PDU it
 * sends or receives on the lines below a record that names the transport's two ends:
 *
 *   2010/10/12 14:31:37.892	  0:04.103	   	SIP	Sending PDU (550 bytes) to: rem=udp$86.64.162.35:5060,local=udp$*:5060,if=10.10.20.12%eth0
 *   ...	SIP	PDU Received on udp$86.64.162.35:5060<if=udp$10.10.20.12:5060>
 *
 * (sippdu.cxx; the second is how an OpalTransport prints itself: the remote address, then the
 * local interface). A local address of `*` (any interface) names no address. The date and time
 * lead the line when the trace was asked for them; T38Modem's shows only the time since start.
 */
const sending =
	/\bSending PDU \(\d{1,9} bytes\) to: rem=(\w{2,5})\$([^,\s]{1,80}),local=\w{2,5}\$([^,\s]{1,80})/;
const received = /\bPDU Received on (\w{2,5})\$([^<\s]{1,80})(?:<if=\w{2,5}\$([^>\s]{1,80})>)?/;
const transports: ReadonlySet<string> = new Set(['UDP', 'TCP', 'TLS', 'WS', 'WSS', 'SCTP']);

/** What an OPAL trace record says of the PDU below it, or null for any other line. */
export function opalPdu(line: string): MessageMeta | null {
	if (!line.includes('PDU ')) return null;
	const out = sending.exec(line);
	const inbound = out ? null : received.exec(line);
	const m = out ?? inbound;
	if (!m) return null;
	const transport = m[1]!.toUpperCase();
	if (!transports.has(transport)) return null;
	const remote = m[2]!;
	const local = m[3] === undefined || m[3].startsWith('*') ? null : m[3];
	const meta: MessageMeta = out
		? { direction: 'out', src: local, dst: remote, transport }
		: { direction: 'in', src: remote, dst: local, transport };
	// The date and time that lead the line, not the time since start after them.
	const when = timeIn(line.slice(0, Math.min(line.length, 26)));
	if (when) Object.assign(meta, when);
	return meta;
}
