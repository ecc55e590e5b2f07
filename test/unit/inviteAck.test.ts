// A 2xx to INVITE sent again and again because its ACK did not arrive (RFC 3261 §13.3.1.4), on
// the real forked call (test/fixtures/README.md): as captured (the 200 sent once more, then
// acknowledged), and edited into the faults this rule is for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const text = readFileSync(
	join(__dirname, '..', 'fixtures', 'real', 'forking-call.sngrep.txt'),
	'utf8',
);
/** sngrep's records: each starts with its `2026/12/01 17:34:36.234033 a:p -> b:p` line. */
const records = text.split(/(?=^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d{6} )/m);
const startOf = (r: string): string => r.split('\n')[1]!;
const cseqOf = (r: string): string => /^CSeq: (.*)$/m.exec(r)?.[1] ?? '';
const toTagOf = (r: string): string => /^To: .*;tag=(\S+)$/m.exec(r)?.[1] ?? '';
/** The 200 OK to the first INVITE sent by the phone that answered (its own To tag), each copy. */
const answers = records.filter(
	(r) =>
		startOf(r).startsWith('SIP/2.0 200') &&
		cseqOf(r) === '1 INVITE' &&
		r.includes('127.0.0.1:15162 -> '),
);
const acks = (r: string) =>
	startOf(r).startsWith('ACK ') && cseqOf(r) === '1 ACK' && toTagOf(r) === toTagOf(answers[0]!);
/** A copy of `record` with its time moved to `time`. */
const at = (record: string, time: string): string =>
	record.replace(/^(\d{4}\/\d\d\/\d\d) \S+/, `$1 ${time}`);
const warnings = (trace: string) => {
	const a = analyzeTrace(trace);
	return a.problems
		.filter((p) => p.code === 'invite.ack-missing')
		.map((p) => ({
			message: p.message,
			line: trace.slice(0, p.span.start).split('\n').length - 1,
			related: p.related?.length ?? 0,
		}));
};

test('as captured: the 200 was sent once more before the ACK came, which is no fault', () => {
	assert.equal(answers.length, 2, 'the phone sent its 200 OK twice');
	assert.ok(records.some(acks));
	assert.deepEqual(warnings(text), []);
});

test('no ACK at all, the 200 sent again for more than a second: warned on the first 200', () => {
	const later = at(answers[1]!, '17:34:37.234033');
	const edited = records
		.filter((r) => !acks(r))
		.join('')
		.concat(later);
	const found = warnings(edited);
	assert.equal(found.length, 1);
	assert.match(found[0]!.message, /sent 2 more times and no ACK for it is in the trace/);
	assert.equal(found[0]!.line, edited.slice(0, edited.indexOf(answers[0]!)).split('\n').length);
	// A single resend half a second later, then the trace ends: the ACK may just be late.
	assert.deepEqual(warnings(records.filter((r) => !acks(r)).join('')), []);
});

test('the 200 still sent after the ACK: the ACK went elsewhere', () => {
	const later = at(answers[1]!, '17:34:37.736033');
	const found = warnings(text + later);
	assert.equal(found.length, 1);
	assert.match(found[0]!.message, /sent 1 more time after the ACK: the ACK did not reach the UAS/);
	assert.equal(found[0]!.related, 2, 'the ACK and the copy sent after it');
});

test('copies a few milliseconds apart are one send logged twice, not a resend', () => {
	const twice = at(answers[0]!, '17:34:35.731400');
	const edited = records
		.filter((r) => !acks(r))
		.join('')
		.concat(twice);
	assert.deepEqual(warnings(edited.replace(answers[1]!, '')), []);
});

test("without times: the UAS's own log showing its 200 sent three times and no ACK is warned; twice, or with the ACK, or copies that do not say who sent them, are not", () => {
	// Asterisk's pjsip logger without a time on its lines: one `Transmitting` record per send.
	const message = (start: string, cseq: string, extra: string[] = []) =>
		[
			start,
			'Via: SIP/2.0/UDP 223.160.194.218:54808;rport;branch=z9hG4bKPj-692',
			'From: <sip:1001@pbx.example.com>;tag=caller-1',
			`To: <sip:1002@pbx.example.com>${start.startsWith('SIP/2.0 200') || start.startsWith('ACK') ? ';tag=uas-1' : ''}`,
			'Call-ID: ack-untimed-1',
			`CSeq: ${cseq}`,
			...extra,
			'Content-Length: 0',
			'',
			'',
		].join('\r\n');
	const invite =
		'<--- Received SIP request (600 bytes) from UDP:223.160.194.218:54808 --->\n' +
		message('INVITE sip:1002@pbx.example.com SIP/2.0', '692 INVITE', [
			'Max-Forwards: 70',
			'Contact: <sip:1001@223.160.194.218:54808>',
		]);
	const ok =
		'<--- Transmitting SIP response (855 bytes) to UDP:223.160.194.218:54808 --->\n' +
		message('SIP/2.0 200 OK', '692 INVITE', ['Contact: <sip:1002@10.0.0.5:5060>']);
	const ack =
		'<--- Received SIP request (400 bytes) from UDP:223.160.194.218:54808 --->\n' +
		message('ACK sip:1002@10.0.0.5:5060 SIP/2.0', '692 ACK', ['Max-Forwards: 70']);
	const found = warnings(invite + ok + ok + ok);
	assert.equal(found.length, 1);
	assert.match(found[0]!.message, /^200 OK to INVITE was sent 2 more times and no ACK/);
	assert.equal(found[0]!.related, 2);
	assert.deepEqual(warnings(invite + ok + ok), []);
	assert.deepEqual(warnings(invite + ok + ok + ack + ok), []);
	// Bare copies, which say nothing of who sent them: one send may be logged at several places.
	const bare = (r: string) => r.slice(r.indexOf('\n') + 1);
	assert.deepEqual(warnings(bare(invite) + bare(ok) + bare(ok) + bare(ok)), []);
});

// The same call as tshark's text (`-O sip`, no time on any packet): the capture's order is all
// there is to go by.
const tshark = readFileSync(
	join(__dirname, '..', 'fixtures', 'real', 'forking-call.tshark.txt'),
	'utf8',
);
/** tshark's packets: each starts with its `Frame N:` line. */
const packets = tshark.split(/(?=^Frame \d+: )/m);
const sipOf = (p: string): string => /^Session Initiation Protocol \((\S+)\)/m.exec(p)?.[1] ?? '';
const cseqIn = (p: string): string => /^\s+CSeq: (.*)$/m.exec(p)?.[1] ?? '';
const answersIn = packets.filter(
	(p) => sipOf(p) === '200' && cseqIn(p) === '1 INVITE' && p.includes('Src Port: 15162,'),
);
const acksIn = (p: string) => sipOf(p) === 'ACK' && cseqIn(p) === '1 ACK';

test('no times: the 2xx sent again after the ACK, in the capture order, is warned; once more, or the same packet seen twice, is not', () => {
	assert.equal(answersIn.length, 2);
	assert.ok(packets.some(acksIn));
	assert.deepEqual(warnings(tshark), []);
	// Two more copies after the last ACK: the ACK never reached the phone.
	// (Another packet between them, as half a second of a busy capture has.)
	const twice = tshark + answersIn[1]! + packets[1]! + answersIn[1]!;
	const found = warnings(twice);
	assert.equal(found.length, 1);
	assert.match(found[0]!.message, /sent 2 more times after the ACK \(in the capture's order\)/);
	// One copy after it may have crossed the ACK; a copy right after a copy is one packet that a
	// capture on `any` saw leave and arrive.
	assert.deepEqual(warnings(tshark + answersIn[1]!), []);
	assert.deepEqual(warnings(tshark + answersIn[1]! + answersIn[1]!), []);
});

test('no times, no ACK: a third send of the 2xx in the capture order is warned', () => {
	const noAck = packets.filter((p) => !acksIn(p)).join('');
	assert.deepEqual(warnings(noAck), []);
	const found = warnings(noAck + answersIn[1]!);
	assert.equal(found.length, 1);
	assert.match(found[0]!.message, /sent 2 more times and no ACK for it is in the trace/);
});
