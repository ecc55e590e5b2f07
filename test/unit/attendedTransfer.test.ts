// Attended transfer (RFC 5589 §7) with Replaces (RFC 3891): which call an INVITE's Replaces, or a
// REFER's `Refer-To: <sip:carol@...?Replaces=...>`, names; the diagnostics when that call is
// absent, over, or answered while the Replaces says early-only; and the navigation, hover and
// code lens on the real attended transfer of test/fixtures/real/attended-transfer.* (bob consults
// carol, then REFERs alice to her with Replaces). Expected values are read from the traces' own
// text (start lines, Call-ID, tags, the Replaces values), without the analyser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import { parseReplaces, replacesInUri, unescapeUri } from '../../server/src/core/parser/replaces';
import { extractCall } from '../../server/src/core/extractCall';
import { createTraceDocument } from '../../server/src/traceDocument';
import { provideCodeLenses } from '../../server/src/features/codeLens';
import { provideDefinition } from '../../server/src/features/definition';
import { provideHover } from '../../server/src/features/hover';
import { provideReferences } from '../../server/src/features/references';

const dir = join(__dirname, '..', 'fixtures', 'real');

// --- hand-made traces ---------------------------------------------------------------------------

interface Msg {
	start: string;
	headers: string[];
}

/** Bare messages with the headers every message needs; `via` keeps transactions apart. */
function trace(messages: Msg[]): string {
	return messages
		.map((m, i) =>
			[
				m.start,
				`Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-${m.headers.find((h) => h.startsWith('X-Branch: '))?.slice(10) ?? i}`,
				'Max-Forwards: 70',
				...m.headers.filter((h) => !h.startsWith('X-Branch: ')),
				'Content-Length: 0',
				'',
				'',
			].join('\r\n'),
		)
		.join('');
}

/** bob's call to carol (Call-ID consult-1, bob's tag b1, carol's c1): INVITE, then `answers`. */
function consult(
	answers: { status: string; method?: string; cseq?: string; branch: string }[],
): Msg[] {
	const dialog = ['From: <sip:bob@example.com>;tag=b1', 'Call-ID: consult-1'];
	return [
		{
			start: 'INVITE sip:carol@example.com SIP/2.0',
			headers: [...dialog, 'To: <sip:carol@example.com>', 'CSeq: 1 INVITE', 'X-Branch: inv'],
		},
		...answers.map((a) => ({
			start: a.method ?? `SIP/2.0 ${a.status}`,
			headers: [
				...dialog,
				'To: <sip:carol@example.com>;tag=c1',
				`CSeq: ${a.cseq ?? '1 INVITE'}`,
				`X-Branch: ${a.branch}`,
			],
		})),
	];
}

/** alice's INVITE to carol with `Replaces: <replaces>`. */
const replacing = (replaces: string): Msg => ({
	start: 'INVITE sip:carol@example.com SIP/2.0',
	headers: [
		'From: <sip:alice@example.com>;tag=a9',
		'To: <sip:carol@example.com>',
		'Call-ID: transfer-1',
		'CSeq: 1 INVITE',
		`Replaces: ${replaces}`,
	],
});

const codes = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code.startsWith('replaces.'))
		.map((p) => ({ code: p.code, severity: p.severity, related: p.related?.length ?? 0 }));

const answered = consult([
	{ status: '180 Ringing', branch: 'inv' },
	{ status: '200 OK', branch: 'inv' },
]);

test('a Replaces value: Call-ID, to-tag, from-tag, early-only (RFC 3891 §6.1)', () => {
	assert.deepEqual(parseReplaces('98732@sip.example.com ;from-tag=r33th4x0r;to-tag=ff87ff'), {
		callId: '98732@sip.example.com',
		toTag: 'ff87ff',
		fromTag: 'r33th4x0r',
		earlyOnly: false,
	});
	assert.equal(parseReplaces('x;to-tag=a;from-tag=b;early-only')?.earlyOnly, true);
	assert.equal(parseReplaces('x;from-tag=b')?.toTag, null);
	assert.equal(parseReplaces(' ;to-tag=a'), null);
});

test("a Replaces in a Refer-To URI's headers is unescaped (RFC 3261 §19.1.1); bad escapes are kept", () => {
	assert.deepEqual(
		replacesInUri('sip:carol@example.com?Subject=x&replaces=12%40host%3Bto-tag%3D7%3Bfrom-tag%3D3'),
		{ callId: '12@host', toTag: '7', fromTag: '3', earlyOnly: false },
	);
	assert.equal(replacesInUri('sip:carol@example.com'), null);
	assert.equal(replacesInUri('sip:carol@example.com?Subject=hello'), null);
	assert.equal(unescapeUri('a%2x%ZZ%e2%82%ac'), 'a%2x%ZZ€');
	assert.equal(unescapeUri('%C3;%3B'), '%C3;;');
});

test('an INVITE with Replaces names the dialog by Call-ID and both tags, in either order', () => {
	for (const value of ['consult-1;to-tag=c1;from-tag=b1', 'consult-1;to-tag=b1;from-tag=c1']) {
		const a = analyzeTrace(trace([...answered, replacing(value)]));
		const invite = a.messages.length - 1;
		assert.equal(a.index.replacedDialog(invite)?.creator, 0, value);
		assert.deepEqual(a.index.replacedBy(0), [invite], value);
		assert.deepEqual(a.index.replacedBy(2), [invite], 'from any message of the dialog');
	}
	// Another Call-ID, or a tag of no dialog: no dialog.
	for (const value of ['consult-2;to-tag=c1;from-tag=b1', 'consult-1;to-tag=c1;from-tag=zz']) {
		const a = analyzeTrace(trace([...answered, replacing(value)]));
		assert.equal(a.index.replacedDialog(a.messages.length - 1), null, value);
	}
});

test('a Replaces naming a dialog the trace does not hold is information', () => {
	assert.deepEqual(codes(trace([replacing('elsewhere-9;to-tag=c1;from-tag=b1')])), [
		{ code: 'replaces.dialog-not-in-trace', severity: 'information', related: 0 },
	]);
	assert.deepEqual(codes(trace([...answered, replacing('consult-1;to-tag=c1;from-tag=b1')])), []);
});

test('a Replaces naming a dialog ended before it is declined (603, RFC 3891 §3)', () => {
	const ended = [
		...answered,
		...consult([
			{ status: '', method: 'BYE sip:carol@example.com SIP/2.0', cseq: '2 BYE', branch: 'bye' },
			{ status: '200 OK', cseq: '2 BYE', branch: 'bye' },
		]).slice(1),
	];
	assert.deepEqual(codes(trace([...ended, replacing('consult-1;to-tag=c1;from-tag=b1')])), [
		{ code: 'replaces.dialog-terminated', severity: 'warning', related: 2 },
	]);
	// Ended after the INVITE (the replaced call is hung up once replaced): nothing to say.
	const [bye, ok] = ended.slice(-2);
	assert.deepEqual(
		codes(trace([...answered, replacing('consult-1;to-tag=c1;from-tag=b1'), bye!, ok!])),
		[],
	);
	// An early dialog the callee refused is over too.
	const refused = consult([
		{ status: '180 Ringing', branch: 'inv' },
		{ status: '486 Busy Here', branch: 'inv' },
	]);
	assert.deepEqual(codes(trace([...refused, replacing('consult-1;to-tag=c1;from-tag=b1')])), [
		{ code: 'replaces.dialog-terminated', severity: 'warning', related: 2 },
	]);
});

test('an early-only Replaces of an answered dialog is rejected (486, RFC 3891 §3)', () => {
	assert.deepEqual(
		codes(trace([...answered, replacing('consult-1;to-tag=c1;from-tag=b1;early-only')])),
		[{ code: 'replaces.early-only-confirmed', severity: 'warning', related: 2 }],
	);
	const ringing = consult([{ status: '180 Ringing', branch: 'inv' }]);
	assert.deepEqual(
		codes(trace([...ringing, replacing('consult-1;to-tag=c1;from-tag=b1;early-only')])),
		[],
	);
});

test('a Replaces of a dialog not made by an INVITE, or without both tags', () => {
	const subscribe: Msg[] = [
		{
			start: 'SUBSCRIBE sip:carol@example.com SIP/2.0',
			headers: [
				'From: <sip:bob@example.com>;tag=b1',
				'To: <sip:carol@example.com>',
				'Call-ID: consult-1',
				'CSeq: 1 SUBSCRIBE',
				'Event: dialog',
				'X-Branch: sub',
			],
		},
		{
			start: 'SIP/2.0 200 OK',
			headers: [
				'From: <sip:bob@example.com>;tag=b1',
				'To: <sip:carol@example.com>;tag=c1',
				'Call-ID: consult-1',
				'CSeq: 1 SUBSCRIBE',
				'Expires: 60',
				'X-Branch: sub',
			],
		},
	];
	assert.deepEqual(codes(trace([...subscribe, replacing('consult-1;to-tag=c1;from-tag=b1')])), [
		{ code: 'replaces.not-invite-dialog', severity: 'warning', related: 1 },
	]);
	assert.deepEqual(codes(trace([...answered, replacing('consult-1;to-tag=c1')])), [
		{ code: 'replaces.missing-tag', severity: 'error', related: 0 },
	]);
	// It says which tag it lacks.
	assert.match(
		analyzeTrace(trace([...answered, replacing('consult-1;to-tag=c1')])).problems.find(
			(p) => p.code === 'replaces.missing-tag',
		)!.message,
		/has to-tag c1 and no from-tag/,
	);
});

test("a REFER whose Replaces names the REFER's own dialog; a dialog whose making the trace misses", () => {
	// The shape of a sipsorcery issue excerpt: bob REFERs carol, inside their call, to carol
	// with Replaces of that very call (the target answered 404); the INVITE that made the call is
	// not in the excerpt.
	const refer = (replaces: string): Msg => ({
		start: 'REFER sip:carol@example.com SIP/2.0',
		headers: [
			'From: <sip:bob@example.com>;tag=b1',
			'To: <sip:carol@example.com>;tag=c1',
			'Call-ID: consult-1',
			'CSeq: 105 REFER',
			'Contact: <sip:bob@192.0.2.1>',
			`Refer-To: <sip:carol@example.com?Replaces=${replaces}>`,
		],
	});
	// Either side's tag may be the Replaces' to-tag: it is said from the target's side.
	for (const own of [
		'consult-1%3Bto-tag%3Dc1%3Bfrom-tag%3Db1',
		'consult-1%3Bto-tag%3Db1%3Bfrom-tag%3Dc1',
	])
		assert.deepEqual(codes(trace([refer(own)])), [
			{ code: 'replaces.own-dialog', severity: 'warning', related: 0 },
		]);
	// Another call, first seen in a request inside it: what made it is not known, so it is not
	// said to be no INVITE's.
	const info: Msg = {
		start: 'INFO sip:dave@example.com SIP/2.0',
		headers: [
			'From: <sip:bob@example.com>;tag=b2',
			'To: <sip:dave@example.com>;tag=d2',
			'Call-ID: consult-2',
			'CSeq: 7 INFO',
		],
	};
	assert.deepEqual(codes(trace([info, refer('consult-2%3Bto-tag%3Dd2%3Bfrom-tag%3Db2')])), []);
});

test('a Replaces of one early dialog of a forked INVITE: the lens and references follow that dialog', () => {
	const response = (status: string, tag: string): Msg => ({
		start: `SIP/2.0 ${status}`,
		headers: [
			'From: <sip:bob@example.com>;tag=b1',
			`To: <sip:carol@example.com>;tag=${tag}`,
			'Call-ID: consult-1',
			'CSeq: 1 INVITE',
			'X-Branch: inv',
		],
	});
	// carol's desk (c1) and mobile (c2) ring; an early-only Replaces takes the desk's early
	// dialog; then the mobile answers (the INVITE's own dialog becomes the mobile's).
	const text = trace([
		consult([])[0]!,
		response('180 Ringing', 'c1'),
		response('180 Ringing', 'c2'),
		replacing('consult-1;to-tag=c1;from-tag=b1;early-only'),
		response('200 OK', 'c2'),
	]);
	const doc = createTraceDocument('file:///forked.sip', 1, text, undefined);
	const { index } = doc.analysis;
	assert.equal(index.replacedDialog(3)?.remoteTag, 'c1');
	assert.deepEqual(codes(text), []);
	const startLines = text
		.split('\r\n')
		.flatMap((l, i) => (/^(?:[A-Z]+ \S+ SIP\/2\.0|SIP\/2\.0 \d{3} )/.test(l) ? [i] : []));
	assert.equal(startLines.length, 5);
	const lenses = provideCodeLenses(doc).filter((l) => l.range.start.line === startLines[0]);
	assert.deepEqual(
		lenses.map((l) => l.command?.title),
		[`replaced by INVITE at line ${startLines[3]! + 1}`],
	);
	// From of the desk's 180: its dialog, with the INVITE that replaces it; not the mobile's.
	const refs = provideReferences(doc, pos(startLines[1]! + 3, 8), true).map(
		(l) => l.range.start.line,
	);
	assert.deepEqual(refs, [startLines[0], startLines[1], startLines[3]]);
});

// --- the real attended transfer -----------------------------------------------------------------

interface Seen {
	index: number;
	line: number;
	method: string | null;
	callId: string;
	fromTag: string | null;
	toTag: string | null;
	replaces: string | null;
	referTo: string | null;
	/** The 0-based line of each header, by lower-case name (the first of each). */
	headerLines: Map<string, number>;
}

/** The messages of a trace export in file order; each body is skipped by its Content-Length. */
function read(text: string): Seen[] {
	const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
	const seen: Seen[] = [];
	for (let i = 0; i < lines.length; i++) {
		const start = /^(?:([A-Z]+) \S+ SIP\/2\.0|SIP\/2\.0 \d{3} .*)$/.exec(lines[i]!);
		if (!start) continue;
		const headerLines = new Map<string, number>();
		const values = new Map<string, string>();
		let j = i + 1;
		for (; j < lines.length && lines[j] !== ''; j++) {
			const h = /^([A-Za-z-]+):\s*(.*)$/.exec(lines[j]!);
			if (!h || headerLines.has(h[1]!.toLowerCase())) continue;
			headerLines.set(h[1]!.toLowerCase(), j);
			values.set(h[1]!.toLowerCase(), h[2]!.trim());
		}
		const tag = (name: string) => /;tag=([^;>\s]+)/.exec(values.get(name) ?? '')?.[1] ?? null;
		seen.push({
			index: seen.length,
			line: i,
			method: start[1] ?? null,
			callId: values.get('call-id') ?? '',
			fromTag: tag('from'),
			toTag: tag('to'),
			replaces: values.get('replaces') ?? null,
			referTo: values.get('refer-to') ?? null,
			headerLines,
		});
		const length = Number(values.get('content-length') ?? 0);
		if (length > 0) {
			let used = 0;
			let k = j + 1;
			for (; k < lines.length && used < length; k++) used += lines[k]!.length + 2;
			i = k - 1;
		}
	}
	return seen;
}

const story = ['attended-transfer.sip', 'attended-transfer.sngrep.txt'];

function load(file: string) {
	const text = readFileSync(join(dir, file), 'utf8');
	const doc = createTraceDocument(`file:///${file}`, 1, text, undefined);
	const seen = read(text);
	assert.equal(doc.analysis.messages.length, seen.length, file);
	const invites = seen.filter((m) => m.method === 'INVITE' && m.replaces);
	const refers = seen.filter((m) => m.method === 'REFER' && /\?Replaces=/i.test(m.referTo ?? ''));
	assert.ok(invites.length > 0 && refers.length > 0, file);
	// The consultation: the Call-ID the Replaces names; its first INVITE without a To tag.
	const [callId, ...params] = invites[0]!.replaces!.split(';');
	const tags = params.map((p) => p.split('=')[1]);
	const byTime = doc.analysis.messages.map((m) => m.frame.epochMicros ?? m.index);
	const creator = seen
		.filter((m) => m.method === 'INVITE' && m.callId === callId && !m.toTag)
		.sort((a, b) => byTime[a.index]! - byTime[b.index]!)[0]!;
	assert.ok(tags.includes(creator.fromTag!), 'the Replaces names the consultation by its tags');
	// Its messages: those with both tags, and each copy of its INVITE (one per hop).
	const dialog = seen.filter(
		(m) =>
			m.callId === callId &&
			(m.toTag
				? tags.includes(m.fromTag!) && tags.includes(m.toTag)
				: m.method === 'INVITE' && m.fromTag === creator.fromTag),
	);
	return { text, doc, seen, invites, refers, creator, dialog };
}

const pos = (line: number, character: number) => ({ line, character });

test('the real attended transfer: Replaces and Refer-To name the consultation call, no problem raised', () => {
	for (const file of story) {
		const { doc, invites, refers, creator } = load(file);
		for (const m of [...invites, ...refers])
			assert.equal(doc.analysis.index.replacedDialog(m.index)?.creator, creator.index, file);
		assert.deepEqual(
			doc.analysis.problems.map((p) => p.code),
			[],
			file,
		);
	}
	// bob's own SIPp log holds his REFER, not the consultation (another SIPp run): information.
	const bob = analyzeTrace(readFileSync(join(dir, 'attended-transfer.sipp-bob.log'), 'utf8'));
	assert.deepEqual(
		bob.problems.map((p) => p.code),
		['replaces.dialog-not-in-trace'],
	);
});

test('definition goes from the Replaces and Refer-To values, and the replacing INVITE, to the consultation', () => {
	for (const file of story) {
		const { text, doc, seen, invites, refers, creator } = load(file);
		// The two addresses on the line before a message (sngrep's `a:p -> b:p`), either way.
		const lines = text.split('\n');
		const hop = (m: Seen): string | null =>
			/ (\S+:\d+) -> (\S+:\d+)\r?$/
				.exec(lines[m.line - 1] ?? '')
				?.slice(1)
				.sort()
				.join(' ') ?? null;
		for (const m of invites) {
			const line = m.headerLines.get('replaces')!;
			const target = provideDefinition(doc, pos(line, 'Replaces: '.length + 3));
			assert.equal(target?.range.start.line, creator.line, `${file}: Replaces at ${line}`);
		}
		for (const m of refers) {
			const line = m.headerLines.get('refer-to')!;
			const target = provideDefinition(doc, pos(line, 'Refer-To: '.length + 3));
			assert.equal(target?.range.start.line, creator.line, `${file}: Refer-To at ${line}`);
			// The REFER's start line keeps going to the request that created its own dialog: its
			// copy on the REFER's own hop, where the trace gives addresses.
			const copies = seen.filter((o) => o.method === 'INVITE' && o.callId === m.callId && !o.toTag);
			const own = copies.find((o) => hop(o) !== null && hop(o) === hop(m)) ?? copies[0]!;
			assert.equal(provideDefinition(doc, pos(m.line, 2))?.range.start.line, own.line);
		}
		// The replacing INVITE's own start line (its first copy, which created its own dialog).
		const first = invites[0]!;
		assert.equal(provideDefinition(doc, pos(first.line, 2))?.range.start.line, creator.line);
	}
});

test('references on Replaces, and on From of the consultation, list its messages and the replacing INVITE', () => {
	for (const file of story) {
		const { doc, invites, refers, dialog } = load(file);
		const expected = [...dialog, ...invites, ...refers].map((m) => m.line).sort((a, b) => a - b);
		const lines = (line: number, character: number) =>
			provideReferences(doc, pos(line, character), true)
				.map((l) => l.range.start.line)
				.sort((a, b) => a - b);
		assert.deepEqual(lines(invites[0]!.headerLines.get('replaces')!, 12), expected, file);
		const bye = dialog.find((m) => m.method === 'BYE')!;
		assert.deepEqual(lines(bye.headerLines.get('from')!, 8), expected, file);
	}
});

test('hover on Replaces says which call it replaces: parties, state, the creating INVITE', () => {
	const { doc, invites, refers, creator, text } = load('attended-transfer.sip');
	const hover = (line: number, character: number) => {
		const h = provideHover(doc, pos(line, character));
		return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
	};
	const [callId] = invites[0]!.replaces!.split(';');
	const onInvite = hover(invites[0]!.headerLines.get('replaces')!, 12);
	assert.match(onInvite, /\*\*Replaces\*\* the call/);
	assert.ok(onInvite.includes(`\`${callId}\``));
	assert.ok(onInvite.includes('bob → carol'), onInvite);
	assert.ok(onInvite.includes(`created by INVITE at line ${creator.line + 1}`), onInvite);
	// carol answered bob's call before alice's INVITE; carol's BYE ended it afterwards.
	const answer = text.split('\n').findIndex((l, i) => i > creator.line && /^SIP\/2\.0 200/.test(l));
	assert.ok(onInvite.includes(`confirmed (200 at line ${answer + 1})`), onInvite);
	assert.ok(onInvite.includes('at the end of the trace: terminated'), onInvite);
	const onRefer = hover(refers[0]!.headerLines.get('refer-to')!, 12);
	assert.match(onRefer, /Refer-To with Replaces\*\*: asks for a call to carol/);
	assert.ok(onRefer.includes(`created by INVITE at line ${creator.line + 1}`), onRefer);
});

test("a code lens on the consultation's INVITE says which INVITE replaced it", () => {
	const { doc, invites, refers, creator } = load('attended-transfer.sip');
	const lens = provideCodeLenses(doc).find((l) => l.range.start.line === creator.line);
	assert.equal(
		lens?.command?.title,
		`replaced by INVITE at line ${invites[0]!.line + 1}, asked by REFER at line ${refers[0]!.line + 1}`,
	);
});

test('Extract Call brings the call a Replaces names, and the calls that name it', () => {
	const { doc, invites, refers, creator } = load('attended-transfer.sip');
	const calls = (at: number) => extractCall(doc.analysis, at)?.callIds;
	// alice's call to carol brings the consultation it took over.
	assert.deepEqual(calls(invites[0]!.index), [invites[0]!.callId, creator.callId]);
	// alice's call with bob (its REFER names the consultation) brings it too.
	assert.deepEqual(calls(0), [refers[0]!.callId, creator.callId]);
	// The consultation brings both calls that name it: the REFER's, and alice's to carol.
	assert.deepEqual(
		new Set(calls(creator.index)),
		new Set([creator.callId, refers[0]!.callId, invites[0]!.callId]),
	);
});
