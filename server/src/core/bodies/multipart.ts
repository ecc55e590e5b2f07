/** One part of a multipart body (RFC 2046 §5.1), with its own headers. */
export interface BodyPart {
	readonly contentType: string | null;
	readonly contentId: string | null;
	readonly body: string;
}

/** The `boundary` parameter of a multipart Content-Type header value. */
export function boundaryOf(contentTypeValue: string): string | null {
	const m = /;\s*boundary\s*=\s*(?:"([^"]{1,200})"|([^\s;]{1,200}))/i.exec(contentTypeValue);
	return m ? (m[1] ?? m[2] ?? null) : null;
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
		let contentId: string | null = null;
		for (const line of head.split(/\r?\n/)) {
			// The value starts at a non-space, so the two runs of \s cannot trade characters.
			const m = /^([A-Za-z-]+)\s*:\s*(\S.*)?$/.exec(line);
			if (!m) continue;
			const name = m[1]!.toLowerCase();
			const value = m[2] ?? '';
			if (name === 'content-type' || name === 'c')
				contentType = value.split(';')[0]!.trim().toLowerCase();
			if (name === 'content-id') contentId = value.trim().replace(/^<|>$/g, '');
		}
		parts.push({ contentType, contentId, body: partBody });
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
