import type { Direction, FramingResult } from '../model';
import { Builder } from './engine';
import { sipExtent } from './extent';
import { dateTime, epoch } from './formats';
import { isBlank, isStartLine, readLine, type Line } from './lines';

/*
 * tcpdump `-A` (also `-nn -A -s0`, `-tttt`, `-tt`, `-i any`): a packet line, then the packet
 * from its IP header on, printed as ASCII:
 *
 *   22:42:05.356310 IP 127.0.0.1.15061 > 127.0.0.1.15060: UDP, length 393
 *   E.....@.@.~.........:.:.....SUBSCRIBE sip:linda@127.0.0.1 SIP/2.0
 *   Via: SIP/2.0/UDP 127.0.0.1:15061;branch=z9hG4bK-11484-1-0
 *
 * Non-printable octets are printed as '.', but tab, space and LF as themselves, and a CR before
 * an LF is left out (so the message's lines end in LF). The IP and UDP/TCP headers come first,
 * glued before the start line; an LF octet among them (a 10.x address, TCP's timestamp option)
 * breaks them over two lines. The header junk and the packet line are the frame's metadata.
 */

// `2026-11-24 ` with -tttt, or `1732488125.356310` with -tt; `lo In ` with -i any.
const packetLine =
	/^(?:(\d{4}-\d\d-\d\d) )?(?:(\d\d:\d\d:\d\d\.\d{1,9})|(\d{9,11})\.(\d{1,9}))? ?(?:[\w.@-]{1,40} +(In|Out|B|M|P) +)?(IP6?) (\S+) > (\S+): (.{0,80})/;
const udpLength = /(?:^UDP|^SIP[:,]|, length:?) (\d{1,6})\s*$/;

/** The headers of an IP packet fit in this many characters (IPv4 60 + TCP 60, IPv6 40 + ...). */
const junkLimit = 200;

/** Methods a request may start with; junk that ends in capitals before one is left out. */
const methods = [
	'SUBSCRIBE',
	'REGISTER',
	'OPTIONS',
	'MESSAGE',
	'PUBLISH',
	'CANCEL',
	'INVITE',
	'NOTIFY',
	'UPDATE',
	'PRACK',
	'REFER',
	'INFO',
	'BYE',
	'ACK',
];

interface Packet {
	time: string | null;
	epochMicros: number | null;
	src: string;
	dst: string;
	transport: string | null;
	direction: Direction | null;
	declaredBytes: number | null;
}

/** Does this line open a tcpdump packet? (Used by format detection.) */
export function isTcpdumpPacketLine(s: string): boolean {
	return packetOf(s) !== null;
}

function packetOf(s: string): Packet | null {
	const c = s.charCodeAt(0);
	if (!((c >= 48 && c <= 57) || c === 73 || (c >= 97 && c <= 122))) return null;
	if (!s.includes(' > ')) return null;
	const m = packetLine.exec(s);
	if (!m) return null;
	let time: string | null = null;
	let epochMicros: number | null = null;
	if (m[2] && m[1]) ({ time, epochMicros } = dateTime(m[1], m[2]));
	else if (m[2]) time = m[2];
	else if (m[3]) ({ time, epochMicros } = epoch(m[3], m[4]!));
	const rest = m[9]!;
	const transport = rest.startsWith('Flags [')
		? 'TCP'
		: rest.startsWith('UDP') || rest.startsWith('SIP')
			? 'UDP'
			: rest.startsWith('sctp')
				? 'SCTP'
				: null;
	const length = transport === 'UDP' ? udpLength.exec(rest) : null;
	return {
		time,
		epochMicros,
		src: address(m[7]!, m[6] === 'IP6'),
		dst: address(m[8]!, m[6] === 'IP6'),
		transport,
		direction: m[5] === 'In' ? 'in' : m[5] === 'Out' ? 'out' : null,
		declaredBytes: length ? Number(length[1]) : null,
	};
}

/** tcpdump's `addr.port` as `addr:port` (`[addr]:port` for IPv6); `sip` and `sip-tls` as numbers. */
function address(s: string, ipv6: boolean): string {
	const dot = s.lastIndexOf('.');
	if (dot <= 0) return s;
	const host = s.slice(0, dot);
	let port = s.slice(dot + 1);
	if (port === 'sip') port = '5060';
	else if (port === 'sip-tls') port = '5061';
	return `${ipv6 || host.includes(':') ? `[${host}]` : host}:${port}`;
}

export function frameTcpdump(text: string): FramingResult {
	const out = new Builder();
	const line: Line = { start: 0, end: 0, next: 0 };
	const n = text.length;
	let at = 0;
	let pending: { start: number; payload: number; packet: Packet } | null = null;

	for (;;) {
		// The next packet line (or the end): lines before it belong to the pending packet.
		let next = n;
		let packet: Packet | null = null;
		for (let p = at; p < n && readLine(text, p, line); p = line.next) {
			packet = packetOf(text.slice(line.start, Math.min(line.end, line.start + 300)));
			if (packet) {
				next = line.start;
				break;
			}
		}
		if (pending) packetBlock(text, pending.start, pending.payload, next, pending.packet, out);
		else out.addNoise(at, next);
		if (!packet) break;
		pending = { start: next, payload: line.next, packet };
		at = line.next;
	}
	return out.finish(n, 'tcpdump');
}

/** Frames one packet [start, end): its SIP message(s), or noise when the payload is not SIP. */
function packetBlock(
	text: string,
	start: number,
	payload: number,
	end: number,
	packet: Packet,
	out: Builder,
): void {
	const line: Line = { start: 0, end: 0, next: 0 };
	let sipStart = -1;
	for (
		let p = payload;
		p < end && p < payload + junkLimit && readLine(text, p, line);
		p = line.next
	) {
		sipStart = startInLine(text, line.start, Math.min(line.end, end), payload + junkLimit);
		if (sipStart >= 0) break;
	}
	if (sipStart < 0) {
		out.addNoise(start, end);
		return;
	}
	let meta: { start: number; end: number } | null = { start, end: sipStart };
	let frameStart = start;
	// Several messages in one TCP segment share the packet line.
	while (sipStart >= 0) {
		const { end: sipEnd } = sipExtent(text, sipStart, end);
		let frameEnd = sipEnd;
		let following = -1;
		for (let p = sipEnd; p < end && readLine(text, p, line); p = line.next) {
			const lineEnd = Math.min(line.end, end);
			if (isBlank(text, line.start, lineEnd)) {
				frameEnd = Math.min(line.next, end);
				continue;
			}
			if (isStartLine(text, line.start, lineEnd)) following = line.start;
			break;
		}
		out.addFrame({
			format: 'tcpdump',
			span: { start: frameStart, end: frameEnd },
			meta,
			sip: { start: sipStart, end: sipEnd },
			lines: null,
			time: packet.time,
			epochMicros: packet.epochMicros,
			src: packet.src,
			dst: packet.dst,
			transport: packet.transport,
			direction: packet.direction,
			declaredBytes: meta ? packet.declaredBytes : null,
		});
		if (following < 0) {
			out.addNoise(frameEnd, end); // the rest of a segment that is not SIP
			return;
		}
		frameStart = sipStart = following;
		meta = null;
	}
}

/**
 * Where a SIP start line begins in [start, end), after the header junk (which must end before
 * `limit`), or -1. The start line runs to the end of the line: `SIP/2.0 NNN ...` found by its
 * text, `METHOD uri SIP/2.0` read backwards from the version, no regex on the junk.
 */
function startInLine(text: string, start: number, end: number, limit: number): number {
	const status = text.indexOf('SIP/2.0 ', start);
	if (status >= 0 && status < end && status < limit && isStartLine(text, status, end))
		return status;
	let e = end;
	while (e > start && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	if (e - start < 12 || !text.startsWith(' SIP/2.0', e - 8)) return -1;
	const uriSpace = text.lastIndexOf(' ', e - 9);
	if (uriSpace <= start || uriSpace >= e - 9) return -1;
	let m = uriSpace;
	while (m > start && m > uriSpace - 64) {
		const c = text.charCodeAt(m - 1);
		if (c < 65 || c > 90) break;
		m--;
	}
	if (m === uriSpace || m >= limit) return -1;
	// Capitals of the junk may run into the method: prefer the longest known method at its end.
	const run = text.slice(m, uriSpace);
	for (const method of methods) {
		if (run.endsWith(method)) {
			m = uriSpace - method.length;
			break;
		}
	}
	return isStartLine(text, m, end) ? m : -1;
}
