import { linesOctets } from '../text/octets';
import { cutMarkAt } from './tsharkCut';
import type { Frame, FramingResult } from '../model';
import { Builder } from './engine';
import { narrowestWrap } from '../parser/joins';
import { problem } from '../parser/problems';
import { isBlank, isHexDumpLine, readLine, type Line } from './lines';
import { TsharkBodyReader } from './tsharkBody';
import { indexWithin } from '../text/search';
import { withChars } from './textWithout';
import { isoTime } from './stampTime';
import { datedTime, type LogTime } from './logTime';
import { ipLine, portLine } from './wiresharkLayers';

/*
 * tshark / Wireshark text (`tshark -V -O sip`, "Export Packet Dissections as Plain Text"): each
 * packet starts at `Frame N:`; the SIP start line follows `Request-Line: ` or `Status-Line: `;
 * the real headers sit at an indent of 8 under `Message Header`; deeper lines are decoded
 * sub-fields and `[...]` lines are generated, both skipped. tshark prints no empty line after the
 * headers: where their section ends an empty pair of `Frame.lines` stands for it, at the end of
 * the `    Message Body` line, or at the start of another shallower line (the empty line after the
 * packet); a section the text ends in has none, so a trace cut among a message's headers reads as
 * cut. The body is printed as its dissection tree; its lines are read back from it
 * (tsharkBody.ts): XML and text lines where they stand, each SDP line as its value with the type
 * letter before it (`Frame.keys`). A body tshark dissects in a way that cannot be read back (JSON,
 * binary data) is left out, with the empty line: the message has no body, as its octets are not in
 * the text. A body with a line tshark cut (`[truncated]`) is kept as printed, and a problem says
 * the export cut it. Not the octets on the wire either way: Content-Length is not checked
 * against it. A header line or start line longer than tshark prints is cut too, `[truncated]`
 * before it (`         [truncated]Contact: <sip:...`, one space deeper than a header) or after
 * the start line's label (`    Request-Line [truncated]: INVITE ...`): it is read as printed, as
 * far as it goes (`Frame.cuts`), and a problem on each says the export cut it. With `-P` (the
 * export's "Summary line") a packet starts at its summary line, before `Frame N:`. With the
 * preference `sip.display_raw_text` the message's raw text follows the dissection, a line of the
 * message a line with its line end printed (`    Via: ...\r\n`): where the dissection is not
 * printed (`-O raw_sip`), the message is read from it, else it is skipped (the same message).
 */
const frameLine = /^Frame \d+: /;
/**
 * The packet's summary line, which `tshark -P -V` and Wireshark's export ("Summary line") print
 * before `Frame N:` (`    3 0.500000  10.0.0.2 → 10.0.0.1  SIP/XML 756 Request: ...`): the
 * packet starts there.
 */
const summaryLine =
	/^ {0,10}\d{1,10} {1,8}(?:-?\d{1,12}\.\d{1,9}|(?:\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d(?:[.,]\d{1,9})?) {1,40}\S{1,80} {1,40}(?:(?:→|->) {1,40})?\S{1,80} {1,40}[A-Za-z][\w/.-]{0,40} {1,8}\d{1,6} /;
/**
 * The summary line's time where the Time column shows the time of day (Wireshark's View > Time
 * Display Format, `-t ad` / `-t a`), with the date or without: the packet's time when its Frame
 * tree, collapsed, gives no Arrival Time. Seconds since the capture's start are no time of day.
 */
const summaryClock =
	/^ {0,10}\d{1,10} {1,8}(?:(\d{4}-\d\d-\d\d) )?(\d\d:\d\d:\d\d)(?:[.,](\d{1,9}))? /;

function summaryTime(line: string): LogTime | null {
	const m = summaryClock.exec(line);
	if (!m) return null;
	const clock = m[3] ? `${m[2]}.${m[3]}` : m[2]!;
	return m[1] ? datedTime(m[1], clock) : { time: clock, epochMicros: null };
}

const epochLine = /^\s+Epoch (?:Arrival )?Time: (\d+)\.(\d+)/;
/** The start line, whole or cut (Wireshark's `label_mark_truncated` puts the mark after the label). */
const startLineItem = /^ {4}(?:Request|Status)-Line( \[(?:truncated|\u2026)\])?: /;
/**
 * An item of SIP's tree at the margin, where a page flattened the tree: the start line's, as
 * Wireshark labels it or as Ethereal did (`Request line:`, `Status line:`), or the headers' and
 * body's headings.
 */
const flatSipItem =
	/^(?:(?:Request|Status)[- ][Ll]ine(?: \[[^\]]{1,20}\])?: |Message (?:Header|Body)\s*$)/;
/** A header line tshark cut: its mark (tsharkCut.ts) one column deeper than a header's indent of 8. */
const cutIndent = '         ';
/** tshark's raw text of the message (`-o sip.display_raw_text:TRUE`), a line of the message a line. */
const rawTree = 'Session Initiation Protocol (SIP as raw text)';

// With -x, tshark prints each packet's octets after its tree, at the margin (see isHexDumpLine),
// under `Frame (435 bytes):` or `Reassembled TCP (1200 bytes):` when a packet has several
// sources of octets.
const hexSource = /^[A-Z][\w -]{0,60} \(\d{1,10} bytes\):\s*$/;

/** A line at the margin that tshark prints in a packet: a packet's, a layer's or SIP's own tree. */
function isPacketText(text: string, start: number, end: number): boolean {
	const s = text.slice(start, Math.min(end, start + 200));
	return (
		isHexDumpLine(text, start, end) ||
		hexSource.test(s) ||
		frameLine.test(s) ||
		summaryLine.test(s) ||
		s.startsWith('Session Initiation Protocol') ||
		ipLine.test(s) ||
		portLine.test(s) ||
		s.charCodeAt(0) === 91 // `[2 Reassembled TCP Segments ...]`
	);
}

/**
 * Line `line` is the rest of the line above, which a copy wrapped (a mail, a ticket, a terminal
 * 80 columns wide): it stands at the margin (or a space or two in, where the wrap fell before a
 * space), where tshark prints only a packet's, a layer's or SIP's tree, under a line as long as
 * a width.
 */
function wrapsOn(text: string, line: Line, above: { start: number; end: number }): boolean {
	if (above.end - above.start < narrowestWrap) return false;
	// A wrap at a space leaves it at the start (` <sip:...`); tshark indents by four.
	let at = line.start;
	while (at < line.end && at - line.start < 4 && text.charCodeAt(at) === 32) at++;
	if (at - line.start === 4 || at === line.end) return false;
	const c = text.charCodeAt(at);
	// A Markdown fence that closes the pasted export is the post's, not a header's rest.
	if ((c === 96 || c === 126) && /^(?:`{3,}|~{3,})/.test(text.slice(at, at + 3))) return false;
	return c !== 9 && c !== 13 && !isPacketText(text, line.start, line.end);
}

// `[3 Reassembled TCP Segments (2183 bytes): #52(548), #54(548), #55(1087)]`
const reassembledLine = /^\[\d+ Reassembled TCP Segments /;

// `Frame 2: 451 bytes on wire (3608 bits), 300 bytes captured (2400 bits) on interface ...`
const frameSizes = /^Frame \d+: (\d{1,9}) bytes on wire \(\d+ bits\), (\d{1,9}) bytes captured/;

/** The octets of a packet its `Frame N:` line says were not captured (0 when all were). */
function uncapturedOctets(s: string): number {
	const m = frameSizes.exec(s);
	return m ? Math.max(0, Number(m[1]) - Number(m[2])) : 0;
}

export function frameTshark(text: string): FramingResult {
	const out = new Builder();
	const line: Line = { start: 0, end: 0, next: 0 };
	let packetStart = -1;
	let src: string | null = null;
	// The packet is an ICMP error: its SIP is the quote of a datagram not delivered.
	let quoted = false;
	let dst: string | null = null;
	let srcPort = '';
	let dstPort = '';
	let transport: string | null = null;
	let epochMicros: number | null = null;
	// Octets of the packet its capture did not keep (`Frame 2: 451 bytes on wire (3608 bits), 300
	// bytes captured`: a snapshot length): the message lost them.
	let uncaptured = 0;
	// tshark reassembled the packet's TCP segments into the message (`[3 Reassembled TCP
	// Segments (...)]`): without it, over TCP, the message is one segment's.
	let reassembled = false;
	// The time the packet's summary line gives, where its Frame tree gives none.
	let summary: LogTime | null = null;
	let sipLines: number[] = [];
	let sipLineStart = -1; // offset of the line holding the start line
	let keys: number[] = [];
	let cuts: number[] = [];
	let body: TsharkBodyReader | null = null;
	let bodyFrom = -1; // where the body's lines start in sipLines (after the empty line's pair)
	let section: 'none' | 'sip' | 'headers' | 'raw' | 'rawSkip' = 'none';
	let rawBody = false; // the raw text's empty line was read: its lines are the body's
	let frameFrom = -1;
	// The packet was started by its summary line: its `Frame N:` line follows.
	let opened = false;

	const address = (ip: string | null, port: string): string | null =>
		ip ? `${ip.includes(':') ? `[${ip}]` : ip}${port ? `:${port}` : ''}` : null;
	// A line tshark cut: the next pair of sipLines, the cut said from its mark to its end.
	const cutLine = (mark: number, end: number, what: string): void => {
		cuts.push(sipLines.length >> 1);
		out.problems.push(
			problem(
				'message.truncated',
				{ start: mark, end },
				`tshark cut this ${what} ([truncated] or […]: it prints 240 characters of an item): it is read as printed, without the rest of the line.`,
			),
		);
	};
	// A line of the raw text: the message's line as it stands, its line end printed (`\r\n`).
	const rawLine = (): void => {
		let start = line.start + 4;
		let end = line.end;
		// A line tshark cut: its mark one column deeper than the lines.
		const mark = text.charCodeAt(start) === 32 ? cutMarkAt(text, start + 1) : 0;
		if (mark > 0) {
			const what = rawBody ? 'line of the body' : sipLines.length ? 'header line' : 'start line';
			cutLine(line.start + 5, end, what);
			start += mark + 1;
		} else if (end - start >= 4 && text.startsWith('\\r\\n', end - 4)) end -= 4;
		else if (end - start >= 2 && text.startsWith('\\n', end - 2)) end -= 2;
		if (!sipLines.length) sipLineStart = line.start;
		if (end === start && sipLines.length) rawBody = true;
		sipLines.push(start, end);
	};
	// The characters the messages are read with where the text has tshark's escapes for them.
	const readAt: number[] = [];
	const readChars: string[] = [];
	// A header line as tshark prints it, on one line: a fold's line break written `\r\n`, the
	// fold's tabs `\t`, as it escapes each control character. Each line of the header is read as
	// a line of its own, as sent (RFC 3261 §7.3.1), the escapes as the white space they were.
	const headerLine = (from: number, end: number): void => {
		let piece = from;
		for (let esc = indexWithin(text, '\\r\\n', from, end); esc >= 0;) {
			let after = esc + 4;
			while (after + 1 < end && text.startsWith('\\t', after)) after += 2;
			if (after < end && (after > esc + 4 || text.charCodeAt(after) === 32)) {
				sipLines.push(piece, esc);
				piece = esc + 4;
				// Each escaped tab's second character a tab, as the name after it was preceded.
				for (let k = esc; k < after; k++) {
					readAt.push(k);
					readChars.push(k >= esc + 4 && (k - esc) % 2 === 1 ? '\t' : ' ');
				}
			}
			esc = indexWithin(text, '\\r\\n', after, end);
		}
		sipLines.push(piece, end);
	};
	// The body read back, or, when it cannot be, none (nor the empty line before it).
	const endBody = (): void => {
		const unrecognized = body?.unrecognized;
		if (unrecognized && transport === 'TCP' && !reassembled) {
			// One TCP segment dissected alone: the body goes on in the next segments, which tshark
			// did not join to it. Its start is no document: none is read.
			body = null;
			sipLines.length = bodyFrom;
			out.problems.push(
				problem(
					'message.truncated',
					unrecognized,
					'tshark dissected this TCP segment alone (its TCP reassembly was off), so its XML body stops where the segment does, and tshark says it could not read the rest: the message goes on in the next segments, which the export does not join to it. Export with `-o tcp.desegment_tcp_streams:TRUE` to have it read whole.',
				),
			);
			return;
		}
		const read = body?.result();
		if (read) {
			for (const v of read.pairs) sipLines.push(v);
			for (let i = 0; i < read.keys.length; i += 2)
				keys.push((bodyFrom >> 1) + read.keys[i]!, read.keys[i + 1]!);
			if (read.cuts.length) {
				const lines = read.cuts.length >> 1;
				out.problems.push(
					problem(
						'message.truncated',
						{ start: read.cuts[0]!, end: read.cuts[1]! },
						`tshark cut ${lines === 1 ? 'this line' : `${lines} lines`} of the body ([truncated] or […]: it prints 240 characters of an item): the body is read as printed, without the rest of ${lines === 1 ? 'the line' : 'each'}.`,
					),
				);
			}
		} else if (body) {
			// A body tshark printed no line of (a `Message Body` the export left collapsed, one in
			// hex): none is read, but the headers were whole, their empty line stands.
			sipLines.length = bodyFrom;
		}
		body = null;
	};
	// The packet's SIP heading (`Session Initiation Protocol (INVITE)`), while nothing of it is read.
	let heading = -1;
	// A packet whose SIP tree the export left collapsed prints its heading and nothing under it:
	// the message is not in the text, which is said rather than passed over.
	const collapsed = (at: number): void => {
		const end = text.indexOf('\n', at);
		const e = end < 0 ? text.length : text.charCodeAt(end - 1) === 13 ? end - 1 : end;
		out.problems.push(
			problem(
				'message.truncated',
				{ start: at, end: e },
				`The export left this packet's SIP tree collapsed (${text.slice(at, e).trim()}, with nothing under it): its message is not in the text. Export it with every tree expanded (tshark -V; in Wireshark, View › Expand All, then Export Packet Dissections) to have it read.`,
			),
		);
	};
	const flush = (end: number): void => {
		endBody();
		// The packet ended (the next one starts) with the headers: they were whole, unless the
		// capture did not keep the rest of the packet.
		if (section === 'headers' && end < text.length && uncaptured === 0) sipLines.push(end, end);
		if (sipLines.length >= 2 && quoted) {
			// An ICMP error quoting the datagram it could not deliver (RFC 792): the SIP in it
			// never reached anyone, and its quote is cut (Linux keeps about 548 octets).
			out.addLogOnly(frameFrom, end);
			if (heading >= 0) collapsed(heading);
		} else if (sipLines.length >= 2) {
			const lines = Int32Array.from(sipLines);
			const frame: Frame = {
				format: 'tshark',
				span: { start: frameFrom, end },
				meta: { start: frameFrom, end: sipLineStart },
				sip: { start: lines[0]!, end: lines[lines.length - 1]! },
				lines,
				...(keys.length ? { keys: Int32Array.from(keys) } : {}),
				...(cuts.length ? { cuts: Int32Array.from(cuts) } : {}),
				// tshark prints the epoch to the nanosecond: the time keeps its microseconds.
				time: epochMicros != null ? isoTime(epochMicros, 6) : (summary?.time ?? null),
				epochMicros: epochMicros ?? summary?.epochMicros ?? null,
				src: address(src, srcPort),
				dst: address(dst, dstPort),
				transport,
				direction: null,
				// Where the capture cut the packet, the message's octets: those printed (each line
				// end a CRLF) and those not captured (see parser/recordCut.ts).
				declaredBytes: uncaptured > 0 ? linesOctets(text, lines) + uncaptured : null,
			};
			out.addFrame(frame);
		} else if (frameFrom >= 0) {
			out.addNoise(frameFrom, end);
			if (heading >= 0) collapsed(heading);
		}
		heading = -1;
		sipLines = [];
		keys = [];
		cuts = [];
		section = 'none';
		frameFrom = -1;
	};

	// A blank line after the packet's SIP: tshark ends each packet with one, so a line at the margin
	// after it that starts no packet, layer or SIP tree of its own is not the packet's (notes, or
	// another tool's printout pasted below the export).
	let blankAfterSip = false;
	// The line before this one, and whether it was a header of the message (for wrapsOn).
	const above = { start: 0, end: 0 };
	let aboveIsHeader = false;
	for (let at = 0; at < text.length && readLine(text, at, line); at = line.next) {
		if (blankAfterSip && line.end > line.start) {
			const c = text.charCodeAt(line.start);
			if (c !== 32 && c !== 9 && c !== 13 && !isPacketText(text, line.start, line.end)) {
				// The blank lines are the packet's; the frame ends before this line.
				flush(line.start);
				packetStart = -1;
			}
			blankAfterSip = false;
		}
		if (body) {
			let depth = 0;
			while (line.start + depth < line.end && text.charCodeAt(line.start + depth) === 32) depth++;
			if (depth > 4) {
				body.line(text, line.start, depth, line.end);
				continue;
			}
			endBody();
			section = 'none';
		}
		const s = text.slice(line.start, Math.min(line.end, line.start + 200));
		const isFrame = frameLine.test(s);
		const opens = isFrame || summaryLine.test(s);
		// Lines under the heading, read or not: the tree was printed. A page that flattened it
		// (a PDF of Ethereal's `Request line:`, `Message Header`) leaves its items at the margin.
		if (
			heading >= 0 &&
			!opens &&
			(s.charCodeAt(0) === 32 || s.charCodeAt(0) === 9 || flatSipItem.test(s))
		)
			heading = -1;
		if (opens) {
			if (!opened) {
				flush(line.start);
				packetStart = line.start;
				frameFrom = line.start;
				src = dst = transport = null;
				reassembled = false;
				srcPort = dstPort = '';
				epochMicros = null;
				quoted = false;
				summary = null;
				uncaptured = 0;
			}
			if (isFrame) uncaptured = uncapturedOctets(s);
			else summary = summaryTime(s);
			opened = !isFrame;
			continue;
		}
		// Wireshark's export puts an empty line between the summary line and the packet's tree.
		if (!isBlank(text, line.start, line.end)) opened = false;
		let m: RegExpExecArray | null;
		if (section === 'none' && (m = ipLine.exec(s))) {
			src = (m[2] ?? m[3])!;
			dst = (m[4] ?? m[5])!;
		} else if (section === 'none' && (m = portLine.exec(s))) {
			srcPort = m[2]!;
			dstPort = m[3]!;
			transport =
				m[1] === 'User Datagram' ? 'UDP' : m[1] === 'Transmission Control' ? 'TCP' : 'SCTP';
		} else if (section === 'none' && reassembledLine.test(s)) {
			reassembled = true;
		} else if (section === 'none' && s.startsWith('Internet Control Message Protocol')) {
			// ICMP and ICMPv6 (`Internet Control Message Protocol v6`): what follows is a quote.
			quoted = true;
		} else if (
			section === 'none' &&
			transport === 'TCP' &&
			s.startsWith('Transport Layer Security')
		) {
			// SIP over TLS, the capture decrypted with its keys (`-o tls.keylog_file:...`).
			transport = 'TLS';
		} else if (
			section === 'none' &&
			(transport === 'TCP' || transport === 'TLS') &&
			s === 'WebSocket'
		) {
			// SIP over WebSocket (RFC 7118), over TLS: WSS.
			transport = transport === 'TLS' ? 'WSS' : 'WS';
		} else if (section === 'none' && (m = epochLine.exec(s))) {
			epochMicros = Number(m[1]) * 1e6 + Number(m[2]!.padEnd(6, '0').slice(0, 6));
		} else if (s === rawTree) {
			// The message as text (`-o sip.display_raw_text:TRUE`, raw_sip expanded): read, unless
			// the packet's dissection was printed (the same message).
			section = sipLines.length ? 'rawSkip' : 'raw';
			rawBody = false;
			if (frameFrom < 0) frameFrom = packetStart >= 0 ? packetStart : line.start;
		} else if ((section === 'raw' || section === 'rawSkip') && s.startsWith('    ')) {
			if (section === 'raw') rawLine();
		} else if (s.startsWith('Session Initiation Protocol')) {
			// A second SIP message in the same packet (TCP) gets its own frame.
			if (sipLines.length) {
				flush(line.start);
				frameFrom = line.start;
			}
			if (frameFrom < 0) frameFrom = packetStart >= 0 ? packetStart : line.start;
			section = 'sip';
			heading = line.start;
		} else if (
			(section === 'sip' || section === 'none' || section === 'headers') &&
			(m = startLineItem.exec(s))
		) {
			if (section !== 'sip') {
				// A tree copied without its title (`Session Initiation Protocol (SUBSCRIBE)`, which a
				// selection in Wireshark's details pane can leave out): its start line's item opens it.
				if (sipLines.length) {
					flush(line.start);
					frameFrom = line.start;
				}
				if (frameFrom < 0) frameFrom = packetStart >= 0 ? packetStart : line.start;
				section = 'sip';
			}
			sipLineStart = line.start;
			if (m[1]) cutLine(line.start + m[0].indexOf('['), line.end, 'start line');
			sipLines.push(line.start + m[0].length, line.end);
		} else if (section === 'sip' && s.startsWith('    Message Header')) {
			section = 'headers';
			aboveIsHeader = false;
		} else if (section === 'headers') {
			const wrapped = wrapsOn(text, line, above);
			if (s.startsWith('        ') && s.charCodeAt(8) !== 32 && s.charCodeAt(8) !== 91) {
				headerLine(line.start + 8, line.end);
				aboveIsHeader = true;
			} else if (s.startsWith(cutIndent) && cutMarkAt(text, line.start + 9) > 0) {
				cutLine(line.start + 9, line.end, 'header line');
				sipLines.push(line.start + 9 + cutMarkAt(text, line.start + 9), line.end);
				aboveIsHeader = true;
			} else if (wrapped) {
				// The rest of the line above, which a copy wrapped: a header's is read with it (the
				// parser joins it and says so), an item of tshark's own tree is left out.
				if (aboveIsHeader) sipLines.push(line.start, line.end);
			} else if (s.startsWith('         ') || s.startsWith('        [')) {
				aboveIsHeader = false;
			} else {
				section = 'none';
				if (s.startsWith('    Message Body')) {
					// The empty line that ends the headers: none is printed, it stands here.
					sipLines.push(line.end, line.end);
					bodyFrom = sipLines.length;
					body = new TsharkBodyReader(4);
				} else if (uncaptured === 0) {
					// The headers' section ended without a body: the empty line after them (unless the
					// capture did not keep the rest of the packet: they were cut).
					sipLines.push(line.start, line.start);
				}
			}
		}
		if (frameFrom < 0) out.addNoise(line.start, line.next);
		else if (sipLines.length > 0 && isBlank(text, line.start, line.end)) blankAfterSip = true;
		above.start = line.start;
		above.end = line.end;
	}
	flush(text.length);
	const result = out.finish(text.length, 'tshark');
	return readAt.length ? { ...result, reading: withChars(text, readAt, readChars) } : result;
}
