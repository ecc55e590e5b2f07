// The extension in a real VS Code (code-server), installed from its .vsix, on real traces.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageExtension, root, startCodeServer, type CodeServer } from './codeServer';
import { Workbench } from './workbench';

const story = 'presence-story.sip';
const expected = JSON.parse(
	readFileSync(join(root, 'test/fixtures/real', `${story}.expected.json`), 'utf8'),
) as {
	messages: {
		index: number;
		line: number;
		method: string | null;
		status: number | null;
		links: { subscription: number | null; publication: number | null };
	}[];
};
const lineOf = (index: number): number => expected.messages[index]!.line + 1; // 1-based, as the editor shows
const broken = [
	'NOTIFY sip:andrew@127.0.0.1:15061 SIP/2.0',
	'Via: SIP/2.0/UDP 127.0.0.1:15060;branch=z9hG4bKbroken',
	'Max-Forwards: 70',
	'From: <sip:linda@127.0.0.1>;tag=x',
	'To: <sip:andrew@127.0.0.1>;tag=y',
	'CSeq: 1 NOTIFY',
	'Event: presence',
	'Subscription-State: active',
	'Content-Length: 0',
	'',
	'',
].join('\r\n');

/** Lines a PBX logs at start-up, some 100 KB of them. */
const startupNoise = Array.from(
	{ length: 1200 },
	(_, i) =>
		`[Dec  4 10:00:${String(i % 60).padStart(2, '0')}] VERBOSE[1234] loader.c: Loading module res_example_${i}.so => (Example module ${i})\n`,
).join('');

let workspace: string;
let server: CodeServer;
let wb: Workbench;

before(async () => {
	packageExtension();
	workspace = mkdtempSync(join(tmpdir(), 'sip-workspace-'));
	cpSync(join(root, 'test/fixtures/real', story), join(workspace, story));
	cpSync(
		join(root, 'test/fixtures/real/presence-story.sngrep.txt'),
		join(workspace, 'presence-story.sngrep.sip'),
	);
	writeFileSync(join(workspace, 'broken.sip'), broken);
	// tshark's stream follower begins with an empty line: nothing in its name or first line
	// says it is a trace.
	cpSync(
		join(root, 'test/fixtures/real/presence-story.follow.txt'),
		join(workspace, 'presence-story.follow.txt'),
	);
	// A log whose trace comes after 100 KB of start-up: no first 64 KB holds SIP.
	writeFileSync(
		join(workspace, 'startup.log'),
		startupNoise + readFileSync(join(root, 'test/fixtures/real', story), 'utf8'),
	);
	writeFileSync(
		join(workspace, 'notes.txt'),
		'Linda publishes busy; the proxy answers SIP/2.0 407 and her client sends it again.\n',
	);
	// tshark's JSON of the story, which VS Code opens as JSON unless the user's settings say
	// otherwise (files.associations below, as README says).
	cpSync(
		join(root, 'test/fixtures/real/presence-story.tshark.json'),
		join(workspace, 'presence-story.tshark.json'),
	);
	// The capture the story's exports were made from, as tshark wrote it.
	cpSync(
		join(root, 'test/fixtures/real/presence-story.pcapng'),
		join(workspace, 'presence-story.pcapng'),
	);
	server = await startCodeServer({
		port: 18000 + (process.pid % 1000),
		workspace,
		userSettings: { 'files.associations': { '*.tshark.json': 'sip' } },
	});
	wb = await Workbench.open(server, workspace, story);
});

after(async () => {
	await wb?.close();
	await server?.stop();
	rmSync(workspace, { recursive: true, force: true });
});

test('a trace opens in the SIP language, highlighted', async () => {
	await wb.openFile(story);
	await wb.page.locator('#status\\.editor\\.mode', { hasText: 'SIP' }).waitFor();
	await assertColouredApart(/^presence$/);
	await wb.screenshot('highlighting');
});

/**
 * Method, header name, URI and the XML body (coloured by the embedded XML grammar, not as SIP
 * headers) have different colours on screen. `bodyTag` finds the span of the `presence` tag,
 * which themes split differently. Returns the method's colour.
 */
async function assertColouredApart(bodyTag: RegExp): Promise<string> {
	await wb.goToLine(1);
	const method = await wb.colorOf(wb.token('SUBSCRIBE'));
	const header = await wb.colorOf(wb.token('Via'));
	const uri = await wb.colorOf(wb.token(/^linda$/));
	assert.notEqual(method, header, 'method and header name coloured apart');
	assert.notEqual(method, uri, 'method and URI coloured apart');
	assert.notEqual(header, uri, 'header name and URI coloured apart');
	await wb.goToLine(lineOf(expected.messages.find((m) => m.method === 'PUBLISH')!.index) + 14);
	const presenceLine = wb.editor().locator('.view-line', { hasText: '<presence xmlns' }).first();
	const body = await wb.colorOf(
		presenceLine.locator(':scope > span > span', { hasText: bodyTag }).first(),
	);
	assert.notEqual(body, header, 'XML body and header names coloured apart');
	return method;
}

test('a plain-text file that holds a trace opens as one; notes about SIP stay plain text', async () => {
	await wb.openFile('notes.txt');
	await wb.page.locator('#status\\.editor\\.mode', { hasText: 'Plain Text' }).waitFor();
	await wb.openFile('presence-story.follow.txt');
	await wb.page.locator('#status\\.editor\\.mode', { hasText: 'SIP' }).waitFor();
	// Read by the language server: F12 on a response lands on its request.
	const lines = readFileSync(
		join(root, 'test/fixtures/real/presence-story.follow.txt'),
		'utf8',
	).split(/\r?\n/);
	const response = lines.findIndex((line) => /^\t?SIP\/2\.0 407 /.test(line));
	let request = response;
	while (request > 0 && !/^\t?PUBLISH /.test(lines[request]!)) request--;
	assert.ok(request > 0, 'the PUBLISH the 407 answers');
	await wb.goToLine(response + 1);
	await wb.page.keyboard.press('F12');
	await wb.page
		.locator('#status\\.editor\\.selection', { hasText: `Ln ${request + 1},` })
		.waitFor();
	await wb.openFile('notes.txt');
	await wb.page.locator('#status\\.editor\\.mode', { hasText: 'Plain Text' }).waitFor();
});

test('a log whose trace starts after 100 KB of start-up opens as a trace', async () => {
	assert.ok(startupNoise.length > 100_000);
	await wb.openFile('startup.log');
	await wb.page.locator('#status\\.editor\\.mode', { hasText: 'SIP' }).waitFor();
	// F12 on a NOTIFY lands on the SUBSCRIBE that created its subscription, below the start-up.
	const skipped = startupNoise.split('\n').length - 1;
	const notify = expected.messages.find(
		(m) => m.method === 'NOTIFY' && m.links.subscription !== null,
	)!;
	await wb.goToLine(lineOf(notify.index) + skipped);
	await wb.page.keyboard.press('F12');
	await wb.page
		.locator('#status\\.editor\\.selection', {
			hasText: `Ln ${lineOf(notify.links.subscription!) + skipped},`,
		})
		.waitFor();
});

test("tshark's JSON export, associated with SIP in the user's settings, is read as a trace", async () => {
	const name = 'presence-story.tshark.json';
	const json = JSON.parse(
		readFileSync(join(root, 'test/fixtures/real', `${name}.expected.json`), 'utf8'),
	) as typeof expected;
	await wb.openFile(name);
	await wb.page.locator('#status\\.editor\\.mode', { hasText: 'SIP' }).waitFor();
	// F12 on a NOTIFY's start line, inside its JSON string, lands on its SUBSCRIBE's.
	const notify = json.messages.find(
		(m) => m.method === 'NOTIFY' && m.links.subscription !== null && m.links.publication !== null,
	)!;
	await wb.goToLine(notify.line + 1);
	await wb.page.keyboard.press('F12');
	await wb.page
		.locator('#status\\.editor\\.selection', {
			hasText: `Ln ${json.messages[notify.links.subscription!]!.line + 1},`,
		})
		.waitFor();
});

test('the highlighting holds in the light theme too', async () => {
	await wb.openFile(story);
	await wb.goToLine(1);
	const dark = await wb.colorOf(wb.token('SUBSCRIBE'));
	await wb.setColorTheme('Light Modern', 'vs');
	try {
		// Light+ gives `<` and the tag name one colour: the editor draws them as one span.
		const method = await assertColouredApart(/^<?presence$/);
		assert.notEqual(method, dark, 'the light theme is on screen');
		await wb.screenshot('highlighting-light');
	} finally {
		await wb.setColorTheme('Dark Modern', 'vs-dark');
	}
});

test('the language server reports a broken header as a diagnostic', async () => {
	await wb.openFile('broken.sip');
	await wb
		.editor()
		.locator('.squiggly-error')
		.first()
		.waitFor({ state: 'attached', timeout: 60_000 });
	const hover = await wb.hover(wb.token('NOTIFY'), /Call-ID/);
	assert.match((await hover.textContent()) ?? '', /without Call-ID/);
	await wb.screenshot('diagnostic');
});

test('F12 on a NOTIFY lands on the SUBSCRIBE that created its subscription', async () => {
	await wb.openFile(story);
	const notify = expected.messages.find(
		(m) => m.method === 'NOTIFY' && m.links.subscription !== null && m.links.publication !== null,
	)!;
	await wb.goToLine(lineOf(notify.index));
	await wb.page.keyboard.press('F12');
	await wb.page
		.locator('#status\\.editor\\.selection', {
			hasText: `Ln ${lineOf(notify.links.subscription!)},`,
		})
		.waitFor();
	assert.equal(await wb.cursorLine(), lineOf(notify.links.subscription!));
});

test('hovering a PIDF body shows the activity and the note', async () => {
	const notify = expected.messages.find(
		(m) => m.method === 'NOTIFY' && m.links.publication !== null,
	)!;
	await wb.goToLine(lineOf(notify.index) + 20);
	const line = wb.editor().locator('.view-line', { hasText: '<rpid:busy/>' }).first();
	const hover = await wb.hover(line, /In a meeting until 3pm/, { x: 60 });
	assert.match((await hover.textContent()) ?? '', /busy/);
	await wb.screenshot('presence-hover');
});

test('the sequence diagram shows every message and is linked both ways with the editor', async () => {
	await wb.runCommand('SIP Trace: Show Sequence Diagram');
	const view = wb.webview();
	await view
		.locator('#status', {
			hasText: `${expected.messages.length} of ${expected.messages.length} messages`,
		})
		.waitFor({ timeout: 60_000 });
	await view.locator('[data-message-index="0"]').waitFor();
	await wb.screenshot('sequence-diagram');
	// Clicking a NOTIFY arrow puts the editor on that NOTIFY.
	const notify = expected.messages.find((m) => m.method === 'NOTIFY')!;
	await view.locator(`[data-message-index="${notify.index}"] .hit`).click();
	await wb.page
		.locator('#status\\.editor\\.selection', { hasText: `Ln ${lineOf(notify.index)},` })
		.waitFor();
	// Moving the editor cursor highlights the arrow of the message under it.
	const target = expected.messages.find((m) => m.status === 407)!;
	await wb.goToLine(lineOf(target.index) + 1);
	await view.locator(`[data-message-index="${target.index}"].selected`).waitFor();
	await wb.screenshot('sequence-diagram-linked');
});

test('Extract Call opens the call under the cursor as a trace of its own', async () => {
	// The story is open in the first editor group (the diagram in the second).
	const notify = expected.messages.find(
		(m) => m.method === 'NOTIFY' && m.links.subscription !== null && m.links.publication !== null,
	)!;
	await wb.goToLine(lineOf(notify.index));
	await wb.runCommand('SIP Trace: Extract Call to New Editor');
	await wb.page.locator('.tab.active', { hasText: 'Untitled' }).waitFor();
	// A SIP trace: the language is set, and the call starts with the SUBSCRIBE that created the
	// NOTIFY's subscription (the watcher subscribed before the presentity published).
	await wb.page.locator('#status\\.editor\\.mode', { hasText: 'SIP' }).waitFor();
	const storyLines = readFileSync(join(root, 'test/fixtures/real', story), 'utf8').split(/\r?\n/);
	const subscribe = storyLines[expected.messages[notify.links.subscription!]!.line]!;
	const firstLine = wb.editor().locator('.view-line').filter({ hasText: subscribe }).first();
	await firstLine.waitFor();
	await wb.screenshot('extract-call');
	await wb.runCommand('View: Revert and Close Editor');
	await wb.page.locator(`.tab.active[data-resource-name="${story}"]`).waitFor();
});

test('Show Statistics opens the figures of the trace as a Markdown preview beside it', async () => {
	await wb.page.locator(`.tab[data-resource-name="${story}"]`).click();
	await wb.page.locator(`.tab.active[data-resource-name="${story}"]`).waitFor();
	await wb.runCommand('SIP Trace: Show Statistics');
	await wb.page.locator('.tab.active', { hasText: 'statistics' }).waitFor({ timeout: 60_000 });
	// The preview is the newest webview; its tables count what the fixture's expectations count.
	const preview = wb.page
		.frameLocator('iframe.webview.ready >> nth=-1')
		.frameLocator('#active-frame');
	const count = (method: string): number =>
		expected.messages.filter((m) => m.method === method).length;
	for (const method of ['SUBSCRIBE', 'PUBLISH', 'NOTIFY'])
		await preview
			.locator('tr', { has: preview.locator('td', { hasText: new RegExp(`^${method}$`) }) })
			.filter({ hasText: String(count(method)) })
			.first()
			.waitFor({ timeout: 60_000 });
	await preview.locator('td', { hasText: 'Proxy Authentication Required' }).first().waitFor();
	await wb.screenshot('statistics');
});

test('Open Capture as SIP Trace, from the Explorer, opens the SIP messages of a pcapng as a trace', async () => {
	// The focus back in the workbench (the statistics preview, a webview, may hold it).
	await wb.page.locator(`.tab[data-resource-name="${story}"]`).click();
	await wb.page
		.locator('.explorer-folders-view .monaco-list-row', { hasText: 'presence-story.pcapng' })
		.click({ button: 'right' });
	const menu = wb.page.locator('.monaco-menu');
	await menu.locator('.action-label', { hasText: 'Open Capture as SIP Trace' }).click();
	// A menu that took the click as its focus keeps the item highlighted: Enter runs it.
	await menu
		.waitFor({ state: 'hidden', timeout: 3000 })
		.catch(() => wb.page.keyboard.press('Enter'));
	await wb.page.locator('.tab.active', { hasText: 'Untitled' }).waitFor({ timeout: 60_000 });
	await wb.page.locator('#status\\.editor\\.mode', { hasText: 'SIP' }).waitFor();
	// (The editor draws spaces as no-break spaces: \s in the pattern.)
	// The capture's first message, as the bare export of the same capture has it, under a header
	// line with its time, addresses and transport; and the language server reads it as a trace (its outline).
	const storyLines = readFileSync(join(root, 'test/fixtures/real', story), 'utf8').split(/\r?\n/);
	const first = storyLines[expected.messages[0]!.line]!;
	await wb.editor().locator('.view-line').filter({ hasText: first }).first().waitFor();
	await wb
		.editor()
		.locator('.view-line')
		.filter({
			hasText:
				/^\d{4}-\d\d-\d\d\s\d\d:\d\d:\d\d\.\d{6}\s127\.0\.0\.1:\d+\s->\s127\.0\.0\.1:\d+\sUDP$/,
		})
		.first()
		.waitFor();
	await wb.screenshot('open-capture');
	await wb.runCommand('View: Revert and Close Editor');
});
