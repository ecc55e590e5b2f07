// Inputs built to make the core backtrack or go quadratic, in every format the framer knows: each
// must be analysed, and nothing may be lost. They run in a child process with a deadline
// (`deadline/`), so a catastrophic pattern fails its test instead of hanging the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { traceFormats } from '../../server/src/core/model';
import { withinDeadline } from './deadline/withinDeadline';

for (const format of traceFormats)
	test(`${format}: megabyte lines that invite backtracking are analysed`, () => {
		assert.equal(withinDeadline('backtracking', format, 120_000), null);
	});

test('a message of 100,000 header lines is read in linear time, every line a header', () => {
	assert.equal(withinDeadline('manyHeaderLines', undefined, 60_000), null);
});

test('a message of 300,000 Vias is highlighted in linear time, each branch in its header', () => {
	assert.equal(withinDeadline('manyViasHighlighted', undefined, 60_000), null);
});

test('80,000 messages whose tags are written `;TAG=` are highlighted in linear time', () => {
	assert.equal(withinDeadline('tagsWrittenOtherwiseHighlighted', undefined, 60_000), null);
});

test('four edits each read from the same analysis of 60,000 dialogs take linear time', () => {
	assert.equal(withinDeadline('editsFromOneAnalysis', undefined, 60_000), null);
});
