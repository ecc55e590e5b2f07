// A log record that gives its message's size (sofia's `send 759 bytes to udp/[a]:5060`), whose
// addresses the poster masked (`xxx.xxx.xx.xxx`, `zzz.zzz.zz.zzz`) before posting it: the lines
// hold fewer octets than the record says, by no more than the masks explain. The record is
// whole as posted, not cut; the body's length is said unjudgeable for its mask.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const message = (callee: string, caller: string, media: string) => {
	const sdp = [
		'v=0',
		`o=- 351236372 351236374 IN IP4 ${media}`,
		's=cogi',
		`c=IN IP4 ${media}`,
		't=0 0',
		'm=audio 10774 RTP/AVP 0 8 101',
		'a=rtpmap:0 PCMU/8000',
		'a=inactive',
		'',
	].join('\r\n');
	const headers = [
		`INVITE sip:6002@${callee}:5060;user=phone SIP/2.0`,
		`Via: SIP/2.0/UDP ${caller}:5060;rport;branch=z9hG4bK1K7USc08X9Qgc`,
		'Max-Forwards: 70',
		`From: <sip:6001@${media}>;tag=Qc6FKFytcZr0g`,
		`To: <sip:6002@${callee}>;tag=a236501d74caa833f5244dcac6d39a39`,
		'Call-ID: AAAJ-X__BGYAABez0-lBRw--c6276',
		'CSeq: 605202 INVITE',
		`Contact: <sip:${caller}:5060>`,
		'Content-Type: application/sdp',
		`Content-Length: ${sdp.length}`,
		'',
		'',
	].join('\r\n');
	return headers + sdp;
};
/** The message as posted: each address replaced by a mask, Content-Length as sent. */
const masked = (sent: string) =>
	sent
		.replaceAll('203.100.113.100', 'xxx.xxx.xx.xxx')
		.replaceAll('198.151.100.200', 'yyy.yyy.yy.yyy')
		.replaceAll('192.111.222.111', 'zzz.zzz.zz.zzz');
const record = (sent: string, posted: string, callee: string) =>
	[
		`send ${sent.length} bytes to udp/[${callee}]:5060 at 13:58:09.595301:`,
		'   ------------------------------------------------------------------------',
		...posted.split('\r\n').map((l) => `   ${l}`),
		'   ------------------------------------------------------------------------',
		'',
	].join('\n');
const truncated = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'message.truncated' || p.code === 'content-length.mismatch')
		.map((p) => [p.code, p.severity]);

void test('a record whose addresses the poster masked is whole as posted: not said cut', () => {
	const sent = message('203.100.113.100', '198.151.100.200', '192.111.222.111');
	const posted = masked(sent);
	assert.ok(posted.length < sent.length);
	const text = record(sent, posted, 'xxx.xxx.xx.xxx');
	assert.equal(analyzeTrace(text).format, 'sofia');
	assert.deepEqual(truncated(text), [['content-length.mismatch', 'information']]);
});

void test('a masked record that lacks more than its masks explain is still said cut', () => {
	const sent = message('203.100.113.100', '198.151.100.200', '192.111.222.111');
	const posted = masked(sent);
	// The post stops after the SDP's first three lines.
	const cut = posted.slice(0, posted.indexOf('c=IN'));
	const found = truncated(record(sent, cut, 'xxx.xxx.xx.xxx'));
	assert.ok(
		found.some(([code]) => code === 'message.truncated'),
		JSON.stringify(found),
	);
});
