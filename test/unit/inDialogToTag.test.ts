// A BYE, PRACK or UPDATE exists only inside a dialog, so its To carries the remote tag (RFC 3261
// §12.2.1.1). On the real challenged call (test/fixtures/README.md: SIPp's BYE through Kamailio),
// as captured and with that tag taken out; and a response's Call-ID against its request's.
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
	// The tag written inside the brackets (a server's BYE in a pjsua log): said where it stands.
	const end = text.indexOf('>', text.lastIndexOf('To:', to));
	const inside = `${text.slice(0, end)};tag=29138-bob-1${text.slice(end, to)}${text.slice(to + ';tag=29138-bob-1'.length)}`;
	const [insideFound] = said(inside);
	assert.match(
		insideFound!.message,
		/The `;tag=` here stands inside the `<>`: a parameter of the URI, not of To\.\)$/,
	);
	assert.doesNotMatch(found[0]!.message, /inside the `<>`/);
});

test("a response matched to its request by Via whose Call-ID is not the request's: a warning on it", () => {
	assert.deepEqual(
		analyzeTrace(text).problems.filter((p) => p.code === 'response.call-id-mismatch'),
		[],
	);
	// The 407's Call-ID edited in one place only, as a poster masking it may leave it.
	const challenge = text.indexOf('SIP/2.0 407');
	const at = text.indexOf('Call-ID: 1-29142@127.0.0.1', challenge);
	const edited = `${text.slice(0, at)}Call-ID: 1-29142@10.0.0.9${text.slice(at + 'Call-ID: 1-29142@127.0.0.1'.length)}`;
	const found = analyzeTrace(edited).problems.filter((p) => p.code === 'response.call-id-mismatch');
	assert.equal(found.length, 1);
	assert.equal(edited.slice(found[0]!.span.start, found[0]!.span.end), '1-29142@10.0.0.9');
	assert.match(found[0]!.message, /differs from its request's \(1-29142@127\.0\.0\.1\)/);
	// A space a page's wrapping put inside it is the copy's, not the sender's.
	const spaced = `${text.slice(0, at)}Call-ID: 1-29142@ 127.0.0.1${text.slice(at + 'Call-ID: 1-29142@127.0.0.1'.length)}`;
	assert.deepEqual(
		analyzeTrace(spaced).problems.filter((p) => p.code === 'response.call-id-mismatch'),
		[],
	);
});

test('an ACK whose To lost its tag: an error naming the response it acknowledges, not where that response had none', () => {
	const lines = text.split('\n');
	const drop = (lineNo: number, tag: string): string =>
		lines.map((l, i) => (i === lineNo ? l.replace(`;tag=${tag}`, '') : l)).join('\n');
	// The ACK to the 200 (in the dialog) and the ACK to the 407 (the INVITE's transaction).
	const ok = said(drop(203, '29138-bob-1'));
	assert.deepEqual(
		ok.map((f) => f.line),
		[203],
	);
	assert.match(ok[0]!.message, /acknowledges 200 to INVITE, so it is sent in the dialog/);
	const failure = said(drop(44, '21c867c6da3337f25ba65575e5290a2c.4db67112'));
	assert.deepEqual(
		failure.map((f) => f.line),
		[44],
	);
	assert.match(
		failure[0]!.message,
		/the To of the 407 it acknowledges, tag included \(RFC 3261 §17\.1\.1\.3\)/,
	);
	// The 407 without a tag too: the ACK copied its To, as it must.
	const both = lines
		.map((l, i) =>
			i === 30 || i === 44 ? l.replace(';tag=21c867c6da3337f25ba65575e5290a2c.4db67112', '') : l,
		)
		.join('\n');
	assert.deepEqual(said(both), []);
});
