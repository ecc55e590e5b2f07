import { u16, u8, type Bytes } from './bytes';
import { ipOf } from './link';

/*
 * Tunnels that carry a copy of other traffic: a mirror port's or a cloud's traffic mirroring
 * (AWS and Azure send VXLAN, RFC 7348; Cisco's ERSPAN rides GRE, RFC 2784/2890), or an overlay
 * network (VXLAN, Geneve, RFC 8926; GRE). The SIP is in the inner packet, between the inner
 * addresses; the outer ones are the tunnel's.
 */

/** UDP ports the tunnels are sent to (IANA). */
const vxlanPort = 4789;
const genevePort = 6081;

/** What GRE's protocol type says follows its header. */
const transparentEthernet = 0x6558;
const erspanII = 0x88be;
const erspanIII = 0x22eb;

/** The inner IP packet of a UDP datagram sent to a tunnel's port, or null. */
export function innerOfUdp(dstPort: number, payload: Bytes): Bytes | null {
	if (dstPort === vxlanPort) {
		// Flags (the I bit says the VNI is valid), reserved, VNI, reserved: 8 octets, then Ethernet.
		if (payload.length < 8 || (u8(payload, 0) & 0x08) === 0) return null;
		return ipOf(1, payload.subarray(8));
	}
	if (dstPort === genevePort) {
		// Version 0; options length in 4-octet words; the protocol type of what follows.
		const first = u8(payload, 0);
		if (first < 0 || first >> 6 !== 0) return null;
		const at = 8 + (first & 0x3f) * 4;
		return afterType(payload, u16(payload, 2), at);
	}
	return null;
}

/** The inner IP packet of a GRE packet (IP protocol 47), or null. */
export function innerOfGre(gre: Bytes): Bytes | null {
	const flags = u16(gre, 0);
	if (flags < 0 || (flags & 0x7) !== 0) return null;
	// Checksum (and reserved), key, sequence number: four octets each when their bit is set.
	let at = 4;
	if (flags & 0x8000) at += 4;
	if (flags & 0x2000) at += 4;
	if (flags & 0x1000) at += 4;
	const type = u16(gre, 2);
	// ERSPAN type II: 8 octets of its own (when GRE numbers its packets; type I has none).
	if (type === erspanII) return ipOf(1, gre.subarray(at + (flags & 0x1000 ? 8 : 0)));
	// ERSPAN type III: 12 octets, 8 more when its optional subheader is there (the O bit).
	if (type === erspanIII) {
		const optional = (u8(gre, at + 11) & 0x01) !== 0;
		return ipOf(1, gre.subarray(at + 12 + (optional ? 8 : 0)));
	}
	return afterType(gre, type, at);
}

/** The IP packet after a header whose protocol type is `type` (an EtherType), at `at`. */
function afterType(b: Bytes, type: number, at: number): Bytes | null {
	if (at > b.length) return null;
	if (type === 0x0800 || type === 0x86dd) return b.subarray(at);
	if (type === transparentEthernet) return ipOf(1, b.subarray(at));
	return null;
}
