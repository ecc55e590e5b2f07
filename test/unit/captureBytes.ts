// Capture files built in the tests: the packets of a real capture taken out of it (a reader of
// the few block kinds tshark and tcpdump write, independent of the product's) and written again
// in other containers, link layers and IP forms, so that each variant must read as the original.

export interface RawPacket {
	/** Nanoseconds since the epoch. */
	readonly ns: bigint;
	readonly linkType: number;
	readonly data: Uint8Array;
	/** The packet's length on the wire, where `data` holds fewer octets (a snapshot length). */
	readonly wireLength?: number;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** The packets of a little-endian pcapng (tshark's) or a classic little-endian pcap (tcpdump's). */
export function packetsOf(file: Uint8Array): RawPacket[] {
	const v = view(file);
	const out: RawPacket[] = [];
	if (v.getUint32(0, true) === 0xa1b2c3d4) {
		const linkType = v.getUint32(20, true) & 0xffff;
		for (let at = 24; at + 16 <= file.length;) {
			const len = v.getUint32(at + 8, true);
			const ns =
				BigInt(v.getUint32(at, true)) * 1_000_000_000n + BigInt(v.getUint32(at + 4, true)) * 1000n;
			out.push({ ns, linkType, data: file.slice(at + 16, at + 16 + len) });
			at += 16 + len;
		}
		return out;
	}
	const interfaces: { linkType: number; exponent: number }[] = [];
	for (let at = 0; at + 12 <= file.length;) {
		const type = v.getUint32(at, true);
		const len = v.getUint32(at + 4, true);
		if (type === 1) {
			let exponent = 6;
			for (let o = at + 16; o + 4 <= at + len - 4;) {
				const code = v.getUint16(o, true);
				const l = v.getUint16(o + 2, true);
				if (code === 0) break;
				if (code === 9) exponent = file[o + 4]!;
				o += 4 + Math.ceil(l / 4) * 4;
			}
			interfaces.push({ linkType: v.getUint16(at + 8, true), exponent });
		} else if (type === 6) {
			const iface = interfaces[v.getUint32(at + 8, true)]!;
			const units =
				(BigInt(v.getUint32(at + 12, true)) << 32n) | BigInt(v.getUint32(at + 16, true));
			const ns = units * 10n ** BigInt(9 - iface.exponent);
			const cap = v.getUint32(at + 20, true);
			out.push({ ns, linkType: iface.linkType, data: file.slice(at + 28, at + 28 + cap) });
		}
		at += len;
	}
	return out;
}

class Writer {
	private readonly parts: number[] = [];
	constructor(private readonly little: boolean) {}
	u8(n: number) {
		this.parts.push(n & 0xff);
		return this;
	}
	u16(n: number) {
		const b = [(n >> 8) & 0xff, n & 0xff];
		this.parts.push(...(this.little ? b.reverse() : b));
		return this;
	}
	u32(n: number) {
		const b = [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
		this.parts.push(...(this.little ? b.reverse() : b));
		return this;
	}
	bytes(b: Uint8Array) {
		for (const x of b) this.parts.push(x);
		return this;
	}
	pad() {
		while (this.parts.length % 4) this.parts.push(0);
		return this;
	}
	get length() {
		return this.parts.length;
	}
	done() {
		return Uint8Array.from(this.parts);
	}
}

/** A classic pcap file: either byte order, micro- or nanosecond timestamps. */
export function pcap(
	packets: readonly RawPacket[],
	o: { little: boolean; nanos: boolean; linkType: number },
): Uint8Array {
	const w = new Writer(o.little);
	w.u32(o.nanos ? 0xa1b23c4d : 0xa1b2c3d4)
		.u16(2)
		.u16(4)
		.u32(0)
		.u32(0)
		.u32(262144)
		.u32(o.linkType);
	for (const p of packets) {
		const seconds = p.ns / 1_000_000_000n;
		const rest = p.ns % 1_000_000_000n;
		w.u32(Number(seconds)).u32(Number(o.nanos ? rest : rest / 1000n));
		w.u32(p.data.length)
			.u32(p.wireLength ?? p.data.length)
			.bytes(p.data);
	}
	return w.done();
}

export interface NgSection {
	readonly little: boolean;
	/** Each interface's link type and if_tsresol (10^-n when below 128, 2^-(n-128) above). */
	readonly interfaces: readonly { linkType: number; tsresol: number; offsetSeconds?: number }[];
	/** Packets with the interface they were captured on; `simple` writes a Simple Packet Block. */
	readonly packets: readonly { iface: number; packet: RawPacket; simple?: boolean }[];
	/** Blocks of a type the reader does not know, written between the packets. */
	readonly unknownBlocks?: boolean;
}

function block(little: boolean, type: number, body: (w: Writer) => void): Uint8Array {
	const inner = new Writer(little);
	body(inner);
	inner.pad();
	const w = new Writer(little);
	w.u32(type)
		.u32(inner.length + 12)
		.bytes(inner.done())
		.u32(inner.length + 12);
	return w.done();
}

/** A pcapng file of the given sections. */
export function pcapng(sections: readonly NgSection[]): Uint8Array {
	const blocks: Uint8Array[] = [];
	for (const s of sections) {
		blocks.push(
			block(s.little, 0x0a0d0d0a, (w) =>
				w.u32(0x1a2b3c4d).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff),
			),
		);
		for (const i of s.interfaces)
			blocks.push(
				block(s.little, 1, (w) => {
					w.u16(i.linkType).u16(0).u32(0);
					w.u16(9).u16(1).u8(i.tsresol).pad();
					if (i.offsetSeconds !== undefined) {
						w.u16(14).u16(8);
						const hi = Math.floor(i.offsetSeconds / 2 ** 32);
						const lo = i.offsetSeconds % 2 ** 32;
						if (s.little) w.u32(lo).u32(hi);
						else w.u32(hi).u32(lo);
					}
					w.u16(0).u16(0);
				}),
			);
		for (const { iface, packet, simple } of s.packets) {
			if (s.unknownBlocks) blocks.push(block(s.little, 0x0bad, (w) => w.u32(0xdeadbeef)));
			if (simple) {
				blocks.push(block(s.little, 3, (w) => w.u32(packet.data.length).bytes(packet.data)));
				continue;
			}
			const i = s.interfaces[iface]!;
			const seconds = packet.ns / 1_000_000_000n - BigInt(i.offsetSeconds ?? 0);
			const ns = seconds * 1_000_000_000n + (packet.ns % 1_000_000_000n);
			const units =
				i.tsresol < 128
					? ns / 10n ** BigInt(9 - i.tsresol)
					: (ns << BigInt(i.tsresol - 128)) / 1_000_000_000n;
			blocks.push(
				block(s.little, 6, (w) =>
					w
						.u32(iface)
						.u32(Number(units >> 32n))
						.u32(Number(units & 0xffffffffn))
						.u32(packet.data.length)
						.u32(packet.data.length)
						.bytes(packet.data),
				),
			);
		}
	}
	const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
	let at = 0;
	for (const b of blocks) {
		out.set(b, at);
		at += b.length;
	}
	return out;
}

const cat = (...parts: (Uint8Array | number[])[]) => {
	const out: number[] = [];
	for (const p of parts) out.push(...p);
	return Uint8Array.from(out);
};
const be16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];

/** The IP packet of an Ethernet frame (the real captures' link layer on `lo`). */
export function ipOfEthernet(frame: Uint8Array): Uint8Array {
	return frame.slice(14);
}

const etherType = (ip: Uint8Array) => (ip[0]! >> 4 === 6 ? 0x86dd : 0x0800);

/** The same IP packet under another link layer. */
export const links = {
	ethernet: (ip: Uint8Array) => cat(new Array(12).fill(2), be16(etherType(ip)), ip),
	vlan: (ip: Uint8Array) =>
		cat(new Array(12).fill(2), be16(0x8100), be16(42), be16(etherType(ip)), ip),
	qinq: (ip: Uint8Array) =>
		cat(
			new Array(12).fill(2),
			be16(0x88a8),
			be16(7),
			be16(0x8100),
			be16(42),
			be16(etherType(ip)),
			ip,
		),
	sll: (ip: Uint8Array) =>
		cat(be16(0), be16(772), be16(6), new Array(8).fill(0), be16(etherType(ip)), ip),
	sll2: (ip: Uint8Array) =>
		cat(be16(etherType(ip)), be16(0), [0, 0, 0, 1], be16(772), [0, 6], new Array(8).fill(0), ip),
	raw: (ip: Uint8Array) => ip,
	/** BSD loopback: the address family in the host's byte order (little-endian here). */
	nullLittle: (ip: Uint8Array) => cat([ip[0]! >> 4 === 6 ? 30 : 2, 0, 0, 0], ip),
	nullBig: (ip: Uint8Array) => cat([0, 0, 0, ip[0]! >> 4 === 6 ? 24 : 2], ip),
	/** OpenBSD loop: the family in network byte order. */
	loop: (ip: Uint8Array) => cat([0, 0, 0, ip[0]! >> 4 === 6 ? 24 : 2], ip),
	/**
	 * NFLOG, as Linux on x86 writes it: family, version, resource id, then little-endian
	 * type-length-value records (a prefix string, padded to four octets; the packet, type 9).
	 */
	nflog: (ip: Uint8Array) => {
		const le16 = (n: number) => [n & 0xff, n >> 8];
		const prefix = [...Buffer.from('sip\0'), 0, 0, 0, 0];
		const pad = new Array((4 - (ip.length % 4)) % 4).fill(0);
		return cat(
			[ip[0]! >> 4 === 6 ? 10 : 2, 0, 0, 5],
			le16(4 + 5),
			le16(10),
			prefix,
			le16(4 + ip.length),
			le16(9),
			ip,
			pad,
		);
	},
};

/** An IPv4 datagram cut into fragments of `size` octets of payload (a multiple of 8), last first. */
export function fragment4(ip: Uint8Array, size: number): Uint8Array[] {
	const ihl = (ip[0]! & 0x0f) * 4;
	const total = (ip[2]! << 8) | ip[3]!;
	const payload = ip.slice(ihl, total);
	const out: Uint8Array[] = [];
	for (let off = 0; off < payload.length; off += size) {
		const part = payload.slice(off, off + size);
		const header = ip.slice(0, ihl);
		const more = off + size < payload.length ? 0x2000 : 0;
		header.set(be16(ihl + part.length), 2);
		header.set(be16(more | (off / 8)), 6);
		out.push(cat(header, part));
	}
	return out.reverse();
}

/** An IPv6 packet (no extension headers) cut into fragments with a Fragment header, last first. */
export function fragment6(ip: Uint8Array, size: number, id: number): Uint8Array[] {
	const next = ip[6]!;
	const payload = ip.slice(40, 40 + ((ip[4]! << 8) | ip[5]!));
	const out: Uint8Array[] = [];
	for (let off = 0; off < payload.length; off += size) {
		const part = payload.slice(off, off + size);
		const header = ip.slice(0, 40);
		header.set(be16(8 + part.length), 4);
		header[6] = 44;
		const more = off + size < payload.length ? 1 : 0;
		const frag = [
			next,
			0,
			...be16(off | more),
			(id >>> 24) & 0xff,
			(id >> 16) & 0xff,
			(id >> 8) & 0xff,
			id & 0xff,
		];
		out.push(cat(header, frag, part));
	}
	return out.reverse();
}

/** An IPv4 TCP segment cut into segments of at most `size` octets of payload (sequence numbers moved). */
export function splitTcp4(ip: Uint8Array, size: number): Uint8Array[] {
	const ihl = (ip[0]! & 0x0f) * 4;
	const total = (ip[2]! << 8) | ip[3]!;
	const tcpLen = (ip[ihl + 12]! >> 4) * 4;
	const headers = ip.slice(0, ihl + tcpLen);
	const payload = ip.slice(ihl + tcpLen, total);
	if (payload.length <= size) return [ip];
	const seq = view(ip).getUint32(ihl + 4);
	const out: Uint8Array[] = [];
	for (let off = 0; off < payload.length; off += size) {
		const part = payload.slice(off, off + size);
		const h = headers.slice();
		h.set(be16(headers.length + part.length), 2);
		view(h).setUint32(ihl + 4, (seq + off) >>> 0);
		out.push(cat(h, part));
	}
	return out;
}

/** A classic pcap of raw IPv4 holding one UDP datagram from 127.0.0.1:15062 to 127.0.0.1:15061. */
export function udpCapture(payload: Uint8Array): Uint8Array {
	const ip = new Uint8Array(28 + payload.length);
	const v = view(ip);
	v.setUint8(0, 0x45);
	v.setUint16(2, 28 + payload.length);
	v.setUint8(8, 64);
	v.setUint8(9, 17);
	ip.set([127, 0, 0, 1], 12);
	ip.set([127, 0, 0, 1], 16);
	v.setUint16(20, 15062);
	v.setUint16(22, 15061);
	v.setUint16(24, 8 + payload.length);
	ip.set(payload, 28);
	return pcap([{ ns: 1_764_000_000_000_000_000n, linkType: 101, data: ip }], {
		little: true,
		nanos: false,
		linkType: 101,
	});
}
