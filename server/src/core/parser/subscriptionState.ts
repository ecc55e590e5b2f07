import type { SubscriptionState } from '../model';
import { parseParams, sameLowerAt } from './split';

/**
 * Subscription-State (RFC 6665 §8.2.3) [start, end) of `text`, its state already read: the
 * `expires`, `reason` and `retry-after` parameters. A trace's NOTIFYs carry one each, nearly
 * always plain ASCII (`active;expires=3600`): read in place, without a parameter map. A value
 * with a quote or a character beyond ASCII goes through the general reading, whose answers the
 * one in place gives (names lower-cased, white space trimmed as `trim` does, the last one wins).
 */
export function readSubscriptionState(
	text: string,
	start: number,
	end: number,
	state: string,
): SubscriptionState {
	let expires: number | null = null;
	let reason: string | null = null;
	let retryAfter: number | null = null;
	let i = start;
	while (i < end && text.charCodeAt(i) !== 59) i++;
	i++;
	while (i < end) {
		let pe = i;
		for (; pe < end; pe++) {
			const c = text.charCodeAt(pe);
			if (c === 59) break;
			if (c === 34 || c >= 0x80) return generalReading(text, start, end, state);
		}
		const next = pe + 1;
		let ps = i;
		while (ps < pe && isTrimmed(text.charCodeAt(ps))) ps++;
		while (pe > ps && isTrimmed(text.charCodeAt(pe - 1))) pe--;
		let eq = ps;
		while (eq < pe && text.charCodeAt(eq) !== 61) eq++;
		let ne = eq;
		while (ne > ps && isTrimmed(text.charCodeAt(ne - 1))) ne--;
		const name = nameAt(text, ps, ne);
		if (name !== 0) {
			let vs = eq + 1;
			while (vs < pe && isTrimmed(text.charCodeAt(vs))) vs++;
			// A parameter without `=` is a flag: no value.
			const flag = eq === pe;
			if (name === reasonName) reason = flag ? null : text.slice(vs, pe).toLowerCase();
			else {
				const n = flag ? null : digitsAt(text, vs, pe);
				if (name === expiresName) expires = n;
				else retryAfter = n;
			}
		}
		i = next;
	}
	return { state, expires, reason, retryAfter };
}

const expiresName = 1;
const reasonName = 2;
const retryAfterName = 3;

/** Which of the three parameters [start, end) names, case aside; 0 for another. */
function nameAt(text: string, start: number, end: number): number {
	const length = end - start;
	if (length === 7 && sameLowerAt(text, start, 'expires')) return expiresName;
	if (length === 6 && sameLowerAt(text, start, 'reason')) return reasonName;
	if (length === 11 && sameLowerAt(text, start, 'retry-after')) return retryAfterName;
	return 0;
}

/** What `trim` takes off an ASCII string's ends. */
function isTrimmed(c: number): boolean {
	return c === 32 || (c >= 9 && c <= 13);
}

/** [start, end) as a number when it is one or more digits, else null. */
function digitsAt(text: string, start: number, end: number): number | null {
	if (end <= start) return null;
	let n = 0;
	for (let k = start; k < end; k++) {
		const c = text.charCodeAt(k);
		if (c < 48 || c > 57) return null;
		n = n * 10 + (c - 48);
	}
	// Up to 15 digits the sum is exact; beyond, rounded as `Number` rounds the text.
	return end - start <= 15 ? n : Number(text.slice(start, end));
}

/** Any value: through a parameter map. */
function generalReading(
	text: string,
	start: number,
	end: number,
	state: string,
): SubscriptionState {
	const v = text.slice(start, end);
	const semi = v.indexOf(';');
	const params = semi < 0 ? new Map<string, string | null>() : parseParams(v.slice(semi + 1));
	return {
		state,
		expires: number(params.get('expires')),
		reason: params.get('reason')?.toLowerCase() ?? null,
		retryAfter: number(params.get('retry-after')),
	};
}

function number(s: string | null | undefined): number | null {
	return s != null && /^\d+$/.test(s) ? Number(s) : null;
}
