// The trace's table of header offsets is trimmed to its rows once a trace is parsed; a
// reanalysis may add rows to a trimmed table, and every row must read back as it was written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeaderTable } from '../../server/src/core/parser/headerTable';

const rowOf = (t: HeaderTable, row: number) => [
	t.nameStart(row),
	t.nameEnd(row),
	t.valueStart(row),
	t.valueEnd(row),
	t.key(row),
	t.compact(row),
];

test('rows read back the same after trimming, and rows added later too', () => {
	const table = new HeaderTable();
	const n = 5000; // more rows than the first allocation holds
	for (let i = 0; i < n; i++) table.add(i, i + 4, i + 6, i + 9, i % 3 ? 'via' : 'to', i % 2 === 0);
	table.trim();
	assert.equal(table.count, n);
	for (let i = 0; i < n; i += 499)
		assert.deepEqual(rowOf(table, i), [i, i + 4, i + 6, i + 9, i % 3 ? 'via' : 'to', i % 2 === 0]);
	assert.equal(table.add(1, 2, 3, 4, 'call-id', false), n);
	assert.deepEqual(rowOf(table, n), [1, 2, 3, 4, 'call-id', false]);
	assert.deepEqual(rowOf(table, n - 1), [n - 1, n + 3, n + 5, n + 8, 'via', false]);
});

test('an empty table trimmed to nothing still takes rows', () => {
	const table = new HeaderTable();
	table.trim();
	assert.equal(table.add(10, 14, 16, 20, 'from', true), 0);
	assert.deepEqual(rowOf(table, 0), [10, 14, 16, 20, 'from', true]);
});
