// A trace's metadata strings (addresses, transports) are looked up by their characters in place
// in the text, so that every frame naming an address shares one string: each string must be its
// span's text exactly, however many values the table holds and whatever their hashes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpanStrings } from '../../server/src/core/framing/strings';
import { frameTrace } from '../../server/src/core/framing/frameTrace';

test('equal spans give one string, each the text of its span', () => {
	const strings = new SpanStrings();
	const text = 'a 10.0.0.1:5060 b 10.0.0.2:5060 c 10.0.0.1:5060 d [2001:db8::1]:5060 \u00e9t\u00e9';
	const at = (s: string, from = 0) => text.indexOf(s, from);
	const first = strings.span(text, at('10.0.0.1'), at('10.0.0.1') + 13);
	const other = strings.span(text, at('10.0.0.2'), at('10.0.0.2') + 13);
	const again = strings.span(text, at('10.0.0.1', 20), at('10.0.0.1', 20) + 13);
	assert.equal(first, '10.0.0.1:5060');
	assert.equal(other, '10.0.0.2:5060');
	assert.equal(again, first);
	assert.equal(strings.of('10.0.0.1:5060'), first);
	assert.equal(strings.of(null), null);
	assert.equal(strings.of(undefined), null);
	const v6 = strings.span(text, at('['), at('[') + 18);
	assert.equal(v6, '[2001:db8::1]:5060');
	assert.equal(strings.span(text, text.length - 3, text.length), '\u00e9t\u00e9');
	assert.equal(strings.span(text, 0, 0), '');
	// A prefix of a value is a value of its own.
	assert.equal(strings.span(text, at('10.0.0.1'), at('10.0.0.1') + 8), '10.0.0.1');
});

test('values stay found and exact as the table grows', () => {
	const strings = new SpanStrings();
	const values = Array.from(
		{ length: 5000 },
		(_, i) => `10.${i >> 8}.${i & 255}.1:${5060 + (i % 7)}`,
	);
	const text = values.join(' ');
	const starts: number[] = [];
	for (let i = 0, at = 0; i < values.length; at += values[i]!.length + 1, i++) starts.push(at);
	const made = values.map((v, i) => strings.span(text, starts[i]!, starts[i]! + v.length));
	made.forEach((s, i) => assert.equal(s, values[i]));
	// Looked up again after every growth, from the text and as strings.
	values.forEach((v, i) => {
		assert.equal(strings.span(text, starts[i]!, starts[i]! + v.length), v);
		assert.equal(strings.of(v), v);
	});
});

test('a frame per message, each naming its addresses with the shared strings', () => {
	const message = (i: number) =>
		`2026-11-24 19:33:07.${String(i).padStart(6, '0')} 10.0.0.${i % 2}:5060 -> 10.0.0.9:5060\r\n` +
		`OPTIONS sip:x@example.com SIP/2.0\r\nCall-ID: ${i}\r\nContent-Length: 0\r\n\r\n`;
	const text = Array.from({ length: 6 }, (_, i) => message(i)).join('');
	const { format, frames } = frameTrace(text);
	assert.equal(format, 'headerLine');
	assert.deepEqual(
		frames.map((f) => [f.src, f.dst, f.time]),
		Array.from({ length: 6 }, (_, i) => [
			`10.0.0.${i % 2}:5060`,
			'10.0.0.9:5060',
			`2026-11-24T19:33:07.${String(i).padStart(6, '0')}`,
		]),
	);
});

test('values with one hash are still read exactly', () => {
	// FNV-1a of one UTF-16 unit: h = (basis ^ c) * prime, so two units cannot collide; longer
	// values with a shared hash are built by brute force over a small alphabet.
	const strings = new SpanStrings();
	const hash = (s: string) => {
		let h = 0x811c9dc5 | 0;
		for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
		return h & 0xff;
	};
	const byHash = new Map<number, string[]>();
	for (let i = 0; i < 20000; i++) {
		const v = `h${i}`;
		const list = byHash.get(hash(v)) ?? [];
		list.push(v);
		byHash.set(hash(v), list);
	}
	const crowded = [...byHash.values()].sort((a, b) => b.length - a.length)[0]!.slice(0, 40);
	const text = crowded.join(',');
	let at = 0;
	for (const v of crowded) {
		assert.equal(strings.span(text, at, at + v.length), v);
		at += v.length + 1;
	}
	for (const v of crowded) assert.equal(strings.of(v), v);
});
