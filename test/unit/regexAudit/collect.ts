// Finds every regular expression the product runs: literals and `RegExp(...)` calls in the
// server's TypeScript (through the compiler's parser, so a new one is audited without being
// listed), and the match/begin/end/while patterns of the TextMate grammars, translated from
// Oniguruma to JavaScript where the two differ.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface FoundRegex {
	/** `server/src/core/framing/formats.ts:123` or `syntaxes/sip.tmLanguage.json#/repository/uri/patterns/0/match`. */
	readonly where: string;
	/** JavaScript source of the pattern (translated for grammar patterns). */
	readonly source: string;
	readonly flags: string;
	/** The pattern as written, when it was translated. */
	readonly original?: string;
}

export interface Unauditable {
	readonly where: string;
	readonly reason: string;
}

export interface Collected {
	readonly found: FoundRegex[];
	readonly unauditable: Unauditable[];
}

function filesUnder(dir: string, suffix: string): string[] {
	const out: string[] = [];
	for (const name of readdirSync(dir).sort()) {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) out.push(...filesUnder(p, suffix));
		else if (name.endsWith(suffix)) out.push(p);
	}
	return out;
}

const literalText = (node: ts.Expression | undefined): string | undefined =>
	node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
		? node.text
		: undefined;

/** Regex literals and `new RegExp('...')` / `RegExp('...')` in the TypeScript files under `dir`. */
export function collectTypeScript(root: string, dir: string): Collected {
	const found: FoundRegex[] = [];
	const unauditable: Unauditable[] = [];
	for (const file of filesUnder(dir, '.ts')) {
		const text = readFileSync(file, 'utf8');
		const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
		const where = (node: ts.Node): string =>
			`${relative(root, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
		const visit = (node: ts.Node): void => {
			if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
				const literal = node.getText(sf);
				const slash = literal.lastIndexOf('/');
				found.push({
					where: where(node),
					source: literal.slice(1, slash),
					flags: literal.slice(slash + 1),
				});
			} else if (
				(ts.isNewExpression(node) || ts.isCallExpression(node)) &&
				ts.isIdentifier(node.expression) &&
				node.expression.text === 'RegExp'
			) {
				const [sourceArg, flagsArg] = node.arguments ?? [];
				const source = literalText(sourceArg);
				const flags = flagsArg === undefined ? '' : literalText(flagsArg);
				if (source === undefined || flags === undefined)
					unauditable.push({
						where: where(node),
						reason: 'RegExp built from a non-literal source or flags',
					});
				else found.push({ where: where(node), source, flags });
			}
			ts.forEachChild(node, visit);
		};
		visit(sf);
	}
	return { found, unauditable };
}

/**
 * Oniguruma (as vscode-textmate runs it, one line at a time with a final `\n`) to JavaScript:
 * `\G`, `\A` → `^`; `$`, `\Z`, `\z` → `(?=\n|$)`; `.` → `[^\n]` (Oniguruma's dot takes a CR);
 * `\h`, `\H` → hex-digit classes; an atomic group `(?>X)` → `(?=(X))\N`. Constructs JavaScript
 * has no equivalent for (possessive quantifiers, inline options, subexpression
 * calls, POSIX brackets, `\p{...}`, `\x{...}`) make the pattern unauditable here; the caller
 * reports how many.
 */
export function onigurumaToJs(pattern: string): { source: string } | { reason: string } {
	let out = '';
	let inClass = false;
	/** Capturing groups opened so far, and per open parenthesis the atomic group's number or 0. */
	let groups = 0;
	const open: number[] = [];
	if (/\\[1-9]|\\k</.test(pattern) && pattern.includes('(?>'))
		return { reason: 'backreference beside an atomic group' };
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i]!;
		if (c === '\\') {
			const next = pattern[i + 1];
			if (next === undefined) return { reason: 'trailing backslash' };
			i++;
			if (!inClass && (next === 'G' || next === 'A')) out += '^';
			else if (!inClass && (next === 'z' || next === 'Z')) out += '(?=\\n|$)';
			else if (next === 'h') out += inClass ? '0-9A-Fa-f' : '[0-9A-Fa-f]';
			else if (next === 'H' && !inClass) out += '[^0-9A-Fa-f]';
			else if ('HpPkgKRXyYOo'.includes(next) || (next === 'x' && pattern[i + 1] === '{'))
				return { reason: `\\${next} has no JavaScript equivalent` };
			else out += c + next;
			continue;
		}
		if (inClass) {
			if (c === '[' && pattern[i + 1] === ':') return { reason: 'POSIX bracket' };
			if (c === '[' || (c === '&' && pattern[i + 1] === '&'))
				return { reason: 'nested class or class intersection' };
			if (c === ']') inClass = false;
			out += c;
			continue;
		}
		if (c === '[') {
			inClass = true;
			out += c;
			if (pattern[i + 1] === '^') out += pattern[++i];
			if (pattern[i + 1] === ']') out += '\\' + pattern[++i];
			continue;
		}
		if (c === '(') {
			const kind = pattern[i + 1] === '?' ? (pattern[i + 2] ?? '') : '';
			const lookbehind = kind === '<' && (pattern[i + 3] === '=' || pattern[i + 3] === '!');
			const named = kind === '<' && !lookbehind;
			if (kind === '>') {
				// Atomic group: a lookahead (which never backtracks into) captured and re-matched.
				groups++;
				open.push(groups);
				out += '(?=(';
				i += 2;
				continue;
			}
			if (!(kind === '' || kind === ':' || kind === '=' || kind === '!' || lookbehind || named))
				return { reason: `(?${kind} has no JavaScript equivalent` };
			if (kind === '' || named) groups++;
			open.push(0);
		}
		if (c === ')') {
			const atomic = open.pop();
			if (atomic) {
				out += `))\\${atomic}`;
				continue;
			}
		}
		if ('*+?}'.includes(c) && pattern[i + 1] === '+') return { reason: 'possessive quantifier' };
		out += c === '$' ? '(?=\\n|$)' : c === '.' ? '[^\\n]' : c;
	}
	try {
		new RegExp(out);
	} catch (error) {
		return { reason: `not valid JavaScript: ${(error as Error).message}` };
	}
	return { source: out };
}

/** The match/begin/end/while patterns of every `*.tmLanguage.json` in `dir`. */
export function collectGrammars(root: string, dir: string): Collected {
	const found: FoundRegex[] = [];
	const unauditable: Unauditable[] = [];
	for (const file of filesUnder(dir, '.tmLanguage.json')) {
		const grammar = JSON.parse(readFileSync(file, 'utf8')) as unknown;
		const walk = (value: unknown, path: string): void => {
			if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}/${i}`));
			else if (value !== null && typeof value === 'object')
				for (const [key, v] of Object.entries(value)) {
					const here = `${path}/${key}`;
					if (['match', 'begin', 'end', 'while'].includes(key) && typeof v === 'string') {
						const where = `${relative(root, file)}#${here}`;
						const js = onigurumaToJs(v);
						if ('reason' in js) unauditable.push({ where, reason: js.reason });
						else found.push({ where, source: js.source, flags: '', original: v });
					} else walk(v, here);
				}
		};
		walk(grammar, '');
	}
	return { found, unauditable };
}
