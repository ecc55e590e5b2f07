import { runSteps, within, type Steps } from '../steps';
import { endpoint } from './address';
import { indexOf, u16, u32, u8, type Bytes } from './bytes';
import { readContainer } from './container';
import { IpReader } from './ip';
import { ipOf, supportedLinkTypes } from './link';
import { innerOfGre, innerOfUdp } from './tunnel';
import { SctpMessages } from './sctp';
import { hep3Magic, isHep3, readHep2, readHep3, type HepMessage } from './hep';
import { isStartLine, skipLineEnds } from './sip';
import { sipMessages, TcpStreams, type StreamRun } from './tcp';
import {
	problem,
	type CaptureProblem,
	type CaptureResult,
	type CapturedMessage,
	type Transport,
} from './types';
import { decodePayload } from './utf8';
import { afterHandshake, readFrames } from './ws';

/** Tunnels inside tunnels read at most: more is no network's, and bounds the work. */
const maxTunnels = 4;

/** Where a message was found: the packet of its first octet, its time and addresses. */
interface Carrier {
	readonly packet: number;
	readonly epochMicros: number | null;
	readonly src: string;
	readonly dst: string;
	readonly transport: Transport;
}

/** A message inside HEP: its own addresses, transport and time (its carrier's addresses and time when it names none). */
function fromHep(h: HepMessage, c: Carrier): CapturedMessage {
	return {
		packet: c.packet,
		epochMicros: h.epochMicros ?? c.epochMicros,
		src: h.src ?? c.src,
		dst: h.dst ?? c.dst,
		transport: h.transport,
		text: decodePayload(h.payload),
	};
}

/**
 * Whether a stream carries HEP3: it starts with a packet, or (a capture started inside one) a
 * packet starts within the longest a packet can be and ends where the stream or another starts.
 */
function isHepStream(b: Bytes): boolean {
	if (isHep3(b, 0)) return true;
	const limit = Math.min(b.length, 0x10000 + 4);
	for (
		let at = indexOf(b, hep3Magic, 0, limit);
		at >= 0;
		at = indexOf(b, hep3Magic, at + 1, limit)
	) {
		const next = at + u16(b, at + 4);
		if (next > at + 6 && (next === b.length || isHep3(b, next))) return true;
	}
	return false;
}

/** A TLS record carrying a ClientHello (RFC 8446 §5.1, §4): a connection that is encrypted. */
const isClientHello = (b: Uint8Array): boolean => b[0] === 22 && b[1] === 3 && b[5] === 1;

/**
 * The SIP messages of a pcap or pcapng capture, in capture order. Total: any octets give a
 * result, what could not be read is said in `problems`. Linear in the file's size but for the
 * sort of each TCP stream's segments and of the messages.
 */
export function readCapture(file: Bytes): CaptureResult {
	return runSteps(readCaptureSteps(file));
}

/** TCP streams read between two steps. */
const stepStreams = 256;

/**
 * {@link readCapture} in steps (see steps.ts), for the server to report progress on a large
 * capture and stop when cancelled: the packets, then the TCP streams.
 */
export function* readCaptureSteps(file: Bytes): Steps<CaptureResult> {
	const problems: CaptureProblem[] = [];
	const ip = new IpReader(problems);
	const tcp = new TcpStreams(problems);
	const sctp = new SctpMessages();
	const found: { message: CapturedMessage; order: number }[] = [];
	const unknownLinks = new Map<number, number>();
	const reading = readContainer(
		file,
		(packet) => {
			const frame = ipOf(packet.linkType, packet.data);
			if (!frame) {
				if (!supportedLinkTypes.has(packet.linkType))
					unknownLinks.set(packet.linkType, unknownLinks.get(packet.linkType) ?? packet.number);
				return;
			}
			fromIp(frame, 0);
			/** The IP packet `frame`, `depth` tunnels deep. */
			function fromIp(frame: Bytes, depth: number): void {
				const d = ip.read(frame, packet.number);
				if (!d) return;
				const p = d.payload;
				if (d.protocol === 17) {
					if (p.length < 8) return;
					const length = u16(p, 4);
					const payload = p.subarray(8, length >= 8 ? Math.min(length, p.length) : p.length);
					// A copy of other traffic in a tunnel (VXLAN, Geneve): the SIP is in the inner packet.
					const inner = depth < maxTunnels ? innerOfUdp(u16(p, 2), payload) : null;
					if (inner) return fromIp(inner, depth + 1);
					const carrier: Carrier = {
						packet: packet.number,
						epochMicros: packet.epochMicros,
						src: endpoint(d.src, u16(p, 0)),
						dst: endpoint(d.dst, u16(p, 2)),
						transport: 'UDP',
					};
					// HEP sent to a collector: the SIP inside, with its own addresses and time.
					const heps = isHep3(payload, 0)
						? readHep3(payload, 0, payload.length, () => packet.number, problems, false).map(
								(h) => h.message,
							)
						: [readHep2(payload)].filter((h) => h !== null);
					if (heps.length > 0 || isHep3(payload, 0)) {
						for (const h of heps) found.push({ order: found.length, message: fromHep(h, carrier) });
						return;
					}
					// One datagram, one message; a datagram of bare line ends is a keep-alive, not SIP.
					const at = skipLineEnds(payload, 0, payload.length);
					if (at >= payload.length || !isStartLine(payload, at, payload.length)) return;
					const message: CapturedMessage = {
						...carrier,
						text: decodePayload(payload.subarray(at)),
					};
					// A datagram longer than the capture kept of it (a snapshot length, `tcpdump -s 300`).
					found.push({
						order: found.length,
						message:
							length - 8 > payload.length ? { ...message, wireOctets: length - 8 - at } : message,
					});
				} else if (d.protocol === 6) {
					const offset = (u8(p, 12) >> 4) * 4;
					if (offset < 20 || offset > p.length) return;
					const src = endpoint(d.src, u16(p, 0));
					const dst = endpoint(d.dst, u16(p, 2));
					const seq = u32(p, 4);
					const syn = (p[13]! & 0x02) !== 0;
					tcp.add(`${src} ${dst}`, seq, syn, {
						seq: syn ? (seq + 1) >>> 0 : seq,
						payload: p.subarray(offset),
						packet: packet.number,
						epochMicros: packet.epochMicros,
						...(d.uncaptured ? { uncaptured: d.uncaptured } : {}),
					});
				} else if (d.protocol === 132) {
					const src = endpoint(d.src, u16(p, 0));
					const dst = endpoint(d.dst, u16(p, 2));
					for (const m of sctp.read(p, `${src} ${dst}`, packet.number, packet.epochMicros)) {
						// One SCTP user message, one SIP message (RFC 4168).
						const at = skipLineEnds(m.data, 0, m.data.length);
						if (at >= m.data.length || !isStartLine(m.data, at, m.data.length)) continue;
						found.push({
							order: found.length,
							message: {
								packet: m.packet,
								epochMicros: m.epochMicros,
								src,
								dst,
								transport: 'SCTP',
								text: decodePayload(m.data.subarray(at)),
							},
						});
					}
				} else if (d.protocol === 47 && depth < maxTunnels) {
					// GRE: a mirror's ERSPAN copy, or an overlay's packet.
					const inner = innerOfGre(p);
					if (inner) fromIp(inner, depth + 1);
				} else if ((d.protocol === 4 || d.protocol === 41) && depth < maxTunnels) {
					// IP in IP (IPv4 or IPv6 inside): the packet itself.
					fromIp(p, depth + 1);
				}
			}
		},
		problems,
	);
	const { container, packets } = yield* within(reading, 0, 0.9);
	ip.finish();
	const streams = tcp.finish();
	for (const [i, { key, runs }] of streams.entries()) {
		for (const message of streamMessages(key, runs, problems))
			found.push({ order: found.length, message });
		if ((i + 1) % stepStreams === 0) yield 0.9 + (0.1 * (i + 1)) / streams.length;
	}
	for (const [linkType, first] of unknownLinks)
		problems.push(
			problem(
				'capture.unsupported-link',
				`Link type ${linkType} is not read (only ${[...supportedLinkTypes.values()].join(', ')}): its packets are left out.`,
				first,
			),
		);
	if (container && found.length === 0)
		problems.push(
			problem(
				'capture.no-sip',
				`No SIP message over UDP, TCP or SCTP (nor in HEP, WebSocket or a VXLAN, Geneve or GRE tunnel) in the ${packets} packets of the capture.`,
			),
		);
	// Capture order: the packet of each message's first octet; within one, stream order.
	found.sort((a, b) => a.message.packet - b.message.packet || a.order - b.order);
	return { container, packets, messages: found.map((f) => f.message), problems };
}

/**
 * The SIP messages of one direction of a TCP connection, by what its first octets open: HEP3
 * packets back to back, a WebSocket (its handshake, then frames), TLS (said, not readable), else
 * SIP itself.
 */
function streamMessages(
	key: string,
	runs: readonly StreamRun[],
	problems: CaptureProblem[],
): CapturedMessage[] {
	const [src = '', dst = ''] = key.split(' ');
	const first = runs[0];
	if (!first) return [];
	const out: CapturedMessage[] = [];
	const carrier = (run: StreamRun, offset: number, transport: Transport): Carrier => {
		const s = run.origin(offset);
		return { packet: s.packet, epochMicros: s.epochMicros, src, dst, transport };
	};
	if (isHepStream(first.bytes)) {
		for (const run of runs) {
			const packet = (offset: number) => run.origin(offset).packet;
			for (const h of readHep3(run.bytes, 0, run.bytes.length, packet, problems, true))
				out.push(fromHep(h.message, carrier(run, h.at, 'TCP')));
		}
		return out;
	}
	const frames = afterHandshake(first.bytes);
	if (frames !== null) {
		const read = readFrames(first.bytes, frames, first.bytes.length);
		for (const m of read.messages)
			out.push({ ...carrier(first, m.at, 'WS'), text: decodePayload(m.bytes) });
		for (const p of read.problems)
			problems.push(problem(p.code, `${p.message} (${src} -> ${dst})`, first.origin(p.at).packet));
		// After a gap the next frame's start is not known: what follows cannot be read.
		if (runs.length > 1)
			problems.push(
				problem(
					'capture.ws-gap',
					`The WebSocket ${src} -> ${dst} misses octets in the capture: its frames after packet ${runs[1]!.origin(0).packet} are left out.`,
					runs[1]!.origin(0).packet,
				),
			);
		return out;
	}
	if (isClientHello(first.bytes)) {
		problems.push(
			problem(
				'capture.tls',
				`The TCP connection ${src} -> ${dst} is TLS (SIP over TLS, or a WebSocket over wss://): encrypted, it is not read.`,
				first.origin(0).packet,
			),
		);
		return out;
	}
	for (const run of runs)
		for (const m of sipMessages(run))
			out.push({
				packet: m.packet,
				epochMicros: m.epochMicros,
				src,
				dst,
				transport: 'TCP',
				text: decodePayload(m.bytes),
				...(m.wireOctets !== undefined ? { wireOctets: m.wireOctets } : {}),
			});
	return out;
}
