// A final response after the one that ended its transaction: a server transaction sends one final
// response (RFC 3261 §17.2.1, §17.2.2), sent again only as it was. An Asterisk in a SIP.js
// issue's trace answered an INVITE 200, was ACKed, and after the BYE sent 487 for the same
// INVITE. A forking proxy's second 2xx (another UAS, another To tag) and a resent 200 are no
// such thing.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';

const headers = (toTag: string | null) => [
	'Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK56sdasks',
	'From: <sip:alice@example.com>;tag=asdyka899',
	`To: <sip:bob@example.com>${toTag ? `;tag=${toTag}` : ''}`,
	'Call-ID: asidkj3ss',
	'CSeq: 28336 INVITE',
];
const msg = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;
const invite = msg([
	'INVITE sip:bob@example.com SIP/2.0',
	...headers(null),
	'Max-Forwards: 70',
	'Contact: <sip:alice@df7jal23ls0d.invalid;transport=ws>',
	'Content-Length: 0',
]);
const answer = (status: string, toTag: string) =>
	msg([
		`SIP/2.0 ${status}`,
		...headers(toTag),
		'Contact: <sip:bob@192.0.2.4>',
		'Content-Length: 0',
	]);
const after = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'response.after-final')
		.map((p) => [text.slice(p.span.start, p.span.end), p.related?.[0]?.span.start, p.severity]);

void test('a 487 after the 200 that ended the INVITE transaction is said, pointing at the 200', () => {
	const ok = answer('200 OK', 'as1');
	const text = invite + ok + ok + answer('487 Request Terminated', 'as1');
	assert.deepEqual(after(text), [['SIP/2.0 487 Request Terminated', invite.length, 'warning']]);
	assert.match(
		analyzeTrace(text).problems.find((p) => p.code === 'response.after-final')!.message,
		/after the 200 OK that ended this INVITE transaction.*§9\.2/,
	);
});

void test("a forking proxy's 2xx from each UAS, and a 200 sent again, are no second final response", () => {
	const ok = answer('200 OK', 'as1');
	assert.deepEqual(after(invite + ok + answer('200 OK', 'other') + ok), []);
	// A provisional response and then the final one: as it goes.
	assert.deepEqual(after(invite + answer('180 Ringing', 'as1') + ok), []);
});

void test('the same status again, one of the two cut short by the copy: not said, for it may be the same response seen twice', () => {
	// An sngrep export of a TCP call: the 407 twice at the same time, the second cut after its Via.
	const challenge = answer('407 Proxy Authentication Required', 'as1');
	const cut = `SIP/2.0 407 Proxy Authentication Required\r\n${headers('as1')[0]}\r\n`;
	assert.deepEqual(after(invite + challenge + cut), []);
	// Another status after it is still a second final response.
	const cut487 = `SIP/2.0 487 Request Terminated\r\n${headers('as1')[0]}\r\n`;
	assert.equal(after(invite + challenge + cut487).length, 1);
});
