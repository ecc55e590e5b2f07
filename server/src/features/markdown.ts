/** Escapes trace-derived text for Markdown: it must read as text, never as markup or HTML. */
export function md(s: string | null | undefined): string {
	if (!s) return '';
	return s
		.replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
		.replace(/\r?\n/g, ' ')
		.slice(0, 500);
}

/**
 * Trace-derived text as inline code: verbatim, but a backtick would end the span, so it is shown
 * as `'`; a line break would end the paragraph, so it is a space. An empty value (a header a
 * capture cut after its colon) is said empty: two backticks open a span they never close.
 */
export function code(s: string, max = 300): string {
	if (s === '') return '*(empty)*';
	return `\`${s
		.replace(/`/g, "'")
		.replace(/\r?\n|\r/g, ' ')
		.slice(0, max)}\``;
}

/** A Markdown table from a header row and rows of already-escaped cells. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
	return [
		`| ${head.join(' | ')} |`,
		`| ${head.map(() => '---').join(' | ')} |`,
		...rows.map((r) => `| ${r.join(' | ')} |`),
	].join('\n');
}
