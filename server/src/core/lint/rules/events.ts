import { findHeader, subscribeOfNotify } from '../../query';
import type { Problem, SipMessage, Span, Subscription, TraceAnalysis } from '../../model';
import { upperMethod } from '../../correlate/lists';
import { fromTagOf, toTagOf } from '../../parser/sipMessage';
import { lintProblem } from '../codes';
import { isNotify } from '../../parser/methods';
import { textOf } from '../../parser/joins';
import { messagesWithCallId } from '../../byCallId';
import { indexWithin } from '../../text/search';
import { isWrittenPlaceholder } from '../placeholders';
import { suppresses } from '../../correlate/subscriptions';

/**
 * RFC 6665 and RFC 3903 rules about Event, Subscription-State, Expires, SIP-If-Match and SIP-ETag.
 * A message the trace cuts short (`m.cutShort`) lacks headers it had: no rule says one is
 * missing, and its last header may have lost the rest of its value, but the headers before it
 * are whole and checked.
 */
export function checkEvents(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	const method = m.method === null ? undefined : upperMethod(m.method);
	const cut = m.cutShort;
	if (
		!cut &&
		m.kind === 'request' &&
		(method === 'SUBSCRIBE' || isNotify(method) || method === 'PUBLISH') &&
		!m.event
	) {
		out.push(
			lintProblem(
				'event.missing',
				m.startLine,
				`${method} without Event: the event package must be named (${method === 'PUBLISH' ? 'RFC 3903 §4.1' : 'RFC 6665 §8.2.1'}).`,
			),
		);
	}
	if (method === 'SUBSCRIBE' && m.event?.package.toLowerCase() === 'presence')
		checkPresenceAccept(analysis, m, out);
	if (m.kind === 'request' && isNotify(method)) {
		const state = m.subscriptionState;
		if (!state) {
			// An unsolicited NOTIFY (no To tag: Asterisk's message-summary to a mailbox that never
			// subscribed) is in no subscription the header could describe; RFC 6665 still lists it
			// as mandatory in every NOTIFY (§8.2.3), which a strict receiver enforces: a warning.
			if (!cut && toTagOf(m) === null)
				out.push({
					...lintProblem(
						'notify.missing-subscription-state',
						m.startLine,
						'NOTIFY without Subscription-State: this one is unsolicited (no To tag, so in no subscription), yet RFC 6665 lists the header as mandatory in every NOTIFY (§8.2.3), and a strict receiver answers 400 Bad Request.',
					),
					severity: 'warning',
				});
			else if (!cut)
				out.push(
					lintProblem(
						'notify.missing-subscription-state',
						m.startLine,
						'NOTIFY must carry Subscription-State (RFC 6665 §4.2.2, §8.2.3).',
					),
				);
		} else if (cut && isLastHeader(m, 'subscription-state')) {
			// The cut may have fallen inside it: `active` may have had `;expires=` after it.
		} else if (state.expires === null && writtenExpires(analysis.text, m)) {
			const written = writtenExpires(analysis.text, m)!;
			const value = analysis.text.slice(written.start, written.end);
			// `expires=(depends on Refer-To URI)`: RFC 3515 §4's example left the number open.
			out.push(
				isWrittenPlaceholder(analysis.text, written.start, written.end)
					? {
							...lintProblem('notify.bad-expires', written, ''),
							severity: 'information',
							message: `Subscription-State's expires as the example wrote it, its number left open (\`${value}\`): nothing to judge.`,
						}
					: lintProblem(
							'notify.bad-expires',
							written,
							`Subscription-State's expires is \`${value}\`, not a number of seconds (RFC 6665 §8.2.3: delta-seconds): the subscriber cannot read how long the subscription has left.`,
						),
			);
		} else if (
			(state.state === 'active' || state.state === 'pending') &&
			state.expires === null &&
			// A NOTIFY outside a dialog (no To tag: an unsolicited message-summary) belongs to no
			// subscription whose time could be left.
			toTagOf(m) !== null
		)
			// RFC 3265 §3.2.2 only recommended it, and stacks of its time (chan_sip) leave it out.
			out.push(
				lintProblem(
					'notify.missing-expires',
					findHeader(m, 'subscription-state')!.value,
					`Subscription-State ${state.state} without expires: the notifier must say how long the subscription has left (RFC 6665 §4.2.2), which is how it shortens one.`,
				),
			);
		else if (state.state === 'terminated' && !state.reason) {
			out.push(
				lintProblem(
					'notify.terminated-without-reason',
					findHeader(m, 'subscription-state')!.value,
					'Subscription terminated without a reason: the subscriber cannot tell whether to retry.',
				),
			);
		}
		if (!cut) checkNotifyDialog(analysis, m, out);
		// A cut NOTIFY may lack the Event id or tag that would tie it to its SUBSCRIBE.
		const sub = cut ? undefined : analysis.index.subscriptionOf(m.index);
		if (sub && sub.creator === null && sub.notifies[0] === m.index) {
			// A SUBSCRIBE whose From tag is this NOTIFY's To tag, of another Call-ID: the notifier
			// answered in a dialog of its own making (a Call-ID rewritten on the way).
			const tagged = sub.event === 'refer' ? undefined : subscribeOfTag(analysis, m);
			// A SUBSCRIBE of this Call-ID and package whose From tag is not this NOTIFY's To tag.
			const called =
				sub.event === 'refer' || tagged ? undefined : subscribeOfCall(analysis, m, sub.event);
			// A refresh of a subscription made before the trace (its To tagged), before this NOTIFY.
			const refresh = subscribeOfNotify(analysis, m.index);
			// A REFER of this dialog the trace shows, which made no subscription.
			const none = sub.event === 'refer' ? referThatMadeNone(analysis, m) : null;
			const problem = lintProblem(
				'notify.no-subscribe',
				m.startLine,
				none
					? `The REFER of this dialog (message ${none.refer}) made no subscription: ${none.why}, so no NOTIFY is to follow it and this one belongs to none.`
					: sub.event === 'refer'
						? 'No REFER in this trace creates this subscription (REFER creates it implicitly, RFC 3515 §2.4.4): it may predate the trace.'
						: tagged
							? `No SUBSCRIBE of this Call-ID creates this subscription; the SUBSCRIBE whose From tag is this NOTIFY's To tag has another Call-ID (${tagged.callId}): the NOTIFY is outside its dialog, which Call-ID and both tags name (RFC 3261 §12, RFC 6665 §4.4.1).`
							: called
								? `No SUBSCRIBE creates this subscription: the SUBSCRIBE of this Call-ID has From tag ${called.from?.tag ?? ''}, and this NOTIFY's To tag is ${toTagOf(m) ?? 'missing'}: the NOTIFY is outside its dialog, which Call-ID and both tags name (RFC 3261 §12, RFC 6665 §4.4.1).`
								: refresh !== null
									? 'No SUBSCRIBE in this trace creates this subscription, which predates the trace: a SUBSCRIBE inside its dialog refreshed it (RFC 6665 §4.1.2.1), and this NOTIFY reports the state after that refresh (§4.2.2).'
									: 'No SUBSCRIBE in this trace creates this subscription: it may predate the trace.',
			);
			const other = tagged ?? called;
			if (none) {
				const refer = analysis.messages[none.refer]!;
				out.push({ ...problem, related: [{ span: refer.startLine, message: 'The REFER' }] });
			} else
				out.push(
					refresh !== null && !other
						? {
								...problem,
								related: [
									{
										span: analysis.messages[refresh]!.startLine,
										message: 'the SUBSCRIBE that refreshed it',
									},
								],
							}
						: other
							? {
									...problem,
									related: [
										{
											span: other.startLine,
											message: tagged
												? "the SUBSCRIBE with this NOTIFY's To tag"
												: 'the SUBSCRIBE of this Call-ID',
										},
									],
								}
							: problem,
				);
		}
	}
	// RFC 3265 §3.1.4.1 answered a subscription not yet authorized with 202; RFC 6665 §8.3.1
	// obsoletes that use: the subscription's state travels in the NOTIFY, the answer is a 200.
	// The status line and CSeq say it, a message the trace cuts after them too.
	if (m.kind === 'response' && m.status === 202 && m.cseq?.method === 'SUBSCRIBE')
		out.push(
			lintProblem(
				'subscribe.202-accepted',
				m.startLine,
				'202 Accepted to SUBSCRIBE is RFC 3265 practice, obsoleted by RFC 6665 (§8.3.1): a notifier answers 200 and says whether the subscription is pending in its NOTIFY (Subscription-State); a subscriber takes the 202 as a 200.',
			),
		);
	// The rest say a header or the body is missing.
	if (cut) return;
	if (m.kind === 'request' && method === 'PUBLISH') {
		const hasBody = !!m.body && m.body.end > m.body.start;
		// A body the copy left out with its length (`Content-Length: ...`, `[PIDF document]`, RFC
		// 3903's own M5): announced by its Content-Type, not missing.
		const leftOut =
			m.contentType !== null && m.contentLength === null && !!findHeader(m, 'content-length');
		// A SIP-If-Match line with nothing after its colon: no tag names a publication, so the
		// server takes it for neither an initial PUBLISH nor one of a publication (400, RFC 3903 §6).
		const emptyIfMatch = m.sipIfMatch === '' ? findHeader(m, 'sip-if-match') : undefined;
		if (emptyIfMatch)
			out.push(
				lintProblem(
					'publish.empty-if-match',
					emptyIfMatch.name,
					`SIP-If-Match names no entity-tag: it holds the tag of the publication this PUBLISH ${hasBody ? 'modifies' : 'refreshes or removes'} (RFC 3903 §11.3.2, a token), or is left out of an initial PUBLISH (§4.1).`,
				),
			);
		else if (!hasBody && !leftOut && !m.sipIfMatch && !(m.contentLength && m.contentLength > 0)) {
			out.push(
				lintProblem(
					'publish.no-body-no-if-match',
					m.startLine,
					'A PUBLISH needs a body (initial) or SIP-If-Match (refresh, modify, removal) (RFC 3903 §4.1).',
				),
			);
		}
	}
	if (
		m.kind === 'response' &&
		m.cseq?.method === 'SUBSCRIBE' &&
		m.status != null &&
		m.status >= 200 &&
		m.status < 300 &&
		m.expires === null
	)
		out.push(
			lintProblem(
				'subscribe.2xx-missing-expires',
				m.startLine,
				"A 2xx to SUBSCRIBE must carry Expires: its value, not the request's, is how long the subscription lasts (RFC 6665 §3.1.1).",
			),
		);
	else if (m.kind === 'response' && m.cseq?.method === 'SUBSCRIBE')
		checkGrantedExpires(analysis, m, out);
	if (
		m.kind === 'response' &&
		m.cseq?.method === 'PUBLISH' &&
		m.status != null &&
		m.status >= 200 &&
		m.status < 300
	) {
		if (!m.sipETag)
			out.push(
				lintProblem(
					'publish.2xx-missing-etag',
					m.startLine,
					'A 2xx to PUBLISH must carry SIP-ETag (RFC 3903 §6).',
				),
			);
		if (m.expires === null)
			out.push(
				lintProblem(
					'publish.2xx-missing-expires',
					m.startLine,
					'A 2xx to PUBLISH must carry Expires (RFC 3903 §6).',
				),
			);
	}
}

/** Is the message's last header line one named `key`? */
/**
 * A presence SUBSCRIBE's Accept, where it has one, must list application/pidf+xml (RFC 3856
 * §6.5), the format every presence server can send; one that lists only another
 * (`application/cpim-pidf+xml`, a vendor's JSON) gets a 489 or no state at all. A value the
 * trace cut or left empty is not judged.
 */
function checkPresenceAccept(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	let listed = '';
	let first: Problem['span'] | null = null;
	for (let i = 0, n = m.headerCount; i < n; i++) {
		if (m.headerKey(i) !== 'accept') continue;
		const start = m.headerValueStart(i);
		const end = m.headerValueEnd(i);
		// Read as the message has it: over a hex dump's lines or a TCP segment's cut.
		listed += `${textOf(analysis.text, m.frame, start, Math.min(end, start + 2000))},`;
		first ??= { start, end };
	}
	if (first === null || listed.replace(/[\s,]/g, '') === '' || m.cutShort) return;
	const types = listed.split(',').map((t) => t.split(';', 1)[0]!.trim().toLowerCase());
	if (types.some((t) => t === 'application/pidf+xml' || t === '*/*' || t === 'application/*'))
		return;
	// Cisco's phones ask for PIDF by the name its drafts gave it.
	const draft = types.includes('application/cpim-pidf+xml')
		? ' (application/cpim-pidf+xml is the name PIDF had in its drafts, before RFC 3863)'
		: '';
	out.push(
		lintProblem(
			'subscribe.accept-without-pidf',
			first,
			`A presence SUBSCRIBE whose Accept does not list application/pidf+xml: where it has one, it must (RFC 3856 §6.5), and a presence server may answer 489 or send no state it can read${draft}.`,
		),
	);
}

function isLastHeader(m: SipMessage, key: string): boolean {
	return m.headerCount > 0 && m.headerKey(m.headerCount - 1) === key;
}

/**
 * A NOTIFY after its subscription `s` was terminated or had expired (RFC 6665 §4.1.2.2,
 * §4.1.3).
 */
export function checkSubscriptionLifetimes(
	analysis: TraceAnalysis,
	s: Subscription,
	out: Problem[],
): void {
	const { messages, index } = analysis;
	// Only a NOTIFY comes too late: a subscription without one has nothing to check.
	if (s.notifies.length === 0) return;
	// The NOTIFY that terminated each of the subscription's dialogs, by the notifier's tag (its
	// From tag): a SUBSCRIBE that forked made one with each notifier that answered it (RFC 6665
	// §4.1.2.4), and one ending does not end the others.
	let terminatedBy: Map<string, SipMessage> | null = null;
	let expiresAt: number | null = null;
	// The subscription's messages in one list, made without intermediate ones: the SUBSCRIBEs,
	// the NOTIFYs, the SUBSCRIBEs' responses.
	const unsorted: number[] = [];
	for (let k = 0; k < s.subscribes.length; k++) unsorted.push(s.subscribes[k]!);
	for (let k = 0; k < s.notifies.length; k++) unsorted.push(s.notifies[k]!);
	for (let k = 0; k < s.subscribes.length; k++) {
		const responses = index.responsesOf(s.subscribes[k]!);
		for (let r = 0; r < responses.length; r++) unsorted.push(responses[r]!);
	}
	// By time, then file order: each message's time read once, not at every comparison (the
	// places are sorted with the same comparisons, so the order is the one sorting them makes).
	const times = new Float64Array(unsorted.length);
	for (let k = 0; k < unsorted.length; k++)
		times[k] = messages[unsorted[k]!]!.frame.epochMicros ?? 0;
	const places = new Array<number>(unsorted.length);
	for (let k = 0; k < places.length; k++) places[k] = k;
	places.sort((x, y) => times[x]! - times[y]! || unsorted[x]! - unsorted[y]!);
	for (let k = 0; k < places.length; k++) {
		const m = messages[unsorted[places[k]!]!]!;
		const at = m.frame.epochMicros;
		if (
			m.kind === 'response' &&
			m.status != null &&
			m.status >= 200 &&
			m.status < 300 &&
			m.expires != null &&
			at != null &&
			!Number.isNaN(m.expires)
		)
			expiresAt = at + m.expires * 1e6;
		if (!isNotify(m.method)) continue;
		const notifier = fromTagOf(m) ?? '';
		const terminated = terminatedBy?.get(notifier);
		// A proxy relays a request with its CSeq (RFC 3261 §16.6), and a notifier numbers each new
		// NOTIFY higher (§12.2.1.1): one with the terminating NOTIFY's CSeq is that NOTIFY on
		// another hop of the trace, not a NOTIFY after it.
		if (terminated && m.cseq?.seq === terminated.cseq?.seq) continue;
		// One numbered below the terminating NOTIFY was sent before it (a notifier numbers each
		// NOTIFY higher): arriving late (a retransmission of one lost on the way), not sent after.
		if (terminated && (m.cseq?.seq ?? 0) < (terminated.cseq?.seq ?? 0)) continue;
		if (terminated) {
			out.push(
				lintProblem(
					'notify.after-termination',
					m.startLine,
					'This NOTIFY comes after its subscription was terminated.',
					[{ span: terminated.startLine, message: 'the NOTIFY that terminated it' }],
				),
			);
			continue;
		}
		const state = m.subscriptionState;
		// A terminated NOTIFY after expiry is how a notifier reports the timeout: not a fault.
		if (state?.state !== 'terminated' && expiresAt !== null && at != null && at > expiresAt + 5e6) {
			out.push(
				lintProblem(
					'notify.after-expiry',
					m.startLine,
					`This NOTIFY comes ${Math.round((at - expiresAt) / 1e6)} s after the subscription expired.`,
				),
			);
		}
		if (state?.expires != null && at != null) expiresAt = at + state.expires * 1e6;
		if (state?.state === 'terminated') (terminatedBy ??= new Map()).set(notifier, m);
	}
}

/**
 * A NOTIFY is sent in the dialog its SUBSCRIBE (or REFER) made: From is the notifier, with its
 * tag; To is the subscriber, with the tag the SUBSCRIBE's From carried (RFC 3261 §12.2.1.1, RFC
 * 6665 §4.2.1.2; the subscriber answers 481 to a NOTIFY of no subscription of its, §4.1.3). A
 * NOTIFY without To tag is out of every dialog: fine for an unsolicited message-summary, a fault
 * when the trace shows a SUBSCRIBE or REFER of its Call-ID, the subscription it was meant for.
 */
function checkNotifyDialog(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (toTagOf(m) !== null || !m.to || m.callId === null) return;
	const made = subscriptionMaker(analysis, m.callId);
	if (!made) {
		checkUnsolicitedRejected(analysis, m, out);
		return;
	}
	const creator = made.kind === 'request';
	const tag = fromTagOf(made)!;
	const method = creator ? made.method! : made.cseq!.method;
	out.push({
		...lintProblem(
			'notify.outside-dialog',
			findHeader(m, 'to')?.value ?? m.startLine,
			m.from?.tag === tag
				? `This NOTIFY's From carries the tag of the ${method}'s From, and its To none: From and To are written as the subscriber wrote them, where the notifier reverses them (From: the notifier with its tag; To: the subscriber with tag ${tag}) (RFC 3261 §12.2.1.1). A subscriber that follows RFC 6665 finds no subscription of its and answers 481 (§4.1.3).`
				: `A NOTIFY without To tag is outside every dialog, though a ${method} of this Call-ID made a subscription: its To carries the subscriber's tag (${tag}) (RFC 3261 §12.2.1.1), or a subscriber that follows RFC 6665 finds no subscription of its and answers 481 (§4.1.3).`,
		),
		related: [
			{
				span: made.startLine,
				message: creator
					? `the ${method} whose subscription this NOTIFY is for`
					: `the ${made.status} to the ${method} whose subscription this NOTIFY is for`,
			},
		],
	});
}

/**
 * A NOTIFY outside every subscription (no To tag, no SUBSCRIBE or REFER of its Call-ID: an
 * unsolicited message-summary, a phone's unsolicited check-sync) is accepted by peers set up for
 * it; one that rejects it (481, 405, 489, 501) follows RFC 6665, which defines no such NOTIFY and
 * has a NOTIFY that matches no subscription answered 481 (§4.1.3). Said where it is rejected, so
 * the reader learns why: the peer never subscribed.
 */
function checkUnsolicitedRejected(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	const t = analysis.index.transactionOf(m.index);
	if (!t || t.request !== m.index) return;
	for (const r of t.responses) {
		const status = analysis.messages[r]!.status;
		if (status !== 481 && status !== 405 && status !== 489 && status !== 501) continue;
		out.push({
			...lintProblem(
				'notify.unsolicited-rejected',
				m.startLine,
				`This NOTIFY has no To tag and no SUBSCRIBE or REFER of its Call-ID: it is sent outside any subscription (an unsolicited NOTIFY, which RFC 6665 does not define), and the peer rejects it with ${status}${rejection(status)}. It is accepted only by peers set up for it; otherwise the peer must SUBSCRIBE first.`,
			),
			related: [
				{ span: analysis.messages[r]!.startLine, message: `the ${status} that rejects it` },
			],
		});
		return;
	}
}

/**
 * The SUBSCRIBE or REFER of the Call-ID (with a From tag), or where the copy kept only the
 * notifier's 2xx to it, that 2xx (its From is the request's); null for none. Found once a Call-ID:
 * a device's unsolicited NOTIFYs may share one by the thousand.
 */
function subscriptionMaker(analysis: TraceAnalysis, callId: string): SipMessage | null {
	let known = makers.get(analysis);
	if (!known) makers.set(analysis, (known = new Map()));
	const seen = known.get(callId);
	if (seen !== undefined) return seen;
	let answer: SipMessage | null = null;
	let found: SipMessage | null = null;
	for (const i of messagesWithCallId(analysis, callId)) {
		const other = analysis.messages[i]!;
		if (!fromTagOf(other)) continue;
		if (other.kind === 'request') {
			const method = other.method ? upperMethod(other.method) : '';
			if (method === 'SUBSCRIBE' || method === 'REFER') {
				found = other;
				break;
			}
		} else if (
			!answer &&
			other.status !== null &&
			other.status >= 200 &&
			other.status < 300 &&
			(other.cseq?.method === 'SUBSCRIBE' || other.cseq?.method === 'REFER')
		)
			answer = other;
	}
	const made = found ?? answer;
	known.set(callId, made);
	return made;
}
const makers = new WeakMap<TraceAnalysis, Map<string, SipMessage | null>>();

/** Per analysis: each SUBSCRIBE's From tag -> the first SUBSCRIBE that carries it. */
const subscribeTags = new WeakMap<TraceAnalysis, Map<string, number>>();

/**
 * The SUBSCRIBE whose From tag is `notify`'s To tag but whose Call-ID is another, or undefined.
 * The tags are gathered once per analysis, on the first NOTIFY that needs them.
 */
function subscribeOfTag(analysis: TraceAnalysis, notify: SipMessage): SipMessage | undefined {
	const tag = toTagOf(notify);
	if (!tag) return undefined;
	let tags = subscribeTags.get(analysis);
	if (!tags) {
		tags = new Map();
		for (const m of analysis.messages)
			if (m.kind === 'request' && m.method === 'SUBSCRIBE' && m.from?.tag && !tags.has(m.from.tag))
				tags.set(m.from.tag, m.index);
		subscribeTags.set(analysis, tags);
	}
	const at = tags.get(tag);
	const found = at === undefined ? undefined : analysis.messages[at];
	return found && found.callId !== notify.callId ? found : undefined;
}

/**
 * The first SUBSCRIBE of the NOTIFY's Call-ID and event package whose From tag is not the
 * NOTIFY's To tag (a copy or a notifier that changed a tag), or undefined. SUBSCRIBEs are found
 * by Call-ID in a map of their own, made once a trace when first asked.
 */
function subscribeOfCall(
	analysis: TraceAnalysis,
	notify: SipMessage,
	event: string,
): SipMessage | undefined {
	if (notify.callId === null) return undefined;
	let calls = subscribeCalls.get(analysis);
	if (!calls) {
		calls = new Map();
		for (const m of analysis.messages)
			if (
				m.kind === 'request' &&
				m.method === 'SUBSCRIBE' &&
				m.callId !== null &&
				!calls.has(m.callId)
			)
				calls.set(m.callId, m.index);
		subscribeCalls.set(analysis, calls);
	}
	const at = calls.get(notify.callId);
	const found = at === undefined ? undefined : analysis.messages[at];
	if (!found || found.event?.package.toLowerCase() !== event.toLowerCase()) return undefined;
	// A Call-ID a page hid (`[email protected]`) is every hidden Call-ID; a SUBSCRIBE sent in
	// a dialog whose notifier's tag is not this NOTIFY's From tag is another dialog's.
	if (/\s|\[/.test(notify.callId)) return undefined;
	const notifierTag = toTagOf(found);
	if (notifierTag !== null && notifierTag !== fromTagOf(notify)) return undefined;
	return found.from?.tag && found.from.tag !== toTagOf(notify) ? found : undefined;
}
const subscribeCalls = new WeakMap<TraceAnalysis, Map<string, number>>();

/**
 * The value of an `expires` parameter of the NOTIFY's Subscription-State that was read as no
 * number (`expires=(depends on Refer-To URI)`, a tutorial's placeholder), or null where it has
 * none. Asked only of a Subscription-State whose expires was not read.
 */
function writtenExpires(text: string, m: SipMessage): Span | null {
	const value = findHeader(m, 'subscription-state')?.value;
	if (!value) return null;
	// Each `;` parameter in turn: its name, then the value after `=` up to the next `;`.
	for (let semi = indexWithin(text, ';', value.start, value.end); semi >= 0;) {
		const next = indexWithin(text, ';', semi + 1, value.end);
		const end = next < 0 ? value.end : next;
		const eq = indexWithin(text, '=', semi, end);
		if (
			eq > semi &&
			eq < end &&
			text
				.slice(semi + 1, eq)
				.trim()
				.toLowerCase() === 'expires'
		) {
			let start = eq + 1;
			let stop = end;
			while (start < stop && isSpaceOrTab(text.charCodeAt(start))) start++;
			while (stop > start && isSpaceOrTab(text.charCodeAt(stop - 1))) stop--;
			// Digits too many to hold are delta-seconds still, the longest time (RFC 3261 §25.1).
			if (start === stop || allDigits(text, start, stop)) return null;
			return { start, end: stop };
		}
		semi = next;
	}
	return null;
}

const isSpaceOrTab = (c: number): boolean => c === 32 || c === 9;

function allDigits(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c < 48 || c > 57) return false;
	}
	return true;
}

/**
 * What a rejection of an unsolicited NOTIFY says: 481 is what RFC 6665 §4.1.3 has a subscriber
 * answer a NOTIFY that matches no subscription of its; 405 and 501, that the peer takes no NOTIFY
 * at all (JsSIP's answer); 489, that it knows no such event package (§8.3.1).
 */
function rejection(status: number): string {
	if (status === 481) return ': no subscription of its matches it (RFC 6665 §4.1.3)';
	if (status === 489) return ': it takes no subscription to this event package (RFC 6665 §8.3.1)';
	return ': it takes no NOTIFY outside a subscription (RFC 6665 §4.1.3 has a subscriber answer 481 to one that matches none of its)';
}

/**
 * A 2xx to SUBSCRIBE grants the subscription for its Expires, which "MAY be shorter but MUST NOT
 * be longer than specified in the request" (RFC 6665 §3.1.1): a notifier that lengthens it keeps
 * sending NOTIFYs to a subscriber that will let the subscription go sooner. Only where the
 * SUBSCRIBE it answers gives its own Expires (a package's default is the package's to say).
 */
function checkGrantedExpires(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	if (m.status === null || m.status < 200 || m.status > 299) return;
	const granted = m.expires;
	if (granted === null || Number.isNaN(granted)) return;
	const at = analysis.index.requestOf(m.index);
	if (at === null) return;
	const request = analysis.messages[at]!;
	const asked = request.expires;
	if (request.method !== 'SUBSCRIBE' || asked === null || Number.isNaN(asked) || granted <= asked)
		return;
	out.push(
		lintProblem(
			'subscribe.2xx-expires-longer',
			findHeader(m, 'expires')?.value ?? m.startLine,
			`This ${m.status} grants the subscription for ${granted} s, longer than the ${asked} s the SUBSCRIBE asked for: the notifier may shorten the time, never lengthen it (RFC 6665 §3.1.1).`,
			[
				{
					span: findHeader(request, 'expires')?.value ?? request.startLine,
					message: "The SUBSCRIBE's Expires",
				},
			],
		),
	);
}

/**
 * The last REFER before NOTIFY `m` in its dialog (its From tag the NOTIFY's To tag) that made no
 * subscription, and why: refused with a final response other than 2xx (RFC 3515 §2.4.4), or
 * accepted with `Refer-Sub: false` (RFC 4488 §4).
 */
function referThatMadeNone(
	analysis: TraceAnalysis,
	m: SipMessage,
): { refer: number; why: string } | null {
	const tag = toTagOf(m);
	if (!tag) return null;
	let found: { refer: number; why: string } | null = null;
	for (const i of messagesWithCallId(analysis, m.callId)) {
		if (i >= m.index) break;
		const r = analysis.messages[i]!;
		if (r.method !== 'REFER' || fromTagOf(r) !== tag || analysis.index.originalOf(i) !== null)
			continue;
		found = null;
		for (const k of analysis.index.transactionOf(i)?.responses ?? []) {
			const response = analysis.messages[k]!;
			if (response.status !== null && response.status >= 300)
				found = { refer: i, why: `it was refused (${response.status}, RFC 3515 §2.4.4)` };
			else if (suppresses(response, analysis.text))
				found = {
					refer: i,
					why: `it was accepted with \`Refer-Sub: false\` (message ${k}, RFC 4488 §4)`,
				};
		}
	}
	return found;
}
