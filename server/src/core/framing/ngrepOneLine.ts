import type { Frame, FramingResult } from '../model';
import { placedFrame } from '../shift';
import { LogFrame } from './frame';
import { contentLines } from './lines';

/*
 * ngrep's `-W single`: each packet on one line, its payload right after the packet's addresses
 * (and TCP flags), every CR and LF printed as `.`:
 *
 *   U 127.0.0.1:15881 -> 127.0.0.1:15880 OPTIONS sip:... SIP/2.0..Via: SIP/2.0/UDP ...;branch=...
 *   ..From: ...;tag=...Content-Length: 0....
 *
 * (one line). The `..` pairs that stand for CRLF are read as line ends: every pair in the headers
 * (four dots end them), and in the body the last two dots of each run of them (a sentence's own
 * period before a line end stays), and a lone dot between XML tags (a bare LF). The space before the start line is read as a line end too, so
 * the packet line above the message is ngrep's `-W byline` one. The text keeps its length and
 * offsets: it is framed so read, and each frame is given its lines on the trace.
 */

/** A packet line with a start line behind its addresses (and flags), and a `..` after it. */
const packetWithPayload =
	/^[UTI](?:\(\d{1,3}\))? (?:\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d{1,9}(?: [+-]\d{4})? |\+\d{1,10}\.\d{1,9} )?\S{1,100} -> \S{1,100}(?: \[[A-Z]{1,8}\])?(?: #\d{1,10})? (?=(?:[A-Z]{2,20} \S{1,2000} SIP\/2\.0|SIP\/2\.0 \d{3} )[^\n]{0,2000}?\.\.[A-Za-z])/gm;

/** Where packet lines are looked for first: a capture's head. */
const head = 1 << 16;

/** Does `text` hold ngrep `-W single` packet lines with a SIP message on them? */
export function holdsNgrepOneLine(text: string): boolean {
	// The head only: a large trace of another format is not searched to its end.
	const start = text.length > head ? text.slice(0, head) : text;
	if (!start.includes(' -> ') || !start.includes('SIP/2.0')) return false;
	packetWithPayload.lastIndex = 0;
	return packetWithPayload.test(start);
}

/** The text with each such packet's line ends put back, where they were `.` pairs. */
export class NgrepOneLines {
	readonly text: string;
	/** Offsets where a message's start line begins on a packet line (a set: each frame asks). */
	readonly #starts = new Set<number>();

	constructor(source: string) {
		const out: string[] = [];
		let from = 0;
		packetWithPayload.lastIndex = 0;
		for (let m = packetWithPayload.exec(source); m; m = packetWithPayload.exec(source)) {
			const start = m.index + m[0].length;
			let end = source.indexOf('\n', start);
			if (end < 0) end = source.length;
			if (source.charCodeAt(end - 1) === 13) end--;
			out.push(source.slice(from, start - 1), '\n', readPayload(source, start, end));
			from = end;
			this.#starts.add(start);
			packetWithPayload.lastIndex = end;
		}
		out.push(source.slice(from));
		this.text = out.join('');
	}

	/** Whether any packet line was read so. */
	get found(): boolean {
		return this.#starts.size > 0;
	}

	/** `result`, framed from {@link text}, on the trace: each frame on a packet line given its lines. */
	framedBack(result: FramingResult): FramingResult {
		const frames = result.frames.map((f) =>
			this.#starts.has(f.sip.start)
				? withLines(f, contentLines(this.text, f.sip.start, f.sip.end))
				: f,
		);
		return { ...result, frames };
	}
}

/** A payload [start, end) of `text` with its `..` line ends as CRLF, the same length. */
function readPayload(text: string, start: number, end: number): string {
	const payload = text.slice(start, end);
	// The headers end at the first four dots; in them, every pair is a line end.
	const headersEnd = payload.indexOf('....');
	const cut = headersEnd < 0 ? payload.length : headersEnd + 4;
	let out = payload.slice(0, cut).replace(/\.\./g, '\r\n');
	// In the body, the last two dots of each run: a line end after the text's own dot, if any;
	// and a single dot between an XML tag's `>` and the next tag (or the end) is a bare LF, as
	// libxml2 writes a document (Kamailio's PIDF).
	out += payload.slice(cut).replace(/\.{2,}|(?<=>)\.(?= {0,40}<|$)/g, (run) => {
		if (run.length === 1) return '\n';
		let s = run.length % 2 === 1 ? '.' : '';
		for (let i = run.length % 2; i < run.length; i += 2) s += '\r\n';
		return s;
	});
	return out;
}

function withLines(f: Frame, lines: Int32Array): Frame {
	if (f instanceof LogFrame) return f.placed((p) => p, f.sip, lines, f.joins ?? null);
	return placedFrame(f, { span: f.span, meta: f.meta, sip: f.sip, lines });
}
