// The quick fuzz run inside `npm test` (100,000 inputs), and the replay of every input that ever
// failed (test/fixtures/fuzz-regressions/). `npm run fuzz` runs longer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { anyInput, seedTexts } from '../fuzz/arbitraries';
import { violation } from '../fuzz/invariants';

test('100,000 generated and mutated traces are analysed without exception or lost text', () => {
	fc.assert(
		fc.property(anyInput(seedTexts()), (text) => {
			const problem = violation(text);
			if (problem) throw new Error(problem);
		}),
		{ numRuns: 100_000, seed: 20261124 },
	);
});

test('every saved fuzz regression stays fixed', () => {
	const dir = join(__dirname, '..', 'fixtures', 'fuzz-regressions');
	for (const name of readdirSync(dir).filter((n) => n.endsWith('.txt'))) {
		assert.equal(violation(readFileSync(join(dir, name), 'latin1')), null, name);
	}
});
