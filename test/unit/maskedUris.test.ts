// A Request-URI part of which the poster masked (`*.*.*.*`, `<server IP>`, `[IP]`, a page's
// `[email protected]`) stood for a valid URI on the wire: the mask is not the sender's fault and
// is not said; a URI that is wrong for itself still is (RFC 3261 §19.1.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { isMaskedUri } from '../../server/src/core/parser/uri';

const options = (uri: string, from = '<sip:a@example.com>;tag=1'): string =>
	[
		`OPTIONS ${uri} SIP/2.0`,
		'Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1',
		`From: ${from}`,
		'To: <sip:b@example.com>',
		'Call-ID: c1',
		'CSeq: 1 OPTIONS',
		'Max-Forwards: 70',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');

const uriProblems = (uri: string): string[] =>
	analyzeTrace(options(uri))
		.problems.filter((p) => p.code === 'message.bad-request-uri')
		.map((p) => p.severity);

void test('a masked Request-URI is not said to be invalid, and is kept as written', () => {
	for (const uri of [
		'sips:device.chris.mcna.dev@*.*.*.*:32873;transport=TLS',
		'sip:<server IP>:8443;transport=wss',
		'sip:1001@[IP]:5060',
		'sip:{{host}}',
		'sip:8<removed>@vip1.sip.telphin.com:5060',
		'sip:[email protected]:5060',
		// An author's redaction in a Go test's log of Asterisk 11 and Twilio.
		'sip:<<REMOVED>>',
		// A Linphone log posted with every digit of the addresses and the port X'd out.
		'sip:XXXXXXX@XX.XX.XXX.XX:XXXXXXXX;transport=tcp',
		// A linphone-sdk log in an issue, the user and the address hashed out.
		'sip:##########@###.###.###.###:45890;transport=tcp',
		// A Cisco phone's log on a vendor's page, some digits of address and port X'd out.
		'sip:2X.8X.X.1XX:89XX;transport=tls',
		'sip:dckvbcsohk@1XX.1XX.X.1XX:50XX;transport=tls',
	]) {
		assert.ok(isMaskedUri(uri), uri);
		assert.deepEqual(uriProblems(uri), [], uri);
		assert.equal(analyzeTrace(options(uri)).messages[0]!.requestUri, uri);
	}
});

void test('a Request-URI wrong for itself is still said: no mask makes it valid', () => {
	for (const uri of [
		'sip:@:5060',
		'sip:a b@c',
		'sip:alice@host:99999999',
		'sip:*@[::1',
		'sip:a b@host:XXXX',
		'sip:a b@###.###.###.###',
	]) {
		assert.ok(!isMaskedUri(uri), uri);
		assert.deepEqual(uriProblems(uri), ['error'], uri);
	}
	// A user that starts with digits and an x is no masked port.
	assert.ok(!isMaskedUri('sip:1x2@example.com'));
	// An IPv6 reference is an address, not a mask.
	assert.ok(!isMaskedUri('sip:[2001:db8::1]:5060'));
	assert.deepEqual(uriProblems('sip:[2001:db8::1]:5060'), []);
});

void test('a request whose Via the poster masked (`Via: SIP/2.0/UDP <<REMOVED>>`) is still the one its response answers: by Call-ID, CSeq and From tag', () => {
	// The shape of chan_sip's debug in a Go project's test data: a BYE from Twilio whose Via and
	// Request-URI the author removed, and Asterisk's 200 to it.
	const text = [
		'<--- SIP read from UDP:54.172.60.1:5060 --->',
		'BYE sip:<<REMOVED>> SIP/2.0',
		'CSeq: 1 BYE',
		'From: <sip:+15551230000@example.pstn.twilio.com>;tag=36196433_6772d868_8b68a1d2',
		'To: <sip:+15559870000@203.0.113.7:5060>;tag=as5d6f8c41',
		'Call-ID: 3ca63b4114c4730415f57b1b217d040e@203.0.113.7:5060',
		'Via: SIP/2.0/UDP <<REMOVED>>',
		'Max-Forwards: 68',
		'Content-Length: 0',
		'',
		'<------------->',
		'<--- Transmitting (no NAT) to 54.172.60.1:5060 --->',
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/UDP 54.172.60.1:5060;branch=z9hG4bK9d39.72521cd1.0;received=54.172.60.1',
		'From: <sip:+15551230000@example.pstn.twilio.com>;tag=36196433_6772d868_8b68a1d2',
		'To: <sip:+15559870000@203.0.113.7:5060>;tag=as5d6f8c41',
		'Call-ID: 3ca63b4114c4730415f57b1b217d040e@203.0.113.7:5060',
		'CSeq: 1 BYE',
		'Content-Length: 0',
		'',
		'<------------>',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => m.method ?? m.status),
		['BYE', 200],
	);
	assert.equal(a.index.requestOf(1), 0);
	assert.ok(!a.problems.some((p) => p.code === 'response.no-request'));
});

void test('a Via whose host the poster masked with a phrase is read, the mask kept as written', () => {
	// A presence server's NOTIFY to a WebRTC client (saraphone issue 30), its addresses masked.
	const notify = [
		'NOTIFY sip:022mlhi3@eqsdpm621emt.invalid;transport=wss SIP/2.0',
		'Via: SIP/2.0/WSS <server IP>:8443;branch=z9hG4bK16a1.adec128d8d18e4bcfdaf6f201fc2cfa1.0',
		'Via: SIP/2.0/UDP 127.0.0.1;rport=52518;received=<server IP>;branch=z9hG4bKRyBvGeAcAZ',
		'Max-Forwards: 10',
		'From: <sip:1127976@my_domain>;tag=159880548411955',
		'To: <sip:1127975@my_domain>;tag=1gcpdooeis',
		'Call-ID: 1b71hh376eh4doekv5os',
		'CSeq: 4 NOTIFY',
		'Event: presence',
		'Subscription-State: active;expires=114',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	const a = analyzeTrace(notify);
	assert.deepEqual(
		a.problems.filter((p) => p.code === 'header.bad-via').map((p) => p.code),
		[],
	);
	const vias = a.messages[0]!.vias;
	assert.equal(vias.length, 2);
	assert.equal(vias[0]!.sentBy, '<server IP>:8443');
	assert.equal(vias[0]!.transport, 'WSS');
	assert.equal(vias[0]!.branch, 'z9hG4bK16a1.adec128d8d18e4bcfdaf6f201fc2cfa1.0');
	// A Via wrong for itself still is: two hosts, no mask.
	const twoHosts = notify.replace('<server IP>:8443', 'a.example b.example:8443');
	assert.ok(analyzeTrace(twoHosts).problems.some((p) => p.code === 'header.bad-via'));
});

void test('a From or To a web page HTML-escaped is said as the page’s, not the sender’s fault', () => {
	// An OpenSIPS siptrace row as Siremis' web view shows it.
	const said = (from: string): string[] =>
		analyzeTrace(options('sip:bob@example.com', from))
			.problems.filter((p) => p.code === 'header.bad-name-addr')
			.map((p) => p.severity);
	assert.deepEqual(said('&quot;pbx&quot; &lt;sip:pbx@sipserver.phone&gt;;tag=as1'), [
		'information',
	]);
	assert.deepEqual(said('"pbx" sip:pbx@sipserver.phone>;tag=as1'), ['error']);
});

void test('a character the copy could not decode (U+FFFD) in the Request-URI or CSeq: said as the copy’s, the CSeq read without it', () => {
	// The shape of a Cisco page's CUCM trace whose copy garbled a few bytes of one message.
	assert.deepEqual(uriProblems('sip:2000@10.106\ufffd.97.132:5060'), ['information']);
	const text = options('sip:2000@10.106.97.132:5060').replace(
		'CSeq: 1 OPTIONS',
		'CSeq:\ufffd 103 OPTIONS',
	);
	const a = analyzeTrace(text);
	assert.deepEqual(a.messages[0]!.cseq, { seq: 103, method: 'OPTIONS' });
	assert.deepEqual(
		a.problems.filter((p) => p.code === 'header.bad-cseq').map((p) => p.severity),
		['information'],
	);
	// Not decoded, and no number: still the sender's.
	assert.deepEqual(uriProblems('sip:2000@10.106.97.132:99999999'), ['error']);
});
