// A body without Content-Length: over a stream its end is lost (RFC 3261 §20.14), over UDP the
// datagram ends it (§18.3) and the header is a SHOULD. Where the log says the message went over
// UDP (a Cisco CUBE `Received: SIP UDP message from ...`, an ngrep `U` line), only a hint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const invite = [
	'INVITE sip:100@192.0.2.2:5060 SIP/2.0',
	'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-udp-1',
	'From: <sip:200@192.0.2.1>;tag=a',
	'To: <sip:100@192.0.2.2>',
	'Call-ID: udp-1@192.0.2.1',
	'CSeq: 1 INVITE',
	'Contact: <sip:200@192.0.2.1:5060>',
	'Max-Forwards: 70',
	'Content-Type: application/sdp',
	'',
	'v=0',
	'o=- 1 1 IN IP4 192.0.2.1',
	's=-',
	'c=IN IP4 192.0.2.1',
	't=0 0',
	'm=audio 4000 RTP/AVP 0',
	'',
];
const said = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'content-length.missing-with-body')
		.map((p) => p.severity);

void test('a body without Content-Length in a message the log says went over UDP: a hint', () => {
	const text = [
		'U 2024/01/02 10:00:00.000000 192.0.2.1:5060 -> 192.0.2.2:5060',
		...invite,
		'',
	].join('\n');
	assert.equal(analyzeTrace(text).messages[0]!.frame.transport, 'UDP');
	assert.deepEqual(said(text), ['hint']);
});

void test('over TCP, or where the log does not say, it is said', () => {
	const tcp = ['T 2024/01/02 10:00:00.000000 192.0.2.1:5060 -> 192.0.2.2:5060', ...invite, ''].join(
		'\n',
	);
	assert.deepEqual(said(tcp), ['information']);
	assert.deepEqual(said(invite.join('\r\n')), ['information']);
});
