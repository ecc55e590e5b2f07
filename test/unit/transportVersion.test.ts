// A Request-Line whose SIP-Version is written as a Via's sent-protocol (`INVITE sip:x@example.com
// SIP/2.0/UDP`, as bad-message test suites send it) with header lines after it is a request with
// a malformed version (RFC 3261 §7.1, §25.1): framed as a message, the version reported. A log line
// of another shape, or one with no header line after it, stays log text.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';
import { isStartLine, isTransportStartLine } from '../../server/src/core/framing/lines';
import { readCapture, renderCapture } from '../../server/src/core/capture';
import { pcap } from './captureBytes';

function request(startLine: string, branch: string): string {
	return [
		startLine,
		`Via: SIP/2.0/UDP 192.0.2.1:5060;branch=${branch}`,
		'Max-Forwards: 70',
		'From: <sip:a@example.com>;tag=f1',
		'To: <sip:x@example.com>',
		`Call-ID: ${branch}@192.0.2.1`,
		'CSeq: 1 INVITE',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
}

const versionProblems = (text: string) =>
	analyzeTrace(text).problems.filter((p) => p.code === 'message.bad-version');

void test('a request line ending in SIP/2.0/UDP, alone in a file, is a message with a version error', () => {
	const text = request('INVITE sip:x@example.com SIP/2.0/UDP', 'z9hG4bKa1');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	assert.equal(a.messages[0]!.kind, 'request');
	assert.equal(a.messages[0]!.method, 'INVITE');
	const [p] = versionProblems(text);
	assert.ok(p, 'the version is reported');
	assert.equal(text.slice(p.span.start, p.span.end), 'SIP/2.0/UDP');
	assert.match(p.message, /sent-protocol/);
	assert.equal(p.severity, 'error');
});

void test('between two messages, the request with SIP/2.0/TCP for a version is a third message', () => {
	const text =
		request('OPTIONS sip:x@example.com SIP/2.0', 'z9hG4bKb1') +
		'some log text\r\n' +
		request('INVITE sip:x@example.com SIP/2.0/TCP', 'z9hG4bKb2') +
		request('OPTIONS sip:x@example.com SIP/2.0', 'z9hG4bKb3');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => m.callId),
		['z9hG4bKb1@192.0.2.1', 'z9hG4bKb2@192.0.2.1', 'z9hG4bKb3@192.0.2.1'],
	);
	const problems = versionProblems(text);
	assert.equal(problems.length, 1);
	assert.equal(text.slice(problems[0]!.span.start, problems[0]!.span.end), 'SIP/2.0/TCP');
});

void test('the same line without a header line after it is log text, not a request', () => {
	const text =
		request('OPTIONS sip:x@example.com SIP/2.0', 'z9hG4bKc1') +
		'INVITE sip:x@example.com SIP/2.0/UDP\r\n' +
		'\r\n' +
		request('OPTIONS sip:x@example.com SIP/2.0', 'z9hG4bKc2');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 2);
	assert.equal(versionProblems(text).length, 0);
});

void test('only METHOD SP scheme:uri SP SIP/x.y/TRANSPORT has the shape', () => {
	const shaped = (line: string) => isTransportStartLine(line, 0, line.length);
	for (const line of [
		'INVITE sip:x@example.com SIP/2.0/UDP',
		'REGISTER sips:example.com SIP/2.0/TLS',
		'OPTIONS tel:+15551234 sip/2.0/sctp  ',
		// A method of one letter: a space right after it.
		'X sip:x@example.com SIP/2.0/UDP',
	]) {
		assert.equal(shaped(line), true, line);
		assert.equal(isStartLine(line, 0, line.length), true, line);
	}
	for (const line of [
		'Via: SIP/2.0/UDP 192.0.2.1:5060',
		'v: SIP/2.0/UDP',
		'Received INVITE via SIP/2.0/UDP',
		'sending INVITE sip:x@example.com SIP/2.0/UDP',
		'invite sip:x@example.com SIP/2.0/UDP',
		'INVITE  sip:x@example.com SIP/2.0/UDP',
		'INVITE sip:x@example.com SIP/2.0/UDP extra',
		'INVITE x@example.com SIP/2.0/UDP',
		'INVITE sip:x@example.com SIP/2.0/',
		'INVITE sip:x@example.com SIP/2/UDP',
		'INFO: <core> INVITE sip:x@example.com SIP/2.0/UDP',
	]) {
		assert.equal(shaped(line), false, line);
		assert.equal(isStartLine(line, 0, line.length), false, line);
	}
});

// The framers that find start lines on their own (a capture's payloads, syslog lines with
// escaped line ends, tcpdump's packet dumps) take the same request line, with a header after it.

/** An IPv4 datagram from 192.0.2.1:5060 to 192.0.2.2:5060 carrying `payload` (checksums 0). */
function udp4(payload: string): Uint8Array {
	const p = new TextEncoder().encode(payload);
	const b = new Uint8Array(28 + p.length);
	const v = new DataView(b.buffer);
	b[0] = 0x45;
	v.setUint16(2, b.length);
	b[8] = 64;
	b[9] = 17;
	b.set([192, 0, 2, 1], 12);
	b.set([192, 0, 2, 2], 16);
	v.setUint16(20, 5060);
	v.setUint16(22, 5060);
	v.setUint16(24, 8 + p.length);
	b.set(p, 28);
	return b;
}

/**
 * `datagrams` captured one after the other: the first `messages` of them are the capture's
 * messages (the others no SIP); the versions said of the text it renders.
 */
function versionsSaid(datagrams: string[], messages: number): string[] {
	const file = pcap(
		datagrams.map((d, i) => ({ ns: BigInt(i + 1) * 1000n, linkType: 228, data: udp4(d) })),
		{ little: true, nanos: false, linkType: 228 },
	);
	const capture = readCapture(file);
	assert.deepEqual(
		capture.messages.map((m) => m.text),
		datagrams.slice(0, messages),
	);
	const text = renderCapture(capture.messages);
	return versionProblems(text).map((p) => text.slice(p.span.start, p.span.end));
}

void test('a capture: a datagram whose request line ends in SIP/2.0/UDP is a message', () => {
	const datagrams = [
		request('INVITE sip:x@example.com SIP/2.0/UDP', 'z9hG4bKd1'),
		request('INVITE sip:x@example.com SIP/2.0', 'z9hG4bKd2'),
		// No header line after it: not a SIP message.
		'INVITE sip:x@example.com SIP/2.0/UDP\r\n\r\n',
	];
	assert.deepEqual(versionsSaid(datagrams, 2), ['SIP/2.0/UDP']);
});

void test('a capture: a datagram of another SIP version (`SIP/2.1`, a request and a response) is a message, its version said', () => {
	// A test tool's OPTIONS sent as SIP/2.1 on loopback; Kamailio dropped it unanswered.
	const datagrams = [
		request('OPTIONS sip:x@example.com SIP/2.1', 'z9hG4bKv1'),
		request('INVITE sip:x@example.com SIP/2.0', 'z9hG4bKv2').replace(
			'INVITE sip:x@example.com SIP/2.0',
			'SIP/3.0 200 OK',
		),
		// Not a SIP version: no message.
		request('OPTIONS sip:x@example.com HTTP/1.1', 'z9hG4bKv3'),
	];
	assert.deepEqual(versionsSaid(datagrams, 2), ['SIP/2.1', 'SIP/3.0']);
});

void test('syslog with #015#012 and tcpdump -A: the request line ending in SIP/2.0/TCP is a message', () => {
	const escaped = (r: string) =>
		`Nov 24 19:33:07 proxy kamailio[812]: INFO: <script>: ${r.replace(/\r\n$/, '').replace(/\r\n/g, '#015#012')}\n`;
	const syslog =
		escaped(request('INVITE sip:x@example.com SIP/2.0/TCP', 'z9hG4bKe1')) +
		escaped(request('OPTIONS sip:x@example.com SIP/2.0', 'z9hG4bKe2')) +
		'Nov 24 19:33:08 proxy kamailio[812]: INFO: <script>: INVITE sip:x@example.com SIP/2.0/TCP#015#012#015#012\n';
	const dump = (r: string, n: number) =>
		`22:42:05.35631${n} IP 192.0.2.1.5060 > 192.0.2.2.5060: UDP, length ${Buffer.byteLength(r)}\nE.....@.@.~.........:.:.....${r}\n`;
	const tcpdump =
		dump(request('INVITE sip:x@example.com SIP/2.0/TCP', 'z9hG4bKf1'), 0) +
		dump(request('OPTIONS sip:x@example.com SIP/2.0', 'z9hG4bKf2'), 1) +
		dump('INVITE sip:x@example.com SIP/2.0/TCP\r\n\r\n', 2);
	for (const [text, format] of [
		[syslog, 'escaped'],
		[tcpdump, 'tcpdump'],
	] as const) {
		const a = analyzeTrace(text);
		assert.equal(a.format, format);
		assert.deepEqual(
			a.messages.map((m) => m.method),
			['INVITE', 'OPTIONS'],
			format,
		);
		assert.deepEqual(
			versionProblems(text).map((p) => text.slice(p.span.start, p.span.end)),
			['SIP/2.0/TCP'],
			format,
		);
	}
});
