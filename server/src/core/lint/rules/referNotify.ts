import { messagesWithCallId } from '../../byCallId';
import type { Problem, SipMessage, Subscription, TraceAnalysis } from '../../model';
import { findHeader } from '../../query';
import { lintProblem } from '../codes';

/**
 * A REFER's recipient reports how the referred request goes by NOTIFY in the subscription the
 * REFER made (RFC 3515 §2.4.4), from the 2xx on, unless the REFER or its 2xx says `Refer-Sub:
 * false` (RFC 4488 §4). Said where the trace holds the REFER, its 2xx, and a BYE of its call
 * after them with no NOTIFY of the subscription at all: the referrer never learns how the
 * transfer went. Not where the trace ends before a BYE (the NOTIFY may come later).
 */
export function checkReferNotified(analysis: TraceAnalysis, s: Subscription, out: Problem[]): void {
	if (s.event !== 'refer' || s.creator === null || s.notifies.length > 0) return;
	const { messages, index, text } = analysis;
	const refer = messages[s.creator]!;
	if (refer.method !== 'REFER' || refer.callId === null || noSubscription(text, refer)) return;
	let accepted = -1;
	for (const r of index.responsesOf(s.creator)) {
		const status = messages[r]!.status;
		if (status !== null && status >= 200 && status < 300) {
			accepted = r;
			break;
		}
	}
	if (accepted < 0 || noSubscription(text, messages[accepted]!)) return;
	const bye = messagesWithCallId(analysis, refer.callId).find(
		(i) => i > accepted && messages[i]!.method === 'BYE' && index.originalOf(i) === null,
	);
	if (bye === undefined) return;
	out.push(
		lintProblem(
			'refer.no-notify',
			refer.startLine,
			`This REFER was accepted (${messages[accepted]!.status}) and its call ended (BYE) with no NOTIFY of the subscription it made: the recipient reports the referred request's progress by NOTIFY (RFC 3515 §2.4.4), unless \`Refer-Sub: false\` says none is wanted (RFC 4488 §4).`,
			[
				{ span: messages[accepted]!.startLine, message: 'The REFER accepted' },
				{ span: messages[bye]!.startLine, message: 'The BYE, no NOTIFY before it' },
			],
		),
	);
}

/** Does `m` carry `Refer-Sub: false` (RFC 4488 §4)? */
function noSubscription(text: string, m: SipMessage): boolean {
	const h = findHeader(m, 'refer-sub');
	return h !== undefined && text.slice(h.value.start, h.value.end).trim().toLowerCase() === 'false';
}
