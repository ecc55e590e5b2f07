// Header lines a copy joined (a web page that lost the line end between two headers): read as
// the headers they were where the message lacks one it must have, or a number-valued header's
// number runs into the next header. Shapes from Cisco's IOS KPML guide and the Asterisk wiki.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const crlf = (lines: string[]): string => `${lines.join('\r\n')}\r\n\r\n`;

const subscribe = (lines: string[]): string =>
	crlf([
		'SUBSCRIBE sip:172.18.193.251:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 172.18.193.250:5060;branch=z9hG4bK5FE3',
		'From: <sip:8888@172.18.193.250>;tag=39497C-2EA',
		'To: <sip:172.18.193.251>;tag=EA330-F6',
		'Call-ID: 57633F68-2BE011D6-8013D46B-B4F9B5F6@172.18.193.251',
		'CSeq: 101 SUBSCRIBE',
		'Max-Forwards: 70',
		...lines,
		'Contact: <sip:172.18.193.250:5060>',
		'Content-Length: 0',
	]);

void test('a SUBSCRIBE whose Event a page glued to User-Agent: Event and Expires read, said once', () => {
	const text = subscribe(['User-Agent: Cisco-SIPGateway/IOS-12.x Event: kpml Expires: 7200']);
	const a = analyzeTrace(text);
	const m = a.messages[0]!;
	assert.equal(m.event?.package, 'kpml');
	assert.equal(m.expires, 7200);
	const agent = m.header('user-agent')!;
	assert.equal(text.slice(agent.value.start, agent.value.end), 'Cisco-SIPGateway/IOS-12.x');
	assert.deepEqual(
		a.problems.map((p) => [p.code, text.slice(p.span.start, p.span.end)]),
		[['header.joined', 'Event: kpml Expires: 7200']],
	);
});

void test('an Expires whose number runs into the next header is read as both', () => {
	const text = subscribe(['Event: kpml', 'Expires: 180 Allow-Events: kpml , telephone-event']);
	const a = analyzeTrace(text);
	assert.equal(a.messages[0]!.expires, 180);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['header.joined'],
	);
});

void test('a number with the next header glued right after it (`Max-Forwards: 70Event: dialog`): read as both', () => {
	// Cisco's SPA9000 admin guide, its NOTIFY's line ends lost on the page.
	const notify = (line: string) =>
		crlf([
			'NOTIFY sip:5041@192.168.0.4:5061 SIP/2.0',
			'Via: SIP/2.0/UDP 192.168.0.1:6060;branch=z9hG4bK-512b4023',
			'From: <sip:37683101@matrix.example.com>;tag=5080117180da6835o2',
			'To: <sip:5041@192.168.0.4:5061>',
			'Call-ID: ebec254f-a8610a68@localhost',
			'CSeq: 54508 NOTIFY',
			line,
			'Subscription-State: active;expires=60',
		]);
	const a = analyzeTrace(notify('Max-Forwards: 70Event: dialogContent-Length: 0'));
	assert.equal(a.messages[0]!.event?.package, 'dialog');
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['header.joined'],
	);
	// A number glued to a name of a header the message has already is left as it stands.
	const kept = analyzeTrace(notify('Event: dialog\r\nMax-Forwards: 70Event: dialog'));
	assert.deepEqual(
		kept.problems.map((p) => p.code),
		['header.bad-max-forwards'],
	);
});

void test('a Via with Max-Forwards glued to its branch: the branch is the Via’s own', () => {
	const text = crlf([
		'SUBSCRIBE sip:6001@10.24.18.124;transport=UDP SIP/2.0',
		'Via: SIP/2.0/UDP 10.24.17.254:37509;branch=z9hG4bK-d8754z-e5ecfde1f337b690-1---d8754zMax-Forwards: 70',
		'Contact: <sip:Alice@10.24.17.254:37509;transport=UDP>',
		'To: <sip:6001@10.24.18.124;transport=UDP>',
		'From: <sip:Alice@10.24.18.124;transport=UDP>;tag=f51e9632',
		'Call-ID: ZjE2ZDAwYThiOTA2MzYxOWEwNTEwMjc1ZGIxNTk3NDU.',
		'CSeq: 1 SUBSCRIBE',
		'Expires: 1800',
		'Event: presence',
		'Content-Length: 0',
	]);
	const a = analyzeTrace(text);
	const m = a.messages[0]!;
	assert.equal(m.vias[0]?.branch, 'z9hG4bK-d8754z-e5ecfde1f337b690-1---d8754z');
	assert.ok(m.header('max-forwards'));
	assert.deepEqual(
		a.problems.map((p) => p.code),
		['header.joined'],
	);
	// Asterisk's 401 (the wiki's copy) keeps the `-` the join lost: the same branch, the copy's
	// loss; a branch that differs otherwise is still said.
	const answer = (branch: string) =>
		crlf([
			'SIP/2.0 401 Unauthorized',
			`Via: SIP/2.0/UDP 10.24.17.254:37509;branch=${branch};received=10.24.17.254`,
			'From: <sip:Alice@10.24.18.124;transport=UDP>;tag=f51e9632',
			'To: <sip:6001@10.24.18.124;transport=UDP>;tag=as46a6e039',
			'Call-ID: ZjE2ZDAwYThiOTA2MzYxOWEwNTEwMjc1ZGIxNTk3NDU.',
			'CSeq: 1 SUBSCRIBE',
			'WWW-Authenticate: Digest algorithm=MD5, realm="asterisk", nonce="2b7a2d3e"',
			'Content-Length: 0',
		]);
	const codes = (branch: string) => analyzeTrace(text + answer(branch)).problems.map((p) => p.code);
	assert.deepEqual(codes('z9hG4bK-d8754z-e5ecfde1f337b690-1---d8754z-'), ['header.joined']);
	assert.deepEqual(codes('z9hG4bK-d8754z-0000-1---d8754z-'), [
		'header.joined',
		'response.via-mismatch',
	]);
});

void test('a value that only names a header is left whole where the message lacks nothing', () => {
	const text = subscribe(['Event: presence', 'Subject: Re: To: Bob', 'Expires: 3600']);
	const a = analyzeTrace(text);
	const subject = a.messages[0]!.header('subject')!;
	assert.equal(text.slice(subject.value.start, subject.value.end), 'Re: To: Bob');
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
});

void test('a value naming many headers is no joined line: left whole, the missing header still said', () => {
	const text = crlf([
		'OPTIONS sip:bob@example.com SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-o1',
		'From: <sip:alice@example.com>;tag=a1',
		'Call-ID: many-1@192.0.2.1',
		'CSeq: 1 OPTIONS',
		'Max-Forwards: 70',
		`Subject: ${'To: <sip:x@example.com> '.repeat(20)}`,
		'Content-Length: 0',
	]);
	const codes = analyzeTrace(text).problems.map((p) => p.code);
	assert.ok(codes.includes('header.missing-to'), codes.join());
	assert.ok(!codes.includes('header.joined'), codes.join());
});

void test('a glued header written with white space before its colon (`From : "DX70" <sip:...>`) is read out too', () => {
	// A Cisco Expressway log of a Skype for Business 504, as a TAC page shows it.
	const text = crlf([
		'SIP/2.0 504 Server time-out',
		'Via: SIP/2.0/TLS 10.48.54.160:52768;branch=z9hG4bK6594a02846406f4a5459d5f58a8d26b3',
		'Call-ID: f1b3ad5d-183b-4632-b210-c2f9bec71960',
		'CSeq: 2066245576 INVITE From : "DX70 Steven" <sip:2000@acano.example.lab>;tag=9fea3e7d70afd884',
		'To: <sip:stejanss@skype.example.lab>;tag=C65A7B0A8766A5F1D386474833D07882',
		'Content-Length: 0',
	]);
	const a = analyzeTrace(text);
	const m = a.messages[0]!;
	assert.equal(m.cseq?.seq, 2066245576);
	assert.equal(m.from?.tag, '9fea3e7d70afd884');
	assert.equal(m.from?.displayName, 'DX70 Steven');
	assert.deepEqual(
		a.problems.filter((p) => p.severity !== 'information').map((p) => p.code),
		['header.joined'],
	);
});

void test("headers a spec's example indented under the one above (folded into it): each read out without the fold's line end, the response linked", () => {
	const text = [
		'SERVICE sip:u@x.com SIP/2.0',
		'Via: SIP/2.0/TCP 1.2.3.4;branch=z9hG4bK1',
		'Max-Forwards: 70',
		'From: <sip:u@x.com>',
		'  ;tag=1',
		'  To: <sip:u@x.com>',
		'  Call-ID: abc',
		'  CSeq: 1 SERVICE',
		'  Content-Length: 0',
		'',
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/TCP 1.2.3.4;branch=z9hG4bK1',
		'From: <sip:u@x.com>;tag=1',
		'To: <sip:u@x.com>;tag=2',
		'Call-ID: abc',
		'CSeq: 1 SERVICE',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.callId, m.cseq?.seq, m.cseq?.method]),
		[
			['abc', 1, 'SERVICE'],
			['abc', 1, 'SERVICE'],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
	assert.deepEqual(
		a.problems.filter((p) => p.severity === 'error').map((p) => p.code),
		[],
	);
});

void test('a CSeq with the next header glued after its method (`CSeq: 1 INVITE Subject: ...`, a book): read as both', () => {
	const text = crlf([
		'INVITE sip:schroedinger@there.com SIP/2.0',
		'Via: SIP/2.0/UDP lab.high-voltage.org:5060;branch=z9hG4bKfw19b',
		'Max-Forwards: 70',
		'To: E. Schroedinger <sip:schroedinger@there.com>',
		'From: Werner Heisenberg <sip:werner.heisenberg@munich.de>;tag=76341',
		'Call-ID: 123456789@lab.high-voltage.org',
		'CSeq: 1 INVITE Subject: Where are you exactly?',
		'Contact: <sip:werner.heisenberg@192.0.2.1>',
		'Content-Length: 0',
	]);
	const a = analyzeTrace(text);
	const m = a.messages[0]!;
	assert.deepEqual([m.cseq?.seq, m.cseq?.method], [1, 'INVITE']);
	const subject = m.header('subject')!;
	assert.equal(text.slice(subject.value.start, subject.value.end), 'Where are you exactly?');
	const codes = a.problems.map((p) => p.code);
	assert.ok(!codes.includes('header.bad-cseq'), codes.join());
	assert.ok(codes.includes('header.joined'), codes.join());
});
