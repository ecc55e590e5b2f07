// A trace copied from a web page that HTML-escaped it (a Homer or Siremis view, a blog, a forum):
// `&lt;sip:...&gt;;tag=` and `&lt;presence ...&gt;`. The page's text is kept; the reading goes
// through the entities, so the dialog's tags link the messages and the PIDF decodes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { decodeBody } from '../../server/src/core/bodies/decodeBody';

const escape = (s: string): string =>
	s
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;');

const pidf = [
	'<?xml version="1.0" encoding="UTF-8"?>',
	'<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:linda@example.com">',
	'<tuple id="t1"><status><basic>open</basic></status><note>Lunch &amp; back</note></tuple>',
	'</presence>',
	'',
].join('\r\n');

/** A SUBSCRIBE, its 200 and a NOTIFY with a PIDF body, as sent (Content-Length counts the body sent). */
const sent = [
	'SUBSCRIBE sip:linda@example.com SIP/2.0',
	'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776',
	'From: "Andrew" <sip:andrew@example.com>;tag=abc',
	'To: <sip:linda@example.com>',
	'Call-ID: c1@10.0.0.1',
	'CSeq: 1 SUBSCRIBE',
	'Contact: <sip:andrew@10.0.0.1>',
	'Event: presence',
	'Expires: 3600',
	'Max-Forwards: 70',
	'Content-Length: 0',
	'',
	'SIP/2.0 200 OK',
	'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776',
	'From: "Andrew" <sip:andrew@example.com>;tag=abc',
	'To: <sip:linda@example.com>;tag=xyz',
	'Call-ID: c1@10.0.0.1',
	'CSeq: 1 SUBSCRIBE',
	'Contact: <sip:ps@10.0.0.2>',
	'Expires: 3600',
	'Content-Length: 0',
	'',
	'NOTIFY sip:andrew@10.0.0.1 SIP/2.0',
	'Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK999',
	'From: <sip:linda@example.com>;tag=xyz',
	'To: "Andrew" <sip:andrew@example.com>;tag=abc',
	'Call-ID: c1@10.0.0.1',
	'CSeq: 1 NOTIFY',
	'Contact: <sip:ps@10.0.0.2>',
	'Event: presence',
	'Subscription-State: active;expires=3600',
	'Max-Forwards: 70',
	'Content-Type: application/pidf+xml',
	`Content-Length: ${pidf.length}`,
	'',
	pidf,
].join('\r\n');

void test('a page’s HTML-escaped From and To are read through: the NOTIFY links to its SUBSCRIBE', () => {
	const text = escape(sent);
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 3);
	const [subscribe, , notify] = a.messages;
	assert.equal(subscribe!.from!.tag, 'abc');
	assert.equal(notify!.to!.tag, 'abc');
	assert.equal(notify!.from!.tag, 'xyz');
	// The URI's span is where the page wrote it, between its entities.
	const uri = subscribe!.from!.uriSpan;
	assert.equal(text.slice(uri.start, uri.end), 'sip:andrew@example.com');
	assert.equal(a.index.subscriptionOf(2)?.creator, 0);
	// Said once per escaped value, as the page’s doing (information), never as the sender’s fault.
	const said = a.problems.filter((p) => p.code === 'header.bad-name-addr');
	assert.equal(said.length, 6);
	assert.ok(said.every((p) => p.severity === 'information' && p.message.includes('read through')));
	assert.ok(!a.problems.some((p) => p.severity === 'error'));
});

void test('a page’s HTML-escaped PIDF body is counted and decoded as sent', () => {
	const text = escape(sent);
	const a = analyzeTrace(text);
	const notify = a.messages[2]!;
	// Content-Length counts the body sent: the escaped body is all body, nothing said to follow it.
	assert.equal(text.slice(notify.body!.start, notify.body!.end).trim(), escape(pidf).trim());
	assert.ok(
		!a.problems.some((p) => p.code === 'content-length.mismatch'),
		JSON.stringify(a.problems),
	);
	const decoded = decodeBody(a.text, notify);
	assert.equal(decoded.kind, 'pidf');
	if (decoded.kind === 'pidf') {
		assert.equal(decoded.presence.tuples[0]!.basic, 'open');
		// `&amp;amp;` on the page, `&amp;` in the XML sent, `&` in the note.
		assert.equal(decoded.presence.tuples[0]!.notes[0]!.text, 'Lunch & back');
	}
	const body = a.problems.filter((p) => p.code === 'body.invalid');
	assert.deepEqual(
		body.map((p) => p.severity),
		['information'],
	);
	// The same messages as sent: no such note, and the same links.
	const plain = analyzeTrace(sent);
	assert.deepEqual(
		plain.problems.filter((p) => p.severity !== 'hint').map((p) => p.code),
		[],
	);
	assert.equal(plain.index.subscriptionOf(2)?.creator, 0);
});

void test('a PIDF a wiki page escaped for Markdown (`<digium\\_presence ...>`) is read and counted without the escapes', () => {
	// Asterisk's "Presence State" page: chan_sip's NOTIFY, the page's `\_` in a tag's name, the
	// trace's LF line ends.
	const xml = [
		'<?xml version="1.0" encoding="ISO-8859-1"?>',
		'<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:6002@10.24.18.124">',
		'<tuple id="6002"><status><basic>open</basic></status></tuple>',
		'<tuple id="digium-presence"><status>',
		'<digium_presence type="unavailable" subtype=""></digium_presence>',
		'</status></tuple>',
		'</presence>',
		'',
	].join('\n');
	const message = (body: string): string =>
		[
			'NOTIFY sip:alice@10.24.20.57:5060 SIP/2.0',
			'Via: SIP/2.0/UDP 10.24.18.124:5060;branch=z9hG4bK2f3d1c4a;rport',
			'Max-Forwards: 70',
			'From: <sip:6002@10.24.18.124>;tag=as5c3a3d8e',
			'To: <sip:alice@10.24.18.124>;tag=9a1b',
			'Contact: <sip:6002@10.24.18.124:5060>',
			'Call-ID: 72b1a9a63fc1d8b@10.24.20.57',
			'CSeq: 104 NOTIFY',
			'Event: presence',
			'Subscription-State: active;expires=3600',
			'Content-Type: application/pidf+xml',
			`Content-Length: ${xml.length}`,
			'',
			body,
		].join('\n');
	const text = message(xml.replaceAll('digium_presence', 'digium\\_presence'));
	const a = analyzeTrace(text);
	const decoded = decodeBody(text, a.messages[0]!);
	assert.equal(decoded.kind, 'pidf');
	assert.deepEqual(
		a.problems
			.filter((p) => p.code.startsWith('body.') || p.code.startsWith('content-length.'))
			.map((p) => `${p.code} ${p.severity}`),
		['body.invalid information'],
	);
	// As sent, nothing to say.
	assert.deepEqual(
		analyzeTrace(message(xml)).problems.filter((p) => p.code.startsWith('body.')),
		[],
	);
});
