// Writes packets as a classic pcap (Ethernet, IPv4, UDP) so capture tools can be compared on the
// same traffic.
import type { Packet } from './generate';

function ipBytes(addr: string): [number[], number] {
	const [ip, port] = addr.split(':');
	return [ip!.split('.').map(Number), Number(port)];
}

function checksum(buf: Buffer, start: number, end: number): number {
	let sum = 0;
	for (let i = start; i < end; i += 2) sum += (buf[i]! << 8) + (i + 1 < end ? buf[i + 1]! : 0);
	while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
	return ~sum & 0xffff;
}

export function toPcap(packets: readonly Packet[]): Buffer {
	const chunks: Buffer[] = [];
	const header = Buffer.alloc(24);
	header.writeUInt32LE(0xa1b2c3d4, 0);
	header.writeUInt16LE(2, 4);
	header.writeUInt16LE(4, 6);
	header.writeUInt32LE(65535, 16);
	header.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
	chunks.push(header);
	for (const p of packets) {
		const payload = Buffer.from(p.payload, 'utf8');
		const [srcIp, srcPort] = ipBytes(p.src);
		const [dstIp, dstPort] = ipBytes(p.dst);
		const frame = Buffer.alloc(14 + 20 + 8 + payload.length);
		frame.writeUInt16BE(0x0800, 12);
		const ip = 14;
		frame[ip] = 0x45;
		frame.writeUInt16BE(20 + 8 + payload.length, ip + 2);
		frame[ip + 8] = 64;
		frame[ip + 9] = 17;
		frame.set(srcIp, ip + 12);
		frame.set(dstIp, ip + 16);
		frame.writeUInt16BE(checksum(frame, ip, ip + 20), ip + 10);
		const udp = ip + 20;
		frame.writeUInt16BE(srcPort, udp);
		frame.writeUInt16BE(dstPort, udp + 2);
		frame.writeUInt16BE(8 + payload.length, udp + 4);
		payload.copy(frame, udp + 8);
		const rec = Buffer.alloc(16);
		rec.writeUInt32LE(Math.floor(p.micros / 1e6), 0);
		rec.writeUInt32LE(p.micros % 1e6, 4);
		rec.writeUInt32LE(frame.length, 8);
		rec.writeUInt32LE(frame.length, 12);
		chunks.push(rec, frame);
	}
	return Buffer.concat(chunks);
}
