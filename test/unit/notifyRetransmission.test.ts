// A NOTIFY sent again (its watcher answered late, RFC 3261 §17.1.2): the same request, branch
// and body. It carries what its first sending carried: the same PUBLISH, while the PUBLISH's
// fan-out counts the first alone. Made from the real presence story (test/fixtures/real).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const story = readFileSync(join(__dirname, '..', 'fixtures', 'real', 'presence-story.sip'), 'utf8');

void test('a retransmitted NOTIFY carries the PUBLISH its first sending carried; the fan-out counts it once', () => {
	const a = analyzeTrace(story);
	const first = a.messages.find(
		(m) => m.method === 'NOTIFY' && a.index.publishOf(m.index) !== null,
	)!;
	const publish = a.index.publishOf(first.index)!;
	// The NOTIFY again, right after its first sending.
	const copy = story.slice(first.frame.span.start, first.frame.span.end);
	const text = story.slice(0, first.frame.span.end) + copy + story.slice(first.frame.span.end);
	const b = analyzeTrace(text);
	const again = first.index + 1;
	assert.equal(b.messages[again]!.method, 'NOTIFY');
	assert.equal(b.index.originalOf(again), first.index);
	assert.equal(b.index.publishOf(again), publish);
	// The messages after the copy moved on by one.
	assert.deepEqual(
		b.index.notifiesOf(publish),
		a.index.notifiesOf(publish).map((i) => (i > first.index ? i + 1 : i)),
	);
});
