// Messages whose line ends a page or a logger turned into spaces, a message (or several) on one
// line: Microsoft's [MS-PRES] examples as a mirror shows them, IBM's presence server help, a
// student's slides on docplayer, Cisco CUE logs where a page joined some lines. Each is read with
// a line end before each header, the empty line after Content-Length, and a line end before each
// SDP line; the trace's text and offsets are kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { decodeSdp } from '../../server/src/core/bodies/sdp';
import { bodyText } from '../../server/src/core/bodies/bodyText';
import { coversAll } from './coversAll';

const subscribe = [
	'SUBSCRIBE sip:bob@contoso.com SIP/2.0',
	'Via: SIP/2.0/TLS 10.46.164.196:1620;branch=z9hG4bKfs1',
	'Max-Forwards: 70',
	'From: "Alice" <sip:alice@fabrikam.com>;tag=38209ebf3e;epid=d6277c8671',
	'To: <sip:bob@contoso.com>',
	'Call-ID: 23ffb7f278764277871ff5b4ba90ae11',
	'CSeq: 1 SUBSCRIBE',
	'Contact: <sip:alice@fabrikam.com:1620;maddr=10.46.164.196;transport=tls>;proxy=replace',
	'Event: presence',
	'Accept: application/pidf+xml',
	'Content-Length: 0',
];
const ok = [
	'SIP/2.0 200 OK',
	'Via: SIP/2.0/TLS 10.46.164.196:1620;branch=z9hG4bKfs1',
	'From: "Alice" <sip:alice@fabrikam.com>;tag=38209ebf3e;epid=d6277c8671',
	'To: <sip:bob@contoso.com>;tag=B8FCF750',
	'Call-ID: 23ffb7f278764277871ff5b4ba90ae11',
	'CSeq: 1 SUBSCRIBE',
	'Contact: <sip:bob@contoso.com;transport=tls>',
	'Expires: 3600',
	'Content-Length: 0',
];
const flat = (lines: readonly string[]): string => lines.join(' ');

test('a message on each line, its line ends spaces: each read whole, linked, said flattened', () => {
	const text = [
		'A federated user subscribes to the presence of bob@contoso.com, as follows:',
		flat(subscribe),
		'The server answers:',
		flat(ok),
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => m.method ?? m.status),
		['SUBSCRIBE', 200],
	);
	const [sub, answer] = a.messages;
	assert.equal(sub!.callId, '23ffb7f278764277871ff5b4ba90ae11');
	assert.equal(sub!.event?.package, 'presence');
	assert.equal(sub!.contentLength, 0);
	assert.equal(a.index.requestOf(1), 0);
	assert.equal(answer!.expires, 3600);
	// Each header's value is the trace's own text, up to the next header's name.
	const from = sub!.header('from')!.value;
	assert.equal(
		text.slice(from.start, from.end),
		'"Alice" <sip:alice@fabrikam.com>;tag=38209ebf3e;epid=d6277c8671',
	);
	assert.deepEqual(
		a.problems.map((p) => [p.code, text.slice(0, p.span.start).split('\n').length - 1]),
		[
			['message.flattened', 1],
			['message.flattened', 3],
		],
	);
	coversAll(text, a);
});

test('two messages on one line, and a page that joined only a start line and its first header', () => {
	const both = analyzeTrace(`${flat(subscribe)} ${flat(ok)}\n`);
	assert.deepEqual(
		both.messages.map((m) => m.method ?? m.status),
		['SUBSCRIBE', 200],
	);
	assert.equal(both.index.requestOf(1), 0);
	// A Cisco CUE log as a page printed it: `SIP/2.0 202 Accepted Via: ...`, the rest a line each.
	const partly = [`${ok[0]} ${ok[1]}`, ...ok.slice(2), ''].join('\n');
	const a = analyzeTrace(partly);
	assert.equal(a.messages.length, 1);
	assert.equal(a.messages[0]!.callId, '23ffb7f278764277871ff5b4ba90ae11');
	assert.ok(a.messages[0]!.header('via'));
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['message.flattened', 'response.no-request'],
	);
});

test('a flattened INVITE with SDP: the body starts after the length, a line a `x=`', () => {
	const sdp = [
		'v=0',
		'o=- 1312841870 1312841870 IN IP4 192.0.2.10',
		's=-',
		'c=IN IP4 192.0.2.10',
		't=0 0',
		'm=audio 49170 RTP/AVP 0 8 101',
		'a=rtpmap:0 PCMU/8000',
	];
	const invite = [
		'INVITE sip:bob@example.com SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776',
		'Max-Forwards: 70',
		'From: <sip:alice@example.com>;tag=1928301774',
		'To: <sip:bob@example.com>',
		'Call-ID: a84b4c76e66710',
		'CSeq: 314159 INVITE',
		'Contact: <sip:alice@192.0.2.10>',
		'Content-Type: application/sdp',
		`Content-Length: ${sdp.join('\r\n').length + 2}`,
		...sdp,
	];
	const text = `${flat(invite)}\nThe phone answers with 180 Ringing.\n`;
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	const body = bodyText(a.text, m);
	assert.ok(body.startsWith('v=0'), body);
	const summary = decodeSdp(body);
	assert.deepEqual(
		summary.media.map((x) => [x.type, x.port]),
		[['audio', 49170]],
	);
	// The page's next line is not the body's.
	assert.ok(!body.includes('Ringing'));
	assert.ok(!a.problems.some((p) => p.severity === 'error'), JSON.stringify(a.problems));
});

test('a trace whose messages have their line ends is not read as flattened', () => {
	const text = [...subscribe, '', ...ok, '', ''].join('\r\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 2);
	assert.ok(!a.problems.some((p) => p.code === 'message.flattened'));
	// Nor a sentence that quotes a status line and a header name.
	const prose = analyzeTrace('The phone gets SIP/2.0 200 OK Contact: the binding is kept.\n');
	assert.ok(!prose.problems.some((p) => p.code === 'message.flattened'));
});

// Cisco's CUCM geolocation guide and a Linksys SPA's status NOTIFY in a C# string, flattened:
// extension headers the parser has no table entry for, and a Content-Length before other headers.
test("a flattened message's extension headers are split too, and its body found after the last header", () => {
	const text = [
		'NOTIFY sip:cti@pbx5.example.nl SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK-spa1',
		'From: <sip:101@pbx5.example.nl>;tag=a1',
		'To: <sip:cti@pbx5.example.nl>;tag=b1',
		'Call-ID: spa-1@192.0.2.7',
		'CSeq: 12 NOTIFY',
		'Remote-Party-ID: <sip:101@192.0.2.7>;party=calling;screen=no',
		'Cisco-Guid: 0367053568-1234',
		'Content-Length: 81',
		'Content-Type: application/x-spa-status',
		'<spa-status><call-state>idle</call-state></spa-status>',
	].join(' ');
	const a = analyzeTrace(`${text}\n`);
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(m.contentType, 'application/x-spa-status');
	const rpid = m.header('remote-party-id')!.value;
	assert.equal(a.text.slice(rpid.start, rpid.end), '<sip:101@192.0.2.7>;party=calling;screen=no');
	assert.ok(m.header('cisco-guid'));
	assert.ok(bodyText(a.text, m).startsWith('<spa-status>'));
});

test('headers with no space after the colon, flattened behind a Cisco debug record (a TAC page)', () => {
	// Cisco TAC document 221643 (Webex Calling through a local gateway): `debug ccsip messages`
	// as the page prints it, each record's lines joined, BroadWorks's headers written `Name:value`
	// (shortened, addresses masked as on the page).
	const broadworks = [
		'INVITE sip:+1XXXXXXXXXX@XX.XX.XX.XX:5061;transport=tls;dtg=sbc_lgu SIP/2.0',
		'Via:SIP/2.0/TLS XXX.XXX.XX.XX:8934;branch=z9hG4bKBroadworksSSE.-XXX.X.XXX.XXV40413-0-100-1704852021-1689966652299-',
		'From:<sip:+1XXXXXXXXXX0@XXX.XXX.XX.XX;user=phone>;tag=1704852021-1689966652299-',
		'To:<sip:+1XXXXXXXXXX@XXXXXXXX.cisco-bcld.com;user=phone>',
		'Call-ID:SSE191052299210723-1072365917@XXX.XXX.XX.XX',
		'CSeq:100 INVITE',
		'Contact:<sip:XXX.XXX.XX.XX:8934;transport=tls>',
		'Privacy:none',
		'Max-Forwards:69',
		'Content-Length:0',
	];
	const text = [
		'Step 2. Look the Invite coming from Webex Calling.',
		'',
		`125670: *Jul 21 12:09:48.231 : //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg: Received: ${flat(broadworks)}`,
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'ccsip');
	assert.equal(a.messages.length, 1);
	const invite = a.messages[0]!;
	assert.equal(invite.method, 'INVITE');
	assert.equal(invite.callId, 'SSE191052299210723-1072365917@XXX.XXX.XX.XX');
	assert.deepEqual(invite.cseq, { seq: 100, method: 'INVITE' });
	const privacy = invite.header('privacy')!.value;
	assert.equal(text.slice(privacy.start, privacy.end), 'none');
	// The record's time and direction, though the message shares its line.
	assert.equal(invite.frame.time, '--07-21T12:09:48.231');
	assert.equal(invite.frame.direction, 'in');
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['message.flattened'],
	);
	coversAll(text, a);
});

test('a flattened message whose Content-Length an example left out (`Content-Length: …`) among its headers: the headers after it are read', () => {
	// [MS-PRES] 4.11's 200 OK: Content-Length's value left out, the headers going on after it.
	const elided = [
		'SIP/2.0 200 OK',
		'Contact: <sip:bob@contoso.com;transport=tls>',
		'Content-Length: …',
		...ok.slice(1, 6),
		'Expires: 3600',
	];
	const text = `${flat(subscribe)}\n${flat(elided)}\n\n`;
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.callId, m.header('cseq') !== undefined]),
		[
			['SUBSCRIBE', '23ffb7f278764277871ff5b4ba90ae11', true],
			[200, '23ffb7f278764277871ff5b4ba90ae11', true],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
	coversAll(text, a);
});

test("a flattened NOTIFY whose XML body the page's next paragraph follows on the same line: the document ends with its root", () => {
	// The shape of a phone manual on a document site: a dialog NOTIFY run onto one line, then the
	// manual's rule and next step on the same line.
	const xml =
		'<?xml version="1.0"?> <dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="21" state="full" entity="sip:2200@lan"></dialog-info>';
	const notify = [
		'NOTIFY sip:2201@10.0.0.21:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK-2200-1',
		'From: <sip:2200@lan>;tag=6sam28oefu',
		'To: <sip:2201@lan>;tag=gumvap0ha0',
		'Call-ID: 3c26700bc38a-blf@10.0.0.21',
		'CSeq: 21 NOTIFY',
		'Max-Forwards: 70',
		'Contact: <sip:2200@10.0.0.5:5060>',
		'Event: dialog',
		'Subscription-State: active;expires=3600',
		'Content-Type: application/dialog-info+xml',
		`Content-Length: ${xml.length}`,
		xml,
	].join(' ');
	const text = `${notify} ---------------------------------------- The UA 2200@lan should send the 200 OK to the NOTIFY above.\n`;
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	assert.equal(bodyText(text, a.messages[0]!), xml);
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('body.') || p.code.startsWith('content-length.')),
		[],
	);
	coversAll(text, a);
});
