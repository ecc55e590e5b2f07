import type { Direction, Frame, Span, TraceFormat } from '../model';

/** What few of the engine's frames say: decoration's lines, and what only some formats print. */
export interface FrameExtras {
	readonly lines: Int32Array | null;
	readonly transport: string | null;
	readonly direction: Direction | null;
	readonly declaredBytes: number | null;
}

/** The extras of a frame, or null when it has none. */
export function frameExtras(
	lines: Int32Array | null,
	transport: string | null,
	direction: Direction | null,
	declaredBytes: number | null,
): FrameExtras | null {
	return lines === null && transport === null && direction === null && declaredBytes === null
		? null
		: { lines, transport, direction, declaredBytes };
}

/**
 * A frame of the line-based formats. A trace holds one per message, so its size counts: the
 * fields most frames leave null (the lines of contiguous text, a transport, direction or size
 * most formats do not print) share one slot, `extras`, null when all are; the metadata and SIP
 * spans are kept as offsets (small integers, stored in the object) and made when read, as few
 * consumers read them and each once. `span` stays an object: lookups binary-search it. Reads as
 * a plain frame, JSON included.
 */
export class LogFrame implements Frame {
	readonly #extras: FrameExtras | null;
	readonly #metaStart: number; // -1: no metadata
	readonly #metaEnd: number;
	readonly #sipStart: number;
	readonly #sipEnd: number;

	constructor(
		readonly format: TraceFormat,
		readonly span: Span,
		metaStart: number, // -1: no metadata
		metaEnd: number,
		sipStart: number,
		sipEnd: number,
		readonly time: string | null,
		readonly epochMicros: number | null,
		readonly src: string | null,
		readonly dst: string | null,
		extras: FrameExtras | null,
	) {
		this.#extras = extras;
		this.#metaStart = metaStart;
		this.#metaEnd = metaEnd;
		this.#sipStart = sipStart;
		this.#sipEnd = sipEnd;
	}

	get meta(): Span | null {
		return this.#metaStart < 0 ? null : { start: this.#metaStart, end: this.#metaEnd };
	}
	get sip(): Span {
		return { start: this.#sipStart, end: this.#sipEnd };
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

	/** The fields in the order of a frame written as a literal (the CLI's `--json` prints them). */
	toJSON(): Frame {
		return {
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
	}
}
