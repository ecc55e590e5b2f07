// Records with escaped messages one after another on one line: a JSON array a tool compacted
// (`jq -c`, a Homer 7 API answer as sipcapture/homer7-docker#44 shows it, each record's
// `"raw"` the message, its `"protocol_header"` the capture's addresses). Every message is read,
// each with its own record's fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const escape = (lines: string[]) => lines.join('\\r\\n');
const options = escape([
	'OPTIONS sip:bob@10.0.0.2 SIP/2.0',
	'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-r1',
	'From: <sip:alice@10.0.0.1>;tag=a1',
	'To: <sip:bob@10.0.0.2>',
	'Call-ID: rec-1@10.0.0.1',
	'CSeq: 1 OPTIONS',
	'Max-Forwards: 70',
	'Content-Length: 0',
	'',
	'',
]);
const pidf =
	'<?xml version=\\"1.0\\"?><presence xmlns=\\"urn:ietf:params:xml:ns:pidf\\" entity=\\"sip:alice@example.com\\"><tuple id=\\"t1\\"><status><basic>open</basic></status></tuple></presence>';
const notify = escape([
	'NOTIFY sip:bob@10.0.0.2 SIP/2.0',
	'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-r2',
	'From: <sip:alice@example.com>;tag=n1',
	'To: <sip:bob@example.com>;tag=b1',
	'Call-ID: rec-2@10.0.0.1',
	'CSeq: 2 NOTIFY',
	'Max-Forwards: 70',
	'Contact: <sip:alice@10.0.0.1>',
	'Event: presence',
	'Subscription-State: active;expires=600',
	'Content-Type: application/pidf+xml',
	// The octets sent: `\"` in the JSON string is one.
	`Content-Length: ${pidf.replace(/\\"/g, '"').length}`,
	'',
	pidf,
]);
const ok = escape([
	'SIP/2.0 200 OK',
	'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-r1',
	'From: <sip:alice@10.0.0.1>;tag=a1',
	'To: <sip:bob@10.0.0.2>;tag=b9',
	'Call-ID: rec-1@10.0.0.1',
	'CSeq: 1 OPTIONS',
	'Content-Length: 0',
	'',
	'',
]);
const record = (src: string, dst: string, raw: string) =>
	`{"create_date":"2019-10-03T10:40:08.694Z","data_header":{"protocol":"SIP"},"protocol_header":{"captureId":2002,"dstIp":"${dst}","dstPort":5060,"payloadType":1,"protocol":17,"protocolFamily":2,"srcIp":"${src}","srcPort":5060,"timeSeconds":1570099208,"timeUseconds":694591},"raw":"${raw}"}`;

void test('a compacted JSON array: every escaped message on the line is read, with its record’s addresses', () => {
	const text = `[${[
		record('10.0.0.1', '10.0.0.2', options),
		record('10.0.0.1', '10.0.0.2', notify),
		record('10.0.0.2', '10.0.0.1', ok),
	].join(',')}]\n`;
	const a = analyzeTrace(text);
	assert.equal(a.format, 'escaped');
	assert.deepEqual(
		a.messages.map((m) => [
			m.method ?? m.status,
			m.callId,
			m.frame.src,
			m.frame.dst,
			m.frame.transport,
		]),
		[
			['OPTIONS', 'rec-1@10.0.0.1', '10.0.0.1:5060', '10.0.0.2:5060', 'UDP'],
			['NOTIFY', 'rec-2@10.0.0.1', '10.0.0.1:5060', '10.0.0.2:5060', 'UDP'],
			[200, 'rec-1@10.0.0.1', '10.0.0.2:5060', '10.0.0.1:5060', 'UDP'],
		],
	);
	assert.equal(a.index.requestOf(2), 0);
	// The NOTIFY's PIDF is its body, counted as sent: no length problem, nothing but the lone NOTIFY's.
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['notify.no-subscribe'],
	);
	// Frames follow one another and cover the line: no text lost.
	for (let i = 1; i < a.frames.length; i++)
		assert.equal(a.frames[i]!.span.start, a.frames[i - 1]!.span.end);
	assert.equal(a.frames.at(-1)!.span.end, text.length);
});

void test('a paste that starts inside a record: the message after the cut one is found further along the line', () => {
	// The tail of a message, its last eight headers, then the next record.
	const tail = escape([
		'INVITE',
		'Server: Asterisk PBX 13.24.0',
		'Allow: INVITE, ACK',
		'Supported: replaces',
		'Session-Expires: 1800',
		'Contact: <sip:6163@10.0.0.2:5060>',
		'Require: timer',
		'Content-Length: 0',
		'',
		'',
	]);
	const text = `${tail}"},${record('10.0.0.2', '10.0.0.1', ok)}]\n`;
	const a = analyzeTrace(text);
	assert.equal(a.format, 'escaped');
	assert.deepEqual(
		a.messages.map((m) => [m.status, m.frame.src]),
		[[200, '10.0.0.2:5060']],
	);
});

void test('a long compacted line of records: every message read, each from its own record', () => {
	const n = 2000;
	const records = Array.from({ length: n }, (_, i) =>
		record(`10.0.${i >> 8}.${i & 255}`, '10.0.0.2', options.replace('rec-1@', `rec-${i}@`)),
	);
	const a = analyzeTrace(`[${records.join(',')}]\n`);
	assert.equal(a.messages.length, n);
	assert.deepEqual(
		[a.messages[0]!.frame.src, a.messages[n - 1]!.frame.src, a.messages[n - 1]!.callId],
		['10.0.0.0:5060', `10.0.${(n - 1) >> 8}.${(n - 1) & 255}:5060`, `rec-${n - 1}@10.0.0.1`],
	);
});
