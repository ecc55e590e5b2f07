// Captures of mirrored and carried traffic: each packet of a real capture (tcp-story.pcap: SIP over
// TCP, messages split over segments and sharing them) sent again inside a tunnel, as a mirror
// port or a cloud's traffic mirroring delivers it (VXLAN, RFC 7348; Geneve, RFC 8926; GRE,
// RFC 2784, carrying IP or Cisco's ERSPAN type II; IP in IP, RFC 2003), or as a carrier's link carries it (MPLS
// labels, RFC 3032; PPPoE, RFC 2516). The SIP read must be the capture's own: the same messages,
// between the inner addresses, at the same times.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCapture } from '../../server/src/core/capture';

const original = new Uint8Array(
	readFileSync(join(__dirname, '..', 'fixtures', 'real', 'tcp-story.pcap')),
);

/** The records of a little-endian classic pcap: its header fields and each packet's octets. */
function records(pcap: Uint8Array): { head: Buffer[]; data: Uint8Array }[] {
	const b = Buffer.from(pcap);
	assert.equal(b.readUInt32LE(0), 0xa1b2c3d4);
	assert.equal(b.readUInt32LE(20), 1, 'Ethernet');
	const out = [];
	for (let at = 24; at + 16 <= b.length;) {
		const length = b.readUInt32LE(at + 8);
		out.push({ head: [b.subarray(at, at + 8)], data: pcap.subarray(at + 16, at + 16 + length) });
		at += 16 + length;
	}
	return out;
}

/** An outer Ethernet and IPv4 header (protocol `protocol`) before `payload`. */
function outerIp(protocol: number, payload: Uint8Array): Buffer {
	const ip = Buffer.alloc(20);
	ip.writeUInt8(0x45, 0);
	ip.writeUInt16BE(20 + payload.length, 2);
	ip.writeUInt8(64, 8);
	ip.writeUInt8(protocol, 9);
	Buffer.from([192, 0, 2, 1]).copy(ip, 12);
	Buffer.from([192, 0, 2, 2]).copy(ip, 16);
	const ethernet = Buffer.from([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x08, 0x00]);
	return Buffer.concat([ethernet, ip, payload]);
}

/** A UDP datagram from port 54321 to `port`. */
function udp(port: number, payload: Uint8Array): Buffer {
	const h = Buffer.alloc(8);
	h.writeUInt16BE(54321, 0);
	h.writeUInt16BE(port, 2);
	h.writeUInt16BE(8 + payload.length, 4);
	return Buffer.concat([h, payload]);
}

const tunnels: Record<string, (frame: Uint8Array) => Buffer> = {
	// Flags with the I bit, VNI 42.
	vxlan: (frame) =>
		outerIp(17, udp(4789, Buffer.concat([Buffer.from([8, 0, 0, 0, 0, 0, 42, 0]), frame]))),
	// Version 0, no options, Transparent Ethernet Bridging, VNI 42.
	geneve: (frame) =>
		outerIp(17, udp(6081, Buffer.concat([Buffer.from([0, 0, 0x65, 0x58, 0, 0, 42, 0]), frame]))),
	// GRE with a sequence number, then ERSPAN type II's 8 octets, then the mirrored frame.
	erspan: (frame) =>
		outerIp(
			47,
			Buffer.concat([
				Buffer.from([0x10, 0, 0x88, 0xbe, 0, 0, 0, 7]),
				Buffer.from([0x10, 0x01, 0, 0x2a, 0, 0, 0, 0]),
				frame,
			]),
		),
	// GRE with a key, carrying the IP packet itself (the frame's Ethernet header left off).
	gre: (frame) =>
		outerIp(47, Buffer.concat([Buffer.from([0x20, 0, 0x08, 0, 0, 0, 0, 42]), frame.subarray(14)])),
	// IP in IP (protocol 4): the packet itself after the outer header.
	ipip: (frame) => outerIp(4, frame.subarray(14)),
	// On a carrier's core link: two MPLS labels, the second the bottom of the stack.
	mpls: (frame) =>
		Buffer.concat([
			frame.subarray(0, 12),
			Buffer.from([0x88, 0x47, 0, 0x10, 0x00, 64, 0, 0x20, 0x01, 64]),
			frame.subarray(14),
		]),
	// On a DSL access link: PPPoE's session header, then PPP's protocol (IPv4).
	pppoe: (frame) => {
		const session = Buffer.from([0x88, 0x64, 0x11, 0, 0, 1, 0, 0, 0, 0x21]);
		session.writeUInt16BE(frame.length - 14 + 2, 6);
		return Buffer.concat([frame.subarray(0, 12), session, frame.subarray(14)]);
	},
};

for (const [name, wrap] of Object.entries(tunnels)) {
	test(`a capture sent inside ${name}: the messages of the capture itself, between its own addresses`, () => {
		const head = Buffer.from(original.subarray(0, 24));
		const wrapped = Buffer.concat([
			head,
			...records(original).flatMap(({ head: [time], data }) => {
				const frame = wrap(data);
				const lengths = Buffer.alloc(8);
				lengths.writeUInt32LE(frame.length, 0);
				lengths.writeUInt32LE(frame.length, 4);
				return [time!, lengths, frame];
			}),
		]);
		const want = readCapture(original);
		const got = readCapture(new Uint8Array(wrapped));
		assert.ok(want.messages.length > 10);
		assert.deepEqual(got.messages, want.messages);
		assert.deepEqual(got.problems, want.problems);
		assert.ok(got.messages.every((m) => !m.src.startsWith('192.0.2.')));
	});
}
