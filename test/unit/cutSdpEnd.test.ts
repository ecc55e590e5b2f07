// A paste that ends inside an SDP body, with a line end after its last line: whether the trace
// cut it or Content-Length lies (RFC 4475's clerr) the body alone cannot always tell. It can where
// the last line stops where no SDP line ends (`a=ice-pwd:`, `m=audio 6000 RTP/`), and the
// record's size can (SIPp's `UDP message received [1474] bytes :` above the message).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const sdp = [
	'v=0',
	'o=user1 53655765 2353687637 IN IP4 192.0.2.1',
	's=-',
	'c=IN IP4 192.0.2.1',
	't=0 0',
	'm=audio 6000 RTP/AVP 0',
	'a=rtpmap:0 PCMU/8000',
	'a=crypto:0 AES_CM_128_HMAC_SHA1_80 inline:DxGDDgBIFTf8FlWTlUkdX2gjX1E5l75GpoQRW12k',
	'a=ice-pwd:asd88fgpdd777uzjYhagZg',
	'a=candidate:G16dyvMo2umxYq42 1 UDP 2130706432 192.98.102.30 50244 typ host',
	'a=candidate:G16dyvMo2umxYq42 2 UDP 2130706431 192.98.102.30 50245 typ host',
	'',
].join('\r\n');
const invite = (body: string) =>
	[
		'INVITE sip:service@192.0.2.2:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1:5061;branch=z9hG4bK-sdp-1',
		'From: sipp <sip:sipp@192.0.2.1:5061>;tag=1',
		'To: <sip:service@192.0.2.2:5060>',
		'Call-ID: 1-sdp@192.0.2.1',
		'CSeq: 1 INVITE',
		'Contact: sip:sipp@192.0.2.1:5061',
		'Max-Forwards: 70',
		'Content-Type: application/sdp',
		`Content-Length: ${sdp.length}`,
		'',
		body,
	].join('\r\n');
const verdict = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'content-length.mismatch' || p.code === 'message.truncated')
		.map((p) => [p.code, p.severity]);

void test('an SDP body whose last line stops where no SDP line ends: the trace cut it', () => {
	const upTo = (line: string) => sdp.slice(0, sdp.indexOf(line));
	const secondCandidate = 'a=candidate:G16dyvMo2umxYq42 2';
	for (const body of [
		`${upTo('a=ice')}a=ice-pwd:\r\n`,
		`${upTo('m=')}m=audio 6000 RTP/\r\n`,
		`${upTo('m=')}m=audio 6000\r\n`,
		`${upTo('c=')}c=\r\n`,
		`${upTo('c=')}c=IN IP4\r\n`,
		`${upTo('o=')}o=user1 53655765 2353687637 IN\r\n`,
		// A candidate short of its address, port and type (RFC 5245 §15.1), a crypto line of its
		// key (RFC 4568 §9.1): a browser's paste stopped there.
		`${upTo(secondCandidate)}a=candidate:G16dyvMo2umxYq42 2 UDP 2130706431 192.98.102.30\r\n`,
		`${upTo('a=candidate')}a=candidate:S5fd5aaaa 1 UDP\r\n`,
		`${upTo('a=crypto')}a=crypto:0 AES_CM_128_HMAC_SHA1_80\r\n`,
		// Inside an attribute's name (a Follow UDP Stream paste that stopped at `a=rtcp-`), and
		// short of a format parameter's `=` (an IMS INVITE's AMR-WB line).
		`${upTo('a=crypto')}a=rtcp-\r\n`,
		`${upTo('a=crypto')}a=fmtp:0 mode-set=0,1,2; mode-change-period=2; m\r\n`,
		// Right after a format parameter's `=` (an ngrep paste's G.729 line, `annexb=`).
		`${upTo('a=crypto')}a=fmtp:18 annexb=\r\n`,
		// A precondition short of its direction (RFC 3312 §5, a VoLTE INVITE's `a=curr:qos
		// local`), a payload map short of its encoding.
		`${upTo('a=crypto')}a=curr:qos local\r\n`,
		`${upTo('a=crypto')}a=des:qos mandatory local\r\n`,
		`${upTo('a=crypto')}a=rtpmap:0\r\n`,
		// Short of its clock rate (RFC 4566 §6), a forum's paste of an ATA's INVITE.
		`${upTo('a=crypto')}a=rtpmap:101 telephone-even\r\n`,
	])
		assert.deepEqual(verdict(invite(body)), [['message.truncated', 'warning']], body);
	// After a whole line it may be a length that lies (RFC 4475's clerr): an error.
	for (const whole of [
		sdp.slice(0, sdp.indexOf('a=crypto')),
		upTo(secondCandidate),
		`${upTo('a=crypto')}a=fmtp:0 mode-set=0,1,2; mode-change-period=2\r\n`,
		`${upTo('a=crypto')}a=fmtp:101 0-15\r\n`,
		`${upTo('a=crypto')}a=rtpmap:101 telephone-event/8000\r\n`,
		// RFC 4475's clerr ends so: a name of its own, without a clock rate.
		`${upTo('a=crypto')}a=rtpmap:31 LPC\r\n`,
		`${upTo('a=crypto')}a=curr:qos local sendrecv\r\n`,
	])
		assert.deepEqual(verdict(invite(whole)), [['content-length.mismatch', 'error']], whole);
});

void test("SIPp's heading gives the message's size: a paste that holds less is said cut, wherever its body stops", () => {
	const message = invite(sdp);
	const cut = message.slice(0, message.indexOf('a=ice'));
	const heading = `UDP message received [${message.length}] bytes :\n\n`;
	assert.deepEqual(verdict(heading + cut), [['message.truncated', 'warning']]);
	// The whole message under it: nothing to say.
	assert.deepEqual(verdict(heading + message), []);
});

void test("chan_sip's record at the trace's end without its closing line: the paste cut it, wherever its body stops", () => {
	const message = invite(sdp);
	const cut = message.slice(0, message.indexOf('a=rtpmap'));
	const record = (body: string, closing: string) =>
		`<--- SIP read from UDP:192.0.2.1:5061 --->\n${body}${closing}`;
	assert.deepEqual(verdict(record(cut, '')), [['message.truncated', 'warning']]);
	// Closed, the record holds what chan_sip printed: a length that lies is the sender's.
	assert.deepEqual(verdict(record(cut, '<------------->\n')), [
		['content-length.mismatch', 'error'],
	]);
});

void test("an SDP body at the trace's end with no connection line at all (RFC 4566 §5.7 requires one): the trace cut it", () => {
	// A WebRTC INVITE pasted in an issue, stopped after its `m=audio` line: `c=` comes after it.
	const noConnection = sdp.replace('c=IN IP4 192.0.2.1\r\n', '');
	const cut = noConnection.slice(0, noConnection.indexOf('a=rtpmap'));
	assert.deepEqual(verdict(invite(cut)), [['message.truncated', 'warning']]);
	// With its session-level `c=` it may be a whole body whose length lies: an error.
	assert.deepEqual(verdict(invite(sdp.slice(0, sdp.indexOf('a=rtpmap')))), [
		['content-length.mismatch', 'error'],
	]);
});

void test('a secure-RTP offer that stops before any keying (no fingerprint, crypto or key-mgmt): the trace cut it', () => {
	// A WebRTC INVITE pasted up to its candidates: `UDP/TLS/RTP/SAVPF` needs DTLS's fingerprint.
	const webrtc = [
		'v=0',
		'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
		's=-',
		't=0 0',
		'm=audio 60000 UDP/TLS/RTP/SAVPF 111 103',
		'c=IN IP4 192.98.102.30',
		'a=rtcp:9 IN IP4 0.0.0.0',
		'a=candidate:1467250027 1 udp 2122260223 192.98.102.30 60000 typ host generation 0',
		'',
	].join('\r\n');
	const keyed = webrtc.replace(
		'a=rtcp:9',
		'a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB\r\na=rtcp:9',
	);
	assert.deepEqual(verdict(invite(webrtc)), [['message.truncated', 'warning']]);
	// With its fingerprint, a whole line last: it may be a length that lies, as above.
	assert.deepEqual(verdict(invite(keyed)), [['content-length.mismatch', 'error']]);
	// Plain RTP needs no keying.
	assert.deepEqual(verdict(invite(webrtc.replace('UDP/TLS/RTP/SAVPF', 'RTP/AVP'))), [
		['content-length.mismatch', 'error'],
	]);
});

void test('a cut SDP body that also holds a masked address, in a paste whose lines a list marks: said cut, not explained by the mask', () => {
	// An ngrep paste on a forum (pastebin), `- ` before every line, empty lines lost, addresses
	// masked (`67.xxx.xx.18`), stopped inside the G.729 line: 98 octets short of Content-Length,
	// far more than the masks explain.
	const paste = [
		'- U 2011/03/01 19:55:36.095006 67.xxx.xx.18:5060 -> 192.168.10.24:5060',
		'- INVITE sip:5xxxxxxxx0@127.0.0.1:5060 SIP/2.0',
		'- Record-Route: <sip:67.xxx.xx.18;lr=on;ftag=gK0c5c4074>',
		'- Record-Route: <sip:74.xx.xx.50;lr=on;ftag=gK0c5c4074;did=7f8.da870774>',
		'- Record-Route: <sip:216.xx.xxx.xx2;lr;ftag=gK0c5c4074>',
		'- Record-Route: <sip:67.xxx.x.x3;lr=on;ftag=gK0c5c4074>',
		'- Via: SIP/2.0/UDP 67.xxx.xx.18;branch=z9hG4bKb552.a19e8415.0',
		'- Via: SIP/2.0/UDP 74.xx.xx.50;rport=5060;branch=z9hG4bKb552.76a9cb56.0',
		'- Via: SIP/2.0/UDP 216.xx.xxx.xx2;rport=5060;received=216.xx.xxx.xx2;branch=z9hG4bKb552.15456a86.0',
		'- Via: SIP/2.0/UDP 67.xxx.x.x3;branch=z9hG4bKb552.5f64b99.0',
		'- Via: SIP/2.0/UDP 192.168.27.72:5060;branch=z9hG4bK0cBce4d66b61d495b44',
		'- f: "cell phone" <sip:8xxxxxxxx3@192.168.27.72>;tag=gK0c5c4074',
		'- t: <sip:+5xxxxxxxx0@67.xxx.x.x3>',
		'- i: 688713918_108831656@192.168.27.72',
		'- CSeq: 13267 INVITE',
		'- Max-Forwards: 52',
		'- m: <sip:+18xxxxxxxx3@74.xx.xx.50:5060;nat=yes>',
		'- Content-Length: 281',
		'- c: application/sdp',
		'- P-Asserted-Identity: "cell phone" <sip:8xxxxxxxx3@pstn>',
		'- v=0',
		'- o=Sonus_UAC 4917 13231 IN IP4 192.168.27.72',
		'- s=- SIP',
		'- c=IN IP4 67.xxx.xx.18',
		'- t=0 0',
		'- m=audio 49902 RTP/AVP 0 18 101',
		'- a=rtpmap:0 PCMU/8000',
		'- a=rtpmap:18 G729/8000',
		'- a=fmtp:18 annexb=',
		'',
	].join('\n');
	assert.deepEqual(verdict(paste), [['message.truncated', 'warning']]);
});
