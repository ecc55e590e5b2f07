import type { Frame, FramingResult, Problem, Span, TraceFormat } from '../model';
import { placedFrame } from '../shift';
import { appendAll } from '../append';
import type { LogTime } from './logTime';

/*
 * A collector's printout of several programs' output: `docker compose logs` of a proxy and a PBX,
 * `kubectl logs -l ... --prefix`, stern, the journal of several services. Their lines come
 * interleaved as each program wrote them, so a message one printed line by line may have
 * another's lines between its own. Each program's lines are framed apart, without the others',
 * and each message is put back on the trace in pieces: its frame's span is the run of its own
 * lines that holds its start line, the runs before and after it are `Frame.rest` (as tcpdump's
 * messages read over TCP segments that took turns with other connections' are). The others'
 * lines between them are theirs, or noise.
 */

/** One stream's lines as a text of their own, and the way back to the trace's offsets. */
export interface StreamView {
	readonly text: string;
	/** Whether a line written in parts was read as one (then it is read apart, whatever its format). */
	readonly joinsParts: boolean;
	framedBack(
		result: FramingResult,
		stamp?: (offset: number) => LogTime | null,
	): FramingResult | null;
	/** `span` of the trace without other streams' lines: the runs of this one's, in order. */
	ownPieces(span: Span): Span[];
	/** The time its prefix gives the line that holds `offset`, where its format gives none. */
	stampAt(offset: number): LogTime | null;
}

/**
 * `span` without the runs `others` holds (`[start, end)` pairs, ascending, apart): the pieces
 * left, in order; one empty piece where nothing is.
 */
export function piecesWithout(others: Int32Array, span: Span): Span[] {
	const pieces: Span[] = [];
	let start = span.start;
	// The first run of others that ends after the span's start.
	let lo = 0;
	let hi = others.length >> 1;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (others[2 * mid + 1]! <= start) lo = mid + 1;
		else hi = mid;
	}
	for (let k = lo; k < others.length >> 1 && others[2 * k]! < span.end; k++) {
		if (others[2 * k]! > start) pieces.push({ start, end: others[2 * k]! });
		start = Math.max(start, others[2 * k + 1]!);
	}
	if (start < span.end || pieces.length === 0)
		pieces.push({ start, end: Math.max(start, span.end) });
	return pieces;
}

/**
 * The frames of each stream's lines (`views`, see `WithoutColumn.apart`), framed by `frame`, on
 * the trace's offsets; null where a stream's messages are not read past the column (`readsPast`)
 * or are read from a reading of their own (a hex dump's), which are read as one text instead.
 */
export function framedApart(
	text: string,
	views: readonly StreamView[],
	frame: (view: string) => FramingResult,
	readsPast: (format: TraceFormat) => boolean,
): FramingResult | null {
	const frames: Frame[] = [];
	const problems: Problem[] = [];
	const logOnly: Span[] = [];
	// Per format its streams' messages: how many, and where the first one starts.
	const counts = new Map<TraceFormat, { n: number; first: number }>();
	for (const view of views) {
		const framed = frame(view.text);
		// A program that printed no SIP (a database's log): its lines are noise.
		if (framed.frames.length === 0) continue;
		if (!readsPast(framed.format) && !view.joinsParts) return null;
		const back = view.framedBack(framed, (p) => view.stampAt(p));
		if (!back || back.reading !== undefined) return null;
		const placed = back.frames.map((f) => inPieces(f, view));
		appendAll(frames, placed);
		appendAll(problems, back.problems);
		for (const s of back.logOnly ?? []) appendAll(logOnly, view.ownPieces(s));
		const count = counts.get(back.format) ?? { n: 0, first: text.length };
		count.n += placed.length;
		count.first = Math.min(count.first, placed[0]!.span.start);
		counts.set(back.format, count);
	}
	if (frames.length === 0) return null;
	frames.sort((a, b) => a.span.start - b.span.start);
	problems.sort((a, b) => a.span.start - b.span.start);
	logOnly.sort((a, b) => a.start - b.start);
	// The format most of the messages are in names the trace's; where as many, the first one's.
	let format = frames[0]!.format;
	let best = { n: 0, first: text.length };
	for (const [f, count] of counts)
		if (count.n > best.n || (count.n === best.n && count.first < best.first)) {
			format = f;
			best = count;
		}
	const result: FramingResult = { format, frames, noise: between(frames, text.length), problems };
	return logOnly.length ? { ...result, logOnly } : result;
}

/** The frame `f` of `view`'s lines, without the other streams' lines its span crosses. */
function inPieces(f: Frame, view: StreamView): Frame {
	const span = f.span;
	const pieces = view.ownPieces(span);
	if (
		pieces.length === 1 &&
		pieces[0]!.start === span.start &&
		pieces[0]!.end === span.end &&
		!f.rest
	)
		return f;
	// The span is the piece that holds the start line (a message's outline and folds are there).
	let home = pieces.findIndex((p) => f.sip.start >= p.start && f.sip.start < p.end);
	if (home < 0) home = 0;
	const rest = pieces.filter((_, i) => i !== home);
	for (const r of f.rest ?? []) appendAll(rest, view.ownPieces(r));
	rest.sort((a, b) => a.start - b.start);
	// The tool's metadata as far as its first piece goes.
	const meta = f.meta && view.ownPieces(f.meta)[0]!;
	return placedFrame(f, {
		span: pieces[home]!,
		meta,
		sip: f.sip,
		lines: f.lines,
		joins: f.joins ?? null,
		cuts: f.cuts ?? null,
		keys: f.keys ?? null,
		...(rest.length ? { rest } : {}),
	});
}

/** The text between frames' spans (sorted, apart): the noise, one span per gap. */
function between(frames: readonly Frame[], length: number): Span[] {
	const noise: Span[] = [];
	let at = 0;
	for (const f of frames) {
		if (f.span.start > at) noise.push({ start: at, end: f.span.start });
		at = f.span.end;
	}
	if (at < length) noise.push({ start: at, end: length });
	return noise;
}
