// A registrar's 2xx gives each binding its expires (RFC 3261 §10.3 step 8), or an Expires header
// the UA falls back on (§10.2.4). On Kamailio's 200 to a REGISTER of two bindings
// (test/fixtures/README.md: reginfo-alice), as captured and edited as a registrar that leaves
// the time out writes it (JsSIP #482's AudioCodes 200).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const text = readFileSync(join(__dirname, '..', 'fixtures', 'real', 'reginfo-alice.sip'), 'utf8');
const contact =
	'Contact: <sip:alice@127.0.0.1:26062>;q=0.8;expires=600, <sip:alice@127.0.0.1:26063>;q=0.4;expires=600';
assert.ok(text.includes(contact));
const said = (t: string) =>
	analyzeTrace(t).problems.filter((p) => p.code === 'register.2xx-contact-without-expires');

test('every binding with its expires: nothing is said', () => {
	assert.deepEqual(said(text), []);
});

test('a binding without expires and no Expires header: a warning on its Contact', () => {
	const edited = text.replace(contact, contact.replace(';q=0.4;expires=600', ';q=0.4'));
	const found = said(edited);
	assert.equal(found.length, 1);
	assert.equal(found[0]!.severity, 'warning');
	assert.match(
		edited.slice(found[0]!.span.start, found[0]!.span.end),
		/^<sip:alice@127\.0\.0\.1:26062>/,
	);
	assert.match(found[0]!.message, /RFC 3261 §10\.3 step 8/);
	// With an Expires header the UA takes that time: not said.
	assert.deepEqual(
		said(
			edited.replace(
				contact.replace(';q=0.4;expires=600', ';q=0.4'),
				`${contact.replace(';q=0.4;expires=600', ';q=0.4')}\r\nExpires: 600`,
			),
		),
		[],
	);
	// An `expires` inside the URI's brackets is a URI parameter, not the binding's.
	const inUri = text.replace(contact, 'Contact: <sip:alice@127.0.0.1:26062;expires=600>');
	assert.equal(said(inUri).length, 1);
});
