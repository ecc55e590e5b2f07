import type { Dialog, Replaces, SipMessage } from '../model';
import { clockBetween, clockOf } from '../text/clock';
import { replacesOf } from '../parser/replaces';
import { Method, requestBit } from './messageFacts';

const inviteRequest = requestBit + Method.Invite;
const referRequest = requestBit + Method.Refer;

export interface ReplacesIndex {
	/** By message: what its Replaces (or its Refer-To's) names. */
	readonly refs: ReadonlyMap<number, Replaces>;
	/** By message: the id of the dialog that names, when it is in the trace. */
	readonly dialogOf: ReadonlyMap<number, number>;
	/** By dialog id: the messages naming it, in file order. */
	readonly byDialog: ReadonlyMap<number, readonly number[]>;
}

const empty: ReplacesIndex = { refs: new Map(), dialogOf: new Map(), byDialog: new Map() };

/**
 * Which dialog each INVITE with Replaces, and each REFER whose Refer-To carries one, names
 * (RFC 3891 §3): the dialog with that Call-ID whose two tags are the to-tag and from-tag, in
 * either order (the tags are the receiving UA's view; the trace may show the dialog from either
 * side). Only INVITEs and REFERs are read, each for one header; a trace without any costs a pass
 * of method comparisons, and the dialogs are searched only by the Call-IDs named.
 */
export function buildReplaces(
	text: string,
	messages: readonly SipMessage[],
	/** By message: its method code (`MessageFacts.method`). */
	codes: Uint8Array,
	dialogs: readonly Dialog[],
): ReplacesIndex {
	let refs: Map<number, Replaces> | null = null;
	for (let i = 0; i < messages.length; i++) {
		// Only an INVITE or a REFER can name a dialog to replace.
		if (codes[i] !== inviteRequest && codes[i] !== referRequest) continue;
		const m = messages[i]!;
		const ref = replacesOf(text, m);
		if (ref) (refs ??= new Map()).set(m.index, ref);
	}
	if (!refs) return empty;
	const named = new Set<string>();
	for (const ref of refs.values()) named.add(ref.callId);
	const byCallId = new Map<string, Dialog[]>();
	for (const d of dialogs) {
		if (!named.has(d.callId)) continue;
		const list = byCallId.get(d.callId);
		if (list) list.push(d);
		else byCallId.set(d.callId, [d]);
	}
	const dialogOf = new Map<number, number>();
	const byDialog = new Map<number, number[]>();
	for (const [i, ref] of refs) {
		const { toTag: to, fromTag: from } = ref;
		if (to === null || from === null) continue;
		const d = byCallId
			.get(ref.callId)
			?.find(
				(d) =>
					(d.localTag === to && d.remoteTag === from) ||
					(d.localTag === from && d.remoteTag === to),
			);
		if (!d) continue;
		dialogOf.set(i, d.id);
		const list = byDialog.get(d.id);
		if (list) list.push(i);
		else byDialog.set(d.id, [i]);
	}
	return { refs, dialogOf, byDialog };
}

/**
 * `index`'s Replaces where `messages` have them: `messages` are those `index` was read from
 * (`before`), each kept, moved by an edit or read again with the same Replaces and Refer-To
 * values. A message kept keeps its Replaces; another's is read again, for its span. Null when
 * one does not read as before.
 */
export function movedReplaces(
	index: ReplacesIndex,
	before: readonly SipMessage[],
	text: string,
	messages: readonly SipMessage[],
): ReplacesIndex | null {
	if (index.refs.size === 0) return index;
	let moved = false;
	const refs = new Map<number, Replaces>();
	for (const [i, ref] of index.refs) {
		const m = messages[i];
		if (m === undefined) return null;
		if (m === before[i]) {
			refs.set(i, ref);
			continue;
		}
		const now = replacesOf(text, m);
		if (
			!now ||
			now.callId !== ref.callId ||
			now.toTag !== ref.toTag ||
			now.fromTag !== ref.fromTag ||
			now.earlyOnly !== ref.earlyOnly ||
			now.source !== ref.source
		)
			return null;
		refs.set(i, now);
		moved = true;
	}
	return moved ? { refs, dialogOf: index.dialogOf, byDialog: index.byDialog } : index;
}

/** Whether `a` happened before `b`: by the trace's clock when both have one, else file order. */
function before(a: SipMessage, b: SipMessage): boolean {
	const d = clockBetween(clockOf(a.frame), clockOf(b.frame));
	return d === null ? a.index < b.index : d > 0 || (d === 0 && a.index < b.index);
}

/**
 * What had happened to dialog `d` before message `m`: the response that confirmed it (a 2xx to
 * its creating INVITE), and the one that ended it (a 2xx to BYE, or a final error to the creating
 * INVITE while it was early, RFC 3261 §12.3, §15). A re-INVITE's answer ends nothing.
 */
export function dialogBefore(
	messages: readonly SipMessage[],
	d: Dialog,
	m: SipMessage,
): { confirmed: SipMessage | null; ended: SipMessage | null } {
	const creator = messages[d.creator]!;
	let confirmed: SipMessage | null = null;
	let bye: SipMessage | null = null;
	let refused: SipMessage | null = null;
	const earliest = (a: SipMessage | null, r: SipMessage) => (!a || before(r, a) ? r : a);
	for (const i of d.messages) {
		const r = messages[i]!;
		if (r.kind !== 'response' || r.status == null || !r.cseq || !before(r, m)) continue;
		const ok = r.status >= 200 && r.status < 300;
		const toCreator = r.cseq.method === 'INVITE' && r.cseq.seq === creator.cseq?.seq;
		if (ok && toCreator) confirmed = earliest(confirmed, r);
		if (ok && r.cseq.method === 'BYE') bye = earliest(bye, r);
		if (r.status >= 300 && toCreator) refused = earliest(refused, r);
	}
	// A final error to the INVITE of a dialog its 2xx confirmed (another fork's) ends nothing.
	const ended = bye ?? (confirmed ? null : refused);
	return { confirmed, ended };
}
