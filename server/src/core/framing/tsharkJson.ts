import type { FramingResult } from '../model';
import { Builder } from './engine';
import { epoch } from './formats';
import { monthNumber } from './logTime';
import { advanceOctets, LineEnds, octetLength } from '../text/octets';
import { escapedChar, hexCode } from '../text/jsonEscape';

/*
 * tshark's JSON (`tshark -r x.pcap -T json`, Wireshark's "Export Packet Dissections > As JSON"):
 * one object per packet, each layer an object of `"field": "value"` members, one a line (or all
 * on one line, once a tool has compacted the file):
 *
 *   {
 *     "_index": "packets-2026-12-01",
 *     ...
 *         "frame.time_epoch": "1795560125.356310844",
 *         "ip.src": "127.0.0.1",  ...  "udp.srcport": "15061",  ...
 *         "sip": {
 *           "sip.Request-Line": "PUBLISH sip:linda@127.0.0.1 SIP/2.0",
 *           ...
 *           "sip.msg_hdr": "Via: SIP/2.0/UDP ...\r\nFrom: \"Linda\" <sip:...>...\r\n\r\n<?xml ...",
 *
 * The start line is one JSON string; `sip.msg_hdr` another, holding every header and the body as
 * they went (tshark prints the whole value, with no cut). A message's lines are read from the two
 * strings where they stand, so every span is the trace's: a line ends at an escaped line end
 * (`\r\n`, `\n`); an escaped character inside a line (`\"`, `\\`, `\/`, `\t`, `\u00e9`) ends a
 * piece of it that goes on in the next (`Frame.joins`), which starts at the escape's last
 * character. The text the messages are read from (`FramingResult.reading`) has that character
 * decoded where it is not itself (`\t` a tab), and `^M` where a line ended in an escaped CR (as
 * `cat -v` shows a CR; after the start line's closing quote too, as it ended in CRLF on the
 * wire), so octets are counted as they went, a body's bare LFs as one, while every line break
 * stays the trace's. A packet may carry several messages (TCP): `"sip"` again, each with its
 * own two strings. The keys are found wherever they stand (after `{` or `,`), not by line.
 *
 * `-T ek` (newline-delimited JSON for Elasticsearch's bulk API) reads the same way: a line that
 * indexes each packet (`{"index":{"_index":"packets-2026-12-01","_type":"doc"}}`), then the
 * packet on one line, each field named after its layer with its dots as underscores
 * (`"sip_sip_Request-Line":"..."`, `"sip_sip_msg_hdr":"..."`, `"udp_udp_srcport":"15061"`).
 */

/** The fields of a packet the frames take, by their key. */
const enum Key {
	None,
	Index,
	StartLine,
	Headers,
	Epoch,
	Time,
	Ip4Src,
	Ip4Dst,
	Ip6Src,
	Ip6Dst,
	UdpSrc,
	TcpSrc,
	SctpSrc,
	UdpDst,
	TcpDst,
	SctpDst,
	Tls,
	WebSocket,
}

/** The keys the frames take, by name. */
const keyNames = new Map<string, Key>([
	['_index', Key.Index],
	// `-T ek` (newline-delimited, for Elasticsearch): each field's name after its layer's, its
	// dots as underscores.
	['sip_sip_Request-Line', Key.StartLine],
	['sip_sip_Status-Line', Key.StartLine],
	['sip_sip_msg_hdr', Key.Headers],
	['frame_frame_time_epoch', Key.Epoch],
	['frame_frame_time', Key.Time],
	['ip_ip_src', Key.Ip4Src],
	['ip_ip_dst', Key.Ip4Dst],
	['ipv6_ipv6_src', Key.Ip6Src],
	['ipv6_ipv6_dst', Key.Ip6Dst],
	['udp_udp_srcport', Key.UdpSrc],
	['udp_udp_dstport', Key.UdpDst],
	['tcp_tcp_srcport', Key.TcpSrc],
	['tcp_tcp_dstport', Key.TcpDst],
	['sctp_sctp_srcport', Key.SctpSrc],
	['sctp_sctp_dstport', Key.SctpDst],
	['sip.Request-Line', Key.StartLine],
	['sip.Status-Line', Key.StartLine],
	['sip.msg_hdr', Key.Headers],
	['frame.time_epoch', Key.Epoch],
	['frame.time', Key.Time],
	['ip.src', Key.Ip4Src],
	['ip.dst', Key.Ip4Dst],
	['ipv6.src', Key.Ip6Src],
	['ipv6.dst', Key.Ip6Dst],
	['udp.srcport', Key.UdpSrc],
	['udp.dstport', Key.UdpDst],
	['tcp.srcport', Key.TcpSrc],
	['tcp.dstport', Key.TcpDst],
	['sctp.srcport', Key.SctpSrc],
	['sctp.dstport', Key.SctpDst],
	['tls', Key.Tls],
	['websocket', Key.WebSocket],
]);

/**
 * Each of those keys with what follows it, wherever it stands: one a line as tshark writes the
 * file, or all on one line once a tool has compacted it (`jq -c`). A literal, as every pattern of
 * the server is (the regex audit reads them): the names of {@link keyNames}.
 */
const keyPattern =
	/"(_index|sip\.Request-Line|sip\.Status-Line|sip\.msg_hdr|frame\.time_epoch|frame\.time|ip\.src|ip\.dst|ipv6\.src|ipv6\.dst|udp\.srcport|udp\.dstport|tcp\.srcport|tcp\.dstport|sctp\.srcport|sctp\.dstport|tls|websocket|sip_sip_Request-Line|sip_sip_Status-Line|sip_sip_msg_hdr|frame_frame_time_epoch|frame_frame_time|ip_ip_src|ip_ip_dst|ipv6_ipv6_src|ipv6_ipv6_dst|udp_udp_srcport|udp_udp_dstport|tcp_tcp_srcport|tcp_tcp_dstport|sctp_sctp_srcport|sctp_sctp_dstport)"[ \t]*:[ \t]*/g;

/** Is this line one only tshark's JSON has? (Used by format detection.) */
export function isTsharkJsonLine(s: string): boolean {
	return /^\s*"sip\.(?:Request|Status)-Line": ["[]/.test(s);
}

/**
 * Does the text open as tshark's JSON: its first packet's `_index` and `_source`, or with `-T ek`
 * the line that indexes the first packet (`{"index":{"_index":...}}`) before the packet's `layers`?
 */
export function opensAsTsharkJson(text: string): boolean {
	const head = text.slice(0, 2048);
	if (/^\s*\{\s*"index"\s*:\s*\{\s*"_index"\s*:/.test(head))
		return /"layers"\s*:\s*\{/.test(text.slice(0, 8192));
	return /^\s*\[\s*\{\s*"_index"\s*:/.test(head) && /"_source"\s*:\s*\{/.test(head);
}

/** What a packet says of the messages it carries: the value of each of its keys, by key. */
interface Packet {
	start: number;
	values: (string | null)[];
	transport: string | null;
	tls: boolean;
	webSocket: boolean;
}

const newPacket = (start: number): Packet => ({
	start,
	values: [],
	transport: null,
	tls: false,
	webSocket: false,
});

/** A message found: its start line's string, its headers' string when it has one. */
interface Found {
	packet: Packet;
	/** Where the frame starts: the packet's start for its first message, its start line's after. */
	spanStart: number;
	startValue: number;
	headersValue: number;
}

export function frameTsharkJson(text: string): FramingResult {
	const { found, packetStarts } = scan(text);
	const out = new Builder();
	const reading = new Reading(text);
	let nextPacket = 0;
	for (let i = 0; i < found.length; i++) {
		const f = found[i]!;
		// The frame runs to the next message's frame, or to the next packet.
		while (nextPacket < packetStarts.length && packetStarts[nextPacket]! <= f.spanStart)
			nextPacket++;
		const spanEnd = Math.min(
			found[i + 1]?.spanStart ?? Infinity,
			nextPacket < packetStarts.length ? packetStarts[nextPacket]! : closingEnd(text),
		);
		addMessage(text, f, spanEnd, reading, out);
	}
	const framed = out.finish(text.length, 'tsharkJson');
	return { ...framed, reading: reading.text() };
}

/**
 * The messages of the export, each with its packet, and where each packet starts. A message's
 * headers are the first `sip.msg_hdr` of its packet not yet taken: right after its start line's
 * field, or, where fields are arrays (`-e`), the array's in the same order.
 */
function scan(text: string): { found: Found[]; packetStarts: number[] } {
	const found: Found[] = [];
	const packetStarts: number[] = [];
	let packet = newPacket(0);
	/** The first message of the packet still without its headers. */
	let lacking = 0;
	keyPattern.lastIndex = 0;
	for (let m = keyPattern.exec(text); m; m = keyPattern.exec(text)) {
		// A key stands after `{` or `,`; the same words inside a string stand after `\"`.
		if (!followsObjectStart(text, m.index)) continue;
		const key = keyNames.get(m[1]!)!;
		const at = keyPattern.lastIndex;
		if (key === Key.Index) {
			// With `-T ek` the packet starts at the line that indexes it, `{"index":{"_index":...`.
			const line = lineStartOf(text, m.index);
			packet = newPacket(
				ekIndexLine.test(text.slice(line, m.index))
					? line
					: ownLineStart(text, objectStart(text, m.index)),
			);
			packetStarts.push(packet.start);
			lacking = found.length;
			continue;
		}
		if (key === Key.Tls || key === Key.WebSocket) {
			if (key === Key.Tls) packet.tls = true;
			else packet.webSocket = true;
			continue;
		}
		// The value: a string, or (`-e`) an array of them; a number as `-T ek` may write a port.
		const values: number[] = [];
		if (text.charCodeAt(at) === 34) values.push(at + 1);
		else if (text.charCodeAt(at) === 91) arrayStrings(text, at + 1, values);
		else if (key >= Key.Epoch) {
			packet.values[key] = numberAt(text, at);
			noteTransport(packet, key);
		}
		for (const value of values) {
			if (key === Key.StartLine) {
				const first = found[found.length - 1]?.packet !== packet;
				found.push({
					packet,
					spanStart: first
						? packet.start
						: ownLineStart(text, values.length > 1 ? value - 1 : m.index),
					startValue: value,
					headersValue: -1,
				});
			} else if (key === Key.Headers) {
				if (lacking < found.length) found[lacking++]!.headersValue = value;
			} else {
				// The last one: in a tunnel (GRE, VXLAN, a mirror's ERSPAN) the outer layers come
				// first, the addresses the message went between last.
				packet.values[key] = stringAt(text, value);
				noteTransport(packet, key);
			}
		}
	}
	return { found, packetStarts };
}

/** The packet's transport, from the layer whose source port it gives. */
function noteTransport(packet: Packet, key: Key): void {
	if (key === Key.UdpSrc) packet.transport = 'UDP';
	else if (key === Key.TcpSrc) packet.transport = 'TCP';
	else if (key === Key.SctpSrc) packet.transport = 'SCTP';
}

// What stands before `_index` on the line that indexes a packet in `-T ek`.
const ekIndexLine = /^\{\s*"index"\s*:\s*\{\s*$/;

/** A JSON number at `at` (digits and a fraction), as its text; null when none stands there. */
function numberAt(text: string, at: number): string | null {
	let i = at;
	while (i < text.length && i - at < 40) {
		const c = text.charCodeAt(i);
		if ((c < 48 || c > 57) && c !== 46) break;
		i++;
	}
	return i > at ? text.slice(at, i) : null;
}

/** Is the quote at `at` a key's: after `{` or `,` (white space between)? */
function followsObjectStart(text: string, at: number): boolean {
	let i = at - 1;
	while (i >= 0 && isJsonSpace(text.charCodeAt(i))) i--;
	const c = text.charCodeAt(i);
	return c === 123 || c === 44;
}

/** Where the object whose key's quote is at `at` opens: its `{`, or `at` when none is there. */
function objectStart(text: string, at: number): number {
	let i = at - 1;
	while (i >= 0 && isJsonSpace(text.charCodeAt(i))) i--;
	return text.charCodeAt(i) === 123 ? i : at;
}

/** `at`'s line's start when only indentation lies before `at` on it, else `at`. */
function ownLineStart(text: string, at: number): number {
	let i = at;
	while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
	return i === 0 || text.charCodeAt(i - 1) === 10 ? i : at;
}

const isJsonSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** After an array's `[` at `from`: where each of its strings' values starts, up to its `]`. */
function arrayStrings(text: string, from: number, out: number[]): void {
	let i = from;
	for (;;) {
		while (i < text.length && (isJsonSpace(text.charCodeAt(i)) || text.charCodeAt(i) === 44)) i++;
		if (text.charCodeAt(i) !== 34) return;
		out.push(i + 1);
		i = stringEnd(text, i + 1) + 1;
	}
}

/** Where the JSON string whose value starts at `from` ends: its closing quote, or the line's end. */
function stringEnd(text: string, from: number): number {
	for (let i = from; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 34 || c === 10) return i;
		if (c === 92) i++;
	}
	return text.length;
}

/** The frame of message `f`, whose frame ends at `spanEnd`. */
function addMessage(text: string, f: Found, spanEnd: number, reading: Reading, out: Builder): void {
	const pieces = new Pieces();
	const startEnd = pieces.string(text, f.startValue, reading);
	// The start line went with CRLF after it: shown so after its closing quote, over the comma
	// that follows it.
	if (text.charCodeAt(startEnd) === 34 && text.charCodeAt(startEnd + 1) === 44)
		reading.showCr(startEnd);
	const p = f.packet;
	// Where fields are arrays (`-e`), a packet's start lines all come before its headers: the
	// headers of its first message then lie in the frame of the next, read from there.
	if (f.headersValue >= 0) {
		pieces.string(text, f.headersValue, reading);
		if (p.transport !== 'UDP' && p.transport !== 'SCTP') pieces.cutAtLength(text);
	}
	const { lines, joins } = pieces.finish();
	const value = (key: Key): string | null => p.values[key] ?? null;
	const time = captureTime(p);
	const transport = p.webSocket ? (p.tls ? 'WSS' : 'WS') : p.tls ? 'TLS' : p.transport;
	const srcPort = value(Key.UdpSrc) ?? value(Key.TcpSrc) ?? value(Key.SctpSrc);
	const dstPort = value(Key.UdpDst) ?? value(Key.TcpDst) ?? value(Key.SctpDst);
	const metaEnd = lineStartOf(text, lines[0]!);
	out.addFrame({
		format: 'tsharkJson',
		span: { start: f.spanStart, end: spanEnd },
		meta: metaEnd > f.spanStart ? { start: f.spanStart, end: metaEnd } : null,
		sip: { start: lines[0]!, end: lines[lines.length - 1]! },
		lines,
		...(joins ? { joins } : {}),
		time: time?.time ?? null,
		epochMicros: time?.epochMicros ?? null,
		src: out.intern(address(value(Key.Ip4Src) ?? value(Key.Ip6Src), srcPort)),
		dst: out.intern(address(value(Key.Ip4Dst) ?? value(Key.Ip6Dst), dstPort)),
		transport: out.intern(transport),
		direction: null,
		declaredBytes: null,
	});
}

/** Where the last packet ends: before the array's closing `]` (its line, when it stands alone), or the end of the text. */
function closingEnd(text: string): number {
	let e = text.length;
	while (e > 0 && text.charCodeAt(e - 1) <= 32) e--;
	if (e === 0 || text.charCodeAt(e - 1) !== 93) return text.length;
	return ownLineStart(text, e - 1);
}

function lineStartOf(text: string, at: number): number {
	return text.lastIndexOf('\n', at - 1) + 1;
}

/** A short JSON string value at `start` (after its opening quote), up to its closing quote. */
function stringAt(text: string, start: number): string | null {
	const end = stringEnd(text, start);
	return end - start > 200 ? null : text.slice(start, end);
}

function address(host: string | null, port: string | null): string | null {
	if (!host) return null;
	const h = host.includes(':') ? `[${host}]` : host;
	return port ? `${h}:${port}` : h;
}

/**
 * The packet's capture time: `frame.time_epoch` as seconds since the epoch with a fraction
 * (`1795560125.356310844`), or as an ISO time in UTC (`2026-11-24T22:42:05.356310844Z`, as
 * later Wireshark versions print that field); else `frame.time` when it is in UTC
 * (`Nov 24, 2026 22:42:05.356310844 UTC`). A time in a local zone gives none.
 */
function captureTime(p: Packet): { time: string; epochMicros: number } | null {
	const value = p.values[Key.Epoch];
	const seconds = value ? /^(\d{1,12})(?:\.(\d{1,9}))?$/.exec(value) : null;
	if (seconds) return epoch(seconds[1]!, seconds[2] ?? '');
	const iso = value ? /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(value) : null;
	if (iso) return utc(iso[1]!, iso[2]!, iso[3] ?? '');
	const shown = p.values[Key.Time];
	const m = shown
		? /^([A-Z][a-z]{2}) {1,2}(\d{1,2}), (\d{4}) (\d\d:\d\d:\d\d)(?:\.(\d{1,9}))? UTC$/.exec(shown)
		: null;
	const month = m ? monthNumber(m[1]!) : 0;
	if (!m || month === 0) return null;
	const date = `${m[3]}-${String(month).padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
	return utc(date, m[4]!, m[5] ?? '');
}

/** `date` at `time` and `fraction` of a second, in UTC; null for no such day. */
function utc(
	date: string,
	time: string,
	fraction: string,
): { time: string; epochMicros: number } | null {
	const ms = Date.parse(`${date}T${time}Z`);
	if (Number.isNaN(ms)) return null;
	return epoch(String(ms / 1000), fraction);
}

/**
 * The text the messages are read from: `text` with the characters set that {@link Pieces} asks
 * for, made once at the end.
 */
class Reading {
	readonly #text: string;
	readonly #at: number[] = [];
	readonly #chars: string[] = [];
	constructor(text: string) {
		this.#text = text;
	}
	set(at: number, char: string): void {
		this.#at.push(at);
		this.#chars.push(char);
	}
	/**
	 * A CR before the line end at `at`, shown as `cat -v` shows one (`^M`, over the two
	 * characters there): the reading keeps the trace's line breaks, so that every line and
	 * column is the trace's, and the parser counts that line end as CRLF (see `crShown`).
	 */
	showCr(at: number): void {
		this.set(at, '^');
		this.set(at + 1, 'M');
	}
	text(): string {
		const parts: string[] = [];
		let from = 0;
		for (let k = 0; k < this.#at.length; k++) {
			parts.push(this.#text.slice(from, this.#at[k]), this.#chars[k]!);
			from = this.#at[k]! + 1;
		}
		parts.push(this.#text.slice(from));
		return parts.join('');
	}
}

/**
 * A message's lines as pairs of offsets, one or more pieces each: a pair listed in `joins` goes
 * on in the next (see `Frame.joins`); any other ends its line.
 */
class Pieces {
	readonly #pairs: number[] = [];
	readonly #joins: number[] = [];
	/** The octets of the line end after each pair: 2 (CRLF), 1 (LF), 0 (joined, or the end). */
	readonly #lineEnds: number[] = [];
	#pieceStart = -1;

	/**
	 * Reads the JSON string whose value starts at `start` into lines and pieces; returns where
	 * it ends (its closing quote, or the end of the line when it has none: a file cut short).
	 */
	string(text: string, start: number, reading: Reading): number {
		this.#pieceStart = start;
		let i = start;
		for (;;) {
			const c = i < text.length ? text.charCodeAt(i) : 10;
			if (c === 34 || c === 10) {
				this.#piece(i, 0);
				return i;
			}
			if (c !== 92) {
				i++;
				continue;
			}
			const e = text.charCodeAt(i + 1);
			const code = e === 117 ? hexCode(text, i + 2) : -1;
			if (e === 114 || code === 13) {
				// An escaped CR: with an escaped LF after it, one line end (CRLF); alone, one too.
				const after = i + (e === 117 ? 6 : 2);
				const lf = escapedLf(text, after);
				this.#piece(i, lf ? 2 : 1);
				reading.showCr(i);
				i = after + lf;
				this.#pieceStart = i;
			} else if (e === 110 || code === 10) {
				this.#piece(i, 1);
				i += e === 117 ? 6 : 2;
				this.#pieceStart = i;
			} else {
				// An escaped character inside a line: the piece ends here and goes on at its last
				// character, read as the character it stands for.
				const width = e === 117 ? (code >= 0 ? 6 : 2) : Number.isNaN(e) ? 1 : 2;
				const last = i + width - 1;
				const char = decoded(e, code);
				this.#piece(i, 0);
				this.#joins.push(this.#pairs.length / 2 - 1);
				if (char !== null && char !== text[last]) reading.set(last, char);
				this.#pieceStart = last;
				i = last + 1;
			}
		}
	}

	/**
	 * Over a stream (TCP, TLS), tshark's `sip.msg_hdr` runs to the end of the segment the message
	 * ends in, so it may hold the start of the next message, which tshark shows whole with the
	 * segment it ends in: the message's lines end where its body's Content-Length octets do.
	 * Without a Content-Length, or with one longer than what follows, every line is kept.
	 */
	cutAtLength(text: string): void {
		const pairs = this.#pairs;
		const count = pairs.length / 2;
		let contentLength = -1;
		let l = 1;
		for (; l < count; l++) {
			const s = pairs[2 * l]!;
			const e = pairs[2 * l + 1]!;
			if (s === e && this.#lineEnds[l - 1] !== 0) break;
			const m = contentLength < 0 ? lengthHeader.exec(text.slice(s, Math.min(e, s + 40))) : null;
			if (m) contentLength = Number(m[1]);
		}
		if (l >= count || contentLength < 0) return;
		let left = contentLength;
		for (let b = l + 1; b < count && left > 0; b++) {
			const s = pairs[2 * b]!;
			const e = pairs[2 * b + 1]!;
			const length = octetLength(text, s, e);
			if (left <= length) {
				pairs[2 * b + 1] = advanceOctets(text, s, e, left, LineEnds.AsWritten);
				pairs.length = 2 * (b + 1);
				return;
			}
			left -= length + this.#lineEnds[b]!;
			if (left <= 0) {
				pairs.length = 2 * (b + 1);
				return;
			}
		}
		if (contentLength === 0) pairs.length = 2 * (l + 1);
	}

	finish(): { lines: Int32Array; joins: Int32Array | null } {
		// Empty lines at the end are the line ends the message ended with (the empty line after
		// the headers of one without a body, the body's last line end): the lines leave them out,
		// as every format that prints a message by its lines does.
		const pairs = this.#pairs;
		while (pairs.length > 2 && pairs[pairs.length - 1] === pairs[pairs.length - 2])
			pairs.length -= 2;
		const joins = this.#joins.filter((j) => 2 * j + 3 < pairs.length);
		return {
			lines: Int32Array.from(pairs),
			joins: joins.length ? Int32Array.from(joins) : null,
		};
	}

	#piece(end: number, lineEnd: number): void {
		this.#pairs.push(this.#pieceStart, Math.max(this.#pieceStart, end));
		this.#lineEnds.push(lineEnd);
	}
}

/** `Content-Length: 123` (or its compact form `l`) at the start of a header line. */
const lengthHeader = /^(?:content-length|l)[ \t]*:[ \t]*(\d{1,9})/i;

/** After an escaped CR at `at`: the width of an escaped LF there (`\n` or `\u000a`), or 0. */
function escapedLf(text: string, at: number): number {
	if (text.charCodeAt(at) !== 92) return 0;
	const e = text.charCodeAt(at + 1);
	if (e === 110) return 2;
	return e === 117 && hexCode(text, at + 2) === 10 ? 6 : 0;
}

/** The character an escape inside a line stands for (`e` the letter after the backslash), or null. */
function decoded(e: number, code: number): string | null {
	// A line or paragraph separator would break the reading's lines: left as written.
	if (e === 117 && (code === 0x2028 || code === 0x2029)) return null;
	return escapedChar(e, code);
}
