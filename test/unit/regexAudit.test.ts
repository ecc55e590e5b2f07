// Every regular expression the product runs, checked for catastrophic backtracking: the server's
// (found in its TypeScript by the compiler's parser, so new ones are covered without a list) and
// the TextMate grammars' (translated from Oniguruma). Two independent checks:
// - recheck, a static ReDoS checker, must judge each one safe (a vulnerable one fails the test
//   with its place and recheck's attack string);
// - a step-counting backtracking matcher runs each one on adversarial inputs (recheck's attack
//   strings and pumped repetitions) at two sizes: the steps must grow linearly and stay under a
//   budget. Counting steps instead of measuring time keeps the test independent of the machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, type Diagnostics, type Parameters } from 'recheck';
import { adversarialInputs, type InputFamily } from './regexAudit/adversarial';
import {
	collectGrammars,
	collectTypeScript,
	onigurumaToJs,
	type FoundRegex,
} from './regexAudit/collect';
import { StepBudgetExceeded, StepMatcher } from './regexAudit/stepMatcher';

const root = join(__dirname, '..', '..');
const server = collectTypeScript(root, join(root, 'server', 'src'));
const grammars = collectGrammars(root, join(root, 'syntaxes'));
const all: FoundRegex[] = [...server.found, ...grammars.found];

/**
 * recheck as deterministic as it goes: a fixed seed, and its fuzzer bounded by step limits rather
 * than wall-clock timeouts (only the final check of an attack string keeps its default).
 */
const recheckParams: Parameters = {
	randomSeed: 20261124,
	timeout: null,
	attackTimeout: null,
	incubationTimeout: null,
	seedingTimeout: null,
};

let verdicts: Promise<Map<FoundRegex, Diagnostics>> | undefined;
/** recheck's verdict on every pattern, computed once for the tests below. */
const recheckAll = (): Promise<Map<FoundRegex, Diagnostics>> =>
	(verdicts ??= Promise.all(
		all.map(async (r) => [r, await check(r.source, r.flags, recheckParams)] as const),
	).then((pairs) => new Map(pairs)));

/** The attack string recheck found, as a function of the pump count. */
const attackFamily = (d: Diagnostics): InputFamily | undefined =>
	d.status === 'vulnerable'
		? {
				name: `recheck's attack ${d.attack.pattern}`,
				make: (n) =>
					d.attack.pumps.map((p) => p.prefix + p.pump.repeat(n)).join('') + d.attack.suffix,
			}
		: undefined;

const show = (r: FoundRegex): string => `${r.where}: /${r.source}/${r.flags}`;

// Sizes at which each input family is measured, and what the step counts may do between them.
const small = 50;
const large = 200; // 4x small: linear work grows about 4x, quadratic about 16x
const maxGrowth = 6;
const noiseFloor = 5_000; // below this many steps at the large size, growth is not judged
const budget = 2_000_000; // steps for one match attempt on the large input

interface BudgetFinding {
	readonly family: string;
	readonly problem: string;
}

/** Runs `regex` on every family at both sizes; returns what broke the budget or grew too fast. */
function stepAudit(regex: FoundRegex, extra: InputFamily[] = []): BudgetFinding[] {
	const matcher = new StepMatcher(regex.source, regex.flags);
	const native = new RegExp(regex.source, regex.flags);
	const findings: BudgetFinding[] = [];
	for (const family of [...extra, ...adversarialInputs(matcher)]) {
		const input = family.make(small);
		let smallSteps: number;
		let largeSteps: number;
		try {
			const result = matcher.exec(input, budget);
			smallSteps = result.steps;
			// The step matcher must agree with the engine it models.
			native.lastIndex = 0;
			const m = native.exec(input);
			assert.deepEqual(
				result.match,
				m ? { index: m.index, end: m.index + m[0].length } : null,
				`step matcher disagrees with RegExp on ${show(regex)} for ${family.name}`,
			);
			largeSteps = matcher.exec(family.make(large), budget).steps;
		} catch (error) {
			if (!(error instanceof StepBudgetExceeded)) throw error;
			findings.push({ family: family.name, problem: `more than ${budget} steps` });
			continue;
		}
		if (largeSteps > noiseFloor && largeSteps > maxGrowth * smallSteps)
			findings.push({
				family: family.name,
				problem: `${smallSteps} steps at n=${small}, ${largeSteps} at n=${large}`,
			});
	}
	return findings;
}

test('the collector finds regex literals and RegExp calls with literal sources', () => {
	const dir = mkdtempSync(join(tmpdir(), 'regex-audit-'));
	try {
		writeFileSync(
			join(dir, 'sample.ts'),
			[
				"const a = /^x+$/i.test('x');",
				"const b = new RegExp('(a|b)*c', 'g');",
				'const c = RegExp(`\\\\d+`);',
				"const d = new RegExp(a ? 'x' : 'y');",
				"const e = 'not /a regex/';",
			].join('\n'),
		);
		const { found, unauditable } = collectTypeScript(dir, dir);
		assert.deepEqual(
			found.map((r) => [r.where, r.source, r.flags]),
			[
				['sample.ts:1', '^x+$', 'i'],
				['sample.ts:2', '(a|b)*c', 'g'],
				['sample.ts:3', '\\d+', ''],
			],
		);
		assert.deepEqual(
			unauditable.map((u) => u.where),
			['sample.ts:4'],
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('Oniguruma patterns are translated where JavaScript has an equivalent, refused otherwise', () => {
	assert.deepEqual(onigurumaToJs('\\G(a+) .$'), { source: '^(a+) [^\\n](?=\\n|$)' });
	assert.deepEqual(onigurumaToJs('[\\h.]+\\$'), { source: '[0-9A-Fa-f.]+\\$' });
	assert.deepEqual(onigurumaToJs('[]a]'), { source: '[\\]a]' });
	assert.deepEqual(onigurumaToJs('(?<=\\] )x'), { source: '(?<=\\] )x' });
	assert.deepEqual(onigurumaToJs('(a)(?>b+|(c))d'), { source: '(a)(?=(b+|(c)))\\2d' });
	for (const unsupported of ['(?>a)\\1', 'a*+b', '(?i)abc', '[[:alpha:]]', '\\p{Alpha}', '\\x{41}'])
		assert.ok('reason' in onigurumaToJs(unsupported), unsupported);
});

test('every regex in server/src has a literal source and is found', (t) => {
	assert.deepEqual(server.unauditable, [], 'regexes that cannot be audited');
	assert.ok(server.found.length >= 50, `only ${server.found.length} regexes found in server/src`);
	t.diagnostic(`server/src: ${server.found.length} regexes`);
	t.diagnostic(
		`syntaxes: ${grammars.found.length} patterns audited, ${grammars.unauditable.length} skipped ` +
			`(Oniguruma-only constructs)`,
	);
	for (const u of grammars.unauditable) t.diagnostic(`skipped ${u.where}: ${u.reason}`);
	assert.ok(grammars.found.length >= 20, `only ${grammars.found.length} grammar patterns found`);
});

test('recheck judges known catastrophic patterns vulnerable', async () => {
	for (const [source, complexity] of [
		['^(a|a)*$', 'exponential'],
		['^(\\d+)\\.?(\\d*)$', 'polynomial'],
	] as const) {
		const d = await check(source, '', recheckParams);
		assert.equal(d.status, 'vulnerable', source);
		assert.equal(d.status === 'vulnerable' && d.complexity.type, complexity, source);
	}
});

test('recheck judges every regex of the server and the grammars safe', async (t) => {
	const results = await recheckAll();
	const failures: string[] = [];
	let unsupported = 0;
	for (const [regex, d] of results) {
		if (d.status === 'vulnerable')
			failures.push(
				`${show(regex)} is ${d.complexity.summary}; attack string: ${d.attack.pattern}`,
			);
		else if (d.status === 'unknown') {
			if (d.error.kind === 'unsupported') {
				unsupported++;
				t.diagnostic(`recheck cannot analyse ${show(regex)}: ${d.error.message}`);
			} else failures.push(`${show(regex)}: recheck gave no verdict (${JSON.stringify(d.error)})`);
		}
	}
	t.diagnostic(
		`recheck: ${results.size - unsupported - failures.length} safe, ${unsupported} unsupported`,
	);
	assert.deepEqual(failures, []);
});

test('the step budget catches quadratic and exponential backtracking', () => {
	const quadratic = stepAudit({ where: 'sample', source: '^(\\d+)\\.?(\\d*)$', flags: '' });
	assert.ok(quadratic.length > 0, 'quadratic pattern not caught');
	const exponential = stepAudit({ where: 'sample', source: '^(a+)+$', flags: '' });
	assert.ok(
		exponential.some((f) => f.problem.startsWith('more than')),
		'exponential pattern not caught',
	);
	assert.deepEqual(stepAudit({ where: 'sample', source: '^a+b$', flags: '' }), []);
});

test('every regex stays within its step budget on adversarial inputs', async () => {
	const results = await recheckAll();
	const failures: string[] = [];
	for (const regex of all) {
		const d = results.get(regex);
		const attack = d && attackFamily(d);
		for (const f of stepAudit(regex, attack ? [attack] : []))
			failures.push(`${show(regex)} on ${f.family}: ${f.problem}`);
	}
	assert.deepEqual(failures, []);
});
