// A PUBLISH whose SIP-If-Match names an entity-tag the trace shows replaced or removed: the
// server answers 412 Conditional Request Failed (RFC 3903 §6), on which the publisher starts a
// new publication. Kamailio 5.6 answers such a PUBLISH 500: said on the answer. Made from the
// real presence story (test/fixtures/real), whose stale PUBLISH Kamailio answered 412.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const story = readFileSync(join(__dirname, '..', 'fixtures', 'real', 'presence-story.sip'), 'utf8');
const said = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'publish.stale-etag-not-412')
		.map((p) => [p.severity, text.slice(p.span.start, p.span.end)]);

void test('the 412 to a PUBLISH with a stale entity-tag: nothing more said', () => {
	assert.ok(analyzeTrace(story).problems.some((p) => p.code === 'publish.stale-etag'));
	assert.deepEqual(said(story), []);
});

void test('a 500 to it: the server should have answered 412', () => {
	const text = story.replace(
		'SIP/2.0 412 Conditional request failed',
		'SIP/2.0 500 Server Internal Error',
	);
	assert.notEqual(text, story);
	assert.deepEqual(said(text), [['warning', 'SIP/2.0 500 Server Internal Error']]);
	// Asked for credentials instead: a refusal of another kind, not said.
	const challenged = story.replace(
		'SIP/2.0 412 Conditional request failed',
		'SIP/2.0 407 Proxy Authentication Required',
	);
	assert.deepEqual(said(challenged), []);
});
