import type { Frame } from '../model';

const empty = new Int32Array(0);

/**
 * The content lines of a frame's SIP text as `[start0, end0, start1, end1, ...]`, ends without
 * CR/LF. Decorated formats hand their lines over in `frame.lines`; for contiguous text the lines
 * are found here, up to and including the empty line that ends the headers (the body is located
 * by offsets, not lines).
 */
export function frameLines(text: string, frame: Frame): Int32Array {
	if (frame.lines) return frame.lines;
	const { start, end } = frame.sip;
	if (end <= start) return empty;
	let out = new Int32Array(64);
	let n = 0;
	let at = start;
	while (at < end) {
		let nl = text.indexOf('\n', at);
		if (nl < 0 || nl >= end) nl = end;
		let le = nl;
		if (le > at && text.charCodeAt(le - 1) === 13) le--;
		if (n + 2 > out.length) {
			const grown = new Int32Array(out.length * 2);
			grown.set(out);
			out = grown;
		}
		out[n++] = at;
		out[n++] = le;
		// Stop after the empty line that ends the headers (not on the start line itself).
		if (le === at && n > 2) break;
		at = nl + 1;
	}
	return out.subarray(0, n);
}
