// A trace copied from a web page or a terminal may carry white space after every line: Markdown's
// two spaces for a line break, a console's copy padding each line to its width. Real printouts so
// padded must read as the printout itself: the same messages on the same lines, the same links,
// no problem the padding made (ngrep's `.` for a CR is found before the padding).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import { assertExpected, type Expected } from './expectedLinks';
import { coversAll } from './coversAll';

const real = join(__dirname, '..', 'fixtures', 'real');

const lineOf = (text: string, offset: number): number =>
	text.slice(0, offset).split('\n').length - 1;

const paddings: [string, (line: string) => string][] = [
	['Markdown line breaks', (l) => (l.trim() === '' ? l : `${l}  `)],
	// A console 120 columns wide; its longer lines (an SDP's, a PIDF's) wrapped by the console are
	// left as they are here.
	['a console copy', (l) => (l.length < 120 ? l.padEnd(120) : l)],
];

for (const name of [
	'presence-story.ngrep.txt',
	'presence-story.sipp-linda.log',
	'challenged-call.sip',
	'presence-story.sngrep.txt',
])
	for (const [how, pad] of paddings)
		test(`${name} with ${how} after every line reads as without them`, () => {
			const text = readFileSync(join(real, name), 'utf8');
			const expected = JSON.parse(
				readFileSync(join(real, `${name}.expected.json`), 'utf8'),
			) as Expected & { messages: { line: number }[] };
			// The printout's lines (a CRLF line keeps its CR at the end, as the copy would not).
			const padded = text
				.split('\n')
				.map((l) => pad(l.replace(/\r$/, '')))
				.join('\n');
			const a = analyzeTrace(padded);
			assertExpected(a, expected, name);
			assert.deepEqual(
				a.messages.map((m) => lineOf(padded, m.startLine.start)),
				expected.messages.map((m) => m.line),
			);
			// The problems of the printout itself (the story's stale entity-tag), on the same lines.
			const where = (t: string, b: ReturnType<typeof analyzeTrace>): string[] =>
				b.problems.map((p) => `${p.code} ${lineOf(t, p.span.start)}`);
			assert.deepEqual(where(padded, a), where(text, analyzeTrace(text)));
			coversAll(padded, a);
		});
