// The wrapper around every feature's request handler (server/src/guard.ts): a feature that throws
// is logged and answered with its empty result; a cancelled request gets RequestCancelled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import {
	checkpoint,
	guardFeature,
	parseFaultInjection,
	requestCancelled,
} from '../../server/src/guard';

const live = () => new CancellationTokenSource().token;
const logger = () => {
	const errors: string[] = [];
	return { errors, log: { error: (message: string) => errors.push(message) } };
};

test('a feature that throws is logged with its stack and answered with its empty result', async () => {
	const { errors, log } = logger();
	const hover = guardFeature<{ n: number }, string | null>('hover', null, log, (p) => {
		if (p.n === 1) throw new TypeError('cannot read the trace');
		return `ok ${p.n}`;
	});
	assert.equal(await hover({ n: 1 }, live()), null);
	assert.equal(errors.length, 1);
	assert.match(errors[0]!, /^hover failed: TypeError: cannot read the trace/);
	assert.match(errors[0]!, /guard\.test\.ts/, 'the stack is logged');
	// The next request is served as usual.
	assert.equal(await hover({ n: 2 }, live()), 'ok 2');
	assert.equal(errors.length, 1);
});

test('an async feature that rejects, or throws a non-Error, is contained too', async () => {
	const { errors, log } = logger();
	const refs = guardFeature<null, number[]>('references', [], log, async () => {
		await Promise.resolve();
		throw new RangeError('too deep');
	});
	assert.deepEqual(await refs(null, live()), []);
	const odd = guardFeature<null, number[]>('codeLens', [], log, () => {
		throw 'a string';
	});
	assert.deepEqual(await odd(null, live()), []);
	assert.deepEqual(
		errors.map((e) => e.split('\n')[0]),
		['references failed: RangeError: too deep', 'codeLens failed: a string'],
	);
});

test('a request cancelled before it runs is answered with RequestCancelled, without running', async () => {
	const { errors, log } = logger();
	let ran = false;
	const symbols = guardFeature<null, string[]>('documentSymbol', [], log, () => {
		ran = true;
		return ['x'];
	});
	const source = new CancellationTokenSource();
	source.cancel();
	const result = await symbols(null, source.token);
	assert.ok(result instanceof ResponseError);
	assert.equal(result.code, LSPErrorCodes.RequestCancelled);
	assert.equal(result.code, -32800);
	assert.equal(ran, false);
	assert.deepEqual(errors, [], 'a cancel is not a failure');
});

test('a cancel seen at a checkpoint stops the feature with RequestCancelled', async () => {
	const { errors, log } = logger();
	const source = new CancellationTokenSource();
	let reachedEnd = false;
	const ladder = guardFeature<null, string | null>('ladder', null, log, async (_p, token) => {
		setImmediate(() => source.cancel()); // the cancel arrives while the feature works
		await checkpoint(token);
		reachedEnd = true;
		return 'model';
	});
	const result = await ladder(null, source.token);
	assert.ok(result instanceof ResponseError && result.code === LSPErrorCodes.RequestCancelled);
	assert.equal(reachedEnd, false);
	assert.deepEqual(errors, []);
	// Without a cancel, a checkpoint lets the work go on.
	await checkpoint(live());
	assert.equal(requestCancelled().code, -32800);
});

test('fault injection makes only the named features throw, through the same path', async () => {
	const faults = parseFaultInjection(' hover, ladder ,,');
	assert.deepEqual([...faults], ['hover', 'ladder']);
	assert.deepEqual([...parseFaultInjection(undefined)], []);
	const { errors, log } = logger();
	const hover = guardFeature('hover', null, log, () => 'hover text', faults);
	const definition = guardFeature('definition', null, log, () => 'location', faults);
	assert.equal(await hover({}, live()), null);
	assert.equal(await definition({}, live()), 'location');
	assert.equal(errors.length, 1);
	assert.match(errors[0]!, /^hover failed: Error: fault injected into hover/);
});
