// The language server over stdio, on tshark's text export of the real presence story
// (test/fixtures/real/presence-story.tshark.txt, `tshark -V -O sip`): the PIDF of a NOTIFY is
// printed as a dissection tree, a token a line; hovering it shows the presence it carries, and
// the outline names the NOTIFY by it. Expected values are read from the fixture's text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveFixture } from './lspClient';

const { client, uri, lines } = serveFixture('test/fixtures/real/presence-story.tshark.txt');

/** The line of the first `<rpid:busy/>` token in the body of a NOTIFY, and the note after it. */
function busyNotify(): { line: number; note: string } {
	let method = '';
	for (let i = 0; i < lines.length; i++) {
		const start = /^ {4}Request-Line: (\S+)/.exec(lines[i]!);
		if (start) method = start[1]!;
		if (/^Frame \d+:/.test(lines[i]!)) method = '';
		if (method === 'NOTIFY' && lines[i]!.trim() === '<rpid:busy/>') {
			// `<dm:note`, its attribute, then the text on the next line.
			const note = lines.findIndex((l, j) => j > i && l.trim().startsWith('<dm:note'));
			const textLine = lines.slice(note + 1).find((l) => !/^\s*[a-z:]+="/.test(l))!;
			return { line: i, note: textLine.trim() };
		}
	}
	return { line: -1, note: '' };
}

test('hover on the PIDF of a NOTIFY in tshark text shows busy and the note', async () => {
	const { line, note } = busyNotify();
	assert.ok(line > 0, 'a NOTIFY with <rpid:busy/>');
	assert.ok(note.length > 0);
	const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
		textDocument: { uri },
		position: { line, character: lines[line]!.indexOf('<') + 2 },
	});
	assert.ok(hover, 'a hover');
	assert.match(hover.contents.value, /busy/);
	assert.ok(hover.contents.value.includes(note), hover.contents.value);
});

test('the outline names the NOTIFY by the presence its body carries', async () => {
	const { note } = busyNotify();
	interface Symbol {
		name: string;
		children?: Symbol[];
	}
	const symbols = await client.request<Symbol[] | null>('textDocument/documentSymbol', {
		textDocument: { uri },
	});
	assert.ok(symbols);
	const names: string[] = [];
	const walk = (list: Symbol[]): void => {
		for (const s of list) {
			names.push(s.name);
			if (s.children) walk(s.children);
		}
	};
	walk(symbols);
	assert.ok(
		names.some((n) => n.includes('NOTIFY') && n.includes(`busy: "${note}"`)),
		names.join('\n'),
	);
});
