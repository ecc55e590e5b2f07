import type { Frame, FramingResult, Problem, Span } from '../model';
import { sequenceEnd, withoutSequences } from '../text/controlSequence';
import { placedFrame } from '../shift';
import { LogFrame } from './frame';
import { contentLines } from './lines';

/*
 * Terminal colours in a trace: sipgrep colours the method, status, branch, tags and Call-ID of
 * every message even when its output goes to a file; a console (fs_cli, Asterisk's CLI, a
 * Kamailio run with log colours) captured with `script` or `tee` keeps its escapes. An escape
 * sits in the middle of a line (`Call-ID:ESC[1mESC[35m 1-11484@127.0.0.1`), where no format's
 * rules can look past it. Such a trace is framed without its escapes, and the frames are put back
 * on the trace's own offsets, each line of a message in pieces around the escapes in it (read as
 * one line, as a TCP segment's cut lines are: `Frame.joins`).
 */

/** Does `text` hold a terminal control sequence (CSI: `ESC [`)? */
export function holdsColour(text: string): boolean {
	for (let at = text.indexOf('\x1b['); at >= 0; at = text.indexOf('\x1b[', at + 2))
		if (sequenceEnd(text, at) > 0) return true;
	return false;
}

function grown(a: Int32Array): Int32Array {
	const b = new Int32Array(a.length * 2);
	b.set(a);
	return b;
}

/** A frame's lines on the trace's offsets, and what is said of them by pair. */
interface Pieces {
	readonly lines: Int32Array | null;
	readonly joins: Int32Array | null;
	readonly cuts: Int32Array | null;
	readonly keys: Int32Array | null;
}

/** The trace without its control sequences, and the way back to the trace's own offsets. */
export class Uncoloured {
	readonly text: string;
	/** Offsets in {@link text} where sequences were taken out (one per run of them), ascending. */
	readonly #at: Int32Array;
	/** How much was taken out up to and including each of {@link #at}. */
	readonly #shift: Int32Array;
	readonly #sourceLength: number;

	constructor(source: string) {
		// The places, found by the scanner the check uses; the text, by one native replace of
		// the same sequences (cheaper than joining the pieces between them).
		let at: Int32Array = new Int32Array(256);
		let shift: Int32Array = new Int32Array(256);
		let runs = 0;
		let removed = 0;
		for (let esc = source.indexOf('\x1b['); esc >= 0; esc = source.indexOf('\x1b[', esc + 1)) {
			const end = sequenceEnd(source, esc);
			if (end < 0) continue;
			const place = esc - removed;
			removed += end - esc;
			// Sequences one after the other are one run: one place in the text without them.
			if (runs > 0 && at[runs - 1] === place) shift[runs - 1] = removed;
			else {
				if (runs === at.length) {
					at = grown(at);
					shift = grown(shift);
				}
				at[runs] = place;
				shift[runs++] = removed;
			}
			esc = end - 1;
		}
		this.text = withoutSequences(source);
		this.#at = at.slice(0, runs);
		this.#shift = shift.slice(0, runs);
		this.#sourceLength = source.length;
	}

	/** How many runs lie at offsets below `p` (or at most `p`, with `atOrBefore`). */
	#runsBefore(p: number, atOrBefore: boolean): number {
		const at = this.#at;
		let lo = 0;
		let hi = at.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (at[mid]! < p || (atOrBefore && at[mid] === p)) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/** A character's offset: past the sequences right before it. */
	inside(p: number): number {
		const k = this.#runsBefore(p, true);
		return p + (k > 0 ? this.#shift[k - 1]! : 0);
	}

	/**
	 * A span's edge: before the sequences there, so spans still cover the whole trace; the end of
	 * the text is the trace's, past any sequence it ends with.
	 */
	edge(p: number): number {
		return p >= this.text.length ? this.#sourceLength : this.#before(p);
	}

	/** Where content that ends at `p` ends: before the sequences there. */
	#before(p: number): number {
		const k = this.#runsBefore(p, false);
		return p + (k > 0 ? this.#shift[k - 1]! : 0);
	}

	/** `result`, framed from {@link text}, on the trace's offsets; null for a hex dump's reading. */
	framedBack(result: FramingResult): FramingResult | null {
		// A reading is the same length as the text it reads: not one of the trace's.
		if (result.reading !== undefined) return null;
		const outer = (s: Span): Span => ({ start: this.edge(s.start), end: this.edge(s.end) });
		// Nothing but sequences: no span covers the empty text left, so one of noise covers them.
		const noise =
			this.text.length === 0 && this.#sourceLength > 0
				? [{ start: 0, end: this.#sourceLength }]
				: result.noise.map(outer);
		const back: FramingResult = {
			format: result.format,
			frames: result.frames.map((f) => this.#frame(f, outer)),
			noise,
			problems: result.problems.map((p) => this.#problem(p)),
		};
		return result.logOnly ? { ...back, logOnly: result.logOnly.map(outer) } : back;
	}

	#inner(s: Span): Span {
		const start = this.inside(s.start);
		return { start, end: Math.max(start, this.#before(s.end)) };
	}

	#problem(p: Problem): Problem {
		return { ...p, span: this.#inner(p.span) };
	}

	#frame(f: Frame, outer: (s: Span) => Span): Frame {
		const sip = this.#inner(f.sip);
		// A message with no sequence inside it is where it was, in one piece.
		const whole = this.#runsBefore(f.sip.end, false) === this.#runsBefore(f.sip.start, true);
		const moved: Pieces = whole
			? {
					lines: f.lines && this.#mapped(f.lines),
					joins: f.joins ?? null,
					cuts: f.cuts ?? null,
					keys: f.keys ?? null,
				}
			: this.#pieces(f.lines ?? contentLines(this.text, f.sip.start, f.sip.end), f);
		// The engine's frames stay compact, their time unread (see frame.ts).
		if (f instanceof LogFrame) return f.placed((p) => this.edge(p), sip, moved.lines, moved.joins);
		return placedFrame(f, {
			span: outer(f.span),
			meta: f.meta && outer(f.meta),
			sip,
			...moved,
			rest: f.rest?.map(outer),
		});
	}

	#mapped(lines: Int32Array): Int32Array {
		const out = new Int32Array(lines.length);
		for (let i = 0; i < lines.length; i += 2) {
			out[i] = this.inside(lines[i]!);
			out[i + 1] = Math.max(out[i]!, this.#before(lines[i + 1]!));
		}
		return out;
	}

	/**
	 * Each line pair cut where sequences were taken out inside it, the pieces joined; the frame's
	 * own joins, cut marks and keys moved to the pairs their lines now start (or end) with.
	 */
	#pieces(lines: Int32Array, f: Frame): Pieces {
		const at = this.#at;
		const shift = this.#shift;
		const pairs = lines.length / 2;
		// The runs among the lines: a pair gets one more piece for each inside it.
		const lo = pairs > 0 ? this.#runsBefore(lines[0]!, false) : 0;
		const hi = pairs > 0 ? this.#runsBefore(lines[lines.length - 1]!, false) : 0;
		const out = new Int32Array(lines.length + 2 * (hi - lo));
		const joins: number[] = [];
		// The index of each old pair's first piece, and one past its last.
		const first = new Int32Array(pairs + 1);
		const shiftBefore = (k: number): number => (k > 0 ? shift[k - 1]! : 0);
		let n = 0;
		// The first run at or after the current pair's start: pairs are in text order, so one
		// walk over the runs serves them all.
		let k = lo;
		for (let i = 0; i < lines.length; i += 2) {
			const s = lines[i]!;
			const e = lines[i + 1]!;
			if (k > 0 && at[k - 1]! >= s) k = this.#runsBefore(s, false);
			while (k < at.length && at[k]! < s) k++;
			first[i / 2] = n / 2;
			// Past the sequences right before the line's content.
			if (k < at.length && at[k] === s) k++;
			let start = s + shiftBefore(k);
			for (; k < at.length && at[k]! < e; k++) {
				joins.push(n / 2);
				out[n++] = start;
				out[n++] = at[k]! + shiftBefore(k);
				start = at[k]! + shift[k]!;
			}
			out[n++] = start;
			out[n++] = Math.max(start, e + shiftBefore(k));
		}
		first[pairs] = n / 2;
		for (const pair of f.joins ?? []) joins.push(first[pair + 1]! - 1);
		if (f.joins?.length) joins.sort((a, b) => a - b);
		return {
			lines: n === out.length ? out : out.slice(0, n),
			joins: Int32Array.from(joins),
			cuts: f.cuts ? f.cuts.map((pair) => first[pair]!) : (f.cuts ?? null),
			keys: f.keys ? f.keys.map((v, i) => (i % 2 === 0 ? first[v]! : v)) : (f.keys ?? null),
		};
	}
}
