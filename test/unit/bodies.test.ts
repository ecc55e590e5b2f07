// Presence bodies decoded as the RFC examples say (test/fixtures/rfc-pidf/manifest.json), and
// hostile XML refused in bounded time without expanding anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePidf } from '../../server/src/core/bodies/pidf';
import { parseXml } from '../../server/src/core/bodies/xml';
import { analyzeTrace } from '../../server/src/core/analyze';
import { decodeBody, summarizePresence } from '../../server/src/core/bodies/decodeBody';

const dir = join(__dirname, '..', 'fixtures', 'rfc-pidf');
interface Expected {
	entity: string;
	tuples: { id: string; basic: string; contact: string; notes: string[] }[];
	persons: { id: string; activities: string[]; mood: string[]; notes: string[] }[];
	notes: string[];
}
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
	documents: { file: string; decoded: Expected }[];
};

for (const doc of manifest.documents) {
	test(`${doc.file} decodes to what the RFC example says`, () => {
		const xml = parseXml(readFileSync(join(dir, doc.file), 'utf8'));
		assert.ok(xml.ok, xml.ok ? '' : xml.error);
		const p = decodePidf(xml.root)!;
		const e = doc.decoded;
		assert.equal(p.entity, e.entity);
		assert.deepEqual(
			p.tuples.map((t) => ({
				id: t.id,
				basic: t.basic,
				contact: t.contact,
				notes: t.notes.map((n) => n.text),
			})),
			e.tuples.map((t) => ({ id: t.id, basic: t.basic, contact: t.contact, notes: t.notes })),
		);
		const persons = p.components.filter((c) => c.kind === 'person');
		assert.deepEqual(
			persons.map((c) => ({
				id: c.id,
				activities: c.rich.activities,
				mood: c.rich.mood,
				notes: c.notes.map((n) => n.text),
			})),
			e.persons.map((c) => ({ id: c.id, activities: c.activities, mood: c.mood, notes: c.notes })),
		);
		assert.deepEqual(
			p.notes.map((n) => n.text),
			e.notes,
		);
	});
}

test('the presence story NOTIFY summarises to busy with its note', () => {
	const text = readFileSync(
		join(__dirname, '..', 'fixtures', 'real', 'presence-story.sip'),
		'utf8',
	);
	const a = analyzeTrace(text);
	const notify = a.messages.find(
		(m) => m.method === 'NOTIFY' && m.body && text.slice(m.body.start, m.body.end).includes('busy'),
	)!;
	assert.deepEqual(summarizePresence(decodeBody(text, notify)), {
		basic: 'open',
		activities: ['busy'],
		note: 'In a meeting until 3pm',
		// Told apart for what changed: the tuple's own, and the person's note.
		tuples: [{ id: 't-linda-1', basic: 'open', note: 'In a meeting until 3pm' }],
		ownNote: 'In a meeting until 3pm',
	});
});

test("Asterisk chan_sip's presence, activities inside the person's status (the RPID drafts' shape), reads as away", () => {
	// The NOTIFY body chan_sip sends for an extension that is away, as in the Asterisk wiki's
	// "Presence State" example (SUBSCRIBE, 401, SUBSCRIBE, 200, NOTIFY).
	const body = [
		'<?xml version="1.0" encoding="ISO-8859-1"?>',
		'<presence xmlns="urn:ietf:params:xml:ns:pidf"',
		'xmlns:pp="urn:ietf:params:xml:ns:pidf:person"',
		'xmlns:es="urn:ietf:params:xml:ns:pidf:rpid:status:rpid-status"',
		'xmlns:ep="urn:ietf:params:xml:ns:pidf:rpid:rpid-person"',
		'entity="sip:Alice@10.24.18.124">',
		'<pp:person><status>',
		'<ep:activities><ep:away/></ep:activities>',
		'</status></pp:person>',
		'<note>Unavailable</note>',
		'<tuple id="6001">',
		'<contact priority="1">sip:6001@10.24.18.124</contact>',
		'<status><basic>closed</basic></status>',
		'</tuple>',
		'</presence>',
	].join('\r\n');
	const parsed = parseXml(body);
	assert.ok(parsed.ok);
	const doc = decodePidf(parsed.root)!;
	assert.deepEqual(doc.faults, []);
	assert.deepEqual(doc.components[0]!.rich.activities, ['away']);
	assert.deepEqual(summarizePresence({ kind: 'pidf', presence: doc, problems: [] }), {
		basic: 'closed',
		activities: ['away'],
		note: 'Unavailable',
		tuples: [{ id: '6001', basic: 'closed', note: null }],
		ownNote: 'Unavailable',
	});
});

const hostile: [string, string][] = [
	[
		'billion laughs',
		`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><presence entity="&lol3;"/>`,
	],
	[
		'quadratic blowup',
		`<!DOCTYPE x [<!ENTITY a "${'x'.repeat(50_000)}">]><presence entity="${'&a;'.repeat(50_000)}"/>`,
	],
	[
		'external entity',
		`<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><presence entity="&xxe;"/>`,
	],
	['10,000-deep nesting', `${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}`],
	['10 MB attribute', `<presence entity="${'x'.repeat(10_000_000)}"/>`],
	[
		'not well-formed',
		'<presence entity="sip:a@b"><tuple id="t"><status><basic>open</basic></tuple>',
	],
];
for (const [name, xml] of hostile) {
	test(`hostile XML is refused with a reason: ${name}`, () => {
		const r = parseXml(xml);
		assert.equal(r.ok, false);
		assert.ok(!r.ok && r.error.length > 0);
		assert.ok(!JSON.stringify(r).includes('root:x:0:0'), 'nothing was read from disk');
	});
}

void test('XML that is only a declaration (a body cut after its first line): the fault says where, with no column the validator does not know', () => {
	const r = parseXml('<?xml version="1.0" encoding="UTF-8"?>');
	assert.equal(r.ok, false);
	assert.equal(!r.ok && r.error, 'XML is not well-formed: Start tag expected. (line 1)');
	const unclosed = parseXml('<presence entity="sip:a@b">');
	assert.equal(
		!unclosed.ok && unclosed.error,
		"XML is not well-formed: Unclosed tag 'presence'. (line 1, column 1)",
	);
});

test('an XML declaration whose attributes run together is not well-formed; a sound one, or none, is read', () => {
	// Multifon's RLS NOTIFY: `<?xml version="1.0"encoding="UTF-8"?>` (XML 1.0 [23], [80]).
	const glued = parseXml('<?xml version="1.0"encoding="UTF-8"?><presence entity="sip:a@b"/>');
	assert.equal(glued.ok, false);
	assert.match(
		glued.ok ? '' : glued.error,
		/XML declaration needs white space between its attributes/,
	);
	assert.equal(parseXml('<?xml encoding="UTF-8"?><presence/>').ok, false);
	for (const xml of [
		'<?xml version="1.0" encoding="UTF-8"?><presence/>',
		"<?xml version='1.0' encoding='UTF-8' standalone='no' ?>\n<presence/>",
		'<presence/>',
	])
		assert.equal(parseXml(xml).ok, true, xml);
});

test("a PIDF's contact priority outside the qvalues, two tuples of one id, a timestamp that is no date and time: each said; valid ones not", () => {
	const doc = (tuples: string, person = '') => {
		const parsed = parseXml(
			`<?xml version="1.0"?><presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" entity="sip:linda@example.com">${tuples}${person}</presence>`,
		);
		assert.ok(parsed.ok);
		return decodePidf(parsed.root)!.faults;
	};
	const tuple = (id: string, priority: string, stamp = '2026-12-07T11:40:00Z') =>
		`<tuple id="${id}"><status><basic>open</basic></status><contact priority="${priority}">sip:linda@192.0.2.1</contact><timestamp>${stamp}</timestamp></tuple>`;
	// RFC 3863 §4.4's qvalue: 0 to 1, three decimals at most; xs:dateTime, with a zone or none.
	for (const priority of ['0', '0.8', '0.125', '1', '1.000'])
		assert.deepEqual(doc(tuple('a', priority)), [], priority);
	for (const stamp of ['2026-12-07T11:40:00.123+01:00', '2026-12-07T11:40:00'])
		assert.deepEqual(doc(tuple('a', '0.5', stamp)), [], stamp);
	for (const priority of ['1.5', '0.-1', '0.1234', '2', 'high'])
		assert.match(
			doc(tuple('a', priority)).join(),
			/contact priority .*RFC 3863 §4\.1\.5/,
			priority,
		);
	assert.match(doc(tuple('q1', '0.5') + tuple('q1', '0.4')).join(), /two tuples have id "q1"/);
	assert.match(
		doc(tuple('a', '0.5', 'yesterday at noon')).join(),
		/tuple a has timestamp "yesterday at noon".*RFC 3863 §4\.1\.7/,
	);
	assert.match(
		doc(
			tuple('a', '0.5'),
			'<dm:person id="p1"><dm:timestamp>2026-12-07 11:40</dm:timestamp></dm:person>',
		).join(),
		/person p1 has timestamp/,
	);
});

test('a PIDF with a DOCTYPE of its own (internal entities) is not read, said as information: it may be sound, only its reading is refused', () => {
	const body = [
		'<?xml version="1.0"?>',
		'<!DOCTYPE presence [ <!ENTITY st "open"> ]>',
		'<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:linda@example.com">',
		'<tuple id="a"><status><basic>&st;</basic></status></tuple>',
		'</presence>',
	].join('\r\n');
	const text = [
		'PUBLISH sip:linda@example.com SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-dt1',
		'Max-Forwards: 70',
		'From: <sip:linda@example.com>;tag=l1',
		'To: <sip:linda@example.com>',
		'Call-ID: dt1@192.0.2.1',
		'CSeq: 1 PUBLISH',
		'Event: presence',
		'Expires: 3600',
		'Content-Type: application/pidf+xml',
		`Content-Length: ${Buffer.byteLength(body)}`,
		'',
		body,
	].join('\r\n');
	const said = analyzeTrace(text).problems.filter((p) => p.code === 'body.invalid');
	assert.deepEqual(
		said.map((p) => p.severity),
		['information'],
	);
	assert.match(said[0]!.message, /DOCTYPE.*not read/);
});
