// A message's headers without its start line, left as log text and said so. The shape of
// asterisk/asterisk#826: the excerpt begins inside the SBC's re-INVITE (its headers and SDP, no
// `INVITE` line) and goes on with Asterisk's 200 OK.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { reanalyzeTrace } from '../../server/src/core/reanalyze';

const headless = [
	'Via: SIP/2.0/UDP 173.25.0.50:5119;branch=z9hG4bKo0j0nzyt5y3ihzzstdd33dj5y;Role=3',
	'Call-ID: d7637a24-cc1a-4545-9daa-7f7ee6d61e87',
	'From: <sip:39302915619430000@192.168.1.140>;tag=wbddyh0y-CC-1002',
	'To: "+869376927326"<sip:09376927326@192.168.3.79>;tag=ae01033d-dcb8-4a7a-b8da-45464dde8570',
	'CSeq: 1 INVITE',
	'Contact: <sip:173.25.0.50:5119;transport=udp>',
	'Max-Forwards: 68',
	'Content-Length: 24',
	'Content-Type: application/sdp',
	'',
	'v=0',
	'o=- 1 1 IN IP4 1.2.3.4',
	'',
];
const ok = [
	'SIP/2.0 200 OK',
	'Via: SIP/2.0/UDP 173.25.0.50:5119;branch=z9hG4bKo0j0nzyt5y3ihzzstdd33dj5y;Role=3',
	'Call-ID: d7637a24-cc1a-4545-9daa-7f7ee6d61e87',
	'From: <sip:39302915619430000@192.168.1.140>;tag=wbddyh0y-CC-1002',
	'To: "+869376927326" <sip:09376927326@192.168.3.79>;tag=ae01033d-dcb8-4a7a-b8da-45464dde8570',
	'CSeq: 1 INVITE',
	'Content-Length: 0',
	'',
	'',
];
const text = ['```shell', ...headless, ...ok, '```', ''].join('\n');
const said = (
	t: string,
	problems: readonly { code: string; span: { start: number; end: number } }[],
) =>
	problems
		.filter((p) => p.code === 'framing.no-start-line')
		.map((p) => t.slice(p.span.start, p.span.end));

test('headers without their start line: said, on those lines, and no message made of them', () => {
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => m.status),
		[200],
	);
	assert.deepEqual(said(text, a.problems), [headless.slice(0, 9).join('\n')]);
	assert.equal(a.problems.find((p) => p.code === 'framing.no-start-line')!.severity, 'information');
});

test('a few header-like lines in prose, or headers without Call-ID and CSeq, are not said', () => {
	const prose = [
		'The proxy adds these:',
		'Via: SIP/2.0/UDP 10.0.0.1',
		'Max-Forwards: 69',
		'Record-Route: <sip:10.0.0.1;lr>',
		'',
		'and the UA answers with the same Call-ID:',
		'Call-ID: abc',
		'CSeq: 1 INVITE',
		'',
		...ok,
	].join('\n');
	assert.deepEqual(said(prose, analyzeTrace(prose).problems), []);
});

test("a trace that begins inside a message, its tail alone (CSeq without Call-ID): said there, not in the text's middle", () => {
	// An issue's SIP.js log whose excerpt begins inside Asterisk's 401 to a SUBSCRIBE.
	const tail = [
		'To: <sip:1001@sip.vpn>;tag=z9hG4bK5199844',
		'CSeq: 9328 SUBSCRIBE',
		'WWW-Authenticate: Digest realm="asterisk",nonce="1620274241/05c6205b69c73042f02b94796caabdb6"',
		'Server: Asterisk PBX 16.2.1~dfsg-1+deb10u2',
		'Content-Length:  0',
	];
	const top = ['', ...tail, '', '', ...ok].join('\n');
	assert.deepEqual(said(top, analyzeTrace(top).problems), [tail.join('\n')]);
	// The same lines after other text: a message's tail needs Call-ID and CSeq to be said.
	const inside = ['The registrar answered:', ...tail, '', '', ...ok].join('\n');
	assert.deepEqual(said(inside, analyzeTrace(inside).problems), []);
});

test("the same headers indented as a block (a post's code block, a Wireshark tree copied flat): said, over the block", () => {
	// A forum's copy of Wireshark's `Message Header` lines of an SJphone ACK, four spaces in.
	const indented = ['Message Header', ...headless.slice(0, 9)].map((l) => `    ${l}`);
	const block = ['', ...indented, ''].join('\n');
	const found = said(block, analyzeTrace(block).problems);
	assert.deepEqual(found, [indented.slice(1).join('\n').slice(4)]);
	// A folded line, indented deeper, goes on with its header; the run still ends the block.
	const folded = [
		'',
		...indented.slice(0, 3),
		'        ;received=192.0.2.1',
		...indented.slice(3),
		'',
	].join('\n');
	assert.equal(said(folded, analyzeTrace(folded).problems).length, 1);
	// Under a start line the post indented deeper than its headers (a list item's code block):
	// the start line is there, its headers are not said to lack one.
	const deeper = [
		'',
		'    INVITE sip:09376927326@192.168.3.79 SIP/2.0',
		...headless.slice(0, 9).map((l) => `  ${l}`),
		'',
	].join('\n');
	assert.deepEqual(said(deeper, analyzeTrace(deeper).problems), []);
});

test('an edit elsewhere keeps it, re-read in part as when read whole; a start line given reads the message', () => {
	const options = (n: number) =>
		[
			`OPTIONS sip:192.168.3.79 SIP/2.0`,
			`Via: SIP/2.0/UDP 192.168.1.140:5060;branch=z9hG4bKo${n}`,
			`Call-ID: o${n}`,
			'From: <sip:ping@192.168.1.140>;tag=p',
			'To: <sip:192.168.3.79>',
			`CSeq: ${n} OPTIONS`,
			'Max-Forwards: 70',
			'Content-Length: 0',
			'',
			'',
		].join('\n');
	const long = [text, ...Array.from({ length: 40 }, (_, n) => options(n + 1))].join('');
	const a = analyzeTrace(long);
	const at = long.lastIndexOf('OPTIONS sip:') + 'OPTIONS sip:'.length;
	const edited = `${long.slice(0, at)}1${long.slice(at)}`;
	const b = reanalyzeTrace(a, edited);
	const whole = analyzeTrace(edited);
	assert.deepEqual(said(edited, b.problems), [headless.slice(0, 9).join('\n')]);
	assert.deepEqual(said(edited, b.problems), said(edited, whole.problems));
	const withStart = text.replace(
		'```shell\n',
		'```shell\nINVITE sip:09376927326@192.168.3.79 SIP/2.0\n',
	);
	const c = analyzeTrace(withStart);
	assert.deepEqual(
		c.messages.map((m) => m.method ?? m.status),
		['INVITE', 200],
	);
	assert.deepEqual(said(withStart, c.problems), []);
});

test('a message the format leaves as log text with its start line (SIPp\'s "Unexpected UDP message received:") is not said', () => {
	const sipp = readFileSync(
		join(__dirname, '..', 'fixtures', 'real', 'sipp-failures.bob_messages.log'),
		'utf8',
	);
	assert.ok(sipp.includes('Unexpected UDP message received:\n\nNOTIFY sip:'));
	assert.deepEqual(said(sipp, analyzeTrace(sipp).problems), []);
});

test("a guide's headers without their start line, each set as a paragraph (double-spaced): said once over them", () => {
	// 3CX's SIP trunk requirements page: its "Initial Registration Example" begins at `Via:`,
	// an empty line after every header.
	const lines = [
		'Via: SIP/2.0/UDP 10.10.10.10:5060;branch=z9hG4bK-524287-1;rport',
		'Max-Forwards: 70',
		'Contact: <sip:1000@10.10.10.10:5060;rinstance=2622c879b98cfd93>',
		'To: <sip:1000@sip.provider.example>',
		'From: <sip:1000@sip.provider.example>;tag=9a5c5e51',
		'Call-ID: ZjMyNjE1MzZkOWE0ZDUxZjVkNGU0ZWE2ZmU4NDI3OGE',
		'CSeq: 1 REGISTER',
		'Expires: 3600',
		'Content-Length: 0',
	];
	const doubled = [
		'Initial Registration Example',
		'',
		lines.join('\n\n'),
		'',
		'',
		'Provider Challenge Example',
		'',
	].join('\n');
	assert.deepEqual(said(doubled, analyzeTrace(doubled).problems), [lines.join('\n\n')]);
});

test("headers of an extension among them (Cisco's `Session-ID:` between Call-ID and CSeq): one block, said", () => {
	const cut = [
		'To: <sip:4567@192.168.4.169>',
		'Call-ID: 689e0b1b-07a15324-33cb0d34-12138fa7@192.168.5.22',
		'Session-ID: c8dfd52500105000a000689e0b1b07a1;remote=00000000000000000000000000000000',
		'CSeq: 1001 SUBSCRIBE',
		'Event: presence',
		'Content-Length: 0',
	];
	const t = ['```', ...cut, '', ...ok, '```', ''].join('\n');
	const a = analyzeTrace(t);
	assert.deepEqual(
		a.messages.map((m) => m.status),
		[200],
	);
	assert.deepEqual(said(t, a.problems), [cut.join('\n')]);
});
