import type { FormatRules } from './engine';

/**
 * The rules of a format, with what a printout added at the end of each line taken off its content
 * (after the format's own decoration): `contentEnd` gives where the content of [start, end) ends.
 * Used where a tool printed the CR of each line as visible characters (`.`, `^M`).
 */
export function withLineTail(
	rules: FormatRules,
	contentEnd: (text: string, start: number, end: number) => number,
): FormatRules {
	const inner = rules.decorate;
	return {
		...rules,
		decorate(text, start, end) {
			const content: [number, number] | null = inner ? inner(text, start, end) : [start, end];
			if (!content) return null;
			const [s, e] = content;
			const tail = contentEnd(text, s, e);
			return tail === e ? content : [s, tail];
		},
	};
}
