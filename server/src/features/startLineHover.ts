import { messagesWithCallId } from '../core/byCallId';
import { inDialogOrigin } from '../core/inDialogOrigin';
import type { SipMessage, TraceAnalysis } from '../core/model';
import { methodOf } from '../core/query';
import { rfcUrl } from '../core/reference/headers';
import { statusMeaning } from '../core/reference/statusCodes';
import { clockBetween, clockOf } from '../core/text/clock';
import { formatDuration } from './timeFormat';
import { code, md } from './markdown';

/** 1-based line of a message's start line, as the editor shows it. */
export type LineOf = (message: number) => number;

/**
 * Hover on a start line (an ACK's has its own, see `ackHover.ts`). A response: what its status
 * means, the request it answers and when, and what came of it (the ACK of an INVITE's final
 * response, the retry a challenge asked for, the entity-tag a PUBLISH got). A request: its
 * transaction's outcome and timing; for an INVITE, how long until it rang.
 */
export function startLineHover(
	analysis: TraceAnalysis,
	message: SipMessage,
	lineOf: LineOf,
): string | null {
	if (message.kind === 'response' && message.status != null)
		return responseHover(analysis, message, message.status, lineOf);
	if (message.kind === 'request') return requestHover(analysis, message, lineOf);
	return null;
}

function responseHover(
	analysis: TraceAnalysis,
	response: SipMessage,
	status: number,
	lineOf: LineOf,
): string {
	const { index } = analysis;
	const meaning = statusMeaning(status);
	const request = index.requestOf(response.index);
	const method = methodOf(response) ?? 'request';
	const timing = request != null ? elapsed(analysis, request, response.index) : null;
	const to =
		request != null
			? ` to the ${md(method)} at line ${lineOf(request)}${timing ? `, ${timing} after it` : ''}`
			: ` to ${article(method)} ${md(method)} not in the trace`;
	// The reason phrase the trace shows: a server may word it as it likes (RFC 3261 §21), and the
	// words are often the diagnosis (`403 Unverified origination number`); the code's own name after.
	const said = md(response.reason?.trim()) || meaning.reason;
	const named =
		meaning.reason && said.toLowerCase() !== meaning.reason.toLowerCase()
			? `: ${status} is ${meaning.reason}`
			: '';
	const lines = [`**${status} ${said}** (${meaning.className}${named})${to}`, meaning.summary];
	const outcome = responseOutcome(analysis, response, status, method, request, lineOf);
	if (outcome) lines.push(outcome);
	const label = `RFC ${meaning.rfc}${meaning.section ? ` §${meaning.section}` : ''}`;
	lines.push(`[${label}](${rfcUrl(meaning.rfc, meaning.section ?? undefined)})`);
	return lines.join('\n\n');
}

/** What came of a response, as far as the trace shows. */
function responseOutcome(
	analysis: TraceAnalysis,
	response: SipMessage,
	status: number,
	method: string,
	request: number | null,
	lineOf: LineOf,
): string | null {
	const { index } = analysis;
	if (status < 200) return null;
	if (status === 401 || status === 407) {
		const retry = index.retryOf(response.index);
		const retried =
			retry != null
				? `answered by the ${md(method)} re-sent with credentials at line ${lineOf(retry)}`
				: 'no request re-sent with credentials in the trace';
		const ack =
			method === 'INVITE' && request != null ? ackOf(analysis, response, request, status) : null;
		return ack != null ? `acknowledged by the ACK at line ${lineOf(ack)}; ${retried}` : retried;
	}
	if (method === 'INVITE' && request != null) {
		const ack = ackOf(analysis, response, request, status);
		if (ack != null) {
			const t = elapsed(analysis, response.index, ack);
			return `acknowledged by the ACK at line ${lineOf(ack)}${t ? `, ${t} later` : ''}`;
		}
		return status < 300
			? 'no ACK for it in the trace: the UAS sends it again until one comes, and after 64*T1 (32 s) gives up and ends the call (RFC 3261 §13.3.1.4)'
			: 'no ACK for it in the trace: the server sends it again until one comes (RFC 3261 §17.2.1)';
	}
	if (status >= 300) return null;
	// Expires 0 in the 2xx (or in its request, when the 2xx has none) ends what was asked for.
	const expires =
		response.expires ?? (request != null ? analysis.messages[request]!.expires : null) ?? null;
	if (method === 'PUBLISH') {
		if (expires === 0)
			return `the publication${response.sipETag !== null ? ` ${code(response.sipETag)}` : ''} is removed with its event state: Expires 0 (RFC 3903 §4.5)`;
		return response.sipETag !== null
			? `the publication's entity-tag is ${code(response.sipETag)}${expiresText(response.expires)}: a refresh, modify or removal names it in SIP-If-Match (RFC 3903 §4.1)`
			: null;
	}
	// The answer RFC 3515 gives to a REFER it accepts: the referee's report follows in NOTIFYs.
	if (method === 'REFER' && status === 202) {
		const notifies = request != null ? (index.subscriptionOf(request)?.notifies.length ?? 0) : 0;
		return `the referee accepted the REFER: it sends the request Refer-To names and reports how that goes in NOTIFYs of event refer (RFC 3515 §2.4.2, §2.4.4)${notifies ? '' : '; none in the trace'}`;
	}
	if (method === 'SUBSCRIBE' && expires === 0) {
		const end = request != null ? index.subscriptionOf(request)?.terminatedBy : null;
		return `the subscription ends: Expires 0 accepts an unsubscribe (RFC 6665 §4.1.2.3)${end != null ? `; the NOTIFY at line ${lineOf(end)} says it is terminated` : ', and the notifier sends a last NOTIFY saying it is terminated'}`;
	}
	if (method === 'SUBSCRIBE' && response.expires !== null && !Number.isNaN(response.expires))
		return `the subscription is granted for ${response.expires} s (RFC 6665 §4.1.2.1)`;
	return null;
}

/** `an INVITE`, `a SUBSCRIBE`: the article a method's name takes as it is read. */
function article(method: string): string {
	return /^[AEIOU]/i.test(method) ? 'an' : 'a';
}

function expiresText(expires: number | null): string {
	return expires !== null && !Number.isNaN(expires) ? `, for ${expires} s` : '';
}

/**
 * The ACK of an INVITE's final response: for a non-2xx, the ACK in the INVITE's transaction;
 * for a 2xx, the ACK of the response's dialog that leads back to this INVITE (the same CSeq
 * number, on the same hop).
 */
function ackOf(
	analysis: TraceAnalysis,
	response: SipMessage,
	invite: number,
	status: number,
): number | null {
	const { index, messages } = analysis;
	if (status >= 300) {
		for (const i of messagesWithCallId(analysis, response.callId))
			if (messages[i]!.method === 'ACK' && index.transactionOf(i)?.relatedInvite === invite)
				if (index.originalOf(i) === null) return i;
		return null;
	}
	const dialog = index.dialogOf(response.index);
	if (!dialog) return null;
	for (const i of dialog.messages) {
		const m = messages[i]!;
		if (m.method !== 'ACK' || m.cseq?.seq !== response.cseq?.seq || index.originalOf(i) !== null)
			continue;
		if (inDialogOrigin(analysis, dialog, m) === invite) return i;
	}
	return null;
}

function requestHover(analysis: TraceAnalysis, request: SipMessage, lineOf: LineOf): string {
	const { index, messages } = analysis;
	const responses = index.responsesOf(request.index).map((r) => messages[r]!);
	const final = responses.find((r) => (r.status ?? 0) >= 200);
	const lines = [`**${md(request.method)}** transaction`];
	if (request.method === 'CANCEL') lines.push(...cancelled(analysis, request, lineOf));
	if (request.method === 'BYE') lines.push(...callEnded(analysis, request, lineOf));
	// Post-dial delay: how long the caller waited for the first sign of ringing.
	const ringing = request.method === 'INVITE' ? responses.find((r) => isRinging(r.status)) : null;
	if (ringing) {
		const t = elapsed(analysis, request.index, ringing.index);
		lines.push(
			`**${ringing.status} ${md(ringing.reason)}**${t ? ` after ${t}` : ''} (line ${lineOf(ringing.index)})`,
		);
	}
	if (final) {
		const t = elapsed(analysis, request.index, final.index);
		lines.push(
			`final response: **${final.status} ${md(final.reason)}**${t ? ` after ${t}` : ''} (line ${lineOf(final.index)})`,
		);
	} else {
		lines.push(responses.length ? 'no final response in the trace' : 'no response in the trace');
	}
	const retrans = index.transactionOf(request.index)?.retransmissions.length ?? 0;
	if (retrans) lines.push(`${retrans} retransmission${retrans === 1 ? '' : 's'}`);
	const challenge = index.challengeOf(request.index);
	if (challenge != null)
		lines.push(
			`re-sent with credentials after the ${messages[challenge]?.status} at line ${lineOf(challenge)}`,
		);
	lines.push(...presenceLinks(analysis, request, lineOf));
	return lines.join('\n\n');
}

/**
 * Where a NOTIFY or PUBLISH stands in the presence story, as go-to-definition follows it: the
 * SUBSCRIBE that made a NOTIFY's subscription and the PUBLISH whose state it carries; the PUBLISH
 * whose publication a PUBLISH refreshes, and the NOTIFYs that carried its state.
 */
function presenceLinks(analysis: TraceAnalysis, request: SipMessage, lineOf: LineOf): string[] {
	const { index } = analysis;
	const out: string[] = [];
	const lines = (list: readonly number[]): string => {
		const shown = list.slice(0, 8).map(lineOf).join(', ');
		return list.length > 8 ? `${shown} and ${list.length - 8} more` : shown;
	};
	if (request.method === 'NOTIFY') {
		const subscription = index.subscriptionOf(request.index);
		const creator = subscription?.creator;
		out.push(
			creator != null
				? `subscription made by the ${md(analysis.messages[creator]!.method)} at line ${lineOf(creator)}`
				: subscription === null && request.to !== null && request.to.tag === null
					? // A NOTIFY in a subscription's dialog carries the subscriber's tag (RFC 6665 §4.1.2.4).
						'unsolicited: no To tag, so in no subscription (an MWI server sending to a phone that never subscribed)'
					: 'its subscription was made before the trace',
		);
		const publish = index.publishOf(request.index);
		const carried = index.publishesOf(request.index);
		// The last change a removal: told, and what is still live beside it.
		if (publish != null && !carried.includes(publish))
			out.push(
				analysis.messages[publish]!.expires === 0
					? `tells the removal by the PUBLISH at line ${lineOf(publish)}`
					: `last change: the PUBLISH at line ${lineOf(publish)}`,
			);
		if (carried.length > 1)
			out.push(`carries the state of the PUBLISHes at lines ${lines(carried)}`);
		else if (carried.length === 1)
			out.push(`carries the state of the PUBLISH at line ${lineOf(carried[0]!)}`);
	} else if (request.method === 'PUBLISH') {
		const refreshed = index.publishRefreshed(request.index);
		if (refreshed != null)
			out.push(
				`goes on with the publication of the PUBLISH at line ${lineOf(refreshed)} (SIP-If-Match)`,
			);
		const notifies = index.notifiesOf(request.index);
		if (notifies.length) out.push(`its state carried by the NOTIFYs at lines ${lines(notifies)}`);
	}
	return out;
}

/**
 * What a CANCEL cancelled, and whether it was in time: a CANCEL has no effect on an INVITE that
 * already had its final response (RFC 3261 §9.2); the INVITE then ends with 487.
 */
function cancelled(analysis: TraceAnalysis, cancel: SipMessage, lineOf: LineOf): string[] {
	const { index, messages } = analysis;
	const invite = index.transactionOf(cancel.index)?.relatedInvite ?? null;
	if (invite === null) return ['cancels an INVITE that is not in the trace'];
	const t = elapsed(analysis, invite, cancel.index);
	const out = [`cancels the INVITE at line ${lineOf(invite)}${t ? `, ${t} after it` : ''}`];
	const final = index
		.responsesOf(invite)
		.map((r) => messages[r]!)
		.find((r) => (r.status ?? 0) >= 200);
	if (!final) out.push('the INVITE has no final response in the trace');
	else if (final.status === 487)
		out.push(`the INVITE ended with **487 ${md(final.reason)}** (line ${lineOf(final.index)})`);
	else
		out.push(
			`${before(final, cancel) ? 'too late: ' : ''}the INVITE ended with **${final.status} ${md(final.reason)}** (line ${lineOf(final.index)})${before(final, cancel) ? ', before the CANCEL, which then changes nothing (RFC 3261 §9.2)' : ''}`,
		);
	return out;
}

/** For a BYE of a call: which call it ends, how long the call lasted, and who hung up. */
function callEnded(analysis: TraceAnalysis, bye: SipMessage, lineOf: LineOf): string[] {
	const { index, messages } = analysis;
	const dialog = index.dialogOf(bye.index);
	if (!dialog || messages[dialog.creator]!.method !== 'INVITE') return [];
	const invite = inDialogOrigin(analysis, dialog, bye);
	const answer = index
		.responsesOf(invite)
		.map((r) => messages[r]!)
		.find((r) => (r.status ?? 0) >= 200 && r.status! < 300 && index.dialogOf(r.index) === dialog);
	const who = bye.from?.tag === dialog.localTag ? 'the caller' : 'the callee';
	if (!answer) return [`ends the call of the INVITE at line ${lineOf(invite)}; sent by ${who}`];
	const lasted = elapsed(analysis, answer.index, bye.index);
	return [
		`ends the call of the INVITE at line ${lineOf(invite)}, answered at line ${lineOf(answer.index)}${lasted ? `: it lasted ${lasted}` : ''}; hung up by ${who}`,
	];
}

/** `a` came before `b`: by the trace's clock where it has one, else by file order. */
export function before(a: SipMessage, b: SipMessage): boolean {
	const d = clockBetween(clockOf(a.frame), clockOf(b.frame));
	return d != null ? d >= 0 : a.index < b.index;
}

/** 180 Ringing, or 183 Session Progress (early media: the caller hears the ringback from it). */
function isRinging(status: number | null): boolean {
	return status === 180 || status === 183;
}

function elapsed(analysis: TraceAnalysis, from: number, to: number): string | null {
	const a = analysis.messages[from];
	const b = analysis.messages[to];
	const d = a && b ? clockBetween(clockOf(a.frame), clockOf(b.frame)) : null;
	return d != null ? formatDuration(d) : null;
}
