// A From, To or Via value met again is not read again: its first reading is moved to where it
// now stands. Each message must still answer what reading its own text gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { secondViaOf, topViaOf } from '../../server/src/core/parser/sipMessage';
import { ValueMemo } from '../../server/src/core/parser/valueMemo';

const request = (via: string, from: string, cseq: number): string =>
	[
		'OPTIONS sip:bob@example.com SIP/2.0',
		`Via: ${via}`,
		`From: ${from}`,
		'To: <sip:bob@example.com>',
		'Call-ID: c1@example.com',
		`CSeq: ${cseq} OPTIONS`,
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');

test('a repeated From and Via answer from where they stand', () => {
	const via = 'SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-1;rport';
	const from = '"Alice" <sip:alice@example.com>;tag=a1';
	// The second copy stands further on, after a longer first message.
	const text = request(via, from, 1) + '\r\n' + request(via, from, 2);
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 2);
	const [m0, m1] = a.messages;
	for (const m of [m0!, m1!]) {
		const v = m.vias[0]!;
		assert.equal(text.slice(v.span.start, v.span.end), via);
		assert.equal(v.sentBy, '10.0.0.1:5060');
		assert.equal(v.branch, 'z9hG4bK-1');
		assert.equal(v.rport, '');
		const f = m.from!;
		assert.equal(text.slice(f.uriSpan.start, f.uriSpan.end), 'sip:alice@example.com');
		assert.equal(f.displayName, 'Alice');
		assert.equal(f.tag, 'a1');
		assert.deepEqual([...f.params], [['tag', 'a1']]);
	}
	// Each stands as far into its message as the other.
	const moved = m1!.startLine.start - m0!.startLine.start;
	assert.equal(m1!.vias[0]!.span.start - m0!.vias[0]!.span.start, moved);
	assert.equal(m1!.from!.uriSpan.start - m0!.from!.uriSpan.start, moved);
});

test('values alike at their ends but not before are each read as written', () => {
	// Only a value's last characters are hashed: these share them, and must not share a reading.
	const tail = ';branch=z9hG4bK-the-same-long-branch-value-for-all';
	const vias = [
		'SIP/2.0/UDP 10.0.0.1:5060',
		'SIP/2.0/TCP 10.0.0.2:5062',
		'SIP/2.0/UDP 10.0.0.1:5060',
	];
	const froms = [
		'<sip:a@x.example>;tag=the-same-long-tag-value-1',
		'sip:b@y.example;tag=the-same-long-tag-value-1',
	];
	const text = vias.map((v, i) => request(v + tail, froms[i % 2]!, i + 1)).join('\r\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.vias[0]!.transport, m.vias[0]!.sentBy, m.from!.uri]),
		[
			['UDP', '10.0.0.1:5060', 'sip:a@x.example'],
			['TCP', '10.0.0.2:5062', 'sip:b@y.example'],
			['UDP', '10.0.0.1:5060', 'sip:a@x.example'],
		],
	);
});

test('a repeated malformed From is reported each time', () => {
	const text =
		request('SIP/2.0/UDP h;branch=z9hG4bK-1', 'no uri here', 1) +
		'\r\n' +
		request('SIP/2.0/UDP h;branch=z9hG4bK-1', 'no uri here', 2);
	const a = analyzeTrace(text);
	assert.equal(a.problems.filter((p) => p.code === 'header.bad-name-addr').length, 2);
	assert.ok(a.messages.every((m) => m.from === null));
});

test('the memo finds a value by its text and says where it was met', () => {
	const memo = new ValueMemo<string>();
	const text = 'xx<sip:a@b>;tag=1 yy <sip:a@b>;tag=1 <sip:c@b>;tag=1';
	assert.equal(memo.find(text, 2, 17), undefined);
	memo.remember(text, 2, 17, 'first');
	assert.equal(memo.find(text, 21, 36), 'first');
	assert.equal(memo.found, 2);
	assert.equal(memo.find(text, 37, 52), undefined);
	// Met a third time, it is still said to be where it was read, the place its reading has.
	const again = `${text} <sip:a@b>;tag=1`;
	assert.equal(memo.find(again, 2, 17), undefined);
	memo.remember(again, 2, 17, 'first');
	assert.equal(memo.find(again, 21, 36), 'first');
	assert.equal(memo.find(again, 53, 68), 'first');
	assert.equal(memo.found, 2);
	// Empty values are never kept.
	assert.equal(memo.find(text, 5, 5), undefined);
	memo.remember(text, 5, 5, 'empty');
	assert.equal(memo.find(text, 9, 9), undefined);
});

test('a Via met whole before, alone or as one element of a list, answers from where it stands', () => {
	const a = 'SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-a';
	const b = 'SIP/2.0/TCP 10.0.0.2:5062;branch=z9hG4bK-b';
	// Alone, then first and last in a list, then alone again, then the list again.
	const values = [a, `${a}, ${b}`, `${b} ,${a}`, a, `${a}, ${b}`];
	const text = values.map((v, i) => request(v, '<sip:a@x.example>;tag=1', i + 1)).join('\r\n');
	const t = analyzeTrace(text);
	assert.deepEqual(
		t.problems.filter((p) => p.code === 'header.bad-via'),
		[],
	);
	assert.deepEqual(
		t.messages.map((m) => m.vias.map((v) => text.slice(v.span.start, v.span.end))),
		[[a], [a, b], [b, a], [a], [a, b]],
	);
	assert.deepEqual(
		t.messages.map((m) => m.vias.map((v) => `${v.transport} ${v.sentBy} ${v.branch}`)),
		values.map((v) =>
			v.split(',').map((e) => {
				const s = e.trim();
				return `${s.slice(8, 11)} ${s.slice(12, s.indexOf(';'))} ${s.slice(s.indexOf('=') + 1)}`;
			}),
		),
	);
});

test('a repeated malformed Via is reported each time, where it stands', () => {
	const bad = 'SIP/2.0 10.0.0.1:5060';
	const text = [1, 2, 3].map((n) => request(bad, '<sip:a@x.example>;tag=1', n)).join('\r\n');
	const t = analyzeTrace(text);
	const said = t.problems.filter((p) => p.code === 'header.bad-via');
	assert.equal(said.length, 3);
	for (const p of said) assert.equal(text.slice(p.span.start, p.span.end), bad);
	assert.ok(t.messages.every((m) => m.vias.length === 0));
});

test('the memo compares values in the text it kept them from, not in another', () => {
	const memo = new ValueMemo<string>();
	const first = '<sip:a@b>;tag=1 <sip:a@b>;tag=1';
	assert.equal(memo.find(first, 0, 15), undefined);
	memo.remember(first, 0, 15, 'first');
	// The same characters at the same place in another text: its own value, asked afresh.
	const other = '<sip:a@b>;tag=2 <sip:a@b>;tag=1';
	assert.equal(memo.find(other, 16, 31), undefined);
	memo.remember(other, 16, 31, 'other');
	assert.equal(memo.find(other, 16, 31), 'other');
	assert.equal(memo.found, 16);
	assert.equal(memo.find(first, 16, 31), undefined);
});

test('repeated Vias in one or several headers, two or more, answer from where they stand', () => {
	const hop = (n: number): string => `SIP/2.0/UDP 10.0.0.${n}:5060;branch=z9hG4bK-${n}`;
	// A request through proxies, its Vias in headers of their own and in lists, then repeated.
	const vias = [[hop(1)], [hop(2), hop(1)], [`${hop(3)}, ${hop(2)}`, hop(1)], [hop(2), hop(1)]];
	const message = (list: string[], cseq: number): string =>
		request(list.join('\r\nVia: '), '<sip:a@x.example>;tag=1', cseq);
	const text = [...vias, ...vias].map((list, i) => message(list, i + 1)).join('\r\n');
	const t = analyzeTrace(text);
	const expected = [...vias, ...vias].map((list) => list.flatMap((v) => v.split(', ')));
	assert.deepEqual(
		t.messages.map((m) => m.vias.map((v) => text.slice(v.span.start, v.span.end))),
		expected,
	);
	for (const m of t.messages) {
		// The list is made once: a feature reading it twice gets the same Vias.
		assert.equal(m.vias, m.vias);
		// Correlation's reading of the top two says what the list says, whatever the spans.
		const [top, second] = m.vias;
		assert.deepEqual(
			[topViaOf(m)?.branch, topViaOf(m)?.sentBy, topViaOf(m)?.transport],
			[top?.branch, top?.sentBy, top?.transport],
		);
		assert.deepEqual(
			[secondViaOf(m)?.branch, secondViaOf(m)?.sentBy],
			[second?.branch, second?.sentBy],
		);
	}
});
