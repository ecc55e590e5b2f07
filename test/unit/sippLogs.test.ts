// SIPp's logs of a failing scenario besides -trace_msg's: -trace_err (each unexpected message
// printed whole in its error record), -trace_calldebug (every message of an aborted call, the
// unexpected one twice) and the copies -trace_msg prints of an unexpected message; and the logs
// without messages (-trace_shortmsg, -trace_screen). The records are SIPp 3.6.1's, as
// test/scripts/make-sipp-log-traces.sh made them (test/fixtures/real/sipp-failures.*).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { coversAll } from './coversAll';

const crlf = (lines: string[]): string => lines.map((l) => `${l}\r\n`).join('');

const challenge = (callId: string, branch: string): string =>
	crlf([
		'SIP/2.0 407 Proxy Authentication Required',
		`Via: SIP/2.0/UDP 127.0.0.1:45063;branch=${branch}`,
		'From: "Linda" <sip:linda@127.0.0.1>;tag=13255-linda',
		'To: "Linda" <sip:linda@127.0.0.1>;tag=659daeab5bed10ac9f1f0683f1be6ef7.6ab8f9ea',
		`Call-ID: ${callId}`,
		'CSeq: 1 PUBLISH',
		'Proxy-Authenticate: Digest realm="127.0.0.1", nonce="axGK5GsRibj+cma+TW3bzw+6P+BqSsYC"',
		'Content-Length: 0',
		'',
	]);

const publish = crlf([
	'PUBLISH sip:linda@127.0.0.1 SIP/2.0',
	'Via: SIP/2.0/UDP 127.0.0.1:45063;branch=z9hG4bK-13255-1-0',
	'Max-Forwards: 70',
	'From: "Linda" <sip:linda@127.0.0.1>;tag=13255-linda',
	'To: "Linda" <sip:linda@127.0.0.1>',
	'Call-ID: 1-13255@127.0.0.1',
	'CSeq: 1 PUBLISH',
	'Event: presence',
	'Expires: 600',
	'Content-Length: 0',
	'',
]);

const summary = (a: ReturnType<typeof analyzeTrace>): unknown[] =>
	a.messages.map((m) => [
		m.method ?? m.status,
		m.frame.format,
		m.frame.time,
		m.frame.direction,
		m.frame.transport,
	]);

test("SIPp's error log: each unexpected message from its record, received at the record's time", () => {
	// SIPp 3.6.1 ends a record without a line end: the next record follows the closing quote.
	const text =
		'The following events occurred:\n' +
		"2026-12-03\t15:31:24.802132\t1796311884.802132: Aborting call on unexpected message for Call-Id '1-13255@127.0.0.1': while expecting '200' (index 1), received '" +
		challenge('1-13255@127.0.0.1', 'z9hG4bK-13255-1-0') +
		"'2026-12-03\t15:31:24.902199\t1796311884.902199: Dead call 1-13255@127.0.0.1 (aborted at index 1), received '" +
		crlf([
			'SIP/2.0 405 Method Not Allowed',
			'Via: SIP/2.0/UDP 127.0.0.1:45063;branch=z9hG4bK-13255-1--1',
			'Call-ID: 1-13255@127.0.0.1',
			'CSeq: 2 BYE',
			'Content-Length: 0',
			'',
		]) +
		"'2026-12-03\t15:31:25.002311\t1796311885.002311: Aborting call on unexpected message for Call-Id '2-13255@127.0.0.1': while expecting '200' (index 1), received '" +
		challenge('2-13255@127.0.0.1', 'z9hG4bK-13255-2-0') +
		"'";
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sippErrors');
	assert.deepEqual(summary(a), [
		[407, 'sippErrors', '2026-12-03T15:31:24.802132', 'in', null],
		[405, 'sippErrors', '2026-12-03T15:31:24.902199', 'in', null],
		[407, 'sippErrors', '2026-12-03T15:31:25.002311', 'in', null],
	]);
	assert.deepEqual(
		a.messages.map((m) => m.frame.epochMicros),
		[1796311884802132, 1796311884902199, 1796311885002311],
	);
	// Each message starts after `received '`, the record (and the quote before it) its metadata.
	const second = a.messages[1]!.frame;
	assert.match(text.slice(second.meta!.start, second.meta!.end), /^'2026-12-03\t.*received '$/);
	assert.ok(text.startsWith('SIP/2.0 405 ', a.messages[1]!.startLine.start));
	coversAll(text, a);
});

/** Bob's error record of a NOTIFY that came during a pause (the record, then the message). */
const notifyDuringPause = (body: string): string =>
	"2026-12-03\t15:33:23.163629\t1796312003.163629: Aborting call on unexpected message for Call-Id '1-17420@127.0.0.1': while pausing (index 7), received '" +
	crlf([
		'NOTIFY sip:bob@127.0.0.1:45065 SIP/2.0',
		'Via: SIP/2.0/UDP 127.0.0.1:45060;branch=z9hG4bKefe.b5894440000000000000000000000000.0',
		'To: <sip:bob@127.0.0.1>;tag=17420-bob',
		'From: <sip:linda@127.0.0.1>;tag=6e2b6732d08542e19b5101eb0f0ed207-04df53c2',
		'CSeq: 4 NOTIFY',
		'Call-ID: 1-17420@127.0.0.1',
		`Content-Length: ${body.length}`,
		'Event: presence',
		'Subscription-State: active;expires=598',
		'Content-Type: application/pidf+xml',
		'',
	]) +
	body;

test("SIPp's error log: a NOTIFY with a body ends at its Content-Length, before the closing quote", () => {
	const body = '<?xml version="1.0" encoding="UTF-8"?>\n<presence entity="sip:linda@127.0.0.1"/>\n';
	const text = 'The following events occurred:\n' + notifyDuringPause(body) + "'";
	const a = analyzeTrace(text);
	assert.deepEqual(summary(a), [
		['NOTIFY', 'sippErrors', '2026-12-03T15:33:23.163629', 'in', null],
	]);
	const m = a.messages[0]!;
	assert.equal(text.slice(m.body!.start, m.body!.end), body);
	assert.equal(m.bodyShort, false);
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('content-length')),
		[],
	);
	coversAll(text, a);
});

test("SIPp's error log: a body without a final line end, the closing quote and the next record glued after it", () => {
	// An XML document sent without a final CRLF: its last line, the quote and the next record.
	const body = '<?xml version="1.0" encoding="UTF-8"?>\n<presence entity="sip:linda@127.0.0.1"/>';
	const text =
		notifyDuringPause(body) +
		"'2026-12-03\t15:33:24.002311\t1796312004.002311: Aborting call on unexpected message for Call-Id '2-13255@127.0.0.1': while expecting '200' (index 1), received '" +
		challenge('2-13255@127.0.0.1', 'z9hG4bK-13255-2-0') +
		"'";
	const a = analyzeTrace(text);
	assert.deepEqual(summary(a), [
		['NOTIFY', 'sippErrors', '2026-12-03T15:33:23.163629', 'in', null],
		[407, 'sippErrors', '2026-12-03T15:33:24.002311', 'in', null],
	]);
	assert.equal(text.slice(a.messages[0]!.body!.start, a.messages[0]!.body!.end), body);
	assert.ok(text.startsWith('SIP/2.0 407 ', a.messages[1]!.startLine.start));
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('content-length')),
		[],
	);
	coversAll(text, a);
});

test("SIPp's error log: a timeout's record ended with no line end, the dead call's record with its message run on after it", () => {
	// SIPp 3.6.1: `... aborting call` then the next record's stamp on the same line.
	const timeout = (n: number, time: string, epoch: string): string =>
		`2026-12-07\t${time}\t${epoch}: Call-Id: ${n}-26634@127.0.0.1, receive timeout on message errtimeout:2 without label to jump to (ontimeout attribute): aborting call`;
	const dead = (n: number, time: string, epoch: string): string =>
		`2026-12-07\t${time}\t${epoch}: Dead call ${n}-26634@127.0.0.1 (aborted at index 2), received '`;
	const text =
		'The following events occurred:\n' +
		timeout(1, '09:36:19.983664', '1796636179.983664') +
		dead(1, '09:36:19.984139', '1796636179.984139') +
		challenge('1-26634@127.0.0.1', 'z9hG4bK-26634-1--1') +
		"'" +
		timeout(2, '09:36:20.183260', '1796636180.183260') +
		dead(2, '09:36:20.183599', '1796636180.183599') +
		challenge('2-26634@127.0.0.1', 'z9hG4bK-26634-2--1') +
		"'";
	const a = analyzeTrace(text);
	assert.deepEqual(summary(a), [
		[407, 'sippErrors', '2026-12-07T09:36:19.984139', 'in', null],
		[407, 'sippErrors', '2026-12-07T09:36:20.183599', 'in', null],
	]);
	coversAll(text, a);
	// Only events, no message: still SIPp's error log.
	const events =
		'The following events occurred:\n' + timeout(1, '09:36:19.983664', '1796636179.983664') + '\n';
	assert.equal(analyzeTrace(events).format, 'sippErrors');
});

test("SIPp's error log: a message no call takes is read from the line after its record", () => {
	const text =
		"2026-12-03\t15:31:26.000001\t1796311886.000001: Discarding message which can't be mapped to a known SIPp call:\n" +
		challenge('9-13255@127.0.0.1', 'z9hG4bK-13255-9-0');
	const a = analyzeTrace(text);
	assert.deepEqual(summary(a), [[407, 'sippErrors', '2026-12-03T15:31:26.000001', 'in', null]]);
	coversAll(text, a);
	// Pasted on a page that turned its tabs into spaces (a GitHub issue): read the same.
	const spaced = text.replace(/\t/g, '    ');
	assert.deepEqual(summary(analyzeTrace(spaced)), [
		[407, 'sippErrors', '2026-12-03T15:31:26.000001', 'in', null],
	]);
});

const callDebug =
	'-------------------------------------------------------------------------------\n' +
	'Call debugging information for call 1-13255@127.0.0.1:\n' +
	'2026-12-03\t15:31:24.800960\t1796311884.800960 Starting call 1-13255@127.0.0.1\n' +
	'2026-12-03\t15:31:24.801840\t1796311884.801840 Processing message 0 of type 2 for call 1-13255@127.0.0.1 at 101.\n' +
	'2026-12-03\t15:31:24.801870\t1796311884.801870 Sending UDP message for call 1-13255@127.0.0.1 (index 0, hash 13721927526750161040):\n' +
	publish +
	'\n\n' +
	'2026-12-03\t15:31:24.802121\t1796311884.802121 Processing 388 byte incoming message for call-ID 1-13255@127.0.0.1 (hash 54776578975472567):\n' +
	challenge('1-13255@127.0.0.1', 'z9hG4bK-13255-1-0') +
	'\n\n' +
	'2026-12-03\t15:31:24.802140\t1796311884.802140 Unexpected UDP message received (index 1, hash 54776578975472567):\n\n' +
	challenge('1-13255@127.0.0.1', 'z9hG4bK-13255-1-0') +
	'\n' +
	'2026-12-03\t15:31:24.802145\t1796311884.802145 Aborting call 1-13255@127.0.0.1 (index 1).\n';

test("SIPp's call debug log: each message with its record's time and direction, the unexpected one once", () => {
	const a = analyzeTrace(callDebug);
	assert.equal(a.format, 'sippCallDebug');
	assert.deepEqual(summary(a), [
		['PUBLISH', 'sippCallDebug', '2026-12-03T15:31:24.801870', 'out', 'UDP'],
		[407, 'sippCallDebug', '2026-12-03T15:31:24.802121', 'in', null],
	]);
	assert.equal(a.messages[1]!.frame.declaredBytes, 388);
	assert.equal(a.index.requestOf(1), 0);
	// SIPp prints the message that broke the scenario again: the same reception, kept as log text.
	const again = callDebug.indexOf('Unexpected UDP message received');
	assert.ok(a.noise.some((n) => n.start <= again && n.end > callDebug.indexOf('CSeq', again)));
	coversAll(callDebug, a);
});

test("SIPp's call debug log before 3.6: the milliseconds after a colon", () => {
	const text = callDebug.replace(
		'2026-12-03\t15:31:24.801870\t1796311884.801870 Sending',
		'2018-06-21\t05:31:10:592\t1529559070.592587 Sending',
	);
	const a = analyzeTrace(text);
	assert.equal(a.messages[0]!.frame.time, '2018-06-21T05:31:10.592');
});

test("SIPp's message log: the copy of an unexpected message, or of one for an aborted call, is no second message", () => {
	const text =
		'----------------------------------------------- 2026-12-03 15:31:24.802110\n' +
		'UDP message received [388] bytes :\n\n' +
		challenge('1-13255@127.0.0.1', 'z9hG4bK-13255-1-0') +
		'\n' +
		'-----------------------------------------------\n' +
		'Unexpected UDP message received:\n\n' +
		challenge('1-13255@127.0.0.1', 'z9hG4bK-13255-1-0') +
		'\n' +
		'----------------------------------------------- 2026-12-03 15:31:24.902184\n' +
		'UDP message received [329] bytes :\n\n' +
		crlf([
			'SIP/2.0 405 Method Not Allowed',
			'Call-ID: 1-13255@127.0.0.1',
			'CSeq: 2 BYE',
			'Content-Length: 0',
			'',
		]) +
		'\n' +
		'-----------------------------------------------\n' +
		'Dead call 1-13255@127.0.0.1 received a UDP message:\n\n' +
		crlf([
			'SIP/2.0 405 Method Not Allowed',
			'Call-ID: 1-13255@127.0.0.1',
			'CSeq: 2 BYE',
			'Content-Length: 0',
			'',
		]) +
		'\n';
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sipp');
	assert.deepEqual(summary(a), [
		[407, 'sipp', '2026-12-03T15:31:24.802110', 'in', 'UDP'],
		[405, 'sipp', '2026-12-03T15:31:24.902184', 'in', 'UDP'],
	]);
	coversAll(text, a);
});

test("SIPp's message log: the record after a message a scenario dropped (`lost=`) keeps its time", () => {
	// SIPp 3.6.1 prints the drop with no line end; the next separator runs on after it.
	const text =
		'----------------------------------------------- 2026-12-07 15:29:09.969106\n' +
		'UDP message received [388] bytes :\n\n' +
		challenge('1-17141@127.0.0.1', 'z9hG4bK-17141-1-0') +
		'\n' +
		'UDP message voluntary lost (while sending).----------------------------------------------- 2026-12-07 15:29:10.440713\n' +
		'UDP message received [329] bytes :\n\n' +
		crlf([
			'SIP/2.0 405 Method Not Allowed',
			'Call-ID: 1-17141@127.0.0.1',
			'CSeq: 2 BYE',
			'Content-Length: 0',
			'',
		]) +
		'\n';
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sipp');
	assert.deepEqual(summary(a), [
		[407, 'sipp', '2026-12-07T15:29:09.969106', 'in', 'UDP'],
		[405, 'sipp', '2026-12-07T15:29:10.440713', 'in', 'UDP'],
	]);
	coversAll(text, a);
});

const withoutMessages = join(__dirname, '..', 'fixtures', 'real', 'without-messages');

test("SIPp's short message and screen logs: no message, and the warning says where the messages are", () => {
	for (const [file, kind] of [
		['sipp-failures.linda_shortmessages.log', '-trace_shortmsg'],
		['sipp-failures.linda_screen.log', '-trace_screen'],
	] as const) {
		const a = analyzeTrace(readFileSync(join(withoutMessages, file), 'utf8'));
		assert.equal(a.messages.length, 0, file);
		const warning = a.problems.find((p) => p.code === 'framing.no-messages');
		assert.ok(warning, file);
		assert.ok(warning.message.includes(`SIPp's ${kind} log`), warning.message);
		assert.ok(warning.message.includes('-trace_msg'), warning.message);
	}
});

test("SIPp's short message log pasted in a post's code block (indented, its tabs turned to spaces): still named", () => {
	// SIPp/sipp#199: the log in a GitHub issue, four spaces before each line, runs of spaces for tabs.
	const log = readFileSync(join(withoutMessages, 'sipp-failures.linda_shortmessages.log'), 'utf8');
	const pasted = log
		.split('\n')
		.map((l) => (l ? `    ${l.replace(/\t/g, '      ')}` : l))
		.join('\n');
	assert.notEqual(pasted, log);
	const a = analyzeTrace(`\n${pasted}`);
	assert.equal(a.messages.length, 0);
	const warning = a.problems.find((p) => p.code === 'framing.no-messages');
	assert.ok(warning?.message.includes("SIPp's -trace_shortmsg log"), warning?.message);
});

test("SIPp's message log pasted without its separators: each record's line still gives its message's direction and transport", () => {
	const name = 'presence-story.sipp-linda.log';
	const log = readFileSync(join(__dirname, '..', 'fixtures', 'real', name), 'utf8');
	// What a paste from the middle of a record keeps: `UDP message sent (923 bytes):`, the message.
	const pasted = log.replace(/^-{20,} .*\n/gm, '');
	const lines = pasted.split('\n');
	// The test's own reading of the records: the line two below each names the message it opens.
	const records = lines.flatMap((l, i) => {
		const m = /^(UDP|TCP) message (sent|received)/.exec(l);
		return m ? [{ line: i + 2, direction: m[2] === 'sent' ? 'out' : 'in', transport: m[1] }] : [];
	});
	assert.ok(records.length >= 10);
	const a = analyzeTrace(pasted);
	const lineOf = (offset: number): number => pasted.slice(0, offset).split('\n').length - 1;
	assert.deepEqual(
		a.messages.map((m) => ({
			line: lineOf(m.startLine.start),
			direction: m.frame.direction,
			transport: m.frame.transport,
		})),
		records,
	);
});

test("-trace_err: a message SIPp found no Call-ID in (`No valid Call-ID: header in reply '`) is read", () => {
	// The record SIPp's get_call_id() writes (a SIPp issue's errors log, an SBC's INVITE whose
	// Call-ID SIPp could not read), then the message, then the closing quote.
	const invite = crlf([
		'INVITE sip:3136439102@85.12.197.169:5065 SIP/2.0',
		'Via: SIP/2.0/UDP 85.12.253.12:5060;branch=z9hG4bK831a.2bb3de85.0',
		'From: "3136439104" <sip:104@sbc.profintel.ru>;tag=b62e0d72',
		'To: <sip:3136439102@sbc2.profintel.ru>',
		'CSeq: 10 INVITE',
		'Max-Forwards: 69',
		'Contact: <sip:85.12.253.12;did=a19.a2e590e>',
		'Content-Length: 0',
		'',
	]);
	const text =
		'sipp: The following events occured:\n' +
		`2019-01-30\t09:51:25.100701\t1548823885.100701: (1) No valid Call-ID: header in reply '${invite}'\n`;
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sippErrors');
	assert.deepEqual(
		a.messages.map((m) => [m.method, m.frame.time, m.frame.direction]),
		[['INVITE', '2019-01-30T09:51:25.100701', 'in']],
	);
	// What SIPp complained of is said of the message.
	assert.ok(a.problems.some((p) => p.code === 'header.missing-call-id'));
	coversAll(text, a);
});
