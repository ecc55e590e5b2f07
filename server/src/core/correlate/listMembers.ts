/**
 * The resources whose state a resource list server's NOTIFY carries (RFC 4662 §5): its RLMI
 * document lists each resource of the list, and an instance of one that carries a part of the
 * body names it by `cid` (§5.2). A resource without such an instance (pending, terminated) or
 * left out of a partial-state document carries nothing here. Nested lists' RLMI documents are
 * parts of the same body and are read the same way. A scan of the body's text, linear in it: the
 * index reads it for each list NOTIFY, without decoding the parts.
 */
export function listMembers(body: string): string[] {
	const members: string[] = [];
	resourceTag.lastIndex = 0;
	let open = resourceTag.exec(body);
	while (open) {
		const close = body.indexOf('>', open.index);
		if (close < 0) break;
		const uri = uriAttribute.exec(body.slice(open.index, close));
		// The resource's element runs to the next resource's start, or to the end of the body.
		resourceTag.lastIndex = close;
		const next = resourceTag.exec(body);
		const end = next ? next.index : body.length;
		if (uri && namesPart(body.slice(close, end))) members.push(uri[1] ?? uri[2]!);
		open = next;
	}
	return members;
}

// `<resource ` or `<rl:resource>`, not `</resource>` nor `<resource-lists>`.
const resourceTag = /<(?:[A-Za-z_][\w.-]{0,30}:)?resource[\s>]/g;
const uriAttribute = /\suri\s*=\s*(?:"([^"]*)"|'([^']*)')/;

/** Does an `<instance>` in `segment` name the body part that carries its state (`cid`)? */
function namesPart(segment: string): boolean {
	instanceTag.lastIndex = 0;
	for (let m = instanceTag.exec(segment); m; m = instanceTag.exec(segment)) {
		// Each start tag read once, to its `>`: the search stays linear in the segment.
		const close = segment.indexOf('>', m.index);
		if (close < 0) return false;
		if (cidAttribute.test(segment.slice(m.index, close))) return true;
		instanceTag.lastIndex = close;
	}
	return false;
}
const instanceTag = /<(?:[A-Za-z_][\w.-]{0,30}:)?instance\s/g;
const cidAttribute = /\scid\s*=/;
