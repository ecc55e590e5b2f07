/**
 * A value [start, end) whose URI has a word in angle brackets for its user or host
 * (`sip:<user>@<dsthost>`, a manual's example; `@<<SERVER_IP>>`, a poster's), which a name-addr cannot hold, or whose URI a
 * poster replaced by a word in square brackets (`<[redacted]>`), or whose whole address a poster
 * masked (`###;tag=e2020al41f`, `xxxxx`, `REDACTED`): an example's or a poster's placeholder, not
 * a message as sent.
 */
export function placeholderUri(text: string, start: number, end: number): boolean {
	if (end - start > 300) return false;
	const value = text.slice(start, end);
	return uriPlaceholder.test(value) || wholeMask.test(value);
}
const uriPlaceholder =
	/:<<?[A-Za-z][\w .-]{0,30}>>?@|@<<?[A-Za-z][\w .-]{0,30}>|<\[[A-Za-z][\w .-]{0,30}\]>/;
// A display name and address masked whole, the tag kept or not.
const wholeMask = /^\s*(?:#{3,}|\*{3,}|[xX]{3,}|REDACTED\w*)\s*(?:;|$)/;
