/**
 * Canonical header names. `Header.key` is the lower-case long name, so `i`, `CALL-ID` and
 * `Call-ID` all give `call-id`. Compact forms: RFC 3261 §7.3.3 and the IANA SIP parameters
 * registry (o = Event, u = Allow-Events from RFC 6665; r = Refer-To from RFC 3515...).
 */
const compact: Readonly<Record<string, string>> = {
	a: 'accept-contact',
	b: 'referred-by',
	c: 'content-type',
	d: 'request-disposition',
	e: 'content-encoding',
	f: 'from',
	i: 'call-id',
	j: 'reject-contact',
	k: 'supported',
	l: 'content-length',
	m: 'contact',
	n: 'identity-info',
	o: 'event',
	r: 'refer-to',
	s: 'subject',
	t: 'to',
	u: 'allow-events',
	v: 'via',
	x: 'session-expires',
	y: 'identity',
};

/** Raw name as written → canonical key. Names repeat endlessly in a trace: look each up once. */
const cache = new Map<string, string>();

export function canonicalName(raw: string): { key: string; compact: boolean } {
	if (raw.length === 1) {
		const long = compact[raw.toLowerCase()];
		if (long) return { key: long, compact: true };
	}
	let key = cache.get(raw);
	if (key === undefined) {
		key = raw.toLowerCase();
		if (cache.size < 10_000) cache.set(raw, key);
	}
	return { key, compact: false };
}

/** Headers that may appear once only (RFC 3261 §7.3.1: those not defined as comma lists). */
export const singleValued: ReadonlySet<string> = new Set([
	'call-id',
	'cseq',
	'from',
	'to',
	'max-forwards',
	'content-length',
	'content-type',
	'expires',
	'event',
	'subscription-state',
	'sip-etag',
	'sip-if-match',
	'min-expires',
]);

/** Token characters of RFC 3261 §25.1: alphanum and `-.!%*_+`'~`. */
export function isTokenChar(c: number): boolean {
	return (
		(c >= 97 && c <= 122) ||
		(c >= 65 && c <= 90) ||
		(c >= 48 && c <= 57) ||
		c === 45 ||
		c === 46 ||
		c === 33 ||
		c === 37 ||
		c === 42 ||
		c === 95 ||
		c === 43 ||
		c === 96 ||
		c === 39 ||
		c === 126
	);
}
