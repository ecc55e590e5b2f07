// Lint on real excerpts that a log or a copy cut: what the cut explains is said once (the message
// is cut), not as faults of the software that sent the message (test/fixtures/README.md,
// `excerpts/`, says where each excerpt comes from).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import type { TraceAnalysis } from '../../server/src/core/model';

const read = (name: string): string =>
	readFileSync(join(__dirname, '..', 'fixtures', 'excerpts', name), 'utf8');

/** 0-based line of `offset` in `text`. */
function lineAt(text: string, offset: number): number {
	let line = 0;
	for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
	return line;
}

const problemsOf = (text: string, a: TraceAnalysis): [string, number][] =>
	a.problems.map((p) => [p.code, lineAt(text, p.span.start)]);

void test('Wireshark text cut among the SUBSCRIBE headers (their decoded fields after them): the message is cut, Event and Max-Forwards are not reported missing', () => {
	const text = read('wireshark-text-cut-in-headers.txt');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tshark');
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(m.method, 'SUBSCRIBE');
	assert.equal(m.callId, '7130ded7105f29340be71e4c46779010@0:0:0:0:0:0:0:0');
	assert.equal(m.cutShort, true);
	assert.deepEqual(problemsOf(text, a), [['message.truncated', 4]]);
});

void test('Wireshark text: a message whose headers end (the empty line after the packet) is whole, even when the text ends there', () => {
	const text = read('wireshark-text-cut-in-headers.txt');
	// The same SUBSCRIBE, its packet ended by tshark's empty line after the last header it printed
	// (CSeq, From, To, Via, Call-ID are all there; no Content-Length: a whole UDP message may
	// leave it out, but it is not the length of nothing).
	const whole = `${text.trimEnd()}\n            Sent-by port: 5060\n        Content-Length: 0\n\n`;
	const a = analyzeTrace(whole);
	assert.equal(a.messages.length, 1);
	assert.equal(a.messages[0]!.cutShort, false);
	const codes = a.problems.map((p) => p.code);
	assert.ok(!codes.includes('message.truncated'), codes.join());
	// A whole SUBSCRIBE without Event or Max-Forwards is the sender's fault: said.
	assert.ok(codes.includes('event.missing'), codes.join());
	assert.ok(codes.includes('header.missing-max-forwards'), codes.join());
});

void test('chan_sip NOTIFY whose PIDF body the excerpt cuts: the short body is said once (Content-Length), the document is not called invalid', () => {
	const text = read('chan-sip-notify-cut-pidf.log');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(m.method, 'NOTIFY');
	assert.equal(m.contentType, 'application/pidf+xml');
	assert.equal(m.bodyShort, true);
	assert.deepEqual(problemsOf(text, a), [
		['notify.no-subscribe', 1],
		['content-length.mismatch', 15],
	]);
	assert.match(a.problems[1]!.message, /^Content-Length is 407 but only \d+ octets of body follow/);

	// The same document with the Content-Length of what is there: whole by its length, and not
	// well-formed, which is then the sender's fault.
	const octets = Buffer.byteLength(
		text.slice(m.body!.start, m.body!.end).replace(/\r?\n/g, '\r\n'),
	);
	const whole = analyzeTrace(text.replace('Content-Length: 407', `Content-Length: ${octets}`));
	assert.equal(whole.messages[0]!.bodyShort, false);
	assert.deepEqual(
		whole.problems.map((p) => p.code),
		['notify.no-subscribe', 'body.invalid'],
	);
});

void test('SIP.js console excerpt cut after `Content-Length:` (its value cut off): the message is cut, the empty value is not called malformed', () => {
	const text = read('sipjs-console-cut-at-content-length.log');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(m.method, 'INVITE');
	assert.equal(m.frame.direction, 'out');
	assert.equal(m.cutShort, true);
	assert.deepEqual(problemsOf(text, a), [['message.truncated', 2]]);

	// The same empty value on a line the cut did not end on is the sender's fault: said.
	const inside = analyzeTrace(
		text.replace('Content-Length:\n', 'Content-Length:\nAccept: application/sdp\n'),
	);
	assert.deepEqual(
		inside.problems.map((p) => p.code),
		['message.truncated', 'header.bad-content-length'],
	);
});
