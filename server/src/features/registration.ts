import { decodeBody } from '../core/bodies/decodeBody';
import type { ReginfoDocument } from '../core/bodies/reginfo';
import type { SipMessage, TraceAnalysis } from '../core/model';
import { aorOf, userOf } from '../core/query';

// The outline asks for every NOTIFY and PUBLISH of a trace, again on each edit of the document:
// each message's summary is kept (messages are immutable), the body decoded once.
const summaries = new WeakMap<SipMessage, string | null>();

/**
 * A short summary of the registration state a reg NOTIFY or PUBLISH carries (RFC 3680 §5):
 * `alice active, 2 contacts` (the active ones) for full state, `alice active, partial: refreshed`
 * (what changed) for partial state; several AoRs joined by `; `. Null for other bodies.
 */
export function registrationOf(analysis: TraceAnalysis, message: SipMessage): string | null {
	if (message.contentType !== 'application/reginfo+xml') return null;
	let summary = summaries.get(message);
	if (summary === undefined) {
		const decoded = decodeBody(analysis.text, message);
		summary = decoded.kind === 'reginfo' ? summarize(decoded.reginfo) : null;
		summaries.set(message, summary);
	}
	return summary;
}

export function summarize(doc: ReginfoDocument): string | null {
	const parts = doc.registrations.map((r) => {
		const who = `${userOf(aorOf(r.aor)) ?? '?'} ${r.state ?? '?'}`;
		if (doc.state === 'partial') {
			const events = [...new Set(r.contacts.map((c) => c.event ?? '?'))];
			return events.length ? `${who}, partial: ${events.join(', ')}` : `${who}, partial`;
		}
		const active = r.contacts.filter((c) => c.state === 'active').length;
		return active ? `${who}, ${active} contact${active === 1 ? '' : 's'}` : who;
	});
	return parts.length ? parts.join('; ') : null;
}
