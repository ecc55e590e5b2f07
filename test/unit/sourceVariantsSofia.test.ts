// sofia-sip's message log as its own source prints it (libsofia-sip-ua/tport/tport_logging.c,
// tport_log_msg), in the shapes other than the one Debian's sofia-sip 1.12 writes whole:
// - 1.12 cutting a record (`*** message truncated at N ***` after the closing dashes), written by
//   the real library (test/scripts/make-sofia-truncated-traces.sh);
// - FreeSWITCH's fork (1.13), one buffer of at most 16,000 characters a record, unindented and
//   without closing dashes, written with `%s` (a message whose last octet is no line end runs into
//   the next stamp) or `%s\n`, and the rts-cn fork's `call-id=` line after each message, rendered
//   around real messages by test/scripts/render-sofia-variants.mjs.
// The expected values come from the source's printf and the rendered messages (the script's
// `.expected.json`) or from tshark's dissection of the capture (expected-links.mjs), never from
// the analyser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { bodyText } from '../../server/src/core/bodies/bodyText';
import { coversAll } from './coversAll';
import { linksOf, type ExpectedMessage } from './expectedLinks';

const fixtures = join(__dirname, '..', 'fixtures');

/** 0-based line of `offset` in `text`. */
function lineAt(text: string, offset: number): number {
	let line = 0;
	for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
	return line;
}

interface Rendered extends ExpectedMessage {
	/** The record holds fewer octets than the message: the log's limit cut it. */
	truncated: boolean;
}

const rendered = [
	'freeswitch-1.13-siptrace.log',
	'freeswitch-1.13-siptrace-newline.log',
	'freeswitch-rts-siptrace-call-id.log',
];

for (const name of rendered) {
	const text = readFileSync(join(fixtures, 'formats', 'source', name), 'latin1');
	const expected = JSON.parse(
		readFileSync(join(fixtures, 'formats', 'source', `${name}.expected.json`), 'utf8'),
	) as { format: string; messages: Rendered[] };

	void test(`${name}: every message at its line, with its stamp's time, address and direction`, () => {
		const a = analyzeTrace(text);
		assert.equal(a.format, 'sofia');
		coversAll(text, a);
		assert.equal(a.messages.length, expected.messages.length);
		for (const want of expected.messages) {
			const m = a.messages[want.index]!;
			const at = `message ${want.index}`;
			assert.equal(lineAt(text, m.startLine.start), want.line, `line of ${at}`);
			assert.deepEqual([m.method, m.status, m.callId], [want.method, want.status, want.callId], at);
			assert.deepEqual(
				[m.frame.time, m.frame.src, m.frame.dst, m.frame.direction, m.frame.transport],
				[want.time, want.src, want.dst, want.direction, want.transport],
				at,
			);
		}
	});

	void test(`${name}: the links of the presence story`, () => {
		const a = analyzeTrace(text);
		for (const want of expected.messages)
			assert.deepEqual(linksOf(a, want.index, false), want.links, `links of message ${want.index}`);
	});

	void test(`${name}: the record the log cut is said cut, once, and nothing else is a fault`, () => {
		const a = analyzeTrace(text);
		const cut = expected.messages.filter((m) => m.truncated).map((m) => m.index);
		assert.equal(cut.length, 1);
		assert.deepEqual(
			a.problems.map((p) => [p.code, lineAt(text, p.span.start)]),
			cut.map((i) => ['message.truncated', expected.messages[i]!.line]),
		);
		assert.match(a.problems[0]!.message, /of the 21856 octets its stamp gives/);
		assert.match(a.problems[0]!.message, /16,000 characters/);
	});

	void test(`${name}: a PIDF without a final line end is the body whole, the next stamp apart`, () => {
		const a = analyzeTrace(text);
		// The first PUBLISH: its body's last line is `</presence>`, Content-Length its octets.
		const publish = a.messages[4]!;
		assert.equal(publish.method, 'PUBLISH');
		assert.ok(publish.body);
		const body = text.slice(publish.body.start, publish.body.end);
		assert.match(body, /^<\?xml[^]*<\/presence>$/);
		assert.equal(publish.bodyShort, false);
		// The next record's stamp is its frame's, not the PUBLISH's.
		assert.ok(publish.frame.span.end <= a.messages[5]!.frame.span.start);
		assert.match(text.slice(a.messages[5]!.frame.span.start), /^send 431 bytes to udp\//);
	});
}

void test("the rts-cn fork's `call-id=` line after a message is the log's, not the message's", () => {
	const name = 'freeswitch-rts-siptrace-call-id.log';
	const text = readFileSync(join(fixtures, 'formats', 'source', name), 'latin1');
	const a = analyzeTrace(text);
	const lines = [...text.matchAll(/^call-id=.*$/gm)];
	assert.ok(lines.length >= 10);
	for (const l of lines) {
		const inside = a.messages.find(
			(m) => m.frame.sip.start <= l.index && l.index < m.frame.sip.end,
		);
		assert.equal(inside, undefined, `line ${lineAt(text, l.index)}`);
	}
});

void test("sofia-sip 1.12's `*** message truncated at N ***`: the record is cut, its body is not short of its Content-Length", () => {
	// The real library's log: linda's busy PUBLISH, its PIDF on one line longer than the log's
	// 2047 characters a line, sent over TCP (test/scripts/make-sofia-truncated-traces.sh).
	const text = readFileSync(join(fixtures, 'real', 'sofia-truncated.stderr.log'), 'utf8');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sofia');
	coversAll(text, a);
	const mark = /^ {3}\*\*\* message truncated at (\d+) \*\*\*$/m.exec(text)!;
	const stamps = [...text.slice(0, mark.index).matchAll(/^send (\d+) bytes to (\w+)\//gm)];
	const stamp = stamps[stamps.length - 1]!;
	const cut = a.messages.find(
		(m) => m.frame.span.start <= mark.index && mark.index < m.frame.span.end,
	);
	assert.ok(cut, 'the note belongs to the record it is about');
	assert.equal(cut.method, 'PUBLISH');
	assert.equal(cut.frame.transport, stamp[2]!.toUpperCase());
	assert.equal(cut.frame.span.end, mark.index + mark[0].length + 1);
	assert.equal(cut.cutShort, true);
	assert.deepEqual(
		a.problems.map((p) => [p.code, p.span.start]),
		[['message.truncated', cut.startLine.start]],
	);
	assert.match(
		a.problems[0]!.message,
		new RegExp(`holds ${mark[1]} of the ${stamp[1]} octets its stamp gives`),
	);
});

void test("sofia-sip's dump: a message read over TCP in three reads, three records, is one message", () => {
	// The real library's dump and log of the same run (test/scripts/make-sofia-tcp-split-traces.sh):
	// a PUBLISH sent in three writes, the first cut inside its Call-ID line, the second inside its
	// PIDF; the log prints it once, whole.
	const dump = readFileSync(join(fixtures, 'real', 'sofia-tcp-split.dump.log'), 'utf8');
	const log = readFileSync(join(fixtures, 'real', 'sofia-tcp-split.stderr.log'), 'utf8');
	const reads = [...dump.matchAll(/^recv (\d+) bytes from tcp\/\[127\.0\.0\.1\]:(\d+) at /gm)];
	const logged = [...log.matchAll(/^recv (\d+) bytes from tcp\/\[127\.0\.0\.1\]:(\d+) at /gm)];
	// The first three reads are the PUBLISH the log has as one message.
	assert.equal(
		reads.slice(0, 3).reduce((sum, r) => sum + Number(r[1]), 0),
		Number(logged[0]![1]),
	);
	const a = analyzeTrace(dump);
	const b = analyzeTrace(log);
	assert.equal(a.format, 'sofiaDump');
	coversAll(dump, a);
	assert.equal(a.messages.length, b.messages.length);
	const publish = a.messages[0]!;
	assert.equal(publish.method, 'PUBLISH');
	assert.equal(publish.callId, /^ *Call-ID: (.*)$/m.exec(log)![1]);
	assert.equal(publish.cseq?.method, 'PUBLISH');
	assert.equal(publish.event?.package, 'presence');
	assert.equal(publish.bodyShort, false);
	assert.equal(bodyText(dump, publish), bodyText(log, b.messages[0]!));
	// The frame runs from the first stamp to the third record's vertical tab.
	const third = reads[2]!.index;
	assert.ok(publish.frame.span.end > dump.indexOf('\v', third));
	assert.equal(publish.frame.time, /at (\S+):$/m.exec(dump.slice(reads[0]!.index))![1]);
	// The SUBSCRIBE, one read, as the log has it.
	assert.deepEqual(
		[a.messages[2]!.method, a.messages[2]!.callId],
		[b.messages[2]!.method, b.messages[2]!.callId],
	);
	// The only faults: the responses sofia-sip 1.12 dumps only the first buffer of.
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['message.truncated', 'message.truncated'],
	);
	assert.ok(a.problems.every((p) => p.span.start > publish.frame.span.end));
});
