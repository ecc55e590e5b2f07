// A collector's printout of several programs writing at once (`docker compose logs` of a proxy and
// a voicemail server, `kubectl logs -l --prefix`, stern, the journal of two services): their lines
// interleave, and each program's messages read whole, as its own log reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import type { SipMessage, TraceAnalysis } from '../../server/src/core/model';
import { messageAt, messagesWithin } from '../../server/src/core/query';
import { extractCall } from '../../server/src/core/extractCall';
import { textOf } from '../../server/src/core/parser/joins';
import { coversAll } from './coversAll';
import { readerSees } from './readerSees';
import { assertExpected, type Expected } from './expectedLinks';

const dir = join(__dirname, '..', 'fixtures', 'real');
const read = (name: string): string => readFileSync(join(dir, name), 'utf8');

const printout = 'kamailio-voicemail.compose.log';
// Each service's column, and the log it printed.
const services: [RegExp, string][] = [
	[/^kamailio-1 +\| /, 'kamailio-xlog.log'],
	[/^voicemail-1 +\| /, 'mwi-story.sipp-voicemail.log'],
];

/** What a reader sees of each message, but the request it answers (numbered in its own trace). */
function seen(analysis: TraceAnalysis, messages: readonly SipMessage[]): unknown[] {
	return messages.map((m) => {
		const { request: _, ...rest } = readerSees(analysis, m, m.index);
		return { ...rest, headers: m.headers.map((h) => h.key) };
	});
}

/** The line of `text` that holds `offset`. */
function lineAt(text: string, offset: number): string {
	const start = text.lastIndexOf('\n', offset - 1) + 1;
	const end = text.indexOf('\n', offset);
	return text.slice(start, end < 0 ? text.length : end);
}

/** The printout with each service's column written as another collector writes its own. */
function recolumned(text: string, columns: [RegExp, string][]): string {
	return text
		.split('\n')
		.map((line) => {
			for (const [from, to] of columns) if (from.test(line)) return line.replace(from, to);
			return line;
		})
		.join('\n');
}

void test("two services' interleaved lines: each message read whole, with the links each log has", () => {
	const text = read(printout);
	const analysis = analyzeTrace(text);
	assertExpected(analysis, JSON.parse(read(`${printout}.expected.json`)) as Expected);
	coversAll(text, analysis);
	// Each service's messages are its log's, header by header, body and all.
	for (const [column, log] of services) {
		const own = analysis.messages.filter((m) => column.test(lineAt(text, m.startLine.start)));
		const original = analyzeTrace(read(log));
		assert.deepEqual(seen(analysis, own), seen(original, original.messages), log);
	}
	// The other service's lines cut some messages: each header's value is on the printout's text.
	const cut = analysis.messages.filter((m) => m.frame.rest);
	assert.ok(cut.length >= 10, `${cut.length} messages in pieces`);
	for (const m of analysis.messages) {
		const callId = m.headers.find((h) => h.key === 'call-id')!;
		assert.equal(textOf(text, m.frame, callId.value.start, callId.value.end), m.callId);
	}
});

void test("a message's lines after the other service's are the message's; the lines between are not", () => {
	const text = read(printout);
	const analysis = analyzeTrace(text);
	let checked = 0;
	for (const m of analysis.messages) {
		const lines = m.frame.lines!;
		for (const piece of m.frame.rest ?? []) {
			// A header line of the message in that piece: the cursor there is on the message.
			for (let i = 0; i < lines.length; i += 2) {
				if (lines[i]! < piece.start || lines[i]! >= piece.end || lines[i + 1] === lines[i])
					continue;
				assert.equal(messageAt(analysis, lines[i]!)?.index, m.index);
				assert.ok(messagesWithin(analysis, lines[i]!, lines[i]!).includes(m));
				checked++;
			}
		}
		// The line right before a piece after the span is the other service's.
		const after = (m.frame.rest ?? []).find((r) => r.start > m.frame.span.end);
		if (after) assert.notEqual(messageAt(analysis, after.start - 1)?.index, m.index);
	}
	assert.ok(checked > 0);
});

void test('the same services as `kubectl logs -l --prefix` and the journal print them read the same', () => {
	const text = read(printout);
	const expected = JSON.parse(read(`${printout}.expected.json`)) as Expected;
	const kubectl = recolumned(text, [
		[/^kamailio-1 +\| /, '[pod/proxy-0/kamailio] '],
		[/^voicemail-1 +\| /, '[pod/voicemail-7f9c/sipp] '],
	]);
	assertExpected(analyzeTrace(kubectl), expected, 'kubectl');
	// A line a record, as a service's stdout goes to the journal, two services on one host.
	const journal = recolumned(text, [
		[/^kamailio-1 +\| /, 'Dec 04 18:13:21 pbx kamailio[812]: '],
		[/^voicemail-1 +\| /, 'Dec 04 18:13:21 pbx sipp[4410]: '],
	]);
	const analysis = analyzeTrace(journal);
	assertExpected(analysis, expected, 'journal');
	coversAll(journal, analysis);
});

void test('the same two pods as stern prints them (with the namespace, with stamps) read the same', () => {
	const text = read(printout);
	const expected = JSON.parse(read(`${printout}.expected.json`)) as Expected;
	const columns = (prefix: string, stamp = ''): [RegExp, string][] => [
		[/^kamailio-1 +\| /, `${prefix}kamailio-7d9f8b6c4-x2x9k kamailio ${stamp}`],
		[/^voicemail-1 +\| /, `${prefix}voicemail-0 sipp ${stamp}`],
	];
	for (const [what, printed] of [
		['stern', recolumned(text, columns(''))],
		['stern --all-namespaces', recolumned(text, columns('voip '))],
		['stern --timestamps', recolumned(text, columns('', '2026-12-04T18:00:00.123456789Z '))],
		['stern --timestamps=short', recolumned(text, columns('voip ', '12-04 18:00:00 '))],
	] as const) {
		const analysis = analyzeTrace(printed);
		assertExpected(analysis, expected, what);
		coversAll(printed, analysis);
	}
});

void test("one pod's log as stern prints it reads as the log", () => {
	const log = read('kamailio-xlog.log');
	const lines = log.replace(/\n$/, '').split('\n');
	const text = `${lines.map((l) => `kamailio-0 kamailio ${l}`).join('\n')}\n`;
	const analysis = analyzeTrace(text);
	const original = analyzeTrace(log);
	assert.equal(analysis.format, original.format);
	assert.deepEqual(seen(analysis, analysis.messages), seen(original, original.messages));
	coversAll(text, analysis);
});

void test('a service that printed no SIP beside one that did: its lines are noise, the messages whole', () => {
	const log = read('kamailio-xlog.log').trimEnd().split('\n');
	const lines: string[] = [];
	// A database's lines between every two of Kamailio's.
	log.forEach((line, i) =>
		lines.push(`kamailio-1  | ${line}`, `db-1        | LOG:  checkpoint ${i}`),
	);
	const text = `${lines.join('\n')}\n`;
	const analysis = analyzeTrace(text);
	const original = analyzeTrace(read('kamailio-xlog.log'));
	assert.equal(analysis.format, original.format);
	assert.deepEqual(seen(analysis, analysis.messages), seen(original, original.messages));
	assert.deepEqual(
		analysis.messages.map((m) => analysis.index.requestOf(m.index)),
		original.messages.map((m) => original.index.requestOf(m.index)),
	);
	assert.ok(!analysis.problems.some((p) => p.code === 'framing.no-messages'));
	coversAll(text, analysis);
});

void test("a call taken out of the printout holds its service's lines only, and reads as that call", () => {
	const text = read(printout);
	const analysis = analyzeTrace(text);
	// A Kamailio dialog whose messages the voicemail server's lines cut.
	const cut = analysis.messages.find((m) => m.frame.rest && m.method === 'SUBSCRIBE')!;
	assert.ok(cut);
	const got = extractCall(analysis, cut.index)!;
	const lines = got.text.replace(/\n$/, '').split('\n');
	assert.ok(
		lines.every((l) => services[0]![0].test(l)),
		'no line of the other service',
	);
	const alone = analyzeTrace(got.text);
	assert.deepEqual(
		alone.messages.map((m) => [m.method ?? m.status, m.callId, m.headers.length]),
		got.messages.map((i) => {
			const m = analysis.messages[i]!;
			return [m.method ?? m.status, m.callId, m.headers.length];
		}),
	);
});

/** `text` (the printout `name`, or another copy of it) read: its expected messages and links. */
function readAsExpected(name: string, text = read(name)): TraceAnalysis {
	const analysis = analyzeTrace(text);
	assertExpected(analysis, JSON.parse(read(`${name}.expected.json`)) as Expected);
	coversAll(text, analysis);
	return analysis;
}

void test('`aws logs tail` of two ECS services: each message dated by its event where its log gives no time', () => {
	const name = 'kamailio-voicemail.cloudwatch.log';
	const text = read(name);
	const analysis = readAsExpected(name);
	const compose = analyzeTrace(read(printout));
	let dated = 0;
	analysis.messages.forEach((m, i) => {
		const own = compose.messages[i]!.frame.time;
		// The event's time (aws-cli's, `+00:00`) on the message's start line.
		const event = /^(\S+\+00:00) /.exec(lineAt(text, m.startLine.start))![1];
		assert.equal(m.frame.time, own ?? event, `message ${i}`);
		if (own === null) dated++;
	});
	assert.ok(dated >= 10, `${dated} messages dated by their events`);
});

void test("`aws logs tail --format json`, whose time leaves out a whole second's microseconds, reads the same", () => {
	const name = 'kamailio-voicemail.cloudwatch.log';
	const whole = read(name)
		.split('\n')
		.map((line) => line.replace(/^(\S{19})\.\d{6}\+00:00 /, '$1+00:00 '))
		.join('\n');
	readAsExpected(name, whole);
});

void test("kubetail's printout of two pods: each message's headers as its log has them, kubetail's colours and space after each line left out", () => {
	const analysis = readAsExpected('kamailio-voicemail.kubetail.log');
	const compose = analyzeTrace(read(printout));
	const headers = (a: TraceAnalysis, m: SipMessage): string[] =>
		m.headers.map((h) => `${h.key}: ${textOf(a.text, m.frame, h.value.start, h.value.end)}`);
	analysis.messages.forEach((m, i) => {
		const own = compose.messages[i]!;
		assert.deepEqual(headers(analysis, m), headers(compose, own), `message ${i}`);
		assert.equal(m.body === null, own.body === null, `message ${i}`);
	});
	// bash's `read` took the PIDF's indentation off: its octets are not all there, and it is said.
	assert.ok(analysis.problems.some((p) => p.code === 'content-length.mismatch'));
});

void test('the same services as `docker service logs` prints two Swarm tasks (with `-t`, its stamp first) read the same', () => {
	const text = read(printout);
	const expected = JSON.parse(read(`${printout}.expected.json`)) as Expected;
	const columns = (stamp: string): [RegExp, string][] => [
		[/^kamailio-1 +\| /, `${stamp}pbx_kamailio.1.k2j3h4g5f6d7@worker1    | `],
		[/^voicemail-1 +\| /, `${stamp}pbx_voicemail.1.q9w8e7r6t5y4@worker-2    | `],
	];
	for (const [what, printed] of [
		['docker service logs', recolumned(text, columns(''))],
		['docker service logs -t', recolumned(text, columns('2026-12-04T18:00:00.123456789Z '))],
	] as const) {
		const analysis = analyzeTrace(printed);
		assertExpected(analysis, expected, what);
		coversAll(printed, analysis);
		// With `-t`, a message whose log gives no time is dated by the stamp.
		const compose = analyzeTrace(text);
		analysis.messages.forEach((m, i) => {
			const own = compose.messages[i]!.frame.time;
			const stamp = what.endsWith('-t') ? '2026-12-04T18:00:00.123456789Z' : null;
			assert.equal(m.frame.time, own ?? stamp, `${what}: message ${i}`);
		});
	}
});
