// dialog-info bodies (RFC 4235 §4.1) checked against the schema: what a BLF watcher needs is
// reported as body.invalid-dialog-info; what real phones send, extensions included, is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';
import type { TraceAnalysis } from '../../server/src/core/model';
import { bodyNotify } from './sipText';

const fixture = (name: string): string =>
	readFileSync(join(__dirname, '..', 'fixtures', 'real-bodies', name), 'utf8');

/** A dialog NOTIFY carrying the body (Content-Length in octets), as the only message of a trace. */
function notifyWith(body: string, contentType = 'application/dialog-info+xml'): TraceAnalysis {
	return analyzeTrace(bodyNotify(body, contentType, 'dialog', '101@example.org'));
}

const bodyProblems = (a: TraceAnalysis): { code: string; message: string }[] =>
	a.problems
		.filter((p) => p.code.startsWith('body.'))
		.map((p) => ({ code: p.code, message: p.message }));

const doc = (attrs: string, inner: string): string =>
	`<?xml version="1.0"?>\n<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" ${attrs}>\n${inner}\n</dialog-info>`;

void test('dialog-info from FreeSWITCH and a Yealink phone is valid: no body problem', () => {
	for (const name of ['freeswitch-dialog-info-rendering.xml', 'yealink-t46g-dialog-info-full.xml'])
		assert.deepEqual(bodyProblems(notifyWith(fixture(name))), [], name);
});

void test('elements of other namespaces (##other) in dialog-info and dialog are not faults', () => {
	const body = doc(
		'xmlns:sa="urn:x-vendor:blf" version="4" state="partial" entity="sip:101@pbx.example.com"',
		[
			'<dialog id="d1" call-id="c9@pbx" local-tag="1" remote-tag="2" direction="recipient">',
			'<state event="remote-bye" code="200">terminated</state>',
			'<duration>35</duration>',
			'<replaces call-id="c8@pbx" local-tag="3" remote-tag="4"/>',
			'<sa:line-seize>no</sa:line-seize>',
			'<local><identity display="101">sip:101@pbx.example.com</identity><target uri="sip:101@192.0.2.9"><param pname="+sip.rendering" pvalue="no"/></target></local>',
			'</dialog>',
			'<sa:park-slot>701</sa:park-slot>',
		].join('\n'),
	);
	assert.deepEqual(bodyProblems(notifyWith(body)), []);
});

void test('a dialog-info body that breaks RFC 4235 §4.1 is body.invalid-dialog-info, each fault named', () => {
	const body = doc(
		'version="x1" state="complete"',
		[
			'<dialog direction="outbound"><state event="hangup" code="99">confirmed</state></dialog>',
			'<dialog id="d2"><state>Confirmed</state></dialog>',
			'<dialog id="d3"><state>ringing</state></dialog>',
			'<dialog id="d4"></dialog>',
			'<dialog id="d5"><state/><local><target/></local></dialog>',
		].join('\n'),
	);
	const found = bodyProblems(notifyWith(body));
	assert.equal(found.length, 1);
	assert.equal(found[0]!.code, 'body.invalid-dialog-info');
	const message = found[0]!.message;
	assert.match(message, /RFC 4235 §4\.1/);
	for (const fault of [
		'<dialog-info> version "x1" is not a number',
		'<dialog-info> state "complete" is not one of full, partial',
		'<dialog-info> has no entity attribute',
		'<dialog> 1 has no id attribute',
		'<dialog> 1 direction "outbound" is not one of initiator, recipient',
		'<dialog> 1 state event "hangup" is not one of cancelled, rejected, replaced, local-bye, remote-bye, error, timeout',
		'<dialog> 1 state code "99" is not a response code (100-699)',
		'<dialog> d2 state "Confirmed": RFC 4235 spells it confirmed',
		'<dialog> d3 state "ringing" is not one of trying, proceeding, early, confirmed, terminated',
		'<dialog> d4 has no <state>',
		'<dialog> d5 has an empty <state>',
		'<dialog> d5 <local> <target> has no uri attribute',
	])
		assert.ok(message.includes(fault), `${fault}\nin: ${message}`);
});

void test('an empty <dialog-info/> lacks its three required attributes', () => {
	const [p] = bodyProblems(notifyWith('<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info"/>'));
	assert.equal(p?.code, 'body.invalid-dialog-info');
	assert.match(p.message, /no version attribute; .*no state attribute; .*no entity attribute/);
});

void test('a dialog-info body that is not well-formed, or has another root, is body.invalid-dialog-info', () => {
	const broken = bodyProblems(
		notifyWith(
			doc('version="1" state="full" entity="sip:1@x"', '<dialog id="a"><state>early</dialog>'),
		),
	);
	assert.equal(broken.length, 1);
	assert.equal(broken[0]!.code, 'body.invalid-dialog-info');
	assert.match(broken[0]!.message, /not well-formed/);
	// Cut inside its elements (a page that ended there): the open elements named, in order.
	const cut = bodyProblems(
		notifyWith(
			'<?xml version="1.0"?>\n<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="1" state="full" entity="sip:1@x">\n<dialog id="a"><state>confirmed</state>\nContents',
		),
	);
	assert.equal(cut.length, 1);
	assert.match(
		cut[0]!.message,
		/not well-formed: the document ends inside <dialog-info>, <dialog>, opened and never closed/,
	);
	const other = bodyProblems(notifyWith('<?xml version="1.0"?><dialogs version="1"/>'));
	assert.equal(other.length, 1);
	assert.equal(other[0]!.code, 'body.invalid-dialog-info');
	assert.match(
		other[0]!.message,
		/the root element is <dialogs>, not <dialog-info> \(RFC 4235 §4\.1\)/,
	);
});
