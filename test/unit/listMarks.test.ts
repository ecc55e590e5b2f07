// Traces copied from pages that mark each line: pastebin's numbered view (`  5. `), a blog's
// numbered code block (`  3 `), a saved page whose lines became list items (`- `, `* `, `- 199321 `).
// Each shape rebuilt from a real post (origin beside it): the messages are read behind the marks,
// and keep their headers and links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { coversAll } from './coversAll';

const lineOf = (text: string, at: number): number => text.slice(0, at).split('\n').length - 1;

// Asterisk's pjsip logger (an OPTIONS qualify and its 200), as a pastebin page shows it.
const options = [
	'[2021-02-03 12:46:08] VERBOSE[8958] res_pjsip_logger.c: <--- Transmitting SIP request (433 bytes) to UDP:10.25.9.110:5060 --->',
	'OPTIONS sip:34-0x8149d8@10.25.9.110:5060 SIP/2.0',
	'Via: SIP/2.0/UDP 10.25.15.200:5060;rport;branch=z9hG4bKPj4bfbbf51-29e0-4f64-abe5-a524f991f938',
	'From: <sip:34@10.25.15.200>;tag=80bf1d6f-ea32-4a47-97f0-ce207d14278e',
	'To: <sip:34-0x8149d8@10.25.9.110>',
	'Contact: <sip:34@10.25.15.200:5060>',
	'Call-ID: f162eea5-e347-4a19-a03f-1a59cd4bf915',
	'CSeq: 57243 OPTIONS',
	'Max-Forwards: 70',
	'Content-Length:  0',
	'',
	'[2021-02-03 12:46:08] VERBOSE[2510] res_pjsip_logger.c: <--- Received SIP response (360 bytes) from UDP:10.25.9.110:5060 --->',
	'SIP/2.0 200 OK',
	'Via: SIP/2.0/UDP 10.25.15.200:5060;rport=5060;branch=z9hG4bKPj4bfbbf51-29e0-4f64-abe5-a524f991f938',
	'From: <sip:34@10.25.15.200>;tag=80bf1d6f-ea32-4a47-97f0-ce207d14278e',
	'To: <sip:34-0x8149d8@10.25.9.110>;tag=1234',
	'Call-ID: f162eea5-e347-4a19-a03f-1a59cd4bf915',
	'CSeq: 57243 OPTIONS',
	'Content-Length: 0',
	'',
];

const read = (text: string) => {
	const a = analyzeTrace(text);
	coversAll(text, a);
	return {
		messages: a.messages.map((m) => [
			lineOf(text, m.startLine.start),
			m.method ?? m.status,
			m.callId,
			a.index.requestOf(m.index),
		]),
		codes: a.problems.map((p) => p.code),
	};
};
const expected = [
	[1, 'OPTIONS', 'f162eea5-e347-4a19-a03f-1a59cd4bf915', null],
	[12, 200, 'f162eea5-e347-4a19-a03f-1a59cd4bf915', 0],
];

test("pastebin's lines saved as list items with their numbers (`- 199321 `): read behind the marks", () => {
	const text = options.map((l, i) => `- ${199320 + i}${l ? ` ${l}` : ''}\n`).join('');
	assert.deepEqual(read(text), { messages: expected, codes: [] });
});

test("lines saved as list items (`- `), and pastebin's numbered view (`  5. `): read behind the marks", () => {
	const dashed = ['Not a member of Pastebin yet?', ...options.map((l) => (l ? `- ${l}` : '-'))]
		.map((l) => `${l}\n`)
		.join('');
	assert.deepEqual(read(dashed), {
		messages: expected.map(([line, ...rest]) => [(line as number) + 1, ...rest]),
		codes: [],
	});
	// pastebin gives an empty line a space after its number (`  11.  `).
	const numbered = options.map((l, i) => `${String(i + 1).padStart(3)}. ${l || ' '}\n`).join('');
	assert.deepEqual(read(numbered), { messages: expected, codes: [] });
});

test('lines a Markdown page made bullets (`* `, `+ `): read behind the marks', () => {
	for (const bullet of ['*', '+']) {
		const text = ['The trace:', '', ...options.map((l) => (l ? `${bullet} ${l}` : bullet))]
			.map((l) => `${l}\n`)
			.join('');
		assert.deepEqual(read(text), {
			messages: expected.map(([line, ...rest]) => [(line as number) + 2, ...rest]),
			codes: [],
		});
	}
});

test("a Linphone log whose every line an issue's poster copied with `^ `: its messages read behind the marks", () => {
	// linphone-android issue 513: belle-sip's record and the message below it, each line `^ `.
	const text = [
		'Log : ',
		'```',
		'^ Incoming call ringing for 11 seconds',
		'^ channel [0x558a1e7780]: message sent to [UDP://10.25.9.110:5060], size: [433] bytes',
		...options.slice(1, 11).map((l) => (l ? `^ ${l}` : '^')),
		'^ Changing [client] [OPTIONS] transaction [0x558a1c4ff0], from state [INIT] to [TRYING]',
		'```',
	]
		.map((l) => `${l}\n`)
		.join('');
	const r = read(text);
	assert.deepEqual(r.messages, [[4, 'OPTIONS', 'f162eea5-e347-4a19-a03f-1a59cd4bf915', null]]);
	assert.deepEqual(r.codes, []);
	const m = analyzeTrace(text).messages[0]!;
	assert.equal(m.frame.dst, '10.25.9.110:5060');
});

test("a blog's numbered code block (`  3 REGISTER ...`), its notes numbered too: read behind the numbers", () => {
	// cnblogs: an OpenSIPS registration from eyeBeam, each line of the block numbered.
	const text = ['下面报文中，401999', ...options.slice(1, 11)]
		.map((l, i) => `${String(i + 1).padStart(3)} ${l}\n`)
		.join('');
	const r = read(text);
	assert.deepEqual(r.messages, [[1, 'OPTIONS', 'f162eea5-e347-4a19-a03f-1a59cd4bf915', null]]);
	assert.ok(!r.codes.some((c) => c.startsWith('header.')));
});

test('numbers that do not count up line by line, or a log whose lines start with a count, are no marks', () => {
	// A sip trace whose lines open with a record's own number (a phone's log) is read as before.
	const counted = options.map((l, i) => `${String(7 * i + 3).padStart(3)} ${l}\n`).join('');
	assert.ok(analyzeTrace(counted).messages.every((m) => m.callId === null));
});

test("pastebin's numbered view of a sofia siptrace, its own three-space indent after each number: read as sofia's, behind the numbers", () => {
	// pastebin QYzNyHVw: fs_cli's siptrace of a SUBSCRIBE (its indent kept) and the 202.
	const trace = [
		'recv 400 bytes from udp/[192.168.1.115]:53052 at 06:25:43.139737:',
		'   ------------------------------------------------------------------------',
		'   SUBSCRIBE sip:1000@192.168.1.47:5060 SIP/2.0',
		'   Via: SIP/2.0/UDP 192.168.1.115:53052;branch=z9hG4bK-524287-1---94e0fa7687544578;rport',
		'   Max-Forwards: 70',
		'   Contact: <sip:1000@192.168.1.115:53052;rinstance=92253d6e39db6386>',
		'   To: <sip:1000@192.168.1.47>',
		'   From: "1000"<sip:1000@192.168.1.47>;tag=edd7e501',
		'   Call-ID: 90533NzZiNzNhMWM3MmViZjUzYjI3OGQ2NDMyYWFjYWUzMTg',
		'   CSeq: 6 SUBSCRIBE',
		'   Expires: 300',
		'   Accept: application/simple-message-summary',
		'   Event: message-summary',
		'   Content-Length: 0',
		'   ',
		'   ------------------------------------------------------------------------',
	];
	const text = trace.map((l, i) => `${String(i + 1).padStart(3)}. ${l}\n`).join('');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sofia');
	assert.deepEqual(
		a.messages.map((m) => [m.method, m.callId, m.event?.package, m.frame.src]),
		[
			[
				'SUBSCRIBE',
				'90533NzZiNzNhMWM3MmViZjUzYjI3OGQ2NDMyYWFjYWUzMTg',
				'message-summary',
				'192.168.1.115:53052',
			],
		],
	);
	assert.deepEqual(
		a.problems.filter((p) => p.severity === 'error' || p.severity === 'warning').map((p) => p.code),
		[],
	);
	coversAll(text, a);
});
