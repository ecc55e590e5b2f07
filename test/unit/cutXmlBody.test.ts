// A paste that stops inside a PIDF or dialog-info body, at a line end: the XML's root is not
// closed, so the trace ended inside the body (a warning), not a sender's lying Content-Length
// (an error, as RFC 4475's clerr keeps for a whole body). Shape of a BLF NOTIFY on a forum page
// whose excerpt ended mid-document.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeTrace } from '../../server/src/core/analyze';

const body = [
	'<?xml version="1.0"?>',
	'<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="3" state="full" entity="sip:201@pbx.example.com">',
	'<dialog id="201" direction="recipient">',
	'<state>confirmed</state>',
	'</dialog>',
	'</dialog-info>',
];
const octets = body.reduce((n, l) => n + l.length + 2, 0);
const notify = (lines: string[], length: number): string =>
	[
		'NOTIFY sip:202@10.0.0.22:5060 SIP/2.0',
		'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK7c1',
		'Max-Forwards: 70',
		'From: <sip:201@pbx.example.com>;tag=as1',
		'To: <sip:202@pbx.example.com>;tag=a2',
		'Call-ID: blf1@10.0.0.22',
		'CSeq: 104 NOTIFY',
		'Event: dialog',
		'Subscription-State: active;expires=1800',
		'Content-Type: application/dialog-info+xml',
		`Content-Length: ${length}`,
		'',
		...lines,
		'',
	].join('\r\n');

const lengthFindings = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'content-length.mismatch' || p.code === 'message.truncated')
		.map((p) => [p.code, p.severity]);

test('a trace that ends, at a line end, inside an XML body whose root is open: cut, a warning', () => {
	assert.deepEqual(lengthFindings(notify(body.slice(0, 4), octets)), [
		['message.truncated', 'warning'],
	]);
});

test('a whole XML body, root closed, with a Content-Length too large: still the error', () => {
	assert.deepEqual(lengthFindings(notify(body, octets + 40)), [
		['content-length.mismatch', 'error'],
	]);
	assert.deepEqual(lengthFindings(notify(body, octets)), []);
});

test('a trace that ends inside the XML declaration (`<?xm`), before any root: cut, a warning', () => {
	// A heplify-server warning whose escaped NOTIFY the post cut at `<?xm` (sipcapture issue).
	assert.deepEqual(lengthFindings(notify(['<?xm'], octets)), [['message.truncated', 'warning']]);
	// A whole declaration and nothing else is no cut declaration: the length is said short.
	assert.deepEqual(lengthFindings(notify(['<?xml version="1.0"?>'], octets)), [
		['content-length.mismatch', 'error'],
	]);
});
