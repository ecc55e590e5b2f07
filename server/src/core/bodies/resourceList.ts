import type { DecodedBody } from './decodeBody';
import type { RlmiDocument } from './multipart';
import { summarize, type PresenceSummary } from './pidf';

/** One instance of a resource (RFC 4662 §5.2), with the body part its `cid` names. */
export interface ListInstance {
	readonly id: string | null;
	readonly state: string | null;
	readonly reason: string | null;
	readonly cid: string | null;
	/** Index of the part whose Content-ID is `cid`, or null (none named, or none found). */
	readonly part: number | null;
	/**
	 * A `cid` no part answers to, on a pending or terminated instance: such an instance has no
	 * state to carry, so no part is missing (see {@link resourceListOf}).
	 */
	readonly unansweredCid: boolean;
	/**
	 * The presence that part carries, when it is PIDF or a full partial-presence document
	 * (`<pidf-full>`, RFC 5262 §3, as an RLS that accepts `application/pidf-diff+xml` sends it).
	 */
	readonly presence: PresenceSummary | null;
	/** How many changes the part carries when it is a `<pidf-diff>` (only what changed); else null. */
	readonly changes: number | null;
}

/** A resource of the list, as the RLMI document names it, with its instances. */
export interface ListResource {
	readonly uri: string | null;
	readonly name: string | null;
	readonly instances: readonly ListInstance[];
}

/**
 * A resource list notification (RFC 4662 §5): the RLMI document that describes the list, each
 * resource's instances joined to the body parts holding their state. `problems` name a `cid` no
 * part answers to, and a part no instance names.
 */
export interface ResourceListBody {
	readonly rlmi: RlmiDocument;
	/** The RLMI part of a multipart body (its root), or null for a bare RLMI body. */
	readonly rootPart: number | null;
	readonly full: boolean | null;
	readonly version: number | null;
	readonly resources: readonly ListResource[];
	readonly problems: readonly string[];
}

/**
 * The resource list a decoded body carries: a multipart/related whose root part is RLMI (RFC 4662
 * §5), or a bare RLMI document; null for any other body. Each instance's `cid` is matched to the
 * part of that Content-ID (RFC 4662 §5.2; RFC 2392 without `cid:`).
 */
export function resourceListOf(decoded: DecodedBody): ResourceListBody | null {
	let rlmi: RlmiDocument;
	let rootPart: number | null = null;
	const parts = decoded.kind === 'multipart' ? decoded.parts : [];
	if (decoded.kind === 'rlmi') rlmi = decoded.rlmi;
	else if (decoded.kind === 'multipart' && decoded.root !== null) {
		const root = decoded.parts[decoded.root]!.decoded;
		if (root.kind !== 'rlmi') return null;
		rlmi = root.rlmi;
		rootPart = decoded.root;
	} else return null;
	const byId = new Map<string, number>();
	parts.forEach((p, i) => {
		if (p.contentId !== null && !byId.has(p.contentId)) byId.set(p.contentId, i);
	});
	const problems: string[] = [];
	const named = new Set<number>();
	const resources = rlmi.resources.map((r) => ({
		uri: r.uri,
		name: r.name,
		instances: r.instances.map((i): ListInstance => {
			const part = i.cid === null ? undefined : byId.get(i.cid);
			// The cid names the part holding the instance's state (RFC 4662 §5.2). A pending
			// instance has no state yet and a terminated one no more (its reason says why): the RFC's
			// examples give them no cid, and an RLS that writes one anyway (multifon.ru's names the
			// resource URI) leaves nothing out. Only an active instance without its part lost state.
			const stateless = i.state === 'pending' || i.state === 'terminated';
			const unanswered = i.cid !== null && part === undefined && rootPart !== null;
			if (unanswered && !stateless)
				problems.push(
					`the instance ${i.id ?? '?'} of ${r.uri ?? '?'} names the part <${i.cid}>, which the body does not have (RFC 4662 §5.2)`,
				);
			if (part !== undefined) named.add(part);
			const decodedPart = part === undefined ? null : parts[part]!.decoded;
			return {
				id: i.id,
				state: i.state,
				reason: i.reason,
				cid: i.cid,
				part: part ?? null,
				unansweredCid: unanswered && stateless,
				presence: partPresence(decodedPart),
				changes:
					decodedPart?.kind === 'pidf-diff' && decodedPart.pidfDiff.presence === null
						? decodedPart.pidfDiff.ops.length
						: null,
			};
		}),
	}));
	parts.forEach((p, i) => {
		if (i !== rootPart && !named.has(i))
			problems.push(
				`part ${i + 1}${p.contentId ? ` <${p.contentId}>` : ''} is named by no instance of the list (RFC 4662 §5.2)`,
			);
	});
	const fullState = rlmi.fullState?.trim().toLowerCase();
	const version =
		rlmi.version !== null && /^\d{1,10}$/.test(rlmi.version.trim()) ? Number(rlmi.version) : null;
	return {
		rlmi,
		rootPart,
		full:
			fullState === 'true' || fullState === '1'
				? true
				: fullState === 'false' || fullState === '0'
					? false
					: null,
		version,
		resources,
		problems,
	};
}

/** The whole presence a part gives: PIDF, or partial presence in its full form. */
function partPresence(decoded: DecodedBody | null): PresenceSummary | null {
	if (decoded?.kind === 'pidf') return summarize(decoded.presence);
	if (decoded?.kind === 'pidf-diff' && decoded.pidfDiff.presence)
		return summarize(decoded.pidfDiff.presence);
	return null;
}

const listTag = /<(?:[\w.-]{1,40}:)?list\s([^<>]{0,2000})>/g;
const versionAttr = /\sversion\s{0,8}=\s{0,8}(?:"(\d{1,10})"|'(\d{1,10})')/;
const fullStateAttr = /\sfullState\s{0,8}=\s{0,8}(?:"(\w{1,10})"|'(\w{1,10})')/;

/**
 * The version and fullState of the RLMI `<list>` in a body's text (RFC 4662 §5.2), read without
 * parsing it: the first `<list` start tag with a version, among the first few. The version rule
 * reads every NOTIFY of a list subscription; a whole decode is for hover.
 */
export function rlmiHead(
	text: string,
): { readonly version: number; readonly full: boolean | null } | null {
	listTag.lastIndex = 0;
	for (let k = 0; k < 20; k++) {
		const tag = listTag.exec(text);
		if (!tag) return null;
		const attrs = ` ${tag[1]!}`;
		const v = versionAttr.exec(attrs);
		if (!v) continue;
		const f = fullStateAttr.exec(attrs);
		const full = (f?.[1] ?? f?.[2])?.toLowerCase();
		return {
			version: Number(v[1] ?? v[2]),
			full:
				full === 'true' || full === '1' ? true : full === 'false' || full === '0' ? false : null,
		};
	}
	return null;
}
