// A NOTIFY copied out of a phone's PDF manual: the PDF broke `direction` at the line end with a
// hyphen (`dir-` / `ection="initiator"`). The document is sound once joined: said as the copy's
// doing, not as an invalid dialog-info body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const document = (dialog: string): string =>
	[
		'<?xml version="1.0"?>',
		'<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="1" state="full" entity="sip:1011@10.2.1.48">',
		dialog,
		'<state>confirmed</state>',
		'</dialog>',
		'</dialog-info>',
		'',
	].join('\r\n');
const notify = (body: string): string =>
	[
		'NOTIFY sip:1012@10.2.1.49:5062 SIP/2.0',
		'Via: SIP/2.0/UDP 10.2.1.48:5060;branch=z9hG4bK1',
		'Max-Forwards: 70',
		'From: <sip:1011@10.2.1.48>;tag=2331766736',
		'To: <sip:1012@10.2.1.48>;tag=1786911541',
		'Call-ID: 65626@10.2.1.49',
		'CSeq: 3 NOTIFY',
		'Contact: <sip:1011@10.2.1.48:5060>',
		'Event: dialog',
		'Subscription-State: active;expires=1800',
		'Content-Type: application/dialog-info+xml',
		`Content-Length: ${Buffer.byteLength(body)}`,
		'',
		body,
	].join('\r\n');
const said = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code.startsWith('body.'))
		.map((p) => [p.code, p.severity]);

void test("an attribute's name a PDF broke at a line end with a hyphen: read joined, said as the copy's", () => {
	const broken = document(
		'<dialog id="65626" call-id="65626@10.2.1.49" dir-\r\nection="initiator">',
	);
	const problems = analyzeTrace(notify(broken)).problems.filter((p) => p.code.startsWith('body.'));
	assert.deepEqual(
		problems.map((p) => [p.code, p.severity]),
		[['body.invalid', 'information']],
	);
	assert.match(problems[0]!.message, /broke at a line end with a hyphen/);
	// Whole, nothing is said; with another fault too, that fault is still said.
	assert.deepEqual(
		said(notify(document('<dialog id="65626" call-id="65626@10.2.1.49" direction="initiator">'))),
		[],
	);
	const badState = broken.replace('confirmed', 'talking');
	assert.ok(
		said(notify(badState)).some(
			([code, severity]) => code === 'body.invalid-dialog-info' && severity === 'error',
		),
	);
});
