import type { Frame, FramingResult, Problem, Span } from '../model';
import { placedFrame } from '../shift';
import { LogFrame } from './frame';
import { contentLines, readLine, type Line } from './lines';
import type { LogTime } from './logTime';

/*
 * A trace read without some of its characters (terminal colours, a log collector's prefix on
 * each line), and the way back: the frames found in what is left are put back on the trace's own
 * offsets, each line of a message in pieces around what was taken out inside it (read as one
 * line, as a TCP segment's cut lines are: `Frame.joins`).
 */

/** Runs of characters taken out of a text, collected in text order. */
export class Removals {
	/** Offsets in the text without them where runs were taken out (one per run), ascending. */
	at: Int32Array = new Int32Array(256);
	/** How much was taken out up to and including each of {@link at}. */
	shift: Int32Array = new Int32Array(256);
	runs = 0;
	removed = 0;

	/** Takes out the source's `[start, end)`, which lies after every run taken out before. */
	take(start: number, end: number): void {
		if (end <= start) return;
		const place = start - this.removed;
		this.removed += end - start;
		// Runs one after the other are one run: one place in the text without them.
		if (this.runs > 0 && this.at[this.runs - 1] === place) {
			this.shift[this.runs - 1] = this.removed;
			return;
		}
		if (this.runs === this.at.length) {
			this.at = grown(this.at);
			this.shift = grown(this.shift);
		}
		this.at[this.runs] = place;
		this.shift[this.runs++] = this.removed;
	}
}

/**
 * `source` with what `cut` says of each line taken off its start: `cut(start, end)` of the line
 * [start, end) (its line end left out) is where its kept text starts, `start` for a line kept
 * whole.
 */
export function linesCut(
	source: string,
	cut: (start: number, end: number) => number,
): { text: string; removals: Removals } {
	const removals = new Removals();
	const parts: string[] = [];
	const line: Line = { start: 0, end: 0, next: 0 };
	let kept = 0;
	for (let at = 0; at < source.length && readLine(source, at, line); at = line.next) {
		const end = cut(line.start, line.end);
		if (end <= line.start) continue;
		parts.push(source.slice(kept, line.start));
		removals.take(line.start, end);
		kept = end;
	}
	parts.push(source.slice(kept));
	return { text: parts.join(''), removals };
}

/**
 * `source` with each match of the global `pattern` taken out: [match start, `end(match)`) (the
 * whole match unless `end` says less).
 */
export function matchesCut(
	source: string,
	pattern: RegExp,
	end: (m: RegExpExecArray) => number = (m) => m.index + m[0].length,
): { text: string; removals: Removals } {
	const removals = new Removals();
	const parts: string[] = [];
	let kept = 0;
	pattern.lastIndex = 0;
	for (let m = pattern.exec(source); m; m = pattern.exec(source)) {
		const to = end(m);
		parts.push(source.slice(kept, m.index));
		removals.take(m.index, to);
		kept = to;
	}
	parts.push(source.slice(kept));
	return { text: parts.join(''), removals };
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

/** The trace without the runs of `removals`, and the way back to the trace's own offsets. */
export class TextWithout {
	readonly text: string;
	readonly #at: Int32Array;
	readonly #shift: Int32Array;
	readonly #sourceLength: number;
	readonly #source: string;
	readonly #readingsBack: boolean;

	/**
	 * `text` is `source` without the runs `removals` took out of it. With `readingsBack`, a
	 * framing of `text` with a reading of its own (a hex dump's) is put back too: the runs lie
	 * between lines, where a reading keeps each line's place.
	 */
	constructor(source: string, text: string, removals: Removals, readingsBack = false) {
		this.text = text;
		this.#at = removals.at.slice(0, removals.runs);
		this.#shift = removals.shift.slice(0, removals.runs);
		this.#sourceLength = source.length;
		this.#source = source;
		this.#readingsBack = readingsBack;
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
	framedBack(
		result: FramingResult,
		stamp?: (offset: number) => LogTime | null,
	): FramingResult | null {
		// A reading is the same length as the text it reads: not one of the trace's, unless the
		// runs are put back in it.
		const reading = result.reading;
		const own = this.ownReading();
		if (reading !== undefined && (own !== undefined || !this.#readingsBack)) return null;
		const read = reading ?? this.text;
		const outer = (s: Span): Span => ({ start: this.edge(s.start), end: this.edge(s.end) });
		// Nothing but sequences: no span covers the empty text left, so one of noise covers them.
		const noise =
			this.text.length === 0 && this.#sourceLength > 0
				? [{ start: 0, end: this.#sourceLength }]
				: result.noise.map(outer);
		const back: FramingResult = {
			format: result.format,
			frames: result.frames.map((f) => {
				const back = this.#frame(f, outer, read);
				// A message whose format gives no time is dated by what was taken off its first line.
				const time = stamp && back.time === null ? stamp(back.span.start) : null;
				return time ? timed(back, time) : back;
			}),
			noise,
			problems: result.problems.map((p) => this.#problem(p)),
		};
		const withReading =
			own !== undefined
				? { ...back, reading: own }
				: reading === undefined
					? back
					: { ...back, reading: this.#readingBack(reading) };
		return result.logOnly ? { ...withReading, logOnly: result.logOnly.map(outer) } : withReading;
	}

	/**
	 * The text a trace read this way has its messages read from, where it is not the trace (the
	 * characters escapes stand for, at the escapes): the trace's length and line breaks.
	 */
	protected ownReading(): string | undefined {
		return undefined;
	}

	/** A reading of {@link text} as one of the trace: each run put back where it was taken out. */
	#readingBack(reading: string): string {
		const parts: string[] = [];
		const at = this.#at;
		const shift = this.#shift;
		let from = 0;
		for (let k = 0; k < at.length; k++) {
			const place = at[k]!;
			const before = k > 0 ? shift[k - 1]! : 0;
			parts.push(reading.slice(from, place), this.#source.slice(place + before, place + shift[k]!));
			from = place;
		}
		parts.push(reading.slice(from));
		return parts.join('');
	}

	#inner(s: Span): Span {
		const start = this.inside(s.start);
		return { start, end: Math.max(start, this.#before(s.end)) };
	}

	#problem(p: Problem): Problem {
		return { ...p, span: this.#inner(p.span) };
	}

	#frame(f: Frame, outer: (s: Span) => Span, read: string): Frame {
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
			: this.#pieces(f.lines ?? contentLines(read, f.sip.start, f.sip.end), f);
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

/** `frame` with the time `time`, as compact as it was. */
function timed(frame: Frame, time: LogTime): Frame {
	return frame instanceof LogFrame ? frame.timed(time) : { ...frame, ...time };
}

/**
 * `text` with the character `chars[k]` at `at[k]` (ascending): a reading of a trace whose escapes
 * stand for other characters, each at the escape's last character.
 */
export function withChars(text: string, at: readonly number[], chars: readonly string[]): string {
	const parts: string[] = [];
	let from = 0;
	for (let k = 0; k < at.length; k++) {
		parts.push(text.slice(from, at[k]), chars[k]!);
		from = at[k]! + 1;
	}
	parts.push(text.slice(from));
	return parts.join('');
}
