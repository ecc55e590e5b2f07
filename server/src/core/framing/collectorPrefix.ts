import { lastStartAtOrBefore, readLine, type Line } from './lines';
import { datedTime, inZone, timeIn, type LogTime } from './logTime';
import { nearlyEveryLine } from './headLines';
import { Removals, TextWithout } from './textWithout';
import { piecesWithout } from './streamsApart';
import type { Span } from '../model';

/*
 * What a log collector writes before each line of a program's output. SIP servers run in
 * containers and under systemd print their messages line by line (Asterisk's pjsip logger,
 * FreeSWITCH's siptrace, Kamailio's and OpenSIPS' logs, SIPp, baresip), and the collector puts
 * its own column before every one of those lines:
 * - Docker's and Kubernetes' stamp: `docker logs -t`, `kubectl logs --timestamps`
 *   (`2026-12-04T18:05:45.123456789Z `);
 * - Compose's service column, `docker compose logs` (`kamailio-1  | `), with its stamp after it
 *   under `-t`;
 * - kubectl's `--prefix` (`[pod/pbx-0/asterisk] `);
 * - stern's pod and container (`kamailio-7d9f8b6c4-x2x9k kamailio `);
 * - kubetail's pod, and container where the pod has several (`[kamailio-0] `);
 * - `aws logs tail`'s time and log stream (`2026-12-04T18:05:45.123000+00:00 ecs/sip/0a1b2c `),
 *   or its time alone (`--format short`), CloudWatch Logs' events as Docker's awslogs driver
 *   (ECS) or Fluent Bit (EKS) sent them, a line of output each;
 * - the journal's and a syslog file's `Dec 04 18:05:45 host asterisk[812]: ` (journalctl's
 *   default; `-o short-precise`, `-o short-iso` and rsyslog's RFC 3339 stamps too).
 * No format's rules read past such a column, so a trace that carries it on nearly every line is
 * framed without it, and the frames are put back on the trace's own offsets (textWithout.ts).
 * The journal shows a record of several lines with each further line indented under the first
 * one's text, without the column: such a line loses that indent. Where the column names several
 * programs, their lines may interleave: each program's are read apart (streamsApart.ts).
 */

// Docker's and Kubernetes' RFC 3339 stamp (`2026-12-04T18:05:45.123456789Z`; kubectl's own
// `+00:00` too), alone, or after Compose's service column or kubectl's pod, or before a Swarm
// service's task (`docker service logs`: `pbx_kamailio.1.k2j3h4g5f6d7@worker1    | `, the task's
// name, its node, padding and a bar); a Kubernetes node's
// container log (CRI's, `/var/log/pods/...`: the stamp, the stream and `F`, or `P` for a part of
// a line the runtime split, 16 KiB at most, whose next part is on the next line).
const containerColumn =
	/(?:(?:([A-Za-z0-9][\w.-]{0,62}) *\|(?: |(?=[\r\n]|$))|(\[pod\/[^\]\s]{1,253}\])(?: |(?=[\r\n]|$)))(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)(?: |(?=[\r\n]|$)))?|(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d) )?([A-Za-z0-9][\w.-]{0,200}@[A-Za-z0-9][\w.-]{0,252}) *\|(?: |(?=[\r\n]|$))|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)(?: (?:stdout|stderr) ([PF]))?(?: |(?=[\r\n]|$)))/y;
// The journal's and syslog's: a stamp, the host, and the program's name with its process id
// (`asterisk[812]: `, `/usr/sbin/kamailio[90]: `). The stamp as journalctl's outputs write it:
// `Dec  4 18:05:45` (syslog's, `short`), `Dec 04 18:05:45.123456` (`short-precise`), an RFC 3339
// one (`short-iso`, `short-iso-precise`, rsyslog's), `Fri 2026-12-04 18:05:45 UTC`
// (`short-full`, `with-unit`), seconds since the epoch (`short-unix`) or since boot
// (`[78563.232243]`, `short-monotonic`; `[78563.232243 <    0.101860 >]`, `short-delta`, with
// the time since the record before).
const syslogColumn =
	/(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d{1,6})?|[A-Z][a-z]{2} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})? [A-Za-z+-][\w+-]{0,7}|\d{1,12}\.\d{6}|\[ {0,11}\d{1,12}\.\d{6}(?: < {0,11}\d{1,12}\.\d{6} >| {1,20})?\]) ([\w.-]{1,255}) ([^\s:[\]]{1,128}(?:\[\d{1,10}\])?):(?: |(?=[\r\n]|$))/y;
// stern's (`stern kamailio`, several pods' logs at once): the pod and the container, the namespace
// before them with `--all-namespaces` or several `-n`; the stamp after them with `--timestamps`
// (RFC 3339, or `12-04 18:05:45` with `--timestamps=short`). Names as Kubernetes spells them
// (lower case, digits, `-`; a pod's may hold dots).
const sternColumn =
	/([a-z0-9][a-z0-9.-]{0,252}) ([a-z0-9][a-z0-9-]{0,62})(?: (?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)|\d\d-\d\d \d\d:\d\d:\d\d))?(?: |(?=[\r\n]|$))/y;
const sternNamespacedColumn =
	/([a-z0-9][a-z0-9-]{0,62}) ([a-z0-9][a-z0-9.-]{0,252}) ([a-z0-9][a-z0-9-]{0,62})(?: (?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)|\d\d-\d\d \d\d:\d\d:\d\d))?(?: |(?=[\r\n]|$))/y;
// kubetail's (`kubetail kamailio`, several pods' logs at once): the pod, and the container where
// the pod has several, in brackets. It prints each line with bash's `read` and `echo "[pod] $line "`:
// the white space at the line's ends is gone (a folded header's too), and the space after it is
// kubetail's own, left before its colour's reset (`ESC ( B ESC [ m`, taken out as colours are).
const kubetailColumn =
	/\[([a-z0-9][a-z0-9.-]{0,252})(?: ([a-z0-9][a-z0-9-]{0,62}))?\](?: |(?=[\r\n]|$))/y;
// `aws logs tail`'s (CloudWatch Logs): the event's time as Python's isoformat writes it in UTC,
// microseconds (left out at .000000 by `--format json`) and `+00:00`, then the log stream's name
// (any characters but `:` and `*`; those of ECS, EKS and EC2 hold no space). `--format short`:
// the time to the second, no zone, no stream. The awslogs driver sends no event for an empty
// line, and the command strips the white space at each line's end: a SIP message's empty line
// is there as the column alone where the program wrote CRLF (`\r` is white space), and is gone
// where it wrote LF.
const cloudWatchColumn =
	/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{6})?\+00:00 ([^\s:*]{1,512})(?: |(?=[\r\n]|$))/y;
const cloudWatchShortColumn = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?: |(?=[\r\n]|$))/y;
// The stamps whose time timeIn does not read as the journal means it: `short-unix`'s seconds,
// `short-monotonic`'s (no time of day), and `short-full`'s zone.
const unixStamp = /^(\d{1,12})\.(\d{6}) /;
const fullStamp = /^[A-Z][a-z]{2} (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d{1,6})?) ([^ ]+) /;
const zoneOffset = /^([+-])(\d\d)(\d\d)?$/;

/**
 * Which collector wrote the column: a container runtime's (Docker's, Compose's, kubectl's,
 * CRI's), the journal's (syslog's), stern's, with the namespace or without, kubetail's, or
 * `aws logs tail`'s, with the log stream or without.
 */
export type ColumnKind =
	| 'container'
	| 'syslog'
	| 'stern'
	| 'sternNamespaced'
	| 'kubetail'
	| 'cloudWatch'
	| 'cloudWatchShort';

/** The regular expression of each kind's column. */
const columns: Record<ColumnKind, RegExp> = {
	container: containerColumn,
	syslog: syslogColumn,
	stern: sternColumn,
	sternNamespaced: sternNamespacedColumn,
	kubetail: kubetailColumn,
	cloudWatch: cloudWatchColumn,
	cloudWatchShort: cloudWatchShortColumn,
};

/**
 * How many streams (pods, containers, log streams) a stern, kubetail or CloudWatch printout's head
 * may show at most.
 */
const maxNamedStreams = 16;

/**
 * Reads a collector's column off each line, in text order: how many characters before the
 * line's content are the collector's.
 */
class ColumnReader {
	/** The width of the journal's column on the last line that carried it, 0: none. */
	#journal = 0;
	/** Whether the last line cut carried the column itself (not a record's further line). */
	carried = false;
	/** Whether the last line cut is a part of a line that goes on in the next one (CRI's `P`). */
	partial = false;
	/**
	 * Whose output the last line cut is: the container's (Compose's service, kubectl's pod, a
	 * Swarm task) or the program's on its host (the journal's `host name[pid]`); '' where the
	 * column names none. A line without the column is the output of the one before it.
	 */
	stream = '';

	constructor(readonly kind: ColumnKind) {}

	/** The column at the head of the line that starts at `start`, if the line carries one. */
	match(text: string, start: number): RegExpExecArray | null {
		// Sticky: matched where the line starts, in the text itself (no copy of the line's head);
		// no part of a column runs over a line end.
		const column = columns[this.kind];
		column.lastIndex = start;
		return column.exec(text);
	}

	/**
	 * How much of the line's content `[start, end)` after the column the collector wrote after
	 * the program's line: kubetail's space (its `read` left the line none of its own), rsyslog's
	 * `#015`, the CR of a line that ended in CRLF (Asterisk's empty line between a message's
	 * headers and its body, each line a record); 0 for none.
	 */
	trailing(text: string, start: number, end: number): number {
		if (!this.carried || end <= start) return 0;
		if (this.kind === 'kubetail') return text.charCodeAt(end - 1) === 32 ? 1 : 0;
		return this.kind === 'syslog' && end - start >= 4 && text.startsWith('#015', end - 4) ? 4 : 0;
	}

	cut(text: string, start: number, end: number): number {
		const m = this.match(text, start);
		this.carried = m !== null;
		this.partial = this.kind === 'container' && m?.[4] === 'P';
		if (m) {
			const width = m[0].length;
			if (this.kind === 'syslog') {
				this.#journal = width;
				this.stream = `${m[1]} ${m[2]}`;
			} else if (this.kind === 'container') this.stream = m[1] ?? m[2] ?? m[3] ?? '';
			else if (this.kind === 'cloudWatch') this.stream = m[1]!;
			else if (this.kind === 'kubetail')
				this.stream = m[2] === undefined ? m[1]! : `${m[1]} ${m[2]}`;
			else if (this.kind === 'cloudWatchShort') this.stream = '';
			else this.stream = m[3] === undefined ? `${m[1]} ${m[2]}` : `${m[1]} ${m[2]} ${m[3]}`;
			return width;
		}
		// A journal record's further line, indented under the first line's text.
		const w = this.#journal;
		if (w > 0 && end - start >= w && isSpaces(text, start, start + w)) return w;
		// A line of the same record left empty: only spaces, up to the column or short of it, or
		// none once a copy trimmed them (the record may go on below it).
		if (w > 0 && isSpaces(text, start, end)) return end - start;
		this.#journal = 0;
		return 0;
	}
}

function isSpaces(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) if (text.charCodeAt(i) !== 32) return false;
	return true;
}

/**
 * The collector whose column nearly every line of the trace's head carries, or null. The
 * journal's names one host on every line; a container's stamp may be followed by a program's
 * text that reads like a host and a name (`Reading config: a.cfg`), whose first word varies.
 */
export function collectorColumn(text: string): ColumnKind | null {
	// `aws logs tail`'s stamp is no other collector's (Python's microseconds and `+00:00`), but
	// the container's column reads it too: tried first.
	if (fewStreams(text, 'cloudWatch', () => true)) return 'cloudWatch';
	for (const kind of ['syslog', 'container', 'cloudWatchShort'] as const) {
		const reader = new ColumnReader(kind);
		// The host the first line with the column names.
		let host: string | undefined;
		const holds = (t: string, line: Line): boolean => {
			if (host === undefined) {
				const m = reader.match(t, line.start);
				if (!m) return false;
				host = m[1] ?? '';
			}
			if (reader.cut(t, line.start, line.end) === 0) return false;
			// The journal names one host on every line.
			return kind !== 'syslog' || !reader.carried || reader.match(t, line.start)?.[1] === host;
		};
		if (nearlyEveryLine(text, holds)) return kind;
	}
	// stern's names are words any log may start with: a printout is stern's where a handful of
	// pods (named as controllers name them, with a `-`) write nearly every line, the namespaced
	// column tried first (without it, its third word would be read as the log's).
	for (const kind of ['sternNamespaced', 'stern'] as const)
		if (fewStreams(text, kind, (m) => m[kind === 'stern' ? 1 : 2]!.includes('-'))) return kind;
	// kubetail's pods likewise: a word in brackets may be any log's level or module.
	if (fewStreams(text, 'kubetail', (m) => m[1]!.includes('-'))) return 'kubetail';
	return null;
}

/**
 * Whether the column of `kind`, one `named` accepts, is on nearly every line of the trace's head,
 * naming at most {@link maxNamedStreams} streams.
 */
function fewStreams(
	text: string,
	kind: ColumnKind,
	named: (m: RegExpExecArray) => boolean,
): boolean {
	const reader = new ColumnReader(kind);
	const streams = new Set<string>();
	const holds = (t: string, line: Line): boolean => {
		const m = reader.match(t, line.start);
		if (!m || !named(m)) return false;
		reader.cut(t, line.start, line.end);
		if (!streams.has(reader.stream)) {
			if (streams.size === maxNamedStreams) return false;
			streams.add(reader.stream);
		}
		return true;
	};
	return nearlyEveryLine(text, holds);
}

/** The longest journal record walked back over to find its first line. */
const maxRecordLines = 400;

/**
 * Where the journal record that holds the line at `offset` starts: the line that carries the
 * column, above further lines indented under its text; `offset` itself when that line is the
 * record's first, or the trace has no journal column.
 */
export function recordStart(text: string, kind: ColumnKind, offset: number): number {
	if (kind !== 'syslog') return offset;
	const reader = new ColumnReader(kind);
	let start = text.lastIndexOf('\n', offset - 1) + 1;
	let indent = 0;
	while (text.charCodeAt(start + indent) === 32) indent++;
	if (indent === 0) return offset;
	for (let k = 0; k < maxRecordLines && start > 0; k++) {
		start = text.lastIndexOf('\n', start - 2) + 1;
		const m = reader.match(text, start);
		if (m) return m[0].length === indent || indent > m[0].length ? start : offset;
		if (text.charCodeAt(start) !== 32) return offset;
	}
	return offset;
}

/** The most streams whose lines are read apart (see `apart`); a printout of more is read whole. */
const maxStreams = 256;

/** One stream's lines as they are read: its text without the column, and the way back. */
class StreamLines {
	readonly removals = new Removals();
	readonly parts: string[] = [];
	/** Where each of its lines that carries the column starts, ascending. */
	readonly carriers: number[] = [];
	/** The runs of other streams' lines among its own, `[start, end)` pairs, ascending. */
	readonly others: number[] = [];
	/** Whether its line before was a journal record's further line. */
	further = false;
	/** Where its line before ended, when it was a part of a line (CRI's `P`); else 0. */
	partial = 0;
	joinsParts = false;
	/** Where its line before ends, its line end included. */
	end = 0;
}

/**
 * The trace's lines without the column: all of them as one text, or (`apart`) each stream's
 * lines as a text of their own, the others' lines taken out; null when more than
 * {@link maxStreams} streams would be read apart. `streams`: how many streams the trace holds
 * (counted up to 2 when not apart).
 */
function readLines(
	source: string,
	reader: ColumnReader,
	apart: boolean,
): { readonly texts: StreamLines[]; readonly streams: number } | null {
	const texts: StreamLines[] = [];
	const byStream = new Map<string, StreamLines>();
	let first: string | undefined;
	let streams = 0;
	const line: Line = { start: 0, end: 0, next: 0 };
	for (let at = 0; at < source.length && readLine(source, at, line); at = line.next) {
		const k = reader.cut(source, line.start, line.end);
		let trail = 0;
		const stream = reader.stream;
		if (streams < 2 && stream !== first) {
			first ??= stream;
			streams = stream === first ? 1 : 2;
		}
		let own: StreamLines | undefined = apart ? byStream.get(stream) : texts[0];
		if (!own) {
			if (texts.length === maxStreams) return null;
			own = new StreamLines();
			texts.push(own);
			byStream.set(stream, own);
		}
		if (line.start > own.end) {
			// Other streams' lines since its last one: taken out (with the line it left in parts).
			own.others.push(own.end, line.start);
			if (!own.partial) own.removals.take(own.end, line.start);
		}
		if (reader.carried) own.carriers.push(line.start);
		if (own.partial) {
			// The part before ended without its line: the line goes on here.
			own.removals.take(own.partial, line.start + k);
			own.joinsParts = true;
			own.parts.push(source.slice(line.start + k, reader.partial ? line.end : line.next));
		} else if (reader.carried && own.further && source.charCodeAt(line.start + k - 1) === 32) {
			// A record after one of several lines. The journal strips a record's trailing line
			// ends, so a message that ended its record is followed by the next record's text, as
			// if by a header (Kamailio's `INFO: <script>: ...`) or a folded line (` 2(16092)`):
			// the column's last character is read as the blank line that ended it.
			own.removals.take(line.start, line.start + k - 1);
			own.parts.push('\n', source.slice(line.start + k, line.next));
		} else if ((trail = reader.trailing(source, line.start + k, line.end)) > 0) {
			// What the collector wrote after the program's line (see `trailing`): not the program's.
			own.removals.take(line.start, line.start + k);
			own.removals.take(line.end - trail, line.end);
			own.parts.push(
				source.slice(line.start + k, line.end - trail),
				source.slice(line.end, line.next),
			);
		} else {
			own.removals.take(line.start, line.start + k);
			own.parts.push(source.slice(line.start + k, reader.partial ? line.end : line.next));
		}
		own.further = k > 0 && !reader.carried;
		own.partial = reader.partial ? line.end : 0;
		own.end = line.next;
	}
	for (const own of texts)
		if (own.end < source.length) {
			own.others.push(own.end, source.length);
			own.removals.take(own.end, source.length);
		}
	if (texts.length === 0) texts.push(new StreamLines());
	return { texts, streams };
}

/** The trace without each line's collector column, and the way back to its own offsets. */
export class WithoutColumn extends TextWithout {
	readonly #source: string;
	readonly #reader: ColumnReader;
	/** Where each line that carries the column starts, ascending. */
	readonly #carriers: Int32Array;
	/** Other streams' lines, taken out (see {@link apart}): `[start, end)` pairs, ascending. */
	readonly #others: Int32Array;
	/** Whether a line the runtime wrote in parts (CRI's `P`) was read as one. */
	readonly joinsParts: boolean;
	/** How many streams the trace holds, counted up to 2: 1 where one program wrote every line. */
	readonly streams: number;

	/** The trace's lines, each without its column. */
	constructor(source: string, kind: ColumnKind);
	constructor(source: string, kind: ColumnKind, read: StreamLines, streams: number);
	constructor(source: string, kind: ColumnKind, read?: StreamLines, streams?: number) {
		const reader = new ColumnReader(kind);
		const whole = read ? null : readLines(source, reader, false)!;
		const lines = read ?? whole!.texts[0]!;
		super(source, lines.parts.join(''), lines.removals, true);
		this.#source = source;
		this.#reader = reader;
		this.#carriers = Int32Array.from(lines.carriers);
		this.#others = Int32Array.from(lines.others);
		this.joinsParts = lines.joinsParts;
		this.streams = streams ?? whole!.streams;
	}

	/**
	 * Each stream's lines without the others' (a Compose service's, a pod's, a program's in the
	 * journal), in the order they first write; null where more than {@link maxStreams} write.
	 * Several programs' output comes interleaved a line at a time, as they wrote it, so one
	 * program's message may have another's lines between its own.
	 */
	static apart(source: string, kind: ColumnKind): WithoutColumn[] | null {
		const read = readLines(source, new ColumnReader(kind), true);
		return read && read.texts.map((lines) => new WithoutColumn(source, kind, lines, 1));
	}

	/** `span` of the trace without other streams' lines: the runs of this one's, in order. */
	ownPieces(span: Span): Span[] {
		return piecesWithout(this.#others, span);
	}

	/**
	 * The time the column gives the line that holds `offset` in the trace: its own, or on a
	 * journal record's further line, its record's first line's. An offset on other streams'
	 * lines is taken to this stream's next line (a span's edge may lie before them).
	 */
	stampAt(offset: number): LogTime | null {
		const own = this.ownPieces({ start: offset, end: offset + 1 })[0]!.start;
		const start = lastStartAtOrBefore(this.#carriers, own);
		if (start < 0) return null;
		const m = this.#reader.match(this.#source, start);
		return m ? columnTime(m[0]) : null;
	}
}

/** The time a column's stamp gives, in UTC, as the collector wrote it. */
function columnTime(column: string): LogTime | null {
	// Seconds since boot give no time of day.
	if (column.startsWith('[')) return null;
	const unix = unixStamp.exec(column);
	if (unix) {
		const seconds = Number(unix[1]);
		const at = new Date(seconds * 1000);
		if (Number.isNaN(at.getTime())) return null;
		return {
			time: `${at.toISOString().slice(0, 19)}.${unix[2]}Z`,
			epochMicros: seconds * 1_000_000 + Number(unix[2]),
		};
	}
	const full = fullStamp.exec(column);
	if (!full) return timeIn(column);
	const local = datedTime(full[1]!, full[2]!);
	if (!local || local.epochMicros === null) return local;
	// `UTC`, a zone without a name (`+03`), or a name of one offset (`CET`, see zoneNames.ts);
	// another name (`IST`) is the machine's local time, kept as written, as a syslog stamp is.
	const zone = full[3]!;
	if (zone === 'UTC' || zone === 'GMT') return { ...local, time: `${local.time}Z` };
	const offset = zoneOffset.exec(zone);
	if (!offset) return inZone(local, zone);
	const minutes = (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3] ?? 0));
	return {
		time: `${local.time}${offset[1]}${offset[2]}:${offset[3] ?? '00'}`,
		epochMicros: local.epochMicros - minutes * 60_000_000,
	};
}
