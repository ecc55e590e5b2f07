// Via's sent-by as RFC 3261 §25.1 writes it: `host [ COLON port ]`, where COLON is SWS ":" SWS,
// so `192.168.0.109: 45456` (as drachtio-srf#156 shows a client sending it) is a valid Via.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const options = (via: string): string =>
	[
		'OPTIONS sip:bob@example.com SIP/2.0',
		`Via: ${via}`,
		'From: <sip:alice@example.com>;tag=a1',
		'To: <sip:bob@example.com>',
		'Call-ID: c1@example.com',
		'CSeq: 1 OPTIONS',
		'Max-Forwards: 70',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');

test('white space around the colon of sent-by is allowed and not kept', () => {
	for (const via of [
		'SIP/2.0/UDP 192.168.0.109: 45456;branch=z9hG4bK-1;rport',
		'SIP/2.0/UDP 192.168.0.109 :45456;branch=z9hG4bK-1;rport',
		'SIP/2.0/UDP 192.168.0.109 : 45456 ;branch=z9hG4bK-1;rport',
	]) {
		const a = analyzeTrace(options(via));
		const v = a.messages[0]!.vias[0]!;
		assert.equal(v.sentBy, '192.168.0.109:45456', via);
		assert.equal(v.branch, 'z9hG4bK-1', via);
		assert.equal(v.rport, '', via);
		assert.deepEqual(
			a.problems.filter((p) => p.code === 'header.bad-via').map((p) => p.message),
			[],
			via,
		);
	}
});

test('a sent-by with white space inside the host is still a bad Via', () => {
	const a = analyzeTrace(options('SIP/2.0/UDP 192.168 .0.109:5060;branch=z9hG4bK-1'));
	assert.equal(a.problems.filter((p) => p.code === 'header.bad-via').length, 1);
});
