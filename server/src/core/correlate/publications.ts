import { findHeader } from '../query';
import type { Problem, Publication, SipMessage } from '../model';
import { carriesBody } from './carriesBody';
import { fit } from './lists';
import type { Presentities } from './addresses';
import { challengeBit, Method, requestBit, responseBit, type MessageFacts } from './messageFacts';

const publishRequest = requestBit + Method.Publish;
const publishResponse = responseBit + Method.Publish;

interface MutablePublication {
	id: number;
	entity: string;
	event: string;
	publishes: number[];
	etags: string[];
}

/** The entity-tags of every publication whose 2xx issued none: one shared empty list. */
const noTags: string[] = [];

export interface PublicationIndex {
	readonly publications: readonly Publication[];
	readonly publicationOf: Int32Array;
	/** PUBLISH with SIP-If-Match -> the PUBLISH whose 2xx issued that entity-tag. */
	readonly refreshed: Int32Array;
	/** Accepted PUBLISHes that changed state (initial, modify, removal), in chronological order. */
	readonly stateChanges: readonly number[];
	/** PUBLISH (its publisher's copy, where a proxy forwarded it) -> the 2xx that accepted it. */
	readonly acceptedBy: Int32Array;
	/** 2xx to a PUBLISH -> the PUBLISH it accepted (its publisher's copy), -1 for none. */
	readonly acceptedRequest: Int32Array;
	/**
	 * 412 to a PUBLISH whose SIP-If-Match named a live publication's current entity-tag -> that
	 * publication: the server holds it no more (RFC 3903 §6 step 2), expired or lost.
	 */
	readonly lostBy: ReadonlyMap<number, number>;
}

/**
 * Publications (RFC 3903): the 2xx to a PUBLISH issues a SIP-ETag; later PUBLISHes name it in
 * SIP-If-Match to refresh (no body), modify (body) or remove (Expires: 0) the publication. A
 * request re-sent after a 401/407 belongs to the same attempt as the one challenged.
 */
export function buildPublications(
	messages: readonly SipMessage[],
	facts: MessageFacts,
	requestOf: (i: number) => number | null,
	challengedRequestOf: (retry: number) => number | null,
	isRetransmission: (i: number) => boolean,
	/** Where the PUBLISHes whose SIP-If-Match names a tag unknown or no longer live go. */
	notes: EtagNote[],
	addresses: Presentities,
	/** The message each one retransmits or copies, -1 for none (see transactions.ts). */
	originalOf?: Int32Array,
	/**
	 * A request a proxy forwarded -> the copy it received, -1 for none (see transactions.ts): a
	 * PUBLISH seen at two hops is one publication, sent by its publisher once.
	 */
	forwardedFrom?: Int32Array,
): PublicationIndex {
	const count = messages.length;
	const list: MutablePublication[] = [];
	const publicationOf = new Int32Array(count).fill(-1);
	const refreshed = new Int32Array(count).fill(-1);
	const acceptedBy = new Int32Array(count).fill(-1);
	const acceptedRequest = new Int32Array(count).fill(-1);
	const issuedBy = new Map<string, number>(); // entity-tag -> PUBLISH whose 2xx issued it
	const current = new Map<string, number>(); // live entity-tag -> publication id
	// Entity-tags a 2xx issued to a PUBLISH the trace does not hold (it starts after it): issued
	// all the same (RFC 3903 §6), though no PUBLISH here is the publication's.
	const issuedUnseen = new Set<string>();
	const stateChanges: number[] = [];
	const lostBy = new Map<number, number>();
	const { order, method: codes } = facts;
	// The copy its publisher sent of a PUBLISH a proxy forwarded (itself for most).
	const sent = (i: number): number => (forwardedFrom ? firstSent(i, forwardedFrom) : i);
	// A publisher's PUBLISH -> the copies proxies forwarded of it, in the order met.
	let copiesOf: Map<number, number[]> | undefined;
	for (let k = 0; k < order.length; k++) {
		const i = order[k]!;
		const code = codes[i]!;
		// Only PUBLISHes and their responses are read.
		if (code !== publishRequest && (code & ~challengeBit) !== publishResponse) continue;
		const m = messages[i]!;
		if (code === publishRequest) {
			if (isRetransmission(m.index)) continue;
			// A hop's copy: the publication is its publisher's copy's; the PUBLISH it refreshes is
			// the copy on its own hop of the one its publisher's copy refreshes (the entity-tag it
			// names came back in the 2xx on that hop), the same number of hops on.
			const first = sent(m.index);
			if (first !== m.index) {
				publicationOf[m.index] = publicationOf[first]!;
				const issuer = refreshed[first]!;
				const hops = hopsFrom(m.index, forwardedFrom!);
				const copies = (copiesOf ??= new Map()).get(first);
				if (copies) copies.push(m.index);
				else copiesOf.set(first, [m.index]);
				refreshed[m.index] =
					issuer >= 0
						? (copiesOf.get(issuer)?.find((c) => hopsFrom(c, forwardedFrom!) === hops) ?? issuer)
						: -1;
				continue;
			}
			const previous = challengedRequestOf(m.index);
			let pub: MutablePublication | undefined;
			if (previous !== null && publicationOf[previous] >= 0) pub = list[publicationOf[previous]!];
			if (m.sipIfMatch) {
				const issuer = issuedBy.get(m.sipIfMatch);
				if (issuer !== undefined) refreshed[m.index] = issuer;
				const live = current.get(m.sipIfMatch);
				pub ??=
					live !== undefined
						? list[live]
						: issuer !== undefined
							? list[publicationOf[issuer]!]
							: undefined;
				// Noted by message, worded with its spans once the pass is done (see `etagProblem`).
				if (issuer === undefined) {
					// A SIPp scenario's `[$3]` is the tag the scenario kept from a 2xx when it ran; a
					// PUBLISH the trace cut inside its headers (a snapshot length) may hold its tag cut.
					if (!issuedUnseen.has(m.sipIfMatch) && !isKeyword(m.sipIfMatch) && !m.cutShort)
						notes.push({ publish: m.index, issuer: -1 });
				} else if (live === undefined) notes.push({ publish: m.index, issuer });
			}
			if (!pub) {
				pub = {
					id: list.length,
					entity: addresses.of(m.requestUri) ?? '',
					event: m.event?.package ?? 'presence',
					publishes: [],
					etags: [],
				};
				list.push(pub);
			}
			publicationOf[m.index] = pub.id;
			pub.publishes.push(m.index);
		} else {
			const answered = requestOf(m.index);
			// The 2xx at either hop accepts the publisher's PUBLISH; the first one met accepts it.
			const request = answered === null ? null : sent(answered);
			if (request === null) {
				if (m.sipETag && m.status != null && m.status >= 200 && m.status < 300)
					issuedUnseen.add(m.sipETag);
				continue;
			}
			if (publicationOf[request] < 0) continue;
			const pub = list[publicationOf[request]!]!;
			publicationOf[m.index] = pub.id;
			const tag = messages[request]?.sipIfMatch;
			if (m.status === 412 && tag && current.get(tag) === pub.id && !isRetransmission(m.index)) {
				current.delete(tag);
				lostBy.set(m.index, pub.id);
				continue;
			}
			if (
				isRetransmission(m.index) ||
				m.status == null ||
				m.status < 200 ||
				m.status >= 300 ||
				acceptedBy[request] >= 0
			)
				continue;
			acceptedBy[request] = m.index;
			acceptedRequest[m.index] = request;
			const publish = messages[request];
			if (publish?.sipIfMatch) current.delete(publish.sipIfMatch);
			const removal = publish?.expires === 0;
			if (m.sipETag && !removal) {
				issuedBy.set(m.sipETag, request);
				current.set(m.sipETag, pub.id);
				pub.etags.push(m.sipETag);
			}
			// Initial, modify and removal change the state; a refresh (SIP-If-Match, no body) does not.
			const hasBody = !!publish && carriesBody(publish);
			if (publish && (removal || hasBody)) stateChanges.push(request);
		}
	}
	// In a function of its own: the pass above is optimised while it runs, and a loop after it in
	// this function, not run yet then, threw that code away and ran slow until optimised again.
	fitLists(list);
	// A PUBLISH sent again, or a log's second copy of it (sipdump's of a request Kamailio sends to
	// itself): its publication and the one it refreshes are its first sending's.
	if (originalOf) copyLinks(originalOf, codes, publicationOf, refreshed);
	return {
		publications: list,
		publicationOf,
		refreshed,
		stateChanges,
		acceptedBy,
		acceptedRequest,
		lostBy,
	};
}

/** The first copy of `request` along `forwardedFrom`: the one its sender sent. */
export function firstSent(request: number, forwardedFrom: Int32Array): number {
	let first = request;
	for (let up = forwardedFrom[first]!, n = 0; up >= 0 && n < forwardedFrom.length; n++) {
		first = up;
		up = forwardedFrom[up]!;
	}
	return first;
}

/** How many times a proxy forwarded `request` along `forwardedFrom` (0 for its sender's copy). */
export function hopsFrom(request: number, forwardedFrom: Int32Array): number {
	let hops = 0;
	for (let up = forwardedFrom[request]!; up >= 0 && hops < forwardedFrom.length; hops++)
		up = forwardedFrom[up]!;
	return hops;
}

/** Each PUBLISH that copies another takes that one's publication and refreshed PUBLISH. */
function copyLinks(
	originalOf: Int32Array,
	codes: Uint8Array,
	publicationOf: Int32Array,
	refreshed: Int32Array,
): void {
	for (let i = 0; i < originalOf.length; i++) {
		const first = originalOf[i]!;
		if (first < 0 || codes[i] !== publishRequest) continue;
		publicationOf[i] = publicationOf[first]!;
		refreshed[i] = refreshed[first]!;
	}
}

/**
 * A PUBLISH whose SIP-If-Match names an entity-tag that no 2xx in the trace issued (`issuer`
 * -1), or one that the 2xx to PUBLISH `issuer` issued and that was replaced or removed since.
 * Kept by message number, apart from its spans: an edit elsewhere that leaves the index as it
 * was moves the messages, and the problem is worded again where they now stand.
 */
/** A SIPp keyword standing for the value (`[$3]`, see parser/sippTemplate.ts). */
const isKeyword = (value: string): boolean => /^\[[\w$.:-]{1,60}\]$/.test(value);

export interface EtagNote {
	readonly publish: number;
	readonly issuer: number;
}

/**
 * The problems `note` stands for, at the spans `messages` have: the entity-tag unknown or no
 * longer current, and, for one no longer current, a final response of the server other than
 * 412 (among `responsesOf` the PUBLISH) that RFC 3903 §6 does not let it give.
 */
export function etagProblems(
	messages: readonly SipMessage[],
	note: EtagNote,
	responsesOf: (request: number) => readonly number[] | undefined,
	out: Problem[],
): void {
	out.push(etagProblem(messages, note));
	if (note.issuer < 0) return;
	for (const r of responsesOf(note.publish) ?? []) {
		const status = messages[r]!.status;
		if (status === null || status < 400 || notEtagRefusal.has(status)) continue;
		out.push({
			code: 'publish.stale-etag-not-412',
			severity: 'warning',
			span: messages[r]!.startLine,
			message: `${status} to a PUBLISH whose entity-tag was no longer current: a server that finds no publication with the SIP-If-Match tag answers 412 Conditional Request Failed (RFC 3903 §6 step 2), on which the publisher starts a new publication without it (§4.1); on ${status} it may send the stale tag again, or give up.`,
			rfc: { label: 'RFC 3903 §6', url: 'https://www.rfc-editor.org/rfc/rfc3903#section-6' },
			related: [
				{ span: messages[note.publish]!.startLine, message: 'the PUBLISH with the stale tag' },
			],
		});
	}
}
/**
 * Refusals that say something else than the tag: 412 itself, credentials asked for, an expiry
 * too brief, an event package not supported, no answer in time, the server overloaded.
 */
const notEtagRefusal = new Set([401, 407, 408, 412, 423, 489, 503, 504]);

/** The problem `note` stands for, at the spans `messages` have. */
function etagProblem(messages: readonly SipMessage[], note: EtagNote): Problem {
	const m = messages[note.publish]!;
	const span = findHeader(m, 'sip-if-match')?.value ?? m.startLine;
	if (note.issuer < 0) {
		// The section of what the PUBLISH does: removing (Expires: 0), modifying (a body) or
		// refreshing (neither) the publication the tag names; a body a copy left out still counts
		// through its Content-Length.
		const section = m.expires === 0 ? '4.5' : carriesBody(m) ? '4.4' : '4.3';
		return {
			code: 'publish.unknown-etag',
			severity: 'information',
			span,
			message: `No 2xx in this trace issued the entity-tag "${m.sipIfMatch}": the publication may predate the trace, or the tag is wrong (RFC 3903 §${section}).`,
			rfc: {
				label: `RFC 3903 §${section}`,
				url: `https://www.rfc-editor.org/rfc/rfc3903#section-${section}`,
			},
		};
	}
	return {
		code: 'publish.stale-etag',
		severity: 'warning',
		span,
		message: `The entity-tag "${m.sipIfMatch}" was replaced or removed earlier in this trace: expect 412 Conditional Request Failed (RFC 3903 §6).`,
		rfc: { label: 'RFC 3903 §6', url: 'https://www.rfc-editor.org/rfc/rfc3903#section-6' },
		related: [
			{ span: messages[note.issuer]!.startLine, message: 'the PUBLISH whose 2xx issued it' },
		],
	};
}

/** Each publication's PUBLISHes and entity-tags at their length. */
function fitLists(list: readonly MutablePublication[]): void {
	for (const pub of list) {
		pub.publishes = fit(pub.publishes);
		pub.etags = pub.etags.length === 0 ? noTags : pub.etags.slice();
	}
}
