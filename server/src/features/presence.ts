import { dialogSummaryOf } from '../core/bodies/dialogSummaries';
import { presenceSummaryOf } from '../core/bodies/presenceSummaries';
import type { PresenceSummary } from '../core/bodies/pidf';
import type { SipMessage, TraceAnalysis } from '../core/model';
import { aorOf, userOf } from '../core/query';

/** A short presence summary of a PUBLISH/NOTIFY body: `busy: "In a meeting"`, `open`, or null. */
export function presenceOf(analysis: TraceAnalysis, message: SipMessage): string | null {
	if (!message.body || message.body.end <= message.body.start) return null;
	const summary = presenceSummaryOf(analysis.text, message);
	return summary ? presenceText(summary) : null;
}

/** `busy: "In a meeting"`, `open`, `"Back soon"`: a presence summary in a few words, or null. */
export function presenceText(summary: PresenceSummary): string | null {
	const state = summary.activities.length ? summary.activities.join(', ') : summary.basic;
	if (!state && !summary.note) return null;
	return summary.note ? `${state ?? ''}${state ? ': ' : ''}"${summary.note}"` : state;
}

/** How many dialogs a summary names before `+N more`: an outline entry stays one short line. */
const shownDialogs = 3;

/**
 * A short dialog-state summary of a PUBLISH/NOTIFY dialog-info body (RFC 4235), as a busy lamp
 * field reads it: whose line and the state of each of its dialogs, `bob: confirmed`,
 * `bob: terminated (rejected)`, `bob: no dialog` (idle); null for any other body.
 */
export function dialogStateOf(analysis: TraceAnalysis, message: SipMessage): string | null {
	if (!message.body || message.body.end <= message.body.start) return null;
	if (message.contentType !== 'application/dialog-info+xml') return null;
	const summary = dialogSummaryOf(analysis.text, message);
	if (!summary) return null;
	const who = userOf(aorOf(summary.entity)) ?? '?';
	const { dialogs } = summary;
	if (!dialogs.length) return `${who}: no dialog`;
	const more = dialogs.length - shownDialogs;
	const states = dialogs.slice(0, shownDialogs).join(', ');
	return `${who}: ${states}${more > 0 ? `, +${more} more` : ''}`;
}
