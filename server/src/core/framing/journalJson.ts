import { lastStartAtOrBefore, readLine, type Line } from './lines';
import type { LogTime } from './logTime';
import { nearlyEveryLine } from './headLines';
import { Removals, TextWithout, withChars } from './textWithout';
import { escapedChar, hexCode } from '../text/jsonEscape';
import { indexWithin } from '../text/search';

/*
 * The journal exported as JSON (`journalctl -o json`, one object a record, a line each; also
 * `-o json-seq`'s records after an RS and `-o json-sse`'s after `data: `), what log shippers and
 * support bundles carry:
 *
 *   {"__REALTIME_TIMESTAMP":"1796416594160360","_PID":"812","MESSAGE":"INFO: <script>: sent to ...","SYSLOG_IDENTIFIER":"kamailio",...}
 *
 * The record's text is its `MESSAGE`: a JSON string, or, where the text holds a character the
 * journal deems unprintable (a CR: every line of a SIP message logged through a service's stdout),
 * an array of its octets (`[83,73,80,...,13]`). The trace is framed from the records' texts, in
 * place: the rest of each object is taken out; each escape, and each octet's number (a character's
 * UTF-8 octets: their last number), is read as the character it stands for at its last character;
 * a line break inside a record (a message logged by syslog(3) in one record) breaks the line there.
 * The text the messages are read from (`FramingResult.reading`) has those characters, and a CR
 * before a line break shown as `^M` (over `13` or `\r`), so octets are counted as they went. Each
 * record is dated by its `__REALTIME_TIMESTAMP`.
 */

const messageKey = '"MESSAGE":';
const realtimeKey = '"__REALTIME_TIMESTAMP":"';

/** Where a record's object opens on the line at `start` (after json-seq's RS, json-sse's `data: `), or -1. */
function objectAt(text: string, start: number): number {
	let at = start;
	if (text.charCodeAt(at) === 0x1e) at++;
	else if (text.startsWith('data: ', at)) at += 6;
	return text.charCodeAt(at) === 123 && text.charCodeAt(at + 1) === 34 ? at : -1;
}

/** The line's record: where its `MESSAGE`'s value starts, or -1 when the line holds none. */
function messageValue(text: string, line: Line): number {
	const open = objectAt(text, line.start);
	if (open < 0) return -1;
	// Looked for on the line only: a line of other JSON (tshark's `-T ek`) holds no such key, and
	// a search from each line would read on to the end of the text.
	for (let at = indexWithin(text, messageKey, open, line.end); at >= 0;) {
		// A key stands after `{` or `,`; inside a string its quote would be escaped.
		const before = text.charCodeAt(at - 1);
		if (before === 123 || before === 44) return at + messageKey.length;
		at = indexWithin(text, messageKey, at + 1, line.end);
	}
	return -1;
}

/** Does nearly every line of the trace's head, from its first record on, hold a record? */
export function isJournalJson(text: string): boolean {
	return nearlyEveryLine(text, isRecord);
}

function isRecord(text: string, line: Line): boolean {
	if (objectAt(text, line.start) < 0) return false;
	return indexWithin(text, realtimeKey, line.start, line.end) >= 0 && messageValue(text, line) >= 0;
}

/** The journal's JSON read as the records' texts, and the way back to its offsets. */
export class JournalJsonLines extends TextWithout {
	readonly #source: string;
	readonly #reading: string;
	/** Where each line that holds a record starts, ascending. */
	readonly #records: Int32Array;

	constructor(source: string) {
		const text = new RecordTexts(source);
		const line: Line = { start: 0, end: 0, next: 0 };
		for (let at = 0; at < source.length && readLine(source, at, line); at = line.next)
			text.add(line);
		super(source, text.parts.join(''), text.removals);
		this.#source = source;
		this.#records = Int32Array.from(text.records);
		this.#reading = withChars(source, text.readAt, text.readChars);
	}

	protected override ownReading(): string {
		return this.#reading;
	}

	/** When the journal took in the record that holds `offset`: its `__REALTIME_TIMESTAMP`. */
	stampAt(offset: number): LogTime | null {
		const start = lastStartAtOrBefore(this.#records, offset);
		if (start < 0) return null;
		const lineEnd = this.#source.indexOf('\n', start);
		const key = indexWithin(
			this.#source,
			realtimeKey,
			start,
			lineEnd < 0 ? this.#source.length : lineEnd,
		);
		if (key < 0) return null;
		const from = key + realtimeKey.length;
		const m = /^(\d{1,16})"/.exec(this.#source.slice(from, from + 20));
		if (!m) return null;
		const micros = Number(m[1]);
		const seconds = Math.floor(micros / 1e6);
		const iso = new Date(seconds * 1000).toISOString().slice(0, 19);
		return { time: `${iso}.${String(micros % 1e6).padStart(6, '0')}Z`, epochMicros: micros };
	}
}

/** The texts of the records, built a line at a time: what is kept, what is taken out. */
class RecordTexts {
	readonly removals = new Removals();
	readonly parts: string[] = [];
	readonly records: number[] = [];
	/** The reading's characters that are not the file's: at each position, its character. */
	readonly readAt: number[] = [];
	readonly readChars: string[] = [];
	readonly #source: string;
	/** Where the part of the line not yet kept or taken out starts. */
	#piece = 0;
	/** Whether the record before held a line break: its text may end without a blank line. */
	#several = false;
	/** This record's line breaks so far. */
	#breaks = 0;
	/** Whether the line before was a record json-sse wrote (`data: {...}`). */
	#sse = false;

	constructor(source: string) {
		this.#source = source;
	}

	add(line: Line): void {
		const source = this.#source;
		const value = messageValue(source, line);
		if (value < 0) {
			// The empty line json-sse writes after each record's `data: ` line is no line of it.
			if (this.#sse && line.end === line.start) this.removals.take(line.start, line.next);
			// A line of another kind (a note pasted above, a file cut): read as it is.
			else this.parts.push(source.slice(line.start, line.next));
			this.#sse = false;
			return;
		}
		this.#sse = source.startsWith('data: ', line.start);
		this.records.push(line.start);
		this.#breaks = 0;
		if (this.#several) {
			// The journal strips a record's trailing line ends: a message that ended the record
			// before is followed by this record's text as if by a header. The object's `{` is read
			// as the blank line that ended it.
			this.parts.push('\n');
			this.#piece = line.start + 1;
		} else this.#piece = line.start;
		const c = source.charCodeAt(value);
		// A record without text (`"MESSAGE":null`) is an empty line.
		if (c === 34) this.#keep(this.#string(value + 1, line.end));
		else if (c === 91) this.#octets(value + 1, line.end);
		this.removals.take(this.#piece, line.end);
		if (line.next > line.end) this.parts.push(source.slice(line.end, line.next));
		this.#several = this.#breaks > 0;
	}

	/**
	 * The character `char` read at `at`; what lies between the last one and it taken out. The
	 * reading has it there, but for a line break (the frame's lines say where lines end).
	 */
	#put(at: number, char: string, read = char !== '\n'): void {
		this.removals.take(this.#piece, at);
		this.parts.push(char);
		if (char === '\n') this.#breaks++;
		if (read && char !== this.#source[at]) {
			this.readAt.push(at);
			this.readChars.push(char);
		}
		this.#piece = at + 1;
	}

	/** The source up to `at` kept as it is, from where the last character was read. */
	#keep(at: number): void {
		if (at > this.#piece) this.parts.push(this.#source.slice(this.#piece, at));
		this.#piece = Math.max(this.#piece, at);
	}

	/** A CR at `at` read before the line break or end at `next`: shown as `^M` over `from`..`at`. */
	#cr(from: number, at: number): void {
		this.#put(at, '\r', at === from);
		if (at > from) {
			this.readAt.push(at - 1, at);
			this.readChars.push('^', 'M');
		}
	}

	/** A JSON string's characters from `from` (after its quote): where it ends (its closing quote). */
	#string(from: number, end: number): number {
		const source = this.#source;
		this.#piece = Math.min(this.#piece, from);
		this.removals.take(this.#piece, from);
		this.#piece = from;
		for (let i = from; i < end;) {
			const c = source.charCodeAt(i);
			if (c === 34) return i;
			if (c !== 92) {
				i++;
				continue;
			}
			this.#keep(i);
			const e = source.charCodeAt(i + 1);
			const code = e === 117 ? hexCode(source, i + 2) : -1;
			const width = i + 1 >= end ? 1 : e === 117 && code >= 0 ? 6 : 2;
			const last = i + width - 1;
			const char = width === 1 ? '\\' : (escapedChar(e, code) ?? source[last]!);
			this.removals.take(i, last);
			this.#piece = last;
			if (char === '\r' && breakFollows(source, last + 1, end)) this.#cr(last - 1, last);
			else this.#put(last, char);
			i = last + 1;
		}
		return end;
	}

	/** An array of octets from `from` (after its `[`): read as UTF-8; where it ends (its `]`). */
	#octets(from: number, end: number): number {
		const source = this.#source;
		let need = 0;
		let code = 0;
		for (let i = from; i < end;) {
			const c = source.charCodeAt(i);
			if (c === 93) return this.#skip(i);
			if (c < 48 || c > 57) {
				i++;
				continue;
			}
			let n = 0;
			const first = i;
			while (i < end && source.charCodeAt(i) >= 48 && source.charCodeAt(i) <= 57 && i - first < 4)
				n = n * 10 + source.charCodeAt(i++) - 48;
			const last = i - 1;
			if (need > 0 && (n & 0xc0) === 0x80) {
				code = (code << 6) | (n & 0x3f);
				if (--need === 0) this.#put(last, code > 0xffff ? '\ufffd' : String.fromCharCode(code));
				continue;
			}
			need = 0;
			if (n === 13 && nextOctetBreaks(source, i, end)) this.#cr(first, last);
			else if (n < 0x80) this.#put(last, String.fromCharCode(n));
			else if ((n & 0xe0) === 0xc0) [need, code] = [1, n & 0x1f];
			else if ((n & 0xf0) === 0xe0) [need, code] = [2, n & 0x0f];
			else if ((n & 0xf8) === 0xf0) [need, code] = [3, n & 0x07];
			else this.#put(last, '\ufffd');
		}
		return this.#skip(end);
	}

	/** What lies between the last character read and `at` taken out (an octet left unfinished). */
	#skip(at: number): number {
		this.removals.take(this.#piece, at);
		this.#piece = Math.max(this.#piece, at);
		return at;
	}
}

/** Does a line break (`\n`), or the string's end, follow at `at`? */
function breakFollows(text: string, at: number, end: number): boolean {
	if (at >= end || text.charCodeAt(at) === 34) return true;
	return text.charCodeAt(at) === 92 && text.charCodeAt(at + 1) === 110;
}

/** Is the octet after the one ending before `at` a line feed (10), or the array's end? */
function nextOctetBreaks(text: string, at: number, end: number): boolean {
	let i = at;
	while (i < end && (text.charCodeAt(i) === 44 || text.charCodeAt(i) === 32)) i++;
	if (i >= end || text.charCodeAt(i) === 93) return true;
	return text.charCodeAt(i) === 49 && text.charCodeAt(i + 1) === 48 && !isDigit(text, i + 2);
}

const isDigit = (text: string, at: number): boolean =>
	text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57;
