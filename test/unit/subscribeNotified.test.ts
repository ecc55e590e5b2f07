// On accepting or refreshing a subscription the notifier sends a NOTIFY at once (RFC 6665
// §4.2.1.2). On the real busy lamp field (test/fixtures/README.md: Kamailio notifies a SIPp
// watcher of bob's dialogs), as captured and with the NOTIFYs left out or moved as a broken
// notifier or a race would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const text = readFileSync(join(__dirname, '..', 'fixtures', 'real', 'blf-call.sip'), 'utf8');
/** The trace's messages, each from its start line to the next one's. */
const messages = text.split(/(?=^(?:[A-Z]+ sip:\S+ SIP\/2\.0|SIP\/2\.0 \d{3} .*)$)/m);
const isNotify = (m: string): boolean => /^NOTIFY /.test(m);
const answersNotify = (m: string): boolean => /^SIP\/2\.0 /.test(m) && /^CSeq: \d+ NOTIFY/m.test(m);
const refresh = messages.findIndex((m) => /^SUBSCRIBE /.test(m) && /^CSeq: 2 SUBSCRIBE/m.test(m));
const said = (trace: string) =>
	analyzeTrace(trace)
		.problems.filter((p) => p.code === 'subscribe.no-notify')
		.map((p) => ({
			at: trace.slice(p.span.start, trace.indexOf('\n', p.span.start)).trim(),
			related: (p.related ?? []).map((r) =>
				trace.slice(r.span.start, trace.indexOf('\n', r.span.start)).trim(),
			),
			message: p.message,
		}));

void test('as captured, each accepted SUBSCRIBE is followed by a NOTIFY: nothing said', () => {
	assert.ok(refresh > 0);
	assert.deepEqual(said(text), []);
});

const before = messages.slice(0, refresh);
const others = before.filter((m) => !isNotify(m) && !answersNotify(m));
const firstNotify = before.filter((m) => isNotify(m) || answersNotify(m)).slice(0, 2);
const after = messages.slice(refresh + 1);

void test('no NOTIFY between the first 200 and the refresh accepted: a warning on that 200', () => {
	const found = said([...others, messages[refresh]!, ...after].join(''));
	assert.equal(found.length, 1);
	assert.equal(found[0]!.at, 'SIP/2.0 200 OK');
	assert.deepEqual(found[0]!.related, [
		'SUBSCRIBE sip:bob@127.0.0.1 SIP/2.0',
		'SUBSCRIBE sip:127.0.0.1:28060 SIP/2.0',
	]);
	assert.match(found[0]!.message, /\(CSeq 1\).*\(CSeq 2\).*RFC 6665 §4\.2\.1\.2/);
});

void test('a NOTIFY crossing the refresh in flight, before its 200: nothing said', () => {
	assert.ok(isNotify(firstNotify[0]!) && answersNotify(firstNotify[1]!));
	const raced = [...others, messages[refresh]!, ...firstNotify, ...after].join('');
	assert.deepEqual(said(raced), []);
});

void test('the refresh not accepted in the trace: a later NOTIFY may be the first one, nothing said', () => {
	assert.match(after[0]!, /^SIP\/2\.0 200 OK\r?\n(?:.+\r?\n)*CSeq: 2 SUBSCRIBE/);
	assert.deepEqual(said([...others, messages[refresh]!, ...after.slice(1)].join('')), []);
});

// An unsubscription's final NOTIFY (RFC 6665 §4.1.2.3), as Kamailio's presence server sends it
// and its resource list server does not: a watcher's SUBSCRIBE, its NOTIFY, its un-SUBSCRIBE.
const server = '127.0.0.1:15400';
const watcher = '127.0.0.1:15404';
function at(seconds: number, src: string, dst: string, lines: string[]): string {
	const time = `2026-12-07 15:00:${String(seconds).padStart(2, '0')}.000000`;
	return [`${time} ${src} -> ${dst}`, ...lines, 'Content-Length: 0', '', ''].join('\r\n');
}
function exchange(seconds: number, seq: number, expires: number): string {
	const common = [
		`Via: SIP/2.0/UDP ${watcher};branch=z9hG4bK-s${seq}`,
		'From: <sip:andrew@example.test>;tag=w1',
		`CSeq: ${seq} SUBSCRIBE`,
		'Call-ID: list-1',
		'Event: presence',
	];
	return (
		at(seconds, watcher, server, [
			`SUBSCRIBE sip:${seq === 1 ? 'friends@example.test' : server} SIP/2.0`,
			...common,
			`To: <sip:friends@example.test>${seq === 1 ? '' : ';tag=n1'}`,
			'Max-Forwards: 70',
			`Contact: <sip:andrew@${watcher}>`,
			`Expires: ${expires}`,
		]) +
		at(seconds, server, watcher, [
			'SIP/2.0 200 OK',
			...common,
			'To: <sip:friends@example.test>;tag=n1',
			`Contact: <sip:${server}>`,
			`Expires: ${expires}`,
		])
	);
}
function notify(seconds: number, seq: number, state: string): string {
	return at(seconds, server, watcher, [
		`NOTIFY sip:andrew@${watcher} SIP/2.0`,
		`Via: SIP/2.0/UDP ${server};branch=z9hG4bK-n${seq}`,
		'From: <sip:friends@example.test>;tag=n1',
		'To: <sip:andrew@example.test>;tag=w1',
		'Call-ID: list-1',
		`CSeq: ${seq} NOTIFY`,
		'Event: presence',
		'Max-Forwards: 70',
		`Contact: <sip:${server}>`,
		`Subscription-State: ${state}`,
	]);
}
const options = (seconds: number): string =>
	at(seconds, server, '127.0.0.1:15405', [
		'OPTIONS sip:127.0.0.1:15405 SIP/2.0',
		`Via: SIP/2.0/UDP ${server};branch=z9hG4bK-o1`,
		'From: <sip:ping@example.test>;tag=o1',
		'To: <sip:127.0.0.1:15405>',
		'Call-ID: ping-1',
		'CSeq: 1 OPTIONS',
		'Max-Forwards: 70',
	]);
const finalSaid = (trace: string): string[] =>
	analyzeTrace(trace)
		.problems.filter((p) => p.code === 'subscribe.no-final-notify')
		.map((p) => trace.slice(p.span.start, trace.indexOf('\r\n', p.span.start)));

void test('an unsubscription accepted and no final NOTIFY while the trace goes on: a warning on its 200', () => {
	const start = exchange(0, 1, 600) + notify(0, 1, 'active;expires=600');
	// The final NOTIFY sent: nothing said.
	assert.deepEqual(
		finalSaid(start + exchange(5, 2, 0) + notify(5, 2, 'terminated') + options(9)),
		[],
	);
	// None, and the capture went on four seconds: said, on the 200.
	const found = analyzeTrace(start + exchange(5, 2, 0) + options(9)).problems.filter(
		(p) => p.code === 'subscribe.no-final-notify',
	);
	assert.equal(found.length, 1);
	assert.match(found[0]!.message, /Expires: 0 \(CSeq 2\).*RFC 6665 §4\.1\.2\.3/);
	assert.deepEqual(finalSaid(start + exchange(5, 2, 0) + options(9)), ['SIP/2.0 200 OK']);
	// None, but the trace ends with the 200: the NOTIFY may be next, nothing said.
	assert.deepEqual(finalSaid(start + exchange(5, 2, 0)), []);
});

void test('without times: said where the notifier went on to new work after the 200, not where it only answered what came with it', () => {
	// As ngrep -W byline prints it (no -t): the addresses, no time.
	const ngrep = (trace: string): string =>
		'interface: lo (127.0.0.0/255.0.0.0)\nfilter: ( udp ) and ((ip || ip6) || (vlan && (ip || ip6)))\n' +
		trace.replace(/^2026-\S+ \S+ (\S+) -> (\S+)\r\n/gm, '#\nU $1 -> $2 #1\n');
	const start = exchange(0, 1, 600) + notify(0, 1, 'active;expires=600');
	const said = (trace: string) =>
		analyzeTrace(ngrep(trace)).problems.filter((p) => p.code === 'subscribe.no-final-notify');
	assert.equal(analyzeTrace(ngrep(start)).format, 'ngrep');
	assert.equal(said(start + exchange(5, 2, 0) + options(9)).length, 1);
	assert.equal(said(start + exchange(5, 2, 0) + notify(5, 2, 'terminated') + options(9)).length, 0);
	// Only the 200 to another watcher's un-SUBSCRIBE, which came in before it: nothing said.
	const other = exchange(5, 2, 0).replaceAll('list-1', 'list-2').replaceAll('tag=w1', 'tag=w2');
	assert.equal(
		said(
			start +
				other.slice(0, other.indexOf('2026', 10)) +
				exchange(5, 2, 0) +
				other.slice(other.indexOf('2026', 10)),
		).length,
		0,
	);
});
