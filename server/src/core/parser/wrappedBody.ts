import { LineEnds, octetLength } from '../text/octets';
import { onlyBlankLines } from '../text/whiteSpace';
import { isFence } from './bodyStart';
import { narrowestWrap } from './joins';

/**
 * A body whose long lines a copy cut at a width (a mail, a ticket, a terminal 80 columns wide):
 * each cut put a line end inside a line of the body, so the body runs on past where its
 * Content-Length ends. Its longest line is as long as the width (see {@link wrapWidth}); each
 * line that long with more text right below it is taken as cut there. Where the body counted without those line ends
 * holds exactly Content-Length octets, and only white space follows up to `limit` (or, with
 * `blankEnds`, an empty line follows), its end is returned and `breaks` holds the line ends to
 * leave out (where each starts, in text order); otherwise -1. Line ends are counted as written,
 * then each as CRLF, then as LF, as for any body. Reads no further than the body's octets and
 * its line ends.
 */
export function wrappedBodyEnd(
	text: string,
	messageStart: number,
	bodyStart: number,
	limit: number,
	contentLength: number,
	breaks: number[],
	blankEnds = false,
	/** Lines of the message as long as the width that make it one (see {@link wrapWidth}). */
	asLongLines = 2,
	/** How line ends are counted: each way in turn, or only the way the body as written fit. */
	modes: readonly LineEnds[] = allModes,
): number {
	const width = wrapWidth(text, messageStart, bodyStart, limit, contentLength, asLongLines);
	if (width < 0) return -1;
	const endsHere = (end: number): boolean =>
		breaks.length > 0 &&
		(onlyBlankLines(text, end, limit) || (blankEnds && blankLineAt(text, end, limit)));
	for (const mode of modes) {
		breaks.length = 0;
		let octets = 0;
		for (let at = bodyStart; at < limit;) {
			const nl = text.indexOf('\n', at);
			const last = nl < 0 || nl >= limit;
			const next = last ? limit : nl + 1;
			let end = last ? limit : nl;
			if (end > at && text.charCodeAt(end - 1) === 13) end--;
			// The fence that closes the block the message was pasted in: no body runs on into it.
			if (at > bodyStart && isFence(text, at, end)) break;
			octets += octetLength(text, at, end);
			if (octets > contentLength) break;
			if (octets === contentLength && endsHere(end)) return end;
			if (last) break;
			if (end - at === width && next < limit && !isLineEnd(text.charCodeAt(next))) breaks.push(end);
			else {
				octets += mode === LineEnds.AsWritten ? next - end : mode === LineEnds.AddCr ? 2 : 1;
				if (octets === contentLength && endsHere(next)) return next;
			}
			at = next;
		}
	}
	breaks.length = 0;
	return -1;
}

/**
 * The width a copy cut the message's lines at, or -1: the length of the body's longest line (of
 * those that hold its first `octets` characters, each at least one octet: as far as a wrapped
 * body can run), when `needed` lines of the message from `messageStart` are exactly as long.
 * One long line alone is no sign of a width: a body's one line longer than the others (a
 * PIDF's `<presence xmlns...>`) is the common case of a body nobody wrapped.
 */
function wrapWidth(
	text: string,
	messageStart: number,
	bodyStart: number,
	limit: number,
	octets: number,
	needed: number,
): number {
	let longest = 0;
	let asLong = 0;
	let chars = 0;
	for (let at = bodyStart; at < limit && chars <= octets;) {
		const nl = text.indexOf('\n', at);
		const last = nl < 0 || nl >= limit;
		const next = last ? limit : nl + 1;
		let lineEnd = last ? limit : nl;
		if (lineEnd > at && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
		const length = lineEnd - at;
		if (length > longest) {
			longest = length;
			asLong = 1;
		} else if (length === longest) asLong++;
		chars += length;
		at = next;
	}
	if (longest < narrowestWrap) return -1;
	for (let at = messageStart; at < bodyStart && asLong < needed;) {
		const nl = text.indexOf('\n', at);
		if (nl < 0 || nl >= bodyStart) break;
		const lineEnd = nl > at && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
		if (lineEnd - at === longest) asLong++;
		at = nl + 1;
	}
	return asLong >= needed ? longest : -1;
}

const allModes = [LineEnds.AsWritten, LineEnds.AddCr, LineEnds.DropCr];

const isLineEnd = (c: number): boolean => c === 10 || c === 13;

/** At `at` (a line's start, or the end of a line's text) an empty line follows, or the limit. */
function blankLineAt(text: string, at: number, limit: number): boolean {
	let i = at;
	if (i > 0 && text.charCodeAt(i - 1) !== 10) {
		// The end of a line's text: past its line end.
		if (i < limit && text.charCodeAt(i) === 13) i++;
		if (i < limit && text.charCodeAt(i) === 10) i++;
	}
	while (i < limit && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	return i >= limit || isLineEnd(text.charCodeAt(i));
}
