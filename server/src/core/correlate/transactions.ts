import type { SipMessage, Transaction, Via } from '../model';
import { fit, upperMethod } from './lists';
import { fromTagOf, secondViaOf, toTagOf, topViaOf } from '../parser/sipMessage';

/** A transaction while it is built: the shape it is handed out with, so it is never copied. */
interface MutableTransaction {
	id: number;
	request: number | null;
	responses: number[];
	retransmissions: number[];
	relatedInvite: number | null;
}

/** The transactions of one branch: a linked list, as a branch almost always names one. */
interface BranchSlot {
	/** As the first message wrote it: compared without case (host names), lower-cased only then. */
	readonly sentBy: string;
	readonly method: string;
	/** The CSeq number, -1 when the message had none to read. */
	readonly seq: number;
	readonly t: MutableTransaction;
	next: BranchSlot | null;
}

/**
 * A message's CSeq number, -1 without one. The requests of a transaction and its responses all
 * carry the same (RFC 3261 §8.2.6.2, §9.1, §17.1.1.3), so a branch that comes back with another
 * number is a new transaction of a UA that reused its branch (§8.1.1.7 says it must not).
 */
function seqOf(m: SipMessage): number {
	const seq = m.cseq?.seq;
	return seq !== undefined && Number.isInteger(seq) ? seq : -1;
}

/**
 * Transactions by key (RFC 3261 §17.1.3 / §17.2.3): the top Via's branch, then its sent-by and
 * the method. With the magic cookie, looked up by branch and searched (no key string per
 * message); without it (RFC 2543), Call-ID, From tag, CSeq and top Via make a string key.
 */
class TransactionKeys {
	readonly #byBranch = new Map<string, BranchSlot>();
	readonly #legacy = new Map<string, MutableTransaction>();
	#reused: MutableTransaction | null = null;

	/**
	 * After a lookup that made a transaction: the earlier one whose branch, sent-by and method it
	 * shares under another CSeq number (the branch reused), else null. Read once.
	 */
	takeReused(): MutableTransaction | null {
		const t = this.#reused;
		this.#reused = null;
		return t;
	}

	/** The transaction of `m` for `method`, or undefined; `create` makes it when missing. */
	find(
		m: SipMessage,
		method: string,
		create?: () => MutableTransaction,
	): MutableTransaction | undefined {
		this.#reused = null;
		const via = topViaOf(m);
		const branch = via?.branch;
		if (branch && branch.startsWith('z9hG4bK'))
			return this.#byBranchOf(branch, via.sentBy, method, seqOf(m), create);
		if (!m.callId || !m.cseq) return undefined;
		const key = `2543\u0000${m.callId}\u0000${fromTagOf(m) ?? ''}\u0000${m.cseq.seq}\u0000${method}\u0000${via?.sentBy ?? ''}`;
		let t = this.#legacy.get(key);
		if (!t && create) this.#legacy.set(key, (t = create()));
		return t;
	}

	/**
	 * The transaction that a Via with the magic cookie names for `method` (§17.2.3), under CSeq
	 * number `seq` (-1: any).
	 */
	byVia(
		via: Via,
		method: string,
		seq: number,
		create?: () => MutableTransaction,
	): MutableTransaction | undefined {
		if (!via.branch?.startsWith('z9hG4bK')) return undefined;
		return this.#byBranchOf(via.branch, via.sentBy, method, seq, create);
	}

	/** {@link byVia} of a branch known to carry the magic cookie. */
	#byBranchOf(
		branch: string,
		sentBy: string,
		method: string,
		seq: number,
		create?: () => MutableTransaction,
	): MutableTransaction | undefined {
		const first = this.#byBranch.get(branch);
		let last: BranchSlot | null = null;
		let reused: MutableTransaction | null = null;
		for (let slot = first ?? null; slot; slot = slot.next) {
			if (slot.method === method && sameSentBy(slot.sentBy, sentBy)) {
				if (seq < 0 || slot.seq < 0 || slot.seq === seq) return slot.t;
				reused = slot.t;
			}
			last = slot;
		}
		if (!create) return undefined;
		this.#reused = reused;
		const t = create();
		const slot: BranchSlot = { sentBy, method, seq, t, next: null };
		if (last) last.next = slot;
		else this.#byBranch.set(branch, slot);
		return t;
	}
}

/**
 * Sent-by values equal but for case (RFC 3261 §19.1.4 host names): the same string almost
 * always (the parser shares a trace's repeated strings), so most lookups lower-case nothing.
 */
function sameSentBy(a: string, b: string): boolean {
	return a === b || a.toLowerCase() === b.toLowerCase();
}

export interface TransactionIndex {
	readonly transactions: readonly Transaction[];
	readonly transactionOf: Int32Array; // message -> transaction id, -1 if none
	readonly originalOf: Int32Array; // message -> earlier copy, -1 if first
	/** Request -> the request a proxy received and forwarded as it, -1 if none in the trace. */
	readonly forwardedFrom: Int32Array;
	/** Request -> the earlier request whose branch it reused under another CSeq, -1 if none. */
	readonly reusedBranchOf: Int32Array;
}

/**
 * Groups messages into transactions. A second copy of a request or of a response with the same
 * status is a retransmission or the other side's log of the same message: kept, not counted twice.
 */
export function buildTransactions(
	messages: readonly SipMessage[],
	order: readonly SipMessage[],
): TransactionIndex {
	const count = messages.length;
	const keys = new TransactionKeys();
	const list: MutableTransaction[] = [];
	const transactionOf = new Int32Array(count).fill(-1);
	const originalOf = new Int32Array(count).fill(-1);
	const forwardedFrom = new Int32Array(count).fill(-1);
	const reusedBranchOf = new Int32Array(count).fill(-1);
	/** By transaction id: status and To tag of first responses -> their index, once there are many. */
	const firstResponses: (Map<string, number> | undefined)[] = [];
	const create = (): MutableTransaction => {
		const t: MutableTransaction = {
			id: list.length,
			request: null,
			responses: [],
			retransmissions: [],
			relatedInvite: null,
		};
		list.push(t);
		return t;
	};
	for (let k = 0; k < order.length; k++) {
		const m = order[k]!;
		if (m.kind === 'invalid') continue;
		const method = m.kind === 'request' ? m.method! : m.cseq?.method;
		if (!method) continue;
		const upper = upperMethod(method);
		// ACK and CANCEL have transactions of their own, tied to the INVITE with the same branch.
		const t = keys.find(m, method === 'ACK' && m.kind === 'request' ? 'ACK' : upper, create);
		if (!t) continue;
		transactionOf[m.index] = t.id;
		if (m.kind === 'request') {
			if (t.request === null) {
				t.request = m.index;
				const reused = keys.takeReused()?.request;
				if (reused != null) reusedBranchOf[m.index] = reused;
				if (method === 'ACK' || method === 'CANCEL') {
					const invite = keys.find(m, 'INVITE');
					if (invite?.request != null) t.relatedInvite = invite.request;
				}
				const upstream = receivedAs(m, upper, keys, messages);
				if (upstream !== null) forwardedFrom[m.index] = upstream;
			} else {
				t.retransmissions.push(m.index);
				originalOf[m.index] = t.request;
			}
		} else {
			// A copy has the status and To tag of a response already seen in this transaction.
			const status = m.status ?? 0;
			const toTag = toTagOf(m) ?? '';
			const byKey = firstResponses[t.id];
			let first: number | undefined;
			if (byKey) first = byKey.get(`${status}\u0000${toTag}`);
			else
				for (let j = 0; j < t.responses.length; j++) {
					const r = t.responses[j]!;
					const seen = messages[r]!;
					if ((seen.status ?? 0) === status && (toTagOf(seen) ?? '') === toTag) {
						first = r;
						break;
					}
				}
			if (first !== undefined) {
				t.retransmissions.push(m.index);
				originalOf[m.index] = first;
			} else {
				t.responses.push(m.index);
				// Searched in place while few; a transaction answered many ways gets a map.
				if (byKey) byKey.set(`${status}\u0000${toTag}`, m.index);
				else if (t.responses.length > 16) {
					const made = (firstResponses[t.id] = new Map());
					for (const r of t.responses) {
						const seen = messages[r]!;
						const key = `${seen.status ?? 0}\u0000${toTagOf(seen) ?? ''}`;
						if (!made.has(key)) made.set(key, r);
					}
				}
			}
		}
	}
	const transactions = matchByDialogFields(messages, order, list, transactionOf);
	// Lists grown by push keep spare room: kept at their length, the empty ones all one array.
	for (let j = 0; j < transactions.length; j++) {
		const t = transactions[j]!;
		t.responses = fit(t.responses);
		t.retransmissions = fit(t.retransmissions);
	}
	return { transactions, transactionOf, originalOf, forwardedFrom, reusedBranchOf };
}

/**
 * A proxy forwards a request with its own Via on top of the ones it received (RFC 3261 §16.6
 * step 8): the second Via of a forwarded request is the top Via of the request as the proxy
 * received it, which is that request's transaction key (§17.2.3). Same Call-ID and CSeq too.
 * A CANCEL or an ACK for a non-2xx that a proxy makes itself (§16.10, §17.1.1.3) has one Via.
 */
function receivedAs(
	m: SipMessage,
	method: string,
	keys: TransactionKeys,
	messages: readonly SipMessage[],
): number | null {
	const via = secondViaOf(m);
	if (!via) return null;
	const received = keys.byVia(via, method, seqOf(m))?.request;
	if (received == null || received === m.index) return null;
	const r = messages[received]!;
	return r.callId === m.callId && r.cseq?.seq === m.cseq?.seq ? received : null;
}

/**
 * Responses whose top Via branch matched no request (a paste that glued the request's Via to the
 * next header, a stack that did not copy Via back) are matched the way RFC 2543 did: Call-ID,
 * CSeq, From tag and top Via sent-by, to a request before them that got no response of its own.
 * Lint says the branch differs. Returns the transactions left, numbered again.
 */
function matchByDialogFields(
	messages: readonly SipMessage[],
	order: readonly SipMessage[],
	list: MutableTransaction[],
	transactionOf: Int32Array,
): MutableTransaction[] {
	const orphans = list.filter((t) => t.request === null && t.responses.length > 0);
	if (orphans.length === 0) return list;
	const position = new Int32Array(messages.length);
	order.forEach((m, i) => (position[m.index] = i));
	const key = (m: SipMessage, method: string): string | null => {
		const via = topViaOf(m);
		return m.callId && m.cseq && via
			? `${m.callId}\u0000${m.cseq.seq}\u0000${method}\u0000${fromTagOf(m) ?? ''}\u0000${via.sentBy.toLowerCase()}`
			: null;
	};
	const unanswered = new Map<string, MutableTransaction[]>();
	for (const t of list) {
		if (t.request === null || t.responses.length > 0) continue;
		const request = messages[t.request]!;
		if (request.method === 'ACK') continue;
		const k = key(request, request.method!);
		if (!k) continue;
		const same = unanswered.get(k);
		if (same) same.push(t);
		else unanswered.set(k, [t]);
	}
	const merged = new Set<MutableTransaction>();
	for (const orphan of orphans) {
		const first = messages[orphan.responses[0]!]!;
		const k = first.cseq && key(first, first.cseq.method.toUpperCase());
		const candidates = k ? unanswered.get(k) : undefined;
		if (!candidates) continue;
		// The latest request before the response that no other response has claimed.
		let target: MutableTransaction | undefined;
		for (const t of candidates)
			if (
				position[t.request!]! < position[first.index]! &&
				t.responses.length === 0 &&
				(!target || position[t.request!]! > position[target.request!]!)
			)
				target = t;
		if (!target) continue;
		target.responses.push(...orphan.responses);
		target.retransmissions.push(...orphan.retransmissions);
		// An orphan has no request, so all its copies are responses.
		for (const r of orphan.responses) transactionOf[r] = target.id;
		for (const r of orphan.retransmissions) transactionOf[r] = target.id;
		merged.add(orphan);
	}
	if (merged.size === 0) return list;
	const kept = list.filter((t) => !merged.has(t));
	const renumbered = new Int32Array(list.length).fill(-1);
	kept.forEach((t, i) => {
		renumbered[t.id] = i;
		t.id = i;
	});
	for (let i = 0; i < transactionOf.length; i++)
		if (transactionOf[i]! >= 0) transactionOf[i] = renumbered[transactionOf[i]!]!;
	return kept;
}
