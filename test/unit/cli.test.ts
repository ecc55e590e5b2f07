// The command-line interface's contract: `node dist/cli.js FILE --json` prints one JSON document
// of the documented shape, with the links tshark's dissection gives; errors exit non-zero.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sipMessage } from './sipText';

const root = join(__dirname, '..', '..');
const cli = (...args: string[]) =>
	spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), ...args], { encoding: 'utf8' });
const real = join(root, 'test', 'fixtures', 'real');
/** A directory for one test's files, removed when the file's tests are done. */
const scratchDirs: string[] = [];
const scratch = (): string => {
	const dir = mkdtempSync(join(tmpdir(), 'sip-cli-'));
	scratchDirs.push(dir);
	return dir;
};
after(() => {
	for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

// The presence story (subscriptions, publications), linda publishing from two devices (a NOTIFY
// composed of two publications) and the attended transfer (Replaces).
for (const name of [
	'presence-story.sngrep.txt',
	'compose-story.sngrep.txt',
	'attended-transfer.sngrep.txt',
])
	test(`--json prints the documented shape with the expected links: ${name}`, () => {
		jsonMatchesExpectations(join(real, name));
	});

test('`-` reads the trace, or the capture, from the standard input', () => {
	for (const name of ['presence-story.sngrep.txt', 'presence-story.pcapng']) {
		const piped = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), '-', '--json'], {
			input: readFileSync(join(real, name)),
			encoding: 'utf8',
		});
		assert.equal(piped.status, 0, piped.stderr);
		assert.deepEqual(JSON.parse(piped.stdout), JSON.parse(cli(join(real, name), '--json').stdout));
	}
});

test('a reader that stops early (`| head`) ends the run quietly, with no error', () => {
	// Output far beyond a pipe's buffer, so that the CLI is still writing when head has gone.
	const big = join(scratch(), 'big.txt');
	writeFileSync(big, readFileSync(join(real, 'presence-story.sngrep.txt'), 'utf8').repeat(300));
	const r = spawnSync(
		'bash',
		[
			'-c',
			'set -o pipefail; "$0" "$1" "$2" | head -n 1',
			process.execPath,
			join(root, 'dist', 'cli.js'),
			big,
		],
		{ encoding: 'utf8' },
	);
	assert.match(r.stdout, /^\d+ messages \(sngrep\)\n$/);
	assert.equal(r.stderr, '');
	assert.equal(r.status, 0);
});

test('a trace saved with a byte order mark reads as without it (as VS Code opens it)', () => {
	for (const name of ['presence-story.sngrep.txt', 'rls-story.tcpdump.txt']) {
		const copy = join(scratch(), name);
		writeFileSync(copy, '\ufeff' + readFileSync(join(real, name), 'utf8'));
		const withMark = cli(copy, '--json');
		assert.equal(withMark.status, 0, withMark.stderr);
		assert.equal(withMark.stdout, cli(join(real, name), '--json').stdout, name);
	}
});

test('a trace saved as UTF-16 with its byte order mark (PowerShell 5 redirects so) reads as the UTF-8 file', () => {
	const name = 'presence-story.sngrep.txt';
	const text = readFileSync(join(real, name), 'utf8');
	const expected = cli(join(real, name), '--json').stdout;
	const littleEndian = Buffer.from('\ufeff' + text, 'utf16le');
	const bigEndian = Buffer.from(littleEndian);
	bigEndian.swap16();
	for (const [bytes, what] of [
		[littleEndian, 'UTF-16LE'],
		[bigEndian, 'UTF-16BE'],
	] as const) {
		const copy = join(scratch(), `${what}.txt`);
		writeFileSync(copy, bytes);
		const r = cli(copy, '--json');
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, expected, what);
	}
});

test('a gzipped trace or capture (a rotated log.gz) reads as the file inside it', () => {
	for (const name of ['presence-story.sngrep.txt', 'presence-story.pcapng']) {
		const copy = join(scratch(), `${name}.gz`);
		const plain = readFileSync(join(real, name));
		// Two members one after another, as `cat a.gz b.gz` makes them: one file inside.
		const half = plain.length >> 1;
		writeFileSync(
			copy,
			Buffer.concat([gzipSync(plain.subarray(0, half)), gzipSync(plain.subarray(half))]),
		);
		const r = cli(copy, '--json');
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stderr, '');
		assert.equal(r.stdout, cli(join(real, name), '--json').stdout, name);
	}
});

test('a gzipped trace cut short is read as far as it goes, and said', () => {
	const name = 'presence-story.sngrep.txt';
	const text = readFileSync(join(real, name), 'utf8');
	const zipped = gzipSync(text);
	const copy = join(scratch(), 'cut.txt.gz');
	writeFileSync(copy, zipped.subarray(0, zipped.length >> 1));
	const r = cli(copy, '--json');
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stderr, /compressed stream ends early/);
	const cut = JSON.parse(r.stdout) as { messages: { line: number; callId: string }[] };
	const whole = JSON.parse(cli(join(real, name), '--json').stdout) as typeof cut;
	// The messages of the first part, each where it was.
	assert.ok(cut.messages.length > 3 && cut.messages.length < whole.messages.length);
	const lastLine = cut.messages.at(-1)!.line;
	assert.deepEqual(
		cut.messages.slice(0, -1).map((m) => [m.line, m.callId]),
		whole.messages.filter((m) => m.line < lastLine).map((m) => [m.line, m.callId]),
	);
});

test('a damaged gzip file is an error, not a trace', () => {
	const copy = join(scratch(), 'bad.gz');
	const zipped = gzipSync('INVITE sip:a@b SIP/2.0\r\n\r\n'.repeat(50));
	zipped.fill(0xff, 12, 40);
	writeFileSync(copy, zipped);
	const r = cli(copy, '--json');
	assert.equal(r.status, 1);
	assert.match(r.stderr, /cannot read/);
});

function jsonMatchesExpectations(fixture: string): void {
	const r = cli(fixture, '--json');
	assert.equal(r.status, 0, r.stderr);
	const out = JSON.parse(r.stdout) as {
		format: string;
		messages: Record<string, unknown>[];
		problems: Record<string, unknown>[];
	};
	const expected = JSON.parse(readFileSync(`${fixture}.expected.json`, 'utf8')) as {
		messages: {
			index: number;
			line: number;
			method: string | null;
			status: number | null;
			callId: string;
			links: unknown;
		}[];
	};
	assert.equal(out.format, 'sngrep');
	assert.equal(out.messages.length, expected.messages.length);
	for (const [i, m] of out.messages.entries()) {
		assert.deepEqual(Object.keys(m), [
			'index',
			'line',
			'method',
			'status',
			'callId',
			'time',
			'src',
			'dst',
			'transport',
			'direction',
			'links',
		]);
		const e = expected.messages[i]!;
		assert.deepEqual(
			[m.index, m.line, m.method, m.status, m.callId],
			[e.index, e.line, e.method, e.status, e.callId],
		);
		// The presence story's expectations predate the Replaces columns of the field dump; it has
		// no INVITE or REFER, so nothing it replaces.
		assert.deepEqual(m.links, { replaces: null, ...(e.links as object) });
		assert.match(String(m.src), /^127\.0\.0\.1:\d+$/);
	}
	for (const p of out.problems)
		assert.deepEqual(Object.keys(p), ['code', 'severity', 'line', 'message']);
}

test('--json says how each message travelled when the log says: SIPp writes "UDP message received/sent"', () => {
	const fixture = join(real, 'challenged-call.sipp-bob.log');
	const r = cli(fixture, '--json');
	assert.equal(r.status, 0, r.stderr);
	const out = JSON.parse(r.stdout) as { messages: { transport: unknown; direction: unknown }[] };
	// SIPp's own lines, in file order, say which way each message went.
	const said = [...readFileSync(fixture, 'utf8').matchAll(/^(\w+) message (received|sent)/gm)];
	assert.ok(said.length > 4);
	assert.deepEqual(
		out.messages.map((m) => [m.transport, m.direction]),
		said.map((m) => [m[1], m[2] === 'received' ? 'in' : 'out']),
	);
	// sngrep's export says neither.
	const sngrep = JSON.parse(cli(join(real, 'challenged-call.sngrep.txt'), '--json').stdout) as {
		messages: { transport: unknown; direction: unknown }[];
	};
	assert.ok(sngrep.messages.every((m) => m.transport === null && m.direction === null));
});

test('the table for people says where each message went: addresses, else sent or received', () => {
	const rowsOf = (file: string): string[][] =>
		cli(join(real, file))
			.stdout.split('\n')
			.filter((l) => l.startsWith('#'))
			.map((l) => l.split('\t'));
	const sngrep = JSON.parse(cli(join(real, 'challenged-call.sngrep.txt'), '--json').stdout) as {
		messages: { src: string; dst: string }[];
	};
	assert.deepEqual(
		rowsOf('challenged-call.sngrep.txt').map((r) => r[3]),
		sngrep.messages.map((m) => `${m.src} -> ${m.dst}`),
	);
	// SIPp's log names no addresses, only which way each message went.
	const sipp = readFileSync(join(real, 'challenged-call.sipp-bob.log'), 'utf8');
	assert.deepEqual(
		rowsOf('challenged-call.sipp-bob.log').map((r) => r[3]),
		[...sipp.matchAll(/^\w+ message (received|sent)/gm)].map((m) => m[1]),
	);
});

test('a missing file and a file without SIP exit non-zero with a message', () => {
	const missing = cli(join(tmpdir(), 'no-such-trace.sip'), '--json');
	assert.notEqual(missing.status, 0);
	assert.match(missing.stderr, /cannot read/);
	const dir = scratch();
	writeFileSync(join(dir, 'notes.txt'), 'just some notes\nno SIP here\n');
	const empty = cli(join(dir, 'notes.txt'));
	assert.notEqual(empty.status, 0);
	assert.match(
		empty.stderr,
		/no SIP message found in .*notes\.txt \(unknown or unsupported format\)/,
	);
	// A trace recognised as pjsua's whose only message lacks its start line (a paste that begins
	// inside it): the format is named, and what was found about the text still printed.
	writeFileSync(
		join(dir, 'cut.log'),
		[
			'01:40:46.970   pjsua_core.c  .TX 812 bytes Request msg REGISTER/cseq=22 (tdta0000027A39D96A28) to TLS 10.10.10.1:5068:',
			'Via: SIP/2.0/TLS 10.10.10.47:2173;rport;branch=z9hG4bKPjfda97f3c;alias',
			'Max-Forwards: 70',
			'From: <sip:1001@10.10.10.1>;tag=2e6b9e8c',
			'To: <sip:1001@10.10.10.1>',
			'Call-ID: 4f0b4cd1c1f94cbd9ebc1b7c4d3a5a7e',
			'CSeq: 22 REGISTER',
			'Content-Length:  0',
			'',
			'--end msg--',
			'',
		].join('\n'),
	);
	const cut = cli(join(dir, 'cut.log'));
	assert.equal(cut.status, 1);
	assert.match(cut.stderr, /no SIP message found in .*cut\.log \(read as pjsua\)/);
	assert.match(cut.stdout, /^0 messages \(pjsua\)/);
	assert.match(cut.stdout, /framing\.no-start-line/);
});

test("SIPp's short message and screen logs exit non-zero, saying which log they are", () => {
	const dir = join(real, 'without-messages');
	for (const [file, kind] of [
		['sipp-failures.linda_shortmessages.log', '-trace_shortmsg'],
		['sipp-failures.linda_screen.log', '-trace_screen'],
	]) {
		const r = cli(join(dir, file!), '--json');
		assert.equal(r.status, 1, file);
		assert.match(r.stderr, new RegExp(`no SIP message found in .*${file}: SIPp's ${kind} log`));
		assert.match(r.stderr, /-trace_msg log has them/);
		// The document is still printed, with no message made up from the log's lines.
		assert.deepEqual((JSON.parse(r.stdout) as { messages: unknown[] }).messages, []);
	}
});

test('an unknown --format is refused', () => {
	const r = cli(join(real, 'presence-story.sngrep.txt'), '--format', 'wireshark');
	assert.equal(r.status, 2);
	assert.match(r.stderr, /unknown format/);
});

test('--stats prints the tables as text: a row per method with the requests tshark saw', () => {
	const fixture = join(real, 'challenged-call.sngrep.txt');
	const r = cli(fixture, '--stats');
	assert.equal(r.status, 0, r.stderr);
	const expected = JSON.parse(readFileSync(`${fixture}.expected.json`, 'utf8')) as {
		messages: { method: string | null; status: number | null }[];
	};
	assert.match(r.stdout, new RegExp(`^${expected.messages.length} messages: `));
	const requests = new Map<string, number>();
	for (const m of expected.messages)
		if (m.method) requests.set(m.method, (requests.get(m.method) ?? 0) + 1);
	// Made without retransmissions (make-challenge-traces.sh fails on one).
	for (const [method, count] of requests)
		assert.match(r.stdout, new RegExp(`^ +${method} +${count} +0 `, 'm'), method);
	for (const title of ['Requests', 'Responses', 'Response times', 'Authentication'])
		assert.match(r.stdout, new RegExp(`^${title} \\(`, 'm'));
	// Each 407 was answered by the INVITE re-sent with credentials.
	const challenges = expected.messages.filter((m) => m.status === 407).length;
	assert.ok(challenges > 0);
	assert.match(r.stdout, new RegExp(`^ +407 +${challenges} +${challenges}$`, 'm'));
});

test('--json gains a statistics member with --stats only', () => {
	const fixture = join(real, 'presence-story.sngrep.txt');
	const plain = JSON.parse(cli(fixture, '--json').stdout) as Record<string, unknown>;
	assert.deepEqual(Object.keys(plain), ['format', 'messages', 'problems']);
	const r = cli(fixture, '--json', '--stats');
	assert.equal(r.status, 0, r.stderr);
	const out = JSON.parse(r.stdout) as Record<string, unknown> & {
		statistics: {
			messages: { total: number };
			methods: { method: string; requests: number }[];
			publications: { event: string; publishes: number }[];
		};
	};
	assert.deepEqual(Object.keys(out), ['format', 'messages', 'problems', 'statistics']);
	assert.deepEqual(out.messages, plain.messages);
	const expected = JSON.parse(readFileSync(`${fixture}.expected.json`, 'utf8')) as {
		messages: { method: string | null }[];
	};
	assert.equal(out.statistics.messages.total, expected.messages.length);
	for (const method of new Set(expected.messages.map((m) => m.method)))
		if (method)
			assert.equal(
				out.statistics.methods.find((m) => m.method === method)?.requests,
				expected.messages.filter((m) => m.method === method).length,
			);
	assert.equal(
		out.statistics.publications.find((p) => p.event === 'presence')?.publishes,
		expected.messages.filter((m) => m.method === 'PUBLISH').length,
	);
});

// A capture is known by its first octets, whatever its name: read, rendered, analysed.
test('a pcapng capture: --json has the links of the bare export, lines in the rendered text, the capture read', () => {
	const dir = scratch();
	const capture = join(dir, 'story.bin');
	writeFileSync(capture, readFileSync(join(real, 'compose-story.pcapng')));
	const r = cli(capture, '--json');
	assert.equal(r.status, 0, r.stderr);
	const out = JSON.parse(r.stdout) as {
		format: string;
		capture: { container: string; packets: number; problems: unknown[] };
		messages: {
			line: number;
			method: string | null;
			status: number | null;
			callId: string;
			transport: string | null;
			links: object;
		}[];
	};
	const expected = JSON.parse(
		readFileSync(join(real, 'compose-story.sip.expected.json'), 'utf8'),
	) as {
		messages: { method: string | null; status: number | null; callId: string; links: object }[];
	};
	assert.equal(out.format, 'headerLine');
	assert.equal(out.capture.container, 'pcapng');
	assert.deepEqual(out.capture.problems, []);
	assert.ok(out.capture.packets >= expected.messages.length);
	assert.equal(out.messages.length, expected.messages.length);
	// --text prints the trace the lines count in: each message's line holds its start line.
	const text = cli(capture, '--text');
	assert.equal(text.status, 0, text.stderr);
	const lines = text.stdout.split('\n');
	for (const [i, m] of out.messages.entries()) {
		const e = expected.messages[i]!;
		assert.deepEqual([m.method, m.status, m.callId], [e.method, e.status, e.callId]);
		assert.deepEqual(m.links, { replaces: null, ...e.links });
		assert.match(
			lines[m.line]!,
			m.method ? new RegExp(`^${m.method} `) : new RegExp(`^SIP/2\\.0 ${m.status} `),
		);
		assert.match(
			lines[m.line - 1]!,
			/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+ UDP$/,
		);
		assert.equal(m.transport, 'UDP');
	}
	// Saved as a trace, that text gives the same analysis.
	writeFileSync(join(dir, 'story.sip'), text.stdout);
	const again = JSON.parse(cli(join(dir, 'story.sip'), '--json').stdout) as typeof out;
	assert.deepEqual(again.messages, out.messages);
	assert.equal('capture' in again, false);
});

test('a capture without SIP, and a cut one: exit non-zero or problems on stderr', () => {
	const dir = scratch();
	const bytes = readFileSync(join(real, 'tcp-story.pcap'));
	writeFileSync(join(dir, 'header-only.pcap'), bytes.subarray(0, 24));
	const none = cli(join(dir, 'header-only.pcap'));
	assert.notEqual(none.status, 0);
	assert.match(none.stderr, /capture\.no-sip/);
	// The capture was read: its problems say why, not an unknown format.
	assert.match(
		none.stderr,
		/no SIP message found in .*header-only\.pcap \(a pcap capture: its problems above say why\)/,
	);
	assert.doesNotMatch(none.stderr, /unknown or unsupported format/);
	writeFileSync(join(dir, 'cut.pcap'), bytes.subarray(0, bytes.length - 100));
	const cut = cli(join(dir, 'cut.pcap'));
	assert.equal(cut.status, 0);
	assert.match(cut.stderr, /capture\.truncated/);
	assert.match(cut.stdout, /^\d+ messages \(headerLine, from a pcap capture of \d+ packets\)/);
});

test('--json links a retry to its challenge when the challenged request is not in the file', () => {
	const dir = scratch();
	const message = (start: string, branch: string, cseq: string, extra: string[]): string =>
		sipMessage(start, [
			`Via: SIP/2.0/UDP 192.0.2.10:5060;branch=${branch}`,
			'From: <sip:alice@example.com>;tag=a73kszlfl',
			`To: <sip:alice@example.com>${start.startsWith('SIP/') ? ';tag=1410948204' : ''}`,
			'Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.10',
			`CSeq: ${cseq}`,
			...extra,
		]);
	const nonce = 'nonce="wf84f1ceczx41ae6cbe5aea9c8e88d359"';
	writeFileSync(
		join(dir, 'excerpt.sip'),
		message('SIP/2.0 401 Unauthorized', 'z9hG4bKnashds7', '1826 REGISTER', [
			`WWW-Authenticate: Digest realm="example.com", ${nonce}`,
		]) +
			message('REGISTER sip:example.com SIP/2.0', 'z9hG4bKnashds8', '1827 REGISTER', [
				'Contact: <sip:alice@192.0.2.10:5060>',
				`Authorization: Digest username="alice", realm="example.com", ${nonce}, uri="sip:example.com", response="71ba27c64bd01de719686aa4590d5824"`,
			]),
	);
	const r = cli(join(dir, 'excerpt.sip'), '--json');
	assert.equal(r.status, 0, r.stderr);
	const out = JSON.parse(r.stdout) as { messages: { links: { challenge: number | null } }[] };
	assert.deepEqual(
		out.messages.map((m) => m.links.challenge),
		[null, 0],
	);
});

test("a REFER whose Refer-To's Replaces names its own dialog, first seen in it: no link to itself", () => {
	const dir = scratch();
	const file = join(dir, 'own-replaces.sip');
	const callId = '680242e0@10.10.10.5';
	writeFileSync(
		file,
		sipMessage('REFER sip:bob@10.10.10.5 SIP/2.0', [
			'Via: SIP/2.0/UDP 10.10.10.25:5060;branch=z9hG4bK-own-1',
			'Max-Forwards: 70',
			'From: <sip:alice@10.10.10.25>;tag=UOWVAIMFMQ',
			'To: <sip:bob@10.10.10.5>;tag=as0e332af4',
			`Call-ID: ${callId}`,
			'CSeq: 3 REFER',
			'Contact: <sip:alice@10.10.10.25:5060>',
			`Refer-To: <sip:carol@10.10.10.5?Replaces=${encodeURIComponent(callId)}%3Bto-tag%3Das0e332af4%3Bfrom-tag%3DUOWVAIMFMQ>`,
		]),
	);
	const json = JSON.parse(cli(file, '--json').stdout) as {
		messages: { links: { replaces: number | null } }[];
		problems: { code: string }[];
	};
	assert.deepEqual(
		json.messages.map((m) => m.links.replaces),
		[null],
	);
	assert.ok(json.problems.some((p) => p.code === 'replaces.own-dialog'));
	assert.match(cli(file).stdout, /replaces its own call/);
});

test('--stats: a method seen only in responses has no row of requests (a response cut before its CSeq, a trace of answers)', () => {
	const dir = scratch();
	const file = join(dir, 'answers.sip');
	writeFileSync(
		file,
		sipMessage('SIP/2.0 200 OK', [
			'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-st-1',
			'From: <sip:a@example.com>;tag=1',
			'To: <sip:c@example.com>;tag=2',
			'Call-ID: st-1',
			'CSeq: 1 OPTIONS',
		]),
	);
	const text = cli(file, '--stats').stdout;
	const requests = text.slice(text.indexOf('Requests'), text.indexOf('Responses'));
	assert.match(requests, /none in the trace/);
	assert.doesNotMatch(requests, /OPTIONS/);
	assert.match(text.slice(text.indexOf('Responses')), /OPTIONS\s+200 OK\s+1/);
});
