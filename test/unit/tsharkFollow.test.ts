// tshark's stream follower (`-z follow,udp,ascii`, see server/src/core/framing/tsharkFollow.ts).
// The real fixtures (test/scripts/make-follow-printouts.sh) are checked with the other real
// fixtures against tshark's fields; here, what that check does not show: a message read over
// TCP segments is the message tshark reassembled, octet for octet; the links a follower cannot
// tell are not guessed; a payload line of digits alone is no length line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import { reanalyzeTrace } from '../../server/src/core/reanalyze';
import { bodyText } from '../../server/src/core/bodies/bodyText';
import { withoutScenarioPriorities } from './tcpStoryBodies';

const dir = join(__dirname, '..', 'fixtures', 'real');
const read = (name: string): string => readFileSync(join(dir, name), 'utf8');

interface Dissected {
	startLine: string;
	headers: [string, string][];
	body: string;
}

void test('a TCP stream: each 3 KB PUBLISH, printed in three segments, is the message tshark reassembled', () => {
	const text = read('tcp-story.follow.txt');
	const a = analyzeTrace(text);
	const wire = JSON.parse(read('tcp-story.messages.json')) as Dissected[];
	const publishes = a.messages.filter((m) => m.method === 'PUBLISH');
	assert.equal(publishes.length, 2);
	for (const m of publishes) {
		// Cut twice: each segment's length line lies inside the message.
		assert.equal(m.frame.joins?.length, 2);
		const sent = wire.find(
			(w) => w.headers.find(([n]) => n === 'Call-ID')?.[1] === m.callId && w.body !== '',
		)!;
		// Read from lines, a body ends with its last line's content, as in every format read so.
		assert.equal(bodyText(a.text, m), sent.body.replace(/\r\n$/, ''), m.callId!);
		assert.equal(m.frame.transport, 'TCP');
	}
	assert.deepEqual(
		withoutScenarioPriorities(a.problems).map((p) => p.code),
		['trace.streams-apart'],
	);
});

/** A follower's block of one UDP stream, its payloads given as [node, payload]. */
function block(stream: number, nodes: [string, string], payloads: [0 | 1, string][]): string {
	let s = `\n${'='.repeat(67)}\nFollow: udp,ascii\nFilter: udp.stream eq ${stream}\n`;
	s += `Node 0: ${nodes[0]}\nNode 1: ${nodes[1]}\n`;
	for (const [node, payload] of payloads)
		s += `${node === 1 ? '\t' : ''}${Buffer.byteLength(payload)}\n${payload}\n`;
	return `${s}${'='.repeat(67)}\n`;
}

const crlf = (lines: string[]): string => lines.join('\r\n');

const message = crlf([
	'MESSAGE sip:bob@192.0.2.2 SIP/2.0',
	'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-m1',
	'From: <sip:alice@192.0.2.1>;tag=a1',
	'To: <sip:bob@192.0.2.2>',
	'Call-ID: m1@192.0.2.1',
	'CSeq: 1 MESSAGE',
	'Max-Forwards: 70',
	'Content-Type: text/plain',
	'Content-Length: 12',
	'',
	'42\r\n1448\r\nok',
]);
const ok = crlf([
	'SIP/2.0 200 OK',
	'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-m1',
	'From: <sip:alice@192.0.2.1>;tag=a1',
	'To: <sip:bob@192.0.2.2>;tag=b1',
	'Call-ID: m1@192.0.2.1',
	'CSeq: 1 MESSAGE',
	'Content-Length: 0',
	'',
	'',
]);

void test('a payload line of digits alone is the message body, not the next payload', () => {
	const text = block(
		0,
		['192.0.2.1:5060', '192.0.2.2:5060'],
		[
			[0, message],
			[1, ok],
		],
	);
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tsharkFollow');
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.src, m.frame.dst, m.frame.declaredBytes]),
		[
			['MESSAGE', '192.0.2.1:5060', '192.0.2.2:5060', Buffer.byteLength(message)],
			[200, '192.0.2.2:5060', '192.0.2.1:5060', Buffer.byteLength(ok)],
		],
	);
	assert.equal(bodyText(a.text, a.messages[0]!), '42\r\n1448\r\nok');
	assert.equal(a.index.requestOf(1), 0);
	// One stream: the file's order is the stream's, nothing to say.
	assert.deepEqual(withoutScenarioPriorities(a.problems), []);
});

void test('streams printed apart: no NOTIFY is linked to a PUBLISH by the order of the file', () => {
	const a = analyzeTrace(read('presence-story.follow.txt'));
	const notifies = a.messages.filter((m) => m.method === 'NOTIFY');
	assert.ok(notifies.length > 0);
	for (const m of notifies) assert.equal(a.index.publishOf(m.index), null);
	const said = a.problems.filter((p) => p.code === 'trace.streams-apart');
	assert.equal(said.length, 1);
	// At the first payload of the second stream.
	const first = a.messages[0]!.frame;
	const second = a.messages.find((m) => m.frame.src !== first.src && m.frame.dst !== first.src)!;
	assert.equal(said[0]!.span.start, second.frame.meta!.start);
	// The same capture with its times (sngrep's export) links them.
	const timed = analyzeTrace(read('presence-story.sngrep.txt'));
	assert.ok(
		timed.messages.some((m) => m.method === 'NOTIFY' && timed.index.publishOf(m.index) !== null),
	);
});

void test("an edit below a block's head keeps its payloads' addresses, as a whole analysis reads them", () => {
	const text = read('presence-story.follow.txt');
	const long = `${text}${text}${text}`;
	const before = analyzeTrace(long);
	// A tag's value edited in the middle of the text, far below its block's `Node` lines.
	const at = long.indexOf('tag=', Math.floor(long.length / 2)) + 4;
	const edited = long.slice(0, at) + 'x' + long.slice(at);
	const shown = (a: ReturnType<typeof analyzeTrace>): unknown[] =>
		a.messages.map((m) => [m.frame.span.start, m.frame.src, m.frame.dst, m.from?.tag, m.to?.tag]);
	const again = reanalyzeTrace(before, edited);
	assert.deepEqual(shown(again), shown(analyzeTrace(edited)));
	assert.ok(again.messages.every((m) => m.frame.src !== null));
});

/** Each message as a reader sees it: what it is, its dialog and transaction, between whom, its body. */
function seen(a: ReturnType<typeof analyzeTrace>): unknown[] {
	return a.messages.map((m) => ({
		method: m.method,
		status: m.status,
		callId: m.callId,
		cseq: m.cseq,
		tags: [m.from?.tag, m.to?.tag],
		branch: m.vias[0]?.branch ?? null,
		src: m.frame.src,
		dst: m.frame.dst,
		transport: m.frame.transport,
		// Its line ends as a reading of lines gives them (the hex's: each a line's end, not as
		// written), and it ends with its last line's content.
		body: m.body === null ? null : bodyText(a.text, m).replace(/\r\n/g, '\n').trimEnd(),
	}));
}

for (const story of ['presence-story', 'tcp-story']) {
	void test(`${story}: the follower in hex reads the messages the follower in ASCII does`, () => {
		const hex = analyzeTrace(read(`${story}.follow-hex.txt`));
		const ascii = analyzeTrace(read(`${story}.follow.txt`));
		assert.equal(hex.format, 'tsharkFollow');
		// Read from the hex: a space that ends a row, which tshark leaves out of the characters
		// (`itional  request` before `failed` in the 412's reason phrase), is read as a space.
		assert.deepEqual(
			hex.problems.map((p) => p.code),
			ascii.problems.map((p) => p.code),
		);
		const got = seen(hex);
		assert.ok(got.length > 0);
		assert.deepEqual(got, seen(ascii));
	});
}

void test("a follower's printout in hex pasted below another trace is read as its own messages", () => {
	const sngrep = read('blf-call.sngrep.txt');
	const hex = read('presence-story.follow-hex.txt');
	const alone = analyzeTrace(hex).messages.length;
	const a = analyzeTrace(`${sngrep}\n${hex}`);
	assert.equal(a.format, 'sngrep');
	const pasted = a.messages.filter((m) => m.frame.format === 'tsharkFollow');
	assert.equal(pasted.length, alone);
	assert.equal(a.messages.length, analyzeTrace(sngrep).messages.length + alone);
	assert.ok(pasted.every((m) => m.frame.src !== null && (m.method !== null || m.status !== null)));
});
