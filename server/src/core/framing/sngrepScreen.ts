import { isStartLine } from './lines';
import { Removals, TextWithout } from './textWithout';

/*
 * sngrep's call flow screen copied from the terminal: the ladder on the left (the hosts, each
 * message's time and arrow) and, right of a box-drawing bar (`│`, U+2502), the raw text of the
 * message selected in it, a line of the message on each line of the screen:
 *
 *   15:11:10.481568   │        INVITE (SDP)         │         │From: <sip:a@b>;tag=f3b8
 *         +0.000553   │ ──────────────────────────> │         │CSeq: 2 INVITE
 *
 * The bar stands in the same column on every line of the pane. The trace is read without what
 * lies before it, up to and including the bar (textWithout.ts): the message is read from the
 * pane, the ladder is left as the trace's text.
 */

const bar = '│';

/** Where such a screen is looked for: a copy of one is short. */
const head = 1 << 16;

/** How many of the pane's lines must hold the bar in its column. */
const enough = 4;

/**
 * The column of the bar before the pane, when `text` holds a line with the bar right before a
 * start line and at least {@link enough} lines with the bar in that column; -1 otherwise.
 */
export function sngrepPaneColumn(text: string): number {
	if (!text.includes(bar)) return -1;
	const start = text.length > head ? text.slice(0, head) : text;
	for (let at = start.indexOf(bar); at >= 0; at = start.indexOf(bar, at + 1)) {
		const ls = start.lastIndexOf('\n', at) + 1;
		let le = start.indexOf('\n', at);
		if (le < 0) le = start.length;
		if (start.charCodeAt(le - 1) === 13) le--;
		if (!isStartLine(start, at + 1, le)) continue;
		const column = at - ls;
		if (linesWithBarAt(start, column) >= enough) return column;
	}
	return -1;
}

function linesWithBarAt(text: string, column: number): number {
	let count = 0;
	for (let ls = 0; ls < text.length;) {
		let nl = text.indexOf('\n', ls);
		if (nl < 0) nl = text.length;
		if (ls + column < nl && text.charCodeAt(ls + column) === 0x2502) count++;
		ls = nl + 1;
	}
	return count;
}

/** The trace without the ladder before the pane's bar, on each line that has the bar there. */
export class WithoutLadder extends TextWithout {
	constructor(source: string, column: number) {
		const removals = new Removals();
		const parts: string[] = [];
		let kept = 0;
		for (let ls = 0; ls < source.length;) {
			let nl = source.indexOf('\n', ls);
			if (nl < 0) nl = source.length;
			if (ls + column < nl && source.charCodeAt(ls + column) === 0x2502) {
				parts.push(source.slice(kept, ls));
				removals.take(ls, ls + column + 1);
				kept = ls + column + 1;
			}
			ls = nl + 1;
		}
		parts.push(source.slice(kept));
		super(source, parts.join(''), removals);
	}
}
