import type { MessageMeta } from './engine';
import { timeIn } from './logTime';

/*
 * PJSIP's transport (pjsua, Asterisk's res_pjsip, any app on pjproject) logs a message it could
 * not parse above the message itself:
 *
 *   [2023-11-10 12:22:58] ERROR[2433]: pjproject: <?>: sip_transport.c Error processing 498 bytes
 *   packet from UDP 192.168.1.240:5061 : PJSIP syntax error exception when parsing 'Request Line'
 *   header on line 1 col 34:
 *
 * (one line). The packet came in from the address named, over that transport, with that size;
 * the log's own stamp before it times it.
 */

const record =
	/Error processing (\d{1,7}) bytes packet from (UDP|TCP|TLS|WSS?|SCTP)6? ((?:\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9.-]{1,253}):\d{1,5}) : /;

/** What a PJSIP transport's parse-error record says of the message below it, or null. */
export function pjsipErrorRecord(line: string): MessageMeta | null {
	const m = record.exec(line);
	if (!m) return null;
	const meta: MessageMeta = {
		direction: 'in',
		src: m[3]!,
		transport: m[2]!,
		declaredBytes: Number(m[1]),
	};
	const when = timeIn(line.slice(0, m.index));
	if (when) Object.assign(meta, when);
	return meta;
}
