// The presence a watcher holds after a partial notification (RFC 5263 §3, RFC 5262 §4): the last
// `<pidf-full>` of the subscription, with each later `<pidf-diff>` applied in version order. A
// `<pidf-diff>` alone says only what changed; this says what the state then is, as the watcher
// computes it, or why it cannot be known from the trace (no full state before it, a version
// missing, a patch that does not apply).
import type { TraceAnalysis } from '../model';
import { bodyText } from './bodyText';
import { decodePidf, type PresenceDocument } from './pidf';
import { applyPatch, operationsOf, readOrdered, toPlain, type XmlElement } from './xmlPatch';

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

/**
 * For a NOTIFY whose body is a `<pidf-diff>`: the state after it. Null for any other message or
 * body (a `<pidf-full>` is its own state).
 */
export function partialStateAt(analysis: TraceAnalysis, index: number): PartialState | null {
	const message = analysis.messages[index];
	if (!message || message.method !== 'NOTIFY') return null;
	const own = partialDocument(analysis, index);
	if (!own || own.name !== 'pidf-diff') return null;
	const notifies = analysis.index.subscriptionOf(index)?.notifies ?? [index];
	const upTo = notifies.indexOf(index);
	if (upTo < 0) return null;
	// Back to the last full state, then forward applying each diff.
	let start = -1;
	for (let i = upTo - 1; i >= 0 && upTo - i <= maxReplay; i--) {
		if (analysis.index.originalOf(notifies[i]!) !== null) continue;
		if (partialDocument(analysis, notifies[i]!)?.name === 'pidf-full') {
			start = i;
			break;
		}
	}
	if (start < 0)
		return {
			known: false,
			why: 'no <pidf-full> of this subscription comes before it in the trace: the state it changes is not known',
			message: null,
		};
	const full = partialDocument(analysis, notifies[start]!)!;
	let state: XmlElement = asPresence(full);
	let version = Number(full.attrs['version']);
	let diffs = 0;
	let previous = notifies[start]!;
	for (let i = start + 1; i <= upTo; i++) {
		const at = notifies[i]!;
		if (analysis.index.originalOf(at) !== null) continue;
		const doc = i === upTo ? own : partialDocument(analysis, at);
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
	return { ...full, name: 'presence' };
}

/** The `<pidf-full>` or `<pidf-diff>` element a message's whole body is, read afresh, or null. */
function partialDocument(analysis: TraceAnalysis, index: number): XmlElement | null {
	const message = analysis.messages[index]!;
	const type = message.contentType;
	if (type !== null && type !== 'application/pidf-diff+xml') return null;
	const body = bodyText(analysis.text, message).trim();
	if (!body.startsWith('<')) return null;
	const read = readOrdered(body);
	if (!('root' in read)) return null;
	const { root } = read;
	return root.name === 'pidf-full' || root.name === 'pidf-diff' ? root : null;
}
