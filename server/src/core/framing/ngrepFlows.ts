import type { Span } from '../model';
import type { LogTime } from './logTime';
import { readLine, type Line } from './lines';
import { piecesWithout } from './streamsApart';
import { Removals, TextWithout } from './textWithout';

/*
 * ngrep reassembles no TCP stream: it prints each segment as a packet of its own, in the order
 * they were captured. Where several connections carry messages at once (a presence server's
 * NOTIFYs to its watchers, each on its own connection), a message longer than a segment has
 * other connections' packets between its own, and the next packet printed is no continuation
 * of it. Each connection direction's packets are read apart, without the others' (as the lines
 * of several programs behind a collector's column are, streamsApart.ts): each message's
 * continuation is then its own connection's next packet. Datagrams and the text before the first
 * packet are read together, apart from every connection.
 */

/** The most connection directions read apart; a printout of more is read whole. */
const maxFlows = 256;

/** The packets of one connection direction (or of no connection), and the way back. */
class FlowBlocks {
	readonly removals = new Removals();
	readonly parts: string[] = [];
	/** The runs of other flows' packets among its own, `[start, end)` pairs, ascending. */
	readonly others: number[] = [];
	/** Where its last packet ends. */
	end = 0;
	/** Its last packet came before another flow's: a further packet of it takes turns. */
	interrupted = false;
}

/** One flow's packets, without the others' (see {@link ngrepFlowsApart}). */
export class FlowView extends TextWithout {
	readonly #others: Int32Array;
	readonly joinsParts = false;

	constructor(source: string, blocks: FlowBlocks) {
		super(source, blocks.parts.join(''), blocks.removals);
		this.#others = Int32Array.from(blocks.others);
	}

	ownPieces(span: Span): Span[] {
		return piecesWithout(this.#others, span);
	}

	/** ngrep's packet lines carry their own time: none is taken from elsewhere. */
	stampAt(): LogTime | null {
		return null;
	}
}

/**
 * Each TCP connection direction's packets as a text of its own (the datagrams and the text
 * before the first packet in one more), or null where no connection's packets take turns with
 * another's (the trace is read whole, as it is) or too many connections do. `flowOf(start, end)`
 * names the flow a packet line opens (`src>dst` of a TCP segment, `''` for the others), or null
 * for a line that is no packet line.
 */
export function ngrepFlowsApart(
	text: string,
	flowOf: (start: number, end: number) => string | null,
): FlowView[] | null {
	const flows: FlowBlocks[] = [];
	const byKey = new Map<string, FlowBlocks>();
	const open = (key: string): FlowBlocks | null => {
		let own = byKey.get(key);
		if (!own) {
			if (flows.length === maxFlows) return null;
			own = new FlowBlocks();
			flows.push(own);
			byKey.set(key, own);
		}
		return own;
	};
	let current = open('')!;
	let key = '';
	let blockStart = 0;
	let turns = false;
	const close = (end: number): void => {
		if (end <= blockStart) return;
		if (blockStart > current.end) {
			current.others.push(current.end, blockStart);
			current.removals.take(current.end, blockStart);
		}
		current.parts.push(text.slice(blockStart, end));
		current.end = end;
	};
	const line: Line = { start: 0, end: 0, next: 0 };
	for (let at = 0; at < text.length && readLine(text, at, line); at = line.next) {
		const flow = flowOf(line.start, line.end);
		if (flow === null) continue;
		close(line.start);
		if (flow !== key) {
			current.interrupted = true;
			const next = open(flow);
			if (!next) return null;
			// A connection's packet after another's, its own before: the connections take turns.
			if (flow !== '' && next.interrupted) turns = true;
			next.interrupted = false;
			current = next;
			key = flow;
		}
		blockStart = line.start;
	}
	close(text.length);
	if (!turns) return null;
	return flows.map((own) => {
		if (own.end < text.length) {
			own.others.push(own.end, text.length);
			own.removals.take(own.end, text.length);
		}
		return new FlowView(text, own);
	});
}
