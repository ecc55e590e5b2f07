// A documentation page that pretty-printed a message's XML body (Microsoft's Lync SDK docs: one
// attribute a line, each level indented) makes it longer than its Content-Length. Where the
// document is whole and its text other than white space fits the length, the page's white space
// is said, not octets the sender sent beyond the body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const body = [
	'<publish xmlns="http://schemas.microsoft.com/2006/09/sip/rich-presence">',
	'<publications uri="sip:adamb@contoso.com">',
	'<publication categoryName="note" instance="1" container="100" version="3" expireType="endpoint">',
	'<note xmlns="http://schemas.microsoft.com/2006/09/sip/note">',
	'<body type="personal">Personal note set by myApp</body>',
	'</note>',
	'</publication>',
	'</publications>',
	'</publish>',
];
const length = Buffer.byteLength(body.join('\r\n'));
const prettified = body.map((l, k) => `${' '.repeat(3 * Math.min(k, body.length - 1 - k))}${l}`);
/** The message at the margin with its empty line, or indented as the docs show it, without. */
const message = (lines: string[], indent: string, declared = length) =>
	[
		'SERVICE sip:adamb@contoso.com SIP/2.0',
		'Via: SIP/2.0/TLS 192.168.0.199:25849;branch=z9hG4bKf4bc868',
		'Max-Forwards: 70',
		'From: <sip:adamb@contoso.com>;tag=127ef2ce7',
		'To: <sip:adamb@contoso.com>',
		'Call-ID: 3e66afc936ee4733b5ccf058dc3f3844',
		'CSeq: 6 SERVICE',
		'Content-Type: application/msrtc-category-publish+xml',
		`Content-Length: ${declared}`,
		...(indent ? [] : ['']),
		...lines,
		'',
	]
		.map((l) => (l ? indent + l : l))
		.join('\r\n');
const lengthSaid = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'content-length.mismatch')
		.map((p) => [p.severity, p.message]);

void test('a whole XML body a page indented anew, at the margin or indented as a block: its white space said, not extra octets', () => {
	for (const indent of ['', '    ']) {
		const said = lengthSaid(message(prettified, indent));
		assert.equal(said.length, 1, JSON.stringify(indent));
		assert.equal(said[0]![0], 'information');
		assert.match(
			said[0]![1]!,
			/its XML document whole: the copy changed its white space \(a page indents/,
		);
	}
});

void test('more text than the length holds, white space aside: octets beyond the length, as before', () => {
	// 358 octets of the document are not white space: a length of 350 leaves some of them over.
	for (const indent of ['', '    ']) {
		const said = lengthSaid(message(prettified, indent, 350));
		assert.equal(said.length, 1);
		assert.match(said[0]![1]!, /^85 octets follow the 350 that Content-Length announces/);
	}
});
