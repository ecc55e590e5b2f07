import type { MessageMeta } from './engine';
import { datedTime } from './logTime';

/*
 * Cisco BroadWorks' Application Server log (XSLog) writes each message it sends or receives under
 * a record of two parts: a stamp line, fields between bars, then (after an id line and an empty
 * line) the line that says the transport, the octets and the peer:
 *
 *   2023.01.26 16:51:41:106 CET | Info       | Sip | Call Half Input Adapter 5 | 2966060 | ...
 *   7492cbd3-b8a1-4c10-a543-b01f275be0b0
 *
 *   	udp 1111 SIP Bytes IN from 10.61.205.219:58300
 *   INVITE sip:2010@mleus.lab SIP/2.0
 *
 * `IN from` the peer that sent it, `OUT to` the one it was sent to. The stamp's milliseconds
 * follow a colon, its date has dots; the zone is the server's name for its local time.
 */

const bytesLine =
	/^\s{0,8}(udp|tcp|tls|sctp)\s{1,4}(\d{1,7})\s{1,4}SIP Bytes (IN from|OUT to)\s{1,4}(\S{1,100})\s*$/i;
const stampLine = /^(\d{4})\.(\d\d)\.(\d\d) (\d\d:\d\d:\d\d):(\d{3}) [A-Z]{1,6} {0,4}\| /;
const peer = /^(?:\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9.-]{1,253}):\d{1,5}$/;

/** What a BroadWorks record line says of the message below it, or null for any other line. */
export function broadworksRecord(line: string): MessageMeta | null {
	const bytes = bytesLine.exec(line);
	if (bytes) {
		const [, transport, octets, way, address] = bytes;
		if (!peer.test(address!)) return null;
		const received = way!.charCodeAt(0) === 73 || way!.charCodeAt(0) === 105; // I, i
		return {
			direction: received ? 'in' : 'out',
			transport: transport!.toUpperCase(),
			declaredBytes: Number(octets),
			...(received ? { src: address! } : { dst: address! }),
		};
	}
	const stamp = stampLine.exec(line);
	if (!stamp) return null;
	const [, year, month, day, clock, millis] = stamp;
	return datedTime(`${year}-${month}-${day}`, `${clock}.${millis}`);
}
