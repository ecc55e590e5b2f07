/**
 * What of a published document a NOTIFY repeats when it carries that state: the text of each
 * XML element (a note, a basic status, a contact, a timestamp), white space collapsed, or each
 * line of a body that is not XML (a message summary's). A presence server composes and may
 * reformat the documents it publishes, but keeps their texts.
 */
export function stateTokens(body: string): Set<string> {
	const tokens = new Set<string>();
	const xml = body.includes('<');
	const pattern = xml ? elementText : bodyLine;
	pattern.lastIndex = 0;
	for (let m = pattern.exec(body); m && tokens.size < maxTokens; m = pattern.exec(body)) {
		const token = m[1]!.trim().replace(/\s+/g, ' ');
		if (token) tokens.add(token);
	}
	return tokens;
}

const elementText = />([^<>]{1,2000})</g;
const bodyLine = /([^\r\n]{1,2000})/g;
/** Enough to tell two states apart; a hostile body does not make the set grow without bound. */
const maxTokens = 500;

/**
 * Does a NOTIFY (its tokens) carry the new state rather than the one before it? `fresh`: the new
 * document's tokens that the previous one lacked; `stale`: the previous one's that the new one
 * dropped. The new state where most of what it added is there and more of it than of what it
 * dropped; a removal's (no new document), where at most half of what it dropped is left (the
 * document a server sends for no publication, a bare `closed`, may share a word with it).
 */
export function carriesNewState(
	notify: ReadonlySet<string>,
	fresh: ReadonlySet<string>,
	stale: ReadonlySet<string>,
	removal: boolean,
): boolean {
	let foundStale = 0;
	for (const token of stale) if (notify.has(token)) foundStale++;
	if (removal) return stale.size > 0 && foundStale * 2 <= stale.size;
	let foundFresh = 0;
	for (const token of fresh) if (notify.has(token)) foundFresh++;
	return foundFresh * 2 > fresh.size && foundFresh > foundStale;
}

/** The tokens of `a` that `b` lacks. */
export function without(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
	const out = new Set<string>();
	for (const token of a) if (!b.has(token)) out.add(token);
	return out;
}
