// ngrep over TCP where connections take turns (test/fixtures/real/tcp-turns.*, made by
// test/scripts/make-tcp-turns-traces.sh): a presence server's NOTIFYs to four watchers, each over
// its own connection and in several segments, with other connections' segments between them, and
// segments TCP sent again. ngrep reassembles nothing: each message must be read over its own
// connection's segments. Each is compared with the same message as tshark reassembled it from the
// capture (`tcp-turns.messages.json`, written by test/scripts/tsharkSipJson.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { bodyText } from '../../server/src/core/bodies/bodyText';
import { coversAll } from './coversAll';
import { asRead, lineEnds, type Reassembled } from './reassembled';

const realDir = join(__dirname, '..', 'fixtures', 'real');
const text = readFileSync(join(realDir, 'tcp-turns.ngrep.txt'), 'utf8');

const reassembled = JSON.parse(
	readFileSync(join(realDir, 'tcp-turns.messages.json'), 'utf8'),
) as Reassembled[];

/** Call-ID, CSeq and start line: what tells a message of the story from the others. */
const keyOf = (startLine: string, headers: [string, string][]): string =>
	[
		startLine,
		...headers.filter(([n]) => /^(call-id|cseq)$/i.test(n)).map(([n, v]) => `${n}: ${v}`),
	].join('|');

/** The packets that repeat the payload of their connection's packet before (TCP sent them again). */
function resentPackets(): number {
	const last = new Map<string, string>();
	let resent = 0;
	for (const block of text.split(/\n(?=T \S+ -> \S+ )/)) {
		const m = /^T (\S+ -> \S+) [^\n]*\n/.exec(block);
		if (!m) continue;
		const payload = block.slice(m[0].length);
		if (last.get(m[1]!) === payload) resent++;
		last.set(m[1]!, payload);
	}
	return resent;
}

void test('ngrep over TCP, connections taking turns (real): every message read whole from its own connection, a segment sent again once, as tshark reassembles it', () => {
	const analysis = analyzeTrace(text);
	assert.equal(analysis.format, 'ngrep');
	coversAll(text, analysis);
	assert.equal(analysis.messages.length, reassembled.length);
	// Messages whose segments had another connection's between them: read over pieces.
	assert.ok(analysis.messages.filter((m) => m.frame.rest).length >= 10);
	// The capture holds segments TCP sent again (tcpdump saw each twice), and ngrep prints both
	// copies: each message holds its octets once.
	assert.ok(resentPackets() > 0);
	const want = new Map(
		reassembled.map((r) => [keyOf(r.startLine, r.headers), { ...r, body: lineEnds(r.body) }]),
	);
	for (const m of analysis.messages) {
		const read = asRead(text, m);
		const tshark = want.get(keyOf(read.startLine, read.headers));
		assert.ok(tshark, read.startLine);
		assert.deepEqual(read, {
			startLine: tshark.startLine,
			headers: tshark.headers,
			body: tshark.body,
		});
	}
	// Each read whole: no length, body or framing fault is said of any.
	assert.deepEqual(
		analysis.problems.map((p) => `${p.code}: ${p.message}`),
		[],
	);
});

/**
 * Twinkle 1.10.2 over TCP through Kamailio 5.6.3, printed live by `ngrep -q -l -d lo -W byline`
 * (packets 180 to 182): a segment holds a PUBLISH, two SUBSCRIBEs and the start of a REGISTER,
 * cut inside its From; the server's 407 on the same connection, the other way, comes before the
 * REGISTER's rest.
 */
const registerCut = [
	'T 127.0.0.1:51322 -> 127.0.0.1:15480 [AP] #180',
	'PUBLISH sip:bob@127.0.0.1 SIP/2.0.',
	'Via: SIP/2.0/TCP 127.0.0.1:15482;rport;branch=z9hG4bKcbfudmgc.',
	'Max-Forwards: 70.',
	'To: "Bob" <sip:bob@127.0.0.1>.',
	'From: "Bob" <sip:bob@127.0.0.1>;tag=cazhb.',
	'Call-ID: weuynwvorumqxoo@vm.',
	'CSeq: 542 PUBLISH.',
	'Event: presence.',
	'Expires: 0.',
	'SIP-If-Match: a.1796667654.23179.1.1.',
	'User-Agent: Twinkle/1.10.2.',
	'Content-Length: 0.',
	'.',
	'SUBSCRIBE sip:pres@127.0.0.1:15480;transport=tcp SIP/2.0.',
	'Via: SIP/2.0/TCP 127.0.0.1:15482;rport;branch=z9hG4bKsynvxwyb.',
	'Max-Forwards: 70.',
	'To: <sip:alice@127.0.0.1>;tag=c51c9a7fe7af840cf75016877200b2cc-4c4d8d70.',
	'From: "Bob" <sip:bob@127.0.0.1>;tag=hykgx.',
	'Call-ID: lqrwgtgubpzeogp@vm.',
	'CSeq: 347 SUBSCRIBE.',
	'Contact: <sip:bob@127.0.0.1:15482;transport=tcp>.',
	'Accept: application/pidf+xml.',
	'Event: presence.',
	'Expires: 0.',
	'User-Agent: Twinkle/1.10.2.',
	'Content-Length: 0.',
	'.',
	'SUBSCRIBE sip:pres@127.0.0.1:15480;transport=tcp SIP/2.0.',
	'Via: SIP/2.0/TCP 127.0.0.1:15482;rport;branch=z9hG4bKadwfreho.',
	'Max-Forwards: 70.',
	'To: <sip:carol@127.0.0.1>;tag=c51c9a7fe7af840cf75016877200b2cc-01dc8405.',
	'From: "Bob" <sip:bob@127.0.0.1>;tag=tsprc.',
	'Call-ID: rhyjawrtdmwslbi@vm.',
	'CSeq: 442 SUBSCRIBE.',
	'Contact: <sip:bob@127.0.0.1:15482;transport=tcp>.',
	'Accept: application/pidf+xml.',
	'Event: presence.',
	'Expires: 0.',
	'User-Agent: Twinkle/1.10.2.',
	'Content-Length: 0.',
	'.',
	'REGISTER sip:127.0.0.1 SIP/2.0.',
	'Via: SIP/2.0/TCP 127.0.0.1:15482;rport;branch=z9hG4bKhordcjcs.',
	'Max-Forwards: 70.',
	'To: "Bob" <sip:bob@127.0.0.1>.',
	'From: "Bob" <sip:bob@127',
	'',
	'T 127.0.0.1:15480 -> 127.0.0.1:51322 [AP] #181',
	'SIP/2.0 407 Proxy Authentication Required.',
	'Via: SIP/2.0/TCP 127.0.0.1:15482;rport=51322;branch=z9hG4bKcbfudmgc;received=127.0.0.1.',
	'To: "Bob" <sip:bob@127.0.0.1>;tag=2f631c5643106b3e458df8b02f82b1ce.3bd858db.',
	'From: "Bob" <sip:bob@127.0.0.1>;tag=cazhb.',
	'Call-ID: weuynwvorumqxoo@vm.',
	'CSeq: 542 PUBLISH.',
	'Proxy-Authenticate: Digest realm="127.0.0.1", nonce="axb6RWsW+RlY02kwbTFa3fWDCjvaiR9w".',
	'Server: kamailio (5.6.3 (x86_64/linux)).',
	'Content-Length: 0.',
	'.',
	'',
	'',
	'T 127.0.0.1:51322 -> 127.0.0.1:15480 [AP] #182',
	'.0.0.1>;tag=iemxa.',
	'Call-ID: lvvhkqhukrtyvoa@vm.',
	'CSeq: 201 REGISTER.',
	'Contact: <sip:bob@127.0.0.1:15482;transport=tcp>;expires=0.',
	'Allow: INVITE,ACK,BYE,CANCEL,OPTIONS,PRACK,REFER,NOTIFY,SUBSCRIBE,INFO,MESSAGE.',
	'User-Agent: Twinkle/1.10.2.',
	'Content-Length: 0.',
	'.',
	'',
	'',
].join('\n');

void test("ngrep over TCP (real): a message that starts mid-segment goes on in its connection's next segment the same way, past a packet the other way", () => {
	const analysis = analyzeTrace(registerCut);
	coversAll(registerCut, analysis);
	const register = analysis.messages.find((m) => m.method === 'REGISTER');
	assert.ok(register);
	assert.equal(register.callId, 'lvvhkqhukrtyvoa@vm');
	assert.equal(register.cseq?.method, 'REGISTER');
	assert.equal(register.frame.src, '127.0.0.1:51322');
	// The REGISTER's rest is its own: no headers without a start line, nothing missing.
	assert.deepEqual(
		analysis.problems.filter((p) => p.code !== 'publish.unknown-etag').map((p) => p.code),
		[],
	);
	assert.equal(analysis.messages.length, 5);
});

/**
 * Twinkle 1.10.2's MESSAGE over TCP, printed live by `ngrep -q -l -d lo -W byline`: its text (277
 * octets, no line end) ends with full stops, the last of which ngrep prints as it prints a CR;
 * read as one, the body would be an octet over its Content-Length.
 */
const messageText = [
	'T 127.0.0.1:59156 -> 127.0.0.1:15480 [AP] #21',
	'MESSAGE sip:bob@127.0.0.1 SIP/2.0.',
	'Via: SIP/2.0/TCP 127.0.0.1:15481;rport;branch=z9hG4bKbnweaxif.',
	'Max-Forwards: 70.',
	'To: <sip:bob@127.0.0.1>.',
	'From: "Alice" <sip:alice@127.0.0.1>;tag=tssjk.',
	'Call-ID: wpvljmvbcfzktdr@vm.',
	'CSeq: 857 MESSAGE.',
	'Content-Type: text/plain;charset=utf-8.',
	'User-Agent: Twinkle/1.10.2.',
	'Content-Length: 277.',
	'.',
	// The text: its words, then dots up to 277 octets.
	`hello over tcp with a longer text to make the segment bigger ${'.'.repeat(277 - 61)}`,
	// One empty line, then the server's answer: the text ended without a line end.
	'',
	'T 127.0.0.1:15480 -> 127.0.0.1:59156 [AP] #22',
	'SIP/2.0 407 Proxy Authentication Required.',
	'Via: SIP/2.0/TCP 127.0.0.1:15481;rport=59156;branch=z9hG4bKbnweaxif;received=127.0.0.1.',
	'To: <sip:bob@127.0.0.1>;tag=2f631c5643106b3e458df8b02f82b1ce.eaacf3da.',
	'From: "Alice" <sip:alice@127.0.0.1>;tag=tssjk.',
	'Call-ID: wpvljmvbcfzktdr@vm.',
	'CSeq: 857 MESSAGE.',
	'Proxy-Authenticate: Digest realm="127.0.0.1", nonce="axb7zmsW+qJJ3bw6nmHBysVlqsLQ6vxm".',
	'Server: kamailio (5.6.3 (x86_64/linux)).',
	'Content-Length: 0.',
	'.',
	'',
].join('\n');

void test('ngrep (real): a payload that stops inside its line on a full stop meets its Content-Length (the stop is no CR)', () => {
	assert.equal(messageText.split('\n')[12]!.length, 277);
	const analysis = analyzeTrace(messageText);
	assert.equal(analysis.messages.length, 2);
	assert.deepEqual(
		analysis.problems.map((p) => `${p.code}: ${p.message}`),
		[],
	);
	const m = analysis.messages[0]!;
	assert.equal(m.method, 'MESSAGE');
	assert.ok(bodyText(messageText, m).startsWith('hello over tcp with a longer text'));
});

void test('ngrep over TCP: a Content-Length a segment boundary cut is read whole, and the body to it', () => {
	// `Content-Length:  1` | `5`: the first segment ends inside the value; the body has two lines.
	const text = [
		'T 10.0.0.1:5060 -> 10.0.0.2:5060 [A] #1',
		'MESSAGE sip:bob@example.com SIP/2.0.',
		'Via: SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK-7a1.',
		'Max-Forwards: 70.',
		'From: <sip:alice@example.com>;tag=a1.',
		'To: <sip:bob@example.com>.',
		'Call-ID: cut-length@10.0.0.1.',
		'CSeq: 1 MESSAGE.',
		'Content-Type: text/plain.',
		'Content-Length:  1',
		'',
		'T 10.0.0.1:5060 -> 10.0.0.2:5060 [AP] #2',
		'5.',
		'.',
		'hello.',
		'world!.',
		'',
		'',
	].join('\n');
	const analysis = analyzeTrace(text);
	assert.equal(analysis.messages.length, 1);
	const m = analysis.messages[0]!;
	assert.equal(m.contentLength, 15);
	assert.equal(bodyText(text, m).trimEnd(), 'hello\r\nworld!');
	assert.deepEqual(
		analysis.problems.map((p) => p.code),
		[],
	);
});

void test('ngrep over TCP (real): a copy that keeps one empty line where ngrep printed two (a page that collapsed them) reads the same', () => {
	const collapsed = text.replace(/\n\n\n+/g, '\n\n');
	assert.notEqual(collapsed, text);
	const analysis = analyzeTrace(collapsed);
	assert.equal(analysis.messages.length, reassembled.length);
	assert.deepEqual(
		analysis.problems.map((p) => `${p.code}: ${p.message}`),
		[],
	);
});

void test("ngrep over TCP: a message that starts in a segment after the tail of another has that segment's addresses and goes on in its next one", () => {
	const tail = [
		'T 10.0.0.1:5060 -> 10.0.0.2:5060 [A] #1',
		'the end of an earlier body, whose start is not in the trace</note>',
		'</presence>',
		'MESSAGE sip:bob@example.com SIP/2.0.',
		'Via: SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK-t1.',
		'Max-Forwards: 70.',
		'From: <sip:alice@example.com>;tag=a1.',
		'To: <sip:bob@example.com>.',
		'Call-ID: tail@10.0.0.1.',
		'CSeq: 1 MESSAGE.',
		'Content-Type: text/plain.',
		'Content-Le',
		'',
		'T 10.0.0.2:5060 -> 10.0.0.1:5060 [AP] #2',
		'OPTIONS sip:alice@example.com SIP/2.0.',
		'Via: SIP/2.0/TCP 10.0.0.2:5060;branch=z9hG4bK-o1.',
		'Max-Forwards: 70.',
		'From: <sip:bob@example.com>;tag=b1.',
		'To: <sip:alice@example.com>.',
		'Call-ID: other@10.0.0.2.',
		'CSeq: 1 OPTIONS.',
		'Content-Length: 0.',
		'.',
		'',
		'',
		'T 10.0.0.1:5060 -> 10.0.0.2:5060 [AP] #3',
		'ngth: 7.',
		'.',
		'hello.',
		'',
		'',
	].join('\n');
	const analysis = analyzeTrace(tail);
	assert.deepEqual(
		analysis.messages.map((m) => [m.method, m.frame.src, m.frame.dst, m.contentLength]),
		[
			['MESSAGE', '10.0.0.1:5060', '10.0.0.2:5060', 7],
			['OPTIONS', '10.0.0.2:5060', '10.0.0.1:5060', 0],
		],
	);
	assert.equal(bodyText(tail, analysis.messages[0]!).trimEnd(), 'hello');
	assert.deepEqual(
		analysis.problems.filter((p) => p.code !== 'framing.no-start-line').map((p) => p.code),
		[],
	);
});
