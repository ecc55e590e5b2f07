// Offsets <-> positions, as LSP counts lines: LF, CRLF and a lone CR each end a line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/core/text/lineIndex';

/** Line starts by the definition: after each match of CRLF, CR or LF. */
function referenceStarts(text: string): number[] {
	const starts = [0];
	for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push(m.index + m[0].length);
	return starts;
}

test('line starts match LSP line ends for any mix of LF, CRLF and lone CR', () => {
	fc.assert(
		fc.property(
			fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\r', '\r\n', '\n\r', 'é'), { maxLength: 80 }),
			(parts) => {
				const text = parts.join('');
				const index = new LineIndex(text);
				const starts = referenceStarts(text);
				assert.equal(index.lineCount, starts.length);
				starts.forEach((start, line) => {
					assert.equal(index.lineStart(line), start);
					assert.deepEqual(index.positionAt(start), { line, character: 0 });
				});
			},
		),
		{ numRuns: 2000 },
	);
});

test('offsets and positions round-trip, clamped at line and document ends', () => {
	const text = 'INVITE sip:a@b SIP/2.0\r\nVia: x\rTo: y\n\nbody';
	const index = new LineIndex(text);
	for (let offset = 0; offset <= text.length; offset++) {
		const { line, character } = index.positionAt(offset);
		// Positions inside a CRLF map back to the line end.
		assert.ok(index.offsetAt(line, character) <= offset);
	}
	assert.equal(index.offsetAt(0, 1000), index.lineStart(1));
	assert.equal(index.offsetAt(99, 0), text.length);
	assert.deepEqual(index.positionAt(text.length + 5), index.positionAt(text.length));
});
