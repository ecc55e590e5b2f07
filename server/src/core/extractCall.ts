import { messagesWithCallId } from './byCallId';
import type { Span, TraceAnalysis } from './model';
import { followHeadBefore } from './framing/tsharkFollow';
import { collectorColumn, recordStart } from './framing/collectorPrefix';
import { isNotify } from './parser/methods';

/** One call taken out of a trace: its text (a trace of the same format) and what it holds. */
export interface ExtractedCall {
	readonly text: string;
	/** The messages taken, by index in the trace, in file order. */
	readonly messages: readonly number[];
	/** The Call-IDs taken: the message's own first. */
	readonly callIds: readonly string[];
}

/**
 * The part of a trace that tells the call of message `at`, to read or share on its own: every
 * message with its Call-ID, and the calls its presence links cross to. A PUBLISH brings the other
 * PUBLISHes of its publication (a refresh may use a Call-ID of its own) and the dialogs of the
 * NOTIFYs it fanned out; a NOTIFY brings the publication whose state it carries. In a transfer
 * with Replaces (RFC 3891), an INVITE or REFER that names a call brings that call, and a call so
 * named brings the calls of the INVITEs and REFERs that name it. Each message is
 * taken with its whole frame (the format's metadata lines), in file order, so the text reads as
 * a trace of the same format; log lines between messages are left out.
 */
export function extractCall(analysis: TraceAnalysis, at: number): ExtractedCall | null {
	const first = analysis.messages[at];
	if (!first?.callId) return null;
	const { index } = analysis;
	const callIds = [first.callId];
	const taken = new Set(callIds);
	const add = (message: number | null): void => {
		const callId = message === null ? null : analysis.messages[message]?.callId;
		if (callId && !taken.has(callId)) {
			taken.add(callId);
			callIds.push(callId);
		}
	};
	// Each publication once: every PUBLISH of a long one names it, and going over its PUBLISHes
	// again for each made the walk quadratic (a day's refreshes took minutes).
	const publications = new Set<object>();
	const publication = (message: number): void => {
		const found = index.publicationOf(message);
		if (!found || publications.has(found)) return;
		publications.add(found);
		for (const p of found.publishes) add(p);
	};
	// One step out from the call's own messages: a watcher's NOTIFY brings the publication, not
	// every other watcher the publication reached.
	for (const m of messagesWithCallId(analysis, first.callId)) {
		const message = analysis.messages[m]!;
		add(index.replacedDialog(m)?.creator ?? null);
		for (const r of index.replacedBy(m)) add(r);
		if (message.method === 'PUBLISH') {
			publication(m);
			for (const n of index.notifiesOf(m)) add(n);
		} else if (isNotify(message.method)) {
			const publish = index.publishOf(m);
			if (publish !== null) publication(publish);
			// A composed NOTIFY (RFC 3903 §4): every device whose state it carries.
			for (const p of index.publishesOf(m)) publication(p);
		}
	}
	const messages = callIds.flatMap((id) => messagesWithCallId(analysis, id)).sort((a, b) => a - b);
	// Taken as written: a hex dump's reading is not a dump any more. Frames that follow one
	// another are taken as one piece (two messages of one TCP segment may share a line); a
	// message read over TCP segments that took turns with other connections' brings the packets
	// that carry its rest (`Frame.rest`), in file order with the rest.
	const written = analysis.source ?? analysis.text;
	const pieces: Span[] = [];
	// tshark's stream follower names a stream's addresses once, at its block's head: each block's
	// comes along.
	const heads = new Set<number>();
	// A journal record's first line, which carries the column (and its time), comes along with a
	// message that starts on the record's further lines.
	const column = collectorColumn(written);
	for (const m of messages) {
		const { rest, format } = analysis.messages[m]!.frame;
		let { span } = analysis.messages[m]!.frame;
		if (column) span = { start: recordStart(written, column, span.start), end: span.end };
		const head = format === 'tsharkFollow' ? followHeadBefore(written, span.start) : null;
		if (head && !heads.has(head.start)) {
			heads.add(head.start);
			pieces.push(head);
		}
		pieces.push(span);
		if (rest) pieces.push(...rest);
	}
	if (pieces.length > messages.length) pieces.sort((a, b) => a.start - b.start);
	const parts: string[] = [];
	let start = -1;
	let end = -1;
	const take = (): void => {
		if (start < 0) return;
		const part = written.slice(start, end);
		parts.push(part.endsWith('\n') ? part : `${part}\n`);
	};
	for (const piece of pieces) {
		// A piece that starts where the last ended, or inside it (a record's first line shared by
		// two messages), goes on with it.
		if (piece.start > end) {
			take();
			start = piece.start;
		}
		end = Math.max(end, piece.end);
	}
	take();
	return { text: parts.join(''), messages, callIds };
}
