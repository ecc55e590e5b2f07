// tshark's raw text of each message (`tshark -o sip.display_raw_text:TRUE -V -O raw_sip`, Wireshark's
// export with that preference): real/tshark-raw.tshark.txt, the capture of real/tshark-bodies.*
// printed that way (test/fixtures/README.md). The oracle is the bare export of the same capture
// (`tshark-bodies.sip`, the UDP payloads); realFixtures.test.ts compares the links with tshark's
// fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import type { SipMessage, TraceAnalysis } from '../../server/src/core';
import { decodeBody } from '../../server/src/core/bodies/decodeBody';
import { bodyText } from '../../server/src/core/bodies/bodyText';

const dir = join(__dirname, '..', 'fixtures', 'real');
const load = (file: string): TraceAnalysis => analyzeTrace(readFileSync(join(dir, file), 'utf8'));
const headerLines = (a: TraceAnalysis, m: SipMessage): string[] =>
	m.headers.map((h) => a.text.slice(h.name.start, h.value.end));

void test("tshark's raw text: every message with its start line and header lines as sent, and its body", () => {
	const raw = load('tshark-raw.tshark.txt');
	const sent = load('tshark-bodies.sip');
	assert.equal(raw.format, 'tshark');
	assert.equal(raw.messages.length, sent.messages.length);
	// The line tshark cut (alice's long note in the second NOTIFY's body), from its mark on.
	const mark = raw.text.indexOf('[truncated]');
	assert.ok(mark > 0);
	for (const m of raw.messages) {
		const twin = sent.messages[m.index]!;
		assert.equal(
			raw.text.slice(m.startLine.start, m.startLine.end),
			sent.text.slice(twin.startLine.start, twin.startLine.end),
		);
		assert.deepEqual(headerLines(raw, m), headerLines(sent, twin), `message ${m.index}`);
		const cut = m.frame.span.start < mark && mark < m.frame.span.end;
		// Line for line as sent (line ends read as CRLF, the last one not part of the text).
		const lines = (s: string): string[] => s.split(/\r?\n/);
		const read = lines(bodyText(raw.text, m));
		const body = lines(bodyText(sent.text, twin).replace(/\r?\n$/, ''));
		if (!cut) {
			assert.deepEqual(read, body, `message ${m.index}`);
			assert.deepEqual(decodeBody(raw.text, m), decodeBody(sent.text, twin), `${m.index}`);
		} else {
			assert.equal(read.length, body.length);
			const k = read.findIndex((l, i) => l !== body[i]);
			assert.ok(body[k]!.length > read[k]!.length && body[k]!.startsWith(read[k]!), read[k]);
		}
	}
	// The cut said once, on its line; otherwise the problems of the bare export.
	const truncated = raw.problems.filter((p) => p.code === 'message.truncated');
	assert.deepEqual(
		truncated.map((p) => p.span.start),
		[mark],
	);
	assert.match(truncated[0]!.message, /tshark cut this line of the body/);
	assert.deepEqual(
		raw.problems.filter((p) => p.code !== 'message.truncated').map((p) => p.code),
		sent.problems.map((p) => p.code),
	);
});

void test("tshark's raw text printed after the dissection (-O sip,raw_sip): each message once, as dissected", () => {
	const both = load('tshark-raw.both.txt');
	const dissected = load('tshark-bodies.tshark.txt');
	assert.equal(both.messages.length, dissected.messages.length);
	for (const m of both.messages) {
		const twin = dissected.messages[m.index]!;
		assert.deepEqual(headerLines(both, m), headerLines(dissected, twin), `message ${m.index}`);
		assert.equal(bodyText(both.text, m), bodyText(dissected.text, twin), `message ${m.index}`);
		// The raw text after it is not part of the message.
		assert.ok(!both.text.slice(m.frame.sip.start, m.frame.sip.end).includes('(SIP as raw text)'));
	}
	assert.deepEqual(
		both.problems.map((p) => p.code),
		dissected.problems.map((p) => p.code),
	);
});
