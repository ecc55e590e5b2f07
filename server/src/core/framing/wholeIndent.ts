import type { Frame, FramingResult, Problem, Span } from '../model';
import { placedFrame } from '../shift';
import { contentLines, isBlank, readLine, type Line } from './lines';
import { quoteMarker, unquoted } from './indent';

/*
 * tshark's, tcpdump's and ngrep's printouts (and the other formats with a framer of their own)
 * read each line by its column: tshark's tree by its indent of 4 or 8, tcpdump's packet line and
 * ngrep's at the margin. Pasted into a ticket, a mail or Markdown indented as a whole (four
 * spaces, a tab) or quoted (`> ` before each line), they lose those columns. Such a trace is
 * framed without what every one of its lines carries before it, and the frames are put back on
 * the trace's own offsets.
 */

/**
 * How many characters before a line's content are the paste's, not the printout's: the line
 * runs from `start` to `end` (its line end left out).
 */
export type LineCut = (text: string, start: number, end: number) => number;

/** What a paste put before each line of the trace (see {@link LineCut}), or null: nothing. */
export function pastedMargin(text: string): LineCut | null {
	const marker = quoteMarker(text);
	if (marker !== '') return (t, start, end) => unquoted(t, start, end, marker) - start;
	const indent = wholeIndent(text) || printoutIndent(text);
	if (indent === '') return null;
	return (t, start, end) =>
		end - start >= indent.length && t.startsWith(indent, start) ? indent.length : 0;
}

// tshark's packet and SIP tree headings, behind the indent a post gave its block (a Markdown list
// item, a `<details>` block) while its prose stays at the margin.
const indentedHeading = /^([ \t]{1,8})(?:Frame \d{1,10}: |Session Initiation Protocol \()/m;
const marginHeading = /^(?:Frame \d{1,10}: |Session Initiation Protocol \()/m;

/**
 * The indent before a tshark printout that a post indented as a block among its prose, where no
 * packet stands at the margin; '' for none. The lines that have it are read without it.
 */
function printoutIndent(text: string): string {
	// Asked again for each block of another format in the same trace: its head is read once (the
	// last text is held until another is read).
	if (text === lastText) {
		// This very string from now on: an equal one is compared character by character once.
		lastText = text;
		return lastIndent;
	}
	const head = text.length > 1 << 16 ? text.slice(0, 1 << 16) : text;
	const found = indentedHeading.exec(head);
	lastText = text;
	lastIndent = !found || marginHeading.test(head) ? '' : found[1]!;
	return lastIndent;
}
let lastText: string | null = null;
let lastIndent = '';

/** Non-blank lines looked at: enough for several packets of any printout. */
const sampleLines = 400;
/** The longest indent taken off: a paste indents by a few columns, not a tree's depth. */
const maxIndent = 16;

/**
 * The white space every non-blank line of the trace's head starts with (spaces and tabs, as
 * written), or '' when a line starts at the margin.
 */
export function wholeIndent(text: string): string {
	const line: Line = { start: 0, end: 0, next: 0 };
	let common = -1;
	let first = -1;
	let seen = 0;
	for (let at = 0; seen < sampleLines && readLine(text, at, line); at = line.next) {
		if (isBlank(text, line.start, line.end)) continue;
		seen++;
		if (first < 0) {
			first = line.start;
			common = 0;
			while (
				common < maxIndent &&
				common < line.end - line.start &&
				isIndentChar(text.charCodeAt(line.start + common))
			)
				common++;
		} else {
			let k = 0;
			while (k < common && text.charCodeAt(line.start + k) === text.charCodeAt(first + k)) k++;
			common = k;
		}
		if (common === 0) return '';
	}
	return common > 0 ? text.slice(first, first + common) : '';
}

const isIndentChar = (c: number): boolean => c === 32 || c === 9;

/**
 * The trace without what `cut` says of each line, and the way back from an offset in that text
 * to the trace's own.
 */
export class Unindented {
	readonly text: string;
	/** By line of `text`: where it starts there, where it starts in the trace, what was taken off. */
	readonly #at: Int32Array;
	readonly #from: Int32Array;
	readonly #cut: Int32Array;
	readonly #source: string;

	constructor(source: string, cutOf: LineCut) {
		this.#source = source;
		const at: number[] = [];
		const from: number[] = [];
		const cut: number[] = [];
		const parts: string[] = [];
		let length = 0;
		let p = 0;
		for (;;) {
			const nl = source.indexOf('\n', p);
			const next = nl < 0 ? source.length : nl + 1;
			let end = nl < 0 ? source.length : nl;
			while (end > p && source.charCodeAt(end - 1) === 13) end--;
			const k = cutOf(source, p, end);
			at.push(length);
			from.push(p);
			cut.push(k);
			parts.push(source.slice(p + k, next));
			length += next - p - k;
			if (nl < 0) break;
			p = next;
		}
		this.text = parts.join('');
		this.#at = Int32Array.from(at);
		this.#from = Int32Array.from(from);
		this.#cut = Int32Array.from(cut);
	}

	/** The line of `text` that holds offset `p` (the last one starting at or before it). */
	#lineOf(p: number): number {
		const at = this.#at;
		let lo = 0;
		let hi = at.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (at[mid]! <= p) lo = mid;
			else hi = mid - 1;
		}
		return lo;
	}

	/** An offset in the text of a line: at a line's start, after the indent taken off. */
	inside(p: number): number {
		const l = this.#lineOf(p);
		return this.#from[l]! + this.#cut[l]! + (p - this.#at[l]!);
	}

	/**
	 * A span's edge: at a line's start, before the indent, so spans still cover the whole trace;
	 * the end of the text is the trace's end, past a last line that is all indent.
	 */
	edge(p: number): number {
		const l = this.#lineOf(p);
		const col = p - this.#at[l]!;
		return col === 0 && p < this.text.length
			? this.#from[l]!
			: this.#from[l]! + this.#cut[l]! + col;
	}

	#span(s: Span): Span {
		const start = this.inside(s.start);
		return { start, end: Math.max(start, this.edge(s.end)) };
	}

	#outer(s: Span): Span {
		return { start: this.edge(s.start), end: this.edge(s.end) };
	}

	/** `result`, framed from {@link text}, on the trace's offsets. */
	framedBack(result: FramingResult): FramingResult {
		const frames = result.frames.map((f) => this.#frame(f));
		const noise = result.noise.map((s) => this.#outer(s));
		const problems = result.problems.map((p) => this.#problem(p));
		const back: FramingResult = { format: result.format, frames, noise, problems };
		return result.reading === undefined
			? back
			: { ...back, reading: this.#readingBack(result.reading) };
	}

	#frame(f: Frame): Frame {
		const sip = this.#span(f.sip);
		// Each line's content is now apart from the next by the indent: the lines are given.
		const lines = f.lines ? this.#lines(f.lines) : this.#linesOf(f.sip);
		// Pair indexes and distances on a line: the same here as there.
		return placedFrame(f, {
			span: this.#outer(f.span),
			meta: f.meta && this.#outer(f.meta),
			sip,
			lines,
			joins: f.joins,
			cuts: f.cuts,
			keys: f.keys,
			rest: f.rest?.map((r) => this.#outer(r)),
		});
	}

	#lines(lines: Int32Array): Int32Array {
		const out = new Int32Array(lines.length);
		for (let i = 0; i < lines.length; i++) out[i] = this.inside(lines[i]!);
		return out;
	}

	/** The content of each line of a contiguous message, as a decorated format gives it. */
	#linesOf(sip: Span): Int32Array {
		const lines = contentLines(this.text, sip.start, sip.end);
		for (let i = 0; i < lines.length; i++) lines[i] = this.inside(lines[i]!);
		return lines;
	}

	#problem(p: Problem): Problem {
		const moved: { -readonly [K in keyof Problem]: Problem[K] } = {
			...p,
			span: this.#span(p.span),
		};
		if (p.related) moved.related = p.related.map((r) => ({ ...r, span: this.#span(r.span) }));
		return moved;
	}

	/** A reading of {@link text} as one of the trace: each line's indent put back before it. */
	#readingBack(reading: string): string {
		const parts: string[] = [];
		const at = this.#at;
		for (let l = 0; l < at.length; l++) {
			const from = this.#from[l]!;
			parts.push(
				this.#source.slice(from, from + this.#cut[l]!),
				reading.slice(at[l]!, l + 1 < at.length ? at[l + 1]! : reading.length),
			);
		}
		return parts.join('');
	}
}
