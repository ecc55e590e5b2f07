// The transferred call of test/fixtures/real/refer-call.* (bob REFERs alice to dave, whom the
// proxy does not know, then to carol, who answers): the implicit subscription each REFER creates
// (RFC 3515), the dialogs, the outline and the hover on the message/sipfrag bodies. Every
// expected value is read from the fixture's own text (start lines, CSeq, Event,
// Subscription-State, bodies), without the analyser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentSymbol } from 'vscode-languageserver';
import { analyzeTrace } from '../../server/src/core';
import { decodeSipfrag } from '../../server/src/core/bodies/sipfrag';
import { createTraceDocument } from '../../server/src/traceDocument';
import { provideDocumentSymbols } from '../../server/src/features/documentSymbols';
import { provideHover } from '../../server/src/features/hover';
import { readSeen as read, type Seen } from './seenMessages';

const dir = join(__dirname, '..', 'fixtures', 'real');

/**
 * RFC 3515 §2.4.6: the REFER a NOTIFY reports on: same Call-ID, its From tag the NOTIFY's To tag;
 * the one whose CSeq number is the Event's id, or without an id the dialog's first REFER.
 */
function referOf(seen: Seen[], n: Seen): Seen | undefined {
	const id = /;\s*id=(\d+)/.exec(n.event ?? '')?.[1];
	return seen.find(
		(r) =>
			r.method === 'REFER' &&
			r.callId === n.callId &&
			r.fromTag === n.toTag &&
			(id === undefined || String(r.cseq) === id),
	);
}

const files = [
	'refer-call.sip',
	'refer-call.sngrep.txt',
	'refer-call.sipp-alice.log',
	'refer-call.sipp-bob.log',
];

function load(file: string) {
	const text = readFileSync(join(dir, file), 'utf8');
	const analysis = analyzeTrace(text);
	const seen = read(text);
	assert.equal(analysis.messages.length, seen.length, file);
	return { text, analysis, seen };
}

for (const file of files) {
	void test(`${file}: each NOTIFY of Event refer belongs to the subscription of its REFER`, () => {
		const { analysis, seen } = load(file);
		const { index } = analysis;
		const notifies = seen.filter((m) => m.method === 'NOTIFY');
		assert.ok(notifies.length >= 4);
		// Both kinds are in the story: NOTIFYs without an id (first REFER) and with one.
		assert.ok(notifies.some((n) => !/;\s*id=/.test(n.event!)));
		assert.ok(notifies.some((n) => /;\s*id=/.test(n.event!)));
		for (const n of notifies) {
			const refer = referOf(seen, n);
			assert.ok(refer, `REFER of ${n.index}`);
			const s = index.subscriptionOf(n.index);
			assert.ok(s, `subscription of ${n.index}`);
			assert.equal(s.creator, refer.index, `creator for NOTIFY ${n.index} (${n.event})`);
			assert.equal(s.event, 'refer');
			assert.equal(s.eventId, String(refer.cseq));
		}
		// Each REFER's subscription is its own, and its responses are in it.
		const refers = seen.filter((m) => m.method === 'REFER');
		const firstCopies = refers.filter((r, i) => refers.findIndex((q) => q.cseq === r.cseq) === i);
		assert.equal(firstCopies.length, 2);
		const ids = new Set(firstCopies.map((r) => index.subscriptionOf(r.index)?.id));
		assert.equal(ids.size, 2);
		for (const r of refers) {
			assert.equal(
				index.subscriptionOf(r.index)?.creator,
				firstCopies.find((q) => q.cseq === r.cseq)!.index,
			);
		}
		for (const m of seen.filter((x) => x.status === 202))
			assert.equal(index.subscriptionOf(m.index)?.event, 'refer', `202 at ${m.index}`);
	});

	void test(`${file}: each REFER's subscription ends terminated (noresource) with its last NOTIFY`, () => {
		const { analysis, seen } = load(file);
		for (const refer of seen.filter((m) => m.method === 'REFER')) {
			const s = analysis.index.subscriptionOf(refer.index)!;
			const mine = seen.filter((n) => n.method === 'NOTIFY' && referOf(seen, n) === refer);
			if (!mine.length) continue; // the later copy of a REFER: same subscription as the first
			const terminated = mine.find((n) => /^terminated/.test(n.state ?? ''))!;
			assert.ok(terminated, 'a terminated NOTIFY in the text');
			assert.equal(s.terminatedBy, terminated.index);
			assert.equal(s.terminationReason, /reason=(\w+)/.exec(terminated.state!)![1]);
			assert.equal(s.terminationReason, 'noresource');
			assert.deepEqual(
				[...s.notifies],
				mine.map((n) => n.index),
			);
		}
	});

	void test(`${file}: the INVITE dialog's own traffic is in no subscription; each call is its own dialog`, () => {
		const { analysis, seen } = load(file);
		const { index } = analysis;
		for (const m of seen) {
			const method = m.method ?? m.cseqMethod;
			const inSubscription = method === 'REFER' || method === 'NOTIFY';
			assert.equal(
				index.subscriptionOf(m.index) !== null,
				inSubscription,
				`${m.index}: ${m.startLine}`,
			);
		}
		// One dialog per Call-ID that has a 200 to its INVITE; every INVITE, ACK and BYE of that
		// Call-ID is in it, and the dialogs differ.
		const answered = [
			...new Set(
				seen.filter((m) => m.status === 200 && m.cseqMethod === 'INVITE').map((m) => m.callId),
			),
		];
		const dialogs = answered.map((callId) => {
			const members = seen.filter(
				(m) => m.callId === callId && ['INVITE', 'ACK', 'BYE'].includes(m.method ?? '') && m.toTag,
			);
			const ids = new Set(members.map((m) => index.dialogOf(m.index)?.id));
			assert.equal(ids.size, 1, `one dialog for ${callId}`);
			const d = index.dialogOf(members[0]!.index)!;
			assert.equal(d.callId, callId);
			return d.id;
		});
		assert.equal(new Set(dialogs).size, dialogs.length);
		if (file.endsWith('.sip') || file.endsWith('.sngrep.txt')) assert.equal(dialogs.length, 2); // bob's and carol's
	});
}

void test('refer-call.sip: the outline names each transfer, its target and its outcome', () => {
	const file = 'refer-call.sip';
	const { text, seen } = load(file);
	const doc = createTraceDocument(`file:///${file}`, 1, text, undefined);
	const symbols = provideDocumentSymbols(doc);
	const refers = seen.filter((m) => m.method === 'REFER');
	const targets = [...new Set(refers.map((r) => /sip:([^@>]+)@/.exec(r.referTo!)![1]))];
	assert.deepEqual(targets, ['dave', 'carol']);
	for (const target of targets) {
		const symbol = symbols.find((s) => s.name.includes(`Refer-To ${target}`));
		assert.ok(symbol, `outline entry for ${target}: ${symbols.map((s) => s.name).join(' | ')}`);
		assert.match(symbol.name, /^REFER bob -> alice /);
		// The detail: how the subscription ended and the last status alice reported.
		const refer = refers.find((r) => r.referTo!.includes(`sip:${target}@`))!;
		const notifies = seen.filter((n) => n.method === 'NOTIFY' && referOf(seen, n) === refer);
		const last = notifies[notifies.length - 1]!;
		const status = last.body!.replace(/^SIP\/2\.0 /, '');
		assert.equal(symbol.detail, `terminated: noresource, ${status}`);
		const names = (symbol.children ?? []).map((c: DocumentSymbol) => c.name);
		assert.ok(names.includes(`NOTIFY terminated (${status})`), names.join(' | '));
		const first = notifies[0]!.body!.replace(/^SIP\/2\.0 /, '');
		assert.ok(names.includes(`NOTIFY active (${first})`), names.join(' | '));
		assert.ok(!names.some((n) => n.startsWith('INVITE') || n.startsWith('BYE')));
	}
});

void test('refer-call.sip: hover on a sipfrag body shows its status and the REFER it reports on', () => {
	const file = 'refer-call.sip';
	const { text, seen } = load(file);
	const doc = createTraceDocument(`file:///${file}`, 1, text, undefined);
	for (const n of seen.filter((m) => m.method === 'NOTIFY')) {
		const hover = provideHover(doc, { line: n.bodyLine!, character: 3 });
		assert.ok(hover, `hover on the body of ${n.index}`);
		const value = (hover.contents as { value: string }).value;
		const [, code, reason] = /^SIP\/2\.0 (\d{3}) (.*)$/.exec(n.body!)!;
		assert.ok(value.includes(`\`${code} ${reason}\``), value);
		assert.ok(value.includes(Number(code) < 200 ? 'provisional' : 'final'), value);
		const refer = referOf(seen, n)!;
		assert.ok(value.includes(`REFER at line ${refer.line + 1}`), value);
		assert.ok(value.includes(refer.referTo!.replace(/`/g, "'")), value);
	}
});

void test('a sipfrag is read as RFC 3420 defines it: optional start line, headers, body', () => {
	assert.deepEqual(decodeSipfrag('SIP/2.0 603 Declined\r\n').fragment.status, 603);
	const request = decodeSipfrag(
		'INVITE sip:carol@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n',
	);
	assert.equal(request.fragment.method, 'INVITE');
	assert.equal(request.fragment.requestUri, 'sip:carol@example.com');
	assert.deepEqual(request.fragment.headers, [['Via', 'SIP/2.0/UDP h;branch=z9hG4bK1']]);
	const headersOnly = decodeSipfrag('From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\n\r\nbody');
	assert.equal(headersOnly.fragment.startLine, null);
	assert.equal(headersOnly.fragment.headers.length, 2);
	assert.deepEqual(headersOnly.problems, []);
	const broken = decodeSipfrag('SIP/2.0 OK\r\n');
	assert.equal(broken.fragment.status, null);
	assert.equal(broken.problems.length, 1);
});

for (const file of ['refer-call.sip', 'refer-call.sngrep.txt']) {
	void test(`${file}: the proxy's copy of a terminating NOTIFY is not a NOTIFY after termination`, () => {
		const { analysis, seen } = load(file);
		// Each terminating NOTIFY is in the text twice (alice to the proxy, the proxy to bob), with
		// the same CSeq: one NOTIFY on two hops.
		const terminating = seen.filter((m) => m.method === 'NOTIFY' && /^terminated/.test(m.state!));
		const cseqs = new Set(terminating.map((m) => m.cseq));
		assert.equal(terminating.length, 2 * cseqs.size);
		const late = analysis.problems.filter((p) => p.code === 'notify.after-termination');
		assert.deepEqual(late, []);
	});
}

void test('refer-call.sip: a REFER accepted with `Refer-Sub: false`, or refused, makes no subscription: its NOTIFYs belong to none, and the problem names it', () => {
	const text = readFileSync(join(dir, 'refer-call.sip'), 'utf8');
	// The first REFER's 202s (the proxy's and alice's): accepted without a subscription (RFC 4488
	// §4), or refused.
	const answered = (with202: (s: string) => string) =>
		text.replace(/^SIP\/2\.0 202 Accepted\r?\n(?:.+\r?\n)*?CSeq: 1 REFER\r?\n/gm, with202);
	const suppressed = answered((s) => s.replace(/(CSeq: 1 REFER\r?\n)/, '$1Refer-Sub: false\r\n'));
	const refused = answered((s) => s.replace('202 Accepted', '403 Forbidden'));
	for (const [trace, why] of [
		[suppressed, /accepted with `Refer-Sub: false`/],
		[refused, /refused \(403/],
	] as const) {
		const analysis = analyzeTrace(trace);
		const firstNotifies = analysis.messages.filter(
			(m) => m.method === 'NOTIFY' && m.event?.id === null,
		);
		assert.ok(firstNotifies.length >= 2);
		for (const n of firstNotifies)
			assert.equal(analysis.index.subscriptionOf(n.index)?.creator ?? null, null);
		const said = analysis.problems.filter((p) => p.code === 'notify.no-subscribe');
		assert.ok(said.length >= 1);
		assert.match(said[0]!.message, why);
		assert.match(trace.slice(said[0]!.related![0]!.span.start), /^REFER sip:/);
	}
	// Accepted as usual, the NOTIFYs belong to the REFER.
	const analysis = analyzeTrace(text);
	for (const n of analysis.messages.filter((m) => m.method === 'NOTIFY' && m.event?.id === null))
		assert.notEqual(analysis.index.subscriptionOf(n.index)?.creator ?? null, null);
});
