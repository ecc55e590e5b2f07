// sipvicious' svcrash (0.3.3) answering a svwar scan with its "crash" reply, printed by
// `ngrep -t -W byline` (1.47): a 200 OK whose Via is followed by an empty line, then header-like
// lines. ngrep prints the empty line's CR as `.`: the empty line was on the wire, and the
// message's headers end there, as a receiver (and the capture's own reading) takes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const crashReply = [
	'U 2026/12/07 18:28:20.077406 127.0.0.1:5060 -> 127.0.0.1:15496 #143',
	'SIP/2.0 200 OK.',
	'Via: SIP/2.0/UDP 8.7.6.5:5061;branch=z9hG4bK-573841574;rport.',
	'.',
	'Content-length: 0.',
	'From: "100"<sip:100@localhost>; tag=683a653a7901746865726501627965.',
	'User-agent: Telkom Box 2.4.',
	'To: "100"<sip:100@localhost>.',
	'Cseq: 1 REGISTER.',
	'Call-id: 469585712.',
	'Max-forwards: 70.',
	'.',
	'',
	'',
].join('\n');

void test('ngrep: an empty line printed with its CR ends the headers, as on the wire; what follows is the body', () => {
	const analysis = analyzeTrace(crashReply);
	assert.equal(analysis.messages.length, 1);
	const m = analysis.messages[0]!;
	assert.equal(m.status, 200);
	// Only Via above the empty line: From, To, Call-ID and CSeq are the body's text.
	assert.equal(m.callId, null);
	const codes = analysis.problems.map((p) => p.code);
	for (const code of [
		'header.missing-from',
		'header.missing-to',
		'header.missing-call-id',
		'header.missing-cseq',
		'body.missing-content-type',
	])
		assert.ok(codes.includes(code), code);
	assert.ok(!codes.includes('message.stray-empty-line'));
	assert.ok(!codes.includes('message.truncated'));
});
