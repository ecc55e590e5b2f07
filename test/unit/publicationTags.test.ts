// The entity-tags of publications (RFC 3903 §4.1, §6): a 2xx to PUBLISH issues one, a later
// PUBLISH names it in SIP-If-Match. A tag that no 2xx in the trace issued is said (the
// publication may predate the trace); one whose 2xx is in the trace is not, also where the
// trace starts after the PUBLISH that 2xx answered. Real messages: the presence story.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core';

const text = readFileSync(join(__dirname, '..', 'fixtures', 'real', 'presence-story.sip'), 'utf8');

/** The trace from the start of message `index` on. */
function from(index: number): string {
	const a = analyzeTrace(text);
	return text.slice(a.messages[index]!.frame.span.start);
}

const unknownTags = (t: string): string[] =>
	analyzeTrace(t)
		.problems.filter((p) => p.code === 'publish.unknown-etag')
		.map((p) => t.slice(p.span.start, p.span.end));

test('a trace that starts with the 2xx issuing an entity-tag: the PUBLISH naming it is not said to name an unknown tag', () => {
	const whole = analyzeTrace(text);
	// Linda's first accepted PUBLISH, and the 200 that issued its tag.
	const accepted = whole.messages.findIndex((m) => m.status === 200 && m.sipETag !== null);
	const issued = whole.messages[accepted]!.sipETag!;
	assert.ok(whole.messages.some((m) => m.sipIfMatch === issued));
	assert.deepEqual(unknownTags(text), []);
	// The trace as a capture started after her PUBLISH went out would hold it.
	const later = from(accepted);
	assert.ok(analyzeTrace(later).messages[0]!.status === 200);
	assert.deepEqual(unknownTags(later), []);
});

test('a PUBLISH naming a tag no 2xx in the trace issued is said to, once for each', () => {
	const whole = analyzeTrace(text);
	const accepted = whole.messages.findIndex((m) => m.status === 200 && m.sipETag !== null);
	// Without the 200 that issued it, the tag is one no 2xx in the trace issued.
	const later = from(accepted + 1);
	const issued = whole.messages[accepted]!.sipETag!;
	const naming = analyzeTrace(later).messages.filter((m) => m.sipIfMatch === issued).length;
	assert.ok(naming > 0);
	assert.deepEqual(unknownTags(later), new Array<string>(naming).fill(issued));
});

test('an unknown tag is said with the section of what the PUBLISH does: refresh, modify or remove', () => {
	const publish = (headers: string[], body: string): string =>
		[
			'PUBLISH sip:linda@example.com SIP/2.0',
			'Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bKp1',
			'Max-Forwards: 70',
			'From: <sip:linda@example.com>;tag=l1',
			'To: <sip:linda@example.com>',
			'Call-ID: pub-1@203.0.113.5',
			'CSeq: 2 PUBLISH',
			'Event: presence',
			'SIP-If-Match: dx200xyz',
			...headers,
			`Content-Length: ${body.length}`,
			'',
			body,
		].join('\r\n');
	const sections = (t: string) =>
		analyzeTrace(t)
			.problems.filter((p) => p.code === 'publish.unknown-etag')
			.map((p) => p.rfc?.label);
	assert.deepEqual(sections(publish(['Expires: 3600'], '')), ['RFC 3903 §4.3']);
	assert.deepEqual(sections(publish(['Expires: 0'], '')), ['RFC 3903 §4.5']);
	const pidf =
		'<?xml version="1.0"?><presence xmlns="urn:ietf:params:xml:ns:pidf" entity="pres:linda@example.com"><tuple id="t1"><status><basic>open</basic></status></tuple></presence>';
	assert.deepEqual(
		sections(publish(['Expires: 3600', 'Content-Type: application/pidf+xml'], pidf)),
		['RFC 3903 §4.4'],
	);
	// A copy that left the body out: its Content-Length still says the PUBLISH carried one.
	const bodyLeftOut = publish(['Expires: 3600', 'Content-Type: application/pidf+xml'], '').replace(
		'Content-Length: 0',
		'Content-Length: 682',
	);
	assert.deepEqual(sections(bodyLeftOut), ['RFC 3903 §4.4']);
});

test("an initial PUBLISH whose body and length a document left out (RFC 3903's M5): no missing body said; one with neither is", () => {
	const publish = (lines: string[]): string =>
		[
			'PUBLISH sip:presentity@example.com SIP/2.0',
			'Via: SIP/2.0/UDP pua.example.com;branch=z9hG4bK652hsge',
			'To: <sip:presentity@example.com>',
			'From: <sip:presentity@example.com>;tag=1234wxyz',
			'Call-ID: 81818181@pua.example.com',
			'CSeq: 1 PUBLISH',
			'Max-Forwards: 70',
			'Expires: 3600',
			'Event: presence',
			...lines,
			'',
		].join('\r\n');
	const said = (t: string) =>
		analyzeTrace(t).problems.filter((p) => p.code === 'publish.no-body-no-if-match').length;
	assert.equal(
		said(
			publish([
				'Content-Type: application/pidf+xml',
				'Content-Length: ...',
				'',
				'[Published PIDF document]',
			]),
		),
		0,
	);
	assert.equal(said(publish(['Content-Length: 0', ''])), 1);
});

test('an empty SIP-If-Match is said at its name, once, in place of a missing body or tag', () => {
	const publish = (ifMatch: string, body: string): string =>
		[
			'PUBLISH sip:linda@example.com SIP/2.0',
			'Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bKe1',
			'Max-Forwards: 70',
			'From: <sip:linda@example.com>;tag=l1',
			'To: <sip:linda@example.com>',
			'Call-ID: pub-e@203.0.113.5',
			'CSeq: 3 PUBLISH',
			'Event: presence',
			'Expires: 3600',
			ifMatch,
			...(body ? ['Content-Type: application/pidf+xml'] : []),
			`Content-Length: ${body.length}`,
			'',
			body,
		].join('\r\n');
	const said = (t: string): string[] =>
		analyzeTrace(t)
			.problems.filter((p) => p.code.startsWith('publish.'))
			.map((p) => `${p.code} ${t.slice(p.span.start, p.span.end)}`);
	const pidf =
		'<?xml version="1.0"?><presence xmlns="urn:ietf:params:xml:ns:pidf" entity="pres:linda@example.com"><tuple id="t1"><status><basic>open</basic></status></tuple></presence>';
	// baresip sent both: with its body (read as an initial PUBLISH before), and without.
	assert.deepEqual(said(publish('SIP-If-Match: ', pidf)), ['publish.empty-if-match SIP-If-Match']);
	assert.deepEqual(said(publish('SIP-If-Match:', '')), ['publish.empty-if-match SIP-If-Match']);
	// A tag, or no header at all, is not this fault.
	assert.deepEqual(
		said(publish('SIP-If-Match: a.1', pidf)).filter((s) => s.includes('empty')),
		[],
	);
	assert.deepEqual(said(publish('Priority: normal', '')), [
		'publish.no-body-no-if-match PUBLISH sip:linda@example.com SIP/2.0',
	]);
});

test('a PUBLISH a snapshot length cut inside its headers: its tag, maybe cut, is not said unknown', () => {
	// A capture's rendering (`tcpdump -s 300`): the datagram's size on the wire after its
	// addresses, the PUBLISH kept to the middle of its SIP-If-Match.
	const publish = (tag: string, rest: string[]): string =>
		[
			'PUBLISH sip:alice@127.0.0.1:15790 SIP/2.0',
			'Via: SIP/2.0/UDP 127.0.0.1:15791;branch=z9hG4bK-11646-14-0',
			'From: <sip:alice@127.0.0.1>;tag=11646',
			'To: <sip:alice@127.0.0.1>',
			'Call-ID: 14-11646@127.0.0.1',
			'CSeq: 2 PUBLISH',
			`SIP-If-Match: ${tag}`,
			...rest,
		].join('\r\n');
	const cut = `2026-12-07 22:55:13.700603 127.0.0.1:15791 -> 127.0.0.1:15790 UDP (412 bytes)\r\n${publish('a.179668328', [])}`;
	assert.deepEqual(unknownTags(cut), []);
	// Whole, the same tag is said.
	const whole = `2026-12-07 22:55:13.700603 127.0.0.1:15791 -> 127.0.0.1:15790 UDP\r\n${publish('a.179668328', ['Event: presence', 'Expires: 60', 'Content-Length: 0', '', ''])}`;
	assert.deepEqual(unknownTags(whole), ['a.179668328']);
});
