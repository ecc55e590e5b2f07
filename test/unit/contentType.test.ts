// Content-Type is a media type, `type/subtype` and parameters (RFC 3261 §20.15, §25.1): one that
// is not cannot tell the receiver what the body is. A copy's damage to it is the copy's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const notify = (contentType: string) => {
	const body =
		'<?xml version="1.0"?>\r\n<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="0" state="full" entity="sip:100@example.com"/>\r\n';
	return [
		'NOTIFY sip:200@192.0.2.20 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKct1',
		'Max-Forwards: 70',
		'From: <sip:100@example.com>;tag=n1',
		'To: <sip:200@example.com>;tag=s1',
		'Call-ID: ct1@192.0.2.1',
		'CSeq: 2 NOTIFY',
		'Contact: <sip:100@192.0.2.1>',
		'Event: dialog',
		'Subscription-State: active;expires=600',
		`Content-Type: ${contentType}`,
		`Content-Length: ${body.length}`,
		'',
		body,
	].join('\r\n');
};
const said = (contentType: string) =>
	analyzeTrace(notify(contentType))
		.problems.filter((p) => p.code === 'header.bad-content-type')
		.map((p) => p.severity);

void test('a Content-Type that is no media type is an error; type/subtype with parameters is not', () => {
	// A forum's BLF NOTIFY: `application/xml + dialog` for RFC 4235's dialog-info+xml.
	assert.deepEqual(said('application/xml + dialog'), ['error']);
	assert.deepEqual(said('dialog-info'), ['error']);
	for (const fine of [
		'application/dialog-info+xml',
		'application/dialog-info+xml;charset=UTF-8',
		'application/dialog-info+xml; charset="UTF-8"',
		'APPLICATION/Dialog-Info+XML ;',
	])
		assert.deepEqual(said(fine), [], fine);
});

void test("a copy's damage (typographic quotes, a program's escapes, a glued header) is not said", () => {
	assert.deepEqual(said('application/dialog-info+xml; charset=”UTF-8”'), []);
	assert.deepEqual(said('application/dialog-info+xml;charset=\\"UTF-8\\"'), []);
	assert.deepEqual(said('application/dialog-info+xml Content-Length: 0'), []);
});
