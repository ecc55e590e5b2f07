// `;transport=wss` in a SIP URI: RFC 7118 §5.2 defines `ws` alone as the URI's transport, for WS
// and WSS both; WSS is a Via transport only (§5.3). Browser stacks and PBXs that wrote `wss` in a
// Route, Contact or Request-URI met servers that reject it (baresip's Route, Asterisk's
// Request-URI in issues' traces): said where it stands, with RFC 7118's section.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const invite = (uri: string, route: string, contact: string) =>
	[
		`INVITE ${uri} SIP/2.0`,
		'Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK56sdasks',
		'From: <sip:alice@example.com>;tag=asdyka899',
		'To: <sip:bob@example.com>',
		'Call-ID: asidkj3ss',
		'CSeq: 1 INVITE',
		'Max-Forwards: 70',
		`Route: ${route}`,
		`Contact: ${contact}`,
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
const wss = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'uri.transport-wss')
		.map((p) => text.slice(p.span.start, p.span.end));

void test('transport=wss in a Request-URI, a Route and a Contact is said in each', () => {
	const text = invite(
		'sip:bob@203.0.113.22:8089;transport=wss',
		'<sip:proxy.example.com:443;transport=WSS;lr>',
		'<sip:alice@df7jal23ls0d.invalid;transport=wss;ob>',
	);
	assert.deepEqual(wss(text), [
		'sip:bob@203.0.113.22:8089;transport=wss',
		'<sip:proxy.example.com:443;transport=WSS;lr>',
		'<sip:alice@df7jal23ls0d.invalid;transport=wss;ob>',
	]);
	const p = analyzeTrace(text).problems.find((p) => p.code === 'uri.transport-wss')!;
	assert.equal(p.severity, 'warning');
	assert.equal(p.rfc?.label, 'RFC 7118 §5.2');
});

void test('transport=ws, and WSS in the Via, are as RFC 7118 has them: nothing said', () => {
	const text = invite(
		'sip:bob@203.0.113.22:8089;transport=ws',
		'<sip:proxy.example.com:443;transport=ws;lr>',
		'<sip:alice@df7jal23ls0d.invalid;transport=ws;ob;x-wssid=1>',
	);
	assert.deepEqual(wss(text), []);
});

void test('a message the console says it sent over WebSocket: WS, and no Content-Length asked for though its Via says TCP', () => {
	// JsSIP 0.1's console (a sipML5 issue): its Via said TCP; WebSocket frames the message, and
	// Content-Length may be left out there (RFC 7118 §5.1).
	const text = [
		'JsSIP | TRANSPORT | Sending WebSocket message: ',
		'',
		'REGISTER sip:doubango.org SIP/2.0',
		'Route: <sip:198.51.100.7:8088;transport=ws;lr>',
		'Via: SIP/2.0/TCP 124.84.61.31;branch=z9hG4bK5622186',
		'Max-Forwards: 69',
		'To: <sip:1062@doubango.org>',
		'From: <sip:1062@doubango.org>;tag=shgo5rv1l4',
		'Call-ID: bhcb4pxqsvpldi',
		'CSeq: 51 REGISTER',
		'Contact: <sip:1062@124.84.61.31;transport=ws>;expires=600',
		'',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.frame.direction, m.frame.transport]),
		[['out', 'WS']],
	);
	// The console says `WebSocket` of a secure one too: where the Via says WSS, so is it (RFC
	// 7118 §5.3).
	const secure = analyzeTrace(text.replace('Via: SIP/2.0/TCP', 'Via: SIP/2.0/WSS'));
	assert.deepEqual(
		secure.messages.map((m) => m.frame.transport),
		['WSS'],
	);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
});

void test('a URI that names a parameter twice is said; the same name in a header parameter or a page entity is not', () => {
	// Flexisip's Request-URI: `;pn-silent=1;pn-silent=1` (RFC 3261 §19.1.1).
	const twice = invite(
		'sip:999999@165.227.33.101;pn-silent=1;pn-silent=1;transport=tcp',
		'<sip:proxy.example.com;lr>',
		'<sip:alice@192.0.2.4;transport=tcp;ob>;expires=600',
	);
	const found = analyzeTrace(twice).problems.filter((p) => p.code === 'uri.duplicate-parameter');
	assert.deepEqual(
		found.map((p) => [twice.slice(p.span.start, p.span.end), p.severity]),
		[['sip:999999@165.227.33.101;pn-silent=1;pn-silent=1;transport=tcp', 'warning']],
	);
	assert.match(found[0]!.message, /"pn-silent" twice.*RFC 3261 §19\.1\.1/);
	for (const contact of [
		// A parameter of the URI and one of the header, each once.
		'<sip:alice@192.0.2.4;expires=30>;expires=600',
		// A page's character references end in `;`.
		'<sip:&#x61;&#x6c;ice@192.0.2.4;lr>',
	])
		assert.ok(
			!analyzeTrace(invite('sip:bob@192.0.2.5', '<sip:p.example.com;lr>', contact)).problems.some(
				(p) => p.code === 'uri.duplicate-parameter',
			),
			contact,
		);
});

void test("an empty URI parameter is said; a user part's `;;` (RFC 4475's intmeth) is not", () => {
	const said = (uri: string, contact: string) =>
		analyzeTrace(invite(uri, '<sip:proxy.example.com;lr>', contact))
			.problems.filter((p) => p.code === 'uri.empty-parameter')
			.map((p) => p.severity);
	assert.deepEqual(said('sip:bob@192.0.2.5;;transport=udp', '<sip:alice@192.0.2.4>'), ['warning']);
	assert.deepEqual(said('sip:bob@192.0.2.5', '<sip:alice@192.0.2.4;ob;>'), ['warning']);
	assert.deepEqual(said('sip:bob@192.0.2.5;user=phone', '<sip:alice@192.0.2.4;ob>'), []);
	// RFC 3261 §25.1 user-unreserved: `;` in a user part is no parameter's.
	assert.deepEqual(said('sip:a;;b;c@192.0.2.5;lr', '<sip:x;;y@192.0.2.4;ob>'), []);
});

void test('a host of numbers that is no IPv4 address is said; a ten-digit GB28181 domain and a name are not', () => {
	const hosts = (uri: string, contact: string) =>
		analyzeTrace(invite(uri, '<sip:proxy.example.com;lr>', contact))
			.problems.filter((p) => p.code === 'uri.bad-host')
			.map((p) => p.message.match(/"([^"]+)"/)![1]);
	// Sipdroid's transfer target typed as an extension alone; a host an octet short.
	assert.deepEqual(hosts('sip:2002', '<sip:alice@192.168.1;ob>'), ['2002', '192.168.1']);
	assert.deepEqual(
		hosts('sip:44010200492000000001@4401020049', '<sip:alice@10.0.0.7:5060;ob>'),
		[],
	);
	assert.deepEqual(hosts('sip:bob@pbx1.example.com', '<sip:alice@host-2.lan>'), []);
	// A route written without its number's `@` (a carrier's Record-Route in Meta's WhatsApp
	// calling guide): `+` opens a user part, never a host.
	assert.deepEqual(
		hosts('sip:+12195550714;user=phone', '<sip:+159.65.244.171:5061;transport=tls;lr>'),
		['+12195550714', '+159.65.244.171'],
	);
	assert.deepEqual(hosts('sip:+12195550714@wa.example.com', '<sip:+1555@192.0.2.4:5061>'), []);
	// A poster's ellipsis for the host left out (`INVITE sip:.... SIP/2.0`): no host to judge.
	assert.deepEqual(hosts('sip:....', '<sip:alice@192.0.2.7>'), []);
});

void test("transport=wss after a Route's or Contact's `>` is the header's parameter: said as standing outside the URI, not as the URI's transport", () => {
	// FreeSWITCH's Route to a WebSocket client as a session-timer thread shows it.
	const text = invite(
		'sip:bob@example.com',
		'<sip:8t50q901@172.18.0.1:57802>;transport=wss',
		'<sip:alice@df7jal23ls0d.invalid;transport=ws>',
	);
	assert.deepEqual(wss(text), []);
	assert.ok(analyzeTrace(text).problems.some((p) => p.code === 'route.param-outside-uri'));
	// Inside the second of two Route entries: the URI's.
	const second = invite(
		'sip:bob@example.com',
		'<sip:10.201.17.165;lr>,<sip:10.201.17.164:8080;transport=wss;lr>',
		'<sip:alice@df7jal23ls0d.invalid;transport=ws>',
	);
	assert.equal(wss(second).length, 1);
});

void test('a password in a URI is a hint; a port is no password', () => {
	const said = (uri: string, contact: string) =>
		analyzeTrace(invite(uri, '<sip:proxy.example.com;lr>', contact))
			.problems.filter((p) => p.code === 'uri.password')
			.map((p) => p.severity);
	// A Q&A post's SIPp ACK: `ACK sip:user1:pass1@<host-ip>:5555` (RFC 3261 §19.1.1).
	assert.deepEqual(said('sip:user1:pass1@192.0.2.5:5555', '<sip:user1:pass1@192.0.2.4>'), [
		'hint',
		'hint',
	]);
	assert.deepEqual(said('sip:192.0.2.5:5555', '<sip:user1@192.0.2.4:5060>'), []);
});

void test('a quote or a second URI run into a URI is a malformed user part, not a password', () => {
	// sipvicious' svmap `--fromname='Administrator" <sip:admin@evil'` (0.3.3, against Kamailio):
	// its From and To hold `"Administrator" <sip:admin@evil"<sip:100@1.1.1.1>`.
	const said = (contact: string) =>
		analyzeTrace(invite('sip:bob@example.com', '<sip:proxy.example.com;lr>', contact))
			.problems.filter((p) => p.code === 'uri.password' || p.code === 'uri.bad-user')
			.map((p) => `${p.code} ${p.severity}`);
	assert.deepEqual(said('"Administrator" <sip:admin@evil"<sip:100@1.1.1.1>'), [
		'uri.bad-user warning',
	]);
	assert.deepEqual(said('<sip:alice@example.com@192.0.2.4>'), ['uri.bad-user warning']);
	assert.deepEqual(said('<sip:alice@192.0.2.4>'), []);
	// A placeholder a document wrote for the user (FreeSWITCH's wiki): not judged.
	assert.deepEqual(said('<sip:<username-B>@192.0.2.4>'), []);
	// A mask a poster put in it (an Asterisk log on a forum): not judged either.
	assert.deepEqual(said('<sip:8<removed>@192.0.2.4>'), []);
});

void test("a REGISTER's Request-URI with a user part is said; the registrar's domain alone, or GB/T 28181's server ID, is not", () => {
	// SIPp's REGISTER through Kamailio (test/fixtures/README.md: reginfo-alice), and Asterisk's
	// documented outbound registration (`REGISTER sip:registrar@example.com`, RFC 3261 §10.2).
	const text = readFileSync(join(__dirname, '..', 'fixtures', 'real', 'reginfo-alice.sip'), 'utf8');
	const said = (t: string) =>
		analyzeTrace(t)
			.problems.filter((p) => p.code === 'register.uri-has-user')
			.map((p) => [t.slice(p.span.start, p.span.end), p.severity]);
	assert.deepEqual(said(text), []);
	const first = text.indexOf('REGISTER sip:127.0.0.1 SIP/2.0');
	const edited = `${text.slice(0, first)}REGISTER sip:registrar@127.0.0.1 SIP/2.0${text.slice(first + 'REGISTER sip:127.0.0.1 SIP/2.0'.length)}`;
	assert.deepEqual(said(edited), [['sip:registrar@127.0.0.1', 'warning']]);
	const gb = `${text.slice(0, first)}REGISTER sip:44010200492000000001@127.0.0.1 SIP/2.0${text.slice(first + 'REGISTER sip:127.0.0.1 SIP/2.0'.length)}`;
	assert.deepEqual(said(gb), []);
});

void test("`transport=WSS` inside a quoted parameter's value (OpenSIPS's `received=\"...\"`) is no URI's: not said", () => {
	const said = (contact: string) =>
		analyzeTrace(
			invite('sip:bob@192.0.2.5', '<sip:proxy.example.com;lr>', contact),
		).problems.filter((p) => p.code === 'uri.transport-wss').length;
	assert.equal(
		said(
			'<sip:alice@192.0.2.4;transport=ws>;expires=600;received="sip:198.51.100.7:56949;transport=WSS"',
		),
		0,
	);
	assert.equal(said('<sip:alice@192.0.2.4;transport=wss>;expires=600;received="sip:x"'), 1);
});

void test("transport=wss in an in-dialog request's Request-URI is said as the peer's Contact's", () => {
	// Asterisk's presence NOTIFY to sipML5: the Request-URI is the Contact sipML5 subscribed with.
	const uri = 'sip:100@df7jal23ls0d.invalid;transport=wss';
	const inDialog = invite(uri, '<sip:192.0.2.1;lr>', '<sip:bob@192.0.2.4>').replace(
		'To: <sip:bob@example.com>',
		'To: <sip:bob@example.com>;tag=b1',
	);
	const said = (text: string) =>
		analyzeTrace(text).problems.find(
			(p) => p.code === 'uri.transport-wss' && text.slice(p.span.start, p.span.end) === uri,
		)!.message;
	assert.match(said(inDialog), /remote target the peer gave in its Contact/);
	assert.doesNotMatch(
		said(invite(uri, '<sip:192.0.2.1;lr>', '<sip:bob@192.0.2.4>')),
		/remote target/,
	);
});
