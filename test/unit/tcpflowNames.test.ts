// `tcpflow -c` (TCPFLOW 1.6.1, Debian) prints each TCP segment's payload after the name of its
// connection direction, each IPv4 octet in three digits and each port in five: a SUBSCRIBE of
// SIPp's to Kamailio's presence server and its 200, as tcpflow printed them live on lo. Each
// message is read with the two ends the name gives, over TCP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const printout = [
	'127.000.000.001.41881-127.000.000.001.15640: SUBSCRIBE sip:bob@127.0.0.1:15640 SIP/2.0',
	'Via: SIP/2.0/TCP 127.0.0.1:41881;branch=z9hG4bK-17479-1-0;alias',
	'From: <sip:watcher1@127.0.0.1>;tag=17479W1',
	'To: <sip:bob@127.0.0.1>',
	'Call-ID: 1-17479@127.0.0.1',
	'CSeq: 1 SUBSCRIBE',
	'Contact: <sip:watcher1@127.0.0.1:41881;transport=TCP>',
	'Max-Forwards: 70',
	'Event: presence',
	'Accept: application/pidf+xml',
	'Supported: eventlist',
	'Expires: 120',
	'Content-Length: 0',
	'',
	'\n127.000.000.001.15640-127.000.000.001.41881: SIP/2.0 200 OK',
	'Via: SIP/2.0/TCP 127.0.0.1:41881;branch=z9hG4bK-17479-1-0;alias',
	'From: <sip:watcher1@127.0.0.1>;tag=17479W1',
	'To: <sip:bob@127.0.0.1>;tag=cec059c0d927f357aaa8e3f216d99fa1-3ed9fd28',
	'Call-ID: 1-17479@127.0.0.1',
	'CSeq: 1 SUBSCRIBE',
	'Expires: 120',
	'Contact: <sip:pres@127.0.0.1:15640;transport=tcp>',
	'Server: kamailio (5.6.3 (x86_64/linux))',
	'Content-Length: 0',
	'',
	'\n',
].join('\r\n');

void test("tcpflow -c: each message with the two ends of its connection's name, over TCP", () => {
	const a = analyzeTrace(printout);
	assert.deepEqual(
		a.messages.map((m) => [m.method ?? m.status, m.frame.src, m.frame.dst, m.frame.transport]),
		[
			['SUBSCRIBE', '127.0.0.1:41881', '127.0.0.1:15640', 'TCP'],
			[200, '127.0.0.1:15640', '127.0.0.1:41881', 'TCP'],
		],
	);
	assert.equal(a.index.requestOf(1), 0);
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
});
