/** Escapes trace-derived text for Markdown: it must read as text, never as markup or HTML. */
export function md(s: string | null | undefined): string {
	if (!s) return '';
	return s
		.replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
		.replace(/\r?\n/g, ' ')
		.slice(0, 500);
}

/** A Markdown table from a header row and rows of already-escaped cells. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
	return [
		`| ${head.join(' | ')} |`,
		`| ${head.map(() => '---').join(' | ')} |`,
		...rows.map((r) => `| ${r.join(' | ')} |`),
	].join('\n');
}
