// SIP over SCTP (RFC 4168) in a capture: the messages of a real capture (presence-story.pcapng,
// SIP over UDP) sent again as SCTP user messages, as a telephony core sends SIP: each one DATA
// chunk, two bundled in one packet, one retransmitted, and a large NOTIFY in three fragments.
// The SIP read must be the capture's own messages, over SCTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCapture, type CapturedMessage } from '../../server/src/core/capture';

const original = readCapture(
	new Uint8Array(readFileSync(join(__dirname, '..', 'fixtures', 'real', 'presence-story.pcapng'))),
).messages;

/** `a.b.c.d:port` as address octets and port. */
function endpoint(s: string): { ip: number[]; port: number } {
	const [ip, port] = s.split(':');
	return { ip: ip!.split('.').map(Number), port: Number(port) };
}

/** A DATA chunk (RFC 9260 §3.3.1) of `data`, its B and E flags as given, padded to four octets. */
function dataChunk(tsn: number, data: Buffer, begins: boolean, ends: boolean): Buffer {
	const h = Buffer.alloc(16);
	h.writeUInt8(0, 0);
	h.writeUInt8((begins ? 2 : 0) | (ends ? 1 : 0), 1);
	h.writeUInt16BE(16 + data.length, 2);
	h.writeUInt32BE(tsn, 4);
	h.writeUInt16BE(0, 8);
	return Buffer.concat([h, data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
}

/** An IPv4 packet (protocol 132) from `from` to `to` holding `chunks`. */
function sctpPacket(from: string, to: string, chunks: Buffer[]): Buffer {
	const a = endpoint(from);
	const b = endpoint(to);
	const common = Buffer.alloc(12);
	common.writeUInt16BE(a.port, 0);
	common.writeUInt16BE(b.port, 2);
	common.writeUInt32BE(0x1234, 4);
	const body = Buffer.concat([common, ...chunks]);
	const ip = Buffer.alloc(20);
	ip.writeUInt8(0x45, 0);
	ip.writeUInt16BE(20 + body.length, 2);
	ip.writeUInt8(64, 8);
	ip.writeUInt8(132, 9);
	Buffer.from(a.ip).copy(ip, 12);
	Buffer.from(b.ip).copy(ip, 16);
	return Buffer.concat([ip, body]);
}

/** A classic pcap of raw IPv4 packets (link type 228), each at its time. */
function pcap(packets: { micros: number; data: Buffer }[]): Uint8Array {
	const head = Buffer.alloc(24);
	head.writeUInt32LE(0xa1b2c3d4, 0);
	head.writeUInt16LE(2, 4);
	head.writeUInt16LE(4, 6);
	head.writeUInt32LE(65535, 16);
	head.writeUInt32LE(228, 20);
	const records = packets.flatMap(({ micros, data }) => {
		const r = Buffer.alloc(16);
		r.writeUInt32LE(Math.floor(micros / 1e6), 0);
		r.writeUInt32LE(micros % 1e6, 4);
		r.writeUInt32LE(data.length, 8);
		r.writeUInt32LE(data.length, 12);
		return [r, data];
	});
	return new Uint8Array(Buffer.concat([head, ...records]));
}

/**
 * The capture's messages over SCTP: the first two in a row from one end to the other bundled in
 * one packet, the largest in three fragments, one sent twice (the same TSN), each other one a
 * packet.
 */
function overSctp(messages: readonly CapturedMessage[]): { capture: Uint8Array; bundled: number } {
	const largest = messages.reduce(
		(x, m, i) => (m.text.length > messages[x]!.text.length ? i : x),
		0,
	);
	const bundled = messages.findIndex(
		(m, i) =>
			i + 1 < messages.length && messages[i + 1]!.src === m.src && messages[i + 1]!.dst === m.dst,
	);
	assert.ok(bundled >= 0 && ![bundled, bundled + 1, bundled + 3].includes(largest));
	let tsn = 1;
	const packets: { micros: number; data: Buffer }[] = [];
	for (let i = 0; i < messages.length; i++) {
		const m = messages[i]!;
		const data = Buffer.from(m.text, 'utf8');
		const micros = m.epochMicros!;
		if (i === bundled) {
			const next = messages[i + 1]!;
			packets.push({
				micros,
				data: sctpPacket(m.src, m.dst, [
					dataChunk(tsn++, data, true, true),
					dataChunk(tsn++, Buffer.from(next.text, 'utf8'), true, true),
				]),
			});
			i++;
		} else if (i === largest) {
			const third = Math.ceil(data.length / 3);
			for (let k = 0; k < 3; k++)
				packets.push({
					micros: micros + k,
					data: sctpPacket(m.src, m.dst, [
						dataChunk(tsn++, data.subarray(k * third, (k + 1) * third), k === 0, k === 2),
					]),
				});
		} else if (i === bundled + 3) {
			// Sent again, as SCTP retransmits a chunk it saw no acknowledgement for: read once.
			const chunk = sctpPacket(m.src, m.dst, [dataChunk(tsn++, data, true, true)]);
			packets.push({ micros, data: chunk }, { micros: micros + 1, data: chunk });
		} else
			packets.push({
				micros,
				data: sctpPacket(m.src, m.dst, [dataChunk(tsn++, data, true, true)]),
			});
	}
	return { capture: pcap(packets), bundled };
}

test('SIP over SCTP: every message of the capture once, one user message each, bundled, in fragments or sent again', () => {
	assert.ok(original.length > 50);
	const { capture, bundled } = overSctp(original);
	const read = readCapture(capture);
	assert.deepEqual(read.problems, []);
	assert.equal(read.messages.length, original.length);
	for (let i = 0; i < original.length; i++) {
		const o = original[i]!;
		const m = read.messages[i]!;
		// The second of the bundled pair went in the first's packet, at its time.
		const sent = original[i === bundled + 1 ? bundled : i]!.epochMicros;
		assert.deepEqual(
			[m.text, m.src, m.dst, m.transport, m.epochMicros],
			[o.text, o.src, o.dst, 'SCTP', sent],
			`message ${i}`,
		);
	}
});
