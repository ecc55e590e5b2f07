// A page served through Cloudflare hides what looks like an e-mail address as `[email
// protected]`; a manual's copy that also ran each message onto one line (Linksys's SPA9000 guide
// on a manuals site) then hid its NOTIFY: the space broke the start line the flattened reading
// looks for. Such addresses are read as masks of the same length, and said once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const hidden = '[email protected]';
const flattened = [
	'Following is an example: SUBSCRIBE sip:mailbox-subscribe-url SIP/2.0',
	'Via: SIP/2.0/UDP 172.16.22.23:5062;branch=z9hG4bK-44f9d0f0',
	'From: <sip:3@172.16.22.1>;tag=ac6013983cce7526 To: <sip:3@172.16.22.1>',
	`Call-ID: ${hidden} CSeq: 63017 SUBSCRIBE Max-Forwards: 70`,
	'Contact: <sip:3@172.16.22.23:5062> Expires: 30 Event: message-summary Content-Length: 0',
	'The voice mail server then sends a NOTIFY: NOTIFY',
	`sip:${hidden}:5062 SIP/2.0 Via: SIP/2.0/UDP 172.16.22.1:5060;branch=z9hG4bK-5`,
	'From: <sip:3@172.16.22.1>;tag=ff01 To: <sip:3@172.16.22.1>;tag=ac6013983cce7526',
	`Call-ID: ${hidden} CSeq: 537 NOTIFY Max-Forwards: 70 Event: message-summary`,
	'Subscription-State: active;expires=30 Content-Length: 0',
].join(' ');

void test('messages a page ran together, their addresses hidden by its e-mail protection: each read, the hiding said once', () => {
	const a = analyzeTrace(`${flattened}\n`);
	assert.deepEqual(
		a.messages.map((m) => m.method),
		['SUBSCRIBE', 'NOTIFY'],
	);
	// Every offset stays the trace's: the Call-ID's span is the hidden text in the file.
	const callId = a.messages[1]!.header('call-id')!;
	assert.equal(flattened.slice(callId.value.start, callId.value.end), hidden);
	const notes = a.problems.filter((p) => p.message.includes("Cloudflare's e-mail protection"));
	assert.equal(notes.length, 1);
	assert.equal(notes[0]!.severity, 'information');
	assert.equal(flattened.slice(notes[0]!.span.start, notes[0]!.span.end), hidden);
});

void test('on lines of their own, a hidden address is read as it was, the start line knowing it, the hiding said once', () => {
	const lines = flattened
		.replace(
			/ (?=(?:Via|From|To|Call-ID|CSeq|Max-Forwards|Contact|Expires|Event|Content-Length|Subscription-State):)/g,
			'\n',
		)
		.replace('Following is an example: ', '')
		.replace(/ The voice mail server then sends a NOTIFY: NOTIFY /, '\n\nNOTIFY ');
	const a = analyzeTrace(lines);
	assert.deepEqual(
		a.messages.map((m) => m.method),
		['SUBSCRIBE', 'NOTIFY'],
	);
	// Both Call-IDs read the same mask: the note says what the page hid, once, where it starts.
	const notes = a.problems.filter((p) => p.message.includes("Cloudflare's e-mail protection"));
	assert.deepEqual(
		notes.map((p) => [p.severity, p.span.start]),
		[['information', lines.indexOf(hidden)]],
	);
});

void test("a start line behind a log's text (Wireshark's TLS debug `decrypted app data fragment: `) with its Request-URI hidden: the request read, not a malformed start line", () => {
	const text = [
		'dissect_ssl3_record decrypted len 883',
		`decrypted app data fragment: INVITE sip:${hidden}:5061 SIP/2.0`,
		'Via: SIP/2.0/TLS 10.0.0.172:5062;branch=z9hG4bK1995397980',
		`From: <sip:${hidden}:5061>;tag=607491329`,
		`To: <sip:${hidden}:5061>`,
		`Call-ID: ${hidden}`,
		'CSeq: 1 INVITE',
		'Max-Forwards: 70',
		`Contact: <sip:${hidden}:5062;transport=TLS>`,
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	const a = analyzeTrace(text);
	assert.deepEqual(
		a.messages.map((m) => [m.method, text.slice(m.startLine.start, m.startLine.end)]),
		[['INVITE', `INVITE sip:${hidden}:5061 SIP/2.0`]],
	);
	assert.deepEqual(
		a.problems.filter((p) => p.severity === 'error').map((p) => p.code),
		[],
	);
});

void test('a header missing from a message whose addresses the page hid: said as the copy’s (information), naming the e-mail protection, not a poster’s edit', () => {
	const text = [
		'NOTIFY sip:[email protected]:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 188.94.79.229:5060;rport;branch=z9hG4bKPjd07ebfce',
		'From: <sip:[email protected]>;tag=6e9ac467',
		'To: "Ryan" <sip:[email protected]>;tag=4235158628',
		'Contact: <sip:188.94.79.229:5060>',
		'CSeq: 9110 NOTIFY',
		'Event: dialog',
		'Subscription-State: active;expires=949',
		'Max-Forwards: 70',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
	const missing = analyzeTrace(text).problems.filter((p) => p.code === 'header.missing-call-id');
	assert.equal(missing.length, 1);
	assert.equal(missing[0]!.severity, 'information');
	assert.match(missing[0]!.message, /hid its addresses behind its e-mail protection/);
});

void test('the page’s hiding with its no-break space (`[email&#160;protected]` as copied): read and said as with a space', () => {
	const noBreak = '[email\u00a0protected]';
	const a = analyzeTrace(`${flattened.replaceAll(hidden, noBreak)}\n`);
	assert.deepEqual(
		a.messages.map((m) => m.method),
		['SUBSCRIBE', 'NOTIFY'],
	);
	const notes = a.problems.filter((p) => p.message.includes("Cloudflare's e-mail protection"));
	assert.equal(notes.length, 1);
});
