import type { Dialog, SipMessage } from '../model';

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

/** A dialog's key does not depend on direction: the two tags in a fixed order. */
function dialogKey(callId: string, a: string, b: string): string {
	return a < b ? `${callId}\u0000${a}\u0000${b}` : `${callId}\u0000${b}\u0000${a}`;
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
	const byKey = new Map<string, MutableDialog>();
	const pending = new Map<string, number>(); // callId + creator's From tag -> creating request
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
		if (m.kind === 'request' && !toTag) {
			if (creating.has(method) && fromTag) pending.set(`${m.callId}\u0000${fromTag}`, m.index);
			continue;
		}
		if (!fromTag || !toTag) continue;
		const key = dialogKey(m.callId, fromTag, toTag);
		let d = byKey.get(key);
		if (!d) {
			// Who created it: the request this responds to, or a pending request whose From tag is one of ours.
			const request = m.kind === 'response' ? requestOf(m.index) : null;
			const creator =
				request != null && creating.has(method)
					? request
					: (pending.get(`${m.callId}\u0000${fromTag}`) ??
						pending.get(`${m.callId}\u0000${toTag}`) ??
						null);
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
			byKey.set(key, d);
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
