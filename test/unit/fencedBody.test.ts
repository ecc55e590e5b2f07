// A message pasted in a Markdown code block under a list item (indented with the item): the
// fence that closes the block ends the body too, when the body is shorter than its Content-Length
// (a page's example edited by hand). The page's text after the fence is not the body. Shapes from
// a Korean SIP tutorial (RFC 3428's MESSAGE) and a camera integrator's notes (GB28181 MANSCDP).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { coversAll } from './coversAll';

const page = [
	'1. The MESSAGE request',
	'',
	'   ```sip',
	'   MESSAGE sip:bob@biloxi.com SIP/2.0',
	'   Via: SIP/2.0/TCP pc33.atlanta.com;branch=z9hG4bK776asegma',
	'   Max-Forwards: 70',
	'   To: Bob <sip:bob@biloxi.com>',
	'   From: Alice <sip:alice@atlanta.com>;tag=1928301774',
	'   Call-ID: a84b4c76e66710@pc33.atlanta.com',
	'   CSeq: 22756 MESSAGE',
	'   Content-Type: text/plain',
	'   Content-Length: 37',
	'   ',
	'   Hello! Bob',
	'   ```',
	'',
	'   A message body carried this way may not exceed 1300 bytes; longer ones go over a session.',
	'',
	'2. The answer',
	'',
].join('\n');

void test('a body shorter than its length ends at the fence closing its block, not in the page text after it', () => {
	const a = analyzeTrace(page);
	coversAll(page, a);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(page.slice(m.body!.start, m.body!.end).trim(), 'Hello! Bob');
	const lengthSaid = a.problems.filter((p) => p.code === 'content-length.mismatch');
	assert.equal(lengthSaid.length, 1);
	assert.match(lengthSaid[0]!.message, /Content-Length is 37 but only \d+ octets of body follow/);
	assert.ok(!page.slice(m.frame.span.start, m.frame.span.end).includes('1300 bytes'));
});

void test('the same block at the margin: the body ends at the fence too', () => {
	const flush = page.replace(/^ {3}/gm, '');
	const a = analyzeTrace(flush);
	coversAll(flush, a);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(flush.slice(m.body!.start, m.body!.end).trim(), 'Hello! Bob');
	assert.ok(!flush.slice(m.frame.span.start, m.frame.span.end).includes('1300 bytes'));
});
