// An ACK for a final response to a request other than INVITE (RFC 3261 §17.1.2.1), on the real
// presence trace (test/fixtures/README.md: baresip's PUBLISH challenged by Kamailio's 407, as
// ngrep printed it), with an ACK put after the 407 as a scenario written after an INVITE's sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const fixture = (name: string): string =>
	readFileSync(join(__dirname, '..', 'fixtures', 'real', name), 'utf8');
const text = fixture('baresip-presence.ngrep.txt');
/** ngrep's records: each starts with its `U a:p -> b:p #N` line. */
const records = text.split(/(?=^U \S+ -> \S+ #\d+$)/m);
const challenge = records.find((r) => /^SIP\/2\.0 407 .*\n(?:.*\n)*CSeq: \d+ PUBLISH/m.test(r))!;
const header = (record: string, name: string): string =>
	new RegExp(`^${name}: .*$`, 'm').exec(record)![0];
const cseq = /^CSeq: (\d+)/m.exec(challenge)![1]!;
const publish = records.find(
	(r) => /^PUBLISH /m.test(r) && header(r, 'CSeq') === `CSeq: ${cseq} PUBLISH.`,
)!;
const reversed = /^U (\S+) -> (\S+) #\d+$/m.exec(challenge)!;

/** The ACK a scenario sends for the 407: the PUBLISH's Via, From and Call-ID, the 407's To. */
function ackFor(via: string, to: string): string {
	return [
		`U ${reversed[2]} -> ${reversed[1]} #99`,
		`ACK ${/^PUBLISH (\S+)/m.exec(publish)![1]} SIP/2.0.`,
		via,
		'Max-Forwards: 70.',
		header(publish, 'From'),
		to,
		header(publish, 'Call-ID'),
		`CSeq: ${cseq} ACK.`,
		'Content-Length: 0.',
		'.',
		'',
		'',
		'',
	].join('\n');
}
const withAck = (ack: string): string => text.replace(challenge, challenge + ack);
const found = (trace: string) =>
	analyzeTrace(trace)
		.problems.filter((p) => p.code === 'ack.for-non-invite')
		.map((p) => ({
			line: trace.slice(0, p.span.start).split('\n').length - 1,
			related: (p.related ?? []).map((r) => trace.slice(0, r.span.start).split('\n').length - 1),
			message: p.message,
		}));
const lineOf = (trace: string, needle: string): number =>
	trace.slice(0, trace.indexOf(needle)).split('\n').length - 1;

test('as captured, with no ACK, nothing is said', () => {
	assert.deepEqual(found(text), []);
});

test("an ACK for the PUBLISH's 407 is said, with the PUBLISH and the 407", () => {
	const ack = ackFor(header(publish, 'Via'), header(challenge, 'To'));
	const trace = withAck(ack);
	const problems = found(trace);
	assert.equal(problems.length, 1);
	assert.equal(problems[0]!.line, lineOf(trace, 'ACK sip:'));
	assert.deepEqual(problems[0]!.related, [
		lineOf(trace, publish.split('\n')[1]!),
		lineOf(trace, challenge.split('\n')[1]!),
	]);
	assert.match(problems[0]!.message, /407 Proxy Authentication Required to PUBLISH/);
	assert.match(problems[0]!.message, /§17\.1\.2\.1/);
});

test("tied by the 407's To tag where the ACK has a branch of its own", () => {
	const via = header(publish, 'Via').replace(/branch=[^;.]+/, 'branch=z9hG4bKack1');
	assert.equal(found(withAck(ackFor(via, header(challenge, 'To')))).length, 1);
});

test('an ACK with neither the branch nor the To tag of the 407 is not tied to it', () => {
	const via = header(publish, 'Via').replace(/branch=[^;.]+/, 'branch=z9hG4bKack1');
	const to = header(challenge, 'To').replace(/tag=[^;.]+(?:\.[^;.]+)*/, 'tag=other');
	assert.notEqual(to, header(challenge, 'To'));
	assert.deepEqual(found(withAck(ackFor(via, to))), []);
});

test("the ACKs for an INVITE's 407 and for its 200 are not said", () => {
	const call = fixture('challenged-call.sngrep.txt');
	assert.match(call, /^ACK /m);
	assert.match(call, /^SIP\/2\.0 407 /m);
	assert.deepEqual(found(call), []);
});
