// The language server over stdio on the real voicemail lamp (test/fixtures/real/mwi-story.sip,
// Kamailio presence_mwi): hover on a NOTIFY's application/simple-message-summary body. Expected
// values are read from the fixture's own text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveFixture } from './lspClient';

const { client, uri, lines } = serveFixture('test/fixtures/real/mwi-story.sip');

test('hover on a message-summary NOTIFY body: waiting, account, counts per class, the change', async () => {
	// The NOTIFY whose body has a fax line (the second with a body).
	const notifies = lines.flatMap((l, i) => (l.startsWith('NOTIFY ') ? [i] : []));
	const start = notifies.find((i) => {
		const blank = lines.indexOf('', i);
		return lines.slice(blank + 1, blank + 6).some((l) => l.startsWith('Fax-Message: '));
	})!;
	const blank = lines.indexOf('', start);
	const body = lines.slice(blank + 1, blank + 5);
	const value = (name: string): string =>
		body.find((l) => l.startsWith(`${name}: `))!.slice(name.length + 2);
	const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
		textDocument: { uri },
		position: { line: blank + 3, character: 2 },
	});
	assert.ok(hover, 'a hover on the body');
	const shown = hover.contents.value;
	assert.match(shown, /^\*\*Message summary\*\*/);
	assert.ok(shown.includes(`messages waiting **${value('Messages-Waiting')}**`), shown);
	assert.ok(shown.includes(`\`${value('Message-Account')}\``), shown);
	const [, n, o, un, uo] = /^(\d+)\/(\d+) \((\d+)\/(\d+)\)$/.exec(value('Voice-Message'))!;
	assert.ok(shown.includes(`| voice | ${n} | ${o} | ${un} | ${uo} |`), shown);
	const [, fn, fo] = /^(\d+)\/(\d+)$/.exec(value('Fax-Message'))!;
	assert.ok(shown.includes(`| fax | ${fn} | ${fo} |`), shown);
	// The phone's previous NOTIFY with a body counted other new voice messages.
	const earlier = notifies.filter((i) => i < start).map((i) => lines.indexOf('', i) + 1);
	const was = earlier
		.map((b) => /^Voice-Message: (\d+)\//.exec(lines[b + 2] ?? '')?.[1])
		.filter(Boolean)
		.at(-1)!;
	assert.notEqual(was, n);
	assert.ok(
		new RegExp(`\\*\\*Changed\\*\\* since the NOTIFY at line \\d+: .*voice new ${was} → ${n}`).test(
			shown,
		),
		shown,
	);
});
