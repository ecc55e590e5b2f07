// A trace whose every message is faulty gives a problem list far longer than the call stack can
// take as arguments: appending it with `push(...list)` threw (RangeError), and a 1 MB file took
// the analysis down. Each problem is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

void test('40,000 messages lacking four of the headers a request needs: analysed, every problem kept', () => {
	const count = 40_000;
	// A CSeq and a To under each start line: a start line alone is a quote, and headers without
	// any of Via, Call-ID and CSeq (or of Via, Call-ID, From and To) a post's excerpt, not a
	// message.
	const text = 'OPTIONS sip:a SIP/2.0\r\nCSeq: 1 OPTIONS\r\nTo: <sip:a>\r\n\r\n'.repeat(count);
	const analysis = analyzeTrace(text);
	assert.equal(analysis.messages.length, count);
	// Via, From, Call-ID, Max-Forwards: each message lacks all four.
	for (const code of ['header.missing-via', 'header.missing-call-id', 'header.missing-from']) {
		const found = analysis.problems.filter((p) => p.code === code);
		assert.equal(found.length, count, code);
	}
	assert.ok(analysis.problems.length >= 4 * count);
});
