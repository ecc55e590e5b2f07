// A request that can make a dialog gives exactly one SIP or SIPS URI in Contact (RFC 3261
// §8.1.1.8). On SIPp's SUBSCRIBE in the presence story (test/fixtures/README.md), as captured and
// with Contact values added as a client that lists its other addresses writes them (an RFC 3265
// note's SUBSCRIBE with `mailto:` and `http:` Contacts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const text = readFileSync(join(__dirname, '..', 'fixtures', 'real', 'presence-story.sip'), 'utf8');
const subscribe = text.indexOf('SUBSCRIBE sip:linda@127.0.0.1 SIP/2.0');
const contact = text.indexOf('Contact: ', subscribe);
const contactLine = text.slice(contact, text.indexOf('\r\n', contact));
const said = (t: string) =>
	analyzeTrace(t)
		.problems.filter((p) => p.code === 'contact.not-one-sip-uri')
		.map((p) => p.message);
const withContact = (lines: string) =>
	text.slice(0, contact) + lines + text.slice(contact + contactLine.length);

test('one SIP Contact: nothing is said', () => {
	assert.ok(contactLine.startsWith('Contact: '));
	assert.deepEqual(said(text), []);
});

test('several Contacts, or one that is no SIP URI: an error', () => {
	const several = said(withContact(`${contactLine}, <mailto:andrew@example.com>`));
	assert.equal(several.length, 1);
	assert.match(several[0]!, /^This SUBSCRIBE carries 2 Contact addresses: .*RFC 3261 §8\.1\.1\.8/);
	assert.equal(
		said(withContact(`${contactLine}\r\nContact: <http://example.com/andrew>`)).length,
		1,
	);
	assert.match(said(withContact('Contact: <tel:+15551234567>'))[0]!, /Contact is a tel: URI/);
});

test('a SIPS Request-URI with a SIP Contact: a warning on the Contact; a SIPS Contact, or a SIP Request-URI, nothing', () => {
	// RFC 8224's example INVITE as a STIR/SHAKEN page shows it: `INVITE sips:bob@biloxi.com`,
	// `Contact: <sip:alice@atlanta.com>`.
	const start = text.slice(subscribe, text.indexOf('\r\n', subscribe));
	const sipsRequest = (contactValue: string) =>
		withContact(`Contact: ${contactValue}`).replace(
			start,
			start.replace('SUBSCRIBE sip:', 'SUBSCRIBE sips:'),
		);
	const notSips = (t: string) =>
		analyzeTrace(t)
			.problems.filter((p) => p.code === 'contact.not-sips')
			.map((p) => `${p.severity} ${t.slice(p.span.start, p.span.end)}`);
	assert.deepEqual(notSips(sipsRequest('<sip:andrew@127.0.0.1:5070>')), [
		'warning <sip:andrew@127.0.0.1:5070>',
	]);
	assert.deepEqual(notSips(sipsRequest('<sips:andrew@127.0.0.1:5071>')), []);
	assert.deepEqual(notSips(withContact('Contact: <sip:andrew@127.0.0.1:5070>')), []);
});
