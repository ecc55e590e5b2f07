import { u16, u32, type Bytes } from './bytes';

/*
 * Link layers: from a captured frame to the IP packet it carries (LINKTYPE_ values of
 * tcpdump.org's link-layer header types list).
 */

export const supportedLinkTypes: ReadonlyMap<number, string> = new Map([
	[0, 'BSD loopback'],
	[1, 'Ethernet'],
	[101, 'raw IP'],
	[108, 'OpenBSD loopback'],
	[113, 'Linux cooked (SLL)'],
	[228, 'raw IPv4'],
	[229, 'raw IPv6'],
	[239, 'Linux netfilter log (NFLOG)'],
	[276, 'Linux cooked v2 (SLL2)'],
]);

const ipv4Type = 0x0800;
const ipv6Type = 0x86dd;
/** 802.1Q, 802.1ad and the older QinQ tag: 4 octets (tag type, tag) before the real type. */
const vlanTypes = new Set([0x8100, 0x88a8, 0x9100]);
/** Address families of IPv6 on the BSDs (NetBSD/OpenBSD 24, FreeBSD 28, Darwin 30). */
const inet6Families = new Set([24, 28, 30]);

/** The IP packet in `data`, or null when the frame carries something else (ARP, LLC...). */
export function ipOf(linkType: number, data: Bytes): Bytes | null {
	switch (linkType) {
		case 1:
			return byEtherType(data, 12);
		case 113:
			return byEtherType(data, 14);
		case 276:
			// SLL2: protocol type first, then reserved, interface index, ARPHRD type, packet type, address.
			return withType(data, u16(data, 0), 20);
		case 101:
		case 228:
		case 229:
			return data;
		case 239:
			return nflogPacket(data);
		case 0:
		case 108: {
			// The address family, in the capturing host's byte order (0) or in network order (108).
			const be = u32(data, 0);
			const le = u32(data, 0, true);
			const family = linkType === 108 ? be : be === 2 || inet6Families.has(be) ? be : le;
			return family === 2 || inet6Families.has(family) ? data.subarray(4) : null;
		}
		default:
			return null;
	}
}

/**
 * NFLOG (`tcpdump -i nflog`, `tshark -i nflog`: packets a netfilter rule logged, as a host
 * received them after its firewall): the address family, a version, a resource id, then
 * type-length-value records, the packet in the one of type 9 (NFULA_PAYLOAD). Length and type
 * are in the capturing host's byte order: little-endian tried first, the other where it does not
 * hold together.
 */
function nflogPacket(data: Bytes): Bytes | null {
	if (data.length < 4 || (data[0] !== 2 && data[0] !== 10)) return null;
	for (const little of [true, false]) {
		for (let at = 4; at + 4 <= data.length;) {
			const length = u16(data, at, little);
			if (length < 4 || at + length > data.length) break;
			if (u16(data, at + 2, little) === 9) return data.subarray(at + 4, at + length);
			// Each record is padded to four octets.
			at += (length + 3) & ~3;
		}
	}
	return null;
}

/** MPLS unicast and multicast: a stack of labels, four octets each, before the packet. */
const mplsTypes = new Set([0x8847, 0x8848]);
/** PPPoE's session stage: its 6 octets, then PPP's protocol (IPv4 0x0021, IPv6 0x0057). */
const pppoeSession = 0x8864;

/** Ethernet II (and SLL): the type at `at`, past any VLAN tags. */
function byEtherType(data: Bytes, at: number): Bytes | null {
	let type = u16(data, at);
	// Tags stacked (QinQ) are bounded by the frame; eight is more than any network nests.
	for (let tags = 0; vlanTypes.has(type) && tags < 8; tags++) {
		at += 4;
		type = u16(data, at);
	}
	if (mplsTypes.has(type)) return afterLabels(data, at + 2);
	if (type === pppoeSession) {
		const protocol = u16(data, at + 8);
		return protocol === 0x0021 || protocol === 0x0057 ? data.subarray(at + 10) : null;
	}
	return withType(data, type, at + 2);
}

/**
 * The IP packet after an MPLS label stack starting at `at` (a carrier's core link): the label
 * with the bottom-of-stack bit ends it; what follows is IP when its version says so.
 */
function afterLabels(data: Bytes, at: number): Bytes | null {
	for (let labels = 0; labels < 16 && at + 4 <= data.length; labels++) {
		const bottom = (data[at + 2]! & 0x01) !== 0;
		at += 4;
		if (!bottom) continue;
		const version = (data[at] ?? 0) >> 4;
		return version === 4 || version === 6 ? data.subarray(at) : null;
	}
	return null;
}

function withType(data: Bytes, type: number, at: number): Bytes | null {
	return (type === ipv4Type || type === ipv6Type) && at <= data.length ? data.subarray(at) : null;
}
