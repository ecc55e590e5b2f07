import type { SipMessage } from '../model';
import { decodeBody, type DecodedBody } from './decodeBody';

/**
 * What a dialog-info document says in short (RFC 4235 §4.1): whose dialogs, the version that
 * orders the documents of a subscription, and each dialog's state (with the event that ended it,
 * `terminated (rejected)`), in document order.
 */
export interface DialogSummary {
	readonly entity: string | null;
	/** The version attribute as a number, or null when missing or not a non-negative integer. */
	readonly version: number | null;
	/** full or partial. */
	readonly state: string | null;
	readonly dialogs: readonly string[];
}

// Asked for by the outline for every NOTIFY and PUBLISH, and by lint for the version of every
// NOTIFY: each message's summary is kept (small, immutable), filled by the lint pass that decodes
// every dialog-info body anyway, or here on demand.
const summaries = new WeakMap<SipMessage, DialogSummary | null>();

/** The dialog-info summary of a message's body (dialog-info, or inside multipart), or null. */
export function dialogSummaryOf(text: string, message: SipMessage): DialogSummary | null {
	let summary = summaries.get(message);
	if (summary === undefined) {
		summary = message.body ? summarizeDialogs(decodeBody(text, message)) : null;
		summaries.set(message, summary);
	}
	return summary;
}

/** Records the summary of a body already decoded (or known equal to one that was). */
export function rememberDialogSummary(message: SipMessage, summary: DialogSummary | null): void {
	summaries.set(message, summary);
}

export function summarizeDialogs(decoded: DecodedBody): DialogSummary | null {
	if (decoded.kind === 'multipart') {
		for (const part of decoded.parts) {
			const found = summarizeDialogs(part.decoded);
			if (found) return found;
		}
		return null;
	}
	if (decoded.kind !== 'dialog-info') return null;
	const d = decoded.dialogInfo;
	const version = d.version !== null && /^\d{1,10}$/.test(d.version) ? Number(d.version) : null;
	return {
		entity: d.entity,
		version,
		state: d.state,
		dialogs: d.dialogs.map((x) => {
			const state = x.state ?? '?';
			return x.event ? `${state} (${x.event})` : state;
		}),
	};
}
