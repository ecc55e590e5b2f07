// A request re-sent with credentials keeps its Call-ID (RFC 3261 §8.1.3.5, §10.2). On sofia-sip's
// own log (test/fixtures/README.md: sofia-presence), whose PUBLISH retry takes a new From tag, and
// with its Call-ID changed too, as LinphoneAndroid 2.2's REGISTER retry does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const log = readFileSync(
	join(__dirname, '..', 'fixtures', 'real', 'sofia-presence.stderr.log'),
	'utf8',
);
const said = (t: string) =>
	analyzeTrace(t)
		.problems.filter((p) => p.code === 'auth.retry-changed-ids')
		.map((p) => [p.severity, t.slice(p.span.start, p.span.end)]);

test("sofia's PUBLISH retried with a new From tag, its Call-ID kept: nothing is said", () => {
	assert.deepEqual(said(log), []);
});

test('a retry in another Call-ID: a warning on it, the 407 related', () => {
	const retry = log.indexOf('CSeq: 1001325141 PUBLISH');
	const callId = log.lastIndexOf('Call-ID: ', retry);
	const line = log.slice(callId, log.indexOf('\n', callId));
	const edited = `${log.slice(0, callId)}Call-ID: another-call${log.slice(callId + line.length)}`;
	assert.deepEqual(said(edited), [['warning', 'another-call']]);
	const p = analyzeTrace(edited).problems.find((q) => q.code === 'auth.retry-changed-ids')!;
	assert.match(edited.slice(p.related![0]!.span.start), /^SIP\/2\.0 407/);
});
