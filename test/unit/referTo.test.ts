// RFC 3515 §2.1: a REFER carries exactly one Refer-To; §2.4.1: its recipient answers 400 (Bad
// Request) to one with none or more than one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const refer = (extra: string[]) =>
	[
		'REFER sip:bob@192.0.2.2 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-refer-1',
		'Max-Forwards: 70',
		'From: <sip:alice@example.com>;tag=a1',
		'To: <sip:bob@example.com>;tag=b1',
		'Call-ID: refer-1@192.0.2.1',
		'CSeq: 2 REFER',
		'Contact: <sip:alice@192.0.2.1:5060>',
		...extra,
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
const said = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'header.missing-refer-to' || p.code === 'header.duplicate')
		.map((p) => [p.code, p.severity, text.slice(p.span.start, p.span.end)]);

void test('a REFER without Refer-To is said to lack it; one with it, in long or compact form, is not', () => {
	assert.deepEqual(said(refer(['Event: refer'])), [
		['header.missing-refer-to', 'error', 'REFER sip:bob@192.0.2.2 SIP/2.0'],
	]);
	assert.deepEqual(said(refer(['Refer-To: <sip:carol@example.com>'])), []);
	assert.deepEqual(said(refer(['r: <sip:carol@example.com>'])), []);
});

void test('a REFER with two Refer-To is said to repeat it, on the second', () => {
	assert.deepEqual(
		said(refer(['Refer-To: <sip:carol@example.com>', 'Refer-To: <sip:dave@example.com>'])),
		[['header.duplicate', 'error', 'Refer-To']],
	);
});

void test('another request without Refer-To is not told to carry one', () => {
	const invite = refer(['Refer-To: <sip:carol@example.com>'])
		.replace('REFER sip:', 'INVITE sip:')
		.replace('CSeq: 2 REFER', 'CSeq: 2 INVITE')
		.replace('Refer-To: <sip:carol@example.com>\r\n', '');
	assert.deepEqual(said(invite), []);
});

void test('an empty Refer-To names nothing either: said on it; where no header holds a `<`, as the page’s', () => {
	assert.deepEqual(said(refer(['Refer-To: '])), [
		['header.missing-refer-to', 'error', 'Refer-To: '],
	]);
	// An IETF slide's REFER, every `<sip:...>` dropped by the page.
	const stripped = refer(['Refer-To:'])
		.replace(/<(sip:[^>]*)>/g, '$1')
		.replace('To: sip:bob@example.com;tag=b1', 'To: Bob;tag=b1');
	const found = analyzeTrace(stripped).problems.find((p) => p.code === 'header.missing-refer-to');
	assert.equal(found?.severity, 'information');
	assert.match(found!.message, /No header of this message holds a `<`/);
});

const badReferTo = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'header.bad-refer-to')
		.map((p) => [p.severity, text.slice(p.span.start, p.span.end)]);

void test('a Refer-To that names no URI is an error on its value; a URI bare, bracketed or named is not', () => {
	// A tutorial's copy of RFC 3515's example, its placeholder where the URI goes: words in
	// parentheses, the example's, not a sender's (information).
	assert.deepEqual(badReferTo(refer(['Refer-To: (whatever URI, the server address)'])), [
		['information', '(whatever URI, the server address)'],
	]);
	assert.deepEqual(badReferTo(refer(['Refer-To: carol'])), [['error', 'carol']]);
	assert.deepEqual(badReferTo(refer(['Refer-To: <sip:carol@example.com'])), [
		['error', '<sip:carol@example.com'],
	]);
	for (const fine of [
		'Refer-To: sip:carol@example.com',
		'Refer-To: "Carol" <sip:carol@example.com;transport=tcp>',
		'Refer-To: <tel:+15551234567>',
		'Refer-To: <https://example.com/agent>;method=INVITE',
		'Refer-To: ...',
	])
		assert.deepEqual(badReferTo(refer([fine])), [], fine);
});

void test("a Refer-To without a URI in a copy that holds no `<` at all is said as the page's doing", () => {
	const text = refer(['Refer-To: Carol']).replace(/<([^<>]*)>/g, '$1');
	assert.ok(!text.includes('<'));
	assert.deepEqual(badReferTo(text), [['information', 'Carol']]);
});
