// Header lines tshark's text (`-V -O sip`) prints cut: it prints at most 240 characters of an
// item and puts ` [truncated]` before a longer header line. real/tshark-cut-headers.* is a call
// through Kamailio whose INVITEs carry a Contact with push parameters and a Proxy-Authorization
// longer than that (test/fixtures/README.md). The whole values are tshark's own fields of the
// capture (`tshark-cut-headers.fields.json`, `-T fields -e sip.Contact -e sip.Proxy-Authorization`);
// the bare export of the same capture (`.sip`) is the message as sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import type { SipMessage, TraceAnalysis } from '../../server/src/core';
import { bodyText } from '../../server/src/core/bodies/bodyText';
import { withoutScenarioPriorities } from './tcpStoryBodies';

const dir = join(__dirname, '..', 'fixtures', 'real');
const load = (file: string): TraceAnalysis => analyzeTrace(readFileSync(join(dir, file), 'utf8'));
const fields = JSON.parse(readFileSync(join(dir, 'tshark-cut-headers.fields.json'), 'utf8')) as {
	frames: { contact: string | null; proxyAuthorization: string | null }[];
};

const value = (a: TraceAnalysis, m: SipMessage, key: string): string | null => {
	const h = m.header(key);
	return h ? a.text.slice(h.value.start, h.value.end) : null;
};
const names = (a: TraceAnalysis, m: SipMessage): string[] =>
	m.headers.map((h) => a.text.slice(h.name.start, h.name.end));

void test('tshark-cut-headers (tshark): every message keeps every header line, the cut ones too, as in the bare export', () => {
	const tshark = load('tshark-cut-headers.tshark.txt');
	const raw = load('tshark-cut-headers.sip');
	assert.equal(tshark.format, 'tshark');
	assert.equal(tshark.messages.length, fields.frames.length);
	assert.equal(raw.messages.length, fields.frames.length);
	for (const m of tshark.messages)
		assert.deepEqual(names(tshark, m), names(raw, raw.messages[m.index]!), `message ${m.index}`);
});

void test('tshark-cut-headers (tshark): a cut Contact and Proxy-Authorization read as far as tshark printed them, the others whole', () => {
	const tshark = load('tshark-cut-headers.tshark.txt');
	let cut = 0;
	for (const m of tshark.messages) {
		const sent = fields.frames[m.index]!;
		for (const [key, whole] of [
			['contact', sent.contact],
			['proxy-authorization', sent.proxyAuthorization],
		] as const) {
			const read = value(tshark, m, key);
			if (whole === null) {
				assert.equal(read, null, `message ${m.index} ${key}`);
				continue;
			}
			assert.ok(read !== null, `message ${m.index} has its ${key}`);
			assert.ok(whole.startsWith(read), `message ${m.index} ${key}: ${read}`);
			if (read.length < whole.length) {
				cut++;
				// tshark prints 240 characters of the line, name included.
				assert.ok(read.length > 200, read);
			}
		}
	}
	// Each INVITE's Contact (alice's two attempts, the one relayed to bob) and her credentials.
	assert.equal(cut, 4);
	const invites = tshark.messages.filter((m) => m.method === 'INVITE');
	assert.equal(invites.length, 3);
	// What the cut line still says: alice's contact address, as tshark's field gives it.
	const address = (contact: string | null): string | undefined =>
		/^<(sip:[^;>]{1,80})/.exec(contact ?? '')?.[1];
	for (const m of invites) {
		const whole = address(fields.frames[m.index]!.contact);
		assert.ok(whole);
		assert.equal(address(value(tshark, m, 'contact')), whole);
	}
});

void test('tshark-cut-headers (tshark): each cut line has one message.truncated from its [truncated] on, and no other problem than in the bare export', () => {
	const tshark = load('tshark-cut-headers.tshark.txt');
	const raw = load('tshark-cut-headers.sip');
	const truncated = tshark.problems.filter((p) => p.code === 'message.truncated');
	const marks: number[] = [];
	for (
		let at = tshark.text.indexOf('[truncated]');
		at >= 0;
		at = tshark.text.indexOf('[truncated]', at + 1)
	)
		if (tshark.text.lastIndexOf('\n', at) === at - 10) marks.push(at);
	assert.equal(marks.length, 4);
	assert.deepEqual(
		truncated.map((p) => p.span.start),
		marks,
	);
	for (const p of truncated) assert.match(p.message, /tshark cut this header line/);
	assert.deepEqual(
		tshark.problems.filter((p) => p.code !== 'message.truncated').map((p) => p.code),
		raw.problems.map((p) => p.code),
	);
});

void test('a start line, Via, From, To and Call-ID tshark cut (formats/tshark-cut-lines): read as far as printed, no false missing Via, Call-ID or From tag nor bad To, the response still finds its request', () => {
	// An OPTIONS written by hand and its 200, printed by tshark from a capture; the whole values
	// are tshark's own fields of it.
	const formats = join(__dirname, '..', 'fixtures', 'formats');
	const tshark = analyzeTrace(readFileSync(join(formats, 'tshark-cut-lines.txt'), 'utf8'));
	const sent = (
		JSON.parse(readFileSync(join(formats, 'tshark-cut-lines.fields.json'), 'utf8')) as {
			frames: {
				method: string | null;
				requestUri: string | null;
				status: number | null;
				via: string;
				callId: string;
				fromTag: string;
			}[];
		}
	).frames;
	assert.equal(tshark.format, 'tshark');
	assert.equal(tshark.messages.length, sent.length);
	const [request, response] = tshark.messages as [SipMessage, SipMessage];
	// The Request-Line, cut inside its Request-URI: the method, the Request-URI as far as printed.
	assert.equal(request.method, sent[0]!.method);
	assert.ok(request.requestUri && request.requestUri.length > 200, request.requestUri ?? '');
	assert.ok(sent[0]!.requestUri!.startsWith(request.requestUri));
	assert.equal(response.status, sent[1]!.status);
	for (const m of tshark.messages) {
		const whole = sent[m.index]!;
		const via = value(tshark, m, 'via');
		const callId = value(tshark, m, 'call-id');
		assert.ok(via && via.length > 200 && whole.via.startsWith(via), `message ${m.index}: ${via}`);
		assert.ok(callId && callId.length > 200 && whole.callId.startsWith(callId), `${m.index}`);
		assert.equal(m.callId, callId);
		// The branch, before the cut, as tshark's field has it.
		assert.equal(m.vias[0]?.branch, /;branch=([^;]{1,80})/.exec(whole.via)![1]);
		// The From is there, cut among its parameters: its tag (tshark's field has it) is not printed.
		const from = value(tshark, m, 'from');
		assert.ok(from?.startsWith('"Alice Example" <sip:alice@127.0.0.1>;'), from ?? '');
		assert.ok(whole.fromTag && !from?.includes(whole.fromTag));
		assert.equal(m.from?.tag, null);
		assert.ok(value(tshark, m, 'to')?.startsWith('<sip:+4930123456789@127.0.0.1;user=phone;'));
	}
	assert.equal(tshark.index.requestOf(1), 0);
	// Only the export's cuts are said: the start line, and each message's Via, From, To and
	// Call-ID; not the From's missing tag nor the To's unclosed `<`.
	const marks = tshark.problems.map((p) => tshark.text.slice(p.span.start, p.span.start + 20));
	assert.deepEqual(
		withoutScenarioPriorities(tshark.problems).map((p) => p.code),
		Array<string>(9).fill('message.truncated'),
		marks.join('\n'),
	);
	assert.deepEqual(
		marks.map((s) => s.slice(0, 15)),
		[
			'[truncated]: OP',
			...[1, 2].flatMap(() => [
				'[truncated]Via:',
				'[truncated]From',
				'[truncated]To: ',
				'[truncated]Call',
			]),
		],
	);
	assert.match(tshark.problems[0]!.message, /tshark cut this start line/);
});

void test("tshark-tcp (tshark, SIP over TCP): every header line as tshark's JSON dissection gives it, the long Record-Route and Route as far as printed", () => {
	// real/tcp-story.pcap printed by tshark; tcp-story.messages.json is tshark's own reassembly of
	// each message (`-T json`): its header lines whole.
	const tshark = load('tshark-tcp.tshark.txt');
	const whole = JSON.parse(readFileSync(join(dir, 'tcp-story.messages.json'), 'utf8')) as {
		startLine: string;
		headers: [string, string][];
	}[];
	assert.equal(tshark.messages.length, whole.length);
	let cut = 0;
	for (const m of tshark.messages) {
		const sent = whole[m.index]!;
		assert.equal(tshark.text.slice(m.startLine.start, m.startLine.end), sent.startLine);
		const read = m.headers.map((h): [string, string] => [
			tshark.text.slice(h.name.start, h.name.end),
			tshark.text.slice(h.value.start, h.value.end),
		]);
		assert.deepEqual(
			read.map(([n]) => n),
			sent.headers.map(([n]) => n),
			`message ${m.index}`,
		);
		read.forEach(([name, value], k) => {
			const full = sent.headers[k]![1];
			if (value === full) return;
			cut++;
			assert.ok(/^(?:Record-)?Route$/.test(name) && full.startsWith(value), `${name}: ${value}`);
		});
	}
	assert.equal(cut, 2);
	// The cuts are said, and nothing else is reported.
	assert.deepEqual(
		withoutScenarioPriorities(tshark.problems).map((p) => p.code),
		['message.truncated', 'message.truncated'],
	);
});

void test('Wireshark 4.2 on marks a cut item `[…]`, not `[truncated]`: read as the same messages, headers and values, the cuts said', () => {
	for (const file of [
		'tshark-cut-headers.tshark.txt',
		'tshark-bodies.tshark.txt',
		'tshark-raw.tshark.txt',
	]) {
		const text = readFileSync(join(dir, file), 'utf8');
		const newer = text.replaceAll('[truncated]', '[\u2026]');
		assert.notEqual(newer, text, file);
		const before = analyzeTrace(text);
		const after = analyzeTrace(newer);
		const reading = (a: TraceAnalysis): unknown =>
			a.messages.map((m) => ({
				start: a.text.slice(m.startLine.start, m.startLine.end),
				headers: m.headers.map((h) => [
					a.text.slice(h.name.start, h.name.end),
					a.text.slice(h.value.start, h.value.end),
				]),
				body: bodyText(a.text, m),
			}));
		assert.deepEqual(reading(after), reading(before), file);
		assert.deepEqual(
			after.problems.map((p) => p.code),
			before.problems.map((p) => p.code),
			file,
		);
	}
});
