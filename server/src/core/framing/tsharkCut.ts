/*
 * Wireshark marks an item it cut at 240 characters (`label_mark_truncated`): `[truncated]` up to
 * 4.0, `[…]` (U+2026) from 4.2 on, before the item's text or after its label.
 */

/** The length of the mark at `at` (`[truncated]` or `[…]`), 0 when there is none. */
export function cutMarkAt(text: string, at: number): number {
	if (text.charCodeAt(at) !== 91) return 0; // `[`
	if (text.startsWith('[truncated]', at)) return 11;
	return text.startsWith('[\u2026]', at) ? 3 : 0;
}
