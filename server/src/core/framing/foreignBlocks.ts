import { followsInHex } from './tsharkFollowHex';
import type { Frame, FramingResult, Problem, Span, TraceFormat } from '../model';
import { shiftFrame, shiftProblem } from '../shift';
import { appendAll } from '../append';

/*
 * A trace may hold a block printed by another tool: notes that paste a tshark export after a
 * softphone's log, a ticket with an sngrep capture below a Twinkle log. The trace's own format
 * frames what it can read; the rest is noise to it, and a message of the other tool there would
 * be lost. So each run of noise that holds a SIP version (`SIP/2.0`, in every start line and Via)
 * is framed again on its own, its format detected from it, and the messages found there join the
 * trace's. The frames the trace's format found with its records are never changed.
 *
 * A format the engine frames reads another tool's messages between its records as bare ones,
 * without what that tool printed of them (time, addresses) and by rules that are not that tool's
 * (SIPp prints an unexpected message twice, Twinkle cuts a long one). A run of noise and such bare
 * messages is framed again the same way, and kept only when no message is lost by it.
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
	if (result.noise.length === 0 && !holdsBareFrames(result)) return result;
	let found: Found[] | null = null;
	// The next `SIP/2.0` at or after the current run: each search starts where the last one
	// stopped, so the whole text is searched once, however many runs there are.
	const versions = new Cursor(text, 'SIP/2.0');
	// A run holding a message the trace's format prints as log text only (SIPp's second print of
	// an unexpected message) is the format's own: not framed again.
	const logOnly = result.logOnly ?? [];
	let kept = 0;
	for (const run of runs(result)) {
		// A run that is the whole text was just read alone.
		if (run.end - run.start < minBlock || run.end - run.start === text.length) continue;
		// A hex dump's ASCII column may break the version over two lines: its first line is
		// looked for in the run (a search for it past the run would cost a scan of the rest).
		if (!versions.within(run.start, run.end) && firstMarker(text.slice(run.start, run.end)) < 0)
			continue;
		while (kept < logOnly.length && logOnly[kept]!.end <= run.start) kept++;
		let from = run.start;
		if (kept < logOnly.length && logOnly[kept]!.start < run.end) {
			// A run of noise alone is read from after the format's last such print in it (Twinkle's
			// own response, and a dump pasted below the log).
			if (run.bare?.length) continue;
			while (kept < logOnly.length && logOnly[kept]!.start < run.end) from = logOnly[kept++]!.end;
			if (run.end - from < minBlock) continue;
		}
		const block = readBlock(
			text,
			from === run.start ? run : { start: from, end: run.end },
			result.format,
			frameAlone,
		);
		if (block) (found ??= []).push(block);
	}
	return found === null ? result : merged(text, result, found);
}

/**
 * The run read alone, when it is a block of messages; null when not. A run of bare messages may
 * end in the trace's own log text above its next record (Twinkle's banner before its first),
 * which is no part of the block: the run is also read up to its last bare message. A run may
 * start with the trace's own log text (the last records of a log, a dump pasted below them),
 * which makes it read as the trace's format: it is also read from the paragraph where the first
 * SIP version or dump line in it stands.
 */
function readBlock(
	text: string,
	run: Run,
	format: TraceFormat,
	frameAlone: FrameAlone,
): Found | null {
	const bare = run.bare ?? [];
	const last = bare.length > 0 ? bare[bare.length - 1]!.span.end : run.end;
	// Searched in the run alone: a search past it would read the rest of the trace, run by run.
	const runText = text.slice(run.start, run.end);
	const ends = last < run.end ? [run.end, last] : [run.end];
	// Or up to the end of the paragraph holding the last SIP version or dump line in it (a dump
	// pasted above a log's first records).
	const lastMarker = bare.length > 0 ? -1 : finalMarker(runText);
	const after = lastMarker < 0 ? -1 : paragraphEnd(runText, lastMarker);
	if (after > 0) ends.push(run.start + after);
	const starts = [run.start];
	const marker = firstMarker(runText);
	const paragraph = marker < 0 ? -1 : paragraphStart(runText, marker);
	if (paragraph > 0) starts.push(run.start + paragraph);
	for (const start of starts) {
		const inRange = bare.filter((f) => f.span.start >= start);
		for (const end of ends) {
			if (end - start < minBlock) continue;
			const block = text.slice(start, end);
			const inner = frameAlone(block);
			if (inner.frames.length === 0 || !startsAsMessages(block, inner)) continue;
			// Bare messages the trace's format read in the run are read again only as another
			// format's block, and only when none of them is lost by that.
			if (inRange.length > 0 && !readsBetter(inner, format, start, inRange)) continue;
			if (start > run.start && inner.format === format) continue;
			return { span: { start, end }, inner };
		}
	}
	return null;
}

/** Where the paragraph of `text` holding `at` starts: after the blank line before it; -1: none. */
function paragraphStart(text: string, at: number): number {
	const lf = text.lastIndexOf('\n\n', at);
	const crlf = text.lastIndexOf('\n\r\n', at);
	if (lf < 0 && crlf < 0) return -1;
	return lf > crlf ? lf + 2 : crlf + 3;
}

/** Where the paragraph of `text` holding `at` ends: at the blank line after it; -1: none. */
function paragraphEnd(text: string, at: number): number {
	const lf = text.indexOf('\n\n', at);
	const crlf = text.indexOf('\n\r\n', at);
	if (lf < 0 && crlf < 0) return -1;
	return lf < 0 ? crlf + 1 : crlf < 0 ? lf + 1 : Math.min(lf, crlf) + 1;
}

/** The first SIP version or dump line's first offset in `text`, or -1. */
function firstMarker(text: string): number {
	let first = -1;
	for (const needle of markers) {
		const at = text.indexOf(needle);
		if (at >= 0 && (first < 0 || at < first)) first = at;
	}
	return first;
}

/** The last SIP version or dump line's first offset in `text`, or -1. */
function finalMarker(text: string): number {
	let final = -1;
	for (const needle of markers) final = Math.max(final, text.lastIndexOf(needle));
	return final;
}

// A SIP version (every start line and Via has one) and a hex dump's first offsets.
const markers = ['SIP/2.0', '0000  ', '0000: '];

interface Found {
	readonly span: Span;
	readonly inner: FramingResult;
}

/** A run of text the trace's format read no record of its own in, and the bare messages in it. */
interface Run extends Span {
	/** Absent: none (a run of noise alone). */
	readonly bare?: readonly Frame[];
}

/**
 * Does an engine-framed trace hold bare messages, found between its records? A block of another
 * format there is read as such by the engine, as bare messages.
 */
function holdsBareFrames(result: FramingResult): boolean {
	if (result.format === 'raw') return false;
	for (const f of result.frames) if (isBare(f)) return true;
	return false;
}

/**
 * A message the trace's format read nothing about: `raw`, or the format's own where it strips
 * a decoration from every line (sofia's indent, a per-line prefix) but found no record of it.
 */
function isBare(f: Frame): boolean {
	return (
		f.format === 'raw' ||
		(f.meta === null && f.time === null && f.src === null && f.dst === null && f.direction === null)
	);
}

/**
 * The runs of noise and bare messages (see {@link holdsBareFrames}) between the trace's own
 * records, in text order: frames and noise tile the text, so adjacent ones touch.
 */
function runs(result: FramingResult): readonly Run[] {
	if (!holdsBareFrames(result)) return result.noise;
	const out: Run[] = [];
	let start = -1;
	let end = -1;
	let bare: Frame[] = [];
	const close = (): void => {
		if (start >= 0) out.push({ start, end, bare });
		start = -1;
		bare = [];
	};
	const add = (span: Span, frame: Frame | null): void => {
		if (start >= 0 && span.start !== end) close();
		if (start < 0) start = span.start;
		end = span.end;
		if (frame) bare.push(frame);
	};
	let n = 0;
	const noise = result.noise;
	for (const f of result.frames) {
		while (n < noise.length && noise[n]!.start < f.span.start) add(noise[n++]!, null);
		if (isBare(f)) add(f.span, f);
		else close();
	}
	while (n < noise.length) add(noise[n++]!, null);
	close();
	return out;
}

/**
 * Is a run's block, read alone, another format's (not the trace's own), with each bare message
 * the trace's format read there still a message, or a print the block's format says is log text
 * only? Bare messages read alone (format `raw`) must also be more than the trace's format read
 * there: its rules ran some together (sofia's, which end a message where its indent does).
 */
function readsBetter(
	inner: FramingResult,
	format: TraceFormat,
	offset: number,
	bare: readonly Frame[],
): boolean {
	if (inner.format === format || inner.reading !== undefined) return false;
	if (inner.format === 'raw' && inner.frames.length <= bare.length) return false;
	const logOnly = inner.logOnly ?? [];
	const sips = inner.frames.map((f) => f.sip);
	for (const f of bare) {
		const at = f.sip.start - offset;
		if (!within(sips, at) && !within(logOnly, at)) return false;
	}
	return true;
}

/** `span` without the parts `spans` (in text order, apart) cover. */
function without(span: Span, spans: readonly Span[]): Span[] {
	let lo = 0;
	let hi = spans.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (spans[mid]!.end <= span.start) lo = mid + 1;
		else hi = mid;
	}
	const out: Span[] = [];
	let from = span.start;
	for (let k = lo; k < spans.length && spans[k]!.start < span.end; k++) {
		if (spans[k]!.start > from) out.push({ start: from, end: spans[k]!.start });
		from = Math.max(from, spans[k]!.end);
	}
	if (from < span.end) out.push({ start: from, end: span.end });
	return out;
}

/** Whether `at` lies in one of `spans` (in text order, apart). */
function within(spans: readonly Span[], at: number): boolean {
	let lo = 0;
	let hi = spans.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (spans[mid]!.end <= at) lo = mid + 1;
		else hi = mid;
	}
	return lo < spans.length && spans[lo]!.start <= at;
}

// A request line (a method of letters) or a status line, as a message's text starts.
const startLine = /^(?:[A-Za-z][A-Za-z._!%*+`'~-]{0,30} \S{1,2000} SIP\/2\.0|SIP\/2\.0 \d{3}\b)/;

/**
 * Does every message the block was framed into start as a message does? Noise holds other text
 * a lenient reading takes for a message (the octets tshark's `-x` prints beside their ASCII:
 * `0040  2e 31 ... .1:15062 SIP/2.0`): such a block is no block of messages, and stays noise.
 */
function startsAsMessages(block: string, inner: FramingResult): boolean {
	// A block read from a hex dump (tcpdump -X, bare dumps, tshark's stream follower in hex, whose
	// lines are read only where their characters agree with their octets) was read from its
	// octets: its messages are the packets', their lines pieces of the dump's ASCII column.
	if (inner.reading !== undefined || inner.format === 'hexDump' || followsInHex(block)) return true;
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

	/** Whether the string occurs in [start, end); `start` never less than at the last call. */
	within(start: number, end: number): boolean {
		if (this.#at >= 0 && this.#at < start) this.#at = this.text.indexOf(this.needle, start);
		return this.#at >= 0 && this.#at + this.needle.length <= end;
	}
}

/** The frames of each block put on the trace's offsets, among the trace's own, in text order. */
function merged(text: string, result: FramingResult, found: readonly Found[]): FramingResult {
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
	// The trace's own frames, noise and problems outside the blocks; inside, the blocks' own.
	const spans = found.map(({ span }) => span);
	const outside = (at: number): boolean => !within(spans, at);
	const frames: Frame[] = result.frames.filter((f) => outside(f.span.start));
	const problems: Problem[] = result.problems.filter((p) => outside(p.span.start));
	// A block read from the middle of a run of noise leaves that run's head as it was.
	const noise: Span[] = [];
	for (const n of result.noise) appendAll(noise, without(n, spans));
	for (const { span, inner } of found) {
		for (const f of inner.frames) frames.push(shiftFrame(f, span.start));
		for (const n of inner.noise)
			noise.push({ start: n.start + span.start, end: n.end + span.start });
		for (const p of inner.problems) problems.push(shiftProblem(p, span.start));
	}
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
