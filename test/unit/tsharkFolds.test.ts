// Folded header lines (RFC 3261 §7.3.1, a line end and white space inside a value) as tshark's
// text prints them: each on one line, the fold's line break written `\r\n` and its tab `\t`.
// The packet below is SIPp's INVITE with folds and odd case and spacing (its scenario's lines
// sent as written) on loopback, captured by tshark 4.0 and printed with `-V -O sip`; the same
// packet as the capture holds it follows (`sip-trace x.pcap --text`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';
import type { TraceAnalysis } from '../../server/src/core';

const printed =
	'Frame 1: 595 bytes on wire (4760 bits), 595 bytes captured (4760 bits) on interface lo, id 0\nEthernet II, Src: 00:00:00_00:00:00 (00:00:00:00:00:00), Dst: 00:00:00_00:00:00 (00:00:00:00:00:00)\nInternet Protocol Version 4, Src: 127.0.0.1, Dst: 127.0.0.1\nUser Datagram Protocol, Src Port: 15232, Dst Port: 15230\nSession Initiation Protocol (INVITE)\n    Request-Line: INVITE sip:uas@127.0.0.1:15230;unknownparam SIP/2.0\n        Method: INVITE\n        Request-URI: sip:uas@127.0.0.1:15230;unknownparam\n            Request-URI User Part: uas\n            Request-URI Host Part: 127.0.0.1\n            Request-URI Host Port: 15230\n        [Resent Packet: False]\n    Message Header\n        Via  :  SIP  /  2.0\\r\\n   /UDP 127.0.0.1:15232;branch=z9hG4bK-6103-1-1\n            [Expert Info (Note/Undecoded): Unrecognised SIP header (via  )]\n                [Unrecognised SIP header (via  )]\n                [Severity level: Note]\n                [Group: Undecoded]\n        Max-Forwards: 70\n        from   : "Alice \\"the\\" Tester"   <sip:alice@127.0.0.1:15232>\\r\\n   ;\\r\\n   tag = 6103SIPpTag001\n            [Expert Info (Note/Undecoded): Unrecognised SIP header (from   )]\n                [Unrecognised SIP header (from   )]\n                [Severity level: Note]\n                [Group: Undecoded]\n        TO :\\r\\n   <sip:uas@127.0.0.1:15230>\n            [Expert Info (Note/Undecoded): Unrecognised SIP header (to )]\n                [Unrecognised SIP header (to )]\n                [Severity level: Note]\n                [Group: Undecoded]\n        cAlL-iD: 1-6103@127.0.0.1\n        [Generated Call-ID: 1-6103@127.0.0.1]\n        cSeQ: 0001\\r\\n\\tINVITE\n            Sequence Number: 1\n            Method: INVITE\n        Subject:\\r\\n\\tfolded subject,\\r\\n\\tover three lines\n        Contact: <sip:alice@127.0.0.1:15232>\n            Contact URI: sip:alice@127.0.0.1:15232\n                Contact URI User Part: alice\n                Contact URI Host Part: 127.0.0.1\n                Contact URI Host Port: 15232\n        Content-Type: application/sdp\n        Content-Length:    91\n    Message Body\n        Session Description Protocol\n            Session Description Protocol Version (v): 0\n            Owner/Creator, Session Id (o): alice 1 1 IN IP4 127.0.0.1\n                Owner Username: alice\n                Session ID: 1\n                Session Version: 1\n                Owner Network Type: IN\n                Owner Address Type: IP4\n                Owner Address: 127.0.0.1\n            Session Name (s): -\n            Connection Information (c): IN IP4 127.0.0.1\n                Connection Network Type: IN\n                Connection Address Type: IP4\n                Connection Address: 127.0.0.1\n            Time Description, active time (t): 0 0\n                Session Start Time: 0\n                Session Stop Time: 0\n            Media Description, name and address (m): audio 6008 RTP/AVP 0\n                Media Type: audio\n                Media Port: 6008\n                Media Protocol: RTP/AVP\n                Media Format: ITU-T G.711 PCMU\n            [Generated Call-ID: 1-6103@127.0.0.1]\n\n';
const captured =
	'2026-12-07 11:32:53.713342 127.0.0.1:15232 -> 127.0.0.1:15230 UDP\nINVITE sip:uas@127.0.0.1:15230;unknownparam SIP/2.0\nVia  :  SIP  /  2.0\n   /UDP 127.0.0.1:15232;branch=z9hG4bK-6103-1-1\nMax-Forwards: 0070\nfrom   : "Alice \\"the\\" Tester"   <sip:alice@127.0.0.1:15232>\n   ;\n   tag = 6103SIPpTag001\nTO :\n   <sip:uas@127.0.0.1:15230>\ncAlL-iD: 1-6103@127.0.0.1\ncSeQ: 0001\n\tINVITE\nSubject:\n\tfolded subject,\n\tover three lines\nContact: <sip:alice@127.0.0.1:15232>\nContent-Type: application/sdp\nContent-Length:    91\n\nv=0\no=alice 1 1 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio 6008 RTP/AVP 0\n\n';

/** What a reader takes from each header: its name and value, the folds as white space. */
const read = (a: TraceAnalysis) =>
	a.messages[0]!.headers.map((h) => [
		h.key,
		a.text.slice(h.value.start, h.value.end).replace(/\s+/g, ' '),
	]);

void test("tshark's text of folded headers reads as the packet does: the `\\r\\n` of a fold and its `\\t` are white space", () => {
	const tshark = analyzeTrace(printed);
	const packet = analyzeTrace(captured);
	assert.equal(tshark.format, 'tshark');
	assert.equal(tshark.messages.length, 1);
	// No fault: a fold is legal, as are the spaces and the case (RFC 4475 §3.1.1.1's wsinv).
	assert.deepEqual(
		packet.problems.map((p) => p.code),
		[],
	);
	assert.deepEqual(
		tshark.problems.map((p) => p.code),
		[],
	);
	const m = tshark.messages[0]!;
	assert.equal(m.from?.tag, '6103SIPpTag001');
	assert.equal(m.cseq?.method, 'INVITE');
	assert.equal(m.vias[0]?.branch, 'z9hG4bK-6103-1-1');
	// Header by header as in the packet, Max-Forwards aside: tshark prints its number as a number.
	const without = (rows: string[][]) => rows.filter(([key]) => key !== 'max-forwards');
	assert.deepEqual(without(read(tshark)), without(read(packet)));
});
