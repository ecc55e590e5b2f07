// The trace's table of header offsets is trimmed to its rows once a trace is parsed; a
// reanalysis may add rows to a trimmed table, and every row must read back as it was written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
	callIdField,
	contentLengthField,
	cseqField,
	HeaderTable,
	subscriptionStateField,
	viaField,
} from '../../server/src/core/parser/headerTable';
import { nameCodeOf } from '../../server/src/core/parser/headerNames';

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

test('headers too long or too many kinds to pack read back as written, folded ones too', () => {
	const table = new HeaderTable();
	const rows: [number, number, number, number, string, boolean][] = [
		[0, 4, 6, 9000, 'identity', false], // a value longer than 4095
		[9002, 9200, 9202, 9210, 'x-long-name', false], // a name longer than 127
		[9212, 9216, 9240, 9250, 'via', true], // spaces between the colon and the value
		[9252, 9256, 9256, 9256, 'to', false], // an empty value
	];
	for (let k = 0; k < 300; k++)
		rows.push([
			10000 + 20 * k,
			10005 + 20 * k,
			10007 + 20 * k,
			10015 + 20 * k,
			`x-${k}`,
			k % 2 === 1,
		]);
	for (const r of rows) table.add(...r);
	table.trim();
	rows.forEach((r, i) => assert.deepEqual(rowOf(table, i), r));
	// Folding extends a value: one that packed and one that did not.
	table.extendValue(2, 9240, 9400);
	table.extendValue(0, 6, 9100);
	table.extendValue(3, 9300, 9310);
	assert.deepEqual(rowOf(table, 2), [9212, 9216, 9240, 9400, 'via', true]);
	assert.deepEqual(rowOf(table, 0), [0, 4, 6, 9100, 'identity', false]);
	assert.deepEqual(rowOf(table, 3), [9252, 9256, 9300, 9310, 'to', false]);
	assert.deepEqual(rowOf(table, 303), rows[303]);
});

test('rows give the message field their header is read into, 0 for the others', () => {
	const table = new HeaderTable();
	const keys = [
		'via',
		'max-forwards',
		'call-id',
		'x-custom',
		'content-length',
		'subscription-state',
	];
	// Via with its name's code (`HeaderName.code`, 0), the others by key alone.
	keys.forEach((key, i) =>
		table.add(10 * i, 10 * i + 3, 10 * i + 5, 10 * i + 8, key, false, i === 0 ? 0 : -1),
	);
	table.add(100, 103, 105, 108, 'cseq', false);
	assert.deepEqual(
		Array.from({ length: table.count }, (_, row) => table.field(row)),
		[viaField, 0, callIdField, 0, contentLengthField, subscriptionStateField, cseqField],
	);
});

test("a row's name code is its name's, whether the key came with one or not", () => {
	const table = new HeaderTable();
	const from = nameCodeOf('from');
	assert.ok(from >= 0);
	table.add(0, 1, 3, 9, 'from', true, from);
	table.add(10, 14, 16, 20, 'from', false);
	table.add(20, 25, 27, 30, 'x-foo', false);
	table.add(30, 34, 36, 40, 'date', false);
	table.trim();
	assert.deepEqual(
		[0, 1, 2, 3].map((row) => table.code(row)),
		[from, from, -1, nameCodeOf('date')],
	);
	assert.equal(nameCodeOf('x-foo'), -1);
});
