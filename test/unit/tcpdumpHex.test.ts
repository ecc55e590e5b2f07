// tcpdump -X and -XX (each packet as a hex dump with its ASCII column), printed from the captures
// in test/fixtures/real (see its README). The messages are read from the ASCII column, where
// tcpdump prints every space, tab, CR and LF as '.': the hex says which '.' is which. The TCP
// stories are compared with tshark's reassembly (`*.messages.json`), as for -A.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { reanalyzeTrace } from '../../server/src/core/reanalyze';
import { bodyText } from '../../server/src/core/bodies/bodyText';
import { textOf } from '../../server/src/core/parser/joins';
import type { SipMessage, TraceAnalysis } from '../../server/src/core/model';
import { coversAll } from './coversAll';
import { createTraceDocument } from '../../server/src/traceDocument';
import { withoutScenarioPriorities } from './tcpStoryBodies';
import {
	SemanticTokensProvider,
	semanticTokensLegend,
} from '../../server/src/features/semanticTokens';

const realDir = join(__dirname, '..', 'fixtures', 'real');

interface Reassembled {
	frame: number;
	startLine: string;
	headers: [string, string][];
	body: string;
}

const read = (name: string): string => readFileSync(join(realDir, name), 'utf8');

/** A message as the analysis reads it: start line, header names and values, body. */
function asRead(a: TraceAnalysis, m: SipMessage): Omit<Reassembled, 'frame'> {
	return {
		startLine: textOf(a.text, m.frame, m.startLine.start, m.startLine.end),
		headers: m.headers.map((h) => [
			textOf(a.text, m.frame, h.name.start, h.name.end),
			textOf(a.text, m.frame, h.value.start, h.value.end),
		]),
		body: bodyText(a.text, m),
	};
}

/** tshark's message; the body's line ends as the analysis joins body lines (CRLF, none last). */
function asReassembled(r: Reassembled): Omit<Reassembled, 'frame'> {
	return { startLine: r.startLine, headers: r.headers, body: r.body.replace(/\r\n$/, '') };
}

/** The reading differs from the trace only where the trace prints '.', and keeps its lines. */
function assertReading(text: string, a: TraceAnalysis): void {
	assert.equal(a.text.length, text.length);
	let changed = 0;
	for (let i = 0; i < text.length; i++) {
		if (a.text.charCodeAt(i) === text.charCodeAt(i)) continue;
		assert.equal(text[i], '.', `offset ${i}`);
		assert.ok(a.text[i] === ' ' || a.text[i] === '\t', `offset ${i}`);
		changed++;
	}
	assert.ok(changed > 0);
}

void test('tcpdump -X (real, UDP): spaces put back from the hex, every message at its line, no problem the story has not', () => {
	const text = read('presence-story.tcpdump-X.txt');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tcpdump');
	assert.equal(a.messages.length, 58);
	assertReading(text, a);
	coversAll(text, a);
	// The one problem is the story's own (step 7 re-uses a replaced entity-tag).
	assert.deepEqual(
		withoutScenarioPriorities(a.problems).map((p) => p.code),
		['publish.stale-etag'],
	);
	const subscribe = a.messages[0]!;
	// The start line begins in the dump's second line, after the IP and UDP headers' octets.
	assert.equal(text.slice(subscribe.startLine.start, subscribe.startLine.start + 4), 'SUBS');
	assert.equal(
		textOf(a.text, subscribe.frame, subscribe.startLine.start, subscribe.startLine.end),
		'SUBSCRIBE sip:linda@127.0.0.1 SIP/2.0',
	);
	assert.equal(subscribe.requestUri, 'sip:linda@127.0.0.1');
	assert.deepEqual(
		[subscribe.frame.time, subscribe.frame.src, subscribe.frame.dst, subscribe.frame.transport],
		['22:42:05.356310', '127.0.0.1:15061', '127.0.0.1:15060', 'UDP'],
	);
	assert.equal(subscribe.frame.declaredBytes, 393);
	// A value read over the dump's line breaks: its span runs over them, in the file.
	const from = subscribe.header('from')!;
	assert.equal(
		textOf(a.text, subscribe.frame, from.value.start, from.value.end),
		'"andrew" <sip:andrew@127.0.0.1>;tag=11484-andrew',
	);
	assert.ok(text.slice(from.value.start, from.value.end).includes('\n\t0x'));
	assert.equal(subscribe.from?.displayName, 'andrew');
	assert.equal(subscribe.from?.tag, '11484-andrew');
	assert.equal(subscribe.expires, 600);
	// A PIDF body read whole, its spaces back: the note of step 2.
	const notify = a.messages.find((m) => m.method === 'NOTIFY' && m.contentLength! > 0)!;
	assert.match(bodyText(a.text, notify), /<note[^>]*>In a meeting until 3pm<\/note>/);
});

void test('tcpdump -X (real, UDP): the same messages as -A, at the lines of the dump', () => {
	const hex = analyzeTrace(read('presence-story.tcpdump-X.txt'));
	const ascii = analyzeTrace(read('presence-story.tcpdump.txt'));
	const fields = (m: SipMessage) => [
		m.method,
		m.status,
		m.callId,
		m.cseq?.seq,
		m.from?.tag,
		m.to?.tag,
		m.vias[0]?.branch,
		m.contentLength,
		m.frame.time,
		m.frame.src,
		m.frame.dst,
	];
	assert.deepEqual(hex.messages.map(fields), ascii.messages.map(fields));
});

void test('tcpdump -XX -tttt (real, IPv6): the Ethernet header before the IP header is skipped', () => {
	const text = read('presence-ipv6.tcpdump-XX.txt');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tcpdump');
	assert.equal(a.messages.length, 50);
	coversAll(text, a);
	const first = a.messages[0]!;
	assert.deepEqual(
		[first.frame.time, first.frame.src, first.frame.dst],
		['2026-11-24T22:42:20.476459', '[::1]:15061', '[::1]:15060'],
	);
	assert.equal(first.requestUri, 'sip:linda@[::1]');
	assert.deepEqual(
		withoutScenarioPriorities(a.problems).map((p) => p.code),
		['publish.stale-etag'],
	);
});

void test('tcpdump -X over TCP (real): every message read whole, as tshark reassembles it', () => {
	const text = read('tcp-story.tcpdump-X.txt');
	const expected = JSON.parse(read('tcp-story.messages.json')) as Reassembled[];
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tcpdump');
	assert.equal(a.messages.length, expected.length);
	for (let i = 0; i < expected.length; i++)
		assert.deepEqual(asRead(a, a.messages[i]!), asReassembled(expected[i]!), `message ${i}`);
	assert.deepEqual(
		withoutScenarioPriorities(a.problems).map((p) => p.code),
		[],
	);
	coversAll(text, a);
	// Messages over several segments, and two messages in one segment (the second without a
	// packet line of its own).
	const joined = a.messages.filter((m) =>
		/\n\d\d:\d\d:/.test(text.slice(m.frame.sip.start, m.frame.sip.end)),
	);
	assert.deepEqual(
		joined.map((m) => m.method),
		['PUBLISH', 'PUBLISH', 'NOTIFY', 'INVITE'],
	);
	const ok = a.messages.find((m) => m.status === 200 && m.cseq?.method === 'INVITE')!;
	assert.equal(ok.frame.meta, null);
	assert.equal(a.messages[ok.index - 1]!.status, 100);
	assert.equal(ok.frame.time, a.messages[ok.index - 1]!.frame.time);
});

void test('tcpdump -XX over TCP (real, IPv6, -i any): Linux cooked headers skipped; segments of two connections taking turns are each joined into their message', () => {
	const text = read('tcp-ipv6.tcpdump-XX.txt');
	const expected = JSON.parse(read('tcp-ipv6.messages.json')) as Reassembled[];
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, expected.length);
	for (let i = 0; i < expected.length; i++)
		assert.deepEqual(asRead(a, a.messages[i]!), asReassembled(expected[i]!), `message ${i}`);
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
	assert.equal(a.messages[0]!.frame.direction, 'in');
	coversAll(text, a);
});

void test('tcpdump -x (hex only, no ASCII column): no message is read', () => {
	// The first packet of presence-story as `tcpdump -nn -x` prints it: the text of the message
	// is not in the file, so there is nothing to point at.
	const text = [
		'22:42:05.356310 IP 127.0.0.1.15061 > 127.0.0.1.15060: UDP, length 393',
		'\t0x0000:  4500 01a5 bca2 4000 4011 7ea3 7f00 0001',
		'\t0x0010:  7f00 0001 3ad5 3ad4 0191 ffa4 5355 4253',
		'\t0x0020:  4352 4942 4520 7369 703a 6c69 6e64 6140',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'tcpdump');
	assert.equal(a.messages.length, 0);
	assert.equal(a.text, text);
	coversAll(text, a);
});

void test('tcpdump -X: an edit is read as a whole analysis reads it', () => {
	const text = read('presence-story.tcpdump-X.txt');
	const before = analyzeTrace(text);
	// Another Call-ID in the 10th message's dump (its ASCII column, where the Call-ID stands).
	const m = before.messages[10]!;
	const callId = m.header('call-id')!;
	const at = callId.value.start;
	assert.equal(text[at], '1');
	const edited = text.slice(0, at) + '9' + text.slice(at + 1);
	const again = reanalyzeTrace(before, edited);
	const whole = analyzeTrace(edited);
	assert.equal(again.text, whole.text);
	assert.deepEqual(
		again.messages.map((x) => x.callId),
		whole.messages.map((x) => x.callId),
	);
	assert.equal(whole.messages[10]!.callId, '9-11490@127.0.0.1');
});

void test('tcpdump -X pasted: the tab before each dump line turned into spaces, trailing spaces added', () => {
	const text = read('presence-story.tcpdump-X.txt')
		.split('\n')
		.map((line) => (line.startsWith('\t') ? `        ${line.slice(1)}  ` : line))
		.join('\n');
	const a = analyzeTrace(text);
	const b = analyzeTrace(read('presence-story.tcpdump-X.txt'));
	assert.deepEqual(
		a.messages.map((m) => [m.method, m.status, m.callId, m.from?.tag, m.contentLength]),
		b.messages.map((m) => [m.method, m.status, m.callId, m.from?.tag, m.contentLength]),
	);
	assert.deepEqual(
		withoutScenarioPriorities(a.problems).map((p) => p.code),
		['publish.stale-etag'],
	);
	coversAll(text, a);
});

void test('tcpdump -X/-XX over TCP (real): semantic tokens colour the ASCII column of each line, never the offsets and hex, even where a value runs over lines', () => {
	for (const name of ['tcp-story.tcpdump-X.txt', 'tcp-ipv6.tcpdump-XX.txt']) {
		const text = read(name);
		const doc = createTraceDocument(`file:///${name}`, 1, text, undefined);
		const lines = text.split('\n');
		// `\t0x05a0:  7369 633e ... 0a3c  sic></status>..<`: the ASCII column after the hex.
		const asciiFrom = (line: string): number =>
			/^\t0x[0-9a-f]{4}: {2}[0-9a-f ]{39} {2}/.exec(line)?.[0].length ?? -1;
		const { data } = new SemanticTokensProvider().full(doc);
		const comment = semanticTokensLegend.tokenTypes.indexOf('comment');
		let onRows = 0;
		let variables = 0;
		for (let i = 0, line = 0, character = 0; i < data.length; i += 5) {
			line += data[i]!;
			character = data[i]! === 0 ? character + data[i + 1]! : data[i + 1]!;
			const from = asciiFrom(lines[line]!);
			if (data[i + 3] === comment || from < 0) continue;
			onRows++;
			assert.ok(
				character >= from,
				`${name}: line ${line + 1}, column ${character}: ${lines[line]}`,
			);
			if (data[i + 3] === semanticTokensLegend.tokenTypes.indexOf('variable')) variables++;
		}
		assert.ok(onRows > 100 && variables > 10, name);
	}
});
