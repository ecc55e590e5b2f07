import { isStartLine, readLine, type Line } from './lines';

/*
 * tcpdump `-X` / `-XX`: after the packet line, the packet as a hex dump, 16 octets a line:
 *
 *   22:42:05.356310 IP 127.0.0.1.15061 > 127.0.0.1.15060: UDP, length 393
 *   	0x0000:  4500 01a5 bca2 4000 4011 7ea3 7f00 0001  E.....@.@.~.....
 *   	0x0010:  7f00 0001 3ad5 3ad4 0191 ffa4 5355 4253  ....:.:.....SUBS
 *   	0x0020:  4352 4942 4520 7369 703a 6c69 6e64 6140  CRIBE.sip:linda@
 *
 * A tab, the offset, eight groups of two octets in hex (padded to their width on the last line),
 * two spaces, then each octet as one character: itself when it is printable and not a space, else
 * `.` (space, tab, CR and LF too). The message is read from that column, so that every offset is
 * the trace's; the hex says which `.` stands for which octet, so line ends are found exactly, and
 * the spaces and tabs are put back in the text the messages are read from (see
 * `FramingResult.reading`). -X dumps from the IP header on, -XX from the link-layer header on; the
 * IP header is found in the octets, and the UDP or TCP header after it.
 */

/** A packet as a hex dump prints it: its octets, and where each one's character stands. */
export interface HexPacket {
	/** The octets (`.` read through the hex; a character typed over the dump is taken as it is). */
	readonly bytes: Uint8Array;
	/** The text offset of each octet's character in the ASCII column. */
	readonly pos: Int32Array;
	/** The transport's payload, [payloadStart, payloadEnd) of the octets; -1 when not found. */
	readonly payloadStart: number;
	readonly payloadEnd: number;
	/** Where the dump's lines end: the start of the line after its last one. */
	readonly dumpEnd: number;
}

/** A line of a hex dump, as {@link dumpLine} reads it. */
interface DumpLine {
	/** The offset the line gives (`0x0010`: 16). */
	offset: number;
	/** Where its ASCII column starts and ends (trailing white space left out). */
	ascii: number;
	end: number;
}

/**
 * The line [start, end) as a line of a hex dump (`\t0x0010:  hhhh ... hhhh  ASCII`), or null. The
 * tab may have become spaces in a copy, and trailing white space may have been added.
 */
function dumpLine(text: string, start: number, end: number, out: DumpLine): DumpLine | null {
	let at = start;
	while (at < start + 8 && (text.charCodeAt(at) === 9 || text.charCodeAt(at) === 32)) at++;
	if (at === start || text.charCodeAt(at) !== 48 || text.charCodeAt(at + 1) !== 120) return null;
	let colon = at + 2;
	let offset = 0;
	while (colon < at + 10) {
		const d = hexDigit(text.charCodeAt(colon));
		if (d < 0) break;
		offset = offset * 16 + d;
		colon++;
	}
	if (colon === at + 2 || text.charCodeAt(colon) !== 58) return null;
	// `: `, the hex groups (each ` hhhh`) padded to 40 characters, then two spaces.
	const ascii = colon + 44;
	let e = end;
	while (e > ascii && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	if (
		e <= ascii ||
		e - ascii > 16 ||
		text.charCodeAt(colon + 1) !== 32 ||
		text.charCodeAt(colon + 2) !== 32 ||
		text.charCodeAt(ascii - 2) !== 32 ||
		text.charCodeAt(ascii - 1) !== 32
	)
		return null;
	out.offset = offset;
	out.ascii = ascii;
	out.end = e;
	return out;
}

function hexDigit(c: number): number {
	if (c >= 48 && c <= 57) return c - 48;
	const l = c | 32;
	return l >= 97 && l <= 102 ? l - 87 : -1;
}

/**
 * The line that opens a packet's hex dump (offset 0) between `from` and `end`, or -1. Indented
 * lines before it (tcpdump's own reading of the packet with -v) belong to the packet line.
 */
export function hexDumpStart(text: string, from: number, end: number): number {
	const line: Line = { start: 0, end: 0, next: 0 };
	const dump: DumpLine = { offset: 0, ascii: 0, end: 0 };
	for (let p = from; p < end && readLine(text, p, line); p = line.next) {
		// Only indented lines come before the dump (-A's packet text does not start with one).
		const c = text.charCodeAt(line.start);
		if (c !== 9 && c !== 32) return -1;
		if (dumpLine(text, line.start, Math.min(line.end, end), dump)?.offset === 0) return line.start;
	}
	return -1;
}

/**
 * The octets of the hex dump that starts at `from` (see {@link hexDumpStart}), up to `end`, its
 * payload found from its headers; `payloadLength` (the packet line's `length N`, or -1) is the
 * fallback when they cannot be read.
 */
export function readHexPacket(
	text: string,
	from: number,
	end: number,
	payloadLength: number,
): HexPacket {
	let bytes: Uint8Array = new Uint8Array(256);
	let pos: Int32Array = new Int32Array(256);
	let n = 0;
	const line: Line = { start: 0, end: 0, next: 0 };
	const dump: DumpLine = { offset: 0, ascii: 0, end: 0 };
	let dumpEnd = from;
	for (let p = from; p < end && readLine(text, p, line); p = line.next) {
		if (dumpLine(text, line.start, Math.min(line.end, end), dump)?.offset !== n) break;
		dumpEnd = line.next;
		const { ascii } = dump;
		const count = dump.end - ascii;
		if (n + count > bytes.length) [bytes, pos] = doubled(bytes, pos);
		const hex = ascii - 41; // the first group's first digit
		for (let j = 0; j < count; j++) {
			const at = ascii + j;
			const c = text.charCodeAt(at);
			let octet = c;
			if (c === 46) {
				const h = hex + 5 * (j >> 1) + 2 * (j & 1);
				const hi = hexDigit(text.charCodeAt(h));
				const lo = hexDigit(text.charCodeAt(h + 1));
				octet = hi < 0 || lo < 0 ? 46 : hi * 16 + lo;
			} else if (c > 0x7e) octet = 0x80;
			bytes[n] = octet;
			pos[n] = at;
			n++;
		}
		if (count < 16) break;
	}
	bytes = bytes.subarray(0, n);
	pos = pos.subarray(0, n);
	let payload = transportPayload(bytes);
	if (!payload && payloadLength >= 0 && payloadLength <= n) payload = [n - payloadLength, n];
	return {
		bytes,
		pos,
		payloadStart: payload ? payload[0] : -1,
		payloadEnd: payload ? payload[1] : -1,
		dumpEnd: Math.min(dumpEnd, end),
	};
}

/** A packet's octets and their places, with twice the room, what they hold kept. */
export function doubled(bytes: Uint8Array, pos: Int32Array): [Uint8Array, Int32Array] {
	const b = new Uint8Array(bytes.length * 2);
	b.set(bytes);
	const q = new Int32Array(pos.length * 2);
	q.set(pos);
	return [b, q];
}

/**
 * Where an IP packet's UDP or TCP payload lies in `b`: the IP header found at the start (-X) or
 * after a link-layer header (-XX: Ethernet, 802.1Q, Linux cooked v1/v2, BSD loopback), where the
 * length it gives fits the octets dumped.
 */
function transportPayload(b: Uint8Array): [number, number] | null {
	const found = packetLayers(b);
	return found && [found.payload, found.end];
}

/** Where a packet's IP header, transport header and payload lie in its octets. */
export interface PacketLayers {
	/** The IP header's first octet, its version (4 or 6), the transport's protocol number. */
	readonly ip: number;
	readonly version: number;
	readonly protocol: number;
	/** The UDP or TCP header's first octet; its payload, [payload, end). */
	readonly transport: number;
	readonly payload: number;
	readonly end: number;
}

/** The layers of an IP packet in `b` (see {@link transportPayload}); null when none is found. */
export function packetLayers(b: Uint8Array): PacketLayers | null {
	for (const exact of [true, false]) {
		for (const link of [0, 14, 16, 20, 18, 4]) {
			const found = ipPayload(b, link, exact);
			if (found) return found;
		}
	}
	return null;
}

function ipPayload(b: Uint8Array, at: number, exact: boolean): PacketLayers | null {
	const n = b.length;
	if (n - at < 40) return null;
	const version = b[at]! >> 4;
	let total: number;
	let header: number;
	let protocol: number;
	if (version === 4) {
		header = (b[at]! & 15) * 4;
		total = (b[at + 2]! << 8) | b[at + 3]!;
		protocol = b[at + 9]!;
		// A later fragment carries no transport header.
		if (header < 20 || total < header || ((b[at + 6]! & 0x1f) | b[at + 7]!) !== 0) return null;
	} else if (version === 6) {
		total = 40 + ((b[at + 4]! << 8) | b[at + 5]!);
		protocol = b[at + 6]!;
		header = 40;
		// Hop-by-hop, routing and destination options before the transport header.
		for (let k = 0; k < 4 && (protocol === 0 || protocol === 43 || protocol === 60); k++) {
			if (at + header + 2 > n) return null;
			protocol = b[at + header]!;
			header += (b[at + header + 1]! + 1) * 8;
		}
	} else return null;
	// Exactly the octets dumped; else (second pass) Ethernet padding after it, or a capture
	// that kept only the start of the packet.
	if (exact ? total !== n - at : protocol !== 6 && protocol !== 17) return null;
	const end = Math.min(n, at + total);
	const transport = at + header;
	let length: number;
	if (protocol === 17) length = 8;
	else if (protocol === 6) length = transport + 13 <= n ? (b[transport + 12]! >> 4) * 4 : -1;
	else return null;
	if (length < 8 || transport + length > end) return null;
	return { ip: at, version, protocol, transport, payload: transport + length, end };
}

/** The octets of a message's stream: one packet's payload, or several TCP segments' in turn. */
export interface Octets {
	readonly bytes: Uint8Array;
	readonly pos: Int32Array;
	readonly length: number;
}

/** [from, to) of a packet's octets, as a stream of its own (no copy). */
export function octetsOf(packet: HexPacket, from: number, to: number): Octets {
	return {
		bytes: packet.bytes.subarray(from, to),
		pos: packet.pos.subarray(from, to),
		length: to - from,
	};
}

/** `a` followed by [from, to) of `packet`'s octets. */
export function appendOctets(a: Octets, packet: HexPacket, from: number, to: number): Octets {
	const length = a.length + to - from;
	const bytes = new Uint8Array(length);
	bytes.set(a.bytes.subarray(0, a.length));
	bytes.set(packet.bytes.subarray(from, to), a.length);
	const pos = new Int32Array(length);
	pos.set(a.pos.subarray(0, a.length));
	pos.set(packet.pos.subarray(from, to), a.length);
	return { bytes, pos, length };
}

/** The octets [from, to) as a string (one character each, as Latin-1). */
function decode(o: Octets, from: number, to: number): string {
	let s = '';
	for (let i = from; i < to; i++) s += String.fromCharCode(o.bytes[i]!);
	return s;
}

/** The octet line [at, LF) without its CR: its end, or -1 when no LF comes before `to`. */
function lineEndAt(o: Octets, at: number, to: number): { end: number; next: number } | null {
	for (let i = at; i < to; i++) {
		if (o.bytes[i] === 10) return { end: i > at && o.bytes[i - 1] === 13 ? i - 1 : i, next: i + 1 };
	}
	return null;
}

/** A SIP start line at octet `at`, whole before `to`. */
export function startsMessage(o: Octets, at: number, to: number): boolean {
	const c = o.bytes[at];
	// A method or `SIP/2.0`: a capital, or a lower-case letter from a lax stack.
	if (c === undefined || !((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
	const line = lineEndAt(o, at, Math.min(to, at + 4096));
	return line !== null && isStartLine(decode(o, at, line.end), 0, line.end - at);
}

/** After `at`, past the CR and LF octets (keep-alives, a line end the length left out). */
export function skipLineEnds(o: Octets, at: number, to: number): number {
	let i = at;
	while (i < to && (o.bytes[i] === 13 || o.bytes[i] === 10)) i++;
	return i;
}

/**
 * Reads a message over the octets of a stream that may grow (TCP segments appended): the start
 * line and headers up to the empty line, then Content-Length octets of body.
 */
export class OctetMessage {
	/** Where the message ends, once known (the octets may not reach it yet). */
	end = -1;
	#at: number;
	#contentLength = -1;

	constructor(readonly start: number) {
		this.#at = start;
	}

	/** Reads on over the first `to` octets: the end when it is known, or -1. */
	read(o: Octets, to: number): number {
		while (this.end < 0) {
			const line = lineEndAt(o, this.#at, to);
			if (!line) return -1;
			if (this.#at > this.start) {
				if (line.end === this.#at) {
					// The empty line: over TCP a message without Content-Length has no body.
					this.end = line.next + Math.max(0, this.#contentLength);
					break;
				}
				if (this.#contentLength < 0) this.#contentLength = contentLengthOf(o, this.#at, line.end);
			}
			this.#at = line.next;
		}
		return this.end;
	}
}

function contentLengthOf(o: Octets, start: number, end: number): number {
	const c = o.bytes[start]! | 32;
	if (c !== 99 && c !== 108) return -1;
	const m = /^(?:content-length|l)[ \t]{0,40}:[ \t]{0,40}(\d{1,9})[ \t]{0,40}$/i.exec(
		decode(o, start, Math.min(end, start + 60)),
	);
	return m ? Number(m[1]) : -1;
}

/**
 * The lines of the message [start, end) of the stream as `Frame.lines` and `Frame.joins`: each
 * line's octets without its CRLF (or LF), in pieces where the dump's lines (or a segment
 * boundary) break it; an empty line is an empty pair at its CR.
 */
export function messageLines(
	o: Octets,
	start: number,
	end: number,
): { lines: Int32Array; joins: Int32Array | null } {
	const pairs: number[] = [];
	const joins: number[] = [];
	const { bytes, pos } = o;
	const piece = (a: number, b: number): void => {
		if (a === b) {
			const at = a < o.length ? pos[a]! : pos[a - 1]! + 1;
			pairs.push(at, at);
			return;
		}
		let from = a;
		for (let i = a + 1; i <= b; i++) {
			if (i < b && pos[i] === pos[i - 1]! + 1) continue;
			if (from > a) joins.push((pairs.length >> 1) - 1);
			pairs.push(pos[from]!, pos[i - 1]! + 1);
			from = i;
		}
	};
	let ls = start;
	for (let i = start; i < end; i++) {
		if (bytes[i] !== 10) continue;
		piece(ls, i > ls && bytes[i - 1] === 13 ? i - 1 : i);
		ls = i + 1;
	}
	if (ls < end) piece(ls, end);
	return { lines: Int32Array.from(pairs), joins: joins.length ? Int32Array.from(joins) : null };
}

/**
 * The text the messages are read from (see `FramingResult.reading`): `text` with each `.` that
 * stands for a space or a tab in the packets' dumps put back as that octet; undefined when
 * there is none.
 */
export function readingOf(
	text: string,
	packets: readonly (HexPacket | null | undefined)[],
): string | undefined {
	const parts: string[] = [];
	let from = 0;
	for (const packet of packets) {
		if (!packet) continue;
		const { bytes, pos } = packet;
		for (let i = 0; i < bytes.length; i++) {
			const b = bytes[i]!;
			if ((b !== 32 && b !== 9) || text.charCodeAt(pos[i]!) !== 46) continue;
			parts.push(text.slice(from, pos[i]), b === 32 ? ' ' : '\t');
			from = pos[i]! + 1;
		}
	}
	if (from === 0) return undefined;
	parts.push(text.slice(from));
	return parts.join('');
}
