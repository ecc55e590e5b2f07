// Packets as bare hex dumps (see server/src/core/framing/hexDump.ts). The real fixtures
// (test/scripts/make-hex-dump-printouts.sh): tshark -x of two stories (checked with the other
// real fixtures against tshark's fields), and linda's first PUBLISH alone as `hexdump -C` and
// `xxd` print it. The other shapes are made here from those: tcpdump -X's dump lines without
// their packet lines, and Wireshark's "Copy as Hex Dump" (three spaces after the offset).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import { bodyText } from '../../server/src/core/bodies/bodyText';
import type { TraceAnalysis } from '../../server/src/core/model';

const dir = join(__dirname, '..', 'fixtures', 'real');
const read = (name: string): string => readFileSync(join(dir, name), 'utf8');

/** Each message as a reader sees it: what it is, its dialog, between whom, its body (read from
 * the dump's reading, `analysis.text`). */
function seen(a: TraceAnalysis): unknown[] {
	return a.messages.map((m) => ({
		method: m.method,
		status: m.status,
		callId: m.callId,
		cseq: m.cseq,
		src: m.frame.src,
		dst: m.frame.dst,
		body: m.body === null ? null : bodyText(a.text, m),
	}));
}

void test("linda's PUBLISH as hexdump -C and xxd print its octets: the message as sent, body and all", () => {
	const story = analyzeTrace(read('presence-story.sip'));
	const sent = story.messages.find((m) => m.method === 'PUBLISH')!;
	const storyText = read('presence-story.sip');
	for (const name of ['presence-story.publish.hexdump-C.txt', 'presence-story.publish.xxd.txt']) {
		const text = read(name);
		const a = analyzeTrace(text);
		assert.equal(a.format, 'hexDump', name);
		assert.equal(a.messages.length, 1, name);
		const m = a.messages[0]!;
		assert.deepEqual(
			[m.method, m.callId, m.cseq, m.contentLength, m.frame.src],
			[sent.method, sent.callId, sent.cseq, sent.contentLength, null],
			name,
		);
		// The body read from the dump's lines, each line end as one (the last one the message's).
		assert.equal(bodyText(a.text, m), bodyText(storyText, sent).trimEnd(), name);
		assert.deepEqual(
			a.problems.map((p) => p.code),
			[],
			name,
		);
	}
});

void test("tcpdump -X's dump lines pasted without their packet lines: each packet's message, with the packet's addresses", () => {
	const tcpdump = read('presence-story.tcpdump-X.txt');
	const dumps = tcpdump
		.split('\n')
		.filter((l) => l.startsWith('\t0x'))
		.join('\n');
	const a = analyzeTrace(dumps);
	assert.equal(a.format, 'hexDump');
	const whole = analyzeTrace(tcpdump);
	assert.equal(a.messages.length, whole.messages.length);
	assert.deepEqual(seen(a), seen(whole));
});

void test("Wireshark's Copy as Hex Dump (three spaces after the offset) reads as tshark -x does", () => {
	const tshark = read('presence-story.tshark-bytes.txt');
	const copied = tshark.replace(/^([0-9a-f]{4}) {2}/gm, '$1   ');
	assert.notEqual(copied, tshark);
	assert.deepEqual(seen(analyzeTrace(copied)), seen(analyzeTrace(tshark)));
});

void test('a dump line whose characters do not stand for its octets is no dump line: its packet is not read', () => {
	const tshark = read('presence-story.tshark-bytes.txt');
	const whole = analyzeTrace(tshark);
	// The third line of the first packet (`..:.:.....SUBSCR`), one character changed.
	const edited = tshark.replace('..:.:.....SUBSCR', '..:.:.....SUBSCX');
	assert.notEqual(edited, tshark);
	const a = analyzeTrace(edited);
	assert.equal(a.messages.length, whole.messages.length - 1);
	assert.deepEqual(seen(a), seen(whole).slice(1));
});

void test('a dump row whose first octet is a bar (0x7c) is read: the bar is its character, not the column -C opens', () => {
	const tshark = read('presence-story.tshark-bytes.txt');
	const whole = seen(analyzeTrace(tshark)) as { dst: string }[];
	// The first packet's destination address 127.0.0.1 made 127.0.124.1: its row opens with 0x7c.
	const row = '0020  00 01 3a d5 3a d4 01 91 ff a4 53 55 42 53 43 52   ..:.:.....SUBSCR';
	assert.ok(tshark.includes(row));
	const edited = tshark.replace(row, row.replace('0020  00', '0020  7c').replace('..:.:', '|.:.:'));
	const a = seen(analyzeTrace(edited)) as { dst: string }[];
	assert.equal(a.length, whole.length);
	assert.equal(a[0]!.dst, whole[0]!.dst.replace('127.0.0.1', '127.0.124.1'));
	assert.deepEqual(a.slice(1), whole.slice(1));
});

void test("a dump row whose characters end with a request line's `SIP/2.0` (three spaces after the offset) is no start line, whatever layer the packet holds", () => {
	// A HEPv2 packet as Wireshark's Copy as Hex Dump gives it (a HOMER issue): the INVITE
	// inside a capture protocol's packet, which is not read; its row ending `sport=ws SIP/2.0`,
	// `..Record-Route: ` below it, is no request line of a message the sender broke.
	const row = (offset: number, hex: string) => {
		const octets = hex.split(' ').map((h) => parseInt(h, 16));
		const chars = octets.map((o) => (o >= 32 && o < 127 ? String.fromCharCode(o) : '.')).join('');
		return `${offset.toString(16).padStart(4, '0')}   ${hex}  ${chars}`;
	};
	const text = [
		row(0x70, '73 70 6f 72 74 3d 77 73 20 53 49 50 2f 32 2e 30'),
		row(0x80, '0d 0a 52 65 63 6f 72 64 2d 52 6f 75 74 65 3a 20'),
		row(0x90, '3c 73 69 70 3a 31 36 39 2e 35 37 2e 31 36 31 2e'),
		'',
	].join('\n');
	assert.ok(text.includes('sport=ws SIP/2.0\n'));
	const a = analyzeTrace(text);
	assert.deepEqual(a.messages, []);
	assert.ok(!a.problems.some((p) => p.severity === 'error'));
});
