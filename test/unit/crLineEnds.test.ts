// A trace whose lines end in a CR alone (classic Mac OS, a copy through a tool that kept only the
// CR) is read as the same trace with LF line ends: VS Code shows it line for line the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import type { TraceAnalysis } from '../../server/src/core/model';
import { linksOf } from './expectedLinks';

const dir = join(__dirname, '..', 'fixtures', 'real');

/** What a reader sees of each message: where it starts, what it is, its links; and the problems. */
function seen(a: TraceAnalysis): unknown {
	const lines = new LineIndex(a.text);
	return {
		format: a.format,
		messages: a.messages.map((m) => [
			lines.lineAt(m.startLine.start),
			m.method ?? m.status,
			m.callId,
			m.frame.src,
			m.frame.time,
			linksOf(a, m.index, false),
		]),
		problems: a.problems.map((p) => [p.code, lines.lineAt(p.span.start)]),
	};
}

for (const name of [
	'presence-story.sngrep.txt',
	'presence-story.tshark.txt',
	'presence-story.sipp-linda.log',
	'presence-story.ngrep.txt',
	'challenged-call.sip',
]) {
	void test(`${name} with every line ending in a CR alone reads as with LF`, () => {
		const lf = readFileSync(join(dir, name), 'utf8').replace(/\r\n/g, '\n');
		const cr = lf.replace(/\n/g, '\r');
		const a = analyzeTrace(cr);
		assert.ok(a.messages.length > 0);
		assert.deepEqual(seen(a), seen(analyzeTrace(lf)));
		// The trace as written is kept, for what is written back out (an extracted call).
		assert.equal(a.source, cr);
	});
}
