import { piecesText, type CutText } from './joins';
import { indexWithin } from '../text/search';

// A message a web page HTML-escaped (a Homer or Siremis view, a blog, a forum): `&lt;sip:...&gt;`,
// `&lt;presence ...&gt;`. The page's text is kept as it is; only the reading goes through the
// entities, so a tag behind `&gt;;tag=` still names its dialog and a PIDF body still decodes.

/**
 * The header value [start, end) read through its entities, offsets in that reading mapped back
 * to the trace (an entity's offsets to where it stands). Null when the value holds none.
 */
export function entityText(text: string, start: number, end: number): CutText | null {
	const starts: number[] = [start];
	const ends: number[] = [];
	const seps: string[] = [];
	for (let at = start; at < end; at++) {
		if (text.charCodeAt(at) !== 38) continue;
		const entity = entityAt(text, at, end);
		if (entity < 0) continue;
		ends.push(at);
		seps.push(entities[entity]![1]);
		starts.push(at + entities[entity]![0].length);
	}
	if (seps.length === 0) return null;
	ends.push(end);
	return piecesText(text, starts, ends, seps);
}

/**
 * Is the body [start, end) a page's HTML-escaped copy? It holds `&lt;` and no `<`: no SIP body
 * (XML, SDP, a message summary) holds one without the other.
 */
export function isEscapedBody(text: string, start: number, end: number): boolean {
	// Searched within the body: a search on past it could run to the trace's end for each body.
	return indexWithin(text, '&lt;', start, end) >= 0 && indexWithin(text, '<', start, end) < 0;
}

/**
 * The characters the entities in [start, end) add to what was sent: what Content-Length, which
 * counts the octets sent, does not count.
 */
export function entityExcess(text: string, start: number, end: number): number {
	let excess = 0;
	for (let at = start; at < end; at++) {
		if (text.charCodeAt(at) !== 38) continue;
		const entity = entityAt(text, at, end);
		if (entity >= 0) excess += entities[entity]![0].length - 1;
	}
	return excess;
}

/** `body`, a page's HTML-escaped copy (see {@link isEscapedBody}), as it was sent. */
export function unescapeBody(body: string): string {
	let out = '';
	let from = 0;
	// One pass: `&amp;lt;` reads as the text `&lt;`, not as `<`.
	for (let at = body.indexOf('&'); at >= 0; at = body.indexOf('&', at + 1)) {
		const entity = entityAt(body, at, body.length);
		if (entity < 0) continue;
		out += body.slice(from, at) + entities[entity]![1];
		from = at + entities[entity]![0].length;
	}
	return out + body.slice(from);
}

/** How many `\_` and `\*` inside XML tags in [start, end): a Markdown page's escapes. */
export function markdownEscapesIn(text: string, start: number, end: number): number {
	// Most bodies hold no backslash: one search in compiled code settles them.
	if (indexWithin(text, '\\', start, end) < 0) return 0;
	let n = 0;
	let inTag = false;
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c === 60) inTag = true;
		else if (c === 62) inTag = false;
		else if (inTag && c === 92) {
			const next = text.charCodeAt(i + 1);
			if (next === 95 || next === 42) n++;
		}
	}
	return n;
}

/** The index in {@link entities} of the entity at `at` (its `&`) within `end`, or -1. */
function entityAt(text: string, at: number, end: number): number {
	for (let k = 0; k < entities.length; k++) {
		const name = entities[k]![0];
		if (at + name.length <= end && text.startsWith(name, at)) return k;
	}
	return -1;
}

/** The entities a page writes for the characters HTML gives a meaning to. */
const entities: readonly (readonly [string, string])[] = [
	['&lt;', '<'],
	['&gt;', '>'],
	['&quot;', '"'],
	['&amp;', '&'],
	['&apos;', "'"],
	['&#39;', "'"],
	['&#x27;', "'"],
];
