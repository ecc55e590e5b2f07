import { matchesCut, TextWithout } from './textWithout';

/*
 * A trace pasted into a mail client (or a forum fed by mail) comes back with the client's links
 * after what it took for addresses: `INVITE sip:95101@192.168.11.2<mailto:sip%3A95101@192.168.11.2>
 * SIP/2.0`, `Contact: <sip:user.info< http://user.info>;...`. The link breaks the start line and
 * each URI it follows (a password said in every URI, the Request-URI said invalid). Such a trace
 * is framed and read without the links, the frames put back on the trace's own offsets
 * (textWithout.ts), as one with break tags is (breakTags.ts).
 */

/** How many such links a trace must hold to be read without them. */
const enough = 2;

/** Where they are looked for: a mail's copy is short, a large log is not searched. */
const head = 1 << 16;

// A link right after a word, a dot or a bracket (what it links: never after white space, `:` or a
// quote, where a header's own `<mailto:...>` URI stands); or after a space, where it repeats the
// word before it (`sip:5431@94.241.67.137 <mailto:sip%3A5431@94.241.67.137>`, `<http://...>`).
const autoLink =
	/(?<=[\w.\]])<(?:mailto:| ?https?:\/\/)[^<>\s]+>| <(?:mailto:|https?:\/\/)([^<>\s]+)>/g;

/** Where the link `m` ends, or its start where it is no client's link (see {@link autoLink}). */
function linkEnd(source: string, m: RegExpExecArray): number {
	const end = m.index + m[0].length;
	const target = m[1];
	if (target === undefined) return end;
	let from = m.index;
	while (from > 0 && !/[\s<]/.test(source[from - 1]!)) from--;
	let linked = target;
	try {
		linked = decodeURIComponent(target);
	} catch {
		// A `%` that starts no escape: compared as written.
	}
	return from < m.index && source.slice(from, m.index) === linked ? end : m.index;
}

/** Does `text` hold a mail client's links after the addresses it pasted? */
export function holdsAutoLinks(text: string): boolean {
	const start = text.length > head ? text.slice(0, head) : text;
	if (!start.includes('<mailto:') && !start.includes('< http') && !start.includes('<http'))
		return false;
	let count = 0;
	autoLink.lastIndex = 0;
	for (let m = autoLink.exec(start); m; m = autoLink.exec(start))
		if (linkEnd(start, m) > m.index && ++count >= enough) return true;
	return false;
}

/** The trace without the links, and the way back to its offsets. */
export class WithoutAutoLinks extends TextWithout {
	constructor(source: string) {
		const { text, removals } = matchesCut(source, autoLink, (m) => linkEnd(source, m));
		super(source, text, removals);
	}
}
