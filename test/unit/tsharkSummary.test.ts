// tshark's text with each packet's summary line before its dissection (`tshark -P -V -O sip`,
// Wireshark's "Export Packet Dissections" with "Summary line"): real/tshark-summary.tshark.txt,
// the challenged calls' capture printed that way (test/fixtures/README.md). realFixtures.test.ts
// compares its messages and links with tshark's fields; here, where each packet starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';

const dir = join(__dirname, '..', 'fixtures', 'real');

void test("tshark -P: each message's frame starts at its own packet's summary line and ends before the next one", () => {
	const text = readFileSync(join(dir, 'tshark-summary.tshark.txt'), 'utf8');
	const analysis = analyzeTrace(text);
	assert.equal(analysis.format, 'tshark');
	// The packet numbers as tshark printed them: each summary line's first column, each Frame line's.
	const summaries = [...text.matchAll(/^ {0,10}(\d{1,10}) [^\n]{0,200}(?:→|->)[^\n]{0,200}$/gm)];
	const frames = [...text.matchAll(/^Frame (\d{1,10}): /gm)];
	assert.equal(summaries.length, analysis.messages.length);
	assert.equal(frames.length, analysis.messages.length);
	analysis.messages.forEach((m, i) => {
		const { start, end } = m.frame.span;
		assert.equal(start, summaries[i]!.index, `message ${i} starts at its summary line`);
		assert.equal(summaries[i]![1], frames[i]![1]);
		const inside = text.slice(start, end);
		// Its own Frame line, and no other packet's summary line.
		assert.equal(inside.match(/^Frame \d{1,10}: /gm)?.length, 1);
		assert.ok(inside.includes(`\nFrame ${frames[i]![1]}: `), `message ${i}`);
		if (i + 1 < summaries.length) assert.ok(end <= summaries[i + 1]!.index!);
	});
	// Read as the same capture printed without summary lines.
	const plain = analyzeTrace(readFileSync(join(dir, 'challenged-call.tshark.txt'), 'utf8'));
	assert.deepEqual(
		analysis.messages.map((m) => [m.method ?? m.status, m.callId, m.frame.src, m.frame.dst]),
		plain.messages.map((m) => [m.method ?? m.status, m.callId, m.frame.src, m.frame.dst]),
	);
	assert.deepEqual(analysis.problems, []);
});

void test('a packet whose SIP tree the export left collapsed (its heading alone): said, not passed over', () => {
	// An export made with some trees collapsed (a course's README, Zoiper and Asterisk 13):
	// `Session Initiation Protocol (INVITE)` and nothing under it, then the next packet.
	const text = readFileSync(join(dir, 'tshark-summary.tshark.txt'), 'utf8');
	const whole = analyzeTrace(text);
	const headings = [...text.matchAll(/^Session Initiation Protocol \(([^)]+)\)\r?\n/gm)];
	const second = headings[1]!;
	const treeEnd = text.indexOf('\n\n', second.index!);
	const collapsed = text.slice(0, second.index! + second[0].length) + text.slice(treeEnd + 1);
	const a = analyzeTrace(collapsed);
	assert.equal(a.messages.length, whole.messages.length - 1);
	const said = a.problems.filter((p) => /SIP tree collapsed/.test(p.message));
	assert.deepEqual(
		said.map((p) => [p.severity, collapsed.slice(p.span.start, p.span.end)]),
		[['warning', `Session Initiation Protocol (${second[1]})`]],
	);
	// The other packets are read as before.
	const kept = (an: typeof a) => an.messages.map((m) => [m.method ?? m.status, m.callId]);
	assert.deepEqual(kept(a), [...kept(whole).slice(0, 1), ...kept(whole).slice(2)]);
});

void test('a Markdown fence right after a packet whose last header is long: the post closing its code block, not a wrapped header', () => {
	// An issue's tshark export of a Linphone INVITE in a ``` block, its body left out by tshark.
	const text = [
		'```',
		'Frame 12: 1138 bytes on wire (9104 bits), 1138 bytes captured (9104 bits)',
		'Internet Protocol Version 4, Src: 177.16.145.108, Dst: 35.247.226.5',
		'User Datagram Protocol, Src Port: 52466, Dst Port: 5060',
		'Session Initiation Protocol (INVITE)',
		'    Request-Line: INVITE sip:joao@35.247.226.5 SIP/2.0',
		'    Message Header',
		'        Via: SIP/2.0/UDP 192.168.0.110:52466;branch=z9hG4bK.XpX5icLLQ;rport',
		'        From: "Maria" <sip:maria@35.247.226.5>;tag=CJS0LqDpj',
		'        To: "joao" <sip:joao@35.247.226.5>',
		'        CSeq: 20 INVITE',
		'        Call-ID: gTbOAFKVjd',
		'        Max-Forwards: 69',
		'        Contact: <sip:maria@177.16.145.108:52466;transport=udp>',
		'        User-Agent: Linphone_iPhone.SE_iOS12.2/4.0.2-2-gf18fb2a09 (belle-sip/1.6.3)',
		'```',
		'',
		'The server answers 100 Trying.',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tshark');
	assert.deepEqual(
		a.messages.map((m) => m.method),
		['INVITE'],
	);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
});

void test("tshark's line per packet alone (its output without -V): no message, and the warning says how to print them", () => {
	// A blog's capture on a PBX: `tshark -i ens160 port 5060`, one summary line per packet.
	const text = [
		'[root@localhost ~]# tshark -i ens160 port 5060',
		"Capturing on 'ens160'",
		'  1 0.000000000 192.168.160.248 -> 192.168.160.46 SIP/SDP 963 Request: INVITE sip:9196@192.168.160.46 |',
		'  2 0.001190027 192.168.160.46 -> 192.168.160.248 SIP 900 Status: 407 Proxy Authentication Required |',
		'  3 0.001702148 192.168.160.248 → 192.168.160.46 SIP 365 Request: ACK sip:9196@192.168.160.46 |',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 0);
	const warning = a.problems.find((p) => p.code === 'framing.no-messages');
	assert.match(
		warning?.message ?? '',
		/tshark's or Wireshark's line per packet .* `tshark -V -O sip`/,
	);
	// Wireshark's export of the packet list alone (a post's), its addresses without an arrow.
	const list = [
		'No.     Time           Source                Destination           Protocol Length Info',
		'      3 2.653616978    192.168.0.127         192.168.0.198         SIP/SDP  1165   Request: INVITE sip:702@192.168.0.198 | ',
		'',
		'No.     Time           Source                Destination           Protocol Length Info',
		'      4 2.653807098    192.168.0.198         192.168.0.127         SIP      550    Status: 401 Unauthorized | ',
		'',
	].join('\n');
	assert.match(
		analyzeTrace(list).problems.find((p) => p.code === 'framing.no-messages')?.message ?? '',
		/Wireshark's Export Packet Dissections with the packet details expanded/,
	);
	// One such line in a post's prose is not named so.
	const one = analyzeTrace(text.split('\n').slice(0, 3).join('\n'));
	assert.doesNotMatch(
		one.problems.find((p) => p.code === 'framing.no-messages')?.message ?? '',
		/tshark/,
	);
});

void test('a tshark export a post indented as a block among its prose (a `<details>` block): read behind the indent', () => {
	// A course's README: its headings and list at the margin, the export two spaces in.
	const plain = readFileSync(join(dir, 'challenged-call.tshark.txt'), 'utf8');
	const indented = plain
		.split('\n')
		.map((l) => (l ? `  ${l}` : l))
		.join('\n');
	const text = [
		'#### Wireshark Analysis:',
		'',
		'- **Session Request:**',
		'  - Initiation of ringing.',
		'',
		'<details>',
		'  <summary> Wireshark Capture at UE1 </summary>',
		'',
		indented,
		'</details>',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	const whole = analyzeTrace(plain);
	assert.equal(a.format, 'tshark');
	const read = (an: typeof a) =>
		an.messages.map((m) => [m.method ?? m.status, m.callId, m.frame.src, m.frame.dst]);
	assert.deepEqual(read(a), read(whole));
	assert.ok(a.messages.length > 0);
});

void test('Wireshark before 1.6: the SIP tree titled `Session Initiation Protocol` alone is read', () => {
	// The dissection of an Ekiga INVITE and its 200 as a 2011 copy of Wireshark printed them
	// (a SIP library's repository, its notes on a call), without the method after the title.
	const tree = (start: string, headers: string[]): string[] => [
		'Session Initiation Protocol',
		`    ${start.startsWith('SIP/') ? 'Status-Line' : 'Request-Line'}: ${start}`,
		'    Message Header',
		...headers.map((h) => `        ${h}`),
	];
	const common = [
		'Via: SIP/2.0/UDP 10.10.10.248:5062;rport;branch=z9hG4bK2018640705',
		'From: "Mario" <sip:majo@10.10.10.248>;tag=2015993938',
		'Call-ID: 134096379',
		'CSeq: 20 INVITE',
	];
	const text = [
		...tree('INVITE sip:guic@10.10.10.248:5061 SIP/2.0', [
			...common,
			'To: <sip:guic@10.10.10.248:5061>',
			'Contact: <sip:majo@10.10.10.248:5062>',
			'Max-Forwards: 70',
			'Content-Length: 0',
		]),
		'',
		...tree('SIP/2.0 200 OK', [
			...common,
			'To: <sip:guic@10.10.10.248:5061>;tag=7c5dbbe6',
			'Contact: <sip:guic@10.10.10.248:5061>',
			'Content-Length: 0',
		]),
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tshark');
	assert.deepEqual(
		a.messages.map((m) => m.method ?? m.status),
		['INVITE', 200],
	);
	assert.equal(a.index.requestOf(1), 0);
});

void test("Wireshark 1.6's and Ethereal's `Internet Protocol, Src:` gives the packet's addresses", () => {
	// A wiki's Wireshark 1.x export of X-Lite registering with OpenSER.
	const packet = (ipLabel: string) =>
		[
			'Frame 74 (476 bytes on wire, 476 bytes captured)',
			`${ipLabel}, Src: 10.42.16.48 (10.42.16.48), Dst: 192.168.0.30 (192.168.0.30)`,
			'User Datagram Protocol, Src Port: 5061 (5061), Dst Port: 5060 (5060)',
			'Session Initiation Protocol',
			'    Request-Line: REGISTER sip:192.168.0.30 SIP/2.0',
			'    Message Header',
			'        Via: SIP/2.0/UDP 10.42.16.48:5061;rport;branch=z9hG4bK240C2422F5DFEF70',
			'        From: julien <sip:julien@intra-calcman.org>;tag=1847976374',
			'        To: julien <sip:julien@intra-calcman.org>',
			'        Call-ID: 2931A2D9-4C2B-4B1D-B2C4-1E0E7D2C6D0A@10.42.16.48',
			'        CSeq: 40350 REGISTER',
			'        Max-Forwards: 70',
			'        Content-Length: 0',
			'',
		].join('\n');
	for (const label of ['Internet Protocol', 'Internet Protocol Version 4']) {
		const a = analyzeTrace(packet(label));
		assert.equal(a.format, 'tshark');
		assert.deepEqual(
			a.messages.map((m) => [m.method, m.frame.src, m.frame.dst, m.frame.transport]),
			[['REGISTER', '10.42.16.48:5061', '192.168.0.30:5060', 'UDP']],
			label,
		);
	}
});

void test("a page that flattened Ethereal's SIP tree to the margin: not said collapsed", () => {
	// A switch vendor's manual (2007) printed Ethereal's packet details flattened by its PDF,
	// with `Request line:` and `Status line:` as Ethereal labelled them.
	const text = [
		'Figure 3-14 SIP BYE',
		'Frame 14 (356 bytes on wire, 356 bytes captured)',
		'Session Initiation Protocol',
		'Request line: BYE sip:2208000@10.11.3.25;transport=sctp;user=phone SIP/2.0',
		'Method: BYE',
		'Message Header',
		't: <sip:2208000@10.11.3.25;transport=sctp;user=phone>;tag=0-04-012-40007',
		'f: <sip:+18152207000@10.11.3.1;transport=sctp;user=phone>;tag=0-01-012-',
		'i: 00003047-00020039-0002307b@LABM0',
		'CSeq: 3 BYE',
		'v: SIP/2.0/SCTP 10.11.3.1:1;branch=z9hG4bK012001d.00000003',
		'Max-Forwards: 20',
		'l: 0',
		'',
	].join('\n');
	const collapsedSaid = (t: string) =>
		analyzeTrace(t).problems.filter((p) => /SIP tree collapsed/.test(p.message)).length;
	assert.equal(collapsedSaid(text), 0);
	// With the tree's lines gone, the heading alone: said.
	const alone = text.slice(0, text.indexOf('Request line:'));
	assert.equal(collapsedSaid(`${alone}\nFrame 15 (356 bytes on wire, 356 bytes captured)\n`), 1);
});

void test("Wireshark's export with the Time column as the time of day: each packet's summary line gives its time where its Frame tree gives none", () => {
	const text = readFileSync(join(dir, 'tshark-summary.tshark.txt'), 'utf8');
	const count = analyzeTrace(text).messages.length;
	// Seconds since the capture's start are no time of day: no time, as before.
	assert.ok(analyzeTrace(text).messages.every((m) => m.frame.time === null));
	const clock = (k: number) => `19:33:${String(7 + k).padStart(2, '0')}`;
	let k = 0;
	// As Wireshark exports it (View > Time Display Format), an empty line after each summary line.
	const timed = (withDate: boolean, comma: boolean) =>
		text.replace(
			/^( {0,10}\d{1,10} )\d{1,12}\.\d{9}( {1,40}.*)$/gm,
			(_, no: string, rest: string) =>
				`${no}${withDate ? '2026-11-24 ' : ''}${clock(k++)}${comma ? ',' : '.'}319727${rest}\n`,
		);
	k = 0;
	const dated = analyzeTrace(timed(true, true));
	assert.equal(dated.messages.length, count);
	assert.deepEqual(
		dated.messages.map((m) => [m.frame.time, m.frame.epochMicros]),
		dated.messages.map((_, i) => [
			`2026-11-24T${clock(i)}.319727`,
			Date.parse(`2026-11-24T${clock(i)}Z`) * 1000 + 319727,
		]),
	);
	k = 0;
	const undated = analyzeTrace(timed(false, false));
	assert.deepEqual(
		undated.messages.map((m) => [m.frame.time, m.frame.epochMicros]),
		undated.messages.map((_, i) => [`${clock(i)}.319727`, null]),
	);
});

void test('tshark -V of SIP over TLS and over WebSocket, decrypted with the keys: each message says TLS, WS or WSS', () => {
	const packet = (n: number, port: number, layers: string[], branch: string) => [
		`Frame ${n}: 566 bytes on wire (4528 bits), 566 bytes captured (4528 bits)`,
		'Internet Protocol Version 4, Src: 127.0.0.1, Dst: 127.0.0.1',
		`Transmission Control Protocol, Src Port: 45788, Dst Port: ${port}, Seq: 254, Ack: 253, Len: 500`,
		...layers,
		'Session Initiation Protocol (OPTIONS)',
		'    Request-Line: OPTIONS sip:127.0.0.1 SIP/2.0',
		'    Message Header',
		`        Via: SIP/2.0/TCP 127.0.0.1:45788;branch=${branch}`,
		'        From: <sip:a@127.0.0.1>;tag=1',
		'        To: <sip:127.0.0.1>',
		`        Call-ID: ${branch}`,
		'        CSeq: 1 OPTIONS',
		'        Max-Forwards: 70',
		'        Content-Length: 0',
		'',
	];
	const text = [
		...packet(1, 5060, [], 'z9hG4bK1'),
		...packet(2, 5061, ['Transport Layer Security'], 'z9hG4bK2'),
		...packet(3, 8080, ['WebSocket'], 'z9hG4bK3'),
		...packet(4, 8443, ['Transport Layer Security', 'WebSocket'], 'z9hG4bK4'),
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tshark');
	assert.deepEqual(
		a.messages.map((m) => m.frame.transport),
		['TCP', 'TLS', 'WS', 'WSS'],
	);
});
