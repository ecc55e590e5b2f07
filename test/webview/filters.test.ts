// The method, dialog and presentity filters of the diagram, driven like a user drives them, checked
// against the model the server computes for generated presence and call traffic.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateTraffic, toHeaderLineText } from '../bench/generate';
import { filterChoices, methodOf } from '../../media/src/filters';
import type { LadderArrow } from '../../server/src/protocol/ladder';
import { Ladder } from '../../server/src/protocol/ladderColumns';
import { openHarness, type Harness } from './harness';
import { ladderOf, pageTools } from './pageTools';

const model = ladderOf(toHeaderLineText(generateTraffic(400, 1)), 'file:///generated.log', 2);
const choices = filterChoices(model);
const presenceKinds = new Set(['publish', 'subscribe', 'notify']);

let h: Harness;
let tools: ReturnType<typeof pageTools>;

const indexes = (arrows: readonly LadderArrow[]): number[] => arrows.map((a) => a.index);
const labelOf = new Map(model.arrows.map((a) => [a.index, a.label]));

/** Opens a dropdown, ticks the options with these labels, and closes it again. */
async function choose(select: string, labels: readonly string[]): Promise<void> {
	await h.page.click(`#${select}`);
	for (const label of labels) {
		const option = h.page.locator(`#${select} li.option`, { hasText: label }).first();
		await option.scrollIntoViewIfNeeded();
		await option.click();
	}
	await h.page.keyboard.press('Escape');
}

async function clearAll(): Promise<void> {
	await h.page.click('#clear-filters');
	await h.page.waitForFunction(
		(n) => document.getElementById('status')?.textContent?.startsWith(`${n} of ${n} `),
		model.arrows.length,
	);
}

/** The arrows shown, checked to carry the index of the message they draw. */
async function shown(): Promise<number[]> {
	const rows = await tools.shownArrows();
	for (const row of rows)
		assert.equal(
			row.label.replace(/ ×\d+$/, ''),
			labelOf.get(row.index),
			`arrow ${row.index} draws its own message`,
		);
	return rows.map((r) => r.index);
}

before(async () => {
	h = await openHarness();
	tools = pageTools(h);
	await tools.send({ type: 'ladder/set', version: 2, model });
	await h.page.waitForSelector('[data-message-index]');
});
after(async () => {
	await h.close();
});

test('the dropdowns offer what the model holds', async () => {
	const values = (id: string) =>
		h.page.$$eval(`#${id} vscode-option`, (els) => els.map((e) => e.getAttribute('value')));
	const methods = [...new Set(model.arrows.map(methodOf))].filter((m) => m !== null).sort();
	assert.deepEqual(await values('filter-method'), methods);
	assert.deepEqual(
		await values('filter-dialog'),
		model.dialogs.map((d) => d.callId),
	);
	assert.deepEqual(
		new Set(model.dialogs.map((d) => d.callId)),
		new Set(model.arrows.map((a) => a.callId)),
	);
	const presentities = new Set(model.arrows.map((a) => a.presentity).filter((p) => p !== null));
	assert.deepEqual(new Set(await values('filter-presentity')), presentities);
	// A dialog is labelled by its first method and AoRs.
	const first = model.arrows.find((a) => a.callId === model.dialogs[0]!.callId)!;
	assert.ok(model.dialogs[0]!.label.startsWith(`${methodOf(first)} `), model.dialogs[0]!.label);
	assert.match(model.dialogs[0]!.label, /^\S+ \S+@\S+ → \S+@\S+$/);
});

test('choosing a method shows only its requests and their responses', async () => {
	const method = 'NOTIFY';
	const expected = model.arrows.filter((a) => methodOf(a) === method);
	assert.ok(expected.some((a) => !a.isRequest) && expected.some((a) => a.isRequest));
	await choose('filter-method', [choices.methods.find((c) => c.value === method)!.label]);
	assert.deepEqual(await shown(), indexes(expected));
	assert.match(await tools.status(), new RegExp(`^${expected.length} of ${model.arrows.length} `));
	// A second method adds its arrows.
	await choose('filter-method', [choices.methods.find((c) => c.value === 'PUBLISH')!.label]);
	assert.deepEqual(
		await shown(),
		indexes(model.arrows.filter((a) => methodOf(a) === method || methodOf(a) === 'PUBLISH')),
	);
	await clearAll();
});

test("choosing a Call-ID shows only that dialog's arrows", async () => {
	const dialog = [...model.dialogs].sort((a, b) => b.arrows - a.arrows)[0]!;
	const expected = model.arrows.filter((a) => a.callId === dialog.callId);
	assert.equal(expected.length, dialog.arrows);
	const choice = choices.dialogs.find((c) => c.value === dialog.callId)!;
	await choose('filter-dialog', [choice.label]);
	assert.deepEqual(await shown(), indexes(expected));
	await clearAll();
});

test('choosing a presentity shows only its PUBLISH, SUBSCRIBE, NOTIFY and their responses', async () => {
	// A presentity that was published, subscribed to and notified about.
	const presentity = choices.presentities
		.map((c) => c.value)
		.find((p) => {
			const methods = new Set(
				model.arrows.filter((a) => a.presentity === p).map((a) => methodOf(a)),
			);
			return methods.has('PUBLISH') && methods.has('SUBSCRIBE') && methods.has('NOTIFY');
		});
	assert.ok(presentity, 'the generated traffic has a presentity with all three');
	const requests = model.arrows.filter(
		(a) => a.isRequest && a.presentity === presentity && presenceKinds.has(a.kind),
	);
	const responses = model.arrows.filter(
		(a) => !a.isRequest && a.related.some((r) => requests.some((q) => q.index === r)),
	);
	assert.ok(responses.length > 0);
	const expected = new Set([...indexes(requests), ...indexes(responses)]);
	await choose('filter-presentity', [
		choices.presentities.find((c) => c.value === presentity)!.label,
	]);
	const got = await shown();
	assert.deepEqual(new Set(got), expected);
	assert.deepEqual(
		got,
		indexes(model.arrows).filter((i) => expected.has(i)),
		'in time order',
	);
	for (const i of got)
		assert.ok(presenceKinds.has(model.arrows.find((a) => a.index === i)!.kind), `arrow ${i}`);
	await clearAll();
});

test('the filters combine with each other, the text filter and hide-noise', async () => {
	await choose(
		'filter-method',
		['INVITE', 'REGISTER', 'SUBSCRIBE'].map(
			(m) => choices.methods.find((c) => c.value === m)!.label,
		),
	);
	await h.page.click('#hide-noise');
	await h.page.evaluate(() => {
		const f = document.getElementById('filter') as HTMLElement & { value: string };
		f.value = '200';
		f.dispatchEvent(new Event('input'));
	});
	const expected = model.arrows.filter(
		(a) =>
			['INVITE', 'REGISTER', 'SUBSCRIBE'].includes(methodOf(a) ?? '') &&
			a.kind !== 'register' &&
			a.kind !== 'options' &&
			!a.isRefresh &&
			[a.label, a.callId, a.presentity, a.presence?.note, a.from, a.to].some((s) =>
				s?.toLowerCase().includes('200'),
			),
	);
	assert.ok(expected.length > 0);
	assert.deepEqual(await shown(), indexes(expected));
	await h.page.click('#hide-noise');
	await h.page.evaluate(() => {
		const f = document.getElementById('filter') as HTMLElement & { value: string };
		f.value = '';
		f.dispatchEvent(new Event('input'));
	});
	await clearAll();
});

test('the choices survive a reload of the webview', async () => {
	const dialog = model.dialogs[1]!;
	await choose('filter-method', [choices.methods.find((c) => c.value === 'SUBSCRIBE')!.label]);
	await choose('filter-dialog', [choices.dialogs.find((c) => c.value === dialog.callId)!.label]);
	const expected = indexes(
		model.arrows.filter((a) => methodOf(a) === 'SUBSCRIBE' && a.callId === dialog.callId),
	);
	const before = await shown();
	assert.deepEqual(before, expected);
	await h.reload();
	await tools.send({ type: 'ladder/set', version: 2, model });
	await h.page.waitForSelector('[data-message-index]');
	assert.deepEqual(await shown(), expected);
	const value = (id: string) =>
		h.page.$eval(`#${id}`, (e) => (e as HTMLElement & { value: string[] }).value);
	assert.deepEqual(await value('filter-method'), ['SUBSCRIBE']);
	assert.deepEqual(await value('filter-dialog'), [dialog.callId]);
	assert.deepEqual(await value('filter-presentity'), []);
});

test('an edit that removes a chosen dialog keeps the choice, marked; another trace drops it', async () => {
	const dialog = model.dialogs[1]!;
	const edited = {
		uri: model.uri,
		view: model.view,
		lanes: model.lanes,
		subscriptions: model.subscriptions,
		version: 3,
		arrows: model.arrows.filter((a) => a.callId !== dialog.callId),
		dialogs: model.dialogs.filter((d) => d.callId !== dialog.callId),
	};
	await tools.send({ type: 'ladder/set', version: 3, model: Ladder.fromModel(edited) });
	await h.page.waitForFunction(() =>
		document.getElementById('status')?.textContent?.startsWith('0 of '),
	);
	assert.equal(
		await h.page.textContent(`#filter-dialog vscode-option[value="${dialog.callId}"]`),
		`${dialog.callId} (not in the trace now)`,
	);
	await tools.send({
		type: 'ladder/set',
		version: 1,
		model: Ladder.fromModel({ ...edited, uri: 'file:///other.log' }),
	});
	await h.page.waitForFunction(() => document.querySelectorAll('[data-message-index]').length > 0);
	const value = (id: string) =>
		h.page.$eval(`#${id}`, (e) => (e as HTMLElement & { value: string[] }).value);
	assert.deepEqual(await value('filter-dialog'), []);
	assert.deepEqual(await value('filter-method'), ['SUBSCRIBE'], 'offered by the other trace too');
	assert.deepEqual(
		await shown(),
		indexes(edited.arrows.filter((a) => methodOf(a) === 'SUBSCRIBE')),
	);
});
