import { decodeBody } from '../core/bodies/decodeBody';
import {
	resourceListOf,
	type ListResource,
	type ResourceListBody,
} from '../core/bodies/resourceList';
import type { SipMessage, TraceAnalysis } from '../core/model';
import { aorOf, userOf } from '../core/query';
import { presenceText } from './presence';

/** The bodies that carry an RLMI document: alone, or as the root of multipart/related. */
const listTypes = new Set(['multipart/related', 'application/rlmi+xml']);

// The outline asks for every NOTIFY's name: each list body is decoded once, then kept.
const lists = new WeakMap<SipMessage, ResourceListBody | null>();

/** The resource list a NOTIFY body carries (RFC 4662 §5), decoded once, or null. */
export function resourceListOfMessage(
	analysis: TraceAnalysis,
	message: SipMessage,
): ResourceListBody | null {
	if (!message.contentType || !listTypes.has(message.contentType) || !message.body) return null;
	let list = lists.get(message);
	if (list === undefined) {
		list = resourceListOf(decodeBody(analysis.text, message));
		lists.set(message, list);
	}
	return list;
}

/** `linda`, or the resource's display name, or its URI. */
export function resourceLabel(r: ListResource): string {
	return userOf(aorOf(r.uri)) ?? r.name ?? r.uri ?? '?';
}

/**
 * What a resource's instances say, in a few words: the presence of the part each names
 * (`busy: "In a meeting"`), else the instance's state (`pending`, `terminated (rejected)`);
 * `no state yet` when the RLS lists the resource without an instance (RFC 4662 §5.2: it has no
 * subscription state for it, as in the first NOTIFY, before its back-end subscriptions answered).
 */
export function resourceState(r: ListResource): string {
	if (!r.instances.length) return 'no state yet';
	return r.instances
		.map((i) => {
			const presence = i.presence ? presenceText(i.presence) : null;
			if (presence) return presence;
			return `${i.state ?? '?'}${i.reason ? ` (${i.reason})` : ''}`;
		})
		.join(', ');
}

/** Resources named in an outline entry; the rest are counted. */
const shown = 4;

/**
 * A short account of a resource list NOTIFY for the outline:
 * `list v2 full: linda busy: "In a meeting"; bob open: "Available"`, `list v3 partial: linda open`
 * (a partial-state document names only the resources that changed), or null for another body.
 */
export function listSummary(analysis: TraceAnalysis, message: SipMessage): string | null {
	const list = resourceListOfMessage(analysis, message);
	if (!list) return null;
	const head = `list${list.version !== null ? ` v${list.version}` : ''}${
		list.full === true ? ' full' : list.full === false ? ' partial' : ''
	}`;
	if (!list.resources.length) return `${head}: no resources`;
	const names = list.resources
		.slice(0, shown)
		.map((r) => `${resourceLabel(r)} ${resourceState(r)}`);
	if (list.resources.length > shown) names.push(`${list.resources.length - shown} more`);
	return `${head}: ${names.join('; ')}`;
}

/**
 * The list NOTIFY before `message` in its subscription (another CSeq: not a copy of it), or null.
 */
export function previousListNotify(
	analysis: TraceAnalysis,
	message: SipMessage,
): { message: SipMessage; list: ResourceListBody } | null {
	const notifies = analysis.index.subscriptionOf(message.index)?.notifies ?? [];
	for (let k = notifies.indexOf(message.index) - 1; k >= 0; k--) {
		const m = analysis.messages[notifies[k]!]!;
		if (m.cseq && m.cseq.seq === message.cseq?.seq) continue;
		const list = resourceListOfMessage(analysis, m);
		if (list) return { message: m, list };
	}
	return null;
}
