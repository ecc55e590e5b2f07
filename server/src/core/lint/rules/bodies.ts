import { bodyText } from '../../bodies/bodyText';
import { decodeBodyText, decodeMultipart, type PresenceSummary } from '../../bodies/decodeBody';
import { boundaryOf } from '../../bodies/multipart';
import { findHeader } from '../../query';
import { rememberPresenceSummary, summaryOfDecoded } from '../../bodies/presenceSummaries';
import {
	rememberDialogSummary,
	summarizeDialogs,
	type DialogSummary,
} from '../../bodies/dialogSummaries';
import type { Problem, SipMessage, Span, TraceAnalysis } from '../../model';
import { decodeMessageSummary } from '../../bodies/messageSummary';
import { isCommonHeaderName } from '../../parser/headerNames';
import { isEscapedBody, markdownEscapesIn } from '../../parser/htmlEntities';
import { indexWithin } from '../../text/search';
import { lintProblem } from '../codes';
import { isJsWhiteSpace } from '../../text/whiteSpace';
import { doctypeRefused } from '../../bodies/xml';

/** Presence-related XML types worth decoding during lint (others are decoded on hover only). */
const checked = new Set([
	'application/pidf+xml',
	'application/cpim-pidf+xml',
	'application/pidf-diff+xml',
	'application/dialog-info+xml',
	'application/watcherinfo+xml',
	'application/rlmi+xml',
	'application/xpidf+xml',
	'application/reginfo+xml',
]);

/** What checking one body text found: kept per text, as a presence server repeats documents. */
export interface CheckedBody {
	readonly problems: readonly string[];
	readonly summary: PresenceSummary | null;
	/** A registration document's version and state (RFC 3680 §5.1), for the version rule. */
	readonly reginfo?: { readonly version: number | null; readonly full: boolean };
	/** The dialog-info summary (RFC 4235), for the outline and the version check. */
	readonly dialogs: DialogSummary | null;
}

/**
 * A body needs a Content-Type (RFC 3261 §20.15), and must be what its Content-Type says.
 * Returns what checking the body found, or null when it was not checked.
 */
export function checkBody(
	analysis: TraceAnalysis,
	m: SipMessage,
	out: Problem[],
	seen: {
		get(type: string, text: string): CheckedBody | undefined;
		set(type: string, text: string, checked: CheckedBody): void;
	},
): CheckedBody | null {
	const body = m.body;
	if (!body || body.end <= body.start || isBlank(analysis.text, body.start, body.end)) return null;
	if (!m.contentType) {
		// Headers left out where it was posted (`[..]`): the Content-Type may be among them.
		if (m.cutShort) return null;
		out.push(
			lintProblem(
				'body.missing-content-type',
				body,
				`A body without Content-Type: the receiver cannot tell what it is.${headerLikeBody(analysis.text, body.start, body.end)}`,
			),
		);
		return null;
	}
	// A body shorter than its Content-Length was cut (content-length.mismatch says so): a document
	// that stops midway is the cut's doing, not a fault of the sender's, and is not judged.
	if (m.bodyShort) return null;
	// A placeholder where the body was left out (`[PIDF Document]` in RFC 3903's examples,
	// `<SDP not shown>`, `(body omitted)`): no document to judge.
	// Without a length (`Content-Length: ...`) the body runs on to the next message: its first line.
	if (
		isPlaceholder(
			analysis.text,
			body.start,
			m.contentLength === null ? firstLineEnd(analysis.text, body.start, body.end) : body.end,
		)
	)
		return null;
	if (m.contentType === 'application/simple-message-summary') {
		checkMessageSummary(analysis.text, m, body, out);
		return null;
	}
	if (m.contentType === 'message/sipfrag') {
		checkSipfragEnd(analysis.text, m, body, out);
		return null;
	}
	if (m.contentType.startsWith('multipart/')) {
		// Not where the printout's text of the body is not the octets sent: lines it cut
		// (tshark's `[truncated]`), or pieces it joined by guessing which dots were line ends
		// (ngrep's single-line payloads), which a part's XML would be faulted for.
		const f = m.frame;
		if (!(f.cuts?.length || f.joins?.length)) checkMultipart(analysis.text, m, body, out, seen);
		return null;
	}
	const wanted = bodyToCheck(analysis.text, m);
	if (!wanted) return null;
	// An XML body in a message without a single `<`, its headers' brackets gone too: the page it
	// was copied from took every tag for HTML and dropped it. No document is left to judge.
	if (
		wanted.type.endsWith('xml') &&
		indexWithin(analysis.text, '<', m.frame.sip.start, m.frame.sip.end) < 0
	) {
		out.push({
			...lintProblem(
				'body.invalid',
				body,
				`The ${m.contentType} body holds no \`<\`, nor does any header of this message: the page it was copied from most likely took each tag for HTML and dropped it. Not judged.`,
			),
			severity: 'information',
		});
		return null;
	}
	if (isEscapedBody(analysis.text, body.start, body.end))
		out.push({
			...lintProblem(
				'body.invalid',
				body,
				`The ${m.contentType} body was HTML-escaped by the page it was copied from (\`&lt;\`, \`&gt;\`): read through the entities.`,
			),
			severity: 'information',
		});
	else if (markdownEscapesIn(analysis.text, body.start, body.end) > 0)
		out.push({
			...lintProblem(
				'body.invalid',
				body,
				`The ${m.contentType} body holds the escapes of a page converted to Markdown (\`\\_\`, \`\\*\` in its tags): read without them.`,
			),
			severity: 'information',
		});
	// A presence server sends the same document to every watcher: validate each text once.
	// Keyed by type and text apart: the text, a slice of the trace, is hashed where it lies,
	// with no joined copy made per message.
	let known = seen.get(wanted.type, wanted.text);
	if (!known) {
		known = checkBodyText(wanted.type, wanted.text);
		seen.set(wanted.type, wanted.text, known);
	}
	// A word of the XML a copy broke at a line end with a hyphen (a PDF's `dir-` / `ection=`):
	// read joined where that alone makes the document sound, and said as the copy's doing.
	if (known.problems.length) {
		const joined = withHyphenBreaksJoined(wanted.text);
		if (joined !== wanted.text) {
			const rejoined = checkBodyText(wanted.type, joined);
			// Joined, the fault the validator met first is gone (what else is wrong is said).
			if (rejoined.problems[0] !== known.problems[0]) {
				known = rejoined;
				out.push({
					...lintProblem(
						'body.invalid',
						body,
						`The ${m.contentType} body has a word the copy broke at a line end with a hyphen (a PDF's hyphenation, \`dir-\` / \`ection="initiator"\`): read joined.`,
					),
					severity: 'information',
				});
			}
		}
	}
	rememberPresenceSummary(m, known.summary);
	rememberDialogSummary(m, known.dialogs ?? null);
	if (known.summary && wanted.type === 'application/pidf+xml')
		checkEntity(analysis.text, m, wanted.text, body, out);
	const { problems } = known;
	if (problems.length && wanted.type === 'application/reginfo+xml')
		out.push(
			lintProblem(
				'body.invalid-reginfo',
				body,
				`The application/reginfo+xml body is not a valid registration document (RFC 3680 §5): ${problems.join('; ')}.`,
			),
		);
	else if (problems.length && wanted.type === 'application/watcherinfo+xml')
		out.push(
			lintProblem(
				'body.invalid-watcherinfo',
				body,
				`The application/watcherinfo+xml body is not a valid watcher information document (RFC 3858 §4): ${problems.join('; ')}.`,
			),
		);
	else if (problems.length && wanted.type === 'application/dialog-info+xml')
		out.push(
			lintProblem(
				'body.invalid-dialog-info',
				body,
				`The application/dialog-info+xml body is not a valid dialog information document (RFC 4235 §4.1): ${problems.join('; ')}.`,
			),
		);
	else if (problems.length === 1 && problems[0] === doctypeRefused)
		// Not judged: the document may be sound; only its reading is refused.
		out.push({
			...lintProblem(
				'body.invalid',
				body,
				`The ${m.contentType} body declares a DOCTYPE with declarations of its own or entities: not read, as no entity is expanded (for safety). No presence RFC forbids one, but a protocol's XML should do without DTDs (RFC 3470 §4.14), and many receivers refuse it too.`,
			),
			severity: 'information',
		});
	else if (problems.length)
		out.push(
			lintProblem(
				'body.invalid',
				body,
				`The ${m.contentType} body is not valid: ${problems.join('; ')}.`,
			),
		);
	return known;
}

/**
 * The body lint decodes for this message, as its media type and text, or null: only the
 * presence-related XML types are decoded (others on hover only), and not a body the trace cut
 * short of its Content-Length. Callers that check bodies
 * ahead of lint (on another thread) find them with this.
 */
export function bodyToCheck(text: string, m: SipMessage): { type: string; text: string } | null {
	const body = m.body;
	if (!body || body.end <= body.start || !m.contentType || !checked.has(m.contentType)) return null;
	if (m.bodyShort) return null;
	if (isBlank(text, body.start, body.end)) return null;
	return { type: m.contentType, text: bodyText(text, m) };
}

/** The end of the first line of [start, end) that holds more than white space. */
function firstLineEnd(text: string, start: number, end: number): number {
	let at = start;
	while (at < end && isJsWhiteSpace(text.charCodeAt(at))) at++;
	const lf = text.indexOf('\n', at);
	return lf < 0 || lf > end ? end : lf;
}

/** Is [start, end) one short line of words in brackets, a placeholder for a body left out? */
function isPlaceholder(text: string, start: number, end: number): boolean {
	if (end - start > 80) return false;
	return placeholder.test(text.slice(start, end).trim());
}
const placeholder =
	/^(?:\[[A-Za-z][^\]\n]{0,60}\]|<[A-Za-z][^<>\n=]{0,60}>|\([A-Za-z][^()\n]{0,60}\))$/;

/**
 * A presence NOTIFY's PIDF must be of the presentity (RFC 3863 §4.1.1: `entity` is the
 * presentity's URI), the NOTIFY's From (RFC 6665 §4.1.2: its To, as the SUBSCRIBE's). Said where
 * it names the watcher, the NOTIFY's To, instead: a notifier that filled in the wrong party
 * (Asterisk chan_sip's presence NOTIFY), which a watcher then takes for its own state. An alias of
 * the presentity is not judged.
 */
function checkEntity(
	text: string,
	m: SipMessage,
	document: string,
	body: Span,
	out: Problem[],
): void {
	if (m.method !== 'NOTIFY' || !m.from || !m.to) return;
	// Read from the document's root where it stands (the decoded documents are kept per text,
	// shared by the messages that carry it: none keeps its entity for this).
	const entity = presenceEntityOf(document);
	if (!entity) return;
	const of = userAtHost(entity);
	if (!of || of !== userAtHost(m.to.uri) || of === userAtHost(m.from.uri)) return;
	// Said on the entity where the trace writes it as the document does (the body's first line
	// where a format wrote it otherwise).
	const end = m.body ? m.body.end : body.end;
	const at = indexWithin(text, entity, body.start, end);
	out.push(
		lintProblem(
			'pidf.entity-not-presentity',
			at < 0 ? body : { start: at, end: at + entity.length },
			`The PIDF's entity (${entity}) is the watcher this NOTIFY goes to, not the presentity it is from (${m.from.uri}): the entity must be the presentity's URI (RFC 3863 §4.1.1).`,
		),
	);
}

/** The `entity` of the document's `<presence>` start tag, read in its first 2,000 characters. */
function presenceEntityOf(document: string): string | undefined {
	const head = document.slice(0, 2000);
	const at = head.search(presenceTag);
	if (at < 0) return undefined;
	const close = head.indexOf('>', at);
	return entityAttribute.exec(head.slice(at, close < 0 ? head.length : close))?.[1];
}
const presenceTag = /<(?:[\w.-]{1,40}:)?presence\b/;
const entityAttribute = /\sentity[ \t\r\n]{0,4}=[ \t\r\n]{0,4}["']([^"'<>]{1,300})["']/;

/** `user@host` of a sip, sips, pres or im URI (host lower-cased), or null. */
function userAtHost(uri: string): string | null {
	const m = /^\s*<?(?:sips?|pres|im):([^@;?>\s]+)@([^;?>:\s]+)/i.exec(uri);
	return m ? `${m[1]}@${m[2]!.toLowerCase()}` : null;
}

/** Checks one body text of a presence-related type: what is wrong with it, and its presence. */
export function checkBodyText(type: string, text: string): CheckedBody {
	const decoded = decodeBodyText(text, type);
	const checked: CheckedBody = {
		problems: decoded.kind === 'none' ? [] : decoded.problems,
		summary: summaryOfDecoded(decoded),
		dialogs: summarizeDialogs(decoded),
	};
	if (decoded.kind !== 'reginfo') return checked;
	const { version, state } = decoded.reginfo;
	const n = version !== null && /^\d{1,10}$/.test(version.trim()) ? Number(version) : null;
	return { ...checked, reginfo: { version: n, full: state === 'full' } };
}

/**
 * A multipart body (an RLS's NOTIFY, RFC 4662 §5: the RLMI document and a PIDF per resource):
 * what is wrong with the whole (no part, no closing delimiter, a start parameter no part answers)
 * and with each part of a checked type, said together, each part by its number and type.
 */
function checkMultipart(
	text: string,
	m: SipMessage,
	body: Span,
	out: Problem[],
	seen: {
		get(type: string, text: string): CheckedBody | undefined;
		set(type: string, text: string, checked: CheckedBody): void;
	},
): void {
	const typeHeader = findHeader(m, 'content-type');
	// Folded as RFC 3261 §7.3.1 allows (RFC 4662's examples fold it): read as one line, each line
	// break and the white space after it one space.
	const typeValue = typeHeader
		? text.slice(typeHeader.value.start, typeHeader.value.end).replace(/\r?\n[ \t]+/g, ' ')
		: '';
	const bodyString = bodyText(text, m);
	// A Content-Type a copy wrapped (a long boundary or start, the next line at the margin) is not
	// judged: its value, read here as it stands, holds the line break, or stops at it with the
	// boundary cut, which the body then lacks.
	const boundary = boundaryOf(typeValue);
	if (/[\r\n]/.test(typeValue) || !boundary) return;
	// The boundary the Content-Type gives is nowhere in the body (a body built with another, a
	// copy's typographic quotes around it): a receiver finds no part. Not where a poster left
	// lines out, or masked the body.
	if (!bodyString.includes(`--${boundary}`)) {
		const other = /^--(\S{1,200})\s*$/m.exec(bodyString)?.[1];
		// A page's typographic quotes around it (`boundary=”abc”`): the copy's, said as such.
		const unquoted = withoutTypographicQuotes(boundary);
		// Quotes a copy escaped (`boundary=\"abc\"`, a JSON string's): the parts are delimited by it.
		const unescaped = boundary.replace(/^\\"|\\"$/g, '');
		if (unescaped !== boundary && bodyString.includes(`--${unescaped}`)) return;
		if (unquoted !== boundary && bodyString.includes(`--${unquoted}`))
			out.push({
				...lintProblem(
					'body.invalid',
					body,
					`The Content-Type's boundary stands in typographic quotes (\`${boundary}\`), as the page it was copied from set them: read without them, the body's parts are delimited by it.`,
				),
				severity: 'information',
			});
		else if (other !== undefined && !m.cutShort)
			out.push(
				lintProblem(
					'body.invalid',
					body,
					`The ${m.contentType} body is not valid: its Content-Type's boundary \`${boundary}\` is nowhere in it, its parts delimited by \`--${other.replace(/--$/, '')}\`: a receiver finds no part (RFC 2046 §5.1.1).`,
				),
			);
		return;
	}
	// Keyed by the whole Content-Type value (its boundary): an RLS sends the same body to watchers.
	let known = seen.get(typeValue, bodyString);
	if (!known) {
		known = { problems: multipartProblems(bodyString, typeValue), summary: null, dialogs: null };
		seen.set(typeValue, bodyString, known);
	}
	if (known.problems.length)
		out.push(
			lintProblem(
				'body.invalid',
				body,
				`The ${m.contentType} body is not valid: ${known.problems.join('; ')}.`,
			),
		);
}

/** `value` without the typographic quotes around it (`”abc”`). */
function withoutTypographicQuotes(value: string): string {
	const quote = (c: string | undefined) => c === '“' || c === '”' || c === '„';
	let start = 0;
	let end = value.length;
	while (start < end && quote(value[start])) start++;
	while (end > start && quote(value[end - 1])) end--;
	return value.slice(start, end);
}

function multipartProblems(body: string, typeValue: string): string[] {
	const decoded = decodeMultipart(body, typeValue);
	const problems: string[] = [];
	if (decoded.kind !== 'multipart') return decoded.kind === 'none' ? [] : [...decoded.problems];
	problems.push(...decoded.problems);
	const boundary = boundaryOf(typeValue);
	// RFC 2046 §5.1.1: the last part is followed by the close-delimiter, `--boundary--`.
	if (boundary && decoded.parts.length && !body.includes(`--${boundary}--`))
		problems.push(`no closing delimiter --${boundary}-- after the last part (RFC 2046 §5.1.1)`);
	decoded.parts.forEach((part, i) => {
		// Only the types lint checks alone, and nested multiparts (an RLMI sublist).
		if (
			!part.contentType ||
			!(checked.has(part.contentType) || part.contentType.startsWith('multipart/'))
		)
			return;
		if (part.decoded.kind === 'none') return;
		for (const p of part.decoded.problems)
			problems.push(`part ${i + 1} (${part.contentType}): ${p}`);
	});
	return problems;
}

/**
 * A message waiting body (RFC 3842 §5.2): a phone that cannot read it leaves its lamp as it was.
 * Plain text lines, cheap to read: decoded here rather than on the body-checking thread.
 */
function checkMessageSummary(text: string, m: SipMessage, body: Span, out: Problem[]): void {
	const { problems } = decodeMessageSummary(bodyText(text, m));
	if (problems.length)
		out.push(
			lintProblem(
				'body.bad-message-summary',
				body,
				`The message-summary body does not follow RFC 3842: ${problems.join('; ')}.`,
			),
		);
}

function isBlank(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
	}
	return true;
}

/**
 * When a body's first line is a header everyone knows (`Accept: ...`), an empty line most likely
 * fell among the headers (a copy's stray line): says so, since the headers after it went unread.
 */
function headerLikeBody(text: string, start: number, end: number): string {
	let lineEnd = text.indexOf('\n', start);
	if (lineEnd < 0 || lineEnd > end) lineEnd = end;
	const colon = text.indexOf(':', start);
	if (colon < 0 || colon >= lineEnd) return '';
	let nameEnd = colon;
	while (
		nameEnd > start &&
		(text.charCodeAt(nameEnd - 1) === 32 || text.charCodeAt(nameEnd - 1) === 9)
	)
		nameEnd--;
	if (nameEnd === start || !isCommonHeaderName(text, start, nameEnd)) return '';
	return ` Its first line is the header ${text.slice(start, nameEnd)}: an empty line among the headers may have ended them early, leaving the ones after it unread.`;
}

/**
 * A message/sipfrag body (a NOTIFY's for REFER, RFC 3515 §2.4.5) opens with a whole start line,
 * its CRLF included (RFC 3420 §2, RFC 3261 §7.1): one whose Content-Length counts the line
 * without it (AudioCodes' `SIP/2.0 100 Trying` in 18 octets) is refused by a strict parser
 * (Linphone answers 400). Judged where the body is that one line.
 */
function checkSipfragEnd(text: string, m: SipMessage, body: Span, out: Problem[]): void {
	if (m.contentLength === null || indexWithin(text, '\n', body.start, body.end) >= 0) return;
	let end = body.end;
	while (end > body.start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 13))
		end--;
	const line = text.slice(body.start, end);
	if (m.contentLength !== line.length || !sipfragStart.test(line)) return;
	out.push(
		lintProblem(
			'body.bad-sipfrag',
			body,
			`Content-Length counts the sipfrag's start line without the CRLF that ends it (${line.length} octets): a message/sipfrag opens with a whole Status-Line or Request-Line, CRLF included (RFC 3420 §2, RFC 3261 §7.1), and a strict parser refuses it.`,
		),
	);
}
// A start line ending as a reason phrase or a version does: not in a page's markup (`**`, a
// backtick), which a copy may have put where the CRLF was.
const sipfragStart = /^(?:SIP\/2\.0 \d{3} .*[\w)]|[A-Z]+ \S+ SIP\/2\.0)$/;

/**
 * `xml` with each name a copy broke at a line end with a hyphen joined again: a letter, `-`, the
 * line end, then a name's rest right before its `=` (`dir-` / `ection="initiator"`). As it is
 * where it has none.
 */
function withHyphenBreaksJoined(xml: string): string {
	if (!xml.includes('-\n') && !xml.includes('-\r\n')) return xml;
	return xml.replace(hyphenBreak, '$1');
}
const hyphenBreak = /([A-Za-z])-\r?\n[ \t]*(?=[a-z][\w.-]*=["'])/g;
