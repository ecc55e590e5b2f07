import { presenceSummaryOf } from '../core/bodies/presenceSummaries';
import type { SipMessage, TraceAnalysis } from '../core/model';

/** A short presence summary of a PUBLISH/NOTIFY body: `busy: "In a meeting"`, `open`, or null. */
export function presenceOf(analysis: TraceAnalysis, message: SipMessage): string | null {
	if (!message.body || message.body.end <= message.body.start) return null;
	const summary = presenceSummaryOf(analysis.text, message);
	if (!summary) return null;
	const state = summary.activities.length ? summary.activities.join(', ') : summary.basic;
	if (!state && !summary.note) return null;
	return summary.note ? `${state ?? ''}${state ? ': ' : ''}"${summary.note}"` : state;
}
