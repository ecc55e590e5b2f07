import { u16, u32, u8, type Bytes } from './bytes';

/*
 * SIP over SCTP (RFC 4168): each SIP message is one SCTP user message, sent in DATA chunks
 * (RFC 9260 §3.3.1). A message that fits a packet is one chunk with both its beginning (B) and
 * end (E) flags; a larger one is fragments, in TSN order on its stream, from the B chunk to the
 * E chunk. Chunks are read in capture order: a fragment missing or out of order leaves its
 * message out; a chunk sent again (its TSN seen before on the association) is read once.
 */

/** A user message put back together: its octets and the packet of its first chunk. */
export interface SctpMessage {
	readonly data: Bytes;
	readonly packet: number;
	readonly epochMicros: number | null;
}

const dataChunk = 0;
/** A fragmented message kept at most, and the fragments of one: bounds the work on junk. */
const maxMessage = 1 << 20;

interface Partial {
	parts: Bytes[];
	length: number;
	nextTsn: number;
	readonly packet: number;
	readonly epochMicros: number | null;
}

export class SctpMessages {
	readonly #partial = new Map<string, Partial>();
	/** The TSNs seen on each association: a chunk sent again (SCTP's retransmission) is one. */
	readonly #seen = new Map<string, Set<number>>();

	/**
	 * The user messages the SCTP packet `sctp` completes, on `association` (its sender's and
	 * receiver's addresses and ports).
	 */
	read(
		sctp: Bytes,
		association: string,
		packet: number,
		epochMicros: number | null,
	): SctpMessage[] {
		const out: SctpMessage[] = [];
		// The common header: ports, verification tag, checksum; then chunks, each padded to 4.
		for (let at = 12; at + 4 <= sctp.length;) {
			const type = u8(sctp, at);
			const flags = u8(sctp, at + 1);
			const length = u16(sctp, at + 2);
			if (length < 4 || at + length > sctp.length) break;
			if (type === dataChunk && length > 16) {
				const tsn = u32(sctp, at + 4);
				let seen = this.#seen.get(association);
				if (!seen) this.#seen.set(association, (seen = new Set()));
				if (seen.has(tsn)) {
					at += (length + 3) & ~3;
					continue;
				}
				seen.add(tsn);
				const stream = u16(sctp, at + 8);
				const data = sctp.subarray(at + 16, at + length);
				const done = this.#chunk(`${association} ${stream}`, flags, tsn, data, packet, epochMicros);
				if (done) out.push(done);
			}
			at += (length + 3) & ~3;
		}
		return out;
	}

	#chunk(
		key: string,
		flags: number,
		tsn: number,
		data: Bytes,
		packet: number,
		epochMicros: number | null,
	): SctpMessage | null {
		const begins = (flags & 0x02) !== 0;
		const ends = (flags & 0x01) !== 0;
		if (begins && ends) return { data, packet, epochMicros };
		if (begins) {
			this.#partial.set(key, {
				parts: [data],
				length: data.length,
				nextTsn: (tsn + 1) >>> 0,
				packet,
				epochMicros,
			});
			return null;
		}
		const partial = this.#partial.get(key);
		// A fragment whose beginning was not seen, or not the next one: its message is lost.
		if (!partial || partial.nextTsn !== tsn || partial.length + data.length > maxMessage) {
			this.#partial.delete(key);
			return null;
		}
		partial.parts.push(data);
		partial.length += data.length;
		partial.nextTsn = (tsn + 1) >>> 0;
		if (!ends) return null;
		this.#partial.delete(key);
		const whole = new Uint8Array(partial.length);
		let o = 0;
		for (const part of partial.parts) {
			whole.set(part, o);
			o += part.length;
		}
		return { data: whole, packet: partial.packet, epochMicros: partial.epochMicros };
	}
}
