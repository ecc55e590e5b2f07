// A message's offsets, deltas and Content-Length are kept apart from the message object, in
// blocks shared by many messages: each message must answer its own, across blocks and edits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { bodyLengthOf } from '../../server/src/core/parser/sipMessage';

const message = (i: number): string => {
	const body = `v=0\r\no=- ${i} 1 IN IP4 10.0.0.${i % 250}\r\n`;
	return [
		`MESSAGE sip:user${i}@example.com SIP/2.0`,
		`Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-${i % 7}`,
		`From: <sip:alice@example.com>;tag=a${i % 5}`,
		`To: <sip:bob${i % 3}@example.com>`,
		`Call-ID: call-${i % 11}@example.com`,
		`CSeq: ${i + 1} MESSAGE`,
		'Content-Type: application/sdp',
		`Content-Length: ${body.length}`,
		'',
		body,
	].join('\r\n');
};

test('each of thousands of messages answers its own start line, URI, body, From, To and Vias', () => {
	// More messages than one block holds, so that messages of several blocks are read.
	const texts = Array.from({ length: 2500 }, (_, i) => message(i));
	const text = texts.join('');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, texts.length);
	let at = 0;
	for (let i = 0; i < texts.length; i++) {
		const m = a.messages[i]!;
		const own = texts[i]!;
		const slice = (s: { start: number; end: number }): string => text.slice(s.start, s.end);
		assert.equal(m.startLine.start, at);
		assert.equal(slice(m.startLine), `MESSAGE sip:user${i}@example.com SIP/2.0`);
		assert.equal(slice(m.requestUriSpan!), `sip:user${i}@example.com`);
		const bodyStart = at + own.indexOf('\r\n\r\n') + 4;
		assert.deepEqual(m.body, { start: bodyStart, end: at + own.length });
		assert.equal(m.contentLength, own.length - (bodyStart - at));
		assert.equal(bodyLengthOf(m), own.length - (bodyStart - at));
		assert.equal(slice(m.from!.uriSpan), 'sip:alice@example.com');
		assert.equal(slice(m.to!.uriSpan), `sip:bob${i % 3}@example.com`);
		assert.equal(slice(m.vias[0]!.span), `SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-${i % 7}`);
		assert.equal(m.headers[0]!.name.start, at + own.indexOf('Via'));
		at += own.length;
	}
});

test('a Content-Length beyond 32 bits reads as written', () => {
	const text = [
		'MESSAGE sip:bob@example.com SIP/2.0',
		'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-1',
		'From: <sip:alice@example.com>;tag=a',
		'To: <sip:bob@example.com>',
		'Call-ID: c@example.com',
		'CSeq: 1 MESSAGE',
		'Content-Length: 9999999999',
		'',
		'hello',
	].join('\r\n');
	const m = analyzeTrace(text).messages[0]!;
	assert.equal(m.contentLength, 9999999999);
	assert.equal(m.startLine.start, 0);
	assert.equal(m.requestUri, 'sip:bob@example.com');
});
