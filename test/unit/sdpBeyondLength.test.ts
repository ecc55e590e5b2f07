// An SDP body whose Content-Length ends at the end of one of its lines, more SDP lines after it:
// the length is short (a sender's count, a manual's), and the lines after it are the body going
// on, said as octets beyond the length (RFC 3261 §18.3), not dropped as the trace's own text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const sdp = [
	'v=0',
	'o=- 1 1 IN IP4 192.0.2.1',
	's=-',
	'c=IN IP4 192.0.2.1',
	't=0 0',
	'm=audio 4000 RTP/AVP 0',
];
const invite = (length: number, eol: string): string =>
	[
		'INVITE sip:b@example.com SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1',
		'Max-Forwards: 70',
		'From: <sip:a@example.com>;tag=1',
		'To: <sip:b@example.com>',
		'Call-ID: c1',
		'CSeq: 1 INVITE',
		'Contact: <sip:a@192.0.2.1>',
		'Content-Type: application/sdp',
		`Content-Length: ${length}`,
		'',
		...sdp,
		'',
	].join(eol);
const whole = sdp.reduce((n, line) => n + line.length + 2, 0);

void test('a Content-Length that ends the SDP after its o= line: the rest is said, and kept in the message', () => {
	for (const eol of ['\r\n', '\n']) {
		// `v=0` and the o= line without its line end; as the file has it, and counted as CRLF.
		const text = invite(29, eol);
		const a = analyzeTrace(text);
		assert.equal(a.messages.length, 1);
		const said = a.problems.filter((p) => p.code === 'content-length.mismatch');
		assert.equal(said.length, 1, JSON.stringify(eol));
		// Counted to the end of the last line (its line end may be the trace's), as for any body.
		assert.match(said[0]!.message, new RegExp(`^${whole - 2 - 29} octets follow the 29`));
		// The SDP's later lines are the message's text, not noise between messages.
		assert.ok(a.messages[0]!.frame.span.end >= text.indexOf('m=audio'));
	}
});

void test('a whole SDP body, its length right: nothing said', () => {
	assert.deepEqual(
		analyzeTrace(invite(whole, '\r\n')).problems.filter(
			(p) => p.code === 'content-length.mismatch',
		),
		[],
	);
});

void test('octets beyond Content-Length are counted both ways: without and with the line end after the body’s last line', () => {
	const body =
		'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';
	const text = [
		'INVITE sip:bob@example.com SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-beyond',
		'Max-Forwards: 70',
		'From: <sip:alice@example.com>;tag=1',
		'To: <sip:bob@example.com>',
		'Call-ID: beyond-1',
		'CSeq: 1 INVITE',
		'Contact: <sip:alice@192.0.2.1>',
		'Content-Type: application/sdp',
		`Content-Length: ${body.length - 3}`,
		'',
		body,
	].join('\r\n');
	const said = analyzeTrace(text).problems.filter((p) => p.code === 'content-length.mismatch');
	assert.equal(said.length, 1);
	assert.match(
		said[0]!.message,
		/^1 octets follow the \d+ that Content-Length announces \(3 with the line end after the body's last line\)/,
	);
});
