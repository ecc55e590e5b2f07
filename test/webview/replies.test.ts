// Requests from the webview (reveal, export, lane rename) are answered; when the extension replies
// with an error, the webview shows it instead of waiting for nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isFromWebview, isToWebview, type ToWebview } from '../../media/src/protocol';
import { openHarness, type Harness } from './harness';
import { ladderOf, pageTools } from './pageTools';

const text = readFileSync(
	join(__dirname, '..', 'fixtures', 'real', 'presence-story.sngrep.txt'),
	'utf8',
);
const model = ladderOf(text, 'file:///presence-story.sngrep.txt', 5);

let h: Harness;
let tools: ReturnType<typeof pageTools>;

/** The reply the stubbed extension gives to every request of a type (id and request filled in). */
type Reply =
	| Omit<Extract<ToWebview, { type: 'request/failed' }>, 'id' | 'request'>
	| Omit<Extract<ToWebview, { type: 'request/done' }>, 'id' | 'request'>;
const replyTo = (type: string, reply: Reply | null): Promise<void> =>
	h.page.evaluate(
		([t, r]) => {
			(window as unknown as { replies: Record<string, unknown> }).replies[t] = r ?? undefined;
		},
		[type, reply] as const,
	);
const notice = async (): Promise<{ text: string; kind: string; role: string | null }> =>
	h.page.$eval('#notice', (e) => ({
		text: (e as HTMLElement).hidden ? '' : (e.textContent ?? ''),
		kind: e.className,
		role: e.getAttribute('role'),
	}));
const waitNotice = (part: string): Promise<unknown> =>
	h.page.waitForFunction((p) => document.getElementById('notice')?.textContent?.includes(p), part, {
		timeout: 5000,
	});

before(async () => {
	h = await openHarness();
	tools = pageTools(h);
	await tools.send({ type: 'ladder/set', version: 5, model });
	await h.page.waitForSelector('[data-message-index]');
});
after(async () => {
	await h.close();
});

test('nothing is shown before a request fails', async () => {
	assert.deepEqual(await notice(), { text: '', kind: '', role: null });
});

test('a reveal answered "stale version" shows why, as an alert', async () => {
	await replyTo('reveal', {
		type: 'request/failed',
		error: 'stale-version',
		message: 'the trace changed since the diagram was drawn (version 5, now 6).',
	});
	const notify = model.arrows.find((a) => a.method === 'NOTIFY')!.index;
	await h.page.click(`[data-message-index="${notify}"] .hit`);
	await waitNotice('the trace changed');
	assert.deepEqual(await notice(), {
		text: `Could not reveal message ${notify}: the trace changed since the diagram was drawn (version 5, now 6).`,
		kind: 'error',
		role: 'alert',
	});
	const reveal = (await tools.posted()).filter((m) => m.type === 'reveal').pop()!;
	assert.equal(reveal.version, 5);
	assert.equal(reveal.index, notify);
});

test('the next request clears the last error', async () => {
	await replyTo('reveal', { type: 'request/done', message: null });
	await h.page.keyboard.press('Enter');
	await h.page.waitForFunction(() => document.getElementById('notice')?.hidden === true);
	assert.equal((await notice()).text, '');
});

test('an export whose save failed says so', async () => {
	await replyTo('export', {
		type: 'request/failed',
		error: 'save-failed',
		message: '/read-only/trace.svg: EACCES: permission denied',
	});
	await h.page.click('vscode-button:has-text("Export SVG")');
	await waitNotice('EACCES');
	assert.deepEqual(await notice(), {
		text: 'Could not export SVG: /read-only/trace.svg: EACCES: permission denied',
		kind: 'error',
		role: 'alert',
	});
});

test('an export waits visibly for its reply, then shows what was done', async () => {
	await replyTo('export', null);
	await h.page.click('vscode-button:has-text("PlantUML")');
	await waitNotice('Exporting PlantUML');
	assert.equal((await notice()).kind, 'info');
	const request = (await tools.posted()).filter((m) => m.type === 'export').pop()!;
	await tools.send({
		type: 'request/done',
		id: request.id,
		request: 'export',
		message: 'Saved /tmp/trace.puml.',
	});
	await waitNotice('Saved /tmp/trace.puml.');
	assert.deepEqual(await notice(), { text: 'Saved /tmp/trace.puml.', kind: 'info', role: null });
});

test('a lane rename answered with an error shows it', async () => {
	await replyTo('lane/rename', {
		type: 'request/failed',
		error: 'failed',
		message: 'the workspace state could not be written.',
	});
	await h.page.dblclick('.lane');
	await waitNotice('workspace state');
	assert.equal(
		(await notice()).text,
		'Could not rename the lane: the workspace state could not be written.',
	);
});

test('replies that fail validation are ignored', async () => {
	await replyTo('reveal', null);
	const before = await notice();
	await tools.send({
		type: 'request/failed',
		id: 1,
		request: 'reveal',
		error: 'nope',
		message: 'x',
	});
	await tools.send({
		type: 'request/failed',
		id: 1,
		request: 'launch',
		error: 'failed',
		message: 'x',
	});
	await tools.send({ type: 'request/done', id: -1, request: 'reveal', message: 'x' });
	await h.page.waitForTimeout(100);
	assert.deepEqual(await notice(), before);
});

test('the shared guards: requests need an id, replies a known request and error', () => {
	assert.equal(isFromWebview({ type: 'reveal', version: 1, index: 2 }), false);
	assert.equal(isFromWebview({ type: 'reveal', id: 3, version: 1, index: 2 }), true);
	assert.equal(isFromWebview({ type: 'lane/rename', lane: 'a' }), false);
	assert.equal(
		isFromWebview({ type: 'export', id: 1, format: 'svg', data: '<svg/>', copy: false }),
		true,
	);
	assert.equal(
		isToWebview({
			type: 'request/failed',
			id: 1,
			request: 'export',
			error: 'save-failed',
			message: 'm',
		}),
		true,
	);
	assert.equal(
		isToWebview({ type: 'request/failed', id: 1, request: 'export', error: 'oops', message: 'm' }),
		false,
	);
	assert.equal(
		isToWebview({ type: 'request/done', id: 1, request: 'toString', message: null }),
		false,
	);
});
