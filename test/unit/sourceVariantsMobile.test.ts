// belle-sip's (Linphone's SIP stack), baresip's and the JavaScript SIP stacks' message logging in
// the shapes their own source prints across versions, rendered from the presence story's real
// messages by test/scripts/render-mobile-variants.mjs (see test/fixtures/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import { bodyText } from '../../server/src/core/bodies/bodyText';
import { expectSourceVariant, sourceText } from './sourceVariants';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
	contributes: { languages: { id: string; firstLine: string }[] };
};
const firstLine = new RegExp(manifest.contributes.languages.find((l) => l.id === 'sip')!.firstLine);

void test('belle-sip 1.x: a read without its transport, and the parser echoing each start line, are one message each', () => {
	// `channel [0x...]: received [393] new bytes from [127.0.0.1:15061]:` then the datagram; the
	// parser's `channel [0x...] read message of [393] bytes:` then the head's first 40 characters
	// and `...` is a copy, not another message; the body logged again after `read [N] bytes of
	// body from` is log text.
	const a = expectSourceVariant('bellesip-1.x-no-transport.log', 'bellesip');
	assert.equal(a.messages.filter((m) => m.method === 'SUBSCRIBE').length, 1);
});

void test('belle-sip over TCP: two messages in one read, and a message read over two reads is read whole', () => {
	// The 200 and the NOTIFY in one `received [N] new bytes` record; the NOTIFY with Linda's state
	// read in two (its head and 100 octets of its body, then the rest after `bytes parsed`): one
	// message across both records, its body whole, Linda's PIDF as Kamailio sent it.
	const a = expectSourceVariant('bellesip-tcp-reads.log', 'bellesip');
	const text = sourceText('bellesip-tcp-reads.log');
	const notify = a.messages[4]!;
	const body = bodyText(text, notify);
	assert.ok(body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\r\n<presence '), body);
	assert.ok(body.trimEnd().endsWith('</presence>'), body);
	// Both reads' octets: the XML declaration from the first read, her state from the second.
	assert.match(body, /<basic>open<\/basic>[^]*<rpid:busy\/>[^]*<\/dm:person>/);
});

void test('belle-sip over TCP: a read that ends inside the body, with the next read not in the trace, is said cut by the read', () => {
	// The excerpt lost the second read's record: the NOTIFY lacks 444 octets of its body, which
	// the record's read size (620) says came later; no Content-Length error for it.
	const text = sourceText('bellesip-tcp-reads.log');
	const second = text.indexOf('received [444] new bytes');
	const from = text.lastIndexOf('\n', second) + 1;
	const to = text.indexOf(' read [544] bytes of body');
	const excerpt = text.slice(0, from) + text.slice(text.indexOf('\n', to) + 1);
	const a = analyzeTrace(excerpt);
	assert.equal(a.messages.length, 6);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['message.truncated'],
	);
	assert.match(a.problems[0]!.message, /holds 620 octets and ends 444 octets before the end/);
});

void test("belle-sip's make_logbuf: a message cut at `... (first N bytes shown)` ends there, said cut by the log", () => {
	// A note in UTF-8 (`En réunion`): the record stops before the `é`, the marker glued after the
	// last octet shown; the message is truncated by the log, its body not faulted, and the marker
	// is not part of it.
	const a = expectSourceVariant('bellesip-binary-cut.log', 'bellesip');
	const text = sourceText('bellesip-binary-cut.log');
	for (const m of a.messages)
		assert.ok(!text.slice(m.frame.sip.start, m.frame.sip.end).includes('bytes shown)'));
	assert.ok(!a.problems.some((p) => p.code.startsWith('content-length')));
});

void test("belle-sip's `message partly sent to [TLS://a:p], sent: [300/1112] bytes:`: sent, to that peer, cut where the stream stopped", () => {
	expectSourceVariant('bellesip-tls-partly-sent.log', 'bellesip');
});

void test("JsSIP's debug lines in a terminal: the namespace before every line is taken off", () => {
	// `  JsSIP:Transport sending message:`, `  JsSIP:Transport SUBSCRIBE sip:... SIP/2.0`, ...,
	// `  JsSIP:Transport  +0ms`, copied without colours and as captured with them.
	expectSourceVariant('jssip-node-terminal-copy.log', 'raw');
	expectSourceVariant('jssip-node-terminal-colours.log', 'raw');
});

void test("debug's lines with the space after a lone namespace trimmed (drachtio's log in an issue): each is still an empty line", () => {
	const text = sourceText('jssip-node-terminal-copy.log');
	const trimmed = text.replace(/^( {2}JsSIP:Transport) (\r?)$/gm, '$1$2');
	assert.notEqual(trimmed, text);
	const read = (t: string) => {
		const a = analyzeTrace(t);
		return {
			messages: a.messages.map((m) => [m.method ?? m.status, m.callId, m.contentLength]),
			problems: a.problems.map((p) => p.code),
		};
	};
	assert.deepEqual(read(trimmed), read(text));
});

void test("JsSIP's debug lines written to a file and in the browser's console; SIP.js 0.21's console", () => {
	// Node without a terminal: `2026-11-24T22:42:05.356Z JsSIP:Transport sending message:`; the
	// browser: `jssip.min.js:9 JsSIP:Transport received text message:` and ` +1ms` after the
	// message; SIP.js: `Mon Nov 24 2026 22:42:05 GMT+0000 (...) | sip.Transport | Sending
	// WebSocket message:`.
	expectSourceVariant('jssip-node-file.log', 'raw');
	expectSourceVariant('jssip-browser-console.txt', 'raw');
	expectSourceVariant('sipjs-0.21-console.txt', 'raw');
});

void test("JsSIP in the browser's console, a body trimmed where it was posted: the body ends at debug's ` +1012ms`, not at the next message", () => {
	const text = sourceText('jssip-browser-console.txt');
	// The poster left out Linda's tuple: Content-Length still counts it.
	const trimmed = text.replace(/<tuple id="t-linda-1">[^]*?<\/tuple>\n/, '...trimmed\n');
	assert.notEqual(trimmed, text);
	const whole = analyzeTrace(text);
	const a = analyzeTrace(trimmed);
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.callId]),
		whole.messages.map((m) => [m.method ?? m.status, m.callId]),
	);
	const notify = a.messages.find((m) => m.method === 'NOTIFY' && m.body)!;
	const body = bodyText(trimmed, notify);
	assert.ok(body.trimEnd().endsWith('</presence>'), body);
	assert.ok(!body.includes('JsSIP:Transport') && !body.includes('+1012ms'), body);
});

void test('baresip 1.1 on: sip_trace over TCP on IPv6, the time before `#`', () => {
	expectSourceVariant('baresip-tcp-ipv6.log', 'baresip');
});

void test("a file that starts with a JsSIP debug line, a SIP.js console line or belle-sip's `partly sent` opens as a SIP trace", () => {
	for (const name of [
		'jssip-node-file.log',
		'jssip-node-terminal-copy.log',
		'jssip-node-terminal-colours.log',
		'jssip-browser-console.txt',
		'sipjs-0.21-console.txt',
	])
		assert.match(sourceText(name).split('\n')[0]!, firstLine, name);
	assert.match(
		'2026-11-24 22:42:06:368 belle-sip-message-channel [0x55e39daf8ce0]: message partly sent to [TLS://127.0.0.1:15060], sent: [300/1112] bytes:',
		firstLine,
	);
	// Not any line that names the library.
	for (const line of [
		'JsSIP is a SIP library',
		'see JsSIP:Transport below',
		'a | sip.Transport | b',
	])
		assert.doesNotMatch(line, firstLine, line);
});

/** Linda's real linphonec log (real/linphone-presence.linda.log) and the links expected of it. */
function lindaLog(): {
	log: string;
	expected: {
		messages: {
			line: number;
			method: string | null;
			status: number | null;
			time: string;
			direction: string;
		}[];
	};
} {
	const file = join(__dirname, '..', 'fixtures', 'real', 'linphone-presence.linda.log');
	return {
		log: readFileSync(file, 'utf8'),
		expected: JSON.parse(readFileSync(`${file}.expected.json`, 'utf8')) as ReturnType<
			typeof lindaLog
		>['expected'],
	};
}

void test("belle-sip logging to the system's console (iOS: `Dec  1 22:30:30  linphone[3434] <Notice>: `): each message ends before the next record, timed by it", () => {
	// Linda's real linphonec log, each record's stamp written as the iOS console writes it; the
	// messages' own lines unchanged, so every message stands where it stood.
	const { log, expected } = lindaLog();
	const months = 'JanFebMarAprMayJunJulAugSepOctNovDec';
	const onConsole = log.replace(
		/^\d{4}-(\d\d)-(\d\d) (\d\d:\d\d:\d\d):\d{3} /gm,
		(_, mo: string, d: string, t: string) =>
			`${months.slice(3 * (Number(mo) - 1), 3 * Number(mo))} ${d.replace(/^0/, ' ')} ${t}  linphone[3434] <Notice>: `,
	);
	assert.notEqual(onConsole, log);
	const a = analyzeTrace(onConsole);
	assert.equal(a.format, 'bellesip');
	const lineOf = (offset: number): number => onConsole.slice(0, offset).split('\n').length - 1;
	assert.deepEqual(
		a.messages.map((m) => [lineOf(m.startLine.start), m.method ?? m.status, m.frame.time]),
		expected.messages.map((m) => [
			m.line,
			m.method ?? m.status,
			// The console's stamp: the day and the second, no year.
			`--${m.time.slice(5, 10)}T${m.time.slice(11, 19)}`,
		]),
	);
	// Read as the log with its own stamps reads: no header made of the next record.
	assert.deepEqual(
		a.problems.map((p) => p.code),
		analyzeTrace(log).problems.map((p) => p.code),
	);
});

void test("belle-sip in logcat's tag layout (`adb logcat -v tag`: `I/Linphone: ` before every line, a space before it or not): the prefix is taken off, each message read as in the log", () => {
	// Linda's real linphonec log, every line behind logcat's priority and tag alone (the records'
	// own stamps gone, as logcat's line carries none): each message stands where it stood.
	const { log, expected } = lindaLog();
	const lines = log
		.split('\n')
		.map((l) => `I/Linphone: ${l.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3} /, '')}`);
	// Also as a paste with a space before each line, but for one (a GitHub comment's).
	for (const tagged of [lines.join('\n'), lines.map((l, i) => (i === 5 ? l : ` ${l}`)).join('\n')])
		readsAsLinda(tagged, log, expected);
});

void test('belle-sip behind a relative-time prefix (`0.574 I Linphone: `: seconds, priority, tag, as a Linphone Android log in a public issue has it): the prefix is taken off every line', () => {
	const { log, expected } = lindaLog();
	const viewer = log
		.split('\n')
		.map(
			(l, i) =>
				`${(i / 100).toFixed(3)} I Linphone: ${l.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3} /, '')}`,
		)
		.join('\n');
	readsAsLinda(viewer, log, expected);
});

function readsAsLinda(
	tagged: string,
	log: string,
	expected: ReturnType<typeof lindaLog>['expected'],
): void {
	const a = analyzeTrace(tagged);
	assert.equal(a.format, 'logcat');
	const lineOf = (offset: number): number => tagged.slice(0, offset).split('\n').length - 1;
	assert.deepEqual(
		a.messages.map((m) => [lineOf(m.startLine.start), m.method ?? m.status, m.frame.direction]),
		expected.messages.map((m) => [m.line, m.method ?? m.status, m.direction]),
	);
	assert.deepEqual(
		a.messages.map((m) => m.callId),
		analyzeTrace(log).messages.map((m) => m.callId),
	);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		analyzeTrace(log).problems.map((p) => p.code),
	);
}

void test("belle-sip's channel line with its peer masked where the log was posted: the record still times the message and says which way it went", () => {
	const { log } = lindaLog();
	const masked = log.replace(
		/(new bytes from|message sent to) \[(\w+):\/\/[^\]\s]+\]/g,
		'$1 [$2://**sip*address**:**port**]',
	);
	assert.notEqual(masked, log);
	const plain = analyzeTrace(log);
	const a = analyzeTrace(masked);
	const reading = (b: ReturnType<typeof analyzeTrace>): unknown[] =>
		b.messages.map((m) => [
			m.method ?? m.status,
			m.frame.time,
			m.frame.direction,
			m.frame.transport,
		]);
	assert.deepEqual(reading(a), reading(plain));
	assert.ok(a.messages.every((m) => m.frame.src === null && m.frame.dst === null));
});
