import type { MessageMeta } from './engine';
import { timeIn } from './logTime';

/*
 * PhonerLite's SIP log writes each message under a row of dashes and a line of its own: the time
 * of day (milliseconds after a comma), `R` for a message received or `T` for one transmitted, and
 * the peer with the transport after it:
 *
 *   -------------------------------------------
 *   06:19:44,560: R: 198.51.100.101:5061 (TLS)
 *   SIP/2.0 401 Unauthorized
 *
 * The peer is the sender of what was received, the destination of what was sent.
 */

const recordLine =
	/^(\d\d:\d\d:\d\d,\d{3}): ([RT]): ((?:\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9.-]{1,253}):\d{1,5}) \((UDP|TCP|TLS|WSS?)\)\s*$/;

/** What a PhonerLite record line says of the message below it, or null for any other line. */
export function phonerLiteRecord(line: string): MessageMeta | null {
	const m = recordLine.exec(line);
	if (!m) return null;
	const [, clock, way, peer, transport] = m;
	const received = way === 'R';
	return {
		...timeIn(clock!.replace(',', '.')),
		direction: received ? 'in' : 'out',
		transport: transport!,
		...(received ? { src: peer! } : { dst: peer! }),
	};
}
