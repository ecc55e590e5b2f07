import { sameLowerAt } from './split';

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

// The names nearly every trace is made of, found without slicing the text: a hash of the
// lower-cased characters picks the candidate, a character compare confirms it.
export const commonHeaderNames: readonly string[] = [
	'via',
	'from',
	'to',
	'call-id',
	'cseq',
	'contact',
	'max-forwards',
	'content-type',
	'content-length',
	'expires',
	'event',
	'subscription-state',
	'sip-etag',
	'sip-if-match',
	'allow',
	'allow-events',
	'supported',
	'require',
	'user-agent',
	'server',
	'accept',
	'route',
	'record-route',
	'authorization',
	'proxy-authorization',
	'www-authenticate',
	'proxy-authenticate',
	'min-expires',
	'date',
	'timestamp',
	'warning',
	'reason',
	'p-asserted-identity',
	'p-preferred-identity',
	'session-expires',
	'min-se',
	'refer-to',
	'referred-by',
	'replaces',
	'accept-encoding',
	'accept-language',
	'content-disposition',
	'content-encoding',
	'organization',
	'subject',
	'priority',
	'retry-after',
	'unsupported',
	'proxy-require',
	'x-reason',
	'path',
	'service-route',
	'rseq',
];
/**
 * A canonical name as {@link canonicalNameAt} gives it. `code` numbers the names of {@link commonHeaderNames}
 * and the compact forms' long names from 0 (-1 for any other), so that a trace's header table
 * finds its id for one by indexing, not by hashing the key.
 */
export interface HeaderName {
	readonly key: string;
	readonly compact: boolean;
	readonly code: number;
}

const codes = new Map<string, number>();
for (const key of [...commonHeaderNames, ...Object.values(compact)])
	if (!codes.has(key)) codes.set(key, codes.size);
/** How many names have a `code`. */
export const knownNameCount = codes.size;

/** The `code` of canonical key `key` (see {@link HeaderName}), -1 for a name without one. */
export function nameCodeOf(key: string): number {
	return codes.get(key) ?? -1;
}

// One result per name, shared: callers read its fields and keep none of them.
const byKey = new Map<string, HeaderName>();
const hashes: number[] = [];
for (const name of commonHeaderNames) {
	let h = 0;
	for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) | 0;
	byKey.set(name, { key: name, compact: false, code: codes.get(name)! });
	hashes.push(h);
}
/**
 * The common names by hash, one per slot: a lookup is an index and a compare, not a map's
 * probe, once per header line of a trace. The table is made as small as lets no two names
 * share a slot.
 */
let slotMask = 63;
while (new Set(hashes.map((h) => slotOf(h, slotMask))).size < hashes.length)
	slotMask = 2 * slotMask + 1;
const bySlot = new Array<HeaderName | undefined>(slotMask + 1).fill(undefined);
commonHeaderNames.forEach((name, i) => (bySlot[slotOf(hashes[i]!, slotMask)] = byKey.get(name)));

function slotOf(h: number, mask: number): number {
	return (h ^ (h >>> 7) ^ (h >>> 15)) & mask;
}

const compactCodes: (HeaderName | undefined)[] = [];
for (const [c, long] of Object.entries(compact))
	compactCodes[c.charCodeAt(0)] = { key: long, compact: true, code: codes.get(long)! };

/**
 * The canonical key of the header name in [start, end) of `text`, and whether it is a compact
 * form. Allocation-free for compact forms and the common names; others go through the cache.
 */
export function canonicalNameAt(text: string, start: number, end: number): HeaderName {
	const known = knownNameAt(text, start, end);
	if (known !== undefined) return known;
	const { key, compact } = canonicalName(text.slice(start, end));
	return compact ? { key, compact, code: -1 } : (byKey.get(key) ?? { key, compact, code: -1 });
}

/** The name in [start, end) when it is a compact form or one of {@link commonHeaderNames}, read in place. */
export function knownNameAt(text: string, start: number, end: number): HeaderName | undefined {
	let h = 0;
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		h = (Math.imul(h, 31) + (c >= 65 && c <= 90 ? c + 32 : c)) | 0;
	}
	return knownNameOf(text, start, end, h);
}

/**
 * {@link knownNameAt}, given `h`: the hash of [start, end) lower-cased, each character `c` added
 * as `h = h * 31 + c` (32-bit), as {@link headerNameAt} finds it while it reads the name.
 */
function knownNameOf(text: string, start: number, end: number, h: number): HeaderName | undefined {
	if (end - start === 1) {
		const short = compactCodes[text.charCodeAt(start) | 32];
		if (short) return short;
	}
	const known = bySlot[slotOf(h, slotMask)];
	return known !== undefined &&
		known.key.length === end - start &&
		sameLowerAt(text, start, known.key)
		? known
		: undefined;
}

/**
 * The header line [start, end) read as `token *WSP ":"` (RFC 3261 §7.3.1): its name's end
 * (trailing white space left out), -1 when the line is not a header line; the name, when known
 * (see {@link knownNameAt}), in {@link nameFound}. One pass over the name does both.
 */
export function headerNameAt(text: string, start: number, end: number): number {
	let i = start;
	let h = 0;
	for (; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c >= 128 || tokenChars[c] !== 1) break;
		h = (Math.imul(h, 31) + (c >= 65 && c <= 90 ? c + 32 : c)) | 0;
	}
	const nameEnd = i;
	nameFound.known = undefined;
	if (nameEnd === start) return -1;
	while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	if (i >= end || text.charCodeAt(i) !== 58) return -1;
	nameFound.known = knownNameOf(text, start, nameEnd, h);
	return nameEnd;
}

/** The known name {@link headerNameAt} last found; read it before the next call. */
export const nameFound: { known: HeaderName | undefined } = { known: undefined };

/**
 * Is [start, end) the name of a header nearly every trace carries, or a compact form? Lines of a
 * body that look like `name: value` (XML attributes with a namespace prefix, plain text) rarely
 * use one of these names: a line that does is taken for a header.
 */
export function isCommonHeaderName(text: string, start: number, end: number): boolean {
	return knownNameAt(text, start, end) !== undefined;
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
	// A table lookup: every header name and method is read a character at a time.
	return c < 128 && tokenChars[c] === 1;
}

const tokenChars = new Uint8Array(128);
for (let c = 0; c < 128; c++)
	tokenChars[c] =
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
			? 1
			: 0;
