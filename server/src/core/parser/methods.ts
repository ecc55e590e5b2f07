import { readsAt } from './strings';

// Methods repeat in every CSeq and request line: the registered ones are returned as shared
// strings (as written when upper-case, the common case) instead of a slice per message.
const known = [
	'INVITE',
	'ACK',
	'BYE',
	'CANCEL',
	'OPTIONS',
	'REGISTER',
	'SUBSCRIBE',
	'NOTIFY',
	'BENOTIFY',
	'PUBLISH',
	'MESSAGE',
	'INFO',
	'PRACK',
	'UPDATE',
	'REFER',
];

/** Whether `name` is one of the methods above (registered ones, and BENOTIFY). */
export function isKnownMethod(name: string): boolean {
	return known.includes(name);
}

/** The method token in [start, end) of `text`, exactly as written. */
export function methodAt(text: string, start: number, end: number): string {
	const length = end - start;
	for (let k = 0; k < known.length; k++) {
		const m = known[k]!;
		if (m.length === length && readsAt(text, start, m)) return m;
	}
	// Not upper-case or not registered: keep what the trace says.
	return text.slice(start, end);
}

/**
 * Whether a request of `method` notifies a subscription: NOTIFY (RFC 6665 §4.2.1), or Microsoft's
 * best-effort NOTIFY, which Lync and Skype for Business servers send on presence subscriptions
 * ([MS-SIP] §3.5: a BENOTIFY behaves as a NOTIFY, except that it gets no response).
 */
export function isNotify(method: string | null | undefined): boolean {
	return method === 'NOTIFY' || method === 'BENOTIFY';
}
