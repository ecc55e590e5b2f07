/**
 * A value a spec's or a tutorial's writer left open with words in parentheses, where the
 * message's value goes (RFC 3515 §4's `Refer-To: (whatever URI)`, `expires=(depends on Refer-To
 * URI)`): the example's, not a sender's fault. Words: at least two, letters first.
 */
export function isWrittenPlaceholder(text: string, start: number, end: number): boolean {
	if (end - start < 5 || end - start > 100) return false;
	if (text.charCodeAt(start) !== 40 || text.charCodeAt(end - 1) !== 41) return false;
	const value = text.slice(start, end);
	return /^\([A-Za-z][^()\r\n]{0,98}\)$/.test(value) && /\s/.test(value);
}
