/*
 * The body of a message in tshark's text (`-V -O sip`, Wireshark's plain-text export), read back
 * from its dissection under `    Message Body`. tshark prints each body as a tree, one item a
 * line, indented by 4 per level (Wireshark 4.0):
 *
 * - XML (`eXtensible Markup Language`): one line per token, `<presence`, `entity="...">`, text,
 *   `</basic>`. Each line is the document's text as it stands; joined with line ends they are the
 *   same document again (a line end between attributes or around text is XML white space).
 * - SDP (`Session Description Protocol`): `Session Name (s): -` for the line `s=-`, then deeper
 *   lines, the value decoded (skipped). Only the value is printed as it stands: the type letter is
 *   read from the `(s)` before it (`Frame.keys`).
 * - Text: `Line-based text data: text/plain (2 lines)` and its lines, or, for a type tshark does
 *   not know (application/simple-message-summary, dialog-info+xml), the lines right under
 *   `Message Body`. Each is a line of the body with its line end shown as `\r\n` or `\n`.
 * - `Sipfrag`: the fragment's lines as they are.
 * - `MIME Multipart Media Encapsulation`: `First boundary: --b\r\n`, each `Encapsulated multipart
 *   part:` with its header lines (`Content-Type: application/sdp\r\n\r\n`) and its content as
 *   above, `Boundary: \r\n--b\r\n`, `Last boundary: \r\n--b--\r\n`. The preamble and trailer are
 *   printed in hex and left out.
 *
 * Generated lines (`[Generated Call-ID: ...]`) are skipped. A body tshark dissects otherwise
 * (JSON, binary data, a part of an unknown type) cannot be read back: such a message keeps no body.
 * An item longer than tshark prints (240 characters) is cut, ` [truncated]` put before its text
 * (or, for a labelled one, after the label: `Session Information (i) [truncated]: ...`): its text
 * is kept as far as it goes, and the lines cut are given (`cuts`) so the export's cut is said.
 */

/** What a message's body lines are, as `Frame.lines` and `Frame.keys` give them. */
import { cutMarkAt } from './tsharkCut';

export interface TsharkBody {
	/** `[start, end, ...]` of each body line's text, an empty pair for an empty line. */
	readonly pairs: number[];
	/** `[pair, back, ...]`: the pair (counted from the body's first) is an SDP value, its type letter `back` characters before it. */
	readonly keys: number[];
	/** `[start, end, ...]` of each line tshark cut, from its `[truncated]` on; empty when none. */
	readonly cuts: number[];
}

type Kind = 'root' | 'sdp' | 'xml' | 'text' | 'sipfrag' | 'multipart' | 'part';

interface Level {
	readonly kind: Kind;
	/** The indent of the line that opened it (`Message Body`, a label): its items are 4 deeper. */
	readonly indent: number;
}

/**
 * The item that gives an SDP line: `Label (t): value` (RFC 8866 §5: a type is one letter), with
 * tshark's mark between label and value when it cut the line.
 */
const sdpItem = /^[A-Za-z][^()]{0,80}\(([a-z])\)( \[(?:truncated|\u2026)\])?:(?: |$)/;
const boundaryItem = /^(?:First boundary|Boundary|Last boundary): /;

/** Reads the body lines under one `Message Body` line, one printed line at a time. */
export class TsharkBodyReader {
	readonly pairs: number[] = [];
	readonly keys: number[] = [];
	readonly cuts: number[] = [];
	/** Something was printed that is not the body's text: the body cannot be read back. */
	lost = false;
	/** Where tshark said its XML dissector met text it could not parse, or null. */
	unrecognized: { start: number; end: number } | null = null;
	#levels: Level[];
	/** Lines deeper than this indent belong to a skipped item; -1 when none. */
	#skipBelow = -1;
	/** The last line given does not end with its line end yet (an XML token, an SDP line, text without `\r\n`). */
	#open = false;

	/** `indent`: the indent of the `Message Body` line. */
	constructor(indent: number) {
		this.#levels = [{ kind: 'root', indent }];
	}

	/** The result, or null when nothing could be read back. */
	result(): TsharkBody | null {
		if (this.lost || !this.pairs.some((v, i) => i % 2 === 0 && this.pairs[i + 1]! > v)) return null;
		return { pairs: this.pairs, keys: this.keys, cuts: this.cuts };
	}

	/**
	 * A line of the body, from `lineStart` to `end` (without its line end), its item after
	 * `depth` spaces of indent.
	 */
	line(text: string, lineStart: number, depth: number, end: number): void {
		if (this.lost) return;
		if (this.#skipBelow >= 0) {
			if (depth > this.#skipBelow) return;
			this.#skipBelow = -1;
		}
		// A cut item: its mark's space was counted as indent; its text starts after the mark.
		let start = lineStart + depth;
		const mark = depth > 0 && text.charCodeAt(start - 1) === 32 ? cutMarkAt(text, start) : 0;
		if (mark > 0) {
			this.cuts.push(start, end);
			depth--;
			start += mark;
		}
		while (this.#levels.length > 1 && this.#levels[this.#levels.length - 1]!.indent >= depth)
			this.#levels.pop();
		const level = this.#levels[this.#levels.length - 1]!;
		const item = depth === level.indent + 4;
		// Generated items: at an item's place, or tshark's remarks (`[Expert Info (...): ...]`) anywhere.
		if ((item && isGenerated(text, start, end)) || text.startsWith('[Expert Info (', start)) {
			this.#skipBelow = depth;
			return;
		}
		// Lines of text keep the spaces they start with: the item's indent is the tree's, the rest
		// the body's (`  <dialog id=...>\n`). A cut line's text starts after the mark.
		const textStart = start > lineStart + depth ? start : lineStart + level.indent + 4;
		switch (level.kind) {
			case 'xml':
				// tshark's own item where its XML dissector met text it could not parse (not XML, or a
				// body a TCP segment read without reassembly cut): no text of the body; what follows
				// it is the text as it stands.
				if (item && isUnrecognized(text, start, end)) {
					this.unrecognized = { start, end };
					this.#skipBelow = depth;
					return;
				}
				this.#push(start, end);
				return;
			case 'sipfrag':
				this.#push(textStart, end);
				return;
			case 'sdp': {
				if (!item) return; // the value decoded into its fields
				const m = sdpItem.exec(text.slice(start, Math.min(end, start + 90)));
				if (!m) {
					this.lost = true;
					return;
				}
				const letter = start + m[0].lastIndexOf('(') + 1;
				const value = start + m[0].length;
				if (m[2]) this.cuts.push(start + m[0].indexOf(m[2]) + 1, end);
				this.keys.push(this.pairs.length >> 1, value - letter);
				this.#push(value, end);
				return;
			}
			case 'multipart': {
				if (!item) {
					this.lost = true;
					return;
				}
				const m = boundaryItem.exec(text.slice(start, Math.min(end, start + 20)));
				if (m) this.#escaped(text, start + m[0].length, end);
				else if (text.startsWith('Encapsulated multipart part:', start))
					this.#levels.push({ kind: 'part', indent: depth });
				else this.#skipBelow = depth; // the preamble and trailer, in hex
				return;
			}
			case 'text':
			case 'root':
			case 'part': {
				// Deeper under a line that did not end: the children of an item tshark dissected
				// (JSON, data in hex), which the body cannot be read back from.
				if (!item && this.#open) {
					this.lost = true;
					return;
				}
				const kind = item && level.kind !== 'text' ? labelKind(text, start, end) : null;
				if (kind) this.#levels.push({ kind, indent: depth });
				else this.#escaped(text, textStart, end);
				return;
			}
		}
	}

	#push(start: number, end: number): void {
		this.pairs.push(start, end);
		this.#open = true;
	}

	/**
	 * A line printed with its line ends as `\r\n` or `\n`: at its end (a text line), also at its
	 * start (a boundary, whose CRLF ends the part before it) and doubled (a part's last header and
	 * the empty line after it). A line end ends the open line, or else stands for an empty line.
	 */
	#escaped(text: string, start: number, end: number): void {
		let from = start;
		for (let n = escapeAt(text, from, end); n > 0; n = escapeAt(text, from, end)) {
			this.#lineEnd(from);
			from += n;
		}
		let to = end;
		const ends: number[] = [];
		for (let n = escapeBefore(text, from, to); n > 0; n = escapeBefore(text, from, to)) {
			to -= n;
			ends.push(to);
		}
		if (to > from || (from === start && to === end)) this.#push(from, to);
		for (let i = ends.length - 1; i >= 0; i--) this.#lineEnd(ends[i]!);
	}

	#lineEnd(at: number): void {
		if (!this.#open) this.pairs.push(at, at);
		this.#open = false;
	}
}

/** tshark's `Unrecognized text` item (its expert info and the text follow, deeper). */
const isUnrecognized = (text: string, start: number, end: number): boolean =>
	end - start === 17 && text.startsWith('Unrecognized text', start);

/** Which part of the tree a label line opens, or null for a line of text. */
function labelKind(text: string, start: number, end: number): Kind | null {
	const length = end - start;
	if (length === 28 && text.startsWith('Session Description Protocol', start)) return 'sdp';
	if (length === 26 && text.startsWith('eXtensible Markup Language', start)) return 'xml';
	if (length === 7 && text.startsWith('Sipfrag', start)) return 'sipfrag';
	if (text.startsWith('Line-based text data: ', start)) return 'text';
	if (text.startsWith('MIME Multipart Media Encapsulation, ', start)) return 'multipart';
	return null;
}

/** A line tshark makes up rather than reads: `[Generated Call-ID: ...]`, `[Type: ...]`. */
function isGenerated(text: string, start: number, end: number): boolean {
	return end - start >= 2 && text.charCodeAt(start) === 91 && text.charCodeAt(end - 1) === 93;
}

/** The length of a printed line end (`\r\n` or `\n`) at `at`, or 0. */
function escapeAt(text: string, at: number, end: number): number {
	if (at + 4 <= end && text.startsWith('\\r\\n', at)) return 4;
	if (at + 2 <= end && text.startsWith('\\n', at)) return 2;
	return 0;
}

/** The length of a printed line end ending at `end` (not before `from`), or 0. */
function escapeBefore(text: string, from: number, end: number): number {
	if (end - 4 >= from && text.startsWith('\\r\\n', end - 4)) return 4;
	if (end - 2 >= from && text.startsWith('\\n', end - 2)) return 2;
	return 0;
}
