import type { Frame, FramingResult, Span } from '../model';
import { advanceOctets, LineEnds } from '../text/octets';
import { matchBelleSip } from './formats';
import { readLine, type Line } from './lines';
import { withJoinedReads } from './joinedReads';
import { linesOf, octetsLacking } from './sofiaDumpJoin';

/**
 * belle-sip logs every read of a socket as it comes (channel.c,
 * belle_sip_channel_process_read_data: `channel [%p]: received [%i] new bytes from
 * [%s://%s:%i]:\n%s`): over a stream (TCP, TLS) a message that came in several reads is logged
 * over several records, the first with its start line, the next ones with the rest of its head or
 * body and no start line, other records of the log between them (`channel [%p] [%i] bytes
 * parsed`). The engine reads the first record as a message that stops short and the next ones as
 * log text.
 *
 * Here a received stream message whose read ends before its headers do, or before the body its
 * Content-Length announces, takes the next reads from the same peer over the same transport that
 * lie in the log text right after it, as long as it lacks octets and each read holds no more than
 * the rest of it: one frame from the first record to the last read's octets, its `lines` the
 * message's lines across the reads (the records between them left out, a line a read cut in two
 * joined, see `Frame.joins`). A read that starts a message, or holds more than the rest, ends the
 * search; so does a read from the same peer that is not a continuation.
 */
export function joinBelleSipReads(text: string, result: FramingResult): FramingResult {
	if (result.format !== 'bellesip' || result.frames.length === 0 || result.noise.length === 0)
		return result;
	return withJoinedReads(result, (frame, after) => joinReads(text, frame, after));
}

/** At most this many reads make one message, and this many lines of the log are looked through. */
const maxReads = 64;
const maxLines = 400;

function joinReads(text: string, frame: Frame, after: Span | undefined): Frame | null {
	const transport = frame.transport;
	if (
		frame.direction !== 'in' ||
		!transport ||
		transport === 'UDP' ||
		frame.src === null ||
		frame.declaredBytes === null ||
		frame.lines !== null ||
		!after ||
		after.start !== frame.span.end
	)
		return null;
	const first = readOctets(text, frame.sip.start, frame.span.end, frame.declaredBytes);
	if (!first) return null;
	const pieces: Span[] = [first];
	let end = -1;
	const line: Line = { start: 0, end: 0, next: 0 };
	let at = after.start;
	for (let k = 0, lines = 0; k < maxReads && lines < maxLines; lines++) {
		const lacking = octetsLacking(text, pieces);
		if (lacking === 0 || at >= after.end || !readLine(text, at, line)) break;
		at = line.next;
		const meta = matchBelleSip(text, line.start, line.end);
		if (!meta || meta.direction !== 'in' || meta.declaredBytes == null) continue;
		if (meta.transport !== transport || meta.src !== frame.src) continue;
		const octets = readOctets(text, line.next, after.end, meta.declaredBytes);
		// A read of this peer that starts another message, or holds more than the rest of this
		// one (the start of another too), is not this message's.
		if (!octets || startsMessage(text, octets)) break;
		if (lacking > 0 && meta.declaredBytes > lacking) break;
		pieces.push(octets);
		k++;
		at = end = octets.end;
	}
	if (end < 0) return null;
	// The log's line end after the last read is the record's.
	let spanEnd = end;
	if (text.charCodeAt(spanEnd) === 13) spanEnd++;
	if (text.charCodeAt(spanEnd) === 10) spanEnd++;
	if (spanEnd > after.end) return null;
	const { lines, joins } = linesOf(text, pieces);
	return {
		format: frame.format,
		span: { start: frame.span.start, end: spanEnd },
		meta: frame.meta,
		sip: { start: frame.sip.start, end },
		lines,
		...(joins.length > 0 ? { joins: Int32Array.from(joins) } : {}),
		time: frame.time,
		epochMicros: frame.epochMicros,
		src: frame.src,
		dst: frame.dst,
		transport,
		direction: frame.direction,
		// Each record counted its own read: the records hold the message whole.
		declaredBytes: null,
	};
}

/** The `octets` octets of a read logged from `start`, or null when the log holds fewer. */
function readOctets(text: string, start: number, limit: number, octets: number): Span | null {
	if (octets <= 0) return null;
	const end = advanceOctets(text, start, limit, octets, LineEnds.AsWritten);
	return end < 0 ? null : { start, end };
}

const startLine = /^(?:[A-Z]{2,20} \S{1,400} SIP\/2\.0|SIP\/2\.0 \d{3}(?: .{0,200})?)\r?$/;

function startsMessage(text: string, octets: Span): boolean {
	let e = octets.start;
	while (e < octets.end && e - octets.start <= 620 && text.charCodeAt(e) !== 10) e++;
	return startLine.test(text.slice(octets.start, e));
}
