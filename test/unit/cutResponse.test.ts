// A response the trace cuts inside its headers (an issue's paste that stops at `CSeq: 33146 RE`,
// or before its Call-ID) still names its client transaction by its top Via's branch and sent-by
// (RFC 3261 §17.1.3): where one transaction of the trace has them, it answers that request, and
// what the cut left of its last line is not taken for a fault. An INVITE's branch is its
// CANCEL's too: a cut response there answers either, and none is chosen.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';

const via = 'Via: SIP/2.0/UDP 192.168.1.20:5060;rport;branch=z9hG4bKPjc4b3d9e5';
const register = [
	'REGISTER sip:pbx.example.com SIP/2.0',
	via,
	'Max-Forwards: 70',
	'From: <sip:1001@pbx.example.com>;tag=9b1c',
	'To: <sip:1001@pbx.example.com>',
	'Call-ID: 7e2b0e2c8d2f4c0f9e5b1a3d6c8e0f12',
	'CSeq: 33146 REGISTER',
	'Contact: <sip:1001@192.168.1.20:5060>',
	'Expires: 300',
	'Content-Length: 0',
	'',
	'',
].join('\r\n');
const challenge = [
	'SIP/2.0 401 Unauthorized',
	`${via};received=203.0.113.9`,
	'From: <sip:1001@pbx.example.com>;tag=9b1c',
	'To: <sip:1001@pbx.example.com>;tag=z9hG4bKPjc4',
];

void test('a 401 cut inside its CSeq answers the REGISTER its branch names', () => {
	const text = `${register}${[...challenge, 'Call-ID: 7e2b0e2c8d2f4c0f9e5b1a3d6c8e0f12', 'CSeq: 33146 RE'].join('\r\n')}\r\n`;
	const a = analyzeTrace(text);
	assert.equal(a.index.requestOf(1), 0);
	assert.ok(!a.problems.some((p) => p.code === 'response.no-request'));
});

void test('a 401 cut inside its Call-ID answers the REGISTER, and its cut Call-ID is no mismatch', () => {
	const text = `${register}${[...challenge, 'Call-ID: 7e2b0e2c8d2f'].join('\r\n')}\r\n`;
	const a = analyzeTrace(text);
	assert.equal(a.index.requestOf(1), 0);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['message.truncated'],
	);
});

void test("a cut response with an INVITE's branch, its CANCEL's too, answers neither", () => {
	const invite = register
		.replace('REGISTER sip:pbx.example.com', 'INVITE sip:1002@pbx.example.com')
		.replace('33146 REGISTER', '1 INVITE');
	const cancel = invite
		.replace('INVITE sip:1002', 'CANCEL sip:1002')
		.replace('1 INVITE', '1 CANCEL');
	const text = `${invite}${cancel}${['SIP/2.0 200 OK', via, 'From: <sip:1001@pbx.example.com>;tag=9b1c'].join('\r\n')}\r\n`;
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 3);
	assert.equal(a.index.requestOf(2), null);
});
