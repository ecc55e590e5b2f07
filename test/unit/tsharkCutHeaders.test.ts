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
