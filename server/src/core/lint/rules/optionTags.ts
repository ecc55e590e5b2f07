import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { lintProblem } from '../codes';
import { valueOf } from './addresses';

/**
 * Require, Proxy-Require, Supported and Unsupported list option-tags: tokens separated by
 * commas (RFC 3261 §20.32, §20.29, §20.37, §20.40, §25.1). A `;`, `=`, `/`, `:`, `@` or quote
 * among them (`Require: recipient-list-invite;pref`, `, pref` meant) is no token's character:
 * a strict parser cannot read the list, and a Require it cannot read is refused (400 or 420).
 * Other characters no token holds are left alone: a poster's `<...>` or `[...]` placeholder.
 */
export function checkOptionTags(
	analysis: TraceAnalysis,
	m: SipMessage,
	position: number,
	out: Problem[],
): void {
	const { text, from, to, start, end } = valueOf(analysis, m, position);
	for (let i = from; i < to; i++) {
		const c = text.charCodeAt(i);
		if (!isForeign(c)) continue;
		// A poster's or a document's placeholder is no list a stack wrote.
		if (placeholder.test(text.slice(from, to))) return;
		const name = analysis.text.slice(
			m.headerField(position).name.start,
			m.headerField(position).name.end,
		);
		out.push(
			lintProblem(
				'header.bad-option-tag',
				{ start, end },
				`${name} holds "${text[i]}" among its option-tags (\`${text.slice(from, to).trim().slice(0, 80)}\`): they are tokens separated by commas (RFC 3261 §${section(name)}, §25.1), and a strict parser cannot read the list.`,
			),
		);
		return;
	}
}

// `;` `=` `/` `:` `@` `"`: separators a token never holds (RFC 3261 §25.1).
const isForeign = (c: number): boolean =>
	c === 59 || c === 61 || c === 47 || c === 58 || c === 64 || c === 34;
const placeholder = /[<[{]|\.\.\.|…/;

/** The section of RFC 3261 that defines the header `name`. */
function section(name: string): string {
	const key = name.toLowerCase();
	if (key === 'require') return '20.32';
	if (key === 'proxy-require') return '20.29';
	if (key === 'unsupported') return '20.40';
	return '20.37';
}
