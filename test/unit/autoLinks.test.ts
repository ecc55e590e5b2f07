// A trace pasted into a mail client comes back with the client's links after what it took for
// addresses (`sip:95101@192.168.11.2<mailto:sip%3A95101@192.168.11.2>`, a Cisco community post of
// a Webex room device's INVITE). Read without them: the Request-URI valid, no password said.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const invite = (link: (address: string) => string): string =>
	[
		`INVITE sip:${link('95101@192.168.11.2')} SIP/2.0`,
		'Via: SIP/2.0/TCP 192.168.11.9:58911;branch=z9hG4bK64fdaf0987c59765f74b7f8f2673adfe;rport',
		'Call-ID: ca81ed904b80cf18528e5b0a4e4a4c01',
		'CSeq: 100 INVITE',
		`Contact: <sip:7436254f@${link('192.168.11.9')}:58911;transport=tcp>`,
		`From: "Sala 5" <sip:${link('571317@192.168.11.2')}>;tag=ff3ce1a5db7a8fc8`,
		`To: <sip:${link('95101@192.168.11.2')}>`,
		'Max-Forwards: 70',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
const mailto = (a: string): string => `${a}<mailto:sip%3A${a}>`;

void test("a mail client's links after each address: read without them, as the trace was", () => {
	const text = invite(mailto);
	const a = analyzeTrace(text);
	const plain = analyzeTrace(invite((x) => x));
	assert.equal(a.messages.length, 1);
	assert.equal(a.messages[0]!.requestUri, 'sip:95101@192.168.11.2');
	assert.deepEqual(
		a.problems.map((p) => p.code),
		plain.problems.map((p) => p.code),
	);
	// The spans stay the trace's: the Request-URI is where the file has it.
	const span = a.messages[0]!.requestUriSpan!;
	assert.equal(text.slice(span.start, span.end), 'sip:95101@192.168.11.2');
});

void test("a header's own mailto URI (`<mailto:...>` after a space or a colon) is no mail client's link", () => {
	const text = invite((x) => x).replace(
		'Max-Forwards: 70',
		'Max-Forwards: 70\r\nCall-Info: <mailto:support@example.com>;purpose=info\r\nAlert-Info:<mailto:ring@example.com>',
	);
	const a = analyzeTrace(text);
	const info = a.messages[0]!.header('call-info')!;
	assert.equal(
		text.slice(info.value.start, info.value.end),
		'<mailto:support@example.com>;purpose=info',
	);
});

void test("a mail client's link after a space that repeats the address before it (`sip:a@h <mailto:sip%3Aa@h>`, `<http://...>`): read without it", () => {
	// An OpenSIPS issue's YATE INVITE as the poster's mail client sent it on.
	const text = [
		'INVITE sip:543174317@94.241.67.137 <mailto:sip%3A543174317@94.241.67.137> SIP/2.0',
		'Max-Forwards: 18',
		'Via: SIP/2.0/UDP 94.241.67.136:5062;rport;branch=z9hG4bK759843122',
		'From: <sip:212232435@94.241.67.136:5062 <http://sip:212232435@94.241.67.136:5062>>;tag=298433023',
		'To: <sip:543174317@94.241.67.137 <mailto:sip%3A543174317@94.241.67.137>>',
		'Call-ID: 752394752@94.241.67.136:5062 <http://752394752@94.241.67.136:5062>',
		'CSeq: 3633945 INVITE',
		'Contact: <sip:212232435@94.241.67.136:5062 <http://sip:212232435@94.241.67.136:5062>>',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages[0]!.requestUri, 'sip:543174317@94.241.67.137');
	assert.equal(a.messages[0]!.callId, '752394752@94.241.67.136:5062');
	assert.deepEqual(
		a.problems.map((p) => p.code),
		[],
	);
	// A link after a space to something else is the header's own: kept.
	const own = text.replace('<http://752394752@94.241.67.136:5062>', '<http://example.com/other>');
	assert.notEqual(analyzeTrace(own).messages[0]!.callId, '752394752@94.241.67.136:5062');
});

void test("a header a mail set in italics (`*Max-Forwards: 18*`): read inside the markup, said as the page's", () => {
	const text = invite((x) => x).replace('Max-Forwards: 70', '*Max-Forwards: 18*');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.problems.map((p) => `${p.severity} ${p.code}`),
		['information header.malformed'],
	);
	assert.match(a.problems[0]!.message, /italics/);
});
