// The diagram model of a large trace is made while the editor is idle, in steps the server can
// answer a hover between: no step may walk more than a few hundred messages, subscriptions or
// dialogs at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { idleStepMessages } from '../../server/src/core/steps';
import { buildLadder, ladderSteps } from '../../server/src/features/ladder';
import { generateTraffic, toHeaderLineText } from '../bench/generate';

test('the diagram model is made in steps of at most a few hundred messages, subscriptions and dialogs', () => {
	const analysis = analyzeTrace(toHeaderLineText(generateTraffic(8000, 3)));
	const subscriptions = analysis.index.subscriptions.length;
	const whole = buildLadder(analysis, 'file:///a', 1, 'network', () => 0);
	const dialogs = whole.arrows.reduce((ids, a) => ids.add(a.callId), new Set<string | null>()).size;
	assert.ok(
		subscriptions + dialogs >= 2 * idleStepMessages,
		'the trace has many subscriptions and dialogs',
	);

	const steps = ladderSteps(
		analyzeTrace(toHeaderLineText(generateTraffic(8000, 3))),
		'file:///b',
		1,
		'network',
		() => 0,
	);
	let yields = 0;
	let last = steps.next();
	for (; !last.done; last = steps.next()) yields++;
	const units = analysis.messages.length + subscriptions + dialogs;
	assert.ok(
		yields >= Math.floor(units / idleStepMessages),
		`${yields} steps for ${units} messages, subscriptions and dialogs`,
	);
	assert.equal(
		last.value.arrows.length,
		whole.arrows.length,
		'made in steps, the model is the same',
	);
});
