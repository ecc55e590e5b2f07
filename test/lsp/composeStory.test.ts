// The language server over stdio on linda's two devices (test/fixtures/real/compose-story.sip):
// Kamailio composes the desk phone's and the soft client's publications into each NOTIFY
// (RFC 3903 §4). Hover, code lens and references on such a NOTIFY name both PUBLISHes. Expected
// values are read from the fixture's text (start lines, From tags, CSeq, User-Agent).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Location } from 'vscode-languageserver';
import { LspClient, root } from './lspClient';

const uri = 'file:///traces/compose-story.sip';
const text = readFileSync(join(root, 'test/fixtures/real/compose-story.sip'), 'utf8');
const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));

/** 0-based lines of the start lines matching `start`, with a header line matching `header`. */
function starts(start: RegExp, header: RegExp): number[] {
	const out: number[] = [];
	for (let i = 0; i < lines.length; i++) {
		if (!start.test(lines[i]!)) continue;
		let j = i + 1;
		while (j < lines.length && lines[j] !== '' && !header.test(lines[j]!)) j++;
		if (lines[j] !== '' && j < lines.length) out.push(i);
	}
	return out;
}
/** The first line of the body of the message at `line`. */
const bodyOf = (line: number): number => lines.indexOf('', line) + 1;

// The soft client's initial PUBLISH, the desk phone's change (CSeq 2), and the NOTIFY to andrew
// that follows that change.
const softInitial = starts(/^PUBLISH /, /^From: .*;tag=\d+-soft$/).find((l) =>
	lines.slice(l, bodyOf(l)).includes('CSeq: 1 PUBLISH'),
)!;
const deskChange = starts(/^PUBLISH /, /^From: .*;tag=\d+-desk$/).find((l) =>
	lines.slice(l, bodyOf(l)).includes('CSeq: 2 PUBLISH'),
)!;
const composed = starts(/^NOTIFY /, /^Content-Type: application\/pidf\+xml$/).find(
	(l) => l > deskChange,
)!;

let client: LspClient;
before(async () => {
	client = new LspClient();
	await client.initialize();
	await client.open(uri, text);
});
after(async () => {
	await client.shutdown();
});

const inBody = (character = 2) => ({
	textDocument: { uri },
	position: { line: bodyOf(composed) + 2, character },
});

test('hover on a composed NOTIFY names the PUBLISH of each device it carries', async () => {
	assert.ok(softInitial < deskChange && deskChange < composed);
	const hover = await client.request<{ contents: { value: string } } | null>(
		'textDocument/hover',
		inBody(),
	);
	assert.ok(hover, 'a hover');
	const value = hover.contents.value;
	assert.ok(value.includes('**Composed** from 2 publications'), value);
	assert.ok(
		value.includes(`at line ${softInitial + 1} (SIPp soft client, tuple \`t-soft\`)`),
		value,
	);
	assert.ok(value.includes(`at line ${deskChange + 1} (SIPp desk phone, tuple \`t-desk\`)`), value);
});

test('a code lens on a composed NOTIFY lists its devices, and references reach both PUBLISHes', async () => {
	const lenses = await client.request<
		{ range: { start: { line: number } }; command?: { title: string } }[]
	>('textDocument/codeLens', { textDocument: { uri } });
	const lens = lenses.find((l) => l.range.start.line === composed);
	assert.equal(
		lens?.command?.title,
		`composed from SIPp soft client (line ${softInitial + 1}) and SIPp desk phone (line ${deskChange + 1})`,
	);
	const refs = await client.request<Location[]>('textDocument/references', {
		...inBody(),
		context: { includeDeclaration: true },
	});
	assert.deepEqual(
		refs.map((r) => r.range.start.line),
		[softInitial, deskChange, composed],
	);
});
