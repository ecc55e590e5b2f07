// Oracle (Acme Packet) SBC sipmsg.log: Wireshark's test copy of one (test/fixtures/formats/public,
// origin in test/fixtures/README.md), and the record shapes Wireshark's reader for these logs
// documents (no `[phy:vlan]`, IPv6, a copy read with `tail-logfile-open`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { detectFormat } from '../../server/src/core/framing/detect';
import { coversAll } from './coversAll';

const read = (f: string): string =>
	readFileSync(join(__dirname, '..', 'fixtures', 'formats', 'public', f), 'utf8');
const dashes = '-'.repeat(40);

test('sipmsg.log: each message with its record time, direction and both addresses', () => {
	const text = read('acme-sbc-sipmsg-log-register-invite-mbcd.txt');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sipmsg');
	assert.deepEqual(
		a.messages.map((m) => [
			m.method ?? m.status,
			m.frame.time,
			m.frame.direction,
			m.frame.src,
			m.frame.dst,
			m.frame.transport,
		]),
		[
			[
				'REGISTER',
				'--03-06T13:34:49.416',
				'in',
				'10.102.130.150:5060',
				'10.102.130.185:5060',
				null,
			],
			[200, '--03-06T13:34:49.516', 'out', '10.102.130.185:5060', '10.102.130.150:5060', null],
			// No `[phy:vlan]` before the SBC's own address.
			['INVITE', '--03-06T13:39:06.100', 'in', '127.0.0.1:5070', '127.0.0.1:5060', null],
			[100, '--03-06T13:39:06.104', 'out', '127.0.0.1:5060', '127.0.0.1:5070', null],
			[181, '--03-06T13:39:06.127', 'out', '127.0.0.1:5060', '127.0.0.1:5070', null],
		],
	);
	// Responses link to their requests.
	assert.deepEqual(
		a.messages.map((m) => a.index.requestOf(m.index)),
		[null, 0, null, 2, 2],
	);
	coversAll(text, a);
});

test('sipmsg.log fetched by an FTP client that writes CRLF line ends reads the same', () => {
	const text = read('acme-sbc-sipmsg-log-register-invite-mbcd.txt').replace(/\n/g, '\r\n');
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sipmsg');
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.time, m.frame.src]),
		[
			['REGISTER', '--03-06T13:34:49.416', '10.102.130.150:5060'],
			[200, '--03-06T13:34:49.516', '10.102.130.185:5060'],
			['INVITE', '--03-06T13:39:06.100', '127.0.0.1:5070'],
			[100, '--03-06T13:39:06.104', '127.0.0.1:5060'],
			[181, '--03-06T13:39:06.127', '127.0.0.1:5060'],
		],
	);
	coversAll(text, a);
});

test('sipmsg.log: the record line is metadata, the dashes end the frame, not the message', () => {
	const text = read('acme-sbc-sipmsg-log-register-invite-mbcd.txt');
	const a = analyzeTrace(text);
	for (const m of a.messages) {
		const meta = text.slice(m.frame.meta!.start, m.frame.meta!.end);
		assert.match(
			meta,
			/^[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d\.\d{3} On .* (received from|sent to) /,
		);
		assert.ok(text.slice(m.frame.span.start, m.frame.span.end).trimEnd().endsWith(dashes));
		assert.ok(!text.slice(m.frame.sip.start, m.frame.sip.end).includes('-----'));
	}
	// The 200 to REGISTER has no Content-Length: it ends before the dashes, with no body.
	assert.equal(a.messages[1]!.body, null);
	// The INVITE's SDP is the 187 octets Content-Length gives.
	const sdp = a.messages[2]!.body!;
	assert.match(text.slice(sdp.start, sdp.end), /^v=0\n[\s\S]*a=rtpmap:0 PCMU\/8000\/1\n$/);
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('content-length') || p.code.startsWith('framing')),
		[],
	);
});

test("sipmsg.log: the SBC's other records (sockets opened, the media controller's hex dump) are log text", () => {
	const text = read('acme-sbc-sipmsg-log-register-invite-mbcd.txt');
	const a = analyzeTrace(text);
	const noise = a.noise.map((n) => text.slice(n.start, n.end)).join('');
	for (const kept of [
		'File opened.',
		'UDP[3:0]10.102.131.194:5060 OPENED',
		'On 127.0.0.1:2945 sent to 127.0.0.1:2944',
		'  0000: ac 3e fd 01 00 07 89 d9',
		'Transaction = 494041 {',
		'UDP[6:0]10.102.130.185:5060 CLOSED',
		'File closed.',
	])
		assert.ok(noise.includes(kept), kept);
	assert.equal(a.messages.length, 5);
});

test('sipmsg.log record shapes: one- and two-digit days, IPv6, a tail copy, the bracket or not', () => {
	const message = (cseq: number): string =>
		`OPTIONS sip:a@example.com SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK${cseq}\nFrom: <sip:b@example.com>;tag=1\nTo: <sip:a@example.com>\nCall-ID: c${cseq}\nCSeq: ${cseq} OPTIONS\nMax-Forwards: 70\nContent-Length: 0\n\n\n${dashes}\n`;
	const text = [
		`Aug 26 19:25:10.685 On [5:0]2.1.1.1:5060 received from 2.1.2.115:5060\n${message(1)}`,
		`Feb  3 01:17:42.267 On [0:2829]10.0.0.1:5060 sent to 10.0.0.2:5060\n${message(2)}`,
		`Jan 12 00:03:54.700 On [1:0][2001:db8::1]:5060 received from [2001:db8::2]:5070\n${message(3)}`,
		`14:44.154 On [0:0]72.12.135.250:5060 received from 72.12.135.2:56883\n${message(4)}`,
		`Nov  1 23:03:12.811 On 192.168.19.74:8270 sent to 192.168.19.71:5061\n${message(5)}`,
	].join('');
	assert.equal(detectFormat(text), 'sipmsg');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [
			m.frame.format,
			m.frame.time,
			m.frame.direction,
			m.frame.src,
			m.frame.dst,
		]),
		[
			['sipmsg', '--08-26T19:25:10.685', 'in', '2.1.2.115:5060', '2.1.1.1:5060'],
			['sipmsg', '--02-03T01:17:42.267', 'out', '10.0.0.1:5060', '10.0.0.2:5060'],
			['sipmsg', '--01-12T00:03:54.700', 'in', '[2001:db8::2]:5070', '[2001:db8::1]:5060'],
			// `tail-logfile-open` stamps minutes and seconds only: no time rather than a wrong hour.
			['sipmsg', null, 'in', '72.12.135.2:56883', '72.12.135.250:5060'],
			['sipmsg', '--11-01T23:03:12.811', 'out', '192.168.19.74:8270', '192.168.19.71:5061'],
		],
	);
	coversAll(text, a);
});

test('sipmsg.log: a message without Content-Length ends at the dashes, not at the next record', () => {
	// As in the 200 OK to REGISTER above: a SIP message logged with no Content-Length, whose last
	// header line is followed by the empty lines and the dashes; the body must not take them.
	const text = `Mar  6 13:34:49.516 On [6:0]10.102.130.185:5060 sent to 10.102.130.150:5060\nSIP/2.0 200 OK\nVia: SIP/2.0/UDP 192.168.1.100:5060;branch=z9hG4bK26b7a48d\nFrom: sip:34903@csp.noklab.net\nTo: sip:34903@csp.noklab.net\nCall-ID: x\nCSeq: 144 REGISTER\n\n\n${dashes}\nMar  6 13:39:06.122 On 127.0.0.1:2945 sent to 127.0.0.1:2944\n  0000: ac 3e fd 01 00 07 89 d9 00 fc 10 00 00 00 02 00   .>..............\n${dashes}\n`;
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	assert.equal(a.messages[0]!.body, null);
	assert.ok(text.slice(a.messages[0]!.frame.span.end).startsWith('Mar  6 13:39:06.122 On'));
	coversAll(text, a);
});

test('sipmsg.log: a TCP message whose record ends in the middle of a header name is cut short, its later headers not said missing', () => {
	// Wireshark's reader's sample: `CSe`, then the record's dashes.
	const text = `Jan 12 00:03:54.700 On 172.25.96.200:8194 received from 172.25.32.28:5060\nSIP/2.0 200 OK\nFrom: Unavailable <sip:Unavailable@172.25.96.200:5060;user=phone>;tag=1200822480\nTo: 24001900011 <sip:0011@172.25.32.28:5060;user=phone>;tag=03c86c0b27df1b1254aeccbc000\nCall-ID: 7f6b0887-1d313896-1511da31-b045@144.229.136.111\nCSe\n${dashes}\n`;
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 1);
	assert.ok(a.messages[0]!.cutShort);
	assert.deepEqual(
		a.problems.map((p) => [p.code, p.severity]),
		[['message.truncated', 'warning']],
	);
	assert.match(a.problems[0]!.message, /in the middle of a header name/);
	// A whole last header before the dashes is no cut: a header it lacks is said.
	const whole = text.replace('CSe\n', 'Content-Length: 0\n');
	assert.ok(analyzeTrace(whole).problems.some((p) => p.code === 'header.missing-cseq'));
});

test('sipmsg.log: Pre-NAT and Post-NAT records frame their message, with the record line as its metadata', () => {
	// The example in Wireshark's Acme Packet log reader (test/lua/acme_file.lua, GPL-2.0-or-later),
	// its long From values shortened.
	const text = `Post-NAT from private<realm=e911core> encoded:\nSIP/2.0 302 Moved Temporarily\nCall-ID: SD27o9f04-fcc63aa885c83e22a1be64cfc210b55e-vjvtv00\nCSeq: 2 INVITE\nFrom: <sip:7866932005@127.1.0.100:5060;user=phone>;tag=SD27o9f04-10000000-0-1424021314\nTo: <sip:911@127.0.0.100;user=phone;CKE=BSLD-8blt7m3dhnj17>;tag=10280004-0-1239441202\nVia: SIP/2.0/UDP 127.254.254.1:5060;branch=z9hG4bK5i4ue300dgrdras7q281.1\nServer: DC-SIP/1.2\nContent-Length: 0\nContact: <sip:1111119999@127.0.0.100:5060;e911core=TSD5051AEPCORE-5n86t36uuma01>\n\n\n${dashes}\nPre-NAT to private<realm=e911core> decode:\nACK sip:911@127.0.0.100;user=phone;CKE=BSLD-8blt7m3dhnj17 SIP/2.0\nVia: SIP/2.0/UDP 127.254.254.1:5060;branch=z9hG4bK5i4ue300dgrdras7q281.1\nCall-ID: SD27o9f04-fcc63aa885c83e22a1be64cfc210b55e-vjvtv00\nCSeq: 2 ACK\nFrom: <sip:7866932005@127.1.0.100:5060;user=phone>;tag=SD27o9f04-10000000-0-1424021314\nTo: <sip:911@127.0.0.100;user=phone;CKE=BSLD-8blt7m3dhnj17>;tag=10280004-0-1239441202\nMax-Forwards: 70\n\n\n${dashes}\n`;
	const a = analyzeTrace(text, { format: 'sipmsg' });
	assert.deepEqual(
		a.messages.map((m) => [
			m.method ?? m.status,
			m.frame.format,
			text.slice(m.frame.meta!.start, m.frame.meta!.end),
			m.frame.direction,
			m.frame.src,
		]),
		[
			[302, 'sipmsg', 'Post-NAT from private<realm=e911core> encoded:\n', null, null],
			['ACK', 'sipmsg', 'Pre-NAT to private<realm=e911core> decode:\n', null, null],
		],
	);
	coversAll(text, a);
});
