import type { Dialog, SipMessage } from '../model';
import { emptyList, Pairs, sorted } from './lists';
import { Method, requestBit, type MessageFacts } from './messageFacts';
import { SmallMap } from './smallMap';

/** A dialog while it is built: the shape it is handed out with, so it is never copied. */
interface MutableDialog {
	id: number;
	callId: string;
	localTag: string;
	remoteTag: string | null;
	state: Dialog['state'];
	creator: number;
	messages: number[];
}

/** Requests that create a dialog (RFC 3261 §12, RFC 6665 §4.1, RFC 3515), by method as written. */
const creates = (method: Method): boolean =>
	method === Method.Invite || method === Method.Subscribe || method === Method.Refer;

/**
 * Which copies of creating requests each dialog has taken in (one per hop through proxies):
 * almost every request joins one dialog, kept in an array by message; the few that joined
 * several (forking) keep the others in a map.
 */
class Joined {
	readonly #first: Int32Array;
	readonly #more = new Map<number, number[]>();

	constructor(count: number) {
		this.#first = new Int32Array(count).fill(-1);
	}

	/** Records that `dialog` took in `message`; false when it already had. */
	add(dialog: number, message: number): boolean {
		const first = this.#first[message]!;
		if (first < 0) {
			this.#first[message] = dialog;
			return true;
		}
		if (first === dialog) return false;
		const more = this.#more.get(message);
		if (!more) this.#more.set(message, [dialog]);
		else if (more.includes(dialog)) return false;
		else more.push(dialog);
		return true;
	}
}

/**
 * The dialogs and pending creating requests of one Call-ID. Looked up by the Call-ID alone and
 * then searched: a call has a handful of dialogs, and no key string is made per message.
 */
interface Call {
	/** Dialogs by each of their two tags. */
	readonly byTag: SmallMap<MutableDialog[]>;
	/** Creating requests still without a To tag, by From tag: the latest one. */
	readonly pending: SmallMap<number>;
	/** To tags of refusals that made no dialog: the ACKs that acknowledge them make none either. */
	refused?: Set<string>;
}

/** The dialog of two tags, in either direction (a dialog does not depend on who sends). */
function findDialog(call: Call, a: string, b: string): MutableDialog | undefined {
	const withA = call.byTag.get(a);
	if (withA)
		for (const d of withA)
			if ((d.localTag === a && d.remoteTag === b) || (d.localTag === b && d.remoteTag === a))
				return d;
	return undefined;
}

function addDialog(call: Call, d: MutableDialog): void {
	for (const tag of d.localTag === d.remoteTag ? [d.localTag] : [d.localTag, d.remoteTag!]) {
		const list = call.byTag.get(tag);
		if (list) list.push(d);
		else call.byTag.set(tag, [d]);
	}
}

export interface DialogIndex {
	readonly dialogs: readonly Dialog[];
	readonly dialogOf: Int32Array;
}

/**
 * Dialogs by Call-ID and both tags. A dialog-creating request (no To tag) waits for a response or
 * a NOTIFY that brings the other tag; every To tag is a dialog of its own (forking). A dialog
 * whose creating request predates the trace is created by its first message.
 *
 * Through proxies the trace may hold a copy of the creating request per hop: the dialog's creator
 * is the first one, the request its UAC sent (`forwardedFrom` leads from a forwarded copy to the
 * request the proxy received, RFC 3261 §16.6), and each copy that a response of the dialog
 * answers belongs to it too. A request that created several early dialogs (forking, §12.1,
 * §13.2.2.4) is listed in each; its own dialog is the one its 2xx confirmed, until then the first.
 * A final response of 300 or more ends the early dialogs that provisional responses to the same
 * request made (§12.3): on the proxy's leg to the phone it cancelled, not on the caller's leg.
 */
export function buildDialogs(
	messages: readonly SipMessage[],
	facts: MessageFacts,
	requestOf: (i: number) => number | null,
	/** Request -> the copy a proxy received and forwarded as it, -1 for none. */
	forwardedFrom: Int32Array,
): DialogIndex {
	const count = messages.length;
	// By call number: its place in `calls`, -1 before its first message that needs one.
	const callSlot = new Int32Array(facts.calls).fill(-1);
	const calls: Call[] = [];
	const list: MutableDialog[] = [];
	const dialogOf = new Int32Array(count).fill(-1);
	const joined = new Joined(count);
	/** Early dialogs made by provisional responses to a request (each copy of it on its own). */
	const earlyOf = new Map<number, MutableDialog[]>();
	// (dialog, message): each dialog's messages, made into its list when the pass ends.
	const members = new Pairs();
	const attach = (d: MutableDialog, i: number): void => {
		dialogOf[i] = d.id;
		members.add(d.id, i);
	};
	/** A creating request and the copies it was forwarded as, up to `request` (first is the UAC's). */
	const copies = (request: number): number[] => {
		const chain = [request];
		for (let up = forwardedFrom[request]!; up >= 0 && chain.length < count; up = forwardedFrom[up]!)
			chain.push(up);
		return chain.reverse();
	};
	/** Adds one copy of a creating request to `d`, unless `d` has it or it is there already. */
	const joinOne = (d: MutableDialog, i: number): void => {
		if (!joined.add(d.id, i) || dialogOf[i] === d.id) return;
		members.add(d.id, i);
		if (dialogOf[i] < 0) dialogOf[i] = d.id;
	};
	/** Adds a creating request's copies to `d` (most requests were not forwarded: no chain made). */
	const join = (d: MutableDialog, request: number): void => {
		if (forwardedFrom[request]! < 0) joinOne(d, request);
		else for (const i of copies(request)) joinOne(d, i);
	};
	const { order, method: codes, exactMethod, status: statuses, call: callOf } = facts;
	// Read from the facts: the pass reads a message itself only to make a dialog.
	const { fromTag: fromTags, toTag: toTags } = facts;
	for (let k = 0; k < order.length; k++) {
		const i = order[k]!;
		const callNumber = callOf[i]!;
		const code = codes[i]!;
		if (callNumber < 0 || code === 0) continue;
		const fromTag = fromTags[i]!;
		const toTag = toTags[i]!;
		const isRequest = (code & requestBit) !== 0;
		const method = exactMethod[i]!;
		const creating = creates(method);
		const needsCall = isRequest && !toTag ? creating && !!fromTag : !!fromTag && !!toTag;
		if (!needsCall) continue;
		let slot = callSlot[callNumber]!;
		if (slot < 0) {
			slot = callSlot[callNumber] = calls.length;
			calls.push({ byTag: new SmallMap(), pending: new SmallMap() });
		}
		const call = calls[slot]!;
		if (isRequest && !toTag) {
			call.pending.set(fromTag!, i);
			continue;
		}
		if (!fromTag || !toTag) continue;
		// A response's status; -1 for a request, or a response without one.
		const status = isRequest ? -1 : statuses[i]!;
		// The creating request this responds to (a copy of it, through a proxy).
		const request = !isRequest && creating ? requestOf(i) : null;
		let d = findDialog(call, fromTag, toTag);
		if (!d) {
			// Only a 101-199 or 2xx response to a creating request makes a dialog (RFC 3261 §12.1): a
			// refusal (a 401/407 challenge, a 486) makes none, nor does the ACK of it (§17.1.1.3,
			// it belongs to the INVITE's transaction), a 100 or a response to a CANCEL (§9.2).
			if (!isRequest && (status < 101 || status >= 300 || method === Method.Cancel)) {
				if (status >= 300) (call.refused ??= new Set()).add(toTag);
				continue;
			}
			if (isRequest && method === Method.Ack && call.refused?.has(toTag)) continue;
			// Who created it: the request this responds to, or a pending request whose From tag is one of ours.
			const pending = call.pending.get(fromTag) ?? call.pending.get(toTag) ?? null;
			const creator = firstCopy(request ?? pending ?? i, forwardedFrom, count);
			if (!isRequest && !creating && pending === null) continue; // a response outside any dialog
			d = {
				id: list.length,
				callId: messages[i]!.callId!,
				localTag: fromTag,
				remoteTag: toTag,
				state: 'early',
				creator,
				messages: emptyList,
			};
			if (request !== null || pending !== null) join(d, request ?? pending!);
			addDialog(call, d);
			list.push(d);
		} else if (request !== null) join(d, request);
		if (dialogOf[i] !== d.id) attach(d, i);
		if (status >= 0) {
			if (request !== null && status < 200) {
				const early = earlyOf.get(request);
				if (!early) earlyOf.set(request, [d]);
				else if (!early.includes(d)) early.push(d);
			}
			if (status >= 200 && status < 300 && creating && d.state === 'early') {
				d.state = 'confirmed';
				// The request's dialog is the one it established (§13.2.2.4).
				if (request !== null)
					for (let r = request, n = 0; r >= 0 && n < count; r = forwardedFrom[r]!, n++)
						dialogOf[r] = d.id;
			}
			if (status >= 200 && status < 300 && method === Method.Bye) d.state = 'terminated';
			if (status >= 300 && request !== null) {
				for (const early of earlyOf.get(request) ?? [])
					if (early.state === 'early') early.state = 'terminated';
				if (d.state === 'early') d.state = 'terminated';
			}
		}
		if (isRequest && method === Method.Notify && d.state === 'early') d.state = 'confirmed';
	}
	// In a function of its own: the pass above is optimised while it runs, and a loop after it in
	// this function, not run yet then, threw that code away and ran slow until optimised again.
	attachMembers(list, members);
	const dialogs: readonly Dialog[] = list;
	return { dialogs, dialogOf };
}

/**
 * Each dialog's messages, from the (dialog, message) pairs: sorted where the chronological pass
 * took a message in after a later one; kept at length.
 */
function attachMembers(list: readonly MutableDialog[], members: Pairs): void {
	const lists = members.grouped(list.length);
	for (const d of list) d.messages = sorted(lists[d.id]!);
}

/** The first copy of a creating request: the one its UAC sent, following `forwardedFrom` back. */
function firstCopy(request: number, forwardedFrom: Int32Array, count: number): number {
	let first = request;
	for (let up = forwardedFrom[first]!, n = 1; up >= 0 && n < count; up = forwardedFrom[up]!, n++)
		first = up;
	return first;
}
