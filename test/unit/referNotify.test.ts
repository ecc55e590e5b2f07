// A REFER's recipient reports the referred request's progress by NOTIFY (RFC 3515 §2.4.4). On
// the real attended transfer (test/fixtures/README.md: SIPp's Bob refers Alice to Carol, Alice
// notifies), as captured and with the NOTIFYs of the refer subscription left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const text = readFileSync(
	join(__dirname, '..', 'fixtures', 'real', 'attended-transfer.sip'),
	'utf8',
);
/** The trace's messages, each from its start line to the next one's. */
const messages = text.split(/(?=^(?:[A-Z]+ sip:\S+ SIP\/2\.0|SIP\/2\.0 \d{3} .*)$)/m);
const isReferNotify = (m: string): boolean => /^NOTIFY /.test(m) && /^Event: refer/m.test(m);
/** Responses to the NOTIFYs left out with them (their CSeq is a NOTIFY's). */
const answersNotify = (m: string): boolean => /^SIP\/2\.0 /.test(m) && /^CSeq: \d+ NOTIFY/m.test(m);
const said = (trace: string) =>
	analyzeTrace(trace)
		.problems.filter((p) => p.code === 'refer.no-notify')
		.map((p) => [trace.slice(p.span.start, p.span.end), p.related?.length ?? 0]);

void test('as captured, the REFER is followed by NOTIFYs of its subscription: nothing said', () => {
	assert.ok(messages.some(isReferNotify));
	assert.deepEqual(said(text), []);
});

void test('with no NOTIFY of the refer subscription before the BYE, the REFER is warned of', () => {
	const without = messages.filter((m) => !isReferNotify(m) && !answersNotify(m)).join('');
	const problems = said(without);
	assert.equal(problems.length, 1);
	assert.match(String(problems[0]![0]), /^REFER sip:/);
	assert.equal(problems[0]![1], 2);
	// `Refer-Sub: false` on the REFER says no subscription was wanted (RFC 4488 §4).
	const declined = without.replace(/^(REFER sip:.*\r?\n)/m, '$1Refer-Sub: false\r\n');
	assert.deepEqual(said(declined), []);
});
