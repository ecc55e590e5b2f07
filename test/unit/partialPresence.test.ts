// Partial notifications (RFC 5263): a watcher holds the last <pidf-full> of its subscription and
// applies each <pidf-diff> (RFC 5261 patch operations) to it. The hover of a diff says the state
// the watcher then holds, or why the trace does not tell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { listPartialStateAt, partialStateAt } from '../../server/src/core/bodies/partialPresence';
import { applyPatch, operationsOf, readOrdered } from '../../server/src/core/bodies/xmlPatch';
import { bodyHover } from '../../server/src/features/bodyHover';
import { bodyNotify, listNotify } from './sipText';

const ns =
	'xmlns="urn:ietf:params:xml:ns:pidf" xmlns:p="urn:ietf:params:xml:ns:pidf-diff" xmlns:r="urn:ietf:params:xml:ns:pidf:rpid" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"';

const full = (version: number): string => `<?xml version="1.0" encoding="UTF-8"?>
<p:pidf-full ${ns} entity="pres:someone@example.com" version="${version}">
 <tuple id="sg89ae"><status><basic>open</basic></status><contact priority="0.8">tel:+15551234</contact></tuple>
 <tuple id="r1230d"><status><basic>closed</basic></status></tuple>
 <dm:person id="p1"><r:activities><r:meeting/></r:activities></dm:person>
 <note>Full state</note>
</p:pidf-full>`;

const diff = (version: number, ops: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<p:pidf-diff ${ns} entity="pres:someone@example.com" version="${version}">${ops}</p:pidf-diff>`;

// RFC 5262 §5's kinds of change: a tuple added before the note, one removed, a text replaced.
const firstChange = diff(
	568,
	`<p:add sel="presence/note" pos="before"><tuple id="ty4658"><status><basic>open</basic></status></tuple></p:add>
 <p:remove sel="presence/tuple[@id='r1230d']"/>
 <p:replace sel="presence/tuple[@id='sg89ae']/status/basic/text()">closed</p:replace>`,
);
// An element replaced and an attribute changed, with prefixes and `*` as RFC 5262 writes them.
const secondChange = diff(
	569,
	`<p:replace sel="*/dm:person[@id='p1']/r:activities"><r:activities><r:busy/></r:activities></p:replace>
 <p:replace sel="*/tuple[@id='sg89ae']/contact/@priority">0.5</p:replace>`,
);

/** NOTIFYs of one subscription carrying `bodies` in turn (CSeq 1, 2...). */
function subscription(bodies: readonly string[]): string {
	return bodies
		.map((b, i) =>
			bodyNotify(b, 'application/pidf-diff+xml', 'presence', 'someone@example.com')
				.replace('CSeq: 1 NOTIFY', `CSeq: ${i + 1} NOTIFY`)
				.replace('branch=z9hG4bK-n1', `branch=z9hG4bK-n${i + 1}`),
		)
		.join('\r\n');
}

void test('the state after each diff is the full state with every diff since applied in order', () => {
	const analysis = analyzeTrace(subscription([full(567), firstChange, secondChange]));
	assert.equal(analysis.messages.length, 3);
	const after1 = partialStateAt(analysis, 1);
	assert.ok(after1?.known);
	assert.deepEqual(
		after1.presence.tuples.map((t) => [t.id, t.basic]),
		[
			['sg89ae', 'closed'],
			['ty4658', 'open'],
		],
	);
	assert.deepEqual(after1.presence.components[0]!.rich.activities, ['meeting']);
	assert.deepEqual(after1.presence.notes, [{ text: 'Full state', lang: null }]);
	assert.equal(after1.version, '568');
	const after2 = partialStateAt(analysis, 2);
	assert.ok(after2?.known);
	assert.deepEqual(after2.presence.components[0]!.rich.activities, ['busy']);
	assert.equal(after2.presence.tuples[0]!.priority, '0.5');
	assert.deepEqual([after2.full, after2.diffs, after2.version], [0, 2, '569']);
	// A full state has no state "after" it to compute; nor has another body.
	assert.equal(partialStateAt(analysis, 0), null);
	const hover = bodyHover(analysis, analysis.messages[2]!, (i) => i * 100)!;
	assert.match(
		hover,
		/\*\*State after it\*\* \(version 569: the full state at line 0 with 2 changes applied, this one the last; RFC 5263 §3\) of `pres:someone@example\.com`/,
	);
	assert.match(hover, /\| person p1 \| {2}\| \*\*busy\*\* \|/);
	assert.match(hover, /\| tuple sg89ae \| closed \|.*\(priority 0\.5\)/);
});

void test('without a full state before it, or after a lost version, the state is not known, and the hover says why', () => {
	const alone = analyzeTrace(subscription([firstChange]));
	const a = partialStateAt(alone, 0);
	assert.ok(a && !a.known);
	assert.match(a.why, /no <pidf-full> of this subscription comes before it/);
	assert.match(
		bodyHover(alone, alone.messages[0]!, (i) => i + 1)!,
		/State after it: not known from this trace: no \\<pidf-full\\>/,
	);
	const gap = analyzeTrace(subscription([full(567), secondChange]));
	const g = partialStateAt(gap, 1);
	assert.ok(g && !g.known);
	assert.match(g.why, /version 569 does not follow version 567 of the NOTIFY before it/);
	assert.equal(g.message, 0);
});

void test('a diff that selects nothing in the state does not apply, and says which operation', () => {
	const stray = diff(568, `<p:remove sel="presence/tuple[@id='nosuch']"/>`);
	const analysis = analyzeTrace(subscription([full(567), stray]));
	const s = partialStateAt(analysis, 1);
	assert.ok(s && !s.known);
	assert.match(s.why, /<remove> 1 \(sel "presence\/tuple\[@id='nosuch'\]"\): no element/);
});

void test('patch operations follow RFC 5261: positions, attributes, text, and one node per selector', () => {
	const doc = readOrdered('<a><b id="1">x</b><b id="2"/><c/></a>');
	assert.ok('root' in doc);
	const patch = readOrdered(`<d>
		<add sel="a/b[@id='2']" pos="after"><e/></add>
		<add sel="a" pos="prepend"><f/></add>
		<add sel="a/c" type="@k">v</add>
		<remove sel="a/b[1]/text()"/>
		<replace sel="a/b[2]/@id">3</replace>
	</d>`);
	assert.ok('root' in patch);
	assert.equal(applyPatch(doc.root, operationsOf(patch.root)), null);
	const shape = (el: typeof doc.root): string =>
		`${el.name}${Object.entries(el.attrs)
			.map(([k, v]) => `[${k}=${v}]`)
			.join(
				'',
			)}(${el.children.map((c) => (typeof c === 'string' ? `"${c}"` : shape(c))).join(',')})`;
	assert.equal(shape(doc.root), 'a(f(),b[id=1](),b[id=3](),e(),c[k=v]())');
	const ambiguous = readOrdered('<d><remove sel="a/b"/></d>');
	assert.ok('root' in ambiguous);
	assert.match(applyPatch(doc.root, operationsOf(ambiguous.root))!, /selects 2 elements, not one/);
});

/**
 * A resource list NOTIFY (RFC 4662 §5) of version `version` with one part per resource: bob's
 * `bob` and carol's `carol` partial-presence documents (RFC 5262, as an RLS relays them).
 */
function listOf(version: number, seq: number, bob: string, carol: string): string {
	const part = (uri: string, doc: string): string[] => [
		'--b1',
		'Content-Type: application/pidf-diff+xml',
		`Content-ID: <${uri}>`,
		'',
		doc.replace(/someone@example\.com/g, uri.slice(4)),
	];
	const body = [
		'--b1',
		'Content-Type: application/rlmi+xml',
		'Content-ID: <root@rls>',
		'',
		`<list xmlns="urn:ietf:params:xml:ns:rlmi" uri="sip:friends@rls.example.net" version="${version}" fullState="false">`,
		'<resource uri="sip:bob@example.net"><instance id="b" state="active" cid="sip:bob@example.net"/></resource>',
		'<resource uri="sip:carol@example.net"><instance id="c" state="active" cid="sip:carol@example.net"/></resource>',
		'</list>',
		...part('sip:bob@example.net', bob),
		...part('sip:carol@example.net', carol),
		'--b1--',
		'',
	].join('\r\n');
	return listNotify(body)
		.replace('CSeq: 1 NOTIFY', `CSeq: ${seq} NOTIFY`)
		.replace('branch=z9hG4bK-n1', `branch=z9hG4bK-n${seq}`);
}

void test('in a resource list NOTIFY, each resource whose part is a diff gets its own state after it', () => {
	// bob: a full state, then two diffs; carol: a full state, then a diff that skips a version.
	const text = [
		listOf(0, 1, full(567), full(12)),
		listOf(1, 2, firstChange, full(12)),
		listOf(2, 3, secondChange, diff(14, '<p:remove sel="presence/note"/>')),
	].join('\r\n');
	const analysis = analyzeTrace(text);
	assert.equal(analysis.messages.length, 3);
	const bob = listPartialStateAt(analysis, 2, 'sip:bob@example.net');
	assert.ok(bob?.known);
	assert.deepEqual([bob.full, bob.diffs, bob.version], [0, 2, '569']);
	assert.deepEqual(bob.presence.components[0]!.rich.activities, ['busy']);
	assert.equal(bob.presence.entity, 'pres:bob@example.net');
	const carol = listPartialStateAt(analysis, 2, 'sip:carol@example.net');
	assert.ok(carol && !carol.known);
	assert.match(carol.why, /version 14 does not follow version 12/);
	assert.equal(carol.message, 1);
	// A full part has no state after it to compute, and an unknown resource none at all.
	assert.equal(listPartialStateAt(analysis, 1, 'sip:carol@example.net'), null);
	assert.equal(listPartialStateAt(analysis, 2, 'sip:dave@example.net'), null);
	const hover = bodyHover(analysis, analysis.messages[2]!, (i) => i * 100)!;
	assert.match(
		hover,
		/bob: \*\*state after it\*\* busy: "Full state" \(version 569: the full state at line 0 with 2 changes applied, this one the last; RFC 5263 §3\)\./,
	);
	assert.match(
		hover,
		/carol: state after it: not known from this trace: .*version 14 .* \(line 100\)\./,
	);
});
