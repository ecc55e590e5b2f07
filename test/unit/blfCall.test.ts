// The busy lamp field of test/fixtures/real/blf-call.* (Kamailio's pua_dialoginfo PUBLISHes the
// dialog state of alice's call to bob, presence_dialoginfo NOTIFYs the receptionist who watches
// bob with Event: dialog, RFC 4235): subscription and publication links, the outline names, the
// hover on the dialog-info bodies and the check of their version. Every expected value is read
// from the fixture's own text (start lines, headers, the bodies' XML), without the analyser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentSymbol } from 'vscode-languageserver';
import { analyzeTrace } from '../../server/src/core';
import { createTraceDocument } from '../../server/src/traceDocument';
import { provideDocumentSymbols } from '../../server/src/features/documentSymbols';
import { provideHover } from '../../server/src/features/hover';
import { readSeen, type Seen } from './seenMessages';

const dir = join(__dirname, '..', 'fixtures', 'real');

/** What a dialog-info body says, read with plain patterns on the fixture's text. */
interface Doc {
	version: number;
	entity: string;
	state: string | null;
	direction: string | null;
	localIdentity: string | null;
	localTarget: string | null;
	remoteIdentity: string | null;
	remoteTarget: string | null;
}

interface Message extends Seen {
	requestUri: string | null;
	doc: Doc | null;
}

function load(file: string) {
	const text = readFileSync(join(dir, file), 'utf8');
	const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
	const seen: Message[] = readSeen(text).map((m) => {
		let doc: Doc | null = null;
		if (m.bodyLine !== null) {
			const end = lines.findIndex((l, i) => i >= m.bodyLine! && l.includes('</dialog-info>'));
			const xml = lines.slice(m.bodyLine, end + 1).join('\n');
			const party = (side: string) => {
				const block = new RegExp(`<${side}>([\\s\\S]*?)</${side}>`).exec(xml)?.[1] ?? '';
				return {
					identity: /<identity[^>]*>([^<]+)</.exec(block)?.[1] ?? null,
					target: /<target uri="([^"]+)"/.exec(block)?.[1] ?? null,
				};
			};
			const local = party('local');
			const remote = party('remote');
			doc = {
				version: Number(/<dialog-info[^>]* version="(\d+)"/.exec(xml)![1]),
				entity: /<dialog-info[^>]* entity="([^"]+)"/.exec(xml)![1]!,
				state: /<state[^>]*>([^<]+)</.exec(xml)?.[1] ?? null,
				direction: /<dialog [^>]*direction="([^"]+)"/.exec(xml)?.[1] ?? null,
				localIdentity: local.identity,
				localTarget: local.target,
				remoteIdentity: remote.identity,
				remoteTarget: remote.target,
			};
		}
		const requestUri = m.method ? m.startLine.split(' ')[1]! : null;
		return { ...m, requestUri, doc };
	});
	const analysis = analyzeTrace(text);
	assert.equal(analysis.messages.length, seen.length, file);
	return { text, analysis, seen };
}

/** The user part of a SIP URI. */
const userOf = (uri: string | null): string | null =>
	/^sips?:([^@]+)@/.exec(uri ?? '')?.[1] ?? null;

for (const file of ['blf-call.sip', 'blf-call.sngrep.txt', 'blf-call.sipp-reception.log']) {
	void test(`${file}: every NOTIFY belongs to the receptionist's SUBSCRIBE (Event: dialog)`, () => {
		const { analysis, seen } = load(file);
		const subscribe = seen.find((m) => m.method === 'SUBSCRIBE' && m.toTag === null)!;
		assert.equal(subscribe.event, 'dialog');
		const notifies = seen.filter((m) => m.method === 'NOTIFY');
		// The initial NOTIFY, one per state of bob's call, the final one after the unsubscription.
		assert.ok(notifies.length >= 6, `${notifies.length} NOTIFYs`);
		for (const n of notifies) {
			assert.equal(n.callId, subscribe.callId);
			assert.equal(n.toTag, subscribe.fromTag);
			const s = analysis.index.subscriptionOf(n.index);
			assert.equal(s?.creator, subscribe.index, `NOTIFY ${n.index}`);
			assert.equal(s?.event, 'dialog');
		}
		const last = notifies[notifies.length - 1]!;
		assert.equal(analysis.index.subscriptionOf(subscribe.index)?.terminatedBy, last.index);
		// A story without faults: no version gap, nothing else either.
		assert.deepEqual(
			analysis.problems.filter((p) => p.code.startsWith('dialog-info.')).map((p) => p.message),
			[],
		);
	});
}

void test('blf-call.sip: each NOTIFY carries the state of the last PUBLISH of bob answered before it', () => {
	const { analysis, seen } = load('blf-call.sip');
	const { index } = analysis;
	const publishes = seen.filter((m) => m.method === 'PUBLISH');
	const bob = publishes.filter((p) => userOf(p.requestUri) === 'bob');
	assert.equal(bob.length, 4);
	assert.deepEqual(
		bob.map((p) => p.doc?.state),
		['Trying', 'early', 'confirmed', 'terminated'],
	);
	const fanOut = new Map<number, number[]>(publishes.map((p) => [p.index, []]));
	for (const n of seen.filter((m) => m.method === 'NOTIFY')) {
		// The capture's order: the PUBLISHes to bob whose 200 came before this NOTIFY.
		const answered = bob.filter((p) =>
			seen.some(
				(r) =>
					r.status === 200 &&
					r.callId === p.callId &&
					r.cseqMethod === 'PUBLISH' &&
					r.index < n.index,
			),
		);
		const want = n.doc ? answered[answered.length - 1] : undefined;
		assert.equal(index.publishOf(n.index), want?.index ?? null, `publication of NOTIFY ${n.index}`);
		if (!want) continue;
		assert.equal(n.doc!.state, want.doc!.state, `NOTIFY ${n.index} tells what was published`);
		assert.equal(n.doc!.entity, want.doc!.entity);
		fanOut.get(want.index)!.push(n.index);
	}
	for (const p of publishes)
		assert.deepEqual([...index.notifiesOf(p.index)], fanOut.get(p.index), `fan-out of ${p.index}`);
	// alice is watched by no one: her PUBLISHes reach no NOTIFY; the terminated state of bob's
	// line reaches two (the change, and the final NOTIFY after the receptionist unsubscribed).
	assert.ok(publishes.filter((p) => userOf(p.requestUri) === 'alice').length === 4);
	assert.equal(fanOut.get(bob[3]!.index)!.length, 2);
});

void test('blf-call.sip: the outline names each dialog-info NOTIFY and PUBLISH by line and state', () => {
	const { text, seen } = load('blf-call.sip');
	const doc = createTraceDocument('file:///blf-call.sip', 1, text, undefined);
	const names: string[] = [];
	const walk = (s: DocumentSymbol): void => {
		names.push(s.name);
		for (const c of s.children ?? []) walk(c);
	};
	for (const s of provideDocumentSymbols(doc)) walk(s);
	for (const m of seen.filter((x) => x.method === 'NOTIFY' || x.method === 'PUBLISH')) {
		const state = /^(\w+)/.exec(m.state ?? '')?.[1];
		const head = m.method === 'NOTIFY' ? `NOTIFY ${state}` : `PUBLISH ${m.event}`;
		const want = m.doc ? `${head} (${userOf(m.doc.entity)}: ${m.doc.state})` : head;
		assert.ok(names.includes(want), `${want} in ${names.join(' | ')}`);
	}
	assert.ok(names.includes('NOTIFY active (bob: confirmed)'));
});

void test('blf-call.sip: hover on a dialog-info body reads its state, direction, parties and version', () => {
	const { text, analysis, seen } = load('blf-call.sip');
	const doc = createTraceDocument('file:///blf-call.sip', 1, text, undefined);
	const bodies = seen.filter((m) => m.doc && (m.method === 'NOTIFY' || m.method === 'PUBLISH'));
	assert.ok(bodies.length >= 13);
	for (const m of bodies) {
		const hover = provideHover(doc, { line: m.bodyLine! + 2, character: 4 });
		assert.ok(hover, `hover on the body of ${m.index}`);
		const value = (hover.contents as { value: string }).value;
		const d = m.doc!;
		assert.ok(value.includes(`\`${d.entity}\` (version ${d.version}, full state)`), value);
		assert.ok(value.includes(`**${d.state}**`), value);
		const role = d.direction === 'initiator' ? 'placed the call' : 'received the call';
		assert.ok(value.includes(`${d.direction} (${role})`), value);
		for (const [identity, target] of [
			[d.localIdentity, d.localTarget],
			[d.remoteIdentity, d.remoteTarget],
		])
			assert.ok(value.includes(`${identity}, target ${target}`), `${identity} ${target}: ${value}`);
		// Kamailio 5.6 spells the first state with a capital: XML enumerations are case-sensitive.
		assert.equal(value.includes('RFC 4235 spells it `trying`'), d.state === 'Trying', value);
		const publish = m.method === 'NOTIFY' ? analysis.index.publishOf(m.index) : null;
		assert.equal(
			value.includes(
				`State published by the PUBLISH at line ${publish === null ? '' : seen[publish]!.line + 1}.`,
			),
			publish !== null,
			value,
		);
	}
});

/** The trace's text without the messages whose indexes are given (a NOTIFY and its 200, lost). */
function without(text: string, seen: Seen[], drop: number[]): string {
	const lines = text.split('\n');
	const keep = lines.map(() => true);
	for (const i of drop) {
		const next = seen[i + 1]?.line ?? lines.length;
		for (let l = seen[i]!.line; l < next; l++) keep[l] = false;
	}
	return lines.filter((_, l) => keep[l]).join('\n');
}

void test('blf-call.sip: a NOTIFY missing from the trace shows as a gap in the dialog-info versions', () => {
	const { text, seen } = load('blf-call.sip');
	const documents = seen.filter((m) => m.method === 'NOTIFY' && m.doc);
	// The versions rise by one per NOTIFY in the fixture itself.
	documents
		.slice(1)
		.forEach((n, k) => assert.equal(n.doc!.version, documents[k]!.doc!.version + 1));
	const lost = documents[1]!; // the early NOTIFY
	const answer = seen.find(
		(r) => r.status === 200 && r.callId === lost.callId && r.cseq === lost.cseq,
	)!;
	const analysis = analyzeTrace(without(text, seen, [lost.index, answer.index]));
	const gaps = analysis.problems.filter((p) => p.code.startsWith('dialog-info.'));
	assert.equal(gaps.length, 1, gaps.map((p) => p.message).join('\n'));
	const gap = gaps[0]!;
	assert.equal(gap.code, 'dialog-info.version-gap');
	assert.equal(gap.severity, 'warning');
	const next = documents[2]!;
	assert.ok(
		gap.message.startsWith(
			`dialog-info version ${next.doc!.version} after version ${documents[0]!.doc!.version} `,
		),
		gap.message,
	);
	assert.match(gap.message, /: 1 document of this subscription missing/);
	// Reported on the version attribute of the NOTIFY after the gap.
	const reported = analysis.text.slice(gap.span.start, gap.span.end);
	assert.equal(reported, String(next.doc!.version));
	assert.equal(gap.rfc?.label, 'RFC 4235 §4.1');
});

void test('blf-call.sip: a dialog-info version that does not rise is reported', () => {
	const { text, seen } = load('blf-call.sip');
	const documents = seen.filter((m) => m.method === 'NOTIFY' && m.doc);
	const [a, b] = [documents[1]!, documents[2]!];
	// b sent again with a's version (one digit for another: Content-Length still holds).
	const lines = text.split('\n');
	const at = lines.findIndex((l, i) => i > b.bodyLine! && l.includes('<dialog-info'));
	lines[at] = lines[at]!.replace(`version="${b.doc!.version}"`, `version="${a.doc!.version}"`);
	const analysis = analyzeTrace(lines.join('\n'));
	const found = analysis.problems.filter((p) => p.code.startsWith('dialog-info.'));
	assert.deepEqual(
		found.map((p) => p.code),
		['dialog-info.version-not-increasing'],
	);
	assert.ok(
		found[0]!.message.includes(`version ${a.doc!.version} after version ${a.doc!.version}`),
	);
	// The NOTIFY after it rises by two from the repeated one: one document skipped, not flagged,
	// since the versions follow the repeated document's true place.
	assert.equal(analysis.problems.filter((p) => p.code === 'dialog-info.version-gap').length, 0);
});
