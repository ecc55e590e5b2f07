// P-Asserted-Identity names one identity, or two: a SIP or SIPS URI and a tel URI (RFC 3325
// §9.1). On a Ribbon SBC's INVITE (test/fixtures/README.md), as published and with identities
// added as a network element that breaks the rule would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const text = readFileSync(
	join(
		__dirname,
		'..',
		'fixtures',
		'formats',
		'public',
		'ribbon-sbc-call-trace-raw-pdu-invite.txt',
	),
	'utf8',
);
const pai = 'P-Asserted-Identity: "AU-User-A" <sip:+8005555556@fgh.company.com>';
assert.ok(text.includes(pai));
const said = (t: string) =>
	analyzeTrace(t).problems.filter((p) => p.code === 'header.asserted-identity-count');
const withPai = (value: string) => text.replace(pai, value);

test('one SIP identity, or a SIP and a tel one (in one line or two): nothing is said', () => {
	assert.deepEqual(said(text), []);
	assert.deepEqual(said(withPai(`${pai}, <tel:+8005555556>`)), []);
	assert.deepEqual(
		said(withPai(`${pai}\r\nP-Asserted-Identity: tel:+8005555556;cpc=ordinary`)),
		[],
	);
	// A comma inside the display name's quotes separates nothing.
	assert.deepEqual(
		said(withPai('P-Asserted-Identity: "User, A" <sips:+8005555556@fgh.company.com>')),
		[],
	);
});

test('two SIP identities: a warning on the value', () => {
	const edited = withPai(`${pai},<sip:other@fgh.company.com>`);
	const found = said(edited);
	assert.equal(found.length, 1);
	assert.match(found[0]!.message, /^P-Asserted-Identity names two SIP URIs: .*RFC 3325 §9\.1/);
	assert.equal(
		edited.slice(found[0]!.span.start, found[0]!.span.end),
		'"AU-User-A" <sip:+8005555556@fgh.company.com>,<sip:other@fgh.company.com>',
	);
});

test('identities counted over every P-Asserted-Identity line, said once', () => {
	const edited = withPai(`${pai}, <tel:+8005555556>\r\nP-Asserted-Identity: <tel:+8005555557>`);
	const found = said(edited);
	assert.equal(found.length, 1);
	assert.match(found[0]!.message, /names 3 identities over 2 header lines/);
	const twoTel = said(withPai('P-Asserted-Identity: <tel:+8005555556>, tel:+8005555557'));
	assert.match(twoTel[0]!.message, /names two tel URIs/);
});

test("a P-Asserted-Identity that is no name-addr (its display name's quote never closed): an error", () => {
	// drachtio's test fixture: `"Dave Horton<sip:4083084809;context=private>@10.1.0.2`.
	const found = analyzeTrace(
		withPai('P-Asserted-Identity: "Dave Horton<sip:4083084809;context=private>@10.1.0.2'),
	).problems.filter((p) => p.code === 'header.bad-asserted-identity');
	assert.equal(found.length, 1);
	assert.match(found[0]!.message, /RFC 3325 §9\.1/);
	assert.deepEqual(
		analyzeTrace(text).problems.filter((p) => p.code === 'header.bad-asserted-identity'),
		[],
	);
});
