import { decodeBody } from '../core/bodies/decodeBody';
import { bodyText } from '../core/bodies/bodyText';
import { watcherinfoHead, type WatcherinfoDocument } from '../core/bodies/watcherinfo';
import type { SipMessage, TraceAnalysis } from '../core/model';
import { aorOf, userOf } from '../core/query';

// The outline asks for every NOTIFY's name: each watcherinfo body is decoded once, then kept.
const documents = new WeakMap<SipMessage, WatcherinfoDocument | null>();

/** The watcherinfo document a message carries (RFC 3858), decoded once, or null. */
export function watcherinfoOf(
	analysis: TraceAnalysis,
	message: SipMessage,
): WatcherinfoDocument | null {
	if (message.contentType !== 'application/watcherinfo+xml' || !message.body) return null;
	let doc = documents.get(message);
	if (doc === undefined) {
		const decoded = decodeBody(analysis.text, message);
		doc = decoded.kind === 'watcherinfo' ? decoded.watcherinfo : null;
		documents.set(message, doc);
	}
	return doc;
}

/** Watchers named in an outline entry; the rest are counted. */
const shown = 4;

/**
 * A short account of a watcherinfo body for the outline (RFC 3858 §3, §4):
 * `watchers: andrew waiting, bob active` for a full document, `no watchers` for an empty one,
 * `watchers changed: bob pending` for a partial one (only the watchers that changed).
 */
export function watchersSummary(analysis: TraceAnalysis, message: SipMessage): string | null {
	const doc = watcherinfoOf(analysis, message);
	if (!doc) return null;
	const watchers = doc.lists.flatMap((l) => l.watchers);
	const partial = doc.state === 'partial';
	if (!watchers.length) return partial ? 'no watcher changed' : 'no watchers';
	const names = watchers
		.slice(0, shown)
		.map((w) => `${userOf(aorOf(w.uri)) ?? w.uri ?? '?'} ${w.status ?? '?'}`);
	if (watchers.length > shown) names.push(`${watchers.length - shown} more`);
	return `${partial ? 'watchers changed' : 'watchers'}: ${names.join(', ')}`;
}

/**
 * The watcherinfo NOTIFY before `message` in its subscription (not a copy of it: another CSeq),
 * with both versions read from the documents' root tags; null when either is missing.
 */
export function previousWatcherinfo(
	analysis: TraceAnalysis,
	message: SipMessage,
): { previous: number; version: number; previousVersion: number } | null {
	if (message.contentType !== 'application/watcherinfo+xml') return null;
	const head = watcherinfoHead(bodyText(analysis.text, message));
	const notifies = analysis.index.subscriptionOf(message.index)?.notifies ?? [];
	if (!head) return null;
	for (let k = notifies.indexOf(message.index) - 1; k >= 0; k--) {
		const m = analysis.messages[notifies[k]!]!;
		if (m.contentType !== 'application/watcherinfo+xml' || !m.body) continue;
		if (analysis.index.originalOf(m.index) !== null) continue;
		if (m.cseq && message.cseq && m.cseq.seq === message.cseq.seq) continue;
		const before = watcherinfoHead(bodyText(analysis.text, m));
		if (!before) continue;
		return { previous: m.index, version: head.version, previousVersion: before.version };
	}
	return null;
}
