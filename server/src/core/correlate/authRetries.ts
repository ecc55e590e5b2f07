import { findHeader } from '../query';
import type { SipMessage } from '../model';
import { lineValueText } from '../parser/joins';
import { challengeBit, requestBit, type MessageFacts } from './messageFacts';
import { CallMap } from './smallMap';

export interface AuthIndex {
	readonly challengeOf: Int32Array; // retry -> the 401/407
	readonly retryOf: Int32Array; // 401/407 -> the retry
}

/**
 * A 401/407 challenge and the request re-sent with credentials (RFC 3261 §22.2, §22.3): same
 * Call-ID, From tag and method, a higher CSeq, and Authorization or Proxy-Authorization. When the
 * challenged request is not in the trace (an excerpt that starts after it), the challenge's own
 * From tag and CSeq stand for it (a response copies both, §8.2.6.2), and the retry must carry
 * the next CSeq number (§8.1.3.5): "higher" alone would take any later request with credentials.
 * A log that several processes write may put the retry before the challenge (Kamailio's workers:
 * the one that received the retry wrote it before the one that sent the 407 wrote that): with no
 * times to order them, the latest request of the same call, From tag and method, when it carries
 * credentials and the challenged request's next CSeq number, is the retry.
 */
export function buildAuthRetries(
	messages: readonly SipMessage[],
	facts: MessageFacts,
	requestOf: (i: number) => number | null,
	isRetransmission: (i: number) => boolean,
	/** The trace, to read nonces in: without it, retries are tied by call alone. */
	text?: string,
	/** Per message, the earlier copy it repeats, -1 for none: a retry sent again is one too. */
	originalOf?: Int32Array,
): AuthIndex {
	const challengeOf = new Int32Array(messages.length).fill(-1);
	const retryOf = new Int32Array(messages.length).fill(-1);
	// Call, From tag and method -> the challenge awaiting a retry (-1: answered).
	const pending = new CallMap<number>(facts.calls);
	// Call, From tag and method -> the latest request (a retry the log put before its challenge).
	const latest = new CallMap<number>(facts.calls);
	// Calls that got a challenge: the requests of the others answer none, and are not read.
	const challengedCalls = new Uint8Array(facts.calls);
	const { order, method: codes, call: calls, fromTag: fromTags } = facts;
	for (let k = 0; k < order.length; k++) {
		const i = order[k]!;
		const call = calls[i]!;
		const code = codes[i]!;
		const isChallenge = (code & challengeBit) !== 0;
		if (call < 0 || (!isChallenge && !(code & requestBit))) continue;
		if (isRetransmission(i)) continue;
		const m = messages[i]!;
		if (!isChallenge && m.method) latest.set(call, fromTags[i] ?? '', m.method, '', i);
		if (!isChallenge && !challengedCalls[call]) continue;
		if (isChallenge) {
			const request = requestOf(i);
			const r = request === null ? undefined : messages[request];
			// Without the request, the challenge's CSeq method names it.
			const method = r ? r.method : m.cseq?.method;
			if (method) {
				const tag = fromTags[r ? request! : i] ?? '';
				const seq = (r ?? m).cseq?.seq;
				const early = latest.get(call, tag, method, '') ?? -1;
				if (
					early >= 0 &&
					early !== request &&
					challengeOf[early]! < 0 &&
					seq != null &&
					messages[early]!.cseq?.seq === seq + 1 &&
					hasCredentials(messages[early]!)
				) {
					challengeOf[early] = i;
					retryOf[i] = early;
					pending.set(call, tag, method, '', -1);
				} else pending.set(call, tag, method, '', i);
				challengedCalls[call] = 1;
			}
		} else if (m.method) {
			// The pending challenge first: most requests answer none, and need no header search.
			const challenge = pending.get(call, fromTags[i] ?? '', m.method, '') ?? -1;
			if (challenge < 0) continue;
			if (!hasCredentials(m)) continue;
			const challenged = requestOf(challenge);
			if (challenged === null) {
				const seq = messages[challenge]!.cseq?.seq;
				if (seq == null || m.cseq?.seq !== seq + 1) continue;
			} else {
				const before = messages[challenged]?.cseq?.seq;
				if (before != null && m.cseq && m.cseq.seq <= before) continue;
			}
			challengeOf[i] = challenge;
			retryOf[challenge] = i;
			pending.set(call, fromTags[i] ?? '', m.method, '', -1);
		}
	}
	if (text !== undefined) byNonce(text, messages, facts, isRetransmission, challengeOf, retryOf);
	if (originalOf)
		for (let i = 0; i < originalOf.length; i++) {
			const first = originalOf[i]!;
			if (first >= 0 && challengeOf[i]! < 0) challengeOf[i] = challengeOf[first]!;
		}
	return { challengeOf, retryOf };
}

/**
 * Challenges no request of their call answered, tied to a later request of another call or From
 * tag whose credentials carry the nonce the challenge gave (and its method): a client that
 * re-sends under a new Call-ID or From tag (eXosip's REGISTER, a scanner) still answers that
 * challenge. A nonce that two challenges gave ties neither.
 */
function byNonce(
	text: string,
	messages: readonly SipMessage[],
	facts: MessageFacts,
	isRetransmission: (i: number) => boolean,
	challengeOf: Int32Array,
	retryOf: Int32Array,
): void {
	const { order, method: codes, call: calls, fromTag: fromTags } = facts;
	const isChallenge = (i: number): boolean =>
		(codes[i]! & challengeBit) !== 0 && !isRetransmission(i);
	// Most traces have every challenge answered: nothing more is read.
	let unanswered = false;
	for (let i = 0; i < messages.length && !unanswered; i++)
		unanswered = isChallenge(i) && retryOf[i]! < 0;
	if (!unanswered) return;
	// Every challenge's nonce, answered or not: -1 for one that two gave.
	const givenBy = new Map<string, number>();
	const position = new Int32Array(messages.length);
	for (let k = 0; k < order.length; k++) {
		const i = order[k]!;
		position[i] = k;
		if (!isChallenge(i)) continue;
		const m = messages[i]!;
		const nonce = nonceIn(text, m, m.status === 407 ? 'proxy-authenticate' : 'www-authenticate');
		if (nonce !== null) givenBy.set(nonce, givenBy.has(nonce) ? -1 : i);
	}
	for (let k = 0; k < order.length; k++) {
		const i = order[k]!;
		if (!(codes[i]! & requestBit) || challengeOf[i]! >= 0 || isRetransmission(i)) continue;
		const m = messages[i]!;
		const nonce = nonceIn(text, m, 'authorization') ?? nonceIn(text, m, 'proxy-authorization');
		const challenge = nonce === null ? undefined : givenBy.get(nonce);
		if (challenge === undefined || challenge < 0 || retryOf[challenge]! >= 0) continue;
		if (position[challenge]! > k || messages[challenge]!.cseq?.method !== m.method) continue;
		// In the challenge's own call and From tag the rules above decide (a later request that
		// reuses the nonce, RFC 2617's nonce count, is no retry of it).
		if (calls[i] === calls[challenge] && fromTags[i] === fromTags[challenge]) continue;
		challengeOf[i] = challenge;
		retryOf[challenge] = i;
	}
}

/** The `nonce` parameter of a Digest challenge or credentials header (RFC 3261 §25.1), or null. */
function nonceIn(text: string, m: SipMessage, key: string): string | null {
	const header = m.header(key);
	if (!header) return null;
	const found = nonceParam.exec(lineValueText(text, m.frame, header.value.start, header.value.end));
	return found && found[1]!.length > 0 ? found[1]! : null;
}
const nonceParam = /(?:^|[\s,])nonce\s*=\s*"([^"]{1,512})"/i;

function hasCredentials(m: SipMessage): boolean {
	return !!findHeader(m, 'authorization') || !!findHeader(m, 'proxy-authorization');
}
