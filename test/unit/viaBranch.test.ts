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
