/**
 * JavaScript's `\s` (and `String.prototype.trim`'s white space): ASCII white space, NBSP, the
 * Unicode space separators, LS, PS and the BOM. For code that reads in place what a regular
 * expression or `trim()` used to read, with the same answers.
 */
export function isJsWhiteSpace(c: number): boolean {
	if (c < 128) return c === 32 || (c >= 9 && c <= 13);
	return (
		c === 0xa0 ||
		c === 0x1680 ||
		(c >= 0x2000 && c <= 0x200a) ||
		c === 0x2028 ||
		c === 0x2029 ||
		c === 0x202f ||
		c === 0x205f ||
		c === 0x3000 ||
		c === 0xfeff
	);
}

/** Only spaces, tabs and line ends in [from, to). */
export function onlyBlankLines(text: string, from: number, to: number): boolean {
	for (let i = from; i < to; i++) {
		const c = text.charCodeAt(i);
		if (c !== 10 && c !== 13 && c !== 32 && c !== 9) return false;
	}
	return true;
}
