// A page wrapped each message in Markdown emphasis (`*REFER ... SIP/2.0` down to `Content-Length:
// 0*`, notes on RFC 5589's transfer flows): the closing `*` is the page's, not the value's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';

const refer = (length: string): string =>
	[
		'*REFER sips:bob@client.biloxi.example.com SIP/2.0',
		'Via: SIP/2.0/TLS client.atlanta.example.com:5061;branch=z9hG4bKnashds8',
		'Max-Forwards: 70',
		'From: Alice <sips:alice@atlanta.example.com>;tag=1234567',
		'To: Bob <sips:bob@biloxi.example.com>;tag=314159',
		'Call-ID: 12345601@atlanta.example.com',
		'CSeq: 101 REFER',
		'Refer-To: <sips:carol@chicago.example.com>',
		'Contact: <sips:alice@client.atlanta.example.com>',
		`Content-Length: ${length}  `,
		'',
		'',
	].join('\n');
const lengthSaid = (text: string) =>
	analyzeTrace(text)
		.problems.filter((p) => p.code === 'header.bad-content-length' || p.code === 'message.elided')
		.map((p) => [p.severity, p.message]);

void test("`Content-Length: 0*` closing a page's emphasis: read as 0, the markup said as the page's", () => {
	const a = analyzeTrace(refer('0*'));
	assert.equal(a.messages[0]!.contentLength, 0);
	const said = lengthSaid(refer('0*'));
	assert.equal(said.length, 1);
	assert.equal(said[0]![0], 'information');
	assert.match(said[0]![1]!, /markup \(`\*`\)/);
	// `...*`: the poster's elision, under the page's markup.
	assert.deepEqual(
		lengthSaid(refer('...*')).map(([severity]) => severity),
		['information'],
	);
});

void test('a value that is no number, markup or not, is still an error', () => {
	assert.deepEqual(
		lengthSaid(refer('12a')).map(([severity]) => severity),
		['error'],
	);
	assert.deepEqual(
		lengthSaid(refer('abc*')).map(([severity]) => severity),
		['error'],
	);
});
