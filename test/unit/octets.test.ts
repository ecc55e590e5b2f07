// Counting a body's octets from the decoded text: the offset after n octets must be the one
// UTF-8 gives, whether the body is all ASCII (counted in one search) or holds characters beyond
// it (counted one by one from the first), and -1 when the limit comes first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advanceOctets, LineEnds } from '../../server/src/core/text/octets';

/**
 * The offset after `octets` UTF-8 octets from `from`, counted with Buffer; -1 past `limit`. A
 * surrogate pair's 4 octets count on its high half, so the count can end between the two.
 */
function reference(text: string, from: number, limit: number, octets: number): number {
	let n = 0;
	let i = from;
	while (n < octets) {
		if (i >= limit) return -1;
		const c = text.charCodeAt(i);
		if (c >= 0xdc00 && c <= 0xdfff) {
			i++;
			continue;
		}
		const pair = c >= 0xd800 && c <= 0xdbff;
		n += Buffer.byteLength(text.slice(i, pair ? i + 2 : i + 1));
		i++;
	}
	return i;
}

test('advanceOctets counts as UTF-8 does, ASCII or not, and stops at the limit', () => {
	const texts = [
		'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n',
		'<note>caf\u00e9 \u00fcber</note>\r\n',
		'ascii first, then \u20ac and \ud83d\ude00 and ascii again',
		'\u00e9\u00e9\u00e9',
		'',
	];
	for (const body of texts) {
		const text = `Content-Length: 99\r\n\r\n${body}trailing`;
		const from = text.indexOf('\r\n\r\n') + 4;
		for (const limit of [from + body.length, text.length, from + 3, from])
			for (let octets = 0; octets <= Buffer.byteLength(body) + 3; octets++) {
				const want = reference(text, from, limit, octets);
				assert.equal(
					advanceOctets(text, from, limit, octets, LineEnds.AsWritten),
					want,
					`${JSON.stringify(body)} limit ${limit - from} octets ${octets}`,
				);
			}
	}
});
