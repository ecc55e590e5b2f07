import type { SipMessage } from '../model';
import {
	decodeBody,
	summarizePresence,
	type DecodedBody,
	type PresenceSummary,
} from './decodeBody';

// The presence a message carries is asked for by the outline, the diagram and the code lenses,
// for every PUBLISH and NOTIFY of a trace. Decoding XML is the costly part: each message's
// summary is kept (small, immutable), and the lint pass that decodes every body anyway fills it.
const summaries = new WeakMap<SipMessage, PresenceSummary | null>();

/** The presence summary of a message's body (PIDF, or PIDF inside multipart), or null. */
export function presenceSummaryOf(text: string, message: SipMessage): PresenceSummary | null {
	let summary = summaries.get(message);
	if (summary === undefined) {
		summary = message.body ? summarizePresence(decodeBody(text, message)) : null;
		summaries.set(message, summary);
	}
	return summary;
}

/** Records the summary of a body already decoded (or known equal to one that was). */
export function rememberPresenceSummary(
	message: SipMessage,
	summary: PresenceSummary | null,
): void {
	summaries.set(message, summary);
}

export function summaryOfDecoded(decoded: DecodedBody): PresenceSummary | null {
	return summarizePresence(decoded);
}
