import { attr, children, textOf, type XmlNode } from './xml';

/** One watcher of a resource (RFC 3858 §3, the `watcher` element). */
export interface WatcherEntry {
	readonly uri: string | null;
	/** pending, active, waiting or terminated (the states of RFC 3857). */
	readonly status: string | null;
	/** What last changed the status: subscribe, approved, deactivated, probation, rejected... */
	readonly event: string | null;
	readonly id: string | null;
	readonly displayName: string | null;
	/** Seconds the watcher has been subscribed (`duration-subscribed`). */
	readonly durationSubscribed: string | null;
	/** Seconds until the subscription expires (`expiration`). */
	readonly expiration: string | null;
}

export interface WatcherList {
	readonly resource: string | null;
	readonly package: string | null;
	readonly watchers: readonly WatcherEntry[];
}

/** A watcherinfo document (RFC 3858 §3): who watches which resource, and in what state. */
export interface WatcherinfoDocument {
	readonly version: string | null;
	/** `full` (every watcher) or `partial` (only the watchers that changed), RFC 3858 §3 and §4. */
	readonly state: string | null;
	readonly lists: readonly WatcherList[];
}

export function decodeWatcherinfo(root: XmlNode): WatcherinfoDocument | null {
	const info = root['watcherinfo'];
	if (!info || typeof info !== 'object') return null;
	return {
		version: attr(info, 'version'),
		state: attr(info, 'state'),
		lists: children(info, 'watcher-list').map((l) => ({
			resource: attr(l, 'resource'),
			package: attr(l, 'package'),
			watchers: children(l, 'watcher').map((w) => ({
				uri: textOf(w),
				status: attr(w, 'status'),
				event: attr(w, 'event'),
				id: attr(w, 'id'),
				displayName: attr(w, 'display-name'),
				durationSubscribed: attr(w, 'duration-subscribed'),
				expiration: attr(w, 'expiration'),
			})),
		})),
	};
}

// The root's start tag (any namespace prefix) and its version attribute: bounded, so a huge or
// hostile body costs at most a scan of its head.
const rootTag = /<(?:[\w.-]{1,40}:)?watcherinfo\b([^<>]{0,2000})>/;
const versionAttr =
	/\sversion\s{0,8}=\s{0,8}(?:"\s{0,8}(\d{1,15})\s{0,8}"|'\s{0,8}(\d{1,15})\s{0,8}')/;
const stateAttr = /\sstate\s{0,8}=\s{0,8}["']\s{0,8}(full|partial)\s{0,8}["']/;

/**
 * The version and state of a watcherinfo document, read from its root's start tag alone (no XML
 * parse): what checking the order of a subscription's documents needs (RFC 3858 §4). Null
 * when the text has no watcherinfo root with a decimal version.
 */
export function watcherinfoHead(
	text: string,
): { readonly version: number; readonly state: 'full' | 'partial' | null } | null {
	const tag = rootTag.exec(text.slice(0, 4000));
	if (!tag) return null;
	const v = versionAttr.exec(` ${tag[1]!}`);
	if (!v) return null;
	const state = stateAttr.exec(` ${tag[1]!}`)?.[1];
	return {
		version: Number(v[1] ?? v[2]),
		state: state === 'full' || state === 'partial' ? state : null,
	};
}
