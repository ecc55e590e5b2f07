// The reg event package (RFC 3680): registration documents (application/reginfo+xml) decoded,
// checked by lint (a document that is not one, a version that does not go up within a
// subscription), named in the outline and shown on hover; on hand-written documents in the shape
// of RFC 3680 §5.3 and §6, and on test/fixtures/real/reginfo-alice.*, where Kamailio's presence
// server NOTIFYs alice's bindings (test/fixtures/README.md). What the real trace must yield is read
// from its own text, without the analyser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import { decodeBodyText } from '../../server/src/core/bodies/decodeBody';
import { createTraceDocument } from '../../server/src/traceDocument';
import { provideHover } from '../../server/src/features/hover';
import { messageTitle } from '../../server/src/features/messageNames';

// RFC 3680 §5.3: one AoR, a binding registered for two hours and one that expired.
const example = `<?xml version="1.0"?>
<reginfo xmlns="urn:ietf:params:xml:ns:reginfo"
         version="0" state="full">
  <registration aor="sip:user@example.com" id="as9"
                state="active">
    <contact id="76" state="active" event="registered"
             duration-registered="7322"
             q="0.8">
             <uri>sip:user@pc887.example.com</uri>
    </contact>
    <contact id="77" state="terminated" event="expired"
             duration-registered="3600"
             q="0.5">
             <uri>sip:user@university.edu</uri>
    </contact>
  </registration>
</reginfo>
`;

// RFC 3680 §6: joe's registration as his watcher sees it: nothing yet (init), his phone
// registered (partial, version 1), then the binding expired (partial, version 2).
const joeInit = `<?xml version="1.0"?>
<reginfo xmlns="urn:ietf:params:xml:ns:reginfo" version="0" state="full">
  <registration aor="sip:joe@example.com" id="a7" state="init" />
</reginfo>`;
const joeRegistered = `<?xml version="1.0"?>
<reginfo xmlns="urn:ietf:params:xml:ns:reginfo" version="1" state="partial">
  <registration aor="sip:joe@example.com" id="a7" state="active">
    <contact id="76" state="active" event="registered" duration-registered="0">
      <uri>sip:joe@pc34.example.com</uri>
    </contact>
  </registration>
</reginfo>`;
const joeExpired = `<?xml version="1.0"?>
<reginfo xmlns="urn:ietf:params:xml:ns:reginfo" version="2" state="partial">
  <registration aor="sip:joe@example.com" id="a7" state="terminated">
    <contact id="76" state="terminated" event="expired" duration-registered="3600">
      <uri>sip:joe@pc34.example.com</uri>
    </contact>
  </registration>
</reginfo>`;

const type = 'application/reginfo+xml';
const decode = (xml: string) => decodeBodyText(xml, type);

void test('RFC 3680 §5.3: every registration and contact with its attributes', () => {
	const d = decode(example);
	assert.equal(d.kind, 'reginfo');
	if (d.kind !== 'reginfo') return;
	assert.deepEqual(d.problems, []);
	assert.equal(d.reginfo.version, '0');
	assert.equal(d.reginfo.state, 'full');
	assert.equal(d.reginfo.registrations.length, 1);
	const r = d.reginfo.registrations[0]!;
	assert.deepEqual([r.aor, r.id, r.state], ['sip:user@example.com', 'as9', 'active']);
	assert.deepEqual(
		r.contacts.map((c) => [c.id, c.state, c.event, c.durationRegistered, c.q, c.uri]),
		[
			['76', 'active', 'registered', '7322', '0.8', 'sip:user@pc887.example.com'],
			['77', 'terminated', 'expired', '3600', '0.5', 'sip:user@university.edu'],
		],
	);
});

void test('RFC 3680 §6: init, then partial documents with what changed', () => {
	const init = decode(joeInit);
	assert.equal(init.kind, 'reginfo');
	if (init.kind !== 'reginfo') return;
	assert.deepEqual(init.problems, []);
	assert.equal(init.reginfo.registrations[0]!.state, 'init');
	assert.deepEqual(init.reginfo.registrations[0]!.contacts, []);
	for (const [xml, version, state, event] of [
		[joeRegistered, '1', 'active', 'registered'],
		[joeExpired, '2', 'terminated', 'expired'],
	] as const) {
		const d = decode(xml);
		assert.equal(d.kind, 'reginfo');
		if (d.kind !== 'reginfo') return;
		assert.deepEqual(d.problems, []);
		assert.equal(d.reginfo.state, 'partial');
		assert.equal(d.reginfo.version, version);
		const r = d.reginfo.registrations[0]!;
		assert.equal(r.state, state);
		assert.deepEqual(
			r.contacts.map((c) => [c.state, c.event, c.uri]),
			[[state, event, 'sip:joe@pc34.example.com']],
		);
	}
});

void test('a prefixed namespace, a display name, unknown parameters and all contact attributes', () => {
	const d = decode(`<?xml version="1.0" encoding="UTF-8"?>
<r:reginfo xmlns:r="urn:ietf:params:xml:ns:reginfo" version="7" state="partial">
  <r:registration aor="sip:+15551234@ims.example.net" id="r1" state="active">
    <r:contact id="c1" state="active" event="shortened" expires="120" q="1.0"
        callid="a84b4c76e66710" cseq="314159" retry-after="30">
      <r:uri>sip:+15551234@[2001:db8::1]:5060;transport=tcp</r:uri>
      <r:display-name xml:lang="en">Alice &amp; Co</r:display-name>
      <r:unknown-param name="+sip.instance">&lt;urn:uuid:f81d4fae&gt;</r:unknown-param>
      <r:unknown-param name="audio"/>
    </r:contact>
  </r:registration>
</r:reginfo>`);
	assert.equal(d.kind, 'reginfo');
	if (d.kind !== 'reginfo') return;
	assert.deepEqual(d.problems, []);
	const c = d.reginfo.registrations[0]!.contacts[0]!;
	assert.deepEqual(
		[c.event, c.expires, c.q, c.callId, c.cseq, c.retryAfter],
		['shortened', '120', '1.0', 'a84b4c76e66710', '314159', '30'],
	);
	assert.equal(c.uri, 'sip:+15551234@[2001:db8::1]:5060;transport=tcp');
	assert.equal(c.displayName, 'Alice & Co');
	assert.deepEqual(c.unknownParams, [
		{ name: '+sip.instance', value: '<urn:uuid:f81d4fae>' },
		{ name: 'audio', value: '' },
	]);
	// Without a Content-Type, the root element says what it is.
	assert.equal(decodeBodyText(joeInit, 'application/xml').kind, 'reginfo');
});

void test('junk: not reginfo, missing what the schema requires, hostile XML; never throws', () => {
	const problems = (xml: string): string => {
		const d = decode(xml);
		assert.notEqual(d.kind, 'none');
		return d.kind === 'none' ? '' : d.problems.join('; ');
	};
	assert.match(
		problems('<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:a@b"/>'),
		/root element is <presence>, not <reginfo> \(RFC 3680 §5\.1\)/,
	);
	assert.match(problems('<reginfo version="0" state="full"><registration'), /not well-formed/);
	assert.match(
		problems('<!DOCTYPE r [<!ENTITY a "aaaa">]><reginfo version="0" state="full"/>'),
		/DOCTYPE/,
	);
	assert.match(problems(`<r>${'<a>'.repeat(100)}${'</a>'.repeat(100)}</r>`), /nesting deeper/);
	const missing = problems(
		'<reginfo xmlns="urn:ietf:params:xml:ns:reginfo" state="whole">' +
			'<registration id="x" state="gone"><contact id="c" state="active" event="moved"/></registration>' +
			'</reginfo>',
	);
	assert.match(missing, /<reginfo> has no version attribute/);
	assert.match(missing, /<reginfo> state "whole" is not one of full, partial/);
	assert.match(missing, /<registration> 1 has no aor attribute/);
	assert.match(missing, /state "gone" is not one of init, active, terminated/);
	assert.match(missing, /<contact> 1 of registration 1 has no <uri>/);
	assert.match(missing, /event "moved" is not one of registered, created/);
	assert.match(
		problems(
			'<reginfo version="v1" state="full"><registration aor="sip:a@b" id="r" state="active">' +
				'<contact id="c" state="active" event="created" expires="-5"><uri>sip:a@h</uri></contact>' +
				'</registration></reginfo>',
		),
		/version "v1" is not a number; <contact> sip:a@h of sip:a@b expires "-5" is not a number/,
	);
	for (const junk of ['', '<', 'reginfo', '<reginfo/>', '<reginfo>text</reginfo>', '\u0000<x>']) {
		assert.doesNotThrow(() => decode(junk), junk);
	}
});

// --- lint, outline and hover on a trace -----------------------------------------------------

const watcher = '<sip:pcscf@example.com>;tag=w1';

function subscribe(callId: string): string {
	return [
		'SUBSCRIBE sip:joe@example.com SIP/2.0',
		`Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK${callId}s`,
		'Max-Forwards: 70',
		`From: ${watcher}`,
		'To: <sip:joe@example.com>',
		`Call-ID: ${callId}`,
		'CSeq: 1 SUBSCRIBE',
		'Event: reg',
		'Accept: application/reginfo+xml',
		'Expires: 600',
		'Contact: <sip:pcscf@192.0.2.10:5060>',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
}

function notify(callId: string, cseq: number, xml: string): string {
	const body = xml.endsWith('\n') ? xml : `${xml}\r\n`;
	return [
		'NOTIFY sip:pcscf@192.0.2.10:5060 SIP/2.0',
		`Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK${callId}n${cseq}`,
		'Max-Forwards: 70',
		'From: <sip:joe@example.com>;tag=r1',
		`To: ${watcher}`,
		`Call-ID: ${callId}`,
		`CSeq: ${cseq} NOTIFY`,
		'Event: reg',
		'Subscription-State: active;expires=600',
		'Content-Type: application/reginfo+xml',
		`Content-Length: ${Buffer.byteLength(body)}`,
		'',
		body,
	].join('\r\n');
}

const withVersion = (xml: string, version: number, state = 'partial'): string =>
	xml.replace(/version="\d+" state="\w+"/, `version="${version}" state="${state}"`);

void test('lint: a body that is not a registration document, with RFC 3680 §5.1', () => {
	const trace =
		subscribe('c1') +
		notify('c1', 1, joeInit) +
		notify('c1', 2, '<reginfo version="1" state="partial"><registration id="a7"/></reginfo>') +
		notify('c1', 3, '<reginfo version="2"><registration') +
		notify('c1', 4, '<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info"/>');
	const a = analyzeTrace(trace);
	const invalid = a.problems.filter((p) => p.code === 'body.invalid-reginfo');
	assert.deepEqual(
		invalid.map((p) => a.messages.findIndex((m) => m.body?.start === p.span.start)),
		[2, 3, 4],
	);
	for (const p of invalid) {
		assert.equal(p.severity, 'error');
		assert.equal(p.rfc?.label, 'RFC 3680 §5.1');
		assert.match(p.message, /not a valid registration document/);
	}
	assert.match(invalid[0]!.message, /has no aor attribute/);
	assert.match(invalid[1]!.message, /not well-formed/);
	assert.match(invalid[2]!.message, /root element is <dialog-info>/);
	assert.ok(!a.problems.some((p) => p.code === 'body.invalid'));
});

void test('lint: a version not above the previous NOTIFY of the subscription is a warning', () => {
	const trace =
		subscribe('c1') +
		notify('c1', 1, joeInit) +
		notify('c1', 2, joeRegistered) +
		notify('c1', 3, withVersion(joeExpired, 1)) +
		// Another subscription counts from 0 on its own.
		subscribe('c2') +
		notify('c2', 1, joeInit) +
		notify('c2', 2, joeRegistered);
	const a = analyzeTrace(trace);
	const late = a.problems.filter((p) => p.code === 'reginfo.version-not-increasing');
	assert.equal(late.length, 1, a.problems.map((p) => p.message).join('\n'));
	const p = late[0]!;
	assert.equal(p.severity, 'warning');
	assert.equal(p.rfc?.label, 'RFC 3680 §5.2');
	// On the value of the version attribute of the third NOTIFY.
	assert.equal(a.text.slice(p.span.start, p.span.end), '1');
	const third = a.messages[3]!;
	assert.ok(p.span.start > third.body!.start && p.span.end < third.body!.end);
	assert.match(p.message, /version 1 is not above 1/);
	assert.equal(p.related?.[0]?.span.start, a.messages[2]!.startLine.start);
	assert.ok(!a.problems.some((q) => q.code === 'reginfo.version-gap'));
});

void test('lint: after a version the watcher discarded, the next is read against the version it kept', () => {
	// Versions 0, 1, 2, then 1 again (discarded), then 3: in order for the watcher, no NOTIFY lost.
	const trace =
		subscribe('c1') +
		notify('c1', 1, joeInit) +
		notify('c1', 2, joeRegistered) +
		notify('c1', 3, withVersion(joeExpired, 2)) +
		notify('c1', 4, withVersion(joeExpired, 1)) +
		notify('c1', 5, withVersion(joeRegistered, 3));
	const a = analyzeTrace(trace);
	const found = a.problems.filter((p) => p.code.startsWith('reginfo.version'));
	assert.deepEqual(
		found.map((p) => p.code),
		['reginfo.version-not-increasing'],
	);
	assert.match(found[0]!.message, /version 1 is not above 2, the version the watcher holds/);
});

void test('lint: a NOTIFY seen twice (retransmitted, or relayed by a proxy) is one document', () => {
	const trace =
		subscribe('c1') +
		notify('c1', 1, joeInit) +
		notify('c1', 2, joeRegistered) +
		// The proxy's copy on its next hop: its own Via on top.
		notify('c1', 2, joeRegistered).replace(
			'Via: ',
			'Via: SIP/2.0/UDP 192.0.2.5:5060;branch=z9hG4bKproxy1\r\nVia: ',
		) +
		notify('c1', 2, joeRegistered) +
		notify('c1', 3, withVersion(joeExpired, 2));
	const a = analyzeTrace(trace);
	assert.deepEqual(
		a.problems.filter((p) => p.code.startsWith('reginfo.version')).map((p) => p.code),
		[],
	);
});

void test('lint: a partial document that skips versions follows a lost NOTIFY; full state does not', () => {
	const gap =
		subscribe('c1') + notify('c1', 1, joeInit) + notify('c1', 2, withVersion(joeExpired, 3));
	const a = analyzeTrace(gap);
	const found = a.problems.filter((p) => p.code === 'reginfo.version-gap');
	assert.equal(found.length, 1);
	assert.equal(found[0]!.severity, 'information');
	assert.match(found[0]!.message, /version 3 follows version 0 .*2 NOTIFYs in between/);
	const full =
		subscribe('c1') + notify('c1', 1, joeInit) + notify('c1', 2, withVersion(example, 5, 'full'));
	assert.deepEqual(
		analyzeTrace(full).problems.filter((p) => p.code.startsWith('reginfo.')),
		[],
	);
});

void test('outline: a reg NOTIFY names the AoR, its state and its active contacts', () => {
	const a = analyzeTrace(
		subscribe('c1') +
			notify('c1', 1, joeInit) +
			notify('c1', 2, joeRegistered) +
			notify('c1', 3, withVersion(example, 3, 'full')),
	);
	assert.deepEqual(
		a.messages.filter((m) => m.method === 'NOTIFY').map((m) => messageTitle(a, m)),
		[
			'NOTIFY active (joe init)',
			'NOTIFY active (joe active, partial: registered)',
			'NOTIFY active (user active, 1 contact)',
		],
	);
});

// --- the real trace -----------------------------------------------------------------------

interface SeenNotify {
	line: number;
	subscriptionState: string;
	bodyLine: number;
	version: number;
	registration: { aor: string; state: string };
	contacts: Record<string, string>[];
}

/** The NOTIFYs with a reginfo body in a trace of bare messages, read with plain regexes. */
function readNotifies(text: string): SeenNotify[] {
	const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
	const out: SeenNotify[] = [];
	for (let i = 0; i < lines.length; i++) {
		if (!/^NOTIFY \S+ SIP\/2\.0$/.test(lines[i]!)) continue;
		let j = i + 1;
		let state = '';
		let length = 0;
		for (; lines[j] !== ''; j++) {
			const h = /^([\w-]+):\s*(.*)$/.exec(lines[j]!)!;
			if (h[1] === 'Subscription-State') state = h[2]!.split(';')[0]!;
			if (h[1] === 'Content-Length') length = Number(h[2]);
		}
		if (!length) continue;
		let k = j + 1;
		let body = '';
		while (body.length < length && k < lines.length) body += lines[k++] + '\r\n';
		const attrs = (tag: string): Record<string, string>[] =>
			[...body.matchAll(new RegExp(`<${tag} ([^>]*)>`, 'g'))].map((m) =>
				Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])),
			);
		const uris = [...body.matchAll(/<uri>([^<]*)<\/uri>/g)].map((m) => m[1]!);
		const registration = attrs('registration')[0]!;
		out.push({
			line: i,
			subscriptionState: state,
			bodyLine: j + 1,
			version: Number(attrs('reginfo')[0]!['version']),
			registration: { aor: registration['aor']!, state: registration['state']! },
			contacts: attrs('contact').map((c, n) => ({ ...c, uri: uris[n]! })),
		});
	}
	return out;
}

const realFile = 'reginfo-alice.sip';
const realText = readFileSync(join(__dirname, '..', 'fixtures', 'real', realFile), 'utf8');

void test(`${realFile}: each reg NOTIFY is named by alice's state and her active contacts`, () => {
	const a = analyzeTrace(realText);
	const seen = readNotifies(realText);
	assert.ok(seen.length >= 5);
	// The story: two contacts, then one, then none.
	const counts = seen.map((n) => n.contacts.filter((c) => c['state'] === 'active').length);
	assert.ok(counts.includes(2) && counts.includes(1) && counts.includes(0), counts.join());
	for (const n of seen) {
		const m = a.messages.find((x) => x.startLine.start === lineStart(realText, n.line))!;
		const active = n.contacts.filter((c) => c['state'] === 'active').length;
		const user = /^sip:([^@]+)@/.exec(n.registration.aor)![1];
		const contacts = active ? `, ${active} contact${active === 1 ? '' : 's'}` : '';
		assert.equal(
			messageTitle(a, m),
			`NOTIFY ${n.subscriptionState} (${user} ${n.registration.state}${contacts})`,
		);
	}
});

void test(`${realFile}: Kamailio numbers every document 0: each later NOTIFY's version is flagged`, () => {
	const a = analyzeTrace(realText);
	const seen = readNotifies(realText);
	// The subscription is one (one Call-ID): every NOTIFY whose version is not above the one
	// before it gets the warning, on its version attribute.
	const expected = seen.filter((n, i) => i > 0 && n.version <= seen[i - 1]!.version);
	assert.ok(expected.length > 0);
	const late = a.problems.filter((p) => p.code === 'reginfo.version-not-increasing');
	assert.deepEqual(
		late.map((p) => lineOf(realText, p.span.start)),
		expected.map((n) => n.bodyLine + 1),
	);
	assert.ok(!a.problems.some((p) => p.code === 'body.invalid-reginfo'));
});

void test(`${realFile}: hover on a reg NOTIFY body shows each contact and the document's version`, () => {
	const doc = createTraceDocument(`file:///${realFile}`, 1, realText, undefined);
	for (const n of readNotifies(realText)) {
		const hover = provideHover(doc, { line: n.bodyLine + 2, character: 6 });
		assert.ok(hover, `hover on the body of the NOTIFY at line ${n.line}`);
		const value = (hover.contents as { value: string }).value;
		assert.ok(value.includes(`version ${n.version}, full`), value);
		assert.ok(value.includes(`\`${n.registration.aor}\`: **${n.registration.state}**`), value);
		const rows = value.split('\n').filter((l) => l.startsWith('| sip:'));
		assert.equal(rows.length, n.contacts.length, value);
		for (const c of n.contacts) {
			const row = rows.find((r) => r.startsWith(`| ${c['uri']} |`));
			assert.ok(row, `${c['uri']} in ${value}`);
			assert.equal(
				row,
				`| ${c['uri']} | ${c['state']} | ${c['event']} | ${c['expires']} | ${c['q']} | ${c['callid']} |`,
			);
		}
	}
});

function lineStart(text: string, line: number): number {
	let at = 0;
	for (let i = 0; i < line; i++) at = text.indexOf('\n', at) + 1;
	return at;
}

function lineOf(text: string, offset: number): number {
	let line = 0;
	for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
	return line;
}
