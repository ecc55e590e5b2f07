// tshark's text with every layer expanded (`tshark -V` without `-O sip`, Wireshark's "Export
// Packet Dissections > As Plain Text" with all details expanded), printed by the real tshark from
// the real presence story (test/scripts/render-tshark-variants.mjs). The Frame layer's `Epoch
// Time: 1795560125.356310844 seconds` gives each message its time; the expected times, addresses,
// lines and methods are tshark's own fields (-T fields), written by the script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const dir = join(__dirname, '..', 'fixtures', 'formats', 'source');

/** The 0-based line of an offset. */
const lineOf = (text: string, offset: number): number =>
	text.slice(0, offset).split('\n').length - 1;

test('tshark -V with every layer: each message at its Request-Line, its time to the microsecond', () => {
	const name = 'tshark-all-layers.txt';
	const text = readFileSync(join(dir, name), 'utf8');
	const expected = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) as {
		format: string;
		messages: unknown[];
	};
	const a = analyzeTrace(text);
	assert.equal(a.format, expected.format);
	assert.deepEqual(
		a.messages.map((m) => ({
			line: lineOf(text, m.startLine.start),
			time: m.frame.time,
			epochMicros: m.frame.epochMicros,
			src: m.frame.src,
			dst: m.frame.dst,
			transport: m.frame.transport,
			method: m.kind === 'request' ? m.method : null,
			status: m.kind === 'response' ? m.status : null,
		})),
		expected.messages,
	);
	// The story: 0 SUBSCRIBE, 1 its 200, 2 NOTIFY, 3 its 200, 4 PUBLISH, 5 407, 6 PUBLISH with
	// credentials, 7 200 (SIP-ETag), 8 the NOTIFY it fans out, 9 its 200, 10 refresh, 11 its 200.
	const { index } = a;
	assert.deepEqual(
		[1, 3, 5, 7, 9, 11].map((i) => index.requestOf(i)),
		[0, 2, 4, 6, 8, 10],
	);
	assert.equal(index.subscriptionOf(2)?.creator, 0);
	assert.equal(index.subscriptionOf(8)?.creator, 0);
	assert.equal(index.challengeOf(6), 5);
	assert.equal(index.publishRefreshed(10), 6);
	assert.equal(index.publishOf(8), 6);
	assert.deepEqual(a.problems, []);
});
