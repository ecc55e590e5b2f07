// The index keeps links few messages have (re-sent copies, authentication retries, refreshed
// publications) as sorted pairs: every question gets the answer the array of every message gives.
// Lint finds a body the same as the one before it without hashing it: never another body's result.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { compactLinks } from '../../server/src/core/correlate/links';
import { BodyChecks } from '../../server/src/core/lint/lintTrace';
import type { CheckedBody } from '../../server/src/core/lint/rules/bodies';

/** Every message's link as the plain array answers it, and as the compact form answers it. */
function sameAnswers(dense: Int32Array): void {
	const links = compactLinks(dense);
	const asked = [-1, -0.5, 0.5, dense.length, dense.length + 7, Number.NaN, Infinity];
	for (let i = 0; i < dense.length; i++) asked.push(i);
	for (const i of asked) assert.equal(links.get(i), dense[i] ?? -1, `message ${i}`);
}

test('links few messages have answer as the array of every message does', () => {
	const count = 1000;
	const sparse = new Int32Array(count).fill(-1);
	for (const [from, to] of [
		[0, 5],
		[17, 3],
		[500, 0],
		[998, 999],
		[999, 1],
	])
		sparse[from] = to;
	sameAnswers(sparse);
	sameAnswers(new Int32Array(count).fill(-1));
	sameAnswers(new Int32Array(0));
});

test('links most messages have answer as the array of every message does', () => {
	const dense = new Int32Array(40).map((_, i) => (i % 3 === 0 ? -1 : i - 1));
	sameAnswers(dense);
});

const checked = (problem: string): CheckedBody => ({
	problems: [problem],
	summary: null,
	dialogs: null,
});

test('a body checked before is found again, whichever was checked last', () => {
	const bodies = new BodyChecks();
	const a = checked('a');
	const b = checked('b');
	bodies.set('application/pidf+xml', '<presence>a</presence>', a);
	bodies.set('application/pidf+xml', '<presence>b</presence>', b);
	assert.equal(bodies.get('application/pidf+xml', '<presence>a</presence>'), a);
	assert.equal(bodies.get('application/pidf+xml', '<presence>a</presence>'), a);
	assert.equal(bodies.get('application/pidf+xml', '<presence>b</presence>'), b);
	// The same text under another type is another body.
	assert.equal(bodies.get('application/xpidf+xml', '<presence>b</presence>'), undefined);
	assert.equal(bodies.get('application/pidf+xml', '<presence>c</presence>'), undefined);
	assert.equal(bodies.get('application/pidf+xml', '<presence>b</presence>'), b);
});

test('a body the previous version checked is found after another one, and a new result replaces the last', () => {
	const previous = new BodyChecks();
	const a = checked('a');
	previous.set('application/pidf+xml', 'A', a);
	const bodies = new BodyChecks(previous);
	const b = checked('b');
	bodies.set('application/pidf+xml', 'B', b);
	assert.equal(bodies.get('application/pidf+xml', 'A'), a);
	assert.equal(bodies.get('application/pidf+xml', 'B'), b);
	bodies.forgetPrevious();
	assert.equal(bodies.get('application/pidf+xml', 'A'), a, 'carried over when found');
	const b2 = checked('b2');
	bodies.set('application/pidf+xml', 'B', b2);
	assert.equal(bodies.get('application/pidf+xml', 'B'), b2);
});
