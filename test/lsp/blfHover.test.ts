// The language server over stdio, on the real busy lamp field of test/fixtures/real/blf-call.sip
// (Kamailio's presence_dialoginfo NOTIFYing a watcher of bob, RFC 4235): hover on the dialog-info
// body of a NOTIFY. Expected values are read from the fixture's text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveFixture } from './lspClient';

const { client, uri, lines } = serveFixture('test/fixtures/real/blf-call.sip');

test('hover on the dialog-info body of a NOTIFY shows bob confirmed, the parties and the version', async () => {
	// The NOTIFY whose document says confirmed: its <dialog-info> line and what it holds.
	/** The last line before `line` that matches `pattern`. */
	const lastBefore = (line: number, pattern: RegExp): number => {
		for (let i = line - 1; i >= 0; i--) if (pattern.test(lines[i]!)) return i;
		return -1;
	};
	const startOf = (line: number) =>
		lines[lastBefore(line, /^(?:[A-Z]+ \S+ SIP\/2\.0|SIP\/2\.0 \d{3} .*)$/)];
	const state = lines.findIndex(
		(l, i) => l.trim() === '<state>confirmed</state>' && startOf(i)?.startsWith('NOTIFY '),
	);
	assert.ok(state > 0, 'a NOTIFY that says confirmed');
	const top = lastBefore(state, /^<dialog-info/);
	const version = /version="(\d+)"/.exec(lines[top]!)![1];
	const entity = /entity="([^"]+)"/.exec(lines[top]!)![1];
	const block = lines.slice(top, lines.indexOf('</dialog-info>', top)).join('\n');
	const remote = /<remote>\s*<identity>([^<]+)<\/identity>\s*<target uri="([^"]+)"/.exec(block)!;
	const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
		textDocument: { uri },
		position: { line: state, character: 6 },
	});
	assert.ok(hover, 'a hover');
	const value = hover.contents.value;
	assert.ok(
		value.includes(`**Dialog state** of \`${entity}\` (version ${version}, full state)`),
		value,
	);
	assert.ok(value.includes('**confirmed**'), value);
	assert.ok(value.includes('recipient (received the call)'), value);
	assert.ok(value.includes(`${remote[1]}, target ${remote[2]}`), value);
	assert.match(value, /State published by the PUBLISH at line \d+\./);
});
