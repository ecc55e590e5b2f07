// Bodies real software sends that the RFC examples do not show (test/fixtures/real-bodies/), read
// as a NOTIFY carrying them is: lint's verdict, the presence summary and the hover.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { parseXml } from '../../server/src/core/bodies/xml';
import { presenceSummaryOf } from '../../server/src/core/bodies/presenceSummaries';
import type { PresenceSummary } from '../../server/src/core/bodies/pidf';
import { bodyHover } from '../../server/src/features/bodyHover';
import type { TraceAnalysis, SipMessage } from '../../server/src/core/model';
import { bodyNotify } from './sipText';

const dir = join(__dirname, '..', 'fixtures', 'real-bodies');
const fixture = (name: string): string => readFileSync(join(dir, name), 'utf8');

/** A NOTIFY carrying the body (Content-Length in octets), as the only message of a trace. */
function notifyWith(
	body: string,
	contentType: string,
	event = 'presence',
): { analysis: TraceAnalysis; notify: SipMessage } {
	const analysis = analyzeTrace(bodyNotify(body, contentType, event));
	const notify = analysis.messages.find((m) => m.method === 'NOTIFY')!;
	return { analysis, notify };
}

/** The short state a watcher sees (basic, activities, first note), the rest of a summary aside. */
const shortState = (s: PresenceSummary | null) =>
	s && { basic: s.basic, activities: s.activities, note: s.note };

const bodyProblems = (a: TraceAnalysis): string[] =>
	a.problems.filter((p) => p.code.startsWith('body.')).map((p) => `${p.code}: ${p.message}`);

void test('a Polycom XPIDF body with its DOCTYPE is read, not refused, and says who is on the phone', () => {
	const body = fixture('polycom-vvx101-xpidf-onthephone.xml');
	const { analysis, notify } = notifyWith(body, 'application/xpidf+xml');
	assert.deepEqual(bodyProblems(analysis), []);
	assert.deepEqual(shortState(presenceSummaryOf(analysis.text, notify)), {
		basic: 'inuse',
		activities: ['onthephone'],
		note: null,
	});
	const hover = bodyHover(analysis, notify, (i) => i + 1)!;
	assert.match(
		hover,
		/\*\*Presence\*\* \(XPIDF\) of `sip:1002@bling\.babblevoice\.com;method=SUBSCRIBE`/,
	);
	assert.match(hover, /\| tuple 1385 \| inuse \| \*\*onthephone\*\* \|/);
	assert.match(hover, /sip:192\.168\.0\.86;user=ip \(priority 0\.800000\)/);
});

void test('an XPIDF body without DOCTYPE is XPIDF too: no "presence has no entity" for it', () => {
	const body = fixture('polycom-vvx101-xpidf-onthephone.xml').replace(/<!DOCTYPE[^>]*>\n/, '');
	const { analysis } = notifyWith(body, 'application/xpidf+xml');
	assert.deepEqual(bodyProblems(analysis), []);
});

void test('the same XPIDF document labelled application/pidf+xml is reported as the wrong format', () => {
	const { analysis } = notifyWith(
		fixture('polycom-vvx101-xpidf-onthephone.xml'),
		'application/pidf+xml',
	);
	const problems = bodyProblems(analysis);
	assert.equal(problems.length, 1);
	assert.match(problems[0]!, /^body\.invalid: .*an XPIDF document .*not PIDF/);
});

void test('a DOCTYPE naming only an external DTD is skipped; one with declarations is still refused', () => {
	const xpidf = fixture('polycom-vvx101-xpidf-onthephone.xml');
	const read = parseXml(xpidf);
	assert.ok(read.ok, read.ok ? '' : read.error);
	// With an internal subset (entities can hide there) the document is refused as before.
	const withSubset = xpidf.replace(
		'"xpidf.dtd">',
		'"xpidf.dtd" [<!ATTLIST presence a CDATA "x">]>',
	);
	const refused = parseXml(withSubset);
	assert.ok(!refused.ok);
	assert.match(refused.error, /DOCTYPE/);
	// Not in the prolog (after the root element starts): refused, not skipped.
	const late = parseXml('<presence><!DOCTYPE presence SYSTEM "x.dtd"></presence>');
	assert.ok(!late.ok);
	// A fault after the blanked DOCTYPE is still reported where it is (the DOCTYPE spans two lines).
	const broken = parseXml(xpidf.replace('<atom id="1385">', '<atom id="1385"'));
	assert.ok(!broken.ok);
	assert.match(broken.error, /line 7,/);
});

void test('the RPID draft form eXosip2 and old linphone send (<es:activity>busy</es:activity>) reads as busy', () => {
	const body = fixture('linphone-exosip-rpid-draft-busy.xml');
	const { analysis, notify } = notifyWith(body, 'application/pidf+xml');
	assert.deepEqual(bodyProblems(analysis), []);
	assert.deepEqual(shortState(presenceSummaryOf(analysis.text, notify)), {
		basic: 'open',
		activities: ['busy'],
		note: 'busy',
	});
});

void test('a tuple whose <status/> is empty is valid PIDF (basic is optional, RFC 3863 §4.1.4)', () => {
	const body =
		'<?xml version="1.0"?>\n<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:bob@example.org">\n<tuple id="t1"><status/></tuple>\n<tuple id="t2"><status></status></tuple>\n</presence>';
	const { analysis } = notifyWith(body, 'application/pidf+xml');
	assert.deepEqual(bodyProblems(analysis), []);
	// A tuple with no status element at all is still a fault.
	const missing = notifyWith(body.replace('<status/>', ''), 'application/pidf+xml');
	assert.deepEqual(bodyProblems(missing.analysis), [
		'body.invalid: The application/pidf+xml body is not valid: tuple t1 has no status (RFC 3863 §4.1.4).',
	]);
	// So is a tuple without its id, by which a watcher tells tuples apart (RFC 3863 §4.1.2).
	const noId = notifyWith(body.replace('<tuple id="t2">', '<tuple>'), 'application/pidf+xml');
	assert.deepEqual(bodyProblems(noId.analysis), [
		'body.invalid: The application/pidf+xml body is not valid: a tuple has no id attribute (RFC 3863 §4.1.2).',
	]);
	// A basic other than open or closed (baresip 1.0's `<basic>?</basic>`) is a fault too.
	const unknown = notifyWith(
		body.replace('<status/>', '<status><basic>?</basic></status>'),
		'application/pidf+xml',
	);
	assert.deepEqual(bodyProblems(unknown.analysis), [
		'body.invalid: The application/pidf+xml body is not valid: tuple t1 has basic "?": it is open or closed (RFC 3863 §4.1.4).',
	]);
});

void test('PIDF sent as application/cpim-pidf+xml (sofia-sip) is read and checked as PIDF', () => {
	const body = fixture('sofia-sip-cpim-pidf-closed.xml');
	const { analysis, notify } = notifyWith(body, 'application/cpim-pidf+xml');
	assert.deepEqual(bodyProblems(analysis), []);
	assert.deepEqual(shortState(presenceSummaryOf(analysis.text, notify)), {
		basic: 'closed',
		activities: [],
		note: null,
	});
	// What lint says of a broken application/pidf+xml body it says of this type too.
	const broken = notifyWith(body.replace(/<status>.*<\/status>/, ''), 'application/cpim-pidf+xml');
	assert.deepEqual(bodyProblems(broken.analysis), [
		'body.invalid: The application/cpim-pidf+xml body is not valid: tuple ksac9udshce has no status (RFC 3863 §4.1.4).',
	]);
	const notPresence = notifyWith('<note>away</note>', 'application/cpim-pidf+xml');
	assert.match(bodyProblems(notPresence.analysis)[0] ?? '', /root element is not <presence>/);
});

void test('Microsoft enhanced presence categories show each category with its availability named', () => {
	const body = fixture('ms-pres-categories-state.xml');
	const { analysis, notify } = notifyWith(body, 'application/msrtc-event-categories+xml');
	assert.deepEqual(bodyProblems(analysis), []);
	const hover = bodyHover(analysis, notify, (i) => i + 1)!;
	assert.match(
		hover,
		/\*\*Presence\*\* \(Microsoft enhanced presence categories\) of `sip:alice@contoso\.com`/,
	);
	assert.match(hover, /\| state 1 \| availability 3500 \(Available\) \|/);
});

void test('a batched NOTIFY whose parts are text/xml+msrtc.pidf shows each part decoded', () => {
	const body = fixture('ms-sip-batched-notify-msrtc-pidf.mime');
	const { analysis, notify } = notifyWith(
		body,
		'multipart/related; type="application/rlmi+xml";start=resourceList; boundary=50UBfW7LSCVLtggUPe5z',
	);
	assert.deepEqual(bodyProblems(analysis), []);
	const hover = bodyHover(analysis, notify, (i) => i + 1)!;
	assert.match(hover, /\*\*Resource list\*\* `sip:watcher@tradewind\.com`/);
	assert.match(
		hover,
		/\*\*Presence\*\* \(Microsoft text\/xml\+msrtc\.pidf\) of `contact1@tradewind\.com`/,
	);
	assert.match(
		hover,
		/\| availability \| 300 \|\n\| activity \| 500 \|\n\| display name \| Dave \|/,
	);
});

void test('status extension elements are shown with the tuple status (RFC 3863 §4.1.4)', () => {
	const body = readFileSync(
		join(__dirname, '..', 'fixtures', 'rfc-pidf', 'rfc3863-b-status-extension.xml'),
		'utf8',
	);
	const { analysis, notify } = notifyWith(body, 'application/pidf+xml');
	const hover = bodyHover(analysis, notify, (i) => i + 1)!;
	assert.match(hover, /\| tuple ub93s3 \| open \(location home\) \|/);
	// An extension with attributes only, as Asterisk writes for Digium phones.
	const digium = notifyWith(
		'<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:6002@pbx"><tuple id="digium-presence"><status>\n<digium_presence type="away" subtype=""></digium_presence>\n</status></tuple></presence>',
		'application/pidf+xml',
	);
	assert.match(
		bodyHover(digium.analysis, digium.notify, (i) => i + 1)!,
		/\| tuple digium-presence \| \(digium\\_presence type=away\) \|/,
	);
});

void test('a dialog without <state> says so in the hover instead of an empty bold cell', () => {
	const body =
		'<?xml version="1.0"?>\n<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="3" state="full" entity="sip:103@pbx">\n<dialog id="103"></dialog>\n</dialog-info>';
	const { analysis, notify } = notifyWith(body, 'application/dialog-info+xml', 'dialog');
	const hover = bodyHover(analysis, notify, (i) => i + 1)!;
	assert.match(hover, /\| 103 \| no state ⚠ RFC 4235 §4\.1\.2 requires one \|/);
	assert.doesNotMatch(hover, /\*\*\*\*/);
});

void test('an RCS capability document shows the service and capabilities of each tuple', () => {
	// T-Mobile US: one tuple per service, named by OMA's service-description, the MMTel tuple with
	// RFC 5196 capabilities.
	const { analysis, notify } = notifyWith(
		fixture('tmobile-rcs-capabilities-pidf.xml'),
		'application/pidf+xml',
	);
	assert.deepEqual(bodyProblems(analysis), []);
	const hover = bodyHover(analysis, notify, (i) => i + 1)!;
	assert.match(hover, /\| service, capabilities, more \|\n/);
	assert.match(
		hover,
		/\| tuple SessModeMessa \| open \|.*\| service org\.openmobilealliance:ChatSession 2\.0 \(Session Mode Messaging\) \|\n/,
	);
	assert.match(
		hover,
		/\| tuple VOLTE26642334 \| open \|.*\| service org\.3gpp\.urn:urn-7:3gpp-service\.ims\.icsi\.mmtel 1\.0 \(IPVideoCall\); capabilities audio, no video, duplex full \|\n/,
	);
	assert.equal(hover.match(/^\| tuple /gm)?.length, 5);
});
