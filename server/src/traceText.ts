/**
 * A trace file's bytes as the text an editor opens: UTF-8, or UTF-16 where a byte order mark
 * says so (Windows PowerShell 5 writes what `>` redirects, `tshark ... > trace.txt` too, as
 * UTF-16LE with one). The mark is left out, as VS Code leaves it out of the document; lines are
 * unchanged.
 */
export function traceText(bytes: Uint8Array): string {
	const [a, b] = [bytes[0], bytes[1]];
	const encoding =
		a === 0xff && b === 0xfe ? 'utf-16le' : a === 0xfe && b === 0xff ? 'utf-16be' : 'utf-8';
	// `ignoreBOM: false` (the default) drops the mark of the encoding chosen.
	return new TextDecoder(encoding).decode(bytes);
}
