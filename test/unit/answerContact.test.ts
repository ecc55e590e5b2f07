// A response that makes a dialog gives the UAS's own Contact (RFC 3261 §12.1.1). Shaped as a
// GB/T 28181 device's answer posted in an issue (481s on its NOTIFYs): its 200 to the platform's
// SUBSCRIBE names the platform's own Contact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const trace = (answerContact: string): string =>
	[
		'SUBSCRIBE sip:34020000001320000001@192.168.3.64:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 192.168.3.182:5060;rport;branch=z9hG4bK1939',
		'From: <sip:34020000002000000002@3402000000>;tag=784',
		'To: <sip:34020000001320000001@3402000000>',
		'Call-ID: 6421@192.168.3.182',
		'CSeq: 20 SUBSCRIBE',
		'Contact: <sip:34020000002000000002@192.168.3.182:5060>',
		'Max-Forwards: 70',
		'Event: Catalog',
		'Expires: 3600',
		'Content-Length: 0',
		'',
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/UDP 192.168.3.182:5060;rport=5060;branch=z9hG4bK1939',
		'From: <sip:34020000002000000002@3402000000>;tag=784',
		'To: <sip:34020000001320000001@3402000000>;tag=1201',
		'Call-ID: 6421@192.168.3.182',
		'CSeq: 20 SUBSCRIBE',
		`Contact: ${answerContact}`,
		'Expires: 3600',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
const said = (text: string) =>
	analyzeTrace(text).problems.filter((p) => p.code === 'response.contact-is-requester');

void test("a 200 to SUBSCRIBE whose Contact is the SUBSCRIBE's own: warned, the request's Contact related", () => {
	const text = trace('<sip:34020000002000000002@192.168.3.182:5060>');
	const found = said(text);
	assert.equal(found.length, 1);
	assert.ok(found[0]!.span.start > text.indexOf('SIP/2.0 200 OK'));
	assert.ok(found[0]!.related![0]!.span.start < text.indexOf('SIP/2.0 200 OK'));
	// The same address with the default port written out, or another parameter, is the same.
	assert.equal(said(trace('<sip:34020000002000000002@192.168.3.182;transport=udp>')).length, 1);
});

void test("a 200 whose Contact is the device's own: nothing said", () => {
	assert.deepEqual(said(trace('<sip:34020000001320000001@192.168.3.64:5060>')), []);
});
