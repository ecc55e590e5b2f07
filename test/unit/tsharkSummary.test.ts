// tshark's text with each packet's summary line before its dissection (`tshark -P -V -O sip`,
// Wireshark's "Export Packet Dissections" with "Summary line"): real/tshark-summary.tshark.txt,
// the challenged calls' capture printed that way (test/fixtures/README.md). realFixtures.test.ts
// compares its messages and links with tshark's fields; here, where each packet starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';

const dir = join(__dirname, '..', 'fixtures', 'real');

void test("tshark -P: each message's frame starts at its own packet's summary line and ends before the next one", () => {
	const text = readFileSync(join(dir, 'tshark-summary.tshark.txt'), 'utf8');
	const analysis = analyzeTrace(text);
	assert.equal(analysis.format, 'tshark');
	// The packet numbers as tshark printed them: each summary line's first column, each Frame line's.
	const summaries = [...text.matchAll(/^ {0,10}(\d{1,10}) [^\n]{0,200}(?:→|->)[^\n]{0,200}$/gm)];
	const frames = [...text.matchAll(/^Frame (\d{1,10}): /gm)];
	assert.equal(summaries.length, analysis.messages.length);
	assert.equal(frames.length, analysis.messages.length);
	analysis.messages.forEach((m, i) => {
		const { start, end } = m.frame.span;
		assert.equal(start, summaries[i]!.index, `message ${i} starts at its summary line`);
		assert.equal(summaries[i]![1], frames[i]![1]);
		const inside = text.slice(start, end);
		// Its own Frame line, and no other packet's summary line.
		assert.equal(inside.match(/^Frame \d{1,10}: /gm)?.length, 1);
		assert.ok(inside.includes(`\nFrame ${frames[i]![1]}: `), `message ${i}`);
		if (i + 1 < summaries.length) assert.ok(end <= summaries[i + 1]!.index!);
	});
	// Read as the same capture printed without summary lines.
	const plain = analyzeTrace(readFileSync(join(dir, 'challenged-call.tshark.txt'), 'utf8'));
	assert.deepEqual(
		analysis.messages.map((m) => [m.method ?? m.status, m.callId, m.frame.src, m.frame.dst]),
		plain.messages.map((m) => [m.method ?? m.status, m.callId, m.frame.src, m.frame.dst]),
	);
	assert.deepEqual(analysis.problems, []);
});
