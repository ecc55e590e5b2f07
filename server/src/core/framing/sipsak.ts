import type { FormatRules, MessageMeta } from './engine';

/*
 * sipsak's output with `-vvv` (the SIP test tool: `sipsak -vvv -s sip:alice@example.com`, an
 * OPTIONS ping, a challenge answered with `-a`). It prints each request twice: once as it made
 * it, after `New message with Via-Line:` (never sent: log text), and once after `request:` as it
 * sent it, with `send to: UDP:a:p` after the message. A reply follows `message received` and
 * `received from: UDP:a:p` (`authorizing` and `received:` too, on a challenge it answers).
 * Then a summary: `** reply received after 0.007 ms **` (or over two lines, `... after first
 * send` and `   and ... after last send **`), the final reply's status line indented by three
 * spaces, and `   final received`: log text. `** timeout after 500 ms**` says a request is sent
 * again. With `-vv` it prints no request and each reply after `message received:`; in random
 * mode (`-R`) each request that went unanswered after `did not get a response on this request:`.
 * What it prints again is log text: a message after `New message with changed Max-Forwards:`
 * (or with another change) before it sends it, the summary after `sent the following message
 * three times without getting a response:`, and the request in an error's dump (`request:` and
 * the request a reply answers, then `response:` and the reply, printed nowhere else; on stderr,
 * so above the rest where the output was redirected to a file, after the reply's `received
 * from: UDP:a:p` in a terminal). A
 * traceroute hop's line (`0: 'no Warning header found' (0.506 ms) SIP/2.0 200 OK`) is its own.
 */

const sendTo = /^send to: (UDP|TCP|TLS):(\S{1,200}:\d{1,5})\s*$/;
const receivedFrom = /^received from: (UDP|TCP|TLS):(\S{1,200}:\d{1,5})\s*$/;
// The second line of a reply's summary over two lines.
const summaryRest = /^ {3}and [\d.]{1,20} ms after last send \*\*\s*$/;
// sipsak's own lines between messages.
const ownLine =
	/^(?:send to: |\*\* timeout after |'[\w-]{1,40}' not found in reply|fqdnhostname: |our Via-Line: | {3}final received\s*$|\d{1,3}: (?:'[^']{0,80}' |[^ ]{1,200} )?\(\d{1,9}\.\d{3} ms\))/;
// A message sipsak prints again (or before sending it): log text.
const printedAgain =
	/^(?:New message with [A-Za-z -]{1,40}:|sen(?:t|ded) the following message three times without getting a response:|last message before send failure:)$/;
// TCP's `message received` is followed by the reassembly's lines, then the `:` it began with.
const receivedNote = /^(?:checking message for completeness\.\.\.|message is complete|:)$/;

/** The line [start, end) without its trailing white space, at most 120 characters. */
function lineAt(text: string, start: number, end: number): string {
	let e = Math.min(end, start + 120);
	while (e > start && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 13)) e--;
	return text.slice(start, e);
}

function matchRecord(text: string, start: number, end: number): MessageMeta | null {
	// Cheap rejection first: this runs on every line. Each record opens with one of `r`, `N`,
	// `m` or `*`.
	const c = text.charCodeAt(start);
	if (c !== 114 && c !== 78 && c !== 109 && c !== 42 && c !== 100 && c !== 115 && c !== 108)
		return null;
	const line = lineAt(text, start, end);
	if (line === 'request:') {
		const sent = sentTo(text, end);
		// The request a reply answers, printed again above it (an error's dump, `response:` next),
		// where sipsak printed each request it sent (`-vvv`, `send to:` after each); with `-vv` it
		// printed none, and the dump's is the only print of the request.
		return sent === dumped && printsSends(text)
			? { logOnly: true }
			: { direction: 'out', ...(sent === dumped ? {} : sent) };
	}
	if (line === 'did not get a response on this request:') return { direction: 'out' };
	if (line === 'response:') return { direction: 'in', ...receivedAbove(text, start) };
	if (printedAgain.test(line) || line.startsWith('** reply received ')) return { logOnly: true };
	if (line === 'message received' || line === 'message received:') return { direction: 'in' };
	const from = receivedFrom.exec(line);
	if (from) return { direction: 'in', transport: from[1]!, src: from[2]! };
	return null;
}

/** The reply's sender an error's dump names above its `response:` (`received from: UDP:a:p`). */
function receivedAbove(text: string, start: number): MessageMeta {
	// Up over the request printed again (its `request:` and lines), a bounded way.
	let end = start - 1;
	for (let k = 0; k < 200 && end > 0; k++) {
		const from = text.lastIndexOf('\n', end - 1) + 1;
		const from_ = receivedFrom.exec(lineAt(text, from, end));
		if (from_) return { transport: from_[1]!, src: from_[2]! };
		end = from - 1;
	}
	return {};
}

function continueRecord(text: string, start: number, end: number, meta: MessageMeta): boolean {
	const line = lineAt(text, start, end);
	if (meta.logOnly) return summaryRest.test(line);
	if (meta.direction !== 'in') return false;
	const from = receivedFrom.exec(line);
	if (from) {
		meta.transport = from[1]!;
		meta.src = from[2]!;
		return true;
	}
	return line === 'authorizing' || line === 'received:' || receivedNote.test(line);
}

/** Did sipsak print each request it sent (`-vvv`: `send to: UDP:a:p` after each)? */
function printsSends(text: string): boolean {
	if (text !== sendsMemo.text) sendsMemo.holds = /^send to: (?:UDP|TCP|TLS):/m.test(text);
	// Held as this very string: a text equal to the last but another string (the same file
	// opened again) is compared character by character once, not at every call.
	sendsMemo.text = text;
	return sendsMemo.holds;
}
const sendsMemo = { text: '', holds: false };

/** What {@link sentTo} answers for a request an error's dump printed again. */
const dumped: MessageMeta = {};

/**
 * The address sipsak names after the request that starts after `from` (`send to: UDP:a:p`);
 * {@link dumped} where `response:` follows it instead (an error's dump, the request again).
 */
function sentTo(text: string, from: number): MessageMeta {
	// The request's lines, then that line; another record first: the request has no address.
	let at = from;
	for (let k = 0; k < 400 && at < text.length; k++) {
		const start = text.charCodeAt(at) === 10 ? at + 1 : at;
		let end = text.indexOf('\n', start);
		if (end < 0) end = text.length;
		const line = lineAt(text, start, end);
		const to = sendTo.exec(line);
		if (to) return { transport: to[1]!, dst: to[2]! };
		if (k > 0 && line === 'response:') return dumped;
		if (k > 0 && isRecordStart(line)) break;
		at = end;
	}
	return {};
}

function isRecordStart(line: string): boolean {
	return (
		line === 'request:' ||
		line === 'message received' ||
		line === 'New message with Via-Line:' ||
		line.startsWith('received from: ') ||
		line.startsWith('** ')
	);
}

/** sipsak's own lines: a message without Content-Length ends before one, and it is noise. */
function isOwnLine(text: string, start: number, end: number): boolean {
	const c = text.charCodeAt(start);
	const digit = c >= 48 && c <= 57;
	if (!digit && c !== 115 && c !== 42 && c !== 39 && c !== 102 && c !== 111 && c !== 32)
		return false;
	return ownLine.test(lineAt(text, start, end));
}

export const sipsak: FormatRules = {
	format: 'sipsak',
	matchMeta: matchRecord,
	continueMeta: continueRecord,
	isRecord: isOwnLine,
	recordsHoldNone: true,
};

/**
 * Detection: the lines sipsak writes around the messages it sends and receives (`request:` too,
 * all an extract of a request that went unanswered holds of them), and the summary of a reply,
 * all `-vv` writes of them.
 */
export const sipsakRecordLine =
	/^(?:New message with Via-Line:|request:|(?:send to|received from): (?:UDP|TCP|TLS):\S{1,200}:\d{1,5}|\*\* reply received after [\d.]{1,20} ms(?: \*\*| after first send)|did not get a response on this request:|message received:)\s*$/;
