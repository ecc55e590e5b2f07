// A BYE, PRACK or UPDATE exists only inside a dialog, so its To carries the remote tag (RFC 3261
// §12.2.1.1). On the real challenged call (test/fixtures/README.md: SIPp's BYE through Kamailio),
// as captured and with that tag taken out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const text = readFileSync(
	join(__dirname, '..', 'fixtures', 'real', 'challenged-call.sngrep.txt'),
	'utf8',
);
const said = (t: string) =>
	analyzeTrace(t)
		.problems.filter((p) => p.code === 'dialog.missing-to-tag')
		.map((p) => ({ line: t.slice(0, p.span.start).split('\n').length - 1, message: p.message }));

test('as captured, each BYE carries the dialog tag: nothing is said', () => {
	assert.deepEqual(said(text), []);
});

test("a BYE whose To lost its tag: an error on the To's value", () => {
	const bye = text.indexOf('BYE sip:bob@127.0.0.1:15362 SIP/2.0');
	const to = text.indexOf(';tag=29138-bob-1', bye);
	const edited = text.slice(0, to) + text.slice(to + ';tag=29138-bob-1'.length);
	const found = said(edited);
	assert.equal(found.length, 1);
	assert.equal(found[0]!.line, edited.slice(0, to).split('\n').length - 1);
	assert.match(found[0]!.message, /^BYE is sent only inside a dialog \(RFC 3261 §15\.1\.1\)/);
	// The same request named INFO or NOTIFY, sent outside dialogs by some stacks, is not said.
	const info = edited.replace(
		'BYE sip:bob@127.0.0.1:15362 SIP/2.0',
		'INFO sip:bob@127.0.0.1:15362 SIP/2.0',
	);
	assert.deepEqual(said(info.replace(/CSeq: (\d+) BYE/, 'CSeq: $1 INFO')), []);
});
