import type { Steps } from '../steps';
import { u16, u32, type Bytes } from './bytes';
import { problem, type CaptureProblem, type Packet } from './types';

/*
 * The two capture file containers: classic pcap (libpcap's format, either byte order, micro- or
 * nanosecond timestamps) and pcapng (the IETF draft "PCAP Next Generation Dump File Format":
 * sections, interfaces with their link type and time resolution, packet blocks). Each record is
 * handed on as it is read; a record that lies about its length ends the reading, with a problem.
 */

export type Container = 'pcap' | 'pcapng';

const pcapMicros = 0xa1b2c3d4;
const pcapNanos = 0xa1b23c4d;
const shbType = 0x0a0d0d0a;
const byteOrderMagic = 0x1a2b3c4d;

/** Which container the file's first octets announce, or null. */
export function containerOf(b: Bytes): Container | null {
	const be = u32(b, 0);
	const le = u32(b, 0, true);
	if (be === pcapMicros || le === pcapMicros || be === pcapNanos || le === pcapNanos) return 'pcap';
	if (be === shbType && (u32(b, 8) === byteOrderMagic || u32(b, 8, true) === byteOrderMagic))
		return 'pcapng';
	return null;
}

/** Packet records between two steps: a few milliseconds of work. */
const stepRecords = 4096;

/**
 * Reads every packet record; `each` gets them in file order. Steps: the fraction of the file's
 * octets read.
 */
export function* readContainer(
	b: Bytes,
	each: (p: Packet) => void,
	problems: CaptureProblem[],
): Steps<{ container: Container | null; packets: number }> {
	const container = containerOf(b);
	if (container === 'pcap') return { container, packets: yield* readPcap(b, each, problems) };
	if (container === 'pcapng') return { container, packets: yield* readPcapng(b, each, problems) };
	problems.push(
		problem(
			'capture.not-a-capture',
			'Not a pcap or pcapng file (its first octets are no capture magic).',
		),
	);
	return { container, packets: 0 };
}

function* readPcap(b: Bytes, each: (p: Packet) => void, problems: CaptureProblem[]): Steps<number> {
	const little = u32(b, 0, true) === pcapMicros || u32(b, 0, true) === pcapNanos;
	const nanos = u32(b, 0, little) === pcapNanos;
	if (b.length < 24) {
		problems.push(
			problem('capture.truncated', 'The pcap file header is cut short (24 octets needed).'),
		);
		return 0;
	}
	// The link type is in the low 16 bits; the high ones may say how many FCS octets follow.
	const linkType = u32(b, 20, little) & 0xffff;
	let at = 24;
	let n = 0;
	while (at < b.length) {
		if (at + 16 > b.length) {
			problems.push(
				problem(
					'capture.truncated',
					`Packet record ${n + 1} is cut short: the file ends inside its header.`,
					n + 1,
				),
			);
			break;
		}
		const seconds = u32(b, at, little);
		const fraction = u32(b, at + 4, little);
		const length = u32(b, at + 8, little);
		if (at + 16 + length > b.length) {
			problems.push(
				problem(
					'capture.truncated',
					`Packet record ${n + 1} says ${length} octets, the file has ${b.length - at - 16} left: the capture is cut short.`,
					n + 1,
				),
			);
			break;
		}
		n++;
		const micros = seconds * 1e6 + (nanos ? Math.floor(fraction / 1000) : fraction);
		each({ number: n, linkType, data: b.subarray(at + 16, at + 16 + length), epochMicros: micros });
		at += 16 + length;
		if (n % stepRecords === 0) yield at / b.length;
	}
	return n;
}

interface Interface {
	readonly linkType: number;
	/** Timestamp units per second as a power: 10^-k (`decimal`) or 2^-k. */
	readonly resolution: { readonly decimal: boolean; readonly exponent: number };
	/** if_tsoffset: seconds to add to every timestamp. */
	readonly offsetSeconds: number;
}

function* readPcapng(
	b: Bytes,
	each: (p: Packet) => void,
	problems: CaptureProblem[],
): Steps<number> {
	let little = false;
	let interfaces: Interface[] = [];
	let at = 0;
	let n = 0;
	let lastMicros: number | null = null;
	let blocks = 0;
	while (at < b.length) {
		if (at + 12 > b.length) {
			problems.push(
				problem('capture.truncated', `The file ends inside a block header (octet ${at}).`),
			);
			break;
		}
		const type = u32(b, at, little);
		if (u32(b, at) === shbType) {
			// A Section Header Block sets the byte order of its section; its interfaces start afresh.
			const magic = u32(b, at + 8);
			if (magic !== byteOrderMagic && u32(b, at + 8, true) !== byteOrderMagic) {
				problems.push(
					problem(
						'capture.bad-block',
						`The section header at octet ${at} has no byte-order magic.`,
					),
				);
				break;
			}
			little = magic !== byteOrderMagic;
			interfaces = [];
		}
		const length = u32(b, at + 4, little);
		const impossible = length < 12 || length % 4 !== 0;
		const beyond = !impossible && at + length > b.length;
		if (impossible || beyond || u32(b, at + length - 4, little) !== length) {
			problems.push(
				problem(
					beyond ? 'capture.truncated' : 'capture.bad-block',
					`The block at octet ${at} says it is ${length} octets long${
						beyond
							? `, the file has ${b.length - at} left`
							: impossible
								? ', which no block can be'
								: ', its trailing length says otherwise'
					}: the rest of the file is not read.`,
				),
			);
			break;
		}
		const body = b.subarray(at + 8, at + length - 4);
		if (type === 1) interfaces.push(readInterface(body, little));
		else if (type === 6 || type === 2 || type === 3) {
			n++;
			const p = readPacketBlock(type, body, little, interfaces, n, problems);
			if (p) {
				// A Simple Packet Block has no time: it takes the time of the packet before it.
				const packet: Packet = p.epochMicros === null ? { ...p, epochMicros: lastMicros } : p;
				lastMicros = packet.epochMicros;
				each(packet);
			}
		}
		// Any other block (name resolution, statistics, custom...) carries no packet: skipped.
		at += length;
		if (++blocks % stepRecords === 0) yield at / b.length;
	}
	return n;
}

function readInterface(body: Bytes, little: boolean): Interface {
	let resolution = { decimal: true, exponent: 6 };
	let offsetSeconds = 0;
	// Options: code (2), length (2), value padded to 4; code 0 ends them.
	for (let at = 8; at + 4 <= body.length;) {
		const code = u16(body, at, little);
		const len = u16(body, at + 2, little);
		if (code === 0 || at + 4 + len > body.length) break;
		if (code === 9 && len >= 1) {
			const v = body[at + 4]!;
			resolution = { decimal: (v & 0x80) === 0, exponent: v & 0x7f };
		} else if (code === 14 && len >= 8) {
			// A 64-bit integer in the section's byte order: its low half first when little-endian.
			const first = u32(body, at + 4, little);
			const second = u32(body, at + 8, little);
			offsetSeconds = little ? second * 2 ** 32 + first : first * 2 ** 32 + second;
		}
		at += 4 + Math.ceil(len / 4) * 4;
	}
	return { linkType: Math.max(0, u16(body, 0, little)), resolution, offsetSeconds };
}

function readPacketBlock(
	type: number,
	body: Bytes,
	little: boolean,
	interfaces: readonly Interface[],
	number: number,
	problems: CaptureProblem[],
): Packet | null {
	if (type === 3) {
		// Simple Packet Block: original length, then the data, on interface 0.
		const iface = interfaces[0];
		const original = u32(body, 0, little);
		if (!iface || original < 0) {
			problems.push(
				problem(
					'capture.bad-block',
					`Packet ${number} names no interface described before it.`,
					number,
				),
			);
			return null;
		}
		const data = body.subarray(4, 4 + Math.min(original, body.length - 4));
		return { number, linkType: iface.linkType, data, epochMicros: null };
	}
	// Enhanced (6): interface (4), time (8), captured and original lengths; Obsolete (2): interface (2), drops (2), the rest alike.
	const id = type === 6 ? u32(body, 0, little) : u16(body, 0, little);
	const iface = interfaces[id];
	const captured = u32(body, 12, little);
	if (!iface || captured < 0 || 20 + captured > body.length) {
		problems.push(
			problem(
				'capture.bad-block',
				iface
					? `Packet ${number} says ${captured} octets captured, its block holds ${Math.max(0, body.length - 20)}.`
					: `Packet ${number} names interface ${id}, which no Interface Description Block before it describes.`,
				number,
			),
		);
		return null;
	}
	const hi = u32(body, 4, little);
	const lo = u32(body, 8, little);
	return {
		number,
		linkType: iface.linkType,
		data: body.subarray(20, 20 + captured),
		epochMicros: toMicros(hi, lo, iface),
	};
}

/** A pcapng timestamp (units of the interface's resolution since the epoch) in microseconds. */
function toMicros(hi: number, lo: number, iface: Interface): number | null {
	const units = (BigInt(hi) << 32n) | BigInt(lo);
	const { decimal, exponent } = iface.resolution;
	let micros: bigint;
	if (decimal) {
		if (exponent > 30) return null;
		micros =
			exponent >= 6 ? units / 10n ** BigInt(exponent - 6) : units * 10n ** BigInt(6 - exponent);
	} else {
		if (exponent > 64) return null;
		micros = (units * 1_000_000n) >> BigInt(exponent);
	}
	const value = Number(micros) + iface.offsetSeconds * 1e6;
	return Number.isSafeInteger(value) ? value : null;
}
