// Partial presence (RFC 5262), `application/pidf-diff+xml` as IMS and RCS presence servers send it
// to a watcher that accepted it (RFC 5263): a full state document, then only the changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { presenceSummaryOf } from '../../server/src/core/bodies/presenceSummaries';
import { bodyHover } from '../../server/src/features/bodyHover';
import type { SipMessage, TraceAnalysis } from '../../server/src/core/model';
import { decodeBody } from '../../server/src/core/bodies/decodeBody';
import { resourceListOf } from '../../server/src/core/bodies/resourceList';
import { bodyNotify, listNotify, rlmiRootPart } from './sipText';

function notifyWith(body: string): { analysis: TraceAnalysis; notify: SipMessage } {
	const analysis = analyzeTrace(
		bodyNotify(body, 'application/pidf-diff+xml', 'presence', 'someone@example.com'),
	);
	return { analysis, notify: analysis.messages.find((m) => m.method === 'NOTIFY')! };
}

const bodyProblems = (a: TraceAnalysis): string[] =>
	a.problems.filter((p) => p.code.startsWith('body.')).map((p) => `${p.code}: ${p.message}`);

const ns =
	'xmlns="urn:ietf:params:xml:ns:pidf" xmlns:p="urn:ietf:params:xml:ns:pidf-diff" xmlns:r="urn:ietf:params:xml:ns:pidf:rpid" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"';

const full = `<?xml version="1.0" encoding="UTF-8"?>
<p:pidf-full ${ns} entity="pres:someone@example.com" version="567">
 <tuple id="sg89ae"><status><basic>open</basic></status><contact priority="0.8">tel:+15551234</contact></tuple>
 <tuple id="r1230d"><status><basic>closed</basic></status></tuple>
 <dm:person id="p1"><r:activities><r:meeting/></r:activities></dm:person>
 <note>Full state</note>
</p:pidf-full>`;

const diff = `<?xml version="1.0" encoding="UTF-8"?>
<p:pidf-diff ${ns} entity="pres:someone@example.com" version="568">
 <p:add sel="presence/note" pos="before"><tuple id="ty4658"><status><basic>open</basic></status></tuple></p:add>
 <p:remove sel="presence/tuple[@id='r1230d']"/>
 <p:replace sel="presence/tuple[@id='sg89ae']/status/basic/text()">closed</p:replace>
</p:pidf-diff>`;

void test('a <pidf-full> document is read as the whole presence: no problem, summary and hover', () => {
	const { analysis, notify } = notifyWith(full);
	assert.deepEqual(bodyProblems(analysis), []);
	assert.equal(presenceSummaryOf(analysis.text, notify)?.basic, 'open');
	const hover = bodyHover(analysis, notify, (i) => i + 1)!;
	assert.match(
		hover,
		/partial presence, full state, version 567, RFC 5262\) of `pres:someone@example\.com`/,
	);
	assert.match(hover, /\| tuple sg89ae \| open \|/);
	assert.match(hover, /\| tuple r1230d \| closed \|/);
	assert.match(hover, /\| person p1 \| {2}\| \*\*meeting\*\* \|/);
});

void test('a <pidf-diff> document lists what it adds, replaces and removes, with each selector', () => {
	const { analysis, notify } = notifyWith(diff);
	assert.deepEqual(bodyProblems(analysis), []);
	// Only changes: no whole state to summarise.
	assert.equal(presenceSummaryOf(analysis.text, notify), null);
	const hover = bodyHover(analysis, notify, (i) => i + 1)!;
	assert.match(
		hover,
		/\*\*Presence changes\*\* of `pres:someone@example\.com` \(partial presence, version 568/,
	);
	assert.match(hover, /\| add before \| presence\/note \| tuple ty4658 \(open\) \|/);
	assert.match(
		hover,
		/\| replace \| presence\/tuple\\\[@id='sg89ae'\\\]\/status\/basic\/text\(\) \| closed \|/,
	);
	assert.match(hover, /\| remove \| presence\/tuple\\\[@id='r1230d'\\\] \| {2}\|/);
});

void test('a pidf-diff body that is broken, has another root or lacks what RFC 5262 §3 requires is body.invalid', () => {
	const broken = bodyProblems(notifyWith(diff.replace('</p:pidf-diff>', '')).analysis);
	assert.equal(broken.length, 1);
	assert.match(broken[0]!, /^body\.invalid: .*not well-formed/);
	const presence = bodyProblems(
		notifyWith(
			`<presence ${ns} entity="sip:a@b"><tuple id="t"><status><basic>open</basic></status></tuple></presence>`,
		).analysis,
	);
	assert.deepEqual(presence, [
		'body.invalid: The application/pidf-diff+xml body is not valid: the root element is <presence>, not <pidf-full> or <pidf-diff> (RFC 5262 §3).',
	]);
	const bare = bodyProblems(
		notifyWith(
			`<p:pidf-diff ${ns} version="v2"><p:remove/><p:add pos="inside" sel="presence"/></p:pidf-diff>`,
		).analysis,
	);
	assert.equal(bare.length, 1);
	for (const fault of [
		'<pidf-diff> has no entity attribute (RFC 5262 §3.2)',
		'<pidf-diff> version "v2" is not a number (RFC 5262 §3.1)',
		'has no sel attribute (RFC 5261 §4)',
		'<add> pos "inside" is not one of before, after, prepend (RFC 5261 §4.3)',
	])
		assert.ok(bare[0]!.includes(fault), `${fault}\nin: ${bare[0]}`);
});

void test('the changes of a <pidf-diff> are listed in the order they apply, not grouped by kind', () => {
	// RFC 5261 §4: each operation works on the document the previous one left. A comment and a
	// `>` inside a quoted selector do not disturb the order.
	const ordered = `<?xml version="1.0" encoding="UTF-8"?>
<p:pidf-diff ${ns} entity="pres:someone@example.com" version="569">
 <p:remove sel="presence/tuple[@id='a']"/>
 <!-- <p:add sel="presence/commented"/> -->
 <p:replace sel="presence/tuple[@id='b']/status/basic/text()">open</p:replace>
 <p:add sel="presence/note[.='a > b']" pos="after"><note>Back</note></p:add>
 <p:remove sel="presence/tuple[@id='c']"/>
</p:pidf-diff>`;
	const { analysis, notify } = notifyWith(ordered);
	assert.deepEqual(bodyProblems(analysis), []);
	const hover = bodyHover(analysis, notify, (i) => i + 1)!;
	const rows = [...hover.matchAll(/^\| (add[^|]*|replace|remove) \| ([^|]*) \|/gm)].map((m) =>
		[m[1]!.trim(), m[2]!.trim()].join(' '),
	);
	assert.deepEqual(rows, [
		"remove presence/tuple\\[@id='a'\\]",
		"replace presence/tuple\\[@id='b'\\]/status/basic/text()",
		"add after presence/note\\[.='a \\> b'\\]",
		"remove presence/tuple\\[@id='c'\\]",
	]);
	assert.match(hover, /in the order they apply/);
});

/** A resource list NOTIFY whose one resource's state is the partial presence document `doc`. */
function listWith(doc: string): { analysis: TraceAnalysis; notify: SipMessage } {
	const body = [
		...rlmiRootPart(
			'<resource uri="sip:someone@example.com"><instance id="i1" state="active" cid="i1@rls"/></resource>',
		),
		'--b1',
		'Content-Type: application/pidf-diff+xml',
		'Content-ID: <i1@rls>',
		'',
		doc,
		'--b1--',
		'',
	].join('\r\n');
	const analysis = analyzeTrace(listNotify(body));
	return { analysis, notify: analysis.messages[0]! };
}

void test('in a resource list, a <pidf-full> part is that resource presence, a <pidf-diff> part its changes', () => {
	const whole = listWith(full);
	assert.deepEqual(bodyProblems(whole.analysis), []);
	const list = resourceListOf(decodeBody(whole.analysis.text, whole.notify))!;
	assert.equal(list.resources[0]!.instances[0]!.presence?.basic, 'open');
	const hover = bodyHover(whole.analysis, whole.notify, (i) => i + 1)!;
	assert.match(
		hover,
		/\| sip:someone@example\.com \| active \| open, \*\*meeting\*\*, "Full state" \| part 2 \|/,
	);
	const changed = listWith(diff);
	const changes = bodyHover(changed.analysis, changed.notify, (i) => i + 1)!;
	assert.match(
		changes,
		/\| sip:someone@example\.com \| active \| \*3 changes \(partial presence, RFC 5262\)\* \| part 2 \|/,
	);
});
