// Writes a pcapng capture's IPv4 UDP frames as a classic pcap with one port moved onto SIP's
// 5060, so that tcpdump prints them with its own SIP printer (print-sip.c: with -v, each line
// of the payload behind a tab), as it does for real traffic on 5060. The UDP checksum, which
// covers the ports, is set to 0 (none, RFC 768), which tcpdump -vv prints as `[no cksum]`.
// Usage: node sipPort.mjs capture.pcapng PORT > capture-5060.pcap  (PORT: the one to move)
import { readFileSync } from 'node:fs';

const [file, portArg] = process.argv.slice(2);
const from = Number(portArg);
if (!file || !from) throw new Error('usage: sipPort.mjs capture.pcapng PORT');
const buf = readFileSync(file);

const records = [];
let little = true;
let tsresol = 1e6;
const u32 = (at) => (little ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
for (let at = 0; at + 12 <= buf.length;) {
	if (buf.readUInt32LE(at) === 0x0a0d0d0a) little = buf.readUInt32LE(at + 8) === 0x1a2b3c4d;
	const type = u32(at);
	const length = u32(at + 4);
	if (type === 1) {
		// The interface's if_tsresol option (9): 10^-n seconds a tick (microseconds when absent).
		for (let o = at + 16; o + 4 <= at + length - 4;) {
			const code = little ? buf.readUInt16LE(o) : buf.readUInt16BE(o);
			const len = little ? buf.readUInt16LE(o + 2) : buf.readUInt16BE(o + 2);
			if (code === 0) break;
			if (code === 9 && !(buf[o + 4] & 0x80)) tsresol = 10 ** buf[o + 4];
			o += 4 + Math.ceil(len / 4) * 4;
		}
	}
	if (type === 6) {
		const ts = u32(at + 12) * 2 ** 32 + u32(at + 16);
		const data = Buffer.from(buf.subarray(at + 28, at + 28 + u32(at + 20)));
		records.push({ ts, data });
	}
	at += length;
}

const header = Buffer.alloc(24);
header.writeUInt32LE(0xa1b2c3d4, 0);
header.writeUInt16LE(2, 4);
header.writeUInt16LE(4, 6);
header.writeUInt32LE(262144, 16);
header.writeUInt32LE(1, 20); // Ethernet
const out = [header];
for (const { ts, data } of records) {
	// Ethernet, IPv4, UDP: move the port, drop the checksum.
	if (data.readUInt16BE(12) === 0x0800 && data[23] === 17) {
		const udp = 14 + (data[14] & 0x0f) * 4;
		for (const at of [udp, udp + 2])
			if (data.readUInt16BE(at) === from) data.writeUInt16BE(5060, at);
		data.writeUInt16BE(0, udp + 6);
	}
	const rec = Buffer.alloc(16);
	rec.writeUInt32LE(Math.floor(ts / tsresol), 0);
	rec.writeUInt32LE(Math.floor(((ts % tsresol) * 1e6) / tsresol), 4);
	rec.writeUInt32LE(data.length, 8);
	rec.writeUInt32LE(data.length, 12);
	out.push(rec, data);
}
process.stdout.write(Buffer.concat(out));
