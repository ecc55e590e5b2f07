// `To: 9003<sip:9003@29.11.0.222>;tag=`: a tag parameter with no value (a softphone's INVITE in an
// Asterisk report, answered 481). A tag is a token of one character or more (RFC 3261 §25.1):
// said, and the request is not taken for one inside a dialog (its missing Contact is said).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

const invite = (to: string) =>
	[
		'INVITE sip:9003@192.0.2.22 SIP/2.0',
		'Via: SIP/2.0/UDP 192.0.2.21:37621;branch=z9hG4bK-e1',
		'From: <sip:9001@192.0.2.21>;tag=f1',
		`To: ${to}`,
		'Call-ID: empty-tag-1',
		'CSeq: 1 INVITE',
		'Max-Forwards: 70',
		'Content-Length: 0',
		'',
		'',
	].join('\r\n');
const codes = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'to.empty-tag' || p.code === 'header.missing-contact')
		.map((p) => [p.code, text.slice(p.span.start, p.span.end)]);

void test('a To tag with no value is said, and the request without Contact is told it needs one', () => {
	assert.deepEqual(codes(invite('9003<sip:9003@192.0.2.22>;tag=')), [
		['header.missing-contact', 'INVITE sip:9003@192.0.2.22 SIP/2.0'],
		['to.empty-tag', '9003<sip:9003@192.0.2.22>;tag='],
	]);
});

void test('a To without a tag, or with one, is not said to have an empty tag', () => {
	assert.deepEqual(codes(invite('<sip:9003@192.0.2.22>')), [
		['header.missing-contact', 'INVITE sip:9003@192.0.2.22 SIP/2.0'],
	]);
	// Inside a dialog (a To tag): no Contact is asked for (RFC 3261 §8.1.1.8 is for a new dialog).
	assert.deepEqual(codes(invite('<sip:9003@192.0.2.22>;tag=t9')), []);
});
