import type { SipMessage, Span } from '../model';
import { unescapeBody } from '../parser/htmlEntities';
import { hasBackslashEscapes, unescaped } from '../framing/backslashEscapes';

/**
 * The body of a message as text. Where the trace decorates each line (prefixes, indentation),
 * the body's lines are joined without the decoration; a line that a TCP segment boundary cut in
 * two (tcpdump, see `Frame.joins`) is read whole, without what lies between its pieces; an SDP
 * line the trace prints as a labelled value (tshark, see `Frame.keys`) is read as `t=value`.
 */
export function bodyText(text: string, message: SipMessage): string {
	const body = writtenBodyText(text, message);
	// A page that HTML-escaped the message (`&lt;presence ...&gt;`): its body read as sent.
	if (body.includes('&lt;') && !body.includes('<')) return unescapeBody(body);
	// A page converted to Markdown (a wiki's), which escaped `_` and `*`: no XML name or
	// attribute holds a backslash before them (`<digium\_presence ...>`). Most bodies hold no
	// backslash at all: that search settles them before the pattern's.
	if (message.contentType?.includes('xml') && body.includes('\\') && markdownEscape.test(body))
		return body.replace(markdownEscapes, '$1');
	return body;
}
const markdownEscape = /<[^<>]{0,200}\\[_*]/;
const markdownEscapes = /\\([_*])/g;

/** The body as the trace writes it, decoration left out. */
function writtenBodyText(text: string, message: SipMessage): string {
	const body = message.body;
	if (!body || body.end <= body.start) return '';
	const { lines, joins, keys } = message.frame;
	const breaks = message.bodyBreaks;
	if (!lines) return breaks ? unbroken(text, body, breaks) : text.slice(body.start, body.end);
	const parts: string[] = [];
	const escapes = hasBackslashEscapes(text, message.frame);
	let nextJoin = 0;
	let nextKey = 0;
	let joined = false;
	for (let i = 0; i < lines.length; i += 2) {
		const pair = i >> 1;
		while (keys && nextKey < keys.length && keys[nextKey]! < pair) nextKey += 2;
		if (lines[i]! >= body.start && lines[i + 1]! <= body.end) {
			let part = text.slice(lines[i], lines[i + 1]);
			if (escapes) part = unescaped(part);
			if (keys && keys[nextKey] === pair) part = `${text[lines[i]! - keys[nextKey + 1]!]}=${part}`;
			if (joined && parts.length) parts[parts.length - 1] += part;
			else parts.push(part);
		}
		while (joins && nextJoin < joins.length && joins[nextJoin]! < pair) nextJoin++;
		joined =
			(!!joins && nextJoin < joins.length && joins[nextJoin] === pair) ||
			(breaks !== null && breaks.includes(lines[i + 1]!));
	}
	return parts.join('\r\n');
}

/** The body without the line ends a copy put inside its lines (see `SipMessage.bodyBreaks`). */
function unbroken(text: string, body: Span, breaks: Int32Array): string {
	let out = '';
	let from = body.start;
	for (const at of breaks) {
		out += text.slice(from, at);
		from = text.indexOf('\n', at) + 1;
	}
	return out + text.slice(from, body.end);
}
