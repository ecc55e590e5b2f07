// A datagram carries one SIP message (RFC 3261 §18.1.1): a start line ngrep prints in a
// datagram's body, under its headers, is the body's text, not a message of its own. SIPp's
// MESSAGE with a text/plain body that starts with a status line, printed by `ngrep -W byline`
// (1.47) on its way to Kamailio (xxx254's capture): its 59 octets are the body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { bodyText } from '../../server/src/core/bodies/bodyText';

const printout = [
	'U 127.0.0.1:15543 -> 127.0.0.1:15540 #19',
	'MESSAGE sip:bob@example.test SIP/2.0.',
	'Via: SIP/2.0/UDP 127.0.0.1:15543;branch=z9hG4bK-12380-1-8.',
	'Route: <sip:127.0.0.1:15540;transport=UDP;lr>.',
	'Max-Forwards: 70.',
	'From: "Alice" <sip:alice@example.test>;tag=12380im1.',
	'To: <sip:bob@example.test>.',
	'Call-ID: 1-12380@127.0.0.1.',
	'CSeq: 5 MESSAGE.',
	'Content-Type: text/plain.',
	'Content-Length:    59.',
	'.',
	'SIP/2.0 200 OK is what I typed.',
	'INVITE sip:x@y SIP/2.0 also',
	'',
	'U 127.0.0.1:15540 -> 127.0.0.1:15543 #20',
	'SIP/2.0 200 OK.',
	'Via: SIP/2.0/UDP 127.0.0.1:15543;branch=z9hG4bK-12380-1-8.',
	'From: "Alice" <sip:alice@example.test>;tag=12380im1.',
	'To: <sip:bob@example.test>;tag=12378bob1.',
	'Call-ID: 1-12380@127.0.0.1.',
	'CSeq: 5 MESSAGE.',
	'Content-Length: 0.',
	'.',
	'',
	'',
].join('\n');

void test('ngrep: a datagram whose body opens with a status line is one message, its body whole', () => {
	const a = analyzeTrace(printout);
	assert.equal(a.format, 'ngrep');
	assert.deepEqual(
		a.messages.map((m) => m.method ?? m.status),
		['MESSAGE', 200],
	);
	const message = a.messages[0]!;
	assert.equal(
		bodyText(a.text, message).replace(/\r?\n/g, '|'),
		'SIP/2.0 200 OK is what I typed|INVITE sip:x@y SIP/2.0 also',
	);
	assert.equal(a.index.requestOf(1), 0);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
});
