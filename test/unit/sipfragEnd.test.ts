// A message/sipfrag body opens with a whole start line, CRLF included (RFC 3420 §2). AudioCodes'
// Mediant sent a REFER's NOTIFY with `SIP/2.0 100 Trying` in 18 octets (JsSIP issue 556: the
// subscriber could not parse it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const notify = (body: string, length: number): string =>
	[
		'NOTIFY sip:alice@192.0.2.5:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKac1',
		'Max-Forwards: 70',
		'From: <sip:bob@example.com>;tag=b1',
		'To: <sip:alice@example.com>;tag=a1',
		'Call-ID: refer-1@192.0.2.5',
		'CSeq: 2 NOTIFY',
		'Contact: <sip:bob@192.0.2.9:5060>',
		'Event: refer;id=7498',
		'Subscription-State: active;expires=300',
		'Content-Type: message/sipfrag;version=2.0',
		`Content-Length: ${length}`,
		'',
		body,
		'',
	].join('\r\n');
const said = (text: string) =>
	analyzeTrace(text).problems.filter((p) => p.code === 'body.bad-sipfrag');

void test("a sipfrag whose Content-Length leaves out its start line's CRLF is warned of", () => {
	const found = said(notify('SIP/2.0 100 Trying', 18));
	assert.equal(found.length, 1);
	assert.match(found[0]!.message, /\(18 octets\)/);
	assert.equal(said(notify('SIP/2.0 503 Service Unavailable', 31)).length, 1);
});

void test("a sipfrag counted with its CRLF, or a page's markup counted in its place, is not", () => {
	assert.deepEqual(said(notify('SIP/2.0 100 Trying', 20)), []);
	// JsSIP issue 493 as GitHub shows it: `**` closing the bold where the CRLF was, 20 octets.
	assert.deepEqual(said(notify('SIP/2.0 100 Trying**', 20)), []);
});
