// A body a paste left out (its message's empty line, then at once the next message's start line):
// the length problem is said on the message's own Content-Length, not on the next message's
// start line, where the missing body would have begun. Shape from an annotated IMS call flow
// (a Huawei UE's INVITE whose SDP the notes left out, then the proxy's 100 Trying).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';

const trace = [
	'INVITE tel:1012;phone-context=ims.mnc001.mcc001.3gppnetwork.org SIP/2.0',
	'From: <sip:1013@ims.mnc001.mcc001.3gppnetwork.org>;tag=quecbbP',
	'To: "1012"<tel:1012;phone-context=ims.mnc001.mcc001.3gppnetwork.org>',
	'Call-ID: ttecbbPKc@182.0.3.113',
	'CSeq: 1 INVITE',
	'Max-Forwards: 70',
	'Contact: <sip:1013@182.0.3.113:5060>',
	'Via: SIP/2.0/TCP 182.0.3.113:5060;branch=z9hG4bKrvecbbPKcWj1EbefaynY;rport',
	'Content-Type: application/sdp',
	'Content-Length: 770',
	'',
	'SIP/2.0 100 Trying',
	'From: <sip:1013@ims.mnc001.mcc001.3gppnetwork.org>;tag=quecbbP',
	'To: "1012"<tel:1012;phone-context=ims.mnc001.mcc001.3gppnetwork.org>',
	'Call-ID: ttecbbPKc@182.0.3.113',
	'CSeq: 1 INVITE',
	'Via: SIP/2.0/TCP 182.0.3.113:5060;rport=5060;branch=z9hG4bKrvecbbPKcWj1EbefaynY',
	'Content-Length: 0',
	'',
	'',
].join('\r\n');

void test('a body left out is said on the Content-Length of its message, not on the next start line', () => {
	const a = analyzeTrace(trace);
	assert.equal(a.messages.length, 2);
	const lengths = a.problems.filter((p) => p.code === 'content-length.mismatch');
	assert.equal(lengths.length, 1);
	assert.equal(trace.slice(lengths[0]!.span.start, lengths[0]!.span.end), '770');
	const [invite, trying] = a.messages;
	assert.ok(lengths[0]!.span.start < invite!.frame.span.end);
	assert.ok(lengths[0]!.span.start < trying!.startLine.start);
	assert.equal(a.index.requestOf(1), 0);
});
