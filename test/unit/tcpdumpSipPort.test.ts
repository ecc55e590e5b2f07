// tcpdump -v and -vv on SIP's port 5060, where tcpdump prints the payload itself (print-sip.c):
// each line behind a tab after `SIP, length: N` (test/fixtures/formats/tcpdump-v*-sip-port.txt,
// printed from real/presence-story.pcapng with the server's port moved onto 5060 by
// test/scripts/sipPort.mjs). Each message read is compared line by line with the same frame's
// payload in presence-story.sip, independently of the analyser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { textOf } from '../../server/src/core/parser/joins';
import { coversAll } from './coversAll';

const fixtures = join(__dirname, '..', 'fixtures');
const read = (path: string): string => readFileSync(join(fixtures, path), 'utf8');

/** The lines of each SIP frame's payload, in capture order, without the empty ones at its end. */
const sip = read('real/presence-story.sip');
const starts = [...sip.matchAll(/^(?:[A-Z]+ sip:\S+ SIP\/2\.0|SIP\/2\.0 \d{3} [^\r\n]*)\r$/gm)].map(
	(m) => m.index,
);
const payloadLines = starts.map((s, i) => {
	const lines = sip.slice(s, starts[i + 1] ?? sip.length).split(/\r?\n/);
	while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
	return lines;
});

/** 0-based line of an offset. */
const lineOf = (text: string, offset: number): number =>
	text.slice(0, offset).split('\n').length - 1;

const ports = ['15061', '15062', '15063', '15064'];

for (const { file, lines } of [
	{
		file: 'formats/tcpdump-v-sip-port.txt',
		lines: [2, 18, 31, 46, 57, 73, 86, 101, 112, 128, 141, 156, 167, 194, 206, 234, 247],
	},
	{ file: 'formats/tcpdump-vv-sip-port.txt', lines: [2, 18, 31, 46] },
])
	test(`${file}: each message is read from its lines behind the tab, with its packet's time and addresses`, () => {
		const text = read(file);
		const a = analyzeTrace(text);
		assert.equal(a.format, 'tcpdump');
		assert.equal(a.messages.length, lines.length);
		a.messages.forEach((m, i) => {
			assert.equal(lineOf(text, m.startLine.start), lines[i], `message ${i}: line`);
			const got: string[] = [];
			const pairs = m.frame.lines!;
			for (let k = 0; k < pairs.length; k += 2)
				got.push(textOf(text, m.frame, pairs[k]!, pairs[k + 1]!));
			assert.deepEqual(got, payloadLines[i], `message ${i}: lines`);
			// The packet line above it: UDP (the checksum's remark before `SIP` in -vv
			// notwithstanding), between the server on 5060 and an agent.
			assert.equal(m.frame.transport, 'UDP');
			const line = text.split('\n')[lines[i]! - 1]!;
			const [src, dst] = /(\S+) > (\S+):/.exec(line)!.slice(1);
			const address = (s: string): string => s.replace(/\.(\d+)$/, ':$1');
			assert.deepEqual([m.frame.src, m.frame.dst], [address(src!), address(dst!)]);
			assert.ok([m.frame.src, m.frame.dst].some((x) => ports.some((p) => x?.endsWith(`:${p}`))));
			assert.match(m.frame.time ?? '', /^22:42:0\d\.\d{6}$/);
		});
		assert.deepEqual(
			a.problems.map((p) => p.code),
			[],
		);
		coversAll(text, a);
	});

test('a -vv packet line over IPv6 gives its transport after the checksum remark', () => {
	const text = read('real/presence-ipv6.tcpdump-vv.txt');
	assert.ok(text.startsWith('2026-11-24 22:42:20.476459 IP6 (flowlabel'));
	assert.ok(text.includes('[bad udp cksum 0x018a -> 0x6823!] UDP, length 367'));
	const a = analyzeTrace(text);
	assert.ok(a.messages.length > 0);
	assert.ok(a.messages.every((m) => m.frame.transport === 'UDP'));
});
