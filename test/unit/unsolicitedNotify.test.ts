// A NOTIFY outside every subscription (no To tag, no SUBSCRIBE or REFER of its Call-ID): an
// unsolicited message-summary, as Asterisk sends to a JsSIP client, which answers 405 (JsSIP's
// issue 63). Said where the peer rejects it, with the response it drew; not where it is taken.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';

const body =
	'Messages-Waiting: no\r\nMessage-Account: sip:asterisk@192.0.2.10\r\nVoice-Message: 0/0 (0/0)\r\n';
const notify = [
	'NOTIFY sip:1062@198.51.100.31;transport=ws SIP/2.0',
	'Via: SIP/2.0/WS 192.0.2.10:5060;branch=z9hG4bK3744afe5;rport',
	'Max-Forwards: 70',
	'From: "asterisk" <sip:asterisk@192.0.2.10>;tag=as66d81c75',
	'To: <sip:1062@198.51.100.31;transport=ws>',
	'Contact: <sip:asterisk@192.0.2.10:5060;transport=ws>',
	'Call-ID: 7b1c8476511a4573703762d007d57c95@192.0.2.10:5060',
	'CSeq: 102 NOTIFY',
	'Event: message-summary',
	'Subscription-State: active',
	'Content-Type: application/simple-message-summary',
	`Content-Length: ${body.length}`,
	'',
	body,
].join('\r\n');
const answer = (status: string) =>
	[
		`SIP/2.0 ${status}`,
		'Via: SIP/2.0/WS 192.0.2.10:5060;branch=z9hG4bK3744afe5;rport',
		'To: <sip:1062@198.51.100.31;transport=ws>;tag=gouo2ac9yk',
		'From: "asterisk" <sip:asterisk@192.0.2.10>;tag=as66d81c75',
		'Call-ID: 7b1c8476511a4573703762d007d57c95@192.0.2.10:5060',
		'CSeq: 102 NOTIFY',
		'Allow: INVITE,ACK,CANCEL,BYE,OPTIONS,MESSAGE',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
const said = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'notify.unsolicited-rejected')
		.map((p) => [
			text.slice(p.span.start, p.span.end),
			p.severity,
			p.related?.map((r) => text.slice(r.span.start, r.span.end)),
		]);

void test('an unsolicited NOTIFY the peer rejects (405, 481) is said, with the response', () => {
	for (const status of ['405 Method Not Allowed', '481 Call/Transaction Does Not Exist'])
		assert.deepEqual(said(notify + answer(status)), [
			[notify.split('\r\n')[0], 'warning', [`SIP/2.0 ${status}`]],
		]);
	assert.match(
		analyzeTrace(notify + answer('405 Method Not Allowed')).problems.find(
			(p) => p.code === 'notify.unsolicited-rejected',
		)!.message,
		/RFC 6665 §4\.1\.3/,
	);
});

void test('an unsolicited NOTIFY the peer takes (200), or one not answered in the trace, is not said', () => {
	assert.deepEqual(said(notify + answer('200 OK')), []);
	assert.deepEqual(said(notify), []);
});

void test('what the rejection means: 481 matches no subscription, 405 takes no NOTIFY outside one', () => {
	const message = (status: string): string =>
		analyzeTrace(notify + answer(status)).problems.find(
			(p) => p.code === 'notify.unsolicited-rejected',
		)!.message;
	// RFC 6665 §4.1.3 has a subscriber answer 481 to a NOTIFY that matches none of its.
	assert.match(
		message('481 Call/Transaction Does Not Exist'),
		/rejects it with 481: no subscription of its matches it \(RFC 6665 §4\.1\.3\)/,
	);
	// JsSIP's 405 says it takes no NOTIFY at all outside a subscription, not what §4.1.3 asks.
	const refused = message('405 Method Not Allowed');
	assert.match(refused, /rejects it with 405: it takes no NOTIFY outside a subscription/);
	assert.match(refused, /answer 481/);
	assert.doesNotMatch(refused, /as a subscriber does/);
});
