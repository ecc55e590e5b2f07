import type { Frame } from '../model';
import { isKnownMethod } from './methods';

/**
 * Text a TCP segment boundary cut (see `Frame.joins`): a value whose span runs over the cut is
 * read without what lies between the pieces, and offsets in that reading are mapped back to the
 * trace.
 */
export interface CutText {
	readonly text: string;
	/** The trace offset of offset `o` of `text`; `end` maps an end offset to its piece's end. */
	at(o: number, end?: boolean): number;
}

/**
 * [start, end) of a frame that has cut lines, read over the cuts; null when no cut lies inside it
 * (the text is then read where it stands). `startLine`: a request line a copy wrapped, where a
 * piece that is the method alone lost the space after it (`REGISTER` / `sip:example.com
 * SIP/2.0`): read with one.
 */
export function cutText(
	text: string,
	frame: Frame,
	start: number,
	end: number,
	startLine = false,
): CutText | null {
	const joins = frame.joins;
	const lines = frame.lines;
	if (!joins || !lines) return null;
	let k = 0;
	while (k < joins.length && lines[2 * joins[k]! + 1]! < start) k++;
	if (k >= joins.length || lines[2 * joins[k]! + 1]! >= end) return null;
	// Pieces: from `start` to the first cut, then each continuation up to the next cut or `end`.
	const starts: number[] = [start];
	const ends: number[] = [];
	for (; k < joins.length; k++) {
		const pair = joins[k]!;
		const pieceEnd = lines[2 * pair + 1]!;
		if (pieceEnd >= end) break;
		ends.push(pieceEnd);
		starts.push(lines[2 * pair + 2]!);
	}
	ends.push(end);
	if (!startLine) return piecesText(text, starts, ends, null);
	// A wrap at the space after the method, or before the version, took the space with it.
	const seps = starts
		.slice(1)
		.map((s, i) =>
			!isBlank(text.charCodeAt(s)) &&
			!isBlank(text.charCodeAt(ends[i]! - 1)) &&
			((i === 0 && isKnownMethod(text.slice(starts[0], ends[0]))) ||
				(ends[i + 1]! - s === 7 && text.startsWith('SIP/2.0', s)))
				? ' '
				: '',
		);
	return piecesText(text, starts, ends, seps);
}

/**
 * The text of pieces `[starts[i], ends[i])` of `text` read as one, `seps[i]` put between piece
 * `i` and the next (none when `seps` is null), with offsets in that reading mapped back: an
 * offset on a separator maps to the next piece's start, or as an end to the piece's end before.
 */
export function piecesText(
	text: string,
	starts: readonly number[],
	ends: readonly number[],
	seps: readonly string[] | null,
): CutText {
	let s = '';
	for (let i = 0; i < starts.length; i++) {
		s += text.slice(starts[i], Math.max(starts[i]!, ends[i]!));
		if (seps && i + 1 < starts.length) s += seps[i]!;
	}
	const last = starts.length - 1;
	return {
		text: s,
		at(o: number, isEnd = false): number {
			let rest = o;
			for (let i = 0; i <= last; i++) {
				const length = Math.max(0, ends[i]! - starts[i]!);
				if (rest < length || (isEnd && rest === length) || i === last) return starts[i]! + rest;
				rest -= length;
				const sep = seps ? seps[i]!.length : 0;
				if (rest < sep) return isEnd ? starts[i]! + length : starts[i + 1]!;
				rest -= sep;
			}
			return ends[last]!;
		},
	};
}

/**
 * What a copy took out where it wrapped the line [as, ae): 1 for a space, 0 for nothing.
 * A tool that wraps at a fixed width (a terminal, a mail at 72, a page 80 columns wide) cuts a
 * token where the width falls, a Via branch, a tag or a nonce: the line above is then as long as
 * the width, and the pieces join with nothing. A word wrap breaks at a space, which a flowed mail
 * keeps at the line's end (RFC 3676 §4.2) and others drop, or after a hyphen: a line above that
 * ends with white space, or is well short of any width and ends in no hyphen, broke at a space.
 */
export function wrapSeparator(text: string, as: number, ae: number, next = -1): number {
	const last = text.charCodeAt(ae - 1);
	if (isBlank(last)) return 1;
	// A piece that opens with what goes on a token (`.234.158.146:47662;branch=...` below `Via:
	// SIP/2.0/TLS 10`): a logger that cuts its lines into pieces of its own length cut there.
	if (next >= 0 && goesOnToken(text.charCodeAt(next))) return 0;
	return ae - as < narrowestWrap && last !== 45 ? 1 : 0;
}

/** `.`, `:`, `;`, `,`, `@`, `=`, `>`: no word of a header value starts with one. */
const goesOnToken = (c: number): boolean =>
	c === 46 || c === 58 || c === 59 || c === 44 || c === 64 || c === 61 || c === 62;

/**
 * A line shorter than this was not cut at a width: copies wrap at 72 to 80 columns (a mail, a
 * terminal, a page). The one measure every reader of a copy's wrap goes by.
 */
export const narrowestWrap = 60;

/**
 * The text of [start, end) of a frame's SIP text (a header value), read over any cut in it, and
 * over line breaks as the parser reads its own fields (see {@link unwrapped}).
 */
export function textOf(text: string, frame: Frame, start: number, end: number): string {
	const cut = cutText(text, frame, start, end);
	if (cut) return cut.text;
	const value = text.slice(start, end);
	return value.includes('\n') ? unwrapped(text, start, value) : value;
}

/**
 * {@link textOf} for a frame whose lines a format decorates (`Frame.lines`: a quote's `> `, a hex
 * dump's rows): the value's pieces on each of its lines, read as one, a line that starts with
 * white space as a fold (one SP), any other as the rest of the line above.
 */
export function lineValueText(text: string, frame: Frame, start: number, end: number): string {
	const lines = frame.lines;
	if (!lines || frame.joins?.length) return textOf(text, frame, start, end);
	let out = '';
	for (let k = 0; 2 * k < lines.length; k++) {
		const s = Math.max(lines[2 * k]!, start);
		const e = Math.min(lines[2 * k + 1]!, end);
		if (lines[2 * k]! >= end) break;
		if (e <= s) continue;
		let piece = text.slice(s, e);
		if (out !== '' && isBlank(piece.charCodeAt(0))) piece = ' ' + piece.trimStart();
		out += piece;
	}
	return out;
}

/**
 * `value`, which stands at `start` of `text` and goes on over line breaks, read as one line: a
 * fold (the next line starts with white space) as one SP (RFC 3261 §7.3.1), the rest of a line
 * that a copy wrapped (the next line at the margin) joined as {@link wrapSeparator} says. A
 * wrapped Replaces then names its dialog as the unwrapped one does.
 */
function unwrapped(text: string, start: number, value: string): string {
	let out = '';
	let from = 0;
	for (let nl = value.indexOf('\n'); nl >= 0; nl = value.indexOf('\n', from)) {
		let end = nl;
		if (end > from && value.charCodeAt(end - 1) === 13) end--;
		let next = nl + 1;
		while (next < value.length && isBlank(value.charCodeAt(next))) next++;
		let sep = ' ';
		if (next === nl + 1) {
			const lineStart = text.lastIndexOf('\n', start + end - 1) + 1;
			sep = wrapSeparator(text, lineStart, start + end, start + next) ? ' ' : '';
		}
		while (end > from && isBlank(value.charCodeAt(end - 1))) end--;
		out += value.slice(from, end) + sep;
		from = next;
	}
	return out + value.slice(from);
}

const isBlank = (c: number): boolean => c === 32 || c === 9;
