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

void test('chan_sip NOTIFY whose PIDF body the excerpt cuts: the cut is said once (the trace ends inside the open document), the document is not called invalid', () => {
	const text = read('chan-sip-notify-cut-pidf.log');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(m.method, 'NOTIFY');
	assert.equal(m.contentType, 'application/pidf+xml');
	assert.equal(m.bodyShort, true);
	// chan_sip's `Subscription-State: active` without expires is its own fault (RFC 6665 §4.2.2).
	assert.deepEqual(problemsOf(text, a), [
		['notify.no-subscribe', 1],
		['notify.missing-expires', 10],
		['message.truncated', 15],
	]);
	assert.match(a.problems[2]!.message, /^The trace ends inside this body: \d+ of the 407 octets/);

	// The same document with the Content-Length of what is there: whole by its length, and not
	// well-formed, which is then the sender's fault.
	const octets = Buffer.byteLength(
		text.slice(m.body!.start, m.body!.end).replace(/\r?\n/g, '\r\n'),
	);
	const whole = analyzeTrace(text.replace('Content-Length: 407', `Content-Length: ${octets}`));
	assert.equal(whole.messages[0]!.bodyShort, false);
	assert.deepEqual(
		whole.problems.map((p) => p.code),
		['notify.no-subscribe', 'notify.missing-expires', 'body.invalid'],
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

void test('chan_sip NOTIFY with `Subscription-State: active` and no expires: warned on the header (RFC 6665 §4.2.2); with expires, not', () => {
	const text = read('chan-sip-wiki-no-empty-line.log');
	const a = analyzeTrace(text);
	const missing = a.problems.filter((p) => p.code === 'notify.missing-expires');
	assert.equal(missing.length, 1);
	assert.equal(missing[0]!.severity, 'warning');
	assert.equal(text.slice(missing[0]!.span.start, missing[0]!.span.end), 'active');
	assert.equal(lineAt(text, missing[0]!.span.start), 14);
	assert.match(missing[0]!.message, /RFC 6665 §4\.2\.2/);
	const withExpires = analyzeTrace(
		text.replace('Subscription-State: active', 'Subscription-State: active;expires=3600'),
	);
	assert.ok(!withExpires.problems.some((p) => p.code === 'notify.missing-expires'));
	const terminated = analyzeTrace(
		text.replace('Subscription-State: active', 'Subscription-State: terminated;reason=timeout'),
	);
	assert.ok(!terminated.problems.some((p) => p.code === 'notify.missing-expires'));
});

void test('a 2xx to SUBSCRIBE without Expires is an error (RFC 6665 §3.1.1); the real Kamailio trace, whose 200s carry it, has none', () => {
	const text = readFileSync(
		join(__dirname, '..', 'fixtures', 'real', 'presence-story.sip'),
		'utf8',
	);
	const a = analyzeTrace(text);
	assert.ok(!a.problems.some((p) => p.code === 'subscribe.2xx-missing-expires'));
	// The first 200 to SUBSCRIBE, its Expires taken out.
	const ok = text.indexOf('SIP/2.0 200 OK');
	const expires = /Expires: 600\r?\n/.exec(text.slice(ok))!;
	const at = ok + expires.index;
	const edited = text.slice(0, at) + text.slice(at + expires[0].length);
	const b = analyzeTrace(edited);
	const missing = b.problems.filter((p) => p.code === 'subscribe.2xx-missing-expires');
	assert.deepEqual(
		missing.map((p) => [p.severity, lineAt(edited, p.span.start)]),
		[['error', lineAt(text, ok)]],
	);
});

void test('bare messages hard-wrapped at 80 columns (Via: SIP/2.0/UDP, then the sent-by on a line of its own): the Via is read whole, the 100 answers the REGISTER, one warning per wrapped line', () => {
	const text = read('sipdroid-wrapped-via.txt');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => m.method ?? m.status),
		['REGISTER', 100],
	);
	const trying = a.messages[1]!;
	assert.deepEqual(
		[trying.vias[0]?.transport, trying.vias[0]?.sentBy, trying.vias[0]?.branch],
		['UDP', '127.0.0.1:5060', 'z9hG4bK20481'],
	);
	assert.equal(a.index.requestOf(1), 0);
	assert.deepEqual(problemsOf(text, a), [['header.wrapped', 15]]);
	assert.equal(a.problems[0]!.severity, 'warning');

	// Unwrapped, the same message has nothing to say.
	const unwrapped = analyzeTrace(text.replace('Via: SIP/2.0/UDP\n127', 'Via: SIP/2.0/UDP 127'));
	assert.deepEqual(unwrapped.problems, []);
	assert.equal(unwrapped.messages[1]!.vias[0]?.branch, 'z9hG4bK20481');
	// A short line that is no header, after a short header, is no wrap: malformed.
	const stray = analyzeTrace(
		text.replace(
			'CSeq: 1 REGISTER\nUser-Agent: Asterisk',
			'CSeq: 1 REGISTER\nno header here\nUser-Agent: Asterisk',
		),
	);
	assert.deepEqual(
		stray.problems
			.map((p) => [p.code, lineAt(text, p.span.start)])
			.filter(([c]) => c !== 'header.wrapped'),
		[['header.malformed', 20]],
	);
});
