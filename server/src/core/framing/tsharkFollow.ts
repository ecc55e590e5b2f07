import type { Span } from '../model';
import type { FormatRules, MessageMeta } from './engine';
import { isStartLine, readLine, type Line } from './lines';

/*
 * tshark's stream follower in ASCII (`tshark -q -z follow,udp,ascii,0`, also `tcp` and `tls`):
 * a block per stream, opened by a rule of `=` and `Follow: udp,ascii`, `Filter: ...`, `Node 0:
 * 127.0.0.1:15061`, `Node 1: 127.0.0.1:15060`, then each packet's payload as a line with its
 * length in octets (node 1's behind a tab) and the payload, every octet one character (one not
 * printable is `.`, CR and LF are kept), and a line end of tshark's after it:
 *
 *   393
 *   SUBSCRIBE sip:linda@127.0.0.1 SIP/2.0
 *   ...
 *   	373
 *   SIP/2.0 200 OK
 *
 * A message takes its addresses from the block's nodes: node 0's payloads go from node 0 to
 * node 1. The trace gives no time. Over TCP a payload is a segment, so a message goes on in the
 * next payload of the same node, after its length line: read on there, as ngrep's (see
 * `continuation`). A UDP payload is a whole datagram: tshark has put its fragments together.
 * The blocks' heads are read here for the hex mode too (`follow,udp,hex`, tsharkFollowHex.ts).
 */

/** What a block's head says about the payloads below it. */
export interface FollowBlock {
	/** Where its `Follow:` line starts. */
	readonly at: number;
	readonly transport: string | null;
	readonly nodes: readonly [string | null, string | null];
	/** The payloads are printed as hex dumps (`follow,udp,hex`), not as text. */
	readonly hex: boolean;
}

const followLine = /^Follow: (\w{1,12}),(ascii|hex)\s*$/;
const nodeLine = /^Node ([01]): (\S{1,300})\s*$/;

/** The transports tshark follows, as frames name them; null: a stream SIP is not read from. */
const transports: Readonly<Record<string, string>> = { udp: 'UDP', tcp: 'TCP', tls: 'TLS' };

/** Is [start, end) a line of tshark's block head (`Follow:`, `Filter:`, `Node N:`, the rule)? */
export function isFollowHeadLine(text: string, start: number, end: number): boolean {
	const s = text.slice(start, Math.min(end, start + 320));
	return (
		followLine.test(s) || nodeLine.test(s) || s.startsWith('Filter: ') || /^={20,}\s*$/.test(s)
	);
}

/** Is the line one that opens a block of tshark's stream follower (detection's marker)? */
export function isFollowMarker(s: string): boolean {
	return followLine.test(s) || nodeLine.test(s);
}

/**
 * The length line of a payload: digits alone, behind a tab for node 1 (see isIndented). Its
 * length, or -1.
 */
function payloadLength(text: string, start: number, end: number): number {
	let i = start;
	if (isIndented(text, i)) i = text.charCodeAt(i) === 9 ? i + 1 : i + spacesAt(text, i);
	if (i === end || end - i > 9) return -1;
	let n = 0;
	for (; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c < 48 || c > 57) return -1;
		n = n * 10 + (c - 48);
	}
	return n;
}

/** Node 1's length line: behind a tab, or the spaces a copy turned it into. */
function isIndented(text: string, at: number): boolean {
	const c = text.charCodeAt(at);
	return c === 9 || (c === 32 && spacesAt(text, at) <= 8);
}

/** The run of spaces at `at`. */
function spacesAt(text: string, at: number): number {
	let i = at;
	while (text.charCodeAt(i) === 32) i++;
	return i - at;
}

/** Whether a block of `text` follows a stream (TCP, TLS), whose payloads are segments. */
function followsStream(text: string): boolean {
	return text.includes('Follow: tcp,') || text.includes('Follow: tls,');
}

/** Of `blocks` (in text order), the last one that opens before `at`: the one `at` lies in. */
export function blockBefore(blocks: readonly FollowBlock[], at: number): FollowBlock | null {
	let lo = 0;
	let hi = blocks.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (blocks[mid]!.at < at) lo = mid + 1;
		else hi = mid;
	}
	return lo > 0 ? blocks[lo - 1]! : null;
}

/** The blocks of one text, found once, in order. */
export function blocksOf(text: string): FollowBlock[] {
	const blocks: FollowBlock[] = [];
	const line: Line = { start: 0, end: 0, next: 0 };
	for (let at = text.indexOf('Follow: '); at >= 0; at = text.indexOf('Follow: ', at + 8)) {
		if (at > 0 && text.charCodeAt(at - 1) !== 10) continue;
		if (!readLine(text, at, line)) break;
		const follow = followLine.exec(text.slice(line.start, Math.min(line.end, line.start + 40)));
		if (!follow) continue;
		const nodes: [string | null, string | null] = [null, null];
		// `Filter:`, then the two nodes, each on a line of its own.
		let next = line.next;
		for (let k = 0; k < 3 && readLine(text, next, line); k++, next = line.next) {
			const node = nodeLine.exec(text.slice(line.start, Math.min(line.end, line.start + 320)));
			if (node) nodes[Number(node[1])] = node[2]!;
		}
		blocks.push({
			at,
			transport: transports[follow[1]!.toLowerCase()] ?? null,
			nodes,
			hex: follow[2] === 'hex',
		});
	}
	return blocks;
}

/**
 * The rules for tshark's stream follower; the blocks of the last text framed are kept. Payloads
 * are read a line at a time (see `continuation`) only where a block follows a stream (TCP, TLS):
 * a UDP payload, a whole datagram, is read as the engine reads a bare message.
 */
export function tsharkFollow(text: string): FormatRules {
	let seen: string | null = null;
	let blocks: FollowBlock[] = [];
	const probe: Line = { start: 0, end: 0, next: 0 };
	/** The block whose payloads `at` lies among: the last one that opens before it. */
	const blockAt = (text: string, at: number): FollowBlock | null => {
		if (text !== seen) blocks = blocksOf(text);
		// This very string from now on: an equal one is compared character by character once.
		seen = text;
		return blockBefore(blocks, at);
	};
	/**
	 * The payload whose length line starts at `at` is as tshark prints it: its octets, then
	 * tshark's line end, then the next length line, the block's closing rule or the end.
	 */
	const wholePayload = (text: string, at: number): number => {
		if (!readLine(text, at, probe)) return -1;
		const length = payloadLength(text, probe.start, probe.end);
		if (length < 0) return -1;
		const data = probe.next;
		const after = data + length;
		if (after > text.length || text.charCodeAt(after) !== 10) return -1;
		if (after + 1 >= text.length || !readLine(text, after + 1, probe)) return data;
		const c = text.charCodeAt(probe.start);
		return payloadLength(text, probe.start, probe.end) >= 0 || c === 61 ? data : -1;
	};
	const aboveStartLine = (text: string, at: number): boolean =>
		readLine(text, at, probe) &&
		readLine(text, probe.next, probe) &&
		isStartLine(text, probe.start, probe.end);
	const rules: FormatRules = {
		format: 'tsharkFollow',
		matchMeta(text, start, end): MessageMeta | null {
			const length = payloadLength(text, start, end);
			// A payload's line of digits alone (a text body's) is no length line: one is where its
			// payload is whole as printed, or, in a copy whose line ends were changed (the
			// counts are then off), right above a start line.
			if (length < 0 || (wholePayload(text, start) < 0 && !aboveStartLine(text, start)))
				return null;
			const block = blockAt(text, start);
			const node = isIndented(text, start) ? 1 : 0;
			return {
				src: block?.nodes[node] ?? null,
				dst: block?.nodes[1 - node] ?? null,
				transport: block?.transport ?? null,
				declaredBytes: length,
			};
		},
		isRecord: isFollowHeadLine,
		continuation(text, start, end, _next, packetAt) {
			// Only a stream's segments go on. The engine asks at each line of a message: at the
			// line after the one a payload ended in (tshark's line end ends that one; an empty line
			// follows a payload that ended with its own), which is the next payload's length line.
			if (packetAt < 0 || end - start > 10) return -1;
			const transport = blockAt(text, start)?.transport;
			if (transport !== 'TCP' && transport !== 'TLS') return -1;
			// The other node's payload: the message is read cut, as far as this one goes.
			if (isIndented(text, start) !== isIndented(text, packetAt)) return -1;
			return wholePayload(text, start);
		},
	};
	if (followsStream(text)) return rules;
	const { continuation: _, ...datagrams } = rules;
	return datagrams;
}

/**
 * The head of the block whose payloads `at` lies among (its rule of `=`, `Follow:`, `Filter:`,
 * the nodes), to go with them where they are taken on their own; null when there is none.
 */
export function followHeadBefore(text: string, at: number): Span | null {
	const line: Line = { start: 0, end: 0, next: 0 };
	let follow = text.lastIndexOf('Follow: ', at);
	while (follow > 0 && text.charCodeAt(follow - 1) !== 10)
		follow = text.lastIndexOf('Follow: ', follow - 1);
	if (follow < 0 || !readLine(text, follow, line)) return null;
	if (!followLine.test(text.slice(line.start, Math.min(line.end, line.start + 40)))) return null;
	// The rule above it, and the lines of the head below it, up to the last node.
	let start = follow;
	const above = text.lastIndexOf('\n', follow - 2) + 1;
	if (follow > 0 && /^={20,}\s*$/.test(text.slice(above, follow - 1))) start = above;
	let end = line.next;
	for (let k = 0; k < 3 && end < at && readLine(text, end, line); k++) {
		if (!isFollowHeadLine(text, line.start, line.end)) break;
		end = line.next;
	}
	return { start, end };
}
