// ngrep's printouts of Kamailio 5.6.3's presence server and SIPp 3.6.1 agents with other packets
// on the same ports: keep-alives (RFC 5626 §4.4.1: CRLFs written before or after a message over
// TCP) in ngrep's default output (no `-W byline`: the payload wrapped, CR and LF printed as `.`),
// `ngrep -I cap.pcap -q ''`, and a HEP copy in `-W byline` (ngrep 1.47). The excerpts are the
// printout's packets as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { bodyText } from '../../server/src/core/bodies/bodyText';

/** A watcher's SUBSCRIBE over TCP, written after a CRLFCRLF keep-alive in one segment. */
const afterKeepAlive = [
	'T 127.0.0.1:15514 -> 127.0.0.1:15510 [AP] #24',
	'  ....SUBSCRIBE sip:alice@example.com SIP/2.0..Via: SIP/2.0/TCP 127.0.0.1:155',
	'  14;branch=z9hG4bK-f4c468cd..Max-Forwards: 70..From: <sip:dave@example.com>;',
	'  tag=ft29097..To: <sip:alice@example.com>..Call-ID: tcpw-29097@127.0.0.1..CS',
	'  eq: 2 SUBSCRIBE..Contact: <sip:dave@127.0.0.1:15514;transport=tcp>..Event: ',
	'  presence..Accept: application/pidf+xml..Expires: 120..User-Agent: tcpwatch.',
	'  py..Content-Length: 0....                                                  ',
	'',
].join('\n');

/** A 200 OK to a NOTIFY over TCP, a CRLFCRLF keep-alive written right after it. */
const beforeKeepAlive = [
	'T 127.0.0.1:15514 -> 127.0.0.1:15510 [AP] #31',
	'  SIP/2.0 200 OK..Via: SIP/2.0/TCP 127.0.0.1:15510;branch=z9hG4bKafc8.c22b434',
	'  7000000000000000000000000.0..To: <sip:dave@example.com>;tag=ft29097..From: ',
	'  <sip:alice@example.com>;tag=ce633f115dce77ac435c391cbdc31035-71b3ace0..CSeq',
	'  : 2 NOTIFY..Call-ID: tcpw-29097@127.0.0.1..Contact: <sip:dave@127.0.0.1:155',
	'  14;transport=tcp>..Content-Length: 0........                               ',
	'',
].join('\n');

/** SIPp's PUBLISH over UDP, its PIDF with an attribute a line (CRLF after each closing quote). */
const attributeLines = [
	'  .                                                                          ',
	'',
	'U 127.0.0.1:15511 -> 127.0.0.1:15510 #55',
	'  PUBLISH sip:alice@example.com SIP/2.0..Via: SIP/2.0/UDP 127.0.0.1:15511;bra',
	'  nch=z9hG4bK-21414-1-6..Max-Forwards: 70..From: <sip:alice@example.com>;tag=',
	'  21414SIPpTag001..To: <sip:alice@example.com>..Call-ID: 1-21414@127.0.0.1..C',
	'  Seq: 3 PUBLISH..Event: presence..SIP-If-Match: a.1796667587.21266.1.1..Expi',
	'  res: 60..User-Agent: SIPp publisher..Content-Type: application/pidf+xml..Co',
	'  ntent-Length:   554....<?xml version="1.0" encoding="UTF-8"?>..<presence xm',
	'  lns="urn:ietf:params:xml:ns:pidf"..xmlns:dm="urn:ietf:params:xml:ns:pidf:da',
	'  ta-model"..xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid"..entity="sip:alice',
	'  @example.com">..<tuple id="t-alice-1">..<status><basic>open</basic></status',
	'  >..<contact priority="0.8">sip:alice@127.0.0.1:15511</contact>..</tuple>..<',
	'  dm:person id="p-alice">..<rpid:activities><rpid:busy/><rpid:meeting/></rpid',
	'  :activities>..<rpid:mood><rpid:stressed/></rpid:mood>..<dm:note>In a meetin',
	'  g until 11:00</dm:note>..</dm:person>..</presence>..                       ',
].join('\n');

void test('ngrep default output: CRLFs before a start line in a segment are skipped, the message read', () => {
	const analysis = analyzeTrace(afterKeepAlive);
	assert.equal(analysis.format, 'ngrep');
	assert.deepEqual(
		analysis.messages.map((m) => [m.method, m.callId]),
		[['SUBSCRIBE', 'tcpw-29097@127.0.0.1']],
	);
	assert.deepEqual(
		analysis.problems.map((p) => p.code),
		[],
	);
});

void test('ngrep default output: CRLFs after a message without body are no part of its last header', () => {
	const analysis = analyzeTrace(beforeKeepAlive);
	assert.equal(analysis.messages.length, 1);
	const m = analysis.messages[0]!;
	assert.equal(m.status, 200);
	assert.equal(m.contentLength, 0);
	// The NOTIFY it answers is not in the excerpt: nothing else is said.
	assert.deepEqual(
		analysis.problems.map((p) => p.code),
		['response.no-request'],
	);
});

void test('ngrep default output: a PIDF with an attribute a line reads as the XML sent', () => {
	const analysis = analyzeTrace(attributeLines);
	const publish = analysis.messages.find((m) => m.method === 'PUBLISH');
	assert.ok(publish);
	assert.match(bodyText(attributeLines, publish), /"\r?\nxmlns:dm="/);
	assert.deepEqual(
		analysis.problems.filter((p) => p.code.startsWith('body.')).map((p) => p.message),
		[],
	);
});

/**
 * Kamailio's siptrace copy of a PUBLISH to a HEP collector on port 15519, printed by `ngrep -I
 * cap.pcap -W byline -q ''`: HEPv3's binary chunks as dots, the payload chunk's 16-bit length
 * right before the message, its low octet printed as `l`.
 */
const hepCopy = [
	'U 127.0.0.1:15510 -> 127.0.0.1:15519 #43',
	'HEP3.....................',
	'.........',
	'..........<.......<......',
	'k......',
	'.',
	'................',
	'.........lPUBLISH sip:alice@example.com SIP/2.0.',
	'Via: SIP/2.0/UDP 127.0.0.1:15511;branch=z9hG4bK-21414-1-3.',
	'Max-Forwards: 69.',
	'From: <sip:alice@example.com>;tag=21414SIPpTag001.',
	'To: <sip:alice@example.com>.',
	'Call-ID: 1-21414@127.0.0.1.',
	'CSeq: 2 PUBLISH.',
	'Event: presence.',
	'SIP-If-Match: a.1796667587.21265.3.0.',
	'Expires: 60.',
	'User-Agent: SIPp publisher.',
	'Content-Length: 0.',
	'.',
	'',
	'',
].join('\n');

void test("ngrep -W byline: a start line after a binary header is read without the header's last printable octet", () => {
	const analysis = analyzeTrace(hepCopy);
	assert.deepEqual(
		analysis.messages.map((m) => [m.method, m.cseq?.method]),
		[['PUBLISH', 'PUBLISH']],
	);
	assert.deepEqual(
		analysis.problems.filter((p) => p.code === 'cseq.method-mismatch'),
		[],
	);
});
