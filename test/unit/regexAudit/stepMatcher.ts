// A backtracking matcher for JavaScript regular expressions that counts its steps, so a test can
// hold a pattern to a step budget instead of a wall-clock limit. It explores alternatives in the
// same order as a backtracking engine (V8's Irregexp, Oniguruma), so a pattern that backtracks
// catastrophically there does so here, and the count does not depend on the machine's speed.
// Works on UTF-16 code units; Unicode property escapes and the `v` flag are not supported.
import { RegExpParser, type AST } from '@eslint-community/regexpp';

export class StepBudgetExceeded extends Error {
	constructor(readonly steps: number) {
		super(`more than ${steps} steps`);
	}
}

export interface StepResult {
	/** The match as `exec` would find it, or null. */
	readonly match: { readonly index: number; readonly end: number } | null;
	readonly steps: number;
}

type Cont = (pos: number) => boolean;
type Dir = 1 | -1;

const isLineTerminator = (c: number): boolean =>
	c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isWord = (c: number): boolean =>
	isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
const isSpace = (c: number): boolean =>
	(c >= 0x09 && c <= 0x0d) ||
	c === 0x20 ||
	c === 0xa0 ||
	c === 0x1680 ||
	(c >= 0x2000 && c <= 0x200a) ||
	c === 0x2028 ||
	c === 0x2029 ||
	c === 0x202f ||
	c === 0x205f ||
	c === 0x3000 ||
	c === 0xfeff;

type CharTest = (c: number) => boolean;

export class StepMatcher {
	readonly #pattern: AST.Pattern;
	readonly #ignoreCase: boolean;
	readonly #multiline: boolean;
	readonly #dotAll: boolean;
	readonly #sticky: boolean;
	readonly #tests = new Map<AST.Node, CharTest>();
	readonly #groupIndex = new Map<AST.CapturingGroup, number>();
	#input = '';
	#steps = 0;
	#limit = Infinity;
	#captures: (number | undefined)[] = [];

	constructor(
		readonly source: string,
		readonly flags: string,
	) {
		const parser = new RegExpParser({ ecmaVersion: 2025 });
		const parsedFlags = parser.parseFlags(flags);
		if (parsedFlags.unicodeSets) throw new Error('the v flag is not supported');
		this.#pattern = parser.parsePattern(source, 0, source.length, {
			unicode: parsedFlags.unicode,
		});
		this.#ignoreCase = parsedFlags.ignoreCase;
		this.#multiline = parsedFlags.multiline;
		this.#dotAll = parsedFlags.dotAll;
		this.#sticky = parsedFlags.sticky;
		const visit = (node: AST.Node): void => {
			if (node.type === 'CapturingGroup') this.#groupIndex.set(node, this.#groupIndex.size + 1);
			for (const child of children(node)) visit(child);
		};
		visit(this.#pattern);
	}

	/** Like `exec` from index 0, counting steps; throws {@link StepBudgetExceeded} past `limit`. */
	exec(input: string, limit = Infinity): StepResult {
		this.#input = input;
		this.#steps = 0;
		this.#limit = limit;
		const last = this.#sticky ? 0 : input.length;
		for (let start = 0; start <= last; start++) {
			this.#captures = [];
			let end = -1;
			if (this.#alternatives(this.#pattern.alternatives, start, 1, (p) => ((end = p), true)))
				return { match: { index: start, end }, steps: this.#steps };
		}
		return { match: null, steps: this.#steps };
	}

	#step(): void {
		if (++this.#steps > this.#limit) throw new StepBudgetExceeded(this.#limit);
	}

	#alternatives(alts: readonly AST.Alternative[], pos: number, dir: Dir, k: Cont): boolean {
		for (const alt of alts) {
			this.#step();
			if (this.#sequence(alt.elements, dir === 1 ? 0 : alt.elements.length - 1, pos, dir, k))
				return true;
		}
		return false;
	}

	#sequence(elements: readonly AST.Element[], i: number, pos: number, dir: Dir, k: Cont): boolean {
		if (i < 0 || i >= elements.length) return k(pos);
		return this.#element(elements[i]!, pos, dir, (p) =>
			this.#sequence(elements, i + dir, p, dir, k),
		);
	}

	#charAt(pos: number, dir: Dir): number {
		const at = dir === 1 ? pos : pos - 1;
		return at >= 0 && at < this.#input.length ? this.#input.charCodeAt(at) : -1;
	}

	#element(node: AST.Element, pos: number, dir: Dir, k: Cont): boolean {
		this.#step();
		switch (node.type) {
			case 'Character':
			case 'CharacterSet':
			case 'CharacterClass': {
				const c = this.#charAt(pos, dir);
				return c >= 0 && this.#test(node)(c) && k(pos + dir);
			}
			case 'Group':
				return this.#alternatives(node.alternatives, pos, dir, k);
			case 'CapturingGroup': {
				const n = this.#captureIndex(node);
				return this.#alternatives(node.alternatives, pos, dir, (p) => {
					const saved = [this.#captures[2 * n], this.#captures[2 * n + 1]];
					this.#captures[2 * n] = dir === 1 ? pos : p;
					this.#captures[2 * n + 1] = dir === 1 ? p : pos;
					if (k(p)) return true;
					[this.#captures[2 * n], this.#captures[2 * n + 1]] = saved;
					return false;
				});
			}
			case 'Quantifier':
				return this.#quantifier(node, pos, dir, k);
			case 'Assertion':
				return this.#assertion(node, pos, k);
			case 'Backreference': {
				const refs = Array.isArray(node.resolved) ? node.resolved : [node.resolved];
				for (const ref of refs) {
					const n = this.#captureIndex(ref);
					const s = this.#captures[2 * n];
					const e = this.#captures[2 * n + 1];
					if (s === undefined || e === undefined) continue;
					const text = this.#input.slice(s, e);
					const from = dir === 1 ? pos : pos - text.length;
					if (from < 0 || !this.#same(this.#input.slice(from, from + text.length), text))
						return false;
					return k(dir === 1 ? pos + text.length : pos - text.length);
				}
				return k(pos);
			}
			default:
				throw new Error(`unsupported node ${node.type}`);
		}
	}

	#same(a: string, b: string): boolean {
		return (
			a.length === b.length && (this.#ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b)
		);
	}

	#captureIndex(group: AST.CapturingGroup): number {
		return this.#groupIndex.get(group) ?? 0;
	}

	#quantifier(node: AST.Quantifier, pos: number, dir: Dir, k: Cont): boolean {
		const { min, max, greedy, element } = node;
		if (
			element.type === 'Character' ||
			element.type === 'CharacterSet' ||
			element.type === 'CharacterClass'
		) {
			// One character per iteration: scan, then try the continuation at each count.
			const test = this.#test(element);
			if (greedy) {
				let count = 0;
				while (count < max) {
					this.#step();
					const c = this.#charAt(pos + count * dir, dir);
					if (c < 0 || !test(c)) break;
					count++;
				}
				for (; count >= min; count--) {
					this.#step();
					if (k(pos + count * dir)) return true;
				}
				return false;
			}
			for (let count = 0; ; count++) {
				if (count >= min) {
					this.#step();
					if (k(pos + count * dir)) return true;
				}
				if (count >= max) return false;
				this.#step();
				const c = this.#charAt(pos + count * dir, dir);
				if (c < 0 || !test(c)) return false;
			}
		}
		const iterate = (count: number, at: number): boolean => {
			this.#step();
			const more = (): boolean =>
				count < max &&
				this.#element(element, at, dir, (p) =>
					// An iteration that matches nothing ends the loop (ECMAScript's rule).
					p === at && count >= min ? false : iterate(count + 1, p),
				);
			if (count < min) return more();
			return greedy ? more() || k(at) : k(at) || more();
		};
		return iterate(0, pos);
	}

	#assertion(node: AST.Assertion, pos: number, k: Cont): boolean {
		const input = this.#input;
		switch (node.kind) {
			case 'start':
				return (
					(pos === 0 || (this.#multiline && isLineTerminator(input.charCodeAt(pos - 1)))) && k(pos)
				);
			case 'end':
				return (
					(pos === input.length || (this.#multiline && isLineTerminator(input.charCodeAt(pos)))) &&
					k(pos)
				);
			case 'word': {
				const before = pos > 0 && isWord(input.charCodeAt(pos - 1));
				const after = pos < input.length && isWord(input.charCodeAt(pos));
				return (before !== after) !== node.negate && k(pos);
			}
			case 'lookahead':
			case 'lookbehind': {
				const dir: Dir = node.kind === 'lookahead' ? 1 : -1;
				const saved = [...this.#captures];
				const matched = this.#alternatives(node.alternatives, pos, dir, () => true);
				if (node.negate) this.#captures = saved;
				if (matched === node.negate) {
					this.#captures = saved;
					return false;
				}
				if (k(pos)) return true;
				this.#captures = saved;
				return false;
			}
		}
	}

	#test(node: AST.Character | AST.CharacterSet | AST.CharacterClass): CharTest {
		let test = this.#tests.get(node);
		if (!test) {
			const exact = this.#exactTest(node);
			test = this.#ignoreCase
				? (c) => {
						if (exact(c)) return true;
						const s = String.fromCharCode(c);
						const lower = s.toLowerCase();
						const upper = s.toUpperCase();
						return (
							(lower.length === 1 && exact(lower.charCodeAt(0))) ||
							(upper.length === 1 && exact(upper.charCodeAt(0)))
						);
					}
				: exact;
			this.#tests.set(node, test);
		}
		return test;
	}

	#exactTest(
		node: AST.Character | AST.CharacterSet | AST.CharacterClass | AST.CharacterClassRange,
	): CharTest {
		switch (node.type) {
			case 'Character':
				return (c) => c === node.value;
			case 'CharacterClassRange':
				return (c) => c >= node.min.value && c <= node.max.value;
			case 'CharacterSet': {
				let test: CharTest;
				switch (node.kind) {
					case 'any':
						return this.#dotAll ? () => true : (c) => !isLineTerminator(c);
					case 'digit':
						test = isDigit;
						break;
					case 'space':
						test = isSpace;
						break;
					case 'word':
						test = isWord;
						break;
					default:
						throw new Error('Unicode property escapes are not supported');
				}
				return node.negate ? (c) => !test(c) : test;
			}
			case 'CharacterClass': {
				const parts = node.elements.map((e) => {
					if (
						e.type === 'Character' ||
						e.type === 'CharacterClassRange' ||
						e.type === 'CharacterSet'
					)
						return this.#exactTest(e);
					throw new Error(`unsupported class element ${e.type}`);
				});
				const any: CharTest = (c) => parts.some((p) => p(c));
				return node.negate ? (c) => !any(c) : any;
			}
		}
	}

	/** Whether the character class or set `node` accepts `c` (with this pattern's flags). */
	accepts(node: AST.Character | AST.CharacterSet | AST.CharacterClass, c: number): boolean {
		return this.#test(node)(c);
	}

	get pattern(): AST.Pattern {
		return this.#pattern;
	}
}

/** The child nodes of a regexpp AST node, in source order. */
export function children(node: AST.Node): AST.Node[] {
	switch (node.type) {
		case 'Pattern':
		case 'Group':
		case 'CapturingGroup':
			return node.alternatives;
		case 'Assertion':
			return node.kind === 'lookahead' || node.kind === 'lookbehind' ? node.alternatives : [];
		case 'Alternative':
			return node.elements;
		case 'Quantifier':
			return [node.element];
		default:
			return [];
	}
}
