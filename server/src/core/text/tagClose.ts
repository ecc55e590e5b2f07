/**
 * Where the `>` that closes an XML start tag begun before `from` stands in the trace's text,
 * before `end`, or -1. A trace quoted in a mail or Markdown has `>` at the start of each line
 * (`> `, `> > `): those are the quote's, not the tag's, when the tag's attributes go on over
 * lines (tshark prints one attribute a line).
 */
export function tagClose(text: string, from: number, end: number): number {
	for (let i = text.indexOf('>', from); i >= 0 && i < end; i = text.indexOf('>', i + 1))
		if (!inQuoteMargin(text, i)) return i;
	return -1;
}

/** Only quote markers (`>`, with spaces) stand between the line's start and `at`. */
function inQuoteMargin(text: string, at: number): boolean {
	let k = at;
	while (k > 0) {
		const c = text.charCodeAt(k - 1);
		if (c === 10) break;
		if (c !== 62 && c !== 32) return false;
		k--;
	}
	return text.charCodeAt(k) === 62;
}
