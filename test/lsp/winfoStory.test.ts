// The language server over stdio on watcher information made by Kamailio
// (test/fixtures/real/winfo-story.sip): the hover on a real application/watcherinfo+xml body.
// Expected values are read from the fixture's text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveFixture } from './lspClient';

const { client, uri, lines } = serveFixture('test/fixtures/real/winfo-story.sip');

/** 0-based lines of each `<watcherinfo` root tag in the text, with the elements after it. */
function documents(): { line: number; version: string; state: string; watchers: string[][] }[] {
	const out = [];
	for (let i = 0; i < lines.length; i++) {
		const m = /<watcherinfo [^>]*version="(\d+)" state="(\w+)"/.exec(lines[i]!);
		if (!m) continue;
		const watchers: string[][] = [];
		for (let j = i + 1; j < lines.length && !lines[j]!.includes('</watcherinfo>'); j++) {
			const w = /<watcher id="([^"]*)" event="(\w+)" status="(\w+)">([^<]*)</.exec(lines[j]!);
			if (w) watchers.push([w[4]!, w[3]!, w[2]!, w[1]!]);
		}
		out.push({ line: i, version: m[1]!, state: m[2]!, watchers });
	}
	return out;
}

test('hover on a real watcherinfo body lists each watcher with status, event and id', async () => {
	const docs = documents();
	assert.equal(docs.length, 5);
	// The full document after andrew left: andrew waiting, bob active.
	const full = docs.find((d) => d.state === 'full' && d.watchers.length === 2)!;
	assert.ok(full, 'a full document with two watchers');
	const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
		textDocument: { uri },
		position: { line: full.line + 1, character: 4 },
	});
	assert.ok(hover, 'a hover');
	const value = hover.contents.value;
	assert.ok(value.includes(`**Watchers** (version ${full.version}, full)`), value);
	for (const [watcher, status, event, id] of full.watchers)
		assert.ok(value.includes(`| ${watcher} | ${status} | ${event} | ${id} |`), value);
	assert.match(value, /\*waiting\*: ended while pending/);
	const previous = docs[docs.indexOf(full) - 1]!;
	assert.match(value, new RegExp(`Follows version ${previous.version} \\(line \\d+\\)\\.`));

	// A partial document says it is partial.
	const partial = docs.find((d) => d.state === 'partial')!;
	const partialHover = await client.request<{ contents: { value: string } } | null>(
		'textDocument/hover',
		{ textDocument: { uri }, position: { line: partial.line, character: 4 } },
	);
	assert.ok(partialHover?.contents.value.includes('Partial: only the watchers that changed'));
});
