// Watcher information (RFC 3857 presence.winfo, RFC 3858 application/watcherinfo+xml) in
// test/fixtures/real/winfo-story.*: linda watches her own watchers through Kamailio while andrew
// and bob subscribe to her presence, wait pending, bob is approved and andrew gives up. Every
// expected value is read from the fixture's own text (start lines, Event, Subscription-State,
// the watcherinfo documents' root tags and watcher elements), without the analyser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Location } from 'vscode-languageserver';
import { analyzeTrace } from '../../server/src/core';
import { watcherinfoHead } from '../../server/src/core/bodies/watcherinfo';
import { lintTrace } from '../../server/src/core/lint/lintTrace';
import { createTraceDocument } from '../../server/src/traceDocument';
import { provideDefinition } from '../../server/src/features/definition';
import { provideDocumentSymbols } from '../../server/src/features/documentSymbols';
import { provideHover } from '../../server/src/features/hover';
import { analysedAndSeen, readSeen, type Seen } from './seenMessages';

const files = ['winfo-story.sip', 'winfo-story.sngrep.txt', 'winfo-story.sipp-linda-winfo.log'];

interface Watcher {
	uri: string;
	status: string;
	event: string;
	id: string;
}
interface Winfo {
	notify: Seen;
	version: number;
	state: string;
	watchers: Watcher[];
}

/** The body of a message as the text shows it: the lines after its headers, up to its length. */
function bodyOf(text: string, m: Seen): string {
	const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
	const length = Number(/^Content-Length:\s*(\d+)/im.exec(lines.slice(m.line).join('\n'))![1]);
	const out: string[] = [];
	let used = 0;
	for (let k = m.bodyLine!; k < lines.length && used < length; k++) {
		out.push(lines[k]!);
		used += lines[k]!.length + 2;
	}
	return out.join('\n');
}

/** The watcherinfo NOTIFYs of a text, with their documents read by regular expressions. */
function winfos(text: string, seen: Seen[]): Winfo[] {
	return seen
		.filter((m) => m.method === 'NOTIFY' && m.event === 'presence.winfo' && m.bodyLine !== null)
		.map((notify) => {
			const body = bodyOf(text, notify);
			const root = /<watcherinfo [^>]*version="(\d+)" state="(\w+)"/.exec(body)!;
			const watchers = [...body.matchAll(/<watcher ([^>]*)>([^<]*)<\/watcher>/g)].map(
				([, attrs, uri]) => {
					const a = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(attrs!)![1]!;
					return { uri: uri!, status: a('status'), event: a('event'), id: a('id') };
				},
			);
			return { notify, version: Number(root[1]), state: root[2]!, watchers };
		});
}

function load(file: string) {
	const { text, analysis, seen } = analysedAndSeen(file);
	return { text, analysis, seen, winfo: winfos(text, seen) };
}

/** RFC 6665 §4.4.1: linda's winfo SUBSCRIBE: her From tag is each winfo NOTIFY's To tag. */
const winfoSubscribe = (seen: Seen[], n: Seen): Seen | undefined =>
	seen.find(
		(s) =>
			s.method === 'SUBSCRIBE' &&
			s.event === 'presence.winfo' &&
			s.toTag === null &&
			s.callId === n.callId &&
			s.fromTag === n.toTag,
	);

void test('the story is in the fixture: a full document, partial ones for new watchers, versions in sequence', () => {
	const { winfo } = load('winfo-story.sip');
	assert.equal(winfo.length, 5);
	assert.deepEqual(
		winfo.map((w) => w.state),
		['full', 'partial', 'partial', 'full', 'full'],
	);
	assert.deepEqual(
		winfo.map((w) => w.version - winfo[0]!.version),
		[0, 1, 2, 3, 4],
	);
	assert.equal(winfo[0]!.watchers.length, 0);
	assert.deepEqual(
		winfo[3]!.watchers.map((w) => w.status),
		['waiting', 'active'],
	);
});

for (const file of files) {
	void test(`${file}: every winfo NOTIFY belongs to linda's winfo SUBSCRIBE, never to a PUBLISH`, () => {
		const { analysis, seen, winfo } = load(file);
		const { index } = analysis;
		assert.equal(winfo.length, 5);
		const publishes = seen.filter((m) => m.method === 'PUBLISH');
		for (const { notify } of winfo) {
			const subscribe = winfoSubscribe(seen, notify);
			assert.ok(subscribe, `SUBSCRIBE of ${notify.index}`);
			const s = index.subscriptionOf(notify.index);
			assert.equal(s?.creator, subscribe.index, `subscription of NOTIFY ${notify.index}`);
			assert.equal(s.event, 'presence.winfo');
			// Watcher information is its own package: no presence publication fans out to it.
			assert.equal(index.publishOf(notify.index), null);
			for (const p of publishes) assert.ok(!index.notifiesOf(p.index).includes(notify.index));
		}
		// The presence NOTIFYs of the same story are in their own subscriptions (andrew's, bob's).
		for (const n of seen.filter((m) => m.method === 'NOTIFY' && m.event === 'presence'))
			assert.notEqual(index.subscriptionOf(n.index)?.event, 'presence.winfo');
	});
}

/** The outline's reading of a watcherinfo NOTIFY, from the text: state, then who watches. */
function expectedName(w: Winfo): string {
	const state = /^(\w+)/.exec(w.notify.state!)![1]!;
	const who = w.watchers.map((x) => `${/^sip:([^@]+)@/.exec(x.uri)![1]} ${x.status}`).join(', ');
	const partial = w.state === 'partial';
	const list = who
		? `${partial ? 'watchers changed' : 'watchers'}: ${who}`
		: partial
			? 'no watcher changed'
			: 'no watchers';
	return `NOTIFY ${state} (${list})`;
}

void test('winfo-story.sip: the outline names each winfo NOTIFY by the watchers it reports', () => {
	const file = 'winfo-story.sip';
	const { text, winfo } = load(file);
	const doc = createTraceDocument(`file:///${file}`, 1, text, undefined);
	const symbols = provideDocumentSymbols(doc);
	const entry = symbols.find((s) => s.name === 'SUBSCRIBE presence.winfo linda -> linda');
	assert.ok(entry, symbols.map((s) => s.name).join(' | '));
	const names = (entry.children ?? []).map((c) => c.name).filter((n) => n.startsWith('NOTIFY'));
	assert.deepEqual(names, winfo.map(expectedName));
	assert.deepEqual(names, [
		'NOTIFY active (no watchers)',
		'NOTIFY active (watchers changed: andrew pending)',
		'NOTIFY active (watchers changed: bob pending)',
		'NOTIFY active (watchers: andrew waiting, bob active)',
		'NOTIFY terminated (watchers: andrew waiting, bob active)',
	]);
});

void test('winfo-story.sip: hover on a watcherinfo body lists each watcher and says full or partial', () => {
	const file = 'winfo-story.sip';
	const { text, winfo } = load(file);
	const doc = createTraceDocument(`file:///${file}`, 1, text, undefined);
	winfo.forEach((w, k) => {
		const hover = provideHover(doc, { line: w.notify.bodyLine! + 1, character: 3 });
		assert.ok(hover, `hover on the body of ${w.notify.index}`);
		const value = (hover.contents as { value: string }).value;
		assert.ok(value.includes(`(version ${w.version}, ${w.state})`), value);
		assert.ok(
			value.includes(
				w.state === 'partial' ? 'Partial: only the watchers that changed' : 'Full: every watcher',
			),
			value,
		);
		assert.ok(
			value.includes('| watcher | status | event | id | subscribed for | expires in |') ||
				!w.watchers.length,
			value,
		);
		for (const x of w.watchers)
			assert.ok(value.includes(`| ${x.uri} | ${x.status} | ${x.event} | ${x.id} |`), value);
		if (!w.watchers.length) assert.ok(value.includes('No watchers.'), value);
		if (w.watchers.some((x) => x.status === 'waiting'))
			assert.match(value, /\*waiting\*: ended while pending/);
		const previous = winfo[k - 1];
		if (previous)
			assert.ok(
				value.includes(`Follows version ${previous.version} (line ${previous.notify.line + 1}).`),
				value,
			);
	});
});

void test("winfo-story.sip: definition goes from each winfo NOTIFY to linda's winfo SUBSCRIBE", () => {
	const file = 'winfo-story.sip';
	const { text, seen, winfo } = load(file);
	const doc = createTraceDocument(`file:///${file}`, 1, text, undefined);
	for (const { notify } of winfo) {
		const loc = provideDefinition(doc, { line: notify.line, character: 2 }) as Location | null;
		assert.equal(
			loc?.range.start.line,
			winfoSubscribe(seen, notify)!.line,
			`NOTIFY ${notify.index}`,
		);
	}
});

const gapCode = 'watcherinfo.version-gap';

for (const file of files) {
	void test(`${file}: Kamailio's winfo versions follow each other: no ${gapCode}`, () => {
		const { analysis } = load(file);
		assert.deepEqual(
			lintTrace(analysis).filter((p) => p.code === gapCode),
			[],
		);
	});
}

/** The text without the given messages (each from its start line up to the next message's). */
function without(text: string, seen: Seen[], drop: Seen[]): string {
	const lines = text.split('\n');
	const gone = new Set<number>();
	for (const m of drop) {
		const next = seen[m.index + 1]?.line ?? lines.length;
		for (let k = m.line; k < next; k++) gone.add(k);
	}
	return lines.filter((_, k) => !gone.has(k)).join('\n');
}

void test(`winfo-story.sip: a lost winfo NOTIFY is a ${gapCode} warning on the next one`, () => {
	const { text, seen, winfo } = load('winfo-story.sip');
	// Drop the NOTIFY of bob's arrival (a partial document) and linda's 200 to it.
	const lost = winfo[2]!.notify;
	const answer = seen.find(
		(m) =>
			m.status === 200 &&
			m.cseqMethod === 'NOTIFY' &&
			m.callId === lost.callId &&
			m.cseq === lost.cseq,
	)!;
	const cut = without(text, seen, [lost, answer]);
	const analysis = analyzeTrace(cut);
	const after = readSeen(cut);
	const problems = lintTrace(analysis).filter((p) => p.code === gapCode);
	assert.equal(problems.length, 1, JSON.stringify(problems));
	const [p] = problems;
	assert.equal(p!.severity, 'warning');
	assert.equal(p!.rfc?.label, 'RFC 3858 §4');
	// On the next winfo NOTIFY, which names the version lost and points back at the one before.
	const next = after.find(
		(m) => m.method === 'NOTIFY' && m.callId === lost.callId && m.cseq === winfo[3]!.notify.cseq,
	)!;
	const lineOf = (offset: number) => cut.slice(0, offset).split('\n').length - 1;
	assert.equal(lineOf(p!.span.start), next.line);
	assert.ok(p!.message.includes(`the NOTIFY of version ${winfo[2]!.version} was lost`), p!.message);
	assert.ok(p!.message.includes('this full document restores the list of watchers'), p!.message);
	const before = after.find(
		(m) => m.method === 'NOTIFY' && m.cseq === winfo[1]!.notify.cseq && m.callId === lost.callId,
	)!;
	assert.equal(lineOf(p!.related![0]!.span.start), before.line);
	// The hover on that body says so too.
	const doc = createTraceDocument('file:///cut.sip', 1, cut, undefined);
	const hover = provideHover(doc, { line: next.bodyLine! + 1, character: 3 });
	const value = (hover!.contents as { value: string }).value;
	assert.ok(
		value.includes(
			`⚠ Follows version ${winfo[1]!.version} (line ${before.line + 1}): version ${winfo[2]!.version} lost`,
		),
		value,
	);
});

void test(`winfo-story.sip: a partial document after a gap asks for a refresh; a version that does not grow is out of date`, () => {
	const { text, winfo } = load('winfo-story.sip');
	// Bob's partial document numbered one higher than Kamailio sent: version 3 is then missing.
	const bob = winfo[2]!;
	const bumped = text.replace(
		`version="${bob.version}" state="partial"`,
		`version="${bob.version + 1}" state="partial"`,
	);
	assert.notEqual(bumped, text);
	const gap = lintTrace(analyzeTrace(bumped)).filter((p) => p.code === gapCode);
	// Version 4 then comes twice: after the gap, the full document of version 4 does not grow.
	assert.equal(gap.length, 2, JSON.stringify(gap));
	assert.ok(gap[0]!.message.includes('should refresh its subscription'), gap[0]!.message);
	assert.ok(
		gap[1]!.message.includes(`is not above the previous version ${bob.version + 1}`),
		gap[1]!.message,
	);
});

void test(`a winfo NOTIFY seen again on another hop is no ${gapCode}`, () => {
	const { text, seen, winfo } = load('winfo-story.sip');
	// The NOTIFY as a proxy would relay it: its own Via on top (a new branch), the same CSeq.
	const again = winfo[1]!.notify;
	const lines = text.split('\n');
	const end = seen[again.index + 1]!.line;
	const copy = lines.slice(again.line, end);
	copy.splice(1, 0, 'Via: SIP/2.0/UDP 127.0.0.1:29099;branch=z9hG4bK-relayed-copy\r');
	const doubled = [...lines.slice(0, end), ...copy, ...lines.slice(end)].join('\n');
	const analysis = analyzeTrace(doubled);
	assert.equal(analysis.messages.length, seen.length + 1);
	assert.equal(analysis.index.originalOf(again.index + 1), null, 'not a retransmission');
	assert.deepEqual(
		lintTrace(analysis).filter((p) => p.code === gapCode),
		[],
	);
});

void test('the version and state of a watcherinfo document are read from its root tag, any prefix', () => {
	assert.deepEqual(
		watcherinfoHead(
			'<?xml version="1.0"?>\n<w:watcherinfo xmlns:w="urn:ietf:params:xml:ns:watcherinfo" state=\'partial\' version=\'7\'>',
		),
		{ version: 7, state: 'partial' },
	);
	assert.equal(watcherinfoHead('<watcherinfo state="full">'), null);
	assert.equal(watcherinfoHead('<presence version="1">'), null);
});

void test('winfo-story.sip: hover shows how long a watcher has been subscribed and when it expires', () => {
	const { text, winfo } = load('winfo-story.sip');
	// Kamailio sends neither attribute (both optional, RFC 3858 §3): add them to bob's entry of the
	// full document, as RFC 3858 §5's example has them.
	const full = winfo[3]!;
	const bob = full.watchers.find((w) => w.status === 'active')!;
	const before = `id="${bob.id}" event="${bob.event}" status="${bob.status}">`;
	const after = `id="${bob.id}" event="${bob.event}" status="${bob.status}" duration-subscribed="509" expiration="3600" display-name="Bob">`;
	const lines = text.split('\n');
	const at = lines.findIndex((l, k) => k > full.notify.line && l.includes(before));
	lines[at] = lines[at]!.replace(before, after);
	// The body grew: so does its Content-Length.
	const length = lines.findIndex(
		(l, k) => k > full.notify.line && k < full.notify.bodyLine! && /^Content-Length:/i.test(l),
	);
	lines[length] = lines[length]!.replace(/\d+/, (n) =>
		String(Number(n) + after.length - before.length),
	);
	const edited = lines.join('\n');
	const doc = createTraceDocument('file:///edited.sip', 1, edited, undefined);
	const hover = provideHover(doc, { line: full.notify.bodyLine! + 1, character: 3 });
	const value = (hover!.contents as { value: string }).value;
	assert.ok(
		value.includes(`| Bob ${bob.uri} | active | ${bob.event} | ${bob.id} | 509 s | 3600 s |`),
		value,
	);
});

void test('winfo-story.sip: a watcher without an id, or with a status outside RFC 3858, is body.invalid-watcherinfo', () => {
	const { text, seen, winfo } = load('winfo-story.sip');
	const clean = lintTrace(analyzeTrace(text)).filter((p) => p.code === 'body.invalid-watcherinfo');
	assert.deepEqual(clean, [], "Kamailio's documents follow the schema");
	// In the first document that lists bob as active: his id renamed away, and his status made
	// one the schema does not have (same lengths, so Content-Length still holds).
	const notify = winfo.find((w) => w.watchers.some((x) => x.status === 'active'))!.notify;
	const bob = winfo.find((w) => w.notify === notify)!.watchers.find((x) => x.status === 'active')!;
	const lines = text.split('\n');
	const at = lines.findIndex((l, i) => i > notify.bodyLine! && l.includes(`id="${bob.id}"`));
	lines[at] = lines[at]!.replace(' id="', ' xx="').replace('status="active"', 'status="online"');
	const edited = lines.join('\n');
	const problems = lintTrace(analyzeTrace(edited)).filter(
		(p) => p.code === 'body.invalid-watcherinfo',
	);
	assert.equal(problems.length, 1, JSON.stringify(problems));
	const [p] = problems;
	assert.equal(p!.severity, 'error');
	assert.equal(p!.rfc?.label, 'RFC 3858 §4');
	assert.equal(edited.slice(0, p!.span.start).split('\n').length - 1, notify.bodyLine);
	assert.ok(p!.message.includes(`<watcher> ${bob.uri}`), p!.message);
	assert.ok(p!.message.includes('has no id attribute'), p!.message);
	assert.ok(p!.message.includes('status "online" is not one of pending, active'), p!.message);
	assert.equal(
		seen.filter((m) => m.method === 'NOTIFY').length,
		readSeen(edited).filter((m) => m.method === 'NOTIFY').length,
	);
});
