// The quick fuzz run inside `npm test` (100,000 inputs), and the replay of every input that ever
// failed (test/fixtures/fuzz-regressions/). `npm run fuzz` runs longer. Then capture files mutated
// the same way, octet by octet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { anyInput, seedTexts } from '../fuzz/arbitraries';
import { violation } from '../fuzz/invariants';
import { readCapture, renderCapture } from '../../server/src/core/capture';

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

test('captures with octets changed, cut, repeated or spliced are read without exception, in bounded time', () => {
	const real = join(__dirname, '..', 'fixtures', 'real');
	const seeds = [
		'challenged-call.pcapng',
		'tcp-story.pcap',
		'tcp-ipv6.pcap',
		'hep-story.pcapng',
		'ws-story.pcapng',
	].map((name) => new Uint8Array(readFileSync(join(real, name))));
	const mutated = fc
		.tuple(
			fc.constantFrom(...seeds),
			fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 40 }),
			fc.nat(),
			fc.nat(),
		)
		.map(([seed, changes, cut, repeat]) => {
			const b = seed.slice(0, seed.length - (cut % 64 === 0 ? cut % seed.length : 0));
			for (const [at, value] of changes) if (b.length) b[at % b.length] = value;
			if (repeat % 5 !== 0 || b.length < 2) return b;
			// A stretch of the file written twice: blocks and records out of step with their lengths.
			const from = repeat % b.length;
			const out = new Uint8Array(b.length + (b.length - from));
			out.set(b);
			out.set(b.subarray(from), b.length);
			return out;
		});
	fc.assert(
		fc.property(mutated, (bytes) => {
			const start = performance.now();
			const capture = readCapture(bytes);
			renderCapture(capture.messages);
			if (performance.now() - start > 2000) throw new Error('too slow');
			for (const m of capture.messages) if (typeof m.text !== 'string') throw new Error('no text');
		}),
		{ numRuns: 1500, seed: 20261124 },
	);
});
