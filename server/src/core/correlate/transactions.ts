import type { SipMessage, Transaction, Via } from '../model';
import { chained, emptyList as empty, upperMethod } from './lists';
import { fromTagOf, secondViaOf, topViaOf } from '../parser/sipMessage';
import { Method, methodMask, requestBit, type MessageFacts } from './messageFacts';

/** By {@link Method}: the method's name, as the transaction keys compare it. */
const methodNames: readonly string[] = [
	'',
	'',
	'INVITE',
	'ACK',
	'BYE',
	'CANCEL',
	'SUBSCRIBE',
	'NOTIFY',
	'REFER',
	'PUBLISH',
];

/** A method the facts do not name ({@link Method.Other}), upper-cased; '' for none. */
function otherMethod(m: SipMessage, isRequest: boolean): string {
	const method = isRequest ? m.method : m.cseq?.method;
	return method ? upperMethod(method) : '';
}

/** A transaction while it is built: the shape it is handed out with, so it is never copied. */
interface MutableTransaction {
	id: number;
	request: number | null;
	responses: number[];
	retransmissions: number[];
	relatedInvite: number | null;
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
 * Transactions are known by id; `make` makes the next one and returns its id.
 *
 * The transactions of one branch are a chain of slots (a branch almost always names one), each
 * slot kept in parallel arrays rather than as an object: a trace has one per transaction, and
 * objects that live through the whole pass cost the collector a copy each.
 */
class TransactionKeys {
	readonly #branches: BranchTable;
	readonly #legacy = new Map<string, number>();
	/** How many slots: each is made by a message, so there are at most as many as messages. */
	#slots = 0;
	/** By slot: the sent-by as the first message wrote it (compared without case: host names). */
	readonly #sentBy: string[];
	readonly #method: string[];
	/** By slot: the CSeq number, -1 when the message had none to read. */
	readonly #seq: Float64Array;
	readonly #transaction: Int32Array;
	/** By slot: the next slot of the same branch, -1 for none. */
	readonly #next: Int32Array;
	#reused = -1;
	#anySeq = false;

	constructor(
		messages: number,
		private readonly make: () => number,
	) {
		this.#branches = new BranchTable(messages);
		this.#sentBy = new Array<string>(messages);
		this.#method = new Array<string>(messages);
		this.#seq = new Float64Array(messages);
		this.#transaction = new Int32Array(messages);
		this.#next = new Int32Array(messages);
	}

	/**
	 * After a lookup that made a transaction: the earlier one whose branch, sent-by and method it
	 * shares under another CSeq number (the branch reused), else -1. Read once.
	 */
	takeReused(): number {
		const t = this.#reused;
		this.#reused = -1;
		return t;
	}

	/**
	 * The transaction of `m` for `method`, or -1; `create` makes it when missing. `anySeq` (a
	 * response): where no transaction of the branch has its CSeq number, the branch's latest of
	 * the method (RFC 3261 §17.1.3 matches a response by branch, sent-by and method alone; a
	 * CSeq number not copied is lint's to say).
	 */
	find(m: SipMessage, method: string, create: boolean, anySeq = false): number {
		this.#reused = -1;
		const via = topViaOf(m);
		if (via !== undefined) {
			this.#anySeq = anySeq;
			const t = this.#byVia(via, method, seqOf(m), create);
			this.#anySeq = false;
			if (t !== noCookie) return t;
		}
		// A request without Call-ID (an example that left it out) still gets one, by its From tag
		// and CSeq, for a response to find (see the orphans' matching).
		if (!m.cseq || (!m.callId && !fromTagOf(m))) return -1;
		const key = `2543\u0000${m.callId ?? ''}\u0000${fromTagOf(m) ?? ''}\u0000${m.cseq.seq}\u0000${method}\u0000${via?.sentBy ?? ''}`;
		let t = this.#legacy.get(key);
		if (t === undefined) {
			if (!create) return -1;
			this.#legacy.set(key, (t = this.make()));
		}
		return t;
	}

	/**
	 * The one transaction whose branch and sent-by the top Via of `m` names, whatever its method
	 * (an ACK's aside), or -1 where none or several do (an INVITE's and its CANCEL's).
	 */
	onlyOfBranch(m: SipMessage): number {
		const via = topViaOf(m);
		if (via === undefined || via.branch === null) return -1;
		const first = this.#branches.find(via.branch);
		let found = -1;
		for (let slot = first; slot >= 0; slot = this.#next[slot]!) {
			if (!sameSentBy(this.#sentBy[slot]!, via.sentBy)) continue;
			const method = this.#method[slot];
			// An ACK is not answered; a CANCEL shares its INVITE's branch and is: either may be.
			if (method === 'ACK') continue;
			if (method === 'CANCEL') return -1;
			const t = this.#transaction[slot]!;
			if (found >= 0 && found !== t) return -1;
			found = t;
		}
		return found;
	}

	/**
	 * For a response no transaction matched by its top Via: the one transaction of its branch,
	 * method and CSeq number whatever the sent-by (a UAC matches a response by branch and method,
	 * RFC 3261 §17.1.3; a copy that masked or edited the Via's host or port), or -1 where none or
	 * several are.
	 */
	looseByBranch(m: SipMessage, method: string): number {
		const via = topViaOf(m);
		if (via === undefined || via.branch === null) return -1;
		const first = this.#branches.find(via.branch);
		const seq = seqOf(m);
		let found = -1;
		for (let slot = first; slot >= 0; slot = this.#next[slot]!) {
			if (this.#method[slot] !== method) continue;
			const slotSeq = this.#seq[slot]!;
			if (seq >= 0 && slotSeq >= 0 && slotSeq !== seq) continue;
			const t = this.#transaction[slot]!;
			if (found >= 0 && found !== t) return -1;
			found = t;
		}
		return found;
	}

	/**
	 * The transaction that a Via with the magic cookie names for `method` (§17.2.3), under CSeq
	 * number `seq` (-1: any); -1 when none.
	 */
	byVia(via: Via, method: string, seq: number): number {
		const t = this.#byVia(via, method, seq, false);
		return t === noCookie ? -1 : t;
	}

	/**
	 * {@link byVia}, making the transaction when `create`; {@link noCookie} for a Via without the
	 * magic cookie.
	 */
	#byVia(via: Via, method: string, seq: number, create: boolean): number {
		const branch = via.branch;
		if (branch === null) return noCookie;
		const branches = this.#branches;
		const first = branches.find(branch);
		if (first === noCookie) return noCookie;
		if (first >= 0) return this.#inChain(first, via.sentBy, method, seq, create);
		if (!create) return -1;
		const t = this.#inChain(-1, via.sentBy, method, seq, true);
		branches.add(branch, this.#slots - 1);
		return t;
	}

	/**
	 * The transaction for `sentBy`, `method` and `seq` in the chain of slots from `first` (one
	 * branch's; -1 for a branch not met yet), a new slot at its end when none and `create`.
	 */
	#inChain(first: number, sentBy: string, method: string, seq: number, create: boolean): number {
		let last = -1;
		let reused = -1;
		for (let slot = first; slot >= 0; slot = this.#next[slot]!) {
			if (this.#method[slot] === method && sameSentBy(this.#sentBy[slot]!, sentBy)) {
				const slotSeq = this.#seq[slot]!;
				if (seq < 0 || slotSeq < 0 || slotSeq === seq) return this.#transaction[slot]!;
				reused = this.#transaction[slot]!;
			}
			last = slot;
		}
		if (this.#anySeq && reused >= 0) return reused;
		if (!create) return -1;
		this.#reused = reused;
		const t = this.make();
		const slot = this.#slots++;
		this.#sentBy[slot] = sentBy;
		this.#method[slot] = method;
		this.#seq[slot] = seq;
		this.#transaction[slot] = t;
		this.#next[slot] = -1;
		if (last >= 0) this.#next[last] = slot;
		return t;
	}
}

/** What {@link TransactionKeys} finds for a Via whose branch lacks the magic cookie. */
const noCookie = -2;

/** The magic cookie that opens an RFC 3261 branch (§8.1.1.7), by character. */
const cookie = 'z9hG4bK';
/**
 * How many characters of a branch are hashed after its cookie: all of a branch up to this long,
 * else as many from its start and as many from its end. Where a branch varies is the stack's
 * choice: Kamailio's NOTIFYs' (`z9hG4bK9d4d.963ab757000000000000000000000000.0`) differ only near
 * the start, SIPp's (`z9hG4bK-29434-1-0`) near the end.
 */
const hashedEnds = 32;

/**
 * Branches with the magic cookie -> the first slot of their chain, in an open-addressed table of
 * numbers sized for the trace. A branch is hashed by its characters after the cookie (of a long one,
 * its first and last ones), read once its cookie is checked: a trace names tens of thousands of branches, and a `Map` keyed by them hashed each
 * one again, compared colliding keys by reading them (far back in the trace) and rehashed all as
 * it grew. Strings are compared only when their hashes agree, nearly always a match.
 */
class BranchTable {
	/** Per place: the slot + 1 whose branch hashes there, 0 when free. */
	readonly #places: Int32Array;
	/** Per slot (only the first of each chain is set): its branch and the branch's hash. */
	readonly #branch: string[];
	readonly #hash: Int32Array;
	/** The hash and place the last {@link find} stopped at: where {@link add} puts its branch. */
	#lastHash = 0;
	#lastPlace = 0;

	constructor(slots: number) {
		let size = 1024;
		while (size < 2 * slots) size *= 2;
		this.#places = new Int32Array(size);
		this.#branch = new Array<string>(slots);
		this.#hash = new Int32Array(slots);
	}

	/** The first slot of `branch`; -1 when not met yet, {@link noCookie} without the cookie. */
	find(branch: string): number {
		const length = branch.length;
		if (length < cookie.length) return noCookie;
		for (let k = 0; k < cookie.length; k++)
			if (branch.charCodeAt(k) !== cookie.charCodeAt(k)) return noCookie;
		let h = length;
		const head = Math.min(length, cookie.length + hashedEnds);
		for (let k = cookie.length; k < head; k++) h = (Math.imul(h, 31) + branch.charCodeAt(k)) | 0;
		for (let k = Math.max(head, length - hashedEnds); k < length; k++)
			h = (Math.imul(h, 31) + branch.charCodeAt(k)) | 0;
		h ^= h >>> 15;
		h = Math.imul(h, 0x2c1b3c6d);
		h ^= h >>> 12;
		const places = this.#places;
		const mask = places.length - 1;
		// Each probe steps first, from the place before the hash's: the step runs on every lookup, so
		// the optimised code knows it before the first collision (a step met only then threw it away).
		let at = (h - 1) & mask;
		for (;;) {
			at = (at + 1) & mask;
			const slot = places[at]! - 1;
			if (slot < 0) break;
			if (this.#hash[slot] === h && this.#branch[slot] === branch) return slot;
		}
		this.#lastHash = h;
		this.#lastPlace = at;
		return -1;
	}

	/** Adds `branch`, which the last {@link find} did not find, as the chain from `slot`. */
	add(branch: string, slot: number): void {
		this.#places[this.#lastPlace] = slot + 1;
		this.#branch[slot] = branch;
		this.#hash[slot] = this.#lastHash;
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
	facts: MessageFacts,
): TransactionIndex {
	const count = messages.length;
	const list: MutableTransaction[] = [];
	const keys = new TransactionKeys(count, () => {
		const id = list.length;
		// The lists are made at the end, at their length, from the links below.
		list.push({ id, request: null, responses: empty, retransmissions: empty, relatedInvite: null });
		return id;
	});
	const transactionOf = new Int32Array(count).fill(-1);
	const originalOf = new Int32Array(count).fill(-1);
	const forwardedFrom = new Int32Array(count).fill(-1);
	const reusedBranchOf = new Int32Array(count).fill(-1);
	// By transaction (there are at most as many as messages): its first responses and its
	// retransmissions, each chained through `next` by message, with the last of each and the count.
	const responseHead = new Int32Array(count);
	const responseTail = new Int32Array(count);
	const responseCount = new Int32Array(count);
	const copyHead = new Int32Array(count);
	const copyTail = new Int32Array(count);
	const copyCount = new Int32Array(count);
	const next = new Int32Array(count).fill(-1);
	// By first response: its status, which a copy of it repeats with its To tag (read once).
	const responseStatus = new Float64Array(count);
	/** By transaction id: status and To tag of first responses -> their index, once there are many. */
	const firstResponses: (Map<string, number> | undefined)[] = [];
	const addCopy = (t: number, i: number): void => {
		if (copyCount[t]!++ === 0) copyHead[t] = i;
		else next[copyTail[t]!] = i;
		copyTail[t] = i;
	};
	const { method: codes, exactMethod, status: statuses, toTag: toTags } = facts;
	for (let k = 0; k < order.length; k++) {
		const m = order[k]!;
		const i = m.index;
		// The method (a response's CSeq method) from the facts: no string is read or compared
		// but for a method the index does not tell apart.
		const code = codes[i]!;
		const named = code & methodMask;
		const isRequest = (code & requestBit) !== 0;
		let id: number;
		let upper = '';
		if (named === Method.None || (named === Method.Other && m.cutShort && !isRequest)) {
			// A response the trace cut before its CSeq, or inside its method (`CSeq: 33146 RE`):
			// its branch alone, where one transaction of the trace has it.
			id = !isRequest && m.cutShort ? keys.onlyOfBranch(m) : -1;
			if (id < 0 && named === Method.None) continue;
		} else id = -1;
		if (id < 0) {
			upper = named === Method.Other ? otherMethod(m, isRequest) : methodNames[named]!;
			if (!upper) continue;
			// ACK and CANCEL have transactions of their own, tied to the INVITE with the same branch.
			id = keys.find(m, upper, isRequest, !isRequest);
			if (id < 0 && !isRequest) {
				// A response whose Via's sent-by is not its request's (a copy that masked the port, a
				// Via the UAS did not copy): its branch, method, CSeq and Call-ID name the request.
				const loose = keys.looseByBranch(m, upper);
				const request = loose < 0 ? null : list[loose]!.request;
				id =
					request !== null && m.callId !== null && messages[request]!.callId === m.callId
						? loose
						: keys.find(m, upper, true, true);
			}
		}
		if (id < 0) continue;
		const t = list[id]!;
		transactionOf[i] = id;
		if (isRequest) {
			if (t.request === null) {
				t.request = i;
				const reused = keys.takeReused();
				if (reused >= 0) {
					const r = list[reused]!.request;
					if (r !== null) reusedBranchOf[i] = r;
				}
				const exact = exactMethod[i]!;
				if (exact === Method.Ack || exact === Method.Cancel) {
					const invite = keys.find(m, 'INVITE', false);
					const request = invite < 0 ? null : list[invite]!.request;
					if (request !== null) t.relatedInvite = request;
				}
				const upstream = receivedAs(m, upper, keys, list, messages);
				if (upstream !== null) forwardedFrom[i] = upstream;
			} else {
				addCopy(id, i);
				originalOf[i] = t.request;
			}
		} else {
			// A copy has the status and To tag of a response already seen in this transaction.
			const status = Math.max(statuses[i]!, 0);
			const toTag = toTags[i] ?? '';
			const byKey = firstResponses[id];
			let first = -1;
			if (byKey) first = byKey.get(`${status}\u0000${toTag}`) ?? -1;
			// Another reason phrase is another response (OpenSIPS' `100 Trying` then `100 Giving a
			// try`): a retransmission or another log's copy repeats the start line as it was. Read
			// only where the status and To tag already match (nearly never but for copies).
			let reason: string | null | undefined;
			if (!byKey || (first >= 0 && messages[first]!.reason !== (reason = m.reason))) {
				first = -1;
				for (let r = responseCount[id]! > 0 ? responseHead[id]! : -1; r >= 0; r = next[r]!)
					if (
						responseStatus[r] === status &&
						(toTags[r] ?? '') === toTag &&
						messages[r]!.reason === (reason === undefined ? (reason = m.reason) : reason)
					) {
						first = r;
						break;
					}
			}
			// Another CSeq number under the same branch is another request's answer (a client
			// that reused its branch, RFC 3261 §8.1.1.7), never a copy of this one.
			if (first >= 0 && messages[first]!.cseq?.seq !== m.cseq?.seq) first = -1;
			if (first >= 0) {
				addCopy(id, i);
				originalOf[i] = first;
			} else {
				responseStatus[i] = status;
				const n = ++responseCount[id]!;
				if (n === 1) responseHead[id] = i;
				else next[responseTail[id]!] = i;
				responseTail[id] = i;
				// Searched in place while few; a transaction answered many ways gets a map.
				if (byKey) byKey.set(`${status}\u0000${toTag}`, i);
				else if (n > 16) {
					const made = (firstResponses[id] = new Map());
					for (let r = responseHead[id]!; r >= 0; r = next[r]!) {
						const key = `${responseStatus[r]}\u0000${toTags[r] ?? ''}`;
						if (!made.has(key)) made.set(key, r);
					}
				}
			}
		}
	}
	// In a function of its own: the pass above is optimised while it runs, and a loop after it in
	// this function, not run yet then, threw that code away and ran slow until optimised again.
	attachLists(list, responseHead, responseCount, copyHead, copyCount, next);
	const transactions = matchByDialogFields(messages, order, list, transactionOf);
	return { transactions, transactionOf, originalOf, forwardedFrom, reusedBranchOf };
}

/** Each transaction's responses and retransmissions, made from their chains through `next`. */
function attachLists(
	list: readonly MutableTransaction[],
	responseHead: Int32Array,
	responseCount: Int32Array,
	copyHead: Int32Array,
	copyCount: Int32Array,
	next: Int32Array,
): void {
	for (let id = 0; id < list.length; id++) {
		const t = list[id]!;
		t.responses = chained(responseHead[id]!, responseCount[id]!, next);
		t.retransmissions = chained(copyHead[id]!, copyCount[id]!, next);
	}
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
	list: readonly MutableTransaction[],
	messages: readonly SipMessage[],
): number | null {
	const via = secondViaOf(m);
	if (!via) return null;
	const t = keys.byVia(via, method, seqOf(m));
	const received = t < 0 ? null : list[t]!.request;
	if (received === null || received === m.index) return null;
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
	// Unanswered requests whose top Via gives no branch to match (a poster's `Via: SIP/2.0/UDP
	// <<REMOVED>>`, an RFC 2543 stack's): a response with a branch cannot have come from such a
	// Via, and one without whose sent-by differs did not copy it (Cisco IOS answers a NOTIFY with
	// its own Via); they are matched by Call-ID, CSeq and From tag alone.
	const branchless = new Map<string, MutableTransaction[]>();
	// Unanswered requests without a Call-ID (an example that left it out with `...`): matched by
	// CSeq and From tag alone.
	let callless: Map<string, MutableTransaction[]> | undefined;
	for (const t of list) {
		if (t.request === null || t.responses.length > 0) continue;
		const request = messages[t.request]!;
		if (request.method === 'ACK') continue;
		const tag = fromTagOf(request);
		if (!request.callId && request.cseq && tag) {
			const c = `${request.cseq.seq}\u0000${request.method!.toUpperCase()}\u0000${tag}`;
			const same = (callless ??= new Map()).get(c);
			if (same) same.push(t);
			else callless.set(c, [t]);
		}
		const top = topViaOf(request);
		if (!top?.branch && request.callId && request.cseq) {
			const b = dialogFieldsKey(request, request.method!);
			const same = branchless.get(b);
			if (same) same.push(t);
			else branchless.set(b, [t]);
		}
		const k = key(request, request.method!);
		if (!k) continue;
		const same = unanswered.get(k);
		if (same) same.push(t);
		else unanswered.set(k, [t]);
	}
	const merged = new Set<MutableTransaction>();
	let viaLess: Map<string, MutableTransaction[]> | undefined;
	for (const orphan of orphans) {
		const first = messages[orphan.responses[0]!]!;
		let target: MutableTransaction | undefined;
		if (topViaOf(first) === undefined) {
			// No Via at all (an excerpt cut above it): the latest request before it with its
			// Call-ID, CSeq and From tag, answered or not.
			viaLess ??= requestsByDialogFields(messages, list);
			const k = first.callId && first.cseq && dialogFieldsKey(first, first.cseq.method);
			const candidates = (k && viaLess.get(k)) || [];
			// Where the trace gives addresses, the request that came the other way: a proxy's two
			// hops share Call-ID, CSeq and From tag, and a response goes back along its own.
			const back = (t: MutableTransaction): boolean => cameBack(messages[t.request!]!, first);
			const fromHere = candidates.some(back);
			for (const t of candidates)
				if (
					(!fromHere || back(t)) &&
					position[t.request!]! < position[first.index]! &&
					(!target || position[t.request!]! > position[target.request!]!)
				)
					target = t;
		} else {
			const k = first.cseq && key(first, first.cseq.method.toUpperCase());
			const tag = fromTagOf(first);
			const candidates =
				(k ? unanswered.get(k) : undefined) ??
				(first.callId && first.cseq
					? branchless.get(dialogFieldsKey(first, first.cseq.method))
					: undefined) ??
				(callless && first.cseq && tag
					? callless.get(`${first.cseq.seq}\u0000${first.cseq.method.toUpperCase()}\u0000${tag}`)
					: undefined);
			if (!candidates) continue;
			// The latest request before the response that no other response has claimed.
			for (const t of candidates)
				if (
					position[t.request!]! < position[first.index]! &&
					t.responses.length === 0 &&
					(!target || position[t.request!]! > position[target.request!]!)
				)
					target = t;
		}
		if (!target) continue;
		// Lists are at their length (the empty ones shared): new ones, not pushed to.
		target.responses =
			target.responses.length === 0
				? orphan.responses.slice()
				: [...target.responses, ...orphan.responses].sort((a, b) => position[a]! - position[b]!);
		target.retransmissions =
			orphan.retransmissions.length === 0
				? target.retransmissions
				: target.retransmissions.concat(orphan.retransmissions);
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

/** Did `response` go from where `request` went to, back to where it came from (both logged)? */
function cameBack(request: SipMessage, response: SipMessage): boolean {
	const q = request.frame;
	const r = response.frame;
	return q.src !== null && q.dst !== null && r.src === q.dst && r.dst === q.src;
}

/** Call-ID, CSeq number, `method` and From tag: what ties a response without Via to its request. */
function dialogFieldsKey(m: SipMessage, method: string): string {
	return `${m.callId}\u0000${m.cseq!.seq}\u0000${method.toUpperCase()}\u0000${fromTagOf(m) ?? ''}`;
}

/** The transactions with a request (not ACK), by {@link dialogFieldsKey}. */
function requestsByDialogFields(
	messages: readonly SipMessage[],
	list: readonly MutableTransaction[],
): Map<string, MutableTransaction[]> {
	const found = new Map<string, MutableTransaction[]>();
	for (const t of list) {
		if (t.request === null) continue;
		const request = messages[t.request]!;
		if (request.method === 'ACK' || !request.callId || !request.cseq) continue;
		const k = dialogFieldsKey(request, request.method!);
		const same = found.get(k);
		if (same) same.push(t);
		else found.set(k, [t]);
	}
	return found;
}
