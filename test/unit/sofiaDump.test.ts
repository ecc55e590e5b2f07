// sofia-sip's TPORT_DUMP file, as the real library (Debian's sofia-sip 1.12.11) wrote it for
// test/scripts/make-sofia-traces.sh: the presence story's dump beside its TPORT_LOG output of
// the same run (test/fixtures/real/sofia-presence.*), and the record shapes tport_logging.c writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { coversAll } from './coversAll';

const read = (f: string): string =>
	readFileSync(join(__dirname, '..', 'fixtures', 'real', f), 'utf8');

const dump = read('sofia-presence.dump.log');
const log = read('sofia-presence.stderr.log');

/**
 * Each record of the dump, read by tport_dump_iovec's shape: the stamp's octet count, and the
 * octets between the stamp's line and the vertical tab that ends the record.
 */
function records(text: string): { declared: number; held: number }[] {
	const out: { declared: number; held: number }[] = [];
	const stamp = /^(?:sent|recv) (\d+) bytes (?:to|from) .* at [\d:.]+:\n/gm;
	for (let m = stamp.exec(text); m; m = stamp.exec(text)) {
		const from = m.index + m[0].length;
		const end = text.indexOf('\v\n', from);
		out.push({ declared: Number(m[1]), held: Buffer.byteLength(text.slice(from, end)) });
	}
	return out;
}

void test("sofia-sip's dump: every record a message, as the log of the same run has them", () => {
	const a = analyzeTrace(dump);
	const b = analyzeTrace(log);
	assert.equal(a.format, 'sofiaDump');
	assert.equal(b.format, 'sofia');
	coversAll(dump, a);
	assert.equal(a.messages.length, records(dump).length);
	assert.equal(a.messages.length, b.messages.length);
	const path = (m: (typeof a.messages)[number]): unknown[] => [
		m.method ?? m.status,
		m.frame.direction,
		m.frame.src,
		m.frame.dst,
		m.frame.transport,
		m.frame.declaredBytes,
	];
	assert.deepEqual(a.messages.map(path), b.messages.map(path));
	// The stamp's time of day, with its microseconds.
	for (const m of a.messages) assert.match(m.frame.time ?? '', /^\d\d:\d\d:\d\d\.\d{6}$/);
});

void test('a record that holds less than its stamp gives is said cut short once, and nothing else', () => {
	const a = analyzeTrace(dump);
	const cut = records(dump)
		.map((r, i) => (r.held < r.declared ? i : -1))
		.filter((i) => i >= 0);
	// sofia-sip 1.12.11 writes the first buffer of a message it sends: the 200 OKs to the
	// NOTIFYs as their start line, the PUBLISHes without their PIDF body.
	assert.ok(cut.length >= 4, `${cut.length} records cut`);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		cut.map(() => 'message.truncated'),
	);
	const cutAt = a.problems.map((p) =>
		a.messages.findIndex((m) => m.startLine.start === p.span.start),
	);
	assert.deepEqual(cutAt, cut);
	// What the records hold still links: the NOTIFYs to the SUBSCRIBE, as in the log.
	const b = analyzeTrace(log);
	for (const m of a.messages) {
		if (m.method !== 'NOTIFY') continue;
		assert.equal(
			a.index.subscriptionOf(m.index)?.creator ?? null,
			b.index.subscriptionOf(m.index)?.creator ?? null,
		);
		assert.equal(m.callId, b.messages[m.index]!.callId);
	}
});

void test('a dump whose CRLFs a copy turned into LF: the same records are said cut, and no others', () => {
	// git's or an editor's line-end conversion: a whole record then holds one octet less per
	// line than its stamp gives, which is no cut.
	const copy = dump.replace(/\r\n/g, '\n');
	assert.notEqual(copy, dump);
	const a = analyzeTrace(dump);
	const b = analyzeTrace(copy);
	assert.equal(b.format, 'sofiaDump');
	assert.equal(b.messages.length, a.messages.length);
	assert.deepEqual(
		b.problems.map(
			(p) => `${p.code} ${b.messages.findIndex((m) => m.startLine.start === p.span.start)}`,
		),
		a.problems.map(
			(p) => `${p.code} ${a.messages.findIndex((m) => m.startLine.start === p.span.start)}`,
		),
	);
});

void test('a dump record whose last octet was no line end: the vertical tab right after it ends it', () => {
	const body = 'Are you free?';
	const message = [
		'MESSAGE sip:linda@127.0.0.1 SIP/2.0',
		'Via: SIP/2.0/UDP 127.0.0.1:35062;rport;branch=z9hG4bKa1b2c3',
		'Max-Forwards: 70',
		'From: <sip:andrew@127.0.0.1>;tag=Xy1',
		'To: <sip:linda@127.0.0.1>',
		'Call-ID: 1f2e3d4c-0001',
		'CSeq: 7 MESSAGE',
		'Content-Type: text/plain',
		`Content-Length: ${body.length}`,
		'',
		body,
	].join('\r\n');
	const text =
		'dump started at Thu Dec  3 15:22:19 2026\n\n\n' +
		`sent ${message.length} bytes to udp/[127.0.0.1]:35060 at 15:22:19.425121:\n` +
		`${message}\v\n`;
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sofiaDump');
	assert.equal(a.messages.length, 1);
	const m = a.messages[0]!;
	assert.equal(text.slice(m.body!.start, m.body!.end), body);
	assert.deepEqual(a.problems, []);
	assert.equal(m.frame.span.end, text.length);
	assert.deepEqual(
		[m.frame.direction, m.frame.dst, m.frame.transport, m.frame.time],
		['out', '127.0.0.1:35060', 'UDP', '15:22:19.425121'],
	);
});

void test('a stream read of two messages is one record: both are read, neither is said cut', () => {
	const trying = [
		'SIP/2.0 100 Trying',
		'Via: SIP/2.0/TCP 127.0.0.1:35061;branch=z9hG4bKt1',
		'From: <sip:andrew@127.0.0.1>;tag=a1',
		'To: <sip:linda@127.0.0.1>',
		'Call-ID: 7c1d-tcp',
		'CSeq: 1 INVITE',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	const ok = [
		'SIP/2.0 200 OK',
		'Via: SIP/2.0/TCP 127.0.0.1:35061;branch=z9hG4bKt1',
		'From: <sip:andrew@127.0.0.1>;tag=a1',
		'To: <sip:linda@127.0.0.1>;tag=l1',
		'Call-ID: 7c1d-tcp',
		'CSeq: 1 INVITE',
		'Contact: <sip:linda@127.0.0.1:35064;transport=tcp>',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	const text =
		'dump started at Thu Dec  3 15:22:19 2026\n\n\n' +
		`recv ${trying.length + ok.length} bytes from tcp/[127.0.0.1]:35060 at 15:22:19.425121:\n` +
		`${trying}${ok}\v\n`;
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sofiaDump');
	assert.deepEqual(
		a.messages.map((m) => [m.status, m.frame.direction, m.frame.src, m.frame.transport]),
		[
			[100, 'in', '127.0.0.1:35060', 'TCP'],
			[200, 'in', '127.0.0.1:35060', 'TCP'],
		],
	);
	assert.deepEqual(
		a.problems.filter((p) => p.code !== 'response.no-request'),
		[],
	);
});

void test("a part of sofia-sip's dump with neither its opening line nor a `sent` stamp is read as the dump", () => {
	// The received records alone, each through the vertical tab that ends it: their stamps are
	// the log's too, the vertical tab is the dump's own.
	const received = dump
		.split(/(?<=\v\n)/)
		.filter((r) => r.startsWith('recv '))
		.join('');
	assert.ok(received.length > 0 && !received.includes('dump started at'));
	const a = analyzeTrace(received);
	assert.equal(a.format, 'sofiaDump');
	assert.equal(a.messages.length, (received.match(/^recv /gm) ?? []).length);
	// Read as the log, the vertical tabs would be the messages' last octets.
	assert.deepEqual(
		a.problems.filter((p) => p.code === 'header.bad-content-length'),
		[],
	);
});
