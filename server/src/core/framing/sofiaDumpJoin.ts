import type { Frame, FramingResult, Span } from '../model';
import { octetLength } from '../text/octets';
import { withJoinedReads } from './joinedReads';

/**
 * sofia-sip's TPORT_DUMP file writes a record per read of the socket (tport_recv_event, then
 * tport_dump_iovec): over a stream (TCP, TLS, WebSocket) a message the peer sent in pieces, or
 * that the network delivered in several segments, is written over several records, each with its
 * own stamp (`recv 217 bytes from tcp/[a]:p at ...:`, then `recv 304 bytes from tcp/[a]:p ...`).
 * The engine reads the first record as a message that stops short and the next ones as log text.
 *
 * Here a received stream message whose record ends before its headers do, or before the body its
 * Content-Length announces, takes the records right after it from the same peer over the same
 * transport, as long as it lacks octets and each record holds no more than the rest of it: one
 * frame from the first stamp to the last record's vertical tab, its `lines` the message's lines
 * across the records (the stamps and tabs between them left out, a line the read cut in two
 * joined, see `Frame.joins`). Records that are not such a continuation are left as they were.
 */
export function joinDumpReads(text: string, result: FramingResult): FramingResult {
	if (result.format !== 'sofiaDump' || result.frames.length === 0 || result.noise.length === 0)
		return result;
	return withJoinedReads(result, (frame, after) =>
		frame.direction === 'in' ? joinReads(text, frame, after) : null,
	);
}

// The stamp of a received record (see formats.ts, sofiaDump).
const recvStamp =
	/^recv (\d{1,10}) bytes from (\w{1,10})\/\[([^\]\s]{1,100})\]:(\d{1,5})(?:\/\d{1,10})?(?:;comp=sigcomp)? at \d\d:\d\d:\d\d\.\d{1,9}:[ \t\r]*$/;

/** At most this many reads make one message. */
const maxReads = 64;

function joinReads(text: string, frame: Frame, after: Span | undefined): Frame | null {
	const transport = frame.transport;
	if (!transport || transport === 'UDP' || frame.src === null) return null;
	if (!after || after.start !== frame.span.end) return null;
	const first = recordOctets(text, frame.sip.start, frame.span.end);
	if (!first) return null;
	const pieces: Span[] = [first];
	let at = frame.span.end;
	let end = -1;
	for (let k = 0; k < maxReads; k++) {
		const lacking = octetsLacking(text, pieces);
		if (lacking === 0) break;
		const next = nextRecord(text, at, after.end, transport, frame.src);
		if (!next) break;
		// A record holding more than the rest of the message holds the start of another too.
		if (lacking > 0 && octetLength(text, next.octets.start, next.octets.end) > lacking) break;
		pieces.push(next.octets);
		at = end = next.end;
	}
	if (end < 0) return null;
	const { lines, joins } = linesOf(text, pieces);
	const joined: Frame = {
		format: frame.format,
		span: { start: frame.span.start, end },
		meta: frame.meta,
		sip: { start: frame.sip.start, end: pieces[pieces.length - 1]!.end },
		lines,
		...(joins.length > 0 ? { joins: Int32Array.from(joins) } : {}),
		time: frame.time,
		epochMicros: frame.epochMicros,
		src: frame.src,
		dst: frame.dst,
		transport,
		direction: frame.direction,
		// Each stamp counted its own read: the records hold the message whole.
		declaredBytes: null,
	};
	return joined;
}

/** The octets of the record whose message starts at `start`: up to its vertical tab. */
function recordOctets(text: string, start: number, limit: number): Span | null {
	for (let i = start; i < limit; i++) if (text.charCodeAt(i) === 11) return { start, end: i };
	return null;
}

const startLine = /^(?:[A-Z]{2,20} \S{1,400} SIP\/2\.0|SIP\/2\.0 \d{3}(?: .{0,200})?)\r?$/;

/**
 * The record at `at` when it is a read of the same peer over the same transport whose octets do
 * not start a message: its octets and where it ends (after its vertical tab's line).
 */
function nextRecord(
	text: string,
	at: number,
	limit: number,
	transport: string,
	src: string,
): { octets: Span; end: number } | null {
	const lineEnd = text.indexOf('\n', at);
	if (lineEnd < 0 || lineEnd >= limit || lineEnd - at > 200) return null;
	const m = recvStamp.exec(text.slice(at, lineEnd));
	if (!m || m[2]!.toUpperCase() !== transport) return null;
	const host = m[3]!.includes(':') ? `[${m[3]}]` : m[3]!;
	if (`${host}:${m[4]}` !== src) return null;
	const octets = recordOctets(text, lineEnd + 1, limit);
	if (!octets || octets.end === octets.start) return null;
	// A record that starts with a start line holds a message of its own.
	let firstEnd = octets.start;
	while (
		firstEnd < octets.end &&
		firstEnd - octets.start <= 620 &&
		text.charCodeAt(firstEnd) !== 10
	)
		firstEnd++;
	if (startLine.test(text.slice(octets.start, firstEnd))) return null;
	let end = octets.end + 1;
	if (text.charCodeAt(end) === 13) end++;
	if (text.charCodeAt(end) === 10) end++;
	return end <= limit ? { octets, end } : null;
}

/**
 * The octets the message the pieces hold still lacks: -1 while its headers have not ended (how
 * many is not known yet), the body's octets Content-Length announces beyond those there, or 0.
 */
export function octetsLacking(text: string, pieces: readonly Span[]): number {
	let whole = '';
	for (const p of pieces) whole += text.slice(p.start, p.end);
	const blank = /\r?\n\r?\n/.exec(whole);
	if (!blank) return -1;
	const headers = whole.slice(0, blank.index);
	const length = /^(?:content-length|l)[ \t]*:[ \t]*(\d{1,9})/im.exec(headers);
	if (!length) return 0;
	const body = octetLength(whole, blank.index + blank[0].length, whole.length);
	return Math.max(0, Number(length[1]) - body);
}

/** The lines of the pieces as `Frame.lines` pairs, and the pairs a piece's end cut in two. */
export function linesOf(
	text: string,
	pieces: readonly Span[],
): { lines: Int32Array; joins: number[] } {
	const pairs: number[] = [];
	const joins: number[] = [];
	let skipLf = false;
	for (let i = 0; i < pieces.length; i++) {
		const { start, end } = pieces[i]!;
		let at = start;
		// The read before ended between a line's CR and its LF.
		if (skipLf && text.charCodeAt(at) === 10) at++;
		skipLf = false;
		while (at < end) {
			let e = at;
			while (e < end && text.charCodeAt(e) !== 10) e++;
			const cut = e === end;
			const crEnd = e > at && text.charCodeAt(e - 1) === 13;
			const more = i < pieces.length - 1;
			if (cut && crEnd && more && text.charCodeAt(pieces[i + 1]!.start) === 10) {
				pairs.push(at, e - 1);
				skipLf = true;
			} else {
				pairs.push(at, !cut && crEnd ? e - 1 : e);
				// The read ended inside this line: it goes on in the next piece's first line.
				if (cut && more) joins.push(pairs.length / 2 - 1);
			}
			at = e + 1;
		}
	}
	return { lines: Int32Array.from(pairs), joins };
}
