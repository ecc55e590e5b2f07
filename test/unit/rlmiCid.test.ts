// RLMI instances (RFC 4662 §5.2) whose cid names no body part: a terminated or pending instance has
// no state to carry (multifon.ru's RLS still writes a cid on it), an active one has lost its state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { decodeBody } from '../../server/src/core/bodies/decodeBody';
import { resourceListOf } from '../../server/src/core/bodies/resourceList';
import { bodyHover } from '../../server/src/features/bodyHover';
import { listNotify, rlmiRootPart } from './sipText';

/** A list NOTIFY: the RLMI root names one part per instance given, only `parts` are present. */
function listWithParts(instances: string, parts: string[]): string {
	const body = [
		...rlmiRootPart(instances),
		...parts.flatMap((uri) => [
			'--b1',
			'Content-Type: application/pidf+xml',
			`Content-ID: <${uri}>`,
			'',
			`<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="${uri}"><tuple id="t"><status><basic>open</basic></status></tuple></presence>`,
		]),
		'--b1--',
		'',
	].join('\r\n');
	return listNotify(body);
}

const load = (text: string) => {
	const analysis = analyzeTrace(text);
	const notify = analysis.messages[0]!;
	return { analysis, notify, list: resourceListOf(decodeBody(text, notify))! };
};

void test('a terminated or pending instance whose cid names no part is not a missing part', () => {
	const text = listWithParts(
		[
			'<resource uri="tel:+15550001"><instance id="i1" state="terminated" reason="noresource" cid="tel:+15550001"/></resource>',
			'<resource uri="sip:carol@example.net"><instance id="i2" state="pending" cid="sip:carol@example.net"/></resource>',
			'<resource uri="sip:bob@example.net"><instance id="i3" state="active" cid="sip:bob@example.net"/></resource>',
		].join('\r\n'),
		['sip:bob@example.net'],
	);
	const { analysis, notify, list } = load(text);
	assert.deepEqual(list.problems, []);
	const [gone, waiting, bob] = list.resources.map((r) => r.instances[0]!);
	assert.equal(gone!.unansweredCid, true);
	assert.equal(waiting!.unansweredCid, true);
	assert.equal(bob!.unansweredCid, false);
	assert.equal(bob!.presence?.basic, 'open');
	const hover = bodyHover(analysis, notify, (i) => i + 1)!;
	assert.match(
		hover,
		/\| tel:\+15550001 \| terminated \(noresource\) \| {2}\| none \(tel:\+15550001 names no part: a terminated instance has no state to carry, RFC 4662 §5\.2\) \|/,
	);
	assert.doesNotMatch(hover, /which the body does not have/);
});

void test('an active instance whose cid names no part is still said: its state is missing', () => {
	const text = listWithParts(
		'<resource uri="sip:bob@example.net"><instance id="i3" state="active" cid="sip:bob@example.net"/></resource>',
		[],
	);
	const { list } = load(text);
	assert.equal(list.problems.length, 1);
	assert.match(
		list.problems[0]!,
		/the instance i3 of sip:bob@example\.net names the part <sip:bob@example\.net>, which the body does not have \(RFC 4662 §5\.2\)/,
	);
	assert.equal(list.resources[0]!.instances[0]!.unansweredCid, false);
});
