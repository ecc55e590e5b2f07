// A PRACK's RAck (RFC 3262 §7.2) against the reliable provisional responses of its dialog. The
// shape of a public VoNR call's notes (an IMS handset's INVITE, the network's 183 with RSeq 1 and
// Require: 100rel, the PRACK with `RAck: 1 1 INVITE` and its 200), SDP left out, edited into the
// faults a UAS answers with 481.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const from = 'From: <sip:+8616500000061@ims.mnc000.mcc000.3gppnetwork.org>;tag=rvecbSk';
const to = 'To: "8616500000062" <tel:+8616500000062>;tag=464889803917';
const callId = 'Call-ID: quecbSk9i@222.222.2.27';
const invite = [
	'INVITE tel:+8616500000062 SIP/2.0',
	'Via: SIP/2.0/UDP 222.222.2.27:5060;branch=z9hG4bKswecbCEJ7GcqBMwaay6Y;rport',
	from,
	'To: "8616500000062"<tel:+8616500000062>',
	callId,
	'CSeq: 1 INVITE',
	'Max-Forwards: 70',
	'Contact: <sip:+8616500000061@222.222.2.27:5060>',
	'Supported: 100rel,precondition',
	'Content-Length: 0',
	'',
	'',
];
const progress = [
	'SIP/2.0 183 Session Progress',
	'Require: 100rel,precondition',
	'Via: SIP/2.0/UDP 222.222.2.27:5060;branch=z9hG4bKswecbCEJ7GcqBMwaay6Y;rport=5060',
	from,
	callId,
	to,
	'CSeq: 1 INVITE',
	'Contact: <sip:+8616500000062@172.16.106.38:5060;transport=udp>',
	'RSeq: 1',
	'Content-Length: 0',
	'',
	'',
];
const prack = (rack: string | null) => [
	'PRACK sip:+8616500000062@172.16.106.38:5060;transport=udp SIP/2.0',
	from,
	to,
	callId,
	'CSeq: 2 PRACK',
	'Max-Forwards: 70',
	'Via: SIP/2.0/UDP 222.222.2.27:5060;branch=z9hG4bKtxecbCEJ7GcqBMwaaq6Y;rport',
	...(rack === null ? [] : [`RAck: ${rack}`]),
	'Content-Length: 0',
	'',
	'',
];
const answer = (status: string) => [
	`SIP/2.0 ${status}`,
	'Via: SIP/2.0/UDP 222.222.2.27:5060;branch=z9hG4bKtxecbCEJ7GcqBMwaaq6Y;rport=5060',
	to,
	from,
	callId,
	'CSeq: 2 PRACK',
	'Content-Length: 0',
	'',
	'',
];
const trace = (rack: string | null, status = '200 OK') =>
	[...invite, ...progress, ...prack(rack), ...answer(status)].join('\n');
const found = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => /rack/.test(p.code))
		.map((p) => ({
			code: p.code,
			line: text.slice(0, p.span.start).split('\n').length - 1,
			message: p.message,
		}));
const rackLine = (text: string) => text.slice(0, text.indexOf('RAck:')).split('\n').length - 1;

test('as published, RAck 1 1 INVITE acknowledges the 183 with RSeq 1: nothing is said', () => {
	assert.deepEqual(found(trace('1 1 INVITE')), []);
});

test("a RAck naming the 183's RSeq under another CSeq: an error on the RAck, the 183 beside it", () => {
	const text = trace('1 2 INVITE');
	const problems = found(text);
	assert.equal(problems.length, 1);
	assert.equal(problems[0]!.code, 'prack.rack-mismatch');
	assert.equal(problems[0]!.line, rackLine(text));
	assert.match(problems[0]!.message, /RSeq 1 of CSeq 2 INVITE.*183 with RSeq 1, CSeq 1 INVITE/);
});

test('another RSeq, answered 481 by the UAS: said; not answered so, the capture may lack a response', () => {
	const refused = trace('2 1 INVITE', '481 Call/Transaction Does Not Exist');
	assert.equal(found(refused)[0]?.code, 'prack.rack-mismatch');
	assert.deepEqual(found(trace('2 1 INVITE')), []);
});

test('a RAck not written as three values, or none at all, is an error', () => {
	for (const bad of ['1,1,INVITE', '1 INVITE', 'x 1 INVITE']) {
		const text = trace(bad);
		const problems = found(text);
		assert.deepEqual(
			problems.map((p) => [p.code, p.line]),
			[['rack.malformed', rackLine(text)]],
			bad,
		);
	}
	const none = trace(null);
	assert.deepEqual(
		found(none).map((p) => p.code),
		['prack.missing-rack'],
	);
});
