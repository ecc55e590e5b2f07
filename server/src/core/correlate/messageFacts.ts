import type { SipMessage } from '../model';
import { upperMethod } from './lists';
import { fromTagOf, toTagOf } from '../parser/sipMessage';

/** Methods the index tells apart; any other is {@link Method.Other}. */
export const enum Method {
	None = 0,
	Other = 1,
	Invite = 2,
	Ack = 3,
	Bye = 4,
	Cancel = 5,
	Subscribe = 6,
	Notify = 7,
	Refer = 8,
	Publish = 9,
}

/** Added to a request's method code, and to a response's (its CSeq method): 0 is an invalid message. */
export const requestBit = 16;
export const responseBit = 32;
/** Added to a 401 or 407 response's code: a challenge (RFC 3261 §22.2, §22.3). */
export const challengeBit = 64;
/** The method of a code. */
export const methodMask = 15;

const codes = new Map<string, Method>([
	['INVITE', Method.Invite],
	['ACK', Method.Ack],
	['BYE', Method.Bye],
	['CANCEL', Method.Cancel],
	['SUBSCRIBE', Method.Subscribe],
	['NOTIFY', Method.Notify],
	// [MS-SIP] §3.5: a NOTIFY without a response, as Lync's servers send.
	['BENOTIFY', Method.Notify],
	['REFER', Method.Refer],
	['PUBLISH', Method.Publish],
]);

/**
 * What every pass of the index asks of each message first, read once into arrays: its kind and
 * method, and its Call-ID numbered. A pass then walks these and reads a message itself only when
 * it is one the pass is about (a trace's 100,000 messages are spread over memory, and reading
 * each again in every pass costs more than the passes' own work), and finds a call by number,
 * not by hashing its Call-ID again.
 */
export interface MessageFacts {
	/** Message indices in chronological order. */
	readonly order: Int32Array;
	/**
	 * By message: the {@link Method} of a request plus {@link requestBit}, or of a response's CSeq
	 * plus {@link responseBit} (and {@link challengeBit}); 0 for an invalid message. Methods are
	 * upper-cased, as the index compares them.
	 */
	readonly method: Uint8Array;
	/**
	 * By message: the {@link Method} as written, case and all (as the dialog pass compares it,
	 * RFC 3261 §7.1): that of {@link method} when the method is in capitals, else
	 * {@link Method.Other}.
	 */
	readonly exactMethod: Uint8Array;
	/** By message: a response's status code, -1 for a request or without one. */
	readonly status: Float64Array;
	/** By message: the From and To tags, null without one. */
	readonly fromTag: readonly (string | null)[];
	readonly toTag: readonly (string | null)[];
	/** By message: the number of its Call-ID (first seen, first numbered), -1 without one. */
	readonly call: Int32Array;
	/** How many Call-IDs. */
	readonly calls: number;
}

export function messageFacts(
	messages: readonly SipMessage[],
	order: readonly SipMessage[],
): MessageFacts {
	const count = messages.length;
	const positions = new Int32Array(order.length);
	const method = new Uint8Array(count);
	const exactMethod = new Uint8Array(count);
	const statuses = new Float64Array(count).fill(-1);
	const fromTag = new Array<string | null>(count).fill(null);
	const toTag = new Array<string | null>(count).fill(null);
	const call = new Int32Array(count).fill(-1);
	const numbers = new Map<string, number>();
	for (let k = 0; k < order.length; k++) {
		const m = order[k]!;
		const i = m.index;
		positions[k] = i;
		const kind = m.kind;
		if (kind === 'request') {
			const written = m.method;
			const code = written === null ? Method.None : codeOf(written);
			method[i] = requestBit + code;
			exactMethod[i] = exactOf(written, code);
		} else if (kind === 'response') {
			const cseq = m.cseq;
			const status = m.status;
			const code = cseq === null ? Method.None : codeOf(cseq.method);
			method[i] = responseBit + code + (status === 401 || status === 407 ? challengeBit : 0);
			exactMethod[i] = exactOf(cseq === null ? null : cseq.method, code);
			if (status !== null) statuses[i] = status;
		}
		fromTag[i] = fromTagOf(m);
		toTag[i] = toTagOf(m);
		const callId = m.callId;
		if (!callId) continue;
		let n = numbers.get(callId);
		if (n === undefined) numbers.set(callId, (n = numbers.size));
		call[i] = n;
	}
	return {
		order: positions,
		method,
		exactMethod,
		status: statuses,
		fromTag,
		toTag,
		call,
		calls: numbers.size,
	};
}

const codeOf = (method: string): Method => codes.get(upperMethod(method)) ?? Method.Other;

/** The code of `written` as it is written: its upper-cased `code` only when it is in capitals. */
const exactOf = (written: string | null, code: Method): Method =>
	written === null
		? Method.None
		: code <= Method.Other || upperMethod(written) === written
			? code
			: Method.Other;
