// A message of a hundred thousand header lines (a hostile or broken sender, a trace that glued
// logs together) is read in linear time: each line is read on its own, never by searching back
// through the lines before it. A quadratic reading would not finish within the test's timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

test('a message of 100,000 header lines without a dot is read whole', { timeout: 60_000 }, () => {
	const count = 100_000;
	const headers = Array.from({ length: count }, (_, i) => `X-Header-${i}: value\r\n`).join('');
	const text = `OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n${headers}Content-Length: 0\r\n\r\n`;
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(m.headerCount, count + 2);
	assert.equal(m.headerKey(count), 'x-header-99999');
	assert.equal(m.contentLength, 0);
	assert.ok(!a.problems.some((p) => p.code === 'header.wrapped' || p.code === 'header.malformed'));
});
