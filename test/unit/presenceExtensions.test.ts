// The elements a PIDF tuple, person or device carries beyond PIDF's and RPID's own are shown in a
// few words each, from the RFCs' own examples: a user reading a NOTIFY sees all it says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePidf } from '../../server/src/core/bodies/pidf';
import { parseXml } from '../../server/src/core/bodies/xml';
import { analyzeTrace } from '../../server/src/core/analyze';
import { bodyHover } from '../../server/src/features/bodyHover';
import { bodyNotify } from './sipText';

function decode(xml: string) {
	const parsed = parseXml(xml);
	assert.ok(parsed.ok);
	const doc = decodePidf(parsed.root);
	assert.ok(doc);
	return doc;
}

const rfcPidf = (name: string): string =>
	readFileSync(join(__dirname, '..', 'fixtures', 'rfc-pidf', name), 'utf8');

void test('a tuple extension and a presence extension of RFC 3863 are read with their text', () => {
	const doc = decode(rfcPidf('rfc3863-d-tuple-extension.xml'));
	assert.deepEqual(
		doc.tuples.map((t) => t.extensions),
		[['mytupletag Extended value in tuple'], []],
	);
	assert.deepEqual(doc.extensions, ['mytag My extended presentity information']);
	const a = analyzeTrace(
		bodyNotify(rfcPidf('rfc3863-d-tuple-extension.xml'), 'application/pidf+xml', 'presence'),
	);
	const hover = bodyHover(a, a.messages[0]!, (i) => i + 1)!;
	assert.match(hover, /\| tuple ck38g9 \|.*\| mytupletag Extended value in tuple \|\n/);
	assert.match(hover, /\n\nalso: mytag My extended presentity information/);
});

void test("RPID's place-is, time-offset, relationship and service-class are shown (RFC 4480 §3)", () => {
	const doc = decode(rfcPidf('rfc4480-rpid-example.xml'));
	const person = doc.components.find((c) => c.kind === 'person')!;
	assert.ok(person.extensions.includes('place is audio noisy'), String(person.extensions));
	assert.ok(
		person.extensions.some((e) => /^time offset -240 min/.test(e)),
		String(person.extensions),
	);
	const tuple = doc.tuples[0]!;
	assert.ok(tuple.extensions.includes('relationship self'), String(tuple.extensions));
	assert.ok(tuple.extensions.includes('service class electronic'), String(tuple.extensions));
	assert.ok(tuple.extensions.includes('device urn:device:0003ba4811e3'), String(tuple.extensions));
});

void test('a timed status (RFC 4481) says what the status will be and when', () => {
	// RFC 4481 §3.2's example.
	const doc = decode(`<?xml version="1.0" encoding="UTF-8"?>
<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:ts="urn:ietf:params:xml:ns:pidf:timed-status" entity="pres:someone@example.com">
  <tuple id="c8dqui">
    <status><basic>open</basic></status>
    <ts:timed-status from="2005-08-15T10:20:00.000-05:00" until="2005-08-22T19:30:00.000-05:00">
      <basic>closed</basic>
    </ts:timed-status>
    <contact>sip:Vincent@example.com</contact>
  </tuple>
</presence>`);
	assert.deepEqual(doc.tuples[0]!.extensions, [
		'timed status closed from 2005-08-15T10:20:00.000-05:00 until 2005-08-22T19:30:00.000-05:00',
	]);
	assert.equal(doc.tuples[0]!.basic, 'open');
});

void test('contact information (RFC 4482) and OMA willingness are read from a person', () => {
	const doc = decode(`<?xml version="1.0" encoding="UTF-8"?>
<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"
  xmlns:c="urn:ietf:params:xml:ns:pidf:cipid" xmlns:op="urn:oma:xml:prs:pidf:oma-pres" entity="pres:hgs@example.com">
  <dm:person id="p1">
    <c:card>http://example.com/~hgs/card</c:card>
    <c:display-name>Henning Schulzrinne</c:display-name>
    <c:homepage>http://example.com/~hgs</c:homepage>
    <c:icon>http://example.com/~hgs/icon.gif</c:icon>
    <op:overriding-willingness><op:basic>closed</op:basic></op:overriding-willingness>
  </dm:person>
</presence>`);
	assert.deepEqual(doc.components[0]!.extensions, [
		'card http://example.com/~hgs/card',
		'display name Henning Schulzrinne',
		'homepage http://example.com/~hgs',
		'icon http://example.com/~hgs/icon.gif',
		'overriding willingness closed',
	]);
});

void test('the presence table has the columns its document fills, and hostile extensions stay bounded', () => {
	// A bare tuple with a contact (RFC 3863 §A): no activities, note, timestamp or extensions.
	const plain = analyzeTrace(
		bodyNotify(rfcPidf('rfc3863-a-prefixed-ns.xml'), 'application/pidf+xml', 'presence'),
	);
	const hover = bodyHover(plain, plain.messages[0]!, (i) => i + 1)!;
	assert.match(hover, /\| {2}\| status \| contact \|\n\| --- \| --- \| --- \|\n/);
	assert.match(hover, /\| tuple sg89ae \| open \| tel:\+09012345678 \(priority 0\.8\) \|/);
	// RFC 4480's example fills activities, notes and timestamps, not contact.
	const rich = analyzeTrace(
		bodyNotify(rfcPidf('rfc4480-rpid-example.xml'), 'application/pidf+xml', 'presence'),
	);
	const richHover = bodyHover(rich, rich.messages[0]!, (i) => i + 1)!;
	assert.match(richHover, /\| status \| activities, mood, place \| note \|/);
	const many = Array.from({ length: 500 }, (_, i) => `<x${i}>${'v'.repeat(400)}</x${i}>`).join('');
	const doc = decode(
		`<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:a@b"><tuple id="t"><status><basic>open</basic></status>${many}</tuple></presence>`,
	);
	assert.ok(doc.tuples[0]!.extensions.length <= 12);
	assert.ok(doc.tuples[0]!.extensions.every((e) => e.length <= 160));
});

void test("RPID's times, notes, class, icon and last input are shown (RFC 4480 §3.1, §3.4)", () => {
	const doc = decode(rfcPidf('rfc4480-rpid-example.xml'));
	const person = doc.components.find((c) => c.kind === 'person')!;
	const said = (c: typeof person): string[] => c.rich.details.map((d) => `${d.label} ${d.value}`);
	assert.deepEqual(said(person), [
		'activities valid from 2005-05-30T12:00:00+05:00 until 2005-05-30T17:00:00+05:00 (away)',
		'activities note "Far away"',
	]);
	const device = doc.components.find((c) => c.kind === 'device')!;
	assert.deepEqual(said(device), ['last input 2004-10-21T13:20:00-05:00', 'idle threshold 600 s']);
	const a = analyzeTrace(
		bodyNotify(rfcPidf('rfc4480-rpid-example.xml'), 'application/pidf+xml', 'presence'),
	);
	const hover = bodyHover(a, a.messages[0]!, (i) => i + 1)!;
	const row = (who: string): string => hover.split('\n').find((l) => l.startsWith(`| ${who}`))!;
	assert.match(row('person p1'), /class calendar, icon http:\/\/example\.com\/play\.gif/);
	assert.match(
		row('person p1'),
		/activities valid from 2005-05-30T12:00:00\+05:00 until 2005-05-30T17:00/,
	);
	assert.match(row('person p1'), /activities note "Far away"/);
	assert.match(row('tuple eg92n8'), /class email, icon http:\/\/example\.com\/mail\.png/);
	assert.match(
		row('device pc147'),
		/user input idle, last input 2004-10-21T13:20:00-05:00; idle threshold 600 s/,
	);
});
