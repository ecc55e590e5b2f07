// A 2xx to SUBSCRIBE grants the subscription for its Expires, which "MAY be shorter but MUST NOT
// be longer than specified in the request" (RFC 6665 §3.1.1). On the real presence trace
// (test/fixtures/README.md: baresip's SUBSCRIBE for Linda's presence, Kamailio's 200), as
// captured and with the 200's Expires edited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const text = readFileSync(
	join(__dirname, '..', 'fixtures', 'real', 'baresip-presence.andrew.log'),
	'utf8',
);
const subscribeCSeq = /^CSeq: (\d+) SUBSCRIBE$/m.exec(text)![0];
/** The trace with the Expires of the first 200 to the SUBSCRIBE set to `seconds`. */
function granting(seconds: number): string {
	const at = text.indexOf(
		subscribeCSeq,
		text.indexOf('SIP/2.0 200 OK', text.indexOf('SUBSCRIBE sip:')),
	);
	const expires = text.indexOf('Expires: ', at);
	const end = text.indexOf('\n', expires);
	return `${text.slice(0, expires)}Expires: ${seconds}${text.slice(end)}`;
}
const said = (trace: string) =>
	analyzeTrace(trace)
		.problems.filter((p) => p.code === 'subscribe.2xx-expires-longer')
		.map((p) => [p.severity, trace.slice(p.span.start, p.span.end), p.related?.length ?? 0]);

void test('as captured, the 200 grants what the SUBSCRIBE asked: nothing said', () => {
	assert.deepEqual(said(text), []);
	assert.deepEqual(said(granting(300)), []);
});

void test('a 200 that grants longer than the SUBSCRIBE asked is warned of, on its Expires, with the request', () => {
	assert.deepEqual(said(granting(28800)), [['warning', '28800', 1]]);
	const message = analyzeTrace(granting(28800)).problems.find(
		(p) => p.code === 'subscribe.2xx-expires-longer',
	)!.message;
	assert.match(message, /28800 s, longer than the 600 s the SUBSCRIBE asked for/);
});
