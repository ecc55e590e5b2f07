import type { FramingResult } from '../model';
import { Builder } from './engine';
import { readLine, type Line } from './lines';
import {
	doubled,
	messageLines,
	OctetMessage,
	octetsOf,
	packetLayers,
	readingOf,
	skipLineEnds,
	startsMessage,
	type HexPacket,
	type PacketLayers,
} from './tcpdumpHex';

/*
 * Packets as bare hex dumps, without a capture tool's packet line: what Wireshark copies as a hex
 * dump and tshark -x prints (`0000  00 00 ... 08 00 45 00   ..............E.`, after each packet's
 * summary line with -P), `hexdump -C` (`00000000  53 55 ... 42  45 20 ...  |SUBSCRIBE sip:li|`),
 * `xxd` (`00000000: 5355 4253 ...  SUBSCRIBE sip:a@`), or tcpdump -X's lines pasted without the
 * packet line above them. Each line: an offset, up to 16 octets in hex (alone or in pairs), and
 * the same octets as characters (`.` for those not printable). The octets are read from the hex;
 * a line is one only when its characters agree with them, which no other text does by chance.
 * A packet is the lines from offset 0 on, each at the offset the octets before it reach.
 *
 * The octets are an IP packet (from its link-layer header on, or from the IP header), whose
 * addresses, ports and transport the message gets, or a message alone (the SIP layer's bytes).
 * Each message is read over the characters column, as tcpdump -X's are (see tcpdumpHex.ts): its
 * lines in pieces, one piece a dump line, the `.` of a space or tab put back in the text the
 * messages are read from. A message of a TCP segment is read from that segment alone.
 */

/** What a dump line holds: where it says its octets start, how many, and its characters. */
export interface DumpRow {
	offset: number;
	count: number;
	/** The text offset of the characters column; where the line's content ends. */
	chars: number;
	end: number;
	/**
	 * The characters column has a space after its eighth character, as the hex has a gap there
	 * (tshark's stream follower in hex: `SUBSCRIB E sip:li`).
	 */
	split: boolean;
}

/** The text offset of the character of octet `j` of a row. */
export function charAt(row: DumpRow, j: number): number {
	return Math.min(row.chars + j + (row.split && j >= 8 ? 1 : 0), row.end);
}

/** Up to 16 octets of a line, read from its hex into `octets`; false when it is no dump line. */
export function readRow(
	text: string,
	start: number,
	end: number,
	octets: Uint8Array,
	row: DumpRow,
): boolean {
	let i = start;
	while (i < end && i - start < 8 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	if (text.charCodeAt(i) === 48 && text.charCodeAt(i + 1) === 120) i += 2; // `0x`
	const digitsStart = i;
	let offset = 0;
	while (i < end && i - digitsStart < 8) {
		const d = hexDigit(text.charCodeAt(i));
		if (d < 0) break;
		offset = offset * 16 + d;
		i++;
	}
	if (i - digitsStart < 4) return false;
	if (text.charCodeAt(i) === 58) i++; // `:`
	const gap = spacesAt(text, i, end);
	if (gap < 1 || gap > 3) return false;
	i += gap;
	// The octets: groups of two hex digits (Wireshark, hexdump -C) or four (tcpdump, xxd), one
	// space apart; hexdump -C puts two after the eighth octet.
	const hexStart = i;
	let n = 0;
	let width = 0;
	while (n < 16) {
		let g = i;
		while (g < end && g - i < 5 && hexDigit(text.charCodeAt(g)) >= 0) g++;
		const digits = g - i;
		if (width === 0) width = digits;
		if ((width !== 2 && width !== 4) || (digits !== width && !(width === 4 && digits === 2))) break;
		if (g < end && text.charCodeAt(g) !== 32) break;
		for (let k = i; k < g; k += 2)
			octets[n++] = hexDigit(text.charCodeAt(k)) * 16 + hexDigit(text.charCodeAt(k + 1));
		const s = spacesAt(text, g, end);
		const midGap = s === 2 && width === 2 && n === 8;
		if (n >= 16 || digits < width || (s !== 1 && !midGap)) break;
		i = g + s;
	}
	if (n === 0) return false;
	// The characters stand where a full line's do (a packet's last line is padded to them): after
	// the hex and two or three spaces, between bars with -C. The first that agrees with the octets.
	const hexWidth = width === 2 ? 47 : 39;
	for (const at of [hexStart + hexWidth, hexStart + hexWidth + 1]) {
		for (const gap of [2, 3]) {
			const first = at + gap;
			if (spacesAt(text, at, first) !== gap) continue;
			// -C opens the column with a bar; a bar there may also be the first octet's own
			// character (0x7c, a TCP timestamp's), with no bar before it.
			for (const bar of text.charCodeAt(first) === 124 ? bars : noBar) {
				const chars = bar ? first + 1 : first;
				const e = charsEnd(text, chars, end, bar);
				// Read as one column first; as split only where it does not read so.
				let split = false;
				if (!agrees(text, chars, e, octets, n, false)) {
					split = !bar && n > 8 && text.charCodeAt(chars + 8) === 32;
					if (!split || !agrees(text, chars, e, octets, n, true)) continue;
				}
				// A space octet that ends the column is printed as one, though white space that ends
				// the line is left out above: it keeps its own character.
				let full = e;
				while (full < end && full < chars + (split ? n + 1 : n) && text.charCodeAt(full) === 32)
					full++;
				row.offset = offset;
				row.count = n;
				row.chars = chars;
				row.end = full;
				row.split = split;
				return true;
			}
		}
	}
	return false;
}

const bars = [true, false];
const noBar = [false];

/** Where a line's characters column ends: its trailing white space (and closing bar) left out. */
function charsEnd(text: string, chars: number, end: number, bar: boolean): number {
	let e = end;
	while (e > chars && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	if (bar && e > chars && text.charCodeAt(e - 1) === 124) e--;
	return e;
}

/**
 * Do the characters [chars, e) stand for the `n` octets: each printable one as itself, a space as
 * itself or `.` (tcpdump), any other as `.`? A copy may have dropped spaces that ended the line.
 * A `split` column has a space of its own after its eighth character.
 */
function agrees(
	text: string,
	chars: number,
	e: number,
	octets: Uint8Array,
	n: number,
	split: boolean,
): boolean {
	const width = split ? n + 1 : n;
	if (e - chars > width || e - chars < 1) return false;
	for (let j = 0; j < n; j++) {
		const b = octets[j]!;
		const at = chars + j + (split && j >= 8 ? 1 : 0);
		if (at >= e) {
			if (b !== 32) return false;
			continue;
		}
		const c = text.charCodeAt(at);
		if (b > 32 && b < 127 ? c !== b : b === 32 ? c !== 32 && c !== 46 : c !== 46) return false;
	}
	return true;
}

function spacesAt(text: string, at: number, end: number): number {
	let i = at;
	while (i < end && text.charCodeAt(i) === 32) i++;
	return i - at;
}

function hexDigit(c: number): number {
	if (c >= 48 && c <= 57) return c - 48;
	const l = c | 32;
	return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** Is there a packet's first dump line (offset 0, and a line after it) in `text`'s head? */
export function holdsHexDump(text: string, lines = 200): boolean {
	const line: Line = { start: 0, end: 0, next: 0 };
	const octets = new Uint8Array(16);
	const row: DumpRow = { offset: 0, count: 0, chars: 0, end: 0, split: false };
	let seen = 0;
	for (let p = 0; seen < lines && p < text.length && readLine(text, p, line); p = line.next) {
		seen++;
		if (!readRow(text, line.start, line.end, octets, row) || row.offset !== 0) continue;
		if (row.count < 16) continue;
		const next: DumpRow = { offset: -1, count: 0, chars: 0, end: 0, split: false };
		if (readLine(text, line.next, line) && readRow(text, line.start, line.end, octets, next))
			return next.offset === 16;
	}
	return false;
}

/** A packet's octets, from its dump's lines starting at `from` (a line at offset 0). */
function readPacket(
	text: string,
	from: number,
	line: Line,
): HexPacket & { layers: PacketLayers | null } {
	let bytes: Uint8Array = new Uint8Array(256);
	let pos: Int32Array = new Int32Array(256);
	let n = 0;
	const octets = new Uint8Array(16);
	const row: DumpRow = { offset: 0, count: 0, chars: 0, end: 0, split: false };
	let dumpEnd = from;
	for (let p = from; p < text.length && readLine(text, p, line); p = line.next) {
		if (!readRow(text, line.start, line.end, octets, row) || row.offset !== n) break;
		if (n > 0 && row.offset === 0) break;
		dumpEnd = line.next;
		if (n + row.count > bytes.length) [bytes, pos] = doubled(bytes, pos);
		for (let j = 0; j < row.count; j++) {
			bytes[n] = octets[j]!;
			// A space the copy dropped at the line's end stands where the line ends.
			pos[n] = charAt(row, j);
			n++;
		}
		if (row.count < 16) break;
	}
	bytes = bytes.subarray(0, n);
	pos = pos.subarray(0, n);
	const layers = packetLayers(bytes);
	// Not an IP packet: the octets of a message alone (Wireshark's bytes of the SIP layer).
	const [payloadStart, payloadEnd] = layers
		? [layers.payload, layers.end]
		: startsMessage(octetsOf({ bytes, pos, payloadStart: 0, payloadEnd: n, dumpEnd }, 0, n), 0, n)
			? [0, n]
			: [-1, -1];
	return { bytes, pos, payloadStart, payloadEnd, dumpEnd, layers };
}

/** The packet's ends as `ip:port` (`[v6]:port`), and its transport, from its headers. */
function endpoints(b: Uint8Array, l: PacketLayers | null) {
	if (!l || (l.protocol !== 17 && l.protocol !== 6))
		return { src: null, dst: null, transport: null };
	const port = (at: number): number => (b[at]! << 8) | b[at + 1]!;
	const address = (at: number): string => {
		if (l.version === 4) return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
		const groups: string[] = [];
		for (let k = 0; k < 16; k += 2) groups.push(port(at + k).toString(16));
		return `[${compressed(groups)}]`;
	};
	const [srcAt, dstAt] = l.version === 4 ? [l.ip + 12, l.ip + 16] : [l.ip + 8, l.ip + 24];
	return {
		src: `${address(srcAt)}:${port(l.transport)}`,
		dst: `${address(dstAt)}:${port(l.transport + 2)}`,
		transport: l.protocol === 17 ? 'UDP' : 'TCP',
	};
}

/** An IPv6 address's groups with its longest run of zero groups as `::` (RFC 5952). */
function compressed(groups: string[]): string {
	let best = -1;
	let bestLength = 1;
	for (let i = 0; i < groups.length;) {
		let j = i;
		while (j < groups.length && groups[j] === '0') j++;
		if (j - i > bestLength) {
			best = i;
			bestLength = j - i;
		}
		i = j > i ? j : i + 1;
	}
	if (best < 0) return groups.join(':');
	return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLength).join(':')}`;
}

/** Frames a trace of bare hex dumps (see above); what is not a packet's dump is noise. */
export function frameHexDumps(text: string): FramingResult {
	const out = new Builder();
	const packets: HexPacket[] = [];
	const line: Line = { start: 0, end: 0, next: 0 };
	const octets = new Uint8Array(16);
	const row: DumpRow = { offset: 0, count: 0, chars: 0, end: 0, split: false };
	for (let p = 0; p < text.length && readLine(text, p, line);) {
		if (!readRow(text, line.start, line.end, octets, row) || row.offset !== 0) {
			p = line.next;
			continue;
		}
		const start = line.start;
		const packet = readPacket(text, start, line);
		packets.push(packet);
		framePacket(packet, start, out);
		p = packet.dumpEnd > start ? packet.dumpEnd : line.next;
	}
	const result = out.finish(text.length, 'hexDump');
	const reading = readingOf(text, packets);
	return reading === undefined ? result : { ...result, reading };
}

/** The messages of one packet's payload: a datagram's one, or a TCP segment's in turn. */
function framePacket(
	packet: HexPacket & { layers: PacketLayers | null },
	start: number,
	out: Builder,
): void {
	const { payloadStart: from, payloadEnd: to, pos } = packet;
	if (from < 0) return;
	const own = octetsOf(packet, 0, to);
	const ends = endpoints(packet.bytes, packet.layers);
	let frameStart = start;
	for (let at = skipLineEnds(own, from, to); at < to && startsMessage(own, at, to);) {
		let end = ends.transport === 'TCP' ? new OctetMessage(at).read(own, to) : to;
		if (end < 0 || end > to) end = to;
		const following = skipLineEnds(own, end, to);
		const another = following < to && startsMessage(own, following, to);
		const frameEnd = another ? pos[following]! : packet.dumpEnd;
		const { lines, joins } = messageLines(own, at, end);
		out.addFrame({
			format: 'hexDump',
			span: { start: frameStart, end: frameEnd },
			meta: null,
			// An octet whose character the copy dropped at the dump's last line end stands at that
			// end: at the text's end, past it by one.
			sip: { start: pos[at]!, end: Math.min(pos[end - 1]! + 1, packet.dumpEnd) },
			lines,
			joins,
			time: null,
			epochMicros: null,
			src: ends.src,
			dst: ends.dst,
			transport: ends.transport,
			direction: null,
			declaredBytes: null,
		});
		if (!another) return;
		frameStart = frameEnd;
		at = following;
	}
}
