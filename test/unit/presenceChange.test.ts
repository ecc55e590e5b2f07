// Hover's "Changed since" of a presence document, as a presence engineer reads a modify: every
// element compared with the same element before (by tuple, person and device id), whatever RPID
// detail changed, the order of a composed document aside; and against what the same watcher saw
// before, in time, even in a file grouped by dialog (sngrep's save). The documents are shaped as
// Kamailio's presence_xml composes what SIPp publishers sent it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXml } from '../../server/src/core/bodies/xml';
import { decodePidf } from '../../server/src/core/bodies/pidf';
import { diffPresenceElements, presenceElements } from '../../server/src/core/bodies/presenceFacts';
import { analyzeTrace } from '../../server/src/core/analyze';
import { bodyHover } from '../../server/src/features/bodyHover';
import { sipMessage } from './sipText';

const ns =
	'xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid"';

function elements(inner: string) {
	const parsed = parseXml(
		`<?xml version="1.0"?><presence ${ns} entity="sip:dave@example.org">${inner}</presence>`,
	);
	assert.ok(parsed.ok);
	return presenceElements(decodePidf(parsed.root)!);
}

const phone = (note: string) =>
	`<tuple id="dave-phone"><status><basic>open</basic></status><contact>sip:dave@192.0.2.1</contact></tuple>` +
	`<dm:person id="dave-p"><rpid:activities><rpid:on-the-phone/></rpid:activities><dm:note>${note}</dm:note></dm:person>`;
const pc = (place: string) =>
	`<tuple id="dave-pc"><status><basic>open</basic></status><dm:deviceID>urn:dev:pc</dm:deviceID></tuple>` +
	`<dm:person id="dave-p"><rpid:activities><rpid:working/></rpid:activities><rpid:place-type><rpid:${place}/></rpid:place-type></dm:person>`;

void test('a modify of one RPID element is told, element by element (RFC 4480, RFC 3903 §4.4)', () => {
	const mood = (m: string, note: string) =>
		elements(
			`<tuple id="t1"><status><basic>open</basic></status></tuple><dm:person id="p1"><rpid:mood><rpid:note>${note}</rpid:note><rpid:${m}/></rpid:mood><rpid:user-input>active</rpid:user-input></dm:person>`,
		);
	assert.deepEqual(
		diffPresenceElements(mood('angry', 'Stuck in traffic'), mood('happy', 'Traffic cleared')),
		['person p1: mood angry → happy, mood note "Stuck in traffic" → "Traffic cleared"'],
	);
	const until = (t: string) =>
		elements(
			`<dm:person id="p1"><rpid:activities until="2026-12-07T${t}:00Z"><rpid:meeting/></rpid:activities></dm:person>`,
		);
	assert.deepEqual(diffPresenceElements(until('17:00'), until('19:30')), [
		'person p1: activities valid until 2026-12-07T17:00:00Z (meeting) → until 2026-12-07T19:30:00Z (meeting)',
	]);
	assert.deepEqual(diffPresenceElements(until('17:00'), until('17:00')), []);
});

void test("a composed document: another order is no change, and one element's note is never compared with another's", () => {
	// Kamailio composes the two devices' publications in the order it holds them.
	const a = elements(phone('Phone') + pc('office'));
	const b = elements(pc('office') + phone('Phone'));
	assert.deepEqual(diffPresenceElements(a, b), []);
	// The pc's person moves to a cafe; the phone's note is the phone's.
	assert.deepEqual(diffPresenceElements(a, elements(phone('Phone') + pc('cafe'))), [
		'person dave-p: place office → cafe',
	]);
	// The pc's publication is removed: its tuple and what it said of the person go.
	assert.deepEqual(diffPresenceElements(a, elements(phone('Phone'))), [
		'person dave-p: activities on-the-phone, working → on-the-phone, place removed',
		'dave-pc removed',
	]);
});

void test('a removal tells what is gone by name, not every value again', () => {
	const full = elements(
		`<tuple id="t-voice"><status><basic>open</basic></status><contact priority="0.8">sip:alice@192.0.2.1</contact><note>Desk</note><rpid:class>voice-line</rpid:class></tuple><dm:person id="p1"><rpid:activities><rpid:busy/></rpid:activities></dm:person>`,
	);
	const closed = elements(`<tuple id="t-voice"><status><basic>closed</basic></status></tuple>`);
	assert.deepEqual(diffPresenceElements(full, closed), [
		't-voice: basic open → closed, contact, note, class removed',
		'person p1 removed',
	]);
});

void test('a note that changes language, an activity moved to another window and an equal priority are told right', () => {
	const note = (lang: string) =>
		elements(
			`<tuple id="t1"><status><basic>open</basic></status><note xml:lang="${lang}">OK</note></tuple>`,
		);
	assert.deepEqual(diffPresenceElements(note('en'), note('de')), [
		't1: note "OK" (en) → "OK" (de)',
	]);
	// RFC 4480 §3.2: each <activities> holds for its own window.
	const windows = (a: string, b: string) =>
		elements(
			`<dm:person id="p1"><rpid:activities from="2026-12-07T10:00:00Z" until="2026-12-07T12:00:00Z"><rpid:${a}/></rpid:activities><rpid:activities from="2026-12-07T18:00:00Z" until="2026-12-07T22:00:00Z"><rpid:${b}/></rpid:activities></dm:person>`,
		);
	assert.equal(
		diffPresenceElements(windows('meeting', 'dinner'), windows('dinner', 'meeting')).length,
		1,
	);
	// A qvalue: 0.8 and 0.80 are one priority (RFC 3261 §25.1).
	const priority = (q: string) =>
		elements(
			`<tuple id="k1"><status><basic>open</basic></status><contact priority="${q}">sip:k@192.0.2.1</contact></tuple>`,
		);
	assert.deepEqual(diffPresenceElements(priority('0.8'), priority('0.80')), []);
	assert.deepEqual(diffPresenceElements(priority('0.8'), priority('0.3')), [
		'k1: contact sip:k@192.0.2.1 (priority 0.8) → sip:k@192.0.2.1 (priority 0.3)',
	]);
	// The document's own notes going: said as notes, not as a document removed.
	const doc = (notes: string) =>
		elements(`<tuple id="t1"><status><basic>open</basic></status></tuple>${notes}`);
	assert.deepEqual(diffPresenceElements(doc('<note xml:lang="en">Doc A</note>'), doc('')), [
		'note removed',
	]);
});

// A header-line trace: each message with its time, in the order given (not necessarily time order).
function trace(messages: readonly { time: string; text: string }[]): string {
	return messages
		.map((m) => `2026-12-07 15:25:${m.time} 192.0.2.10:5060 -> 192.0.2.20:5060\n${m.text}\n`)
		.join('\n');
}

function notify(watcher: string, cseq: number, note: string): string {
	const body = `<?xml version="1.0"?><presence ${ns} entity="sip:alice@example.org"><tuple id="t1"><status><basic>open</basic></status><note>${note}</note></tuple></presence>`;
	return sipMessage(
		`NOTIFY sip:${watcher}@192.0.2.20 SIP/2.0`,
		[
			`Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-${watcher}-${cseq}`,
			'Max-Forwards: 70',
			'From: <sip:alice@example.org>;tag=srv',
			`To: <sip:${watcher}@example.org>;tag=${watcher}`,
			`Call-ID: sub-${watcher}`,
			`CSeq: ${cseq} NOTIFY`,
			'Contact: <sip:192.0.2.10:5060>',
			'Event: presence',
			'Subscription-State: active;expires=600',
			'Content-Type: application/pidf+xml',
		],
		body,
	);
}

void test("a watcher's NOTIFY is compared with what the same watcher saw before, in time, even grouped by dialog", () => {
	// As sngrep saves it: w1's dialog, then w2's, each in time order; w2's first NOTIFY came
	// before w1's second.
	const text = trace([
		{ time: '10.000', text: notify('w1', 1, 'Available') },
		{ time: '30.000', text: notify('w1', 2, 'Gone home') },
		{ time: '20.000', text: notify('w2', 1, 'Available') },
		{ time: '25.000', text: notify('w2', 2, 'In a meeting') },
	]);
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 4);
	const lineOf = (i: number): number => i + 1;
	const hover = (i: number): string => bodyHover(a, a.messages[i]!, lineOf)!;
	// w2's first NOTIFY is its whole state: nothing it saw before (not w1's later NOTIFY).
	assert.doesNotMatch(hover(2), /since the/);
	assert.match(
		hover(3),
		/\*\*Changed\*\* since the NOTIFY at line 3: t1: note "Available" → "In a meeting"/,
	);
	assert.match(
		hover(1),
		/\*\*Changed\*\* since the NOTIFY at line 1: t1: note "Available" → "Gone home"/,
	);
});
