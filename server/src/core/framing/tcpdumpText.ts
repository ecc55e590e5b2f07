import { isStartLine, readLine, type Line } from './lines';

/*
 * tcpdump's own SIP printer, which port 5060 gets with -v (print-sip.c, print-txtproto.c): after
 * `SIP, length: 428` on the packet line, each line of the payload is printed on a line of its own
 * behind a tab, its CRLF left out, up to the first line with an octet that is not printable:
 *
 *   13:35:33.563580 IP (tos 0x68, ttl 63, id 51059, offset 0, flags [DF], proto UDP (17), length 456)
 *       10.60.2.178.5060 > 10.30.2.8.5060: [udp sum ok] SIP, length: 428
 *   	REGISTER sip:44010200492000000001@10.30.2.8:5060 SIP/2.0
 *   	Via: SIP/2.0/UDP 10.60.2.178:5060;rport;branch=z9hG4bK439329955
 *
 * The tab is decoration: each message's lines are read without it.
 */

/**
 * The lines from `payload` up to `end` that start with a tab, each as its content after the tab
 * (`[start, end]` pairs), when the first of them is a start line; else null.
 */
export function tabbedLines(text: string, payload: number, end: number): Int32Array | null {
	if (text.charCodeAt(payload) !== 9) return null;
	const line: Line = { start: 0, end: 0, next: 0 };
	if (!readLine(text, payload, line) || !isStartLine(text, payload + 1, Math.min(line.end, end)))
		return null;
	const pairs: number[] = [];
	for (let p = payload; p < end && readLine(text, p, line); p = line.next) {
		if (text.charCodeAt(line.start) !== 9) break;
		pairs.push(line.start + 1, Math.min(line.end, end));
	}
	return Int32Array.from(pairs);
}

/**
 * Where each message of tabbed lines starts, as pair indexes: the first line, and each start line
 * that follows an empty line (several messages in one TCP segment).
 */
export function messageStarts(text: string, pairs: Int32Array): number[] {
	const starts = [0];
	for (let k = 2; k < pairs.length; k += 2)
		if (pairs[k - 2] === pairs[k - 1] && isStartLine(text, pairs[k]!, pairs[k + 1]!))
			starts.push(k / 2);
	return starts;
}
