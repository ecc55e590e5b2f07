// A request whose Request-URI a poster blanked out down to its scheme (`REFER sip: SIP/2.0`, the
// addresses of a desk phone's REFER removed before posting): the message is still there, read as
// the request it is, its Request-URI said not valid. A logged header whose value is the version
// (`Server: SIP/2.0` behind a log's prefix) stays no start line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const refer = [
	'REFER sip: SIP/2.0',
	'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK2982342611',
	'From: <sip:2001@example.com>;tag=2811361735',
	'To: <sip:2002@example.com>;tag=1c673289805',
	'Call-ID: 8aa398d5-3f45-49e9-911a-c28f04236812-2-1@example',
	'CSeq: 3 REFER',
	'Contact: <sip:2001@192.0.2.10:5060>',
	'Max-Forwards: 70',
	'Refer-To: <sip:2003@example.com>',
	'Event: refer',
	'Content-Length: 0',
	'',
	'',
].join('\r\n');

void test('a REFER whose Request-URI was blanked to `sip:` is read, its URI said not valid', () => {
	const a = analyzeTrace(refer);
	assert.deepEqual(
		a.messages.map((m) => [m.method, m.callId]),
		[['REFER', '8aa398d5-3f45-49e9-911a-c28f04236812-2-1@example']],
	);
	assert.deepEqual(
		a.problems.filter((p) => p.severity === 'error').map((p) => p.code),
		['message.bad-request-uri'],
	);
	for (const scheme of ['sips:', 'tel:', 'SIP:'])
		assert.equal(
			analyzeTrace(refer.replace('sip: SIP', `${scheme} SIP`)).messages.length,
			1,
			scheme,
		);
});

void test('a logged header line whose value is the version is no start line', () => {
	const log = ['DEBUG Server: SIP/2.0', 'DEBUG User-Agent: sip: SIP/2.0', ''].join('\n');
	assert.equal(analyzeTrace(log).messages.length, 0);
});
