import { concat, type Bytes } from './bytes';
import { isStartLine, messageEnd, nextStartLine, skipLineEnds } from './sip';
import { problem, type CaptureProblem } from './types';

/*
 * SIP over TCP: each direction of a connection is a byte stream (RFC 9293 §3.4: sequence
 * numbers count its octets). Its segments are put in sequence order, octets already seen
 * (retransmissions, overlaps) dropped, and the stream cut into messages by Content-Length
 * (RFC 3261 §18.3): several messages in one segment, one message over several. A stream may
 * carry SIP in something else (HEP, WebSocket): the caller reads each run of contiguous octets.
 */

export interface Segment {
	readonly seq: number;
	readonly payload: Bytes;
	readonly packet: number;
	readonly epochMicros: number | null;
	/** Octets of the segment the capture did not keep (its snapshot length), when any. */
	readonly uncaptured?: number;
}

export interface StreamMessage {
	/** The packet holding its first octet, and that packet's time. */
	readonly packet: number;
	readonly epochMicros: number | null;
	readonly bytes: Bytes;
	/**
	 * For a message the stream's octets stop inside, where the capture lacks octets after them
	 * (a snapshot length cut the segment): its size on the wire, as its Content-Length gives it,
	 * else its octets with the ones missing after them.
	 */
	readonly wireOctets?: number;
}

/** Contiguous octets of a stream, and the segment that brought each of them. */
export interface StreamRun {
	readonly bytes: Bytes;
	/** The segment holding the octet at `offset` of `bytes`. */
	origin(offset: number): Segment;
	/** How many octets of the stream the capture lacks right after the run (0: none). */
	readonly missingAfter: number;
}

interface Flow {
	/** The sequence number of the stream's first octet: after the SYN's, else the first segment's. */
	base: number | null;
	readonly segments: Segment[];
}

export class TcpStreams {
	private readonly flows = new Map<string, Flow>();
	private readonly done: { key: string; runs: StreamRun[] }[] = [];

	constructor(private readonly problems: CaptureProblem[]) {}

	/** One segment of the direction `key` (source and destination); `syn` when it opens the connection. */
	add(key: string, seq: number, syn: boolean, segment: Segment | null): void {
		let flow = this.flows.get(key);
		if (syn) {
			// A new connection on the same addresses ends the previous one (a SYN retransmitted does not).
			if (flow && flow.segments.length > 0 && flow.base !== (seq + 1) >>> 0) {
				this.done.push({ key, runs: this.cut(flow) });
				flow = undefined;
			}
			if (!flow) this.flows.set(key, (flow = { base: null, segments: [] }));
			flow.base = (seq + 1) >>> 0;
		}
		if (!segment || segment.payload.length === 0) return;
		if (!flow) this.flows.set(key, (flow = { base: null, segments: [] }));
		flow.base ??= segment.seq;
		flow.segments.push(segment);
	}

	/** The runs of every stream (a connection's direction), each with the key of its direction. */
	finish(): { key: string; runs: StreamRun[] }[] {
		for (const [key, flow] of this.flows) this.done.push({ key, runs: this.cut(flow) });
		this.flows.clear();
		return this.done;
	}

	private cut(flow: Flow): StreamRun[] {
		const base = flow.base ?? 0;
		// Offsets relative to the stream's start, signed so that a segment before it sorts first.
		const ordered = flow.segments
			.map((s, i) => ({ s, i, at: (s.seq - base) | 0 }))
			.sort((a, b) => a.at - b.at || a.i - b.i);
		const runs: StreamRun[] = [];
		let run: { at: number; s: Segment }[] = [];
		let next: number | null = null;
		for (const { s, at } of ordered) {
			const end = at + s.payload.length;
			if (next !== null && end <= next) continue; // octets already seen: a retransmission
			if (next !== null && at > next) {
				this.problems.push(
					problem(
						'capture.tcp-gap',
						`${at - next} octets of a TCP stream are not in the capture before packet ${s.packet}: the message there may be cut.`,
						s.packet,
					),
				);
				if (run.length > 0) runs.push(joined(run, at - next));
				run = [];
			}
			const from = next !== null && at < next ? next - at : 0;
			run.push({ at: at + from, s: { ...s, payload: s.payload.subarray(from) } });
			next = end;
		}
		// After the stream's last segment, what the capture did not keep of it.
		if (run.length > 0) runs.push(joined(run, run[run.length - 1]!.s.uncaptured ?? 0));
		return runs;
	}
}

/** Contiguous segments as one run; `origin` is asked for offsets in increasing order (linear). */
function joined(run: readonly { at: number; s: Segment }[], missingAfter: number): StreamRun {
	const bytes = concat(run.map((r) => r.s.payload));
	const start = run[0]!.at;
	let chunk = 0;
	return {
		bytes,
		missingAfter,
		origin(offset: number): Segment {
			if (chunk > 0 && run[chunk]!.at - start > offset) chunk = 0;
			while (chunk + 1 < run.length && run[chunk + 1]!.at - start <= offset) chunk++;
			return run[chunk]!.s;
		},
	};
}

/** The SIP messages of contiguous stream octets, each with the packet of its first octet. */
export function sipMessages({ bytes, origin, missingAfter }: StreamRun): StreamMessage[] {
	const out: StreamMessage[] = [];
	// A message is read after the one before it in the stream: where its first octet came before
	// that one's (the earlier segment lost and sent again), it is placed with that one.
	let floor: Segment | null = null;
	let at = 0;
	while (at < bytes.length) {
		at = skipLineEnds(bytes, at, bytes.length);
		if (at >= bytes.length) break;
		if (!isStartLine(bytes, at, bytes.length)) {
			// Not at a message (the capture started inside one, or another protocol): find the next.
			at = nextStartLine(bytes, at, bytes.length);
			if (at < 0) break;
		}
		const found = messageEnd(bytes, at, bytes.length);
		if (!found) {
			at = nextStartLine(bytes, at, bytes.length);
			if (at < 0) break;
			continue;
		}
		const first = origin(at);
		const s: Segment = floor !== null && floor.packet > first.packet ? floor : first;
		floor = s;
		// Cut where the capture lacks the octets after the run: said, as a datagram a snapshot
		// length cut is (its size on the wire).
		const cut = !found.complete && found.end === bytes.length && missingAfter > 0;
		out.push({
			packet: s.packet,
			epochMicros: s.epochMicros,
			bytes: bytes.subarray(at, found.end),
			...(cut ? { wireOctets: found.wanted ?? found.end - at + missingAfter } : {}),
		});
		at = found.end;
	}
	return out;
}
