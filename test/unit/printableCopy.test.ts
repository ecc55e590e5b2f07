// Frames copied out of Wireshark as printable text (test/fixtures/copies, made by
// test/scripts/printableCopy.mjs from real/presence-story.pcapng): each start line comes right
// after what the copy kept of the frame's Ethernet, IP and UDP headers, with nothing between.
// Each message read is compared with the same frame's payload in presence-story.sip (bare
// messages decoded from the capture by tshark), independently of the analyser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { coversAll } from './coversAll';

const fixtures = join(__dirname, '..', 'fixtures');
const read = (path: string): string => readFileSync(join(fixtures, path), 'utf8');

/**
 * The payload of each SIP frame of the capture, in order: the `.sip` file cut at its start lines,
 * each without the line end pcapToRaw.mjs writes after it.
 */
const sip = read('real/presence-story.sip');
const starts = [...sip.matchAll(/^(?:[A-Z]+ sip:\S+ SIP\/2\.0|SIP\/2\.0 \d{3} [^\r\n]*)\r$/gm)].map(
	(m) => m.index,
);
const payloads = starts.map((s, i) =>
	sip.slice(s, starts[i + 1] ?? sip.length).replace(/\r\n$/, ''),
);

/** 0-based line of an offset. */
const lineOf = (text: string, offset: number): number =>
	text.slice(0, offset).split('\n').length - 1;

interface Copy {
	readonly file: string;
	/** The frames copied, numbered from 1 as Wireshark numbers them. */
	readonly frames: readonly number[];
	/** The line of each copy's start line. */
	readonly lines: readonly number[];
}

const copies: readonly Copy[] = [
	{
		// Wireshark 3.x and later: Latin-1 letters among the headers' octets are kept too.
		file: 'copies/presence-story.printable-text.txt',
		frames: [1, 2, 3, 4, 13, 14, 15, 16, 17],
		lines: [0, 15, 27, 41, 51, 77, 88, 115, 127],
	},
	{
		// Wireshark 2.x: printable ASCII and white space only.
		file: 'copies/presence-story.printable-text-ascii.txt',
		frames: [9, 10, 11, 12],
		lines: [0, 15, 27, 41],
	},
];

for (const { file, frames, lines } of copies)
	test(`${file}: every frame's message is read whole, from the start line glued after the headers' octets`, () => {
		const text = read(file);
		const a = analyzeTrace(text);
		assert.equal(a.format, 'raw');
		assert.equal(a.messages.length, frames.length);
		frames.forEach((n, i) => {
			const m = a.messages[i]!;
			const payload = payloads[n - 1]!;
			assert.equal(lineOf(text, m.startLine.start), lines[i], `frame ${n}: line`);
			// Before it on its line, what was kept of the headers: the IPv4 header's first octet
			// (0x45, `E`) first, at most the 42 octets of the Ethernet, IP and UDP headers.
			const lineStart = text.lastIndexOf('\n', m.startLine.start - 1) + 1;
			const before = text.slice(lineStart, m.startLine.start);
			assert.match(before, /^E/, `frame ${n}: before`);
			assert.ok(before.length <= 42, `frame ${n}: before`);
			// The message is the frame's payload, to its last octet (Content-Length fits).
			assert.equal(text.slice(m.frame.sip.start, m.frame.sip.end), payload, `frame ${n}: message`);
			assert.equal(m.kind === 'invalid', false);
		});
		// The headers' octets say nothing of time or addresses, and nothing is wrong.
		assert.ok(a.messages.every((m) => m.frame.time === null && m.frame.src === null));
		assert.deepEqual(
			a.problems.map((p) => p.code),
			[],
		);
		coversAll(text, a);
	});

test('copies pasted one right after another (no empty line between) are read the same', () => {
	const text = read('copies/presence-story.printable-text.txt').replace(/\r\n\r\n\n/g, '\r\n\r\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 9);
	assert.deepEqual(
		a.messages.map((m) => m.method ?? m.status),
		['SUBSCRIBE', 200, 'NOTIFY', 200, 'PUBLISH', 407, 'PUBLISH', 200, 'NOTIFY'],
	);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
	coversAll(text, a);
});

const headers = (method: string): string =>
	[
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds',
		'From: <sip:alice@example.com>;tag=1928301774',
		'To: <sip:bob@example.com>',
		'Call-ID: a84b4c76e66710@pc33.example.com',
		`CSeq: 314159 ${method}`,
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');

test("the request's CSeq says where its method starts, when the headers' octets end in capitals", () => {
	// `PR` left of the IP header's octets, then an ACK: the CSeq's method is ACK, not PRACK.
	const text = `E\u00a0PRACK sip:bob@example.com SIP/2.0\r\n${headers('ACK')}`;
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	assert.equal(a.messages[0]!.method, 'ACK');
	assert.equal(
		text.slice(a.messages[0]!.startLine.start, a.messages[0]!.startLine.end),
		'ACK sip:bob@example.com SIP/2.0',
	);
	// The same line with a PRACK's CSeq is a PRACK.
	const prack = analyzeTrace(`E\u00a0PRACK sip:bob@example.com SIP/2.0\r\n${headers('PRACK')}`);
	assert.equal(prack.messages[0]!.method, 'PRACK');
});

test('a log line that only names a request or a status after other characters is no message', () => {
	const lines = [
		// No header lines below.
		'queued:xINVITE sip:bob@example.com SIP/2.0\nretrying in 5 s\n',
		'peer=10.0.0.2SIP/2.0 200 OK\nnext line\n',
		// Header lines, but no CSeq before the headers end.
		'dump:1SIP/2.0 486 Busy Here\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1\n\nCSeq: 1 INVITE\n',
		// A CSeq whose method does not end the capitals before the URI.
		`peer@hostINVITES sip:bob@example.com SIP/2.0\r\n${headers('INVITE')}`,
	];
	for (const text of lines) assert.equal(analyzeTrace(text).messages.length, 0, text);
});
