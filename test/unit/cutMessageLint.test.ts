// The event rules on a message the trace cuts short (an excerpt, a rotated log): headers it had
// may be missing (the Event id or tag that ties a NOTIFY to its SUBSCRIBE too) and its last line
// may be cut, but the headers before that line are whole, so what they say wrong is still said.
// And on a NOTIFY outside any dialog, which belongs to no subscription.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const notify = (state: string, event = 'presence'): string[] => [
	'NOTIFY sips:3304@df7jal23ls0d.invalid;transport=wss SIP/2.0',
	'Via: SIP/2.0/WS 10.10.10.10;rport;branch=z9hG4bK589ae874',
	'From: <sip:4117@ext-local>;tag=as30003ff1',
	'To: "Arkady"<sip:3304@server>;tag=Sf0ILSLDcPkiL452fLJx',
	'Call-ID: fe3536f6-4862-9d89-3087-83ddaef00431',
	'CSeq: 105 NOTIFY',
	'Max-Forwards: 70',
	`Subscription-State: ${state}`,
	`Event: ${event}`,
	'Content-Type: application/pidf+xml',
	'Content-Length: 482',
];

// Asterisk's `transport=wss` in the Request-URI (RFC 7118 §5.2 defines `ws` only) is said as it
// stands; these tests are about the rest.
const codes = (text: string): string[] =>
	analyzeTrace(text)
		.problems.map((p) => p.code)
		.filter((code) => code !== 'uri.transport-wss');

void test('a cut NOTIFY still has its whole Subscription-State checked, and no header said missing', () => {
	// Cut inside Content-Type (a post's excerpt, as sipml5's PR #256 quotes Asterisk's NOTIFY).
	const lines = notify('active');
	const text = [...lines.slice(0, -2), 'Content-Ty'].join('\r\n');
	assert.deepEqual(codes(text), ['message.truncated', 'notify.missing-expires']);
	const terminated = [...notify('terminated').slice(0, -2), 'Content-Ty'].join('\r\n');
	assert.deepEqual(codes(terminated), ['message.truncated', 'notify.terminated-without-reason']);
	// Whole, the same NOTIFY says the same, with its body's length too.
	assert.ok(codes(`${lines.join('\r\n')}\r\n\r\n`).includes('notify.missing-expires'));
});

void test('a cut that falls in Subscription-State leaves its value unjudged', () => {
	// `active` may have gone on with `;expires=...`: the cut, not the notifier, left it out.
	const lines = notify('active');
	const text = lines.slice(0, 8).join('\r\n');
	assert.deepEqual(codes(text), ['message.truncated']);
	// Nor is Event, which the cut left out, said missing.
	assert.ok(!codes(text).includes('event.missing'));
});

void test('a refer NOTIFY without its REFER says the REFER is missing, not a SUBSCRIBE', () => {
	const text = `${notify('active;expires=60', 'refer').join('\r\n')}\r\n\r\n`;
	const said = analyzeTrace(text).problems.find((p) => p.code === 'notify.no-subscribe');
	assert.match(said?.message ?? '', /^No REFER in this trace creates this subscription .*RFC 3515/);
	const presence = `${notify('active;expires=60').join('\r\n')}\r\n\r\n`;
	assert.match(
		analyzeTrace(presence).problems.find((p) => p.code === 'notify.no-subscribe')?.message ?? '',
		/^No SUBSCRIBE in this trace/,
	);
});

void test('an unsolicited NOTIFY (no To tag, outside any dialog) is not said to lack expires', () => {
	// SEMS' unsolicited message-summary, as captured with ngrep: `Subscription-State: active`.
	const unsolicited = [
		'NOTIFY sip:60890@10.0.0.7:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 10.0.0.1:5080;branch=z9hG4bKmwi1',
		'From: <sip:60890@184022.tridacom.lan>;tag=mwi1',
		'To: sip:60890@184022.tridacom.lan',
		'Call-ID: mwi-unsolicited-1',
		'CSeq: 10 NOTIFY',
		'Max-Forwards: 70',
		'Event: message-summary',
		'Subscription-State: active',
		'Content-Type: application/simple-message-summary',
		'Content-Length: 23',
		'',
		'Messages-Waiting: yes\r\n',
	].join('\r\n');
	assert.ok(!codes(unsolicited).includes('notify.missing-expires'));
	// In a dialog (a To tag), the same state without expires is said.
	const inDialog = unsolicited.replace(
		'To: sip:60890@184022.tridacom.lan',
		'To: <sip:60890@184022.tridacom.lan>;tag=w1',
	);
	assert.ok(codes(inDialog).includes('notify.missing-expires'));
});

void test('a request the trace cuts inside its From (a debugger\'s `;ta"...`): its tag is not said missing; a whole From without one is', () => {
	// gdb's backtrace of a Kamailio crash (an issue on kamailio/kamailio): the receive buffer
	// printed twice, cut at 200 characters.
	const buffer =
		'"PRACK sip:62.59.160.169:5060;transport=udp SIP/2.0\\r\\nVia: SIP/2.0/UDP 185.61.68.120:5060;rport;branch=z9hG4bKPj391b0f93-5c1f-42de-9d97-05c1d61538e8\\r\\nFrom: <sip:+3185xxxxxxx@185.61.68.120;user=phone>;ta"...';
	const gdb = [
		'        diff = 0',
		`        inb = {s = 0x5653c068b520 <buf> ${buffer},`,
		`        netinfo = {data = {s = 0x5653c068b520 <buf> ${buffer},`,
		'            len = 552}, rcv = 0x7ffe8314dcf0, dst = 0x0}',
		'',
	].join('\n');
	const said = codes(gdb);
	assert.ok(said.includes('message.truncated'), said.join());
	assert.ok(!said.includes('from.missing-tag'), said.join());
	// The same From with more headers after it, cut later: the tag is missing as sent.
	const lines = notify('active');
	const from = lines.indexOf('From: <sip:4117@ext-local>;tag=as30003ff1');
	const tagless = lines.map((l, i) => (i === from ? 'From: <sip:4117@ext-local>' : l));
	const later = [...tagless.slice(0, from + 2), 'CSeq: 10'].join('\r\n');
	assert.ok(codes(later).includes('from.missing-tag'), codes(later).join());
});
