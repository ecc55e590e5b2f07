// A NOTIFY sent again (its watcher answered late, RFC 3261 §17.1.2): the same request, branch
// and body. It carries what its first sending carried: the same PUBLISH, while the PUBLISH's
// fan-out counts the first alone. So does a refreshing PUBLISH sent again: it refreshes what its
// first sending refreshed. Made from the real presence story (test/fixtures/real).
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

void test("a refreshing PUBLISH sent again (or a log's second copy of it) refreshes the publication its first sending did", () => {
	const a = analyzeTrace(story);
	const refresh = a.messages.find(
		(m) => m.method === 'PUBLISH' && m.sipIfMatch && a.index.publishRefreshed(m.index) !== null,
	)!;
	const copy = story.slice(refresh.frame.span.start, refresh.frame.span.end);
	const text = story.slice(0, refresh.frame.span.end) + copy + story.slice(refresh.frame.span.end);
	const b = analyzeTrace(text);
	const again = refresh.index + 1;
	assert.equal(b.messages[again]!.method, 'PUBLISH');
	assert.equal(b.index.originalOf(again), refresh.index);
	assert.equal(b.index.publishRefreshed(again), a.index.publishRefreshed(refresh.index));
	assert.equal(b.index.publicationOf(again), b.index.publicationOf(refresh.index));
});
