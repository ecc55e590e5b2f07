// `Contact: *` removes every binding, written alone in a REGISTER with Expires: 0 (RFC 3261
// §10.2.2; §10.3 step 6: a registrar answers 400 otherwise). On SIPp's un-REGISTER through
// Kamailio (test/fixtures/README.md: reginfo-alice), as captured and edited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const text = readFileSync(join(__dirname, '..', 'fixtures', 'real', 'reginfo-alice.sip'), 'utf8');
const wildcard = 'Contact: *\r\nExpires: 0\r\n';
assert.ok(text.includes(wildcard));
const said = (t: string) =>
	analyzeTrace(t)
		.problems.filter((p) => p.code === 'contact.bad-wildcard')
		.map((p) => [t.slice(p.span.start, p.span.end), p.message]);

test('as captured, `Contact: *` alone with Expires: 0: nothing is said', () => {
	assert.deepEqual(said(text), []);
});

test('`Contact: *` with another expiration time, or beside another Contact: an error on the `*`', () => {
	const expires = said(text.replace(wildcard, 'Contact: *\r\nExpires: 600\r\n'));
	assert.equal(expires.length, 1);
	assert.equal(expires[0]![0], '*');
	assert.match(expires[0]![1]!, /needs `Expires: 0`, not 600 .*§10\.3 step 6/);
	assert.match(
		said(text.replace(wildcard, 'Contact: *\r\n'))[0]![1]!,
		/needs `Expires: 0` \(RFC 3261 §10\.2\.2\)/,
	);
	const beside = said(
		text.replace(wildcard, 'Contact: *\r\nContact: <sip:alice@127.0.0.1:26062>\r\nExpires: 0\r\n'),
	);
	assert.equal(beside.length, 1);
	assert.match(beside[0]![1]!, /written alone/);
});

test('`Contact: *` outside a REGISTER: an error', () => {
	const at = text.lastIndexOf('REGISTER sip:127.0.0.1 SIP/2.0', text.indexOf(wildcard));
	const options =
		text.slice(0, at) +
		text
			.slice(at)
			.replace('REGISTER sip:127.0.0.1 SIP/2.0', 'OPTIONS sip:127.0.0.1 SIP/2.0')
			.replace('CSeq: 4 REGISTER', 'CSeq: 4 OPTIONS');
	const found = said(options);
	assert.equal(found.length, 1);
	assert.match(found[0]![1]!, /in a REGISTER only.*this OPTIONS's Contact is an address/);
});
