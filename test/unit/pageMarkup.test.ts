// A wiki page's markup left inside a pasted message: the author closed the `<pre>` block to set
// one header in bold (`'''Authorization: ...'''`) and opened it again (the OpenSIPS wiki's ngrep
// capture of an Ekiga REGISTER). The markup lines are the page's; the bold header is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const register = (cseq: number, auth: string[]) => [
	'REGISTER sip:192.168.0.30 SIP/2.0',
	'Via: SIP/2.0/UDP 192.168.0.11:5060;branch=z9hG4bK-' + cseq + ';rport',
	'Max-Forwards: 70',
	...auth,
	'From: <sip:1000@192.168.0.30>;tag=da9ee7dd',
	'To: <sip:1000@192.168.0.30>',
	'Contact: <sip:1000@192.168.0.11:5060>',
	'Call-ID: 8c6fe7dd-c342@linux-f433.site',
	`CSeq: ${cseq} REGISTER`,
	'Expires: 3600',
	'Content-Length: 0',
	'',
	'',
];
const challenge = [
	'SIP/2.0 401 Unauthorized',
	'Via: SIP/2.0/UDP 192.168.0.11:5060;branch=z9hG4bK-7;rport=5060',
	'From: <sip:1000@192.168.0.30>;tag=da9ee7dd',
	'To: <sip:1000@192.168.0.30>;tag=s1',
	'Call-ID: 8c6fe7dd-c342@linux-f433.site',
	'CSeq: 7 REGISTER',
	'WWW-Authenticate: Digest realm="192.168.0.30", nonce="4f1af72c"',
	'Content-Length: 0',
	'',
	'',
];
const digest =
	'Authorization: Digest username="1000", realm="192.168.0.30", nonce="4f1af72c", uri="sip:192.168.0.30", algorithm=MD5, response="9c52b428"';

void test("`</pre>`, `'''header'''` and `<pre>` among a message's headers: the markup read past, the bold header read, the retry linked", () => {
	const text = [
		'<pre>',
		...register(7, []),
		...challenge,
		...register(8, ['</pre>', `'''${digest}'''`, '<pre>']),
		'</pre>',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => m.method ?? m.status),
		['REGISTER', 401, 'REGISTER'],
	);
	const retry = a.messages[2]!;
	assert.ok(retry.header('authorization'));
	assert.equal(a.index.challengeOf(2), 1);
	assert.deepEqual(
		a.problems.filter((p) => p.severity !== 'information').map((p) => p.code),
		[],
	);
});

void test("a field Wireshark adds (`[Generated Call-ID: ...]`) copied among the headers: read past, said as the copy's", () => {
	// A GB28181 stack's source comment quoting a Wireshark dissection of LiveGBS's MESSAGE.
	const text = register(7, ['[Generated Call-ID: 8c6fe7dd-c342@linux-f433.site]']).join('\r\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages[0]!.callId, '8c6fe7dd-c342@linux-f433.site');
	assert.deepEqual(
		a.problems.map((p) => [p.code, p.severity, text.slice(p.span.start, p.span.end)]),
		[['header.malformed', 'information', '[Generated Call-ID: 8c6fe7dd-c342@linux-f433.site]']],
	);
});

void test("Wireshark's `Message Header` label between a start line and its headers, indented under it as the tree shows them: read past, the headers read", () => {
	const lines = register(7, []);
	const text = [
		lines[0]!,
		'Message Header',
		...lines.slice(1, -2).map((l) => `    ${l}`),
		'',
		'',
	].join('\r\n');
	const a = analyzeTrace(text);
	const m = a.messages[0]!;
	assert.equal(m.method, 'REGISTER');
	assert.equal(m.callId, '8c6fe7dd-c342@linux-f433.site');
	assert.equal(m.headerCount, lines.length - 3);
	assert.deepEqual(
		a.problems.map((p) => [p.code, p.severity, text.slice(p.span.start, p.span.end)]),
		[['header.malformed', 'information', 'Message Header']],
	);
});
