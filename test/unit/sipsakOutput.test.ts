// sipsak's random mode (`sipsak -vv -R -t 8 -s sip:direct9@127.0.0.1 -r 15160` against Kamailio
// 5.6 on loopback, which never answered the OPTIONS whose header it mangled): each request that
// went unanswered is printed after `did not get a response on this request:`, then once more
// after `sent the following message three times without getting a response:` when it gives up.
// The lines below are its output as written (the mangled octet as a UTF-8 reader shows it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const output: string[] = [
	'warning: redirects are not expected in random. disableing',
	'warning: random characters may destroy your terminal output',
	'message with 1 randomized chars',
	':',
	'received expected 4xx ',
	'message with 1 randomized chars',
	'** timeout after 500 ms**',
	'did not get a response on this request:',
	'OPTIONS sip:127.0.0.1 SIP/2.0',
	'Via: SIP/2.0/UDP 127.0.0.1:60073;branch=z9hG4bK.535dba6b;rport;alias',
	'From: sip:sipsak@127.0.0.1:60673;tag=515af931',
	'To: sip:127.0.0.1',
	'Call-ID: 1364916529@127.0.0.1',
	'CSeq: 1 OPTIONS',
	'Contact: sipsak@127.0.0.1:60673',
	'Content-Length: 0',
	'Max-Forwards: 70',
	'U�er-Agent: sipsak 0.9.8.1',
	'',
	'',
	'resending it without additional random changes...',
	'',
	'message with 1 randomized chars',
	'** timeout after 1000 ms**',
	'did not get a response on this request:',
	'OPTIONS sip:127.0.0.1 SIP/2.0',
	'Via: SIP/2.0/UDP 127.0.0.1:60073;branch=z9hG4bK.535dba6b;rport;alias',
	'From: sip:sipsak@127.0.0.1:60673;tag=515af931',
	'To: sip:127.0.0.1',
	'Call-ID: 1364916529@127.0.0.1',
	'CSeq: 1 OPTIONS',
	'Contact: sipsak@127.0.0.1:60673',
	'Content-Length: 0',
	'Max-Forwards: 70',
	'U�er-Agent: sipsak 0.9.8.1',
	'',
	'',
	'resending it without additional random changes...',
	'',
	'message with 1 randomized chars',
	'** timeout after 2000 ms**',
	'did not get a response on this request:',
	'OPTIONS sip:127.0.0.1 SIP/2.0',
	'Via: SIP/2.0/UDP 127.0.0.1:60073;branch=z9hG4bK.535dba6b;rport;alias',
	'From: sip:sipsak@127.0.0.1:60673;tag=515af931',
	'To: sip:127.0.0.1',
	'Call-ID: 1364916529@127.0.0.1',
	'CSeq: 1 OPTIONS',
	'Contact: sipsak@127.0.0.1:60673',
	'Content-Length: 0',
	'Max-Forwards: 70',
	'U�er-Agent: sipsak 0.9.8.1',
	'',
	'',
	'sent the following message three times without getting a response:',
	'OPTIONS sip:127.0.0.1 SIP/2.0',
	'Via: SIP/2.0/UDP 127.0.0.1:60073;branch=z9hG4bK.535dba6b;rport;alias',
	'From: sip:sipsak@127.0.0.1:60673;tag=515af931',
	'To: sip:127.0.0.1',
	'Call-ID: 1364916529@127.0.0.1',
	'CSeq: 1 OPTIONS',
	'Contact: sipsak@127.0.0.1:60673',
	'Content-Length: 0',
	'Max-Forwards: 70',
	'U�er-Agent: sipsak 0.9.8.1',
	'',
	'',
	'give up further retransmissions...',
	'',
];

void test("sipsak's random mode: each unanswered request once as sent, its closing reprint log text", () => {
	const analysis = analyzeTrace(output.join('\n'));
	assert.equal(analysis.format, 'sipsak');
	const sent = output.flatMap((l, i) =>
		l === 'did not get a response on this request:' ? [i + 1] : [],
	);
	assert.equal(sent.length, 3);
	assert.deepEqual(
		analysis.messages.map((m) => [m.method, m.frame.direction]),
		sent.map(() => ['OPTIONS', 'out']),
	);
	// The same request sent again: one transaction, its sendings told apart as retransmissions.
	assert.equal(new Set(analysis.messages.map((m) => m.callId)).size, 1);
	const reprint = output.indexOf(
		'sent the following message three times without getting a response:',
	);
	assert.ok(reprint > sent[2]!);
	assert.ok(
		analysis.messages.every((m) => m.frame.span.start < output.slice(0, reprint).join('\n').length),
	);
});

// `sipsak -vv -u alice -a wrong -s sip:auth@127.0.0.1:15250 > out 2>&1` against Kamailio on
// loopback: at -vv sipsak prints no request it sends; the error's dump (on stderr, so first in
// the file) holds the only print of the request the 407 challenged again.
const refusedVv =
	'request:\nOPTIONS sip:auth@127.0.0.1:1525 SIP/2.0\nProxy-Authorization: Digest username="alice", uri="sip:auth@127.0.0.1:1525", algorithm=MD5, realm="127.0.0.1", nonce="axajJ2sWofuO99QkMrL3Wk3zt56WcgCF", response="e85c2cb51666ad5a163567683e597292"\nVia: SIP/2.0/UDP 127.0.0.1:56450;branch=z9hG4bK.27cc1a09;rport;alias\nFrom: sip:sipsak@127.0.0.1:56450;tag=62b6cb06\nTo: sip:auth@127.0.0.1:1525\nCall-ID: 1656146694@127.0.0.1\nCSeq: 2 OPTIONS\nContact: sip:sipsak@127.0.0.1:56450\nContent-Length: 0\nMax-Forwards: 70\nUser-Agent: sipsak 0.9.8.1\nAccept: text/plain\n\n\nresponse:\nSIP/2.0 407 Proxy Authentication Required\nVia: SIP/2.0/UDP 127.0.0.1:56450;branch=z9hG4bK.27cc1a09;rport=37693;alias;received=127.0.0.1\nFrom: sip:sipsak@127.0.0.1:56450;tag=62b6cb06\nTo: sip:auth@127.0.0.1:1525;tag=4cd91a7cd5ee04c6185732f1b792c8c4.53c89600\nCall-ID: 1656146694@127.0.0.1\nCSeq: 2 OPTIONS\nProxy-Authenticate: Digest realm="127.0.0.1", nonce="axajJ2sWofuO99QkMrL3Wk3zt56WcgCF"\nServer: kamailio (5.6.3 (x86_64/linux))\nContent-Length: 0\n\n\nerror: authorization failed\n       request already contains (Proxy-) Authorization, but received 40[1|7], see above\n\nmessage received:\nauthorizing\n\'CSeq\' not found in reply\n\nmessage received:\n';

void test("sipsak -vv: the request in an error's dump is the only print of the one sent, read as it", () => {
	const a = analyzeTrace(refusedVv);
	assert.equal(a.format, 'sipsak');
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.direction]),
		[
			['OPTIONS', 'out'],
			[407, 'in'],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
	assert.ok(!a.problems.some((p) => p.code === 'response.no-request'));
});

// `sipsak -vvv -U -b 1 -e 2 -s sip:carol@127.0.0.1:15250 > out 2>&1`: its buffer ran a
// REGISTER's last header into the next REGISTER, and sent both as one datagram (a capture
// shows 11 such datagrams, none answered).
const gluedSend =
	'request:\nREGISTER sip:127.0.0.1:1525 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:58247;branch=z9hG4bK.254abadd;rport;alias\nFrom: sip:carol1@127.0.0.1:1525;tag=6d559cca\nTo: sip:carol1@127.0.0.1:1525\nCall-ID: 1834327242@127.0.0.1\nCSeq: 1 REGISTER\nContent-Length: 0\nMax-Forwards: 70\nUser-AREGISTER sip:127.0.0.1:1525 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:58247;branch=z9hG4bK.30feb745;rport;alias\nFrom: sip:2@127.0.0.1:1525;tag=5d285058\nTo: sip:2@127.0.0.1:1525\nCall-ID: 1562923096@127.0.0.1\nCSeq: 2 REGISTER\nContent-Length: 0\nMax-Forwards: 70\nUser-Agent: sipsak 0.9.8.1\nExpires: 15\nContact: sip:2@127.0.0.1:58247\n\n\nsend to: UDP:127.0.0.1:15250\n';

void test('sipsak: what it printed of one datagram it sent (`request:` ... `send to:`) is one message, whatever it holds', () => {
	const a = analyzeTrace(gluedSend);
	assert.equal(a.messages.length, 1);
	assert.equal(a.messages[0]!.frame.dst, '127.0.0.1:15250');
	assert.ok(a.problems.some((p) => p.code === 'header.malformed'));
	// The datagram as a capture holds it: one message too.
	const datagram = gluedSend
		.replace(/^request:\n/, '')
		.replace(/\n*send to: .*\n$/, '\n\n')
		.replaceAll('\n', '\r\n');
	const captured = analyzeTrace(
		`2026-12-07 12:12:37.651200 127.0.0.1:56354 -> 127.0.0.1:15250 UDP\n${datagram}`,
	);
	assert.equal(captured.messages.length, 1);
});
