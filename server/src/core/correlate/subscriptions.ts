import type { SipMessage, Subscription } from '../model';
import { fit } from './lists';
import { Method, methodMask, requestBit, type MessageFacts } from './messageFacts';
import { CallMap } from './smallMap';
import type { Presentities } from './addresses';

/** By method code: the methods of subscriptions (RFC 6665, RFC 3515). */
const subscriptionMethod = new Uint8Array(methodMask + 1);
subscriptionMethod[Method.Subscribe] =
	subscriptionMethod[Method.Refer] =
	subscriptionMethod[Method.Notify] =
		1;

interface MutableSubscription {
	id: number;
	event: string;
	eventId: string | null;
	creator: number | null;
	subscribes: number[];
	notifies: number[];
	watcher: string | null;
	resource: string | null;
	activatedBy: number | null;
	terminatedBy: number | null;
	terminationReason: string | null;
	expiresAtMicros: number | null;
	/** The creator got a final error (a 401/407 challenge, 403, 489...): it created nothing. */
	creatorRejected: boolean;
}

export interface SubscriptionIndex {
	readonly subscriptions: readonly Subscription[];
	readonly subscriptionOf: Int32Array;
}

/**
 * Subscriptions (RFC 6665 §4.4.1): a NOTIFY matches the SUBSCRIBE with the same Call-ID whose From
 * tag is the NOTIFY's To tag, with the same Event package and id, even before the SUBSCRIBE's 200
 * arrives. Every REFER, inside a dialog or not, creates an implicit `refer` subscription of its
 * own, whose id is its CSeq number (RFC 3515 §2.4.4, §2.4.6). A `refer` NOTIFY without an id
 * (allowed only for the first REFER of a dialog) belongs to the first REFER of that dialog that
 * was not refused. A REFER refused, or accepted with `Refer-Sub: false` (RFC 4488 §4), made no
 * subscription: a NOTIFY naming it belongs to none the trace shows. A NOTIFY with no SUBSCRIBE in the trace still gets a subscription (it
 * predates the trace).
 *
 * A SUBSCRIBE inside a dialog the trace shows before it (an INVITE's) that names no subscription
 * of that dialog creates one (RFC 6665 §4.5.2; KPML, RFC 4730 §3.2, subscribes so).
 *
 * The same Call-ID, From tag, Event and id may name successive subscriptions: an initial
 * SUBSCRIBE (no To tag) refused with a final error created nothing, and the one re-sent (with
 * credentials) creates the subscription; an initial SUBSCRIBE after the subscription was
 * terminated, or after NOTIFYs of one that predates the trace, starts a new one (clients that
 * re-subscribe reusing the dialog's identifiers). A NOTIFY is never tied to a later SUBSCRIBE.
 */
export function buildSubscriptions(
	messages: readonly SipMessage[],
	facts: MessageFacts,
	requestOf: (i: number) => number | null,
	isRetransmission: (i: number) => boolean,
	addresses: Presentities,
	text: string,
): SubscriptionIndex {
	// By Call-ID, subscriber's tag, Event package and id (an absent id and an empty one alike).
	const count = messages.length;
	const byKey = new CallMap<MutableSubscription>(facts.calls);
	const list: MutableSubscription[] = [];
	const subscriptionOf = new Int32Array(count).fill(-1);
	const open = (
		call: number,
		tag: string,
		event: string,
		id: string | null,
		fresh = false,
	): MutableSubscription => {
		let s = fresh ? undefined : byKey.get(call, tag, event, id ?? '');
		if (!s) {
			s = {
				id: list.length,
				event,
				eventId: id,
				creator: null,
				subscribes: [],
				notifies: [],
				watcher: null,
				resource: null,
				activatedBy: null,
				terminatedBy: null,
				terminationReason: null,
				expiresAtMicros: null,
				creatorRejected: false,
			};
			byKey.set(call, tag, event, id ?? '', s);
			list.push(s);
		}
		return s;
	};
	/** Per Call-ID and REFER sender's tag, the implicit subscriptions of its REFERs, in order. */
	const refers = new CallMap<MutableSubscription[]>(facts.calls);
	const at = (m: SipMessage, seconds: number): number | null =>
		m.frame.epochMicros != null ? m.frame.epochMicros + seconds * 1e6 : null;

	const {
		order,
		method: codes,
		exactMethod,
		call: calls,
		fromTag: fromTags,
		toTag: toTags,
	} = facts;
	// The Call-IDs met so far (in time order): a dialog the trace shows before a SUBSCRIBE in it.
	const callSeen = new Uint8Array(facts.calls);
	for (let k = 0; k < order.length; k++) {
		const i = order[k]!;
		const call = calls[i]!;
		// Only SUBSCRIBE, REFER and NOTIFY, and responses to them (a response's CSeq method is its
		// transaction's, so no other response joins a subscription), are read.
		const code = codes[i]!;
		const method = code & methodMask;
		if (call < 0) continue;
		const seen = callSeen[call] === 1;
		callSeen[call] = 1;
		if (!subscriptionMethod[method]) continue;
		const m = messages[i]!;
		if ((code & requestBit) !== 0) {
			const refer = method === Method.Refer;
			if (refer || method === Method.Subscribe) {
				const tag = fromTags[i]!;
				if (!tag) continue;
				const event = refer ? 'refer' : (m.event?.package ?? 'presence');
				const id = refer ? (m.cseq ? String(m.cseq.seq) : null) : (m.event?.id ?? null);
				let s = open(call, tag, event, id);
				// A REFER always starts a subscription; a SUBSCRIBE outside a dialog, or inside one the
				// trace showed before (an INVITE's: KPML, RFC 4730; dialog reuse, RFC 6665 §4.5.2)
				// where it names no subscription yet. Else it refreshes one that predates the trace.
				const reuse =
					seen && s.creator === null && s.subscribes.length === 0 && s.notifies.length === 0;
				const initial = (refer || !toTags[i] || reuse) && !isRetransmission(m.index);
				if (initial && (s.terminatedBy !== null || (s.creator === null && s.notifies.length > 0)))
					s = open(call, tag, event, id, true);
				subscriptionOf[m.index] = s.id;
				if (isRetransmission(m.index)) continue;
				if (initial && (s.creator === null || s.creatorRejected)) {
					s.creator = m.index;
					s.creatorRejected = false;
					s.watcher = addresses.of(m.from?.uri);
					s.resource = addresses.of(m.requestUri) ?? addresses.of(m.to?.uri);
				}
				s.subscribes.push(m.index);
				if (refer && s.creator === m.index) {
					const list = refers.get(call, tag, '', '');
					if (list) list.push(s);
					else refers.set(call, tag, '', '', [s]);
				}
			} else {
				const tag = toTags[i]!;
				if (!tag) continue;
				const event = m.event?.package ?? 'presence';
				const id = m.event?.id ?? null;
				let s =
					(event === 'refer' && id === null
						? refers.get(call, tag, '', '')?.find((r) => !r.creatorRejected)
						: undefined) ?? open(call, tag, event, id);
				// A REFER refused, or accepted without a subscription (Refer-Sub: false), made none:
				// its NOTIFY belongs to none the trace shows.
				if (event === 'refer' && s.creatorRejected) s = open(call, tag, event, id, true);
				subscriptionOf[m.index] = s.id;
				if (isRetransmission(m.index)) continue;
				s.notifies.push(m.index);
				s.watcher ??= addresses.of(m.to?.uri);
				s.resource ??= addresses.of(m.from?.uri);
				const state = m.subscriptionState;
				if (state) {
					if (state.state === 'active' && s.activatedBy === null) s.activatedBy = m.index;
					if (state.expires != null) s.expiresAtMicros = at(m, state.expires);
					if (state.state === 'terminated' && s.terminatedBy === null) {
						s.terminatedBy = m.index;
						s.terminationReason = state.reason;
					}
				}
			}
		} else {
			// Responses join their request's subscription; a 2xx to SUBSCRIBE activates it until Expires.
			const request = requestOf(m.index);
			if (request === null || subscriptionOf[request] < 0) continue;
			const s = list[subscriptionOf[request]!]!;
			subscriptionOf[m.index] = s.id;
			if (
				request === s.creator &&
				m.status != null &&
				(m.status >= 300 || (exactMethod[i] === Method.Refer && suppresses(m, text))) &&
				!isRetransmission(m.index)
			)
				s.creatorRejected = true;
			if (
				exactMethod[i] === Method.Subscribe &&
				m.status != null &&
				m.status >= 200 &&
				m.status < 300 &&
				!isRetransmission(m.index)
			) {
				if (s.activatedBy === null) s.activatedBy = m.index;
				if (m.expires != null && !Number.isNaN(m.expires)) s.expiresAtMicros = at(m, m.expires);
			}
		}
	}
	// In a function of its own: the pass above is optimised while it runs, and a loop after it in
	// this function, not run yet then, threw that code away and ran slow until optimised again.
	fitLists(list);
	return { subscriptions: list, subscriptionOf };
}

/**
 * Does a response to a REFER accept it without a subscription (`Refer-Sub: false` in a 2xx, RFC
 * 4488 §4)? Its REFER then made none, and no NOTIFY is to follow.
 */
export function suppresses(m: SipMessage, text: string): boolean {
	if (m.status === null || m.status < 200 || m.status >= 300) return false;
	const value = m.header('refer-sub')?.value;
	return value !== undefined && /^\s*false\b/i.test(text.slice(value.start, value.end));
}

/** Each subscription's lists at their length. */
function fitLists(list: readonly MutableSubscription[]): void {
	for (const s of list) {
		s.subscribes = fit(s.subscribes);
		s.notifies = fit(s.notifies);
	}
}
