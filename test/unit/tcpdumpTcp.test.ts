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
import { coversAll } from './coversAll';
import { createTraceDocument } from '../../server/src/traceDocument';
import { SemanticTokensProvider } from '../../server/src/features/semanticTokens';
import { provideHover } from '../../server/src/features/hover';
import { provideDefinition } from '../../server/src/features/definition';
import { relatedMessages } from '../../server/src/features/references';
import { provideDocumentHighlights } from '../../server/src/features/documentHighlights';
import { provideFoldingRanges } from '../../server/src/features/foldingRanges';
import { messageAt } from '../../server/src/core/query';
import type { FoldingRange } from 'vscode-languageserver';
import { withoutScenarioPriorities } from './tcpStoryBodies';
import { asRead, asReassembled, type Reassembled } from './reassembled';

const realDir = join(__dirname, '..', 'fixtures', 'real');

function load(name: string): { text: string; expected: Reassembled[] } {
	return {
		text: readFileSync(join(realDir, `${name}.tcpdump.txt`), 'utf8'),
		expected: JSON.parse(
			readFileSync(join(realDir, `${name}.messages.json`), 'utf8'),
		) as Reassembled[],
	};
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
		withoutScenarioPriorities(a.problems).map((p) => p.code),
		[],
	);
	coversAll(text, a);
});

void test('tcpdump over TCP (real), its line ends made CRLF after it was written (unix2dos, a Windows editor): every message still read whole', () => {
	const { text: printed, expected } = load('tcp-story');
	const text = printed.replace(/\n/g, '\r\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tcpdump');
	assert.equal(a.messages.length, expected.length);
	// The messages over several segments are among them (the test below names them).
	assert.ok(a.messages.filter((m) => m.frame.joins).length >= 4);
	for (let i = 0; i < expected.length; i++)
		assert.deepEqual(asRead(text, a.messages[i]!), asReassembled(expected[i]!), `message ${i}`);
	assert.deepEqual(
		withoutScenarioPriorities(a.problems).map((p) => p.code),
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
		withoutScenarioPriorities(a.problems).map((p) => p.code),
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

/**
 * The tcp-story text with the watcher's 200 to the NOTIFY (a segment of its own) moved between
 * the NOTIFY's two segments: the NOTIFY's last headers come after the 200's in the text, in a
 * continuation packet (as when the two connections' segments take turns).
 */
function notifyBehindItsAnswer(): string {
	const { text } = load('tcp-story');
	const okAt = text.indexOf(' > 127.0.0.1.15060: Flags [P.], seq 881:1107');
	const okStart = text.lastIndexOf('\n', okAt) + 1;
	const okEnd = text.indexOf('\n14:', okAt) + 1;
	const ok = text.slice(okStart, okEnd);
	const restAt = text.indexOf(' > 127.0.0.1.15062: Flags [P.], seq 1449:2702');
	const restStart = text.lastIndexOf('\n', restAt) + 1;
	return text.slice(0, restStart) + ok + text.slice(restStart, okStart) + text.slice(okEnd);
}

void test('tcpdump over TCP: a message read behind another connection keeps its semantic tokens, and so does the other', () => {
	const moved = notifyBehindItsAnswer();
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

/** The line (0-based) of the first occurrence of `needle` at or after offset `from`, and its column. */
function positionOf(text: string, needle: string, from = 0): { line: number; character: number } {
	const at = text.indexOf(needle, from);
	assert.ok(at >= 0, needle);
	const lineStart = text.lastIndexOf('\n', at - 1) + 1;
	return { line: text.slice(0, lineStart).split('\n').length - 1, character: at - lineStart };
}

/** The offset of the packet line that contains `needle`, and the end of that packet's text. */
function packetOf(text: string, needle: string): { start: number; end: number } {
	const at = text.indexOf(needle);
	assert.ok(at >= 0, needle);
	const start = text.lastIndexOf('\n', at) + 1;
	const next = /\n(?:\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d\.\d{6} /g;
	next.lastIndex = at;
	const found = next.exec(text);
	return { start, end: found ? found.index + 1 : text.length };
}

void test("tcpdump over TCP (real, IPv6): a position in a continuation packet is its message's, behind another connection's packets", () => {
	const { text } = load('tcp-ipv6');
	const doc = createTraceDocument('file:///tcp-ipv6.tcpdump.txt', 1, text, undefined);
	// carol's PUBLISH (from port 15061): its first segment comes after linda's two, and its second
	// and third after the end of linda's, which lies between them (the packet lines say so).
	const first = packetOf(text, '::1.15061 > ::1.15060: Flags [.], seq 1:1429,');
	const second = packetOf(text, '::1.15061 > ::1.15060: Flags [.], seq 1429:2857,');
	const third = packetOf(text, '::1.15061 > ::1.15060: Flags [P.], seq 2857:2962,');
	const lindaLast = packetOf(text, '::1.15064 > ::1.15060: Flags [P.], seq 2857:2962,');
	assert.ok(first.end <= lindaLast.start && lindaLast.end <= second.start);
	const entity = /entity="([^"]{1,100})"/.exec(text.slice(first.start, first.end))![1]!;

	// A whole line of XML in each of carol's segments, past its packet line and header bytes.
	const inFirst = positionOf(text, '\n<tuple', first.start);
	const inSecond = positionOf(text, '\n<', second.start + 1);
	const inThird = positionOf(text, '\n<', third.start + 1);
	for (const p of [inFirst, inSecond, inThird]) p.line++;
	const offsetOf = (p: { line: number; character: number }): number =>
		doc.lines.offsetAt(p.line, 2);
	assert.ok(offsetOf(inSecond) < second.end && offsetOf(inThird) < third.end);
	for (const p of [inFirst, inSecond, inThird]) {
		const m = messageAt(doc.analysis, offsetOf(p));
		assert.equal(m?.method, 'PUBLISH', `line ${p.line + 1}`);
		assert.equal(m.frame.src, '[::1]:15061');
	}
	// The same hover on its body from each segment: the presence it publishes.
	const hover = (p: { line: number; character: number }): unknown =>
		provideHover(doc, { line: p.line, character: 2 });
	const expected = provideHover(doc, { line: inFirst.line, character: 2 });
	assert.ok(expected && JSON.stringify(expected).includes(entity), 'the body hover');
	assert.deepEqual(hover(inSecond), expected);
	assert.deepEqual(hover(inThird), expected);
	// linda's last segment, between carol's, is linda's.
	const lindaLine = positionOf(text, '\n<', lindaLast.start + 1);
	const linda = messageAt(doc.analysis, doc.lines.offsetAt(lindaLine.line + 1, 2));
	assert.equal(linda?.frame.src, '[::1]:15064');

	// A continuation's packet line is the message's, as its first packet line is, but is neither
	// a header nor the body: no hover there, as on the first one.
	assert.equal(messageAt(doc.analysis, second.start + 5)?.frame.src, '[::1]:15061');
	const packetLine = doc.lines.positionAt(second.start + 5);
	assert.equal(provideHover(doc, packetLine), null);
	assert.equal(provideHover(doc, doc.lines.positionAt(first.start + 5)), null);
});

void test('tcpdump over TCP: on a header in a continuation packet, hover, definition, references and highlights answer as on the same header read in one piece', () => {
	const { text } = load('tcp-story');
	const moved = notifyBehindItsAnswer();
	const whole = createTraceDocument('file:///story.txt', 1, text, undefined);
	const turns = createTraceDocument('file:///turns.txt', 1, moved, undefined);
	// In the moved text, the NOTIFY's continuation comes after the 200's packet.
	const okAt = moved.indexOf(' > 127.0.0.1.15060: Flags [P.], seq 881:1107');
	const restAt = moved.indexOf(' > 127.0.0.1.15062: Flags [P.], seq 1449:2702');
	assert.ok(okAt > 0 && okAt < restAt);
	const notifyStart = text.indexOf('NOTIFY sip:');
	for (const needle of ['Subscription-State: active', 'Event: presence', 'Content-Type: ']) {
		const there = positionOf(moved, needle, restAt);
		const here = positionOf(text, needle, notifyStart);
		for (const character of [2, needle.indexOf(':') + 4]) {
			const a = provideHover(turns, { line: there.line, character });
			const b = provideHover(whole, { line: here.line, character });
			assert.ok(b, `${needle} at ${character}`);
			// The same contents, over the same header (on its own lines in each text).
			assert.equal(a?.contents && JSON.stringify(a.contents), JSON.stringify(b.contents));
			assert.equal(a!.range!.start.line, there.line);
			assert.equal(a!.range!.start.character, b.range!.start.character);
		}
		// F12 goes to the SUBSCRIBE, as from the NOTIFY's Call-ID (in its first segment).
		const definition = provideDefinition(turns, { line: there.line, character: 2 });
		const fromCallId = provideDefinition(turns, positionOf(moved, 'Call-ID:', notifyStart));
		const subscribe = positionOf(moved, 'SUBSCRIBE sip:');
		assert.ok(definition, needle);
		assert.deepEqual(definition.range.start, subscribe);
		assert.deepEqual(definition, fromCallId);
		assert.deepEqual(
			provideDefinition(whole, { line: here.line, character: 2 })?.range,
			definition.range,
		);
		// The subscription's messages, as from the same header in one piece.
		const at = turns.lines.offsetAt(there.line, 2);
		const notify = messageAt(turns.analysis, at)!;
		assert.equal(notify.method, 'NOTIFY');
		assert.deepEqual(
			relatedMessages(turns.analysis, notify, at),
			relatedMessages(
				whole.analysis,
				whole.analysis.messages[notify.index]!,
				whole.lines.offsetAt(here.line, 2),
			),
		);
	}
	// The header the segment boundary cut: on its piece in the continuation, and between them (the
	// continuation's packet line) the message, but not the header.
	const contact = positionOf(moved, '.1:15060;transport=tcp>', restAt);
	const onPiece = provideHover(turns, { line: contact.line, character: contact.character + 3 });
	assert.match(JSON.stringify(onPiece?.contents), /Contact/);
	const packetLine = turns.lines.positionAt(moved.lastIndexOf('\n', restAt) + 5);
	assert.equal(provideHover(turns, packetLine), null);
	assert.equal(
		messageAt(turns.analysis, turns.lines.offsetAt(packetLine.line, 5))?.method,
		'NOTIFY',
	);
	assert.deepEqual(provideDocumentHighlights(turns, packetLine), []);
});

void test('tcpdump over TCP: semantic tokens of a range that holds only a continuation colour its headers', () => {
	const moved = notifyBehindItsAnswer();
	const doc = createTraceDocument('file:///turns.txt', 1, moved, undefined);
	const restAt = moved.indexOf(' > 127.0.0.1.15062: Flags [P.], seq 1449:2702');
	const state = positionOf(moved, 'Subscription-State: active', restAt);
	const { data } = new SemanticTokensProvider().range(
		doc,
		doc.lines.offsetAt(state.line, 0),
		doc.lines.offsetAt(state.line + 1, 0),
	);
	const tokens: [number, number, number][] = [];
	for (let i = 0, line = 0, character = 0; i < data.length; i += 5) {
		line += data[i]!;
		character = data[i]! === 0 ? character + data[i + 1]! : data[i + 1]!;
		tokens.push([line, character, data[i + 2]!]);
	}
	assert.ok(
		tokens.some(
			([line, character, length]) =>
				line === state.line && character === 0 && length === 'Subscription-State'.length,
		),
		JSON.stringify(tokens),
	);
});

/** Folding ranges that cross (one starts inside another and ends after it). */
function crossing(ranges: readonly FoldingRange[]): string[] {
	const out: string[] = [];
	for (const a of ranges)
		for (const b of ranges)
			if (a.startLine < b.startLine && b.startLine <= a.endLine && b.endLine > a.endLine)
				out.push(`${a.startLine}-${a.endLine} / ${b.startLine}-${b.endLine}`);
	return out;
}

void test('tcpdump over TCP: folds of messages read behind another connection nest, none runs over the next message', () => {
	const story = notifyBehindItsAnswer();
	const { text: ipv6 } = load('tcp-ipv6');
	for (const [name, text] of [
		['tcp-ipv6', ipv6],
		['turns', story],
	] as const) {
		const doc = createTraceDocument(`file:///${name}.txt`, 1, text, undefined);
		const folds = provideFoldingRanges(doc);
		assert.deepEqual(crossing(folds), [], name);
		// Each message's fold holds its start line and no other's (read from the text: a request
		// line or a status line, after header bytes); its header and body folds lie within it.
		const starts = text
			.split('\n')
			.flatMap((l, i) =>
				/(?:[A-Z]{3,12} sips?:\S{1,200} SIP\/2\.0|SIP\/2\.0 \d{3} .{1,60})$/.test(l) ? [i] : [],
			);
		assert.equal(starts.length, doc.analysis.messages.length, name);
		const messageFolds = folds.filter((f) => f.kind === 'region');
		for (const f of messageFolds)
			assert.equal(
				starts.filter((s) => s >= f.startLine && s <= f.endLine).length,
				1,
				`${name}: ${f.startLine}-${f.endLine}`,
			);
		for (const f of folds.filter((f) => f.kind === undefined))
			assert.ok(
				messageFolds.some((m) => m.startLine <= f.startLine && f.endLine <= m.endLine),
				`${name}: ${f.startLine}-${f.endLine} within a message's fold`,
			);
	}
});
