// A SIPp scenario pasted with a trace (`<send><![CDATA[ ... ]]></send>`): its messages are templates
// SIPp fills in when it runs, so what a keyword stands for (`[remote_ip]`, `[branch]`,
// `[last_Via:]`, `[$3]`) is not judged; what the template itself gets wrong still is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const send = (lines: string[]): string[] => [
	'  <send retrans="500">',
	'    <![CDATA[',
	'',
	...lines.map((l) => `      ${l}`),
	'',
	'    ]]>',
	'  </send>',
];

const scenario = (notifyHeaders: string[], to = 'To[$3]'): string =>
	[
		'<?xml version="1.0" encoding="ISO-8859-1" ?>',
		'<scenario name="presence watcher">',
		...send([
			'SUBSCRIBE sip:[service]@[remote_ip]:[remote_port] SIP/2.0',
			'Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]',
			'From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]',
			'To: sut <sip:[service]@[remote_ip]:[remote_port]>',
			'Call-ID: [call_id]',
			'CSeq: 1 SUBSCRIBE',
			'Contact: sip:sipp@[local_ip]:[local_port]',
			'Max-Forwards: 70',
			'Event: presence',
			'Expires: 60',
			'Content-Length: [len]',
		]),
		'  <recv response="200" rtd="true"></recv>',
		'  <recv request="NOTIFY"></recv>',
		...send([
			'SIP/2.0 200 OK',
			'[last_Via:]',
			'[last_From:]',
			'[last_To:]',
			'[last_Call-ID:]',
			'[last_CSeq:]',
			'Contact: <sip:[local_ip]:[local_port];transport=[transport]>',
			'Content-Length: 0',
		]),
		...send([
			'NOTIFY sip:[service]@[remote_ip]:[remote_port] SIP/2.0',
			'Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]',
			'From: <sip:watcher@[local_ip]>;tag=[pid]',
			to,
			'Call-ID: [call_id]',
			'CSeq: 2 NOTIFY',
			'Max-Forwards: 70',
			'Event: presence',
			...notifyHeaders,
			'Content-Length: 0',
		]),
		'</scenario>',
		'',
	].join('\n');

void test("a SIPp scenario's messages are read, their keywords not judged", () => {
	const a = analyzeTrace(scenario(['Subscription-State: active;expires=60']));
	assert.deepEqual(
		a.messages.map((m) => m.method ?? m.status),
		['SUBSCRIBE', 200, 'NOTIFY'],
	);
	// Each said once to be a scenario's, not traffic (information), on its start line.
	assert.deepEqual(
		a.problems.map((p) => [p.code, p.severity, a.text.slice(p.span.start, p.span.end)]),
		a.messages.map((m) => [
			'message.not-sent',
			'information',
			a.text.slice(m.startLine.start, m.startLine.end),
		]),
	);
	// What the template itself lacks is still said (RFC 6665 §4.1.3); a keyword line (`To[$3]`)
	// may stand for any header, so none is said missing where the template has one.
	assert.deepEqual(
		analyzeTrace(scenario([], 'To: <sip:[service]@[remote_ip]>'))
			.problems.map((p) => p.code)
			.filter((code) => code !== 'message.not-sent'),
		['notify.missing-subscription-state'],
	);
});

void test('keywords with parameters (`[authentication username=... password=...]`, `[field1 file=...]`) and `]]>` right under the last header: read as SIPp reads them', () => {
	// SIPp's own example/tls/scenarios/reg_auth.xml: the retry's credentials from a keyword, and
	// the CDATA closed with no empty line before it.
	const text = [
		'<scenario name="register with auth">',
		'<send retrans="500">',
		'<![CDATA[',
		'REGISTER sip:open-ims.test SIP/2.0',
		'Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]',
		'Max-Forwards: 20',
		'From: "alice" <sip:alice@open-ims.test>;tag=[call_number]',
		'To: "alice" <sip:alice@open-ims.test>[field1 file="callee.csv" line=0]',
		'Call-ID: reg///[call_id]',
		'CSeq: 2 REGISTER',
		'Contact: <sip:alice@[local_ip]:[local_port]>',
		'Expires: 300',
		'Content-Length: 0',
		'[authentication username=alice@open-ims.test password=alice]',
		'[field2 file="headers.csv" line=0]',
		'Supported: path',
		']]>',
		'</send>',
		'<recv response="200"/>',
		'</scenario>',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.problems.map((p) => [p.code, a.text.slice(p.span.start, p.span.end)]),
		[['message.not-sent', 'REGISTER sip:open-ims.test SIP/2.0']],
	);
	assert.ok(
		a.text
			.slice(a.messages[0]!.frame.span.start, a.messages[0]!.frame.span.end)
			.endsWith('Supported: path\n'),
	);
});

void test('the same lines outside a scenario are judged as the message they are', () => {
	const bare = scenario(['Subscription-State: active;expires=60']).replaceAll('<![CDATA[', '');
	const codes = analyzeTrace(bare).problems.map((p) => p.code);
	assert.ok(codes.includes('header.bad-via'), codes.join());
	assert.ok(codes.includes('header.malformed'), codes.join());
});

void test("a program's string template of a message: said once, its placeholders not judged", () => {
	// A CoffeeScript voicemail notifier's NOTIFY, as its source writes it.
	const lines = (uri: string, length: string) => [
		`NOTIFY sip:${uri} SIP/2.0`,
		'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1',
		'Max-Forwards: 2',
		'To: <sip:1001@example.com>',
		'From: <sip:vm@example.com>;tag=vm1',
		'Call-ID: #{pkg.name}-#{Math.random()}',
		'CSeq: 1 NOTIFY',
		'Event: message-summary',
		'Subscription-State: active;expires=3600',
		'Content-Type: application/simple-message-summary',
		`Content-Length: ${length}`,
		'',
		'',
	];
	const text = lines('#{uri}', '#{body.length}').join('\r\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.problems.map((p) => [p.code, p.severity]),
		[['message.not-sent', 'information']],
	);
	assert.match(a.problems[0]!.message, /program's message template/);
	// One placeholder alone is no template: the value is judged.
	const one = analyzeTrace(
		lines('#{uri}', '0')
			.join('\r\n')
			.replace(/#\{pkg[^\r]*/, 'c1@example.com'),
	);
	assert.ok(one.problems.some((p) => p.code === 'message.bad-request-uri'));
	assert.ok(!one.problems.some((p) => p.code === 'message.not-sent'));
});

void test("a template's placeholders in values lint judges (`{{70}}`, a branch `{{z9hG4bK...}}`): not judged; a fault no placeholder explains is", () => {
	// A cloud telephony guide's INVITE with Mustache placeholders.
	const invite = (from: string, via: string) =>
		[
			'INVITE sip:{{+15105186683}}@{{voiceconnector}} SIP/2.0',
			`Via: SIP/2.0/UDP ${via}`,
			'Max-Forwards: {{70}}',
			`From: ${from}`,
			'To: <sip:{{+15105186683}}@{{voiceconnector}}>',
			'Call-ID: {{call-id}}',
			'CSeq: 1 INVITE',
			'Contact: <sip:{{caller}}@{{host}}>',
			'Content-Length: 0',
			'',
			'',
		].join('\r\n');
	const codes = (text: string) => analyzeTrace(text).problems.map((p) => p.code);
	assert.deepEqual(
		codes(invite('<sip:{{caller}}@{{host}}>;tag={{tag}}', '{{host}};branch={{z9hG4bKKXN2D41}}')),
		['message.not-sent'],
	);
	// No tag at all, a branch written without the cookie: the template's own faults.
	assert.deepEqual(codes(invite('<sip:{{caller}}@{{host}}>', '{{host}};branch=0')), [
		'message.not-sent',
		'via.branch-without-cookie',
		'from.missing-tag',
	]);
});
