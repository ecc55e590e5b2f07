// A request's top Via names the transport it goes over, and responses follow it (RFC 3261
// §18.2.2). On baresip's log of SUBSCRIBE, PUBLISH and NOTIFY over TCP (test/fixtures/README.md),
// as logged and with a Via edited to UDP as a client that keeps its UDP Via on a connection
// writes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const text = readFileSync(
	join(__dirname, '..', 'fixtures', 'formats', 'source', 'baresip-tcp-ipv6.log'),
	'utf8',
);
const said = (t: string) =>
	analyzeTrace(t).problems.filter((p) => p.code === 'via.transport-mismatch');
const subscribeVia = 'Via: SIP/2.0/TCP [::1]:15061;branch=z9hG4bK-11630-1-0';

test('every Via says TCP, as the log does: nothing is said', () => {
	assert.deepEqual(
		analyzeTrace(text).messages.map((m) => m.frame.transport),
		analyzeTrace(text).messages.map(() => 'TCP'),
	);
	assert.deepEqual(said(text), []);
});

test("a request whose Via says UDP over the log's TCP: a warning on its Via", () => {
	// The SUBSCRIBE and its 200, which copies the Via.
	const edited = text.split(subscribeVia).join(subscribeVia.replace('/TCP', '/UDP'));
	assert.equal(edited.split('SIP/2.0/UDP [::1]:15061').length, 3);
	const found = said(edited);
	// The SUBSCRIBE only: a response is sent back by its Via, not over it.
	assert.equal(found.length, 1);
	assert.equal(
		edited.slice(found[0]!.span.start, found[0]!.span.end),
		'SIP/2.0/UDP [::1]:15061;branch=z9hG4bK-11630-1-0',
	);
	assert.match(
		found[0]!.message,
		/^The top Via says UDP, but the trace shows this request over TCP: .*RFC 3261 §18\.1\.1.*§18\.2\.2/,
	);
	// TLS or WebSocket on the TCP connection is no mismatch; a masked transport is not judged.
	for (const transport of ['TLS', 'WS', '[transport]'])
		assert.deepEqual(
			said(text.replace(subscribeVia, subscribeVia.replace('/TCP', `/${transport}`))),
			[],
			transport,
		);
});

test("a capture's packet that carries SIP inside another protocol (drachtio's control connection over TCP): its transport is the packet's, not judged", () => {
	// ngrep on drachtio's port 9022: the server hands the app an OPTIONS it received over UDP.
	const text = [
		'interface: lo (127.0.0.0/255.0.0.0)',
		'filter: (ip or ip6) and ( port 9022 )',
		'###',
		'T 10.1.25.12:9022 -> 10.1.25.12:56140 [AP]',
		'555#e1b83f90-04f3-4c9f-8f44-3bf70fa0f9fd|sip|network|400|udp|10.1.5.80|5060|09:08:53.370244|28b2a066||10.1.25.12|5060|.',
		'OPTIONS sip:service@10.1.25.12:5060 SIP/2.0.',
		'Via: SIP/2.0/UDP 10.1.5.80:5060;branch=z9hG4bK-14469-1-0;rport=5060.',
		'From: <sip:55555@10.1.5.80:5060>;tag=1.',
		'To: sut <sip:service@10.1.25.12:5060>.',
		'Call-ID: 1-14469@10.1.5.80.',
		'CSeq: 1 OPTIONS.',
		'Max-Forwards: 70.',
		'Content-Length: 0.',
		'.',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'ngrep');
	assert.deepEqual(
		a.messages.map((m) => [m.method, m.frame.transport]),
		[['OPTIONS', 'TCP']],
	);
	assert.deepEqual(said(text), []);
});
