import type { Frame, FramingResult, Problem, Span, TraceFormat } from '../model';
import { shiftFrame, shiftProblem } from '../shift';

/*
 * A trace may hold a block printed by another tool: notes that paste a tshark export after a
 * softphone's log, a ticket with an sngrep capture below a Twinkle log. The trace's own format
 * frames what it can read; the rest is noise to it, and a message of the other tool there would
 * be lost. So each run of noise that holds a SIP version (`SIP/2.0`, in every start line and Via)
 * is framed again on its own, its format detected from it, and the messages found there join the
 * trace's. The frames the trace's format found are never changed.
 */

/** Frames `text` in its detected format, without looking for blocks of another format inside. */
export type FrameAlone = (text: string) => FramingResult;

// Shorter runs of noise hold no message (a start line, a Via and a CSeq at least).
const minBlock = 48;

/** `result` (the framing of `text`) with the messages of other formats' blocks in its noise. */
export function withForeignBlocks(
	text: string,
	result: FramingResult,
	frameAlone: FrameAlone,
): FramingResult {
	if (result.noise.length === 0) return result;
	let found: { span: Span; inner: FramingResult }[] | null = null;
	// The next `SIP/2.0` (or hex dump's first line, whose ASCII column may break the version over
	// two lines) at or after the current run: each search starts where the last one stopped, so
	// the whole text is searched once for each, however many runs there are.
	const versions = new Cursor(text, 'SIP/2.0');
	const dumps = new Cursor(text, '\t0x0000:  ');
	// A run holding a message the trace's format prints as log text only (SIPp's second print of
	// an unexpected message) is the format's own: not framed again.
	const logOnly = result.logOnly ?? [];
	let kept = 0;
	for (const run of result.noise) {
		if (versions.done && dumps.done) break;
		if (run.end - run.start < minBlock) continue;
		if (!versions.within(run.start, run.end) && !dumps.within(run.start, run.end)) continue;
		while (kept < logOnly.length && logOnly[kept]!.end <= run.start) kept++;
		if (kept < logOnly.length && logOnly[kept]!.start < run.end) continue;
		const block = text.slice(run.start, run.end);
		const inner = frameAlone(block);
		if (inner.frames.length > 0 && startsAsMessages(block, inner))
			(found ??= []).push({ span: run, inner });
	}
	return found === null ? result : merged(text, result, found);
}

// A request line (a method of letters) or a status line, as a message's text starts.
const startLine = /^(?:[A-Za-z][A-Za-z._!%*+`'~-]{0,30} \S{1,2000} SIP\/2\.0|SIP\/2\.0 \d{3}\b)/;

/**
 * Does every message the block was framed into start as a message does? Noise holds other text
 * a lenient reading takes for a message (the octets tshark's `-x` prints beside their ASCII:
 * `0040  2e 31 ... .1:15062 SIP/2.0`): such a block is no block of messages, and stays noise.
 */
function startsAsMessages(block: string, inner: FramingResult): boolean {
	// A block read from a hex dump (tcpdump -X) was read packet by packet, from each packet line
	// and the headers in its octets: its messages are the packets', their lines pieces of the
	// dump's ASCII column.
	if (inner.reading !== undefined) return true;
	for (const f of inner.frames) {
		const at = f.sip.start;
		if (!startLine.test(block.slice(at, Math.min(f.sip.end, at + 2100)))) return false;
	}
	return true;
}

/** The next place a string occurs at or after a position that only grows. */
class Cursor {
	#at: number;
	constructor(
		private readonly text: string,
		private readonly needle: string,
	) {
		this.#at = text.indexOf(needle);
	}

	get done(): boolean {
		return this.#at < 0;
	}

	/** Whether the string occurs in [start, end); `start` never less than at the last call. */
	within(start: number, end: number): boolean {
		if (this.#at >= 0 && this.#at < start) this.#at = this.text.indexOf(this.needle, start);
		return this.#at >= 0 && this.#at + this.needle.length <= end;
	}
}

/** The frames of each block put on the trace's offsets, among the trace's own, in text order. */
function merged(
	text: string,
	result: FramingResult,
	found: readonly { span: Span; inner: FramingResult }[],
): FramingResult {
	// A trace's reading (tcpdump -X) is the text itself outside its packets' dumps, where the
	// noise lies: a block there is read from the text as well. A block read from a reading of its
	// own (a hex dump's) puts it in the trace's: the same length as the block, so every offset
	// stays the trace's. The blocks are in text order.
	let reading = result.reading;
	if (found.some(({ inner }) => inner.reading !== undefined)) {
		const base = result.reading ?? text;
		const parts: string[] = [];
		let from = 0;
		for (const { span, inner } of found) {
			if (inner.reading === undefined) continue;
			parts.push(base.slice(from, span.start), inner.reading);
			from = span.end;
		}
		parts.push(base.slice(from));
		reading = parts.join('');
	}
	const frames: Frame[] = [...result.frames];
	const problems: Problem[] = [...result.problems];
	const replaced = new Set<Span>();
	const noise: Span[] = [];
	for (const { span, inner } of found) {
		replaced.add(span);
		for (const f of inner.frames) frames.push(shiftFrame(f, span.start));
		for (const n of inner.noise)
			noise.push({ start: n.start + span.start, end: n.end + span.start });
		for (const p of inner.problems) problems.push(shiftProblem(p, span.start));
	}
	for (const n of result.noise) if (!replaced.has(n)) noise.push(n);
	frames.sort((a, b) => a.span.start - b.span.start);
	noise.sort((a, b) => a.start - b.start);
	// The trace's own runs of log-only text are not among those framed again: kept as they are.
	return reading === undefined
		? { ...result, frames, noise, problems }
		: { ...result, frames, noise, problems, reading };
}

/**
 * Does `frames` hold a message of another format than the trace's (`format`)? A trace's own
 * framing gives its messages its format, or `raw` where the engine found a bare message between
 * its records; a framer of its own (`ownFramed`) gives all of them its format.
 */
export function holdsForeignFrames(
	frames: readonly Frame[],
	format: TraceFormat,
	ownFramed: boolean,
): boolean {
	for (const f of frames) if (f.format !== format && (ownFramed || f.format !== 'raw')) return true;
	return false;
}
