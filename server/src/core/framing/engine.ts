import type { Direction, Frame, FramingResult, Problem, Span, TraceFormat } from '../model';
import {
	headerNameEnd,
	isFence,
	isMessageTypeLine,
	isMultipartTypeLine,
	isRuleLine,
	isSipfragTypeLine,
} from '../parser/bodyStart';
import { endsMessageAsPrompt } from '../parser/prose';
import { sipEnd, trimEnd } from './extent';
import { crShown, lineEndOctets, octetLength } from '../text/octets';
import { xmlRootCloseAfter } from '../text/xmlEnd';
import { SpanStrings } from './strings';
import { frameExtras, LogFrame } from './frame';
import { timeIn } from './logTime';
import { layerLines } from './wiresharkLayers';
import { addressedHeading, maxRecordLine } from './addressedHeading';
import { isRawPduLine } from './ribbonRecord';
import { isoTime } from './stampTime';
import { audioCodesAbove, isAudioCodesTag, viewerRecordTime } from './audioCodes';
import { afterFrameOctets } from './frameOctets';
import { lineSpans, wrappedStartLine } from './wrappedStartLine';
import {
	gluedMessageStart,
	gluedStart,
	hangingIndent,
	headerFollows,
	isBlank,
	isLoneStartLine,
	isStartLine,
	isTransportStartLine,
	readLine,
	VersionAhead,
	type Line,
} from './lines';

/** What a format's metadata says about the message that follows it. */
export interface MessageMeta {
	time?: string | null;
	/**
	 * Set instead of `time` where the time reads back from `epochMicros`: its number of fraction
	 * digits (see stampTime.ts). Merge metadata with {@link merged}, which keeps the two apart.
	 */
	timeDigits?: number;
	epochMicros?: number | null;
	src?: string | null;
	dst?: string | null;
	transport?: string | null;
	/**
	 * `transport` is `WS` because a console said `WebSocket` (SIP.js's `Sending WebSocket
	 * message:`), which does not tell a secure one: the message's top Via decides (RFC 7118 §5.3).
	 */
	webSocket?: boolean;
	direction?: Direction | null;
	declaredBytes?: number | null;
	/**
	 * The size of the message the record below prints, where the log prints one message a record
	 * and nothing of the record after it (belle-sip's `size: [545] bytes`): a message without
	 * Content-Length ends there, where the next record starts, also when the lines of both carry
	 * the same per-line prefix (logcat's). Not the frame's `declaredBytes`.
	 */
	recordBytes?: number;
	/**
	 * The record prints a message that is not one more message of the trace: it is read to know
	 * where it ends, and kept as log text. Either the log shows again a message it has already
	 * shown (SIPp's `Unexpected UDP message received:` after the same message's own record), or
	 * the program made it up for itself and it never crossed the network (Twinkle's `Send
	 * internal:`, the response its transaction layer hands its own user on a timeout).
	 */
	logOnly?: boolean;
}

/**
 * A format, as the engine needs it. Every function looks at one line's content [start, end)
 * (after `decorate`), so per-line prefixes and indentation are handled once, in `decorate`.
 */
export interface FormatRules {
	readonly format: TraceFormat;
	/**
	 * The line opens a message's metadata: return what it says, or null. `strings`, when given,
	 * makes the strings of the metadata's spans, shared by equal values.
	 */
	matchMeta?(text: string, start: number, end: number, strings?: SpanStrings): MessageMeta | null;
	/** A line after the opening one that still belongs to the metadata (key: value blocks, separators). */
	continueMeta?(text: string, start: number, end: number, meta: MessageMeta): boolean;
	/** A line that closes a message (included in its frame). */
	isEnd?(text: string, start: number, end: number): boolean;
	/**
	 * The line right after the end marker still belongs to the record: a note the tool writes
	 * about the message it printed (sofia-sip's `*** message truncated at N ***`).
	 */
	afterEnd?(text: string, start: number, end: number): boolean;
	/**
	 * A line that opens another record of the log (any component's, not a message's metadata):
	 * a message printed without Content-Length ends before it, and it is noise.
	 */
	isRecord?(text: string, start: number, end: number): boolean;
	/** Its records (`isRecord`) never hold a message's start line, not even glued after a tag. */
	readonly recordsHoldNone?: boolean;
	/**
	 * Where the end marker starts when it is glued after other text at the end of this line (the
	 * tool prints it right after the message, whose last octet was no line end), or -1. The
	 * message ends before it; from there on the line is `isEnd`'s.
	 */
	gluedEnd?(text: string, start: number, end: number): number;
	/**
	 * Where the next record's metadata starts when the log wrote it right after this line of a
	 * message, whose last octet was no line end (FreeSWITCH's sofia-sip: `...</presence>recv 411
	 * bytes from ...:`), or -1. The message ends there; framing goes on from there, mid-line.
	 * Decorated messages only.
	 */
	gluedMeta?(text: string, start: number, end: number): number;
	/**
	 * Where the message starts on this line, glued after the format's own record (SIPp's `<time>:
	 * Aborting call ... received 'SIP/2.0 407 ...`), or -1: the engine then looks for a start line
	 * glued after a logger's tag. What the record says is {@link tagMeta}'s.
	 */
	recordStart?(text: string, start: number, end: number): number;
	/**
	 * What the text before a start line glued after it says, where the format's records end with
	 * the message's start line; null: the engine's own reading of a logger's tag.
	 */
	tagMeta?(tag: string): MessageMeta | null;
	/** Where the content of a line lies, without the format's decoration. Null: the line is not part of the trace (e.g. another process's log line). */
	decorate?(text: string, start: number, end: number): [number, number] | null;
	/** A line to skip inside a message (tshark's generated `[...]` and sub-field lines). */
	skipInMessage?(text: string, start: number, end: number): boolean;
	/**
	 * The line [start, end) (its next line at `next`) ends the payload of a packet whose rest comes
	 * in the next packet printed (ngrep prints each IP fragment of a datagram, each TCP segment,
	 * as a packet of its own): where that rest starts, after its packet line, or -1. `packetAt` is
	 * where the metadata line of the packet the message started in starts (-1: none). The message
	 * read goes on there; the line the payload ended in, when it ended inside one, is joined with
	 * the first line of the rest (`Frame.joins`). A format with this hook prints a packet's payload
	 * a line at a time: a message that ends on the line before the next one starts came in the
	 * same packet, and passes its packet's metadata on.
	 */
	continuation?(text: string, start: number, end: number, next: number, packetAt: number): number;
	/**
	 * The src, dst and transport that `matchMeta` returns are made by the `strings` it is given,
	 * already shared: the engine need not look them up again while the metadata is that object.
	 */
	readonly metaShared?: boolean;
	/**
	 * Text every line `matchMeta` takes holds (an address line's `->`): with no `isEnd` or
	 * `isRecord`, the next metadata line is looked for where it occurs, not on every line.
	 */
	readonly metaMark?: string;
	/**
	 * The text holds frames copied as printable text (`holdsFrameCopies`): a start line glued
	 * after a frame's octets is looked for on every line. Set by the caller for the whole text.
	 */
	readonly frameCopies?: boolean;
}

/** Collects frames and noise, merging adjacent noise, so that every offset lands exactly once. */
export class Builder {
	readonly frames: Frame[] = [];
	readonly noise: Span[] = [];
	readonly problems: Problem[] = [];
	/** Noise that prints a message the trace does not count (see `FramingResult.logOnly`). */
	readonly logOnly: Span[] = [];
	#covered = 0;

	addNoise(start: number, end: number): void {
		if (end <= start) return;
		this.#fill(start);
		const last = this.noise[this.noise.length - 1];
		if (last && last.end === start) this.noise[this.noise.length - 1] = { start: last.start, end };
		else this.noise.push({ start, end });
		this.#covered = end;
	}

	/** The trace's metadata strings, one for all equal values (see strings.ts). */
	readonly strings = new SpanStrings();

	/** One string for all equal values of a trace's metadata (`null` for none). */
	intern(value: string | null | undefined): string | null {
		return this.strings.of(value);
	}

	addFrame(frame: Frame, start = frame.span.start, end = frame.span.end): void {
		this.#fill(start);
		this.frames.push(frame);
		this.#covered = end;
	}

	/** Whatever lies between the last piece and `to` is noise: nothing is ever lost. */
	#fill(to: number): void {
		if (to > this.#covered) {
			const from = this.#covered;
			this.#covered = to;
			this.addNoise(from, to);
		}
	}

	/** A message printed as log text only (see `MessageMeta.logOnly`). */
	addLogOnly(start: number, end: number): void {
		this.addNoise(start, end);
		if (end > start) this.logOnly.push({ start, end });
	}

	finish(textLength: number, format: TraceFormat): FramingResult {
		this.#fill(textLength);
		const result = { format, frames: this.frames, noise: this.noise, problems: this.problems };
		return this.logOnly.length > 0 ? { ...result, logOnly: this.logOnly } : result;
	}
}

const noMeta: MessageMeta = {};

/**
 * Frames a trace with a format's rules: metadata opens a message, the SIP text follows (found by
 * its start line and bounded by Content-Length, the next metadata, an end marker or another record
 * of the log), and every other line is noise. Bare SIP messages between metadata blocks are framed
 * too, so a block of another format pasted into a log is not lost.
 */
export function frameWith(text: string, rules: FormatRules): FramingResult {
	const out = new Builder();
	const line: Line = { start: 0, end: 0, next: 0 };
	const n = text.length;
	let at = 0;
	let metaStart = -1;
	let meta: MessageMeta = noMeta;
	// The metadata as matchMeta gave it for this message (its strings shared, see metaShared).
	let matched: MessageMeta | null = null;
	let packetMeta: MessageMeta = noMeta;
	// The record above opened a HEP packet, not a SIP one (see where it is set).
	let hepLink = false;
	let samePacketFrom = -1;
	// Where the metadata line of the packet the last message came in starts, -1: none.
	let packetAt = -1;
	// A packet whose payload went on from an earlier one (the tail of a message read in pieces,
	// or one whose start is not in the trace) before a message starts in it: that packet's
	// metadata line and metadata (ngrep's, which prints a packet's payload a line at a time, see
	// `continuation`), until the next packet.
	let tailAt = -1;
	let tailMeta: MessageMeta = noMeta;
	const ahead = new VersionAhead(text);
	const shared = rules.metaShared === true;
	const copies = rules.frameCopies === true;

	// Without decoration a line's content is the line: one pair, reused (every caller reads it
	// at once), instead of a new one per line.
	const plain: [number, number] = [0, 0];
	const decorate = rules.decorate;
	const content = decorate
		? (l: Line): [number, number] | null => decorate(text, l.start, l.end)
		: (l: Line): [number, number] => {
				plain[0] = l.start;
				plain[1] = l.end;
				return plain;
			};
	// Each metadata line is met twice (looking ahead for the next stop, then framing): match it once.
	let memoAt = -1;
	let memo: MessageMeta | null = null;
	const matchMeta = (cs: number, ce: number): MessageMeta | null => {
		if (!rules.matchMeta) return null;
		if (cs !== memoAt) {
			memoAt = cs;
			memo = rules.matchMeta(text, cs, ce, out.strings);
		}
		return memo;
	};
	const isStop = (cs: number, ce: number): boolean =>
		!!(matchMeta(cs, ce) || rules.isEnd?.(text, cs, ce) || rules.isRecord?.(text, cs, ce));
	// The next metadata line, end marker or record at or after a position, found once and reused
	// while the framer has not passed it (so a lying Content-Length cannot swallow it, in linear
	// time).
	let stopAt = -1;
	const probe: Line = { start: 0, end: 0, next: 0 };
	const mark = rules.isEnd || rules.isRecord ? undefined : rules.metaMark;
	const nextStop = (from: number): number => {
		if (!rules.matchMeta && !rules.isEnd && !rules.isRecord) return n;
		if (stopAt >= from) return stopAt;
		let p = Math.max(from, stopAt < 0 ? 0 : stopAt);
		stopAt = n;
		if (mark !== undefined) {
			// Only the lines that hold the mark can be metadata: the others are not read.
			for (let hit = text.indexOf(mark, p); hit >= 0; hit = text.indexOf(mark, p)) {
				// The hit's line starts after the line end before it. `p` starts a line (the one after
				// a line end, or the text's first), so the search back stops at `p - 1` at the
				// latest: each character is read once over the whole text, as `p` then passes the
				// hit. The search is the engine's own, several times cheaper than a loop over
				// characters here.
				const from = text.lastIndexOf('\n', hit - 1) + 1;
				readLine(text, from, probe);
				if (isStop(probe.start, probe.end)) {
					stopAt = probe.start;
					break;
				}
				p = probe.next;
			}
			return stopAt;
		}
		for (; p < n && readLine(text, p, probe); p = probe.next) {
			if (isStop(probe.start, probe.end)) {
				stopAt = probe.start;
				break;
			}
		}
		return stopAt;
	};

	// The line at `at` is the one the format ends each message with.
	const isEndAt = (at: number): boolean =>
		!!rules.isEnd && readLine(text, at, probe) && rules.isEnd(text, probe.start, probe.end);

	// Where the message being framed lies: one record, rewritten for each message, read at once.
	const message: MessageExtent = { sipStart: 0, sipEnd: 0, lines: null, joins: null, next: 0 };

	// The line `line` holds, read at `lineAt`: the loop below meets the line after each block
	// (the start line after the metadata, the next line after a message) twice, read once.
	let lineAt = -1;
	const readAt = (at: number): boolean => {
		if (at === lineAt) return true;
		if (!readLine(text, at, line)) return false;
		lineAt = at;
		return true;
	};

	// A log line announcing the message below it (`... | sip.transport | sending WebSocket
	// message:`), while only blank lines follow it.
	let announced: MessageMeta | null = null;
	// How many more lines that say nothing may stand between `announced` and its message.
	let promisedSkips = 0;
	// A format with metadata of its own says which lines give it: another tool's heading that
	// gives addresses is read only where the format has none (bare messages in a log).
	const headings = !rules.matchMeta;
	// Lines read as they stand (no decoration to take off): a wrapped request line is looked for.
	const undecorated =
		rules.decorate === undefined &&
		rules.skipInMessage === undefined &&
		rules.continuation === undefined;
	while (at < n && readAt(at)) {
		const c = content(line);
		if (!c) {
			if (metaStart < 0) out.addNoise(line.start, line.next);
			// Outside the indented text (a monitor's heading above each indented message, the
			// record of Android Studio's logcat that announces the message it prints indented below
			// it) or another process's line: a heading that gives addresses, or a line announcing
			// the message, announces the next one.
			announced =
				metaStart < 0 ? announcement(text, line.start, line.start, line.end, headings) : null;
			at = line.next;
			continue;
		}
		const [cs, ce] = c;
		const opened = matchMeta(cs, ce);
		if (opened) {
			hepLink = false;
			tailAt = -1;
			if (metaStart >= 0) out.addNoise(metaStart, line.start); // metadata with no SIP after it
			metaStart = line.start;
			// A per-line prefix the format strips (`[Mar 30 13:35:51] VERBOSE[1] file.c: `) may
			// be the only place the time is written.
			const stamped =
				cs > line.start && !hasTime(opened) ? timeIn(text.slice(line.start, cs)) : null;
			meta = stamped ? merged(opened, stamped) : opened;
			// A time is all the stamp adds: the strings are still matchMeta's.
			matched = meta;
			at = line.next;
			// Further metadata lines (and blank lines) up to the start line.
			while (at < n && readAt(at)) {
				const cc = content(line);
				if (cc && !isBlank(text, cc[0], cc[1]) && !rules.continueMeta?.(text, cc[0], cc[1], meta))
					break;
				at = line.next;
			}
			continue;
		}
		// A start line, or one glued after a logger's tag (`SEND: REGISTER sip:a SIP/2.0`,
		// `recv=SIP/2.0 200 OK`), which must then be followed by a header line, unless the
		// format's metadata announced a message (else it is a log line that names a request). A
		// line the loose start-line test takes is looked into too: `DEBUG <157>[S=1]  PUBLISH
		// sip:a SIP/2.0` is a tag and a request line.
		let sipFrom = -1;
		// A start line glued after a frame's header octets (a copy of a whole frame's printable
		// text): no tag, only the CSeq below says where it starts.
		let afterOctets = false;
		// A request line a copy wrapped over this line and the next one or two (see
		// wrappedStartLine): how many lines it goes on over.
		let wrappedMore = 0;
		// A line of the format's own (sipsak's traceroute hop, `0: '...' (0.506 ms) SIP/2.0 200
		// OK`) names a message, starts none, where the format says its records hold none.
		if (!isBlank(text, cs, ce) && !(rules.recordsHoldNone && rules.isRecord?.(text, cs, ce))) {
			const own = rules.recordStart ? rules.recordStart(text, cs, ce) : -1;
			const glued = own >= 0 ? own : gluedStart(text, cs, ce, ahead);
			if (own >= 0) sipFrom = own;
			else if (glued >= 0)
				sipFrom =
					metaStart >= 0 ? glued : gluedMessageStart(text, cs, ce, line.next, content, ahead);
			else if (copies) {
				sipFrom = afterFrameOctets(text, cs, ce, line.next, content, ahead);
				afterOctets = sipFrom >= 0;
			}
			if (sipFrom < 0 && !afterOctets && glued < 0 && undecorated && cs === line.start) {
				const wrapped = wrappedStartLine(text, cs, ce, line.next);
				if (wrapped) {
					sipFrom = wrapped.start;
					wrappedMore = wrapped.more;
				}
			}
			if (sipFrom < 0 && !afterOctets && glued < 0)
				sipFrom =
					isStartLine(text, cs, ce) &&
					// A Via's sent-protocol for a version: a request when headers follow.
					(!isTransportStartLine(text, cs, ce) || headerFollows(text, line.next, content)) &&
					// Quoted alone by a page, unless the format's metadata announced a message.
					(metaStart >= 0 || !isLoneStartLine(text, line.next, content))
						? cs
						: -1;
		}
		if (sipFrom < 0) {
			if (metaStart >= 0) {
				// A capture agent's HEP packet to its collector (ngrep on port 9060: `HEP3` and
				// binary fields before the SIP): the record's addresses are that link's.
				hepLink = text.startsWith('HEP3', cs) || text.startsWith('HEP2', cs);
				if (rules.format === 'ngrep') {
					tailAt = metaStart;
					tailMeta = meta;
				}
				// Metadata followed by something that is not SIP (e.g. OpenSIPS' TCP/LOG records).
				out.addNoise(metaStart, line.next);
				metaStart = -1;
			} else out.addNoise(line.start, line.next);
			// A line that only labels the message below (an SBC's `RAW PDU:`) keeps what the
			// record above it said.
			if (!isBlank(text, cs, ce) && !(announced && labelsBelow(text, cs, ce))) {
				const now = announcement(text, line.start, cs, ce, headings);
				// A heading that gives the size of the message it announces (snom's `Received from
				// udp:a:p at ... (580 bytes):`) is that message's, over a page's footer or a poster's
				// note between them (`Page 7 de 9`, `#This turns the LED off`): two short lines.
				if (now === null && announced && promisedSkips > 0 && ce - cs <= 80) promisedSkips--;
				else {
					announced = withEarlier(now, announced);
					promisedSkips = now && promisesMessage(text, cs, ce) ? 2 : 0;
				}
			}
			at = line.next;
			continue;
		}
		// A SIP message starts on this line. Right after the previous message, with no metadata
		// or blank line between, it came in the same packet or stream segment (several messages
		// in one TCP segment): it shares that packet's metadata.
		const samePacket = metaStart < 0 && line.start === samePacketFrom;
		// Or it starts in a packet after the tail of a message before: that packet's.
		const afterTail = metaStart < 0 && !samePacket && tailAt >= 0;
		if (samePacket) {
			meta = packetMeta;
			// A banner a copy glued to the end of the message before (Cisco's `... a=recvonly
			// Sent:`) gives this message's own direction.
			const banner = gluedBannerAbove(text, line.start);
			if (banner) meta = { ...meta, direction: banner };
		} else if (afterTail) meta = tailMeta;
		const thisPacketAt =
			metaStart >= 0 ? metaStart : samePacket ? packetAt : afterTail ? tailAt : -1;
		tailAt = -1;
		// The tag before a glued start line is metadata too: its time and direction, if it says,
		// where the format's own metadata (the lines above) does not.
		if (sipFrom > cs && !afterOctets) {
			const written = text.slice(cs, sipFrom);
			const tag = rules.tagMeta?.(written) ?? tagMeta(text, line.start, written);
			meta = metaStart >= 0 ? merged(tag, knownOf(meta)) : merged(meta, tag);
			// A record line above it (a UccApi log's `Sending Packet - ...`) says more of the
			// message than the glued start line's prefix: its addresses, its date.
			if (metaStart < 0 && announced && !stampOnly.has(announced))
				meta = merged(meta, knownOf(announced));
		} else if (metaStart < 0 && announced && !stampOnly.has(announced))
			meta = merged(meta, announced);
		// The size a heading right above gives is this message's own (SIPp's `UDP message received
		// [1474] bytes :`), not passed on to a message that follows it in the same packet.
		const announcedBytes = metaStart < 0 ? (announced?.declaredBytes ?? null) : null;
		// With no metadata line, the per-line prefix of the start line (logcat's) times it.
		if (metaStart < 0 && !hasTime(meta) && cs > line.start) {
			const stamped = timeIn(text.slice(line.start, cs));
			if (stamped) meta = merged(meta, stamped);
		}
		// Else the stamp of the log record right above, which says nothing else of it.
		if (metaStart < 0 && announced && stampOnly.has(announced) && !hasTime(meta))
			meta = merged(meta, announced);
		announced = null;
		const frameStart = metaStart >= 0 ? metaStart : line.start;
		const metaEnd = sipFrom > cs ? sipFrom : line.start;
		const hasMeta = metaStart >= 0 || sipFrom > cs;
		// A message indented on its own (a document that indents some of its examples and not
		// others): that indentation is taken off each of its lines, as a common one would be.
		const own = ownIndent(text, cs, ce, sipFrom, line.next, content);
		// Lines indented under a start line glued after a logger's tag: the record's continuation
		// lines, their indentation taken off (see hangingIndent).
		const hanging = own === 0 && sipFrom > cs ? hangingFrom(text, line.next, content) : -1;
		// A payload that may go on in the next packet is read a line at a time too.
		const decorated =
			own > 0 ||
			hanging >= 0 ||
			rules.decorate !== undefined ||
			rules.skipInMessage !== undefined ||
			rules.continuation !== undefined;
		if (decorated)
			decoratedMessage(
				text,
				line.start,
				sipFrom,
				rules,
				own > 0
					? indented(text, cs, own, content)
					: hanging >= 0
						? underFirst(
								line.start,
								indented(text, hanging, hangingIndentAt(text, hanging), content),
								content,
							)
						: content,
				isStop,
				metaStart >= 0 ? (meta.recordBytes ?? -1) : -1,
				thisPacketAt,
				message,
				// A datagram ngrep printed under its packet line: one message, whole.
				metaStart >= 0 && meta.transport === 'UDP' && rules.format === 'ngrep',
			);
		else {
			const limit = nextStop(line.next);
			const glued = rules.gluedEnd ? gluedEndBefore(text, line.next, limit, rules.gluedEnd) : -1;
			// A datagram under its heading, one message to the next heading: a capture's (see
			// capture/render.ts), or what sipsak printed of one it sent (`request:` ... `send to:`).
			const datagram =
				metaStart >= 0 &&
				meta.transport === 'UDP' &&
				(rules.format === 'headerLine' || (rules.format === 'sipsak' && meta.direction === 'out'));
			if (glued < 0) plainMessage(text, sipFrom, limit, isEndAt, ahead, message, copies, datagram);
			else plainMessage(text, sipFrom, glued, endsHere, ahead, message, copies);
			if (wrappedMore > 0) {
				message.lines = lineSpans(text, message.sipStart, message.sipEnd);
				message.joins = Int32Array.from({ length: wrappedMore }, (_, k) => k);
			}
		}
		at = message.next;
		// Trailing blank lines and an end marker belong to the frame.
		let frameEnd = at;
		while (at < n && readAt(at)) {
			const cc = content(line);
			if (!cc) break;
			if (isBlank(text, cc[0], cc[1])) {
				frameEnd = at = line.next;
				continue;
			}
			if (rules.isEnd?.(text, cc[0], cc[1])) {
				frameEnd = at = line.next;
				if (rules.afterEnd && readAt(at)) {
					const ac = content(line);
					if (ac && rules.afterEnd(text, ac[0], ac[1])) frameEnd = at = line.next;
				}
			}
			break;
		}
		// The message inside a HEP packet (see above): its own addresses sit in the binary fields,
		// the record's are the capture link's.
		if (hepLink) {
			meta = { ...meta, src: null, dst: null, transport: null };
			hepLink = false;
		}
		const sharedMeta = shared && meta === matched;
		if (meta.logOnly === true) out.addLogOnly(frameStart, frameEnd);
		else
			out.addFrame(
				new LogFrame(
					metaStart >= 0 || meta !== noMeta ? rules.format : rules.decorate ? rules.format : 'raw',
					frameStart,
					frameEnd,
					hasMeta ? metaEnd : -1,
					message.sipStart,
					message.sipEnd,
					meta.timeDigits ?? meta.time ?? null,
					meta.epochMicros ?? null,
					sharedMeta ? (meta.src ?? null) : out.intern(meta.src),
					sharedMeta ? (meta.dst ?? null) : out.intern(meta.dst),
					frameExtras(
						message.lines,
						meta.webSocket === true && secureVia(text, message.sipStart, message.sipEnd)
							? 'WSS'
							: sharedMeta
								? (meta.transport ?? null)
								: out.intern(meta.transport),
						meta.direction ?? null,
						metaStart >= 0 ? (meta.declaredBytes ?? null) : announcedBytes,
						message.joins,
					),
				),
				frameStart,
				frameEnd,
			);
		// Only a message that ended exactly where the next starts (its own Content-Length, no
		// blank line after it) passes its packet's metadata on; where the format prints a packet's
		// payload a line at a time (see `continuation`), one that ended on the line before it.
		samePacketFrom =
			meta !== noMeta &&
			meta.logOnly !== true &&
			(frameEnd === message.sipEnd ||
				(rules.continuation !== undefined && frameEnd === message.next))
				? frameEnd
				: -1;
		packetMeta = meta;
		packetAt = thisPacketAt;
		metaStart = -1;
		meta = noMeta;
		matched = null;
	}
	if (metaStart >= 0) out.addNoise(metaStart, n);
	return out.finish(n, rules.format);
}

/**
 * Indentation the trace leaves before a message's lines, at most this many characters (a message
 * in a program's string sits as deep as the code around it: 28 spaces in a Kotlin app's).
 */
const maxOwnIndent = 48;

/**
 * The white space before the start line at [cs, ce) (its SIP from `sipFrom`) when the next line
 * has the same before a header (`Via:`), or 0: the message is indented on its own.
 */
function ownIndent(
	text: string,
	cs: number,
	ce: number,
	sipFrom: number,
	next: number,
	content: (l: Line) => [number, number] | null,
): number {
	let k = 0;
	while (k < maxOwnIndent && cs + k < ce && isIndentChar(text.charCodeAt(cs + k))) k++;
	// Only white space before the start line: no logger's tag.
	if (k === 0 || k === maxOwnIndent || sipFrom > cs + k) return 0;
	const line: Line = { start: 0, end: 0, next: 0 };
	if (next >= text.length || !readLine(text, next, line)) return 0;
	const c = content(line);
	if (!c || c[1] - c[0] <= k) return 0;
	for (let i = 0; i < k; i++) if (text.charCodeAt(c[0] + i) !== text.charCodeAt(cs + i)) return 0;
	const h = c[0] + k;
	return isIndentChar(text.charCodeAt(h)) || headerNameEnd(text, h, c[1]) < 0 ? 0 : k;
}

const isIndentChar = (c: number): boolean => c === 32 || c === 9;

/** Where the line at `next` starts its indentation when a header follows it (hangingIndent), or -1. */
function hangingFrom(
	text: string,
	next: number,
	content: (l: Line) => [number, number] | null,
): number {
	const line: Line = { start: 0, end: 0, next: 0 };
	if (next >= text.length || !readLine(text, next, line)) return -1;
	const c = content(line);
	return c && hangingIndent(text, c[0], c[1]) > 0 ? c[0] : -1;
}

function hangingIndentAt(text: string, at: number): number {
	let k = 0;
	while (isIndentChar(text.charCodeAt(at + k))) k++;
	return k;
}

/** `below` for every line but the first (at `first`), which `content` reads. */
function underFirst(
	first: number,
	below: (l: Line) => [number, number] | null,
	content: (l: Line) => [number, number] | null,
): (l: Line) => [number, number] | null {
	return (l) => (l.start === first ? content(l) : below(l));
}

/**
 * `content` with the `k` characters of indentation at `from` taken off each line that starts
 * with them; a line without them ends the message unless it is blank.
 */
function indented(
	text: string,
	from: number,
	k: number,
	content: (l: Line) => [number, number] | null,
): (l: Line) => [number, number] | null {
	return (l) => {
		const c = content(l);
		if (!c || isBlank(text, c[0], c[1])) return c;
		if (c[1] - c[0] < k) return null;
		for (let i = 0; i < k; i++)
			if (text.charCodeAt(c[0] + i) !== text.charCodeAt(from + i)) return null;
		return [c[0] + k, c[1]];
	};
}

/** The first end marker glued at the end of a line from `from` up to `limit`, or -1. */
function gluedEndBefore(
	text: string,
	from: number,
	limit: number,
	gluedEnd: (text: string, start: number, end: number) => number,
): number {
	const line: Line = { start: 0, end: 0, next: 0 };
	for (let at = from; at < limit && readLine(text, at, line); at = line.next) {
		const marker = gluedEnd(text, line.start, Math.min(line.end, limit));
		if (marker >= 0) return marker;
	}
	return -1;
}

/** Where a message's SIP text lies, its lines when decorated, and where framing goes on. */
interface MessageExtent {
	sipStart: number;
	sipEnd: number;
	lines: Int32Array | null;
	joins: Int32Array | null;
	next: number;
}

const endsHere = (): boolean => true;

/**
 * A message in contiguous text: bounded by Content-Length, else by the next stop line or start
 * line. Written into `out`.
 */
function plainMessage(
	text: string,
	start: number,
	limit: number,
	isEndAt: (at: number) => boolean,
	ahead: VersionAhead,
	out: MessageExtent,
	copies: boolean,
	oneMessage = false,
): void {
	const end = sipEnd(
		text,
		start,
		limit,
		limit < text.length && isEndAt(limit),
		ahead,
		true,
		copies,
		oneMessage,
	);
	let next = end;
	// Continue from the start of the next line when only white space is left on this one.
	if (next > start && text.charCodeAt(next - 1) !== 10) {
		const nl = text.indexOf('\n', next);
		const lineEnd = nl < 0 || nl > limit ? limit : nl;
		if (isBlank(text, next, lineEnd)) next = lineEnd < limit ? lineEnd + 1 : limit;
	}
	out.sipStart = start;
	out.sipEnd = end;
	out.lines = null;
	out.joins = null;
	out.next = next;
}

/**
 * A message whose lines carry decoration: collect each line's content, headers up to the empty
 * line, then the body by Content-Length counted as CRLF lines; without it, by the size its record
 * gives (`recordBytes`, -1: none), else up to a stop line. Written into `out`.
 */
function decoratedMessage(
	text: string,
	firstLine: number,
	firstFrom: number,
	rules: FormatRules,
	content: (l: Line) => [number, number] | null,
	isStop: (cs: number, ce: number) => boolean,
	recordBytes: number,
	packetAt: number,
	out: MessageExtent,
	/** The message is a datagram printed whole: a start line in its body is the body's. */
	datagram = false,
): void {
	const line: Line = { start: 0, end: 0, next: 0 };
	let pairs = new Int32Array(64);
	let count = 0;
	const push = (s: number, e: number): void => {
		if (count + 2 > pairs.length) {
			const grown = new Int32Array(pairs.length * 2);
			grown.set(pairs);
			pairs = grown;
		}
		pairs[count++] = s;
		pairs[count++] = e;
	};
	// Content-Length ends the body before the line the log ends each message with (sofia's
	// dashes): the log printed the whole message before that line, so the lines up to it are the
	// body's too (the parser then reports the length). Not when something else comes first.
	const probe: Line = { start: 0, end: 0, next: 0 };
	const toEndMarker = (from: number): boolean => {
		if (!rules.isEnd) return false;
		for (let p = from; p < text.length && readLine(text, p, probe); p = probe.next) {
			const c = content(probe);
			if (!c) return false;
			if (isStop(c[0], c[1])) return rules.isEnd(text, c[0], c[1]);
			if (isStartLine(text, c[0], c[1])) return false;
		}
		return false;
	};
	let at = firstLine;
	let next = firstLine;
	let inBody = false;
	let budget = -1; // remaining body octets when Content-Length is known
	// Where an XML body that its length ends short of closes its root (-1: none such).
	let rootClose = -1;
	// How many of `pairs` the body needs to meet Content-Length (-1: not met, or none known).
	let needed = -1;
	// Whether the start line shows its CR (see crShown): then a body line that does not ended in
	// a bare LF on the wire, and counts one octet less. The width taken for the last line read.
	let showsCr = false;
	let lastWidth = 2;
	let contentLength = -1;
	// The line just read was Content-Length's.
	let lengthAbove = false;
	let sipfrag = false;
	// The body is a message (`message/sip`, `message/sipfrag`): it may open as one.
	let messageBody = false;
	// The body is multipart: a part may be a message.
	let partsBody = false;
	let headerOctets = 0; // the start line and headers, each line with its CRLF
	// A payload that goes on in the next packet (see `continuation`): the pairs joined with the
	// next, the line of the last pair as the trace has it, the count of pairs before the empty
	// line that ended the headers, the text of a header line cut so far, and whether this line
	// goes on the one a packet boundary cut.
	let joins: number[] | null = null;
	let rawStart = -1;
	let rawEnd = -1;
	let headersEnd = -1;
	let carry = '';
	let joined = false;
	const gap: Line = { start: 0, end: 0, next: 0 };
	const continuesAt = (from: number): number =>
		rules.continuation && readLine(text, from, gap)
			? rules.continuation(text, gap.start, gap.end, gap.next, packetAt)
			: -1;
	while (at < text.length && readLine(text, at, line)) {
		const resume =
			count > 0 && rules.continuation
				? rules.continuation(text, line.start, line.end, line.next, packetAt)
				: -1;
		if (resume >= 0 && readLine(text, resume, gap)) {
			const end = pairs[count - 1]!;
			if (rawStart === rawEnd) {
				// The payload ended with its own line end: the empty line is the packet's end.
				count -= 2;
				if (count === headersEnd) {
					inBody = false;
					budget = -1;
				} else if (inBody && budget >= 0) budget += lastWidth;
				at = next = resume;
			} else if (rawEnd > end && gap.start === gap.end) {
				// A CR (decoration) ended the payload and its LF opens the rest: the line is whole.
				at = next = gap.next;
			} else {
				// The payload ended inside a line: what decoration took off its end is text.
				if (inBody && budget >= 0) budget += lastWidth - octetLength(text, end, rawEnd);
				pairs[count - 1] = rawEnd;
				(joins ??= []).push(count / 2 - 1);
				if (!inBody) carry += text.slice(pairs[count - 2]!, rawEnd);
				joined = true;
				at = next = resume;
			}
			continue;
		}
		const c = content(line);
		if (!c) break;
		const ce = c[1];
		// The first line's SIP may start after a logger's tag.
		const cs = count === 0 ? Math.max(c[0], firstFrom) : c[0];
		if (count > 0 && isStop(cs, ce)) break;
		rawStart = line.start;
		rawEnd = line.end;
		const piece = joined;
		joined = false;
		if (piece) {
			// The rest of a line a packet boundary cut: not a line of its own.
			if (!inBody) {
				const m = /^(?:content-length|l)[ \t]*:[ \t]*(\d{1,9})/iy.exec(
					carry + text.slice(cs, Math.min(ce, cs + 40)),
				);
				// Content-Length's line itself cut (`Content-Length:  16` | `99`): its first piece
				// gave a number short of the value.
				if (m) contentLength = Number(m[1]);
				carry = '';
			}
			push(cs, ce);
			at = next = line.next;
			if (inBody && budget >= 0) {
				lastWidth = lineEndOctets(text, ce, showsCr);
				budget -= octetLength(text, cs, ce) + lastWidth;
				if (budget <= 0 && needed < 0) needed = count;
				if (budget <= 0 && continuesAt(line.next) < 0) break;
			}
			continue;
		}
		const glued = count > 0 && rules.gluedMeta ? rules.gluedMeta(text, cs, ce) : -1;
		if (glued > cs) {
			push(cs, glued);
			at = next = glued;
			break;
		}
		if (rules.skipInMessage?.(text, cs, ce)) {
			at = next = line.next;
			continue;
		}
		// A Markdown fence closing the block the message was pasted in ends it, inside a body its
		// length has not yet met too (the page's text after the block is not the body).
		if (count > 0 && isFence(text, cs, ce)) break;
		// So does a row of dashes or a console's prompt right after the last header (see sipExtent).
		if (
			count > 0 &&
			!inBody &&
			(isRuleLine(text, cs, ce) ||
				endsMessageAsPrompt(text, cs, ce, pairs[count - 2]!, pairs[count - 1]!))
		)
			break;
		if (!inBody) {
			if (
				count > 0 &&
				startsMessage(text, cs, ce, line.next, content, rules.frameCopies === true)
			) {
				// A sipfrag body glued to the headers (see sipExtent): the body starts here.
				if (!sipfrag || contentLength < ce - cs) break;
				inBody = true;
				budget = contentLength;
			} else if (count > 0 && !sipfrag) {
				sipfrag = isSipfragTypeLine(text, cs, ce);
				messageBody ||= isMessageTypeLine(text, cs, ce);
				partsBody ||= isMultipartTypeLine(text, cs, ce);
			}
		}
		if (!inBody) {
			if (count > 0 && cs === ce) {
				headersEnd = count;
				push(cs, ce);
				inBody = true;
				budget = contentLength;
				// No Content-Length: the record's size is the message's, the empty line included
				// (a size short of the headers is not this message's: the next stop ends it).
				if (budget < 0 && recordBytes >= headerOctets + 2) budget = recordBytes - headerOctets - 2;
				at = next = line.next;
				if (budget === 0 && continuesAt(line.next) < 0) {
					if (!toEndMarker(line.next)) break;
					budget = -1;
				}
				continue;
			}
			// A line that is no header right after `Content-Length: 0` (a manual's next paragraph,
			// as sipExtent reads it in bare text): the message ended with its length.
			if (
				lengthAbove &&
				contentLength === 0 &&
				text.charCodeAt(cs) !== 32 &&
				text.charCodeAt(cs) !== 9 &&
				headerNameEnd(text, cs, ce) < 0
			)
				break;
			lengthAbove = false;
			if (count > 0 && contentLength < 0) {
				const m = /^(?:content-length|l)[ \t]*:[ \t]*(\d{1,9})/iy.exec(
					text.slice(cs, Math.min(ce, cs + 40)),
				);
				if (m) {
					contentLength = Number(m[1]);
					lengthAbove = true;
				}
			}
			headerOctets += octetLength(text, cs, ce) + 2;
			if (count === 0) showsCr = crShown(text, ce);
			push(cs, ce);
			at = next = line.next;
			continue;
		}
		// A message where the body should start (its body left out of the paste, its Content-Length
		// kept): the body is missing, not that message, as bare messages are read (extent.ts).
		if (
			!(datagram && budget > 0) &&
			(budget < 0 ||
				(count === headersEnd + 2 && !messageBody) ||
				// Further down a body that can hold no message (not message/*, not multipart), under
				// the log's decoration (a quote's `>`, a prefix): a message of its own, which a
				// Content-Length counted too far would take in (a body a copy glued to the headers,
				// its empty line then read as the headers' end). Bare lines between a log's records
				// are left to be read again as bare messages (foreignBlocks.ts).
				(!(messageBody || partsBody || sipfrag) && cs > line.start)) &&
			startsMessage(text, cs, ce, line.next, content, rules.frameCopies === true)
		) {
			// The lines from the body's last empty line on are the log's, above that message
			// (`sip.Transport | Sending WebSocket message:`): left to announce it.
			if (budget >= 0 && count > headersEnd + 2) {
				let b = count - 2;
				while (b > headersEnd && pairs[b] !== pairs[b + 1]) b -= 2;
				if (pairs[b] === pairs[b + 1] && b + 2 < count) {
					next = text.lastIndexOf('\n', pairs[b + 2]! - 1) + 1;
					count = b + 2;
				}
			}
			break;
		}
		push(cs, ce);
		at = next = line.next;
		if (rootClose >= 0 && ce >= rootClose) break;
		if (budget >= 0) {
			lastWidth = lineEndOctets(text, ce, showsCr);
			budget -= octetLength(text, cs, ce) + lastWidth;
			if (budget <= 0 && needed < 0) needed = count;
			if (budget <= 0 && continuesAt(line.next) < 0) {
				if (!toEndMarker(line.next)) {
					// A length a little short of an XML document the log holds whole (a poster's
					// masks lengthened its values): the body runs to the line that closes its root.
					const bodyStart = count > headersEnd + 2 ? pairs[headersEnd + 2]! : -1;
					rootClose = bodyStart < 0 ? -1 : xmlRootCloseAfter(text, bodyStart, ce, text.length);
					if (rootClose < 0) break;
				}
				budget = -1;
			}
		}
	}
	// Drop trailing empty lines from the message's lines (they are the frame's, not the body's),
	// but for one Content-Length counts in: a body that ends with an empty line (a PIDF's last
	// LF, then CRLF: ngrep's `.` line) ends with it.
	while (count > 4 && count > needed && pairs[count - 2] === pairs[count - 1] && inBody) count -= 2;
	const lines = pairs.slice(0, count);
	out.sipStart = lines[0] ?? firstLine;
	out.sipEnd = lines[count - 1] ?? firstLine;
	out.lines = lines;
	// A join whose second piece was an empty line dropped above has nothing to join.
	const kept = joins?.filter((j) => 2 * j + 3 < count);
	out.joins = kept?.length ? Int32Array.from(kept) : null;
	out.next = next;
}

/** A line that starts another message: a start line, or one glued after a tag with headers after it. */
function startsMessage(
	text: string,
	cs: number,
	ce: number,
	next: number,
	content: (l: Line) => [number, number] | null,
	copies: boolean,
): boolean {
	return (
		isStartLine(text, cs, ce) ||
		gluedMessageStart(text, cs, ce, next, content) >= 0 ||
		(copies && afterFrameOctets(text, cs, ce, next, content) >= 0)
	);
}

// The tag's last word, when it names a direction: `SEND: `, `recv=`, `Received: `; or the word
// before what was sent, as consoles say it (`sending message:`, `received text message:`).
const tagDirection =
	/(?:^|[^A-Za-z])(send|sent|sending|tx|outgoing|recv|rcvd|received|receiving|rx|incoming)(?: (?:websocket|text|binary|sip|message|msg)){0,3}[\s=:>\])|-]{0,4}$/i;
// A console's line announcing the message printed below it: SIP.js' `<date> | sip.transport |
// sending WebSocket message:` (`Received WebSocket text message:` from 0.16 on), JsSIP's
// `JsSIP | TRANSPORT | received WebSocket text message:` and its ports' `received text message:`
// (dart-sip-ua adds a row of `=>`; its WebSocket transport logs what it sends as `... ::: send:`);
// Flexisip's `Receiving new Response SIP message: 401`, the method or status after the colon,
// `Receiving new Request SIP message REGISTER from sip:bob@example.org :` and `Sending Request SIP
// message to sip:bob@10.0.0.2:5060` (`to=...:` in older versions);
// Twilio's Voice SDKs' `Received incoming SIP message from infra:`, where it came from named;
// Flexisip's debug line above what its agent received, `Agent::processRequest - Message:`.
const announcingLine =
	/(?:^|[^A-Za-z])(sending|sent|received|receiving)(?: (?:new|incoming|outgoing|request|response|websocket|text|binary|sip)){0,3} (?:message|msg)(?:(?: (?:from|to) [\w.-]{1,40})?:(?: (?:[A-Z]{3,20}|\d{3}))?[\s=>-]{0,80}| [A-Z]{3,20} from [^\s:]\S* :\s{0,8}| to=[^\s:]\S*\s{0,8})$|::: (send):[ \t]{0,8}$|Agent::process(?:Request|Response) - (Message):\s*$/i;

const tagArrow = /(?:^|\s)([→←])\s{0,4}$/;
// tcpflow's flow name, each IPv4 octet in three digits and each port in five:
// `127.000.000.001.41881-127.000.000.001.15640: ` (`tcpflow -c`).
const tcpflowName =
	/^(\d{3})\.(\d{3})\.(\d{3})\.(\d{3})\.(\d{5})-(\d{3})\.(\d{3})\.(\d{3})\.(\d{3})\.(\d{5}): $/;

const loneDirection = /^\s*\[?(Sent|Sending|Received|Receiving|TX|RX)\]?:?\s*$/i;

const sipeStart =
	/^MESSAGE START ([<>])\1{9} SIP - (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z)\s*$/;

// SIPp -trace_msg's `UDP message received [1474] bytes :`, `TCP message sent (576 bytes):`.
const sippHeading =
	/^(UDP|TCP|TLS|SCTP) (?:control )?message (sent|received)(?: \((\d+) bytes\)| \[(\d+)\] bytes)? ?:\s*$/;

/** Longer lines are not read as a heading that gives a message's addresses (see addressedHeading). */
const maxHeading = maxRecordLine;

/**
 * What a heading line says, with what the heading line right above it said and it does not: a
 * record may give the direction and time on one line and the path on the next (Blink's
 * `SENDING: Packet 169, +0:00:41.495327`, then `a -(SIP over TLS)-> b`).
 */
function withEarlier(now: MessageMeta | null, earlier: MessageMeta | null): MessageMeta | null {
	if (!now || !earlier) return now;
	// Lines that say opposite directions are two records, not one: Kamailio's `SEND to A` of
	// the message it forwarded, then `RX BYE from B` of the next one; A is no address of B's.
	if (now.direction && earlier.direction && now.direction !== earlier.direction) return now;
	return merged(knownOf(earlier), knownOf(now));
}

// Blink's (sipsimple's) packet line: `2020-02-17 20:18:15.537271 [blink 5985]: SENDING: Packet 169,
// +0:00:41.495327`, its path on the next line.
const blinkPacket = /(?:^|\s)(SENDING|RECEIVED): Packet \d+, /;

/**
 * What a log line announcing the next message says (its direction and time), or null. A line of
 * another tool that names where the message went gives its addresses too, where the format has no
 * metadata of its own (`headings`; see addressedHeading).
 */
function announcement(
	text: string,
	lineStart: number,
	cs: number,
	ce: number,
	headings: boolean,
): MessageMeta | null {
	// A word alone on its line above the message: Cisco's `show voip trace` (`Received:`, `Sent:`),
	// a phone's `[TX]` / `[RX]`.
	const lone = ce - cs <= 14 ? loneDirection.exec(text.slice(cs, ce)) : null;
	if (lone) return { direction: /^[st]/i.test(lone[1]!) ? 'out' : 'in' };
	if (ce - cs < 12) return null;
	const blink = ce - cs <= 200 ? blinkPacket.exec(text.slice(cs, ce)) : null;
	if (blink) {
		const when = timeIn(text.slice(lineStart, cs + blink.index));
		return { direction: blink[1] === 'SENDING' ? 'out' : 'in', ...(when ?? {}) };
	}
	// pidgin-sipe's debug output: `MESSAGE START >>>>>>>>>> SIP - 2016-09-28T14:46:43.979804Z`
	// above each message it sent (`<<<<<<<<<<` one it received), in UTC.
	const sipe = ce - cs <= 80 ? sipeStart.exec(text.slice(cs, ce)) : null;
	if (sipe) return { direction: sipe[1] === '>' ? 'out' : 'in', ...(timeIn(sipe[2]!) ?? {}) };
	// SIPp's line under its separator, where a paste starts below the separator (or the file is
	// not read as SIPp's): it still says the message's direction and transport.
	const sipp = ce - cs <= 60 ? sippHeading.exec(text.slice(cs, ce)) : null;
	if (sipp) {
		// Its size, as SIPp's own log gives it: a paste that ends inside the message is said cut.
		const size = sipp[3] ?? sipp[4];
		return {
			direction: sipp[2] === 'sent' ? 'out' : 'in',
			transport: sipp[1]!,
			...(size !== undefined ? { declaredBytes: Number(size) } : {}),
		};
	}
	const tail = text.slice(Math.max(cs, ce - 160), ce);
	const m = announcingLine.exec(tail);
	if (!m) {
		if (!headings || ce - cs > maxHeading) return null;
		const heading = addressedHeading(text.slice(lineStart, ce));
		if (!heading) return layerLines(text, cs, ce) ?? stampedRecord(text, lineStart, ce);
		// An AudioCodes Syslog Viewer record: the SBC's stamp closing it, not the syslog server's.
		const sbc = viewerRecordTime(text, lineStart, ce);
		return sbc === null ? heading : { ...heading, time: sbc, epochMicros: null };
	}
	const meta: MessageMeta = { direction: !m[3] && /^s/i.test(m[1] ?? m[2]!) ? 'out' : 'in' };
	// `Sending WebSocket message:`: the console names the transport it went over.
	if (/websocket/i.test(m[0])) {
		meta.transport = 'WS';
		meta.webSocket = true;
	}
	// The console's own time, else the one of a prefix every line carries (logcat's).
	const when =
		timeIn(text.slice(cs, Math.min(ce, cs + 200))) ??
		(cs > lineStart ? timeIn(text.slice(lineStart, cs)) : null);
	if (when) Object.assign(meta, when);
	return meta;
}

// A log record's date and time at its line's start: `2026-12-07T08:54:28.333193+00:00 vm
// kam[8587]: INFO: <script>: REQ REGISTER ...` (rsyslog's RFC 3339 stamp), `[2026-12-07 08:54:28]`.
const recordStamp = /^\[?\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d/;

/**
 * The time a log record right above a message gives it, where the record says nothing else of it
 * (no address, no direction word): the record printed the message that follows it.
 */
function stampedRecord(text: string, lineStart: number, ce: number): MessageMeta | null {
	if (ce - lineStart < 19 || !recordStamp.test(text.slice(lineStart, lineStart + 20))) return null;
	const when = timeIn(text.slice(lineStart, Math.min(ce, lineStart + 40)));
	if (when) stampOnly.add(when);
	return when;
}
/** Times of {@link stampedRecord}: the message's own time, where it has one, comes first. */
const stampOnly = new WeakSet<MessageMeta>();

// The size of the message a heading announces, closing it: `... (580 bytes):`.
const promisedSize = /\(\d{1,6} bytes\):[ \t]*\r?$/;

/** Does the line [cs, ce) end by giving the size of the message it announces? */
function promisesMessage(text: string, cs: number, ce: number): boolean {
	return ce - cs <= 200 && promisedSize.test(text.slice(Math.max(cs, ce - 24), ce));
}

// A direction banner at the end of a line (`... a=recvonly Sent:`, `... Received:`).
const trailingBanner = / (Sent|Received):[ \t]*\r?$/;

/** The direction a banner glued to the end of the line before `lineStart` gives, or null. */
function gluedBannerAbove(text: string, lineStart: number): 'in' | 'out' | null {
	if (lineStart < 2) return null;
	const m = trailingBanner.exec(text.slice(Math.max(0, lineStart - 16), lineStart - 1));
	return m ? (m[1] === 'Sent' ? 'out' : 'in') : null;
}

/**
 * A line between a record and its message that says nothing of its own: an SBC's `RAW PDU:`, or a
 * row of dashes or `=` (Yate's `------` above and below each message), SEMS' `--++--`, or the
 * Markdown fence a post opened between the log's record line and the message (```` ``` ````).
 */
function labelsBelow(text: string, cs: number, ce: number): boolean {
	if (ce - cs <= 20 && (text.startsWith('```', cs) || text.startsWith('~~~', cs))) return true;
	let e = ce;
	while (e > cs && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
	if (e - cs >= 3 && e - cs <= 200) {
		const c = text.charCodeAt(cs);
		let i = cs;
		if (c === 45 || c === 61) while (i < e && text.charCodeAt(i) === c) i++;
		if (i === e || (c === 45 && text.startsWith('--++--', cs) && e - cs === 6)) return true;
		// mjsip's `-----Begin-of-message-----` under its `Received message from: a:p/udp` line.
		if (c === 45 && i - cs >= 3 && text.startsWith('Begin-of-message', i)) return true;
	}
	// BroadWorks' id line under its stamp line (see broadworksRecord.ts): a UUID alone.
	if (e - cs === 36 && uuidLine.test(text.slice(cs, e))) return true;
	return isRawPduLine(text.slice(cs, ce));
}
const uuidLine = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Does the metadata give a time (written out, or as its epoch's digits)? */
function hasTime(meta: MessageMeta): boolean {
	return !!meta.time || meta.timeDigits !== undefined;
}

/**
 * `{ ...a, ...b }` as it would be with every time written out: a time kept as digits reads the
 * epoch beside it, so whichever of the two gives the time gives it in one form only.
 */
function merged(a: MessageMeta, b: MessageMeta): MessageMeta {
	const meta: MessageMeta = { ...a, ...b };
	if (b.timeDigits !== undefined) {
		if (meta.time !== undefined) meta.time = undefined;
	} else if (a.timeDigits !== undefined && ('time' in b || 'epochMicros' in b)) {
		meta.timeDigits = undefined;
		if (!('time' in b)) meta.time = isoTime(a.epochMicros!, a.timeDigits);
	}
	return meta;
}

/** The fields of `meta` that say something. */
function knownOf(meta: MessageMeta): MessageMeta {
	const known: MessageMeta = {};
	for (const [key, value] of Object.entries(meta) as [keyof MessageMeta, unknown][])
		if (value !== null && value !== undefined) (known as Record<string, unknown>)[key] = value;
	return known;
}

/**
 * What the tag before a glued start line says: the time in it, and the direction its last word
 * names. An AudioCodes record's tag says nothing: the line announcing the message above it does.
 */
function tagMeta(text: string, lineStart: number, tag: string): MessageMeta {
	const meta: MessageMeta = {};
	if (isAudioCodesTag(tag)) return audioCodesAbove(text, lineStart) ?? meta;
	const flow = tcpflowName.exec(tag);
	if (flow) {
		// tcpflow's name of the connection direction a segment went (`-c`): its two ends.
		const end = (k: number): string =>
			`${[1, 2, 3, 4].map((n) => Number(flow[k + n])).join('.')}:${Number(flow[k + 5])}`;
		return { src: end(0), dst: end(5), transport: 'TCP' };
	}
	const when = timeIn(tag);
	if (when) Object.assign(meta, when);
	const word = tagDirection.exec(tag.slice(-40))?.[1]?.toLowerCase();
	if (word) meta.direction = /^(?:s|tx|o)/.test(word) ? 'out' : 'in';
	else {
		// An arrow right before the start line (dart-sip-ua's `SIP_LOG <time>  → REGISTER ...`).
		const arrow = tagArrow.exec(tag);
		if (arrow) meta.direction = arrow[1] === '→' ? 'out' : 'in';
	}
	return meta;
}

export { trimEnd };

/** Does the message [start, end) carry a Via (`v:`) of transport WSS in its first lines? */
function secureVia(text: string, start: number, end: number): boolean {
	return wssVia.test(text.slice(start, Math.min(end, start + 2000)));
}
const wssVia = /(?:^|[\s|])(?:Via|v)[ \t]*:[ \t]*SIP\/2\.0\/WSS(?![A-Za-z])/i;
