// Lines built to make regular expressions backtrack, in every format the framer knows: each must
// be analysed (a catastrophic pattern would never finish; the per-test timeout turns that into a
// failure instead of a hung run), and nothing may be lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { traceFormats } from '../../server/src/core/model';

const size = 1 << 20;
const lines = [
	'a'.repeat(size),
	';'.repeat(size),
	'<'.repeat(size),
	'9'.repeat(size),
	' '.repeat(size),
	'-'.repeat(size),
	'sip:'.repeat(size / 4),
	'"\\'.repeat(size / 2),
	`2026/11/24 19:33:07.319727 ${'1.'.repeat(size / 2)}`,
	`INVITE ${'sip:a@'.repeat(size / 6)} SIP/2.0`,
	`Via: SIP/2.0/UDP ${'a;'.repeat(size / 2)}`,
	`From: "${'\\"'.repeat(size / 2)} <sip:a@b>`,
	`<--- Received SIP request (${'9'.repeat(size)}`,
	`[Mar 30 13:35:51] ${'['.repeat(size)}`,
];
const formats = traceFormats;

for (const format of formats) {
	test(
		`${format}: megabyte lines that invite backtracking are analysed`,
		{ timeout: 120_000 },
		() => {
			for (const line of lines) {
				const text = `SUBSCRIBE sip:a@b SIP/2.0\r\nCall-ID: x\r\nSubject: ${line}\r\n\r\n${line}\r\n`;
				const a = analyzeTrace(text, { format });
				const covered = [...a.frames.map((f) => f.span), ...a.noise].reduce(
					(n, s) => n + s.end - s.start,
					0,
				);
				assert.equal(covered, text.length);
			}
		},
	);
}
