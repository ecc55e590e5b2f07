import type { Frame } from '../model';

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
 * (the text is then read where it stands).
 */
export function cutText(text: string, frame: Frame, start: number, end: number): CutText | null {
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
	return piecesText(text, starts, ends, null);
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

/** The text of [start, end) of a frame's SIP text (a header value), read over any cut in it. */
export function textOf(text: string, frame: Frame, start: number, end: number): string {
	return cutText(text, frame, start, end)?.text ?? text.slice(start, end);
}
