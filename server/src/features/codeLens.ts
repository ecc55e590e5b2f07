import type { CodeLens } from 'vscode-languageserver';
import { aorOf, replacersOf, userOf } from '../core/query';
import { clockOf } from '../core/text/clock';
import type { TraceDocument } from '../traceDocument';
import { startLineRange } from './convert';
import { formatClock, formatClockAfter } from './timeFormat';
import { publisherOf } from './composition';
import { notifyCount } from './notifyCount';
import { isNotify } from '../core/parser/methods';

/**
 * Summaries over the start lines of SUBSCRIBEs, PUBLISHes, NOTIFYs composed from several
 * publications, challenged requests and the requests that created a dialog another INVITE
 * replaced (RFC 3891). Display only.
 */
export function provideCodeLenses(doc: TraceDocument): CodeLens[] {
	const { index, messages } = doc.analysis;
	const lenses: CodeLens[] = [];
	const lens = (i: number, title: string): void => {
		lenses.push({ range: startLineRange(doc, i), command: { title, command: '' } });
	};
	for (const s of index.subscriptions) {
		if (s.creator == null) continue;
		const parts = [notifyCount(index, s)];
		// On the trace's own clock: a trace with times of day only still shows them.
		const from = s.activatedBy != null ? clockOf(messages[s.activatedBy]!.frame) : null;
		const end =
			s.terminatedBy != null
				? clockOf(messages[s.terminatedBy]!.frame)
				: s.expiresAtMicros != null
					? ({ micros: s.expiresAtMicros, kind: 'epoch' } as const)
					: null;
		const to = from && end && end.kind === from.kind ? end.micros : null;
		if (from)
			parts.push(
				`active ${formatClock(from.micros)}${to != null ? ` to ${formatClockAfter(from.micros, to)}` : ''}`,
			);
		if (s.terminatedBy != null)
			parts.push(`terminated${s.terminationReason ? `: ${s.terminationReason}` : ''}`);
		lens(s.creator, parts.join(', '));
	}
	const lineOf = (i: number): number => doc.lines.lineAt(messages[i]!.startLine.start) + 1;
	for (const d of index.dialogs) {
		const by = replacersOf(index, d);
		if (!by.length) continue;
		const invite = by.find((i) => messages[i]!.method === 'INVITE');
		const refer = by.find((i) => messages[i]!.method === 'REFER');
		const parts: string[] = [];
		if (invite !== undefined) parts.push(`replaced by INVITE at line ${lineOf(invite)}`);
		if (refer !== undefined)
			parts.push(
				`${invite === undefined ? 'replacement asked' : 'asked'} by REFER at line ${lineOf(refer)}`,
			);
		lens(d.creator, parts.join(', '));
	}
	for (const m of messages) {
		if (m.method === 'PUBLISH') {
			const notifies = index.notifiesOf(m.index);
			if (notifies.length) {
				const watchers = notifies.map((n) => userOf(aorOf(messages[n]?.to?.uri)) ?? '?');
				lens(m.index, `fanned out to ${[...new Set(watchers)].join(', ')}`);
			}
		}
		if (isNotify(m.method)) {
			// A NOTIFY composed from several devices' publications (RFC 3903 §4): which ones.
			const composed = index.publishesOf(m.index);
			if (composed.length > 1) {
				const parts = composed.map(
					(p) => `${publisherOf(doc.analysis, messages[p]!)} (line ${lineOf(p)})`,
				);
				lens(
					m.index,
					`composed from ${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`,
				);
			}
		}
		if (m.kind === 'request') {
			const retry = index
				.responsesOf(m.index)
				.map((r) => index.retryOf(r))
				.find((r) => r != null);
			if (retry != null) {
				const challenge = index.challengeOf(retry);
				lens(
					m.index,
					`challenged by ${challenge != null ? messages[challenge]?.status : '401/407'}, re-sent at line ${lineOf(retry)}`,
				);
			}
		}
	}
	return lenses;
}
