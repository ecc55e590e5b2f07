// Captures that lie, end early or carry no SIP: the reader says what is wrong (problems), keeps
// what it could read, never throws and never runs long.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCapture, renderCapture } from '../../server/src/core/capture';
import { analyzeTrace } from '../../server/src/core';
import { fragment4, ipOfEthernet, links, packetsOf, pcap, type RawPacket } from './captureBytes';

const real = join(__dirname, '..', 'fixtures', 'real');
const file = (name: string) => new Uint8Array(readFileSync(join(real, name)));
const codes = (b: Uint8Array) => readCapture(b).problems.map((p) => p.code);

/** Runs `f`, failing when it takes longer than `ms` (a hang shows as a failure, not a stuck run). */
function quick<T>(ms: number, f: () => T): T {
	const start = performance.now();
	const out = f();
	assert.ok(performance.now() - start < ms, `took ${Math.round(performance.now() - start)} ms`);
	return out;
}

const u32le = (b: Uint8Array, at: number, v: number) =>
	new DataView(b.buffer, b.byteOffset).setUint32(at, v, true);

/** Where a record (pcap) or block (pcapng) of a little-endian file ends: a cut there leaves a whole file. */
function recordEnds(b: Uint8Array): Set<number> {
	const v = new DataView(b.buffer, b.byteOffset);
	const ends = new Set<number>();
	const classic = v.getUint32(0, true) === 0xa1b2c3d4;
	for (let at = classic ? 24 : 0; at < b.length;) {
		at += classic ? 16 + v.getUint32(at + 8, true) : v.getUint32(at + 4, true);
		ends.add(at);
	}
	return ends;
}

test('every cut of a pcapng and of a pcap: the messages before the cut, a truncation said', () => {
	for (const name of ['challenged-call.pcapng', 'tcp-story.pcap']) {
		const whole = file(name);
		const all = readCapture(whole).messages.map((m) => m.text);
		const ends = recordEnds(whole);
		for (let cut = 0; cut < whole.length; cut += 97) {
			const got = readCapture(whole.slice(0, cut));
			// Every message read from a cut file is one of the whole file's, or a TCP one cut short.
			for (const m of got.messages)
				assert.ok(
					all.some((t) => t.startsWith(m.text)),
					`${name} cut at ${cut}`,
				);
			if (!ends.has(cut)) assert.ok(got.problems.length > 0, `${name} cut at ${cut}: nothing said`);
		}
	}
});

test('a pcapng block whose length lies (too long, not a multiple of 4, too short, zero): said, no loop', () => {
	const whole = file('challenged-call.pcapng');
	// The block after the Section Header and the Interface Description: the first packet's.
	const first = new DataView(whole.buffer, whole.byteOffset).getUint32(4, true);
	const idb = new DataView(whole.buffer, whole.byteOffset).getUint32(first + 4, true);
	const at = first + idb;
	for (const [length, code] of [
		[0x7ffffff0, 'capture.truncated'],
		[0xffffffff, 'capture.bad-block'],
		[13, 'capture.bad-block'],
		[4, 'capture.bad-block'],
		[0, 'capture.bad-block'],
	] as const) {
		const b = whole.slice();
		u32le(b, at + 4, length);
		const got = quick(1000, () => readCapture(b));
		assert.ok(
			got.problems.some((p) => p.code === code),
			`${length}: ${got.problems.map((p) => p.code).join()}`,
		);
		assert.equal(got.messages.length, 0);
	}
});

test('a pcap record that says more octets than the file holds: said, the records before it read', () => {
	const whole = file('tcp-story.pcap');
	const b = whole.slice();
	// The 40th record's captured length.
	let at = 24;
	for (let i = 0; i < 39; i++) at += 16 + new DataView(b.buffer).getUint32(at + 8, true);
	u32le(b, at + 8, 0xfffffff0);
	const got = quick(1000, () => readCapture(b));
	assert.ok(got.messages.length > 0);
	assert.equal(got.packets, 39);
	assert.deepEqual(
		got.problems.filter((p) => p.code !== 'capture.tcp-gap').map((p) => [p.code, p.packet]),
		[['capture.truncated', 40]],
	);
});

test('not a capture, or a capture of another protocol: said, no message', () => {
	assert.deepEqual(codes(new TextEncoder().encode('SUBSCRIBE sip:a@b SIP/2.0\r\n')), [
		'capture.not-a-capture',
	]);
	assert.deepEqual(codes(new Uint8Array()), ['capture.not-a-capture']);
	// DNS-like datagrams and an HTTP exchange over TCP, on the presence story's addresses.
	const sip = packetsOf(file('presence-story.pcapng'));
	const other: RawPacket[] = sip.slice(0, 20).map((p, i) => {
		const ip = ipOfEthernet(p.data).slice(0, 28);
		const body = new TextEncoder().encode(
			i % 2 ? 'HTTP/1.1 200 OK\r\n\r\n' : 'GET / HTTP/1.1\r\nHost: a\r\n\r\n',
		);
		const data = new Uint8Array(28 + body.length);
		data.set(ip);
		data.set(body, 28);
		new DataView(data.buffer).setUint16(2, data.length);
		new DataView(data.buffer).setUint16(24, 8 + body.length);
		return { ...p, data: links.ethernet(data) };
	});
	const got = readCapture(pcap(other, { little: true, nanos: false, linkType: 1 }));
	assert.equal(got.messages.length, 0);
	assert.deepEqual(
		got.problems.map((p) => p.code),
		['capture.no-sip'],
	);
	// An unknown link type is named.
	const unknown = readCapture(pcap(sip.slice(0, 3), { little: true, nanos: false, linkType: 147 }));
	assert.deepEqual(
		unknown.problems.map((p) => p.code),
		['capture.unsupported-link', 'capture.no-sip'],
	);
});

test('UDP keep-alives (CRLF) are noise, not messages', () => {
	const sip = packetsOf(file('presence-story.pcapng'));
	const first = ipOfEthernet(sip[0]!.data);
	const ka = first.slice(0, 32);
	ka.set([13, 10, 13, 10], 28);
	new DataView(ka.buffer).setUint16(2, 32);
	new DataView(ka.buffer).setUint16(24, 12);
	const withKeepAlives = [sip[0]!, { ...sip[0]!, data: links.ethernet(ka) }, ...sip.slice(1)];
	const got = readCapture(pcap(withKeepAlives, { little: true, nanos: false, linkType: 1 }));
	assert.equal(got.messages.length, readCapture(file('presence-story.pcapng')).messages.length);
});

test('hostile fragments: thousands for one datagram, or never completed: said, bounded', () => {
	const sip = packetsOf(file('presence-story.pcapng'));
	const ip = ipOfEthernet(sip.find((p) => p.data.length > 600)!.data);
	// The same first fragment 5000 times, and one datagram whose last fragment never comes.
	const parts = fragment4(ip, 64);
	const flood: RawPacket[] = Array.from({ length: 5000 }, () => ({
		...sip[0]!,
		data: links.ethernet(parts.at(-1)!),
	}));
	const got = quick(3000, () =>
		readCapture(pcap(flood, { little: true, nanos: false, linkType: 1 })),
	);
	assert.ok(got.problems.some((p) => p.code === 'capture.fragments-dropped'));
	const lost = parts.slice(1).map((part) => ({ ...sip[0]!, data: links.ethernet(part) }));
	const incomplete = readCapture(pcap(lost, { little: true, nanos: false, linkType: 1 }));
	assert.ok(incomplete.problems.some((p) => p.code === 'capture.fragments-missing'));
});

test('a TCP message whose Content-Length runs past the stream: kept as far as captured, said by the analysis', () => {
	const packets = packetsOf(file('tcp-story.pcap'));
	const b = pcap(packets, { little: true, nanos: false, linkType: 1 });
	const text = Buffer.from(b).toString('latin1');
	const at = text.search(/Content-Length: +2639/);
	assert.ok(at > 0);
	b.set(new TextEncoder().encode('Content-Length: 9999'), at);
	const got = quick(1000, () => readCapture(b));
	assert.ok(got.messages.length > 0);
	const analysis = analyzeTrace(renderCapture(got.messages));
	assert.ok(analysis.messages.length > 0);
});

test('a pcapng timestamp out of any calendar: the message kept, its time unknown', () => {
	const whole = file('challenged-call.pcapng');
	const view = new DataView(whole.buffer, whole.byteOffset);
	const first = view.getUint32(4, true);
	const at = first + view.getUint32(first + 4, true);
	const b = whole.slice();
	u32le(b, at + 12, 0xffffffff);
	const got = readCapture(b);
	assert.equal(got.messages.length, readCapture(whole).messages.length);
	assert.match(renderCapture(got.messages), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} /);
});
