// RFC 3265 answered a subscription not yet authorized with 202; RFC 6665 §8.3.1 obsoletes that
// use. On Kamailio's real presence story (test/fixtures/README.md), whose notifier answers 200, and
// with one answer edited to the 202 older notifiers (chan_sip, FreeSWITCH) still send.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const text = readFileSync(join(__dirname, '..', 'fixtures', 'real', 'presence-story.sip'), 'utf8');
const said = (t: string) =>
	analyzeTrace(t)
		.problems.filter((p) => p.code === 'subscribe.202-accepted')
		.map((p) => [p.severity, t.slice(p.span.start, p.span.end)]);
/** The trace with its first 200 that answers a SUBSCRIBE written as `replacement`. */
function answeredWith(replacement: string): string {
	const at = text.search(/SIP\/2\.0 200 OK\r\n(?:[^\r\n]+\r\n)*?CSeq: \d+ SUBSCRIBE\r\n/);
	assert.ok(at >= 0, 'a 200 to SUBSCRIBE');
	return text.slice(0, at) + replacement + text.slice(at + 'SIP/2.0 200 OK'.length);
}

void test('200 to every SUBSCRIBE, as captured: nothing said; a 202 to SUBSCRIBE: a hint on it', () => {
	assert.deepEqual(said(text), []);
	assert.deepEqual(said(answeredWith('SIP/2.0 202 Accepted')), [['hint', 'SIP/2.0 202 Accepted']]);
	const message = analyzeTrace(answeredWith('SIP/2.0 202 Accepted')).problems.find(
		(p) => p.code === 'subscribe.202-accepted',
	)!.message;
	assert.match(message, /obsoleted by RFC 6665 \(§8\.3\.1\)/);
	// A trace cut inside the 202's headers, after its CSeq: the status line and CSeq say it.
	const edited = answeredWith('SIP/2.0 202 Accepted');
	const at = edited.indexOf('SIP/2.0 202 Accepted');
	const cseqEnd = edited.indexOf('\r\n', edited.indexOf('\r\nCSeq: ', at) + 2);
	const cut = `${edited.slice(0, cseqEnd)}\r\nAllow-Ev`;
	assert.ok(analyzeTrace(cut).messages.at(-1)!.cutShort);
	assert.deepEqual(said(cut), [['hint', 'SIP/2.0 202 Accepted']]);
});
