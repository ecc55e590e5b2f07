// SIPp's 3PCC controllers (real/sipp-3pcc.*, test/fixtures/README.md): their -trace_msg logs hold,
// between the SIP messages, the records of SIPp's own control channel (`TCP control message sent
// (213 bytes):`, a Call-ID, Content-Type and the SDP passed on, no start line). realFixtures.test.ts
// compares the messages and links of each log with tshark's capture; here, the control records
// themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';

const dir = join(__dirname, '..', 'fixtures', 'real');

for (const side of ['a', 'b'])
	void test(`sipp-3pcc controller-${side}: each control channel record is log text, not a message nor part of one`, () => {
		const text = readFileSync(join(dir, `sipp-3pcc.sipp-controller-${side}.log`), 'utf8');
		const analysis = analyzeTrace(text);
		assert.equal(analysis.format, 'sipp');
		const records: number[] = [];
		for (const m of text.matchAll(/^TCP control message (?:sent|received) /gm))
			records.push(m.index);
		assert.equal(records.length, 2);
		for (const at of records) {
			assert.ok(
				analysis.noise.some((n) => n.start <= at && at < n.end),
				`the record at ${at} is log text`,
			);
			for (const m of analysis.messages)
				assert.ok(at < m.frame.span.start || at >= m.frame.span.end, `inside message ${m.index}`);
		}
		// The SDP each record passes on is no message's body: the bodies end as Content-Length says.
		assert.deepEqual(
			analysis.problems.map((p) => p.code),
			[],
		);
	});
