// A request's top Via without a branch (RFC 3261 §8.1.1.7 requires one; RFC 2543 had none).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';

// jsipdialer's INVITE as its log prints it (a doorbell's dialer, in a GitHub issue): rport
// (RFC 3581) but no branch.
const invite = (via: string): string =>
	[
		'INVITE sip:100@192.168.0.8 SIP/2.0',
		'CSeq: 1 INVITE',
		'Call-ID: 1020782030@192.168.0.22',
		'From: "Klingel <5>" <sip:klingel@192.168.0.8>;tag=0864381819',
		`Via: ${via}`,
		'To: <sip:100@192.168.0.8>',
		'Max-Forwards: 70',
		'Contact: "klingel" <sip:klingel@192.168.0.8:44394;transport=udp>',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');

const branchProblems = (text: string): string[] =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'via.missing-branch')
		.map((p) => p.severity);

void test('a top Via without branch is said: a warning with rport, a hint from an RFC 2543 peer', () => {
	assert.deepEqual(branchProblems(invite('SIP/2.0/UDP 192.168.0.22:44394;rport=44394')), [
		'warning',
	]);
	assert.deepEqual(branchProblems(invite('SIP/2.0/UDP 192.168.0.22:44394')), ['hint']);
	assert.deepEqual(
		branchProblems(invite('SIP/2.0/UDP 192.168.0.22:44394;branch=z9hG4bK1;rport')),
		[],
	);
});

void test('a Via the poster replaced by a placeholder (`SIP/2.0/UDP <<REMOVED>>`): no branch said missing, its response not said to differ', () => {
	// An Asterisk forum post's chan_sip BYE to Twilio, its Vias masked, and the 200 that kept its
	// branch.
	for (const mask of ['<<REMOVED>>', '<proxy address>', '{{host}}'])
		assert.deepEqual(branchProblems(invite(`SIP/2.0/UDP ${mask}`)), [], mask);
	const bye = [
		'BYE sip:+15551234567@54.172.60.1:5060 SIP/2.0',
		'Via: SIP/2.0/UDP <<REMOVED>>',
		'Max-Forwards: 70',
		'From: <sip:alice@192.0.2.1>;tag=09977975',
		'To: <sip:+15551234567@54.172.60.1>;tag=as289b691a',
		'Call-ID: 3ca63b4114c4730415f57b1b217d040e@192.0.2.1:5060',
		'CSeq: 102 BYE',
		'Content-Length: 0',
		'',
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/UDP 54.172.60.1:5060;branch=z9hG4bK9d39.72521cd1.0',
		'From: <sip:alice@192.0.2.1>;tag=09977975',
		'To: <sip:+15551234567@54.172.60.1>;tag=as289b691a',
		'Call-ID: 3ca63b4114c4730415f57b1b217d040e@192.0.2.1:5060',
		'CSeq: 102 BYE',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	const a = analyzeTrace(bye);
	assert.equal(a.index.requestOf(1), 0);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
});
