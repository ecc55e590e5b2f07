// Framing of trace excerpts as real software printed them, posted in public (test/fixtures/formats/
// public, origins in test/fixtures/README.md), and of the variants of the same shapes that the
// producers' documentation and other public posts show: the messages, their start lines, time,
// addresses and direction, and nothing of the text lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import type { SipMessage, TraceFormat } from '../../server/src/core/model';

const dir = join(__dirname, '..', 'fixtures', 'formats', 'public');
const read = (f: string): string => readFileSync(join(dir, f), 'utf8');

type Analysis = ReturnType<typeof analyzeTrace>;

/** 0-based line of an offset. */
const lineOf = (text: string, offset: number): number =>
	text.slice(0, offset).split('\n').length - 1;

/** Frames and noise cover the text: no gap, no overlap. */
function nothingLost(text: string, a: Analysis): void {
	const pieces = [...a.frames.map((f) => f.span), ...a.noise].sort((x, y) => x.start - y.start);
	let at = 0;
	for (const p of pieces) {
		assert.equal(p.start, at, 'no gap, no overlap');
		at = p.end;
	}
	assert.equal(at, text.length);
}

interface Expected {
	line: number;
	start: string;
	callId?: string;
	time?: string | null;
	epochMicros?: number | null;
	src?: string | null;
	dst?: string | null;
	direction?: 'in' | 'out' | null;
	transport?: string | null;
}

/** Reads `text` and checks its format, its messages and what each frame says, field by field. */
function expectMessages(text: string, format: TraceFormat, expected: Expected[]): Analysis {
	const a = analyzeTrace(text);
	assert.equal(a.format, format);
	assert.equal(a.messages.length, expected.length, 'messages');
	expected.forEach((want, i) => {
		const m: SipMessage = a.messages[i]!;
		const got: Record<string, unknown> = {
			line: lineOf(text, m.startLine.start),
			start: text.slice(m.startLine.start, m.startLine.end),
		};
		for (const key of Object.keys(want) as (keyof Expected)[]) {
			if (key === 'line' || key === 'start') continue;
			got[key] = key === 'callId' ? m.callId : m.frame[key];
		}
		assert.deepEqual(got, want, `message ${i}`);
		assert.equal(m.kind === 'invalid', false, `message ${i} parses`);
	});
	nothingLost(text, a);
	return a;
}

// --- pjsua behind an application's logger ---------------------------------------------------------

test("pjsua's RX/TX stamp behind an application logger's prefix: time from the prefix (day-first date), remote address", () => {
	const text = read('pjsua2-app-logger-prefix-notify.txt');
	expectMessages(text, 'pjsua', [
		{
			line: 1,
			start: 'NOTIFY sip:RoutingService@192.168.254.200:53001;ob SIP/2.0',
			callId: '75304787031b4072a5ebf26a1f81c409',
			time: '2026-02-06T10:21:02.634',
			epochMicros: Date.UTC(2026, 1, 6, 10, 21, 2, 634) * 1000,
			src: '192.168.254.200:5060',
			dst: null,
			direction: 'in',
			transport: 'UDP',
		},
	]);
	// The stamp must stand as pjsua prints it: not glued to a word.
	const glued = text.replace(': RX 1210', ': fooRX 1210');
	assert.equal(analyzeTrace(glued).messages[0]!.frame.src, null);
});

// --- baresip inside Android logcat ----------------------------------------------------------------

test("baresip's sip_trace inside logcat (baresip-studio): time, both addresses and transport", () => {
	const text = read('baresip-android-logcat-notify.txt');
	const a = expectMessages(text, 'logcat', [
		{
			line: 12,
			start: 'NOTIFY sip:bar-0xb40000743a51fdd0@192.168.243.151:9;transport=wss SIP/2.0',
			time: '09:06:05.718',
			src: '192.168.243.45:5063',
			dst: '192.168.243.151:39258',
			transport: 'WSS',
		},
	]);
	// baresip's registration report (`200 OK (OpenSIPg ...) [1 binding]`) is log text.
	assert.ok(a.noise.some((n) => text.slice(n.start, n.end).includes('[1 binding]')));
	// With the year in logcat's prefix, baresip's time of day gets logcat's date.
	const dated = text.replace(/^03-05 /gm, '2024-03-05 ');
	expectMessages(dated, 'logcat', [
		{
			line: 12,
			start: 'NOTIFY sip:bar-0xb40000743a51fdd0@192.168.243.151:9;transport=wss SIP/2.0',
			time: '2024-03-05T09:06:05.718',
			epochMicros: Date.UTC(2024, 2, 5, 9, 6, 5, 718) * 1000,
			src: '192.168.243.45:5063',
		},
	]);
});

test("belle-sip's channel line inside logcat takes logcat's time", () => {
	const text = [
		'2021-03-03 15:55:26.802 17083-17083/org.linphone.debug I/Linphone: channel [0x768ae00200]: received [301] new bytes from [UDP://172.31.37.34:8642]:',
		'2021-03-03 15:55:26.802 17083-17083/org.linphone.debug I/Linphone: SIP/2.0 200 OK',
		'2021-03-03 15:55:26.802 17083-17083/org.linphone.debug I/Linphone: Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK1',
		'2021-03-03 15:55:26.802 17083-17083/org.linphone.debug I/Linphone: Call-ID: c1',
		'2021-03-03 15:55:26.802 17083-17083/org.linphone.debug I/Linphone: CSeq: 1 OPTIONS',
		'2021-03-03 15:55:26.802 17083-17083/org.linphone.debug I/Linphone: Content-Length: 0',
		'2021-03-03 15:55:26.802 17083-17083/org.linphone.debug I/Linphone: ',
		'',
	].join('\n');
	expectMessages(text, 'logcat', [
		{
			line: 1,
			start: 'SIP/2.0 200 OK',
			time: '2021-03-03T15:55:26.802',
			src: '172.31.37.34:8642',
			direction: 'in',
		},
	]);
});
