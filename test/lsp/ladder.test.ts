// The diagram model over stdio: `sipTrace/ladder` answers the compact form (columns and one string
// table), and what it decodes to is the trace's messages, checked against the core's own analysis
// of the real presence trace.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import {
	decodeLadder,
	ladderFormat,
	Ladder,
	unpackInts,
} from '../../server/src/protocol/ladderColumns';
import type { LadderReply } from '../../server/src/protocol/lspExt';
import { LspClient, root } from './lspClient';

const uri = 'file:///traces/presence-story.sngrep.txt';
const text = readFileSync(join(root, 'test/fixtures/real/presence-story.sngrep.txt'), 'utf8');
const analysis = analyzeTrace(text);
/** The 0-based line of an offset, counted here rather than by the server's line index. */
const lineOf = (offset: number): number => text.slice(0, offset).split(/\r\n|\r|\n/).length - 1;

let client: LspClient;
before(async () => {
	client = new LspClient();
	await client.initialize();
	await client.open(uri, text, 7);
	await client.diagnostics(uri, 7);
});
after(async () => {
	await client.shutdown();
});

const ladder = (view: 'network' | 'entities'): Promise<LadderReply> =>
	client.request<LadderReply>('sipTrace/ladder', { uri, view });

test('the reply is the compact form: columns and a shared string table', async () => {
	const reply = await ladder('network');
	assert.ok(reply);
	assert.equal(reply.format, ladderFormat);
	assert.equal(reply.uri, uri);
	assert.equal(reply.version, 7);
	// Integer columns packed in strings, one entry per arrow.
	assert.equal(typeof reply.arrows.index, 'string');
	assert.equal(unpackInts(reply.arrows.from)?.length, reply.count);
	assert.equal(unpackInts(reply.arrows.callId)?.length, reply.count);
	// Each Call-ID, label and lane once in the table, however many arrows carry it.
	assert.equal(new Set(reply.strings).size, reply.strings.length);
	for (const callId of new Set(analysis.messages.map((m) => m.callId)))
		if (callId !== null) assert.ok(reply.strings.includes(callId), callId);
	const decoded = decodeLadder(reply);
	assert.ok(decoded.ok, decoded.ok ? '' : decoded.message);
	// The same model as objects is several times larger.
	const objects = JSON.stringify({ ...decoded.ladder, arrows: decoded.ladder.arrows });
	assert.ok(
		JSON.stringify(reply).length * 2 < objects.length,
		`${JSON.stringify(reply).length} bytes compact, ${objects.length} as objects`,
	);
});

test("decoded, it has one arrow per message (copies folded), in time order, each the message's own", async () => {
	const decoded = decodeLadder(await ladder('network'));
	assert.ok(decoded.ok);
	const arrows = decoded.ladder.arrows;
	const originals = analysis.messages.filter((m) => analysis.index.originalOf(m.index) === null);
	assert.equal(arrows.length, originals.length);
	assert.deepEqual(
		[...arrows.map((a) => a.index)].sort((a, b) => a - b),
		originals.map((m) => m.index),
	);
	let previous = -Infinity;
	for (const a of arrows) {
		const m = analysis.messages[a.index]!;
		const time = m.frame.epochMicros ?? 0;
		assert.ok(time >= previous, `arrow ${a.index} in time order`);
		previous = time;
		assert.equal(a.line, lineOf(m.startLine.start), `line of ${a.index}`);
		assert.equal(a.callId, m.callId);
		assert.equal(a.time, m.frame.time);
		assert.equal(a.isRequest, m.kind === 'request');
		assert.equal(a.method, m.method);
		assert.equal(a.status, m.status);
		assert.equal(
			a.label,
			m.kind === 'request' ? m.method : `${m.status} ${m.reason ?? ''}`.trim(),
			`label of ${a.index}`,
		);
		assert.deepEqual(a.from, m.frame.src);
		assert.deepEqual(a.to, m.frame.dst);
		for (const r of a.retransmissions) assert.equal(analysis.index.originalOf(r), a.index);
		if (m.method === 'PUBLISH')
			for (const n of analysis.index.notifiesOf(m.index))
				assert.ok(a.related.includes(n), `PUBLISH ${a.index} related to NOTIFY ${n}`);
	}
	assert.ok(
		arrows.some((a) => a.presence?.activities.includes('busy')),
		'presence badges carried',
	);
	assert.ok(
		arrows.some((a) => a.authPair !== null),
		'the challenged PUBLISH and its retry paired',
	);
	assert.ok(decoded.ladder.subscriptions.length > 0);
	assert.equal(
		new Set(decoded.ladder.dialogs.map((d) => d.callId)).size,
		new Set(analysis.messages.map((m) => m.callId)).size,
	);
});

test('encoding the decoded model again gives the same reply', async () => {
	const reply = await ladder('entities');
	const decoded = decodeLadder(reply);
	assert.ok(decoded.ok);
	assert.equal(decoded.ladder.view, 'entities');
	assert.deepEqual(JSON.parse(JSON.stringify(decoded.ladder)), reply);
	// And from its objects, as a model made by hand would be.
	const remade = Ladder.fromModel({
		uri: decoded.ladder.uri,
		version: decoded.ladder.version,
		view: decoded.ladder.view,
		lanes: decoded.ladder.lanes,
		arrows: decoded.ladder.arrows,
		subscriptions: decoded.ladder.subscriptions,
		dialogs: decoded.ladder.dialogs,
	});
	assert.deepEqual(remade.arrows, decoded.ladder.arrows);
	assert.deepEqual(remade.dialogs, decoded.ladder.dialogs);
});
