// Message waiting (RFC 3842): application/simple-message-summary bodies decoded as §5.2's grammar
// says, checked by lint, named in the outline and shown on hover; on the real voicemail lamp of
// test/fixtures/real/mwi-story.sip (Kamailio presence_mwi, SIPp phone and voicemail server;
// test/fixtures/README.md). Expected values on the fixture are read from its own text (start
// lines, Call-ID, CSeq, bodies), without the analyser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import { decodeBody } from '../../server/src/core/bodies/decodeBody';
import {
	decodeMessageSummary,
	diffMessageSummaries,
} from '../../server/src/core/bodies/messageSummary';
import { createTraceDocument } from '../../server/src/traceDocument';
import { provideHover } from '../../server/src/features/hover';
import { messageTitle } from '../../server/src/features/messageNames';
import { provideDocumentSymbols } from '../../server/src/features/documentSymbols';

const crlf = (...lines: string[]): string => lines.map((l) => `${l}\r\n`).join('');

void test("RFC 3842 §3.5's example body: waiting, account, voice 2 new 8 old (0/2 urgent)", () => {
	const { summary, problems } = decodeMessageSummary(
		crlf(
			'Messages-Waiting: yes',
			'Message-Account: sip:alice@vmail.example.com',
			'Voice-Message: 2/8 (0/2)',
		),
	);
	assert.deepEqual(problems, []);
	assert.deepEqual(summary, {
		waiting: true,
		account: 'sip:alice@vmail.example.com',
		counts: [{ messageClass: 'voice', newCount: 2, oldCount: 8, urgentNew: 0, urgentOld: 2 }],
		messages: [],
	});
});

void test("RFC 3842 §3.5's body with the new messages' headers after the summary (opt-msg-headers)", () => {
	const { summary, problems } = decodeMessageSummary(
		crlf(
			'Messages-Waiting: yes',
			'Message-Account: sip:alice@vmail.example.com',
			'Voice-Message: 4/8 (1/2)',
			'',
			'To: <alice@atlanta.example.com>',
			'From: <bob@biloxi.example.com>',
			'Subject: carpool tomorrow?',
			'Priority: normal',
			'',
			'To: <alice@atlanta.example.com>',
			'From: <carol@chicago.example.com>',
			'Subject: HELP! at home',
			'Priority: urgent',
		),
	);
	assert.deepEqual(problems, []);
	assert.equal(summary.counts[0]!.urgentNew, 1);
	assert.equal(summary.messages.length, 2);
	assert.deepEqual(summary.messages[1]!.slice(1, 3), [
		['From', '<carol@chicago.example.com>'],
		['Subject', 'HELP! at home'],
	]);
});

void test('every class of RFC 3458 §6.2, names in any case, LF-only lines, no urgent counts', () => {
	const { summary, problems } = decodeMessageSummary(
		[
			'messages-waiting:NO',
			'VOICE-MESSAGE: 0/3',
			'fax-message : 1 / 2',
			'Pager-Message: 0/0 ( 0 / 0 )',
			'Multimedia-Message: 5/6 (1/0)',
			'Text-Message: 7/0',
			'None: 0/0',
			'',
		].join('\n'),
	);
	assert.deepEqual(problems, []);
	assert.equal(summary.waiting, false);
	assert.equal(summary.account, null);
	assert.deepEqual(
		summary.counts.map((c) => [c.messageClass, c.newCount, c.oldCount, c.urgentNew, c.urgentOld]),
		[
			['voice', 0, 3, null, null],
			['fax', 1, 2, null, null],
			['pager', 0, 0, 0, 0],
			['multimedia', 5, 6, 1, 0],
			['text', 7, 0, null, null],
			['none', 0, 0, null, null],
		],
	);
});

void test('what does not follow §5.2 is a problem, and what can be read is still read', () => {
	const cases: [string, RegExp][] = [
		[crlf('Voice-Message: 2/8'), /no Messages-Waiting line/],
		[crlf('Messages-Waiting: maybe', 'Voice-Message: 2/8'), /not yes or no/],
		[crlf('Messages-Waiting: yes', 'Voice-Message: 2'), /count is not new\/old/],
		[crlf('Messages-Waiting: yes', 'Voice-Message: 2/8 (1)'), /count is not new\/old/],
		[crlf('Messages-Waiting: yes', 'Voice-Message: two/8'), /count is not new\/old/],
		[crlf('Messages-Waiting: yes', 'Voice-Message: 4294967296/0'), /exceeds 2\^32-1/],
		[crlf('Messages-Waiting: yes', 'Video-Message: 1/0'), /not a message context class/],
		[crlf('Messages-Waiting: yes', 'lamp on'), /not a summary line/],
		[crlf('Message-Account: sip:a@b', 'Messages-Waiting: yes'), /not the first line/],
		[crlf('Messages-Waiting: yes', 'Messages-Waiting: no'), /more than once/],
		[crlf('Messages-Waiting: yes', '', 'no header here'), /not a message header/],
	];
	for (const [body, problem] of cases) {
		const { problems } = decodeMessageSummary(body);
		assert.ok(
			problems.some((p) => problem.test(p) && p.includes('RFC 3')),
			`${JSON.stringify(body)}: ${problems.join(' | ')}`,
		);
	}
	const partial = decodeMessageSummary(crlf('Messages-Waiting: yes', 'junk', 'Fax-Message: 1/0'));
	assert.equal(partial.summary.waiting, true);
	assert.deepEqual(
		partial.summary.counts.map((c) => c.messageClass),
		['fax'],
	);
});

void test('junk never throws: random bytes, lone CRs, huge lines', () => {
	let seed = 7;
	const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
	const alphabet = 'Messages-Waiting: yes/no()0123456789\r\n\t :/;<>@\u0000é';
	for (let n = 0; n < 500; n++) {
		let body = '';
		const length = Math.floor(random() * 200);
		for (let i = 0; i < length; i++) body += alphabet[Math.floor(random() * alphabet.length)];
		const { summary, problems } = decodeMessageSummary(body);
		assert.ok(Array.isArray(problems) && Array.isArray(summary.counts));
	}
	const huge = decodeMessageSummary(`Messages-Waiting: yes\r\nVoice-Message: ${'9'.repeat(1e6)}/0`);
	assert.ok(huge.problems.length > 0);
	assert.ok(decodeMessageSummary('\r\r\r').problems.length > 0);
	// A megabyte of junk lines: a few problems and how many more, not one per line.
	const junk = decodeMessageSummary('x\r\n'.repeat(300_000));
	assert.equal(junk.problems.length, 6);
	assert.match(junk.problems[5]!, /^29\d{4} more problems$/);
});

void test('the change between two summaries is said per field', () => {
	const before = decodeMessageSummary(crlf('Messages-Waiting: yes', 'Voice-Message: 2/8 (0/2)'));
	const after = decodeMessageSummary(
		crlf('Messages-Waiting: no', 'Voice-Message: 0/10 (0/2)', 'Fax-Message: 0/1'),
	);
	assert.deepEqual(diffMessageSummaries(before.summary, after.summary), [
		'waiting yes → no',
		'voice new 2 → 0, old 8 → 10',
		'fax old 0 → 1',
	]);
	assert.deepEqual(diffMessageSummaries(after.summary, after.summary), []);
});

/** A NOTIFY carrying `body`, with or without a Content-Type. */
function notify(body: string, contentType: string | null = 'application/simple-message-summary') {
	return [
		'NOTIFY sip:1000@192.0.2.10:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-mwi1',
		'Max-Forwards: 70',
		'From: <sip:1000@example.com>;tag=vm1',
		'To: <sip:1000@example.com>;tag=ph1',
		'Call-ID: mwi-1@192.0.2.1',
		'CSeq: 7 NOTIFY',
		'Event: message-summary',
		'Subscription-State: active;expires=3600',
		...(contentType ? [`Content-Type: ${contentType}`] : []),
		`Content-Length: ${Buffer.byteLength(body)}`,
		'',
		body,
	].join('\r\n');
}

void test('decodeBody reads a message-summary by its Content-Type, and sniffs one without', () => {
	const body = crlf('Messages-Waiting: yes', 'Voice-Message: 1/0');
	for (const type of ['application/simple-message-summary', null]) {
		const text = notify(body, type);
		const a = analyzeTrace(text);
		const decoded = decodeBody(text, a.messages[0]!);
		assert.equal(decoded.kind, 'message-summary', String(type));
		assert.ok(decoded.kind === 'message-summary' && decoded.summary.waiting === true);
	}
});

void test('lint: a message-summary body off the grammar gets body.bad-message-summary with RFC 3842 §5.2', () => {
	const bad = analyzeTrace(notify(crlf('Voice-Message: 2/8 (0/2)', 'Fax-Message: 1')));
	const problems = bad.problems.filter((p) => p.code === 'body.bad-message-summary');
	assert.equal(problems.length, 1);
	const [p] = problems;
	assert.equal(p!.severity, 'warning');
	assert.equal(p!.rfc?.label, 'RFC 3842 §5.2');
	assert.equal(p!.rfc?.url, 'https://www.rfc-editor.org/rfc/rfc3842#section-5.2');
	assert.match(p!.message, /no Messages-Waiting line/);
	assert.match(p!.message, /"Fax-Message: 1"/);
	const good = analyzeTrace(notify(crlf('Messages-Waiting: no')));
	assert.deepEqual(
		good.problems.map((x) => x.code).filter((c) => c.startsWith('body.')),
		[],
	);
});

// --- the real voicemail lamp ---------------------------------------------------------------------

const file = 'mwi-story.sip';
const text = readFileSync(join(__dirname, '..', 'fixtures', 'real', file), 'utf8');

/** The messages of the fixture as its text shows them (body by Content-Length). */
function read(): {
	index: number;
	line: number;
	method: string | null;
	callId: string;
	bodyLine: number | null;
	body: string[];
}[] {
	const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
	const out = [];
	for (let i = 0; i < lines.length; i++) {
		const start = /^(?:([A-Z]+) \S+ SIP\/2\.0|SIP\/2\.0 \d{3} .*)$/.exec(lines[i]!);
		if (!start) continue;
		let j = i + 1;
		const headers: Record<string, string> = {};
		for (; lines[j] !== ''; j++) {
			const h = /^([A-Za-z-]+):\s*(.*)$/.exec(lines[j]!)!;
			headers[h[1]!.toLowerCase()] = h[2]!.trim();
		}
		let length = Number(headers['content-length']);
		const body: string[] = [];
		let k = j + 1;
		for (; length > 0; k++) {
			body.push(lines[k]!);
			length -= lines[k]!.length + 2;
		}
		out.push({
			index: out.length,
			line: i,
			method: start[1] ?? null,
			callId: headers['call-id']!,
			bodyLine: body.length ? j + 1 : null,
			body,
		});
		i = k - 1;
	}
	return out;
}

const seen = read();
const field = (body: string[], name: string): string | undefined =>
	body.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);

void test(`${file}: Kamailio and the phone agree with RFC 3842: no lint problem`, () => {
	assert.deepEqual(analyzeTrace(text).problems, []);
});

void test(`${file}: each PUBLISH and NOTIFY with a body is named by what its summary says`, () => {
	const a = analyzeTrace(text);
	const named = seen.filter((m) => m.method === 'NOTIFY' || m.method === 'PUBLISH');
	assert.equal(named.filter((m) => m.body.length).length, 7);
	for (const m of named) {
		const title = messageTitle(a, a.messages[m.index]!);
		if (!m.body.length) {
			assert.ok(!title.includes('waiting'), title);
			continue;
		}
		const waiting = field(m.body, 'Messages-Waiting');
		if (waiting === 'no') {
			assert.match(title, /\(no messages waiting\)$/);
			continue;
		}
		// Voice unnamed, other classes named, urgent counts told: only classes with new messages.
		const parts = m.body
			.map((l) => /^(\w+)-Message: (\d+)\/\d+(?: \((\d+)\/\d+\))?$/.exec(l))
			.filter((x) => x !== null && x[2] !== '0')
			.map((x) => {
				const what = x![1] === 'Voice' ? '' : ` ${x![1]!.toLowerCase()}`;
				const urgent = x![3] && x![3] !== '0' ? `, ${x![3]} urgent` : '';
				return `${x![2]} new${what}${urgent}`;
			});
		assert.ok(title.endsWith(`(messages waiting: ${parts.join('; ')})`), title);
	}
	const titles = named.map((m) => messageTitle(a, a.messages[m.index]!));
	assert.ok(titles.includes('NOTIFY active (messages waiting: 2 new)'), titles.join(' | '));
	assert.ok(titles.includes('NOTIFY terminated (no messages waiting)'), titles.join(' | '));
	assert.ok(titles.includes('PUBLISH message-summary (messages waiting: 2 new)'));
});

void test(`${file}: hover on a NOTIFY body shows the counts and what changed since the phone's previous NOTIFY`, () => {
	const doc = createTraceDocument(`file:///${file}`, 1, text, undefined);
	const notifies = seen.filter((m) => m.method === 'NOTIFY' && m.body.length);
	assert.equal(notifies.length, 4);
	notifies.forEach((n, k) => {
		const hover = provideHover(doc, { line: n.bodyLine!, character: 3 });
		assert.ok(hover, `hover on the body of ${n.index}`);
		const value = (hover.contents as { value: string }).value;
		const waiting = field(n.body, 'Messages-Waiting')!;
		assert.ok(value.includes(`messages waiting **${waiting}**`), value);
		assert.ok(value.includes(`\`${field(n.body, 'Message-Account')!}\``), value);
		const voice = /^(\d+)\/(\d+) \((\d+)\/(\d+)\)$/.exec(field(n.body, 'Voice-Message')!)!;
		assert.ok(value.includes(`| voice | ${voice.slice(1).join(' | ')} |`), value);
		if (k === 0) {
			assert.ok(!/since the/.test(value), value);
			return;
		}
		const prev = notifies[k - 1]!;
		assert.equal(prev.callId, n.callId);
		if (prev.body.join('\n') === n.body.join('\n'))
			assert.ok(value.includes(`No change since the NOTIFY at line ${prev.line + 1}.`), value);
		else {
			assert.ok(value.includes(`**Changed** since the NOTIFY at line ${prev.line + 1}:`), value);
			const was = /^(\d+)\//.exec(field(prev.body, 'Voice-Message')!)![1];
			if (was !== voice[1]) assert.ok(value.includes(`voice new ${was} → ${voice[1]}`), value);
		}
	});
});

void test(`${file}: hover on a PUBLISH body lists the new messages' headers and the change since the account's previous PUBLISH`, () => {
	const doc = createTraceDocument(`file:///${file}`, 1, text, undefined);
	const publishes = seen.filter((m) => m.method === 'PUBLISH');
	const withHeaders = publishes.findIndex((p) => p.body.includes(''));
	assert.ok(withHeaders > 0);
	const p = publishes[withHeaders]!;
	const hover = provideHover(doc, { line: p.bodyLine!, character: 3 });
	const value = (hover!.contents as { value: string }).value;
	const headers = p.body.slice(p.body.indexOf('') + 1);
	const subject = headers.find((l) => l.startsWith('Subject: '))!.slice(9);
	assert.ok(value.includes(`| ${subject} |`), value);
	assert.ok(value.includes('| fax |'), value);
	const prev = publishes[withHeaders - 1]!;
	assert.ok(value.includes(`**Changed** since the PUBLISH at line ${prev.line + 1}:`), value);
});

void test(`${file}: the outline names the mailbox subscription and says what its last summary was`, () => {
	const doc = createTraceDocument(`file:///${file}`, 1, text, undefined);
	const symbols = provideDocumentSymbols(doc);
	const subscribe = /^SUBSCRIBE sip:([^@]+)@/m.exec(text)!;
	const from = /^From: <sip:([^@]+)@/m.exec(text.slice(subscribe.index))!;
	const name = `SUBSCRIBE message-summary ${from[1]} -> ${subscribe[1]}`;
	const symbol = symbols.find((x) => x.name === name);
	assert.ok(symbol, symbols.map((x) => x.name).join(' | '));
	const last = seen.filter((m) => m.method === 'NOTIFY' && m.body.length).at(-1)!;
	const reason = /^Subscription-State: terminated;reason=(\w+)$/m.exec(text)![1];
	// The voicemail server's last PUBLISH cleared the lamp, and the last NOTIFY says so.
	assert.equal(field(last.body, 'Messages-Waiting'), 'no');
	assert.equal(symbol.detail, `terminated: ${reason}, no messages waiting`);
});
