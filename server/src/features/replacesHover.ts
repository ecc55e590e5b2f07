import { dialogBefore } from '../core/correlate/replaces';
import { aorOf, userOf } from '../core/query';
import type { Dialog, SipMessage, TraceAnalysis } from '../core/model';
import { code as codeOf, md } from './markdown';

const code = (s: string): string => codeOf(s, 200);

/**
 * Hover on an INVITE's Replaces, or a REFER's Refer-To that carries one: which call it names
 * (RFC 3891 §3, §7), its parties, its state when this request was sent and at the end of the
 * trace, and the request that created it. `lineOf` gives a message's 1-based line. Null when the
 * request names no call (a Refer-To without Replaces).
 */
export function replacesHover(
	analysis: TraceAnalysis,
	message: SipMessage,
	lineOf: (message: number) => number,
): string | null {
	const { index, messages } = analysis;
	const ref = index.replacesOf(message.index);
	if (!ref) return null;
	const lines: string[] = [];
	if (ref.source === 'replaces') {
		lines.push(`**Replaces** the call ${code(ref.callId)} (RFC 3891 §3)`);
	} else {
		const target = message.header('refer-to') ? referTarget(analysis, message) : null;
		lines.push(
			`**Refer-To with Replaces**: asks for a call${target ? ` to ${md(target)}` : ''} that takes over the call ${code(ref.callId)} (RFC 3891 §7, RFC 5589 §7)`,
		);
	}
	const d = index.replacedDialog(message.index);
	const tags = `to-tag ${code(ref.toTag ?? '?')}, from-tag ${code(ref.fromTag ?? '?')}${ref.earlyOnly ? ', early-only' : ''}`;
	if (!d) {
		lines.push(
			`${tags}: no such dialog in this trace (it may predate it, or be logged elsewhere).`,
		);
		return lines.join('\n\n');
	}
	const creator = messages[d.creator]!;
	const caller = md(userOf(aorOf(creator.from?.uri))) || '?';
	const callee = md(userOf(aorOf(creator.to?.uri)) ?? userOf(aorOf(creator.requestUri))) || '?';
	lines.push(
		`${caller} → ${callee}, created by ${md(creator.method) || '?'} at line ${lineOf(d.creator)}`,
	);
	const { confirmed, ended } = dialogBefore(messages, d, message);
	const then = ended
		? `ended (${ended.status} to ${md(ended.cseq?.method) || '?'} at line ${lineOf(ended.index)})`
		: confirmed
			? `confirmed (${confirmed.status} at line ${lineOf(confirmed.index)})`
			: 'early';
	lines.push(
		`when this ${md(message.method) || 'request'} was sent: ${then}; at the end of the trace: ${d.state}, ${d.messages.length} messages`,
	);
	lines.push(`${tagOwners(d, creator, ref.toTag, ref.fromTag, caller, callee)}`);
	return lines.join('\n\n');
}

/** `to-tag x (carol's), from-tag y (bob's)`: whose each tag is, by the creating request's From. */
function tagOwners(
	d: Dialog,
	creator: SipMessage,
	toTag: string | null,
	fromTag: string | null,
	caller: string,
	callee: string,
): string {
	const owner = (tag: string | null): string =>
		tag === creator.from?.tag ? caller : tag === d.localTag || tag === d.remoteTag ? callee : '?';
	return `to-tag ${code(toTag ?? '?')} (${owner(toTag)}'s), from-tag ${code(fromTag ?? '?')} (${owner(fromTag)}'s)`;
}

/** The user a REFER's Refer-To names (`carol`), or its URI. */
function referTarget(analysis: TraceAnalysis, refer: SipMessage): string | null {
	const header = refer.header('refer-to');
	if (!header) return null;
	const value = analysis.text.slice(header.value.start, header.value.end).trim();
	const open = value.indexOf('<');
	const close = value.indexOf('>', open + 1);
	const uri = open >= 0 && close > open ? value.slice(open + 1, close) : value.split(';')[0]!;
	return userOf(aorOf(uri)) ?? uri;
}
