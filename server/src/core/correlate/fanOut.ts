import type { SipMessage } from '../model';
import { clockBetween, clockOf, type Clock } from '../text/clock';
import { carriesBody } from './carriesBody';
import { fit, sorted } from './lists';
import { Method, requestBit, responseBit, type MessageFacts } from './messageFacts';
import type { PublicationIndex } from './publications';
import type { SubscriptionIndex } from './subscriptions';

export interface FanOut {
	/** NOTIFY -> the last accepted, state-changing PUBLISH of its presentity and event. */
	readonly publishOf: Int32Array;
	/** NOTIFY -> the latest change of each publication live at it, in file order. */
	publishesOf(notify: number): readonly number[] | undefined;
	/** PUBLISH -> the NOTIFYs that carried its state or reported it as the last change. */
	notifiesOf(publish: number): readonly number[] | undefined;
}

const publishResponse = responseBit + Method.Publish;
const notifyRequest = requestBit + Method.Notify;

/** Event packages whose notifier composes the state of several publications. */
const composing = new Set(['presence', 'dialog']);

interface Live {
	/** Its last accepted state-changing PUBLISH; -1 when only refreshes of it are in the trace. */
	change: number;
	/** The 2xx that last extended it, and for how many seconds (null: no expiry known). */
	clock: Clock | null;
	seconds: number | null;
}

/**
 * Which NOTIFYs carried the state of which PUBLISHes. A presence server is an event state
 * compositor (RFC 3903 §4, §6; RFC 4479 §3.3): every NOTIFY with a body carries the composition
 * of all the live publications of the presentity, one per publishing device, each with its own
 * entity-tags. How state composes is the event package's to say (RFC 3903 §4): presence
 * (RFC 3856, RFC 4479) and dialog (RFC 4235: one document listing the dialogs of every source)
 * compose; of any other package, a NOTIFY carries the last change alone (Kamailio sends the
 * last published reg document, whatever else is live). A publication lives from the 2xx to its
 * initial PUBLISH until a 2xx accepts its removal (Expires: 0) or until it expires (the Expires
 * of its last 2xx, else of that PUBLISH, when the trace has times); what it contributes is the
 * body of its last accepted initial or modifying PUBLISH (a refresh changes nothing, RFC 3903
 * §4.3). `publishOf` keeps the last change of any publication, a removal included. One pass in
 * chronological order; each NOTIFY looks only at the few publications of its own presentity.
 */
export function buildFanOut(
	messages: readonly SipMessage[],
	facts: MessageFacts,
	requestOf: (i: number) => number | null,
	isRetransmission: (i: number) => boolean,
	subs: SubscriptionIndex,
	pubs: PublicationIndex,
): FanOut {
	const count = messages.length;
	const publishOf = new Int32Array(count).fill(-1);
	// NOTIFY -> its list in `composedLists`: consecutive NOTIFYs of a presentity share one list.
	let composedOf: Int32Array | null = null;
	const composedLists: (readonly number[])[] = [];
	// PUBLISH -> its place in `carriedBy` (-1: none yet), and there the NOTIFYs that carried it.
	const carriedSlot = new Int32Array(count).fill(-1);
	const carriedBy: number[][] = [];
	const carriedPublishes: number[] = [];
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
			live.push(undefined);
			lastComposed.push(-1);
		}
		return n;
	};
	const subscriptionPresentity: (number | undefined)[] = [];
	const publicationPresentity: (number | undefined)[] = [];
	// By presentity: its last change (-1: none yet), and publication id -> what it contributes.
	const latest: number[] = [];
	const live: (Map<number, Live> | undefined)[] = [];
	// By presentity: the list the last NOTIFY carried, in `composedLists` (-1: none yet).
	const lastComposed: number[] = [];
	const scratch: number[] = [];
	const carried = (publish: number, notify: number): void => {
		const slot = carriedSlot[publish]!;
		if (slot < 0) {
			carriedSlot[publish] = carriedBy.length;
			carriedBy.push([notify]);
			carriedPublishes.push(publish);
			return;
		}
		const list = carriedBy[slot]!;
		if (list[list.length - 1] !== notify) list.push(notify);
	};
	const { order, method: codes } = facts;
	for (let k = 0; k < order.length; k++) {
		const i = order[k]!;
		const code = codes[i]!;
		// Only responses to PUBLISH (which accept one) and NOTIFYs are read.
		if (code !== publishResponse && code !== notifyRequest) continue;
		const m = messages[i]!;
		if (code === publishResponse) {
			const publish = requestOf(m.index);
			if (publish === null || pubs.acceptedBy[publish] !== m.index) continue;
			const id = pubs.publicationOf[publish]!;
			const pub = pubs.publications[id]!;
			const key = (publicationPresentity[id] ??= presentity(pub.entity, pub.event));
			const request = messages[publish]!;
			const change = changes[publish] === 1;
			if (change) latest[key] = publish;
			let set = live[key];
			if (request.expires === 0) {
				set?.delete(id);
				continue;
			}
			if (!set) live[key] = set = new Map();
			const seconds = m.expires ?? request.expires;
			set.set(id, {
				change: change ? publish : (set.get(id)?.change ?? -1),
				clock: clockOf(m.frame),
				seconds: seconds !== null && Number.isFinite(seconds) ? seconds : null,
			});
			continue;
		}
		if (!carriesBody(m) || isRetransmission(m.index)) continue;
		const subId = subs.subscriptionOf[m.index]!;
		const sub = subId >= 0 ? subs.subscriptions[subId] : undefined;
		if (!sub?.resource) continue;
		const key = (subscriptionPresentity[subId] ??= presentity(sub.resource, sub.event));
		const publish = latest[key]!;
		if (publish < 0) continue;
		publishOf[m.index] = publish;
		const now = clockOf(m.frame);
		const composes = composing.has(sub.event);
		// Gathered in one array for every NOTIFY; copied at its length only when it is a new list.
		const composed = scratch;
		composed.length = 0;
		const set = live[key];
		// forEach, not for-of: no [id, entry] pair made per publication per NOTIFY.
		if (set)
			set.forEach((entry, id) => {
				const age = clockBetween(entry.clock, now);
				if (entry.seconds !== null && age !== null && age >= entry.seconds * 1_000_000)
					set.delete(id); // expired: gone for later NOTIFYs too
				else if (entry.change >= 0 && (composes || entry.change === publish))
					composed.push(entry.change);
			});
		sorted(composed);
		if (composed.length > 0) {
			// Every watcher's NOTIFY after a change carries the same list: one array for all of them.
			const previous = lastComposed[key]!;
			if (previous < 0 || !sameList(composedLists[previous]!, composed)) {
				lastComposed[key] = composedLists.length;
				composedLists.push(composed.slice());
			}
			(composedOf ??= new Int32Array(count).fill(-1))[m.index] = lastComposed[key]!;
		}
		for (let c = 0; c < composed.length; c++) carried(composed[c]!, m.index);
		carried(publish, m.index);
	}
	// Kept at their length, sorted where the chronological pass took a NOTIFY in after a later one.
	const notifiesOf = new Map<number, number[]>();
	for (let c = 0; c < carriedBy.length; c++)
		notifiesOf.set(carriedPublishes[c]!, fit(sorted(carriedBy[c]!)));
	return answers(publishOf, composedOf, composedLists, notifiesOf);
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

function sameList(a: readonly number[], b: readonly number[]): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}
