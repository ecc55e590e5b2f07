import type { SipMessage, Transaction } from '../model';

interface MutableTransaction {
	id: number;
	request: number | null;
	responses: number[];
	retransmissions: number[];
	relatedInvite: number | null;
}

/** RFC 3261 §17.1.3 / §17.2.3 matching, with the RFC 2543 fallback when the branch lacks the magic cookie. */
function transactionKey(m: SipMessage, method: string): string | null {
	const via = m.vias[0];
	if (via?.branch && via.branch.startsWith('z9hG4bK'))
		return `${via.branch}\u0000${via.sentBy.toLowerCase()}\u0000${method}`;
	// RFC 2543: Call-ID, From tag, CSeq and top Via identify the transaction.
	if (!m.callId || !m.cseq) return null;
	return `2543\u0000${m.callId}\u0000${m.from?.tag ?? ''}\u0000${m.cseq.seq}\u0000${method}\u0000${via?.sentBy ?? ''}`;
}

export interface TransactionIndex {
	readonly transactions: readonly Transaction[];
	readonly transactionOf: Int32Array; // message -> transaction id, -1 if none
	readonly originalOf: Int32Array; // message -> earlier copy, -1 if first
}

/**
 * Groups messages into transactions. A second copy of a request or of a response with the same
 * status is a retransmission or the other side's log of the same message: kept, not counted twice.
 */
export function buildTransactions(order: readonly SipMessage[], count: number): TransactionIndex {
	const byKey = new Map<string, MutableTransaction>();
	const list: MutableTransaction[] = [];
	const transactionOf = new Int32Array(count).fill(-1);
	const originalOf = new Int32Array(count).fill(-1);
	const firstResponse = new Map<string, number>();
	const open = (key: string): MutableTransaction => {
		let t = byKey.get(key);
		if (!t) {
			t = {
				id: list.length,
				request: null,
				responses: [],
				retransmissions: [],
				relatedInvite: null,
			};
			byKey.set(key, t);
			list.push(t);
		}
		return t;
	};
	for (const m of order) {
		if (m.kind === 'invalid') continue;
		const method = m.kind === 'request' ? m.method! : m.cseq?.method;
		if (!method) continue;
		// ACK and CANCEL have transactions of their own, tied to the INVITE with the same branch.
		const key = transactionKey(
			m,
			method === 'ACK' && m.kind === 'request' ? 'ACK' : method.toUpperCase(),
		);
		if (!key) continue;
		const t = open(key);
		transactionOf[m.index] = t.id;
		if (m.kind === 'request') {
			if (t.request === null) {
				t.request = m.index;
				if (method === 'ACK' || method === 'CANCEL') {
					const invite = byKey.get(`${key.slice(0, key.lastIndexOf('\u0000'))}\u0000INVITE`);
					if (invite?.request != null) t.relatedInvite = invite.request;
				}
			} else {
				t.retransmissions.push(m.index);
				originalOf[m.index] = t.request;
			}
		} else {
			const status = m.status ?? 0;
			const responseKey = `${t.id}\u0000${status}\u0000${m.to?.tag ?? ''}`;
			const first = firstResponse.get(responseKey);
			if (first !== undefined) {
				t.retransmissions.push(m.index);
				originalOf[m.index] = first;
			} else {
				firstResponse.set(responseKey, m.index);
				t.responses.push(m.index);
			}
		}
	}
	const transactions: Transaction[] = list.map(
		({ id, request, responses, retransmissions, relatedInvite }) => ({
			id,
			request,
			responses,
			retransmissions,
			relatedInvite,
		}),
	);
	return { transactions, transactionOf, originalOf };
}
