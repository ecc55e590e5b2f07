// A message whose Call-ID is empty and whose CSeq is no CSeq (a fuzzer's BYE, as OpenSIPS logged
// it whole in its parse error): those headers are there, malformed, so the message is no excerpt
// a copy shortened; the Via it lacks is said missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const bye = (callId: string, cseq: string) =>
	[
		'BYE sip:@:5060 SIP/2.0',
		'To: <:>',
		'From: <:>',
		`Call-ID:${callId}`,
		`CSeq: ${cseq}`,
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
const codes = (text: string) => analyzeTrace(text).problems.map((p) => p.code);

void test('an empty Call-ID and a CSeq without method are present: the missing Via is said, no excerpt', () => {
	const found = codes(bye('', '0'));
	assert.ok(found.includes('header.missing-via'), found.join());
	assert.ok(found.includes('header.bad-call-id'), found.join());
	assert.ok(found.includes('header.bad-cseq'), found.join());
	assert.ok(!found.includes('message.truncated'), found.join());
});

void test('without Via, Call-ID or CSeq at all, the message is still read as an excerpt', () => {
	const excerpt = [
		'BYE sip:bob@example.com SIP/2.0',
		'To: <sip:bob@example.com>;tag=1',
		'From: <sip:a@example.com>;tag=2',
		'',
		'',
	].join('\r\n');
	const found = codes(excerpt);
	assert.ok(found.includes('message.truncated'), found.join());
	assert.ok(!found.includes('header.missing-via'), found.join());
});

void test("an excerpt's From without a tag is not said to lack one: the tag may have gone with the headers left out", () => {
	const excerpt = [
		'SUBSCRIBE sip:192.168.1.10:5060 SIP/2.0',
		'From: "User A" <sip:101@192.168.1.10>',
		'To: <sip:103@192.168.1.10>',
		'Accept: application/dialog-info+xml',
		'Event: dialog',
		'',
		'',
	].join('\r\n');
	assert.ok(!codes(excerpt).includes('from.missing-tag'), codes(excerpt).join());
	// A whole request without it is told.
	const whole = excerpt.replace(
		'To: <sip:103@192.168.1.10>',
		'To: <sip:103@192.168.1.10>\r\nVia: SIP/2.0/UDP 192.168.1.20;branch=z9hG4bK-x\r\nCall-ID: x-1\r\nCSeq: 1 SUBSCRIBE',
	);
	assert.ok(codes(whole).includes('from.missing-tag'), codes(whole).join());
});
