// Linda on two devices (test/fixtures/real/compose-story.*): her desk phone and her soft client
// each keep a publication of their own (RFC 3903), and Kamailio's presence_xml composes the
// live ones into every NOTIFY to andrew (RFC 3903 §4, RFC 4479 §3.3). The tuples each PUBLISH
// and each NOTIFY hold are read from the fixture's own text, without the analyser: a NOTIFY
// carries the state of a PUBLISH when its body holds that PUBLISH's tuples, with their notes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens, Hover } from 'vscode-languageserver';
import { analyzeTrace } from '../../server/src/core';
import { createTraceDocument } from '../../server/src/traceDocument';
import { provideCodeLenses } from '../../server/src/features/codeLens';
import { provideDefinition } from '../../server/src/features/definition';
import { provideHover } from '../../server/src/features/hover';
import { provideReferences } from '../../server/src/features/references';
import { analysedAndSeen, type Seen } from './seenMessages';

/** Tuple id -> [basic status, note] of each `<tuple>` in the body after line `from`. */
function tuplesAt(lines: string[], from: number): Map<string, [string, string | null]> {
	const body: string[] = [];
	for (let k = from; k < lines.length && !lines[k]!.includes('</presence>'); k++)
		body.push(lines[k]!);
	const out = new Map<string, [string, string | null]>();
	const xml = body.join('\n');
	for (const t of xml.matchAll(/<tuple[^>]*\bid="([^"]+)"[^>]*>([\s\S]*?)<\/tuple>/g)) {
		const basic = /<basic>(\w+)<\/basic>/.exec(t[2]!)?.[1] ?? '';
		const note = /<note[^>]*>([^<]*)<\/note>/.exec(t[2]!)?.[1] ?? null;
		out.set(t[1]!, [basic, note]);
	}
	return out;
}

function load(file: string) {
	const { text, analysis, seen } = analysedAndSeen(file);
	const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
	const tuples = (m: Seen) => (m.bodyLine === null ? new Map() : tuplesAt(lines, m.bodyLine));
	return { text, lines, seen, analysis, tuples };
}

/** The story opened in the editor, and each device's PUBLISHes (by the From tag's end). */
function devices() {
	const { text, seen } = load('compose-story.sip');
	const doc = createTraceDocument('file:///compose-story.sip', 1, text, undefined);
	const publishes = seen.filter((m) => m.method === 'PUBLISH');
	const desk = publishes.filter((m) => /-desk$/.test(m.fromTag!));
	const soft = publishes.filter((m) => /-soft$/.test(m.fromTag!));
	return { text, doc, seen, desk, soft };
}

for (const file of ['compose-story.sip', 'compose-story.sngrep.txt']) {
	void test(`${file}: each NOTIFY carries the PUBLISHes whose open tuples its body holds`, () => {
		const { seen, analysis, tuples } = load(file);
		const { index } = analysis;
		const notifies = seen.filter((m) => m.method === 'NOTIFY' && m.bodyLine !== null);
		assert.equal(notifies.length, 6);
		let composedOfTwo = 0;
		for (const n of notifies) {
			const body = tuples(n);
			const open = [...body].filter(([, [basic]]) => basic === 'open').map(([id]) => id);
			const carried = index.publishesOf(n.index);
			if (carried.length === 2) composedOfTwo++;
			// The tuples of the PUBLISHes it carries, each with the note that PUBLISH set, are the
			// open tuples of the NOTIFY.
			const published = new Map<string, [string, string | null]>();
			for (const p of carried) {
				assert.equal(seen[p]!.method, 'PUBLISH');
				for (const [id, t] of tuples(seen[p]!)) published.set(id, t);
			}
			assert.deepEqual([...published.keys()].sort(), open.sort(), `NOTIFY ${n.index}`);
			for (const [id, t] of published) assert.deepEqual(body.get(id), t, `${id} in ${n.index}`);
		}
		// After the soft client's initial PUBLISH and after the desk phone's change.
		assert.equal(composedOfTwo, 2);
		// The soft client's initial PUBLISH reached the NOTIFY after the desk phone's change too.
		const softInitial = seen.find((m) => m.method === 'PUBLISH' && /-soft$/.test(m.fromTag!))!;
		const deskChange = seen.find(
			(m) => m.method === 'PUBLISH' && /-desk$/.test(m.fromTag!) && m.cseq === 2,
		)!;
		const afterChange = notifies.filter((n) =>
			index.publishesOf(n.index).includes(deskChange.index),
		);
		assert.ok(afterChange.length > 0);
		assert.ok(index.notifiesOf(softInitial.index).includes(afterChange[0]!.index));
	});
}

void test('compose-story.sip: after the removal, the NOTIFY carries the desk phone alone and names the removal', () => {
	const { text, seen, analysis } = load('compose-story.sip');
	const removal = seen.find(
		(m) => m.method === 'PUBLISH' && /-soft$/.test(m.fromTag!) && m.cseq === 2,
	)!;
	const deskChange = seen.find(
		(m) => m.method === 'PUBLISH' && /-desk$/.test(m.fromTag!) && m.cseq === 2,
	)!;
	const next = seen.find((m) => m.method === 'NOTIFY' && m.line > removal.line)!;
	assert.equal(analysis.index.publishOf(next.index), removal.index);
	assert.deepEqual(analysis.index.publishesOf(next.index), [deskChange.index]);
	const doc = createTraceDocument('file:///compose-story.sip', 1, text, undefined);
	const hover = provideHover(doc, { line: next.bodyLine! + 2, character: 2 }) as Hover;
	const value = (hover.contents as { value: string }).value;
	assert.ok(
		value.includes(
			`Last change: the removal by the PUBLISH at line ${removal.line + 1} (SIPp soft client`,
		),
		value,
	);
	// Its start line names both: the removal it tells and the desk phone's state it still carries.
	const start = provideHover(doc, { line: next.line, character: 1 }) as Hover;
	const said = (start.contents as { value: string }).value;
	assert.ok(said.includes(`tells the removal by the PUBLISH at line ${removal.line + 1}`), said);
	assert.ok(said.includes(`carries the state of the PUBLISH at line ${deskChange.line + 1}`), said);
});

void test('compose-story.sip: hover, code lens and references of a composed NOTIFY name both devices', () => {
	const { doc, seen, desk, soft } = devices();
	// The NOTIFY after the desk phone's change: the soft client's initial state and the change.
	const composed = seen.find((m) => m.method === 'NOTIFY' && m.line > desk[1]!.line)!;
	const hover = provideHover(doc, { line: composed.bodyLine! + 2, character: 2 }) as Hover;
	const value = (hover.contents as { value: string }).value;
	assert.ok(value.includes('**Composed** from 2 publications'), value);
	for (const [p, who, tuple] of [
		[desk[1]!, 'SIPp desk phone', 't-desk'],
		[soft[0]!, 'SIPp soft client', 't-soft'],
	] as const)
		assert.ok(
			value.includes(`the PUBLISH at line ${p.line + 1} (${who}, tuple \`${tuple}\`)`),
			value,
		);
	// What changed: against the NOTIFY andrew got before (both tuples), element by element: the
	// desk phone's tuple and the person it published, not against the desk phone's PUBLISH alone.
	const previous = seen.filter((m) => m.method === 'NOTIFY' && m.line < composed.line).pop()!;
	assert.ok(
		value.includes(
			`**Changed** since the NOTIFY at line ${previous.line + 1}: t-desk: note "On the phone" (en) → "In a conference call until 4pm" (en); person p-linda: note "On the phone" (en) → "In a conference call until 4pm" (en)`,
		),
		value,
	);

	const lenses = provideCodeLenses(doc).filter(
		(l: CodeLens) => l.range.start.line === composed.line,
	);
	// In file order: the soft client published first.
	assert.deepEqual(
		lenses.map((l) => l.command?.title),
		[
			`composed from SIPp soft client (line ${soft[0]!.line + 1}) and SIPp desk phone (line ${desk[1]!.line + 1})`,
		],
	);

	const refs = provideReferences(doc, { line: composed.bodyLine! + 2, character: 2 }, true);
	assert.deepEqual(
		refs.map((r) => r.range.start.line),
		[soft[0]!.line, desk[1]!.line, composed.line].sort((a, b) => a - b),
	);
});

void test('compose-story.sngrep.txt: a publication whose lifetime ran out before a NOTIFY is not in it', () => {
	const { text, seen } = load('compose-story.sngrep.txt');
	// The same story with the desk phone's first publication granted 30 s (its 2xx's Expires
	// wins over the PUBLISH's 600: the compositor's answer, RFC 3903 §6), and everything from the
	// soft client's PUBLISH on a minute later.
	const blocks = text.split(/\n(?=\d{4}\/\d\d\/\d\d \d\d:)/);
	const granted = blocks.findIndex(
		(b) =>
			b.includes('\nSIP/2.0 200 OK') && /tag=\d+-desk/.test(b) && b.includes('CSeq: 1 PUBLISH'),
	);
	assert.ok(granted >= 0 && blocks[granted]!.includes('Expires: 600'));
	blocks[granted] = blocks[granted]!.replace('Expires: 600', 'Expires: 30');
	const later = blocks
		.join('\n')
		.replace(/^(2026\/12\/01 22:)09:(\d\d)/gm, (all, hour: string, second: string) =>
			Number(second) >= 20 ? `${hour}10:${second}` : all,
		);
	const analysis = analyzeTrace(later);
	const { index } = analysis;
	const deskInitial = seen.find(
		(m) => m.method === 'PUBLISH' && /-desk$/.test(m.fromTag!) && m.cseq === 1,
	)!;
	const softInitial = seen.find(
		(m) => m.method === 'PUBLISH' && /-soft$/.test(m.fromTag!) && m.cseq === 1,
	)!;
	const notify = (cseq: number) =>
		seen.find((m) => m.method === 'NOTIFY' && m.cseq === cseq)!.index;
	// Within its 30 s: the NOTIFY right after it carries it.
	assert.deepEqual(index.publishesOf(notify(3)), [deskInitial.index]);
	// A minute later the soft client's NOTIFY carries the soft client alone.
	assert.deepEqual(index.publishesOf(notify(4)), [softInitial.index]);
	assert.deepEqual(index.notifiesOf(deskInitial.index), [notify(3)]);
	// The original story (600 s) composes both.
	assert.deepEqual(
		[...analyzeTrace(text).index.publishesOf(notify(4))].sort((a, b) => a - b),
		[deskInitial.index, softInitial.index].sort((a, b) => a - b),
	);
});

void test('a NOTIFY composed from many live publications names the latest six and counts the rest', () => {
	// linda publishes from eight devices (each its own Call-ID and tuple); andrew's NOTIFY after
	// the last 2xx carries all eight.
	const crlf = (...lines: string[]): string => lines.map((l) => `${l}\r\n`).join('');
	const withBody = (head: string[], body: string): string =>
		crlf(...head, 'Content-Type: application/pidf+xml', `Content-Length: ${body.length}`, '') +
		body +
		'\r\n';
	const pidf = (tuple: string): string =>
		`<?xml version="1.0"?><presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:linda@x"><tuple id="${tuple}"><status><basic>open</basic></status></tuple></presence>`;
	const common = (method: string, callId: string, from: string, to: string, cseq: number) => [
		'Via: SIP/2.0/UDP 10.0.0.9;branch=z9hG4bK' + callId + cseq,
		'Max-Forwards: 70',
		`From: ${from}`,
		`To: ${to}`,
		`Call-ID: ${callId}`,
		`CSeq: ${cseq} ${method}`,
	];
	let text = crlf(
		'SUBSCRIBE sip:linda@x SIP/2.0',
		...common('SUBSCRIBE', 'w1', '<sip:andrew@x>;tag=a', '<sip:linda@x>', 1),
		'Event: presence',
		'Expires: 600',
		'Content-Length: 0',
		'',
	);
	text += crlf(
		'SIP/2.0 200 OK',
		...common('SUBSCRIBE', 'w1', '<sip:andrew@x>;tag=a', '<sip:linda@x>;tag=s', 1),
		'Expires: 600',
		'Content-Length: 0',
		'',
	);
	const publishLines: number[] = [];
	for (let d = 1; d <= 8; d++) {
		publishLines.push(text.split('\n').length - 1);
		text += withBody(
			[
				'PUBLISH sip:linda@x SIP/2.0',
				...common('PUBLISH', `p${d}`, `<sip:linda@x>;tag=d${d}`, '<sip:linda@x>', 1),
				'Event: presence',
				'Expires: 3600',
				`User-Agent: device ${d}`,
			],
			pidf(`t${d}`),
		);
		text += crlf(
			'SIP/2.0 200 OK',
			...common('PUBLISH', `p${d}`, `<sip:linda@x>;tag=d${d}`, `<sip:linda@x>;tag=e${d}`, 1),
			`SIP-ETag: etag${d}`,
			'Expires: 3600',
			'Content-Length: 0',
			'',
		);
	}
	const notifyLine = text.split('\n').length - 1;
	text += withBody(
		[
			'NOTIFY sip:andrew@x SIP/2.0',
			...common('NOTIFY', 'w1', '<sip:linda@x>;tag=s', '<sip:andrew@x>;tag=a', 1),
			'Event: presence',
			'Subscription-State: active;expires=500',
		],
		pidf('t8'),
	);
	const analysis = analyzeTrace(text);
	const notify = analysis.messages.at(-1)!;
	assert.equal(analysis.index.publishesOf(notify.index).length, 8);
	const doc = createTraceDocument('file:///many.sip', 1, text, undefined);
	const hover = provideHover(doc, { line: notifyLine + 12, character: 5 }) as Hover;
	const value = (hover.contents as { value: string }).value;
	assert.ok(value.includes('**Composed** from 8 publications'), value);
	for (let d = 3; d <= 8; d++)
		assert.ok(
			value.includes(
				`the PUBLISH at line ${publishLines[d - 1]! + 1} (device ${d}, tuple \`t${d}\`)`,
			),
			value,
		);
	assert.ok(!value.includes('device 2') && !value.includes('device 1,'), value);
	assert.ok(value.includes('; and 2 earlier publications.'), value);
});

void test('compose-story.sip: F12 on a tuple of a composed NOTIFY goes to the PUBLISH of the device that gave it', () => {
	const { text, seen } = load('compose-story.sip');
	const lines = text.split('\n');
	const doc = createTraceDocument('file:///compose-story.sip', 1, text, undefined);
	const publishes = seen.filter((m) => m.method === 'PUBLISH');
	const desk = publishes.filter((m) => /-desk$/.test(m.fromTag!));
	const soft = publishes.filter((m) => /-soft$/.test(m.fromTag!));
	// The NOTIFY after the desk phone's change carries the soft client's first state and the change.
	const composed = seen.find((m) => m.method === 'NOTIFY' && m.line > desk[1]!.line)!;
	const lineOf = (needle: string): number =>
		lines.findIndex((l, k) => k >= composed.bodyLine! && l.includes(needle));
	// Kamailio writes a composed tuple with its namespace: `<tuple xmlns="..." id="t-desk">`.
	const tupleLine = (id: string): number =>
		lines.findIndex(
			(l, k) => k >= composed.bodyLine! && /<tuple\b/.test(l) && l.includes(`id="${id}"`),
		);
	const target = (line: number): number | undefined =>
		provideDefinition(doc, { line, character: lines[line]!.indexOf('<') + 3 })?.range.start.line;
	assert.equal(target(tupleLine('t-soft')), soft[0]!.line);
	assert.equal(target(tupleLine('t-desk')), desk[1]!.line);
	// Elsewhere in the body (the person element): the last change, as before.
	const person = lineOf('<dm:person');
	assert.ok(person > composed.bodyLine!);
	assert.equal(target(person), desk[1]!.line);
});

void test("compose-story.sip: a device's PUBLISH is compared with its own publication only, never with the other device's", () => {
	const { text, seen } = load('compose-story.sip');
	const doc = createTraceDocument('file:///compose-story.sip', 1, text, undefined);
	const publishes = seen.filter((m) => m.method === 'PUBLISH' && m.bodyLine !== null);
	const hoverOf = (m: (typeof seen)[number]): string =>
		(
			(provideHover(doc, { line: m.bodyLine! + 2, character: 2 }) as Hover).contents as {
				value: string;
			}
		).value;
	// Each device's first PUBLISH with a body: a new publication, no change to tell.
	for (const tag of ['-desk', '-soft']) {
		const first = publishes.find((m) => m.fromTag!.endsWith(tag))!;
		const value = hoverOf(first);
		assert.ok(!/change since|Changed\*\* since/.test(value), value);
	}
	// The desk phone's modify: told against its own earlier PUBLISH.
	const desk = publishes.filter((m) => m.fromTag!.endsWith('-desk'));
	const modify = desk[1]!;
	assert.match(hoverOf(modify), new RegExp(`since the PUBLISH at line ${desk[0]!.line + 1}`));
});

void test('compose-story.sip: the start line of a composed NOTIFY names its SUBSCRIBE and the PUBLISHes it carries; a PUBLISH the NOTIFYs that carried it', () => {
	const { doc, seen, desk, soft } = devices();
	const composed = seen.find((m) => m.method === 'NOTIFY' && m.line > desk[1]!.line)!;
	// RFC 6665 §4.4.1: its SUBSCRIBE has its Call-ID, and its To tag as From tag, no To tag.
	const subscribe = seen.find(
		(s) =>
			s.method === 'SUBSCRIBE' &&
			s.toTag === null &&
			s.callId === composed.callId &&
			s.fromTag === composed.toTag,
	)!;
	const hover = (line: number): string =>
		((provideHover(doc, { line, character: 1 }) as Hover).contents as { value: string }).value;
	const value = hover(composed.line);
	assert.ok(
		value.includes(`subscription made by the SUBSCRIBE at line ${subscribe.line + 1}`),
		value,
	);
	const lines = [soft[0]!.line + 1, desk[1]!.line + 1].sort((a, b) => a - b);
	assert.ok(
		value.includes(`carries the state of the PUBLISHes at lines ${lines.join(', ')}`),
		value,
	);
	// The desk phone's change: the NOTIFY is among those its hover names.
	assert.match(
		hover(desk[1]!.line),
		new RegExp(`NOTIFYs at lines [\\d, ]*\\b${composed.line + 1}\\b`),
	);
});
