// Kamailio's sipdump text file as its source writes it (src/modules/sipdump/sipdump_write.c,
// sipdump_data_print: the message, then `||||||||||||||||||||\n` right after its last octet), for a
// message whose body ends without a line end: rendered around Kamailio's own records of the
// presence story by test/scripts/render-sipdump-variants.mjs. The expected values come from that
// printf and tshark's dissection of the story (expected-links.mjs), never from the analyser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { coversAll } from './coversAll';
import { linksOf, type Expected } from './expectedLinks';

const source = join(__dirname, '..', 'fixtures', 'formats', 'source');
const name = 'kamailio-sipdump-unterminated-body.txt';
const text = readFileSync(join(source, name), 'latin1');
const expected = JSON.parse(
	readFileSync(join(source, `${name}.expected.json`), 'utf8'),
) as Expected;

/** 0-based line of `offset` in `text`. */
function lineAt(offset: number): number {
	let line = 0;
	for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
	return line;
}

void test(`${name}: every message at its line, with its record's time, addresses and direction`, () => {
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sipdump');
	coversAll(text, a);
	assert.equal(a.messages.length, expected.messages.length);
	for (const want of expected.messages) {
		const m = a.messages[want.index]!;
		const at = `message ${want.index}`;
		assert.equal(lineAt(m.startLine.start), want.line, `line of ${at}`);
		assert.deepEqual([m.method, m.status, m.callId], [want.method, want.status, want.callId], at);
		assert.deepEqual(
			[m.frame.time, m.frame.src, m.frame.dst, m.frame.direction, m.frame.transport],
			[want.time, want.src, want.dst, want.direction, want.transport],
			at,
		);
		assert.deepEqual(linksOf(a, want.index, false), want.links, `links of ${at}`);
	}
});

void test(`${name}: the closing pipes after a body's last octet are the record's, not the body's`, () => {
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.problems.map((p) => p.message),
		[],
	);
	const glued = text.indexOf('</presence>||||||||||||||||||||\n');
	assert.ok(glued > 0);
	const publish = a.messages.find((m) => m.body && m.body.start < glued && glued < m.body.end + 1)!;
	assert.equal(publish.method, 'PUBLISH');
	assert.equal(text.slice(publish.body!.start, publish.body!.end).slice(-11), '</presence>');
	assert.equal(publish.bodyShort, false);
	// The record ends with its closing line, the next one starts after it.
	assert.equal(publish.frame.span.end, glued + '</presence>||||||||||||||||||||\n'.length);
});

void test(`${name} copied from its first record's \`tag:\` line down: that record keeps its time, addresses and direction`, () => {
	const copied = text.slice(text.indexOf('tag: '));
	assert.match(text.slice(0, text.indexOf('tag: ')), /^={20}\r?\n$/);
	const a = analyzeTrace(copied);
	assert.equal(a.format, 'sipdump');
	assert.equal(a.messages.length, expected.messages.length);
	const first = expected.messages[0]!;
	const m = a.messages[0]!;
	assert.deepEqual(
		[m.frame.time, m.frame.src, m.frame.dst, m.frame.direction, m.frame.transport],
		[first.time, first.src, first.dst, first.direction, first.transport],
	);
	coversAll(copied, a);
});
