// tcpdump -A of SIP over TCP (test/fixtures/real/tcp-*, made by test/scripts/make-tcp-traces.sh):
// several messages in one segment, and messages split over segments, read whole. Each message is
// compared with the same message as tshark reassembled it from the capture (`*.messages.json`,
// written by test/scripts/tsharkSipJson.mjs), independently of the analyser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { bodyText } from '../../server/src/core/bodies/bodyText';
import { textOf } from '../../server/src/core/parser/joins';
import type { SipMessage } from '../../server/src/core/model';
import { coversAll } from './coversAll';
import { createTraceDocument } from '../../server/src/traceDocument';
import { SemanticTokensProvider } from '../../server/src/features/semanticTokens';

const realDir = join(__dirname, '..', 'fixtures', 'real');

interface Reassembled {
	frame: number;
	startLine: string;
	headers: [string, string][];
	body: string;
}

function load(name: string): { text: string; expected: Reassembled[] } {
	return {
		text: readFileSync(join(realDir, `${name}.tcpdump.txt`), 'utf8'),
		expected: JSON.parse(
			readFileSync(join(realDir, `${name}.messages.json`), 'utf8'),
		) as Reassembled[],
	};
}

/** A message as read from the trace: start line, header names and values, body. */
function asRead(text: string, m: SipMessage): Omit<Reassembled, 'frame'> {
	return {
		startLine: text.slice(m.startLine.start, m.startLine.end),
		headers: m.headers.map((h) => [
			textOf(text, m.frame, h.name.start, h.name.end),
			textOf(text, m.frame, h.value.start, h.value.end),
		]),
		body: lineEnds(bodyText(text, m)),
	};
}

/** tshark's message. */
function asReassembled(r: Reassembled): Omit<Reassembled, 'frame'> {
	return { startLine: r.startLine, headers: r.headers, body: lineEnds(r.body) };
}

/**
 * A body's line ends as LF, without a last one: tcpdump leaves the CRs out (a message in one
 * segment is read as it stands), a body read over segments has its lines joined with CRLF.
 */
function lineEnds(body: string): string {
	return body.replace(/\r\n/g, '\n').replace(/\n$/, '');
}

/** The packet line above the first occurrence of `startLine` in the text. */
function packetLineOf(text: string, startLine: string): string {
	const at = text.indexOf(startLine);
	let lineStart = text.lastIndexOf('\n', at) + 1;
	while (!/^\S+ (?:\S+ +In +)?IP6? /.test(text.slice(lineStart, lineStart + 60)))
		lineStart = text.lastIndexOf('\n', lineStart - 2) + 1;
	return text.slice(lineStart, text.indexOf('\n', lineStart));
}

void test('tcpdump over TCP (real): every message read whole, as tshark reassembles it', () => {
	const { text, expected } = load('tcp-story');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tcpdump');
	assert.equal(a.messages.length, expected.length);
	for (let i = 0; i < expected.length; i++)
		assert.deepEqual(asRead(text, a.messages[i]!), asReassembled(expected[i]!), `message ${i}`);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
	coversAll(text, a);
});

void test('tcpdump over TCP (real): a PUBLISH over three segments, an INVITE cut inside its SDP, a NOTIFY cut inside a header', () => {
	const { text } = load('tcp-story');
	const a = analyzeTrace(text);
	const joined = a.messages.filter((m) => m.frame.joins);
	assert.deepEqual(
		joined.map((m) => [m.method, m.frame.joins!.length]),
		[
			['PUBLISH', 2],
			['PUBLISH', 2],
			['NOTIFY', 1],
			['INVITE', 1],
		],
	);
	for (const m of joined) {
		// The first segment's packet line: time, addresses, transport.
		const line = packetLineOf(text, text.slice(m.startLine.start, m.startLine.end));
		const [, time, srcHost, srcPort, dstHost, dstPort] =
			/^(\S+) IP (\S+)\.(\d+) > (\S+)\.(\d+):/.exec(line)!;
		assert.equal(m.frame.time, time);
		assert.equal(m.frame.src, `${srcHost}:${srcPort}`);
		assert.equal(m.frame.dst, `${dstHost}:${dstPort}`);
		assert.equal(m.frame.transport, 'TCP');
		assert.equal(m.cutShort, false);
	}
	const notify = joined[2]!;
	// The NOTIFY began in the segment of the 200 OK before it: no packet line of its own.
	assert.equal(notify.frame.meta, null);
	const ok = a.messages[notify.index - 1]!;
	assert.equal(ok.status, 200);
	assert.deepEqual(
		[notify.frame.time, notify.frame.src, notify.frame.dst],
		[ok.frame.time, ok.frame.src, ok.frame.dst],
	);
	// The Contact header that the segment boundary cut is read whole, its span over the cut.
	const contact = notify.header('contact')!;
	assert.equal(
		textOf(text, notify.frame, contact.value.start, contact.value.end),
		'<sip:bob@127.0.0.1:15060;transport=tcp>',
	);
	assert.ok(text.slice(contact.value.start, contact.value.end).includes(' IP 127.0.0.1.15060 > '));
	assert.equal(notify.contentLength, 1081);
	assert.equal(notify.subscriptionState?.state, 'active');
	// The INVITE's SDP line cut in two is one line of the body.
	const invite = joined[3]!;
	assert.ok(bodyText(text, invite).includes('\r\na=rtcp-fb:97 nack pli\r\n'));
	// Each PUBLISH's PIDF document is whole (lint parses it: no body.invalid above).
	assert.ok(bodyText(text, joined[0]!).endsWith('</presence>'));
});

void test('tcpdump over TCP (real): 100 Trying and 200 OK in one segment share its packet line', () => {
	const { text } = load('tcp-story');
	const a = analyzeTrace(text);
	const trying = a.messages.find((m) => m.status === 100)!;
	const ok = a.messages[trying.index + 1]!;
	assert.equal(ok.status, 200);
	assert.equal(ok.cseq?.method, 'INVITE');
	assert.notEqual(trying.frame.meta, null);
	assert.equal(ok.frame.meta, null);
	assert.deepEqual(
		[ok.frame.time, ok.frame.src, ok.frame.dst, ok.frame.transport],
		[trying.frame.time, trying.frame.src, trying.frame.dst, 'TCP'],
	);
	assert.equal(a.index.requestOf(ok.index), a.index.requestOf(trying.index));
	assert.equal(a.messages[a.index.requestOf(ok.index)!]!.method, 'INVITE');
});

void test('tcpdump over TCP (real, IPv6, -i any, -tttt): segments of two connections taking turns are each joined into their message', () => {
	const { text, expected } = load('tcp-ipv6');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tcpdump');
	assert.equal(a.messages.length, expected.length);
	const first = a.messages[0]!.frame;
	assert.match(first.time!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
	assert.equal(first.direction, 'in');
	assert.match(first.src!, /^\[::1\]:1506\d$/);
	// Every message read whole, the two PUBLISHes whose segments take turns too.
	for (let i = 0; i < expected.length; i++)
		assert.deepEqual(asRead(text, a.messages[i]!), asReassembled(expected[i]!), `message ${i}`);
	const publishes = a.messages.filter((m) => m.method === 'PUBLISH');
	assert.equal(publishes.length, 2);
	// Each PUBLISH's frame ends before the other connection's segment; its lines go on after it.
	for (const publish of publishes) {
		const next = a.messages[publish.index + 1]!;
		assert.ok(publish.frame.span.end <= next.frame.span.start);
	}
	assert.ok(publishes[0]!.frame.sip.end > publishes[1]!.frame.span.start);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
	coversAll(text, a);
});

/** The tcp-story text with `edit` applied to the INVITE's continuation segment and what follows. */
function inviteVariant(edit: (tail: string) => string): string {
	const { text } = load('tcp-story');
	const at = text.indexOf(' > 127.0.0.1.15060: Flags [P.], seq 1449:');
	const lineStart = text.lastIndexOf('\n', at) + 1;
	return text.slice(0, lineStart) + edit(text.slice(lineStart));
}

void test("tcpdump over TCP: a continuation is joined across bare ACKs and across another connection's data", () => {
	const { text } = load('tcp-story');
	// A bare ACK printed by tcpdump (from the same capture), of another connection.
	const ackAt = text.indexOf('IP 127.0.0.1.15062 > 127.0.0.1.15060: Flags [.], ack');
	const ackStart = text.lastIndexOf('\n', ackAt) + 1;
	const ack = text.slice(ackStart, text.indexOf('\n1', ackAt) + 1);
	assert.match(ack, /length 0\n/);
	const withAck = inviteVariant((tail) => ack + tail);
	const a = analyzeTrace(withAck);
	const invite = a.messages.find((m) => m.method === 'INVITE')!;
	assert.notEqual(invite.frame.joins, null);
	assert.ok(bodyText(withAck, invite).includes('\r\na=rtcp-fb:97 nack pli\r\n'));
	assert.ok(!a.problems.some((p) => p.code === 'framing.segment-elsewhere'));
	coversAll(withAck, a);

	// The 100 Trying's segment (data of the other direction) moved before the continuation: the
	// INVITE is still read whole, its frame ending before the 100's packet.
	const tryingAt = text.indexOf(' > 127.0.0.1.15063: Flags [P.], seq 1:');
	const tryingStart = text.lastIndexOf('\n', tryingAt) + 1;
	const tryingEnd = text.indexOf('\n14:', tryingAt) + 1;
	const trying = text.slice(tryingStart, tryingEnd);
	const moved = inviteVariant((tail) => trying + tail.replace(trying, ''));
	const b = analyzeTrace(moved);
	const turned = b.messages.find((m) => m.method === 'INVITE')!;
	assert.notEqual(turned.frame.joins, null);
	assert.equal(bodyText(moved, turned), bodyText(withAck, invite));
	assert.ok(turned.frame.span.end <= moved.indexOf(trying));
	assert.ok(
		!b.problems.some((p) => p.code.startsWith('framing.') || p.code === 'content-length.mismatch'),
	);
	assert.equal(b.messages.length, 14);
	assert.equal(b.messages[turned.index + 1]!.status, 100);
	coversAll(moved, b);
});

void test('tcpdump over TCP: a segment whose sequence number does not go on from the last one is not joined, and the octets missing are said', () => {
	const text = inviteVariant((tail) => tail.replace('seq 1449:1723', 'seq 2000:2274'));
	const a = analyzeTrace(text);
	const invite = a.messages.find((m) => m.method === 'INVITE')!;
	assert.equal(invite.frame.lines, null);
	assert.ok(a.problems.some((p) => p.code === 'content-length.mismatch'));
	const missing = a.problems.filter((p) => p.code === 'framing.segment-missing');
	assert.deepEqual(
		missing.map((p) => p.span.start),
		[invite.startLine.start],
	);
	assert.match(missing[0]!.message, /lacks 551 octets .*\(seq 1449:2000\)/);
	assert.match(
		text.slice(missing[0]!.related![0]!.span.start),
		/^\S+ IP 127\.0\.0\.1\.\d+ > 127\.0\.0\.1\.15060: Flags \[P\.\], seq 2000:2274/,
	);
	coversAll(text, a);
});

void test('tcpdump over TCP: a message read behind another connection keeps its semantic tokens, and so does the other', () => {
	const { text } = load('tcp-story');
	// The watcher's 200 to the NOTIFY (a segment of its own) moved between the NOTIFY's two
	// segments: the NOTIFY's last headers come after the 200's in the text.
	const okAt = text.indexOf(' > 127.0.0.1.15060: Flags [P.], seq 881:1107');
	const okStart = text.lastIndexOf('\n', okAt) + 1;
	const okEnd = text.indexOf('\n14:', okAt) + 1;
	const ok = text.slice(okStart, okEnd);
	const restAt = text.indexOf(' > 127.0.0.1.15062: Flags [P.], seq 1449:2702');
	const restStart = text.lastIndexOf('\n', restAt) + 1;
	const moved = text.slice(0, restStart) + ok + text.slice(restStart, okStart) + text.slice(okEnd);
	const doc = createTraceDocument('file:///turns.txt', 1, moved, undefined);
	const { messages } = doc.analysis;
	const notify = messages.find((m) => m.method === 'NOTIFY')!;
	const answer = messages[notify.index + 1]!;
	assert.equal(answer.cseq?.method, 'NOTIFY');
	assert.ok(answer.frame.span.start < notify.frame.sip.end);
	const { data } = new SemanticTokensProvider().full(doc);
	const tokenLines = new Set<number>();
	for (let i = 0, line = 0; i < data.length; i += 5) tokenLines.add((line += data[i]!));
	// The 200's status code and the NOTIFY's headers after it (in its later segment) are coloured.
	const lineOfOffset = (offset: number): number => doc.lines.lineAt(offset);
	assert.ok(tokenLines.has(lineOfOffset(answer.startLine.start)), 'the 200');
	const late = notify.headers.filter((h) => h.name.start > answer.frame.span.end);
	assert.ok(late.length > 0);
	for (const h of late) assert.ok(tokenLines.has(lineOfOffset(h.name.start)), 'a late header');
});
