/** One part of a multipart body (RFC 2046 §5.1), with its own headers. */
export interface BodyPart {
	readonly contentType: string | null;
	/** The part's whole Content-Type value, parameters included (a nested multipart's boundary). */
	readonly contentTypeValue: string;
	/** Without its angle brackets (RFC 2045 §7), as an RLMI `cid` or a `start` parameter names it. */
	readonly contentId: string | null;
	readonly body: string;
}

// The Content-Type parameters the decoder reads, each its own literal pattern.
const paramPatterns = {
	boundary: /;\s{0,20}boundary\s{0,20}=\s{0,20}(?:"([^"]{0,500})"|([^\s;]{1,500}))/i,
	start: /;\s{0,20}start\s{0,20}=\s{0,20}(?:"([^"]{0,500})"|([^\s;]{1,500}))/i,
	type: /;\s{0,20}type\s{0,20}=\s{0,20}(?:"([^"]{0,500})"|([^\s;]{1,500}))/i,
} as const;

/**
 * A parameter of a Content-Type header value (RFC 2045 §5.1), quoted or not: `boundary`, and for
 * multipart/related the root part's `start` and `type` (RFC 2387 §3).
 */
export function contentTypeParam(
	contentTypeValue: string,
	name: keyof typeof paramPatterns,
): string | null {
	const m = paramPatterns[name].exec(contentTypeValue);
	return m ? (m[1] ?? m[2] ?? null) : null;
}

/** The `boundary` parameter of a multipart Content-Type header value. */
export function boundaryOf(contentTypeValue: string): string | null {
	const boundary = contentTypeParam(contentTypeValue, 'boundary');
	return boundary ? boundary.slice(0, 200) : null;
}

/**
 * A Content-ID as a `cid` names it: without angle brackets (RFC 2045 §7) or a `cid:` scheme
 * (RFC 2392 §2), so that `<a@b>`, `a@b` and `cid:a@b` are the same part.
 */
export function bareContentId(value: string): string {
	let id = value.trim();
	if (id.startsWith('<') && id.endsWith('>')) id = id.slice(1, -1).trim();
	if (/^cid:/i.test(id)) id = id.slice(4);
	return id;
}

/** Splits a multipart body at `--boundary` lines; the preamble and epilogue are dropped. */
export function splitMultipart(body: string, boundary: string): BodyPart[] {
	const delimiter = `--${boundary}`;
	const parts: BodyPart[] = [];
	const pieces = body.split(delimiter);
	for (let i = 1; i < pieces.length && parts.length < 100; i++) {
		const piece = pieces[i]!;
		if (piece.startsWith('--')) break; // the closing delimiter
		const content = piece.replace(/^[ \t]*\r?\n/, '');
		const split = /\r?\n\r?\n/.exec(content);
		const head = split ? content.slice(0, split.index) : content;
		const partBody = split
			? content.slice(split.index + split[0].length).replace(/\r?\n$/, '')
			: '';
		let contentType: string | null = null;
		let contentTypeValue = '';
		let contentId: string | null = null;
		// A part's header folded over lines (RFC 2045 §3 keeps RFC 822's folding): one line each.
		for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
			// The value starts at a non-space, so the two runs of \s cannot trade characters.
			const m = /^([A-Za-z-]+)\s*:\s*(\S.*)?$/.exec(line);
			if (!m) continue;
			const name = m[1]!.toLowerCase();
			const value = m[2] ?? '';
			if (name === 'content-type' || name === 'c') {
				contentType = value.split(';')[0]!.trim().toLowerCase();
				contentTypeValue = value;
			}
			if (name === 'content-id') contentId = bareContentId(value);
		}
		parts.push({ contentType, contentTypeValue, contentId, body: partBody });
	}
	return parts;
}

/** An RLMI document (RFC 4662 §5): the list and the state of each resource's instances. */
export interface RlmiDocument {
	readonly uri: string | null;
	readonly version: string | null;
	readonly fullState: string | null;
	readonly resources: readonly {
		uri: string | null;
		name: string | null;
		instances: readonly {
			id: string | null;
			state: string | null;
			cid: string | null;
			reason: string | null;
		}[];
	}[];
}
