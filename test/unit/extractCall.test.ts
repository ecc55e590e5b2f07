// Taking one call out of a trace: the call's own messages and the presence links a reader
// follows across Call-IDs, checked against the links computed from tshark's fields
// (test/fixtures/real/*.expected.json), not against the product's own index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { extractCall } from '../../server/src/core/extractCall';
import { bodyText } from '../../server/src/core/bodies/bodyText';

interface Expected {
	messages: {
		index: number;
		method: string | null;
		status: number | null;
		callId: string;
		links: {
			request: number | null;
			subscription: number | null;
			publication: number | null;
			challenge: number | null;
			notifies: number[];
		};
	}[];
}
const real = join(__dirname, '..', 'fixtures', 'real');
const text = readFileSync(join(real, 'presence-story.sip'), 'utf8');
const expected = JSON.parse(
	readFileSync(join(real, 'presence-story.sip.expected.json'), 'utf8'),
) as Expected;
const all = expected.messages;

/** The Call-IDs of the PUBLISHes of the publication of `publish`: linked by SIP-If-Match or a challenge. */
function publicationCalls(publish: number): Set<string> {
	const edges = new Map<number, number[]>();
	const link = (a: number, b: number): void => {
		edges.set(a, [...(edges.get(a) ?? []), b]);
		edges.set(b, [...(edges.get(b) ?? []), a]);
	};
	for (const m of all) {
		if (m.method !== 'PUBLISH') continue;
		if (m.links.publication !== null) link(m.index, m.links.publication);
		const challenge = m.links.challenge;
		if (challenge !== null && all[challenge]!.links.request !== null)
			link(m.index, all[challenge]!.links.request!);
	}
	const seen = new Set([publish]);
	const queue = [publish];
	while (queue.length)
		for (const next of edges.get(queue.pop()!) ?? [])
			if (!seen.has(next)) {
				seen.add(next);
				queue.push(next);
			}
	return new Set([...seen].map((i) => all[i]!.callId));
}
const withCalls = (calls: Set<string>): number[] =>
	all.filter((m) => calls.has(m.callId)).map((m) => m.index);

test("from a watcher's NOTIFY: that watcher's dialog and the publication whose state it carries", () => {
	const notify = all.find((m) => m.method === 'NOTIFY' && m.links.publication !== null)!;
	const calls = new Set([notify.callId, ...publicationCalls(notify.links.publication!)]);
	const a = analyzeTrace(text);
	const got = extractCall(a, notify.index)!;
	assert.deepEqual(got.messages, withCalls(calls));
	assert.equal(got.callIds[0], notify.callId);
	const otherWatchers = all.filter(
		(m) =>
			m.method === 'NOTIFY' &&
			m.links.publication === notify.links.publication &&
			m.callId !== notify.callId,
	);
	assert.ok(otherWatchers.length > 0, 'the publication reached other watchers');
	for (const m of otherWatchers) assert.ok(!got.text.includes(m.callId), 'not their dialogs');
});

test('from a PUBLISH: its publication and every dialog it fanned out to', () => {
	const publish = all.find((m) => m.method === 'PUBLISH' && m.links.notifies.length > 0)!;
	const calls = publicationCalls(publish.index);
	for (const n of publish.links.notifies) calls.add(all[n]!.callId);
	const got = extractCall(analyzeTrace(text), publish.index)!;
	assert.deepEqual(got.messages, withCalls(calls));
});

test('the extract reads as a trace of its own, with the same messages and links', () => {
	const a = analyzeTrace(text);
	const notify = all.find((m) => m.method === 'NOTIFY' && m.links.subscription !== null)!;
	const got = extractCall(a, notify.index)!;
	const b = analyzeTrace(got.text);
	assert.equal(b.format, a.format);
	assert.deepEqual(
		b.messages.map((m) => [m.method ?? m.status, m.callId]),
		got.messages.map((i) => [
			a.messages[i]!.method ?? a.messages[i]!.status,
			a.messages[i]!.callId,
		]),
	);
	const at = got.messages.indexOf(notify.index);
	assert.equal(
		b.index.subscriptionOf(at)?.creator,
		got.messages.indexOf(notify.links.subscription!),
	);
	// What the trace says about those messages, it says about them alone too.
	const inTaken = (span: { start: number }): boolean =>
		got.messages.some((i) => {
			const f = a.messages[i]!.frame.span;
			return f.start <= span.start && span.start < f.end;
		});
	assert.deepEqual(
		b.problems.map((p) => p.code),
		a.problems.filter((p) => inTaken(p.span)).map((p) => p.code),
	);
});

test('a message without a Call-ID, or no message, extracts nothing', () => {
	assert.equal(extractCall(analyzeTrace(text), 10_000), null);
	const broken =
		'OPTIONS sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n\r\n';
	assert.equal(extractCall(analyzeTrace(broken), 0), null);
});

test('in every format of the real fixtures, the extract reads back as the same messages', async () => {
	const { readdirSync } = await import('node:fs');
	const files = readdirSync(real).filter((f) => /\.(?:sip|txt|log)$/.test(f));
	assert.ok(
		files.some((f) => f.includes('tcpdump-X')),
		'hex dumps among them',
	);
	for (const file of files) {
		const a = analyzeTrace(readFileSync(join(real, file), 'utf8'));
		// A NOTIFY (its dialog and publication), else the first message: TCP segments that carry
		// two messages, hex dump lines shared by two, each format's metadata come along.
		const at = Math.max(
			0,
			a.messages.findIndex((m) => m.method === 'NOTIFY'),
		);
		const got = extractCall(a, at);
		if (!got) continue;
		const b = analyzeTrace(got.text);
		const what = (m: (typeof a.messages)[number]) => `${m.method ?? m.status} ${m.callId}`;
		assert.equal(b.format, a.format, file);
		assert.deepEqual(
			b.messages.map(what),
			got.messages.map((i) => what(a.messages[i]!)),
			file,
		);
	}
});

test('tcpdump over TCP: a message whose segments took turns with another connection is extracted whole, without the other', () => {
	// real/tcp-ipv6.tcpdump.txt: two PUBLISHes over two connections, their segments taking turns.
	const trace = readFileSync(join(real, 'tcp-ipv6.tcpdump.txt'), 'utf8');
	const reassembled = JSON.parse(readFileSync(join(real, 'tcp-ipv6.messages.json'), 'utf8')) as {
		startLine: string;
		headers: [string, string][];
		body: string;
	}[];
	const a = analyzeTrace(trace);
	const publishes = a.messages.filter((m) => m.method === 'PUBLISH');
	assert.equal(publishes.length, 2);
	for (const publish of publishes) {
		const got = extractCall(a, publish.index)!;
		const b = analyzeTrace(got.text);
		assert.deepEqual(
			b.messages.map((m) => m.callId),
			got.messages.map(() => publish.callId),
		);
		const again = b.messages.find((m) => m.method === 'PUBLISH')!;
		const body = reassembled[publish.index]!.body;
		assert.equal(
			bodyText(got.text, again).replace(/\r\n/g, '\n').trimEnd(),
			body.replace(/\r\n/g, '\n').trimEnd(),
		);
		assert.ok(!b.problems.some((p) => p.code === 'content-length.mismatch'));
	}
});

test("a long publication's PUBLISHes are gone over once, not once for each of them", () => {
	// A publisher refreshing all day: one publication, each refresh naming the one before.
	const rows: string[] = [];
	const count = 200;
	for (let i = 0; i < count; i++) {
		const head = (first: string, more: string): string =>
			`${first}\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKp${i}\r\nFrom: <sip:linda@example.com>;tag=l1\r\nTo: <sip:linda@example.com>${more}\r\nCall-ID: pub-1\r\nCSeq: ${i + 1} PUBLISH\r\n`;
		rows.push(
			`${head('PUBLISH sip:linda@example.com SIP/2.0', '')}Max-Forwards: 70\r\nEvent: presence\r\nExpires: 60\r\n${i ? `SIP-If-Match: e${i - 1}\r\n` : ''}Content-Length: 0\r\n\r\n`,
			`${head('SIP/2.0 200 OK', ';tag=p1')}SIP-ETag: e${i}\r\nExpires: 60\r\nContent-Length: 0\r\n\r\n`,
		);
	}
	const analysis = analyzeTrace(rows.join(''));
	let read = 0;
	const { publicationOf } = analysis.index;
	const counted = new Map<object, object>();
	(analysis.index as { publicationOf: typeof publicationOf }).publicationOf = (i) => {
		const found = publicationOf(i);
		if (!found) return found;
		if (!counted.has(found))
			counted.set(
				found,
				new Proxy(found, {
					get: (target, key, receiver) => {
						if (key === 'publishes') read++;
						return Reflect.get(target, key, receiver) as unknown;
					},
				}),
			);
		return counted.get(found) as typeof found;
	};
	const call = extractCall(analysis, 0)!;
	assert.equal(call.messages.length, 2 * count);
	assert.equal(counted.size, 1);
	assert.equal(read, 1);
});
