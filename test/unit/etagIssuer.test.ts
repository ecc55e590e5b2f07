// A trace that starts after a publication's initial PUBLISH but holds its 200 (RFC 3903 §4.1, §6):
// the refresh or removal that names the 200's SIP-ETag in SIP-If-Match goes back to that 200, in
// Go to Definition and in Find References, as it goes back to the PUBLISH where the trace has it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { etagIssuer, etagNamers } from '../../server/src/core/query';
import { definitionTarget } from '../../server/src/features/definition';
import { relatedMessages } from '../../server/src/features/references';
import { sipMessage } from './sipText';

const dialog = [
	'From: <sip:john@example.org>;tag=1c537837102',
	'Call-ID: 1284896643279201635736@192.0.2.57',
];
const ok = (cseq: number, etag: string | null) =>
	sipMessage('SIP/2.0 200 OK', [
		`Via: SIP/2.0/TLS 192.0.2.57:5061;branch=z9hG4bK-${cseq}`,
		...dialog,
		'To: <sip:john@example.org>;tag=0E4324A4',
		`CSeq: ${cseq} PUBLISH`,
		...(etag ? [`SIP-ETag: ${etag}`] : []),
		'Expires: 600',
	]);
const publish = (cseq: number, ifMatch: string, expires: number) =>
	sipMessage('PUBLISH sip:john@example.org SIP/2.0', [
		`Via: SIP/2.0/TLS 192.0.2.57:5061;branch=z9hG4bK-${cseq}`,
		'Max-Forwards: 70',
		...dialog,
		'To: <sip:john@example.org>',
		`CSeq: ${cseq} PUBLISH`,
		'Event: presence',
		`Expires: ${expires}`,
		`SIP-If-Match: ${ifMatch}`,
	]);

// The 200 to the initial PUBLISH (not in the trace), a refresh with its 200, a removal.
const trace = [
	ok(1, '2545777538-1-1'),
	publish(2, '2545777538-1-1', 600),
	ok(2, '2545777538-1-2'),
	publish(3, '2545777538-1-2', 0),
	ok(3, null),
].join('\r\n');

test("a refresh whose publication's first PUBLISH the trace lacks goes back to the 200 that issued its entity-tag", () => {
	const a = analyzeTrace(trace);
	assert.deepEqual(
		a.messages.map((m) => m.method ?? m.status),
		[200, 'PUBLISH', 200, 'PUBLISH', 200],
	);
	// The refresh: no PUBLISH issued its tag here, the 200 at the top did.
	assert.equal(a.index.publishRefreshed(1), null);
	assert.equal(etagIssuer(a, 1), 0);
	// The removal: the refresh's PUBLISH is here, and is its issuer, as the index says.
	assert.equal(etagIssuer(a, 3), 1);
	const onIfMatch = (i: number) => {
		const m = a.messages[i]!;
		const offset = a.text.indexOf('SIP-If-Match', m.frame.span.start) + 3;
		return { m, offset };
	};
	const refresh = onIfMatch(1);
	assert.equal(definitionTarget(a, refresh.m, refresh.offset), 0);
	assert.equal(definitionTarget(a, refresh.m, refresh.m.startLine.start), 0);
	const removal = onIfMatch(3);
	assert.equal(definitionTarget(a, removal.m, removal.offset), 1);
	// References from either end: the 200 that issued the tag and the PUBLISH that names it.
	assert.deepEqual(etagNamers(a, 0), [1]);
	assert.ok(relatedMessages(a, refresh.m, refresh.offset).includes(0));
	const first = a.messages[0]!;
	const onETag = a.text.indexOf('SIP-ETag', first.frame.span.start) + 3;
	assert.deepEqual(relatedMessages(a, first, onETag), [0, 1, 2, 3, 4]);
	// A 200 whose PUBLISH is in the trace names no one this way: the publication does.
	assert.deepEqual(etagNamers(a, 2), []);
});

test('a SIP-If-Match that no 2xx in the trace issued goes nowhere', () => {
	const a = analyzeTrace([ok(1, 'other-tag'), publish(2, '2545777538-1-1', 600)].join('\r\n'));
	assert.equal(etagIssuer(a, 1), null);
	assert.deepEqual(etagNamers(a, 0), []);
});
