// A header line's name is read once: where it ends, and which of the names nearly every trace
// carries it is (any case, compact forms), or none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
	canonicalNameAt,
	commonHeaderNames,
	headerNameAt,
	knownNameAt,
	nameFound,
} from '../../server/src/core/parser/headerNames';

const scan = (line: string): [number, string | undefined, boolean | undefined] => {
	const end = headerNameAt(line, 0, line.length);
	return [end, nameFound.known?.key, nameFound.known?.compact];
};

test('header lines give their name end and, when common, their canonical name', () => {
	assert.deepEqual(scan('Call-ID: a@b'), [7, 'call-id', false]);
	assert.deepEqual(scan('CALL-ID:a@b'), [7, 'call-id', false]);
	assert.deepEqual(scan('i: a@b'), [1, 'call-id', true]);
	assert.deepEqual(scan('V: SIP/2.0/UDP h'), [1, 'via', true]);
	assert.deepEqual(scan('Content-Length \t: 0'), [14, 'content-length', false]);
	assert.deepEqual(scan('Subscription-State: active'), [18, 'subscription-state', false]);
	// Not common: the end, no name.
	assert.deepEqual(scan('X-Custom: 1'), [8, undefined, undefined]);
	assert.deepEqual(scan('q: 1'), [1, undefined, undefined]);
	// A prefix or an extension of a common name is not it.
	assert.deepEqual(scan('Via-X: 1'), [5, undefined, undefined]);
	assert.deepEqual(scan('Vi: 1'), [2, undefined, undefined]);
});

test('lines that are not header lines give -1 and no name', () => {
	for (const line of ['', ': value', 'Via SIP/2.0/UDP h', 'Via', 'v=0', '<To>: x'])
		assert.deepEqual(scan(line), [-1, undefined, undefined], line);
	// A name found before is not left over for a line that has none.
	assert.deepEqual(scan('From: x'), [4, 'from', false]);
	assert.deepEqual(scan('From x'), [-1, undefined, undefined]);
});

test('every common name is found by the one-pass scan as by the name lookups', () => {
	for (const name of commonHeaderNames) {
		const upper = name.toUpperCase();
		assert.deepEqual(scan(`${upper}: 1`), [name.length, name, false], name);
		assert.equal(knownNameAt(upper, 0, upper.length), canonicalNameAt(upper, 0, upper.length));
		assert.equal(knownNameAt(upper, 0, upper.length)?.key, name);
	}
});
