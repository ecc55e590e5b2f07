import type { FramingResult } from '../model';
import { Builder } from './engine';
import { charAt, readRow, type DumpRow } from './hexDump';
import { readLine, type Line } from './lines';
import {
	doubled,
	messageLines,
	OctetMessage,
	octetsOf,
	readingOf,
	skipLineEnds,
	startsMessage,
	type HexPacket,
} from './tcpdumpHex';
import { blockBefore, blocksOf, type FollowBlock } from './tsharkFollow';

/*
 * tshark's stream follower in hex (`tshark -q -z follow,udp,hex,0`, also `tcp`): the blocks'
 * heads are as in ASCII (see tsharkFollow.ts), and each payload is a hex dump, node 1's behind a
 * tab, 16 octets a row with a gap after the eighth, in hex and as characters:
 *
 *   00000000  53 55 42 53 43 52 49 42  45 20 73 69 70 3a 6c 69  SUBSCRIB E sip:li
 *   	00000000  53 49 50 2f 32 2e 30 20  32 30 30 20 4f 4b 0d 0a  SIP/2.0  200 OK..
 *
 * A row's offset runs on over all of its node's payloads, so a node's rows that follow one
 * another read as one run of octets, whatever payloads they came in. The octets are read from the
 * hex and the messages over the characters column, as with any hex dump (see hexDump.ts); a run's
 * messages end where Content-Length says. A TCP message whose rest comes after the other node's
 * payload is read cut. Addresses and transport come from the block's head; there is no time.
 */

/** Is `text` a stream follower's printout in hex (its first block's head says so)? */
export function followsInHex(text: string): boolean {
	const first = text.indexOf('Follow: ');
	if (first < 0) return false;
	const blocks = blocksOf(text.slice(Math.max(0, first - 1), first + 40));
	return blocks.length > 0 && blocks[0]!.hex;
}

/** Frames a stream follower's printout in hex; what is not a payload's rows is noise. */
export function frameFollowHex(text: string): FramingResult {
	const out = new Builder();
	const blocks = blocksOf(text);
	const packets: HexPacket[] = [];
	const line: Line = { start: 0, end: 0, next: 0 };
	const octets = new Uint8Array(16);
	const row: DumpRow = { offset: 0, count: 0, chars: 0, end: 0, split: false };
	for (let p = 0; p < text.length && readLine(text, p, line);) {
		const block = blockBefore(blocks, line.start);
		if (!block?.hex || !readRow(text, line.start, line.end, octets, row)) {
			p = line.next;
			continue;
		}
		const start = line.start;
		const node = nodeOf(text, start);
		const run = readRun(text, start, node, line);
		packets.push(run);
		frameRun(run, start, block, node, out);
		p = run.dumpEnd > start ? run.dumpEnd : line.next;
	}
	const result = out.finish(text.length, 'tsharkFollow');
	const reading = readingOf(text, packets);
	return reading === undefined ? result : { ...result, reading };
}

/** Node 1's rows are indented (a tab, or spaces a copy made of it). */
function nodeOf(text: string, lineStart: number): 0 | 1 {
	const c = text.charCodeAt(lineStart);
	return c === 9 || c === 32 ? 1 : 0;
}

/** The octets of one node's rows from the row at `from`, each where the last left off. */
function readRun(text: string, from: number, node: 0 | 1, line: Line): HexPacket {
	let bytes: Uint8Array = new Uint8Array(256);
	let pos: Int32Array = new Int32Array(256);
	let n = 0;
	let expected = -1;
	let dumpEnd = from;
	const octets = new Uint8Array(16);
	const row: DumpRow = { offset: 0, count: 0, chars: 0, end: 0, split: false };
	// tshark leaves out the spaces that end a row's characters. Such an octet takes the character
	// of a space before the next row's characters (after its offset, between its hex), so that
	// the message's line reads it, its pieces still in text order; the last row's stand at its end.
	const unprinted: number[] = [];
	for (let p = from; p < text.length && readLine(text, p, line); p = line.next) {
		if (nodeOf(text, line.start) !== node || !readRow(text, line.start, line.end, octets, row))
			break;
		if (expected >= 0 && row.offset !== expected) break;
		expected = row.offset + row.count;
		dumpEnd = line.next;
		for (let i = line.start, k = 0; i < row.chars && k < unprinted.length; i++)
			if (text.charCodeAt(i) === 32) pos[unprinted[k++]!] = i;
		unprinted.length = 0;
		if (n + row.count > bytes.length) [bytes, pos] = doubled(bytes, pos);
		for (let j = 0; j < row.count; j++) {
			bytes[n] = octets[j]!;
			pos[n] = charAt(row, j);
			if (pos[n] === row.end && octets[j] === 32) unprinted.push(n);
			n++;
		}
	}
	// A last row the file ends on, without its line end: its left-out spaces have no place in the
	// text, and are left out of the message (the trace is cut there).
	while (n > 0 && pos[n - 1]! >= text.length) n--;
	return {
		bytes: bytes.subarray(0, n),
		pos: pos.subarray(0, n),
		payloadStart: 0,
		payloadEnd: n,
		dumpEnd,
	};
}

/** The messages of a run, one after the other, each as long as its Content-Length says. */
function frameRun(
	run: HexPacket,
	start: number,
	block: FollowBlock,
	node: 0 | 1,
	out: Builder,
): void {
	const n = run.bytes.length;
	const own = octetsOf(run, 0, n);
	let frameStart = start;
	for (let at = skipLineEnds(own, 0, n); at < n && startsMessage(own, at, n);) {
		let end = new OctetMessage(at).read(own, n);
		if (end < 0 || end > n) end = n;
		const following = skipLineEnds(own, end, n);
		const another = following < n && startsMessage(own, following, n);
		const frameEnd = another ? run.pos[following]! : run.dumpEnd;
		const { lines, joins } = messageLines(own, at, end);
		out.addFrame({
			format: 'tsharkFollow',
			span: { start: frameStart, end: frameEnd },
			meta: null,
			sip: { start: run.pos[at]!, end: run.pos[end - 1]! + 1 },
			lines,
			joins,
			time: null,
			epochMicros: null,
			src: block.nodes[node],
			dst: block.nodes[1 - node],
			transport: block.transport,
			direction: null,
			declaredBytes: null,
		});
		if (!another) return;
		frameStart = frameEnd;
		at = following;
	}
}
