// The presence a watcher holds after a partial notification (RFC 5263 §3, RFC 5262 §4): the last
// `<pidf-full>` of the subscription, with each later `<pidf-diff>` applied in version order. A
// `<pidf-diff>` alone says only what changed; this says what the state then is, as the watcher
// computes it, or why it cannot be known from the trace (no full state before it, a version
// missing, a patch that does not apply).
import type { SipMessage, TraceAnalysis } from '../model';
import { findHeader } from '../query';
import { bodyText } from './bodyText';
import { decodeBody } from './decodeBody';
import { boundaryOf, splitMultipart } from './multipart';
import { decodePidf, type PresenceDocument } from './pidf';
import { resourceListOf } from './resourceList';
import { applyPatch, operationsOf, readOrdered, toPlain, type XmlElement } from './xmlPatch';
import { isNotify } from '../parser/methods';

export type PartialState =
	| {
			readonly known: true;
			readonly presence: PresenceDocument;
			readonly version: string;
			/** The NOTIFY whose `<pidf-full>` the state starts from. */
			readonly full: number;
			/** How many `<pidf-diff>` documents were applied to it, this one included. */
			readonly diffs: number;
	  }
	| {
			readonly known: false;
			readonly why: string;
			/** The NOTIFY the reason is about (the one before a version gap), or null. */
			readonly message: number | null;
	  };

/** A watcher replays at most this many diffs for a hover: beyond, the trace is not read back. */
const maxReplay = 500;

// Each hover replays the subscription's NOTIFYs since its last full state: reading their XML (for
// a list, splitting its multipart first) is the costly part, so each message's document is read
// once and kept, by message (a message an edit did not touch keeps its own). Replays never change
// a kept document: they start from a copy of the full state ({@link asPresence}).
const wholeDocuments = new WeakMap<SipMessage, XmlElement | null>();
const resourceDocuments = new WeakMap<SipMessage, Map<string, XmlElement | null>>();

/**
 * For a NOTIFY whose body is a `<pidf-diff>`: the state after it. Null for any other message or
 * body (a `<pidf-full>` is its own state).
 */
export function partialStateAt(analysis: TraceAnalysis, index: number): PartialState | null {
	const message = analysis.messages[index];
	if (!message || !isNotify(message.method)) return null;
	const own = partialDocument(analysis, index);
	if (!own || own.name !== 'pidf-diff') return null;
	return replay(analysis, index, own, (at) => partialDocument(analysis, at), 'this subscription');
}

/**
 * For a resource list NOTIFY (RFC 4662 §5) whose part for the resource `uri` is a `<pidf-diff>`:
 * that resource's state after it. The RLS relays each resource's documents as its back-end
 * subscription gives them, so the resource's parts, NOTIFY after NOTIFY, are read as one
 * subscription's bodies (RFC 5262 §4.4 versions per document). Null when that part is no diff.
 */
export function listPartialStateAt(
	analysis: TraceAnalysis,
	index: number,
	uri: string,
): PartialState | null {
	const message = analysis.messages[index];
	if (!message || !isNotify(message.method)) return null;
	const own = resourceDocument(analysis, index, uri);
	if (!own || own.name !== 'pidf-diff') return null;
	return replay(analysis, index, own, (at) => resourceDocument(analysis, at, uri), 'this resource');
}

/**
 * The state after the NOTIFY `index`, whose document is `own`: back to the last `<pidf-full>` of
 * its subscription's NOTIFYs (`documentAt` reads each one's), then forward applying each diff.
 */
function replay(
	analysis: TraceAnalysis,
	index: number,
	own: XmlElement,
	documentAt: (notify: number) => XmlElement | null,
	whose: string,
): PartialState | null {
	const notifies = analysis.index.subscriptionOf(index)?.notifies ?? [index];
	const upTo = notifies.indexOf(index);
	if (upTo < 0) return null;
	let start = -1;
	for (let i = upTo - 1; i >= 0 && upTo - i <= maxReplay; i--) {
		if (analysis.index.originalOf(notifies[i]!) !== null) continue;
		if (documentAt(notifies[i]!)?.name === 'pidf-full') {
			start = i;
			break;
		}
	}
	if (start < 0)
		return {
			known: false,
			why: `no <pidf-full> of ${whose} comes before it in the trace: the state it changes is not known`,
			message: null,
		};
	const full = documentAt(notifies[start]!)!;
	let state: XmlElement = asPresence(full);
	let version = Number(full.attrs['version']);
	let diffs = 0;
	let previous = notifies[start]!;
	for (let i = start + 1; i <= upTo; i++) {
		const at = notifies[i]!;
		if (analysis.index.originalOf(at) !== null) continue;
		const doc = i === upTo ? own : documentAt(at);
		if (!doc) continue;
		const v = Number(doc.attrs['version']);
		if (doc.name === 'pidf-full') {
			state = asPresence(doc);
			version = v;
			previous = at;
			continue;
		}
		// RFC 5262 §4.4: each document's version is one above the previous one's; a watcher that
		// sees a gap has lost a notification, and one that sees the same version again a copy.
		if (v === version) continue;
		if (v !== version + 1)
			return {
				known: false,
				why: `its version ${doc.attrs['version'] ?? '(none)'} does not follow version ${version} of the NOTIFY before it: a notification is missing (RFC 5262 §4.4)`,
				message: previous,
			};
		const fault = applyPatch(state, operationsOf(doc));
		if (fault)
			return {
				known: false,
				why: `version ${v} does not apply to the state before it: ${fault}`,
				message: at,
			};
		version = v;
		previous = at;
		diffs++;
	}
	const presence = decodePidf({ presence: toPlain(state) as Record<string, unknown> });
	if (!presence)
		return { known: false, why: 'the state is not a presence document', message: null };
	return { known: true, presence, version: String(version), full: notifies[start]!, diffs };
}

/**
 * A `<pidf-full>` as the `<presence>` document it stands for (RFC 5262 §3): the diffs' selectors
 * name `presence` (or `*`) as their first step.
 */
function asPresence(full: XmlElement): XmlElement {
	return { ...cloneElement(full), name: 'presence' };
}

/** A deep copy of an element, for a patch to change in place. */
function cloneElement(element: XmlElement): XmlElement {
	return {
		name: element.name,
		attrs: { ...element.attrs },
		children: element.children.map((c) => (typeof c === 'string' ? c : cloneElement(c))),
	};
}

/** The `<pidf-full>` or `<pidf-diff>` element a message's whole body is, or null. */
function partialDocument(analysis: TraceAnalysis, index: number): XmlElement | null {
	const message = analysis.messages[index]!;
	let document = wholeDocuments.get(message);
	if (document === undefined) {
		const type = message.contentType;
		document =
			type !== null && type !== 'application/pidf-diff+xml'
				? null
				: partialRoot(bodyText(analysis.text, message));
		wholeDocuments.set(message, document);
	}
	return document;
}

/** The `<pidf-full>` or `<pidf-diff>` element a text is, or null. */
function partialRoot(text: string): XmlElement | null {
	const body = text.trim();
	if (!body.startsWith('<')) return null;
	const read = readOrdered(body);
	if (!('root' in read)) return null;
	const { root } = read;
	return root.name === 'pidf-full' || root.name === 'pidf-diff' ? root : null;
}

/**
 * The partial-presence document a resource list NOTIFY carries for the resource `uri`: the part
 * its RLMI instance names by `cid` (an active instance's first; RFC 4662 §5.2), or null.
 */
function resourceDocument(analysis: TraceAnalysis, index: number, uri: string): XmlElement | null {
	const message = analysis.messages[index]!;
	let documents = resourceDocuments.get(message);
	if (!documents) resourceDocuments.set(message, (documents = new Map()));
	let document = documents.get(uri);
	if (document === undefined) {
		document = readResourceDocument(analysis, message, uri);
		documents.set(uri, document);
	}
	return document;
}

/** {@link resourceDocument}, read from the message's body. */
function readResourceDocument(
	analysis: TraceAnalysis,
	message: SipMessage,
	uri: string,
): XmlElement | null {
	if (message.contentType !== 'multipart/related') return null;
	const decoded = decodeBody(analysis.text, message);
	const list = resourceListOf(decoded);
	const resource = list?.resources.find((r) => r.uri === uri);
	if (!resource) return null;
	const instance =
		resource.instances.find((i) => i.part !== null && i.state === 'active') ??
		resource.instances.find((i) => i.part !== null);
	if (!instance) return null;
	// The part's own text, as decodeBody split it (the same parts in the same order).
	const typeHeader = findHeader(message, 'content-type');
	const boundary = typeHeader
		? boundaryOf(analysis.text.slice(typeHeader.value.start, typeHeader.value.end))
		: null;
	if (!boundary) return null;
	const part = splitMultipart(bodyText(analysis.text, message), boundary)[instance.part!];
	return part ? partialRoot(part.body) : null;
}
