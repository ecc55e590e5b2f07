// What `opensips-cli -x trace` prints, as its source prints each HEP packet
// (opensipscli/modules/trace.py, HEPpacket.__str__): the time in blue and the rest of the line in
// cyan (terminal escapes, also in a file), the microseconds unpadded (`.4466`), an IPv6 address
// without brackets before `:port`. Rendered around real messages (Kamailio's sipdump of the
// presence stories) by test/scripts/render-opensips-variants.mjs; the expected values come from
// that printf and tshark's dissection of the stories (expected-links.mjs), never from the analyser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { coversAll } from './coversAll';
import { linksOf, type Expected } from './expectedLinks';

const root = join(__dirname, '..', '..');
const source = join(root, 'test', 'fixtures', 'formats', 'source');

/** 0-based line of `offset` in `text`. */
function lineAt(text: string, offset: number): number {
	let line = 0;
	for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
	return line;
}

for (const name of ['opensips-cli-trace-color.txt', 'opensips-cli-trace-ipv6.txt']) {
	const text = readFileSync(join(source, name), 'latin1');
	const expected = JSON.parse(
		readFileSync(join(source, `${name}.expected.json`), 'utf8'),
	) as Expected;

	void test(`${name}: every message at its line, with the packet's time, addresses and transport`, () => {
		const a = analyzeTrace(text);
		assert.equal(a.format, 'opensips');
		coversAll(text, a);
		assert.equal(a.messages.length, expected.messages.length);
		for (const want of expected.messages) {
			const m = a.messages[want.index]!;
			const at = `message ${want.index}`;
			assert.equal(lineAt(text, m.startLine.start), want.line, `line of ${at}`);
			assert.deepEqual([m.method, m.status, m.callId], [want.method, want.status, want.callId], at);
			assert.deepEqual(
				[m.frame.time, m.frame.src, m.frame.dst, m.frame.transport],
				[want.time, want.src, want.dst, want.transport],
				at,
			);
		}
	});

	void test(`${name}: the links of the presence story, and no fault but its stale entity-tag`, () => {
		const a = analyzeTrace(text);
		for (const want of expected.messages)
			assert.deepEqual(linksOf(a, want.index, false), want.links, `links of message ${want.index}`);
		// The story re-sends a PUBLISH with an entity-tag already replaced: the 412 answers it.
		const stale = expected.messages.filter((m) => m.status === 412).map((m) => m.links.request);
		assert.equal(stale.length, 1);
		const holder = (at: number): number =>
			a.messages.findIndex((m) => m.frame.span.start <= at && at < m.frame.span.end);
		assert.deepEqual(
			a.problems.map((p) => [p.code, holder(p.span.start)]),
			stale.map((i) => ['publish.stale-etag', i]),
		);
	});
}

void test('a microsecond count under 100,000 is read as microseconds, not as a decimal fraction', () => {
	const name = 'opensips-cli-trace-ipv6.txt';
	const text = readFileSync(join(source, name), 'latin1');
	// eslint-disable-next-line no-control-regex -- the terminal colours opensips-cli prints
	const short = [...text.matchAll(/^\x1b\[1;34m\d+\.(\d{1,5})\x1b/gm)];
	assert.ok(short.length > 0, 'the fixture has such a count');
	const a = analyzeTrace(text);
	for (const s of short) {
		const m = a.messages.find((x) => x.frame.span.start === s.index)!;
		assert.equal(m.frame.time!.slice(-7), `.${s[1]!.padStart(6, '0')}`);
	}
});

void test("the file opens as a SIP trace: firstLine takes opensips-cli's coloured packet line", () => {
	const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
		contributes: { languages: { id: string; firstLine: string }[] };
	};
	const firstLine = new RegExp(
		manifest.contributes.languages.find((l) => l.id === 'sip')!.firstLine,
	);
	for (const name of ['opensips-cli-trace-color.txt', 'opensips-cli-trace-ipv6.txt']) {
		const text = readFileSync(join(source, name), 'latin1');
		assert.match(text.slice(0, text.indexOf('\n')), firstLine, name);
	}
});
