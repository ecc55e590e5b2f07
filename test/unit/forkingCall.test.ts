// The forked call of test/fixtures/real/forking-call.* (Kamailio forks alice's INVITE to bob's
// two phones; desk answers, mobile rings and is cancelled): dialogs, CANCEL and ACK, and where
// go to definition leads. Every expected index is found in the fixture's own text (start lines,
// Via branches, CSeq, To tags), read here without the analyser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import type { TraceAnalysis } from '../../server/src/core';
import type { DocumentSymbol } from 'vscode-languageserver';
import { definitionTarget } from '../../server/src/features/definition';
import { provideDocumentSymbols } from '../../server/src/features/documentSymbols';
import { provideHover } from '../../server/src/features/hover';
import { createTraceDocument } from '../../server/src/traceDocument';
import { readSeen as read, type Seen } from './seenMessages';

const dir = join(__dirname, '..', 'fixtures', 'real');

/**
 * Where go to definition leads from a request in desk's call, read from the text: an ACK to the
 * INVITE of its CSeq number (the ACK of the re-INVITE to the re-INVITE, RFC 3261 §13.2.2.4), any
 * other request to the call's first INVITE; through the proxy, to that INVITE's copy on the
 * request's own hop: between the same two addresses where the trace gives them, else for an ACK
 * the copy with as many Vias (both went through the same proxies the same way).
 */
function origin(seen: readonly Seen[], m: Seen, desk: string): number {
	const seq = m.method === 'ACK' ? m.cseq : 1;
	const copies = seen.filter(
		(c) =>
			c.method === 'INVITE' &&
			c.cseq === seq &&
			c.index !== m.index &&
			(c.toTag === desk ||
				seen.some((r) => r.toTag === desk && r.status !== null && r.branches[0] === c.branches[0])),
	);
	const pair = (x: Seen): string => [x.src, x.dst].sort().join(' ');
	const hop = copies.find((c) => m.src !== null && c.src !== null && pair(c) === pair(m));
	if (hop) return hop.index;
	if (m.method === 'ACK') {
		const vias =
			m.src === null ? copies.find((c) => c.branches.length === m.branches.length) : undefined;
		return (vias ?? copies[0]!).index;
	}
	return copies[0]!.index;
}

interface Story {
	analysis: TraceAnalysis;
	seen: Seen[];
	/** The INVITEs of CSeq 1 in file order: the first is the one the trace starts the call with. */
	invites: Seen[];
	/** The To tags of the phones: desk's is the 200's, mobile's the other 180's. */
	desk: string | null;
	mobile: string | null;
}

function story(file: string): Story {
	const text = readFileSync(join(dir, file), 'utf8');
	const analysis = analyzeTrace(text);
	const seen = read(text);
	assert.equal(analysis.messages.length, seen.length, file);
	const invites = seen.filter(
		(m) => m.method === 'INVITE' && m.cseq === 1 && m.cseqMethod === 'INVITE',
	);
	const ok = seen.find((m) => m.status === 200 && m.cseq === 1 && m.cseqMethod === 'INVITE');
	const rings = seen.filter((m) => m.status === 180).map((m) => m.toTag!);
	const mobile = [...rings, ...seen.filter((m) => m.status === 487).map((m) => m.toTag!)].find(
		(t) => t !== ok?.toTag,
	);
	return { analysis, seen, invites, desk: ok?.toTag ?? null, mobile: mobile ?? null };
}

const files = [
	'forking-call.sip',
	'forking-call.sngrep.txt',
	'forking-call.sipp-alice.log',
	'forking-call.sipp-bob-desk.log',
	'forking-call.sipp-bob-mobile.log',
];

for (const file of files) {
	void test(`${file}: each phone's To tag is a dialog of its own, created by the first INVITE`, () => {
		const { analysis, seen, invites, desk, mobile } = story(file);
		const { index } = analysis;
		const tags = new Set(
			seen.filter((m) => m.toTag && m.cseqMethod === 'INVITE').map((m) => m.toTag),
		);
		const expected = file.includes('bob-') ? 1 : 2; // a phone's own log sees its own tag only
		assert.equal(tags.size, expected);
		const dialogs = index.dialogs.filter((d) => tags.has(d.remoteTag));
		assert.equal(dialogs.length, expected, 'one dialog per To tag');
		for (const d of dialogs) {
			// Through the proxy, the INVITE alice sent (the first in the trace) made both.
			assert.equal(d.creator, invites[0]!.index, `creator of ${d.remoteTag}`);
			for (const m of seen.filter((s) => s.toTag === d.remoteTag))
				assert.equal(index.dialogOf(m.index)?.id, d.id, `message ${m.index}: ${m.startLine}`);
		}
		if (mobile !== null && desk !== null)
			assert.notEqual(
				dialogs.find((d) => d.remoteTag === desk)!.id,
				dialogs.find((d) => d.remoteTag === mobile)!.id,
			);
	});

	if (file.endsWith('bob-mobile.log')) continue; // mobile never sees the call answered
	void test(`${file}: the INVITE is in the dialog its 200 confirmed; ACK, re-INVITE and BYE lead to it`, () => {
		const { analysis, seen, invites, desk } = story(file);
		const { index } = analysis;
		const confirmed = index.dialogs.find((d) => d.remoteTag === desk)!;
		// Established by the 200, ended by the 200 to the BYE.
		assert.equal(confirmed.state, 'terminated');
		const ok = seen.find((m) => m.status === 200 && m.cseq === 1 && m.cseqMethod === 'INVITE')!;
		assert.equal(index.dialogOf(ok.index), confirmed);
		for (const copy of invites) {
			// Every copy of the INVITE that desk's responses answer is in desk's dialog.
			const answered = seen.some(
				(m) => m.toTag === desk && m.status !== null && m.branches[0] === copy.branches[0],
			);
			if (answered) assert.equal(index.dialogOf(copy.index), confirmed, copy.startLine);
		}
		const inDialog = seen.filter(
			(m) => m.method !== null && m.toTag === desk && ['ACK', 'BYE', 'INVITE'].includes(m.method),
		);
		assert.ok(inDialog.some((m) => m.method === 'BYE'));
		for (const m of inDialog) {
			assert.equal(index.dialogOf(m.index), confirmed, m.startLine);
			const message = analysis.messages[m.index]!;
			assert.equal(
				definitionTarget(analysis, message, message.startLine.start),
				origin(seen, m, desk!),
				`definition of ${m.index}: ${m.startLine}`,
			);
		}
		// The ACK of the re-INVITE leads to the re-INVITE, not to the call's first INVITE.
		const reAck = inDialog.find((m) => m.method === 'ACK' && m.cseq === 2)!;
		assert.ok(seen[origin(seen, reAck, desk!)]!.cseq === 2, reAck.startLine);
		// Through the proxy, the proxy's requests to desk lead to the INVITE it sent desk.
		if (!file.includes('sipp'))
			assert.ok(
				inDialog.some((m) =>
					m.method === 'BYE' || (m.method === 'ACK' && m.cseq === 1)
						? origin(seen, m, desk!) !== invites[0]!.index
						: false,
				),
			);
	});
}

for (const file of [
	'forking-call.sip',
	'forking-call.sngrep.txt',
	'forking-call.sipp-bob-mobile.log',
]) {
	void test(`${file}: CANCEL, 487 and the ACK for it belong to the INVITE of the cancelled branch`, () => {
		const { analysis, seen, mobile } = story(file);
		const { index } = analysis;
		const cancel = seen.find((m) => m.method === 'CANCEL')!;
		// RFC 3261 §9.1: the CANCEL's Via is the top Via of the request it cancels.
		const forked = seen.find((m) => m.method === 'INVITE' && m.branches[0] === cancel.branches[0])!;
		const final = seen.find((m) => m.status === 487)!;
		const ack = seen.find((m) => m.method === 'ACK' && m.toTag === mobile)!;
		assert.equal(ack.branches[0], forked.branches[0], 'the ACK for a non-2xx is hop by hop');
		assert.equal(index.requestOf(final.index), forked.index);
		const okCancel = seen.find(
			(m) => m.status === 200 && m.cseq === 1 && m.cseqMethod === 'CANCEL',
		)!;
		assert.equal(index.requestOf(okCancel.index), cancel.index);
		for (const m of [cancel, ack]) {
			assert.equal(index.transactionOf(m.index)?.relatedInvite, forked.index, m.startLine);
			const message = analysis.messages[m.index]!;
			assert.equal(definitionTarget(analysis, message, message.startLine.start), forked.index);
		}
		// The 487 ended mobile's early dialog (RFC 3261 §12.3).
		const dialog = index.dialogs.find((d) => d.remoteTag === mobile)!;
		assert.equal(dialog.state, 'terminated');
		assert.equal(index.dialogOf(final.index), dialog);
	});
}

void test("forking-call.sipp-alice.log: mobile's early dialog stays early, the 487 never reached alice", () => {
	const { analysis, mobile } = story('forking-call.sipp-alice.log');
	assert.equal(analysis.index.dialogs.find((d) => d.remoteTag === mobile)!.state, 'early');
});

for (const file of files.slice(0, 4)) {
	void test(`${file}: the 200 OK desk sent again is a copy, not a second answer`, () => {
		const { analysis, seen } = story(file);
		const { index } = analysis;
		const key = (m: Seen): string => `${m.status} ${m.branches[0]} ${m.cseq} ${m.toTag}`;
		const oks = seen.filter((m) => m.status === 200 && m.cseq === 1 && m.cseqMethod === 'INVITE');
		const first = new Map<string, number>();
		let copies = 0;
		for (const m of oks) {
			const original = first.get(key(m));
			if (original === undefined) {
				first.set(key(m), m.index);
				assert.equal(index.originalOf(m.index), null);
			} else {
				copies++;
				assert.equal(index.originalOf(m.index), original, `copy ${m.index}`);
			}
		}
		// Alice's log and desk's hold one hop, the capture two.
		assert.equal(copies, file.includes('sipp') ? 1 : 2);
		for (const invite of seen.filter((m) => m.method === 'INVITE')) {
			const responses = index.responsesOf(invite.index);
			assert.equal(new Set(responses.map((r) => key(seen[r]!))).size, responses.length);
		}
	});
}

for (const file of ['forking-call.sip', 'forking-call.sngrep.txt', 'forking-call.sipp-alice.log']) {
	void test(`${file}: hover on an ACK says which final response it ends, and that the 200 came again before it`, () => {
		const { seen, desk } = story(file);
		const text = readFileSync(join(dir, file), 'utf8');
		const doc = createTraceDocument(`file:///${file}`, 1, text, undefined);
		const hover = (m: Seen): string => {
			const h = provideHover(doc, { line: m.line, character: 1 });
			return (h?.contents as { value: string } | undefined)?.value ?? '';
		};
		const acks = seen.filter((m) => m.method === 'ACK');
		assert.ok(acks.length >= 2, file);
		for (const ack of acks) {
			const text = hover(ack);
			const invite = seen[origin(seen, ack, desk!)];
			// The ACK of the 487 shares the cancelled INVITE's branch (hop by hop).
			const answered =
				ack.toTag === desk
					? invite
					: seen.find((m) => m.method === 'INVITE' && m.branches[0] === ack.branches[0]);
			assert.ok(answered, `${file}: the INVITE of the ACK at ${ack.line}`);
			const finals = seen.filter(
				(m) =>
					m.status !== null &&
					m.status >= 200 &&
					m.cseqMethod === 'INVITE' &&
					m.cseq === ack.cseq &&
					m.toTag === ack.toTag &&
					m.branches[0] === answered.branches[0],
			);
			const [first, ...again] = finals;
			assert.ok(first, `${file}: the final response the ACK at ${ack.line} ends`);
			assert.ok(
				text.startsWith(`**ACK** of the **${first.status} `),
				`${file} ${ack.line}: ${text}`,
			);
			assert.ok(
				text.includes(`(line ${first.line + 1}) to the INVITE at line ${answered.line + 1}`),
				text,
			);
			// The copies of a 200 sent before the ACK (the trace is in time order within a hop).
			const before = again.filter((m) => m.line < ack.line).length;
			if (first.status === 200 && before)
				assert.ok(text.includes(`the 200 was sent ${before} more time`), text);
			else assert.ok(!text.includes('more time'), text);
			if (first.status !== 200) assert.ok(text.includes('ends the INVITE transaction'), text);
		}
		// The story has both: alice's first ACK came after desk's 200 was sent again.
		assert.ok(
			acks.some((a) => hover(a).includes('more time')),
			file,
		);
	});
}

/** Does `symbol` or one of its descendants start its message at `line`? */
function holds(symbol: DocumentSymbol, line: number): boolean {
	return (
		symbol.selectionRange.start.line === line || (symbol.children ?? []).some((c) => holds(c, line))
	);
}

for (const file of ['forking-call.sip', 'forking-call.sngrep.txt']) {
	void test(`${file}: the outline puts each CANCEL with the INVITE it cancels`, () => {
		const text = readFileSync(join(dir, file), 'utf8');
		const seen = read(text);
		const outline = provideDocumentSymbols(createTraceDocument('file:///f', 1, text, undefined));
		const cancels = seen.filter((m) => m.method === 'CANCEL');
		assert.ok(cancels.length > 0, 'the proxy cancels the phone that did not answer');
		for (const cancel of cancels) {
			// RFC 3261 §9.1: a CANCEL has the top Via branch of the request it cancels.
			const invite = seen.find(
				(m) =>
					m.method === 'INVITE' &&
					m.callId === cancel.callId &&
					m.branches[0] === cancel.branches[0],
			)!;
			const group = outline.find((s) => holds(s, invite.line))!;
			assert.ok(holds(group, cancel.line), `${group.name} holds the CANCEL at line ${cancel.line}`);
		}
	});
}
