import { findHeader } from '../query';
import type { SipMessage } from '../model';
import { CallMap } from './smallMap';

export interface AuthIndex {
	readonly challengeOf: Int32Array; // retry -> the 401/407
	readonly retryOf: Int32Array; // 401/407 -> the retry
}

/**
 * A 401/407 challenge and the request re-sent with credentials (RFC 3261 §22.2, §22.3): same
 * Call-ID, From tag and method, a higher CSeq, and Authorization or Proxy-Authorization.
 */
export function buildAuthRetries(
	messages: readonly SipMessage[],
	order: readonly SipMessage[],
	requestOf: (i: number) => number | null,
	isRetransmission: (i: number) => boolean,
): AuthIndex {
	const challengeOf = new Int32Array(messages.length).fill(-1);
	const retryOf = new Int32Array(messages.length).fill(-1);
	// Call-ID, From tag and method -> the challenge awaiting a retry (-1: answered).
	const pending = new CallMap<number>();
	for (const m of order) {
		if (!m.callId || isRetransmission(m.index)) continue;
		if (m.kind === 'response' && (m.status === 401 || m.status === 407)) {
			const request = requestOf(m.index);
			const r = request === null ? undefined : messages[request];
			if (r?.method) pending.set(m.callId, r.from?.tag ?? '', r.method, '', m.index);
		} else if (m.kind === 'request' && m.method) {
			// The pending challenge first: most requests answer none, and need no header search.
			const challenge = pending.get(m.callId, m.from?.tag ?? '', m.method, '') ?? -1;
			if (challenge < 0) continue;
			if (!findHeader(m, 'authorization') && !findHeader(m, 'proxy-authorization')) continue;
			const challenged = requestOf(challenge);
			const before = challenged === null ? null : messages[challenged]?.cseq?.seq;
			if (before != null && m.cseq && m.cseq.seq <= before) continue;
			challengeOf[m.index] = challenge;
			retryOf[challenge] = m.index;
			pending.set(m.callId, m.from?.tag ?? '', m.method, '', -1);
		}
	}
	return { challengeOf, retryOf };
}
