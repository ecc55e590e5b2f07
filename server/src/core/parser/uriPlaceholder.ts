/**
 * A value [start, end) whose URI has a word in angle brackets for its user or host
 * (`sip:<user>@<dsthost>`, a manual's example), which a name-addr cannot hold: an example's
 * placeholder, not a message as sent.
 */
export function placeholderUri(text: string, start: number, end: number): boolean {
	if (end - start > 300) return false;
	return uriPlaceholder.test(text.slice(start, end));
}
const uriPlaceholder = /:<[A-Za-z][\w .-]{0,30}>@|@<[A-Za-z][\w .-]{0,30}>/;
