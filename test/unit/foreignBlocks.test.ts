// A trace that holds a block printed by another tool (a tshark export with a softphone's log pasted
// below it, an sngrep capture above a tcpdump hex dump): the messages of both are found, each with
// what its own printout says of it, at its own line. Real fixtures, two of different formats one
// after the other; their expectations are each file's own (test/fixtures/real/*.expected.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import { reanalyzeTrace } from '../../server/src/core/reanalyze';
import type { TraceAnalysis } from '../../server/src/core/model';
import { coversAll } from './coversAll';
import type { Expected } from './expectedLinks';

const dir = join(__dirname, '..', 'fixtures', 'real');
const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
const expected = (name: string): Expected =>
	JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) as Expected;

/** 0-based line of `offset` in `text`. */
function lineAt(text: string, offset: number): number {
	let line = 0;
	for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
	return line;
}

/** The two files one after the other, a blank line between; the line the second starts on. */
function joined(first: string, second: string): { text: string; secondLine: number } {
	const a = read(first);
	const gap = a.endsWith('\n') ? '\n' : '\n\n';
	return { text: a + gap + read(second), secondLine: lineAt(a + gap, a.length + gap.length) };
}

/** What the test compares of a message: what it is, where, and what its printout says of it. */
function seen(analysis: TraceAnalysis, text: string, i: number): unknown {
	const m = analysis.messages[i]!;
	return {
		method: m.method,
		status: m.status,
		callId: m.callId,
		line: lineAt(text, m.startLine.start),
		request: analysis.index.requestOf(i),
	};
}

function wanted(file: Expected, at: number, lineShift: number, indexShift: number): unknown {
	const m = file.messages[at]!;
	return {
		method: m.method,
		status: m.status,
		callId: m.callId,
		line: m.line === null ? null : m.line + lineShift,
		request: m.links.request === null ? null : m.links.request + indexShift,
	};
}

const pairs: [string, string][] = [
	// tshark's own framer first, then a Twinkle log; and the other way round.
	['attended-transfer.tshark.txt', 'twinkle-presence.andrew.log'],
	['twinkle-presence.andrew.log', 'attended-transfer.tshark.txt'],
	// tcpdump's hex dump (read from its hex) and sngrep's export, both ways.
	['baresip-presence.tcpdump-X.txt', 'attended-transfer.sngrep.txt'],
	['attended-transfer.sngrep.txt', 'baresip-presence.tcpdump-X.txt'],
	// One message a syslog line, then JAIN-SIP's XML records; ngrep's one-line packets, then Linphone's log.
	['kamailio-syslog.log', 'jainsip-presence.log'],
	['baresip-presence.ngrep-single.txt', 'linphone-presence.andrew.log'],
	// Blocks whose messages the trace's format reads as bare messages between its records: SIPp's
	// call debug log (whose second print of an unexpected message is no message) in an sngrep
	// export and above sofia's indented log; SIPp's log then Twinkle's, whose banner before its
	// first record stays Twinkle's; and Twinkle's log (a MESSAGE logged cut) after ngrep's.
	['attended-transfer.sngrep.txt', 'sipp-failures.bob_calldebug.log'],
	['sipp-failures.bob_calldebug.log', 'sofia-options.stderr.log'],
	['sipp-failures.bob_calldebug.log', 'twinkle-presence.andrew.log'],
	['baresip-presence.ngrep-marks.txt', 'twinkle-presence.andrew.log'],
	// Bare messages below sofia's log, which its indent-bound rules ran together.
	['sofia-presence.stderr.log', 'blf-call.sip'],
	// Packets as bare hex dumps (tshark -x): below an sngrep export; below a Twinkle log whose
	// last records (and Twinkle's own response, log text) come before them; above a Twinkle
	// log's first records.
	['attended-transfer.sngrep.txt', 'presence-story.tshark-bytes.txt'],
	['twinkle-presence.andrew.log', 'presence-ipv6.tshark-bytes.txt'],
	['presence-ipv6.tshark-bytes.txt', 'twinkle-presence.andrew.log'],
];

for (const [first, second] of pairs) {
	void test(`${first} then ${second}: the messages of both, each at its line`, () => {
		const { text, secondLine } = joined(first, second);
		const a = expected(first);
		const b = expected(second);
		const analysis = analyzeTrace(text);
		assert.equal(analysis.messages.length, a.messages.length + b.messages.length);
		// The trace's own format is the one detected from the whole: the other block's messages
		// keep the format their lines were read in.
		for (let i = 0; i < a.messages.length; i++) {
			const got = seen(analysis, text, i);
			const want = wanted(a, i, 0, 0);
			// tshark's dissection has no start line of the message's own: its line is not compared.
			if ((want as { line: number | null }).line === null) (got as { line: unknown }).line = null;
			assert.deepEqual(got, want, `${first}: message ${i}`);
		}
		for (let k = 0; k < b.messages.length; k++) {
			const i = a.messages.length + k;
			const got = seen(analysis, text, i);
			const want = wanted(b, k, secondLine, a.messages.length);
			if ((want as { line: number | null }).line === null) (got as { line: unknown }).line = null;
			assert.deepEqual(got, want, `${second}: message ${k}`);
		}
		// Each block's messages keep what their printout says: the format, addresses and time.
		for (const [file, from] of [
			[first, 0],
			[second, a.messages.length],
		] as const) {
			const own = analyzeTrace(read(file));
			for (let k = 0; k < own.messages.length; k++) {
				const frame = analysis.messages[from + k]!.frame;
				const alone = own.messages[k]!.frame;
				assert.deepEqual(
					[frame.format, frame.src, frame.dst, frame.time, frame.direction],
					[alone.format, alone.src, alone.dst, alone.time, alone.direction],
					`${file}: frame of message ${k}`,
				);
			}
		}
		// Nothing is lost: frames and noise cover the text, each offset once.
		coversAll(text, analysis);
	});
}

/**
 * `block` pasted into a long trace (`base` three times) before the 40th of its records (`record`
 * starts one), then edited at `mark` inside it: each re-analysis finds what a whole analysis does.
 */
function pasteThenEdit(base: string, record: string, block: string, mark: string): void {
	// Long enough that an edit past its head is re-analysed incrementally.
	const long = base + (base.endsWith('\n') ? '' : '\n') + base + '\n' + base;
	const before = analyzeTrace(long);
	let at = -1;
	for (let k = 0; k < 40; k++) at = long.indexOf(`\n${record}`, at + 1);
	assert.ok(at > 0);
	const pasted = long.slice(0, at + 1) + block + '\n' + long.slice(at + 1);
	const again = reanalyzeTrace(before, pasted);
	const whole = analyzeTrace(pasted);
	const blockAlone = analyzeTrace(block);
	assert.equal(whole.messages.length, before.messages.length + blockAlone.messages.length);
	const shown = (a: TraceAnalysis): unknown[] =>
		a.messages.map((m) => [
			m.frame.format,
			m.frame.span,
			m.frame.src,
			m.method,
			m.status,
			m.callId,
		]);
	assert.deepEqual(shown(again), shown(whole));
	// And an edit inside the pasted block afterwards.
	const inside = pasted.indexOf(mark, at);
	assert.ok(inside > at);
	const edited = pasted.slice(0, inside) + 'X' + pasted.slice(inside);
	assert.deepEqual(shown(reanalyzeTrace(again, edited)), shown(analyzeTrace(edited)));
}

void test('a Twinkle log pasted between the packets of a long tshark export is found after the edit as by a whole analysis', () => {
	pasteThenEdit(
		read('attended-transfer.tshark.txt'),
		'Frame ',
		read('twinkle-presence.andrew.log'),
		'Received from: udp:',
	);
});

void test("SIPp's call debug log pasted between the records of a long sngrep export is found after the edit as by a whole analysis", () => {
	pasteThenEdit(
		read('attended-transfer.sngrep.txt'),
		'2026/',
		read('sipp-failures.bob_calldebug.log'),
		'UDP message received',
	);
});

void test("a packet's octets pasted as a hex dump (Wireshark's bytes, tshark -x) below a trace are that packet's message", () => {
	// Each packet's dump as tshark -x prints it: an ASCII column beside the octets, where a request
	// line's `SIP/2.0` may close a line (`0040  2e 31 ... .1:15062 SIP/2.0`) that a lenient reading
	// would take for a request line of its own. The octets are read instead: the packet's message,
	// the one tshark dissected above them, with the packet's addresses.
	const dumps = read('presence-story.tshark-x.txt')
		.split(/\n(?=Frame \d+: )/)
		.map((packet) => packet.slice(packet.indexOf('\n0000  ') + 1));
	assert.equal(dumps.length, 58);
	assert.ok(dumps.some((d) => /SIP\/2\.0\n/.test(d)));
	// The same capture's packets, in order, with their addresses (tshark's fields).
	const packets = expected('presence-story.tshark-bytes.txt').messages;
	const log = read('twinkle-presence.andrew.log');
	const alone = analyzeTrace(log);
	for (const [k, dump] of dumps.entries()) {
		const analysis = analyzeTrace(`${log}\n${dump}`);
		const want = packets[k]!;
		assert.deepEqual(
			analysis.messages.map((m) => [m.method, m.status, m.callId]),
			[
				...alone.messages.map((m) => [m.method, m.status, m.callId]),
				[want.method, want.status, want.callId],
			],
			`packet ${k + 1}`,
		);
		const pasted = analysis.messages[alone.messages.length]!.frame;
		assert.deepEqual([pasted.format, pasted.src, pasted.dst], ['hexDump', want.src, want.dst]);
		// Nothing else is read into it: a problem there is the message's own, as tshark's reading.
		assert.deepEqual(
			analysis.problems.slice(0, alone.problems.length).map((p) => p.code),
			alone.problems.map((p) => p.code),
			`packet ${k + 1}`,
		);
	}
});
