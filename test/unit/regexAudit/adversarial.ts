// Adversarial inputs for a pattern, in the shape that makes backtracking engines blow up: a
// prefix that leads the match to a repetition, the repetition's body pumped n times, and a suffix
// that makes the match fail at the end. Each family is a function of n, so a test can compare the
// step counts at two sizes.
import type { AST } from '@eslint-community/regexpp';
import { children, type StepMatcher } from './stepMatcher';

export interface InputFamily {
	readonly name: string;
	readonly make: (n: number) => string;
}

/** Characters tried, in this order, as representatives of a class. */
const alphabet = [
	'a',
	'0',
	' ',
	'\t',
	'.',
	':',
	'-',
	'/',
	'<',
	'>',
	'@',
	';',
	'[',
	']',
	'(',
	')',
	'=',
	',',
	'"',
	'#',
	'~',
	'|',
	'_',
	'A',
	'Z',
	'\\',
	'\r',
	'\n',
	'\x00',
	...Array.from({ length: 0x5e }, (_, i) => String.fromCharCode(0x21 + i)),
];
const suffixes = ['', '\x00', ' '];

type Single = AST.Character | AST.CharacterSet | AST.CharacterClass;
const isSingle = (node: AST.Node): node is Single =>
	node.type === 'Character' || node.type === 'CharacterSet' || node.type === 'CharacterClass';

/** Up to `count` distinct characters that a single-character node accepts. */
function acceptedChars(matcher: StepMatcher, node: Single, count: number): string[] {
	const out: string[] = [];
	for (const ch of alphabet) {
		if (out.length >= count) break;
		if (!out.includes(ch) && matcher.accepts(node, ch.charCodeAt(0))) out.push(ch);
	}
	return out;
}

/** A short string the node matches (its first alternative, each repetition at its minimum). */
function representative(matcher: StepMatcher, node: AST.Node): string {
	if (isSingle(node)) return acceptedChars(matcher, node, 1)[0] ?? '';
	switch (node.type) {
		case 'Pattern':
		case 'Group':
		case 'CapturingGroup':
			return representative(matcher, node.alternatives[0]!);
		case 'Alternative':
			return node.elements.map((e) => representative(matcher, e)).join('');
		case 'Quantifier':
			return representative(matcher, node.element).repeat(node.min);
		default:
			return '';
	}
}

/** What the pattern must match before `target`: the elements before it on its path from the root. */
function prefixOf(matcher: StepMatcher, root: AST.Pattern, target: AST.Node): string | undefined {
	const walk = (node: AST.Node): string | undefined => {
		if (node === target) return '';
		if (node.type === 'Alternative') {
			let before = '';
			for (const element of node.elements) {
				const inner = walk(element);
				if (inner !== undefined) return before + inner;
				before += representative(matcher, element);
			}
			return undefined;
		}
		for (const child of children(node)) {
			const inner = walk(child);
			if (inner !== undefined) return inner;
		}
		return undefined;
	};
	return walk(root);
}

/** Input families for one pattern: every repetition pumped, and single characters pumped alone. */
export function adversarialInputs(matcher: StepMatcher): InputFamily[] {
	const root = matcher.pattern;
	const families = new Map<string, InputFamily>();
	const add = (prefix: string, pump: string, suffix: string): void => {
		if (pump === '') return;
		const name =
			JSON.stringify(prefix) + ` + ${JSON.stringify(pump)} × n + ` + JSON.stringify(suffix);
		if (!families.has(name))
			families.set(name, { name, make: (n) => prefix + pump.repeat(n) + suffix });
	};
	const visit = (node: AST.Node): void => {
		if (node.type === 'Quantifier' && node.max >= 2) {
			const prefix = prefixOf(matcher, root, node) ?? '';
			const pumps = isSingle(node.element)
				? acceptedChars(matcher, node.element, 2)
				: [representative(matcher, node.element)];
			for (const pump of pumps) for (const suffix of suffixes) add(prefix, pump, suffix);
		}
		for (const child of children(node)) visit(child);
	};
	visit(root);
	for (const ch of [' ', 'a', '0', '.', '-', ':', '\t']) add('', ch, '\x00');
	return [...families.values()];
}
