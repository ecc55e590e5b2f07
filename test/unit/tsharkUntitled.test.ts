// A SIP tree copied out of Wireshark's packet details without its title line: a selection that
// starts at `    Request-Line: ...` or `    Status-Line: ...` leaves `Session Initiation Protocol
// (INVITE)` and the packet's other layers behind. Made here from the real export
// real/challenged-call.tshark.txt (test/fixtures/README.md): each packet's SIP tree, title left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';

const whole = readFileSync(
	join(__dirname, '..', 'fixtures', 'real', 'challenged-call.tshark.txt'),
	'utf8',
);

/** Each packet's SIP tree without its title, one after another with an empty line between. */
function treesWithoutTitles(text: string): string {
	const trees: string[] = [];
	for (const packet of text.split(/^(?=Frame \d+: )/m)) {
		const title = /^Session Initiation Protocol \([^)\n]+\)\r?\n/m.exec(packet);
		if (!title) continue;
		const rest = packet.slice(title.index + title[0].length);
		// The tree: its indented lines, up to the first line at the margin or the blank line.
		const end = rest.search(/^(?: {0,3}\S|\s*$)/m);
		trees.push(rest.slice(0, end < 0 ? rest.length : end).replace(/\s+$/, ''));
	}
	return `${trees.join('\n\n')}\n`;
}

const read = (text: string) => {
	const a = analyzeTrace(text);
	return {
		format: a.format,
		messages: a.messages.map((m) => [m.method ?? m.status, m.callId, a.index.requestOf(m.index)]),
		codes: a.problems.map((p) => p.code),
	};
};

void test('tshark trees copied without their titles: each tree is a message, read as the whole export is', () => {
	const copy = treesWithoutTitles(whole);
	assert.doesNotMatch(copy, /Session Initiation Protocol|^Frame /m);
	const full = read(whole);
	assert.ok(full.messages.length > 4);
	const untitled = read(copy);
	assert.equal(untitled.format, 'tshark');
	assert.deepEqual(untitled.messages, full.messages);
	assert.deepEqual(untitled.codes, full.codes);
	// Each message's start line is the value of its tree's start line item.
	const a = analyzeTrace(copy);
	for (const m of a.messages) {
		const line = copy.slice(copy.lastIndexOf('\n', m.startLine.start) + 1, m.startLine.start);
		assert.match(line, /^ {4}(?:Request|Status)-Line: $/);
	}
});

void test("a page's prose naming the field is no untitled tree", () => {
	const prose =
		'    Request-Line: the first line of a SIP request, with its method.\n\nNo message here.\n';
	assert.equal(analyzeTrace(prose).messages.length, 0);
	assert.notEqual(analyzeTrace(prose).format, 'tshark');
});
