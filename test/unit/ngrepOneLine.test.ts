// ngrep's `-W single` (each packet on one line, CR and LF printed as `.`) of the committed
// presence captures (test/fixtures/real, see its README): every message and link is checked
// against tshark's dissection by realFixtures.test.ts; here, that the messages read as they do
// from the same capture's `-W byline` export: the same problems, no body said wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { bodyText } from '../../server/src/core/bodies/bodyText';

const real = join(__dirname, '..', 'fixtures', 'real');
const read = (name: string) => readFileSync(join(real, name), 'utf8');

for (const story of ['presence-story', 'presence-ipv6']) {
	void test(`${story}: ngrep -W single reads as ngrep -W byline does`, () => {
		const oneLine = read(`${story}.ngrep-oneline.txt`);
		const byline = read(`${story}.ngrep.txt`);
		const a = analyzeTrace(oneLine);
		const b = analyzeTrace(byline);
		assert.equal(a.format, 'ngrep');
		assert.equal(a.messages.length, b.messages.length);
		// Each message's start line on its packet line.
		for (const m of a.messages) {
			const lineStart = oneLine.lastIndexOf('\n', m.startLine.start) + 1;
			assert.match(oneLine.slice(lineStart, m.startLine.start), /^[UT] .* -> \S+ $/);
		}
		assert.deepEqual(
			a.problems.map((p) => p.code),
			b.problems.map((p) => p.code),
		);
		// The bodies as the byline export has them (Kamailio's PIDF, its bare LFs).
		assert.deepEqual(
			a.messages.map((m) => bodyText(oneLine, m).replace(/\r/g, '')),
			b.messages.map((m) => bodyText(byline, m).replace(/\r/g, '')),
		);
	});
}
