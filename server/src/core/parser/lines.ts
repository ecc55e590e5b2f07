import type { Frame } from '../model';

const empty = new Int32Array(0);
/** Reused for every contiguous message: a typed array per message is costly to allocate. */
let scratch = new Int32Array(256);

/**
 * The content lines of a frame's SIP text as `[start0, end0, start1, end1, ...]`, ends without
 * CR/LF. Decorated formats hand their lines over in `frame.lines`; for contiguous text the lines
 * are found here, up to and including the empty line that ends the headers (the body is located
 * by offsets, not lines). The result, one object reused for every message, and its lines are
 * only valid until the next call: read them, don't keep them.
 */
export function frameLines(text: string, frame: Frame): FrameLines {
	if (frame.lines) {
		const lines = frame.lines;
		// The same double-spaced copy (see below), in a format that decorates its lines.
		const doubleSpaced =
			lines.length >= 6 && lines[2] === lines[3] && startsHeaderLine(text, lines[4]!, lines[5]!);
		return found(lines, lines.length >> 1, doubleSpaced);
	}
	const { start, end } = frame.sip;
	if (end <= start) return found(empty, 0, false);
	let out = scratch;
	let n = 0;
	let at = start;
	let doubleSpaced = false;
	while (at < end) {
		let nl = text.indexOf('\n', at);
		if (nl < 0 || nl >= end) nl = end;
		let le = nl;
		// CR LF, and CR CR LF from a copy that converted line ends twice.
		while (le > at && text.charCodeAt(le - 1) === 13) le--;
		if (n + 2 > out.length) {
			const grown = new Int32Array(out.length * 2);
			grown.set(out);
			out = scratch = grown;
		}
		out[n++] = at;
		out[n++] = le;
		// Stop after the empty line that ends the headers (not on the start line itself). A copy
		// that put an empty line after every line has one after the start line and a header after
		// it: its headers end at two empty lines in a row.
		if (le === at && n > 2) {
			if (n === 4 && startsHeaderLine(text, nl + 1, end)) doubleSpaced = true;
			else if (!doubleSpaced || out[n - 3] === out[n - 4]) break;
		}
		at = nl + 1;
	}
	return found(out, n >> 1, doubleSpaced);
}

const result: { -readonly [K in keyof FrameLines]-?: FrameLines[K] } = {
	lines: empty,
	count: 0,
	doubleSpaced: false,
};

function found(lines: Int32Array, count: number, doubleSpaced: boolean): FrameLines {
	result.lines = lines;
	result.count = count;
	result.doubleSpaced = doubleSpaced;
	return result;
}

/** Line pairs in `lines[0 .. 2 * count)`; the array may be longer (a reused buffer). */
export interface FrameLines {
	readonly lines: Int32Array;
	readonly count: number;
	/** An empty line after every line (see above): single empty lines among the headers are not an end. */
	readonly doubleSpaced?: boolean;
}

/** `Name: value` at `at`, its name a token: a header line, not a body's first line. */
function startsHeaderLine(text: string, at: number, end: number): boolean {
	let i = at;
	while (i < end && i - at < 40) {
		const c = text.charCodeAt(i);
		if (c === 58) return i > at;
		// token characters of a header name (RFC 3261 §25.1), no space
		if (!(
			c === 45 ||
			c === 46 ||
			c === 95 ||
			(c >= 48 && c <= 57) ||
			((c | 32) >= 97 && (c | 32) <= 122)
		))
			return false;
		i++;
	}
	return false;
}
