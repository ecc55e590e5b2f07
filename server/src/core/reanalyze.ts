import {
	analyzeSteps,
	completeSteps,
	reusablePartsOf,
	type ParsedTrace,
	type ReusableParts,
} from './analyze';
import { formatEvidenceEnd } from './framing/detect';
import { frameSlice, hasOwnFramer, readsPastColumn } from './framing/frameTrace';
import { holdsForeignFrames } from './framing/foreignBlocks';
import { holdsColour } from './framing/colour';
import { collectorColumn } from './framing/collectorPrefix';
import { isDockerJsonLog } from './framing/dockerJsonLog';
import { isJournalJson } from './framing/journalJson';
import { isJournalVerbose } from './framing/journalVerbose';
import { BodyChecks } from './lint/lintTrace';
import type { AnalyzeOptions, Frame, Problem, SipMessage, Span, TraceAnalysis } from './model';
import { HeaderTable } from './parser/headerTable';
import { MessageShift, parseMessage } from './parser/sipMessage';
import { sameFrame, shiftFrame, shiftProblem, shiftSpan } from './shift';
import { runSteps, within, type Steps } from './steps';
import { changedRange, type ChangedRange } from './text/changedRange';
import { appendAll } from './append';

/**
 * How many edits were handled incrementally since `analysis` was last made from the whole text
 * (0 for a whole analysis). Strings kept from earlier versions (Call-IDs, URIs, times) are slices
 * of those versions' texts and keep them in memory: the server analyses the whole text afresh,
 * in the background, once this grows (see analysisCache.ts).
 */
export function incrementalEditsOf(analysis: TraceAnalysis): number {
	return reusablePartsOf(analysis)?.parts.generation ?? 0;
}

/**
 * The analysis of `text`, a later version of `previous.text`. Only the messages the edit
 * touched (and one on each side, to be sure where they now end) are framed and parsed again;
 * the others are kept, moved by the edit's change in length. Correlation is kept when the edit
 * changed nothing it reads, else run over all messages; lint runs its rules that read a message
 * alone on the messages read again only, and those that compare messages over all of them.
 * Falls back on a whole analysis whenever reuse is not safe: the result is always what
 * {@link analyzeTrace} would give.
 */
export function reanalyzeTrace(
	previous: TraceAnalysis,
	text: string,
	options: AnalyzeOptions = {},
): TraceAnalysis {
	return runSteps(reanalyzeSteps(previous, text, options));
}

/** {@link reanalyzeTrace} in steps, for the server. */
export function* reanalyzeSteps(
	previous: TraceAnalysis,
	text: string,
	options: AnalyzeOptions = {},
): Steps<TraceAnalysis> {
	const reusable = reusablePartsOf(previous);
	// A trace read through its reading (a hex dump) is read whole again: its reading is not the
	// text the edit changed.
	if (
		!reusable ||
		reusable.parts.options.format !== options.format ||
		reusable.parsed.source !== undefined
	)
		return yield* analyzeSteps(text, options);
	const change = changedRange(previous.text, text);
	if (!change) return previous;
	const parsed = reparse(reusable.parsed, text, change);
	if (!parsed?.reread) return yield* analyzeSteps(text, options);
	const { reread } = parsed;
	yield 0.2;
	return yield* within(
		completeSteps(
			parsed,
			{
				options,
				bodies: new BodyChecks(reusable.parts.bodies),
				own: reusable.parts.own.carriedOver(parsed.messages, {
					before: reread.from,
					to: reread.to,
					after: reread.to + previous.messages.length - parsed.messages.length,
				}),
				generation: reusable.parts.generation + 1,
			} satisfies ReusableParts,
			previous,
		),
		0.2,
		1,
	);
}

/** Frames and messages of the new text, re-reading only around the change; null if unsafe. */
function reparse(old: ParsedTrace, text: string, change: ChangedRange): ParsedTrace | null {
	const { frames } = old;
	const n = frames.length;
	// The format and its rules come from the head of the trace: an edit there re-frames all.
	const evidenceEnd = formatEvidenceEnd(old.text);
	if (n < 3 || change.start < evidenceEnd || evidenceEnd >= old.text.length) return null;
	// The JSON of Docker's log file and of the journal, and the journal's fields, are read as
	// the texts they hold, whole.
	const written = old.source ?? old.text;
	if (isDockerJsonLog(written) || isJournalJson(written) || isJournalVerbose(written)) return null;
	// A collector's column is taken off each line before a trace is framed (collectorPrefix.ts):
	// a window is read as a whole trace is, column and all. Not where a message's lines took turns
	// with another program's: such a message has pieces past its span (`Frame.rest`), which an
	// edit between them would not move.
	const columned = readsPastColumn(old.format) && collectorColumn(written) !== null;
	if (columned && frames.some((f) => f.rest)) return null;
	// tcpdump over TCP: a message read over segments that take turns with other connections'
	// has its lines past its frame's span, where an edit would not be seen to touch it, and an
	// edit may make such a message out of a window's: read such a trace whole again. Even an edit
	// that touches no continuation packet is not safe to read alone: a message that needs more
	// octets looks up to 64 packets ahead at each step for its connection's next segment, and a
	// look that found none leaves no mark in the frames, so an edit up to there (a segment pasted
	// in, a packet line's `seq` corrected) may complete a message that lies before the window.
	if (old.format === 'tcpdump' && frames.some((f) => f.transport === 'TCP')) return null;
	// ngrep where TCP connections take turns: each connection's packets are read apart from the
	// others' (ngrepFlows.ts), which a window read alone is not.
	if (old.format === 'ngrep' && frames.some((f) => f.rest)) return null;
	// tshark's stream follower: a payload's addresses are its block's, named at the block's head,
	// which a window read alone does not see.
	if (old.format === 'tsharkFollow') return null;
	// A block of another format (see foreignBlocks.ts) is framed from the run of noise it lies in,
	// which an edit next to it changes: such a trace is read whole again.
	if (holdsForeignFrames(frames, old.format, hasOwnFramer(old.format))) return null;
	const delta = change.afterEnd - change.beforeEnd;
	// Frames the change touches (an insertion at a boundary touches both sides).
	const first = firstIndex(frames, (f) => f.span.end >= change.start);
	const last = firstIndex(frames, (f) => f.span.start > change.beforeEnd) - 1;
	for (let context = 1; context <= 8; context *= 2) {
		const lo = Math.max(0, Math.min(first, last) - context);
		const hi = Math.min(n - 1, Math.max(first, last) + context);
		if (lo === 0 && hi === n - 1) return null;
		const attempt = reframe(old, text, change, delta, lo, hi, columned);
		if (attempt) return attempt;
	}
	return null;
}

/**
 * Re-frames old frames `[lo, hi]` (in the new text) and keeps the rest. The first and last of
 * them lie outside the change: framed again, they must come out as before, which shows the
 * framing is back in step with the old one on both sides.
 */
function reframe(
	old: ParsedTrace,
	text: string,
	change: ChangedRange,
	delta: number,
	lo: number,
	hi: number,
	columned: boolean,
): ParsedTrace | null {
	const { frames, messages } = old;
	const n = frames.length;
	const windowStart = lo === 0 ? 0 : frames[lo]!.span.start;
	const oldWindowEnd = hi === n - 1 ? old.text.length : frames[hi]!.span.end;
	if (windowStart > change.start || oldWindowEnd < change.beforeEnd) return null;
	// Terminal colours are taken out of the whole trace before it is framed (see colour.ts).
	if (holdsColour(text.slice(windowStart, oldWindowEnd + delta))) return null;
	const framing = frameSlice(text, windowStart, oldWindowEnd + delta, old.format, columned);
	const fresh = framing.frames;
	if (fresh.length === 0 || framing.reading !== undefined) return null;
	if (columned && fresh.some((f) => f.rest)) return null;
	if (holdsForeignFrames(fresh, old.format, hasOwnFramer(old.format))) return null;
	if (lo > 0 && !sameFrame(frames[lo]!, fresh[0]!, 0)) return null;
	if (hi < n - 1 && !sameFrame(frames[hi]!, fresh[fresh.length - 1]!, delta)) return null;
	// Problems of the kept frames are kept; one that straddles a window edge cannot be split.
	const local: Problem[] = [];
	for (const p of old.local) {
		if (p.span.start < windowStart) {
			if (p.span.end > windowStart) return null;
			local.push(p);
		}
	}
	appendAll(local, framing.problems);

	const count = lo + fresh.length + (n - 1 - hi);
	const newFrames = new Array<Frame>(count);
	const newMessages = new Array<SipMessage>(count);
	for (let i = 0; i < lo; i++) {
		newFrames[i] = frames[i]!;
		newMessages[i] = messages[i]!;
	}
	const table = new HeaderTable();
	const windowEnd = oldWindowEnd + delta;
	for (let k = 0; k < fresh.length; k++) {
		newFrames[lo + k] = fresh[k]!;
		const m = parseMessage(text, fresh[k]!, lo + k, local, table);
		newMessages[lo + k] = m;
		// A body short of a Content-Length that would run past the window was tried against the
		// window's end, where the whole text may hold its octets: framed with the text after it,
		// the message could take in the messages there (an edit that puts a digit before a
		// length). The last frame is framed as before, with the whole text, as the check above shows.
		if (
			m.bodyShort &&
			k < fresh.length - 1 &&
			hi < n - 1 &&
			m.body !== null &&
			m.contentLength !== null &&
			m.body.start + m.contentLength > windowEnd
		)
			return null;
	}
	table.trim();
	const shift = new MessageShift(delta, text);
	for (let i = hi + 1, at = lo + fresh.length; i < n; i++, at++) {
		const frame = shiftFrame(frames[i]!, delta);
		newFrames[at] = frame;
		newMessages[at] = shift.move(messages[i]!, at, frame);
	}
	for (const p of old.local) {
		if (p.span.start >= oldWindowEnd) local.push(shiftProblem(p, delta));
		else if (p.span.start >= windowStart && p.span.end > oldWindowEnd) return null;
	}

	const noise: Span[] = [];
	for (const s of old.noise) if (s.end <= windowStart) noise.push(s);
	appendAll(noise, framing.noise);
	for (const s of old.noise) if (s.start >= oldWindowEnd) noise.push(shiftSpan(s, delta));

	const reread = { from: lo, to: lo + fresh.length };
	return {
		text,
		format: old.format,
		frames: newFrames,
		noise,
		messages: newMessages,
		local,
		reread,
	};
}

/** The first index whose frame satisfies `test` (monotone over frames in file order), or length. */
function firstIndex(frames: readonly Frame[], test: (f: Frame) => boolean): number {
	let lo = 0;
	let hi = frames.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (test(frames[mid]!)) hi = mid;
		else lo = mid + 1;
	}
	return lo;
}
