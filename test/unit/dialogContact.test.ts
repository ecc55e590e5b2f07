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

void test("a provisional response that makes an INVITE's early dialog (To tag) without Contact is a warning; a 100 or a 180 without tag is not judged", () => {
	// As Linphone 5.3 answers FreeSWITCH (a sofia siptrace posted on the FreeSWITCH tracker).
	const call = (status: string, toTag: string, contact: string[]): string =>
		message([
			'INVITE sip:6002@192.168.3.43;transport=udp SIP/2.0',
			'Via: SIP/2.0/UDP 192.168.2.48;rport;branch=z9hG4bK2tZr9B4tBNFFr',
			'Max-Forwards: 69',
			'From: "Extension 6001" <sip:6001@192.168.2.48>;tag=2c44tvH2g3vpS',
			'To: <sip:6002@192.168.3.43;transport=udp>',
			'Call-ID: f454af74-3074-123e-ec8a-000c29633c29',
			'CSeq: 92301183 INVITE',
			'Contact: <sip:mod_sofia@192.168.2.48:5060>',
			'Content-Length: 0',
		]) +
		message([
			`SIP/2.0 ${status}`,
			'Via: SIP/2.0/UDP 192.168.2.48;rport;branch=z9hG4bK2tZr9B4tBNFFr',
			'From: "Extension 6001" <sip:6001@192.168.2.48>;tag=2c44tvH2g3vpS',
			`To: <sip:6002@192.168.3.43;transport=udp>${toTag}`,
			'Call-ID: f454af74-3074-123e-ec8a-000c29633c29',
			'CSeq: 92301183 INVITE',
			...contact,
			'Content-Length: 0',
		]);
	assert.deepEqual(said(call('180 Ringing', ';tag=W8ngrG~', [])), ['warning']);
	assert.match(
		analyzeTrace(call('180 Ringing', ';tag=W8ngrG~', [])).problems.find(
			(p) => p.code === 'response.missing-contact',
		)!.message,
		/early dialog .*RFC 3261 §12\.1, §12\.1\.1/,
	);
	assert.deepEqual(
		said(call('180 Ringing', ';tag=W8ngrG~', ['Contact: <sip:6002@192.168.3.43>'])),
		[],
	);
	assert.deepEqual(said(call('180 Ringing', '', [])), []);
	assert.deepEqual(said(call('100 Trying', ';tag=W8ngrG~', [])), []);
});
