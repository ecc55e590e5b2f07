// The diagram webview in Chromium, fed the model the server computes for a real trace.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { buildLadder } from '../../server/src/features/ladder';
import type { LadderModel } from '../../server/src/protocol/ladder';
import { Ladder } from '../../server/src/protocol/ladderColumns';
import { openHarness, type Harness } from './harness';

const text = readFileSync(
	join(__dirname, '..', 'fixtures', 'real', 'presence-story.sngrep.txt'),
	'utf8',
);
const analysis = analyzeTrace(text);
const lines = new LineIndex(text);
const model = buildLadder(analysis, 'file:///presence-story.sngrep.txt', 3, 'network', (o) =>
	lines.lineAt(o),
);

let h: Harness;
type Posted = {
	type: string;
	id?: number;
	index?: number;
	format?: string;
	data?: string;
	copy?: boolean;
};
const posted = (): Promise<Posted[]> =>
	h.page.evaluate(() => (window as unknown as { posted: Posted[] }).posted);
/** Posts a message as the webview receives it: as JSON, a model in its compact form. */
const send = (message: unknown): Promise<void> =>
	h.page.evaluate(
		(m) => window.postMessage(m, '*'),
		JSON.parse(JSON.stringify(message)) as unknown,
	);
const arrowIndexes = (): Promise<number[]> =>
	h.page.$$eval('[data-message-index]', (els) =>
		els.map((e) => Number(e.getAttribute('data-message-index'))),
	);

before(async () => {
	h = await openHarness();
	await send({ type: 'ladder/set', version: 3, model });
	await h.page.waitForSelector('[data-message-index]');
});
after(async () => {
	await h.close();
});

test('one arrow per message, each carrying its message index, in time order', async () => {
	assert.deepEqual(
		await arrowIndexes(),
		model.arrows.map((a) => a.index),
	);
	assert.equal(model.arrows.length, analysis.messages.length);
	const labels = await h.page.$$eval('[data-message-index] .label', (els) =>
		els.map((e) => e.textContent),
	);
	const challenge = analysis.messages.findIndex((m) => m.status === 407);
	assert.ok(labels.includes('407 Proxy Authentication Required'));
	assert.equal(
		await h.page
			.getAttribute(`[data-message-index="${challenge}"]`, 'class')
			.then((c) => c?.includes('response')),
		true,
	);
	const lanes = await h.page.$$eval('.lane-label', (els) => els.map((e) => e.textContent));
	assert.ok(lanes.includes('127.0.0.1:15060'), lanes.join(','));
});

test('PUBLISH and NOTIFY arrows carry the presence badge', async () => {
	const badges = await h.page.$$eval('.badge', (els) => els.map((e) => e.textContent ?? ''));
	assert.ok(
		badges.some((b) => b.includes('busy') && b.includes('In a meeting until 3pm')),
		badges.join(' | '),
	);
});

test('clicking an arrow asks the editor to reveal that message', async () => {
	const notify = analysis.messages.find((m) => m.method === 'NOTIFY')!.index;
	await h.page.click(`[data-message-index="${notify}"] .hit`);
	const reveal = (await posted()).filter((m) => m.type === 'reveal').pop();
	assert.deepEqual(
		{ ...reveal, id: undefined },
		{
			type: 'reveal',
			id: undefined,
			version: 3,
			index: notify,
		},
	);
	assert.ok(Number.isInteger(reveal?.id), 'a request carries an id for its reply');
});

test('hovering a PUBLISH highlights the NOTIFYs it fanned out to', async () => {
	const publish = analysis.messages.find(
		(m) => m.method === 'PUBLISH' && analysis.index.notifiesOf(m.index).length,
	)!.index;
	await h.page.hover(`[data-message-index="${publish}"] .hit`);
	const related = await h.page.$$eval('.arrow.related', (els) =>
		els.map((e) => Number(e.getAttribute('data-message-index'))),
	);
	for (const n of analysis.index.notifiesOf(publish))
		assert.ok(related.includes(n), `NOTIFY ${n} highlighted`);
	await h.page.mouse.move(1, 1);
});

test('keyboard: Down moves the selection, Enter reveals it', async () => {
	await h.page.focus('#scroller');
	const before = (await posted()).filter((m) => m.type === 'reveal').length;
	await h.page.keyboard.press('ArrowDown');
	await h.page.keyboard.press('Enter');
	const reveals = (await posted()).filter((m) => m.type === 'reveal');
	assert.equal(reveals.length, before + 1);
	const selected = await h.page.getAttribute('.arrow.selected', 'data-message-index');
	assert.equal(Number(selected), reveals.pop()!.index);
});

test('the editor cursor highlights its arrow', async () => {
	await send({ type: 'ladder/highlight', version: 3, index: 5 });
	await h.page.waitForSelector('[data-message-index="5"].selected');
});

test('the filter keeps only matching arrows', async () => {
	await h.page.fill('#filter input, #filter >> input', 'NOTIFY').catch(async () => {
		await h.page.evaluate(() => {
			const f = document.getElementById('filter') as HTMLElement & { value: string };
			f.value = 'NOTIFY';
			f.dispatchEvent(new Event('input'));
		});
	});
	await h.page.waitForFunction(() => document.querySelectorAll('[data-message-index]').length < 40);
	const shown = await arrowIndexes();
	assert.deepEqual(
		shown,
		model.arrows.filter((a) => a.label === 'NOTIFY').map((a) => a.index),
	);
	await h.page.evaluate(() => {
		const f = document.getElementById('filter') as HTMLElement & { value: string };
		f.value = '';
		f.dispatchEvent(new Event('input'));
	});
	await h.page.waitForFunction(
		(n) => document.querySelectorAll('[data-message-index]').length === n,
		model.arrows.length,
	);
});

test('export gives Mermaid and PlantUML text and a standalone SVG of the arrows', async () => {
	for (const name of ['Copy Mermaid', 'PlantUML', 'Export SVG'])
		await h.page.click(`vscode-button:has-text("${name}")`);
	await h.page.waitForFunction(
		() =>
			(window as unknown as { posted: { type: string }[] }).posted.filter(
				(m) => m.type === 'export',
			).length >= 3,
	);
	const exports = (await posted()).filter((m) => m.type === 'export');
	const mermaid = exports.find((m) => m.format === 'mermaid')!;
	assert.equal(mermaid.copy, true);
	assert.match(mermaid.data!, /^sequenceDiagram\n/);
	assert.equal(
		mermaid.data!.split('\n').filter((l) => /->>|-->>/.test(l)).length,
		model.arrows.length,
	);
	const plant = exports.find((m) => m.format === 'plantuml')!.data!;
	assert.match(plant, /^@startuml\n[\s\S]*@enduml\n$/);
	const svg = exports.find((m) => m.format === 'svg')!.data!;
	assert.equal((svg.match(/data-message-index=/g) ?? []).length, model.arrows.length);
	assert.ok(svg.startsWith('<svg'));
});

const hostile = [
	'<script>window.__pwned=1</script>',
	'</svg><img src=x onerror="window.__pwned=2">',
	'javascript:window.__pwned=3',
	'"\'><svg onload=window.__pwned=4>',
	'`${window.__pwned=5}`',
	'\u202Egnp.exe',
	'<math><mtext><style><img src=x onerror=window.__pwned=6></style></mtext></math>',
];

test('trace text in every field renders as text and never runs', async () => {
	let dialogs = 0;
	h.page.on('dialog', (d) => {
		dialogs++;
		void d.dismiss();
	});
	const evil: LadderModel = {
		uri: 'file:///evil.sip',
		version: 4,
		view: 'network',
		lanes: hostile.map((s, i) => ({ id: `lane${i}`, label: s, role: s })),
		arrows: hostile.map((s, i) => ({
			index: i,
			line: i,
			from: `lane${i}`,
			to: `lane${(i + 1) % hostile.length}`,
			label: s,
			isRequest: i % 2 === 0,
			kind: 'notify',
			method: s,
			cseqMethod: s,
			status: null,
			callId: s,
			time: s,
			offsetMicros: null,
			retransmissions: [],
			isRefresh: false,
			presentity: s,
			presence: { basic: s, activities: [s], note: s },
			related: [],
			authPair: null,
		})),
		subscriptions: [],
		dialogs: hostile.map((s, i) => ({ callId: s, label: s, first: i, arrows: 1 })),
	};
	await send({ type: 'ladder/set', version: 4, model: Ladder.fromModel(evil) });
	await h.page.waitForSelector('[data-message-index="6"]');
	const labels = await h.page.$$eval('[data-message-index] .label', (els) =>
		els.map((e) => e.textContent),
	);
	assert.deepEqual(labels, hostile);
	assert.equal(
		await h.page.$$eval(
			'#ladder img, #ladder script, #ladder math, #ladder foreignObject',
			(els) => els.length,
		),
		0,
	);
	// The filter dropdowns list the hostile Call-IDs, methods and presentities as text, in the page
	// and in the open dropdown's shadow DOM alike.
	for (const id of ['filter-method', 'filter-dialog', 'filter-presentity']) {
		const values = await h.page.$$eval(`#${id} vscode-option`, (els) =>
			els.map((e) => e.getAttribute('value')),
		);
		assert.deepEqual(new Set(values), new Set(hostile), id);
		await h.page.click(`#${id}`);
		const items = await h.page.$$eval(`#${id} li.option`, (els) =>
			els.map((e) => ({
				text: e.textContent ?? '',
				children: e.querySelectorAll('img, script, math, style, [onerror], [onload]').length,
			})),
		);
		assert.equal(items.length, hostile.length, id);
		for (const s of hostile.filter((x) => x.length < 40))
			assert.ok(
				items.some((i) => i.text.includes(s)),
				`${id} lists ${s} as text`,
			);
		assert.ok(
			items.every((i) => i.children === 0),
			JSON.stringify(items),
		);
		await h.page.keyboard.press('Escape');
	}
	assert.equal(
		await h.page.$$eval('#filters img, #filters script, #filters math', (els) => els.length),
		0,
	);
	// An inline script without the nonce is blocked by the CSP.
	await h.page.evaluate(() => {
		const s = document.createElement('script');
		s.textContent = 'window.__inline = 1';
		document.body.appendChild(s);
	});
	await h.page.waitForTimeout(200);
	assert.equal(
		await h.page.evaluate(
			() =>
				(window as unknown as { __pwned?: number; __inline?: number }).__pwned ??
				(window as unknown as { __inline?: number }).__inline ??
				null,
		),
		null,
	);
	assert.equal(dialogs, 0);
});

test('messages that fail validation are ignored', async () => {
	await send({ type: 'ladder/set', version: 'x', model: null });
	await send({ type: 'unknown' });
	assert.equal(await h.page.$$eval('[data-message-index]', (els) => els.length), 7);
});
