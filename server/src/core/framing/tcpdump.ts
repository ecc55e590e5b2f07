import type { Direction, FramingResult, Span } from '../model';
import { Builder } from './engine';
import { sipExtent } from './extent';
import { dateTime, epoch } from './formats';
import {
	contentLines,
	headerFollows,
	isBlank,
	isHeaderLine,
	isStartLine,
	readLine,
	type Line,
} from './lines';
import { narrowestWrap } from '../parser/joins';
import { maskCount, perMask } from '../parser/bodyMasks';
import { SegmentedMessage } from './segments';
import { messageStarts, tabbedLines } from './tcpdumpText';
import {
	appendOctets,
	hexDumpStart,
	messageLines,
	OctetMessage,
	octetsOf,
	readHexPacket,
	readingOf,
	skipLineEnds,
	startsMessage,
	type HexPacket,
	type Octets,
} from './tcpdumpHex';
import { indexWithin } from '../text/search';

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
const udpChecksum = /^\[(?:udp sum ok|no cksum|bad udp cksum [^\]]{1,40})\] /;
// With -v tcpdump prints the IP header's fields in parentheses after `IP`/`IP6`
// (`IP (tos 0x0, ttl 64, ..., proto UDP (17), length 421)`); for IPv4 the addresses then go on
// the next line, indented.
const verboseIp = /^(.{0,80}?\bIP6?) \((?:[^()\n]|\([^()\n]{0,20}\)){1,400}\)/;

/** The headers of an IP packet fit in this many characters (IPv4 60 + TCP 60, IPv6 40 + ...). */
const junkLimit = 200;

/** Methods a request may start with; junk that ends in capitals before one is left out. */
const methods = [
	'SUBSCRIBE',
	'REGISTER',
	'BENOTIFY',
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
	/**
	 * An ICMP error (`ICMP 127.0.0.1 udp port 15513 unreachable`): its payload quotes the start
	 * of a datagram that was not delivered (RFC 792), no message of its own.
	 */
	icmp: boolean;
}

/** Does this line open a tcpdump packet? (Used by format detection.) */
export function isTcpdumpPacketLine(s: string): boolean {
	return packetOf(s) !== null || verboseHead(s) !== null || cutVerboseHead.test(s);
}

/** A -v packet line whose IP fields a copy cut at a width (see packetBlocks): its head, long. */
const cutVerboseHead =
	/^(?:\d{4}-\d\d-\d\d )?(?:\d\d:\d\d:\d\d\.\d{1,9}|\d{9,11}\.\d{1,9}) IP6? \((?:tos|flowlabel) [^()\n]{40,80}$/;

/** A -v packet line without its parenthesised IP fields, or null if it has none. */
function verboseHead(s: string): string | null {
	const m = verboseIp.exec(s);
	return m ? m[1]! + s.slice(m[0].length) : null;
}

function packetOf(s: string): Packet | null {
	const plain = plainPacketOf(s);
	if (plain) return plain;
	const head = verboseHead(s);
	return head && head.includes(' > ') ? plainPacketOf(head) : null;
}

function plainPacketOf(s: string): Packet | null {
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
	// -vv says how the UDP checksum checked before the protocol (`[udp sum ok] UDP, length 367`, `[no cksum] `,
	// `[bad udp cksum 0x1ad5 -> 0xd0f2!] SIP, length: 424`).
	const rest = m[9]!.charCodeAt(0) === 91 ? m[9]!.replace(udpChecksum, '') : m[9]!;
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
		icmp: rest.startsWith('ICMP'),
	};
}

/**
 * The service names tcpdump prints for the ports SIP runs on (from /etc/services): `sip`,
 * `sip-tls`, and older systems' `mmcc` for 5050, a port PBXs often take for SIP.
 */
const servicePorts: Readonly<Record<string, string>> = {
	sip: '5060',
	'sip-tls': '5061',
	mmcc: '5050',
};

/** tcpdump's `addr.port` as `addr:port` (`[addr]:port` for IPv6); service names as numbers. */
function address(s: string, ipv6: boolean): string {
	const dot = s.lastIndexOf('.');
	if (dot <= 0) return s;
	const host = s.slice(0, dot);
	const written = s.slice(dot + 1);
	const port = Object.hasOwn(servicePorts, written) ? servicePorts[written]! : written;
	return `${ipv6 || host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** One packet as printed: its packet line at `start`, the packet from `payload` to `end`. */
interface Block {
	readonly start: number;
	/** The end of the packet line. */
	readonly lineEnd: number;
	readonly payload: number;
	readonly end: number;
	readonly packet: Packet;
	/** TCP fields of the packet line, read when a message is to be joined (undefined: not yet). */
	tcp?: Tcp | null;
	/** The packet's hex dump (-X, -XX), read once (null: none; undefined: not looked for yet). */
	hex?: HexPacket | null;
}

/** What a TCP packet line says: payload length, sequence range, TCP header length. */
interface Tcp {
	/** `length N`: octets of payload, or -1 when not printed. */
	readonly length: number;
	/** `seq a:b` (relative unless -S), or -1 when not printed (no payload, or not shown). */
	readonly seqStart: number;
	readonly seqEnd: number;
	/** The TCP header's length from the options printed (20 without), or -1 when unknown. */
	readonly headerLength: number;
}

/**
 * How many packets a cut message looks ahead for the next segment of its flow, behind packets of
 * other connections (the framing stays linear).
 */
const lookAhead = 64;

/**
 * Segments a message took that lie behind other connections' packets, by block: where the
 * framing goes on in it (after the message, `octet` in a hex dump), or -1 when all of it was read.
 * Its frame's span ends before the first other packet; its `lines` go on into these segments,
 * whose text is noise to the spans (every offset stays in one span).
 */
type Taken = Map<number, { resume: number; octet: number }>;

export function frameTcpdump(text: string): FramingResult {
	const out = new Builder();
	const blocks = packetBlocks(text).map((b) => dumpOnly(text, b));
	out.addNoise(0, blocks.length ? blocks[0]!.start : text.length);
	const taken: Taken = new Map();
	let resume = -1;
	let octet = -1;
	for (let i = 0; i < blocks.length;) {
		const rest = taken.get(i);
		if (rest !== undefined && resume < 0) {
			// A segment read into a message that started before other connections' packets.
			taken.delete(i);
			if (rest.resume < 0) {
				out.addNoise(blocks[i]!.start, blocks[i]!.end);
				i++;
				continue;
			}
			({ resume, octet } = rest);
		}
		if (blocks[i]!.packet.icmp && resume < 0) {
			// The SIP an ICMP error quotes never reached anyone: log text, as tshark's is.
			out.addLogOnly(blocks[i]!.start, blocks[i]!.end);
			i++;
			continue;
		}
		if (hexOf(text, blocks[i]!))
			({ index: i, resume, octet } = frameHexBlock(text, blocks, i, resume, octet, out, taken));
		else ({ index: i, resume } = frameBlock(text, blocks, i, resume, out, taken));
	}
	const result = out.finish(text.length, 'tcpdump');
	const reading = readingOf(
		text,
		blocks.map((b) => b.hex),
	);
	return reading === undefined ? result : { ...result, reading };
}

/**
 * A packet printed as a hex dump ends with its dump: text after it, before the next packet line
 * (notes, another tool's printout pasted below), is not the packet's. A blank line or two after
 * the dump stay the packet's.
 */
function dumpOnly(text: string, block: Block): Block {
	const hex = hexOf(text, block);
	if (hex === null || hex.dumpEnd >= block.end) return block;
	for (let i = hex.dumpEnd; i < block.end; i++) {
		const c = text.charCodeAt(i);
		if (c !== 10 && c !== 13 && c !== 32 && c !== 9) return { ...block, end: hex.dumpEnd, hex };
	}
	return block;
}

/** The packet lines of the trace, each with the lines after it up to the next one. */
function packetBlocks(text: string): Block[] {
	const blocks: Block[] = [];
	const line: Line = { start: 0, end: 0, next: 0 };
	const n = text.length;
	let open: { start: number; lineEnd: number; payload: number; packet: Packet } | null = null;
	const next: Line = { start: 0, end: 0, next: 0 };
	for (let p = 0; p < n && readLine(text, p, line); p = line.next) {
		const head = text.slice(line.start, Math.min(line.end, line.start + 600));
		let packet = packetOf(head);
		let lineEnd = line.end;
		let payload = line.next;
		if (!packet) {
			// -v over IPv4: the addresses are on the next line.
			let verbose = verboseHead(head);
			let after = line.next;
			if (
				verbose === null &&
				line.end - line.start >= narrowestWrap &&
				isDigit(head.charCodeAt(0)) &&
				head.includes(' IP') &&
				readLine(text, after, next)
			) {
				// The packet line that a copy cut at a width: its rest on a line of its own, with
				// the addresses (IPv6) or before them (IPv4).
				const whole = head + text.slice(next.start, next.end);
				packet = packetOf(whole);
				verbose = packet ? null : verboseHead(whole);
				after = next.next;
				lineEnd = next.end;
				payload = next.next;
			}
			if (!packet) {
				if (verbose === null || verbose.includes(' > ') || !readLine(text, after, next)) continue;
				const second = text.slice(next.start, Math.min(next.end, next.start + 300)).trim();
				packet = plainPacketOf(`${verbose.trimEnd()} ${second}`);
				if (!packet) continue;
				lineEnd = next.end;
				payload = next.next;
			}
		}
		if (open) blocks.push({ ...open, end: line.start });
		open = { start: line.start, lineEnd, payload, packet };
		line.next = payload; // past the second line of a -v packet line
	}
	if (open) blocks.push({ ...open, end: n });
	return blocks;
}

/**
 * Frames the messages of block `i` (from `resume` on, after a message joined into it from
 * earlier segments, with no metadata of their own). Returns the block to go on with and where
 * in it: past this one, or the last segment of a message joined across segments.
 */
function frameBlock(
	text: string,
	blocks: readonly Block[],
	i: number,
	resume: number,
	out: Builder,
	taken: Taken,
): { index: number; resume: number } {
	const block = blocks[i]!;
	const { packet, end } = block;
	const line: Line = { start: 0, end: 0, next: 0 };
	let sipStart = -1;
	// The start line goes on on the next line, where a copy cut it at a width.
	let startCut = false;
	let meta: { start: number; end: number } | null = null;
	if (resume >= 0) {
		sipStart = followingStart(text, resume, end, line);
		if (sipStart < 0) {
			out.addNoise(resume, end);
			return { index: i + 1, resume: -1 };
		}
	} else {
		const { payload } = block;
		const tabbed = tabbedLines(text, payload, end);
		if (tabbed) {
			frameTabbed(text, block, tabbed, out);
			return { index: i + 1, resume: -1 };
		}
		for (
			let p = payload;
			p < end && p < payload + junkLimit && readLine(text, p, line);
			p = line.next
		) {
			sipStart = startInLine(text, line.start, Math.min(line.end, end), payload + junkLimit);
			if (sipStart >= 0) {
				startCut = reasonGoesOn(text, line, end);
				break;
			}
			sipStart = startOverWrap(text, line, end, payload + junkLimit);
			if (sipStart >= 0) {
				startCut = true;
				break;
			}
		}
		if (sipStart < 0) {
			out.addNoise(block.start, end);
			return { index: i + 1, resume: -1 };
		}
		meta = { start: block.start, end: sipStart };
	}
	let frameStart = meta ? block.start : sipStart;
	// A datagram holds one message (RFC 3261 §18.3), as long as the packet line says: text after
	// it (a post's prose, a page's markup) is not its body.
	const datagramEnd =
		meta && packet.transport === 'UDP' && packet.declaredBytes !== null
			? afterDatagram(text, sipStart, end, packet.declaredBytes)
			: end;
	// Several messages in one TCP segment share the packet line.
	while (sipStart >= 0) {
		const extent = sipExtent(text, sipStart, sipStart < datagramEnd ? datagramEnd : end);
		if (!extent.confirmed && packet.transport === 'TCP' && onlyBlank(text, extent.end, end)) {
			// The message may go on in the next segment of its flow.
			const joined = join(text, blocks, i, sipStart, out);
			if (joined) {
				const { message, last, segments } = joined;
				const frameEnd = blankLinesAfter(text, message.end, blocks[last]!.end, line);
				const spanLast = lastInTurn(text, blocks, segments);
				out.addFrame({
					...packetFields(packet),
					span: { start: frameStart, end: spanLast === last ? frameEnd : blocks[spanLast]!.end },
					meta,
					sip: { start: sipStart, end: message.end },
					lines: message.lines(),
					joins: message.joins(),
					declaredBytes: null, // the length of one segment, not of the message
					...(spanLast === last ? {} : { rest: restOf(blocks, segments, spanLast, frameEnd) }),
				});
				if (spanLast === last) return { index: last, resume: frameEnd };
				take(taken, segments, spanLast, frameEnd, -1);
				return { index: spanLast + 1, resume: -1 };
			}
		}
		const sipEnd = extent.end;
		const frameEnd = blankLinesAfter(text, sipEnd, end, line);
		const following = followingStart(text, frameEnd, end, line);
		out.addFrame({
			...packetFields(packet),
			span: { start: frameStart, end: frameEnd },
			meta,
			sip: { start: sipStart, end: sipEnd },
			// A start line in two pieces is read as one (see `Frame.joins`).
			...(startCut
				? { lines: contentLines(text, sipStart, sipEnd), joins: Int32Array.of(0) }
				: { lines: null }),
			declaredBytes: meta ? packet.declaredBytes : null,
		});
		startCut = false;
		if (following < 0) {
			out.addNoise(frameEnd, end); // the rest of a segment that is not SIP
			return { index: i + 1, resume: -1 };
		}
		frameStart = sipStart = following;
		meta = null;
	}
	return { index: i + 1, resume: -1 };
}

/**
 * Where a datagram of `octets` starting at `start` ends in the printout: after the line whose end
 * reaches its count, or `end` where the printout holds fewer (a snap length cut it). -A prints an
 * octet a character and drops the CR of each CRLF: a header line ends with one (RFC 3261 §7), a
 * body's line may end with a bare LF (a server's XML), so counted as one octet, the fewest.
 */
function afterDatagram(text: string, start: number, end: number, octets: number): number {
	let count = 0;
	let inBody = false;
	// Addresses masked where the trace was posted (`xxx.xxx.xxx.xxx` for `127.0.0.1`): each may
	// print longer than the octets it hides, so the count goes on as far as they could explain.
	let masks = 0;
	let counted = start;
	for (let p = start; p < end;) {
		const nl = text.indexOf('\n', p);
		if (nl < 0 || nl >= end) return end;
		const cr = nl > p && text.charCodeAt(nl - 1) === 13;
		count += nl - p + (cr || !inBody ? 2 - (cr ? 1 : 0) : 1);
		if (nl - p === (cr ? 1 : 0)) inBody = true;
		p = nl + 1;
		if (count >= octets) {
			masks += maskCount(text, counted, p);
			counted = p;
			if (count >= octets + masks * perMask) return p;
		}
	}
	return end;
}

/**
 * The messages tcpdump's own SIP printer wrote behind tabs after the packet line of `block`
 * ({@link tabbedLines}): each read from its lines without the tab, the empty lines after it
 * kept in its frame.
 */
function frameTabbed(text: string, block: Block, pairs: Int32Array, out: Builder): void {
	const starts = messageStarts(text, pairs);
	const count = pairs.length / 2;
	// The end of the tabbed lines: the line end after the last one.
	const nl = text.indexOf('\n', pairs[pairs.length - 1]!);
	const tabbedEnd = nl < 0 || nl >= block.end ? block.end : nl + 1;
	starts.forEach((first, m) => {
		const next = starts[m + 1] ?? count;
		let last = next - 1;
		while (last > first && pairs[last * 2] === pairs[last * 2 + 1]) last--;
		const sipStart = pairs[first * 2]!;
		// The frame runs to the next message's line (its tab first), or past the last line.
		const frameEnd = next < count ? pairs[next * 2]! - 1 : tabbedEnd;
		out.addFrame({
			...packetFields(block.packet),
			span: { start: m === 0 ? block.start : sipStart - 1, end: frameEnd },
			meta: m === 0 ? { start: block.start, end: sipStart } : null,
			sip: { start: sipStart, end: pairs[last * 2 + 1]! },
			lines: pairs.slice(first * 2, last * 2 + 2),
			declaredBytes: m === 0 && starts.length === 1 ? block.packet.declaredBytes : null,
		});
	});
	if (tabbedEnd < block.end) out.addNoise(tabbedEnd, block.end);
}

/** A block's hex dump (-X, -XX), read once; null when it has none (-A, or nothing printed). */
function hexOf(text: string, block: Block): HexPacket | null {
	if (block.hex !== undefined) return block.hex;
	const dump = hexDumpStart(text, block.payload, block.end);
	let length = -1;
	if (dump >= 0 && block.packet.transport === 'TCP') length = tcpOf(text, block)?.length ?? -1;
	else if (dump >= 0) length = block.packet.declaredBytes ?? -1;
	block.hex = dump < 0 ? null : readHexPacket(text, dump, block.end, length);
	return block.hex;
}

/**
 * Frames the messages of block `i`, a packet printed as a hex dump (-X, -XX): from the first
 * octet of its payload, or, after a message joined into it from earlier segments, from octet
 * `octet` (text offset `resume`). A UDP datagram is one message; over TCP a message ends after
 * Content-Length octets of body, and may go on in the next segments of its flow. Returns the
 * block to go on with, and where in it.
 */
function frameHexBlock(
	text: string,
	blocks: readonly Block[],
	i: number,
	resume: number,
	octet: number,
	out: Builder,
	taken: Taken,
): { index: number; resume: number; octet: number } {
	const block = blocks[i]!;
	const hex = block.hex!;
	const { packet } = block;
	const next = { index: i + 1, resume: -1, octet: -1 };
	let frameStart = resume >= 0 ? resume : block.start;
	if (hex.payloadStart < 0) {
		out.addNoise(frameStart, block.end);
		return next;
	}
	const to = hex.payloadEnd;
	const own = octetsOf(hex, 0, to);
	let first = resume < 0;
	let at = resume >= 0 ? octet : hex.payloadStart;
	for (;;) {
		at = skipLineEnds(own, at, to);
		if (at >= to || !startsMessage(own, at, to)) {
			out.addNoise(frameStart, block.end);
			return next;
		}
		const message = new OctetMessage(at);
		let end = message.read(own, to);
		let stream: Octets = own;
		let last = i;
		let segments = [i];
		// Where the last block's octets lie in the stream (segments appended after this one's).
		let base = 0;
		if (packet.transport !== 'TCP')
			end = to; // a datagram carries one message
		else if (end < 0 || end > to) {
			const joined = joinHex(text, blocks, i, own, message, hex.pos[at]!, out);
			({ stream, last, base, segments } = joined);
			end = Math.min(joined.end, stream.length);
		}
		const lastBlock = blocks[last]!;
		const lastHex = lastBlock.hex!;
		const lastTo = lastHex.payloadEnd;
		const rest = last === i ? own : octetsOf(lastHex, 0, lastTo);
		const local = end - base;
		const following = skipLineEnds(rest, local, lastTo);
		const another = following < lastTo && startsMessage(rest, following, lastTo);
		const frameEnd = another
			? lastHex.pos[following]!
			: following < lastTo
				? lastHex.pos[local]!
				: lastBlock.end;
		const { lines, joins } = messageLines(stream, at, end);
		const spanLast = lastInTurn(text, blocks, segments);
		out.addFrame({
			...packetFields(packet),
			span: { start: frameStart, end: spanLast === last ? frameEnd : blocks[spanLast]!.end },
			meta: first ? { start: block.start, end: hex.pos[at]! } : null,
			sip: { start: stream.pos[at]!, end: stream.pos[end - 1]! + 1 },
			lines,
			joins,
			declaredBytes: first && last === i ? packet.declaredBytes : null,
			...(spanLast === last ? {} : { rest: restOf(blocks, segments, spanLast, frameEnd) }),
		});
		if (spanLast !== last) {
			take(taken, segments, spanLast, another ? frameEnd : -1, following);
			return { index: spanLast + 1, resume: -1, octet: -1 };
		}
		if (!another) {
			out.addNoise(frameEnd, lastBlock.end); // the rest of a segment that is not SIP
			return { index: last + 1, resume: -1, octet: -1 };
		}
		if (last !== i) return { index: last, resume: frameEnd, octet: following };
		frameStart = frameEnd;
		first = false;
		at = following;
	}
}

/**
 * The message that starts in block `i` (its start line at text offset `sipStart`) read on over
 * the next segments of its flow, as {@link join} does for -A: each segment's payload appended to
 * the stream while the message needs more. Where the rest is not in the trace, the message ends
 * with the last segment read (and, when it lies behind another flow's data, a problem says so).
 */
function joinHex(
	text: string,
	blocks: readonly Block[],
	i: number,
	own: Octets,
	message: OctetMessage,
	sipStart: number,
	out: Builder,
): { stream: Octets; last: number; base: number; end: number; segments: number[] } {
	const first = blocks[i]!;
	let stream = own;
	let last = i;
	let base = 0;
	let seqEnd = tcpOf(text, first)?.seqEnd ?? -1;
	const segments = [i];
	for (;;) {
		const { j, next, tcp, continues } = nextSegment(text, blocks, last, first, seqEnd);
		const hex = continues ? hexOf(text, next) : null;
		if (!hex || hex.payloadStart < 0 || hex.payloadEnd - hex.payloadStart !== tcp!.length) {
			if (!continues) reportMissing(text, blocks, j, first, seqEnd, sipStart, out);
			return { stream, last, base, end: stream.length, segments };
		}
		base = stream.length - hex.payloadStart;
		stream = appendOctets(stream, hex, hex.payloadStart, hex.payloadEnd);
		last = j;
		segments.push(j);
		seqEnd = tcp!.seqEnd;
		const end = message.read(stream, stream.length);
		if (end >= 0 && end <= stream.length) return { stream, last, base, end, segments };
	}
}

/**
 * The last of a message's segments (block indexes, ascending) before one that lies behind
 * another connection's data: its frame's span ends with that block.
 */
function lastInTurn(text: string, blocks: readonly Block[], segments: readonly number[]): number {
	for (let k = 0; k + 1 < segments.length; k++)
		for (let b = segments[k]! + 1; b < segments[k + 1]!; b++)
			if (tcpOf(text, blocks[b]!)?.length !== 0) return segments[k]!;
	return segments[segments.length - 1]!;
}

/** The packets of the segments after `spanLast`, the last one up to `end` (`Frame.rest`). */
function restOf(
	blocks: readonly Block[],
	segments: readonly number[],
	spanLast: number,
	end: number,
): Span[] {
	const last = segments[segments.length - 1]!;
	const rest: Span[] = [];
	for (const j of segments)
		if (j > spanLast)
			rest.push({ start: blocks[j]!.start, end: j === last ? end : blocks[j]!.end });
	return rest;
}

/** Marks the segments after `spanLast` as read; the framing goes on in the last at `resume`. */
function take(
	taken: Taken,
	segments: readonly number[],
	spanLast: number,
	resume: number,
	octet: number,
): void {
	const last = segments[segments.length - 1]!;
	for (const j of segments)
		if (j > spanLast) taken.set(j, j === last ? { resume, octet } : { resume: -1, octet: -1 });
}

/**
 * The next packet of `first`'s flow after block `last` that carries data, looked for behind bare
 * ACKs and other connections' packets (at most `lookAhead`), and whether it goes on where the
 * flow's data ended (`seqEnd`, -1: unknown). Behind other data only sequence numbers can say
 * that a segment goes on with the message: without them the search stops there. `j` is where
 * the search stopped.
 */
function nextSegment(
	text: string,
	blocks: readonly Block[],
	last: number,
	first: Block,
	seqEnd: number,
):
	| { j: number; continues: true; next: Block; tcp: Tcp }
	| { j: number; continues: false; next: Block | undefined; tcp: Tcp | null | undefined } {
	let j = last + 1;
	let behind = false;
	for (; j < blocks.length && j <= last + lookAhead; j++) {
		const next = blocks[j]!;
		const tcp = tcpOf(text, next);
		if (tcp?.length === 0) continue;
		if (!sameFlow(next.packet, first.packet)) {
			if (seqEnd < 0) return { j, continues: false, next, tcp };
			behind = true;
			continue;
		}
		const known = tcp != null && tcp.seqStart >= 0 && seqEnd >= 0;
		if (tcp != null && (known ? tcp.seqStart === seqEnd : !behind) && tcp.length > 0)
			return { j, continues: true, next, tcp };
		return { j, continues: false, next, tcp };
	}
	return { j, continues: false, next: undefined, tcp: undefined };
}

/** What a packet line says of every message in the packet. */
function packetFields(packet: Packet) {
	return {
		format: 'tcpdump' as const,
		time: packet.time,
		epochMicros: packet.epochMicros,
		src: packet.src,
		dst: packet.dst,
		transport: packet.transport,
		direction: packet.direction,
	};
}

/** `at` moved over the blank lines that follow, within [at, end). */
function blankLinesAfter(text: string, at: number, end: number, line: Line): number {
	let e = at;
	for (let p = at; p < end && readLine(text, p, line); p = line.next) {
		if (!isBlank(text, line.start, Math.min(line.end, end))) break;
		e = Math.min(line.next, end);
	}
	return e;
}

/** The start line that opens the first non-blank line at or after `at`, or -1. */
function followingStart(text: string, at: number, end: number, line: Line): number {
	for (let p = at; p < end && readLine(text, p, line); p = line.next) {
		const lineEnd = Math.min(line.end, end);
		if (isBlank(text, line.start, lineEnd)) continue;
		return isStartLine(text, line.start, lineEnd) ? line.start : -1;
	}
	return -1;
}

function onlyBlank(text: string, from: number, to: number): boolean {
	for (let i = from; i < to; i++) {
		const c = text.charCodeAt(i);
		if (c !== 10 && c !== 13 && c !== 32 && c !== 9) return false;
	}
	return true;
}

/**
 * The message that starts at `sipStart` in block `i`, read on over the next segments of its flow
 * (same source and destination, each one's sequence number where the previous one's ended),
 * behind payload-less packets and other connections' data (`segments`: the blocks read, in
 * order). Null when it cannot be: then, if the capture lacks the segment that goes on, a problem
 * says so.
 */
function join(
	text: string,
	blocks: readonly Block[],
	i: number,
	sipStart: number,
	out: Builder,
): { message: SegmentedMessage; last: number; segments: number[] } | null {
	const first = blocks[i]!;
	const piece = payloadOf(text, first);
	if (!piece || sipStart < piece.start || sipStart > piece.end) return null;
	const message = new SegmentedMessage(text);
	if (message.feed(sipStart, piece.end) || message.failed) return null;
	let last = i;
	let lastEnd = piece.end;
	let seqEnd = tcpOf(text, first)!.seqEnd;
	const segments = [i];
	for (;;) {
		const { j, next, tcp, continues } = nextSegment(text, blocks, last, first, seqEnd);
		const nextPiece = continues ? payloadOf(text, next) : null;
		if (!nextPiece) {
			// The rest is not in the trace (or not where it can be joined): what was read is kept,
			// cut where its last segment ends.
			if (!continues) reportMissing(text, blocks, j, first, seqEnd, sipStart, out);
			if (last === i) return null;
			if (!message.settle()) message.stop(lastEnd);
			return ended(blocks, message, segments);
		}
		last = j;
		segments.push(j);
		lastEnd = nextPiece.end;
		seqEnd = tcp!.seqEnd;
		if (message.feed(nextPiece.start, nextPiece.end)) return ended(blocks, message, segments);
		if (message.failed) return null;
	}
}

/**
 * The segments a joined message ended in: a body end found by counting each LF as CRLF, kept in
 * reserve, may lie in an earlier segment than the last one read; the segments after it are not
 * the message's.
 */
function ended(
	blocks: readonly Block[],
	message: SegmentedMessage,
	segments: number[],
): { message: SegmentedMessage; last: number; segments: number[] } {
	while (segments.length > 1 && blocks[segments[segments.length - 1]!]!.payload > message.end)
		segments.pop();
	return { message, last: segments[segments.length - 1]!, segments };
}

/**
 * The flow's next segment (block `at`) does not start where the message's last one ended: the
 * capture lacks the octets between (a segment tcpdump did not see). Said on the start line, with
 * how many octets are missing and the segment after the gap.
 */
function reportMissing(
	text: string,
	blocks: readonly Block[],
	at: number,
	first: Block,
	seqEnd: number,
	sipStart: number,
	out: Builder,
): void {
	const block = blocks[at];
	const tcp = block && sameFlow(block.packet, first.packet) ? tcpOf(text, block) : null;
	if (seqEnd < 0 || !tcp || tcp.seqStart <= seqEnd) return;
	const lineEnd = text.indexOf('\n', sipStart);
	out.problems.push({
		code: 'framing.segment-missing',
		severity: 'information',
		span: { start: sipStart, end: lineEnd < 0 ? text.length : lineEnd },
		message: `The capture lacks ${tcp.seqStart - seqEnd} octets of this TCP connection (seq ${seqEnd}:${tcp.seqStart}) after the last segment of this message shown: it is cut there.`,
		related: [
			{
				span: { start: block!.start, end: block!.lineEnd },
				message: 'The next segment of the connection, after the octets not captured.',
			},
		],
	});
}

function sameFlow(a: Packet, b: Packet): boolean {
	return a.transport === 'TCP' && b.transport === 'TCP' && a.src === b.src && a.dst === b.dst;
}

/**
 * The payload of a TCP packet as printed, [start, end): after its IP and TCP header bytes (their
 * length known from the first octet and the options the packet line lists), up to the line end
 * tcpdump writes after each packet. Null unless the octets printed agree with `length N`
 * (tcpdump prints each octet as one character, except a CR before an LF, which it leaves out).
 */
function payloadOf(text: string, block: Block): { start: number; end: number } | null {
	const tcp = tcpOf(text, block);
	if (!tcp || tcp.length <= 0 || tcp.headerLength < 0) return null;
	const { payload } = block;
	// A printout whose every line end became CRLF (unix2dos, a Windows editor) has a CR before
	// each LF tcpdump printed, the header octets' own included: no octet of the packet.
	const converted = text.charCodeAt(block.lineEnd) === 13;
	const c = text.charCodeAt(payload);
	// IPv4: 0x45..0x4f (version 4, header length in words) print as 'E'..'O'; IPv6: '`'..'o'.
	const ipLength = c >= 0x45 && c <= 0x4f ? (c - 0x40) * 4 : c >= 0x60 && c <= 0x6f ? 40 : -1;
	if (ipLength < 0) return null;
	// TCP's data offset octet: 0x50 'P', 0x60 '`', 0x70 'p', from 0x80 on printed as '.'.
	const offset = text.charCodeAt(octetAt(text, payload, ipLength + 12, converted));
	const words = tcp.headerLength >> 2;
	const expected = words < 8 ? 0x50 + (words - 5) * 0x10 : 46;
	if (offset !== expected) return null;
	const start = octetAt(text, payload, ipLength + tcp.headerLength, converted);
	let end = block.end;
	if (end > start && text.charCodeAt(end - 1) === 10) end--;
	if (end > start && text.charCodeAt(end - 1) === 13) end--;
	const printed = end - start - (converted ? addedCrs(text, start, end) : 0);
	if (printed > tcp.length) return null;
	let lineEnds = 0;
	for (let p = text.indexOf('\n', start); p >= 0 && p < end; p = text.indexOf('\n', p + 1))
		lineEnds++;
	return printed + lineEnds + 2 >= tcp.length ? { start, end } : null;
}

/** Where the octet `count` octets after `from` is printed; a converter's CR before an LF is none. */
function octetAt(text: string, from: number, count: number, converted: boolean): number {
	let at = from;
	for (let left = count; left > 0; left--, at++)
		if (converted && text.charCodeAt(at) === 13 && text.charCodeAt(at + 1) === 10) at++;
	return at;
}

/** The CRs before LFs in [start, end) of a converted printout (see {@link payloadOf}). */
function addedCrs(text: string, start: number, end: number): number {
	let count = 0;
	for (let p = text.indexOf('\r\n', start); p >= 0 && p + 1 < end; p = text.indexOf('\r\n', p + 2))
		count++;
	return count;
}

/** The TCP fields of a block's packet line, read once. */
function tcpOf(text: string, block: Block): Tcp | null {
	if (block.tcp !== undefined) return block.tcp;
	block.tcp = block.packet.transport === 'TCP' ? tcpFields(text, block.start, block.lineEnd) : null;
	return block.tcp;
}

/** `Flags [P.], seq 1:1449, ack 1, win 502, options [nop,nop,TS val 1 ecr 2], length 1448`. */
function tcpFields(text: string, start: number, end: number): Tcp | null {
	// Each field looked for on the packet's line only: one a packet lacks (a pure ACK's `seq`,
	// options where timestamps are off) would be looked for to the end of the trace.
	const flags = indexWithin(text, ': Flags [', start, end);
	if (flags < 0) return null;
	const lengthAt = indexWithin(text, ', length ', flags, end);
	const length = lengthAt < 0 ? -1 : digitsAt(text, lengthAt + 9, end);
	let seqStart = -1;
	let seqEnd = -1;
	const seqAt = indexWithin(text, ', seq ', flags, end);
	if (seqAt >= 0) {
		const colon = indexWithin(text, ':', seqAt + 6, end);
		if (colon > 0) {
			seqStart = digitsAt(text, seqAt + 6, colon);
			seqEnd = digitsAt(text, colon + 1, end);
		}
	}
	let headerLength = 20;
	const optionsAt = indexWithin(text, ', options [', flags, end);
	if (optionsAt >= 0) {
		const close = indexWithin(text, ']', optionsAt, end);
		headerLength = close < 0 ? -1 : 20 + optionBytes(text.slice(optionsAt + 11, close));
	}
	return { length, seqStart, seqEnd, headerLength: headerLength >= 20 ? headerLength : -1 };
}

/** The octets of TCP options as tcpdump lists them, rounded up to words; -1 for one it cannot size. */
function optionBytes(list: string): number {
	let n = 0;
	for (const option of list.split(',')) {
		const name = option.trim().split(' ', 1)[0]!;
		const size =
			name === 'nop' || name === 'eol'
				? 1
				: name === 'mss'
					? 4
					: name === 'wscale'
						? 3
						: name === 'sackOK'
							? 2
							: name === 'TS'
								? 10
								: name === 'sack'
									? 2 + 8 * (Number(option.trim().split(' ')[1]) || 0)
									: name === 'md5'
										? 18
										: -1;
		if (size < 0) return -1 - 20;
		n += size;
	}
	return (n + 3) & ~3;
}

/** The decimal number at `at` (up to 10 digits, before `end`), or -1. */
function digitsAt(text: string, at: number, end: number): number {
	let n = 0;
	let i = at;
	while (i < end && i - at < 10) {
		const d = text.charCodeAt(i) - 48;
		if (d < 0 || d > 9) break;
		n = n * 10 + d;
		i++;
	}
	return i > at ? n : -1;
}

/**
 * Where a SIP start line begins in [start, end), after the header junk (which must end before
 * `limit`), or -1. The start line runs to the end of the line: `SIP/2.0 NNN ...` found by its
 * text, `METHOD uri SIP/2.0` read backwards from the version, no regex on the junk.
 */
function startInLine(text: string, start: number, end: number, limit: number): number {
	const status = indexWithin(text, 'SIP/2.0 ', start, Math.min(end, limit + 8));
	if (status >= 0 && status < limit && isStartLine(text, status, end)) return status;
	let e = end;
	while (e > start && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	// `METHOD uri SIP/2.0/UDP`, a version written as a Via's sent-protocol, with a header line
	// after it: a request whose version the parser reports (RFC 3261 §7.1, §25.1).
	let v = e;
	while (v > start && e - v <= 10 && isLetter(text.charCodeAt(v - 1))) v--;
	if (v < e && e - v <= 10 && text.startsWith(' SIP/2.0/', v - 9)) {
		const nl = text.indexOf('\n', end);
		if (nl < 0 || !headerFollows(text, nl + 1)) return -1;
		e = v - 1;
	}
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

const isLetter = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * The start line in `line` (a status line's reason phrase) goes on on the next line, where a
 * copy wrapped it at a width: the line is as long as one, and the next is no header line and
 * not empty.
 */
function reasonGoesOn(text: string, line: Line, end: number): boolean {
	if (Math.min(line.end, end) - line.start < narrowestWrap || line.next >= end) return false;
	const next: Line = { start: 0, end: 0, next: 0 };
	if (!readLine(text, line.next, next) || next.end > end) return false;
	return !isBlank(text, next.start, next.end) && !isHeaderLine(text, next.start, next.end);
}

/**
 * Where a start line begins in `line` when a copy cut the line at a width: the line is as long
 * as one, and read on with the next line it holds a start line (found as {@link startInLine}
 * finds it) that begins in `line`. -1 when not.
 */
function startOverWrap(text: string, line: Line, end: number, limit: number): number {
	const length = Math.min(line.end, end) - line.start;
	if (length < narrowestWrap || line.next >= end) return -1;
	const next: Line = { start: 0, end: 0, next: 0 };
	if (!readLine(text, line.next, next) || next.end > end || next.end === next.start) return -1;
	const joined = text.slice(line.start, line.start + length) + text.slice(next.start, next.end);
	const at = startInLine(joined, 0, joined.length, limit - line.start);
	return at >= 0 && at < length ? line.start + at : -1;
}
