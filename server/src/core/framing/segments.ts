import { advanceOctets, LineEnds, octetLength } from '../text/octets';
import { isStartLine } from './lines';

/**
 * One SIP message read over the TCP segments that carry it, as tcpdump `-A` prints them: each
 * segment's payload is a piece of the text, and other text (the next packet line, its header
 * bytes) lies between the pieces. The message is read line by line across the pieces: headers
 * up to the empty line, then Content-Length octets of body. A line that a segment boundary cuts
 * in two is two content spans, the first marked as going on in the next (`joins`).
 *
 * tcpdump leaves out every CR before an LF (also a CR that ends a segment when the LF opens the
 * next one), so the body is counted with each LF as CRLF, as SIP writes its lines; when that does
 * not end on a line boundary (a body written with bare LFs), counting each LF as one octet is
 * tried as well.
 */
export class SegmentedMessage {
	/** Where the message ends in the text, once it is {@link done}. */
	end = -1;
	/** The pieces are not one message (a start line among its headers): do not join them. */
	failed = false;

	readonly #text: string;
	readonly #pairs: number[] = [];
	readonly #joins: number[] = [];
	/** 0: start line, 1: headers, 2: body, 3: done. */
	#phase = 0;
	/** The last pair is a line that the end of its piece cut (it did not end in an LF). */
	#open = false;
	/** The first pair of the logical line being read (a cut line has several). */
	#lineFirst = 0;
	#contentLength = -1;
	/** Body octets still to come, counting each LF as CRLF / as one octet. */
	#remCrLf = 0;
	#remLf = 0;
	/** A body end found by CRLF counting that is not on a line boundary, kept as a fallback. */
	#fallbackEnd = -1;
	#fallbackStart = 0;
	#fallbackPairs = 0;

	constructor(text: string) {
		this.#text = text;
	}

	get done(): boolean {
		return this.#phase === 3;
	}

	/**
	 * Reads the piece [start, end): true when the message ends inside it. Each piece must come
	 * after the previous one in the text.
	 */
	feed(start: number, end: number): boolean {
		const text = this.#text;
		let at = start;
		const lf = at < end ? lineEndAt(text, at, end) : -1;
		if (this.#open && lf >= 0) {
			// The last segment ended with the CR of this line's CRLF (left out): the line ends here.
			if (this.#phase === 2) {
				if (this.#bodyLine(at, at, lf)) return true;
			} else {
				this.#open = false;
				if (!this.#lineDone(lf + 1)) return !this.failed;
			}
			at = lf + 1;
		}
		while (at < end) {
			let nl = text.indexOf('\n', at);
			if (nl >= end) nl = -1;
			// A CR before the LF is no octet of the line: tcpdump leaves it out, so the printout's
			// line ends were made CRLF after it was written (unix2dos, a Windows editor).
			const lineEnd = nl < 0 ? end : nl > at && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
			if (this.#phase === 2) {
				if (this.#bodyLine(at, lineEnd, nl)) return true;
			} else {
				this.#push(at, lineEnd);
				if (nl < 0) this.#open = true;
				else if (!this.#lineDone(nl + 1)) return !this.failed;
			}
			if (nl < 0) return false;
			at = nl + 1;
		}
		return false;
	}

	/** No further piece comes: end at the body end found by CRLF counting, if there was one. */
	settle(): boolean {
		if (this.#phase !== 2 || this.#fallbackEnd < 0) return false;
		this.#pairs.length = this.#fallbackPairs;
		this.#open = false;
		const end = this.#fallbackEnd;
		const lineEnd = this.#text.indexOf('\n', this.#fallbackStart);
		return this.#land(this.#fallbackStart, lineEnd < 0 ? end : lineEnd, end);
	}

	/** No further piece comes and the message is not whole: it ends where the text read ends. */
	stop(end: number): void {
		this.#open = false;
		this.#finish(end);
	}

	/** The content of each line, as `Frame.lines`. */
	lines(): Int32Array {
		return Int32Array.from(this.#pairs);
	}

	/** The pairs whose line goes on in the next pair (a segment boundary cut it), or null. */
	joins(): Int32Array | null {
		return this.#joins.length ? Int32Array.from(this.#joins) : null;
	}

	/** Appends a content span; after a cut, it goes on with the line the previous piece left open. */
	#push(start: number, end: number): void {
		if (this.#open) {
			this.#open = false;
			if (start === end) return;
			this.#joins.push((this.#pairs.length >> 1) - 1);
		} else this.#lineFirst = this.#pairs.length;
		this.#pairs.push(start, end);
	}

	/**
	 * The start line or a header line ended (its LF just before `next`). False when the message
	 * ends here (no body) or the pieces are not one message.
	 */
	#lineDone(next: number): boolean {
		const pairs = this.#pairs;
		const first = this.#lineFirst;
		const last = pairs.length - 2;
		const start = pairs[first]!;
		if (this.#phase === 0) {
			this.#phase = 1;
			return true;
		}
		if (first === last && pairs[last + 1] === start) {
			// The empty line: the body follows, if Content-Length announces one (over TCP a message
			// without Content-Length has none, RFC 3261 §18.3).
			if (this.#contentLength <= 0) {
				this.#finish(next);
				return false;
			}
			this.#phase = 2;
			this.#remCrLf = this.#contentLength;
			this.#remLf = this.#contentLength;
			return true;
		}
		if (first === last && isStartLine(this.#text, start, pairs[last + 1]!)) {
			this.failed = true;
			return false;
		}
		if (this.#contentLength < 0) {
			this.#contentLength = contentLengthIn(
				first === last
					? this.#text.slice(start, Math.min(pairs[last + 1]!, start + 40))
					: this.#joined(first, last),
			);
		}
		return true;
	}

	/** A body line [start, end), with its LF at `lfAt` (-1: none). True when the body ends in it. */
	#bodyLine(start: number, end: number, lfAt: number): boolean {
		const text = this.#text;
		const octets = octetLength(text, start, end);
		const lf = lfAt >= 0;
		if (this.#fallbackEnd < 0) {
			// Counting each LF as CRLF, as SIP writes its lines.
			const at = landing(text, start, end, lfAt, this.#remCrLf, octets, 2);
			if (at < 0) this.#remCrLf -= octets + (lf ? 2 : 0);
			else if (this.#clean(at, end)) return this.#land(start, end, at);
			else {
				// Not on a line boundary: maybe a body of bare LFs; keep this end in reserve.
				this.#fallbackEnd = at;
				this.#fallbackStart = start;
				this.#fallbackPairs = this.#pairs.length;
			}
		}
		// Counting each LF as one octet.
		const at = landing(text, start, end, lfAt, this.#remLf, octets, 1);
		if (at >= 0) {
			if (this.#fallbackEnd < 0 || this.#clean(at, end)) return this.#land(start, end, at);
			return this.settle();
		}
		this.#remLf -= octets + (lf ? 1 : 0);
		this.#push(start, end);
		if (!lf) this.#open = true;
		return false;
	}

	/** The body ends at `at`, in the line [start, end). */
	#land(start: number, end: number, at: number): boolean {
		this.#push(start, Math.min(at, end));
		this.#finish(at);
		return true;
	}

	/** A body end at `at`, in the line that ends at `end`: clean when only white space is left. */
	#clean(at: number, end: number): boolean {
		for (let i = at; i < end; i++) {
			const c = this.#text.charCodeAt(i);
			if (c !== 32 && c !== 9 && c !== 13) return false;
		}
		return true;
	}

	#finish(end: number): void {
		const lines = this.#pairs.length >> 1;
		while (this.#joins.length && this.#joins[this.#joins.length - 1]! >= lines - 1)
			this.#joins.pop();
		this.end = end;
		this.#phase = 3;
	}

	/** The text of the pairs [first, last] of one cut line, without what lies between them. */
	#joined(first: number, last: number): string {
		let s = '';
		for (let p = first; p <= last; p += 2)
			s += this.#text.slice(this.#pairs[p], this.#pairs[p + 1]);
		return s.slice(0, 40);
	}
}

/**
 * Where `rem` more body octets end in the line [start, end) whose LF (at `lfAt`, -1: none) counts
 * `lfOctets`: an offset in the line, after its LF, or -1 when they go on past it.
 */
function landing(
	text: string,
	start: number,
	end: number,
	lfAt: number,
	rem: number,
	octets: number,
	lfOctets: number,
): number {
	if (rem <= octets) return advanceOctets(text, start, end, rem, LineEnds.AsWritten);
	if (lfAt < 0 || rem > octets + lfOctets) return -1;
	// A length that stops between CR and LF leaves the LF out of the body.
	return rem === octets + lfOctets ? lfAt + 1 : end;
}

/** The LF that `at` opens with, alone or after a CR (a converted printout's), or -1. */
function lineEndAt(text: string, at: number, end: number): number {
	if (text.charCodeAt(at) === 10) return at;
	return at + 1 < end && text.charCodeAt(at) === 13 && text.charCodeAt(at + 1) === 10 ? at + 1 : -1;
}

/** The value of a Content-Length / `l:` header line, or -1. */
function contentLengthIn(line: string): number {
	const m = /^(?:content-length|l)[ \t]{0,40}:[ \t]{0,40}(\d{1,9})[ \t]{0,40}$/i.exec(line);
	return m ? Number(m[1]) : -1;
}
