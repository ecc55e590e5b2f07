// A presence NOTIFY's PIDF is the presentity's (RFC 3863 §4.1.1: `entity` is its URI); Asterisk's
// chan_sip filled in the watcher instead (its "Configuring chan_sip for Presence Subscriptions"
// page shows it), and a watcher then takes the state for its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const notify = (entity: string): string => {
	const body = [
		'<?xml version="1.0" encoding="ISO-8859-1"?>',
		`<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="${entity}">`,
		'<tuple id="6001"><status><basic>open</basic></status><contact priority="1">sip:6001@10.24.18.124</contact></tuple>',
		'</presence>',
		'',
	].join('\r\n');
	return [
		'NOTIFY sip:Alice@10.24.20.57:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 10.24.18.124:5060;branch=z9hG4bK5d7f5ff6;rport',
		'Max-Forwards: 70',
		'From: <sip:6001@10.24.18.124;transport=UDP>;tag=as1bcb2a7c',
		'To: "Alice" <sip:Alice@10.24.18.124>;tag=6ad0a5e5',
		'Contact: <sip:6001@10.24.18.124:5060>',
		'Call-ID: 4e3f6e4b5d6b9c6d@10.24.20.57',
		'CSeq: 102 NOTIFY',
		'Event: presence',
		'Subscription-State: active',
		'Content-Type: application/pidf+xml',
		`Content-Length: ${body.length}`,
		'',
		body,
	].join('\r\n');
};

const said = (text: string): string[] =>
	analyzeTrace(text)
		.problems.filter((p) => p.code.startsWith('pidf.'))
		.map((p) => `${p.code} ${p.severity}`);

void test("a presence NOTIFY whose PIDF entity is the watcher's URI is said; the presentity's is fine", () => {
	assert.deepEqual(said(notify('sip:Alice@10.24.18.124')), ['pidf.entity-not-presentity warning']);
	assert.deepEqual(said(notify('sip:6001@10.24.18.124')), []);
	// The pres: form of the presentity's URI (RFC 3863's own examples) is its URI too.
	assert.deepEqual(said(notify('pres:6001@10.24.18.124')), []);
	// An alias, neither party's URI, is not judged: the presence server may know it.
	assert.deepEqual(said(notify('sip:alice.home@example.com')), []);
});

void test('said on the entity as the body writes it, not on the XML declaration', () => {
	const text = notify('sip:Alice@10.24.18.124');
	const found = analyzeTrace(text).problems.filter((p) => p.code === 'pidf.entity-not-presentity');
	assert.equal(found.length, 1);
	const { start, end } = found[0]!.span;
	assert.equal(text.slice(start, end), 'sip:Alice@10.24.18.124');
	assert.ok(text.slice(start - 8, start) === 'entity="');
});
