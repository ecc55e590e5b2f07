// The diagram model as it travels: the compact form (columns, one string table) of a real trace is
// drawn arrow for arrow as the model it encodes; lane names travel beside it; a model that cannot
// be read is answered `ladder/rejected` with the reason, and nothing of it is drawn.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
	decodeLadder,
	Ladder,
	packInts,
	unpackInts,
	type CompactLadder,
	type LadderDecodeError,
} from '../../server/src/protocol/ladderColumns';
import { openHarness, type Harness } from './harness';
import { ladderOf, pageTools } from './pageTools';

const text = readFileSync(
	join(__dirname, '..', 'fixtures', 'real', 'presence-story.sngrep.txt'),
	'utf8',
);
const model = ladderOf(text, 'file:///presence-story.sngrep.txt', 8);
const wire = JSON.parse(JSON.stringify(model)) as CompactLadder;

let h: Harness;
let tools: ReturnType<typeof pageTools>;
const pageErrors: string[] = [];

before(async () => {
	h = await openHarness();
	tools = pageTools(h);
	h.page.on('pageerror', (e) => pageErrors.push(e.message));
});
after(async () => {
	await h.close();
});

/** Posts a model and waits until it is drawn. */
const show = async (message: unknown): Promise<void> => {
	await tools.send(message);
	await h.page.waitForSelector('[data-message-index]');
};
/** Posts a model that cannot be read and waits for the webview's answer. */
const refuse = async (message: {
	version: number;
}): Promise<{ error: string; message: string }> => {
	await tools.send(message);
	await h.page.waitForFunction(
		(v) =>
			(window as unknown as { posted: { type: string; version?: number }[] }).posted.some(
				(m) => m.type === 'ladder/rejected' && m.version === v,
			),
		message.version,
	);
	return (await tools.posted()).filter((m) => m.type === 'ladder/rejected').pop() as unknown as {
		error: string;
		message: string;
	};
};

test('the compact form of a real trace draws every arrow of the model it encodes', async () => {
	await show({ type: 'ladder/set', version: 8, model: wire });
	const rows = await tools.shownArrows();
	assert.deepEqual(
		rows.map((r) => r.index),
		model.arrows.map((a) => a.index),
	);
	assert.deepEqual(
		rows.map((r) => r.label),
		model.arrows.map(
			(a) => a.label + (a.retransmissions.length ? ` ×${a.retransmissions.length + 1}` : ''),
		),
	);
	const lanes = await h.page.$$eval('.lane-label', (els) => els.map((e) => e.textContent));
	assert.deepEqual(
		lanes,
		model.lanes.map((l) => l.label),
	);
	assert.match(
		await tools.status(),
		new RegExp(`^${model.arrows.length} of ${model.arrows.length} messages`),
	);
	assert.equal(
		await h.page.$$eval('#subscriptions rect', (els) => els.length > 0),
		true,
		'subscription bars',
	);
});

test('lane names travel beside the model: a renamed lane, two lanes merged', async () => {
	const [first, second, third] = model.lanes;
	assert.ok(first && second && third);
	await show({
		type: 'ladder/set',
		version: 9,
		model: { ...wire, version: 9 },
		aliases: { [first.id]: 'Kamailio', [second.id]: 'watchers', [third.id]: 'watchers' },
	});
	await h.page.waitForFunction(() =>
		Array.from(document.querySelectorAll('.lane-label')).some((e) => e.textContent === 'Kamailio'),
	);
	const lanes = await h.page.$$eval('.lane-label', (els) => els.map((e) => e.textContent));
	assert.equal(lanes.length, model.lanes.length - 1);
	assert.deepEqual(lanes.slice(0, 2), ['Kamailio', 'watchers']);
	assert.equal(
		await h.page.$eval('[data-lane]', (e) => e.getAttribute('data-lane')),
		'alias:Kamailio',
	);
});

/** The wire model with one packed column of the arrows (or of another group) changed. */
const withColumn = (
	w: CompactLadder,
	name: keyof CompactLadder['arrows'],
	change: (values: number[]) => number[],
	group: 'arrows' | 'subscriptions' = 'arrows',
): CompactLadder => {
	const columns = w[group] as unknown as Record<string, string>;
	return {
		...w,
		[group]: { ...columns, [name]: packInts(change(Array.from(unpackInts(columns[name]!)!))) },
	};
};

/** Wire models that must be refused, each with the code it is refused with. */
const broken: [string, LadderDecodeError, (w: CompactLadder) => unknown][] = [
	['not an object', 'not-a-model', () => 'model'],
	['another format', 'unknown-format', (w) => ({ ...w, format: 'sip-ladder/objects' })],
	['the old object form', 'unknown-format', () => ({ ...model, arrows: model.arrows })],
	['no string table', 'not-a-model', (w) => ({ ...w, strings: [1, 2] })],
	['a column one short', 'malformed', (w) => withColumn(w, 'from', (v) => v.slice(1))],
	['a lane out of range', 'malformed', (w) => withColumn(w, 'to', (v) => v.map(() => 99))],
	[
		'a string id out of range',
		'malformed',
		(w) => withColumn(w, 'label', (v) => [w.strings.length, ...v.slice(1)]),
	],
	[
		'a column that is a list rather than packed',
		'malformed',
		(w) => ({ ...w, arrows: { ...w.arrows, status: Array.from(unpackInts(w.arrows.status)!) } }),
	],
	[
		'a character outside the packing alphabet',
		'malformed',
		(w) => ({ ...w, arrows: { ...w.arrows, method: `${w.arrows.method}"` } }),
	],
	[
		'a value cut short',
		'malformed',
		(w) => ({ ...w, arrows: { ...w.arrows, callId: `${w.arrows.callId}z` } }),
	],
	[
		'an index that goes negative',
		'malformed',
		(w) => withColumn(w, 'index', (v) => [-1, ...v.slice(1)]),
	],
	[
		'more related messages counted than listed',
		'malformed',
		(w) => withColumn(w, 'relatedCount', (v) => v.map((n) => n + 1)),
	],
	[
		'times missing',
		'malformed',
		(w) => ({ ...w, arrows: { ...w.arrows, timeRest: w.arrows.timeRest.slice(1) } }),
	],
	['a badge out of range', 'malformed', (w) => withColumn(w, 'badge', (v) => v.map(() => 1e6))],
	[
		'a subscription on no lane',
		'malformed',
		(w) => withColumn(w, 'lane' as 'to', (v) => v.map(() => -1), 'subscriptions'),
	],
	['more arrows counted than there are', 'malformed', (w) => ({ ...w, count: w.count + 1 })],
];

test('packed columns: every safe integer, small ones in one character', () => {
	const values = [0, 1, -1, 15, -16, 16, 31, 1000, -1000, 2 ** 31, -(2 ** 40), 2 ** 52, -(2 ** 52)];
	assert.deepEqual(Array.from(unpackInts(packInts(values))!), values);
	assert.equal(packInts([0, 1, -1, 15, -16]).length, 5);
	assert.equal(unpackInts('')?.length, 0);
	assert.equal(unpackInts('z'), null, 'cut short');
	assert.equal(unpackInts('A"'), null, 'outside the alphabet');
	assert.equal(unpackInts('/'.repeat(11) + 'B'), null, 'beyond 2^52');
	assert.throws(() => packInts([0.5]));
	assert.throws(() => packInts([2 ** 53]));
});

test('times the wire cannot carry are dropped, not thrown on: a fraction rounded, decades apart none', () => {
	const arrows = model.arrows.slice(0, 3).map((a, i) => ({
		...a,
		offsetMicros: [1.5, 1e300, Number.NaN][i]!,
		status: a.status === null ? null : 1234,
	}));
	const odd = Ladder.fromModel({
		uri: model.uri,
		version: 1,
		view: model.view,
		lanes: model.lanes,
		arrows,
		subscriptions: [],
		dialogs: [],
	});
	const decoded = decodeLadder(JSON.parse(JSON.stringify(odd)));
	assert.ok(decoded.ok, decoded.ok ? '' : decoded.message);
	assert.deepEqual(
		decoded.ladder.arrows.map((a) => a.offsetMicros),
		[2, null, null],
	);
	assert.deepEqual(
		decoded.ladder.arrows.map((a) => a.status),
		arrows.map((a) => a.status),
	);
});

test('message indexes far apart are found without an array as long as the largest', () => {
	const [first, second] = model.arrows;
	const far = Ladder.fromModel({
		uri: model.uri,
		version: 1,
		view: model.view,
		lanes: model.lanes,
		arrows: [
			{ ...first!, index: 3 },
			{ ...second!, index: 2 ** 31 - 2 },
		],
		subscriptions: [],
		dialogs: [],
	});
	const decoded = decodeLadder(JSON.parse(JSON.stringify(far)));
	assert.ok(decoded.ok);
	assert.equal(decoded.ladder.position(2 ** 31 - 2), 1);
	assert.equal(decoded.ladder.position(3), 0);
	assert.equal(decoded.ladder.position(4), -1);
});

test('the decoder refuses each broken model with its reason, and never throws', () => {
	for (const [what, code, make] of broken) {
		const result = decodeLadder(make(wire));
		assert.equal(result.ok, false, what);
		if (!result.ok) {
			assert.equal(result.error, code, `${what}: ${result.message}`);
			assert.ok(result.message.length > 0);
		}
	}
	assert.equal(decodeLadder(wire).ok, true);
	assert.equal(decodeLadder(null).ok, false);
	assert.equal(decodeLadder({ format: wire.format }).ok, false);
});

test('a model that cannot be read is answered ladder/rejected and draws nothing', async () => {
	let version = 20;
	for (const [what, code, make] of broken) {
		// A good diagram first, so that "nothing drawn" means the broken one replaced it.
		await show({ type: 'ladder/set', version: ++version, model: { ...wire, version } });
		const reply = await refuse({ type: 'ladder/set', version: ++version, model: make(wire) } as {
			version: number;
		});
		assert.equal(reply.error, code, `${what}: ${reply.message}`);
		assert.equal(await h.page.$$eval('[data-message-index]', (els) => els.length), 0, what);
		assert.match(await tools.status(), /^Cannot draw this trace: /, what);
	}
	assert.deepEqual(pageErrors, []);
	// And the next good model draws again.
	await show({ type: 'ladder/set', version: ++version, model: { ...wire, version } });
	assert.match(await tools.status(), /messages/);
});
