// The same real packets in every container, link layer and IP form a capture may hold: each
// variant, built here from the packets of a real capture, must give the very trace the original
// gives (and no problem). Then what a capture may do wrong: it is said, never thrown, never hung on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { readCapture, renderCapture } from '../../server/src/core/capture';
import {
	fragment4,
	fragment6,
	ipOfEthernet,
	links,
	packetsOf,
	pcap,
	pcapng,
	splitTcp4,
	udpCapture,
	type RawPacket,
} from './captureBytes';

const real = join(__dirname, '..', 'fixtures', 'real');
const file = (name: string) => new Uint8Array(readFileSync(join(real, name)));
const trace = (bytes: Uint8Array) => {
	const capture = readCapture(bytes);
	return { text: renderCapture(capture.messages), problems: capture.problems };
};

for (const story of ['presence-story.pcapng', 'presence-ipv6.pcapng']) {
	const original = trace(file(story));
	const packets = packetsOf(file(story));
	const ips = packets.map((p) => ipOfEthernet(p.data));
	const withData = (data: Uint8Array[], linkType: number): RawPacket[] =>
		packets.map((p, i) => ({ ns: p.ns, linkType, data: data[i]! }));

	const variants: [string, () => Uint8Array][] = [
		[
			'classic pcap, little-endian, microseconds',
			() => pcap(packets, { little: true, nanos: false, linkType: 1 }),
		],
		[
			'classic pcap, big-endian, microseconds',
			() => pcap(packets, { little: false, nanos: false, linkType: 1 }),
		],
		[
			'classic pcap, little-endian, nanoseconds',
			() => pcap(packets, { little: true, nanos: true, linkType: 1 }),
		],
		[
			'classic pcap, big-endian, nanoseconds',
			() => pcap(packets, { little: false, nanos: true, linkType: 1 }),
		],
		[
			'pcapng, big-endian, microsecond resolution, unknown blocks between packets',
			() =>
				pcapng([
					{
						little: false,
						interfaces: [{ linkType: 1, tsresol: 6 }],
						packets: packets.map((packet) => ({ iface: 0, packet })),
						unknownBlocks: true,
					},
				]),
		],
		[
			'pcapng, two sections (little- then big-endian), two interfaces each, if_tsoffset',
			() => {
				const half = Math.floor(packets.length / 2);
				const ifaces = [
					{ linkType: 1, tsresol: 9 },
					{ linkType: 101, tsresol: 6, offsetSeconds: 1_700_000_000 },
				];
				// Even packets on the Ethernet interface, odd ones as raw IP on the other.
				const side = (p: RawPacket, i: number) =>
					i % 2 ? { iface: 1, packet: { ...p, data: ips[i]! } } : { iface: 0, packet: p };
				return pcapng([
					{
						little: true,
						interfaces: ifaces,
						packets: packets.slice(0, half).map((p, i) => side(p, i)),
					},
					{
						little: false,
						interfaces: ifaces,
						packets: packets.slice(half).map((p, i) => side(p, half + i)),
					},
				]);
			},
		],
		[
			'802.1Q VLAN tag',
			() => pcap(withData(ips.map(links.vlan), 1), { little: true, nanos: false, linkType: 1 }),
		],
		[
			'802.1ad and 802.1Q tags (QinQ)',
			() => pcap(withData(ips.map(links.qinq), 1), { little: true, nanos: false, linkType: 1 }),
		],
		[
			'Linux cooked (SLL)',
			() => pcap(withData(ips.map(links.sll), 113), { little: true, nanos: false, linkType: 113 }),
		],
		[
			'Linux cooked v2 (SLL2)',
			() => pcap(withData(ips.map(links.sll2), 276), { little: true, nanos: false, linkType: 276 }),
		],
		[
			'NFLOG (tcpdump -i nflog: what a netfilter rule logged)',
			() =>
				pcap(withData(ips.map(links.nflog), 239), { little: true, nanos: false, linkType: 239 }),
		],
		['raw IP (101)', () => pcap(withData(ips, 101), { little: true, nanos: false, linkType: 101 })],
		[
			'raw IPv4 or IPv6 (228, 229)',
			() => {
				const type = ips[0]![0]! >> 4 === 6 ? 229 : 228;
				return pcap(withData(ips, type), { little: true, nanos: false, linkType: type });
			},
		],
		[
			'BSD loopback (0), little-endian family',
			() =>
				pcap(withData(ips.map(links.nullLittle), 0), { little: true, nanos: false, linkType: 0 }),
		],
		[
			'BSD loopback (0), big-endian family',
			() => pcap(withData(ips.map(links.nullBig), 0), { little: false, nanos: false, linkType: 0 }),
		],
		[
			'OpenBSD loopback (108)',
			() => pcap(withData(ips.map(links.loop), 108), { little: true, nanos: false, linkType: 108 }),
		],
		[
			'every datagram in IP fragments of 256 octets, last fragment first',
			() => {
				const out: RawPacket[] = [];
				packets.forEach((p, i) => {
					const ip = ips[i]!;
					const parts = ip[0]! >> 4 === 6 ? fragment6(ip, 256, 0x1000 + i) : fragment4(ip, 256);
					for (const part of parts) out.push({ ns: p.ns, linkType: 1, data: links.ethernet(part) });
				});
				return pcap(out, { little: true, nanos: true, linkType: 1 });
			},
		],
	];

	test(`${story}: the original reads without a problem`, () => {
		assert.deepEqual(original.problems, []);
		assert.ok(original.text.length > 1000);
	});
	for (const [name, build] of variants)
		test(`${story} as ${name}: the same trace`, () => {
			const got = trace(build());
			assert.deepEqual(got.problems, []);
			assert.equal(got.text, original.text);
		});
}

test('the fragments really are fragments: the datagrams of the presence story are larger than 256 octets', () => {
	// Otherwise the fragmented variant above would test nothing.
	const big = packetsOf(file('presence-story.pcapng')).filter(
		(p) => p.data.length > 14 + 20 + 8 + 256,
	);
	assert.ok(big.length > 10);
});

test('pcapng timestamps in binary units (if_tsresol 2^-20) and Simple Packet Blocks (no time: the previous one)', () => {
	const packets = packetsOf(file('challenged-call.pcapng')).slice(0, 3);
	// Whole seconds, so that 2^-20 units are exact.
	const seconds = [1_764_000_000n, 1_764_000_001n, 1_764_000_002n];
	const timed = packets.map((p, i) => ({ ...p, ns: seconds[i]! * 1_000_000_000n }));
	const bytes = pcapng([
		{
			little: true,
			interfaces: [{ linkType: 1, tsresol: 128 + 20 }],
			packets: timed.map((packet, i) => ({ iface: 0, packet, simple: i === 2 })),
		},
	]);
	const capture = readCapture(bytes);
	assert.deepEqual(capture.problems, []);
	const times = capture.messages.map((m) => m.epochMicros);
	assert.deepEqual(times, [1_764_000_000e6, 1_764_000_001e6, 1_764_000_001e6]);
	const lines = renderCapture(capture.messages)
		.split('\n')
		.filter((l) => / -> /.test(l));
	assert.equal(
		lines[0]!.slice(0, 26),
		`${new Date(1_764_000_000_000).toISOString().slice(0, 19).replace('T', ' ')}.000000`,
	);
});

// TCP: the same streams with their segments cut smaller, sent twice, and out of order.
const tcpOriginal = trace(file('tcp-story.pcap'));
const tcpPackets = packetsOf(file('tcp-story.pcap'));

/** The TCP payload of an Ethernet IPv4 frame (empty for anything else). */
function tcpPayload(frame: Uint8Array): Uint8Array {
	const ip = ipOfEthernet(frame);
	if (ip[9] !== 6) return new Uint8Array();
	const ihl = (ip[0]! & 0x0f) * 4;
	const total = (ip[2]! << 8) | ip[3]!;
	return ip.slice(ihl + (ip[ihl + 12]! >> 4) * 4, total);
}
const flowOf = (frame: Uint8Array) => Array.from(ipOfEthernet(frame).slice(12, 24)).join('.');
const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

test('tcp-story.pcap: the original has segments with two messages and messages over several segments', () => {
	assert.deepEqual(tcpOriginal.problems, []);
	const segments = tcpPackets.map((p) => text(tcpPayload(p.data))).filter((s) => s.length > 0);
	const startLines = /^(?:SIP\/2\.0 \d{3} |[A-Z]+ \S+ SIP\/2\.0\r$)/gm;
	assert.ok(segments.some((s) => (s.match(startLines) ?? []).length >= 2));
	// A segment whose message announces more body than the segment holds.
	assert.ok(
		segments.some((s) => {
			const m = /^Content-Length: *(\d+)\r\n\r\n/m.exec(s);
			return m !== null && s.length - (m.index + m[0].length) < Number(m[1]);
		}),
	);
});

test('tcp-story.pcap with every segment cut into segments of 100 octets: the same trace', () => {
	const out: RawPacket[] = [];
	for (const p of tcpPackets) {
		const ip = ipOfEthernet(p.data);
		const parts = ip[9] === 6 ? splitTcp4(ip, 100) : [ip];
		for (const part of parts) out.push({ ...p, data: links.ethernet(part) });
	}
	assert.ok(out.length > tcpPackets.length * 2);
	const got = trace(pcap(out, { little: true, nanos: false, linkType: 1 }));
	assert.deepEqual(got.problems, []);
	assert.equal(got.text, tcpOriginal.text);
});

test('tcp-story.pcap with every data segment retransmitted, and continuations out of order: the same trace', () => {
	const out: RawPacket[] = [];
	for (const p of tcpPackets) {
		out.push(p);
		if (tcpPayload(p.data).length > 0) out.push(p);
	}
	// Swap each two consecutive data segments of one connection that carry no start line.
	let swapped = 0;
	for (let i = 0; i + 1 < out.length; i++) {
		const a = tcpPayload(out[i]!.data);
		const b = tcpPayload(out[i + 1]!.data);
		if (a.length === 0 || b.length === 0 || flowOf(out[i]!.data) !== flowOf(out[i + 1]!.data))
			continue;
		if (text(a) === text(b) || /SIP\/2\.0/.test(text(a) + text(b))) continue;
		[out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
		swapped++;
		i++;
	}
	assert.ok(swapped > 0);
	const got = trace(pcap(out, { little: true, nanos: false, linkType: 1 }));
	assert.deepEqual(got.problems, []);
	assert.equal(got.text, tcpOriginal.text);
});

test('tcp-story.pcap with a data segment missing: said, the other messages read', () => {
	const cut = tcpPackets.findIndex((p) => /^PUBLISH /.test(text(tcpPayload(p.data))));
	const out = tcpPackets.filter(
		(_, i) => i !== cut + 1 || tcpPayload(tcpPackets[i]!.data).length === 0,
	);
	const got = readCapture(pcap(out, { little: true, nanos: false, linkType: 1 }));
	assert.ok(got.messages.length >= 13);
	assert.ok(got.problems.some((p) => p.code === 'capture.tcp-gap'));
});

// A snapshot length (`tcpdump -s 300`) keeps the first octets of each packet: a message cut
// inside its headers lacks the rest of them, which is the capture's doing, said once per message.
test('a capture cut by its snapshot length: each cut message said cut, with its size on the wire, and no header said missing', () => {
	const whole = readCapture(file('presence-story.pcapng'));
	const snap = 300;
	const packets = packetsOf(file('presence-story.pcapng')).map((p) =>
		p.data.length > snap ? { ...p, data: p.data.slice(0, snap), wireLength: p.data.length } : p,
	);
	const cut = readCapture(pcap(packets, { little: true, nanos: false, linkType: 1 }));
	assert.equal(cut.messages.length, whole.messages.length);
	const shortened = cut.messages.filter((m, i) => m.text.length < whole.messages[i]!.text.length);
	assert.ok(shortened.length > 0);
	// The size on the wire of each cut message is its whole text's.
	for (const m of shortened) {
		const full = whole.messages[cut.messages.indexOf(m)]!;
		assert.equal(m.wireOctets, Buffer.byteLength(full.text));
	}
	const text = renderCapture(cut.messages);
	const analysis = analyzeTrace(text);
	assert.equal(analysis.messages.length, whole.messages.length);
	assert.deepEqual(
		[...new Set(analysis.problems.map((p) => p.code))].filter(
			(c) => !analyzeTrace(renderCapture(whole.messages)).problems.some((p) => p.code === c),
		),
		['message.truncated'],
	);
	const said = analysis.problems.filter((p) => p.code === 'message.truncated');
	assert.equal(said.length, shortened.length);
	assert.ok(said.every((p) => /snapshot length/.test(p.message)));
});

// Over TCP too (`tcpdump -s 200` of SIP over TCP): each segment cut, the stream's next segment
// starts past the octets the capture did not keep. A message the cut stops inside is said cut,
// its size on the wire given where its Content-Length tells it, and none of its headers is said
// missing; the stream's last segment, after which no segment tells what is missing, too.
test('a TCP capture cut by its snapshot length: each cut message said cut, no header said missing', () => {
	const whole = readCapture(file('tcp-story.pcap'));
	const snap = 200;
	const packets = packetsOf(file('tcp-story.pcap')).map((p) =>
		p.data.length > snap ? { ...p, data: p.data.slice(0, snap), wireLength: p.data.length } : p,
	);
	const cut = readCapture(pcap(packets, { little: true, nanos: false, linkType: 1 }));
	const analysis = analyzeTrace(renderCapture(cut.messages));
	const truncated = analysis.problems.filter((p) => p.code === 'message.truncated');
	assert.ok(truncated.length > 0);
	// Every message the cut shortened is said cut, and nothing it lacks is blamed on its sender.
	assert.equal(truncated.length, cut.messages.filter((m) => m.wireOctets !== undefined).length);
	const before = new Set(analyzeTrace(renderCapture(whole.messages)).problems.map((p) => p.code));
	assert.deepEqual(
		[...new Set(analysis.problems.map((p) => p.code))].filter((c) => !before.has(c)),
		['message.truncated'],
	);
});

// Linphone's delivery receipts are deflated (`Content-Encoding: deflate`): their octets are not
// UTF-8, so the capture decodes them one character an octet, which Content-Length counts.
test('a binary body a capture decoded octet for octet holds exactly its Content-Length: nothing said', () => {
	const body = Buffer.from([0x78, 0x9c, 0x0a, 0xd7, 0x58, 0xd7, 0x41, 0x42, 0xff, 0x00, 0x80]);
	const message = (length: number) =>
		Buffer.concat([
			Buffer.from(
				[
					'MESSAGE sip:bob@127.0.0.1:15061 SIP/2.0',
					'Via: SIP/2.0/UDP 127.0.0.1:15062;branch=z9hG4bK.imdn1',
					'Max-Forwards: 70',
					'From: <sip:alice@example.test>;tag=a1',
					'To: <sip:bob@example.test>',
					'Call-ID: imdn-1@127.0.0.1',
					'CSeq: 20 MESSAGE',
					'Content-Type: message/imdn+xml',
					'Content-Encoding: deflate',
					`Content-Length: ${length}`,
					'',
					'',
				].join('\r\n'),
				'latin1',
			),
			body,
		]);
	const problems = (length: number) => {
		const capture = readCapture(udpCapture(message(length)));
		assert.equal(capture.messages.length, 1);
		return analyzeTrace(renderCapture(capture.messages))
			.problems.filter((p) => p.code.startsWith('content-length.'))
			.map((p) => p.severity);
	};
	assert.deepEqual(problems(body.length), []);
	// A length the octets do not make is still said.
	assert.deepEqual(problems(body.length - 3).length, 1);
});

// A line end inside a header, sent so (baresip with a `+sip.instance` whose file ended in a line
// end): in a capture no copy wrapped it, the message is malformed as sent.
test("a header broken over two lines in a captured datagram: malformed as sent, not a copy's wrap", () => {
	const register = (contact: string[]) =>
		Buffer.from(
			[
				'REGISTER sip:127.0.0.1 SIP/2.0',
				'Via: SIP/2.0/UDP 127.0.0.1:15062;branch=z9hG4bK.reg1',
				'Max-Forwards: 70',
				'From: <sip:carol@127.0.0.1>;tag=c1',
				'To: <sip:carol@127.0.0.1>',
				'Call-ID: reg-1@127.0.0.1',
				'CSeq: 1 REGISTER',
				...contact,
				'Content-Length: 0',
				'',
				'',
			].join('\r\n'),
			'latin1',
		);
	const said = (payload: Buffer) =>
		analyzeTrace(renderCapture(readCapture(udpCapture(payload)).messages))
			.problems.filter((p) => p.code.startsWith('header.'))
			.map((p) => [p.code, p.severity]);
	assert.deepEqual(
		said(register(['Contact: <sip:carol@127.0.0.1:15062>;+sip.instance="<urn:uuid:1234', '>"'])),
		[['header.malformed', 'error']],
	);
	assert.deepEqual(said(register(['Contact: <sip:carol@127.0.0.1:15062>'])), []);
});

// A segment lost and sent again after the next one of its connection: the message behind it in
// the stream is read only once the gap is filled, so it comes after it, not before.
test("tcp-story.pcap with a message's segment re-sent after the next message's: the messages in stream order", () => {
	const starts = /^(?:SIP\/2\.0 \d{3} |[A-Z]+ \S+ SIP\/2\.0\r\n)/;
	const data = tcpPackets.map((p) => text(tcpPayload(p.data)));
	// The first data segment that starts a message and is followed, in its connection, by another.
	let moved = -1;
	let next = -1;
	for (let i = 0; i < tcpPackets.length && moved < 0; i++) {
		if (!starts.test(data[i]!)) continue;
		for (let j = i + 1; j < tcpPackets.length; j++) {
			if (data[j]!.length === 0 || flowOf(tcpPackets[j]!.data) !== flowOf(tcpPackets[i]!.data))
				continue;
			if (starts.test(data[j]!)) [moved, next] = [i, j];
			break;
		}
	}
	assert.ok(moved >= 0);
	const out = tcpPackets.filter((_, k) => k !== moved);
	out.splice(next, 0, { ...tcpPackets[moved]!, ns: tcpPackets[next]!.ns + 1000n });
	const got = readCapture(pcap(out, { little: true, nanos: false, linkType: 1 }));
	const original = readCapture(file('tcp-story.pcap'));
	// Each direction of each connection: its messages in the order they were sent.
	const byFlow = (c: typeof got) => {
		const flows = new Map<string, string[]>();
		for (const m of c.messages) {
			const key = `${m.src} ${m.dst}`;
			flows.set(key, [...(flows.get(key) ?? []), m.text.slice(0, m.text.indexOf('\r\n'))]);
		}
		return flows;
	};
	assert.deepEqual(byFlow(got), byFlow(original));
	assert.equal(got.messages.length, original.messages.length);
});
