// The calls of test/fixtures/real/challenged-call.* (Kamailio answers alice's INVITE with a 407
// Digest challenge; she ACKs it and sends the INVITE again with credentials; bob answers the
// first call and refuses the second with 486): which messages make a dialog (RFC 3261 §12.1),
// where the challenge and its ACK belong, and what the outline shows. Every expected value is
// read from the fixture's own text, without the analyser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentSymbol } from 'vscode-languageserver';
import { analyzeTrace } from '../../server/src/core';
import { createTraceDocument } from '../../server/src/traceDocument';
import { provideDocumentSymbols } from '../../server/src/features/documentSymbols';
import { definitionTarget } from '../../server/src/features/definition';
import { readSeen, type Seen } from './seenMessages';

const dir = join(__dirname, '..', 'fixtures', 'real');

const files = [
	'challenged-call.sip',
	'challenged-call.sngrep.txt',
	'challenged-call.sipp-alice-1.log',
	'challenged-call.sipp-alice-2.log',
	'challenged-call.sipp-bob.log',
];

/** The dialogs the text shows: Call-ID and To tag of each 101-299 response to an INVITE. */
function dialogsSeen(seen: readonly Seen[]): Set<string> {
	return new Set(
		seen
			.filter((m) => m.status !== null && m.status > 100 && m.status < 300)
			.filter((m) => m.cseqMethod === 'INVITE' && m.toTag)
			.map((m) => `${m.callId} ${m.toTag}`),
	);
}

for (const file of files) {
	const text = readFileSync(join(dir, file), 'utf8');
	const seen = readSeen(text);

	void test(`${file}: only answered calls are dialogs; a challenge or a refusal makes none`, () => {
		const { index, messages } = analyzeTrace(text);
		assert.equal(messages.length, seen.length);
		const expected = dialogsSeen(seen);
		assert.deepEqual(
			new Set(index.dialogs.map((d) => `${d.callId} ${d.remoteTag}`)),
			expected,
			'one dialog per To tag of a provisional or 2xx response to INVITE',
		);
		for (const m of seen) {
			const refusal = m.status !== null && m.status >= 300;
			const ackOfRefusal =
				m.method === 'ACK' &&
				seen.some((r) => r.status !== null && r.status >= 300 && r.toTag === m.toTag);
			if (refusal || ackOfRefusal)
				assert.equal(index.dialogOf(m.index), null, `${m.line}: ${m.startLine}`);
		}
	});

	void test(`${file}: a challenge's ACK leads to its INVITE, a re-sent INVITE to the challenge`, () => {
		const analysis = analyzeTrace(text);
		for (const ack of seen.filter((m) => m.method === 'ACK' && m.cseq === 1)) {
			// The ACK of a 407 repeats the INVITE's branch (§17.1.1.3).
			const invite = seen.find((m) => m.method === 'INVITE' && m.branches[0] === ack.branches[0])!;
			assert.equal(definitionTarget(analysis, analysis.messages[ack.index]!, 0), invite.index);
		}
		// alice's INVITE sent again (not the proxy's copy of it: one Via more, no credentials).
		for (const challenge of seen.filter((m) => m.status === 407)) {
			const retry = seen.find(
				(m) =>
					m.method === 'INVITE' &&
					m.cseq === 2 &&
					m.callId === challenge.callId &&
					m.branches.length === challenge.branches.length,
			);
			if (retry)
				assert.equal(analysis.index.challengeOf(retry.index), challenge.index, retry.startLine);
		}
	});
}

void test('challenged-call.sip: the outline shows one dialog, the answered call, as one group', () => {
	const text = readFileSync(join(dir, 'challenged-call.sip'), 'utf8');
	const doc = createTraceDocument('file:///challenged-call.sip', 1, text, undefined);
	const symbols = provideDocumentSymbols(doc);
	const seen = readSeen(text);
	const answered = seen.find((m) => m.status === 200 && m.cseqMethod === 'INVITE')!;
	const groups = symbols.filter((s) => s.name.startsWith('INVITE ') && s.children?.length);
	const dialogGroups = groups.filter((s) => s.name === `INVITE ${answered.callId}`);
	assert.equal(dialogGroups.length, 1, groups.map((s: DocumentSymbol) => s.name).join(', '));
	// Nothing of the refused call is grouped as a dialog.
	const refused = seen.find((m) => m.status === 486)!;
	assert.equal(
		symbols.some((s) => s.name === `INVITE ${refused.callId}`),
		false,
	);
});
