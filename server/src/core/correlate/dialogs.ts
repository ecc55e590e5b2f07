import type { Dialog, SipMessage } from '../model';
import { SmallMap } from './smallMap';

interface MutableDialog {
	id: number;
	callId: string;
	localTag: string;
	remoteTag: string | null;
	state: Dialog['state'];
	creator: number;
	messages: number[];
}

/** Requests that create a dialog (RFC 3261 §12, RFC 6665 §4.1, RFC 3515). */
const creating = new Set(['INVITE', 'SUBSCRIBE', 'REFER']);

/**
 * The dialogs and pending creating requests of one Call-ID. Looked up by the Call-ID alone and
 * then searched: a call has a handful of dialogs, and no key string is made per message.
 */
interface Call {
	/** Dialogs by each of their two tags. */
	readonly byTag: SmallMap<MutableDialog[]>;
	/** Creating requests still without a To tag, by From tag: the latest one. */
	readonly pending: SmallMap<number>;
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
 */
export function buildDialogs(
	order: readonly SipMessage[],
	count: number,
	requestOf: (i: number) => number | null,
): DialogIndex {
	const calls = new Map<string, Call>();
	const list: MutableDialog[] = [];
	const dialogOf = new Int32Array(count).fill(-1);
	const attach = (d: MutableDialog, i: number): void => {
		dialogOf[i] = d.id;
		d.messages.push(i);
	};
	for (const m of order) {
		if (!m.callId || m.kind === 'invalid') continue;
		const fromTag = m.from?.tag ?? null;
		const toTag = m.to?.tag ?? null;
		const method = m.kind === 'request' ? m.method! : (m.cseq?.method ?? '');
		const needsCall =
			m.kind === 'request' && !toTag ? creating.has(method) && !!fromTag : !!fromTag && !!toTag;
		if (!needsCall) continue;
		let call = calls.get(m.callId);
		if (!call) {
			call = { byTag: new SmallMap(), pending: new SmallMap() };
			calls.set(m.callId, call);
		}
		if (m.kind === 'request' && !toTag) {
			call.pending.set(fromTag!, m.index);
			continue;
		}
		if (!fromTag || !toTag) continue;
		let d = findDialog(call, fromTag, toTag);
		if (!d) {
			// Who created it: the request this responds to, or a pending request whose From tag is one of ours.
			const request = m.kind === 'response' ? requestOf(m.index) : null;
			const creator =
				request != null && creating.has(method)
					? request
					: (call.pending.get(fromTag) ?? call.pending.get(toTag) ?? null);
			if (m.kind === 'response' && !creating.has(method) && creator === null) continue; // a response outside any dialog
			const creatorMessage = creator ?? m.index;
			d = {
				id: list.length,
				callId: m.callId,
				localTag: fromTag,
				remoteTag: toTag,
				state: 'early',
				creator: creatorMessage,
				messages: [],
			};
			if (creator !== null) {
				attach(d, creator);
				// The creating request's other responses (100 Trying, without To tag) are the dialog's too.
			}
			addDialog(call, d);
			list.push(d);
		}
		if (dialogOf[m.index] !== d.id) attach(d, m.index);
		if (m.kind === 'response' && m.status != null) {
			if (m.status >= 200 && m.status < 300 && creating.has(method) && d.state === 'early')
				d.state = 'confirmed';
			if (m.status >= 200 && m.status < 300 && method === 'BYE') d.state = 'terminated';
		}
		if (m.kind === 'request' && method === 'NOTIFY' && d.state === 'early') d.state = 'confirmed';
	}
	for (const d of list) d.messages.sort((a, b) => a - b);
	return { dialogs: list, dialogOf };
}
