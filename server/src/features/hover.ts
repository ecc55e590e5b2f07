import type { Hover, Position } from 'vscode-languageserver';
import { headerDoc, rfcUrl } from '../core/reference/headers';
import { statusMeaning } from '../core/reference/statusCodes';
import { contains, headerAt, messageAt, methodOf } from '../core/query';
import type { Header, SipMessage, TraceAnalysis } from '../core/model';
import type { TraceDocument } from '../traceDocument';
import { bodyHover } from './bodyHover';
import { replacesHover } from './replacesHover';
import { toOffset, toRange } from './convert';
import { clockBetween, clockOf } from '../core/text/clock';
import { formatClock, formatDuration, formatMicros } from './timeFormat';
import { messagesWithCallId } from '../core/byCallId';

/** Hover text by what is under the cursor: body, header name, header value, status code, start line. */
export function provideHover(doc: TraceDocument, position: Position): Hover | null {
	const offset = toOffset(doc, position);
	const { analysis } = doc;
	const message = messageAt(analysis, offset);
	if (!message) return null;
	let markdown: string | null = null;
	let span = message.startLine;
	if (message.body && contains(message.body, offset) && message.body.end > message.body.start) {
		markdown = bodyHover(
			analysis,
			message,
			(i) => doc.lines.lineAt(analysis.messages[i]!.startLine.start) + 1,
		);
		span = message.body;
	} else if (contains(message.startLine, offset)) {
		markdown = startLineHover(analysis, message, offset);
	} else {
		const header = headerAt(message, offset);
		if (header) {
			const onName = offset <= header.name.end;
			markdown = onName
				? headerNameHover(header)
				: headerValueHover(
						analysis,
						message,
						header,
						(i) => doc.lines.lineAt(analysis.messages[i]!.startLine.start) + 1,
					);
			span = onName ? header.name : header.value;
		}
	}
	return markdown
		? { contents: { kind: 'markdown', value: markdown }, range: toRange(doc, span) }
		: null;
}

function headerNameHover(header: Header): string | null {
	const d = headerDoc(header.key);
	if (!d) return null;
	return `**${d.name}**${header.compact ? ' (compact form)' : ''}\n\n${d.summary}\n\n[RFC ${d.rfc} §${d.section}](${rfcUrl(d.rfc, d.section)})`;
}

function headerValueHover(
	analysis: TraceAnalysis,
	message: SipMessage,
	header: Header,
	lineOf: (message: number) => number,
): string | null {
	// An absolute time with the date; on a trace without one, the time of day.
	const clock = clockOf(message.frame);
	const at = (micros: number): string =>
		clock!.kind === 'epoch' ? formatMicros(micros) : formatClock(micros);
	const time = clock?.micros ?? null;
	switch (header.key) {
		case 'expires': {
			const seconds = message.expires;
			if (seconds == null || Number.isNaN(seconds)) return headerNameHover(header);
			if (seconds === 0) return `**Expires: 0**: ${removalMeaning(message)}`;
			return `**Expires ${seconds} s**${time != null ? `: until ${at(time + seconds * 1e6)}` : ''}`;
		}
		case 'subscription-state': {
			const s = message.subscriptionState;
			if (!s) return headerNameHover(header);
			const lines = [`**Subscription ${s.state}**`];
			if (s.expires != null)
				lines.push(
					`expires in ${s.expires} s${time != null ? ` (at ${at(time + s.expires * 1e6)})` : ''}`,
				);
			if (s.reason) lines.push(`reason: ${s.reason}`);
			if (s.retryAfter != null) lines.push(`retry after ${s.retryAfter} s`);
			return lines.join('\n\n');
		}
		case 'call-id':
			return callIdHover(analysis, message);
		case 'replaces':
		case 'refer-to':
			return replacesHover(analysis, message, lineOf) ?? headerNameHover(header);
		default:
			return headerNameHover(header);
	}
}

function removalMeaning(message: SipMessage): string {
	const method = methodOf(message);
	if (method === 'SUBSCRIBE') return 'unsubscribe (RFC 6665 §4.1.2.3).';
	if (method === 'PUBLISH') return 'removes the published state (RFC 3903 §4.5).';
	if (method === 'REGISTER') return 'removes the binding (RFC 3261 §10.2.2).';
	return 'expires at once.';
}

function callIdHover(analysis: TraceAnalysis, message: SipMessage): string {
	const dialog = analysis.index.dialogOf(message.index);
	const same = messagesWithCallId(analysis, message.callId);
	const lines = [
		`**Call-ID** \`${message.callId ?? ''}\`: ${same.length} message${same.length === 1 ? '' : 's'} in this trace`,
	];
	if (dialog) {
		const creator = analysis.messages[dialog.creator];
		lines.push(
			`dialog created by ${creator?.method ?? '?'} (message ${dialog.creator}), ${dialog.state}, ${dialog.messages.length} messages`,
		);
	}
	return lines.join('\n\n');
}

function startLineHover(
	analysis: TraceAnalysis,
	message: SipMessage,
	offset: number,
): string | null {
	const { index } = analysis;
	if (message.kind === 'response' && message.status != null) {
		const meaning = statusMeaning(message.status);
		const onCode = offset < message.startLine.start + 'SIP/2.0 '.length + 3;
		const head = `**${message.status} ${meaning.reason || message.reason || ''}** (${meaning.className})\n\n${meaning.summary}\n\n[RFC ${meaning.rfc}](${rfcUrl(meaning.rfc)})`;
		const request = index.requestOf(message.index);
		const timing = request != null ? elapsed(analysis, request, message.index) : null;
		return onCode || !timing ? head : `${head}\n\n${timing} after the request`;
	}
	if (message.kind !== 'request') return null;
	const responses = index.responsesOf(message.index);
	const final = responses.map((r) => analysis.messages[r]!).find((r) => (r.status ?? 0) >= 200);
	const lines = [`**${message.method}** transaction`];
	if (final) {
		const t = elapsed(analysis, message.index, final.index);
		lines.push(
			`final response: **${final.status} ${final.reason ?? ''}**${t ? ` after ${t}` : ''}`,
		);
	} else {
		lines.push(responses.length ? 'no final response in the trace' : 'no response in the trace');
	}
	const retrans = index.transactionOf(message.index)?.retransmissions.length ?? 0;
	if (retrans) lines.push(`${retrans} retransmission${retrans === 1 ? '' : 's'}`);
	const challenge = index.challengeOf(message.index);
	if (challenge != null)
		lines.push(
			`re-sent with credentials after the ${analysis.messages[challenge]?.status} (message ${challenge})`,
		);
	return lines.join('\n\n');
}

function elapsed(analysis: TraceAnalysis, from: number, to: number): string | null {
	const a = analysis.messages[from];
	const b = analysis.messages[to];
	const d = a && b ? clockBetween(clockOf(a.frame), clockOf(b.frame)) : null;
	return d != null ? formatDuration(d) : null;
}
