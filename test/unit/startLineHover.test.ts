// Hover on start lines, on real traces: a response says what it answers and what came of it (the
// ACK, the retry with credentials, the entity-tag), with the RFC section of its code; a request
// says when it rang and how it ended. Every expected line is read from the fixture's own text
// (start lines, Via branches, CSeq, tags, the addresses sngrep prints), without the analyser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { provideHover } from '../../server/src/features/hover';
import { createTraceDocument } from '../../server/src/traceDocument';
import { readSeen, type Seen } from './seenMessages';

const dir = join(__dirname, '..', 'fixtures', 'real');

function load(file: string) {
	const text = readFileSync(join(dir, file), 'utf8');
	const doc = createTraceDocument(`file:///${file}`, 1, text, undefined);
	const seen = readSeen(text);
	assert.equal(doc.analysis.messages.length, seen.length, file);
	const hover = (m: Seen): string => {
		const h = provideHover(doc, { line: m.line, character: 1 });
		return (h?.contents as { value: string } | undefined)?.value ?? '';
	};
	return { text, seen, hover };
}

/** Both went between the same two addresses (either way); true where the trace gives none. */
const sameHop = (a: Seen, b: Seen): boolean =>
	a.src === null || [a.src, a.dst].sort().join() === [b.src, b.dst].sort().join();

for (const file of ['challenged-call.sngrep.txt', 'challenged-call.sip']) {
	void test(`${file}: a 407 to an INVITE names the INVITE, its ACK and the INVITE re-sent with credentials`, () => {
		const { seen, hover } = load(file);
		const challenges = seen.filter((m) => m.status === 407 && m.cseqMethod === 'INVITE');
		assert.ok(challenges.length >= 2, file);
		for (const c of challenges) {
			const value = hover(c);
			const invite = seen.find((m) => m.method === 'INVITE' && m.branches[0] === c.branches[0])!;
			const ack = seen.find((m) => m.method === 'ACK' && m.branches[0] === c.branches[0])!;
			const retry = seen.find(
				(m) =>
					m.method === 'INVITE' &&
					m.callId === c.callId &&
					m.fromTag === c.fromTag &&
					m.cseq === c.cseq + 1,
			)!;
			assert.ok(
				value.startsWith(
					`**407 Proxy Authentication Required** (Client failure) to the INVITE at line ${invite.line + 1}`,
				),
				value,
			);
			assert.ok(value.includes(`acknowledged by the ACK at line ${ack.line + 1}`), value);
			assert.ok(
				value.includes(`answered by the INVITE re-sent with credentials at line ${retry.line + 1}`),
				value,
			);
			assert.ok(
				value.includes('[RFC 3261 §21.4.8](https://www.rfc-editor.org/rfc/rfc3261#section-21.4.8)'),
				value,
			);
			// The re-sent INVITE says which challenge it answers.
			assert.ok(hover(retry).includes(`after the 407 at line ${c.line + 1}`), hover(retry));
		}
	});

	void test(`${file}: a 200 to an INVITE names the ACK of its own hop; the INVITE says when it rang and ended`, () => {
		const { seen, hover } = load(file);
		const oks = seen.filter((m) => m.status === 200 && m.cseqMethod === 'INVITE');
		assert.ok(oks.length >= 2, file);
		for (const ok of oks) {
			const invite = seen.find((m) => m.method === 'INVITE' && m.branches[0] === ok.branches[0])!;
			// The ACK of a 2xx: its dialog's tags, the INVITE's CSeq number, the same hop, and as many
			// Vias as that INVITE (it goes the same way through the same proxies).
			const ack = seen.find(
				(m) =>
					m.method === 'ACK' &&
					m.callId === ok.callId &&
					m.toTag === ok.toTag &&
					m.cseq === ok.cseq &&
					sameHop(m, invite) &&
					m.branches.length === invite.branches.length,
			)!;
			const value = hover(ok);
			assert.ok(
				value.startsWith(`**200 OK** (Success) to the INVITE at line ${invite.line + 1}`),
				value,
			);
			assert.ok(value.includes(`acknowledged by the ACK at line ${ack.line + 1}`), value);
			const ringing = seen.find((m) => m.status === 180 && m.branches[0] === ok.branches[0])!;
			const request = hover(invite);
			assert.ok(request.includes('**180 Ringing**'), request);
			assert.ok(request.includes(`(line ${ringing.line + 1})`), request);
			assert.ok(request.includes(`final response: **200 OK**`), request);
		}
	});
}

void test('presence-story.sip: the 200 to a PUBLISH gives the entity-tag and lifetime it issued', () => {
	const { text, seen, hover } = load('presence-story.sip');
	const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
	const header = (m: Seen, name: string): string | null => {
		for (let i = m.line + 1; i < lines.length && lines[i] !== ''; i++) {
			const h = new RegExp(`^${name}:\\s*(.*)$`, 'i').exec(lines[i]!);
			if (h) return h[1]!.trim();
		}
		return null;
	};
	const oks = seen.filter((m) => m.status === 200 && m.cseqMethod === 'PUBLISH');
	assert.ok(oks.length >= 2);
	for (const ok of oks) {
		const etag = header(ok, 'SIP-ETag')!;
		const expires = header(ok, 'Expires')!;
		// Expires 0 removes the publication (RFC 3903 §4.5): hoverWording.test.ts.
		if (expires === '0') continue;
		assert.ok(
			hover(ok).includes(`the publication's entity-tag is \`${etag}\`, for ${expires} s`),
			hover(ok),
		);
	}
	for (const ok of seen.filter((m) => m.status === 200 && m.cseqMethod === 'SUBSCRIBE')) {
		const expires = header(ok, 'Expires');
		// Expires 0 accepts an unsubscribe (RFC 6665 §4.1.2.3): hoverWording.test.ts.
		if (expires && expires !== '0')
			assert.ok(hover(ok).includes(`granted for ${expires} s`), hover(ok));
	}
});

for (const file of ['forking-call.sngrep.txt', 'forking-call.sip']) {
	void test(`${file}: a CANCEL names the INVITE it cancels and the 487 that INVITE ended with`, () => {
		const { seen, hover } = load(file);
		const cancel = seen.find((m) => m.method === 'CANCEL')!;
		// RFC 3261 §9.1: a CANCEL's Via is the top Via of the request it cancels.
		const invite = seen.find((m) => m.method === 'INVITE' && m.branches[0] === cancel.branches[0])!;
		const ended = seen.find((m) => m.status === 487 && m.branches[0] === cancel.branches[0])!;
		const value = hover(cancel);
		assert.ok(value.includes(`cancels the INVITE at line ${invite.line + 1}`), value);
		assert.ok(value.includes(`the INVITE ended with **487 `), value);
		assert.ok(value.includes(`(line ${ended.line + 1})`), value);
		assert.ok(!value.includes('too late'), value);
	});
}

for (const file of ['challenged-call.sngrep.txt', 'forking-call.sngrep.txt']) {
	void test(`${file}: a BYE says which call it ends, when that call was answered and who hung up`, () => {
		const { seen, hover } = load(file);
		const byes = seen.filter((m) => m.method === 'BYE');
		assert.ok(byes.length >= 2, file);
		for (const bye of byes) {
			// The answered call: the INVITE on the BYE's hop whose 200 carries the BYE's two tags.
			const answers = seen.filter(
				(m) =>
					m.status === 200 &&
					m.cseqMethod === 'INVITE' &&
					m.callId === bye.callId &&
					[m.fromTag, m.toTag].sort().join() === [bye.fromTag, bye.toTag].sort().join() &&
					sameHop(m, bye),
			);
			const answer = answers[0]!;
			const invite = seen.find(
				(m) => m.method === 'INVITE' && !m.toTag && m.branches[0] === answer.branches[0],
			)!;
			const who = bye.fromTag === invite.fromTag ? 'the caller' : 'the callee';
			const value = hover(bye);
			assert.ok(
				value.includes(
					`ends the call of the INVITE at line ${invite.line + 1}, answered at line ${answer.line + 1}: it lasted `,
				),
				value,
			);
			assert.ok(value.includes(`hung up by ${who}`), value);
		}
	});
}

void test('an unsolicited NOTIFY (no To tag: FreeSWITCH MWI to a phone that never subscribed) is said to be in no subscription', () => {
	const notify = [
		'NOTIFY sip:1000@192.0.2.10:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-mwi1',
		'Max-Forwards: 70',
		'From: <sip:1000@192.0.2.1>;tag=fs1',
		'To: <sip:1000@192.0.2.1>',
		'Call-ID: mwi-1',
		'CSeq: 1 NOTIFY',
		'Event: message-summary',
		'Subscription-State: terminated;reason=noresource',
		'Content-Type: application/simple-message-summary',
		'Content-Length: 23',
		'',
		'Messages-Waiting: no\r\n',
	].join('\r\n');
	const doc = createTraceDocument('file:///mwi.sip', 1, notify, undefined);
	const value = (provideHover(doc, { line: 0, character: 1 })?.contents as { value: string }).value;
	assert.match(value, /unsolicited: no To tag, so in no subscription/);
	assert.doesNotMatch(value, /made before the trace/);
});
