// The NIST JAIN-SIP stack's message log (ServerLog, MessageLog.toString: `<message`, one attribute
// a line, `<![CDATA[` and the message, `]]>`, `</message>`). The real logs are the stack's own
// (test/scripts/make-jainsip-traces.sh: Debian's libnist-sip-aosp-java through Kamailio); the
// variants in formats/source are rendered from their records by
// test/scripts/render-jainsip-variants.mjs, which wrote the expected lines, times and ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import { detectFormat } from '../../server/src/core/framing/detect';
import { frameSlice, frameTrace } from '../../server/src/core/framing/frameTrace';
import { coversAll } from './coversAll';
import { expectSourceVariant, sourceText } from './sourceVariants';

const real = (name: string): string =>
	readFileSync(join(__dirname, '..', 'fixtures', 'real', name), 'utf8');
const lineOf = (text: string, offset: number): number =>
	text.slice(0, offset).split('\n').length - 1;

test('a JAIN-SIP message log is recognised as such from its records', () => {
	assert.equal(detectFormat(real('jainsip-presence.log')), 'jainSip');
	assert.equal(detectFormat(real('jainsip-presence-headers.log')), 'jainSip');
});

test("each message is the record's CDATA: from its start line to the ]]> that </message> follows", () => {
	const text = real('jainsip-presence.log');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 20);
	coversAll(text, a);
	for (const m of a.messages) {
		const sip = text.slice(m.frame.sip.start, m.frame.sip.end);
		assert.ok(!sip.includes(']]>') && !sip.includes('</message>'), `message ${m.index}`);
		assert.equal(text.slice(m.frame.sip.start - 9, m.frame.sip.start), '<![CDATA[');
	}
	// linda's busy publication: its body ends without a line end, `]]>` right after `</presence>`.
	const busy = a.messages.find(
		(m) =>
			m.method === 'PUBLISH' &&
			m.body !== null &&
			text.slice(m.body.start, m.body.end).includes('rpid:busy'),
	)!;
	assert.ok(busy.body);
	assert.ok(text.slice(busy.body.start, busy.body.end).endsWith('</presence>'));
	assert.equal(text.slice(busy.body.end, busy.body.end + 3), ']]>');
	// Every body is as long as its Content-Length says: no problem at all.
	assert.deepEqual(
		a.problems.map((p) => `${p.code} at line ${lineOf(text, p.span.start)}`),
		[],
	);
});

test("a record's time (epoch milliseconds), ends and isSender are the message's", () => {
	const text = real('jainsip-presence.log');
	const a = analyzeTrace(text);
	const subscribe = a.messages[0]!;
	assert.equal(lineOf(text, subscribe.startLine.start), 21);
	assert.equal(subscribe.frame.time, '2026-12-03T18:28:30.615');
	assert.equal(subscribe.frame.epochMicros, 1796322510615000);
	assert.equal(subscribe.frame.src, '127.0.0.1:35102');
	assert.equal(subscribe.frame.dst, '127.0.0.1:35100');
	assert.equal(subscribe.frame.direction, 'out');
	assert.equal(a.messages[1]!.frame.direction, 'in');
	// The unsubscription carries a Timestamp header: its record has one more attribute line.
	const unsubscribe = a.messages[14]!;
	assert.equal(unsubscribe.method, 'SUBSCRIBE');
	assert.equal(text.split('\n')[lineOf(text, unsubscribe.startLine.start) - 6], 'timeStamp = "54"');
	assert.equal(unsubscribe.frame.src, '127.0.0.1:35102');
	// `time="0"` (a message the stack logged before it stamped it): no time, not 1970's.
	const unstamped = text.replace('time="1796322510615"', 'time="0"');
	assert.notEqual(unstamped, text);
	const first = analyzeTrace(unstamped).messages[0]!;
	assert.deepEqual([first.frame.time, first.frame.epochMicros], [null, null]);
	assert.equal(first.frame.src, '127.0.0.1:35102');
});

test('the default log holds no bodies: each missing one is said once, as information, not as a wrong length', () => {
	const text = real('jainsip-presence-headers.log');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 20);
	coversAll(text, a);
	const said = a.problems.map((p) => `${p.severity} ${p.code}`);
	assert.deepEqual(said, Array(6).fill('information content-length.mismatch'));
	assert.ok(a.problems.every((p) => p.message.includes('LOG_MESSAGE_CONTENT')));
	// The links that need no body stand: the PUBLISH sent again with credentials.
	const retry = a.messages.find(
		(m) =>
			m.method === 'PUBLISH' &&
			/Proxy-Authorization/.test(text.slice(m.frame.sip.start, m.frame.sip.end)),
	)!;
	assert.ok(retry);
});

test('IPv6 ends as getHostAddress() prints them (0:0:0:0:0:0:0:1:35100) are named [0:0:0:0:0:0:0:1]:35100', () => {
	expectSourceVariant('jainsip-ipv6.log', 'jainSip');
});

test('a body holding its own ]]> (a PIDF note in CDATA) is not cut there: the record ends at ]]> and </message>', () => {
	const a = expectSourceVariant('jainsip-cdata-in-body.log', 'jainSip');
	const text = sourceText('jainsip-cdata-in-body.log');
	const noted = a.messages.find(
		(m) => m.body !== null && text.slice(m.body.start, m.body.end).includes('<note>'),
	);
	assert.ok(noted?.body);
	assert.ok(text.slice(noted.body.start, noted.body.end).endsWith('</presence>'));
	assert.ok(text.slice(noted.body.start, noted.body.end).includes(']]>\r\n  </note>'));
});

test("the stack's debug log: a record after the logger's prefix, the logger's suffix and other lines as log text", () => {
	const a = expectSourceVariant('jainsip-log4j-debug.log', 'jainSip');
	const text = sourceText('jainsip-log4j-debug.log');
	// The prefix is the record's (its metadata), not log text between messages.
	const first = a.messages[0]!.frame;
	assert.ok(
		text.slice(first.span.start, first.sip.start).startsWith('[2026-12-03 18:28:30.615][INFO ]'),
	);
	assert.ok(text.slice(first.sip.start, first.sip.end).endsWith('\r\n\r\n'));
});

test('a log read while the stack writes it: the last record, cut inside its headers, is said to be truncated', () => {
	expectSourceVariant('jainsip-cut-short.log', 'jainSip');
});

test('re-framing a slice from a record on gives the frames the whole framing gives', () => {
	const text = real('jainsip-presence.log');
	const whole = frameTrace(text);
	const from = whole.frames[5]!.span.start;
	const part = frameSlice(text, from, text.length, 'jainSip');
	assert.deepEqual(
		part.frames.map((f) => [f.span, f.sip, f.time, f.src, f.dst, f.direction]),
		whole.frames.slice(5).map((f) => [f.span, f.sip, f.time, f.src, f.dst, f.direction]),
	);
});
