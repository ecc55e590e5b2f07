// The ACK for a non-2xx final response to INVITE (RFC 3261 §17.1.1.3), on the real challenged
// call (test/fixtures/README.md: SIPp's INVITE challenged by Kamailio's 407, then acknowledged):
// as captured, and edited into the faults that keep a UAS sending its response for 32 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const text = readFileSync(
	join(__dirname, '..', 'fixtures', 'real', 'challenged-call.sngrep.txt'),
	'utf8',
);
/** sngrep's records: each starts with its `2026/12/01 19:54:24.024052 a:p -> b:p` line. */
const records = text.split(/(?=^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d{6} )/m);
const startOf = (r: string): string => r.split('\n')[1]!;
const cseqOf = (r: string): string => /^CSeq: (.*)$/m.exec(r)?.[1] ?? '';
const challenge = records.find((r) => startOf(r).startsWith('SIP/2.0 407'))!;
const ack = records.find((r) => startOf(r).startsWith('ACK ') && cseqOf(r) === '1 ACK')!;
const branchOf = (r: string): string => /^Via: .*;branch=([^;,\s]+)/m.exec(r)![1]!;
/** A copy of `record` with its time moved to `time`. */
const at = (record: string, time: string): string =>
	record.replace(/^(\d{4}\/\d\d\/\d\d) \S+/, `$1 ${time}`);
/** `trace` with `record` put right after `after`. */
const insertAfter = (trace: string, after: string, record: string): string =>
	trace.replace(after, after + record);
const found = (trace: string, code: string) =>
	analyzeTrace(trace)
		.problems.filter((p) => p.code === code)
		.map((p) => ({
			line: trace.slice(0, p.span.start).split('\n').length - 1,
			message: p.message,
			related: p.related?.length ?? 0,
		}));
const lineOf = (trace: string, needle: string): number =>
	trace.slice(0, trace.indexOf(needle)).split('\n').length - 1;

test('as captured, the ACK to the 407 carries the INVITE branch: nothing is said', () => {
	assert.equal(branchOf(ack), branchOf(challenge));
	assert.deepEqual(found(text, 'ack.branch-mismatch'), []);
	assert.deepEqual(found(text, 'invite.ack-missing'), []);
});

test('an ACK to the 407 with a branch of its own is an error on its Via', () => {
	const wrong = ack.replace(branchOf(ack), 'z9hG4bK-29142-1-2');
	const edited = text.replace(ack, wrong);
	const problems = found(edited, 'ack.branch-mismatch');
	assert.equal(problems.length, 1);
	assert.equal(problems[0]!.line, lineOf(edited, wrong) + 2, 'the Via line under the ACK');
	assert.match(problems[0]!.message, /acknowledges 407 Proxy Authentication Required to INVITE/);
	assert.match(
		problems[0]!.message,
		new RegExp(`branch ${branchOf(ack)} \\(RFC 3261 §17\\.1\\.1\\.3\\)`),
	);
	assert.equal(problems[0]!.related, 2, "the INVITE's Via and the 407");
});

test('the INVITE not in the trace (a capture begun after it): the ACK judged against the 407, which copies its Via', () => {
	const invite = records.find((r) => startOf(r).startsWith('INVITE ') && cseqOf(r) === '1 INVITE')!;
	const withoutInvite = text.replace(invite, '');
	assert.deepEqual(found(withoutInvite, 'ack.branch-mismatch'), []);
	const wrong = ack.replace(branchOf(ack), 'z9hG4bK-29142-1-2');
	const edited = withoutInvite.replace(ack, wrong);
	const problems = found(edited, 'ack.branch-mismatch');
	assert.equal(problems.length, 1);
	assert.equal(problems[0]!.line, lineOf(edited, wrong) + 2, 'the Via line under the ACK');
	assert.match(
		problems[0]!.message,
		new RegExp(
			`branch ${branchOf(challenge)} as the response copies it .*the INVITE is not in the trace`,
		),
	);
	assert.equal(problems[0]!.related, 1, "the 407's Via");
});

test("an ACK with another branch to a 2xx, or one from another hop's sent-by, is not this fault", () => {
	// The 200 to the re-sent INVITE is acknowledged in a transaction of its own (§13.2.2.4): the
	// captured trace has such an ACK, and nothing is said of it (the first test).
	const ok = records.filter((r) => startOf(r).startsWith('ACK ') && cseqOf(r) === '2 ACK');
	assert.ok(ok.length > 0 && ok.every((r) => branchOf(r) !== branchOf(challenge)));
	// A hop the trace does not show sent it (another sent-by): nothing to compare with.
	const elsewhere = ack
		.replace(branchOf(ack), 'z9hG4bK-other')
		.replace('Via: SIP/2.0/UDP 127.0.0.1:15361', 'Via: SIP/2.0/UDP 127.0.0.1:15399');
	assert.deepEqual(found(text.replace(ack, elsewhere), 'ack.branch-mismatch'), []);
	// RFC 2543 branches (no magic cookie) were matched otherwise.
	const old = text.replaceAll(branchOf(ack), 'b29142-1-0');
	const oldAck = ack.replaceAll(branchOf(ack), 'b29142-1-0');
	const oldEdited = old.replace(oldAck, oldAck.replace('b29142-1-0', 'b29142-1-9'));
	assert.notEqual(oldEdited, old);
	assert.deepEqual(found(oldEdited, 'ack.branch-mismatch'), []);
});

test('the 407 sent again a second after its ACK: the ACK did not reach the proxy', () => {
	const again = at(challenge, '19:54:25.024666');
	const edited = insertAfter(text, ack, again);
	const problems = found(edited, 'invite.ack-missing');
	assert.equal(problems.length, 1);
	assert.equal(problems[0]!.line, lineOf(edited, challenge) + 1, "on the 407's status line");
	assert.match(
		problems[0]!.message,
		/^407 Proxy Authentication Required to INVITE was sent 1 more time after the ACK/,
	);
	assert.equal(problems[0]!.related, 2, 'the ACK and the copy sent after it');
	// A copy that crossed the ACK on the wire (a few ms apart) is no fault.
	const crossed = at(challenge, '19:54:24.024800');
	assert.deepEqual(found(insertAfter(text, ack, crossed), 'invite.ack-missing'), []);
});

test('the 407 sent again for more than a second and no ACK at all: warned; half a second, not yet', () => {
	const without = text.replace(ack, '');
	const late = insertAfter(without, challenge, at(challenge, '19:54:25.524666'));
	const problems = found(late, 'invite.ack-missing');
	assert.equal(problems.length, 1);
	assert.match(problems[0]!.message, /sent 1 more time and no ACK for it is in the trace/);
	const soon = insertAfter(without, challenge, at(challenge, '19:54:24.524666'));
	assert.deepEqual(found(soon, 'invite.ack-missing'), []);
});

test('an ACK with the wrong branch still counts as the ACK the 407 came again after', () => {
	const wrong = ack.replace(branchOf(ack), 'z9hG4bK-29142-1-2');
	const edited = insertAfter(text.replace(ack, wrong), wrong, at(challenge, '19:54:25.024666'));
	assert.match(
		found(edited, 'invite.ack-missing')[0]!.message,
		/after the ACK: the ACK did not reach the UAS or did not match its transaction/,
	);
	assert.equal(found(edited, 'ack.branch-mismatch').length, 1);
});

test("an ACK to the 407 with another Request-URI than its INVITE's is said on its Request-URI", () => {
	// As captured, the ACK's Request-URI is the INVITE's: nothing.
	assert.deepEqual(found(text, 'ack.uri-mismatch'), []);
	// A test client that builds the ACK anew (drachtio's test suite: ACK sip:+111111111@...).
	const start = startOf(ack);
	const uri = start.split(' ')[1]!;
	const edited = text.replace(
		ack,
		ack.replace(start, start.replace(uri, 'sip:+111111111@127.0.0.1:5060')),
	);
	const said = found(edited, 'ack.uri-mismatch');
	assert.equal(said.length, 1);
	assert.equal(said[0]!.line, lineOf(edited, 'ACK sip:+111111111'));
	assert.match(
		said[0]!.message,
		new RegExp(`the INVITE's, ${uri.replace(/[.+]/g, '\\$&')} \\(RFC 3261 §17\\.1\\.1\\.3\\)`),
	);
	assert.equal(said[0]!.related, 1);
});

test("an ACK to the 407 whose Via carries the received or rport the 407's copy of it has: said on its Via", () => {
	// As captured, the ACK's Via is the INVITE's: nothing.
	assert.deepEqual(found(text, 'ack.via-mismatch'), []);
	const via = /^Via: [^\r\n]*/m.exec(ack)![0];
	for (const [param, said] of [
		[';received=127.0.0.1', 'received=127.0.0.1'],
		[';rport=15361', 'rport=15361'],
	] as const) {
		// A client that builds the ACK from the response's Via (a SIPp scenario's `[last_Via:]`).
		const edited = text.replace(ack, ack.replace(via, via + param));
		const problems = found(edited, 'ack.via-mismatch');
		assert.equal(problems.length, 1, param);
		assert.equal(problems[0]!.line, lineOf(edited, via + param));
		assert.match(problems[0]!.message, new RegExp(`carries \`${said}\``));
		assert.equal(problems[0]!.related, 1);
	}
	// `rport` without a value, as the INVITE may have asked: no value the UAS wrote.
	assert.deepEqual(
		found(text.replace(ack, ack.replace(via, via + ';rport')), 'ack.via-mismatch'),
		[],
	);
});

test("an ACK to the 200 that reuses its INVITE's branch is said on its Via; as captured, with a branch of its own, not", () => {
	assert.deepEqual(found(text, 'ack.2xx-reused-branch'), []);
	const invite = records.find((r) => startOf(r).startsWith('INVITE ') && cseqOf(r) === '2 INVITE')!;
	const okAck = records.find((r) => startOf(r).startsWith('ACK ') && cseqOf(r) === '2 ACK')!;
	const reused = okAck.replace(branchOf(okAck), branchOf(invite));
	const edited = text.replace(okAck, reused);
	const said = found(edited, 'ack.2xx-reused-branch');
	assert.equal(said.length, 1);
	assert.equal(said[0]!.line, lineOf(edited, reused) + 2, 'the Via line under the ACK');
	assert.match(said[0]!.message, /acknowledges the 200 OK to INVITE, a transaction of its own/);
	assert.equal(said[0]!.related, 2);
	// The ACK to the 407 shares its INVITE's branch, as it must: nothing.
	assert.deepEqual(
		found(edited, 'ack.2xx-reused-branch').filter((p) => p.line === lineOf(edited, ack) + 2),
		[],
	);
});

test('an ACK to a 2xx, where a copy left out every Via (none names a branch): not said to acknowledge a failure', () => {
	// A forum post's call, its Vias left out of the INVITE, the 200 and the ACK: the ACK goes to
	// the 200's Contact, as an ACK to a 2xx does (RFC 3261 §13.2.2.4, §12.2.1.1).
	const dialog = [
		'From: <sip:+19195550101@192.0.2.10>;tag=865222299',
		'Call-ID: 50741629-44403-2@192.0.2.10',
	];
	const trace = [
		'INVITE sip:+17045550100@sip.example.com SIP/2.0',
		...dialog,
		'To: <sip:+17045550100@sip.example.com>',
		'CSeq: 11 INVITE',
		'Max-Forwards: 70',
		'Contact: <sip:+19195550101@192.0.2.10:5060>',
		'Content-Length: 0',
		'',
		'SIP/2.0 200 OK',
		...dialog,
		'To: <sip:+17045550100@sip.example.com>;tag=gB2Z3r7H',
		'CSeq: 11 INVITE',
		'Contact: <sip:+17045550100@198.51.100.7:5070;transport=udp>',
		'Content-Length: 0',
		'',
		'ACK sip:+17045550100@198.51.100.7:5070;transport=udp SIP/2.0',
		...dialog,
		'To: <sip:+17045550100@sip.example.com>;tag=gB2Z3r7H',
		'CSeq: 11 ACK',
		'Max-Forwards: 70',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	assert.deepEqual(
		analyzeTrace(trace).messages.map((m) => m.method ?? m.status),
		['INVITE', 200, 'ACK'],
	);
	assert.deepEqual(found(trace, 'ack.uri-mismatch'), []);
	// The same ACK to a 486 (its To tag) is one to a failure, judged as before.
	const failed = trace.replace('SIP/2.0 200 OK', 'SIP/2.0 486 Busy Here');
	assert.equal(found(failed, 'ack.uri-mismatch').length, 1);
});
