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
