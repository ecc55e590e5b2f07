// `Via: SIP/2.0/UDP 127.0.1.1:5077;received=`: a received parameter with no value (a test tool's
// 400, which Kamailio then refused as a bad Via). It is an IP address (RFC 3261 §18.2.1, §25.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const response = (via: string) =>
	[
		'SIP/2.0 400 Bad Request',
		`Via: ${via}`,
		'From: <sip:a@127.0.0.1>;tag=1',
		'To: <sip:b@127.0.0.1>;tag=2',
		'Call-ID: r-1@127.0.1.1',
		'CSeq: 1 OPTIONS',
		'Server: fss',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
const said = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'via.empty-received')
		.map((p) => text.slice(p.span.start, p.span.end));

void test('a Via whose received parameter has no value is said; one with an address, or without it, is not', () => {
	assert.deepEqual(said(response('SIP/2.0/UDP 127.0.1.1:5077;branch=z9hG4bK-1;received=')), [
		'SIP/2.0/UDP 127.0.1.1:5077;branch=z9hG4bK-1;received=',
	]);
	assert.deepEqual(
		said(response('SIP/2.0/UDP 127.0.1.1:5077;branch=z9hG4bK-1;received=10.0.0.1')),
		[],
	);
	assert.deepEqual(said(response('SIP/2.0/UDP 127.0.1.1:5077;branch=z9hG4bK-1;rport')), []);
});
