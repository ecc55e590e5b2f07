// A resource list server (RFC 4662) in test/fixtures/real/rls-story.*: Kamailio's rls module
// serves andrew's buddy list (linda, bob) from an XCAP rls-services document, subscribes to each
// resource on its own (back-end subscriptions) and notifies andrew with multipart/related bodies,
// an RLMI document and one PIDF part per resource. Every expected value is read from the fixture's
// own text (start lines, tags, the RLMI and PIDF parts read by regular expressions), without the
// analyser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';
import { decodeBody } from '../../server/src/core/bodies/decodeBody';
import { resourceListOf } from '../../server/src/core/bodies/resourceList';
import { lintTrace } from '../../server/src/core/lint/lintTrace';
import { createTraceDocument } from '../../server/src/traceDocument';
import { provideDocumentSymbols } from '../../server/src/features/documentSymbols';
import { provideHover } from '../../server/src/features/hover';
import { analysedAndSeen, readSeen, type Seen } from './seenMessages';

const files = ['rls-story.sip', 'rls-story.sngrep.txt', 'rls-story.sipp-andrew.log'];

interface Part {
	contentId: string;
	contentType: string;
	body: string;
}
interface Rlmi {
	notify: Seen;
	boundary: string;
	start: string;
	uri: string;
	version: number;
	fullState: string;
	resources: { uri: string; instances: { id: string; state: string; cid: string }[] }[];
	parts: Part[];
}

/** The body of a message as it is in the text: Content-Length characters after its headers. */
function bodyOf(text: string, m: Seen): string {
	const lines = text.split('\n');
	const length = Number(/^Content-Length:\s*(\d+)/im.exec(lines.slice(m.line).join('\n'))![1]);
	const start = lines.slice(0, m.bodyLine!).reduce((n, l) => n + l.length + 1, 0);
	return text.slice(start, start + length);
}

/** The header block of a message as the text shows it. */
function headersOf(text: string, m: Seen): string {
	const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
	const end = lines.findIndex((l, k) => k > m.line && l === '');
	return lines.slice(m.line, end).join('\n');
}

/** The list NOTIFYs of a text (multipart/related with an RLMI part), read by regular expressions. */
function lists(text: string, seen: Seen[]): Rlmi[] {
	return seen
		.filter((m) => m.method === 'NOTIFY' && m.bodyLine !== null)
		.filter((m) => /^Content-Type: multipart\/related/im.test(headersOf(text, m)))
		.map((notify) => {
			const type = /^Content-Type: (.*)$/im.exec(headersOf(text, notify))![1]!;
			const boundary = /boundary="([^"]+)"/.exec(type)![1]!;
			const start = /start="<([^>]+)>"/.exec(type)![1]!;
			const body = bodyOf(text, notify);
			const parts = body
				.split(`--${boundary}`)
				.slice(1, -1)
				.map((chunk) => {
					const content = chunk.replace(/^\r?\n/, '');
					const split = /\r?\n\r?\n/.exec(content)!;
					const head = content.slice(0, split.index);
					return {
						contentId: /^Content-ID: <([^>]+)>/im.exec(head)![1]!,
						contentType: /^Content-Type: ([^;\r\n]+)/im.exec(head)![1]!,
						body: content.slice(split.index + split[0].length),
					};
				});
			const list = /<list uri="([^"]+)"[^>]*version="(\d+)" fullState="(\w+)"/.exec(body)!;
			const resources = [
				...body.matchAll(/<resource uri="([^"]+)"(?:\/>|>([\s\S]*?)<\/resource>)/g),
			].map(([, uri, inner]) => ({
				uri: uri!,
				instances: [
					...(inner ?? '').matchAll(/<instance id="([^"]+)" state="(\w+)" cid="([^"]+)"\/>/g),
				].map(([, id, state, cid]) => ({ id: id!, state: state!, cid: cid! })),
			}));
			return {
				notify,
				boundary,
				start,
				uri: list[1]!,
				version: Number(list[2]),
				fullState: list[3]!,
				resources,
				parts,
			};
		});
}

function load(file: string) {
	const { text, analysis, seen } = analysedAndSeen(file);
	return { text, analysis, seen, lists: lists(text, seen) };
}

/** How many PUBLISHes the trace holds. */
const published = (seen: Seen[]): number => seen.filter((m) => m.method === 'PUBLISH').length;

/** RFC 6665 §4.4.1: the SUBSCRIBE a NOTIFY answers: same Call-ID, its From tag the NOTIFY's To tag. */
const subscribeOf = (seen: Seen[], n: Seen): Seen | undefined =>
	seen.find(
		(s) =>
			s.method === 'SUBSCRIBE' &&
			s.toTag === null &&
			s.callId === n.callId &&
			s.fromTag === n.toTag,
	);

/** The presentity a PIDF part is about, and its RPID activities and first note. */
function pidfOf(body: string): { entity: string; activities: string[]; note: string | null } {
	return {
		entity: /<presence [^>]*entity="([^"]+)"/.exec(body)![1]!,
		activities: [...body.matchAll(/<rpid:activities>([\s\S]*?)<\/rpid:activities>/g)].flatMap(
			([, inner]) => [...inner!.matchAll(/<rpid:(\w+)\/>/g)].map((m) => m[1]!),
		),
		note: /<(?:dm:)?note[^>]*>([^<]*)</.exec(body)?.[1] ?? null,
	};
}

void test('the story is in the fixture: full state without instances, full state with both, linda alone', () => {
	const { lists: found } = load('rls-story.sip');
	assert.equal(found.length, 3);
	assert.deepEqual(
		found.map((l) => [l.version, l.fullState]),
		[
			[1, 'true'],
			[2, 'true'],
			[3, 'false'],
		],
	);
	assert.deepEqual(
		found.map((l) => l.resources.map((r) => `${r.uri} ${r.instances.length}`)),
		[
			['sip:linda@127.0.0.1 0', 'sip:bob@127.0.0.1 0'],
			['sip:linda@127.0.0.1 1', 'sip:bob@127.0.0.1 1'],
			['sip:linda@127.0.0.1 1'],
		],
	);
	// The root part is the one `start` names (RFC 2387 §3.2), and is RLMI.
	for (const l of found) {
		const root = l.parts.find((p) => p.contentId === l.start)!;
		assert.equal(root.contentType, 'application/rlmi+xml');
	}
});

for (const file of files) {
	void test(`${file}: the list NOTIFYs belong to andrew's list subscription, and carry the PUBLISHes of the members they hold a part of`, () => {
		const { analysis, seen, lists: found } = load(file);
		const { index } = analysis;
		assert.equal(found.length, 3);
		const notifies = seen.filter(
			(m) => m.method === 'NOTIFY' && /^NOTIFY sip:andrew@/.test(m.startLine),
		);
		assert.equal(notifies.length, 4, 'three list NOTIFYs and the terminated one');
		for (const n of notifies) {
			const subscribe = subscribeOf(seen, n)!;
			assert.match(subscribe.startLine, /^SUBSCRIBE sip:andrew-buddies@/);
			const s = index.subscriptionOf(n.index);
			assert.equal(s?.creator, subscribe.index, `subscription of NOTIFY ${n.index}`);
			// The list's state is its members' (RFC 4662 §5): each resource its RLMI gives a part
			// carries that member's published state; a NOTIFY with no part carries none.
			const rlmi = found.find((l) => l.notify.index === n.index);
			const members = new Set(
				(rlmi?.resources ?? [])
					.filter((r) => r.instances.some((i) => i.cid))
					.map((r) => /^sips?:([^@]+)@/.exec(r.uri)![1]!),
			);
			const publishes = seen.filter((m) => m.method === 'PUBLISH');
			const carried = index.publishesOf(n.index).map((i) => seen[i]!);
			// Each PUBLISH carried is one of a member's, sent before the NOTIFY.
			for (const p of carried) {
				assert.ok(members.has(/^PUBLISH sips?:([^@]+)@/.exec(p.startLine)![1]!), p.startLine);
				assert.ok(p.index < n.index);
			}
			// Every member that published before the NOTIFY is carried (a trace with the PUBLISHes).
			const before = new Set(
				publishes
					.filter((p) => p.index < n.index)
					.map((p) => /^PUBLISH sips?:([^@]+)@/.exec(p.startLine)![1]!),
			);
			assert.deepEqual(
				new Set(carried.map((p) => /^PUBLISH sips?:([^@]+)@/.exec(p.startLine)![1]!)),
				new Set([...members].filter((u) => before.has(u))),
				`NOTIFY ${n.index}`,
			);
			if (carried.length === 0) assert.equal(index.publishOf(n.index), null);
			else assert.ok(carried.some((p) => p.index === index.publishOf(n.index)));
		}
		// The trace with the PUBLISHes: some list NOTIFY carries two members' at once.
		if (published(seen) > 0)
			assert.ok(notifies.some((n) => index.publishesOf(n.index).length === 2));
	});
}

for (const file of ['rls-story.sip', 'rls-story.sngrep.txt']) {
	void test(`${file}: the back-end subscriptions are their own; linda's PUBLISHes fan out to the RLS's`, () => {
		const { analysis, seen } = load(file);
		const { index } = analysis;
		const backEnd = seen.filter((m) => /^NOTIFY sip:rls@/.test(m.startLine));
		assert.equal(backEnd.length, 5, 'linda, bob, linda changed, both terminated');
		const list = seen.find((m) => /^SUBSCRIBE sip:andrew-buddies@/.test(m.startLine))!;
		for (const n of backEnd) {
			const subscribe = subscribeOf(seen, n)!;
			assert.match(subscribe.startLine, /^SUBSCRIBE sip:(linda|bob)@/);
			assert.equal(index.subscriptionOf(n.index)?.creator, subscribe.index);
			assert.notEqual(index.subscriptionOf(n.index)?.creator, list.index);
		}
		// linda's modify PUBLISH (SIP-If-Match) reaches the RLS's back-end subscription to her,
		// and through the list andrew.
		const modify = seen.filter(
			(m) => m.method === 'PUBLISH' && /^PUBLISH sip:linda@/.test(m.startLine),
		)[1]!;
		const reached = index.notifiesOf(modify.index).map((i) => seen[i]!);
		assert.ok(reached.some((n) => /^NOTIFY sip:rls@/.test(n.startLine)));
		assert.ok(reached.some((n) => /^NOTIFY sip:andrew@/.test(n.startLine)));
		for (const n of reached) assert.match(n.startLine, /^NOTIFY sip:(rls|andrew)@/);
	});
}

for (const file of files) {
	void test(`${file}: the RLMI document and its parts decode as the text says, each cid to its part`, () => {
		const { text, analysis, lists: found } = load(file);
		for (const l of found) {
			const decoded = decodeBody(text, analysis.messages[l.notify.index]!);
			assert.equal(decoded.kind, 'multipart');
			const list = resourceListOf(decoded)!;
			assert.ok(list, `a resource list in NOTIFY ${l.notify.index}`);
			assert.equal(list.rlmi.uri, l.uri);
			assert.equal(list.version, l.version);
			assert.equal(list.full, l.fullState === 'true');
			assert.deepEqual(list.problems, []);
			assert.deepEqual(
				list.resources.map((r) => ({
					uri: r.uri,
					instances: r.instances.map((i) => ({ id: i.id, state: i.state, cid: i.cid })),
				})),
				l.resources,
			);
			// The root part is the one `start` names; every instance's part has its cid and is the
			// PIDF of its resource.
			assert.equal(
				list.rootPart,
				l.parts.findIndex((p) => p.contentId === l.start),
			);
			for (const r of list.resources)
				for (const i of r.instances) {
					const part = l.parts[i.part!]!;
					assert.equal(part.contentId, i.cid);
					assert.equal(part.contentType, 'application/pidf+xml');
					const pidf = pidfOf(part.body);
					assert.equal(pidf.entity, r.uri);
					assert.deepEqual(i.presence?.activities, pidf.activities);
					assert.equal(i.presence?.note, pidf.note);
				}
		}
	});
}

/** The outline's reading of a list NOTIFY, from the text: version, full or partial, each resource. */
function expectedName(l: Rlmi): string {
	const who = l.resources.map((r) => {
		const user = /^sip:([^@]+)@/.exec(r.uri)![1]!;
		if (!r.instances.length) return `${user} no state yet`;
		const part = l.parts.find((p) => p.contentId === r.instances[0]!.cid)!;
		const { activities, note } = pidfOf(part.body);
		const basic = /<basic>(\w+)<\/basic>/.exec(part.body)![1]!;
		const state = activities.length ? activities.join(', ') : basic;
		return `${user} ${note ? `${state}: "${note}"` : state}`;
	});
	return `NOTIFY active (list v${l.version} ${l.fullState === 'true' ? 'full' : 'partial'}: ${who.join('; ')})`;
}

void test("rls-story.sip: the outline names each list NOTIFY by its version and each resource's state", () => {
	const file = 'rls-story.sip';
	const { text, lists: found } = load(file);
	const doc = createTraceDocument(`file:///${file}`, 1, text, undefined);
	const symbols = provideDocumentSymbols(doc);
	const entry = symbols.find((s) => s.name === 'SUBSCRIBE presence andrew -> andrew-buddies');
	assert.ok(entry, symbols.map((s) => s.name).join(' | '));
	const names = (entry.children ?? []).map((c) => c.name).filter((n) => n.startsWith('NOTIFY'));
	assert.deepEqual(names, [...found.map(expectedName), 'NOTIFY terminated']);
	assert.deepEqual(names, [
		'NOTIFY active (list v1 full: linda no state yet; bob no state yet)',
		'NOTIFY active (list v2 full: linda busy: "In a meeting until 3"; bob open: "Available")',
		'NOTIFY active (list v3 partial: linda open: "Back at my desk")',
		'NOTIFY terminated',
	]);
});

void test('rls-story.sip: hover on a list body shows the list, each resource with its presence, and what changed', () => {
	const file = 'rls-story.sip';
	const { text, lists: found } = load(file);
	const doc = createTraceDocument(`file:///${file}`, 1, text, undefined);
	const hoverOn = (l: Rlmi): string => {
		const hover = provideHover(doc, { line: l.notify.bodyLine! + 1, character: 3 });
		assert.ok(hover, `hover on the body of ${l.notify.index}`);
		return (hover.contents as { value: string }).value;
	};
	const [first, both, change] = found as [Rlmi, Rlmi, Rlmi];
	const v1 = hoverOn(first);
	assert.ok(
		v1.includes(
			`**Resource list** \`${first.uri}\` (version 1, full state: every resource of the list)`,
		),
		v1,
	);
	for (const r of first.resources)
		assert.ok(v1.includes(`| ${r.uri} | *no instance: no state yet* |`), v1);

	const v2 = hoverOn(both);
	assert.ok(v2.includes(`(version ${both.version}, full state: every resource of the list)`), v2);
	assert.ok(
		v2.includes('| sip:linda@127.0.0.1 | active | open, **busy**, "In a meeting until 3" | part'),
		v2,
	);
	assert.ok(v2.includes('| sip:bob@127.0.0.1 | active | open, "Available" | part'), v2);
	for (const [k, p] of both.parts.entries()) {
		if (p.contentId === both.start) continue;
		const who = /^sip:([^@]+)@/.exec(pidfOf(p.body).entity)![1]!;
		assert.ok(
			v2.includes(`**Part ${k + 1}** ${who} (application/pidf+xml, Content-ID \`${p.contentId}\`)`),
			v2,
		);
	}
	assert.ok(v2.includes(`Follows version ${first.version} (line ${first.notify.line + 1}).`), v2);

	const v3 = hoverOn(change);
	assert.ok(v3.includes('partial state: only the resources that changed'), v3);
	assert.ok(
		v3.includes(
			`linda: **changed** since the NOTIFY at line ${both.notify.line + 1}: activities busy → none; note "In a meeting until 3" → "Back at my desk"`,
		),
		v3,
	);
});

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

const rlmiCodes = (text: string) =>
	lintTrace(analyzeTrace(text)).filter((p) => p.code.startsWith('rlmi.'));

for (const file of files) {
	void test(`${file}: Kamailio's RLMI versions follow each other: no rlmi.* problem`, () => {
		assert.deepEqual(rlmiCodes(load(file).text), []);
	});
}

void test('rls-story.sip: a lost list NOTIFY is an rlmi.version-gap on the next; a partial document asks for a refresh', () => {
	const { text, seen, lists: found } = load('rls-story.sip');
	const lost = found[1]!.notify;
	const answer = seen.find(
		(m) =>
			m.status === 200 &&
			m.cseqMethod === 'NOTIFY' &&
			m.callId === lost.callId &&
			m.cseq === lost.cseq,
	)!;
	const cut = without(text, seen, [lost, answer]);
	const problems = rlmiCodes(cut);
	assert.equal(problems.length, 1, JSON.stringify(problems));
	const [p] = problems;
	assert.equal(p!.code, 'rlmi.version-gap');
	assert.equal(p!.severity, 'warning');
	assert.equal(p!.rfc?.label, 'RFC 4662 §5.2');
	assert.ok(p!.message.includes(`the NOTIFY of version ${found[1]!.version} was lost`), p!.message);
	assert.ok(p!.message.includes('should refresh its subscription'), p!.message);
	// On the version attribute of the next list NOTIFY, pointing back at the one before.
	assert.equal(cut.slice(p!.span.start, p!.span.end), 'version');
	const lineOf = (offset: number) => cut.slice(0, offset).split('\n').length - 1;
	const after = readSeen(cut);
	const next = after.find(
		(m) => m.method === 'NOTIFY' && m.callId === lost.callId && m.cseq === found[2]!.notify.cseq,
	)!;
	assert.ok(lineOf(p!.span.start) > next.line);
	const before = after.find(
		(m) => m.method === 'NOTIFY' && m.callId === lost.callId && m.cseq === found[0]!.notify.cseq,
	)!;
	assert.ok(lineOf(p!.related![0]!.span.start) > before.line);
	assert.ok(lineOf(p!.related![0]!.span.start) < next.line);
});

void test('rls-story.sip: a list version that does not grow is rlmi.version-not-increasing', () => {
	const { text, lists: found } = load('rls-story.sip');
	const last = found[2]!;
	const stale = text.replace(
		`version="${last.version}" fullState="false"`,
		`version="${found[1]!.version}" fullState="false"`,
	);
	assert.notEqual(stale, text);
	const problems = rlmiCodes(stale);
	assert.deepEqual(
		problems.map((p) => p.code),
		['rlmi.version-not-increasing'],
	);
	assert.ok(
		problems[0]!.message.includes(
			`RLMI version ${found[1]!.version} after version ${found[1]!.version}`,
		),
		problems[0]!.message,
	);
});

void test('rls-story.sip: the root part is the one `start` names, wherever it is; a start no part has is said', () => {
	const { text, lists: found } = load('rls-story.sip');
	const both = found[1]!;
	const body = bodyOf(text, both.notify);
	// Move the RLMI part after the PIDF parts: the same characters, so Content-Length holds.
	const chunks = body.split(`--${both.boundary}`);
	const [pre, rlmi, ...rest] = chunks;
	const epilogue = rest.pop()!;
	const moved = [pre, ...rest, rlmi, epilogue].join(`--${both.boundary}`);
	assert.equal(moved.length, body.length);
	const edited = text.replace(body, moved);
	assert.notEqual(edited, text);
	const a = analyzeTrace(edited);
	const list = resourceListOf(decodeBody(edited, a.messages[both.notify.index]!))!;
	assert.ok(list, 'still a resource list');
	assert.equal(list.rootPart, both.parts.length - 1);
	assert.deepEqual(list.problems, []);
	assert.deepEqual(
		list.resources.map((r) => r.instances.map((i) => i.presence?.note)),
		both.resources.map((r) =>
			r.instances.map((i) => pidfOf(both.parts.find((p) => p.contentId === i.cid)!.body).note),
		),
	);
	// A start parameter that names no part: the first part is the root, and the decoder says why.
	const wrong = text.replace(
		`start="<${both.start}>"`,
		`start="<${both.start.replace(/\d/, 'x')}>"`,
	);
	const decoded = decodeBody(wrong, analyzeTrace(wrong).messages[both.notify.index]!);
	assert.equal(decoded.kind, 'multipart');
	assert.ok(
		decoded.problems.some((p) => p.includes('no part has as its Content-ID (RFC 2387 §3.2)')),
		JSON.stringify(decoded.problems),
	);
});

void test('rls-story.sip: an instance whose cid names no part, and a part no instance names, are said', () => {
	const { text, lists: found } = load('rls-story.sip');
	const both = found[1]!;
	const bob = both.resources.find((r) => r.uri.startsWith('sip:bob@'))!.instances[0]!;
	const renamed = bob.cid.replace(/\d(?=\D*$)/, (d) => String((Number(d) + 1) % 10));
	const edited = text.replace(`cid="${bob.cid}"`, `cid="${renamed}"`);
	assert.notEqual(edited, text);
	const list = resourceListOf(
		decodeBody(edited, analyzeTrace(edited).messages[both.notify.index]!),
	)!;
	const instance = list.resources.find((r) => r.uri === 'sip:bob@127.0.0.1')!.instances[0]!;
	assert.equal(instance.part, null);
	assert.equal(instance.presence, null);
	assert.equal(list.problems.length, 2, JSON.stringify(list.problems));
	assert.ok(
		list.problems[0]!.includes(`names the part <${renamed}>, which the body does not have`),
	);
	assert.ok(list.problems[1]!.includes(`<${bob.cid}> is named by no instance of the list`));
});
