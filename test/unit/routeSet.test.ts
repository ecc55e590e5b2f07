// A request inside a dialog, as its UA sent it, lists the dialog's route set in Route (RFC 3261
// §12.2.1.1). The shape of a SIPp answering scenario behind a record-routing proxy (a UAS log on
// GitHub whose BYE went straight to the caller's Contact), and its variations.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';

const rr = [
	'Record-Route: <sip:52.9.254.123:5060;r2=on;lr=on;ftag=K48;did=3a9>',
	'Record-Route: <sip:52.9.254.123;transport=tcp;r2=on;lr=on;ftag=K48;did=3a9>',
];
const msg = (lines: string[]): string => `${lines.join('\r\n')}\r\n\r\n`;
const invite = (recordRoute: string[], method = 'INVITE') =>
	msg([
		`${method} sip:bob@10.54.81.67:5070 SIP/2.0`,
		...recordRoute,
		'Via: SIP/2.0/UDP 52.9.254.123;branch=z9hG4bKp1',
		'Via: SIP/2.0/TCP 10.213.22.152:5080;branch=z9hG4bKa1',
		'Max-Forwards: 69',
		'From: <sip:alice@example.com>;tag=K48',
		'To: <sip:bob@example.com>',
		'Call-ID: c1@10.213.22.152',
		`CSeq: 1 ${method}`,
		'Contact: <sip:alice@10.213.22.152:5080;transport=tcp>',
		...(method === 'SUBSCRIBE' ? ['Event: presence', 'Expires: 600'] : []),
		'Content-Length: 0',
	]);
const ok = (recordRoute: string[], method = 'INVITE') =>
	msg([
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/UDP 52.9.254.123;branch=z9hG4bKp1',
		'Via: SIP/2.0/TCP 10.213.22.152:5080;branch=z9hG4bKa1',
		...recordRoute,
		'From: <sip:alice@example.com>;tag=K48',
		'To: <sip:bob@example.com>;tag=1',
		'Call-ID: c1@10.213.22.152',
		`CSeq: 1 ${method}`,
		'Contact: <sip:bob@10.54.81.67:5070>',
		...(method === 'SUBSCRIBE' ? ['Expires: 600'] : []),
		'Content-Length: 0',
	]);
/** A request of the callee's (`From` its tag), with the Vias and Routes given. */
const callee = (method: string, vias: string[], routes: string[] = []) =>
	msg([
		`${method} sip:alice@10.213.22.152:5080;transport=tcp SIP/2.0`,
		...vias.map((v) => `Via: ${v}`),
		...routes,
		'Max-Forwards: 70',
		'From: <sip:bob@example.com>;tag=1',
		'To: <sip:alice@example.com>;tag=K48',
		'Call-ID: c1@10.213.22.152',
		`CSeq: 1 ${method}`,
		...(method === 'NOTIFY' ? ['Event: presence', 'Subscription-State: active;expires=600'] : []),
		'Content-Length: 0',
	]);
const own = ['SIP/2.0/UDP 10.54.81.67:5070;branch=z9hG4bKb1'];
/** The caller's ACK to the callee, sent with the top Via given and no Route. */
const ack = (via: string) =>
	msg([
		'ACK sip:bob@10.54.81.67:5070 SIP/2.0',
		`Via: ${via}`,
		'Max-Forwards: 70',
		'From: <sip:alice@example.com>;tag=K48',
		'To: <sip:bob@example.com>;tag=1',
		'Call-ID: c1@10.213.22.152',
		'CSeq: 1 ACK',
		'Content-Length: 0',
	]);

const said = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'dialog.route-set-missing')
		.map((p) => [
			p.severity,
			text.slice(p.span.start, p.span.end).split(' ')[0],
			text.slice(p.related![0]!.span.start, p.related![0]!.span.end),
		]);

test("the callee's BYE as it sent it, without the Record-Route of the INVITE in Route: said", () => {
	assert.deepEqual(said(invite(rr) + ok(rr) + callee('BYE', own)), [
		['warning', 'BYE', '<sip:52.9.254.123:5060;r2=on;lr=on;ftag=K48;did=3a9>'],
	]);
	// With the route set, nothing.
	const routes = rr.map((r) => r.replace('Record-Route', 'Route'));
	assert.deepEqual(said(invite(rr) + ok(rr) + callee('BYE', own, routes)), []);
});

test("the notifier's NOTIFY in a SUBSCRIBE's dialog is held to the SUBSCRIBE's Record-Route", () => {
	assert.deepEqual(
		said(invite(rr, 'SUBSCRIBE') + ok(rr, 'SUBSCRIBE') + callee('NOTIFY', own)).map(
			([, method]) => method,
		),
		['NOTIFY'],
	);
});

test("the caller's ACK without the route set its 200 gave: said, against the 200's Record-Route", () => {
	const text = invite(rr) + ok(rr) + ack('SIP/2.0/TCP 10.213.22.152:5080;branch=z9hG4bKa2');
	assert.deepEqual(
		said(text).map(([, method]) => method),
		['ACK'],
	);
	// The 200's Record-Route, not the INVITE's: the first of the 200's.
	const p = analyzeTrace(text).problems.find((q) => q.code === 'dialog.route-set-missing')!;
	assert.ok(p.related![0]!.span.start > text.indexOf('SIP/2.0 200 OK'));
});

test('not judged: a request a proxy forwarded, a dialog without Record-Route, a strict router', () => {
	// Forwarded (two Vias): the proxy took its own entry off, as it should.
	const forwarded = ['SIP/2.0/UDP 52.9.254.123;branch=z9hG4bKp2', ...own];
	assert.deepEqual(said(invite(rr) + ok(rr) + callee('BYE', forwarded)), []);
	assert.deepEqual(said(invite([]) + ok([]) + callee('BYE', own)), []);
	// A strict router's entry (no `lr`) goes in the Request-URI, not in Route (RFC 3261 §12.2.1.1).
	const strict = ['Record-Route: <sip:52.9.254.123:5060;ftag=K48>'];
	assert.deepEqual(said(invite(strict) + ok(strict) + callee('BYE', own)), []);
});

test("a proxy's ACK to the callee's 487, the INVITE it relayed not in the trace (Kamailio's log of what it received): no dialog request, not said", () => {
	const response = (status: string, vias: string[], extra: string[] = []) =>
		msg([
			`SIP/2.0 ${status}`,
			...vias.map((v) => `Via: ${v}`),
			...extra,
			'From: <sip:alice@example.com>;tag=K48',
			'To: <sip:bob@example.com>;tag=1',
			'Call-ID: c1@10.213.22.152',
			'CSeq: 1 INVITE',
			...(status.startsWith('180') ? ['Contact: <sip:bob@10.54.81.67:5070>'] : []),
			'Content-Length: 0',
		]);
	const proxyVia = 'SIP/2.0/UDP 52.9.254.123;branch=z9hG4bKp1';
	const callerVia = 'SIP/2.0/TCP 10.213.22.152:5080;branch=z9hG4bKa1';
	const callerInvite = invite([]).replace('Via: SIP/2.0/UDP 52.9.254.123;branch=z9hG4bKp1\r\n', '');
	const story = (ackVia: string) =>
		callerInvite +
		response('180 Ringing', [proxyVia, callerVia], rr) +
		response('487 Request Terminated', [proxyVia, callerVia]) +
		ack(ackVia);
	assert.deepEqual(said(story(proxyVia)), []);
	// With another branch, the ACK of a 2xx, inside the dialog: said.
	assert.deepEqual(
		said(story('SIP/2.0/UDP 52.9.254.123;branch=z9hG4bKp2')).map(([, method]) => method),
		['ACK'],
	);
});

test("a request in an early dialog that a final response other than 2xx ended (SIPp's BYE after a 486): in no dialog, its Route and Request-URI not judged", () => {
	// The callee rings through a record-routing proxy (180 with Record-Route and Contact), then
	// answers 486: the early dialog is over (RFC 3261 §12.3), and the caller's BYE is in none.
	const callerInvite = invite([]).replace('Via: SIP/2.0/UDP 52.9.254.123;branch=z9hG4bKp1\r\n', '');
	const answer = (status: string) =>
		msg([
			`SIP/2.0 ${status}`,
			'Via: SIP/2.0/TCP 10.213.22.152:5080;branch=z9hG4bKa1',
			...(status.startsWith('180') ? rr : []),
			'From: <sip:alice@example.com>;tag=K48',
			'To: <sip:bob@example.com>;tag=1',
			'Call-ID: c1@10.213.22.152',
			'CSeq: 1 INVITE',
			'Contact: <sip:bob@10.54.81.67:5070>',
			'Content-Length: 0',
		]);
	const bye = msg([
		'BYE sip:bob@example.com SIP/2.0',
		'Via: SIP/2.0/TCP 10.213.22.152:5080;branch=z9hG4bKa3',
		'Max-Forwards: 70',
		'From: <sip:alice@example.com>;tag=K48',
		'To: <sip:bob@example.com>;tag=1',
		'Call-ID: c1@10.213.22.152',
		'CSeq: 2 BYE',
		'Content-Length: 0',
	]);
	const codes = (text: string) =>
		analyzeTrace(text)
			.problems.map((p) => p.code)
			.filter((c) => c === 'dialog.route-set-missing' || c === 'dialog.request-uri-not-target');
	assert.deepEqual(codes(callerInvite + answer('180 Ringing') + answer('486 Busy Here') + bye), []);
	// Answered 200, the dialog is confirmed: the BYE is in it, and both are said.
	assert.deepEqual(codes(callerInvite + answer('180 Ringing') + answer('200 OK') + bye), [
		'dialog.route-set-missing',
		'dialog.request-uri-not-target',
	]);
	// Sent before the 486 came, in the early dialog: judged.
	assert.deepEqual(codes(callerInvite + answer('180 Ringing') + bye + answer('486 Busy Here')), [
		'dialog.route-set-missing',
		'dialog.request-uri-not-target',
	]);
});
