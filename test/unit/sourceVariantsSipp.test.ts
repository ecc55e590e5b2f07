// SIPp's -trace_msg records for a send the socket did not take whole, as SIPp's own socket code
// prints them (`Truncation sending TCP message (512 of 1112 sent):`, `Error sending UDP
// message:`), rendered by test/scripts/render-sipp-variants.mjs from a real SIPp 3.6.1 log. The
// expected lines, times, directions and sizes are the script's, written as it printed each record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const dir = join(__dirname, '..', 'fixtures', 'formats', 'source');

interface Expected {
	format: string;
	messages: {
		line: number;
		method: string | null;
		status: number | null;
		time: string;
		direction: 'in' | 'out';
		transport: string;
		declaredBytes: number | null;
	}[];
}

/** The 0-based line of an offset. */
const lineOf = (text: string, offset: number): number =>
	text.slice(0, offset).split('\n').length - 1;

function read(name: string) {
	const text = readFileSync(join(dir, name), 'latin1');
	const expected = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) as Expected;
	return { text, analysis: analyzeTrace(text), expected };
}

function assertRecords(name: string): { text: string; analysis: ReturnType<typeof analyzeTrace> } {
	const { text, analysis, expected } = read(name);
	assert.equal(analysis.format, expected.format);
	assert.deepEqual(
		analysis.messages.map((m) => ({
			line: lineOf(text, m.startLine.start),
			method: m.kind === 'request' ? m.method : null,
			status: m.kind === 'response' ? m.status : null,
			time: m.frame.time,
			direction: m.frame.direction,
			transport: m.frame.transport,
			declaredBytes: m.frame.declaredBytes,
		})),
		expected.messages,
	);
	return { text, analysis };
}

// The story's links in Linda's log: 0 PUBLISH, 1 407, 2 PUBLISH with credentials, 3 200 (ETag),
// 4 refresh, 5 200, 6 modify, 7 200, 8 removal, 9 200, 10 PUBLISH with a stale SIP-If-Match.
function assertStory(
	text: string,
	analysis: ReturnType<typeof analyzeTrace>,
	more: [string, number][] = [],
): void {
	const { index } = analysis;
	assert.equal(index.requestOf(1), 0);
	assert.equal(index.challengeOf(2), 1);
	assert.equal(index.requestOf(3), 2);
	assert.equal(index.publishRefreshed(4), 2);
	assert.equal(index.requestOf(5), 4);
	assert.equal(index.publishRefreshed(6), 4);
	assert.equal(index.publishRefreshed(8), 6);
	assert.equal(index.requestOf(9), 8);
	// The story's own problem: the last PUBLISH names an entity-tag already replaced.
	const publish = lineOf(text, analysis.messages[10]!.startLine.start);
	assert.deepEqual(
		analysis.problems.map((p) => [p.code, lineOf(text, p.span.start) - publish]),
		[...more, ['publish.stale-etag', 10]], // on its SIP-If-Match line
	);
}

test('SIPp -trace_msg over TCP: a message sent in part is sent, its size the whole message', () => {
	const { text, analysis } = assertRecords('sipp-tcp-truncation.log');
	assert.equal(analysis.messages.length, 12);
	assertStory(text, analysis);
	assert.equal(analysis.index.requestOf(11), 10);
});

test('SIPp -trace_msg: a message the socket refused is the one SIPp sent, over its transport', () => {
	const { text, analysis } = assertRecords('sipp-udp-error-sending.log');
	assert.equal(analysis.messages.length, 11);
	// The record says the message never left: on its `Error sending UDP message:` line, above it.
	assertStory(text, analysis, [['message.not-sent', -2]]);
	const notSent = analysis.problems.find((p) => p.code === 'message.not-sent')!;
	assert.equal(text.slice(notSent.span.start, notSent.span.end), 'Error sending UDP message:');
	assert.equal(notSent.severity, 'warning');
	assert.match(notSent.message, /could not send this message: its UDP socket refused it/);
});
