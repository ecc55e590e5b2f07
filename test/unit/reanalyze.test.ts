// After an edit the server re-reads only the messages the edit touched: the result must be
// exactly what analysing the whole new text gives, whatever the edit, in every format.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';
import type { NameAddr, SipMessage, TraceAnalysis } from '../../server/src/core/model';
import { formatEvidenceEnd } from '../../server/src/core/framing/detect';
import { incrementalEditsOf, reanalyzeTrace } from '../../server/src/core/reanalyze';
import { generateTraffic, rng, toHeaderLineText } from '../bench/generate';

const fixtures = join(__dirname, '..', 'fixtures');

const messageFields = [
	'index',
	'frame',
	'kind',
	'startLine',
	'method',
	'requestUri',
	'requestUriSpan',
	'status',
	'reason',
	'callId',
	'cseq',
	'vias',
	'event',
	'subscriptionState',
	'expires',
	'sipETag',
	'sipIfMatch',
	'contentType',
	'contentLength',
	'body',
	'bodyShort',
	'cutShort',
] as const satisfies readonly (keyof SipMessage)[];

const nameAddr = (na: NameAddr | null): unknown =>
	na && {
		displayName: na.displayName,
		uri: na.uri,
		uriSpan: na.uriSpan,
		tag: na.tag,
		params: na.params,
	};

/** Everything a feature can read of an analysis, as plain data. */
function snapshot(a: TraceAnalysis): unknown {
	const replacer = (_key: string, value: unknown): unknown =>
		value instanceof Map ? [...value.entries()] : value instanceof Int32Array ? [...value] : value;
	const { index } = a;
	return JSON.parse(
		JSON.stringify(
			{
				format: a.format,
				frames: a.frames,
				noise: a.noise,
				problems: a.problems,
				messages: a.messages.map((m) => ({
					...Object.fromEntries(messageFields.map((k) => [k, m[k]])),
					headers: m.headers.map((h) => ({ ...h, name: h.name, value: h.value })),
					from: nameAddr(m.from),
					to: nameAddr(m.to),
					links: {
						request: index.requestOf(m.index),
						responses: index.responsesOf(m.index),
						transaction: index.transactionOf(m.index)?.id ?? null,
						dialog: index.dialogOf(m.index)?.id ?? null,
						original: index.originalOf(m.index),
						subscription: index.subscriptionOf(m.index)?.id ?? null,
						publication: index.publicationOf(m.index)?.id ?? null,
						refreshed: index.publishRefreshed(m.index),
						challenge: index.challengeOf(m.index),
						retry: index.retryOf(m.index),
						notifies: index.notifiesOf(m.index),
						publish: index.publishOf(m.index),
						forwardedFrom: index.forwardedFrom(m.index),
						reusedBranch: index.reusedBranchOf(m.index),
						publishes: index.publishesOf(m.index),
						replaces: index.replacesOf(m.index),
						replacedDialog: index.replacedDialog(m.index)?.id ?? null,
						replacedBy: index.replacedBy(m.index),
					},
				})),
				transactions: index.transactions,
				dialogs: index.dialogs,
				subscriptions: index.subscriptions,
				publications: index.publications,
			},
			replacer,
		),
	);
}

/** A trace going well past the head its format is read from, so that edits can be incremental. */
function longTrace(name: string): string {
	const one = readFileSync(join(fixtures, name), 'utf8');
	let text = one;
	while (text.length < formatEvidenceEnd(text) + 100_000) text += one;
	return text;
}

const traces: Record<string, string> = {
	headerLine: toHeaderLineText(generateTraffic(500, 3)),
	sngrep: longTrace('real/presence-story.sngrep.txt'),
	// INVITEs with Replaces and REFERs whose Refer-To carries one.
	'sngrep transfer': longTrace('real/attended-transfer.sngrep.txt'),
	tshark: longTrace('real/presence-story.tshark.txt'),
	sipp: longTrace('real/presence-story.sipp-linda.log'),
	sipdump: longTrace('real/presence-ipv6.sipdump.txt'),
	ngrep: longTrace('real/presence-story.ngrep.txt'),
	tcpdump: longTrace('real/presence-ipv6.tcpdump.txt'),
	raw: longTrace('real/presence-story.sip'),
	pjsipLogger: longTrace('formats/pjsip-logger.log'),
	sofia: longTrace('formats/sofia.log'),
	// FreeSWITCH's dated log lines between its trace's stamps, which date the stamps below them.
	'sofia dated': longTrace('formats/public/freeswitch-esl-log-data-ack-invite-100.txt'),
	escaped: longTrace('formats/syslog-escaped.log'),
	logcat: longTrace('formats/logcat.txt'),
	homer: longTrace('formats/homer.txt'),
};

/** The first place two snapshots differ, as a path with both values; null when equal. */
function firstDifference(a: unknown, b: unknown, path = ''): string | null {
	if (a === b) return null;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
		return `${path}: ${JSON.stringify(a)?.slice(0, 300)} != ${JSON.stringify(b)?.slice(0, 300)}`;
	const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
	for (const k of keys) {
		const d = firstDifference(
			(a as Record<string, unknown>)[k],
			(b as Record<string, unknown>)[k],
			`${path}.${k}`,
		);
		if (d) return d;
	}
	return null;
}

/** An edit of `text` near `at`; `a` is the analysis of `text`, to aim at a message's parts. */
type Edit = (text: string, at: number, rand: () => number, a: TraceAnalysis) => string;

const lineStart = (text: string, at: number): number => text.lastIndexOf('\n', at - 1) + 1;

/** The first message at or after `at` that `test` accepts, else the first anywhere, else null. */
function messageNear(
	a: TraceAnalysis,
	at: number,
	test: (m: SipMessage) => boolean,
): SipMessage | null {
	const after = a.messages.find((m) => m.frame.span.start >= at && test(m));
	return after ?? a.messages.find(test) ?? null;
}

/** `text` with `insert` put into the value of one of `m`'s headers named `keys`, if it has one. */
function editValue(
	text: string,
	a: TraceAnalysis,
	at: number,
	rand: () => number,
	keys: readonly string[],
	insert: string,
): string {
	const has = (m: SipMessage): boolean => m.headers.some((h) => keys.includes(h.key));
	const m = messageNear(a, at, has);
	if (!m) return text.slice(0, at) + insert + text.slice(at);
	const rows = m.headers.filter((h) => keys.includes(h.key));
	const h = rows[Math.floor(rand() * rows.length)]!;
	const p = Math.max(h.value.start, h.value.end - 1);
	return text.slice(0, p) + insert + text.slice(p);
}

// Headers the index does not read, and headers it does.
const unreadHeaders = ['subject', 'user-agent', 'max-forwards', 'allow', 'supported', 'contact'];
const readHeaders = [
	'replaces',
	'refer-to',
	'expires',
	'event',
	'subscription-state',
	'sip-if-match',
	'sip-etag',
	'call-id',
	'cseq',
	'via',
	'from',
	'to',
];
const edits: Record<string, Edit> = {
	typeCharacter: (t, at) => t.slice(0, at) + 'X' + t.slice(at),
	deleteCharacters: (t, at, r) => t.slice(0, at) + t.slice(at + 1 + Math.floor(r() * 40)),
	insertLine: (t, at) => {
		const s = lineStart(t, at);
		return t.slice(0, s) + 'Subject: inserted\r\n' + t.slice(s);
	},
	deleteLines: (t, at, r) => {
		const s = lineStart(t, at);
		let e = s;
		for (let k = 1 + Math.floor(r() * 30); k > 0 && e < t.length; k--)
			e = t.indexOf('\n', e) + 1 || t.length;
		return t.slice(0, s) + t.slice(e);
	},
	duplicateBlock: (t, at, r) => {
		const s = lineStart(t, at);
		const e = Math.min(t.length, s + 200 + Math.floor(r() * 3000));
		return t.slice(0, e) + t.slice(s, e) + t.slice(e);
	},
	changeDigit: (t, at) => {
		const d = t.indexOf('Content-Length: ', at);
		if (d < 0) return t.slice(0, at) + '7' + t.slice(at);
		const p = d + 'Content-Length: '.length;
		return t.slice(0, p) + '9' + t.slice(p);
	},
	// A header line with a fault of the message's own (a Date not in GMT), for lint to find.
	insertBadDate: (t, at) => {
		const s = lineStart(t, at);
		return t.slice(0, s) + 'Date: Tue, 01 Dec 2026 10:00:00 CET\r\n' + t.slice(s);
	},
	binaryJunk: (t, at) => t.slice(0, at) + '\u0000\u00ff\ufffd\r\r\n' + t.slice(at),
	appendAtEnd: (t) => t + t.slice(0, 2000),
	// Edits that change nothing the index reads: it is kept, and must answer as a new one would.
	wordInBody: (t, at, _r, a) => {
		const m = messageNear(a, at, (m) => m.body !== null && m.body.end - m.body.start > 3);
		if (!m) return t.slice(0, at) + 'x' + t.slice(at);
		const p = (m.body!.start + m.body!.end) >> 1;
		return t.slice(0, p) + 'word' + t.slice(p);
	},
	noteBetweenMessages: (t, at, _r, a) => {
		const p = messageNear(a, at, () => true)?.frame.span.start ?? lineStart(t, at);
		return t.slice(0, p) + 'called back, no answer\n' + t.slice(p);
	},
	unreadHeader: (t, at, r, a) => editValue(t, a, at, r, unreadHeaders, '7'),
	// Edits of what the index reads: it is built again.
	readHeader: (t, at, r, a) => editValue(t, a, at, r, readHeaders, 'y'),
};

for (const [format, base] of Object.entries(traces)) {
	test(`edits of a ${format} trace: re-reading only what changed gives the whole analysis`, () => {
		const rand = rng(format.length * 7919);
		let previous = analyzeTrace(base);
		let text = base;
		let reused = 0;
		let indexKept = 0;
		let indexBuilt = 0;
		const names = Object.keys(edits);
		// The escaped trace needs 2 MB before its head ends (3,000 long lines): fewer steps.
		const steps = format === 'escaped' ? 8 : 16;
		for (let step = 0; step < steps; step++) {
			const name = names[Math.floor(rand() * names.length)]!;
			// Past the head, where reuse applies; now and then at the very start, where it must not.
			const head = formatEvidenceEnd(text);
			const at =
				step % 7 === 5
					? Math.floor(rand() * 100)
					: head + Math.floor(rand() * (text.length - head));
			const next = edits[name]!(text, at, rand, previous);
			const incremental = reanalyzeTrace(previous, next);
			if (incremental.messages[0] === previous.messages[0]) reused++;
			if (incremental.index.transactions === previous.index.transactions) indexKept++;
			else indexBuilt++;
			assert.equal(
				firstDifference(snapshot(incremental), snapshot(analyzeTrace(next))),
				null,
				`${format}, step ${step}: ${name} at ${at}`,
			);
			previous = incremental;
			text = next;
		}
		// The comparison above is only worth something if edits were in fact handled incrementally.
		assert.ok(reused >= steps / 3, `only ${reused} of ${steps} edits reused the analysis`);
		// Both ways to the index were taken: kept, and built again.
		assert.ok(indexKept > 0 && indexBuilt > 0, `index kept ${indexKept}, built ${indexBuilt}`);
	});
}

test('an edit deep in a trace keeps the messages before it and reads again only the ones it touched', () => {
	const text = traces.headerLine!;
	const before = analyzeTrace(text);
	const target = before.messages[300]!;
	const at = target.startLine.end - 3;
	const after = reanalyzeTrace(before, text.slice(0, at) + 'Z' + text.slice(at));
	assert.equal(after.messages.length, before.messages.length);
	// Kept as they were, not read again.
	assert.equal(incrementalEditsOf(after), 1);
	assert.equal(after.messages[0], before.messages[0]);
	assert.equal(after.messages[290], before.messages[290]);
	// Read again: the edited message, with its new text.
	assert.notEqual(after.messages[300], before.messages[300]);
	assert.match(
		after.text.slice(after.messages[300]!.startLine.start, after.messages[300]!.startLine.end),
		/Z/,
	);
	// Moved by one character, same message.
	assert.equal(after.messages[400]!.startLine.start, before.messages[400]!.startLine.start + 1);
	assert.equal(after.messages[400]!.callId, before.messages[400]!.callId);
});

test("lint after an edit reuses the problems of a message's own it found in the messages the edit did not touch", () => {
	const badDate = 'Date: Tue, 01 Dec 2026 10:00:00 CET\r\n';
	/** `text` with a bad Date line after the start line of message `k` of `a`. */
	const withBadDate = (a: TraceAnalysis, k: number): string => {
		const at = a.messages[k]!.startLine.end + 2;
		return a.text.slice(0, at) + badDate + a.text.slice(at);
	};
	const dateProblem = (a: TraceAnalysis, k: number) => {
		const { span } = a.messages[k]!.frame;
		return a.problems.find(
			(p) => p.code === 'header.bad-date' && p.span.start >= span.start && p.span.end <= span.end,
		);
	};
	const plain = analyzeTrace(traces.headerLine!);
	// Three messages that are not copies of others (a copy's problems are reported on the first).
	const [early, edited, late] = [100, 250, 400].map((k) => {
		while (plain.index.originalOf(k) !== null) k++;
		return k;
	}) as [number, number, number];
	const before = analyzeTrace(withBadDate(analyzeTrace(withBadDate(plain, late)), early));
	const earlyProblem = dateProblem(before, early)!;
	const lateProblem = dateProblem(before, late)!;
	assert.ok(earlyProblem && lateProblem);
	assert.equal(dateProblem(before, edited), undefined);

	// An edit that gives message `edited` a problem of its own.
	const after = reanalyzeTrace(before, withBadDate(before, edited));
	assert.equal(incrementalEditsOf(after), 1);
	assert.deepEqual(after.problems, analyzeTrace(after.text).problems);
	// Before the edit: the same problem object; after it: the same problem, moved with its message.
	assert.equal(dateProblem(after, early), earlyProblem);
	const movedProblem = dateProblem(after, late)!;
	assert.notEqual(movedProblem, lateProblem);
	assert.deepEqual(movedProblem, {
		...lateProblem,
		span: {
			start: lateProblem.span.start + badDate.length,
			end: lateProblem.span.end + badDate.length,
		},
	});
	// The edited message: linted again, its new line found.
	const fresh = dateProblem(after, edited)!;
	assert.equal(after.text.slice(fresh.span.start, fresh.span.end), 'Tue, 01 Dec 2026 10:00:00 CET');

	// An edit that takes the problem away again.
	const line = after.text.lastIndexOf(badDate, fresh.span.end);
	const undone = after.text.slice(0, line) + after.text.slice(line + badDate.length);
	const again = reanalyzeTrace(after, undone);
	assert.equal(incrementalEditsOf(again), 2);
	assert.deepEqual(again.problems, analyzeTrace(undone).problems);
	assert.equal(dateProblem(again, edited), undefined);
	assert.equal(dateProblem(again, early), earlyProblem);
	assert.deepEqual(dateProblem(again, late), lateProblem);
});

test('an edit that makes a Content-Length reach past the messages read again is read as a whole analysis reads it', () => {
	// A digit put before a body's length: its octets now run over the next messages, further than
	// the frames read again around the edit, and the whole text may hold them. The body's type made
	// a sipfrag too, which may hold a start line (RFC 3420): a length never reaches over another
	// body's next start line after an empty line (a page that left the body out).
	const base = traces.raw!;
	const previous = analyzeTrace(base);
	let swallowing = 0;
	const head = formatEvidenceEnd(base);
	const bodies = previous.messages.filter(
		(x) => x.body && x.contentLength! > 0 && x.frame.span.start > head,
	);
	// One round of the story's messages with a body (the trace repeats it).
	for (const m of bodies.slice(0, 16)) {
		const at = base.indexOf('Content-Length: ', m.startLine.end) + 'Content-Length: '.length;
		const type = base.indexOf('Content-Type: ', m.startLine.end) + 'Content-Type: '.length;
		const typeEnd = base.indexOf('\r\n', type);
		// Both edits, the later one first, so that the earlier one's offsets still hold.
		const edits: [number, number, string][] = [
			[at, at, '9'],
			[type, typeEnd, 'message/sipfrag'],
		];
		let next = base;
		for (const [from, to, put] of edits.sort((a, b) => b[0] - a[0]))
			next = next.slice(0, from) + put + next.slice(to);
		const whole = analyzeTrace(next);
		if (whole.messages.length < previous.messages.length) swallowing++;
		assert.equal(
			firstDifference(snapshot(reanalyzeTrace(previous, next)), snapshot(whole)),
			null,
			`edit at ${at}`,
		);
	}
	assert.ok(swallowing > 0, 'no edit made a message take in the ones after it');
});

test('an edit in the head of a trace, where its format is read from, analyses it afresh', () => {
	const text = traces.headerLine!;
	const before = analyzeTrace(text);
	const after = reanalyzeTrace(before, 'X' + text);
	assert.notEqual(after.messages.at(-1), before.messages.at(-1));
	assert.equal(incrementalEditsOf(after), 0);
	assert.equal(firstDifference(snapshot(after), snapshot(analyzeTrace('X' + text))), null);
});

/**
 * `trace` repeated past the head the format is read from; in up to `most` of its messages read in
 * pieces past their span (`Frame.rest`), a character typed near the end of the last piece: each
 * edit read again as a whole analysis reads it.
 */
function editsInRestReadWhole(trace: string, most: number): void {
	let base = trace;
	while (base.length < formatEvidenceEnd(base) + 100_000) base += trace;
	const previous = analyzeTrace(base);
	const far = previous.messages.filter(
		(m) => m.frame.rest && m.frame.span.start > formatEvidenceEnd(base),
	);
	assert.ok(far.length > 2);
	for (const m of far.slice(0, most)) {
		const rest = m.frame.rest!.at(-1)!;
		const at = rest.end - 20;
		const next = base.slice(0, at) + 'X' + base.slice(at);
		assert.equal(
			firstDifference(snapshot(reanalyzeTrace(previous, next)), snapshot(analyzeTrace(next))),
			null,
			`edit at ${at}`,
		);
	}
}

test('tcpdump over TCP: an edit in the rest of a message read behind other messages is read as a whole analysis reads it', () => {
	// real/tcp-ipv6: two PUBLISHes whose segments take turns. The first one's last segment moved
	// after the second PUBLISH and its 200: its rest lies several messages past its frame.
	const one = readFileSync(join(fixtures, 'real/tcp-ipv6.tcpdump.txt'), 'utf8');
	const packet = (head: string): [number, number] => {
		const start = one.lastIndexOf('\n', one.indexOf(head)) + 1;
		return [start, one.indexOf('\n2026-', start) + 1];
	};
	const [restStart, restEnd] = packet('::1.15064 > ::1.15060: Flags [P.], seq 2857:2962');
	const [, okEnd] = packet('::1.15060 > ::1.15064: Flags [P.], seq 1:254');
	const moved =
		one.slice(0, restStart) +
		one.slice(restEnd, okEnd) +
		one.slice(restStart, restEnd) +
		one.slice(okEnd);
	editsInRestReadWhole(moved, Infinity);
});

test("ngrep over TCP: an edit in the rest of a message read behind other connections' packets is read as a whole analysis reads it", () => {
	// real/tcp-turns: NOTIFYs to four watchers, their segments taking turns.
	editsInRestReadWhole(readFileSync(join(fixtures, 'real/tcp-turns.ngrep.txt'), 'utf8'), 6);
});

test('tcpdump over TCP: an edit that touches no continuation may still complete a message before it, as a whole analysis reads it', () => {
	// real/tcp-story without the INVITE's second segment: the INVITE is cut, its look for the
	// segment found none. Pasting that segment back, behind the server's answers and before the
	// ACK, touches only packets past the INVITE's frame, yet the INVITE is read whole again.
	const story = readFileSync(join(fixtures, 'real/tcp-story.tcpdump.txt'), 'utf8');
	const packet = (head: string): [number, number] => {
		const start = story.lastIndexOf('\n', story.indexOf(head)) + 1;
		return [start, story.indexOf('\n14:', start) + 1];
	};
	const [segStart, segEnd] = packet('> 127.0.0.1.15060: Flags [P.], seq 1449:1723');
	const [ackStart] = packet('> 127.0.0.1.15060: Flags [P.], seq 1723:');
	assert.ok(segEnd < ackStart);
	const segment = story.slice(segStart, segEnd);
	const without = story.slice(0, segStart) + story.slice(segEnd);
	let base = without;
	while (base.length < formatEvidenceEnd(base) + 50_000) base += without;
	const previous = analyzeTrace(base);
	// The last copy's INVITE, cut; the segment pasted before that copy's ACK.
	const invites = previous.messages.filter((m) => m.method === 'INVITE');
	const cut = invites.at(-1)!;
	assert.ok(cut.bodyShort && cut.frame.span.start > formatEvidenceEnd(base));
	const at = base.lastIndexOf(story.slice(ackStart, ackStart + 200));
	assert.ok(at > cut.frame.span.end);
	const next = base.slice(0, at) + segment + base.slice(at);
	const whole = analyzeTrace(next);
	const joined = whole.messages[cut.index]!;
	assert.equal(joined.method, 'INVITE');
	assert.equal(joined.bodyShort, false);
	assert.ok(joined.frame.rest, 'read over the pasted segment, behind the answers');
	assert.equal(firstDifference(snapshot(reanalyzeTrace(previous, next)), snapshot(whole)), null);
});

test('an edit of a body keeps the correlation index; one of a Call-ID or a CSeq builds it again', () => {
	const text = traces.headerLine!;
	const before = analyzeTrace(text);
	const edit = (at: number, insert: string): string => text.slice(0, at) + insert + text.slice(at);

	// A word in the middle of a body, and a note typed between two messages.
	const withBody = before.messages.find(
		(m) => m.index > 250 && m.body && m.body.end > m.body.start,
	)!;
	const middle = (withBody.body!.start + withBody.body!.end) >> 1;
	const note = before.messages[200]!.frame.span.start;
	for (const next of [edit(middle, 'word'), edit(note, 'called back, no answer\n')]) {
		const after = reanalyzeTrace(before, next);
		assert.equal(incrementalEditsOf(after), 1);
		assert.equal(after.index.transactions, before.index.transactions);
		assert.equal(after.index.dialogs, before.index.dialogs);
		assert.equal(after.index.subscriptions, before.index.subscriptions);
		assert.equal(firstDifference(snapshot(after), snapshot(analyzeTrace(next))), null);
	}

	// An in-dialog request given another Call-ID leaves its dialog.
	const bye = before.messages.find((m) => m.index > 250 && m.method === 'BYE')!;
	const callId = bye.header('call-id')!.value;
	const renamed = reanalyzeTrace(before, edit(callId.end, 'x'));
	assert.notEqual(renamed.index.transactions, before.index.transactions);
	assert.ok(before.index.dialogOf(bye.index));
	assert.notEqual(renamed.index.dialogOf(bye.index)?.id, before.index.dialogOf(bye.index)!.id);
	assert.equal(
		firstDifference(snapshot(renamed), snapshot(analyzeTrace(edit(callId.end, 'x')))),
		null,
	);

	// A response given another CSeq number still answers its request, by its Via branch (RFC 3261
	// §17.1.3), and the number not copied is said.
	const ok = before.messages.find((m) => m.index > 250 && m.status === 200)!;
	assert.notEqual(before.index.requestOf(ok.index), null);
	const seq = ok.header('cseq')!.value;
	const next = edit(seq.start, '9');
	const renumbered = reanalyzeTrace(before, next);
	assert.equal(incrementalEditsOf(renumbered), 1);
	assert.notEqual(renumbered.index.transactions, before.index.transactions);
	assert.equal(renumbered.index.requestOf(ok.index), before.index.requestOf(ok.index));
	assert.ok(
		renumbered.problems.some(
			(p) => p.code === 'response.cseq-mismatch' && p.span.start === seq.start,
		),
	);
	assert.equal(firstDifference(snapshot(renumbered), snapshot(analyzeTrace(next))), null);
});

test('a kept index answers where the messages now stand: a Replaces and the problems it adds move with the edit', () => {
	// Replaces (INVITEs and REFERs of an attended transfer) and a stale SIP-If-Match (presence).
	// The last PUBLISH (a copy of an earlier one, given a branch of its own) names an entity-tag
	// no 2xx issued.
	const presence = traces.sngrep!;
	const ifMatch = presence.lastIndexOf('SIP-If-Match: ') + 'SIP-If-Match: '.length;
	const branch = presence.lastIndexOf(';branch=z9hG4bK', ifMatch) + ';branch=z9hG4bK'.length;
	const unknownTag =
		presence.slice(0, branch) +
		'own' +
		presence.slice(branch, ifMatch) +
		'unknown' +
		presence.slice(ifMatch);
	for (const [name, text] of [
		['transfer', traces['sngrep transfer']!],
		['presence', unknownTag],
	] as const) {
		const before = analyzeTrace(text);
		const head = formatEvidenceEnd(text);
		const first = before.messages.find((m) => m.frame.span.start > head)!;
		const at = first.frame.span.start;
		const next = text.slice(0, at) + 'called back, no answer\n' + text.slice(at);
		const after = reanalyzeTrace(before, next);
		assert.equal(after.index.dialogs, before.index.dialogs, name);
		const moved = after.messages.filter(
			(m) => m.index > first.index && after.index.replacesOf(m.index),
		);
		const stale = after.problems.filter((p) => p.code.startsWith('publish.') && p.span.start > at);
		assert.ok(moved.length + stale.length > 0, name);
		for (const m of moved)
			assert.equal(
				after.index.replacesOf(m.index)!.span.start,
				before.index.replacesOf(m.index)!.span.start + 'called back, no answer\n'.length,
			);
		assert.equal(firstDifference(snapshot(after), snapshot(analyzeTrace(next))), null, name);
	}
});

test("an edit of a resource list NOTIFY's RLMI that changes the members it carries builds the index again", () => {
	// The story again and again, each time its own calls (not copies of the first time's).
	const one = readFileSync(join(fixtures, 'real/rls-story.sip'), 'utf8');
	let text = one;
	for (let k = 1; text.length < formatEvidenceEnd(text) + 100_000; k++)
		text += one
			.replaceAll('Call-ID: ', `Call-ID: r${k}-`)
			.replaceAll('branch=z9hG4bK', `branch=z9hG4bK${k}r`);
	const before = analyzeTrace(text);
	// A list NOTIFY late in the trace whose RLMI gives two members a part (each time's
	// publications stay live: it carries them all).
	const list = [...before.messages]
		.reverse()
		.find(
			(m) => m.contentType === 'multipart/related' && before.index.publishesOf(m.index).length >= 2,
		)!;
	assert.ok(list.frame.span.start > formatEvidenceEnd(text));
	assert.ok(list, 'a list NOTIFY carrying two members');
	// Its first instance's `cid` renamed: that member carries no part, its PUBLISH is not carried.
	const cid = text.indexOf(' cid=', list.body!.start);
	assert.ok(cid > 0 && cid < list.body!.end);
	const next = `${text.slice(0, cid)} xid=${text.slice(cid + 5)}`;
	const after = reanalyzeTrace(before, next);
	assert.equal(incrementalEditsOf(after), 1);
	// linda's PUBLISH is carried no more.
	assert.notDeepEqual(
		[...after.index.publishesOf(list.index)],
		[...before.index.publishesOf(list.index)],
	);
	assert.equal(firstDifference(snapshot(after), snapshot(analyzeTrace(next))), null);
});
