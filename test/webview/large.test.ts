// A diagram of 100,000 messages: only the rows in view are in the DOM, and they are the right ones.
// The model is synthesised like the server's (calls, presence, long subscriptions on a few lanes);
// the time it takes to show is printed, not asserted (`npm run bench` reports it, with the server's
// part, as diagram-command).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type {
	LadderArrow,
	LadderModel,
	LadderSubscription,
} from '../../server/src/protocol/ladder';
import { filterChoices, methodOf } from '../../media/src/filters';
import { Ladder } from '../../server/src/protocol/ladderColumns';
import { openHarness, type Harness } from './harness';
import { pageTools, showStoredModel } from './pageTools';

const count = 100_000;
const laneCount = 40;
const methods = ['INVITE', 'ACK', 'BYE', 'SUBSCRIBE', 'NOTIFY', 'PUBLISH', 'OPTIONS', 'REGISTER'];

function synthesise(): LadderModel {
	const lanes = Array.from({ length: laneCount }, (_, i) => ({
		id: `10.0.${i >> 8}.${i & 255}:5060`,
		label: `10.0.${i >> 8}.${i & 255}:5060`,
		role: i < 4 ? 'watcher' : null,
	}));
	const arrows: LadderArrow[] = [];
	const dialogs: LadderModel['dialogs'][number][] = [];
	for (let i = 0; i < count; i++) {
		const call = i >> 3;
		const method = methods[call % methods.length]!;
		const isRequest = i % 2 === 0;
		const a = lanes[(call * 7) % laneCount]!.id;
		const b = lanes[(call * 13 + 1) % laneCount]!.id;
		const callId = `call-${call}@bench`;
		if (i % 8 === 0)
			dialogs.push({ callId, label: `${method} u${call}@x → u${call + 1}@x`, first: i, arrows: 8 });
		const presence = method === 'NOTIFY' || method === 'PUBLISH';
		arrows.push({
			index: i,
			line: i * 12,
			from: isRequest ? a : b,
			to: isRequest ? b : a,
			label: isRequest ? method : '200 OK',
			isRequest,
			kind: (
				{
					INVITE: 'invite',
					ACK: 'invite',
					BYE: 'invite',
					SUBSCRIBE: 'subscribe',
					NOTIFY: 'notify',
					PUBLISH: 'publish',
					OPTIONS: 'options',
					REGISTER: 'register',
				} as const
			)[method as 'INVITE'],
			method: isRequest ? method : null,
			cseqMethod: method,
			status: isRequest ? null : 200,
			callId,
			time: `2026-11-24T19:00:${String(i % 60).padStart(2, '0')}.000000`,
			offsetMicros: i * 1000,
			retransmissions: [],
			isRefresh: false,
			presentity: presence || method === 'SUBSCRIBE' ? `sip:p${call % 500}@x` : null,
			presence:
				presence && isRequest ? { basic: 'open', activities: ['busy'], note: `note ${i}` } : null,
			related: [isRequest ? i + 1 : i - 1],
			authPair: null,
		});
	}
	// Many long subscriptions on the first four lanes: most still active at the end of the trace.
	const subscriptions: LadderSubscription[] = Array.from({ length: 5000 }, (_, id) => ({
		id,
		watcherLane: lanes[id % 4]!.id,
		event: 'presence',
		resource: `sip:p${id % 500}@x`,
		fromIndex: id * 20,
		toIndex: id % 3 === 0 ? Math.min(count - 1, id * 20 + 4000) : null,
		state: id % 3 === 0 ? 'terminated' : 'active',
	}));
	return {
		uri: 'file:///large.log',
		version: 1,
		view: 'network',
		lanes,
		arrows,
		subscriptions,
		dialogs,
	};
}

const model = synthesise();
const ladder = Ladder.fromModel(model);
let h: Harness;
let tools: ReturnType<typeof pageTools>;

interface Dom {
	arrows: number[];
	bars: number;
	elements: number;
	rowsInView: number;
	scrollTop: number;
}
const dom = (): Promise<Dom> =>
	h.page.evaluate(() => {
		const scroller = document.getElementById('scroller')!;
		return {
			arrows: Array.from(document.querySelectorAll('[data-message-index]')).map((e) =>
				Number(e.getAttribute('data-message-index')),
			),
			bars: document.querySelectorAll('#subscriptions rect').length,
			elements: document.querySelectorAll('#ladder *').length,
			rowsInView: Math.ceil(scroller.clientHeight / 28),
			scrollTop: scroller.scrollTop,
		};
	});
const scrollTo = async (top: number): Promise<void> => {
	await h.page.evaluate(async (t) => {
		document.getElementById('scroller')!.scrollTop = t;
		// The scroll event comes with the next frame and the draw it asks for with the one after:
		// a small scroll leaves a window that already passes the check below, so wait for those.
		for (let i = 0; i < 3; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
	}, top);
	// Until the window of rows drawn starts just above the (possibly clamped) scroll position.
	await h.page.waitForFunction(() => {
		const scrollTop = document.getElementById('scroller')!.scrollTop;
		const y = Number(document.querySelector('[data-message-index] .hit')?.getAttribute('y'));
		return y <= Math.max(44, scrollTop) && y > scrollTop - 40 * 28;
	});
};
/** At most the rows in view and the margin of 20 above and below. */
const bounded = (d: Dom): void => {
	assert.ok(d.arrows.length > 0, 'arrows drawn');
	assert.ok(
		d.arrows.length <= d.rowsInView + 42,
		`${d.arrows.length} arrows in the DOM for ${d.rowsInView} rows in view`,
	);
	assert.ok(d.bars <= laneCount * 2, `${d.bars} subscription bars in the DOM`);
	assert.ok(d.elements < 3000, `${d.elements} SVG elements in the DOM`);
};
/** The arrows drawn are consecutive rows of `shown`, each carrying its own message index. */
const consecutive = (d: Dom, shown: readonly LadderArrow[]): number => {
	const first = shown.findIndex((a) => a.index === d.arrows[0]);
	assert.ok(first >= 0);
	assert.deepEqual(
		d.arrows,
		shown.slice(first, first + d.arrows.length).map((a) => a.index),
	);
	return first;
};

before(async () => {
	h = await openHarness();
	tools = pageTools(h);
	await h.page.evaluate((json) => {
		(window as unknown as { model: unknown }).model = JSON.parse(json);
	}, JSON.stringify(ladder));
});
after(async () => {
	await h.close();
});

test('100,000 messages: the DOM holds the rows in view only', async () => {
	const ms = await showStoredModel(h);
	console.log(`# ${count} messages shown in ${ms.toFixed(0)} ms (postMessage to first frame)`);
	assert.match(await tools.status(), /^100000 of 100000 messages/);
	const d = await dom();
	bounded(d);
	assert.equal(consecutive(d, model.arrows), 0, 'from the first message');
	// The tall canvas still scrolls through every row.
	const height = await h.page.$eval('#ladder', (e) => Number(e.getAttribute('height')));
	assert.equal(height, 44 + count * 28 + 20);
});

test('scrolling draws the right rows, and only those', async () => {
	for (const row of [50_000, 73_123, count - 1]) {
		await scrollTo(44 + row * 28);
		const d = await dom();
		bounded(d);
		const first = consecutive(d, model.arrows);
		assert.ok(first <= row && row < first + d.arrows.length, `row ${row} drawn`);
	}
	const d = await dom();
	assert.equal(d.arrows.at(-1), count - 1, 'down to the last message');
	await scrollTo(0);
});

test('a small scroll keeps the arrows still in view and draws only the rows that come in', async () => {
	await scrollTo(44 + 30_000 * 28);
	// Mark the arrows drawn now, then scroll by three rows (a wheel notch).
	await h.page.evaluate(() => {
		document
			.querySelectorAll('[data-message-index]')
			.forEach((g) => g.setAttribute('data-marked', ''));
	});
	const before = await dom();
	await scrollTo(before.scrollTop + 3 * 28);
	const d = await dom();
	bounded(d);
	consecutive(d, model.arrows);
	const kept = await h.page.$$eval('[data-message-index]', (els) =>
		els
			.filter((e) => e.hasAttribute('data-marked'))
			.map((e) => Number(e.getAttribute('data-message-index'))),
	);
	const stillInView = d.arrows.filter((i) => before.arrows.includes(i));
	assert.ok(stillInView.length > d.arrows.length / 2);
	assert.deepEqual(kept, stillInView, 'the same elements, not drawn again');
	await scrollTo(0);
});

test('filtered, the 100,000-message diagram stays bounded and carries the right indexes', async () => {
	const label = filterChoices(ladder).methods.find((c) => c.value === 'NOTIFY')!.label;
	await h.page.click('#filter-method');
	await h.page.locator('#filter-method li.option', { hasText: label }).click();
	await h.page.keyboard.press('Escape');
	const shown = model.arrows.filter((a) => methodOf(a) === 'NOTIFY');
	await h.page.waitForFunction(
		(n) => document.getElementById('status')?.textContent?.startsWith(`${n} of `),
		shown.length,
	);
	let d = await dom();
	bounded(d);
	assert.equal(consecutive(d, shown), 0);
	await scrollTo(44 + Math.floor(shown.length / 2) * 28);
	d = await dom();
	bounded(d);
	consecutive(d, shown);
	await scrollTo(0);
});

test('the dialog dropdown offers the 500 dialogs from the top row on, and filters by one', async () => {
	assert.equal(await h.page.$$eval('#filter-dialog vscode-option', (els) => els.length), 0);
	// With NOTIFY chosen, scroll to one of the NOTIFY dialogs far down the trace.
	const notifies = model.arrows.filter((a) => methodOf(a) === 'NOTIFY');
	const row = notifies.findIndex((a) => a.index >= 80_000);
	const dialog = model.dialogs.find((d) => d.callId === notifies[row]!.callId)!;
	await scrollTo(44 + row * 28);
	assert.equal(await h.page.textContent('#filter-dialog-note'), '');
	// Its "0 Selected" badge opens it, like the text box and the button.
	await h.page.click('#filter-dialog .select-face-badge');
	await h.page.waitForFunction(
		() => (document.getElementById('filter-dialog') as HTMLElement & { open: boolean }).open,
	);
	const offered = await h.page.$$eval('#filter-dialog vscode-option', (els) =>
		els.map((e) => e.getAttribute('value')),
	);
	assert.equal(offered.length, 500);
	assert.equal(offered[0], dialog.callId, 'the dialog at the top row first');
	const expected = [
		...new Set([...notifies.slice(row), ...notifies.slice(0, row)].map((a) => a.callId)),
	].slice(0, 500);
	assert.deepEqual(
		offered,
		expected,
		'then the next ones the method filter keeps, then from the start',
	);
	assert.equal(
		await h.page.textContent('#filter-dialog-note'),
		`500 of ${model.dialogs.length.toLocaleString('en')} from the top row`,
	);
	await h.page.locator('#filter-dialog li.option', { hasText: dialog.callId }).first().click();
	await h.page.keyboard.press('Escape');
	const shown = model.arrows.filter((a) => a.callId === dialog.callId && methodOf(a) === 'NOTIFY');
	await h.page.waitForFunction(
		(n) => document.getElementById('status')?.textContent?.startsWith(`${n} of `),
		shown.length,
	);
	assert.ok(shown.length > 0);
	assert.deepEqual(
		(await dom()).arrows,
		shown.map((a) => a.index),
	);
});
