// The Via branch as RFC 3261 defines it: a token (§25.1) that names the transaction (§8.1.1.7).
// A `branch=` without a value is a fault of the sender, reported on that Via; a branch without the
// magic cookie is an RFC 2543 peer, a hint, not an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

/** A bare OPTIONS whose Via lines are `vias`. */
function options(vias: readonly string[]): string {
	return [
		'OPTIONS sip:bob@example.com SIP/2.0',
		...vias,
		'Max-Forwards: 70',
		'From: <sip:alice@example.com>;tag=a1',
		'To: <sip:bob@example.com>',
		'Call-ID: via-branch-1',
		'CSeq: 1 OPTIONS',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
}

/** Problems as `code: the text of the line they are on`. */
function problems(text: string): string[] {
	const a = analyzeTrace(text);
	return a.problems.map((p) => {
		const start = text.lastIndexOf('\n', p.span.start) + 1;
		const end = text.indexOf('\r', p.span.start);
		return `${p.code}: ${text.slice(start, end)}`;
	});
}

test('a Via with `branch=` and no value is an error on that Via, wherever it is', () => {
	const top = 'Via: SIP/2.0/UDP 193.175.133.193;branch=';
	assert.deepEqual(problems(options([top])), [`via.empty-branch: ${top}`]);
	const second = 'Via: SIP/2.0/UDP 10.0.0.9:5060;branch= ;received=10.0.0.8';
	assert.deepEqual(problems(options(['Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK77', second])), [
		`via.empty-branch: ${second}`,
	]);
	const p = analyzeTrace(options([top])).problems[0]!;
	assert.equal(p.severity, 'error');
	assert.deepEqual(p.rfc?.label, 'RFC 3261 §25.1');
});

test('a branch with a value is no fault; one without the magic cookie is only a hint', () => {
	assert.deepEqual(problems(options(['Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK77'])), []);
	const old = 'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=1';
	assert.deepEqual(problems(options([old])), [`via.branch-without-cookie: ${old}`]);
	assert.equal(analyzeTrace(options([old])).problems[0]!.severity, 'hint');
});

/** A REGISTER of Call-ID `reg-1` whose top Via branch is `branch`, with credentials or not. */
function register(seq: number, branch: string, credentials = false): string {
	return [
		'REGISTER sip:ims.example.org SIP/2.0',
		`Via: SIP/2.0/UDP 10.0.0.1:5060;branch=${branch}`,
		'Max-Forwards: 70',
		'From: <sip:u@ims.example.org>;tag=T1',
		'To: <sip:u@ims.example.org>',
		'Call-ID: reg-1',
		`CSeq: ${seq} REGISTER`,
		'Contact: <sip:u@10.0.0.1>',
		...(credentials
			? [
					'Authorization: Digest username="u", realm="ims", nonce="n1", uri="sip:ims.example.org", response="0123456789abcdef0123456789abcdef"',
				]
			: []),
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
}
/** A response to {@link register}. */
function answer(seq: number, branch: string, status: string, toTag = ''): string {
	return [
		`SIP/2.0 ${status}`,
		`Via: SIP/2.0/UDP 10.0.0.1:5060;branch=${branch}`,
		'From: <sip:u@ims.example.org>;tag=T1',
		`To: <sip:u@ims.example.org>${toTag}`,
		'Call-ID: reg-1',
		`CSeq: ${seq} REGISTER`,
		...(status.startsWith('401') ? ['WWW-Authenticate: Digest realm="ims", nonce="n1"'] : []),
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
}

test('a UA that reuses a branch for its next request: two transactions told apart by CSeq, and a warning', () => {
	// As an IMS client's REGISTER and its re-sent REGISTER with credentials did in a real trace.
	const b = 'z9hG4bK-reused';
	const text = [
		register(1, b),
		answer(1, b, '100 Trying'),
		answer(1, b, '401 Unauthorized', ';tag=x'),
		register(2, b, true),
		answer(2, b, '100 Trying'),
		answer(2, b, '200 OK', ';tag=x'),
	].join('');
	const a = analyzeTrace(text);
	const { index } = a;
	assert.deepEqual(
		a.messages.map((m) => index.requestOf(m.index)),
		[null, 0, 0, null, 3, 3],
	);
	assert.equal(index.originalOf(3), null, 'the second REGISTER is no retransmission');
	assert.deepEqual(index.responsesOf(3), [4, 5]);
	assert.equal(index.reusedBranchOf(3), 0);
	assert.equal(index.reusedBranchOf(0), null);
	const reused = a.problems.filter((p) => p.code === 'via.branch-reused');
	assert.equal(reused.length, 1);
	assert.equal(reused[0]!.severity, 'warning');
	assert.ok(reused[0]!.span.start > a.messages[3]!.startLine.start);
	assert.equal(reused[0]!.related?.[0]?.span.start, a.messages[0]!.startLine.start);
	// The re-sent REGISTER answers the 401 (same Call-ID and From tag, next CSeq).
	assert.equal(index.challengeOf(3), 2);
});

test('a retransmission keeps its branch and CSeq: still one transaction, no warning', () => {
	const b = 'z9hG4bK-once';
	const text = [register(1, b), register(1, b), answer(1, b, '200 OK', ';tag=x')].join('');
	const a = analyzeTrace(text);
	assert.equal(a.index.originalOf(1), 0);
	assert.equal(a.index.requestOf(2), 0);
	assert.equal(a.index.reusedBranchOf(1), null);
	assert.ok(!a.problems.some((p) => p.code === 'via.branch-reused'));
});
