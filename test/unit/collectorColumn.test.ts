// A log collector's column before every line of a program's log: the journal's (`journalctl`,
// real printouts made by test/scripts/make-collector-printouts.sh), Docker's, Compose's and
// kubectl's (rendered by the same script as they print). A printout reads as the log it printed,
// on its own offsets, each message dated by the column where its log gives no time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';
import { incrementalEditsOf, reanalyzeTrace } from '../../server/src/core/reanalyze';
import type { TraceAnalysis } from '../../server/src/core/model';
import { bodyText } from '../../server/src/core/bodies/bodyText';
import { textOf } from '../../server/src/core/parser/joins';
import { coversAll } from './coversAll';
import { readerSees } from './readerSees';
import { assertExpected, type Expected } from './expectedLinks';

const dir = join(__dirname, '..', 'fixtures', 'real');
const read = (name: string): string => readFileSync(join(dir, name), 'utf8');

// Each printout and the log it printed.
const printouts: [string, string][] = [
	['kamailio-xlog.journal.txt', 'kamailio-xlog.log'],
	['kamailio-xlog.journal-records.txt', 'kamailio-xlog.log'],
	['kamailio-xlog.journal-delta.txt', 'kamailio-xlog.log'],
	['kamailio-xlog.journal-cat.txt', 'kamailio-xlog.log'],
	['kamailio-xlog.journal-full.txt', 'kamailio-xlog.log'],
	['kamailio-xlog.journal-unix.txt', 'kamailio-xlog.log'],
	['baresip-presence.linda.journal.txt', 'baresip-presence.linda.log'],
	['baresip-presence.linda.journal-monotonic.txt', 'baresip-presence.linda.log'],
	['baresip-presence.linda.journal-verbose.txt', 'baresip-presence.linda.log'],
	['presence-story.sipp-linda.docker.log', 'presence-story.sipp-linda.log'],
	['kamailio-xlog.compose.log', 'kamailio-xlog.log'],
	['baresip-presence.andrew.kubectl.log', 'baresip-presence.andrew.log'],
	['kamailio-xlog.docker-json.log', 'kamailio-xlog.log'],
	['kamailio-xlog.journal.json', 'kamailio-xlog.log'],
	['kamailio-xlog.journal-records.json', 'kamailio-xlog.log'],
	['kamailio-xlog.journal-verbose.txt', 'kamailio-xlog.log'],
	['presence-story.sipp-linda.cloudwatch-short.log', 'presence-story.sipp-linda.log'],
];

/** What a reader sees of each message, wherever its lines are. */
function seen(analysis: TraceAnalysis): unknown[] {
	// Read from the analysis' text: Docker's log file has escapes read at their place.
	return analysis.messages.map((m, i) => ({
		...readerSees(analysis, m, i),
		cseq: m.cseq && `${m.cseq.seq} ${m.cseq.method}`,
		headers: m.headers.map((h) => h.key),
		direction: m.frame.direction,
	}));
}

for (const [printout, log] of printouts) {
	void test(`${printout}: read as the log it printed, every header on the printout's own text`, () => {
		const text = read(printout);
		const analysis = analyzeTrace(text);
		const original = analyzeTrace(read(log));
		assert.ok(analysis.messages.length > 0);
		assert.equal(analysis.format, original.format);
		assert.deepEqual(seen(analysis), seen(original));
		for (const m of analysis.messages) {
			// A value's span is on the printout, inside its line's text, after the column.
			const callId = m.headers.find((h) => h.key === 'call-id');
			assert.ok(callId);
			// Read over what the file's JSON puts between its characters (escapes, octets' numbers).
			assert.equal(textOf(analysis.text, m.frame, callId.value.start, callId.value.end), m.callId);
			assert.match(
				textOf(analysis.text, m.frame, m.startLine.start, m.startLine.end),
				/^(?:[A-Z]+ \S+ SIP\/2\.0|SIP\/2\.0 \d{3})/,
			);
		}
		coversAll(text, analysis);
	});
}

void test("a printout copied with each line's trailing spaces trimmed (a terminal's copy, an editor's save) reads the same", () => {
	// An empty line of the log keeps only the column, `kamailio-1  |`, `[pod/...]`; an empty line
	// of a journal record (before a body) loses the indent that stood for the column.
	for (const [printout] of printouts) {
		const text = read(printout);
		const trimmed = text.replace(/[ \t]+$/gm, '');
		if (trimmed === text) continue;
		const analysis = analyzeTrace(trimmed);
		assert.deepEqual(seen(analysis), seen(analyzeTrace(text)), printout);
		coversAll(trimmed, analysis);
	}
});

// An RFC 3339 stamp at the head of a line, with its UTC offset; or a syslog one.
const isoColumn = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?)(Z|[+-]\d\d:?\d\d)? /;

/** The column's stamp as a reader reads it: on the line, or on its record's first line above. */
function stampAbove(text: string, offset: number): number | null {
	for (let start = text.lastIndexOf('\n', offset - 1) + 1; ;) {
		const m = isoColumn.exec(text.slice(start, start + 60));
		if (m) {
			const zone =
				m[2] === undefined || m[2] === 'Z' ? 'Z' : m[2].replace(/(\d\d)(\d\d)$/, '$1:$2');
			const [whole, fraction = ''] = m[1]!.split('.');
			return Date.parse(`${whole}${zone}`) * 1000 + Number(fraction.padEnd(6, '0').slice(0, 6));
		}
		if (start === 0) return null;
		start = text.lastIndexOf('\n', start - 2) + 1;
	}
}

void test("a message whose log gives no time is dated by the column: its record's stamp in the journal", () => {
	const text = read('kamailio-xlog.journal-records.txt');
	const analysis = analyzeTrace(text);
	// Kamailio's log gives no time of its own.
	assert.ok(analyzeTrace(read('kamailio-xlog.log')).messages.every((m) => m.frame.time === null));
	assert.ok(analysis.messages.length > 40);
	for (const m of analysis.messages) {
		const want = stampAbove(text, m.startLine.start);
		assert.notEqual(want, null);
		assert.equal(m.frame.epochMicros, want, `message ${m.index}: ${m.frame.time}`);
	}
});

void test("journalctl's other stamps date a message of a log that gives no time: `short-full`'s, `short-unix`'s", () => {
	// Read here from the line's head: `Fri 2026-12-04 20:34:36 UTC host`, `1796416476.418919 host`.
	const stamp = (line: string): number | null => {
		const full = /^[A-Z][a-z]{2} (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) UTC /.exec(line);
		if (full) return Date.parse(`${full[1]}T${full[2]}Z`) * 1000;
		const unix = /^(\d+)\.(\d{6}) /.exec(line);
		return unix ? Number(unix[1]) * 1e6 + Number(unix[2]) : null;
	};
	for (const name of ['kamailio-xlog.journal-full.txt', 'kamailio-xlog.journal-unix.txt']) {
		const text = read(name);
		const analysis = analyzeTrace(text);
		assert.ok(analysis.messages.length > 40);
		for (const m of analysis.messages) {
			const start = text.lastIndexOf('\n', m.startLine.start) + 1;
			const want = stamp(text.slice(start, m.startLine.start));
			assert.notEqual(want, null, name);
			assert.equal(m.frame.epochMicros, want, `${name} message ${m.index}: ${m.frame.time}`);
			assert.match(m.frame.time ?? '', /Z$/, 'a time the journal gave in UTC says so');
		}
	}
	// Seconds since boot give no time of day: baresip's own times date its messages.
	const monotonic = analyzeTrace(read('baresip-presence.linda.journal-monotonic.txt'));
	const own = analyzeTrace(read('baresip-presence.linda.log'));
	assert.deepEqual(
		monotonic.messages.map((m) => m.frame.time),
		own.messages.map((m) => m.frame.time),
	);
});

void test("Docker's stamp dates a message of a log that gives no time; a log's own time is kept", () => {
	// Kamailio's log as `docker logs -t` prints it.
	const log = read('kamailio-xlog.log');
	const stamp = (i: number): string =>
		`${new Date(Date.UTC(2026, 11, 4, 18, 0, 0) + i).toISOString().slice(0, -1)}123456Z`;
	const text = log
		.split('\n')
		.map((l, i) => `${stamp(i)} ${l}`)
		.join('\n');
	const analysis = analyzeTrace(text);
	assert.equal(analysis.messages.length, analyzeTrace(log).messages.length);
	for (const m of analysis.messages)
		assert.equal(m.frame.epochMicros, stampAbove(text, m.frame.span.start), `message ${m.index}`);
	// SIPp's message log dates each message itself.
	const sipp = analyzeTrace(read('presence-story.sipp-linda.docker.log'));
	const own = analyzeTrace(read('presence-story.sipp-linda.log'));
	assert.deepEqual(
		sipp.messages.map((m) => m.frame.time),
		own.messages.map((m) => m.frame.time),
	);
	assert.ok(own.messages.every((m) => m.frame.time !== null));
});

void test("a Kubernetes node's container log (CRI: stamp, stream, `F`, a long line's `P` parts) reads as the log, dated by the stamp", () => {
	// /var/log/pods/NS_POD_UID/CONTAINER/0.log, what crictl and the log shippers read. The runtime
	// writes a line longer than its buffer (16 KiB) in parts, each but the last marked `P`: here,
	// to have many of them, every line longer than 50 characters is cut every 37.
	const log = read('kamailio-xlog.log');
	let n = 0;
	const column = (i: number, part: 'P' | 'F'): string =>
		`2026-12-04T18:00:00.${String(n++).padStart(9, '0')}Z ${i % 7 ? 'stdout' : 'stderr'} ${part} `;
	const text = log
		.split('\n')
		.map((l, i) => {
			if (l.length <= 50) return column(i, 'F') + l;
			const parts = l.match(/[^]{1,37}/g)!;
			return parts.map((p, k) => column(i, k < parts.length - 1 ? 'P' : 'F') + p).join('\n');
		})
		.join('\n');
	assert.ok((text.match(/ P /g) ?? []).length > 100);
	const analysis = analyzeTrace(text);
	assert.deepEqual(seen(analysis), seen(analyzeTrace(log)));
	for (const m of analysis.messages)
		assert.equal(m.frame.epochMicros, stampAbove(text, m.frame.span.start), `message ${m.index}`);
	coversAll(text, analysis);
});

void test("rsyslog's one-line records in a Kubernetes node's log, a long record in `P` parts, read whole", () => {
	// Each record holds a whole message, its line ends escaped (`#015#012`): the runtime writes a
	// record longer than its buffer in parts (here every 200 characters).
	const log = read('kamailio-syslog.log');
	const text = log
		.split('\n')
		.map((l, i) => {
			const parts = l.match(/[^]{1,200}/g) ?? [''];
			return parts
				.map(
					(p, k) =>
						`2026-12-04T18:00:${String(i % 60).padStart(2, '0')}.123Z stdout ${k < parts.length - 1 ? 'P' : 'F'} ${p}`,
				)
				.join('\n');
		})
		.join('\n');
	assert.ok((text.match(/ stdout P /g) ?? []).length > 40);
	const analysis = analyzeTrace(text);
	const original = analyzeTrace(log);
	assert.equal(analysis.messages.length, original.messages.length);
	assert.deepEqual(
		analysis.messages.map((m) => [m.method, m.status, m.callId, m.headers.length, m.frame.src]),
		original.messages.map((m) => [m.method, m.status, m.callId, m.headers.length, m.frame.src]),
	);
	coversAll(text, analysis);
});

void test("the journal's JSON: each record's text read in place, a string's or its octets', dated by the record, octets counted as they went", () => {
	const log = read('kamailio-xlog.log');
	const original = analyzeTrace(log);
	const codes = (a: TraceAnalysis): string[] => a.problems.map((p) => p.code).sort();
	for (const name of ['kamailio-xlog.journal.json', 'kamailio-xlog.journal-records.json']) {
		const text = read(name);
		const analysis = analyzeTrace(text);
		assert.equal(analysis.messages.length, original.messages.length, name);
		// Content-Length holds on every message, as in the log: no fault the export made.
		assert.deepEqual(codes(analysis), codes(original), name);
		// Linda's PIDF, in octets where its record holds a CR, reads as she sent it.
		const publish = analysis.messages.find((m) => m.method === 'PUBLISH' && m.body !== null);
		assert.ok(publish, name);
		assert.match(bodyText(analysis.text, publish), /<rpid:busy\/>/, name);
		// Each message dated by the record it starts in.
		for (const m of analysis.messages) {
			const start = text.lastIndexOf('\n', m.startLine.start) + 1;
			const end = text.indexOf('\n', start);
			const record = JSON.parse(text.slice(start, end < 0 ? undefined : end)) as {
				__REALTIME_TIMESTAMP: string;
			};
			assert.equal(m.frame.epochMicros, Number(record.__REALTIME_TIMESTAMP), `${name} ${m.index}`);
		}
	}
	// `-o json-seq` writes an RS before each record, `-o json-sse` `data: ` and an empty line after.
	for (const name of ['kamailio-xlog.journal.json', 'kamailio-xlog.journal-records.json']) {
		const json = read(name);
		const records = json.split('\n').filter(Boolean);
		const want = seen(analyzeTrace(json));
		for (const variant of [
			records.map((r) => `\x1e${r}\n`).join(''),
			records.map((r) => `data: ${r}\n\n`).join(''),
		]) {
			const a = analyzeTrace(variant);
			assert.deepEqual(seen(a), want, name);
			coversAll(variant, a);
		}
	}
	// A record whose text holds a CR is an array of octets: the fixtures have both kinds.
	assert.match(read('kamailio-xlog.journal-records.json'), /"MESSAGE":\[\d/);
	assert.match(read('kamailio-xlog.journal.json'), /"MESSAGE":"SUBSCRIBE /);
});

void test("the journal shown field by field (`-o verbose --all`): each record's MESSAGE read once, not its SYSLOG_RAW, dated by its heading", () => {
	const text = read('kamailio-xlog.journal-verbose.txt');
	const original = analyzeTrace(read('kamailio-xlog.log'));
	const analysis = analyzeTrace(text);
	// SYSLOG_RAW repeats a record's text that holds a CR, behind its syslog header.
	assert.match(text, /^ {4}SYSLOG_RAW=<\d+>.*\n {15}SUBSCRIBE sip:/m);
	assert.equal(analysis.messages.length, original.messages.length);
	const codes = (a: TraceAnalysis): string[] => a.problems.map((p) => p.code).sort();
	assert.deepEqual(codes(analysis), codes(original));
	// The heading's date and time, in the zone it names (`CET`: an hour east of UTC).
	for (const m of analysis.messages) {
		const before = text.slice(0, m.startLine.start);
		const heading = /^[A-Z][a-z]{2} (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{6}) CET \[/gm;
		let last: RegExpExecArray | null = null;
		for (let h = heading.exec(before); h; h = heading.exec(before)) last = h;
		assert.ok(last, `message ${m.index}`);
		assert.equal(m.frame.time, `${last[1]}T${last[2]}+01:00`, `message ${m.index}`);
		const [whole, fraction] = last[2]!.split('.');
		assert.equal(
			m.frame.epochMicros,
			Date.parse(`${last[1]}T${whole}+01:00`) * 1000 + Number(fraction),
			`message ${m.index}`,
		);
	}
	// Without `--all` the journal shows such a record as its size only: said, with what shows it.
	const blobs = text
		.replace(
			/^ {4}(MESSAGE|SYSLOG_RAW)=.*\r?\n(?: {5,}.*\r?\n)*/gm,
			(_, name: string) => `    ${name}=[418B blob data]\n`,
		)
		.replace(/^( {4}MESSAGE=)\[418B blob data\]\n(?= {4}[A-Z_]+=)/m, '$1[1.2K blob data]\n');
	const none = analyzeTrace(blobs);
	assert.equal(none.messages.length, 0);
	assert.match(none.problems[0]?.message ?? '', /`journalctl -o verbose --all`/);
});

void test("Docker's log file: escapes read as what they stand for, octets counted as they went, each line dated", () => {
	const text = read('kamailio-xlog.docker-json.log');
	const log = read('kamailio-xlog.log');
	assert.match(text, /\\u003cpresence /);
	const analysis = analyzeTrace(text);
	const original = analyzeTrace(log);
	// Linda's PIDF, its tags escaped in the file, reads as she sent it; its Content-Length holds.
	const publish = analysis.messages.find((m) => m.method === 'PUBLISH' && m.body !== null);
	assert.ok(publish);
	const body = bodyText(analysis.text, publish);
	assert.match(body, /<rpid:busy\/>/);
	assert.equal(
		body.trimEnd(),
		bodyText(original.text, original.messages[publish.index]!).trimEnd(),
	);
	const codes = (a: TraceAnalysis): string[] => a.problems.map((p) => p.code).sort();
	assert.deepEqual(codes(analysis), codes(original));
	// A quoted display name, `\"Linda\"` in the file.
	assert.equal(publish.from?.displayName, original.messages[publish.index]!.from?.displayName);
	assert.equal(publish.from?.displayName, 'Linda');
	// Each message dated by its first line's object.
	for (const m of analysis.messages) {
		const line = text.slice(m.frame.span.start, text.indexOf('\n', m.frame.span.start));
		const time = /"time":"([^"]+)"/.exec(line)?.[1];
		assert.ok(time, `message ${m.index}`);
		assert.equal(
			m.frame.epochMicros,
			Date.parse(time) * 1000 + Number(/\.(\d+)/.exec(time)?.[1]?.padEnd(6, '0').slice(3, 6) ?? 0),
		);
	}
	coversAll(text, analysis);
});

void test("a program's line after Docker's stamp that reads like a host and a name is the program's", () => {
	// Twinkle's log: `Reading config: carol.cfg` after the stamp is no journal's `host name: `.
	const log = read('twinkle-presence.carol.log');
	const text = log
		.split('\n')
		.map((l) => `2026-12-04T18:00:00.000000000Z ${l}`)
		.join('\n');
	assert.match(text, /Z Reading config: carol\.cfg/);
	const analysis = analyzeTrace(text);
	assert.deepEqual(seen(analysis), seen(analyzeTrace(log)));
});

void test('a hex dump printed behind a column (tcpdump -X in a pod, kubectl logs) reads as the dump', () => {
	const name = 'presence-story.tcpdump-X.txt';
	const expected = JSON.parse(read(`${name}.expected.json`)) as Expected;
	const text = read(name)
		.split('\n')
		.map((l) => `[pod/sip-0/tcpdump] 2026-12-04T18:00:00.000000000Z ${l}`)
		.join('\n');
	const analysis = analyzeTrace(text);
	assertExpected(analysis, expected);
	coversAll(text, analysis);
});

void test("an edit in a collector's printout is read as a whole analysis reads it", () => {
	const text = read('kamailio-xlog.journal.txt');
	const before = analyzeTrace(text);
	// A tag's value edited in the second half of the printout.
	const at = text.indexOf('tag=', Math.floor(text.length / 2)) + 4;
	const edited = `${text.slice(0, at)}x${text.slice(at)}`;
	assert.deepEqual(seen(reanalyzeTrace(before, edited)), seen(analyzeTrace(edited)));
});

void test('an edit in a long printout of one program is read around the edit, as a whole analysis reads it', () => {
	for (const name of [
		'presence-story.sipp-linda.docker.log',
		'kamailio-xlog.compose.log',
		'kamailio-xlog.journal.txt',
		'presence-story.sipp-linda.cloudwatch-short.log',
	]) {
		// Long enough that an edit in its second half lies past the head its format is told from.
		const one = read(name);
		const text = one.repeat(Math.ceil(800_000 / one.length));
		const before = analyzeTrace(text);
		const at = text.indexOf('tag=', Math.floor(text.length * 0.8)) + 4;
		const edited = `${text.slice(0, at)}x${text.slice(at)}`;
		const again = reanalyzeTrace(before, edited);
		assert.equal(incrementalEditsOf(again), 1, name);
		assert.deepEqual(seen(again), seen(analyzeTrace(edited)), name);
	}
});

void test("rsyslog's file, a syslog column on every line and each message on one line, reads as before", () => {
	// Each record one line, the message's line ends escaped (`#015#012`), dated by its stamp.
	const name = 'kamailio-syslog.log';
	const expected = JSON.parse(read(`${name}.expected.json`)) as Expected;
	const analysis = analyzeTrace(read(name));
	assert.equal(analysis.format, expected.format);
	assert.equal(analysis.messages.length, expected.messages.length);
	assert.ok(analysis.messages.every((m) => m.frame.epochMicros !== null));
});

// Asterisk 20's pjsip logger sent to rsyslog, a record a line (the shape of a performance-test
// README's log): rsyslog escapes the CR of each line it kept, which shows only on the empty line
// between the headers and the body, as `#015`.
void test("rsyslog's `#015` on the empty line between a message's headers and body is the CR, no body line", () => {
	const sdp = [
		'v=0',
		'o=user1 53655765 2353687637 IN IP4 127.0.1.1',
		's=-',
		'c=IN IP4 127.0.1.1',
		't=0 0',
		'm=audio 6000 RTP/AVP 0',
		'a=rtpmap:0 PCMU/8000',
	];
	const message = [
		'INVITE sip:service@127.0.0.1:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 127.0.1.1:5061;branch=z9hG4bK-3973-9-0',
		'From: sipp <sip:sipp@127.0.1.1:5061>;tag=3973SIPpTag009',
		'To: <sip:service@127.0.0.1:5060>',
		'Call-ID: 9-3973@127.0.1.1',
		'CSeq: 1 INVITE',
		'Contact: sip:sipp@127.0.1.1:5061',
		'Max-Forwards: 70',
		'Content-Type: application/sdp',
		`Content-Length: ${sdp.join('\r\n').length + 2}`,
		'#015',
		...sdp,
	];
	const text = message.map((l) => `Feb  1 18:32:31 localhost asterisk[6541]: ${l}\n`).join('');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	const body = bodyText(a.text, a.messages[0]!);
	assert.ok(body.startsWith('v=0'), body);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
});

void test("journalctl's `short-full` in a local zone: a zone name of one offset (`CET`, `PDT`) gives it, one of several (`IST`) leaves the time local", () => {
	const text = read('kamailio-xlog.journal-full.txt');
	assert.match(text, /^[A-Z][a-z]{2} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC /m);
	const utc = analyzeTrace(text).messages;
	for (const [zone, offset, minutes] of [
		['CET', '+01:00', 60],
		['PDT', '-07:00', -420],
	] as const) {
		const local = analyzeTrace(text.replace(/( \d\d:\d\d:\d\d) UTC /g, `$1 ${zone} `)).messages;
		assert.equal(local.length, utc.length);
		for (const m of local) {
			const u = utc[m.index]!;
			assert.equal(m.frame.time, u.frame.time!.replace(/Z$/, offset), zone);
			assert.equal(m.frame.epochMicros, u.frame.epochMicros! - minutes * 60_000_000, zone);
		}
	}
	const ist = analyzeTrace(text.replace(/( \d\d:\d\d:\d\d) UTC /g, '$1 IST ')).messages;
	assert.ok(ist.every((m) => m.frame.time === utc[m.index]!.frame.time!.replace(/Z$/, '')));
});
