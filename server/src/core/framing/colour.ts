import type { Frame, FramingResult, Problem, Span } from '../model';
import { sequenceEnd } from '../text/controlSequence';

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

/** The trace without its control sequences, and the way back to the trace's own offsets. */
export class Uncoloured {
	readonly text: string;
	/** Offsets in {@link text} where sequences were taken out (one per run of them), ascending. */
	readonly #at: Int32Array;
	/** How much was taken out up to and including each of {@link #at}. */
	readonly #shift: Int32Array;
	readonly #sourceLength: number;

	constructor(source: string) {
		const parts: string[] = [];
		const at: number[] = [];
		const shift: number[] = [];
		let from = 0;
		let length = 0;
		let removed = 0;
		for (let esc = source.indexOf('\x1b['); esc >= 0; esc = source.indexOf('\x1b[', esc + 1)) {
			const end = sequenceEnd(source, esc);
			if (end < 0) continue;
			parts.push(source.slice(from, esc));
			length += esc - from;
			removed += end - esc;
			// Sequences one after the other are one run: one place in the text without them.
			if (at.length > 0 && at[at.length - 1] === length) shift[shift.length - 1] = removed;
			else {
				at.push(length);
				shift.push(removed);
			}
			from = end;
			esc = end - 1;
		}
		parts.push(source.slice(from));
		this.text = parts.join('');
		this.#at = Int32Array.from(at);
		this.#shift = Int32Array.from(shift);
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
		const back: FramingResult = {
			format: result.format,
			frames: result.frames.map((f) => this.#frame(f, outer)),
			noise: result.noise.map(outer),
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
		// Field by field: a frame may read its fields through getters (the engine's), which a
		// spread would not copy.
		let back: Frame = {
			format: f.format,
			span: outer(f.span),
			meta: f.meta && outer(f.meta),
			sip: this.#inner(f.sip),
			lines: f.lines,
			time: f.time,
			epochMicros: f.epochMicros,
			src: f.src,
			dst: f.dst,
			transport: f.transport,
			direction: f.direction,
			declaredBytes: f.declaredBytes,
		};
		if (f.joins) back = { ...back, joins: f.joins };
		if (f.cuts) back = { ...back, cuts: f.cuts };
		if (f.keys) back = { ...back, keys: f.keys };
		if (f.rest) back = { ...back, rest: f.rest.map(outer) };
		// A message with no sequence inside it is where it was, in one piece.
		if (this.#runsBefore(f.sip.end, false) === this.#runsBefore(f.sip.start, true)) {
			return f.lines ? { ...back, lines: this.#mapped(f.lines) } : back;
		}
		return { ...back, ...this.#pieces(f.lines ?? this.#linesOf(f.sip), f) };
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
	#pieces(lines: Int32Array, f: Frame): Pick<Frame, 'lines' | 'joins' | 'cuts' | 'keys'> {
		const out: number[] = [];
		const joins: number[] = [];
		// The index of each old pair's first piece, and one past its last.
		const first = new Int32Array(lines.length / 2 + 1);
		const at = this.#at;
		for (let i = 0; i < lines.length; i += 2) {
			const s = lines[i]!;
			const e = lines[i + 1]!;
			first[i / 2] = out.length / 2;
			let start = this.inside(s);
			for (let k = this.#runsBefore(s, true); k < at.length && at[k]! < e; k++) {
				joins.push(out.length / 2);
				out.push(start, this.#before(at[k]!));
				start = this.inside(at[k]!);
			}
			out.push(start, Math.max(start, this.#before(e)));
		}
		first[lines.length / 2] = out.length / 2;
		for (const pair of f.joins ?? []) joins.push(first[pair + 1]! - 1);
		joins.sort((a, b) => a - b);
		const moved: Pick<Frame, 'lines' | 'joins' | 'cuts' | 'keys'> = {
			lines: Int32Array.from(out),
			joins: Int32Array.from(joins),
			cuts: f.cuts ? f.cuts.map((pair) => first[pair]!) : (f.cuts ?? null),
			keys: f.keys ? f.keys.map((v, i) => (i % 2 === 0 ? first[v]! : v)) : (f.keys ?? null),
		};
		return moved;
	}

	/** The content of each line of a contiguous message (without its line end). */
	#linesOf(sip: Span): Int32Array {
		const pairs: number[] = [];
		const text = this.text;
		for (let at = sip.start; at < sip.end;) {
			let nl = text.indexOf('\n', at);
			if (nl < 0 || nl >= sip.end) nl = sip.end;
			let end = nl;
			while (end > at && text.charCodeAt(end - 1) === 13) end--;
			pairs.push(at, end);
			at = nl + 1;
		}
		return Int32Array.from(pairs);
	}
}
