import { pastSequences } from './controlSequence';
/**
 * Counting the octets a message had on the wire, from the decoded text. Traces change line ends:
 * some tools turn CRLF into LF (Content-Length then counts octets no longer there), and editors
 * turn a file's lone LFs into CRLF (it then counts fewer). A body is accepted when it matches
 * as written, or as if every line end had been changed back.
 */
export const enum LineEnds {
	/** Count the text as it is. */
	AsWritten,
	/** Count each bare LF as CRLF (the trace dropped the CRs). */
	AddCr,
	/** Count each CRLF as LF (the trace added CRs). */
	DropCr,
}

/** UTF-8 octets of one UTF-16 code unit (a surrogate pair counts 4 on its high half). */
export function utf8Octets(c: number): number {
	if (c < 0x80) return 1;
	if (c < 0x800) return 2;
	if (c >= 0xd800 && c <= 0xdbff) return 4;
	if (c >= 0xdc00 && c <= 0xdfff) return 0;
	return 3;
}

const nonAscii = /[\u0080-\uffff]/;

/** The offset just after `octets` octets from `from`, or -1 when `limit` comes first. */
export function advanceOctets(
	text: string,
	from: number,
	limit: number,
	octets: number,
	mode: LineEnds,
): number {
	let n = 0;
	let i = from;
	if (mode === LineEnds.AsWritten) {
		// Bodies are mostly ASCII, where the octets are the characters: one search for a
		// character beyond ASCII, in compiled code, rather than a walk character by character.
		const asciiEnd = Math.min(limit, from + octets);
		if (asciiEnd > from) {
			const first = text.slice(from, asciiEnd).search(nonAscii);
			if (first < 0) return asciiEnd - from === octets ? asciiEnd : -1;
			n = first;
			i = from + first;
		}
		// From the first character beyond ASCII: count a run of one-octet characters in a tight
		// loop, never past the octets left or the limit.
		while (n < octets) {
			const run = i;
			const stop = Math.min(limit, i + (octets - n));
			while (i < stop && text.charCodeAt(i) < 0x80) i++;
			n += i - run;
			if (n >= octets) break;
			if (i >= limit) return -1;
			n += utf8Octets(text.charCodeAt(i++));
		}
		return i;
	}
	while (n < octets) {
		if (i >= limit) return -1;
		const c = text.charCodeAt(i);
		n += utf8Octets(c);
		if (mode === LineEnds.AddCr && c === 10 && text.charCodeAt(i - 1) !== 13) n++;
		else if (mode === LineEnds.DropCr && c === 13 && text.charCodeAt(i + 1) === 10) n--;
		i++;
	}
	return i;
}

/** UTF-8 octets of [start, end). */
export function octetLength(text: string, start: number, end: number): number {
	let n = 0;
	for (let i = start; i < end; i++) n += utf8Octets(text.charCodeAt(i));
	return n;
}

/**
 * Whether the line whose content ends at `end` showed a CR before its LF: kept in the text, shown
 * as `cat -v`'s `^M`, or printed by ngrep as `.` (`-W byline`) or as the first of `..` (its
 * default output), the dots left out of the content. White space a format trims off a line's end
 * is looked past. In a message whose start line shows its CR, a line that does not had a bare LF
 * on the wire (Kamailio writes the PIDF it composes so).
 */
export function crShown(text: string, end: number): boolean {
	// A colour's escape may close the line before its line end (see framing/colour.ts).
	end = pastSequences(text, end);
	let c = text.charCodeAt(end);
	while (c === 32 || c === 9) c = text.charCodeAt(++end);
	if (c === 13) return true;
	// `cat -v`'s `^M`.
	if (c === 94) return text.charCodeAt(end + 1) === 77;
	if (c !== 46) return false;
	// `.` and the line end (`-W byline`), or `..` (its default output, CRLF as two dots); sipgrep
	// may end a coloured value after its `.`.
	const after = text.charCodeAt(pastSequences(text, end + 1));
	return after === 10 || after === 13 || after === 46 || Number.isNaN(after);
}

/** The octets of the line end after the line whose content ends at `end` (see {@link crShown}). */
export function lineEndOctets(text: string, end: number, startShowsCr: boolean): 1 | 2 {
	return startShowsCr && !crShown(text, end) ? 1 : 2;
}

/** The octets of the lines `lines` gives (start, end pairs), each line end counted as a CRLF. */
export function linesOctets(text: string, lines: Int32Array): number {
	let n = 0;
	for (let k = 0; k < lines.length; k += 2) n += octetLength(text, lines[k]!, lines[k + 1]!) + 2;
	return n;
}
