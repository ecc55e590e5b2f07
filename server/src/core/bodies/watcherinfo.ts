import { attr, children, textOf, type XmlNode } from './xml';
import { attributeChecks, documentStates } from './attributeChecks';

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

const watcherStatuses = new Set(['pending', 'active', 'waiting', 'terminated']);
const watcherEvents = new Set([
	'subscribe',
	'approved',
	'deactivated',
	'probation',
	'rejected',
	'timeout',
	'giveup',
	'noresource',
]);
const unsigned = /^\d{1,20}$/;

/**
 * Reads a watcherinfo document, or null when the root is not `<watcherinfo>`. What the schema of
 * RFC 3858 §4 requires and is missing or out of its range is listed in `problems`: a watcher
 * without an id cannot be followed from one partial document to the next (§3), and a status or
 * event outside the lists is one a subscriber cannot act on.
 */
export function decodeWatcherinfo(
	root: XmlNode,
): { watcherinfo: WatcherinfoDocument; problems: string[] } | null {
	const info = root['watcherinfo'];
	if (!info || typeof info !== 'object') return null;
	const problems: string[] = [];
	const { required, oneOf, count } = attributeChecks(problems, unsigned);
	const version = required(info, 'version', '<watcherinfo>');
	count(version, '<watcherinfo> version');
	const state = required(info, 'state', '<watcherinfo>');
	oneOf(state, documentStates, '<watcherinfo> state');
	const lists = children(info, 'watcher-list').map((l, li) => {
		const resource = required(l, 'resource', `<watcher-list> ${li + 1}`);
		const list = `<watcher-list> ${resource ?? li + 1}`;
		const pkg = required(l, 'package', list);
		const watchers = children(l, 'watcher').map((w, wi) => {
			const uri = textOf(w);
			const at = `<watcher> ${uri ?? wi + 1} of ${resource ?? `list ${li + 1}`}`;
			if (uri === null) problems.push(`${at} has no URI`);
			const entry: WatcherEntry = {
				uri,
				status: required(w, 'status', at),
				event: required(w, 'event', at),
				id: required(w, 'id', at),
				displayName: attr(w, 'display-name'),
				durationSubscribed: attr(w, 'duration-subscribed'),
				expiration: attr(w, 'expiration'),
			};
			oneOf(entry.status, watcherStatuses, `${at} status`);
			oneOf(entry.event, watcherEvents, `${at} event`);
			count(entry.durationSubscribed, `${at} duration-subscribed`);
			count(entry.expiration, `${at} expiration`);
			return entry;
		});
		return { resource, package: pkg, watchers };
	});
	return { watcherinfo: { version, state, lists }, problems };
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
