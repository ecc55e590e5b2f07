import type { Durations, TraceStatistics } from '../core/statistics';
import { md, table } from './markdown';
import { formatDuration } from './timeFormat';

/** A table of the statistics, its cells as plain text (escaped only when made Markdown). */
interface Section {
	readonly title: string;
	/** What the table counts, said once under the title. */
	readonly note: string;
	readonly head: readonly string[];
	readonly rows: readonly (readonly string[])[];
}

/** The statistics as a Markdown document: a summary, then one table per section with rows. */
export function statisticsMarkdown(stats: TraceStatistics, name: string): string {
	const parts = [`# SIP statistics: ${md(name)}`, md(summary(stats))];
	for (const s of sections(stats)) {
		parts.push(`## ${s.title}`, md(s.note));
		parts.push(
			s.rows.length
				? table(
						s.head,
						s.rows.map((r) => r.map(md)),
					)
				: '_None in the trace._',
		);
	}
	return `${parts.join('\n\n')}\n`;
}

/** The file name at the end of a URI, decoded where it decodes: the document's title. */
export function fileNameOf(uri: string): string {
	const last = uri.slice(uri.lastIndexOf('/') + 1);
	try {
		return decodeURIComponent(last);
	} catch {
		return last; // a stray '%': the name as written
	}
}

/** The statistics as plain text for a terminal: the same tables, columns aligned. */
export function statisticsText(stats: TraceStatistics): string {
	const parts = [summary(stats)];
	for (const s of sections(stats)) {
		parts.push(`${s.title} (${s.note})`);
		parts.push(s.rows.length ? aligned(s.head, s.rows) : '  none in the trace');
	}
	return `${parts.join('\n\n')}\n`;
}

/** `n` and `noun`, plural but for one. */
function counted(n: number, noun: string): string {
	return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function summary(stats: TraceStatistics): string {
	const m = stats.messages;
	const counts = `${counted(m.total, 'message')}: ${counted(m.requests, 'request')}, ${counted(m.responses, 'response')}${m.invalid ? `, ${m.invalid} not SIP` : ''}; ${m.retransmissions} of them ${m.retransmissions === 1 ? 'a retransmission or copy' : 'retransmissions or copies'} of a message already seen`;
	const span = stats.span;
	return span
		? `${counts}. From ${span.first} to ${span.last} (${formatDuration(span.durationMicros)}).`
		: `${counts}. The trace gives no times.`;
}

function sections(stats: TraceStatistics): Section[] {
	const dash = '-';
	const n = (v: number | null): string => (v === null ? dash : String(v));
	return [
		{
			title: 'Requests',
			note: 'distinct requests by method; retransmissions and copies apart',
			head: ['Method', 'Requests', 'Retransmissions', 'Final response', 'No final response'],
			// A method seen only in responses (`?`, a response cut before its CSeq) has no row here.
			rows: stats.methods
				.filter((m) => m.requests + m.retransmissions > 0)
				.map((m) => [
					m.method,
					String(m.requests),
					String(m.retransmissions),
					n(m.answered),
					n(m.unanswered),
				]),
		},
		{
			title: 'Responses',
			note: 'distinct responses by CSeq method and status code',
			head: ['Method', 'Status', 'Count', 'Retransmissions'],
			rows: stats.methods.flatMap((m) =>
				m.responses.map((r) => [
					m.method,
					`${r.status} ${r.reason}`.trim(),
					String(r.count),
					String(r.retransmissions),
				]),
			),
		},
		{
			title: 'Response times',
			note: 'request to its first final response, where the trace gives both times',
			head: ['Method', 'Timed', 'Min', 'Median', 'p95', 'Max'],
			rows: stats.methods.flatMap((m) =>
				m.responseTime ? [timeRow(m.method, m.responseTime)] : [],
			),
		},
		{
			title: 'Subscriptions',
			note: 'by event package; NOTIFYs counted once each, as their notifier sent them',
			head: [
				'Event',
				'Subscriptions',
				'Terminated',
				'Reasons',
				'NOTIFYs',
				'Most NOTIFYs in one',
				'Forwarded by a proxy',
			],
			rows: stats.subscriptions.map((s) => [
				s.event,
				String(s.subscriptions),
				String(s.terminated),
				s.reasons.map((r) => `${r.reason ?? 'no reason'} ${r.count}`).join(', ') || dash,
				String(s.notifies),
				String(s.maxNotifies),
				String(s.forwarded),
			]),
		},
		{
			title: 'Publications',
			note: 'PUBLISH requests by event package: what they asked, how they were answered',
			head: [
				'Event',
				'Publications',
				'PUBLISH',
				'Initial',
				'Refresh',
				'Modify',
				'Remove',
				'Accepted',
				'412',
				'401/407',
				'Other refusal',
				'No final response',
			],
			rows: stats.publications.map((p) => [
				p.event,
				...[
					p.publications,
					p.publishes,
					p.initial,
					p.refreshed,
					p.modified,
					p.removed,
					p.accepted,
					p.conditionFailed,
					p.challenged,
					p.refused,
					p.unanswered,
				].map(String),
			]),
		},
		{
			title: 'Authentication',
			note: 'challenges, and those answered by a request re-sent with credentials',
			head: ['Challenge', 'Count', 'Answered'],
			rows: stats.challenges.map((c) => [String(c.status), String(c.count), String(c.answered)]),
		},
	];
}

function timeRow(method: string, d: Durations): string[] {
	return [
		method,
		String(d.samples),
		delay(d.min, d.tick),
		delay(d.median, d.tick),
		d.p95 === null ? '-' : delay(d.p95, d.tick),
		delay(d.max, d.tick),
	];
}

/**
 * Sub-millisecond answers are common on loopback and in a proxy's own log: shown to 0.01 ms where
 * the trace's times have microseconds. Below the step of coarser times (a log stamped to the
 * second) a duration is only known to be under it: `< 1 s`, not `0.00 ms`.
 */
function delay(micros: number, tick: number): string {
	if (tick > 1 && micros < tick) return `< ${formatDuration(tick).replace(/\.0+ /, ' ')}`;
	return micros < 10_000 && tick <= 10
		? `${(micros / 1000).toFixed(2)} ms`
		: formatDuration(micros);
}

/** Columns padded to their widest cell, numbers right-aligned, two spaces between columns. */
function aligned(head: readonly string[], rows: readonly (readonly string[])[]): string {
	const all = [head, ...rows];
	const width = head.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
	const numeric = head.map((_, c) =>
		rows.every((r) => /^(?:-|\d[\d. ]{0,20}(?:ms|s)?)$/.test(r[c]!)),
	);
	return all
		.map((r) =>
			r
				.map((cell, c) => (numeric[c] ? cell.padStart(width[c]!) : cell.padEnd(width[c]!)))
				.join('  ')
				.trimEnd()
				.replace(/^/, '  '),
		)
		.join('\n');
}
