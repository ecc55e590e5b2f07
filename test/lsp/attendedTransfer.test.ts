// The language server over stdio on the real attended transfer (test/fixtures/real/
// attended-transfer.sip): from alice's INVITE with Replaces and bob's REFER with Refer-To
// `<sip:carol@...?Replaces=...>` to the consultation call they replace (RFC 3891, RFC 5589 §7).
// Lines are found in the fixture's text, without the analyser.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, root } from './lspClient';

const uri = 'file:///traces/attended-transfer.sip';
const text = readFileSync(join(root, 'test/fixtures/real/attended-transfer.sip'), 'utf8');
const lines = text.split(/\r?\n/);
/** The first line matching `re` after line `from`. */
const find = (re: RegExp, from = -1) => lines.findIndex((l, i) => i > from && re.test(l));

const replacesLine = find(/^Replaces: /);
const referToLine = find(/^Refer-To: .*\?Replaces=/);
const callId = /^Replaces: ([^;]+)/.exec(lines[replacesLine]!)![1]!;
// The consultation's INVITE: the first start line whose Call-ID is the one Replaces names.
const consultInvite = find(/^INVITE /, find(new RegExp(`^Call-ID: ${callId}$`)) - 8);
// alice's INVITE to carol: the start line above its (first) Replaces.
const replacingInvite =
	replacesLine -
	lines
		.slice(0, replacesLine)
		.reverse()
		.findIndex((l) => l.startsWith('INVITE ')) -
	1;

type Location = { uri: string; range: { start: { line: number; character: number } } };
let client: LspClient;

before(async () => {
	client = new LspClient();
	await client.initialize();
	await client.open(uri, text);
});
after(async () => {
	await client.shutdown();
});

const at = (line: number, character: number) => ({
	textDocument: { uri },
	position: { line, character },
});

test('the fixture is the attended transfer these tests read', () => {
	assert.ok(replacesLine > referToLine && referToLine > consultInvite && consultInvite > 0);
	assert.match(lines[consultInvite]!, /^INVITE sip:carol@/);
	assert.match(lines[consultInvite + 5]!, new RegExp(`^Call-ID: ${callId}$`));
});

test('definition goes from Replaces and from the Refer-To to the consultation INVITE', async () => {
	for (const [line, character] of [
		[replacesLine, 14],
		[referToLine, 20],
		[replacingInvite, 3],
	] as const) {
		const result = await client.request<Location | Location[] | null>(
			'textDocument/definition',
			at(line, character),
		);
		const loc = Array.isArray(result) ? result[0] : result;
		assert.equal(loc?.range.start.line, consultInvite, `from line ${line}`);
	}
});

test('references on Replaces include the replacing INVITE among the consultation messages', async () => {
	const refs = await client.request<Location[]>('textDocument/references', {
		...at(replacesLine, 14),
		context: { includeDeclaration: true },
	});
	const found = refs.map((r) => r.range.start.line);
	assert.ok(found.includes(consultInvite), found.join(','));
	assert.ok(found.includes(replacingInvite), found.join(','));
	const bye = find(/^BYE /, consultInvite);
	assert.ok(lines.slice(bye, bye + 8).some((l) => l === `Call-ID: ${callId}`));
	assert.ok(found.includes(bye), found.join(','));
});

test('hover on Replaces names the call, its parties and its creating INVITE', async () => {
	const hover = await client.request<{ contents: { value: string } } | null>(
		'textDocument/hover',
		at(replacesLine, 14),
	);
	assert.ok(hover);
	assert.ok(hover.contents.value.includes(`the call \`${callId}\``), hover.contents.value);
	assert.ok(hover.contents.value.includes('bob → carol'), hover.contents.value);
	assert.ok(
		hover.contents.value.includes(`created by INVITE at line ${consultInvite + 1}`),
		hover.contents.value,
	);
});

test('a code lens on the consultation INVITE names the INVITE that replaced it', async () => {
	const lenses = await client.request<
		{ range: { start: { line: number } }; command?: { title: string } }[]
	>('textDocument/codeLens', { textDocument: { uri } });
	const lens = lenses.find((l) => l.range.start.line === consultInvite);
	assert.match(
		lens?.command?.title ?? '',
		new RegExp(`^replaced by INVITE at line ${replacingInvite + 1}`),
	);
});
