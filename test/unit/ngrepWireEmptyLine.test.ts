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

// SIPp's PUBLISH of a PIDF that ends with a line end, then the CRLF the scenario puts after the
// body (Kamailio 5.6.3's presence server; `ngrep -I capture.pcap -W byline`): the body's last
// octets are `</presence>` LF CRLF, the CRLF printed as a `.` line of its own. Content-Length
// counts them.
const body = [
	'<?xml version="1.0" encoding="UTF-8"?>',
	'<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:alice@example.com">',
	'  <tuple id="t-alice-1">',
	'    <status><basic>open</basic></status>',
	'    <note>Available</note>',
	'  </tuple>',
	'</presence>',
];
function publish(length: number): string {
	return [
		'U 127.0.0.1:15748 -> 127.0.0.1:15740 #1',
		'PUBLISH sip:alice@example.com SIP/2.0.',
		'Via: SIP/2.0/UDP 127.0.0.1:15748;branch=z9hG4bK-23459-1-0.',
		'Max-Forwards: 70.',
		'From: <sip:alice@example.com>;tag=ali23459.',
		'To: <sip:alice@example.com>.',
		'Call-ID: 1-23459@127.0.0.1.',
		'CSeq: 1 PUBLISH.',
		'Event: presence.',
		'Expires: 60.',
		'Content-Type: application/pidf+xml.',
		`Content-Length: ${length}.`,
		'.',
		...body,
		'.',
		'',
		'',
		'U 127.0.0.1:15740 -> 127.0.0.1:15748 #2',
		'SIP/2.0 200 OK.',
		'Via: SIP/2.0/UDP 127.0.0.1:15748;branch=z9hG4bK-23459-1-0.',
		'From: <sip:alice@example.com>;tag=ali23459.',
		'To: <sip:alice@example.com>;tag=6009046e65aa.',
		'Call-ID: 1-23459@127.0.0.1.',
		'CSeq: 1 PUBLISH.',
		'SIP-ETag: a.1796683817.23420.1.0.',
		'Expires: 60.',
		'Content-Length: 0.',
		'.',
		'',
		'',
	].join('\n');
}
// The body's lines, each with its LF, and the CRLF after them.
const wire = body.reduce((n, line) => n + line.length + 1, 0) + 2;

void test("ngrep: a body that ends with LF then CRLF, its CRLF a `.` line, holds Content-Length's octets", () => {
	const lengthProblems = (text: string) =>
		analyzeTrace(text).problems.filter((p) => p.code === 'content-length.mismatch');
	const a = analyzeTrace(publish(wire));
	assert.equal(a.messages.length, 2);
	assert.deepEqual(lengthProblems(publish(wire)), []);
	// A length the body does not hold still shows.
	assert.equal(lengthProblems(publish(wire + 40)).length, 1);
});
