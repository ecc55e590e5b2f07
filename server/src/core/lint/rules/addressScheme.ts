import { findUnquoted } from '../../parser/nameAddr';
import { indexWithin } from '../../text/search';

/**
 * The lower-case scheme of the address value [from, to): of the URI in its `<>` (a quoted display
 * name's `<` aside), or of the value itself (an addr-spec); `sip` for `sip:` and `sips:` alike,
 * read without a string made; null where no scheme is written.
 */
export function schemeOf(text: string, from: number, to: number): string | null {
	const lt = findUnquoted(text, from, to, 60 /* < */);
	let at = lt < 0 ? from : lt + 1;
	while (at < to && (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9)) at++;
	if ((text.charCodeAt(at) | 32) === 115 && (text.charCodeAt(at + 1) | 32) === 105) {
		const c = text.charCodeAt(at + 3);
		if (
			(text.charCodeAt(at + 2) | 32) === 112 &&
			(c === 58 || ((c | 32) === 115 && text.charCodeAt(at + 4) === 58))
		)
			return 'sip';
	}
	const colon = indexWithin(text, ':', at, Math.min(to, at + 11));
	if (colon < 0) return null;
	const scheme = text.slice(at, colon).toLowerCase();
	return /^[a-z][a-z0-9+.-]*$/.test(scheme) ? scheme : null;
}
