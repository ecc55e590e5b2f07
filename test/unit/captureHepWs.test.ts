// SIP inside HEP (a HOMER collector's capture) and SIP over WebSocket, read from real captures
// (make-hep-ws-traces.sh: Kamailio's siptrace sending HEP3, Node's WebSocket client talking to
// Kamailio's websocket module) and compared with what tshark dissects of the same messages on the
// wire; then the same real payloads in the other forms a capture may hold (HEP over TCP, HEP2,
// IPv6 chunks, WebSocket frames masked or not, fragmented, with 16- and 64-bit lengths), and bytes
// that lie. The times and addresses of both captures are also checked against sngrep's export
// (captureFixtures.test.ts: sngrep decodes HEP with -E and follows WebSocket itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import { readCapture, renderCapture } from '../../server/src/core/capture';
import type { CapturedMessage } from '../../server/src/core/capture';
import { ipOfEthernet, links, packetsOf, pcap, type RawPacket } from './captureBytes';

const real = join(__dirname, '..', 'fixtures', 'real');
const file = (name: string) => new Uint8Array(readFileSync(join(real, name)));
const json = <T>(name: string) => JSON.parse(readFileSync(join(real, name), 'utf8')) as T;
const text = (s: string) => new TextEncoder().encode(s);

interface WireMessage {
	frame: number;
	/** Seconds since the epoch, as tshark prints frame.time_epoch (nanoseconds). */
	epoch: string;
	src: string;
	dst: string;
	transport: 'UDP' | 'WS';
	method: string | null;
	status: number | null;
	callId: string;
	cseq: string;
	masked?: boolean;
}

/** Method, status, Call-ID and CSeq of each message, as the analysis reads them. */
function heads(messages: readonly CapturedMessage[]) {
	return analyzeTrace(renderCapture(messages)).messages.map((m, i) => ({
		method: m.method,
		status: m.status,
		callId: m.callId,
		cseq: /^CSeq:[ \t]*(.+?)[ \t]*$/im.exec(messages[i]!.text)?.[1] ?? '',
		src: messages[i]!.src,
		dst: messages[i]!.dst,
	}));
}

const micros = (epoch: string) => {
	const [s = '0', f = ''] = epoch.split('.');
	return Number(s) * 1e6 + Number(f.padEnd(9, '0').slice(0, 6));
};

test('hep-story.pcapng: the SIP inside HEP is every message tshark dissects on the wire, with its own addresses', () => {
	const capture = readCapture(file('hep-story.pcapng'));
	assert.deepEqual(capture.problems, []);
	const wire = json<WireMessage[]>('hep-story.wire.json');
	const key = (m: {
		method: string | null;
		status: number | null;
		callId: string | null;
		cseq: string;
		src: string;
		dst: string;
	}) => `${m.method} ${m.status} ${m.callId} ${m.cseq} ${m.src} ${m.dst}`;
	// siptrace sends each message as it handles it, not in wire order: the same messages, as sets.
	assert.deepEqual(heads(capture.messages).map(key).sort(), wire.map(key).sort());
	// The collector's own address (every HEP packet goes to port 37069) is no message's.
	assert.ok(capture.messages.every((m) => !m.dst.endsWith(':37069')));
	// Over UDP the transport is HEP's; the messages over the WebSocket are there too.
	assert.equal(capture.messages.filter((m) => m.transport === 'UDP').length, 14);
	assert.equal(capture.messages.filter((m) => m.src.endsWith(':37061')).length, 3);
});

test("hep-story.pcapng: each message's time is the HEP's, not the packet's that carried it", () => {
	const name = 'hep-story.pcapng';
	const packets = packetsOf(file(name));
	const messages = readCapture(file(name)).messages;
	assert.equal(messages.length, packets.length);
	// Kamailio stamps a message before it sends the HEP: close to the packet's time, never equal.
	for (const [i, m] of messages.entries()) {
		const outer = Number(packets[m.packet - 1]!.ns / 1000n);
		assert.ok(m.epochMicros !== null && m.epochMicros !== outer, `message ${i}`);
		assert.ok(Math.abs(outer - m.epochMicros) < 50_000, `message ${i}`);
	}
});

test('ws-story.pcapng: each SIP message over the WebSocket is the one tshark dissects, in its frame, at its time', () => {
	const capture = readCapture(file('ws-story.pcapng'));
	assert.deepEqual(capture.problems, []);
	const wire = json<WireMessage[]>('ws-story.wire.json');
	const ours = heads(capture.messages);
	assert.deepEqual(
		capture.messages.map((m, i) => ({
			frame: m.packet,
			time: m.epochMicros,
			src: m.src,
			dst: m.dst,
			transport: m.transport,
			method: ours[i]!.method,
			status: ours[i]!.status,
			callId: ours[i]!.callId,
		})),
		wire.map((w) => ({
			frame: w.frame,
			time: micros(w.epoch),
			src: w.src,
			dst: w.dst,
			transport: 'WS',
			method: w.method,
			status: w.status,
			callId: w.callId,
		})),
	);
	// The client's frames were masked, the server's not: both read.
	assert.deepEqual(
		wire.map((w) => w.masked),
		[true, false, true, false, true, false],
	);
});

// --- The same payloads in other forms ------------------------------------------------------------

const be16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const be32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const cat = (...parts: (Uint8Array | number[])[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

function ipv4(protocol: number, transport: Uint8Array): Uint8Array {
	return cat(
		[0x45, 0, ...be16(20 + transport.length), 0, 0, 0x40, 0, 64, protocol, 0, 0],
		[127, 0, 0, 1, 127, 0, 0, 1],
		transport,
	);
}
const udp = (sport: number, dport: number, payload: Uint8Array) =>
	ipv4(17, cat(be16(sport), be16(dport), be16(8 + payload.length), [0, 0], payload));
const tcp = (sport: number, dport: number, seq: number, flags: number, payload: Uint8Array) =>
	ipv4(
		6,
		cat(
			be16(sport),
			be16(dport),
			be32(seq),
			be32(0),
			[0x50, flags],
			be16(65535),
			[0, 0, 0, 0],
			payload,
		),
	);

const packet = (i: number, ip: Uint8Array): RawPacket => ({
	ns: 1_800_000_000_000_000_000n + BigInt(i) * 1_000_000n,
	linkType: 1,
	data: links.ethernet(ip),
});
const capture = (ips: Uint8Array[]) =>
	readCapture(
		pcap(
			ips.map((ip, i) => packet(i, ip)),
			{ little: true, nanos: false, linkType: 1 },
		),
	);

/** A TCP connection carrying `stream` from port a to b, cut into segments at `cuts` (SYN first). */
function tcpStream(a: number, b: number, stream: Uint8Array, cuts: number[]): Uint8Array[] {
	const isn = 1000;
	const out = [tcp(a, b, isn, 0x02, new Uint8Array())];
	const bounds = [0, ...cuts.filter((c) => c > 0 && c < stream.length), stream.length];
	for (let i = 0; i + 1 < bounds.length; i++)
		out.push(tcp(a, b, isn + 1 + bounds[i]!, 0x18, stream.slice(bounds[i], bounds[i + 1])));
	return out;
}

/** The HEP3 payloads of the real capture (each packet's UDP payload). */
const heps = packetsOf(file('hep-story.pcapng')).map((p) => ipOfEthernet(p.data).slice(28));
const fromUdp = readCapture(file('hep-story.pcapng')).messages;
const same = (m: CapturedMessage) => ({
	time: m.epochMicros,
	src: m.src,
	dst: m.dst,
	transport: m.transport,
	text: m.text,
});

test('HEP3 over TCP: packets back to back, cut anywhere by segments, read as over UDP', () => {
	const stream = cat(...heps);
	// A segment boundary inside a chunk header, inside a payload, and several packets in one segment.
	const cuts = [3, 100, 1000, 1001, 2500, 2506, 6000];
	const got = capture(tcpStream(40000, 9060, stream, cuts));
	assert.deepEqual(got.problems, []);
	assert.deepEqual(got.messages.map(same), fromUdp.map(same));
	// Octets before the first HEP3 (a capture started mid-stream) are skipped to the next packet.
	const late = capture(tcpStream(40000, 9060, cat(heps[0]!.slice(40), ...heps.slice(1)), []));
	assert.deepEqual(late.messages.map(same), fromUdp.slice(1).map(same));
});

/** IP protocol numbers; Kamailio names the WebSocket it received by 22, which HEP does not define. */
const protocols: Record<string, number> = { UDP: 17, TCP: 6, none: 22 };

/** HEP2 of the message: its addresses and time, little-endian time as its senders write it. */
function hep2(m: CapturedMessage, v6: boolean): Uint8Array {
	const [sip, sport] = m.src.split(':');
	const [dip, dport] = m.dst.split(':');
	const addr = (ip: string) =>
		v6
			? [...new Array(10).fill(0), 0xff, 0xff, ...ip.split('.').map(Number)]
			: ip.split('.').map(Number);
	const le32 = (n: number) => be32(n).reverse();
	const time = m.epochMicros!;
	return cat(
		[
			2,
			v6 ? 40 : 16,
			v6 ? 10 : 2,
			protocols[m.transport ?? 'none'],
			...be16(Number(sport)),
			...be16(Number(dport)),
		],
		addr(sip!),
		addr(dip!),
		le32(Math.floor(time / 1e6)),
		le32(time % 1e6),
		[0xd1, 0x07, 0, 0],
		text(m.text),
	);
}

test('HEP2 (IPv4 and IPv6 addresses) and HEP3 with IPv6 chunks: the same messages', () => {
	const v4 = capture(fromUdp.map((m) => udp(40000, 9060, hep2(m, false))));
	assert.deepEqual(v4.problems, []);
	assert.deepEqual(v4.messages.map(same), fromUdp.map(same));
	const v6 = capture(fromUdp.map((m) => udp(40000, 9060, hep2(m, true))));
	assert.deepEqual(
		v6.messages.map((m) => m.src.replace('[::ffff:', '').replace(']', '')),
		fromUdp.map((m) => m.src),
	);
	// HEP3 whose IPv4 address chunks (3, 4) are replaced by IPv6 ones (5, 6), family 10.
	const six = heps.map((h) => {
		const parts: Uint8Array[] = [];
		for (let at = 6; at < h.length;) {
			const type = (h[at + 2]! << 8) | h[at + 3]!;
			const length = (h[at + 4]! << 8) | h[at + 5]!;
			const data = h.slice(at + 6, at + length);
			const chunk = (t: number, d: Uint8Array | number[]) =>
				cat([0, 0, ...be16(t), ...be16(6 + d.length)], d);
			if (type === 1) parts.push(chunk(1, [10]));
			else if (type === 3 || type === 4)
				parts.push(chunk(type + 2, [0x20, 0x01, 0x0d, 0xb8, ...new Array(8).fill(0), ...data]));
			else parts.push(h.slice(at, at + length));
			at += length;
		}
		const body = cat(...parts);
		return cat(text('HEP3'), be16(6 + body.length), body);
	});
	const got = capture(six.map((h) => udp(40000, 9060, h)));
	assert.deepEqual(got.problems, []);
	assert.deepEqual(
		got.messages.map((m) => m.src),
		fromUdp.map(
			(m) => `[2001:db8::${m.src.startsWith('127.0.0.1') ? '7f00:1' : ''}]:${m.src.split(':')[1]}`,
		),
	);
});

// WebSocket frames of the real handshake and SIP messages.
const wsReal = packetsOf(file('ws-story.pcapng')).map((p) => ipOfEthernet(p.data));
const tcpPayload = (ip: Uint8Array) => ip.slice(20 + (ip[32]! >> 4) * 4);
const [get, upgraded] = wsReal
	.map(tcpPayload)
	.filter((p) => p.length > 0 && p[0] !== 0x81 && p[0] !== 0x88);
const sipTexts = fromUdp.map((m) => m.text);

/** One frame: FIN, opcode, the payload masked with `key` when given, its length in the 7-, 16- or 64-bit form. */
function frame(
	payload: Uint8Array,
	o: { fin?: boolean; opcode?: number; key?: number[]; form?: 7 | 16 | 64; rsv1?: boolean },
): Uint8Array {
	const form = o.form ?? (payload.length < 126 ? 7 : payload.length < 65536 ? 16 : 64);
	const b0 = ((o.fin ?? true) ? 0x80 : 0) | (o.rsv1 ? 0x40 : 0) | (o.opcode ?? 1);
	const mask = o.key ? 0x80 : 0;
	const length =
		form === 7
			? [mask | payload.length]
			: form === 16
				? [mask | 126, ...be16(payload.length)]
				: [mask | 127, ...be32(0), ...be32(payload.length)];
	const body = o.key ? payload.map((c, i) => c ^ o.key![i & 3]!) : payload;
	return cat([b0], length, o.key ?? [], body);
}

function wsCapture(client: Uint8Array[], server: Uint8Array[], cuts: number[] = []) {
	return capture([
		...tcpStream(50000, 8080, cat(get!, ...client), cuts),
		...tcpStream(8080, 50000, cat(upgraded!, ...server), cuts),
	]);
}

test('WebSocket frames: masked and unmasked, 16- and 64-bit lengths, fragmented with pings between', () => {
	assert.ok(get && upgraded && new TextDecoder().decode(upgraded).startsWith('HTTP/1.1 101'));
	const key = [0x37, 0xfa, 0x21, 0x3d];
	const [a, b, c, d] = sipTexts.map(text);
	const fragments = (m: Uint8Array, masked: boolean) => {
		const k = masked ? key : undefined;
		const third = Math.floor(m.length / 3);
		return [
			frame(m.slice(0, third), { fin: false, key: k }),
			frame(text('hi'), { opcode: 9, key: k }),
			frame(m.slice(third, 2 * third), { fin: false, opcode: 0, key: k, form: 64 }),
			frame(m.slice(2 * third), { opcode: 0, key: k, form: 16 }),
		];
	};
	const client = [frame(a!, { key }), frame(c!, { key, form: 64 }), ...fragments(a!, true)];
	const server = [frame(b!, {}), frame(d!, { opcode: 2, form: 64 }), ...fragments(b!, false)];
	const got = wsCapture(client, server, [5, 400, 401, 900]);
	assert.deepEqual(got.problems, []);
	assert.deepEqual(
		got.messages.map((m) => [m.src, m.transport, m.text]),
		[
			['127.0.0.1:50000', 'WS', sipTexts[0]],
			['127.0.0.1:50000', 'WS', sipTexts[2]],
			['127.0.0.1:50000', 'WS', sipTexts[0]],
			['127.0.0.1:8080', 'WS', sipTexts[1]],
			['127.0.0.1:8080', 'WS', sipTexts[3]],
			['127.0.0.1:8080', 'WS', sipTexts[1]],
		],
	);
});

// --- Bytes that lie ------------------------------------------------------------------------------

const codesOf = (r: ReturnType<typeof readCapture>) => r.problems.map((p) => p.code);

test('HEP3 that lies: a chunk or packet length too short, too long, cut; compressed; not SIP', () => {
	const h = heps[0]!;
	const set16 = (b: Uint8Array, at: number, v: number) => b.set(be16(v), at);
	const cases: [string, (b: Uint8Array) => Uint8Array, string[]][] = [
		['total below the header', (b) => (set16(b, 4, 3), b), ['capture.hep-malformed']],
		['total past the datagram', (b) => (set16(b, 4, 0xffff), b), ['capture.hep-truncated']],
		['first chunk of length 0', (b) => (set16(b, 10, 0), b), ['capture.hep-malformed']],
		['first chunk of length 5', (b) => (set16(b, 10, 5), b), ['capture.hep-malformed']],
		['first chunk past the packet', (b) => (set16(b, 10, 0xfff0), b), ['capture.hep-malformed']],
		[
			'cut inside a chunk header',
			(b) => (set16(b, 4, 9), b.slice(0, 9)),
			['capture.hep-malformed'],
		],
		[
			'payload chunk made compressed (16)',
			(b) => (b.set(be16(16), payloadAt(b) + 2), b),
			['capture.hep-compressed'],
		],
		['protocol type 5 (RTCP)', (b) => ((b[typeAt(b, 11) + 6] = 5), b), []],
	];
	for (const [what, change, codes] of cases) {
		const r = capture([udp(40000, 9060, change(h.slice()))]);
		assert.equal(r.messages.length, 0, what);
		assert.deepEqual(codesOf(r), [...codes, 'capture.no-sip'], what);
	}
	// The packets after a malformed one are read.
	const bad = h.slice();
	set16(bad, 10, 1);
	const r = capture([udp(40000, 9060, bad), ...heps.slice(1).map((x) => udp(40000, 9060, x))]);
	assert.equal(r.messages.length, heps.length - 1);
});

/** The offset of the first chunk of `type` in a HEP3 packet. */
function typeAt(b: Uint8Array, type: number): number {
	for (let at = 6; at + 6 <= b.length; at += (b[at + 4]! << 8) | b[at + 5]!)
		if (((b[at + 2]! << 8) | b[at + 3]!) === type) return at;
	throw new Error(`no chunk ${type}`);
}
const payloadAt = (b: Uint8Array) => typeAt(b, 15);

test('WebSocket frames that lie: cut, huge 64-bit length, stray continuation, reserved opcode, compressed, no final frame', () => {
	const m = text(sipTexts[0]!);
	const cases: [string, Uint8Array[], string[], number][] = [
		[
			'frame cut by the end of the capture',
			[frame(m, {}).slice(0, 50)],
			['capture.ws-truncated'],
			0,
		],
		[
			'64-bit length of 2^63',
			[cat([0x81, 127, 0x80, 0, 0, 0, 0, 0, 0, 0], m)],
			['capture.ws-truncated'],
			0,
		],
		[
			'continuation without a start',
			[frame(m, { opcode: 0 }), frame(m, {})],
			['capture.ws-malformed'],
			1,
		],
		['reserved opcode 3', [frame(m, { opcode: 3 }), frame(m, {})], ['capture.ws-malformed'], 1],
		[
			'permessage-deflate (RSV1)',
			[frame(m, { rsv1: true }), frame(m, {})],
			['capture.ws-compressed'],
			1,
		],
		[
			'new message inside a fragmented one',
			[frame(m, { fin: false }), frame(m, {})],
			['capture.ws-malformed'],
			1,
		],
		['no final frame', [frame(m, {}), frame(m, { fin: false })], ['capture.ws-truncated'], 1],
		[
			'a 2-octet header cut after 1',
			[frame(m, {}), Uint8Array.of(0x81)],
			['capture.ws-truncated'],
			1,
		],
	];
	for (const [what, frames, codes, count] of cases) {
		const r = wsCapture(frames, []);
		assert.deepEqual(
			codesOf(r).filter((c) => c !== 'capture.no-sip'),
			codes,
			what,
		);
		assert.equal(r.messages.length, count, what);
	}
	// A gap in the WebSocket's TCP stream: the frames before it read, the rest said to be left out.
	const stream = cat(get!, frame(m, {}), frame(m, {}), frame(m, {}));
	const segments = tcpStream(50000, 8080, stream, [get!.length + 10, get!.length + m.length + 20]);
	const r = capture(segments.filter((_, i) => i !== 2));
	assert.ok(codesOf(r).includes('capture.ws-gap'));
	assert.ok(r.messages.length <= 1);
});

test('wss:// and SIP over TLS: the ClientHello is seen, the connection said to be unreadable', () => {
	const hello = cat([22, 3, 1, 0, 200, 1, 0, 0, 196, 3, 3], new Array(200).fill(7));
	const r = capture(tcpStream(50000, 443, hello, [50]));
	assert.deepEqual(codesOf(r), ['capture.tls', 'capture.no-sip']);
	assert.equal(r.problems[0]!.packet, 2);
});
