import type { Bytes } from './bytes';

/** Something wrong with the capture file itself: said, and the rest read on where it can be. */
export interface CaptureProblem {
	/** Stable code, e.g. `capture.truncated`. */
	readonly code: string;
	readonly message: string;
	/** The packet (1-based, in file order) it concerns, when it concerns one. */
	readonly packet: number | null;
}

/** One packet record of the file, its link-layer frame as captured. */
export interface Packet {
	/** 1-based, in file order (Wireshark's frame number). */
	readonly number: number;
	/** LINKTYPE_ value of its interface. */
	readonly linkType: number;
	readonly data: Bytes;
	/** Microseconds since the Unix epoch (UTC), or null when the record has no time. */
	readonly epochMicros: number | null;
}

/** How a message travelled: WS is SIP over WebSocket (RFC 7118); null when a HEP packet names no transport known. */
export type Transport = 'UDP' | 'TCP' | 'SCTP' | 'WS';

/** One SIP message read from the capture. */
export interface CapturedMessage {
	/** The packet that carries its first octet (the last fragment of a fragmented datagram). */
	readonly packet: number;
	/** Its packet's time; for a message inside HEP, the time the HEP packet says. */
	readonly epochMicros: number | null;
	/** `ip:port`, IPv6 as `[addr]:port`; for a message inside HEP, the addresses it had where it was captured. */
	readonly src: string;
	readonly dst: string;
	readonly transport: Transport | null;
	/** The message as on the wire, decoded as UTF-8 (Latin-1 when it is not valid UTF-8). */
	readonly text: string;
	/**
	 * The message's octets on the wire, where the capture kept fewer (its snapshot length cut the
	 * datagram): `text` is their first part.
	 */
	readonly wireOctets?: number;
}

export interface CaptureResult {
	/** `pcap` or `pcapng`; null when the bytes are neither. */
	readonly container: 'pcap' | 'pcapng' | null;
	readonly packets: number;
	/** In capture order (of their first octet's packet). */
	readonly messages: readonly CapturedMessage[];
	readonly problems: readonly CaptureProblem[];
}

export const problem = (
	code: string,
	message: string,
	packet: number | null = null,
): CaptureProblem => ({
	code,
	message,
	packet,
});
