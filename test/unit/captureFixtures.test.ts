// The real captures of test/fixtures/real (tshark and tcpdump on loopback, see
// test/fixtures/README.md) opened as traces: every capture's SIP messages, read from its octets
// and rendered in the header-line format, are analysed like any trace. What they must give is
// computed without the product: the links from tshark's dissection (`*.expected.json` of the same
// story's bare export, made by expected-links.mjs), the addresses from tshark's text, the times
// and addresses from sngrep's export, and for TCP each message as tshark reassembled it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { analyzeTrace } from '../../server/src/core';
import { readCapture, renderCapture } from '../../server/src/core/capture';
import type { CapturedMessage } from '../../server/src/core/capture';
import { linksOf, type Expected } from './expectedLinks';

const dir = join(__dirname, '..', 'fixtures', 'real');
const captures = readdirSync(dir)
	.filter((name) => /\.(pcap|pcapng)$/.test(name))
	.sort();
const stem = (name: string) => name.replace(/\.(pcap|pcapng)$/, '');
const read = (name: string) => readCapture(new Uint8Array(readFileSync(join(dir, name))));
const json = <T>(name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;

/** The expectations of the story's export that holds every message: the bare one, else tcpdump's. */
function wholeStory(name: string): string | null {
	for (const export_ of ['sip', 'tcpdump.txt']) {
		const file = `${stem(name)}.${export_}.expected.json`;
		if (existsSync(join(dir, file))) return file;
	}
	return null;
}

test('every capture of the fixtures is read, as pcap or pcapng, without a problem', () => {
	assert.ok(
		captures.some((n) => n.endsWith('.pcap')) && captures.some((n) => n.endsWith('.pcapng')),
	);
	for (const name of captures) {
		const capture = read(name);
		assert.equal(capture.container, name.endsWith('.pcapng') ? 'pcapng' : 'pcap', name);
		assert.deepEqual(capture.problems, [], name);
		assert.ok(capture.messages.length > 0, name);
	}
});

for (const name of captures) {
	const expectedFile = wholeStory(name);
	if (!expectedFile) continue;
	test(`${name}: every message and link as tshark's dissection gives them (${expectedFile})`, () => {
		const expected = json<Expected>(expectedFile);
		const analysis = analyzeTrace(renderCapture(read(name).messages));
		assert.equal(analysis.format, 'headerLine');
		assert.equal(analysis.messages.length, expected.messages.length);
		for (const want of expected.messages) {
			const m = analysis.messages[want.index]!;
			assert.deepEqual(
				{ method: m.method, status: m.status, callId: m.callId },
				{ method: want.method, status: want.status, callId: want.callId },
				`message ${want.index}`,
			);
			assert.deepEqual(
				linksOf(analysis, want.index, 'replaces' in want.links),
				want.links,
				`links of message ${want.index}`,
			);
		}
	});
}

for (const name of captures)
	test(`${name}: one empty line between messages, each message's text as captured`, () => {
		const messages = read(name).messages;
		const text = renderCapture(messages);
		const analysis = analyzeTrace(text);
		assert.equal(analysis.messages.length, messages.length);
		analysis.messages.forEach((m, i) => {
			const captured = messages[i]!.text;
			assert.equal(
				text.slice(m.frame.sip.start, m.frame.sip.start + captured.length),
				captured,
				`message ${i} is its octets as captured`,
			);
			if (i === 0) return;
			// What lies between the end of the previous message's last line that is not empty (the
			// end of what the capture kept of a message it cut) and this message's header line: one
			// empty line.
			const before = text.slice(0, m.frame.meta!.start);
			const previous = analysis.messages[i - 1]!;
			const gap =
				messages[i - 1]!.wireOctets !== undefined
					? before.slice(
							previous.frame.sip.start + messages[i - 1]!.text.replace(/\r?\n$/, '').length,
						)
					: before.slice(before.trimEnd().length);
			assert.match(gap, /^\r?\n\r?\n$/, `one empty line before message ${i}`);
		});
	});

/** Source, destination and transport of each UDP frame of tshark's `-V -O sip` text, in frame order. */
function tsharkAddresses(text: string): { src: string; dst: string; transport: string }[] {
	const out: { src: string; dst: string; transport: string }[] = [];
	let ip: string[] = [];
	for (const line of text.split('\n')) {
		const ipLine = /^Internet Protocol Version [46], Src: (\S+), Dst: (\S+)/.exec(line);
		if (ipLine) ip = [ipLine[1]!, ipLine[2]!].map((a) => (a.includes(':') ? `[${a}]` : a));
		const udp = /^User Datagram Protocol, Src Port: (\d+), Dst Port: (\d+)/.exec(line);
		if (udp) out.push({ src: `${ip[0]}:${udp[1]}`, dst: `${ip[1]}:${udp[2]}`, transport: 'UDP' });
	}
	return out;
}

for (const name of captures) {
	const tshark = join(dir, `${stem(name)}.tshark.txt`);
	if (!existsSync(tshark)) continue;
	test(`${name}: each message's source, destination and transport are those tshark prints for its frame`, () => {
		const frames = tsharkAddresses(readFileSync(tshark, 'utf8'));
		const analysis = analyzeTrace(renderCapture(read(name).messages));
		assert.deepEqual(
			analysis.messages.map((m) => ({
				src: m.frame.src,
				dst: m.frame.dst,
				transport: m.frame.transport,
			})),
			frames,
		);
	});
}

for (const name of captures) {
	const sngrep = join(dir, `${stem(name)}.sngrep.txt`);
	if (!existsSync(sngrep)) continue;
	test(`${name}: times (UTC, microseconds) and addresses are those sngrep's export prints`, () => {
		// sngrep groups its export by dialog: compared as sorted lists.
		const printed = readFileSync(sngrep, 'utf8')
			.split('\n')
			.filter((l) => /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d{6} \S+ -> \S+$/.test(l))
			.map((l) => l.replace(/^(\d{4})\/(\d\d)\/(\d\d)/, '$1-$2-$3'))
			.sort();
		const analysis = analyzeTrace(renderCapture(read(name).messages));
		const ours = analysis.messages
			.map((m) => `${m.frame.time!.replace('T', ' ')} ${m.frame.src} -> ${m.frame.dst}`)
			.sort();
		assert.deepEqual(ours, printed);
	});
}

test("baresip-presence.pcapng: each baresip log's messages are in the capture, with their links", () => {
	const name = 'baresip-presence.pcapng';
	const messages = read(name).messages;
	const heads = analyzeTrace(renderCapture(messages)).messages;
	const logs = readdirSync(dir).filter((n) =>
		/^baresip-presence\.[a-z]+\.log\.expected\.json$/.test(n),
	);
	assert.equal(logs.length, 3);
	for (const log of logs) {
		const expected = json<Expected>(log);
		// Each message the log holds, found in the capture (the log is one agent's side, in the
		// order the agent handled them: a REGISTER's 200 may come after a PUBLISH sent later).
		const used = new Set<number>();
		const picked: CapturedMessage[] = [];
		for (const want of expected.messages) {
			const i = heads.findIndex(
				(h, i) =>
					!used.has(i) &&
					h.method === want.method &&
					h.status === want.status &&
					h.callId === want.callId &&
					h.frame.src === want.src &&
					h.frame.dst === want.dst,
			);
			assert.ok(i >= 0, `${log}: message ${want.index} not in the capture`);
			used.add(i);
			picked.push(messages[i]!);
		}
		// Its links are among its own messages: the same messages rendered alone give them.
		const analysis = analyzeTrace(renderCapture(picked));
		for (const want of expected.messages)
			assert.deepEqual(
				linksOf(analysis, want.index, false),
				want.links,
				`${log}: links of ${want.index}`,
			);
	}
});

/** Start line, headers (name, value as tshark gives it: without the spaces around it) and body. */
function parts(text: string): { startLine: string; headers: [string, string][]; body: string } {
	const end = text.indexOf('\r\n\r\n');
	const [startLine = '', ...lines] = text.slice(0, end).split('\r\n');
	const headers = lines.map((l): [string, string] => {
		const colon = l.indexOf(':');
		return [l.slice(0, colon).trim(), l.slice(colon + 1).trim()];
	});
	return { startLine, headers, body: text.slice(end + 4) };
}

interface TsharkMessage {
	frame: number;
	startLine: string;
	headers: [string, string][];
	body: string;
}

/** Source and destination of each packet line of tcpdump's text, by packet number. */
function tcpdumpAddresses(text: string): { src: string; dst: string }[] {
	const out: { src: string; dst: string }[] = [];
	for (const line of text.split('\n')) {
		const m = / IP6? (\S+)\.(\d+) > (\S+)\.(\d+): /.exec(line);
		if (!m || /^\s/.test(line)) continue;
		const at = (ip: string, port: string) =>
			ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
		out.push({ src: at(m[1]!, m[2]!), dst: at(m[3]!, m[4]!) });
	}
	return out;
}

/**
 * Source and destination of each packet of ngrep's text (`ngrep -I`), by the packet number it
 * prints (`T 127.0.0.1:15420 -> 127.0.0.1:15422 [AP] #71`): the capture's frame number.
 */
function ngrepAddresses(text: string): { src: string; dst: string }[] {
	const out: { src: string; dst: string }[] = [];
	for (const m of text.matchAll(/^[TU] (\S+) -> (\S+) .*#(\d+)$/gm))
		out[Number(m[3]) - 1] = { src: m[1]!, dst: m[2]! };
	return out;
}

/** The addresses of each packet, from the story's tcpdump text, or else its ngrep text. */
function packetAddresses(name: string): { src: string; dst: string }[] {
	const tcpdump = join(dir, `${stem(name)}.tcpdump.txt`);
	if (existsSync(tcpdump)) return tcpdumpAddresses(readFileSync(tcpdump, 'utf8'));
	return ngrepAddresses(readFileSync(join(dir, `${stem(name)}.ngrep.txt`), 'utf8'));
}

for (const name of captures.filter((n) => existsSync(join(dir, `${stem(n)}.messages.json`)))) {
	test(`${name}: each message over TCP is the one tshark reassembled, octet for octet, with its addresses`, () => {
		const reassembled = json<TsharkMessage[]>(`${stem(name)}.messages.json`);
		const packets = packetAddresses(name);
		const ours = read(name).messages;
		assert.equal(ours.length, reassembled.length);
		assert.ok(ours.every((m) => m.transport === 'TCP'));
		// Opened as a trace, each message still says it came over TCP.
		const opened = analyzeTrace(renderCapture(ours)).messages;
		assert.equal(opened.length, ours.length);
		assert.ok(opened.every((m) => m.frame.transport === 'TCP'));
		// tshark dissects a message in the frame of its last segment, we place it at its first: the
		// same messages, matched by their text.
		const left = ours.map((m) => ({ m, parts: parts(m.text) }));
		for (const t of reassembled) {
			const want = { startLine: t.startLine, headers: t.headers, body: t.body };
			const i = left.findIndex((o) => isDeepStrictEqual(o.parts, want));
			assert.ok(i >= 0, `frame ${t.frame}: ${t.startLine} not read whole`);
			assert.deepEqual(
				{ src: left[i]!.m.src, dst: left[i]!.m.dst },
				packets[t.frame - 1],
				`addresses of frame ${t.frame}`,
			);
			left.splice(i, 1);
		}
	});
}

test('a request whose top Via says UDP, captured on a TCP connection, is said to name the wrong transport', () => {
	const bytes = new Uint8Array(readFileSync(join(dir, 'tcp-story.pcap')));
	const problemsOf = (b: Uint8Array) =>
		analyzeTrace(renderCapture(readCapture(b).messages)).problems.filter(
			(p) => p.code === 'via.transport-mismatch',
		);
	assert.deepEqual(problemsOf(bytes), []);
	// The first request's top Via rewritten in place (same length: the stream's octets still add up).
	const text = Buffer.from(bytes).toString('latin1');
	const at = text.indexOf('Via: SIP/2.0/TCP ');
	assert.ok(at > 0);
	const changed = Uint8Array.from(bytes);
	changed.set(Buffer.from('Via: SIP/2.0/UDP ', 'latin1'), at);
	const found = problemsOf(changed);
	assert.equal(found.length, 1);
	assert.match(found[0]!.message, /top Via says UDP, but the trace shows this request over TCP/);
});

test('a request in a UDP packet whose top Via says TCP is not judged: tools write datagrams of messages sent over TCP (sipdump)', () => {
	const bytes = new Uint8Array(readFileSync(join(dir, 'presence-story.pcapng')));
	const text = Buffer.from(bytes).toString('latin1');
	const at = text.indexOf('Via: SIP/2.0/UDP ');
	assert.ok(at > 0);
	const changed = Uint8Array.from(bytes);
	changed.set(Buffer.from('Via: SIP/2.0/TCP ', 'latin1'), at);
	const analysis = analyzeTrace(renderCapture(readCapture(changed).messages));
	assert.ok(analysis.messages.some((m) => m.frame.transport === 'UDP'));
	assert.deepEqual(
		analysis.problems.filter((p) => p.code === 'via.transport-mismatch'),
		[],
	);
});

test("a capture editcap cut to 300 octets a packet, and tshark's text of it: each cut message said cut, nothing else said of it", () => {
	const whole = analyzeTrace(renderCapture(read('presence-story.pcapng').messages));
	const wholeCodes = new Set(whole.problems.map((p) => p.code));
	const capture = read('presence-story.snap300.pcap');
	const cut = capture.messages.filter((m) => m.wireOctets !== undefined).length;
	assert.ok(cut > 0);
	const tshark = readFileSync(join(dir, 'presence-story.snap300.tshark.txt'), 'utf8');
	// tshark's frames that it says were not captured whole.
	const printed = [
		...tshark.matchAll(/^Frame \d+: (\d+) bytes on wire \(\d+ bits\), (\d+) bytes captured/gm),
	];
	assert.equal(printed.filter((f) => f[1] !== f[2]).length, cut);
	for (const analysis of [analyzeTrace(renderCapture(capture.messages)), analyzeTrace(tshark)]) {
		assert.equal(analysis.messages.length, whole.messages.length);
		const said = analysis.problems.filter((p) => p.code === 'message.truncated');
		assert.equal(said.length, cut);
		assert.ok(said.every((p) => /snapshot length/.test(p.message)));
		assert.deepEqual(
			analysis.problems.filter((p) => p.code !== 'message.truncated' && !wholeCodes.has(p.code)),
			[],
		);
	}
});
