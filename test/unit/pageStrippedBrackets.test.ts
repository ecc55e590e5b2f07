// A web page that took each `<sip:...>` for an HTML tag and dropped it leaves `To: John`, `From:
// "0000000000" ;tag=...` and an empty Contact, in a message that holds no `<` at all (an ngrep
// paste in a blog, a gateway's guide). Said as the page's likely doing (information), as a Route
// without brackets already is; where the message holds a `<` elsewhere, the value is the sender's
// error.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';

const response = (contact: string) =>
	[
		'SIP/2.0 202 Accepted',
		'Via: SIP/2.0/UDP 192.168.3.50;branch=z9hG4bK776asdhds',
		`Contact: ${contact}`,
		'Expires: 3600',
		'To: John',
		'From: "0000000000" ;tag=as1b93c676',
		'Call-ID: 7b068be424cee3565279b5cb075e248b',
		'CSeq: 281 SUBSCRIBE',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
const found = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'header.bad-name-addr' || p.code === 'header.empty-contact')
		.map((p) => [p.code, p.severity]);

void test('From, To and Contact emptied of their URIs in a message without a `<`: the page’s', () => {
	const text = response('');
	assert.deepEqual(found(text), [
		['header.empty-contact', 'information'],
		['header.bad-name-addr', 'information'],
		['header.bad-name-addr', 'information'],
	]);
	assert.ok(
		analyzeTrace(text)
			.problems.filter((p) => p.code === 'header.bad-name-addr')
			.every((p) => /dropped it/.test(p.message)),
	);
});

void test('where another header holds a `<`, a From or To without a URI is the sender’s error', () => {
	assert.deepEqual(found(response('<sip:192.168.3.1:6060>')), [
		['header.bad-name-addr', 'error'],
		['header.bad-name-addr', 'error'],
	]);
});

void test('a URI a poster replaced by a word in square brackets (`<[redacted]>`) is the poster’s', () => {
	const text = response('<sip:192.168.3.1:6060>').replace(
		'From: "0000000000" ;tag=as1b93c676',
		'From: <[redacted]>;tag=gdLM-qmf3',
	);
	const found = analyzeTrace(text).problems.filter((p) => p.code === 'header.bad-name-addr');
	assert.deepEqual(
		found.map((p) => [p.severity, text.slice(p.span.start, p.span.end)]),
		[
			['error', 'John'],
			['information', '<[redacted]>;tag=gdLM-qmf3'],
		],
	);
});

void test('an empty From beside a To written as a bare URI is the sender’s error: no page dropped it', () => {
	// Kamailio 5.1.4's keepalive OPTIONS as ngrep printed it in an issue: `From: ;tag=uloc-...`
	// and `To: sip:foobar@...` (nathelper with no sipping_from set), no `<` anywhere.
	const options = (to: string) =>
		[
			'OPTIONS sip:foobar@[2003:a:c6b:8400::1]:6060;transport=udp SIP/2.0',
			'Via: SIP/2.0/UDP [2001:AB7::1]:5060;branch=z9hG4bK9474521',
			'From: ;tag=uloc-5b2b6211-355f-81fc4-3f1f9b57-6a9dc2',
			`To: ${to}`,
			'Call-ID: -6a9dc2-cac4404@2001:AB7:0:0:0:0:0:1',
			'CSeq: 1 OPTIONS',
			'Content-Length: 0',
			'',
			'',
		].join('\r\n');
	assert.deepEqual(found(options('sip:foobar@[2003:a:c6b:8400::1]:6060;transport=udp')), [
		['header.bad-name-addr', 'error'],
	]);
	// To emptied too (`To: Foo`): a page's doing, as above.
	assert.deepEqual(found(options('Foo')), [
		['header.bad-name-addr', 'information'],
		['header.bad-name-addr', 'information'],
	]);
});

void test('the tag a page left in a From or To without its URI still names the dialog: a NOTIFY is in its subscription', () => {
	// The shape of a phone manual's MWI example as a document site keeps it: each `<sip:...>`
	// dropped, `To: ;tag=...` left.
	const text = [
		'SUBSCRIBE sip:1001@192.0.2.16 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.20:5061;branch=z9hG4bK-44f9d0f0',
		'From: ;tag=ac6013983cce7526',
		'To: Voicemail',
		'Call-ID: 2a3df7b1-2b67e2f9@192.0.2.20',
		'CSeq: 63017 SUBSCRIBE',
		'Max-Forwards: 70',
		'Event: message-summary',
		'Expires: 3600',
		'Contact: ',
		'Content-Length: 0',
		'',
		'NOTIFY sip:1001@192.0.2.20:5061 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.16;branch=z9hG4bK-57ab02',
		'From: ;tag=ab789',
		'To: ;tag=ac6013983cce7526',
		'Call-ID: 2a3df7b1-2b67e2f9@192.0.2.20',
		'CSeq: 537 NOTIFY',
		'Max-Forwards: 70',
		'Event: message-summary',
		'Subscription-State: active;expires=30',
		'Contact: ',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages[1]!.to?.tag, 'ac6013983cce7526');
	assert.equal(a.index.subscriptionOf(1)?.creator, 0);
});

// The SPA9000 guide's line-seize NOTIFY: the page dropped the dialog-info document's tags with
// the headers' brackets, leaving `entity="sip:...">`.
const notify = (entity: string) =>
	[
		'NOTIFY sip:4085550101@192.168.0.4:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 192.168.0.1:6060;branch=z9hG4bK-1cae6e99',
		'From: PBX Line 1;tag=a1',
		'To: User-A;tag=b2',
		'Call-ID: 3ecb02c9-250f41cd@localhost',
		'CSeq: 56195 NOTIFY',
		'Event: dialog',
		'Subscription-State: active;expires=3600',
		'Content-Type: application/dialog-info+xml',
		`Content-Length: ${entity.length + 2}`,
		'',
		entity,
		'',
	].join('\r\n');
const bodyProblems = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code.startsWith('body.'))
		.map((p) => [p.code, p.severity]);

void test('an XML body without a `<` in a message without one: the page dropped its tags, not judged', () => {
	assert.deepEqual(bodyProblems(notify('entity="sip:4085550101@192.168.0.1:6060">')), [
		['body.invalid', 'information'],
	]);
});

void test('a dialog-info body without a `<` where a header holds one is the sender’s invalid document', () => {
	const text = notify('entity="sip:4085550101@192.168.0.1:6060">').replace(
		'To: User-A;tag=b2',
		'To: <sip:4085550101@192.168.0.4>;tag=b2',
	);
	assert.deepEqual(bodyProblems(text), [['body.invalid-dialog-info', 'error']]);
});
