import { LogFrame } from './framing/frame';
import type { Frame, Problem, Span } from './model';

// After an edit, everything behind it moved by the edit's change in length. These make moved
// copies of the core's offset-carrying data, so work done before the edit is kept.

export function shiftSpan(span: Span, delta: number): Span {
	return { start: span.start + delta, end: span.end + delta };
}

export function shiftFrame(frame: Frame, delta: number): Frame {
	if (delta === 0) return frame;
	// The line-based formats' frames stay compact, their time unread (see framing/frame.ts).
	if (frame instanceof LogFrame) return frame.shifted(delta);
	let lines: Int32Array | null = null;
	if (frame.lines) {
		lines = new Int32Array(frame.lines.length);
		for (let i = 0; i < lines.length; i++) lines[i] = frame.lines[i]! + delta;
	}
	// Pair indexes and distances: they do not move.
	return placedFrame(frame, {
		span: shiftSpan(frame.span, delta),
		meta: frame.meta && shiftSpan(frame.meta, delta),
		sip: shiftSpan(frame.sip, delta),
		lines,
		joins: frame.joins,
		cuts: frame.cuts,
		keys: frame.keys,
		rest: frame.rest?.map((r) => shiftSpan(r, delta)),
	});
}

export function shiftProblem(problem: Problem, delta: number): Problem {
	if (delta === 0) return problem;
	const moved: { -readonly [K in keyof Problem]: Problem[K] } = {
		...problem,
		span: shiftSpan(problem.span, delta),
	};
	if (problem.related)
		moved.related = problem.related.map((r) => ({ ...r, span: shiftSpan(r.span, delta) }));
	return moved;
}

/** Do two frames say the same, the second moved by `delta`? */
export function sameFrame(a: Frame, b: Frame, delta: number): boolean {
	const same = (x: Span | null, y: Span | null): boolean =>
		x === null || y === null ? x === y : x.start + delta === y.start && x.end + delta === y.end;
	if (
		a.format !== b.format ||
		!same(a.span, b.span) ||
		!same(a.meta, b.meta) ||
		!same(a.sip, b.sip) ||
		a.time !== b.time ||
		a.epochMicros !== b.epochMicros ||
		a.src !== b.src ||
		a.dst !== b.dst ||
		a.transport !== b.transport ||
		a.direction !== b.direction ||
		a.declaredBytes !== b.declaredBytes
	)
		return false;
	if (!sameJoins(a.joins ?? null, b.joins ?? null)) return false;
	if ((a.rest?.length ?? 0) !== (b.rest?.length ?? 0)) return false;
	for (let i = 0; i < (a.rest?.length ?? 0); i++) if (!same(a.rest![i]!, b.rest![i]!)) return false;
	if (!sameJoins(a.keys ?? null, b.keys ?? null)) return false;
	if (!sameJoins(a.cuts ?? null, b.cuts ?? null)) return false;
	if (a.lines === null || b.lines === null) return a.lines === b.lines;
	if (a.lines.length !== b.lines.length) return false;
	for (let i = 0; i < a.lines.length; i++) if (a.lines[i]! + delta !== b.lines[i]) return false;
	return true;
}

/** The same pair indexes (`joins`, `cuts`), or the same pairs and distances (`keys`). */
function sameJoins(a: Int32Array | null, b: Int32Array | null): boolean {
	if (a === null || b === null) return a === b;
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

/** Where a frame's text lies once it is read another way (see wholeIndent.ts, colour.ts). */
export interface FramePlaces {
	readonly span: Span;
	readonly meta: Span | null;
	readonly sip: Span;
	readonly lines: Int32Array | null;
	readonly joins?: Int32Array | null;
	readonly cuts?: Int32Array | null;
	readonly keys?: Int32Array | null;
	readonly rest?: readonly Span[];
}

/**
 * `frame` at the places given, what else it says copied field by field: a frame may read its
 * fields through getters (the engine's), which a spread would not copy.
 */
export function placedFrame(frame: Frame, places: FramePlaces): Frame {
	let back: Frame = {
		format: frame.format,
		span: places.span,
		meta: places.meta,
		sip: places.sip,
		lines: places.lines,
		time: frame.time,
		epochMicros: frame.epochMicros,
		src: frame.src,
		dst: frame.dst,
		transport: frame.transport,
		direction: frame.direction,
		declaredBytes: frame.declaredBytes,
	};
	if (places.joins) back = { ...back, joins: places.joins };
	if (places.cuts) back = { ...back, cuts: places.cuts };
	if (places.keys) back = { ...back, keys: places.keys };
	if (places.rest) back = { ...back, rest: places.rest };
	return back;
}
