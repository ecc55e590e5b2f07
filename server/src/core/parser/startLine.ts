import type { Problem, SipMessage, Span } from '../model';
import { isTokenChar } from './headerNames';
import type { HeaderTable } from './headerTable';
import { methodAt } from './methods';
import { problem } from './problems';
import { trimmedEnd, trimmedStart } from './split';
import { readsAt } from './strings';
import { isMaskedUri, parseUri } from './uri';

type StartLine = Pick<
	SipMessage,
	'kind' | 'method' | 'requestUri' | 'requestUriSpan' | 'status' | 'reason'
>;

const invalid: StartLine = {
	kind: 'invalid',
	method: null,
	requestUri: null,
	requestUriSpan: null,
	status: null,
	reason: null,
};

/**
 * Request-Line `Method SP Request-URI SP SIP-Version` or Status-Line `SIP-Version SP Status-Code
 * SP Reason-Phrase` (RFC 3261 §7.1, §7.2). Single spaces are required; extra white space is
 * reported but tolerated, so a sloppy log line still yields a usable message. A line the trace
 * printed cut short (`cut`, tshark's `[truncated]`) may end inside its Request-URI: a request is
 * its method and the Request-URI as far as printed. Given the trace's `table`, the strings read
 * are the trace's shared ones.
 */
export function parseStartLine(
	text: string,
	span: Span,
	problems: Problem[],
	cut = false,
	table?: HeaderTable,
): StartLine {
	if (table) {
		const plain = plainStartLine(text, span.start, span.end, problems, table);
		if (plain) {
			const uriSpan = plain.requestUriSpan;
			return { ...plain, requestUriSpan: uriSpan && { start: uriSpan.start, end: uriSpan.end } };
		}
	}
	return generalStartLine(text, span, problems, cut, table);
}

/**
 * {@link parseStartLine} of [start, end) for the message being parsed, which copies out what it
 * needs: the common line is read into one object reused for every message, with no span made.
 * Read it before the next call, don't keep it.
 */
export function startLineAt(
	text: string,
	start: number,
	end: number,
	problems: Problem[],
	cut: boolean,
	table: HeaderTable,
): StartLine {
	const line =
		plainStartLine(text, start, end, problems, table) ??
		generalStartLine(text, { start, end }, problems, cut, table);
	return line.reason !== null && line.reason.includes('! ')
		? withoutNote(text, start, end, line, problems)
		: line;
}

/**
 * A Status-Line with a note after its reason, marked as Cisco's documents mark one (`SIP/2.0 100
 * Trying ! 100 Trying response message (command sequence 101)`): the reason is what stands
 * before it, the note said as the page's, as after a Request-Line's version.
 */
function withoutNote(
	text: string,
	start: number,
	end: number,
	line: StartLine,
	problems: Problem[],
): StartLine {
	const mark = /[ \t]! \S/.exec(line.reason!);
	if (!mark) return line;
	const reason = line.reason!.slice(0, mark.index).trim();
	const at = text.lastIndexOf(line.reason!.slice(mark.index).trimStart(), end);
	if (at < start) return line;
	let noteEnd = end;
	while (noteEnd > at && /\s/.test(text.charAt(noteEnd - 1))) noteEnd--;
	problems.push(
		problem(
			'message.malformed-start-line',
			{ start: at, end: noteEnd },
			`"${text.slice(at, Math.min(noteEnd, at + 60))}" after the reason is a note written on the line where the message was written down (Cisco's \`!\`), not part of its Reason-Phrase: read without it.`,
			'information',
		),
	);
	return { ...line, reason };
}

/** A Request-Line as read: its method, its Request-URI and where that stands. */
function requestLine(method: string, uri: string, uriSpan: Span): StartLine {
	return {
		kind: 'request',
		method,
		requestUri: uri,
		requestUriSpan: uriSpan,
		status: null,
		reason: null,
	};
}

/** Any start line, read with regular expressions: what {@link plainStartLine} leaves. */
function generalStartLine(
	text: string,
	span: Span,
	problems: Problem[],
	cut: boolean,
	table: HeaderTable | undefined,
): StartLine {
	const line = text.slice(span.start, span.end);
	if (/^SIP\/\S*\s/i.test(line)) {
		const m = /^(SIP\/\S+)\s+(\d+)(?:\s(.*))?$/i.exec(line);
		if (!m || m[2]!.length !== 3) {
			problems.push(
				problem(
					'message.malformed-start-line',
					span,
					'Status-Line must be "SIP/2.0 SP 3-digit code SP reason" (RFC 3261 §7.2).',
				),
			);
			return invalid;
		}
		checkVersion(m[1]!, span.start, problems);
		const status = Number(m[2]);
		if (status < 100 || status > 699)
			problems.push(
				problem(
					'message.bad-status-code',
					span,
					`Status code ${status} is outside 100-699 (RFC 3261 §7.2).`,
				),
			);
		return {
			kind: 'response',
			method: null,
			requestUri: null,
			requestUriSpan: null,
			status,
			reason: m[3]?.trim() ?? '',
		};
	}
	let i = 0;
	while (i < line.length && isTokenChar(line.charCodeAt(i))) i++;
	const method = methodAt(line, 0, i);
	const rest = line.slice(i);
	const whole = /^(\s+)(\S+)(\s+)(\S+)(\s*)$/.exec(rest);
	// Cut inside the Request-URI or after it: no version printed.
	const m = whole ?? (cut ? /^( {1,20})(\S{1,400})( {0,20})()()$/.exec(rest) : null);
	if (method && !m && !cut) {
		const spaced = spacedUriRequest(line, i, span.start, method, problems);
		if (spaced) return spaced;
		const noted = annotatedRequest(line, i, span.start, method, problems, table);
		if (noted) return noted;
	}
	if (!method || !m) {
		problems.push(
			problem(
				'message.malformed-start-line',
				span,
				'Request-Line must be "Method SP Request-URI SP SIP/2.0" (RFC 3261 §7.1).',
			),
		);
		return invalid;
	}
	if (m[1] !== ' ' || (whole && m[3] !== ' ')) {
		problems.push(
			problem(
				'message.malformed-start-line',
				span,
				'Request-Line elements must be separated by single spaces (RFC 3261 §7.1).',
				'warning',
			),
		);
	} else if (whole && m[5]) {
		// Only white space after the version: the separators are right, the line's end is not.
		problems.push(
			problem(
				'message.malformed-start-line',
				span,
				'White space after SIP/2.0: the Request-Line ends with its CRLF right after the version (RFC 3261 §7.1); a strict parser rejects it (a copy may have added it).',
				'warning',
			),
		);
	}
	const uriStart = span.start + i + m[1]!.length;
	const uri = m[2]!;
	const uriSpan = { start: uriStart, end: uriStart + uri.length };
	checkRequestUri(uri, uriSpan.start, uriSpan.end, problems, table);
	if (!cut) checkVersion(m[4]!, uriSpan.end + m[3]!.length, problems);
	return requestLine(method, uri, uriSpan);
}

/**
 * `Method SP Request-URI SP SIP/2.0` and a note after the version (white space or a shown CR,
 * `^M`, before it): a remark added to a copied message (see `isAnnotatedRequestLine`). The
 * request is read; the note is reported, as nothing may follow the version (RFC 3261 §7.1).
 */
function annotatedRequest(
	line: string,
	methodEnd: number,
	at: number,
	method: string,
	problems: Problem[],
	table: HeaderTable | undefined,
): StartLine | null {
	const m = /^ ([A-Za-z][A-Za-z0-9+.-]*:[!-~]+) (SIP\/2\.0)(?:[ \t]+|\^M[ \t]*)(\S.*)$/.exec(
		line.slice(methodEnd),
	);
	if (!m) return null;
	const uri = m[1]!;
	const start = at + methodEnd + 1;
	const uriSpan = { start, end: start + uri.length };
	checkRequestUri(uri, uriSpan.start, uriSpan.end, problems, table);
	const note = at + line.length - m[3]!.length;
	// A note marked as one (`<- Method line`, `// ...`, `# ...`, `(...)`, Cisco's `! ...`): a page's or a poster's
	// remark on the line, said as such; other text after the version may be the sender's.
	const remark = /^(?:<-|←|\/\/|#|\(|! )/.test(m[3]!);
	problems.push(
		problem(
			'message.malformed-start-line',
			{ start: note, end: at + line.trimEnd().length },
			`"${m[3]!.trim().slice(0, 60)}" after the version is no part of a Request-Line, which ends with SIP/2.0 (RFC 3261 §7.1): read as a note added to the message${remark ? ' where it was written down' : ''}.`,
			remark ? 'information' : 'warning',
		),
	);
	return requestLine(method, uri, uriSpan);
}

/**
 * `Method SP Request-URI SP SIP/2.0` whose Request-URI holds white space, which no URI may
 * (RFC 3261 §19.1.1, §25.1): a web page that hid the addresses in it (`sip:[email protected]:5060`,
 * a mail address obfuscator's text) or a copy that broke the URI. The method and the version
 * still say what the message is: a request, its URI the text between them, reported once.
 */
function spacedUriRequest(
	line: string,
	methodEnd: number,
	at: number,
	method: string,
	problems: Problem[],
): StartLine | null {
	// An upper-case method and a URI with a scheme: not a sentence that happens to end in a
	// version.
	if (!/^[A-Z]+$/.test(method)) return null;
	const m = /^ ([A-Za-z][A-Za-z0-9+.-]*:[^\t]*?\S) (SIP\/\d+\.\d+)\s*$/i.exec(
		line.slice(methodEnd),
	);
	if (!m || !/\s/.test(m[1]!)) return null;
	const uri = m[1]!;
	const start = at + methodEnd + 1;
	const uriSpan = { start, end: start + uri.length };
	// A poster's placeholder (`sip:<server IP>:8443`) stands for a valid URI.
	if (!isMaskedUri(uri))
		problems.push(
			problem(
				'message.bad-request-uri',
				uriSpan,
				`"${uri.slice(0, 80)}" is not a valid Request-URI: a URI holds no white space (RFC 3261 §19.1.1, §25.1); read as the URI between the method and the version.`,
			),
		);
	checkVersion(m[2]!, uriSpan.end + 1, problems);
	return requestLine(method, uri, uriSpan);
}

/**
 * The start line nearly every message has, `SIP/2.0 200 OK` or `INVITE uri SIP/2.0` with single
 * spaces, read in place; null for anything else, which the general reading above takes.
 */
function plainStartLine(
	text: string,
	start: number,
	end: number,
	problems: Problem[],
	table: HeaderTable,
): StartLine | null {
	if (end - start < 11) return null;
	if (readsAt(text, start, 'SIP/2.0 ')) {
		let status = 0;
		for (let k = start + 8; k < start + 11; k++) {
			const d = text.charCodeAt(k) - 48;
			if (d < 0 || d > 9) return null;
			status = status * 10 + d;
		}
		if (status < 100 || status > 699) return null;
		let reason = '';
		if (end > start + 11) {
			if (text.charCodeAt(start + 11) !== 32) return null;
			// The reason phrase is the rest of the line: no line break may stand in it.
			for (let k = start + 12; k < end; k++) {
				const c = text.charCodeAt(k);
				if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return null;
			}
			const rs = trimmedStart(text, start + 12, end);
			const re = trimmedEnd(text, start + 12, end);
			if (rs < 0 || re < 0) return null;
			if (re > rs) reason = table.strings.at(text, rs, re);
		}
		const out = plainLine;
		out.kind = 'response';
		out.method = null;
		out.requestUri = null;
		out.requestUriSpan = null;
		out.status = status;
		out.reason = reason;
		return out;
	}
	let i = start;
	while (i < end && isTokenChar(text.charCodeAt(i))) i++;
	if (i === start || i >= end || text.charCodeAt(i) !== 32) return null;
	const us = i + 1;
	let ue = us;
	for (; ue < end; ue++) {
		const c = text.charCodeAt(ue);
		if (c <= 32 || c >= 127) break;
	}
	if (ue === us || ue + 8 !== end || text.charCodeAt(ue) !== 32) return null;
	if (!readsAt(text, ue + 1, 'SIP/2.0')) return null;
	const requestUri = table.strings.at(text, us, ue);
	checkRequestUri(requestUri, us, ue, problems, table, true);
	const requestUriSpan = plainUriSpan;
	requestUriSpan.start = us;
	requestUriSpan.end = ue;
	const out = plainLine;
	out.kind = 'request';
	out.method = methodAt(text, start, i);
	out.requestUri = requestUri;
	out.requestUriSpan = requestUriSpan;
	out.status = null;
	out.reason = null;
	return out;
}

/**
 * What {@link plainStartLine} read, for the message being parsed, which copies it out: two
 * objects for all messages rather than two per message.
 */
const plainLine: { -readonly [K in keyof StartLine]: StartLine[K] } = { ...invalid };
const plainUriSpan: { start: number; end: number } = { start: 0, end: 0 };

/**
 * A Request-URI must parse and carry no headers; a trace repeats its URIs, each is parsed once.
 * `interned`: `uri` is what the table's shared strings last answered, which keep the answer
 * with the value (see `Interner.mark`), found without hashing the URI again.
 */
function checkRequestUri(
	uri: string,
	start: number,
	end: number,
	problems: Problem[],
	table: HeaderTable | undefined,
	interned = false,
): void {
	const mark = interned ? table!.strings.mark() : 0;
	let faults = mark - 1;
	if (mark === 0) {
		faults = table?.requestUris.get(uri) ?? -1;
		if (faults < 0) {
			const parsed = parseUri(uri);
			// A URI a poster masked (`sip:a@*.*.*.*`) was valid on the wire: not said.
			if (parsed) faults = parsed.headers != null ? uriHeaders : 0;
			else faults = isMaskedUri(uri) ? 0 : invalidUri;
			table?.requestUris.set(uri, faults);
		}
		if (interned) table!.strings.setMark(faults + 1);
	}
	if (faults === uriHeaders)
		problems.push(
			problem(
				'message.bad-request-uri',
				{ start, end },
				'A Request-URI may not carry URI headers (RFC 3261 §19.1.5).',
				'warning',
			),
		);
	if (faults === invalidUri)
		problems.push(
			// A character the copy could not decode (U+FFFD, a page's mojibake) is the copy's.
			uri.includes('\ufffd')
				? problem(
						'message.bad-request-uri',
						{ start, end },
						`"${uri.slice(0, 80)}" holds a character the copy could not decode (U+FFFD): the URI as sent is not in the trace.`,
						'information',
					)
				: problem(
						'message.bad-request-uri',
						{ start, end },
						`"${uri.slice(0, 80)}" is not a valid Request-URI (RFC 3261 §19.1.1).`,
					),
		);
}

const invalidUri = 1;
const uriHeaders = 2;

function checkVersion(version: string, at: number, problems: Problem[]): void {
	if (version.toUpperCase() !== 'SIP/2.0') {
		// `SIP/2.0/UDP`: a Via's sent-protocol (§20.42) written where the version goes.
		const sentProtocol = /^SIP\/\d+\.\d+\/[A-Za-z]+$/.test(version);
		problems.push(
			problem(
				'message.bad-version',
				{ start: at, end: at + version.length },
				sentProtocol
					? `SIP-Version "${version}" is not SIP/2.0: the version has no transport, that is a Via's sent-protocol (RFC 3261 §7.1, §20.42, §25.1).`
					: `SIP-Version "${version}" is not SIP/2.0 (RFC 3261 §7.1).`,
			),
		);
	}
}
