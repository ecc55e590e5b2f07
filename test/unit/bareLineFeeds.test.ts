// Every line of a message's head ends with CRLF (RFC 3261 §7). OpenSIPS issue #537: its NOTIFY
// (t_uac_dlg) ended `Event: check-sync` with a bare LF, which Avaya phones refused; the ngrep
// paste shows it as the one line without the `.` ngrep prints for each CR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const head = [
	'NOTIFY sip:7714@10.130.8.209 SIP/2.0',
	'Via: SIP/2.0/UDP 10.130.8.20:5060;branch=z9hG4bK43ec.c13af041.0',
	'To: sip:7714@voip.etsmtl.ca',
	'From: <sip:7714@voip.etsmtl.ca>;tag=8755a8d01aa27e903a6f4ccaf393f04',
	'CSeq: 10 NOTIFY',
	'Call-ID: 1c1bbe0b4e2c0d26-27166@10.130.8.20',
	'Max-Forwards: 69',
	'Content-Length: 0',
	'Server: ETS voip router01',
];
const said = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'message.bare-lf')
		.map((p) => [p.severity, text.slice(p.span.start, p.span.end)]);

test('ngrep byline: the header line without its `.` is said, on that line', () => {
	const text = `${[...head.map((l) => `${l}.`), 'Event: check-sync', '.'].join('\n')}\n`;
	assert.deepEqual(said(text), [['warning', 'Event: check-sync']]);
	// Every line with its `.`: nothing.
	assert.deepEqual(
		said(`${[...head, 'Event: check-sync', ''].map((l) => `${l}.`).join('\n')}\n`),
		[],
	);
});

test('raw CRLF: a bare LF after a header, or before a body, is said; a trace with no CR at all is not judged', () => {
	const crlf = `${head.join('\r\n')}\r\nEvent: check-sync\n\r\n`;
	assert.deepEqual(said(crlf), [['warning', 'Event: check-sync']]);
	assert.deepEqual(said(`${head.join('\n')}\nEvent: check-sync\n\n`), []);
	// The empty line before a body, a bare LF among CRLF lines.
	const body = 'Messages-Waiting: yes\r\n';
	const mwi = [
		...head.filter((l) => !l.startsWith('Content-Length')),
		'Event: message-summary',
		'Subscription-State: active;expires=3600',
		'Contact: <sip:10.130.8.20>',
		'Content-Type: application/simple-message-summary',
		`Content-Length: ${body.length}`,
	].join('\r\n');
	const text = `${mwi}\r\n\n${body}`;
	const found = said(text);
	assert.equal(found.length, 1);
	assert.deepEqual(found[0], ['warning', '']);
});

test("a copy's wrap (a header's rest on the next line, both without the CR) is not the sender's", () => {
	const wrapped = [
		'REGISTER sip:192.168.1.155 SIP/2.0.',
		'Via: SIP/2.0/UDP 192.168.1.119:29040;branch=z9hG4bK-d87543-',
		'13517a5a8218ff45-1--d87543-;rport.',
		'Max-Forwards: 70.',
		'From: <sip:1001@192.168.1.155>;tag=1.',
		'To: <sip:1001@192.168.1.155>.',
		'Call-ID: abc.',
		'CSeq: 8 REGISTER.',
		'Content-Length: 0.',
		'.',
		'',
	].join('\n');
	assert.deepEqual(said(wrapped), []);
});

test("sngrep's save of a body with bare LF line ends (Kamailio's reginfo) is read as written, not as a copy's wrap", () => {
	// Two of its lines are of one length (161), as Kamailio writes two contacts: with sngrep's two
	// blank lines after the message, a reading without two line ends also made up the count.
	const contact = (id: string, event: string, expires: string, ua: string) =>
		`    <contact id="${id}" state="active" event="${event}" expires="${expires}" callid="${ua}-1-15278@127.0.0.1" cseq="2" q="-1.00" received="" path="" user_agent="SIPp ${ua}">`;
	const body = [
		'<?xml version="1.0"?>',
		'<reginfo xmlns="urn:ietf:params:xml:ns:reginfo" version="0" state="full">',
		'  <registration aor="sip:alice@reg.test" id="0x7f662bb2c070" state="active">',
		contact('0x7f662bb2c188', 'registered', '8', 'ua1'),
		'      <uri>sip:alice@127.0.0.1:15451;transport=TCP</uri>',
		'    </contact>',
		contact('0x7f662bb38c30', 'created', '3600', 'ua2'),
		'      <uri>sip:alice@127.0.0.1:15453;transport=TCP</uri>',
		'    </contact>',
		'  </registration>',
		'</reginfo>',
		'',
	].join('\n');
	const lines = body.split('\n');
	assert.equal(lines[3]!.length, lines[6]!.length);
	const head = [
		'NOTIFY sip:watcher@127.0.0.1:15457;transport=tcp SIP/2.0',
		'Via: SIP/2.0/TCP 127.0.0.1:15450;branch=z9hG4bK4ba3.1',
		'To: <sip:watcher@reg.test>;tag=15277w1',
		'From: <sip:alice@reg.test>;tag=e53d57e7',
		'CSeq: 4 NOTIFY',
		'Call-ID: wat-1-15277@127.0.0.1',
		`Content-Length: ${Buffer.byteLength(body)}`,
		'Max-Forwards: 70',
		'Event: reg',
		'Contact: <sip:127.0.0.1:15450;transport=tcp>',
		'Subscription-State: active;expires=21',
		'Content-Type: application/reginfo+xml',
		'',
		'',
	].join('\r\n');
	const text = `2026/12/07 16:11:51.860000 127.0.0.1:15450 -> 127.0.0.1:15457\n${head}${body}\n\n`;
	const a = analyzeTrace(text);
	assert.equal(a.format, 'sngrep');
	const m = a.messages[0]!;
	assert.equal(text.slice(m.body!.start, m.body!.end), body);
	assert.deepEqual(
		a.problems.filter((p) => /body\.wrapped|content-length/.test(p.code)).map((p) => p.code),
		[],
	);
});
