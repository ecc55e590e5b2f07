// A request with the branch, sent-by and CSeq of an earlier one is read as its retransmission (or
// another log's copy of it), and its faults are said once, on the first. A retransmission repeats
// its request unchanged (RFC 3261 §17.1.2.2): one with another body is another request under the
// same branch and CSeq (a NOTIFY per refer progress, as a vendor's guide shows them), or the
// same one changed on its way. Either is said; white space between two logs' prints is not.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';

const notify = (frag: string, lineEnd = '\r\n') => {
	const body = `${frag}${lineEnd}`;
	return [
		'NOTIFY sips:4889445d8kjtk3@atlanta.example.com;gr=723jd2d SIP/2.0',
		'Via: SIP/2.0/TLS 192.0.2.4;branch=z9hG4bKnas432',
		'Max-Forwards: 70',
		'To: <sips:transferor@atlanta.example.com>;tag=1928301774',
		'From: <sips:3ld812adkjw@biloxi.example.com;gr=3413kj2ha>;tag=a6c85cf',
		'Call-ID: a84b4c76e66710',
		'CSeq: 73 NOTIFY',
		'Contact: <sips:3ld812adkjw@biloxi.example.com;gr=3413kj2ha>',
		'Event: refer',
		'Subscription-State: active;expires=360',
		'Content-Type: message/sipfrag',
		`Content-Length: ${body.length}`,
		'',
		body,
	].join(lineEnd);
};
const changed = (text: string) =>
	analyzeTrace(text).problems.filter((p) => p.code === 'request.changed-copy');

void test('a request with the branch and CSeq of the one above but another body is said', () => {
	const text = notify('SIP/2.0 100 Trying') + notify('SIP/2.0 180 Ringing');
	const found = changed(text);
	assert.equal(found.length, 1);
	assert.equal(found[0]!.severity, 'warning');
	assert.equal(found[0]!.span.start, text.lastIndexOf('NOTIFY sips:'));
	assert.equal(found[0]!.related?.[0]?.span.start, 0);
	assert.match(found[0]!.message, /RFC 3261 §17\.1\.2\.2/);
});

void test("a retransmission, or the other log's print of it with bare LFs, is no changed copy", () => {
	assert.deepEqual(changed(notify('SIP/2.0 100 Trying') + notify('SIP/2.0 100 Trying')), []);
	assert.deepEqual(
		changed(`${notify('SIP/2.0 100 Trying')}\r\n${notify('SIP/2.0 100 Trying', '\n')}`),
		[],
	);
});

void test('without a branch, the RFC 2543 identifiers it shares are named, not a branch it lacks', () => {
	// Two INFO examples of a wiki page, neither with a branch (RFC 3261 §17.2.3).
	const unbranched = (frag: string) =>
		notify(frag).replace(';branch=z9hG4bKnas432', '').replace('Max-Forwards: 70\r\n', '');
	const found = changed(unbranched('SIP/2.0 100 Trying') + unbranched('SIP/2.0 180 Ringing'));
	assert.equal(found.length, 1);
	assert.match(found[0]!.message, /has no branch, .*the RFC 2543 way .*§17\.2\.3/);
	assert.doesNotMatch(found[0]!.message, /has the branch/);
});
