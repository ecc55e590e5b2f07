import { sequenceEnd, withoutSequences } from '../text/controlSequence';
import { Removals, TextWithout } from './textWithout';

/*
 * Terminal colours in a trace: sipgrep colours the method, status, branch, tags and Call-ID of
 * every message even when its output goes to a file; a console (fs_cli, Asterisk's CLI, a
 * Kamailio run with log colours) captured with `script` or `tee` keeps its escapes. An escape
 * sits in the middle of a line (`Call-ID:ESC[1mESC[35m 1-11484@127.0.0.1`), where no format's
 * rules can look past it. Such a trace is framed without its escapes, and the frames are put back
 * on the trace's own offsets (see textWithout.ts).
 */

/** Does `text` hold a terminal control sequence (CSI: `ESC [`; a designation, `ESC ( B`)? */
export function holdsColour(text: string): boolean {
	for (let at = text.indexOf('\x1b'); at >= 0; at = text.indexOf('\x1b', at + 1))
		if (sequenceEnd(text, at) > 0) return true;
	return false;
}

/** The trace without its control sequences, and the way back to the trace's own offsets. */
export class Uncoloured extends TextWithout {
	constructor(source: string) {
		// The places, found by the scanner the check uses; the text, by one native replace of
		// the same sequences (cheaper than joining the pieces between them).
		const removals = new Removals();
		for (let esc = source.indexOf('\x1b'); esc >= 0; esc = source.indexOf('\x1b', esc + 1)) {
			const end = sequenceEnd(source, esc);
			if (end < 0) continue;
			removals.take(esc, end);
			esc = end - 1;
		}
		super(source, withoutSequences(source), removals);
	}
}
