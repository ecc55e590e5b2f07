import { ipv4, ipv6, endpoint } from './address';
import { indexOf, u16, u32, u8, type Bytes } from './bytes';
import { isStartLine, skipLineEnds } from './sip';
import { problem, type CaptureProblem, type Transport } from './types';

/*
 * HEP, the HOMER Encapsulation Protocol: what Kamailio's and OpenSIPS' siptrace, FreeSWITCH,
 * Asterisk's res_hep and heplify send a HOMER collector, each SIP message with the addresses,
 * transport and time it had where it was captured. A capture at the collector holds HEP over UDP
 * (or TCP), not SIP: the message is read with the HEP's own addresses and time.
 *
 * HEP3: "HEP3", the total length (16 bits, the header included), then chunks of vendor (16 bits),
 * type (16 bits) and length (16 bits, the chunk's 6 header octets included), all in network order.
 * Generic chunks (vendor 0): 1 IP family, 2 IP protocol, 3/4 IPv4 source/destination, 5/6 IPv6
 * source/destination, 7/8 ports, 9/10 time (seconds, microseconds), 11 protocol type (1 SIP),
 * 12 capture agent id, 15 payload, 16 compressed payload, 17 correlation id. Other chunks, and
 * every chunk of another vendor, are skipped by their length.
 * HEP1 and HEP2 (no magic): version, header length, family, protocol, ports, the addresses
 * (IPv4 or IPv6), for HEP2 the time (seconds, microseconds, in the sender's little-endian order)
 * and capture id, then the payload.
 */

export const hep3Magic: readonly number[] = [72, 69, 80, 51]; // "HEP3"
const magic = hep3Magic;

/** A SIP message a HEP packet carried; null fields are taken from the packet that carried it. */
export interface HepMessage {
	readonly src: string | null;
	readonly dst: string | null;
	readonly transport: Transport | null;
	readonly epochMicros: number | null;
	readonly payload: Bytes;
}

/** The transport a HEP packet names by its IP protocol number. */
function transportOf(protocol: number): Transport | null {
	return protocol === 17 ? 'UDP' : protocol === 6 ? 'TCP' : protocol === 132 ? 'SCTP' : null;
}

export const isHep3 = (b: Bytes, at: number): boolean =>
	b[at] === magic[0] && b[at + 1] === magic[1] && b[at + 2] === magic[2] && b[at + 3] === magic[3];

/** The SIP payload of a HEP packet, without keep-alive line ends; null when it is not SIP. */
function sipOf(payload: Bytes): Bytes | null {
	const at = skipLineEnds(payload, 0, payload.length);
	return at < payload.length && isStartLine(payload, at, payload.length)
		? payload.subarray(at)
		: null;
}

/**
 * The SIP messages of the HEP3 packets in b[at, end): one packet in a UDP datagram, packets back
 * to back on a TCP stream (`stream`: octets that are no HEP3 packet are skipped to the next
 * "HEP3"). What does not hold together is said in `problems`, for `packet`.
 */
export function readHep3(
	b: Bytes,
	at: number,
	end: number,
	packet: (offset: number) => number,
	problems: CaptureProblem[],
	stream: boolean,
): { at: number; message: HepMessage }[] {
	const out: { at: number; message: HepMessage }[] = [];
	while (at + 6 <= end) {
		if (!isHep3(b, at)) {
			if (!stream) break;
			at = indexOf(b, magic, at + 1, end);
			if (at < 0) break;
			continue;
		}
		const total = u16(b, at + 4);
		if (total < 6) {
			problems.push(
				problem(
					'capture.hep-malformed',
					`A HEP3 packet says it is ${total} octets long, shorter than its header: the rest is left out.`,
					packet(at),
				),
			);
			break;
		}
		if (at + total > end) {
			problems.push(
				problem(
					'capture.hep-truncated',
					`A HEP3 packet of ${total} octets has only ${end - at} in the capture: it is left out.`,
					packet(at),
				),
			);
			break;
		}
		const message = chunks(b, at + 6, at + total, packet(at), problems);
		if (message) out.push({ at, message });
		at += total;
	}
	return out;
}

/** The SIP message of one HEP3 packet's chunks in b[at, end), or null (no SIP, or malformed). */
function chunks(
	b: Bytes,
	at: number,
	end: number,
	packet: number,
	problems: CaptureProblem[],
): HepMessage | null {
	let family = -1;
	let protocol = -1;
	let protoType = -1;
	const v4: (string | null)[] = [null, null];
	const v6: (string | null)[] = [null, null];
	let srcPort = -1;
	let dstPort = -1;
	let seconds = -1;
	let micros = -1;
	let payload: Bytes | null = null;
	let compressed = false;
	// Each chunk is at least its 6-octet header: the loop is bounded by the packet's length.
	while (at < end) {
		const vendor = u16(b, at);
		const type = u16(b, at + 2);
		const length = u16(b, at + 4);
		if (at + 6 > end || length < 6 || at + length > end) {
			problems.push(
				problem(
					'capture.hep-malformed',
					`A HEP3 chunk (type ${type}) says it is ${length} octets long where ${end - at} are left in its packet: the packet is left out.`,
					packet,
				),
			);
			return null;
		}
		const data = b.subarray(at + 6, at + length);
		if (vendor === 0) {
			const n = data.length;
			if (type === 1 && n >= 1) family = data[0]!;
			else if (type === 2 && n >= 1) protocol = data[0]!;
			else if ((type === 3 || type === 4) && n >= 4) v4[type - 3] = ipv4(data, 0);
			else if ((type === 5 || type === 6) && n >= 16) v6[type - 5] = ipv6(data, 0);
			else if (type === 7 && n >= 2) srcPort = u16(data, 0);
			else if (type === 8 && n >= 2) dstPort = u16(data, 0);
			else if (type === 9 && n >= 4) seconds = u32(data, 0);
			else if (type === 10 && n >= 4) micros = u32(data, 0);
			else if (type === 11 && n >= 1) protoType = data[0]!;
			else if (type === 15) payload = data;
			else if (type === 16) compressed = true;
			// 12 (capture agent), 14 (auth key), 17 (correlation id) and the rest: nothing a trace shows.
		}
		at += length;
	}
	// Another protocol's packet (RTCP reports, logs...): not a problem, not SIP.
	if (protoType !== -1 && protoType !== 1) return null;
	if (!payload) {
		if (compressed)
			problems.push(
				problem(
					'capture.hep-compressed',
					'A HEP3 packet carries its payload compressed: it is not read.',
					packet,
				),
			);
		return null;
	}
	const sip = sipOf(payload);
	if (!sip) return null;
	// The family (2 IPv4, 10 IPv6) says which addresses count when a sender wrote both kinds.
	const [src, dst] = family === 10 || (family !== 2 && v4[0] === null) ? v6 : v4;
	return {
		src: src && srcPort >= 0 ? endpoint(src, srcPort) : null,
		dst: dst && dstPort >= 0 ? endpoint(dst, dstPort) : null,
		transport: protocol >= 0 ? transportOf(protocol) : null,
		epochMicros: seconds >= 0 && micros >= 0 && micros < 1e6 ? seconds * 1e6 + micros : null,
		payload: sip,
	};
}

/**
 * A HEP1 or HEP2 packet filling a UDP datagram, or null when the octets are not one carrying SIP
 * (these versions have no magic: the payload must be SIP where the header says it starts).
 */
export function readHep2(b: Bytes): HepMessage | null {
	const version = u8(b, 0);
	const family = u8(b, 2);
	if ((version !== 1 && version !== 2) || (family !== 2 && family !== 10)) return null;
	const v4 = family === 2;
	const addresses = 8;
	const timeAt = addresses + (v4 ? 8 : 32);
	const payloadAt = timeAt + (version === 2 ? 12 : 0);
	if (b.length <= payloadAt) return null;
	const sip = sipOf(b.subarray(payloadAt));
	if (!sip) return null;
	const ip = (at: number) => (v4 ? ipv4(b, at) : ipv6(b, at));
	const seconds = version === 2 ? u32(b, timeAt, true) : -1;
	const micros = version === 2 ? u32(b, timeAt + 4, true) : -1;
	return {
		src: endpoint(ip(addresses), u16(b, 4)),
		dst: endpoint(ip(addresses + (v4 ? 4 : 16)), u16(b, 6)),
		transport: transportOf(u8(b, 3)),
		epochMicros: seconds >= 0 && micros >= 0 && micros < 1e6 ? seconds * 1e6 + micros : null,
		payload: sip,
	};
}
