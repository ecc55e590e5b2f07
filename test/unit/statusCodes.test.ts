// The RFC section a status code's hover links to: the section that defines the code, for 202
// (RFC 6665 §8.3.1, which keeps it for history and obsoletes RFC 3265) and 412 (RFC 3903
// §11.2.1) as for the codes of RFC 3261 §21.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusMeaning } from '../../server/src/core/reference/statusCodes';
import { provideHover } from '../../server/src/features/hover';
import { createTraceDocument } from '../../server/src/traceDocument';

void test('202 and 412 name the section that defines them', () => {
	assert.deepEqual(
		[202, 412].map((code) => {
			const m = statusMeaning(code);
			return `${m.rfc} §${m.section}`;
		}),
		['6665 §8.3.1', '3903 §11.2.1'],
	);
});

void test("a 412's start line hover links RFC 3903 §11.2.1, a 202's RFC 6665 §8.3.1", () => {
	const response = (status: string, cseq: string): string =>
		[
			`SIP/2.0 ${status}`,
			'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-s1',
			'From: <sip:linda@example.com>;tag=p1',
			'To: <sip:linda@example.com>;tag=s1',
			`Call-ID: ${cseq.replace(' ', '-')}@192.0.2.1`,
			`CSeq: ${cseq}`,
			'Content-Length: 0',
			'',
			'',
		].join('\r\n');
	const text =
		response('412 Conditional Request Failed', '3 PUBLISH') +
		response('202 Accepted', '1 SUBSCRIBE');
	const doc = createTraceDocument('file:///codes.sip', 1, text, undefined);
	const hover = (line: number): string =>
		(provideHover(doc, { line, character: 9 })?.contents as { value: string } | undefined)?.value ??
		'';
	assert.ok(
		hover(0).includes('[RFC 3903 §11.2.1](https://www.rfc-editor.org/rfc/rfc3903#section-11.2.1)'),
		hover(0),
	);
	assert.ok(
		hover(8).includes('[RFC 6665 §8.3.1](https://www.rfc-editor.org/rfc/rfc6665#section-8.3.1)'),
		hover(8),
	);
});

void test('codes from RFC 3261 §21 and its extensions name their RFC; unknown codes fall back to §21', () => {
	const where = (code: number): string => {
		const m = statusMeaning(code);
		return m.section ? `${m.reason}, ${m.rfc} §${m.section}` : `${m.reason}, ${m.rfc}`;
	};
	assert.deepEqual([199, 422, 484, 489, 505, 580, 603, 608].map(where), [
		'Early Dialog Terminated, 6228',
		'Session Interval Too Small, 4028 §6',
		'Address Incomplete, 3261 §21.4.22',
		'Bad Event, 6665 §8.3.2',
		'Version Not Supported, 3261 §21.5.6',
		'Precondition Failure, 3312',
		'Decline, 3261 §21.6.2',
		'Rejected, 8688',
	]);
	const unknown = statusMeaning(299);
	assert.equal(unknown.reason, '');
	assert.match(unknown.summary, /treated as 200/);
});

void test('RFC 3261 §21 defines its codes in order: §21.<class>.<n> rises with the code', () => {
	// §21.1 is 1xx, §21.2 2xx and so on, one subsection per code in ascending order with no gap;
	// a wrong or missing section breaks the count.
	const seen = new Map<number, number>();
	let count = 0;
	for (let code = 100; code < 700; code++) {
		const m = statusMeaning(code);
		if (m.rfc !== '3261' || !m.reason) continue;
		const [chapter, cls, n] = (m.section ?? '').split('.').map(Number);
		assert.equal(chapter, 21, `${code}`);
		assert.equal(cls, Math.floor(code / 100), `${code}`);
		assert.equal(n, (seen.get(cls!) ?? 0) + 1, `${code}: §${m.section}`);
		seen.set(cls!, n!);
		count++;
	}
	// RFC 3261 §21 defines 50 codes: 5 provisional, 1 success, 5 redirection, 28 client failures,
	// 7 server failures and 4 global failures.
	assert.equal(count, 50);
});
