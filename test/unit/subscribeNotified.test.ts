// On accepting or refreshing a subscription the notifier sends a NOTIFY at once (RFC 6665
// §4.2.1.2). On the real busy lamp field (test/fixtures/README.md: Kamailio notifies a SIPp
// watcher of bob's dialogs), as captured and with the NOTIFYs left out or moved as a broken
// notifier or a race would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const text = readFileSync(join(__dirname, '..', 'fixtures', 'real', 'blf-call.sip'), 'utf8');
/** The trace's messages, each from its start line to the next one's. */
const messages = text.split(/(?=^(?:[A-Z]+ sip:\S+ SIP\/2\.0|SIP\/2\.0 \d{3} .*)$)/m);
const isNotify = (m: string): boolean => /^NOTIFY /.test(m);
const answersNotify = (m: string): boolean => /^SIP\/2\.0 /.test(m) && /^CSeq: \d+ NOTIFY/m.test(m);
const refresh = messages.findIndex((m) => /^SUBSCRIBE /.test(m) && /^CSeq: 2 SUBSCRIBE/m.test(m));
const said = (trace: string) =>
	analyzeTrace(trace)
		.problems.filter((p) => p.code === 'subscribe.no-notify')
		.map((p) => ({
			at: trace.slice(p.span.start, trace.indexOf('\n', p.span.start)).trim(),
			related: (p.related ?? []).map((r) =>
				trace.slice(r.span.start, trace.indexOf('\n', r.span.start)).trim(),
			),
			message: p.message,
		}));

void test('as captured, each accepted SUBSCRIBE is followed by a NOTIFY: nothing said', () => {
	assert.ok(refresh > 0);
	assert.deepEqual(said(text), []);
});

const before = messages.slice(0, refresh);
const others = before.filter((m) => !isNotify(m) && !answersNotify(m));
const firstNotify = before.filter((m) => isNotify(m) || answersNotify(m)).slice(0, 2);
const after = messages.slice(refresh + 1);

void test('no NOTIFY between the first 200 and the refresh accepted: a warning on that 200', () => {
	const found = said([...others, messages[refresh]!, ...after].join(''));
	assert.equal(found.length, 1);
	assert.equal(found[0]!.at, 'SIP/2.0 200 OK');
	assert.deepEqual(found[0]!.related, [
		'SUBSCRIBE sip:bob@127.0.0.1 SIP/2.0',
		'SUBSCRIBE sip:127.0.0.1:28060 SIP/2.0',
	]);
	assert.match(found[0]!.message, /\(CSeq 1\).*\(CSeq 2\).*RFC 6665 §4\.2\.1\.2/);
});

void test('a NOTIFY crossing the refresh in flight, before its 200: nothing said', () => {
	assert.ok(isNotify(firstNotify[0]!) && answersNotify(firstNotify[1]!));
	const raced = [...others, messages[refresh]!, ...firstNotify, ...after].join('');
	assert.deepEqual(said(raced), []);
});

void test('the refresh not accepted in the trace: a later NOTIFY may be the first one, nothing said', () => {
	assert.match(after[0]!, /^SIP\/2\.0 200 OK\r?\n(?:.+\r?\n)*CSeq: 2 SUBSCRIBE/);
	assert.deepEqual(said([...others, messages[refresh]!, ...after.slice(1)].join('')), []);
});
