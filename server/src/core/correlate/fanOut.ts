import type { Frame, SipMessage } from '../model';
import { clockBetween, clockOf, type Clock } from '../text/clock';
import { carriesBody } from './carriesBody';
import { carriesNewState, stateTokens, without } from './stateTokens';
import { Pairs, sorted } from './lists';
import { Method, requestBit, responseBit, type MessageFacts } from './messageFacts';
import { firstSent, type PublicationIndex } from './publications';
import type { SubscriptionIndex } from './subscriptions';
import type { Presentities } from './addresses';
import { listMembers } from './listMembers';
import { bodyText } from '../bodies/bodyText';

export interface FanOut {
	/** NOTIFY -> the last accepted, state-changing PUBLISH of its presentity and event. */
	readonly publishOf: Int32Array;
	/** NOTIFY -> the latest change of each publication live at it, in file order. */
	publishesOf(notify: number): readonly number[] | undefined;
	/** PUBLISH -> the NOTIFYs that carried its state or reported it as the last change. */
	notifiesOf(publish: number): readonly number[] | undefined;
}

const publishRequest = requestBit + Method.Publish;
const publishResponse = responseBit + Method.Publish;
const notifyRequest = requestBit + Method.Notify;

/** How many changes back a NOTIFY composed before newer PUBLISHes is looked for. */
const maxStepsBack = 8;

/** Event packages whose notifier composes the state of several publications. */
const composing = new Set(['presence', 'dialog']);

/**
 * Which NOTIFYs carried the state of which PUBLISHes. A presence server is an event state
 * compositor (RFC 3903 §4, §6; RFC 4479 §3.3): every NOTIFY with a body carries the composition
 * of all the live publications of the presentity, one per publishing device, each with its own
 * entity-tags. How state composes is the event package's to say (RFC 3903 §4): presence
 * (RFC 3856, RFC 4479) and dialog (RFC 4235: one document listing the dialogs of every source)
 * compose; of any other package, a NOTIFY carries the last change of those still live alone
 * (Kamailio sends the last published reg or message-summary document, whatever else is live,
 * and after a removal or expiry of it the one published before). A publication lives from the
 * 2xx to its initial PUBLISH (or from a NOTIFY before that 2xx that carries it, see
 * acceptedEarly) until a 2xx accepts its removal (Expires: 0) or until it expires (the Expires
 * of its last 2xx, else of that PUBLISH, when the trace has times); what it contributes is the
 * body of its last accepted initial or modifying PUBLISH (a refresh changes nothing, RFC 3903
 * §4.3). `publishOf` keeps the last change of any publication, a removal included (of a package
 * that does not compose, the change the NOTIFY carries, where one is live). Where the order cannot
 * tell (a watcher owed several changes, a NOTIFY that repeats its last), the body says which
 * change of each publication a NOTIFY carries (`stateCarried`); a proxy's copy of a NOTIFY
 * carries what the notifier's copy carried. One pass in
 * chronological order; each NOTIFY looks only at the few publications of its own presentity.
 */
export function buildFanOut(
	text: string,
	messages: readonly SipMessage[],
	facts: MessageFacts,
	isRetransmission: (i: number) => boolean,
	subs: SubscriptionIndex,
	pubs: PublicationIndex,
	addresses: Presentities,
	/** The message each one retransmits, -1 for none (see transactions.ts). */
	originalOf?: Int32Array,
	/** A request a proxy forwarded -> the copy it received, -1 for none (see transactions.ts). */
	forwardedFrom?: Int32Array,
): FanOut {
	const count = messages.length;
	const publishOf = new Int32Array(count).fill(-1);
	// NOTIFY -> its list in `composedLists`: consecutive NOTIFYs of a presentity share one list.
	let composedOf: Int32Array | null = null;
	const composedLists: (readonly number[])[] = [];
	// Each (PUBLISH, NOTIFY that carried it), in the order met: a NOTIFY carries about as many
	// publications as its presentity has devices, and the pairs of a trace outnumber its
	// messages; kept flat, and grouped by PUBLISH once at the end.
	const carried = new Pairs();
	const changes = new Uint8Array(count);
	for (let c = 0; c < pubs.stateChanges.length; c++) changes[pubs.stateChanges[c]!] = 1;
	// Presentity + event, numbered: one key string per subscription and publication, made once
	// (not once per NOTIFY), and the state of each presentity in arrays by that number.
	const presentities = new Map<string, number>();
	const presentity = (resource: string, event: string): number => {
		const key = `${resource}\u0000${event}`;
		let n = presentities.get(key);
		if (n === undefined) {
			presentities.set(key, (n = presentities.size));
			latest.push(-1);
			changesMade.push(0);
			live.push(undefined);
			lastComposed.push(-1);
		}
		return n;
	};
	const subscriptionPresentity: (number | undefined)[] = [];
	const publicationPresentity: (number | undefined)[] = [];
	// By presentity: its last change (-1: none yet), and the publications live there.
	const latest: number[] = [];
	// By presentity: how many changes it has had.
	const changesMade: number[] = [];
	const live: (LiveSet | undefined)[] = [];
	// By publication: its place in its presentity's LiveSet, -1 when not live.
	const livePlace = new Int32Array(pubs.publications.length).fill(-1);
	// By presentity: the list the last NOTIFY carried, in `composedLists` (-1: none yet).
	const lastComposed: number[] = [];
	// The publications one NOTIFY carries, gathered here for every NOTIFY and copied into an
	// array only when they make a new list.
	let composed = new Int32Array(16);
	// A 2xx to a PUBLISH and a NOTIFY are each read in a function of their own, not in the loop:
	// the loop is optimised while it runs, often before any NOTIFY has met a live publication,
	// and a path of its body met first after that threw its optimised code away mid-trace.
	const accepted = (i: number, m: SipMessage): void => {
		const publish = pubs.acceptedRequest[i]!;
		if (publish < 0) {
			// A 412 to a refresh or modify of a live publication: the server no longer holds it.
			const lost = pubs.lostBy.get(i);
			const key = lost === undefined ? undefined : publicationPresentity[lost];
			if (key !== undefined) live[key]?.remove(lost!, livePlace);
			return;
		}
		const id = pubs.publicationOf[publish]!;
		const pub = pubs.publications[id]!;
		const key = (publicationPresentity[id] ??= presentity(pub.entity, pub.event));
		const request = messages[publish]!;
		const change = changes[publish] === 1;
		if (change) {
			latest[key] = publish;
			changesMade[key]++;
		}
		let set = live[key];
		if (change) {
			acceptedAt[publish] = now;
			const e = set ? livePlace[id]! : -1;
			if (e >= 0 && set!.change[e]! >= 0 && set!.change[e] !== publish)
				(previousChange ??= new Int32Array(count).fill(-1))[publish] = set!.change[e]!;
		}
		if (request.expires === 0) {
			set?.remove(id, livePlace);
			return;
		}
		if (!set) live[key] = set = new LiveSet();
		const seconds = m.expires ?? request.expires;
		set.put(
			id,
			change ? publish : -1,
			clockOf(m.frame),
			seconds !== null && Number.isFinite(seconds) ? seconds : null,
			livePlace,
		);
	};
	// A resource list server's NOTIFY: the state of each member resource its RLMI lists with a
	// part (RFC 4662 §5), each member's live publications as a NOTIFY of its own would carry them.
	const listNotify = (i: number, m: SipMessage, event: string): void => {
		let n = 0;
		let newest = -1;
		for (const uri of listMembers(bodyText(text, m))) {
			const resource = addresses.of(uri);
			if (resource === null) continue;
			const key = presentity(resource, event);
			const publish = latest[key]!;
			const set = live[key];
			if (publish < 0 || !set) continue;
			set.dropExpired(m.frame, livePlace);
			if (composed.length < n + set.size) composed = grown(composed, n + set.size);
			for (let e = 0; e < set.size; e++) {
				const change = set.change[e]!;
				if (change < 0 || !(composing.has(event) || change === publish)) continue;
				composed[n++] = change;
				if (newest < 0 || rank[change]! > rank[newest]!) newest = change;
			}
		}
		if (n === 0) return;
		publishOf[i] = newest;
		sortedInts(composed, n);
		const list = Array.from(new Set(composed.subarray(0, n)));
		(composedOf ??= new Int32Array(count).fill(-1))[i] = composedLists.length;
		composedLists.push(list);
		for (const change of list) carried.add(change, i);
	};
	// The texts of changes' documents and of the NOTIFY read last, for the few NOTIFYs whose body
	// says what they carry (a publication's last second, a NOTIFY composed before newer changes).
	const changeTokens = new Map<number, Set<string>>();
	let notifyTokens: { i: number; tokens: Set<string> } | null = null;
	const tokensOfChange = (change: number): Set<string> => {
		let own = changeTokens.get(change);
		if (!own) changeTokens.set(change, (own = stateTokens(bodyText(text, messages[change]!))));
		return own;
	};
	const tokensOfNotify = (i: number, m: SipMessage): Set<string> => {
		if (notifyTokens?.i !== i) notifyTokens = { i, tokens: stateTokens(bodyText(text, m)) };
		return notifyTokens.tokens;
	};
	/** Does NOTIFY i's body lack most of what PUBLISH `change` published? */
	const lacksChange = (change: number, i: number, m: SipMessage): boolean => {
		if (change < 0) return false;
		const own = tokensOfChange(change);
		if (own.size === 0) return false;
		const body = tokensOfNotify(i, m);
		let found = 0;
		for (const token of own) if (body.has(token)) found++;
		return found * 2 <= own.size;
	};
	// Where the pass is; a change -> the change of its publication it replaced (-1: none) and where
	// it was accepted; per subscription, its last NOTIFY with a body (-1: none yet) and how many
	// changes its presentity had had then.
	let now = 0;
	let previousChange: Int32Array | null = null;
	const acceptedAt = new Int32Array(count);
	const lastNotify = new Int32Array(subs.subscriptions.length).fill(-1);
	const changesSeen = new Int32Array(subs.subscriptions.length);
	/**
	 * The change of one publication that NOTIFY i carries, `change` being its last: a server that
	 * composed the NOTIFY before it took newer PUBLISHes in sends it after their 2xx (Kamailio,
	 * PUBLISHes in quick succession, a TCP connection that held the NOTIFY), and its body, not
	 * its place, says which state it carries. Back from `change` while the body lacks most of
	 * what a change added, no further than the state the watcher last had (`since`: where its
	 * last NOTIFY was); the change found must show in the body more than the last one does.
	 */
	const stateCarried = (i: number, m: SipMessage, change: number, since: number): number => {
		if (!previousChange || previousChange[change]! < 0 || acceptedAt[change]! < since)
			return change;
		const body = tokensOfNotify(i, m);
		let found = change;
		for (let steps = 0; steps < maxStepsBack && acceptedAt[found]! >= since; steps++) {
			const before = previousChange[found]!;
			if (before < 0) break;
			const own = tokensOfChange(found);
			const then = tokensOfChange(before);
			if (carriesNewState(body, without(own, then), without(then, own), false)) break;
			found = before;
		}
		if (found === change) return change;
		const own = tokensOfChange(found);
		const last = tokensOfChange(change);
		return carriesNewState(body, without(own, last), without(last, own), false) ? found : change;
	};
	const notify = (i: number, m: SipMessage): void => {
		if (!carriesBody(m) || isRetransmission(i)) return;
		// A proxy's copy on the next hop: read below, from the notifier's.
		if (forwardedFrom && forwardedFrom[i]! >= 0) return;
		const subId = subs.subscriptionOf[i]!;
		const sub = subId >= 0 ? subs.subscriptions[subId] : undefined;
		if (!sub?.resource) return;
		const key = (subscriptionPresentity[subId] ??= presentity(sub.resource, sub.event));
		let publish = latest[key]!;
		if (publish < 0) {
			if (m.contentType === 'multipart/related') listNotify(i, m, sub.event);
			return;
		}
		const composes = composing.has(sub.event);
		let n = 0;
		let carriesPublish = false;
		const set = live[key];
		if (set) {
			if (composed.length < set.size) composed = new Int32Array(set.size * 2);
			// Expired publications leave the set here: gone for later NOTIFYs too.
			set.dropExpired(m.frame, livePlace, (change) => lacksChange(change, i, m));
			// Of a package that does not compose, the notifier sends the state last published of
			// those still live: after the newest was removed or expired, the one before it
			// (Kamailio's message-summary), not nothing.
			if (!composes) publish = set.newest() ?? publish;
			// The last change's publication expired or was lost (a 412 to its refresh): the
			// state is what is still live, its last change the link. A removal stays the link
			// of the NOTIFYs that tell it.
			else if (messages[publish]!.expires !== 0 && !set.has(publish)) publish = set.newest() ?? -1;
			// The body is read only where the watcher was owed several changes since its last
			// NOTIFY, or where this one repeats that one: each NOTIFY of the usual fan-out, one
			// per change, carries that change.
			const before = lastNotify[subId]!;
			const since = before >= 0 ? rank[before]! : -1;
			const owed = changesMade[key]! - changesSeen[subId]!;
			lastNotify[subId] = i;
			changesSeen[subId] = changesMade[key]!;
			const read =
				before >= 0 && (owed >= 2 || (owed === 1 && sameBody(text, messages[before]!, m)));
			const newest = publish;
			if (read && publish >= 0 && messages[publish]!.expires !== 0)
				publish = stateCarried(i, m, publish, since);
			for (let e = 0; e < set.size; e++) {
				let change = set.change[e]!;
				if (change === newest) change = publish;
				else if (read && change >= 0 && composes) change = stateCarried(i, m, change, since);
				if (change >= 0 && (composes || change === publish)) {
					composed[n++] = change;
					if (change === publish) carriesPublish = true;
				}
			}
		} else if (messages[publish]!.expires !== 0) publish = -1;
		publishOf[i] = publish;
		if (n > 0) {
			sortedInts(composed, n);
			// Every watcher's NOTIFY after a change carries the same list: one array for all of them.
			const previous = lastComposed[key]!;
			if (previous < 0 || !sameList(composedLists[previous]!, composed, n)) {
				lastComposed[key] = composedLists.length;
				composedLists.push(Array.from(composed.subarray(0, n)));
			}
			(composedOf ??= new Int32Array(count).fill(-1))[i] = lastComposed[key]!;
			for (let c = 0; c < n; c++) carried.add(composed[c]!, i);
		}
		if (!carriesPublish && publish >= 0) carried.add(publish, i);
	};
	const { order, method: codes } = facts;
	// Where each message stands in time: the newest of a list NOTIFY's members' changes is its link.
	const rank = new Int32Array(count);
	for (let k = 0; k < order.length; k++) rank[order[k]!] = k;
	const early = acceptedEarly(
		text,
		messages,
		order,
		codes,
		pubs,
		changes,
		(publish) => {
			const id = pubs.publicationOf[publish]!;
			const pub = pubs.publications[id]!;
			return (publicationPresentity[id] ??= presentity(pub.entity, pub.event));
		},
		(i) => {
			const subId = subs.subscriptionOf[i]!;
			const sub = subId >= 0 ? subs.subscriptions[subId] : undefined;
			if (!sub?.resource || isRetransmission(i) || !carriesBody(messages[i]!)) return -1;
			return (subscriptionPresentity[subId] ??= presentity(sub.resource, sub.event));
		},
		originalOf,
		forwardedFrom,
	);
	for (let k = 0; k < order.length; k++) {
		const i = order[k]!;
		const code = codes[i]!;
		now = k;
		// Only responses to PUBLISH (which accept one) and NOTIFYs are read.
		if (code === publishResponse) {
			if (early?.at[i] !== 1) accepted(i, messages[i]!);
		} else if (code === notifyRequest) {
			const first = early?.before.get(i);
			if (first) for (const ok of first) accepted(ok, messages[ok]!);
			notify(i, messages[i]!);
		}
	}
	// A proxy's copy of a NOTIFY on the next hop carries what the notifier's copy carried, sent
	// before or after a 2xx the proxy forwarded in between: its links are that one's, and the
	// PUBLISHes it carried fanned out to it too.
	if (forwardedFrom)
		for (let i = 0; i < count; i++) {
			if (codes[i] !== notifyRequest || forwardedFrom[i]! < 0) continue;
			const from = firstSent(i, forwardedFrom);
			const publish = publishOf[from]!;
			publishOf[i] = publish;
			const list = composedOf ? composedOf[from]! : -1;
			if (list >= 0) composedOf![i] = list;
			let listed = false;
			if (list >= 0)
				for (const change of composedLists[list]!) {
					carried.add(change, i);
					if (change === publish) listed = true;
				}
			if (!listed && publish >= 0) carried.add(publish, i);
		}
	// A NOTIFY sent again carries what its first sending carried (a watcher that answered late,
	// RFC 3261 §17.1.2): its links are the first's; the PUBLISH fanned out to the first alone.
	if (originalOf)
		for (let i = 0; i < count; i++) {
			const first = originalOf[i]!;
			if (first < 0 || codes[i] !== notifyRequest) continue;
			publishOf[i] = publishOf[first]!;
			if (composedOf) composedOf[i] = composedOf[first]!;
		}
	return answers(publishOf, composedOf, composedLists, notifiesByPublish(carried, count));
}

/** A state-changing PUBLISH sent, not answered yet, and what tells its state from the one before. */
interface Pending {
	readonly publish: number;
	/** The publication's last change accepted before it, -1 for none. */
	readonly previous: number;
	/** The last NOTIFY of its presentity before it (what watchers were told), -1 for none. */
	readonly told: number;
	/** The last change accepted of its presentity, of any publication, -1 for none. */
	readonly latest: number;
	fresh: Set<string> | null;
	stale: Set<string> | null;
}

/**
 * Where each accepted PUBLISH takes effect before its 2xx. A presence server notifies the
 * watchers as it handles the request: notifying at once, it may send those NOTIFYs before its
 * 2xx (Kamailio does in some configurations); notifying from a timer, after it, and a NOTIFY
 * sent in between then carries the state before. The order does not tell: the NOTIFY's body
 * does. Between a state-changing PUBLISH and its 2xx, a NOTIFY of its presentity whose body holds
 * the new state ({@link carriesNewState}) takes it, and the NOTIFYs after it. `before`: NOTIFY ->
 * the 2xxs whose acceptance counts from it; `at`: 1 for such a 2xx, read there no more. Null for
 * none.
 */
function acceptedEarly(
	text: string,
	messages: readonly SipMessage[],
	order: Int32Array | readonly number[],
	codes: Uint8Array,
	pubs: PublicationIndex,
	changes: Uint8Array,
	/** A PUBLISH's presentity and event, numbered; a NOTIFY's (-1: none, or it carries no state). */
	publishKey: (publish: number) => number,
	notifyKey: (notify: number) => number,
	originalOf?: Int32Array,
	forwardedFrom?: Int32Array,
): { before: Map<number, number[]>; at: Uint8Array } | null {
	const count = messages.length;
	const { acceptedBy, acceptedRequest, publicationOf } = pubs;
	const answered = new Uint8Array(count);
	const seen = new Uint8Array(count);
	const lastChange = new Int32Array(pubs.publications.length).fill(-1);
	// Presentity -> its PUBLISHes not answered yet (few: one per device at most).
	const open = new Map<number, Pending[]>();
	// Presentity -> its last NOTIFY with a body, and its last change accepted.
	const lastNotify = new Map<number, number>();
	const latestOf = new Map<number, number>();
	let before: Map<number, number[]> | null = null;
	let at: Uint8Array | null = null;
	const tokensOf = (i: number): Set<string> =>
		i >= 0 && carriesBody(messages[i]!) ? stateTokens(bodyText(text, messages[i]!)) : new Set();
	const close = (publish: number): void => {
		const key = publishKey(publish);
		const pending = open.get(key);
		const place = pending ? pending.findIndex((p) => p.publish === publish) : -1;
		if (place < 0) return;
		pending!.splice(place, 1);
		if (pending!.length === 0) open.delete(key);
	};
	for (let k = 0; k < order.length; k++) {
		const i = order[k]!;
		const code = codes[i]!;
		if (code === notifyRequest) {
			const key = notifyKey(i);
			if (key >= 0) lastNotify.set(key, i);
			if (open.size === 0) continue;
			const pending = open.get(key);
			if (!pending) continue;
			let carried: Set<string> | null = null;
			for (let e = 0; e < pending.length; e++) {
				const p = pending[e]!;
				if (!p.fresh) {
					// What the new document adds to what the watchers had: of a presentity whose
					// documents compose (another device's, another dialog's), what the last NOTIFY
					// already held is no sign of this one.
					const now = tokensOf(p.publish);
					const then = tokensOf(p.previous);
					p.fresh = without(without(now, then), tokensOf(p.told));
					if (p.latest !== p.previous) p.fresh = without(p.fresh, tokensOf(p.latest));
					p.stale = without(then, now);
				}
				carried ??= tokensOf(i);
				const removal = messages[p.publish]!.expires === 0;
				if (!carriesNewState(carried, p.fresh, p.stale!, removal)) continue;
				const ok = acceptedBy[p.publish]!;
				before ??= new Map();
				const list = before.get(i);
				if (list) list.push(ok);
				else before.set(i, [ok]);
				(at ??= new Uint8Array(count))[ok] = 1;
				pending.splice(e--, 1);
			}
			if (pending.length === 0) open.delete(notifyKey(i));
		} else if (code === publishResponse) {
			const publish = acceptedRequest[i]!;
			if (publish < 0) continue;
			answered[publish] = 1;
			close(publish);
			if (changes[publish] === 1) {
				lastChange[publicationOf[publish]!] = publish;
				latestOf.set(publishKey(publish), publish);
			}
		} else if (code === publishRequest) {
			let sent = originalOf && originalOf[i]! >= 0 ? originalOf[i]! : i;
			if (forwardedFrom) sent = firstSent(sent, forwardedFrom);
			if (changes[sent] !== 1 || answered[sent] === 1 || seen[sent] === 1) continue;
			seen[sent] = 1;
			const key = publishKey(sent);
			const p: Pending = {
				publish: sent,
				previous: lastChange[publicationOf[sent]!]!,
				told: lastNotify.get(key) ?? -1,
				latest: latestOf.get(key) ?? -1,
				fresh: null,
				stale: null,
			};
			const pending = open.get(key);
			if (pending) pending.push(p);
			else open.set(key, [p]);
		}
	}
	return before && at ? { before, at } : null;
}

/**
 * The publications live at one presentity, in parallel arrays (a NOTIFY reads them all), each
 * with what it contributes: its last accepted state-changing PUBLISH (-1 when only refreshes of
 * it are in the trace), and the 2xx that last extended it and for how many seconds (null: no
 * expiry known). Where each publication stands is kept by the caller, by publication id.
 */
class LiveSet {
	size = 0;
	readonly id: number[] = [];
	readonly change: number[] = [];
	readonly clock: (Clock | null)[] = [];
	readonly seconds: (number | null)[] = [];
	/** When each one's state last changed, counted in the pass's order. */
	readonly stamp: number[] = [];
	#ticks = 0;

	/** Adds or extends publication `id`; a refresh (`change` -1) keeps the change it had. */
	put(
		id: number,
		change: number,
		clock: Clock | null,
		seconds: number | null,
		place: Int32Array,
	): void {
		let e = place[id]!;
		if (e < 0) {
			e = place[id] = this.size++;
			this.id[e] = id;
			this.change[e] = change;
			this.stamp[e] = ++this.#ticks;
		} else if (change >= 0) {
			this.change[e] = change;
			this.stamp[e] = ++this.#ticks;
		}
		this.clock[e] = clock;
		this.seconds[e] = seconds;
	}

	/** Whether `change` is the state a live publication contributes. */
	has(change: number): boolean {
		for (let e = 0; e < this.size; e++) if (this.change[e] === change) return true;
		return false;
	}

	/** The change of the live publication whose state changed last, or null when none has one. */
	newest(): number | null {
		let best = -1;
		for (let e = 0; e < this.size; e++)
			if (this.change[e]! >= 0 && (best < 0 || this.stamp[e]! > this.stamp[best]!)) best = e;
		return best < 0 ? null : this.change[best]!;
	}

	/** Removes publication `id`, if live: the last one takes its place (the order is not kept). */
	remove(id: number, place: Int32Array): void {
		const e = place[id]!;
		if (e < 0) return;
		place[id] = -1;
		const last = --this.size;
		if (e !== last) this.#move(last, e, place);
		this.#clear(last);
	}

	/** Removes the publications expired at `frame`'s time, keeping the others in order. */
	dropExpired(frame: Frame, place: Int32Array, lacks?: (change: number) => boolean): void {
		// The clock of `frame`, made only when the trace gives no epoch (see `clockBetween`).
		const epoch = frame.epochMicros;
		let now: Clock | null | undefined;
		let kept = 0;
		const size = this.size;
		for (let e = 0; e < size; e++) {
			const seconds = this.seconds[e]!;
			const clock = this.clock[e]!;
			let age: number | null = null;
			if (seconds !== null && clock !== null)
				age =
					epoch != null
						? clock.kind === 'epoch'
							? epoch - clock.micros
							: null
						: clockBetween(clock, (now ??= clockOf(frame)));
			// A server counts a lifetime in whole seconds from the second its 2xx went in
			// (Kamailio: time() + Expires): in its last second, a NOTIFY whose body no longer
			// holds what the publication said shows it gone.
			if (
				seconds !== null &&
				age !== null &&
				(age >= seconds * 1_000_000 ||
					(age >= (seconds - 1) * 1_000_000 && lacks?.(this.change[e]!) === true))
			) {
				place[this.id[e]!] = -1;
				continue;
			}
			if (kept !== e) this.#move(e, kept, place);
			kept++;
		}
		for (let e = kept; e < size; e++) this.#clear(e);
		this.size = kept;
	}

	#move(from: number, to: number, place: Int32Array): void {
		const id = this.id[from]!;
		this.id[to] = id;
		this.change[to] = this.change[from]!;
		this.clock[to] = this.clock[from]!;
		this.seconds[to] = this.seconds[from]!;
		this.stamp[to] = this.stamp[from]!;
		place[id] = to;
	}

	/** Lets go of a freed place's clock. */
	#clear(e: number): void {
		this.clock[e] = null;
	}
}

/**
 * PUBLISH -> the NOTIFYs that carried it, each list at its length and in file order (the
 * chronological pass may take a NOTIFY in after a later one), grouped from the pairs by counting.
 */
function notifiesByPublish(pairs: Pairs, count: number): ReadonlyMap<number, readonly number[]> {
	const byMessage = pairs.grouped(count);
	const lists = new Map<number, number[]>();
	for (let i = 0; i < count; i++) {
		const list = byMessage[i]!;
		if (list.length > 0) lists.set(i, sorted(list));
	}
	return lists;
}

/** `list` in an array with room for `size`. */
function grown(list: Int32Array, size: number): Int32Array<ArrayBuffer> {
	const bigger = new Int32Array(size * 2);
	bigger.set(list);
	return bigger;
}

/** The first `n` of `list` in ascending order, sorted in place only when they are not already. */
function sortedInts(list: Int32Array, n: number): void {
	for (let i = 1; i < n; i++)
		if (list[i - 1]! > list[i]!) {
			list.subarray(0, n).sort();
			return;
		}
}

/**
 * The answers, made apart from the pass: closures made there would keep its working state
 * (the live publications, their clocks) alive for as long as the index.
 */
function answers(
	publishOf: Int32Array,
	composedOf: Int32Array | null,
	composedLists: readonly (readonly number[])[],
	notifiesOf: ReadonlyMap<number, readonly number[]>,
): FanOut {
	return {
		publishOf,
		publishesOf: (i) => {
			const n = composedOf?.[i];
			return n === undefined || n < 0 ? undefined : composedLists[n];
		},
		notifiesOf: (i) => notifiesOf.get(i),
	};
}

/** Do two messages' bodies hold the same text (as the trace has it, decoration and all)? */
function sameBody(text: string, a: SipMessage, b: SipMessage): boolean {
	const x = a.body;
	const y = b.body;
	if (!x || !y || x.end - x.start !== y.end - y.start) return false;
	for (let k = 0; k < x.end - x.start; k++)
		if (text.charCodeAt(x.start + k) !== text.charCodeAt(y.start + k)) return false;
	return true;
}

/** Does `a` hold the first `n` of `b`? */
function sameList(a: readonly number[], b: Int32Array, n: number): boolean {
	if (a.length !== n) return false;
	for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
	return true;
}

/** No NOTIFY carried any PUBLISH's state that the trace can tell (see order.ts, secondStream). */
export function noFanOut(count: number): FanOut {
	const publishOf = new Int32Array(count).fill(-1);
	return { publishOf, publishesOf: () => undefined, notifiesOf: () => undefined };
}
