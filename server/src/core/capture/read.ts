import { endpoint } from './address';
import { u16, u32, u8, type Bytes } from './bytes';
import { readContainer } from './container';
import { IpReader } from './ip';
import { ipOf, supportedLinkTypes } from './link';
import { isStartLine, skipLineEnds } from './sip';
import { TcpStreams } from './tcp';
import { problem, type CaptureProblem, type CaptureResult, type CapturedMessage } from './types';
import { decodePayload } from './utf8';

/**
 * The SIP messages of a pcap or pcapng capture, in capture order. Total: any octets give a
 * result, what could not be read is said in `problems`. Linear in the file's size but for the
 * sort of each TCP stream's segments and of the messages.
 */
export function readCapture(file: Bytes): CaptureResult {
	const problems: CaptureProblem[] = [];
	const ip = new IpReader(problems);
	const tcp = new TcpStreams(problems);
	const found: { message: CapturedMessage; order: number }[] = [];
	const unknownLinks = new Map<number, number>();
	const { container, packets } = readContainer(
		file,
		(packet) => {
			const frame = ipOf(packet.linkType, packet.data);
			if (!frame) {
				if (!supportedLinkTypes.has(packet.linkType))
					unknownLinks.set(packet.linkType, unknownLinks.get(packet.linkType) ?? packet.number);
				return;
			}
			const d = ip.read(frame, packet.number);
			if (!d) return;
			const p = d.payload;
			if (d.protocol === 17) {
				if (p.length < 8) return;
				const length = u16(p, 4);
				const payload = p.subarray(8, length >= 8 ? Math.min(length, p.length) : p.length);
				// One datagram, one message; a datagram of bare line ends is a keep-alive, not SIP.
				const at = skipLineEnds(payload, 0, payload.length);
				if (at >= payload.length || !isStartLine(payload, at, payload.length)) return;
				found.push({
					order: found.length,
					message: {
						packet: packet.number,
						epochMicros: packet.epochMicros,
						src: endpoint(d.src, u16(p, 0)),
						dst: endpoint(d.dst, u16(p, 2)),
						transport: 'UDP',
						text: decodePayload(payload.subarray(at)),
					},
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
				});
			}
		},
		problems,
	);
	ip.finish();
	for (const { key, messages } of tcp.finish()) {
		const [src = '', dst = ''] = key.split(' ');
		for (const m of messages)
			found.push({
				order: found.length,
				message: {
					packet: m.packet,
					epochMicros: m.epochMicros,
					src,
					dst,
					transport: 'TCP',
					text: decodePayload(m.bytes),
				},
			});
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
				`No SIP message over UDP or TCP in the ${packets} packets of the capture.`,
			),
		);
	// Capture order: the packet of each message's first octet; within one, stream order.
	found.sort((a, b) => a.message.packet - b.message.packet || a.order - b.order);
	return { container, packets, messages: found.map((f) => f.message), problems };
}
