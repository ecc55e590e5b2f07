// A NOTIFY pasted from a wiki page that trimmed its body's white space (FreeSWITCH's PIDF, sent
// with trailing spaces and indentation the page dropped): the document is whole, a few octets
// short of Content-Length. Not a cut message nor a sender's wrong length: the copy's doing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const sent = [
	'<?xml version="1.0" encoding="ISO-8859-1"?> ',
	"<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='sip:1000@example.com'> ",
	" <tuple id='t6a5ed77e'>",
	'  <status>',
	'   <basic>open</basic>',
	'  </status>',
	' </tuple>',
	'</presence>',
].join('\n');
const notify = (body: string, length: number) =>
	[
		'NOTIFY sip:1001@192.0.2.10:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-wiki',
		'Max-Forwards: 70',
		'From: <sip:1000@example.com>;tag=n1',
		'To: <sip:1001@example.com>;tag=w1',
		'Call-ID: wiki-1',
		'CSeq: 2 NOTIFY',
		'Contact: <sip:1000@192.0.2.1>',
		'Event: presence',
		'Subscription-State: active;expires=600',
		'Content-Type: application/pidf+xml',
		`Content-Length: ${length}`,
		'',
		body,
		'',
	].join('\n');
const lengthProblems = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'content-length.mismatch' || p.code === 'message.truncated')
		.map((p) => [p.code, p.severity]);

void test('a whole XML body a few octets short of Content-Length in a pasted message: the copy changed its white space', () => {
	const copied = sent
		.split('\n')
		.map((l) => l.trim())
		.join('\n');
	// Each LF counted as the CRLF it was on the wire.
	const length = sent.length + sent.split('\n').length - 1;
	assert.deepEqual(lengthProblems(notify(copied, length)), [
		['content-length.mismatch', 'information'],
	]);
});

void test('a body cut inside its document, or far shorter, is still said short', () => {
	const length = sent.length + sent.split('\n').length - 1;
	// Cut before the root's end tag, where the paste ends.
	const cut = sent.slice(0, sent.indexOf('</presence>'));
	assert.deepEqual(lengthProblems(notify(cut, length)), [['message.truncated', 'warning']]);
	// Whole, but a third shorter than announced: no copy's white space explains it.
	assert.deepEqual(lengthProblems(notify(sent, Math.round(length * 1.5))), [
		['content-length.mismatch', 'error'],
	]);
});
