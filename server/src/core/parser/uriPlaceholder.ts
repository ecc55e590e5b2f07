/**
 * A value [start, end) whose URI has a word in angle brackets for its user or host
 * (`sip:<user>@<dsthost>`, a manual's example), which a name-addr cannot hold, or whose URI a
 * poster replaced by a word in square brackets (`<[redacted]>`): an example's or a poster's
 * placeholder, not a message as sent.
 */
export function placeholderUri(text: string, start: number, end: number): boolean {
	if (end - start > 300) return false;
	return uriPlaceholder.test(text.slice(start, end));
}
const uriPlaceholder =
	/:<[A-Za-z][\w .-]{0,30}>@|@<[A-Za-z][\w .-]{0,30}>|<\[[A-Za-z][\w .-]{0,30}\]>/;
