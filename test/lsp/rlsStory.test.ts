// The language server over stdio on a resource list server's trace made by Kamailio
// (test/fixtures/real/rls-story.sip): the hover on a real multipart/related NOTIFY body (RLMI and
// PIDF parts, RFC 4662). Expected values are read from the fixture's text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveFixture } from './lspClient';

const { client, uri, lines } = serveFixture('test/fixtures/real/rls-story.sip');

test('hover on a real list NOTIFY body shows the list and linda busy with her note', async () => {
	// The full-state RLMI document in which every resource has an instance: version 2.
	const line = lines.findIndex((l, i) => {
		if (!/<list uri="[^"]+"[^>]*fullState="true"/.test(l)) return false;
		const end = lines.findIndex((x, j) => j > i && x.includes('</list>'));
		return lines.slice(i, end).some((x) => x.includes('<instance'));
	});
	assert.ok(line > 0, 'a full-state document with instances');
	const [, listUri, version] = /<list uri="([^"]+)"[^>]*version="(\d+)"/.exec(lines[line]!)!;
	// linda's PIDF part in the same body: her RPID activity and her note.
	const end = lines.findIndex((l, i) => i > line && /^--[\w]+--$/.test(l));
	const part = lines.slice(line, end).join('\n');
	const linda = part.slice(part.indexOf('entity="sip:linda@'));
	const activity = /<rpid:activities><rpid:(\w+)\/>/.exec(linda)![1]!;
	const note = /<dm:note[^>]*>([^<]+)</.exec(linda)![1]!;
	assert.equal(activity, 'busy');

	const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
		textDocument: { uri },
		position: { line: line + 1, character: 4 },
	});
	assert.ok(hover, 'a hover');
	const value = hover.contents.value;
	assert.ok(
		value.includes(`**Resource list** \`${listUri}\` (version ${version}, full state`),
		value,
	);
	assert.ok(
		value.includes(`| sip:linda@127.0.0.1 | active | open, **${activity}**, "${note}" |`),
		value,
	);
	assert.ok(value.includes('| sip:bob@127.0.0.1 | active | open, "Available" |'), value);
});
