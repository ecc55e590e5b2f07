import type { FramingResult } from '../model';
import { Builder, type MessageMeta } from './engine';
import { isNgrepFragmentLine, ngrep } from './formats';
import { isBlank, isStartLine, readLine, type Line } from './lines';
import { indexWithin } from '../text/search';

/*
 * ngrep's default output (without `-W byline`): after the packet line, the payload is printed as
 * lines of a fixed width, each indented by two spaces, every non-printable octet (CR and LF too)
 * printed as `.`, the last line padded with spaces. The line breaks in the file are only ngrep's
 * wrapping, which cuts anywhere; the message's own line ends are the `..` pairs that stand for
 * CRLF. Those are told from a literal `..` (or a body's other non-printables) conservatively:
 *
 * - in the headers, a run of four or more dots ends the headers with its last four (CRLF, then
 *   the empty line's), whatever follows; a `..` followed by a header name and `:`, or ending the
 *   payload, ends a line;
 * - in the body, a `..` ends a line when it ends the payload or when the next line starts like
 *   XML (`<`, or an indented attribute, after spaces), SDP (`v=`) or a header (a message
 *   summary); a single `.` between an XML tag's `>` (or an attribute's closing quote) and the next
 *   tag or attribute (or the payload's end) is a bare LF, as some stacks write XML;
 * - any other dot is text, as printed.
 *
 * Each SIP line is given as its pieces on the printed lines (`Frame.lines`), a piece that goes on
 * in the next one marked in `Frame.joins`, as for a line a TCP segment cut (tcpdump).
 */

const headerName = /^[A-Za-z][A-Za-z0-9!%*+`'~_-]{0,63} {0,8}:/;
// A body's line: XML's next tag, or an attribute a writer put on a line of its own (baresip's
// PIDF: `<presence xmlns=...` then `    entity="..."`), SDP's `v=`, or a header-like line of a
// message summary or sipfrag (`Message-Account: sip:...`).
const bodyLine = /^(?: {0,40}<| {1,40}[A-Za-z_][\w:.-]{0,60}="|[a-z]=|[A-Z][A-Za-z-]{0,40}: )/;
const xmlLine = /^(?: {0,40}<| {1,40}[A-Za-z_][\w:.-]{0,60}=")/;
// An attribute at the start of a body line, after one that ended with an attribute's closing
// quote (SIPp's PIDF: `<presence xmlns="..."` CRLF `xmlns:dm="..."`).
const attributeLine = /^[A-Za-z_][\w:.-]{0,60}="/;

/** The line is one of the payload's printed lines: two spaces, then the text. */
function isPayloadLine(text: string, start: number, end: number): boolean {
	return end - start > 2 && text.charCodeAt(start) === 32 && text.charCodeAt(start + 1) === 32;
}

/**
 * The trace is ngrep's default output: after its packet lines, the payload is indented by two
 * spaces and shows CRLF as `..` (rather than `-W byline`'s lines, each ending in `.`).
 */
export function isNgrepSingle(text: string): boolean {
	const line: Line = { start: 0, end: 0, next: 0 };
	const probe: Line = { start: 0, end: 0, next: 0 };
	let single = 0;
	let byline = 0;
	let lines = 0;
	for (let at = 0; lines < 3000 && at < text.length && readLine(text, at, line); at = line.next) {
		lines++;
		const c = text.charCodeAt(line.start);
		if ((c !== 85 && c !== 84 && c !== 73) || !ngrep.matchMeta?.(text, line.start, line.end))
			continue;
		// The printed lines after the packet line: indented, a `..` among the first few.
		let shaped = false;
		for (let k = 0, p = line.next; k < 8 && readLine(text, p, probe); k++, p = probe.next) {
			if (!isPayloadLine(text, probe.start, probe.end)) break;
			if (text.slice(probe.start, Math.min(probe.end, probe.start + 400)).includes('..')) {
				shaped = true;
				break;
			}
		}
		if (shaped) single++;
		else byline++;
	}
	return single > 0 && single >= byline;
}

/** Frames ngrep's default output: one frame per packet whose payload is a SIP message. */
export function frameNgrepSingle(text: string): FramingResult {
	const out = new Builder();
	const line: Line = { start: 0, end: 0, next: 0 };
	const n = text.length;
	let at = 0;
	while (at < n && readLine(text, at, line)) {
		const c = text.charCodeAt(line.start);
		const meta =
			c === 85 || c === 84 || c === 73 ? ngrep.matchMeta?.(text, line.start, line.end) : null;
		if (!meta) {
			out.addNoise(line.start, line.next);
			at = line.next;
			continue;
		}
		const packetStart = line.start;
		const metaEnd = line.end;
		at = line.next;
		const starts: number[] = [];
		const ends: number[] = [];
		// The packets read, each with the index of its first printed line in `starts`.
		const packets: { meta: MessageMeta; firstLine: number }[] = [{ meta, firstLine: 0 }];
		at = payloadLines(text, at, line, starts, ends);
		let frameEnd = at;
		while (at < n && readLine(text, at, line) && isBlank(text, line.start, line.end))
			frameEnd = at = line.next;
		// The next packets that carry the rest of the payload (see `continuedAt`).
		const segment: { meta: MessageMeta | null } = { meta: null };
		for (let rest = continuedAt(text, frameEnd, meta, line, segment); rest >= 0;) {
			packets.push({ meta: segment.meta ?? meta, firstLine: starts.length });
			at = payloadLines(text, rest, line, starts, ends);
			frameEnd = at;
			while (at < n && readLine(text, at, line) && isBlank(text, line.start, line.end))
				frameEnd = at = line.next;
			rest = continuedAt(text, frameEnd, meta, line, segment);
		}
		const messages = starts.length ? readPayload(text, starts, ends) : [];
		if (messages.length === 0) {
			out.addNoise(packetStart, frameEnd);
			continue;
		}
		// Several messages in one TCP segment (or a message that starts in the segment of the one
		// before it): each frame ends where the next message's first character is printed, and
		// each has the metadata of the packet its start line came in.
		for (let j = 0; j < messages.length; j++) {
			const { lines, joins, firstLine } = messages[j]!;
			let packet = packets[0]!;
			for (const p of packets) if (p.firstLine <= firstLine) packet = p;
			const m = packet.meta;
			const start = j === 0 ? packetStart : lines[0]!;
			const end = j + 1 < messages.length ? messages[j + 1]!.lines[0]! : frameEnd;
			out.addFrame({
				format: 'ngrep',
				span: { start, end },
				meta: j === 0 ? { start: packetStart, end: metaEnd } : null,
				sip: { start: lines[0]!, end: lines[lines.length - 1]! },
				lines,
				joins,
				time: m.time ?? null,
				epochMicros: m.epochMicros ?? null,
				src: m.src ?? null,
				dst: m.dst ?? null,
				transport: m.transport ?? null,
				direction: null,
				declaredBytes: null,
			});
		}
	}
	return out.finish(n, 'ngrep');
}

/**
 * Reads a packet's printed payload lines from `at` into `starts` and `ends` (the text after the
 * two spaces, without the spaces ngrep pads the last line with); returns where they end.
 */
function payloadLines(
	text: string,
	at: number,
	line: Line,
	starts: number[],
	ends: number[],
): number {
	const first = ends.length;
	while (
		at < text.length &&
		readLine(text, at, line) &&
		isPayloadLine(text, line.start, line.end)
	) {
		starts.push(line.start + 2);
		ends.push(line.end);
		at = line.next;
	}
	const last = ends.length - 1;
	if (last >= first)
		while (ends[last]! > starts[last]! && text.charCodeAt(ends[last]! - 1) === 32) ends[last]!--;
	return at;
}

/**
 * Where the payload of the packet printed at `at` (after the `#` ngrep prints per packet read,
 * without -q) starts, when that packet carries the rest of the payload read before it; else -1.
 * ngrep reassembles neither IP fragments nor TCP streams: a fragment after the first is printed
 * without ports and with `+id@offset:length`; the next segment of a TCP connection has the same
 * addresses, and goes on with the payload unless its own starts a message.
 */
function continuedAt(
	text: string,
	at: number,
	first: { src?: string | null; dst?: string | null; transport?: string | null },
	line: Line,
	segment: { meta: MessageMeta | null },
): number {
	segment.meta = null;
	while (readLine(text, at, line) && line.end > line.start && /^#+$/.test(lineText(text, line)))
		at = line.next;
	if (!readLine(text, at, line)) return -1;
	const c = text.charCodeAt(line.start);
	if (c !== 85 && c !== 84) return -1;
	if (isNgrepFragmentLine(text, line.start, line.end)) return line.next;
	if (first.transport !== 'TCP' || c !== 84) return -1;
	const meta = ngrep.matchMeta?.(text, line.start, line.end);
	if (!meta || meta.src !== first.src || meta.dst !== first.dst) return -1;
	// A TCP segment of its own, with its own time; an IP fragment is the first one's datagram.
	segment.meta = meta;
	const rest = line.next;
	if (!readLine(text, rest, line) || !isPayloadLine(text, line.start, line.end)) return -1;
	// Its payload's first line, up to the first `..` (CRLF), is not a start line.
	const dots = indexWithin(text, '..', line.start + 2, line.end);
	const end = dots >= 0 ? dots : line.end;
	return isStartLine(text, line.start + 2, end) ? -1 : rest;
}

const lineText = (text: string, line: Line): string =>
	text.slice(line.start, Math.min(line.end, line.start + 80));

/** A message of a payload: its lines' pieces, and the printed line its start line is on. */
interface PayloadMessage {
	readonly lines: Int32Array;
	readonly joins: Int32Array | null;
	readonly firstLine: number;
}

/**
 * The SIP messages of a payload printed on the lines [starts[i], ends[i]) of the text: one, or
 * several where a TCP segment holds more than one, each ending where its Content-Length says (the
 * printout has one character per octet) and the next one's start line follows. Empty when the
 * payload is not a SIP message.
 */
function readPayload(
	text: string,
	starts: readonly number[],
	ends: readonly number[],
): PayloadMessage[] {
	// The payload as one string, and where each printed line begins in it.
	const offs: number[] = [];
	let s = '';
	for (let i = 0; i < starts.length; i++) {
		offs.push(s.length);
		s += text.slice(starts[i], ends[i]);
	}
	const messages: PayloadMessage[] = [];
	for (let begin = 0; begin < s.length;) {
		const read = sipRanges(s, begin);
		if (!read) break;
		messages.push(pieces(read.ranges, starts, ends, offs));
		begin = read.end;
	}
	return messages;
}

/**
 * The SIP lines of the message printed from `begin` of the payload `s`, as [start, end) pairs
 * of `s`, and where it ends; null when no message starts there.
 */
function sipRanges(s: string, at: number): { ranges: number[]; end: number } | null {
	// CRLFs before a start line are skipped (RFC 3261 §7.5): a keep-alive written with the
	// message (RFC 5626 §4.4.1).
	let begin = at;
	while (s.charCodeAt(begin) === 46 && s.charCodeAt(begin + 1) === 46) begin += 2;
	if (begin > at && !startsMessage(s, begin)) begin = at;
	const ranges: number[] = [];
	let from = begin;
	let inHeaders = true;
	let contentLength = -1;
	// Where the message ends: the payload's end, or once its headers are read, where its
	// Content-Length ends it when another message starts there.
	let end = s.length;
	const line = (a: number, b: number): void => {
		ranges.push(a, b);
		if (inHeaders) contentLength = contentLengthIn(s, a, b, contentLength);
	};
	for (let p = begin; p < end;) {
		if (s.charCodeAt(p) !== 46) {
			p++;
			continue;
		}
		let q = p;
		while (q < end && s.charCodeAt(q) === 46) q++;
		const run = q - p;
		const before = p > 0 ? s.charCodeAt(p - 1) : 0;
		p = q;
		const after = s.slice(q, Math.min(q + 80, end));
		if (run < 2) {
			// An XML body written with bare LF: `>` then `.` then the next tag, or an attribute's
			// closing quote then `.` then the next attribute (sofia-sip's PIDF).
			if (!inHeaders && (before === 62 || before === 34) && (q === end || xmlLine.test(after))) {
				line(from, q - 1);
				from = q;
			}
			continue;
		}
		if (inHeaders) {
			if (run >= 4) {
				// CRLF, then the empty line's CRLF: the headers end, also before a body that reads
				// like headers (a message summary's `Messages-Waiting: yes`). A message without body
				// followed by CRLFs in its segment (keep-alives, RFC 5626 §4.4.1): the first four
				// end it, the rest is no header's.
				const runStart = q - run;
				const known = contentLengthIn(s, from, runStart, contentLength);
				const emptyEnd =
					known === 0 && run >= 6 && run % 2 === 0 && onlyKeepAlives(s, runStart + 4, end)
						? runStart + 4
						: q;
				line(from, emptyEnd - 4);
				ranges.push(emptyEnd - 2, emptyEnd - 2);
				from = emptyEnd;
				inHeaders = false;
				if (
					contentLength >= 0 &&
					emptyEnd + contentLength < s.length &&
					(startsMessage(s, emptyEnd + contentLength) ||
						onlyKeepAlives(s, emptyEnd + contentLength, end))
				) {
					end = emptyEnd + contentLength;
				}
			} else if (q < end && headerName.test(after)) {
				line(from, q - 2);
				from = q;
			} else if (q === end) {
				line(from, q - 2);
				from = q;
			}
		} else if (q < end && run >= 4 && bodyLine.test(after)) {
			// CRLF, an empty line, then more (a message summary's message-context headers).
			ranges.push(from, q - 4, q - 2, q - 2);
			from = q;
		} else if (q === end || bodyLine.test(after) || (before === 34 && attributeLine.test(after))) {
			ranges.push(from, q - 2);
			from = q;
		}
	}
	if (from < end) ranges.push(from, end);
	if (ranges.length === 0 || !isStartLine(s, ranges[0]!, ranges[1]!)) return null;
	return { ranges, end };
}

/**
 * From `at` to `end` of the payload `s`, only CRLFs, then the payload's end or a start line:
 * keep-alives (RFC 5626 §4.4.1), or CRLFs before a message (RFC 3261 §7.5).
 */
function onlyKeepAlives(s: string, at: number, end: number): boolean {
	let i = at;
	while (i + 1 < end && s.charCodeAt(i) === 46 && s.charCodeAt(i + 1) === 46) i += 2;
	if (i === at) return false;
	return i >= end || /^ *$/.test(s.slice(i, Math.min(end, i + 200))) || startsMessage(s, i);
}

/** `Content-Length: N` (or `l: N`) in the header line [a, b) of `s`: N; else `known`. */
function contentLengthIn(s: string, a: number, b: number, known: number): number {
	const m = /^(?:content-length|l)[ \t]*:[ \t]*(\d{1,9})[ \t]*$/i.exec(
		s.slice(a, Math.min(b, a + 80)),
	);
	return m ? Number(m[1]) : known;
}

/** A start line is printed at `at` of the payload `s` (up to its first `..`). */
function startsMessage(s: string, at: number): boolean {
	const dots = s.indexOf('..', at);
	return isStartLine(s, at, dots < 0 ? s.length : dots);
}

/** Each SIP line's pieces on the printed lines, for ranges of the payload. */
function pieces(
	ranges: readonly number[],
	starts: readonly number[],
	ends: readonly number[],
	offs: readonly number[],
): PayloadMessage {
	const pairs: number[] = [];
	const joins: number[] = [];
	const lengthOf = (k: number): number => ends[k]! - starts[k]!;
	let k = 0;
	let firstLine = -1;
	for (let r = 0; r < ranges.length; r += 2) {
		const a = ranges[r]!;
		const b = ranges[r + 1]!;
		while (k + 1 < offs.length && offs[k + 1]! <= a) k++;
		if (firstLine < 0) firstLine = k;
		if (a === b) {
			const at = starts[k]! + Math.min(a - offs[k]!, lengthOf(k));
			pairs.push(at, at);
			continue;
		}
		let first = true;
		for (let j = k; j < offs.length && offs[j]! < b; j++) {
			const ps = Math.max(a, offs[j]!);
			const pe = Math.min(b, offs[j]! + lengthOf(j));
			if (pe <= ps) continue;
			if (!first) joins.push((pairs.length >> 1) - 1);
			pairs.push(starts[j]! + ps - offs[j]!, starts[j]! + pe - offs[j]!);
			first = false;
		}
	}
	return {
		lines: Int32Array.from(pairs),
		joins: joins.length ? Int32Array.from(joins) : null,
		firstLine: Math.max(0, firstLine),
	};
}
