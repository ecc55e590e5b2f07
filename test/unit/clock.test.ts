// Durations on traces that give no full date: times of day (pjsua, sofia) and year-less dates
// (syslog, Asterisk's logger prefix) still time a response after its request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clockBetween, clockOf } from '../../server/src/core/text/clock';
import { provideInlayHints } from '../../server/src/features/inlayHints';
import { provideCodeLenses } from '../../server/src/features/codeLens';
import { formatDuration } from '../../server/src/features/timeFormat';
import { createTraceDocument } from '../../server/src/traceDocument';

const frame = (time: string | null, epochMicros: number | null = null) => ({ time, epochMicros });
const ms = (a: string, b: string): number | null => {
	const d = clockBetween(clockOf(frame(a)), clockOf(frame(b)));
	return d === null ? null : d / 1000;
};

test('times of day and year-less dates are compared on their own clock', () => {
	assert.equal(ms('19:33:00.000', '19:33:01.010'), 1010);
	assert.equal(ms('23:59:59.900', '00:00:00.100'), 200, 'past midnight');
	assert.equal(ms('--11-24T19:33:00', '--11-24T19:33:02'), 2000);
	// A time of day that names its zone (JsSIP's `18:25:46.841Z`).
	assert.equal(ms('18:25:46.841Z', '18:25:47.041Z'), 200);
	assert.equal(ms('--11-30T23:59:59', '--12-01T00:00:01'), 2000, 'into the next month');
	assert.equal(ms('--12-31T23:59:59', '--01-01T00:00:01'), 2000, 'into the next year');
	assert.equal(clockBetween(clockOf(frame('19:33:00')), clockOf(frame('--11-24T19:33:00'))), null);
	assert.equal(clockOf(frame(null)), null);
	assert.equal(
		clockBetween(clockOf(frame('2026-11-24T19:33:00', 1_000_000)), clockOf(frame('x', 3_500_000))),
		2_500_000,
	);
});

test("pjsua's times of day: each final response shows the time since its request", () => {
	const text = readFileSync(join(__dirname, '..', 'fixtures', 'formats', 'pjsua.log'), 'utf8');
	const doc = createTraceDocument('file:///pjsua.log', 1, text, undefined);
	const { messages, index } = doc.analysis;
	const hints = provideInlayHints(doc, {
		start: { line: 0, character: 0 },
		end: doc.lines.positionAt(text.length),
	});
	// Expected from the stamps as written: `hh:mm:ss.mmm` on the line before each message.
	const stamp = (i: number): number => {
		const [h, m, s] = messages[i]!.frame.time!.split(':').map(Number);
		return ((h! * 60 + m!) * 60 + s!) * 1000;
	};
	const finals = messages.filter((m) => m.kind === 'response' && m.status! >= 200);
	assert.equal(finals.length, 3);
	assert.deepEqual(
		hints.map((h) => [h.position.line, h.label]),
		finals.map((m) => [
			doc.lines.positionAt(m.startLine.end).line,
			`+${formatDuration((stamp(m.index) - stamp(index.requestOf(m.index)!)) * 1000)}`,
		]),
	);
});

test("a subscription's code lens shows when it was active on a trace without the year", () => {
	// Asterisk's full log: `[Nov 24 22:42:05]` before each pjsip logger marker.
	const marker = (second: number, dir: 'Received' | 'Transmitting', what: string): string =>
		`[Nov 24 22:42:0${second}] VERBOSE[2980] res_pjsip_logger.c: <--- ${dir} SIP ${what} (400 bytes) ${dir === 'Received' ? 'from' : 'to'} UDP:192.0.2.10:5060 --->`;
	const headers = (start: string, cseq: string, toTag: string, extra: string[]): string[] => [
		start,
		'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK' + cseq.replace(' ', ''),
		'From: <sip:andrew@example.com>;tag=w1',
		`To: <sip:linda@example.com>${toTag}`,
		'Call-ID: sub-1@192.0.2.10',
		`CSeq: ${cseq}`,
		'Max-Forwards: 70',
		...extra,
		'Content-Length: 0',
		'',
	];
	const notify = (cseq: number, state: string): string[] => [
		'NOTIFY sip:andrew@192.0.2.10:5060 SIP/2.0',
		`Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKn${cseq}`,
		'From: <sip:linda@example.com>;tag=p1',
		'To: <sip:andrew@example.com>;tag=w1',
		'Call-ID: sub-1@192.0.2.10',
		`CSeq: ${cseq} NOTIFY`,
		'Max-Forwards: 70',
		'Event: presence',
		`Subscription-State: ${state}`,
		'Content-Length: 0',
		'',
	];
	const text = [
		marker(1, 'Received', 'request'),
		...headers('SUBSCRIBE sip:linda@example.com SIP/2.0', '1 SUBSCRIBE', '', [
			'Event: presence',
			'Expires: 600',
			'Contact: <sip:andrew@192.0.2.10:5060>',
		]),
		marker(1, 'Transmitting', 'response'),
		...headers('SIP/2.0 200 OK', '1 SUBSCRIBE', ';tag=p1', ['Expires: 600']),
		marker(2, 'Transmitting', 'request'),
		...notify(1, 'active;expires=600'),
		marker(7, 'Transmitting', 'request'),
		...notify(2, 'terminated;reason=noresource'),
		'',
	].join('\n');
	const doc = createTraceDocument('file:///full.log', 1, text, undefined);
	assert.equal(doc.analysis.messages[0]!.frame.time, '--11-24T22:42:01');
	const lenses = provideCodeLenses(doc).map((l) => l.command?.title ?? '');
	assert.deepEqual(lenses, ['2 NOTIFYs, active 22:42:01 to 22:42:07, terminated: noresource']);
});
