// sngrep's text export writes `(null) (null)` where a packet's date and time could not be
// printed (seen in a Kamailio issue's export of SIPp traffic): the line still heads the message
// and gives its addresses; only its time is unknown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const register = [
	'REGISTER sip:127.0.0.1:5060 SIP/2.0',
	'Via: SIP/2.0/UDP 172.17.0.4:5061;branch=z9hG4bK-28433-1-0',
	'From: <sip:3000@127.0.0.1>;tag=1',
	'To: <sip:3000@127.0.0.1>',
	'Call-ID: 1-28433@172.17.0.4',
	'CSeq: 1 REGISTER',
	'Contact: <sip:3000@172.17.0.4:5061>',
	'Max-Forwards: 70',
	'Expires: 120',
	'Content-Length: 0',
];
const ok = [
	'SIP/2.0 200 OK',
	'Via: SIP/2.0/UDP 172.17.0.4:5061;branch=z9hG4bK-28433-1-0;received=127.0.0.1',
	'From: <sip:3000@127.0.0.1>;tag=1',
	'To: <sip:3000@127.0.0.1>;tag=b27e',
	'Call-ID: 1-28433@172.17.0.4',
	'CSeq: 1 REGISTER',
	'Contact: <sip:3000@172.17.0.4:5061>;expires=120',
	'Content-Length: 0',
];

void test('`(null) (null) a -> b` heads its message in an sngrep export: its addresses, no time', () => {
	const text = [
		'2015/08/06 20:26:33.903451 127.0.0.1:5061 -> 127.0.0.1:5060',
		...register,
		'',
		'',
		'(null) (null) 127.0.0.1:5060 -> 127.0.0.1:5061',
		...ok,
		'',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sngrep');
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.src, m.frame.dst, m.frame.time]),
		[
			['REGISTER', '127.0.0.1:5061', '127.0.0.1:5060', '2015-08-06T20:26:33.903451'],
			[200, '127.0.0.1:5060', '127.0.0.1:5061', null],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
	assert.deepEqual(
		a.noise.filter((n) => /\(null\)/.test(text.slice(n.start, n.end))),
		[],
	);
});
