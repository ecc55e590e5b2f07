// A request inside a dialog goes to the remote target, the URI of the peer's Contact (RFC 3261
// §12.2.1.1, §13.2.2.4 for the ACK to a 2xx). Shaped as SIPp's own logs show a scenario whose BYE
// was written to the To URI (`sip:bob@127.0.0.1`, where bob's Contact gave port 45065).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const headers = (
	method: string,
	cseq: number,
	toTag: string | null,
	via = 'z9hG4bK-1',
): string[] => [
	`Via: SIP/2.0/UDP 127.0.0.1:45061;branch=${via}`,
	'From: <sip:alice@127.0.0.1>;tag=a1',
	`To: <sip:bob@127.0.0.1>${toTag ? `;tag=${toTag}` : ''}`,
	'Call-ID: call-1@127.0.0.1',
	`CSeq: ${cseq} ${method}`,
];
/** The INVITE and its final response, bob's Contact in it. */
const answered = (status: string): string[] => [
	'INVITE sip:bob@127.0.0.1 SIP/2.0',
	...headers('INVITE', 1, null),
	'Max-Forwards: 70',
	'Contact: <sip:alice@127.0.0.1:45061>',
	'Content-Length: 0',
	'',
	`SIP/2.0 ${status}`,
	...headers('INVITE', 1, 'b1'),
	'Contact: <sip:bob@127.0.0.1:45065;transport=udp>',
	'Content-Length: 0',
	'',
];
const call = (byeUri: string, extra: string[] = [], byeVias: string[] = []): string =>
	[
		...answered('200 OK'),
		'ACK sip:bob@127.0.0.1:45065 SIP/2.0',
		...headers('ACK', 1, 'b1', 'z9hG4bK-2'),
		'Max-Forwards: 70',
		'Content-Length: 0',
		'',
		`BYE ${byeUri} SIP/2.0`,
		...byeVias,
		...headers('BYE', 2, 'b1', 'z9hG4bK-3'),
		'Max-Forwards: 70',
		...extra,
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
const said = (text: string) =>
	analyzeTrace(text).problems.filter((p) => p.code === 'dialog.request-uri-not-target');

void test("a BYE sent to the To URI, not the peer's Contact: warned on its Request-URI", () => {
	const text = call('sip:bob@127.0.0.1');
	const found = said(text);
	assert.equal(found.length, 1);
	assert.equal(text.slice(found[0]!.span.start, found[0]!.span.end), 'sip:bob@127.0.0.1');
	assert.match(found[0]!.message, /peer's Contact \(sip:bob@127\.0\.0\.1:45065;transport=udp\)/);
});

void test('a BYE to the Contact (its parameters aside), one a proxy forwarded, or one strictly routed: nothing said', () => {
	assert.deepEqual(said(call('sip:bob@127.0.0.1:45065')), []);
	assert.deepEqual(said(call('sip:bob@127.0.0.1:45065;transport=UDP')), []);
	// A proxy's copy: the Request-URI may be the proxy's rewriting (a NAT helper's alias).
	assert.deepEqual(
		said(call('sip:bob@192.0.2.1:5060', [], ['Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-p'])),
		[],
	);
	// A strict router's URI goes in the Request-URI (RFC 3261 §12.2.1.1).
	assert.deepEqual(
		said(call('sip:proxy@127.0.0.1:5060', ['Route: <sip:bob@127.0.0.1:45065>'])),
		[],
	);
	// A GRUU is resolved by the peer's home proxy (RFC 5627): the request may carry what it
	// resolved to (Skype for Business's front end sends to the client's connection so).
	assert.deepEqual(
		said(
			call('sip:198.51.100.4:2140;transport=tls').replace(
				'Contact: <sip:bob@127.0.0.1:45065;transport=udp>',
				'Contact: <sip:bob@example.com;gr=urn:uuid:f81d4fae>',
			),
		),
		[],
	);
	// A loose one does not: the Request-URI is still the target.
	assert.equal(
		said(call('sip:proxy@127.0.0.1:5060', ['Route: <sip:proxy@127.0.0.1:5060;lr>'])).length,
		1,
	);
});

void test("an ACK to a non-2xx keeps its INVITE's Request-URI: not judged as a request in the dialog", () => {
	const text = [
		...answered('486 Busy Here'),
		'ACK sip:bob@127.0.0.1 SIP/2.0',
		...headers('ACK', 1, 'b1'),
		'Max-Forwards: 70',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	assert.deepEqual(said(text), []);
});

void test('a NOTIFY in the dialog whose SUBSCRIBE the trace lacks: not judged, that SUBSCRIBE may have given another target', () => {
	// The shape of a CUCM KPML exchange: the phone's NOTIFY of digits inside the call's dialog,
	// sent to the address CUCM's SUBSCRIBE (not in the excerpt) gave as its Contact.
	const notify = (uri: string): string[] => [
		`NOTIFY ${uri} SIP/2.0`,
		'Via: SIP/2.0/UDP 127.0.0.1:45065;branch=z9hG4bK-n1',
		'From: <sip:bob@127.0.0.1>;tag=b1',
		'To: <sip:alice@127.0.0.1>;tag=a1',
		'Call-ID: call-1@127.0.0.1',
		'CSeq: 102 NOTIFY',
		'Max-Forwards: 70',
		'Event: kpml',
		'Subscription-State: active;expires=7200',
		'Contact: <sip:bob@127.0.0.1:45065>',
		'Content-Length: 0',
		'',
	];
	const subscribe = [
		'SUBSCRIBE sip:bob@127.0.0.1:45065 SIP/2.0',
		...headers('SUBSCRIBE', 2, 'b1', 'z9hG4bK-s1'),
		'Max-Forwards: 70',
		'Event: kpml',
		'Expires: 7200',
		'Contact: <sip:alice@127.0.0.1:45061>',
		'Content-Length: 0',
		'',
	];
	const invite = [...answered('200 OK')];
	invite[invite.indexOf('Contact: <sip:alice@127.0.0.1:45061>')] =
		'Contact: <sip:alice@127.0.0.1:45061>';
	const without = [...invite, ...notify('sip:127.0.0.1:5060'), ''].join('\r\n');
	assert.deepEqual(said(without), []);
	// With the SUBSCRIBE in the trace, its Contact is the target: another URI is said.
	const withSubscribe = [...invite, ...subscribe, ...notify('sip:127.0.0.1:5060'), ''].join('\r\n');
	assert.equal(said(withSubscribe).length, 1);
	assert.deepEqual(
		said([...invite, ...subscribe, ...notify('sip:alice@127.0.0.1:45061'), ''].join('\r\n')),
		[],
	);
});

void test('the Contact named is the last the peer gave before the request, not one in the answer to it', () => {
	// The shape of SIPp's abort BYE: its 200 carries another Contact, after the BYE went out.
	const text = call('sip:bob@127.0.0.1').replace(
		/\r\n\r\n$/,
		[
			'',
			'SIP/2.0 200 OK',
			...headers('BYE', 2, 'b1', 'z9hG4bK-3'),
			'Contact: <sip:127.0.0.1:45099>',
			'Content-Length: 0',
			'',
			'',
		].join('\r\n'),
	);
	const found = said(text);
	assert.equal(found.length, 1);
	assert.match(found[0]!.message, /peer's Contact \(sip:bob@127\.0\.0\.1:45065;transport=udp\)/);
});
