/**
 * Where `needle` first stands wholly inside `[start, end)` of `text`, or -1. Searches that stretch
 * only: `text.indexOf(needle, start)` that finds nothing there reads on to the end of the text,
 * and done once per message or header makes a large trace's reading quadratic.
 */
export function indexWithin(text: string, needle: string, start: number, end: number): number {
	if (end - start < needle.length) return -1;
	const at = text.slice(start, end).indexOf(needle);
	return at < 0 ? -1 : start + at;
}
