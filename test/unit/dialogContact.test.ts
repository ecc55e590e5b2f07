// A 2xx that makes a dialog carries Contact (RFC 3261 §12.1.1); one to a request inside a dialog
// already made is not judged here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const message = (lines: string[]): string => `${lines.join('\r\n')}\r\n\r\n`;

const exchange = (toTag: string, contact: string[]): string =>
	message([
		'SUBSCRIBE sip:bob@example.com SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-s1',
		'Max-Forwards: 70',
		'From: <sip:alice@example.com>;tag=a1',
		`To: <sip:bob@example.com>${toTag}`,
		'Call-ID: dc-1@192.0.2.1',
		'CSeq: 1 SUBSCRIBE',
		'Contact: <sip:alice@192.0.2.1>',
		'Event: presence',
		'Expires: 600',
		'Content-Length: 0',
	]) +
	message([
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-s1',
		'From: <sip:alice@example.com>;tag=a1',
		'To: <sip:bob@example.com>;tag=b1',
		'Call-ID: dc-1@192.0.2.1',
		'CSeq: 1 SUBSCRIBE',
		...contact,
		'Expires: 600',
		'Content-Length: 0',
	]);

const said = (text: string): string[] =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'response.missing-contact')
		.map((p) => p.severity);

void test('a 200 that makes a subscription dialog without Contact is said; with one, or to a refresh, not', () => {
	assert.deepEqual(said(exchange('', [])), ['error']);
	assert.deepEqual(said(exchange('', ['Contact: <sip:bob@192.0.2.2>'])), []);
	assert.deepEqual(said(exchange(';tag=b1', [])), []);
});
