// `npm run fuzz [-- --runs=N --seed=S]`: the long fuzz run (default 1,000,000 inputs). A failing
// input is shrunk by fast-check and saved under test/fixtures/fuzz-regressions/, which the unit
// tests replay forever after.
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { anyInput, seedTexts } from './arbitraries';
import { violation } from './invariants';

const args = process.argv.slice(2);
const numRuns = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 1_000_000);
const seed = Number(args.find((a) => a.startsWith('--seed='))?.slice(7) ?? Date.now() % 2 ** 31);
const seeds = seedTexts();
console.log(`fuzzing ${numRuns} inputs from ${seeds.length} seed traces, seed ${seed}`);
const started = performance.now();
const result = fc.check(
	fc.property(anyInput(seeds), (text) => violation(text) === null),
	{ numRuns, seed, endOnFailure: false },
);
const seconds = (performance.now() - started) / 1000;
if (result.failed && result.counterexample) {
	const [text] = result.counterexample;
	const file = join(__dirname, '..', 'fixtures', 'fuzz-regressions', `seed-${seed}.txt`);
	writeFileSync(file, text, 'latin1');
	console.error(`FAILED after ${result.numRuns} inputs: ${violation(text)}\nsaved to ${file}`);
	process.exit(1);
}
console.log(
	`${result.numRuns} inputs, no failure, ${seconds.toFixed(0)} s (${(result.numRuns / seconds).toFixed(0)} inputs/s)`,
);
