import { attr, children, textOf, type XmlNode } from './xml';

export interface WatcherEntry {
	readonly uri: string | null;
	readonly status: string | null;
	readonly event: string | null;
	readonly id: string | null;
	readonly displayName: string | null;
}

export interface WatcherList {
	readonly resource: string | null;
	readonly package: string | null;
	readonly watchers: readonly WatcherEntry[];
}

/** A watcherinfo document (RFC 3857 §5): who watches which resource, and in what state. */
export interface WatcherinfoDocument {
	readonly version: string | null;
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
			})),
		})),
	};
}
