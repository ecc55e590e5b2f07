import { ipv4, ipv6 } from './address';
import { u16, u32, u8, type Bytes } from './bytes';
import { problem, type CaptureProblem } from './types';

/*
 * IPv4 (RFC 791) and IPv6 (RFC 8200): addresses, the transport protocol and its octets, and
 * fragments put back together. A NOTIFY with a large PIDF or an INVITE with a rich SDP is larger
 * than an Ethernet MTU, so over UDP it travels as IP fragments (RFC 3261 §18.1.1).
 */

export interface Datagram {
	readonly src: string;
	readonly dst: string;
	/** 6 TCP, 17 UDP... */
	readonly protocol: number;
	readonly payload: Bytes;
	/** Octets of the datagram the capture did not keep (its snapshot length), when any. */
	readonly uncaptured?: number;
}

/** Fragments of one datagram kept at most: more is no real network's, and bounds the work. */
const maxFragments = 256;
const maxDatagram = 0x10000 + 0x10000;

interface Pending {
	readonly parts: { offset: number; data: Bytes }[];
	/** Its length, once the last fragment (more-fragments clear) is seen; -1 before. */
	total: number;
	received: number;
	protocol: number;
	readonly firstPacket: number;
}

export class IpReader {
	private readonly pending = new Map<string, Pending>();

	constructor(private readonly problems: CaptureProblem[]) {}

	/** The datagram in `ip`, whole or completed by this fragment; null while incomplete or unreadable. */
	read(ip: Bytes, packet: number): Datagram | null {
		const version = u8(ip, 0) >> 4;
		if (version === 4) return this.v4(ip, packet);
		if (version === 6) return this.v6(ip, packet);
		return null;
	}

	/** Says which datagrams never got all their fragments (call once, at the end). */
	finish(): void {
		for (const p of this.pending.values())
			this.problems.push(
				problem(
					'capture.fragments-missing',
					`The IP datagram whose first fragment seen is in packet ${p.firstPacket} never got all its fragments: it is left out.`,
					p.firstPacket,
				),
			);
		this.pending.clear();
	}

	private v4(ip: Bytes, packet: number): Datagram | null {
		const headerLength = (u8(ip, 0) & 0x0f) * 4;
		const total = u16(ip, 2);
		if (headerLength < 20 || ip.length < headerLength || total < headerLength) return null;
		const src = ipv4(ip, 12);
		const dst = ipv4(ip, 16);
		const protocol = ip[9]!;
		// A frame may be padded past the datagram (Ethernet's 60-octet minimum), or cut by the snap length.
		const payload = ip.subarray(headerLength, Math.min(total, ip.length));
		const flags = u16(ip, 6);
		const offset = (flags & 0x1fff) * 8;
		const more = (flags & 0x2000) !== 0;
		if (offset === 0 && !more)
			return total > ip.length
				? { src, dst, protocol, payload, uncaptured: total - ip.length }
				: { src, dst, protocol, payload };
		const key = `4 ${src} ${dst} ${protocol} ${u16(ip, 4)}`;
		return this.fragment(key, { src, dst, protocol }, offset, more, payload, packet);
	}

	private v6(ip: Bytes, packet: number): Datagram | null {
		if (ip.length < 40) return null;
		const src = ipv6(ip, 8);
		const dst = ipv6(ip, 24);
		const length = u16(ip, 4);
		// Payload length 0 is a jumbogram (RFC 2675): the rest of the frame.
		const end = length === 0 ? ip.length : Math.min(ip.length, 40 + length);
		const chain = skipExtensions(ip, ip[6]!, 40, end);
		if (!chain) return null;
		if (chain.fragment === null) {
			const payload = ip.subarray(chain.at, end);
			const uncaptured = length === 0 ? 0 : 40 + length - end;
			return uncaptured > 0
				? { src, dst, protocol: chain.next, payload, uncaptured }
				: { src, dst, protocol: chain.next, payload };
		}
		const f = chain.fragment;
		const key = `6 ${src} ${dst} ${f.id}`;
		const whole = this.fragment(
			key,
			{ src, dst, protocol: chain.next },
			f.offset,
			f.more,
			ip.subarray(chain.at, end),
			packet,
		);
		if (!whole) return null;
		// Headers after the fragment header belong to the fragmentable part: skip them now.
		const rest = skipExtensions(whole.payload, whole.protocol, 0, whole.payload.length);
		if (!rest || rest.fragment) return null;
		return { ...whole, protocol: rest.next, payload: whole.payload.subarray(rest.at) };
	}

	private fragment(
		key: string,
		head: { src: string; dst: string; protocol: number },
		offset: number,
		more: boolean,
		data: Bytes,
		packet: number,
	): Datagram | null {
		let p = this.pending.get(key);
		if (!p) {
			p = { parts: [], total: -1, received: 0, protocol: head.protocol, firstPacket: packet };
			this.pending.set(key, p);
		}
		if (p.parts.length >= maxFragments || offset + data.length > maxDatagram) {
			this.pending.delete(key);
			this.problems.push(
				problem(
					'capture.fragments-dropped',
					`Too many or too large IP fragments for one datagram (packet ${packet}): the datagram is left out.`,
					packet,
				),
			);
			return null;
		}
		// The first fragment names the protocol for IPv6 (each fragment's header names it too).
		if (offset === 0) p.protocol = head.protocol;
		p.parts.push({ offset, data });
		p.received += data.length;
		if (!more) p.total = offset + data.length;
		if (p.total < 0 || p.received < p.total) return null;
		const parts = [...p.parts].sort((a, b) => a.offset - b.offset);
		let covered = 0;
		for (const part of parts) {
			if (part.offset > covered) return null; // a hole: fragments still to come
			covered = Math.max(covered, part.offset + part.data.length);
		}
		if (covered < p.total) return null;
		this.pending.delete(key);
		const payload = new Uint8Array(p.total);
		for (const part of parts)
			payload.set(
				part.data.subarray(0, Math.max(0, Math.min(part.data.length, p.total - part.offset))),
				part.offset,
			);
		return { src: head.src, dst: head.dst, protocol: p.protocol, payload };
	}
}

/** Extension headers skipped by their own length; AH counts in 4-octet units (RFC 4302). */
const extensionHeaders = new Set([0, 43, 60, 135, 139, 140]);

/** Walks IPv6 extension headers from `at`: the upper-layer protocol, where it starts, and the fragment header if any. */
function skipExtensions(
	b: Bytes,
	next: number,
	at: number,
	end: number,
): {
	next: number;
	at: number;
	fragment: { offset: number; more: boolean; id: number } | null;
} | null {
	for (let hops = 0; hops < 16; hops++) {
		if (next === 44) {
			if (at + 8 > end) return null;
			const field = u16(b, at + 2);
			next = b[at]!;
			at += 8;
			// An atomic fragment (offset 0, no more, RFC 6946) is the whole datagram: read on.
			if ((field & 0xfff9) === 0) continue;
			// Headers after it are in the fragmentable part: read once the datagram is whole.
			const fragment = { offset: field & 0xfff8, more: (field & 1) !== 0, id: u32(b, at - 4) };
			return { next, at, fragment };
		} else if (extensionHeaders.has(next)) {
			if (at + 2 > end) return null;
			const length = (b[at + 1]! + 1) * 8;
			next = b[at]!;
			at += length;
		} else if (next === 51) {
			if (at + 2 > end) return null;
			const length = (b[at + 1]! + 2) * 4;
			next = b[at]!;
			at += length;
		} else return at <= end ? { next, at, fragment: null } : null;
	}
	return null;
}
