// Hover text shows what the trace says as text, never as Markdown or HTML: a method is a token,
// and RFC 3261 §25.1 lets a token hold `*`, `_`, `` ` `` and `~`; a Call-ID may hold `<` and `>`;
// a reason phrase may hold anything. Such text reads as written (escaped as `md()` escapes it, or
// inside a code span with its backticks shown as `'`), and no code span is left open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { provideHover } from '../../server/src/features/hover';
import { createTraceDocument } from '../../server/src/traceDocument';
import { markdownFaults } from './featureInvariants';

const trace = [
	'X*TRY_`me~ sip:bob@example.com SIP/2.0',
	'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-1',
	'From: <sip:alice@example.com>;tag=a1',
	'To: <sip:bob@example.com>',
	'Call-ID: c`all<b>1@host',
	'CSeq: 1 X*TRY_`me~',
	'Max-Forwards: 70',
	'Content-Length: 0',
	'',
	'SIP/2.0 486 Busy <img src=x onerror=alert(1)> *now* `here',
	'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-1',
	'From: <sip:alice@example.com>;tag=a1',
	'To: <sip:bob@example.com>;tag=b1',
	'Call-ID: c`all<b>1@host',
	'CSeq: 1 X*TRY_`me~',
	'Content-Length: 0',
	'',
	'SUBSCRIBE sip:linda@example.com SIP/2.0',
	'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-2',
	'From: <sip:andrew@example.com>;tag=w1',
	'To: <sip:linda@example.com>',
	'Call-ID: sub-1@host',
	'CSeq: 1 SUBSCRIBE',
	'Event: pres`ence;id=a`b',
	'Expires: 60',
	'Max-Forwards: 70',
	'Content-Length: 0',
	'',
	'',
].join('\r\n');

const lines = trace.split('\r\n');
const doc = createTraceDocument('file:///markup.sip', 1, trace, undefined);
const hover = (line: number, character: number): string =>
	(provideHover(doc, { line, character })?.contents as { value: string } | undefined)?.value ?? '';
const lineOf = (start: string, from = 0): number =>
	lines.findIndex((l, i) => i >= from && l.startsWith(start));

test('a method with Markdown characters reads as written on its start line', () => {
	const value = hover(0, 2);
	assert.ok(value.includes('**X\\*TRY\\_\\`me\\~** transaction'), value);
	assert.ok(
		value.includes('**486 Busy \\<img src=x onerror=alert(1)\\> \\*now\\* \\`here**'),
		value,
	);
	assert.deepEqual(markdownFaults(value, 'request'), []);
});

test('a reason phrase with HTML and Markdown reads as written on its response', () => {
	const value = hover(lineOf('SIP/2.0 486'), 10);
	assert.ok(
		value.startsWith('**486 Busy \\<img src=x onerror=alert(1)\\> \\*now\\* \\`here**'),
		value,
	);
	assert.ok(value.includes('to the X\\*TRY\\_\\`me\\~ at line 1'), value);
	assert.deepEqual(markdownFaults(value, 'response'), []);
});

test('a Call-ID with a backtick stays inside its code span', () => {
	const value = hover(lineOf('Call-ID'), 'Call-ID: '.length + 2);
	assert.ok(value.startsWith("**Call-ID** `c'all<b>1@host`: 2 messages"), value);
	assert.deepEqual(markdownFaults(value, 'Call-ID'), []);
});

test('an Event package and id with backticks stay inside their code spans', () => {
	const value = hover(lineOf('Event'), 'Event: '.length + 2);
	assert.ok(value.startsWith("**Event** `pres'ence`: a package"), value);
	assert.ok(value.includes("id `a'b`: tells apart"), value);
	assert.deepEqual(markdownFaults(value, 'Event'), []);
});
