import type { Direction, Frame, Span, TraceFormat } from '../model';
import { isoTime } from './stampTime';

/** What few of the engine's frames say: decoration's lines, and what only some formats print. */
export interface FrameExtras {
	readonly lines: Int32Array | null;
	readonly transport: string | null;
	readonly direction: Direction | null;
	readonly declaredBytes: number | null;
	/** See `Frame.joins`: only where a packet boundary cut a line (ngrep's IP fragments). */
	readonly joins?: Int32Array | null;
}

/** The extras of a frame, or null when it has none. */
export function frameExtras(
	lines: Int32Array | null,
	transport: string | null,
	direction: Direction | null,
	declaredBytes: number | null,
	joins: Int32Array | null = null,
): FrameExtras | null {
	if (joins) return { lines, transport, direction, declaredBytes, joins };
	return lines === null && transport === null && direction === null && declaredBytes === null
		? null
		: { lines, transport, direction, declaredBytes };
}

/**
 * A frame of the line-based formats. A trace holds one per message, so its size counts: the
 * fields most frames leave null (the lines of contiguous text, a transport, direction or size
 * most formats do not print) share one slot, `extras`, null when all are; the spans are kept as
 * offsets (small integers, stored in the object) and made when read, as few consumers read them
 * and each once (a lookup's binary search reads one a step); the metadata starts where the frame
 * does. A time that reads back from the epoch is kept as its number of fraction digits (see
 * stampTime.ts). Reads as a plain frame, JSON included.
 */
export class LogFrame implements Frame {
	readonly #extras: FrameExtras | null;
	readonly #start: number;
	readonly #end: number;
	readonly #metaEnd: number; // -1: no metadata
	readonly #sipStart: number;
	readonly #sipEnd: number;
	readonly #time: string | number | null; // a number: fraction digits of the epoch's time

	constructor(
		readonly format: TraceFormat,
		start: number,
		end: number,
		metaEnd: number, // -1: no metadata
		sipStart: number,
		sipEnd: number,
		time: string | number | null,
		readonly epochMicros: number | null,
		readonly src: string | null,
		readonly dst: string | null,
		extras: FrameExtras | null,
	) {
		this.#extras = extras;
		this.#start = start;
		this.#end = end;
		this.#metaEnd = metaEnd;
		this.#sipStart = sipStart;
		this.#sipEnd = sipEnd;
		this.#time = time;
	}

	get span(): Span {
		return { start: this.#start, end: this.#end };
	}
	get meta(): Span | null {
		return this.#metaEnd < 0 ? null : { start: this.#start, end: this.#metaEnd };
	}
	get sip(): Span {
		return { start: this.#sipStart, end: this.#sipEnd };
	}
	get time(): string | null {
		const time = this.#time;
		return typeof time === 'number' ? isoTime(this.epochMicros!, time) : time;
	}

	get lines(): Int32Array | null {
		return this.#extras ? this.#extras.lines : null;
	}
	get transport(): string | null {
		return this.#extras ? this.#extras.transport : null;
	}
	get direction(): Direction | null {
		return this.#extras ? this.#extras.direction : null;
	}
	get declaredBytes(): number | null {
		return this.#extras ? this.#extras.declaredBytes : null;
	}
	/** Absent (not null) when no line is cut, as on the frames of every other format. */
	get joins(): Int32Array | undefined {
		return this.#extras?.joins ?? undefined;
	}

	/** The frame moved by `delta` (an edit before it), as compact as it was. */
	shifted(delta: number): LogFrame {
		const extras = this.#extras;
		let moved = extras;
		if (extras?.lines) {
			const lines = new Int32Array(extras.lines.length);
			for (let i = 0; i < lines.length; i++) lines[i] = extras.lines[i]! + delta;
			moved = { ...extras, lines };
		}
		return new LogFrame(
			this.format,
			this.#start + delta,
			this.#end + delta,
			this.#metaEnd < 0 ? -1 : this.#metaEnd + delta,
			this.#sipStart + delta,
			this.#sipEnd + delta,
			this.#time,
			this.epochMicros,
			this.src,
			this.dst,
			moved,
		);
	}

	/**
	 * The frame on other offsets (a trace read without its colours, put back on its own), as
	 * compact as it was: `place` maps an offset, `lines` and `joins` are the frame's there.
	 */
	placed(
		place: (offset: number) => number,
		sip: Span,
		lines: Int32Array | null,
		joins: Int32Array | null,
	): LogFrame {
		const extras = this.#extras;
		return new LogFrame(
			this.format,
			place(this.#start),
			place(this.#end),
			this.#metaEnd < 0 ? -1 : place(this.#metaEnd),
			sip.start,
			sip.end,
			this.#time,
			this.epochMicros,
			this.src,
			this.dst,
			frameExtras(
				lines,
				extras?.transport ?? null,
				extras?.direction ?? null,
				extras?.declaredBytes ?? null,
				joins?.length ? joins : null,
			),
		);
	}

	/** The frame with the time a log line gave it (its format's lines give none). */
	timed(time: { time: string; epochMicros: number | null }): LogFrame {
		return new LogFrame(
			this.format,
			this.#start,
			this.#end,
			this.#metaEnd,
			this.#sipStart,
			this.#sipEnd,
			time.time,
			time.epochMicros,
			this.src,
			this.dst,
			this.#extras,
		);
	}

	/** The fields in the order of a frame written as a literal (the CLI's `--json` prints them). */
	toJSON(): Frame {
		const frame: Frame = {
			format: this.format,
			span: this.span,
			meta: this.meta,
			sip: this.sip,
			lines: this.lines,
			time: this.time,
			epochMicros: this.epochMicros,
			src: this.src,
			dst: this.dst,
			transport: this.transport,
			direction: this.direction,
			declaredBytes: this.declaredBytes,
		};
		return this.joins ? { ...frame, joins: this.joins } : frame;
	}
}
