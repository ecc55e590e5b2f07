// A trace that ends inside a request line (a SIP.js console paste that stops at `INVITE
// sip:1061@192.168.55.55 SIP/2`): no message is read from it, and the cut is said, as for every
// other message a trace cuts short.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const register = [
	'REGISTER sip:192.168.55.55 SIP/2.0',
	'Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bK3212',
	'Max-Forwards: 70',
	'To: <sip:1061@192.168.55.55>',
	'From: <sip:1061@192.168.55.55>;tag=lmv3fn',
	'Call-ID: 2m6sv3fn54g4hk',
	'CSeq: 1 REGISTER',
	'Contact: <sip:9thqmf9j@df7jal23ls0d.invalid;transport=ws>',
	'Content-Length: 0',
	'',
	'',
].join('\r\n');
const said = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.message.includes('inside this request line'))
		.map((p) => [p.code, p.severity, text.slice(p.span.start, p.span.end)]);

void test('a request line the trace ends inside is said, with no message read from it', () => {
	for (const cut of [
		'INVITE sip:1061@192.168.55.55 SIP/2',
		'NOTIFY sip:FEU391-0-169-6@172.31.38.37:5',
		'SUBSCRIBE sip:bob@example.com',
	]) {
		const text = `${register}\n${cut}\n`;
		assert.equal(analyzeTrace(text).messages.length, 1, cut);
		assert.deepEqual(said(text), [['message.truncated', 'warning', cut]], cut);
	}
});

void test('a request line whole, or prose that names a method, is no cut request line', () => {
	assert.deepEqual(said(`${register}INVITE sip:1061@192.168.55.55 SIP/2.0\r\n`), []);
	assert.deepEqual(said(`${register}\nThen INVITE sip:1061@192.168.55.55 fails\n`), []);
	assert.deepEqual(said(`${register}\nINVITE is sent next\n`), []);
	// Not at the trace's end: text after it.
	assert.deepEqual(said(`${register}\nINVITE sip:1061@192.168.55.55 SIP/2\nthen it stopped\n`), []);
});
