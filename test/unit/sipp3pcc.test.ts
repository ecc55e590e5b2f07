// SIPp's 3PCC controllers (real/sipp-3pcc.*, test/fixtures/README.md): their -trace_msg logs hold,
// between the SIP messages, the records of SIPp's own control channel (`TCP control message sent
// (213 bytes):`, a Call-ID, Content-Type and the SDP passed on, no start line). realFixtures.test.ts
// compares the messages and links of each log with tshark's capture; here, the control records
// themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';

const dir = join(__dirname, '..', 'fixtures', 'real');

for (const side of ['a', 'b'])
	void test(`sipp-3pcc controller-${side}: each control channel record is log text, not a message nor part of one`, () => {
		const text = readFileSync(join(dir, `sipp-3pcc.sipp-controller-${side}.log`), 'utf8');
		const analysis = analyzeTrace(text);
		assert.equal(analysis.format, 'sipp');
		const records: number[] = [];
		for (const m of text.matchAll(/^TCP control message (?:sent|received) /gm))
			records.push(m.index);
		assert.equal(records.length, 2);
		for (const at of records) {
			assert.ok(
				analysis.noise.some((n) => n.start <= at && at < n.end),
				`the record at ${at} is log text`,
			);
			for (const m of analysis.messages)
				assert.ok(at < m.frame.span.start || at >= m.frame.span.end, `inside message ${m.index}`);
		}
		// The SDP each record passes on is no message's body: the bodies end as Content-Length says,
		// and no message is cut or glued. (SIPp's built-in scenario sends its ACK and BYE to
		// `[service]@[remote_ip]`, not to the peer's Contact: dialog.request-uri-not-target, real.)
		assert.deepEqual(
			analysis.problems
				.map((p) => p.code)
				.filter((code) => /^(content-length|body|message|header)\./.test(code)),
			[],
		);
		assert.deepEqual(
			[...new Set(analysis.problems.map((p) => p.code))],
			['dialog.request-uri-not-target'],
		);
	});

void test("an older SIPp's separator (`2013-04-26 01:06:40:589.583`, no epoch) times each message as the newer one does", () => {
	// The controller's real log with each separator written as older builds print it (a colon
	// before the milliseconds, the microseconds after a dot, no epoch; drgyl/sip traceSIPP.sh).
	const text = readFileSync(join(dir, 'sipp-3pcc.sipp-controller-a.log'), 'utf8');
	const separator = /^(-{20,} \d{4}-\d\d-\d\d[\t ]\d\d:\d\d:\d\d)\.(\d{3})(\d{3})[^\n]{0,40}$/gm;
	const older = text.replace(separator, '$1:$2.$3');
	assert.notEqual(older, text);
	assert.doesNotMatch(older, /^-{20,} [^\n]{0,40}\d{10}\./m);
	const a = analyzeTrace(text);
	const b = analyzeTrace(older);
	assert.equal(b.format, 'sipp');
	assert.equal(b.messages.length, a.messages.length);
	// Each message's time as its separator in the newer log gives it.
	const times = [...text.matchAll(separator)].map(
		(m) => `${m[1]!.slice(-19).replace(/[\t ]/, 'T')}.${m[2]}${m[3]}`,
	);
	const framed = b.messages.map((m) => m.frame.time);
	for (const t of framed) assert.ok(t && times.includes(t), `${t}`);
	assert.deepEqual(
		framed,
		a.messages.map((m) => m.frame.time),
	);
});

void test('two ends of one hop logged apart and merged (the controller, then A): each message once, its other end a copy', () => {
	// trace-formats: "duplicate copies when UAC and UAS logs are merged". The messages of each
	// log as tshark's capture gives them (expected-links.mjs): the same wire messages, one log
	// sending what the other receives.
	type Listed = { messages: { method: string | null; status: number | null; callId: string }[] };
	const listed = (f: string): Listed['messages'] =>
		(JSON.parse(readFileSync(join(dir, `${f}.expected.json`), 'utf8')) as Listed).messages;
	const files = ['sipp-3pcc.sipp-controller-a.log', 'sipp-3pcc.sipp-a.log'];
	const [first, second] = files.map(listed) as [Listed['messages'], Listed['messages']];
	const said = (l: Listed['messages']): string[] =>
		l.map((m) => `${m.method ?? m.status} ${m.callId}`);
	assert.deepEqual(said(second), said(first));
	const merged = analyzeTrace(files.map((f) => readFileSync(join(dir, f), 'utf8')).join(''));
	assert.equal(merged.messages.length, first.length + second.length);
	for (let i = 0; i < first.length; i++) {
		const [a, b] = [i, first.length + i];
		const key = (k: number): string => {
			const m = merged.messages[k]!;
			return `${m.method ?? m.status} ${m.callId}`;
		};
		assert.equal(key(a), `${first[i]!.method ?? first[i]!.status} ${first[i]!.callId}`);
		assert.equal(key(b), key(a));
		// One end is the other's copy (the sender's, logged first in time, is the original).
		const links = [merged.index.originalOf(a), merged.index.originalOf(b)];
		assert.deepEqual(
			links.filter((x) => x !== null),
			[links[0] === null ? a : b],
			`message ${i}: ${key(a)}`,
		);
	}
});

void test('SIPp 1.x and 2.x -trace_msg: a separator in whole seconds and `UDP message sent:` without a size open messages as the newer ones do', () => {
	// The controller's real log written as SIPp 2.0 printed it (call::send_raw: `%s message
	// sent:`; CStat::formatTime without microseconds: `2013-04-26 01:06:40`).
	const text = readFileSync(join(dir, 'sipp-3pcc.sipp-controller-a.log'), 'utf8');
	const older = text
		.replace(/^(-{20,} \d{4}-\d\d-\d\d)[\t ](\d\d:\d\d:\d\d)\.\d+[^\n]*$/gm, '$1 $2')
		.replace(/^(\w+) message sent \(\d+ bytes\):$/gm, '$1 message sent:');
	assert.doesNotMatch(older, /^-{20,} [^\n]*\d\d:\d\d:\d\d\./m);
	assert.doesNotMatch(older, /^\w+ message sent \(/m);
	const a = analyzeTrace(text);
	const b = analyzeTrace(older);
	assert.equal(b.format, 'sipp');
	assert.deepEqual(
		b.messages.map((m) => [m.frame.direction, m.frame.transport, m.frame.time]),
		a.messages.map((m) => [m.frame.direction, m.frame.transport, m.frame.time!.slice(0, 19)]),
	);
	assert.ok(b.messages.some((m) => m.frame.direction === 'out'));
});
